// The body of "Share Folder…" (issue 6): list every object under a prefix, sign a link for each and
// write them to a new editor. src/commands/shareFolder.ts turns the command's argument into a ShareTarget.
import * as vscode from 'vscode';
import { formatDuration, formatExpiryNotice } from '../core/duration';
import { formatShare, isFolderMarker, parseShareFolderArgs, shareLanguage, type ShareFormat, type SharedLink } from '../core/shareFormat';
import type { Connection } from '../connection';
import { describeS3Error } from '../s3/errors';
import type { ObjectEntry, S3Gateway } from '../s3/s3Gateway';
import { defaultExpirySeconds } from '../settings';
import { showS3Error } from '../ui/errors';
import { pickExpiry } from '../ui/expiryPicker';
import type { Log } from '../ui/log';
import { pickBucket } from '../ui/pickers';
import { confirmCredentialLimit } from './credentialLimit';

/** Above this many objects the user confirms before the listing goes on (issue 6). */
export const SHARE_CONFIRM_LIMIT = 1000;

export interface ShareServices {
  connection: Connection;
  log: Log;
  state: vscode.Memento;
}

interface ShareRequest {
  bucket: string;
  prefix: string;
  expiresIn: number;
  format: ShareFormat;
}

/** What to share: a bucket or folder of the tree, the palette (ask), or an automation argument. */
export type ShareTarget =
  | { kind: 'container'; bucket: string; prefix: string }
  | { kind: 'palette'; selection?: { bucket: string; prefix: string }; knownBuckets: string[] }
  | { kind: 'automation'; value: unknown };

/**
 * "Share Folder…": presigned GET links for every object under a bucket or folder, written to a new
 * editor as a plain list, Markdown or CSV. From the tree or the palette it asks the expiry and the
 * format; automation passes `{ bucket, prefix?, expiresIn?, format? }` and gets the text back, with
 * no prompt. The links are not recorded in the link ledger (one entry per link would flood it).
 */
export async function runShareFolder(services: ShareServices, target: ShareTarget): Promise<string | undefined> {
  const title = vscode.l10n.t('Share Folder');
  let request: ShareRequest | undefined;
  if (target.kind === 'automation') {
    const parsed = parseShareFolderArgs(target.value);
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Share Folder: {0}', parsed.message));
      return undefined;
    }
    const { expiresIn = defaultExpirySeconds(), ...rest } = parsed.args;
    request = { ...rest, expiresIn };
  } else {
    request = await askShareRequest(services, target, title);
  }
  return request && runShare(services, request, target.kind !== 'automation');
}

async function askShareRequest(
  services: ShareServices,
  target: Exclude<ShareTarget, { kind: 'automation' }>,
  title: string,
): Promise<ShareRequest | undefined> {
  let bucket: string | undefined;
  let prefix = '';
  if (target.kind === 'container') {
    ({ bucket, prefix } = target);
  } else {
    const selected = target.selection;
    bucket = await pickBucket(services.connection, target.knownBuckets, selected?.bucket, title);
    if (bucket === undefined) {
      return undefined;
    }
    const suggestion = selected && selected.bucket === bucket ? selected.prefix : '';
    const typed = await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t('Share every object whose key starts with this prefix in s3://{0}/ (empty: the whole bucket)', bucket),
      value: suggestion,
      valueSelection: [suggestion.length, suggestion.length],
      ignoreFocusOut: true,
      validateInput: (value) => (Buffer.byteLength(value) > 1024 ? vscode.l10n.t('A prefix has at most 1024 bytes.') : undefined),
    });
    if (typed === undefined) {
      return undefined;
    }
    prefix = typed;
  }
  const expiresIn = await pickExpiry(services.state, defaultExpirySeconds(), title);
  if (expiresIn === undefined) {
    return undefined;
  }
  const format = await pickFormat(title);
  return format && { bucket, prefix, expiresIn, format };
}

async function pickFormat(title: string): Promise<ShareFormat | undefined> {
  const items: (vscode.QuickPickItem & { format: ShareFormat })[] = [
    { label: vscode.l10n.t('Plain list'), description: vscode.l10n.t('one URL per line'), format: 'plain' },
    { label: 'Markdown', description: vscode.l10n.t('a table of linked keys with size and expiry'), format: 'markdown' },
    { label: 'CSV', description: 'key, size, url, expires', format: 'csv' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Output format') });
  return picked?.format;
}

async function runShare(services: ShareServices, request: ShareRequest, interactive: boolean): Promise<string | undefined> {
  const { connection, log } = services;
  const where = `s3://${request.bucket}/${request.prefix}`;
  try {
    const gateway = await connection.gateway();
    let expiresIn = request.expiresIn;
    const credentialsExpireAt = await gateway.credentialsExpiry();
    if (credentialsExpireAt && credentialsExpireAt.getTime() < Date.now() + expiresIn * 1000) {
      const decided = await confirmCredentialLimit({ profile: connection.profile, credentialsExpireAt, expiresIn, several: true, interactive });
      if (decided === undefined) {
        return undefined;
      }
      expiresIn = decided;
    }
    const links = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sharing {0}', where), cancellable: true },
      async (progress, token) => {
        const objects = await listEverything(gateway, request, interactive, progress, token);
        if (!objects) {
          return undefined;
        }
        const signed: SharedLink[] = [];
        for (const object of objects) {
          if (token.isCancellationRequested) {
            return undefined;
          }
          const link = await gateway.presign({ method: 'GET', bucket: request.bucket, key: object.key, expiresIn });
          signed.push({ key: object.key, size: object.size, url: link.url, expiresAt: link.effectiveExpiresAt });
          if (signed.length % 1000 === 0) {
            progress.report({ message: vscode.l10n.t('{0} of {1} links signed', signed.length, objects.length) });
          }
        }
        return signed;
      },
    );
    if (!links) {
      return undefined;
    }
    const text = formatShare(links, request.format, where);
    // VS Code has no CSV language of its own; an extension (Rainbow CSV & co.) may add one.
    const wanted = shareLanguage(request.format);
    const language = (await vscode.languages.getLanguages()).includes(wanted) ? wanted : 'plaintext';
    const document = await vscode.workspace.openTextDocument({ language, content: text });
    await vscode.window.showTextDocument(document, { preview: false });
    const first = links[0]?.expiresAt;
    log.info(`Shared ${links.length} GET links for ${where} (${request.format}, ${formatDuration(expiresIn)}); not recorded in the link list.`);
    if (links.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No objects under {0}.', where));
    } else if (interactive && first) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('{0} links for {1}, {2}.', links.length, where, formatExpiryNotice(first, new Date())),
      );
    }
    return text;
  } catch (error) {
    log.error(`Could not share ${where}`, error);
    showS3Error(describeS3Error(error, { profile: connection.profile, bucket: request.bucket }));
    return undefined;
  }
}

/** Every object under the prefix, page by page; `undefined` when cancelled. */
async function listEverything(
  gateway: S3Gateway,
  request: ShareRequest,
  interactive: boolean,
  progress: vscode.Progress<{ message?: string }>,
  token: vscode.CancellationToken,
): Promise<ObjectEntry[] | undefined> {
  const objects: ObjectEntry[] = [];
  let continuationToken: string | undefined;
  let confirmed = !interactive;
  do {
    const page = await gateway.listPage({
      bucket: request.bucket,
      prefix: request.prefix,
      maxKeys: 1000,
      continuationToken,
      recursive: true,
    });
    if (token.isCancellationRequested) {
      return undefined;
    }
    objects.push(...page.objects.filter((object) => !isFolderMarker(object.key, object.size)));
    continuationToken = page.nextContinuationToken;
    progress.report({ message: vscode.l10n.t('{0} objects listed', objects.length) });
    if (!confirmed && objects.length > SHARE_CONFIRM_LIMIT) {
      const goOn = vscode.l10n.t('Continue');
      const stop = vscode.l10n.t('Stop at {0}', SHARE_CONFIRM_LIMIT.toLocaleString());
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('More than {0} objects under s3://{1}/{2}.', SHARE_CONFIRM_LIMIT.toLocaleString(), request.bucket, request.prefix),
        { modal: true, detail: vscode.l10n.t('Continue to sign a link for every object, or stop at the first {0}.', SHARE_CONFIRM_LIMIT.toLocaleString()) },
        goOn,
        stop,
      );
      if (choice === stop) {
        return objects.slice(0, SHARE_CONFIRM_LIMIT);
      }
      if (choice !== goOn) {
        return undefined;
      }
      confirmed = true;
    }
  } while (continuationToken);
  return objects;
}
