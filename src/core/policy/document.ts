// The bucket policy document as S3 takes it: its shape, this generator's statement ids, parsing a
// policy the bucket returned, and S3's size limit. Pure JSON work, shared by build, merge and read.
import * as l10n from '@vscode/l10n';

export const POLICY_VERSION = '2012-10-17';

/** Stable Sids: regenerating replaces our own statements and leaves the bucket's others alone. */
export const PolicySids = {
  oldSignatures: 'S3PresignDenyOldSignatures',
  outsideNetwork: 'S3PresignDenyOutsideNetwork',
  presignedRequests: 'S3PresignDenyPresignedRequests',
} as const;

const GENERATOR_SIDS: ReadonlySet<string> = new Set(Object.values(PolicySids));

/** Is this one of the statements this generator writes (and may remove when not chosen again)? */
export function isGeneratorSid(sid: unknown): boolean {
  return typeof sid === 'string' && GENERATOR_SIDS.has(sid);
}

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal: '*' | Record<string, unknown>;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
  [extra: string]: unknown;
}

export interface BucketPolicy {
  Version: string;
  Id?: string;
  Statement: PolicyStatement[];
  [extra: string]: unknown;
}

export type ParsedPolicy = { ok: true; value: unknown } | { ok: false; message: string };

/** A policy as GetBucketPolicy returns it (text) or already parsed; blank text means no policy. */
export function parsePolicy(existing: unknown): ParsedPolicy {
  if (typeof existing !== 'string') {
    return { ok: true, value: existing };
  }
  if (existing.trim() === '') {
    return { ok: true, value: undefined };
  }
  try {
    return { ok: true, value: JSON.parse(existing) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      message: l10n.t("The bucket's current policy is not valid JSON ({0}). Fix or remove it before merging.", detail),
    };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** IAM allows a single value (or statement) wherever a list is allowed. */
export const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** The statements of a parsed policy, whatever their shape; `[]` for anything that is not a policy. */
export function statementsOf(policy: unknown): unknown[] {
  return isRecord(policy) ? asList(policy.Statement) : [];
}

/**
 * S3 refuses bucket policies over 20 KB. Counted as the bytes of the JSON text sent, whitespace
 * included: the API stores what it is given (only the console strips whitespace), so the indentation
 * of the editor's text counts too.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/add-bucket-policy.html
 */
export const MAX_POLICY_BYTES = 20_480;

export type PolicySize = { ok: true; text: string } | { ok: false; message: string };

/**
 * The text to send for a policy the user reviewed: as written when it fits, without whitespace when
 * only the indentation makes it too large (the same policy), else a message saying what to do.
 */
export function fitPolicySize(text: string): PolicySize {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= MAX_POLICY_BYTES) {
    return { ok: true, text };
  }
  let compact: string;
  try {
    compact = JSON.stringify(JSON.parse(text));
  } catch {
    compact = text;
  }
  const compactBytes = Buffer.byteLength(compact, 'utf8');
  if (compactBytes <= MAX_POLICY_BYTES) {
    return { ok: true, text: compact };
  }
  return {
    ok: false,
    message: l10n.t(
      'The policy is too large for S3: {0} bytes without whitespace ({1} as written), and S3 accepts at most {2} bytes (20 KB). Remove statements or combine them (several resources, IP ranges or actions in one statement), then apply again.',
      compactBytes,
      bytes,
      MAX_POLICY_BYTES,
    ),
  };
}
