import * as vscode from 'vscode';
import { parseGetLinkArgs } from '../core/automationArgs';
import type { DownloadOptions } from '../core/downloadOptions';
import { defaultDisposition, defaultExpirySeconds } from '../settings';
import { pickDownloadOptions } from '../ui/downloadOptionsPicker';
import { pickExpiry } from '../ui/expiryPicker';
import { ObjectNode } from '../tree/nodes';
import { askObjectKey, pickBucket } from '../ui/pickers';
import { issueLink, type PresignServices } from './issueLink';
import type { ExplorerContext } from './explorerContext';

/**
 * "Copy Presigned Download Link…": from an object in the tree (asks the expiry, then the download
 * options; the inline button uses the defaults of both), from the palette (asks bucket, key, expiry and
 * options), or from automation with `{ bucket, key, expiresIn?, download?, filename?, responseContentType?,
 * versionId? }` (no prompt at all). Resolves to the copied URL or `undefined`.
 */
export async function copyGetUrl(
  services: PresignServices,
  explorer: ExplorerContext,
  arg: unknown,
  askExpiry: boolean,
): Promise<string | undefined> {
  const title = vscode.l10n.t('Copy Presigned Download Link');
  if (arg instanceof ObjectNode) {
    return askAndIssue(services, arg.bucket, arg.key, askExpiry, title);
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
    return askAndIssue(services, bucket, key, true, title);
  }
  return issueFromAutomation(services, arg, title);
}

/** The expiry and download options steps (or their defaults), then the link. */
export async function askAndIssue(
  services: PresignServices,
  bucket: string,
  key: string,
  ask: boolean,
  title: string,
  versionId?: string,
): Promise<string | undefined> {
  const expiresIn = ask ? await pickExpiry(services.state, defaultExpirySeconds(), title) : defaultExpirySeconds();
  if (expiresIn === undefined) {
    return undefined;
  }
  const options = ask ? await pickDownloadOptions(key, defaultDisposition(), title) : defaultOptions();
  if (options === undefined) {
    return undefined;
  }
  return issueLink(services, { method: 'GET', bucket, key, expiresIn }, true, versionId !== undefined ? { ...options, versionId } : options);
}

/** What the quick copy signs: `s3Presign.download.defaultDisposition`, with the key's file name. */
function defaultOptions(): DownloadOptions {
  const disposition = defaultDisposition();
  return disposition === 'none' ? {} : { download: disposition };
}

/** `executeCommand` with an argument object: checked whole before anything is signed, never a prompt. */
export async function issueFromAutomation(services: PresignServices, arg: unknown, title: string): Promise<string | undefined> {
  const parsed = parseGetLinkArgs(arg);
  if (!parsed.ok) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0}: {1}', title, parsed.message));
    return undefined;
  }
  const { bucket, key, expiresIn = defaultExpirySeconds(), ...options } = parsed.args;
  return issueLink(services, { method: 'GET', bucket, key, expiresIn }, false, options);
}
