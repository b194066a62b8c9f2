// "Presign Large Upload…" (issue 14): the file size the user gives, the part size chosen for it, and the
// automation arguments. Pure: no vscode, no AWS SDK.
//
// S3's multipart limits (https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html): parts of
// 5 MiB to 5 GiB, the last one smaller; at most 10,000 parts; objects of at most 5 TiB.
import * as l10n from '@vscode/l10n';
import { describeInput, isPlainObject } from './describeInput';
import { parseExpiry } from './duration';
import { parseObjectRef } from './automationArgs';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;

export const MIN_PART_SIZE = 5 * MiB;
export const MAX_PART_SIZE = 5 * GiB;
export const MAX_PARTS = 10000;
export const MAX_UPLOAD_SIZE = 5 * TiB;
/**
 * The chosen part size aims at this many parts at most: every part is one URL in the script and in the
 * secret store, so fewer and larger parts keep both small. 5 TiB in 5 GiB parts is 1,024 parts.
 */
export const TARGET_PARTS = 1000;

// Binary multiples, as the extension shows sizes (`formatBytes`) and as `ls -h` and Windows count them.
const UNITS: Record<string, number> = {
  b: 1,
  k: KiB,
  kb: KiB,
  kib: KiB,
  m: MiB,
  mb: MiB,
  mib: MiB,
  g: GiB,
  gb: GiB,
  gib: GiB,
  t: TiB,
  tb: TiB,
  tib: TiB,
};

const SIZE_PATTERN = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i;

export type ByteSizeResult = { ok: true; bytes: number } | { ok: false; message: string };

function sizeHint(): string {
  return l10n.t('Use a number of bytes (12884901888) or a size such as 500 MB, 12 GB or 1.5 TB (1 GB = 1024 MB).');
}

/**
 * A size in bytes from a whole number or a text such as `12 GB`, `1.5T`, `512MiB` or `12884901888`;
 * fractions of a byte round up. `name` says what is being sized in messages (`"size"`, `"partSize"`).
 */
export function parseByteSize(input: unknown, name: string): ByteSizeResult {
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input < 1) {
      return { ok: false, message: l10n.t('{0} must be a whole number of bytes of at least 1, got {1}.', name, describeInput(input)) };
    }
    return { ok: true, bytes: input };
  }
  if (typeof input !== 'string') {
    return { ok: false, message: l10n.t('{0} must be a number of bytes or a size text, got {1}. {2}', name, describeInput(input), sizeHint()) };
  }
  const match = SIZE_PATTERN.exec(input.trim().replace(/[,_](?=\d{3}\b)/g, ''));
  const unit = match ? UNITS[match[2].toLowerCase() || 'b'] : undefined;
  if (!match || unit === undefined) {
    return { ok: false, message: l10n.t('{0}: {1} is not a size. {2}', name, describeInput(input), sizeHint()) };
  }
  const bytes = Math.ceil(Number(match[1]) * unit);
  if (bytes > Number.MAX_SAFE_INTEGER) {
    return { ok: false, message: l10n.t('{0}: {1} is more than S3 stores in one object (5 TiB).', name, describeInput(input)) };
  }
  if (bytes < 1) {
    return { ok: false, message: l10n.t('{0} must be at least 1 byte, got {1}.', name, describeInput(input)) };
  }
  return { ok: true, bytes };
}

export interface PartPlan {
  /** The size the user gave: the largest file the URLs can upload is `partSize × partCount`. */
  size: number;
  /** Every part but the last has exactly this many bytes. */
  partSize: number;
  partCount: number;
}

export type PartPlanResult = { ok: true; plan: PartPlan } | { ok: false; message: string };

/**
 * The parts for a file of `size` bytes: `partSize` when given (checked against S3's limits), else the
 * smallest whole number of MiB from 5 MiB up that needs at most `TARGET_PARTS` parts (5 GiB at most).
 */
export function planParts(size: number, partSize?: number): PartPlanResult {
  if (!Number.isSafeInteger(size) || size < 1) {
    return { ok: false, message: l10n.t('The file size must be at least 1 byte.') };
  }
  if (size > MAX_UPLOAD_SIZE) {
    return {
      ok: false,
      message: l10n.t('{0} bytes is more than S3 stores in one object: at most 5 TiB ({1} bytes).', size, MAX_UPLOAD_SIZE),
    };
  }
  if (partSize === undefined) {
    const wanted = Math.ceil(Math.ceil(size / TARGET_PARTS) / MiB) * MiB;
    const chosen = Math.min(MAX_PART_SIZE, Math.max(MIN_PART_SIZE, wanted));
    return { ok: true, plan: { size, partSize: chosen, partCount: Math.ceil(size / chosen) } };
  }
  if (!Number.isSafeInteger(partSize) || partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
    return {
      ok: false,
      message: l10n.t('A part must have 5 MiB to 5 GiB ({0} to {1} bytes), not {2}.', MIN_PART_SIZE, MAX_PART_SIZE, String(partSize)),
    };
  }
  const partCount = Math.ceil(size / partSize);
  if (partCount > MAX_PARTS) {
    return {
      ok: false,
      message: l10n.t(
        'Parts of {0} bytes would make {1} parts; S3 allows at most {2}. Use parts of at least {3} bytes.',
        partSize,
        partCount,
        MAX_PARTS,
        Math.ceil(size / MAX_PARTS),
      ),
    };
  }
  return { ok: true, plan: { size, partSize, partCount } };
}

export interface LargeUploadArgs {
  bucket: string;
  key: string;
  size: number;
  expiresIn?: number;
  partSize?: number;
}

export type LargeUploadArgsResult = { ok: true; args: LargeUploadArgs; plan: PartPlan } | { ok: false; message: string };

const USAGE = '{ bucket, key, size, expiresIn?, partSize? }';

/** Checks the automation argument `{ bucket, key, size, expiresIn?, partSize? }` before anything is created. */
export function parseLargeUploadArgs(argument: unknown): LargeUploadArgsResult {
  const ref = parseObjectRef(argument, USAGE);
  if (!ref.ok) {
    return ref;
  }
  const value = ref.input;
  if (value.size === undefined) {
    return { ok: false, message: l10n.t('"size" is required: the size of the file to upload, e.g. 12884901888 or "12 GB".') };
  }
  const size = parseByteSize(value.size, '"size"');
  if (!size.ok) {
    return size;
  }
  const args: LargeUploadArgs = { bucket: ref.bucket, key: ref.key, size: size.bytes };
  if (value.expiresIn !== undefined) {
    const expiry = parseExpiry(value.expiresIn);
    if (!expiry.ok) {
      return expiry;
    }
    args.expiresIn = expiry.seconds;
  }
  if (value.partSize !== undefined) {
    const partSize = parseByteSize(value.partSize, '"partSize"');
    if (!partSize.ok) {
      return partSize;
    }
    args.partSize = partSize.bytes;
  }
  const plan = planParts(args.size, args.partSize);
  return plan.ok ? { ok: true, args, plan: plan.plan } : plan;
}

export const S3_XML_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** `<` `>` `&` and quotes escaped, so an ETag cannot break the XML it is written into. */
function xmlText(value: string): string {
  return value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The CompleteMultipartUpload body: every uploaded part's number and the ETag S3 answered for it,
 * in ascending part order as S3 requires.
 */
export function completeMultipartXml(parts: ReadonlyArray<{ partNumber: number; etag: string }>): string {
  const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  const body = sorted.map((part) => `<Part><PartNumber>${part.partNumber}</PartNumber><ETag>${xmlText(part.etag)}</ETag></Part>`);
  return `<CompleteMultipartUpload xmlns="${S3_XML_NAMESPACE}">${body.join('')}</CompleteMultipartUpload>`;
}

/** What the secret store keeps for a pending large upload: its URLs, bearer credentials all of them. */
export interface LargeUploadSecret {
  parts: string[];
  completeUrl: string;
}

export function largeUploadSecret(parts: ReadonlyArray<{ url: string }>, completeUrl: string): string {
  const secret: LargeUploadSecret = { parts: parts.map((part) => part.url), completeUrl };
  return JSON.stringify(secret);
}

/** The stored URLs, or `undefined` when the secret is missing or not one of ours. */
export function parseLargeUploadSecret(text: string | undefined): LargeUploadSecret | undefined {
  if (text === undefined) {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (
      isPlainObject(value) &&
      typeof value.completeUrl === 'string' &&
      Array.isArray(value.parts) &&
      value.parts.length > 0 &&
      value.parts.every((url) => typeof url === 'string')
    ) {
      return { parts: value.parts as string[], completeUrl: value.completeUrl };
    }
  } catch {
    // Not JSON: not a large upload's secret.
  }
  return undefined;
}
