// Upload forms (presigned POST, issue 14): what the user asks for turned into a POST policy's
// conditions and form fields, the sizes people type ("10MB"), and the checks on automation input.
// Pure: no vscode, no AWS SDK.
import * as l10n from '@vscode/l10n';
import { isSignableContentType, parseBucketField } from './automationArgs';
import { describeInput, isPlainObject, quoteInput } from './describeInput';
import { parseExpiry } from './duration';
import { validateObjectKey } from './keys';

/** S3's variable in a POST form's `key` field: replaced by the name of the uploaded file. */
export const FILENAME_VARIABLE = '${filename}';

/** The largest object one POST may create: 5 GB, as AWS counts it (GiB). */
export const MAX_POST_BYTES = 5 * 1024 ** 3;

/** What the uploader may send; the same whether asked in prompts or given by automation. */
export interface UploadFormOptions {
  bucket: string;
  /**
   * `key`: exactly that key, or, ending with `${filename}`, any key starting with what comes before it.
   * `prefix`: any key under it, the uploaded file's name by default (`prefix${filename}`).
   */
  target: { kind: 'key'; key: string } | { kind: 'prefix'; prefix: string };
  /** Largest accepted upload in bytes; absent: S3's own limit (5 GB). */
  maxSize?: number;
  /** `exact`: the Content-Type must be this; `prefix`: it must start with this (`image/`). */
  contentType?: { kind: 'exact'; value: string } | { kind: 'prefix'; value: string };
  /** Seconds, 1–604800; absent: the caller's default. */
  expiresIn?: number;
}

/** A POST policy condition as S3 and `@aws-sdk/s3-presigned-post` take them. */
export type PolicyCondition =
  | Record<string, string>
  | ['eq' | 'starts-with', string, string]
  | ['content-length-range', number, number];

/** What to sign: the gateway adds the bucket, credentials and signature fields of its own. */
export interface PostSigningPlan {
  /** The `key` form field, `${filename}` included. */
  key: string;
  /** Conditions besides the key and the fields below (the SDK adds those). */
  conditions: PolicyCondition[];
  /** Fields whose value is fixed: each becomes an exact-match condition too. */
  fields: Record<string, string>;
  /** Fields the uploader fills in, within a condition above, with the value the form starts with. */
  openFields: Record<string, string>;
}

/**
 * Without a `success_action_status` S3 answers 204, on which a browser stays on the page as if nothing
 * happened; 201 shows S3's reply naming the stored key.
 */
const SUCCESS_STATUS = '201';

/** Unknown types are stored as this, which is what S3 does without a Content-Type. */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** The key form field and the key condition for a target; `${filename}` only at the end (see `checkKeyTemplate`). */
export function keyField(target: UploadFormOptions['target']): string {
  return target.kind === 'key' ? target.key : target.prefix + FILENAME_VARIABLE;
}

/** The part of the key every upload starts with, or the whole key when it is fixed. */
export function keyPrefix(target: UploadFormOptions['target']): { fixed: boolean; prefix: string } {
  const key = keyField(target);
  return key.endsWith(FILENAME_VARIABLE)
    ? { fixed: false, prefix: key.slice(0, -FILENAME_VARIABLE.length) }
    : { fixed: true, prefix: key };
}

/**
 * The policy for the options. Every field a form sends must be named by a condition, so the
 * Content-Type field is always allowed (with `starts-with ""` when any type is fine): the page can then
 * send the type of the chosen file instead of leaving S3 to store `binary/octet-stream`.
 */
export function postSigningPlan(options: UploadFormOptions): PostSigningPlan {
  const conditions: PolicyCondition[] = [];
  const fields: Record<string, string> = {};
  const openFields: Record<string, string> = {};
  if (options.maxSize !== undefined) {
    conditions.push(['content-length-range', 0, options.maxSize]);
  }
  const type = options.contentType;
  if (type?.kind === 'exact') {
    fields['Content-Type'] = type.value;
  } else {
    conditions.push(['starts-with', '$Content-Type', type?.value ?? '']);
    openFields['Content-Type'] = type?.value || DEFAULT_CONTENT_TYPE;
  }
  fields.success_action_status = SUCCESS_STATUS;
  return { key: keyField(options.target), conditions, fields, openFields };
}

/**
 * The form's fields in the order they are sent: the key first, then the Content-Type, then the
 * rest as signed. The file goes after all of them (S3 ignores fields after the file).
 */
export function orderFormFields(signed: Record<string, string>, plan: PostSigningPlan): Record<string, string> {
  const all: Record<string, string> = { ...plan.openFields, ...signed };
  const ordered: Record<string, string> = {};
  for (const name of ['key', 'Content-Type']) {
    if (name in all) {
      ordered[name] = all[name];
    }
  }
  for (const [name, value] of Object.entries(all)) {
    if (!(name in ordered)) {
      ordered[name] = value;
    }
  }
  return ordered;
}

// --- sizes ----------------------------------------------------------------------------------------

export type SizeResult = { ok: true; bytes: number } | { ok: false; message: string };

// K, M, G, T as the AWS CLI reads them (1024-based); KiB & co. mean the same.
const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
const SIZE_PATTERN = /^(\d+(?:\.\d+)?|\.\d+)\s*(?:([kmgt])(?:i?b)?|(b)(?:ytes?)?)?$/i;

function sizeHint(): string {
  return l10n.t('Use bytes (1048576) or a size like 500KB, 10MB or 2GB (1 KB = 1024 bytes).');
}

/**
 * A maximum upload size: a whole number of bytes, or text such as `10MB`, `1.5 GB`, `500k`, `2GiB`.
 * From 1 byte to S3's 5 GB limit for one POST.
 */
export function parseByteSize(input: unknown): SizeResult {
  let bytes: number;
  if (typeof input === 'number') {
    if (!Number.isInteger(input)) {
      return { ok: false, message: l10n.t('The maximum size must be a whole number of bytes, not {0}. {1}', String(input), sizeHint()) };
    }
    bytes = input;
  } else if (typeof input === 'string') {
    const text = input.trim();
    const match = SIZE_PATTERN.exec(text);
    if (!match) {
      return {
        ok: false,
        message: text ? l10n.t('{0} is not a size. {1}', quoteInput(text), sizeHint()) : l10n.t('The maximum size is empty. {0}', sizeHint()),
      };
    }
    const unit = (match[2] ?? match[3] ?? '').toLowerCase();
    bytes = Math.floor(Number(match[1]) * SIZE_UNITS[unit]);
  } else {
    return { ok: false, message: l10n.t('The maximum size must be a number of bytes or a size text, not {0}. {1}', describeInput(input), sizeHint()) };
  }
  if (bytes < 1) {
    return { ok: false, message: l10n.t('The maximum size must be at least 1 byte.') };
  }
  if (bytes > MAX_POST_BYTES || !Number.isFinite(bytes)) {
    return { ok: false, message: l10n.t('The maximum size can be at most 5 GB: S3 refuses larger uploads in one POST.') };
  }
  return { ok: true, bytes };
}

/** `10485760` → `10 MB`, `1536` → `1.5 KB`, `1000` → `1000 bytes`: exact, so limits read as typed. */
export function formatByteSize(bytes: number): string {
  for (const [unit, size] of [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]] as const) {
    if (bytes >= size) {
      const value = bytes / size;
      // Two decimals at most, and only when they are exact: otherwise the byte count says it.
      if (Number.isInteger(value * 100)) {
        return `${Number(value.toFixed(2))} ${unit}`;
      }
    }
  }
  return bytes === 1 ? l10n.t('1 byte') : l10n.t('{0} bytes', bytes.toLocaleString('en-US'));
}

// --- keys and types -------------------------------------------------------------------------------

export type Checked<T> = { ok: true; value: T; warnings: string[] } | { ok: false; message: string };

/**
 * A key for the form: S3's key rules, with `${filename}` allowed once and only at the end (S3
 * replaces it anywhere, but a policy can only pin what comes before it: `starts-with $key`).
 */
export function checkKeyTemplate(key: string): Checked<string> {
  const at = key.indexOf(FILENAME_VARIABLE);
  if (at >= 0 && at !== key.length - FILENAME_VARIABLE.length) {
    return {
      ok: false,
      message: l10n.t('{0} can only end the key (as in uploads/{0}): a policy can only fix the part of the key before it.', FILENAME_VARIABLE),
    };
  }
  const fixed = at >= 0 ? key.slice(0, at) : key;
  if (at < 0 || fixed !== '') {
    // With ${filename} the file's name (at least one character) makes the key: check the rest as a key.
    const checked = validateObjectKey(at >= 0 ? `${fixed}x` : key);
    if (!checked.ok) {
      return checked;
    }
    return { ok: true, value: key, warnings: checked.warnings };
  }
  return { ok: true, value: key, warnings: [] };
}

/** A prefix for the form: empty (anywhere in the bucket) or the start of a valid key. */
export function checkPrefix(prefix: string): Checked<string> {
  if (prefix.includes(FILENAME_VARIABLE)) {
    return { ok: false, message: l10n.t('The prefix must not contain {0}: it is added after the prefix. Give a key instead.', FILENAME_VARIABLE) };
  }
  const checked = checkKeyTemplate(prefix + FILENAME_VARIABLE);
  return checked.ok ? { ok: true, value: prefix, warnings: checked.warnings } : checked;
}

/** A Content-Type, or the start of one (`image/`): what a policy can compare, header-safe. */
export function checkContentType(value: unknown, kind: 'exact' | 'prefix'): Checked<string> {
  if (isSignableContentType(value) && value === value.trim()) {
    if (kind === 'prefix' || /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=[\w.+"-]+)*$/.test(value)) {
      return { ok: true, value, warnings: [] };
    }
  }
  return kind === 'exact'
    ? { ok: false, message: l10n.t('"contentType" must be a MIME type such as "image/png", got {0}.', describeInput(value)) }
    : { ok: false, message: l10n.t('"contentTypePrefix" must be the start of a MIME type such as "image/", got {0}.', describeInput(value)) };
}

// --- automation -----------------------------------------------------------------------------------

const USAGE = '{ bucket, key? | prefix?, maxSize?, contentType? | contentTypePrefix?, expiresIn? }';
const KNOWN = new Set(['bucket', 'key', 'prefix', 'maxSize', 'contentType', 'contentTypePrefix', 'expiresIn']);

export type ParsedUploadFormArgs = { ok: true; options: UploadFormOptions; warnings: string[] } | { ok: false; message: string };

/** Checks the argument of `executeCommand('s3Presign.createUploadForm', …)`; every field, no defaults guessed. */
export function parseUploadFormArgs(value: unknown): ParsedUploadFormArgs {
  if (!isPlainObject(value)) {
    return { ok: false, message: l10n.t('Expected an object {0}, got {1}.', USAGE, describeInput(value)) };
  }
  const unknown = Object.keys(value).filter((name) => !KNOWN.has(name));
  if (unknown.length > 0) {
    // A misspelt limit ("maxsize") would otherwise give a form without it.
    return { ok: false, message: l10n.t('Unknown field {0}; expected {1}.', JSON.stringify(unknown[0]), USAGE) };
  }
  const bucket = parseBucketField(value.bucket);
  if (!bucket.ok) {
    return bucket;
  }
  if (value.key !== undefined && value.prefix !== undefined) {
    return { ok: false, message: l10n.t('Give either "key" or "prefix", not both.') };
  }
  let target: UploadFormOptions['target'];
  let warnings: string[] = [];
  if (value.key !== undefined) {
    if (typeof value.key !== 'string') {
      return { ok: false, message: l10n.t('"key" must be a string, got {0}.', describeInput(value.key)) };
    }
    const key = checkKeyTemplate(value.key);
    if (!key.ok) {
      return key;
    }
    target = { kind: 'key', key: key.value };
    warnings = key.warnings;
  } else {
    if (value.prefix !== undefined && typeof value.prefix !== 'string') {
      return { ok: false, message: l10n.t('"prefix" must be a string, got {0}.', describeInput(value.prefix)) };
    }
    const prefix = checkPrefix(value.prefix ?? '');
    if (!prefix.ok) {
      return prefix;
    }
    target = { kind: 'prefix', prefix: prefix.value };
    warnings = prefix.warnings;
  }
  const options: UploadFormOptions = { bucket: bucket.bucket, target };
  if (value.maxSize !== undefined) {
    const size = parseByteSize(value.maxSize);
    if (!size.ok) {
      return size;
    }
    options.maxSize = size.bytes;
  }
  if (value.contentType !== undefined && value.contentTypePrefix !== undefined) {
    return { ok: false, message: l10n.t('Give either "contentType" or "contentTypePrefix", not both.') };
  }
  for (const [field, kind] of [['contentType', 'exact'], ['contentTypePrefix', 'prefix']] as const) {
    if (value[field] !== undefined) {
      const type = checkContentType(value[field], kind);
      if (!type.ok) {
        return type;
      }
      options.contentType = { kind, value: type.value };
    }
  }
  if (value.expiresIn !== undefined) {
    const expiry = parseExpiry(value.expiresIn);
    if (!expiry.ok) {
      return expiry;
    }
    options.expiresIn = expiry.seconds;
  }
  return { ok: true, options, warnings };
}

/** Cloudflare R2 signs GET, PUT, HEAD and DELETE only: a POST form for it could never work. */
export function postUnsupportedReason(endpoint: string | undefined): string | undefined {
  if (!endpoint) {
    return undefined;
  }
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    host = endpoint.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/:?#]/)[0];
  }
  host = host.toLowerCase().replace(/\.$/, '');
  if (host.endsWith('r2.cloudflarestorage.com')) {
    return l10n.t(
      'Cloudflare R2 does not support upload forms (presigned POST). Use "Presign Upload…" instead: it gives a PUT link and a curl command.',
    );
  }
  return undefined;
}
