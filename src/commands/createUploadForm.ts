import * as vscode from 'vscode';
import { guessContentType } from '../core/contentType';
import { formatExpiryNotice } from '../core/duration';
import {
  FILENAME_VARIABLE,
  checkContentType,
  checkKeyTemplate,
  checkPrefix,
  formatByteSize,
  parseByteSize,
  parseUploadFormArgs,
  postSigningPlan,
  postUnsupportedReason,
  type UploadFormOptions,
} from '../core/uploadForm';
import type { UploadForm } from '../core/uploadFormPage';
import { describeS3Error } from '../s3/errors';
import { loadSdk } from '../s3/loadSdk';
import type { PresignedPost } from '../s3/s3Gateway';
import { defaultExpirySeconds } from '../settings';
import { showS3Error } from '../ui/errors';
import { pickExpiry } from '../ui/expiryPicker';
import { confirmCredentialLimit } from './credentialLimit';
import { isDestinationNode, resolveDestination } from './destination';
import type { ExplorerContext } from './explorerContext';
import type { PresignServices } from './issueLink';

export type { UploadForm };

type Options = UploadFormOptions & { expiresIn: number };

/**
 * "Create Upload Form…" (issue 14): on a bucket or folder, from the palette (asks bucket, key or
 * prefix, maximum size, Content-Type and expiry) or from automation with `{ bucket, key? | prefix?,
 * maxSize?, contentType? | contentTypePrefix?, expiresIn? }` (asks nothing). Interactive use opens the
 * page in an untitled HTML editor; every use resolves to `{ url, fields, html, curl }` or `undefined`.
 */
export async function createUploadForm(services: PresignServices, explorer: ExplorerContext, arg: unknown): Promise<UploadForm | undefined> {
  const title = vscode.l10n.t('Create Upload Form');
  if (arg !== undefined && !isDestinationNode(arg)) {
    const parsed = parseUploadFormArgs(arg);
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Create Upload Form: {0}', parsed.message));
      return undefined;
    }
    return build(services, { ...parsed.options, expiresIn: parsed.options.expiresIn ?? defaultExpirySeconds() }, false);
  }
  const destination = await resolveDestination(services.connection, explorer, arg, title);
  if (destination === undefined || !(await postSupported(services))) {
    return undefined;
  }
  const options = await askOptions(services, destination.bucket, destination.prefix, title);
  return options && build(services, options, true);
}

/** Says so before any question when the store cannot take POST uploads. */
async function postSupported(services: PresignServices): Promise<boolean> {
  try {
    const reason = postUnsupportedReason((await services.connection.gateway()).endpoint);
    if (reason) {
      void vscode.window.showErrorMessage(reason);
    }
    return !reason;
  } catch (error) {
    showS3Error(describeS3Error(error, { profile: services.connection.profile }));
    return false;
  }
}

async function askOptions(services: PresignServices, bucket: string, prefix: string, title: string): Promise<Options | undefined> {
  const target = await askTarget(bucket, prefix, title);
  if (!target) {
    return undefined;
  }
  const maxSize = await askMaxSize(title);
  if (maxSize === undefined) {
    return undefined;
  }
  const contentType = await askContentType(target, title);
  if (contentType === undefined) {
    return undefined;
  }
  const expiresIn = await pickExpiry(services.state, defaultExpirySeconds(), title);
  if (expiresIn === undefined) {
    return undefined;
  }
  const options: Options = { bucket, target, expiresIn };
  if (maxSize !== 'none') {
    options.maxSize = maxSize;
  }
  if (contentType !== 'any') {
    options.contentType = contentType;
  }
  return options;
}

/** One box: a key ending with `${filename}` (the default), an exact key, or a prefix ending with `/`. */
async function askTarget(bucket: string, prefix: string, title: string): Promise<UploadFormOptions['target'] | undefined> {
  const isPrefix = (value: string) => value === '' || value.endsWith('/');
  const value = prefix + FILENAME_VARIABLE;
  const typed = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t(
      'Key in s3://{0}/ for uploads. Ending with {1}, the file keeps its name under that prefix; otherwise every upload goes to this one key.',
      bucket,
      FILENAME_VARIABLE,
    ),
    value,
    valueSelection: [prefix.length, value.length],
    ignoreFocusOut: true,
    validateInput: (text) => {
      const checked = isPrefix(text) ? checkPrefix(text) : checkKeyTemplate(text);
      if (!checked.ok) {
        return checked.message;
      }
      return checked.warnings.length ? { message: checked.warnings.join(' '), severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
    },
  });
  if (typed === undefined) {
    return undefined;
  }
  return isPrefix(typed) ? { kind: 'prefix', prefix: typed } : { kind: 'key', key: typed };
}

const SIZE_PRESETS = [10 * 1024 ** 2, 100 * 1024 ** 2, 1024 ** 3];

/** Resolves to bytes, `'none'` for S3's own limit, or `undefined` if cancelled. */
async function askMaxSize(title: string): Promise<number | 'none' | undefined> {
  interface Item extends vscode.QuickPickItem {
    bytes?: number | 'none';
  }
  const items: Item[] = [
    ...SIZE_PRESETS.map((bytes) => ({ label: formatByteSize(bytes), bytes })),
    { label: vscode.l10n.t('No limit'), description: vscode.l10n.t('S3 accepts up to 5 GB in one upload'), bytes: 'none' as const },
    { label: vscode.l10n.t('Custom…'), description: vscode.l10n.t('e.g. 500KB, 25MB, 2GB or bytes') },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t('Largest file the form accepts'),
    ignoreFocusOut: true,
  });
  if (!picked) {
    return undefined;
  }
  if (picked.bytes !== undefined) {
    return picked.bytes;
  }
  const text = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Maximum size: bytes, or a size like 500KB, 25MB, 2GB (1 KB = 1024 bytes). At most 5 GB.'),
    placeHolder: '25MB',
    ignoreFocusOut: true,
    validateInput: (value) => {
      const parsed = parseByteSize(value);
      return parsed.ok ? undefined : parsed.message;
    },
  });
  const parsed = text === undefined ? undefined : parseByteSize(text);
  return parsed?.ok ? parsed.bytes : undefined;
}

/** Resolves to the restriction, `'any'`, or `undefined` if cancelled. */
async function askContentType(target: UploadFormOptions['target'], title: string): Promise<UploadFormOptions['contentType'] | 'any' | undefined> {
  type Choice = NonNullable<UploadFormOptions['contentType']> | 'any' | 'exact' | 'prefix';
  interface Item extends vscode.QuickPickItem {
    choice: Choice;
  }
  const items: Item[] = [];
  const guessed = target.kind === 'key' && !target.key.endsWith(FILENAME_VARIABLE) ? guessContentType(target.key) : undefined;
  if (guessed) {
    items.push({ label: guessed, description: vscode.l10n.t('guessed from the key'), choice: { kind: 'exact', value: guessed } });
  }
  items.push(
    { label: vscode.l10n.t('Any Content-Type'), description: vscode.l10n.t("the page sends the file's own type"), choice: 'any' },
    { label: vscode.l10n.t('Exactly…'), description: vscode.l10n.t('e.g. application/pdf'), choice: 'exact' },
    { label: vscode.l10n.t('Starting with…'), description: vscode.l10n.t('e.g. image/ for any image'), choice: 'prefix' },
  );
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t('Which Content-Type may uploads have?'),
    ignoreFocusOut: true,
  });
  if (!picked) {
    return undefined;
  }
  const { choice } = picked;
  if (choice !== 'exact' && choice !== 'prefix') {
    return choice;
  }
  const typed = await vscode.window.showInputBox({
    title,
    prompt:
      choice === 'exact'
        ? vscode.l10n.t('The Content-Type every upload is stored with, e.g. application/pdf')
        : vscode.l10n.t('The start every Content-Type must have, e.g. image/ or video/'),
    placeHolder: choice === 'exact' ? 'application/pdf' : 'image/',
    ignoreFocusOut: true,
    validateInput: (value) => {
      const checked = checkContentType(value.trim(), choice);
      return checked.ok ? undefined : checked.message;
    },
  });
  return typed === undefined ? undefined : { kind: choice, value: typed.trim() };
}

/**
 * Signs the policy, warns when temporary credentials end the form early (as for links), and renders
 * the page and the curl command. Interactive callers get the page in an editor and a question when the
 * credentials end first; automation is only warned.
 */
async function build(services: PresignServices, options: Options, interactive: boolean): Promise<UploadForm | undefined> {
  const { connection, log } = services;
  const where = `s3://${options.bucket}/${postSigningPlan(options).key}`;
  try {
    const gateway = await connection.gateway();
    const unsupported = postUnsupportedReason(gateway.endpoint);
    if (unsupported) {
      void vscode.window.showErrorMessage(unsupported);
      return undefined;
    }
    const plan = postSigningPlan(options);
    const sign = (expiresIn: number): Thenable<PresignedPost> =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing the upload form for {0}…', where) }, () =>
        gateway.presignPost({ bucket: options.bucket, key: plan.key, conditions: plan.conditions, fields: plan.fields, expiresIn }),
      );
    let expiresIn = options.expiresIn;
    let post = await sign(expiresIn);
    if (post.effectiveExpiresAt < post.policyExpiresAt) {
      const decided = await confirmCredentialLimit({
        profile: connection.profile,
        credentialsExpireAt: post.effectiveExpiresAt,
        expiresIn,
        several: false,
        interactive,
      });
      if (decided === undefined) {
        return undefined;
      }
      if (decided !== expiresIn) {
        expiresIn = decided;
        post = await sign(expiresIn);
      }
    }
    const form = loadSdk().assembleUploadForm({ url: post.url, fields: post.fields, expiresAt: post.effectiveExpiresAt }, options);
    const expiry = formatExpiryNotice(post.effectiveExpiresAt, new Date());
    log.info(`Created an upload form for ${where}, ${expiry}`);
    if (interactive) {
      const document = await vscode.workspace.openTextDocument({ language: 'html', content: form.html });
      await vscode.window.showTextDocument(document);
      void offerCurl(where, expiry, form.curl);
    }
    return form;
  } catch (error) {
    log.error(`Could not create an upload form for ${where}`, error);
    showS3Error(describeS3Error(error, { profile: connection.profile, bucket: options.bucket }));
    return undefined;
  }
}

async function offerCurl(where: string, expiry: string, curl: string): Promise<void> {
  const copyCurl = vscode.l10n.t('Copy curl Command');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('Upload form for {0} created: {1}. Save the page and send it; it works when opened in a browser.', where, expiry),
    copyCurl,
  );
  if (choice === copyCurl) {
    await vscode.env.clipboard.writeText(curl);
  }
}
