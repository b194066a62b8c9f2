// "Upload and Copy Link…" (issue 13): local files, a folder or the active editor's file uploaded to S3,
// then a GET link for each copied and recorded. From the Explorer (one or several files and folders),
// an editor tab, the palette, a drop on the S3 tree, or automation:
// `executeCommand('s3Presign.uploadAndCopyLink', { files: [uri | path], bucket, prefix?, key?, expiresIn?, overwrite? })`.
import * as vscode from 'vscode';
import { formatExpiryNotice } from '../core/duration';
import { formatShare, type SharedLink } from '../core/shareFormat';
import { parseUploadArgs } from '../core/uploadArgs';
import { uploadKey } from '../core/uploadPlan';
import { describeS3Error } from '../s3/errors';
import type { S3Gateway } from '../s3/s3Gateway';
import { defaultExpirySeconds } from '../settings';
import { ObjectNode } from '../tree/nodes';
import { showS3Error } from '../ui/errors';
import { pickExpiry } from '../ui/expiryPicker';
import { showLinkCopied } from '../ui/linkNotification';
import { askObjectKey } from '../ui/pickers';
import { confirmCredentialLimit } from './credentialLimit';
import type { ExplorerContext } from './explorerContext';
import type { PresignServices } from './issueLink';
import { type CollectedFiles, collectFiles } from './localFiles';
import { type Destination, describeDestination } from './destination';
import { pickDestination, rememberDestination } from './uploadDestination';
import { type SignedUpload, type UploadItem, UploadCancelled, existingKeys, keepBoth, showUploadError, signAndRecord, totalSize, uploadItems } from './uploadRun';

export type UploadResultValue = string | string[] | undefined;

function title(): string {
  return vscode.l10n.t('Upload and Copy Link');
}

function isUri(value: unknown): value is vscode.Uri {
  return value instanceof vscode.Uri;
}

/**
 * The command's handler. VS Code passes `(uri, selectedUris)` from the Explorer (several selected),
 * `(uri, { groupId })` from an editor tab, nothing from the palette; automation passes an object.
 */
export async function uploadAndCopyLink(services: PresignServices, explorer: ExplorerContext, arg?: unknown, selected?: unknown): Promise<UploadResultValue> {
  if (arg !== undefined && !isUri(arg)) {
    return uploadFromAutomation(services, arg);
  }
  let uris: vscode.Uri[];
  if (isUri(arg)) {
    const several = Array.isArray(selected) ? selected.filter(isUri) : [];
    uris = several.some((uri) => uri.toString() === arg.toString()) ? several : [arg];
  } else {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (!active || active.scheme === 'untitled') {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Upload and Copy Link: open a saved file in the editor, or right-click files or folders in the Explorer.'),
      );
      return undefined;
    }
    uris = [active];
  }
  const paths: string[] = [];
  for (const uri of uris) {
    if (uri.scheme !== 'file' && uri.scheme !== 'vscode-remote') {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Upload and Copy Link: {0} is not a file on disk ({1}:); only files on disk can be uploaded.', uri.path, uri.scheme),
      );
      return undefined;
    }
    paths.push(uri.scheme === 'file' ? uri.fsPath : uri.path);
  }
  const selection = explorer.selection();
  return uploadInteractively(services, paths, {
    selection: selection && { bucket: selection.bucket, prefix: selection instanceof ObjectNode ? selection.parent.prefix : selection.prefix },
    knownBuckets: explorer.knownBuckets(),
  });
}

interface InteractiveContext {
  selection?: Destination;
  knownBuckets: string[];
}

async function collectOrShow(paths: string[], allowFolders: boolean): Promise<(CollectedFiles & { ok: true }) | undefined> {
  const collected = await collectFiles(paths, allowFolders);
  if (!collected.ok) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Upload and Copy Link: {0}', collected.message));
    return undefined;
  }
  if (collected.files.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Upload and Copy Link: there are no files in {0}.', paths.join(', ')));
    return undefined;
  }
  return collected;
}

/** Asks what is needed, uploads, then copies the link (or the list of links). */
async function uploadInteractively(services: PresignServices, paths: string[], context: InteractiveContext): Promise<UploadResultValue> {
  const collected = await collectOrShow(paths, true);
  if (!collected) {
    return undefined;
  }
  const destination = await pickDestination({ connection: services.connection, state: services.state, ...context }, title());
  if (!destination) {
    return undefined;
  }
  let items = await keysFor(collected, destination);
  if (!items) {
    return undefined;
  }
  const expiresIn = await pickExpiry(services.state, defaultExpirySeconds(), title());
  if (expiresIn === undefined) {
    return undefined;
  }
  const { connection } = services;
  let gateway: S3Gateway;
  let expiry = expiresIn;
  try {
    gateway = await connection.gateway();
    items = await confirmOverwrite(gateway, destination.bucket, items);
    if (!items) {
      return undefined;
    }
    const credentialsExpireAt = await gateway.credentialsExpiry();
    if (credentialsExpireAt && credentialsExpireAt.getTime() < Date.now() + expiresIn * 1000) {
      const decided = await confirmCredentialLimit({ profile: connection.profile, credentialsExpireAt, expiresIn, several: items.length > 1, interactive: true });
      if (decided === undefined) {
        return undefined;
      }
      expiry = decided;
    }
  } catch (error) {
    services.log.error(`Could not prepare the upload to ${describeDestination(destination)}`, error);
    showS3Error(describeS3Error(error, { profile: connection.profile, bucket: destination.bucket }));
    return undefined;
  }
  if (!(await uploadWithNotice(services, gateway, destination, items))) {
    return undefined;
  }
  await rememberDestination(services.state, destination);
  const signed = await signAll(services, gateway, destination, items, expiry);
  return signed && copyLinks(signed, destination, collected.folders.length > 0, true);
}

/** Keys of the files: the only file's key is shown to edit; a folder keeps its relative paths. */
async function keysFor(collected: CollectedFiles & { ok: true }, destination: Destination): Promise<UploadItem[] | undefined> {
  const items = collected.files.map((file) => ({ file, key: uploadKey(destination.prefix, file.relativePath) }));
  if (items.length === 1 && collected.folders.length === 0) {
    const key = await askObjectKey(
      title(),
      vscode.l10n.t('Key of {0} in s3://{1}/ (edit to rename it)', items[0].file.relativePath, destination.bucket),
      items[0].key,
    );
    return key === undefined ? undefined : [{ ...items[0], key }];
  }
  return items;
}

/**
 * Keys that exist already: Overwrite, Keep Both (`name (1).ext`) or Cancel (`undefined`).
 */
async function confirmOverwrite(gateway: S3Gateway, bucket: string, items: UploadItem[]): Promise<UploadItem[] | undefined> {
  const taken = await existingKeys(gateway, bucket, items);
  if (taken.size === 0) {
    return items;
  }
  const overwrite = vscode.l10n.t('Overwrite');
  const keepBothLabel = vscode.l10n.t('Keep Both');
  const names = [...taken].slice(0, 5).map((key) => `s3://${bucket}/${key}`);
  const more = taken.size > names.length ? `\n${vscode.l10n.t('and {0} more', taken.size - names.length)}` : '';
  const message =
    taken.size === 1
      ? vscode.l10n.t('{0} already exists.', names[0])
      : vscode.l10n.t('{0} of the {1} objects already exist.', taken.size, items.length);
  const choice = await vscode.window.showWarningMessage(
    message,
    {
      modal: true,
      detail: `${taken.size > 1 ? `${names.join('\n')}${more}\n\n` : ''}${vscode.l10n.t('Overwrite replaces the object; Keep Both uploads under a new name such as "name (1).ext".')}`,
    },
    overwrite,
    keepBothLabel,
  );
  if (choice === overwrite) {
    return items;
  }
  return choice === keepBothLabel ? keepBoth(gateway, bucket, items, taken) : undefined;
}

/** Uploads with the progress notification; `false` (the error or the cancel shown) when not all went up. */
async function uploadWithNotice(services: PresignServices, gateway: S3Gateway, destination: Destination, items: UploadItem[]): Promise<boolean> {
  const where = describeDestination(destination);
  const progressTitle =
    items.length === 1
      ? vscode.l10n.t('Uploading {0} to s3://{1}/{2}', items[0].file.relativePath.split('/').pop() ?? '', destination.bucket, items[0].key)
      : vscode.l10n.t('Uploading {0} files ({1}) to {2}', items.length, totalSize(items), where);
  const started = Date.now();
  try {
    await uploadItems(gateway, destination.bucket, items, { title: progressTitle });
  } catch (error) {
    if (error instanceof UploadCancelled) {
      services.log.info(`Upload to ${where} cancelled (${error.uploaded} of ${items.length} files stored).`);
      const stored = error.uploaded > 0 ? ` ${vscode.l10n.t('{0} of {1} files had been stored already.', error.uploaded, items.length)}` : '';
      void vscode.window.showInformationMessage(vscode.l10n.t('Upload cancelled: nothing was copied.') + stored);
      return false;
    }
    services.log.error(`Upload to ${where} failed`, error);
    showUploadError(services.connection, destination.bucket, items.length === 1 ? items[0].key : undefined, error);
    return false;
  }
  services.log.info(`Uploaded ${items.length} file(s), ${totalSize(items)}, to ${where} in ${Date.now() - started} ms.`);
  return true;
}

/** Signs and records a link for each uploaded file; `undefined` (the error shown) when signing fails. */
async function signAll(services: PresignServices, gateway: S3Gateway, destination: Destination, items: UploadItem[], expiresIn: number): Promise<SignedUpload[] | undefined> {
  try {
    return await signAndRecord(services, gateway, destination.bucket, items, expiresIn);
  } catch (error) {
    services.log.error(`Could not sign the links for ${describeDestination(destination)}`, error);
    showS3Error(describeS3Error(error, { profile: services.connection.profile, bucket: destination.bucket }));
    return undefined;
  }
}

/**
 * Copies the link, or the list of links (one URL a line), and says so. A folder's links also open in an
 * editor as Share Folder shows them (Markdown: linked keys, sizes, expiry). Resolves to what was copied.
 */
async function copyLinks(signed: SignedUpload[], destination: Destination, folder: boolean, interactive: boolean): Promise<UploadResultValue> {
  if (signed.length === 1 && !folder) {
    const [only] = signed;
    await vscode.env.clipboard.writeText(only.link.url);
    void showLinkCopied(only.key, only.link, only.limitedByCredentials);
    return only.link.url;
  }
  const urls = signed.map((item) => item.link.url);
  await vscode.env.clipboard.writeText(`${urls.join('\n')}\n`);
  const first = signed[0].link.effectiveExpiresAt;
  const where = describeDestination(destination);
  const message = vscode.l10n.t('{0} files uploaded to {1}; their links are copied, one a line ({2}).', signed.length, where, formatExpiryNotice(first, new Date()));
  const links: SharedLink[] = signed.map((item) => ({ key: item.key, size: item.file.size, url: item.link.url, expiresAt: item.link.effectiveExpiresAt }));
  if (folder && interactive) {
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: formatShare(links, 'markdown', where) });
    await vscode.window.showTextDocument(document, { preview: false });
    void vscode.window.showInformationMessage(message);
  } else if (interactive) {
    const show = vscode.l10n.t('Show as Markdown');
    void vscode.window.showInformationMessage(message, show).then(async (choice) => {
      if (choice === show) {
        const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: formatShare(links, 'markdown', where) });
        await vscode.window.showTextDocument(document, { preview: false });
      }
    });
  } else {
    void vscode.window.showInformationMessage(message);
  }
  return urls;
}

/** Automation: everything checked first (arguments, files, existing keys), then no prompt at all. */
async function uploadFromAutomation(services: PresignServices, value: unknown): Promise<UploadResultValue> {
  const fail = (message: string): undefined => {
    void vscode.window.showErrorMessage(vscode.l10n.t('Upload and Copy Link: {0}', message));
    return undefined;
  };
  const parsed = parseUploadArgs(value);
  if (!parsed.ok) {
    return fail(parsed.message);
  }
  const { args } = parsed;
  const collected = await collectFiles(args.files, false);
  if (!collected.ok) {
    return fail(collected.message);
  }
  const destination: Destination = { bucket: args.bucket, prefix: args.prefix };
  const items: UploadItem[] = collected.files.map((file) => ({ file, key: args.key ?? uploadKey(args.prefix, file.relativePath) }));
  const duplicate = items.find((item, index) => items.findIndex((other) => other.key === item.key) !== index);
  if (duplicate) {
    return fail(vscode.l10n.t('two files would both be stored as s3://{0}/{1}; upload them to different prefixes.', args.bucket, duplicate.key));
  }
  const expiresIn = args.expiresIn ?? defaultExpirySeconds();
  let gateway: S3Gateway;
  try {
    gateway = await services.connection.gateway();
    if (!args.overwrite) {
      const taken = await existingKeys(gateway, args.bucket, items);
      if (taken.size > 0) {
        const keys = [...taken].map((key) => `s3://${args.bucket}/${key}`).join(', ');
        return fail(vscode.l10n.t('{0} already exists; nothing was uploaded. Pass "overwrite": true to replace it, or another "key" or "prefix".', keys));
      }
    }
    const credentialsExpireAt = await gateway.credentialsExpiry();
    if (credentialsExpireAt && credentialsExpireAt.getTime() < Date.now() + expiresIn * 1000) {
      await confirmCredentialLimit({ profile: services.connection.profile, credentialsExpireAt, expiresIn, several: items.length > 1, interactive: false });
    }
  } catch (error) {
    services.log.error(`Could not prepare the upload to ${describeDestination(destination)}`, error);
    showS3Error(describeS3Error(error, { profile: services.connection.profile, bucket: args.bucket }));
    return undefined;
  }
  if (!(await uploadWithNotice(services, gateway, destination, items))) {
    return undefined;
  }
  const signed = await signAll(services, gateway, destination, items, expiresIn);
  return signed && copyLinks(signed, destination, false, false);
}

/** A drop on a bucket or folder of the S3 tree: confirm, upload, then copy links only on request. */
export async function uploadDropped(services: PresignServices, paths: string[], destination: Destination): Promise<UploadItem[] | undefined> {
  const collected = await collectOrShow(paths, true);
  if (!collected) {
    return undefined;
  }
  let items: UploadItem[] | undefined;
  if (collected.files.length === 1 && collected.folders.length === 0) {
    items = await keysFor(collected, destination);
  } else {
    const upload = vscode.l10n.t('Upload');
    const all = collected.files.map((file) => ({ file, key: uploadKey(destination.prefix, file.relativePath) }));
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Upload {0} files ({1}) to {2}?', all.length, totalSize(all), describeDestination(destination)),
      { modal: true, detail: all.slice(0, 10).map((item) => item.key).join('\n') + (all.length > 10 ? '\n…' : '') },
      upload,
    );
    items = choice === upload ? all : undefined;
  }
  if (!items) {
    return undefined;
  }
  let gateway: S3Gateway;
  try {
    gateway = await services.connection.gateway();
    items = await confirmOverwrite(gateway, destination.bucket, items);
  } catch (error) {
    showS3Error(describeS3Error(error, { profile: services.connection.profile, bucket: destination.bucket }));
    return undefined;
  }
  if (!items) {
    return undefined;
  }
  if (!(await uploadWithNotice(services, gateway, destination, items))) {
    return undefined;
  }
  await rememberDestination(services.state, destination);
  void offerLinks(services, gateway, destination, items);
  return items;
}

/** The completion notice of a drop: links are signed, recorded and copied when the user asks. */
async function offerLinks(services: PresignServices, gateway: S3Gateway, destination: Destination, items: UploadItem[]): Promise<void> {
  const copy = items.length === 1 ? vscode.l10n.t('Copy Link') : vscode.l10n.t('Copy Links');
  const message =
    items.length === 1
      ? vscode.l10n.t('Uploaded {0} to s3://{1}/{2}.', items[0].file.relativePath, destination.bucket, items[0].key)
      : vscode.l10n.t('Uploaded {0} files to {1}.', items.length, describeDestination(destination));
  const choice = await vscode.window.showInformationMessage(message, copy);
  if (choice !== copy) {
    return;
  }
  const signed = await signAll(services, gateway, destination, items, defaultExpirySeconds());
  if (signed) {
    await copyLinks(signed, destination, false, true);
  }
}
