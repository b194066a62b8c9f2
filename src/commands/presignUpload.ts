import * as vscode from 'vscode';
import { parsePresignArgs } from '../core/automationArgs';
import { guessContentType } from '../core/contentType';
import { defaultExpirySeconds } from '../settings';
import { pickExpiry } from '../ui/expiryPicker';
import { askObjectKey } from '../ui/pickers';
import { isDestinationNode, resolveDestination } from './destination';
import type { ExplorerContext } from './explorerContext';
import { issueLink, type PresignServices } from './issueLink';

/**
 * "Presign Upload…" (palette) and "Presign Upload Here…" (bucket and folder items): asks the bucket,
 * the key, an optional Content-Type and the expiry, then copies a presigned PUT URL that works with a
 * plain `curl -X PUT --upload-file`. With `{ bucket, key, expiresIn?, contentType? }` it asks nothing.
 */
export async function presignUpload(services: PresignServices, explorer: ExplorerContext, arg: unknown): Promise<string | undefined> {
  const title = vscode.l10n.t('Presign Upload');
  if (arg !== undefined && !isDestinationNode(arg)) {
    const parsed = parsePresignArgs(arg, true);
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Presign Upload: {0}', parsed.message));
      return undefined;
    }
    const { expiresIn = defaultExpirySeconds(), ...rest } = parsed.args;
    return issueLink(services, { method: 'PUT', ...rest, expiresIn }, false);
  }
  const destination = await resolveDestination(services.connection, explorer, arg, title);
  if (destination === undefined) {
    return undefined;
  }
  const { bucket, prefix } = destination;
  const key = await askObjectKey(title, vscode.l10n.t('Key to upload to in s3://{0}/', bucket), prefix);
  if (key === undefined) {
    return undefined;
  }
  const contentType = await pickContentType(key, title);
  if (contentType === undefined) {
    return undefined;
  }
  const expiresIn = await pickExpiry(services.state, defaultExpirySeconds(), title);
  if (expiresIn === undefined) {
    return undefined;
  }
  return issueLink(services, { method: 'PUT', bucket, key, expiresIn, contentType: contentType || undefined }, true);
}

/** Resolves to a MIME type to sign, `''` for none, or `undefined` if cancelled. */
async function pickContentType(key: string, title: string): Promise<string | undefined> {
  interface Item extends vscode.QuickPickItem {
    value?: string;
  }
  const guessed = guessContentType(key);
  const items: Item[] = [];
  if (guessed) {
    items.push({
      label: guessed,
      description: vscode.l10n.t('guessed from the key'),
      detail: vscode.l10n.t('Signed into the URL: the uploader must send exactly this Content-Type.'),
      value: guessed,
    });
  }
  items.push({
    label: vscode.l10n.t('No Content-Type'),
    description: vscode.l10n.t('not signed'),
    detail: vscode.l10n.t('Any Content-Type is accepted; S3 stores what the uploader sends.'),
    value: '',
  });
  items.push({ label: vscode.l10n.t('Other…'), description: vscode.l10n.t('type a MIME type') });
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t('Content-Type for {0}', key),
    ignoreFocusOut: true,
  });
  if (!picked) {
    return undefined;
  }
  if (picked.value !== undefined) {
    return picked.value;
  }
  return vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('MIME type the uploader must send, e.g. application/json'),
    ignoreFocusOut: true,
    validateInput: (value) =>
      /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=[\w.+"-]+)*$/.test(value.trim())
        ? undefined
        : vscode.l10n.t('Enter a MIME type of the form type/subtype, e.g. text/plain.'),
  }).then((value) => value?.trim());
}
