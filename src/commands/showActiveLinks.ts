import * as vscode from 'vscode';
import { formatExpiryNotice } from '../core/duration';
import type { LinkRecord } from '../core/linkLedger';
import { displayName } from '../ui/format';
import { describeDownloadOptions, issueLink, type PresignServices } from './issueLink';
import { abortLargeUpload, openLargeUploadScript, regenerateLargeUpload } from './presignLargeUpload';

type LinkAction = 'copy' | 'regenerate' | 'open' | 'forget' | 'openScript' | 'abort';

interface LinkItem extends vscode.QuickPickItem {
  record?: LinkRecord;
  forgetExpired?: boolean;
}

const ACTION_ICONS: Record<LinkAction, string> = {
  copy: 'copy',
  regenerate: 'refresh',
  open: 'link-external',
  forget: 'trash',
  openScript: 'terminal',
  abort: 'circle-slash',
};

function actionTitle(action: LinkAction): string {
  switch (action) {
    case 'copy':
      return vscode.l10n.t('Copy Again');
    case 'regenerate':
      return vscode.l10n.t('Regenerate');
    case 'open':
      return vscode.l10n.t('Open in Browser');
    case 'forget':
      return vscode.l10n.t('Forget');
    case 'openScript':
      return vscode.l10n.t('Open Upload Script');
    case 'abort':
      return vscode.l10n.t('Abort');
  }
}

function actionsFor(record: LinkRecord, expired: boolean): LinkAction[] {
  // A large upload (issue 14) stays in S3 until completed or aborted, expired part URLs or not.
  if (record.kind === 'multipart') {
    return expired ? ['regenerate', 'abort', 'forget'] : ['openScript', 'regenerate', 'abort', 'forget'];
  }
  if (expired) {
    return ['regenerate', 'forget'];
  }
  return record.method === 'GET' ? ['copy', 'regenerate', 'open', 'forget'] : ['copy', 'regenerate', 'forget'];
}

/** `GET · version 3HL4kqtJ…, downloads as "a.pdf"`: the method and what a GET link does beyond a plain one. */
function methodAndOptions(record: LinkRecord): string {
  const options = describeDownloadOptions(record);
  return options ? `${record.method} · ${options}` : record.method;
}

/**
 * A new link for the same object, method, lifetime and Content-Type, copied without prompts; for a
 * large upload, new part URLs for the same upload and its script opened.
 */
export async function regenerateLink(services: PresignServices, record: LinkRecord): Promise<string | undefined> {
  if (record.kind === 'multipart') {
    return (await regenerateLargeUpload(services, record))?.completeUrl;
  }
  return issueLink(
    services,
    { method: record.method, bucket: record.bucket, key: record.key, expiresIn: record.expiresInSeconds, contentType: record.contentType },
    false,
    // The same version and download options (issue 14).
    { versionId: record.versionId, download: record.download, filename: record.filename, responseContentType: record.responseContentType },
  );
}

/**
 * "S3: Show Active Links": the links this extension issued, soonest to expire first, each with
 * Copy Again, Regenerate, Open in Browser and Forget (as buttons, or by picking the link).
 */
export async function showActiveLinks(services: PresignServices): Promise<void> {
  const { ledger } = services;
  const picker = vscode.window.createQuickPick<LinkItem>();
  picker.title = vscode.l10n.t('Presigned Links');
  picker.placeholder = vscode.l10n.t('Pick a link to copy, regenerate, open or forget it');
  picker.matchOnDescription = true;

  const render = (): void => {
    const now = Date.now();
    const active = ledger.active();
    const activeIds = new Set(active.map((record) => record.id));
    const expired = ledger.all().filter((record) => !activeIds.has(record.id));
    const toItem = (record: LinkRecord, isExpired: boolean): LinkItem => ({
      label: `$(${record.kind === 'multipart' ? 'files' : record.method === 'GET' ? 'cloud-download' : 'cloud-upload'}) ${displayName(record.key)}`,
      description: `s3://${record.bucket}/${record.key}`,
      detail: record.kind === 'multipart'
        ? isExpired
          ? vscode.l10n.t('large upload, {0} parts · part URLs expired · profile {1}', record.partCount ?? 0, record.profile)
          : `${vscode.l10n.t('large upload, {0} parts', record.partCount ?? 0)} · ${formatExpiryNotice(new Date(record.effectiveExpiresAt), new Date(now))} · ${vscode.l10n.t('profile {0}', record.profile)}`
        : isExpired
          ? vscode.l10n.t('{0} · expired · profile {1}', methodAndOptions(record), record.profile)
          : `${methodAndOptions(record)} · ${formatExpiryNotice(new Date(record.effectiveExpiresAt), new Date(now))} · ${vscode.l10n.t('profile {0}', record.profile)}`,
      record,
      buttons: actionsFor(record, isExpired).map((action) => ({ iconPath: new vscode.ThemeIcon(ACTION_ICONS[action]), tooltip: actionTitle(action) })),
    });
    const items: LinkItem[] = active.map((record) => toItem(record, false));
    if (active.length === 0) {
      items.push({ label: vscode.l10n.t('No active links'), description: vscode.l10n.t('Links you copy appear here until they expire.') });
    }
    if (expired.length > 0) {
      items.push({ label: vscode.l10n.t('Expired'), kind: vscode.QuickPickItemKind.Separator });
      items.push(...expired.map((record) => toItem(record, true)));
      items.push({ label: `$(clear-all) ${vscode.l10n.t('Forget All Expired')}`, forgetExpired: true });
    }
    picker.items = items;
  };

  const run = async (record: LinkRecord, action: LinkAction): Promise<void> => {
    switch (action) {
      case 'copy': {
        const url = await ledger.url(record.id);
        if (url) {
          await vscode.env.clipboard.writeText(url);
          void vscode.window.showInformationMessage(vscode.l10n.t('Link for {0} copied again.', displayName(record.key)));
        }
        break;
      }
      case 'regenerate':
        picker.hide();
        await regenerateLink(services, record);
        break;
      case 'open': {
        const url = await ledger.url(record.id);
        if (url) {
          // A string, not a Uri: re-encoding the query would break the signature.
          await vscode.env.openExternal(url as unknown as vscode.Uri);
        }
        break;
      }
      case 'forget':
        await ledger.forget(record.id);
        break;
      case 'openScript':
        picker.hide();
        await openLargeUploadScript(services, record);
        break;
      case 'abort':
        await abortLargeUpload(services, record);
        break;
    }
  };

  const subscription = ledger.onDidChange(render);
  picker.onDidTriggerItemButton(async ({ item, button }) => {
    const record = item.record;
    const action = (Object.keys(ACTION_ICONS) as LinkAction[]).find((candidate) => actionTitle(candidate) === button.tooltip);
    if (record && action) {
      await run(record, action);
    }
  });
  picker.onDidAccept(async () => {
    const item = picker.selectedItems[0];
    if (item?.forgetExpired) {
      await ledger.forgetExpired();
      return;
    }
    const record = item?.record;
    if (!record) {
      return;
    }
    picker.hide();
    const isExpired = !ledger.active().some((candidate) => candidate.id === record.id);
    const chosen = await vscode.window.showQuickPick(
      actionsFor(record, isExpired).map((action) => ({ label: `$(${ACTION_ICONS[action]}) ${actionTitle(action)}`, action })),
      { title: displayName(record.key), placeHolder: `s3://${record.bucket}/${record.key}` },
    );
    if (chosen) {
      await run(record, chosen.action);
    }
  });
  picker.onDidHide(() => {
    subscription.dispose();
    picker.dispose();
  });
  render();
  picker.show();
}
