// Validation of the automation API's argument object (`executeCommand('s3Presign.copyGetUrl', {...})`):
// scripts and keybindings pass anything, so every field is checked before anything is signed or copied.
import * as l10n from '@vscode/l10n';
import { describeInput, isPlainObject } from './describeInput';
import { parseExpiry } from './duration';
import { DISPOSITIONS, type Disposition, type DownloadOptions, validateFilename, validateMediaType, validateVersionId } from './downloadOptions';
import { dotSegmentProblem, validateBucketName, validateObjectKey } from './keys';

export interface PresignArgs {
  bucket: string;
  key: string;
  /** Seconds, when given; the caller falls back to the default expiry. */
  expiresIn?: number;
  contentType?: string;
}

export type ParsedArgs = { ok: true; args: PresignArgs; warnings: string[] } | { ok: false; message: string };

// Visible ASCII and spaces only: a header value with CR/LF or other controls could inject headers
// into the curl command we hand out, and S3 rejects them anyway. At least one visible character:
// HTTP trims a header value, so one of only spaces would be sent empty and never match the signature.
const HEADER_VALUE = /^[\x20-\x7e]*[\x21-\x7e][\x20-\x7e]*$/;

/** Whether `value` can be signed as a Content-Type: visible ASCII (spaces inside allowed), not blank. */
export function isSignableContentType(value: unknown): value is string {
  return typeof value === 'string' && HEADER_VALUE.test(value);
}

/** The `bucket` field of an automation argument: a string S3 accepts as a bucket name. */
export function parseBucketField(value: unknown): { ok: true; bucket: string } | { ok: false; message: string } {
  if (typeof value !== 'string') {
    return { ok: false, message: l10n.t('"bucket" must be a string, got {0}.', describeInput(value)) };
  }
  const bucket = validateBucketName(value);
  return bucket.ok ? { ok: true, bucket: value } : { ok: false, message: bucket.message };
}

/**
 * The `key` field of an automation argument: a key S3 stores, without `.`/`..` segments (interactive
 * use warns about those; a script gets a refusal rather than a link that names another object).
 */
export function parseKeyField(value: unknown): { ok: true; key: string; warnings: string[] } | { ok: false; message: string } {
  if (typeof value !== 'string') {
    return { ok: false, message: l10n.t('"key" must be a string, got {0}.', describeInput(value)) };
  }
  const key = validateObjectKey(value);
  if (!key.ok) {
    return { ok: false, message: key.message };
  }
  const dots = dotSegmentProblem(value);
  return dots ? { ok: false, message: dots } : { ok: true, key: value, warnings: key.warnings };
}

export type ParsedObjectRef =
  | { ok: true; input: Record<string, unknown>; bucket: string; key: string; warnings: string[] }
  | { ok: false; message: string };

/**
 * The argument object and its `bucket` and `key`, checked as every command that names one object checks
 * them; `usage` shows the whole argument when it is not an object at all.
 */
export function parseObjectRef(value: unknown, usage: string): ParsedObjectRef {
  if (!isPlainObject(value)) {
    return { ok: false, message: l10n.t('Expected an object {0}, got {1}.', usage, describeInput(value)) };
  }
  const bucket = parseBucketField(value.bucket);
  if (!bucket.ok) {
    return bucket;
  }
  const key = parseKeyField(value.key);
  if (!key.ok) {
    return key;
  }
  return { ok: true, input: value, bucket: bucket.bucket, key: key.key, warnings: key.warnings };
}

/** Checks `{ bucket, key, expiresIn?, contentType? }`; `allowContentType` is false for GET links. */
export function parsePresignArgs(
  argument: unknown,
  allowContentType: boolean,
  usage = allowContentType ? '{ bucket, key, expiresIn?, contentType? }' : '{ bucket, key, expiresIn? }',
): ParsedArgs {
  const ref = parseObjectRef(argument, usage);
  if (!ref.ok) {
    return ref;
  }
  const value = ref.input;
  const args: PresignArgs = { bucket: ref.bucket, key: ref.key };
  if (value.expiresIn !== undefined) {
    const expiry = parseExpiry(value.expiresIn);
    if (!expiry.ok) {
      return { ok: false, message: expiry.message };
    }
    args.expiresIn = expiry.seconds;
  }
  // GET links sign no content type, so a stray `contentType` is ignored there.
  if (allowContentType && value.contentType !== undefined) {
    if (!isSignableContentType(value.contentType)) {
      return {
        ok: false,
        message: l10n.t('"contentType" must be a non-empty MIME type such as "text/plain", got {0}.', describeInput(value.contentType)),
      };
    }
    args.contentType = value.contentType;
  }
  return { ok: true, args, warnings: ref.warnings };
}


const GET_USAGE = '{ bucket, key, expiresIn?, download?, filename?, responseContentType?, versionId? }';

/** A GET link's arguments: the object, the expiry and its download options (issue 14). */
export type GetLinkArgs = PresignArgs & DownloadOptions;

export type ParsedGetArgs = { ok: true; args: GetLinkArgs; warnings: string[] } | { ok: false; message: string };

/**
 * Checks `{ bucket, key, expiresIn?, download?, filename?, responseContentType?, versionId? }`.
 * A `filename` without `download` asks for a download under that name, as "Download as…" does.
 */
export function parseGetLinkArgs(value: unknown): ParsedGetArgs {
  const parsed = parsePresignArgs(value, false, GET_USAGE);
  if (!parsed.ok) {
    return parsed;
  }
  const input = value as Record<string, unknown>;
  const args: GetLinkArgs = { ...parsed.args };
  if (input.download !== undefined) {
    if (!DISPOSITIONS.includes(input.download as Disposition)) {
      return {
        ok: false,
        message: l10n.t('"download" must be "attachment" (save under a name) or "inline" (show in the browser), got {0}.', describeInput(input.download)),
      };
    }
    args.download = input.download as Disposition;
  }
  if (input.filename !== undefined) {
    const filename = validateFilename(input.filename);
    if (!filename.ok) {
      return { ok: false, message: filename.message };
    }
    args.filename = filename.value;
    args.download ??= 'attachment';
  }
  if (input.responseContentType !== undefined) {
    const type = validateMediaType(input.responseContentType);
    if (!type.ok) {
      return { ok: false, message: type.message };
    }
    args.responseContentType = type.value;
  }
  if (input.versionId !== undefined) {
    const version = validateVersionId(input.versionId);
    if (!version.ok) {
      return { ok: false, message: version.message };
    }
    args.versionId = version.value;
  }
  return { ok: true, args, warnings: parsed.warnings };
}

