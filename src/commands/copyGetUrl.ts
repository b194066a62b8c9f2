import * as vscode from 'vscode';
import { parsePresignArgs } from '../core/automationArgs';
import { defaultExpirySeconds } from '../settings';
import { pickExpiry } from '../ui/expiryPicker';
import { ObjectNode } from '../tree/nodes';
import { askObjectKey, pickBucket } from '../ui/pickers';
import { issueLink, type PresignServices } from './issueLink';
import type { ExplorerContext } from './explorerContext';

/**
 * "Copy Presigned Download Link…": from an object in the tree (asks the expiry, or uses the default
 * for the inline button), from the palette (asks bucket, key and expiry), or from automation with
 * `{ bucket, key, expiresIn? }` (no prompt at all). Resolves to the copied URL or `undefined`.
 */
export async function copyGetUrl(
  services: PresignServices,
  explorer: ExplorerContext,
  arg: unknown,
  askExpiry: boolean,
): Promise<string | undefined> {
  const title = vscode.l10n.t('Copy Presigned Download Link');
  if (arg instanceof ObjectNode) {
    const expiresIn = askExpiry ? await pickExpiry(services.state, defaultExpirySeconds(), title) : defaultExpirySeconds();
    return expiresIn === undefined ? undefined : issueLink(services, { method: 'GET', bucket: arg.bucket, key: arg.key, expiresIn }, true);
  }
  if (arg === undefined) {
    const selected = explorer.selection();
    const bucket = await pickBucket(services.connection, explorer.knownBuckets(), selected?.bucket, title);
    if (bucket === undefined) {
      return undefined;
    }
    const suggestion = selected && selected.bucket === bucket ? (selected instanceof ObjectNode ? selected.key : selected.prefix) : '';
    const key = await askObjectKey(title, vscode.l10n.t('Key of the object to share in s3://{0}/', bucket), suggestion);
    if (key === undefined) {
      return undefined;
    }
    const expiresIn = await pickExpiry(services.state, defaultExpirySeconds(), title);
    return expiresIn === undefined ? undefined : issueLink(services, { method: 'GET', bucket, key, expiresIn }, true);
  }
  const parsed = parsePresignArgs(arg, false);
  if (!parsed.ok) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Copy Presigned Download Link: {0}', parsed.message));
    return undefined;
  }
  const { bucket, key, expiresIn = defaultExpirySeconds() } = parsed.args;
  return issueLink(services, { method: 'GET', bucket, key, expiresIn }, false);
}
