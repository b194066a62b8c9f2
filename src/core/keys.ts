// Object keys, bucket names and s3:// input: validated before anything is signed, so a bad value is
// refused with a message instead of producing a URL that cannot work. Pure: no vscode, no AWS SDK.
import * as l10n from '@vscode/l10n';
import { describeType, quoteInput } from './describeInput';

export const MAX_KEY_BYTES = 1024;

export type KeyValidation = { ok: true; warnings: string[] } | { ok: false; message: string };
export type BucketValidation = { ok: true } | { ok: false; message: string };
export type BucketInput = { ok: true; bucket: string; prefix: string } | { ok: false; message: string };

const codepoint = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * S3 keys are at most 1024 bytes of UTF-8. Control characters are legal for S3 but break XML listings,
 * terminals and copy-paste, and a lone surrogate cannot be encoded as UTF-8 at all: both are refused.
 */
export function validateObjectKey(key: unknown): KeyValidation {
  if (typeof key !== 'string') {
    return { ok: false, message: l10n.t('The object key must be text, not {0}.', describeType(key)) };
  }
  if (key.length === 0) {
    return { ok: false, message: l10n.t('The object key is empty. Enter a key such as reports/2024/summary.pdf.') };
  }
  let position = 0; // 1-based, in characters (code points), as a user counts them
  for (let i = 0; i < key.length; i++) {
    position++;
    const unit = key.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = key.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a valid pair is one character
        continue;
      }
    }
    if (unit >= 0xd800 && unit <= 0xdfff) {
      return {
        ok: false,
        message: l10n.t(
          'The object key contains an unpaired surrogate ({0}) at character {1}; it cannot be encoded as UTF-8. Remove that character.',
          codepoint(unit),
          position,
        ),
      };
    }
    if (unit <= 0x1f || unit === 0x7f) {
      return {
        ok: false,
        message: l10n.t(
          'The object key contains a control character ({0}) at character {1}. Remove it: control characters break listings, terminals and links.',
          codepoint(unit),
          position,
        ),
      };
    }
  }
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) {
    return {
      ok: false,
      message: l10n.t('The object key is {0} bytes of UTF-8; S3 allows at most {1} bytes. Use a shorter key.', bytes, MAX_KEY_BYTES),
    };
  }
  const warnings: string[] = [];
  if (key.startsWith('/')) {
    warnings.push(l10n.t('The key starts with "/": keys starting with / create an empty-named folder in most tools.'));
  }
  if (key.includes('//')) {
    warnings.push(l10n.t('The key contains "//": most tools show that as an empty-named folder.'));
  }
  const dots = dotSegmentProblem(key);
  if (dots) {
    warnings.push(dots);
  }
  return { ok: true, warnings };
}

const isDotSegment = (segment: string) => segment === '.' || segment === '..';

/** Whether a key (or an encoded key path: `.` is never escaped) has a `.` or `..` segment. */
export function hasDotSegments(keyOrPath: string): boolean {
  return keyOrPath.split('/').some(isDotSegment);
}

/**
 * Why no link can name this key, or undefined. Browsers, curl and fetch remove `.` and `..` path
 * segments before sending (RFC 3986 "remove dot segments"; WHATWG URL also removes `%2E%2E`), so
 * the request would name another object. A key with other segments survives as one path segment
 * (see `dotSafeKeyPath`); a key that is only `.` or `..` has nothing to hide the dots in.
 */
export function dotSegmentProblem(key: string): string | undefined {
  if (!isDotSegment(key)) {
    return undefined;
  }
  return l10n.t(
    'The key "{0}" cannot be shared as a link: browsers and curl remove "." and ".." from a web address, so the link would name another object (only curl --path-as-is keeps it).',
    key,
  );
}

/**
 * The key path to put in a link, from the path the SDK signs (`{Key+}`: segments encoded, `/` kept).
 * With a `.` or `..` segment every `/` becomes `%2F`: nothing left for a browser to normalise, and
 * S3 (checked against radosgw) decodes the path before computing the canonical request, so the
 * signature over the plain path still matches. Keys without dot segments are returned unchanged.
 */
export function dotSafeKeyPath(encodedKeyPath: string): string {
  return hasDotSegments(encodedKeyPath) ? encodedKeyPath.replace(/\//g, '%2F') : encodedKeyPath;
}

/**
 * `url` (signed over `…/<encodedKeyPath>`) with its key path made safe by `dotSafeKeyPath`. The
 * path is the part before the first `?`; the query (signature included) is not touched.
 */
export function withDotSafeKeyPath(url: string, encodedKeyPath: string): string {
  const safe = dotSafeKeyPath(encodedKeyPath);
  const queryStart = url.indexOf('?');
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  if (safe === encodedKeyPath || !path.endsWith('/' + encodedKeyPath)) {
    return url;
  }
  return path.slice(0, path.length - encodedKeyPath.length) + safe + url.slice(path.length);
}

const IPV4_LIKE = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
// Access point aliases (`…-s3alias`, Object Lambda `…--ol-s3`) are bucket names to the API and are
// signed like any bucket: only *creating* a general-purpose bucket with those endings is refused by S3,
// which is no reason to refuse them here (issue 12). The endings below are not general-purpose buckets.
const RESERVED_SUFFIXES = ['--table-s3'];

/** S3's naming rules for general-purpose buckets; each message names the rule that is broken. */
export function validateBucketName(name: unknown): BucketValidation {
  if (typeof name !== 'string') {
    return { ok: false, message: l10n.t('The bucket name must be text, not {0}.', describeType(name)) };
  }
  if (name.length === 0) {
    return { ok: false, message: l10n.t('Enter a bucket name.') };
  }
  const shown = quoteInput(name);
  if (name.length < 3 || name.length > 63) {
    return {
      ok: false,
      message: l10n.t('Bucket {0} is {1} characters long; bucket names are 3 to 63 characters.', shown, name.length),
    };
  }
  if (/[A-Z]/.test(name)) {
    return { ok: false, message: l10n.t('Bucket {0} has uppercase letters; bucket names use lowercase letters only.', shown) };
  }
  const bad = /[^a-z0-9.-]/u.exec(name);
  if (bad) {
    return {
      ok: false,
      message: l10n.t(
        'Bucket {0} contains {1}; bucket names may contain only lowercase letters, digits, dots (.) and hyphens (-).',
        shown,
        JSON.stringify(bad[0]),
      ),
    };
  }
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) {
    return { ok: false, message: l10n.t('Bucket {0}: bucket names must start and end with a letter or digit.', shown) };
  }
  if (name.includes('..')) {
    return { ok: false, message: l10n.t('Bucket {0}: bucket names must not contain two adjacent dots (..).', shown) };
  }
  if (IPV4_LIKE.test(name)) {
    return { ok: false, message: l10n.t('Bucket {0}: bucket names must not be formatted as an IP address.', shown) };
  }
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) {
    return { ok: false, message: l10n.t('Bucket {0}: names starting with "{1}" are reserved by S3.', shown, prefix) };
  }
  if (name.endsWith('--x-s3')) {
    // S3 signs directory buckets with session credentials on a zonal `s3express` endpoint (CreateSession):
    // a plain SigV4 link for one cannot work, so say so instead of producing it.
    return {
      ok: false,
      message: l10n.t('Bucket {0} is a directory bucket (S3 Express One Zone, name ending with "--x-s3"): directory buckets are not supported.', shown),
    };
  }
  if (name.endsWith('.mrap')) {
    return {
      ok: false,
      message: l10n.t('Bucket {0} is a Multi-Region Access Point alias (name ending with ".mrap"): these need SigV4A signing, which is not supported.', shown),
    };
  }
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) {
    return { ok: false, message: l10n.t('Bucket {0}: names ending with "{1}" are reserved by S3.', shown, suffix) };
  }
  return { ok: true };
}

/** Dotted names break the `*.s3.amazonaws.com` TLS certificate of virtual-hosted URLs: use path-style. */
export function isDottedBucket(name: string): boolean {
  return name.includes('.');
}

const S3_URI = /^s3:\/\//i;
const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::/i;

/**
 * Reads what a user pastes to open a bucket they may not be allowed to list: `bucket`, `bucket/prefix/`,
 * `s3://bucket/prefix/` or `arn:aws:s3:::bucket`. The prefix is kept exactly as typed (raw, not encoded).
 */
export function parseBucketInput(input: string): BucketInput {
  const hint = l10n.t('Enter a bucket name, an s3:// URI such as s3://my-bucket/reports/, or a bucket ARN.');
  if (typeof input !== 'string') {
    return { ok: false, message: hint };
  }
  let rest = input.trim();
  if (rest === '') {
    return { ok: false, message: l10n.t('Nothing was entered. {0}', hint) };
  }
  let isArn = false;
  if (S3_URI.test(rest)) {
    rest = rest.replace(S3_URI, '');
  } else if (BUCKET_ARN.test(rest)) {
    rest = rest.replace(BUCKET_ARN, '');
    isArn = true;
  } else if (/^arn:/i.test(rest)) {
    return { ok: false, message: l10n.t('Only bucket ARNs (arn:aws:s3:::bucket) are supported, not access point or other ARNs. {0}', hint) };
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(rest)) {
    return { ok: false, message: l10n.t('Web addresses are not supported here. {0}', hint) };
  }
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  let prefix = slash < 0 ? '' : rest.slice(slash + 1);
  // Policy-style ARNs end with a wildcard (`bucket/*`, `bucket/logs/*`): it is not part of the prefix.
  if (isArn && prefix.endsWith('*')) {
    prefix = prefix.slice(0, -1);
  }
  const bucketCheck = validateBucketName(bucket);
  if (!bucketCheck.ok) {
    return bucketCheck;
  }
  if (prefix !== '') {
    const prefixCheck = validateObjectKey(prefix);
    if (!prefixCheck.ok) {
      return { ok: false, message: prefixCheck.message };
    }
  }
  return { ok: true, bucket, prefix };
}
