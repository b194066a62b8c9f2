// The automation argument of "Upload and Copy Link…" (issue 13):
// `{ files: [uri | path], bucket, prefix?, key?, expiresIn?, overwrite? }`. Every field is checked here,
// before a file is read or anything is sent. Pure: no vscode, no AWS SDK.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as l10n from '@vscode/l10n';
import { describeInput, isPlainObject } from './describeInput';
import { parseExpiry } from './duration';
import { parseBucketField, parseKeyField } from './automationArgs';
import { MAX_KEY_BYTES } from './keys';
import { folderPrefix } from './uploadPlan';

export const UPLOAD_ARGS_USAGE = '{ files: [uri | path], bucket, prefix?, key?, expiresIn?, overwrite? }';

export interface UploadArgs {
  /** Absolute local paths, in the order given. */
  files: string[];
  bucket: string;
  /** Empty, or ending with `/`. */
  prefix: string;
  /** The key of the only file, instead of prefix + its name. */
  key?: string;
  /** Seconds, when given; the caller falls back to the default expiry. */
  expiresIn?: number;
  /** Replace objects that exist; default false: an existing key is refused. */
  overwrite: boolean;
}

export type ParsedUploadArgs = { ok: true; args: UploadArgs } | { ok: false; message: string };

/** A `vscode.Uri` as it reaches a command (a real Uri, or its JSON from another process). */
interface UriLike {
  scheme: string;
  path: string;
  fsPath?: string;
}

function isUriLike(value: unknown): value is UriLike {
  return isPlainObjectOrInstance(value) && typeof value.scheme === 'string' && typeof value.path === 'string';
}

function isPlainObjectOrInstance(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The local path of one `files` entry, or why it cannot be one. */
export function localPathOf(entry: unknown): { ok: true; path: string } | { ok: false; message: string } {
  if (isUriLike(entry)) {
    // Files of a remote window reach the extension (which runs there) as `file` URIs; a URI of
    // another scheme (untitled, a virtual file system) has no file on this disk to read.
    if (entry.scheme !== 'file' && entry.scheme !== 'vscode-remote') {
      return {
        ok: false,
        message: l10n.t('{0} is not a file on disk ({1}: URI); only files on disk can be uploaded.', describeInput(entry.path), entry.scheme),
      };
    }
    const local = entry.scheme === 'file' && typeof entry.fsPath === 'string' ? entry.fsPath : entry.path;
    return { ok: true, path: local };
  }
  if (typeof entry !== 'string' || entry === '') {
    return { ok: false, message: l10n.t('Each entry of "files" must be a file path or a file URI, got {0}.', describeInput(entry)) };
  }
  if (/^file:\/\//i.test(entry)) {
    try {
      return { ok: true, path: fileURLToPath(entry) };
    } catch {
      return { ok: false, message: l10n.t('{0} is not a valid file URI.', describeInput(entry)) };
    }
  }
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(entry)) {
    return { ok: false, message: l10n.t('{0} is not a file on disk; only files on disk can be uploaded.', describeInput(entry)) };
  }
  if (!path.isAbsolute(entry)) {
    return { ok: false, message: l10n.t('{0} is a relative path: give the absolute path of the file.', describeInput(entry)) };
  }
  return { ok: true, path: entry };
}

/** Checks the automation argument; it does not look at the disk (the command does, next). */
export function parseUploadArgs(value: unknown): ParsedUploadArgs {
  if (!isPlainObject(value)) {
    return { ok: false, message: l10n.t('Expected an object {0}, got {1}.', UPLOAD_ARGS_USAGE, describeInput(value)) };
  }
  const entries = Array.isArray(value.files) ? value.files : value.files === undefined ? undefined : [value.files];
  if (!entries || entries.length === 0) {
    return { ok: false, message: l10n.t('"files" must list at least one file path or URI, got {0}.', describeInput(value.files)) };
  }
  const files: string[] = [];
  for (const entry of entries) {
    const local = localPathOf(entry);
    if (!local.ok) {
      return local;
    }
    files.push(local.path);
  }
  const bucket = parseBucketField(value.bucket);
  if (!bucket.ok) {
    return bucket;
  }
  let prefix = '';
  if (value.prefix !== undefined) {
    if (typeof value.prefix !== 'string' || Buffer.byteLength(value.prefix) > MAX_KEY_BYTES) {
      return { ok: false, message: l10n.t('"prefix" must be a string of at most 1024 bytes, got {0}.', describeInput(value.prefix)) };
    }
    prefix = folderPrefix(value.prefix);
  }
  const args: UploadArgs = { files, bucket: bucket.bucket, prefix, overwrite: false };
  if (value.key !== undefined) {
    if (files.length > 1) {
      return { ok: false, message: l10n.t('"key" names one object, but "files" lists {0} files: give "prefix" instead.', files.length) };
    }
    const key = parseKeyField(value.key);
    if (!key.ok) {
      return key;
    }
    if (key.key.endsWith('/')) {
      return { ok: false, message: l10n.t('"key" {0} ends with "/": that is a folder; give the object\'s full key, or use "prefix".', describeInput(key.key)) };
    }
    args.key = key.key;
  }
  if (value.expiresIn !== undefined) {
    const expiry = parseExpiry(value.expiresIn);
    if (!expiry.ok) {
      return expiry;
    }
    args.expiresIn = expiry.seconds;
  }
  if (value.overwrite !== undefined) {
    if (typeof value.overwrite !== 'boolean') {
      return { ok: false, message: l10n.t('"overwrite" must be true or false, got {0}.', describeInput(value.overwrite)) };
    }
    args.overwrite = value.overwrite;
  }
  return { ok: true, args };
}
