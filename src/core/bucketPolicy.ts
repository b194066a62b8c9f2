// Bucket policies that secure presigned links (issue 5), in the shapes AWS documents, and the reverse:
// reading a bucket's policy to warn before copying a link that policy will refuse. Pure JSON work.
import { isIPv4, isIPv6 } from 'node:net';
import * as l10n from '@vscode/l10n';
import { formatDuration } from './duration';

export const POLICY_VERSION = '2012-10-17';

/** Stable Sids: regenerating replaces our own statements and leaves the bucket's others alone. */
export const PolicySids = {
  oldSignatures: 'S3PresignDenyOldSignatures',
  outsideNetwork: 'S3PresignDenyOutsideNetwork',
  presignedRequests: 'S3PresignDenyPresignedRequests',
} as const;

/** Below about a minute, ordinary clock skew between client and S3 makes fresh links fail. */
export const MIN_PRACTICAL_SIGNATURE_AGE_MS = 60_000;

export interface PresignPolicyOptions {
  /** Refuse presigned requests whose signature is older than this many milliseconds. */
  maxSignatureAgeMs?: number;
  /** Presigned requests must come from one of these CIDR ranges (IPv4 or IPv6)… */
  allowedCidrs?: string[];
  /** …or through this VPC endpoint (`vpce-…`)… */
  vpceId?: string;
  /** …or from this VPC (`vpc-…`). */
  vpcId?: string;
  /** Refuse query-string (presigned) authentication entirely. */
  denyPresigned?: boolean;
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

export type CidrValidation = { ok: true; cidr: string } | { ok: false; message: string };
export type PolicyMerge = { ok: true; policy: BucketPolicy } | { ok: false; message: string };

export interface PresignPolicyLimits {
  /** The smallest `s3:signatureAge` limit of a Deny statement, in ms. */
  maxSignatureAgeMs?: number;
  restrictsSourceIp: boolean;
  restrictsVpc: boolean;
  deniesPresigned: boolean;
}

/**
 * An IPv4 or IPv6 range as `aws:SourceIp` takes it. A bare address is accepted and given its full
 * prefix (/32, /128); the result is the normalised text to put in the policy.
 */
export function validateCidr(text: string): CidrValidation {
  const input = typeof text === 'string' ? text.trim() : '';
  const example = l10n.t('Use an IPv4 or IPv6 range such as 203.0.113.0/24 or 2001:db8::/32.');
  if (input === '') {
    return { ok: false, message: l10n.t('The IP range is empty. {0}', example) };
  }
  const slash = input.indexOf('/');
  const address = slash < 0 ? input : input.slice(0, slash);
  const prefixText = slash < 0 ? undefined : input.slice(slash + 1);
  // node:net accepts zone ids (fe80::1%eth0); a policy does not.
  const v4 = isIPv4(address);
  const v6 = !v4 && !address.includes('%') && isIPv6(address);
  if (!v4 && !v6) {
    return { ok: false, message: l10n.t('{0} is not an IP address. {1}', JSON.stringify(address), example) };
  }
  const max = v4 ? 32 : 128;
  if (prefixText === undefined) {
    return { ok: true, cidr: `${address}/${max}` };
  }
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) {
    return {
      ok: false,
      message: l10n.t('The prefix length /{0} is invalid: it must be a number from 0 to {1} for {2}.', prefixText, max, v4 ? 'IPv4' : 'IPv6'),
    };
  }
  return { ok: true, cidr: `${address}/${Number(prefixText)}` };
}

function statement(bucket: string, sid: string, condition: PolicyStatement['Condition']): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
    Condition: condition,
  };
}

/**
 * Deny statements that limit presigned links. Throws an Error with a user-facing message for invalid
 * options (check them first with the validators to show the message next to the input).
 */
export function buildPresignPolicy(bucket: string, options: PresignPolicyOptions): BucketPolicy {
  const statements: PolicyStatement[] = [];
  const age = options.maxSignatureAgeMs;
  if (age !== undefined) {
    if (!Number.isSafeInteger(age) || age <= 0) {
      throw new Error(l10n.t('The maximum signature age must be a positive whole number of milliseconds.'));
    }
    // s3:signatureAge is only set for presigned (query-string) requests, so this cannot lock anyone out.
    statements.push(statement(bucket, PolicySids.oldSignatures, { NumericGreaterThan: { 's3:signatureAge': age } }));
  }
  const cidrs = (options.allowedCidrs ?? []).map((text) => {
    const checked = validateCidr(text);
    if (!checked.ok) {
      throw new Error(checked.message);
    }
    return checked.cidr;
  });
  const vpce = options.vpceId?.trim();
  const vpc = options.vpcId?.trim();
  if (vpce && !/^vpce-[0-9a-z]+$/.test(vpce)) {
    throw new Error(l10n.t('{0} is not a VPC endpoint id: it looks like vpce-0a1b2c3d4e5f67890.', JSON.stringify(vpce)));
  }
  if (vpc && !/^vpc-[0-9a-z]+$/.test(vpc)) {
    throw new Error(l10n.t('{0} is not a VPC id: it looks like vpc-0a1b2c3d4e5f67890.', JSON.stringify(vpc)));
  }
  if (cidrs.length || vpce || vpc) {
    // One statement for every allowed path: separate Deny statements would each refuse the other paths
    // (a request through a VPC endpoint has no public source IP). Scoped to presigned requests so the
    // policy can never lock the bucket's owners out of the console or the CLI.
    const condition: NonNullable<PolicyStatement['Condition']> = {};
    if (cidrs.length) {
      condition.NotIpAddress = { 'aws:SourceIp': cidrs };
    }
    const notEquals: Record<string, string> = {};
    if (vpce) {
      notEquals['aws:SourceVpce'] = vpce;
    }
    if (vpc) {
      notEquals['aws:SourceVpc'] = vpc;
    }
    if (vpce || vpc) {
      condition.StringNotEquals = notEquals;
    }
    condition.StringEquals = { 's3:authType': 'REST-QUERY-STRING' };
    statements.push(statement(bucket, PolicySids.outsideNetwork, condition));
  }
  if (options.denyPresigned) {
    statements.push(statement(bucket, PolicySids.presignedRequests, { StringEquals: { 's3:authType': 'REST-QUERY-STRING' } }));
  }
  return { Version: POLICY_VERSION, Statement: statements };
}

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

function parsePolicy(existing: unknown): Parsed {
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Adds the generated statements to the bucket's current policy: a statement with the same Sid is
 * replaced in place, every other statement and field is kept. No policy (undefined, null, '') yields
 * the generated one.
 */
export function mergePolicy(existing: unknown, generated: BucketPolicy): PolicyMerge {
  const parsed = parsePolicy(existing);
  if (!parsed.ok) {
    return parsed;
  }
  if (parsed.value === undefined || parsed.value === null) {
    return { ok: true, policy: structuredClone(generated) };
  }
  if (!isRecord(parsed.value)) {
    return { ok: false, message: l10n.t("The bucket's current policy is not a JSON object. Fix or remove it before merging.") };
  }
  const current = structuredClone(parsed.value);
  const raw = current.Statement;
  if (raw !== undefined && !Array.isArray(raw) && !isRecord(raw)) {
    return { ok: false, message: l10n.t("The bucket's current policy has an invalid \"Statement\": it must be a list of statements.") };
  }
  // IAM allows a single statement object instead of a list.
  const statements = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) as unknown[];
  const merged = [...statements];
  for (const addition of generated.Statement) {
    const index = merged.findIndex((s) => isRecord(s) && addition.Sid !== undefined && s.Sid === addition.Sid);
    if (index >= 0) {
      merged[index] = structuredClone(addition);
    }
    else {
      merged.push(structuredClone(addition));
    }
  }
  const policy = { ...current, Version: typeof current.Version === 'string' ? current.Version : generated.Version, Statement: merged };
  return { ok: true, policy: policy as BucketPolicy };
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** IAM wildcard match (`*` any run, `?` one char), case-insensitive as actions are. */
function globMatches(pattern: string, text: string, caseInsensitive: boolean): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's').test(text);
}

function appliesToEveryone(principal: unknown): boolean {
  if (principal === '*') {
    return true;
  }
  if (!isRecord(principal)) {
    return false;
  }
  return asList(principal.AWS).includes('*');
}

function coversObjectRequests(action: unknown): boolean {
  return asList(action).some(
    (a) => typeof a === 'string' && ['s3:GetObject', 's3:PutObject'].some((wanted) => globMatches(a, wanted, true)),
  );
}

/** Does the resource pattern reach (some) objects of the bucket? `bucket/private/*` counts: it limits some keys. */
function coversBucketObjects(resource: unknown, bucket: string): boolean {
  return asList(resource).some((r) => {
    if (typeof r !== 'string') {
      return false;
    }
    if (r === '*') {
      return true;
    }
    const match = /^arn:[^:]*:s3:::(.*)$/i.exec(r);
    if (!match) {
      return false;
    }
    const slash = match[1].indexOf('/');
    const bucketPart = slash < 0 ? match[1] : match[1].slice(0, slash);
    if (slash >= 0) {
      return globMatches(bucketPart, bucket, false);
    }
    // `arn:aws:s3:::buck*` has no object part but its wildcard spans into keys.
    return bucketPart.endsWith('*') && globMatches(bucketPart, `${bucket}/x`, false);
  });
}

/** Condition blocks as [operator, key, values] with keys lower-cased (condition keys are case-insensitive). */
function conditionEntries(condition: unknown): [string, string, unknown[]][] {
  if (!isRecord(condition)) {
    return [];
  }
  const entries: [string, string, unknown[]][] = [];
  for (const [operator, block] of Object.entries(condition)) {
    if (!isRecord(block)) {
      continue;
    }
    for (const [key, value] of Object.entries(block)) {
      entries.push([operator, key.toLowerCase(), asList(value)]);
    }
  }
  return entries;
}

/**
 * What a bucket policy does to presigned links, read from its Deny statements that apply to everyone
 * and to object requests on this bucket. Unreadable policies report no limits: this only feeds a
 * warning, and a guess must never block copying.
 */
export function presignPolicyLimits(policy: unknown, target: { bucket: string }): PresignPolicyLimits {
  const limits: PresignPolicyLimits = { restrictsSourceIp: false, restrictsVpc: false, deniesPresigned: false };
  const parsed = parsePolicy(policy);
  if (!parsed.ok || !isRecord(parsed.value)) {
    return limits;
  }
  for (const s of asList(parsed.value.Statement)) {
    if (!isRecord(s) || s.Effect !== 'Deny' || !appliesToEveryone(s.Principal)) {
      continue;
    }
    if (!coversObjectRequests(s.Action) || !coversBucketObjects(s.Resource, target.bucket)) {
      continue;
    }
    const entries = conditionEntries(s.Condition);
    if (entries.length === 0) {
      limits.deniesPresigned = true; // an unconditional Deny refuses presigned requests too
      continue;
    }
    let onlyAuthType = true;
    let matchesQueryAuth = false;
    for (const [operator, key, values] of entries) {
      const op = operator.replace(/IfExists$/i, '').toLowerCase();
      if (key === 's3:signatureage' && op.startsWith('numericgreaterthan')) {
        for (const v of values) {
          const ms = Number(v);
          if (Number.isFinite(ms) && (limits.maxSignatureAgeMs === undefined || ms < limits.maxSignatureAgeMs)) {
            limits.maxSignatureAgeMs = ms;
          }
        }
      }
      if (key === 'aws:sourceip') {
        limits.restrictsSourceIp = true;
      }
      if (key === 'aws:sourcevpc' || key === 'aws:sourcevpce') {
        limits.restrictsVpc = true;
      }
      if (key === 's3:authtype') {
        const listed = values.some((v) => typeof v === 'string' && v.toUpperCase() === 'REST-QUERY-STRING');
        if ((op === 'stringequals' || op === 'stringequalsignorecase' || op === 'stringlike') && listed) {
          matchesQueryAuth = true;
        }
        if ((op === 'stringnotequals' || op === 'stringnotequalsignorecase' || op === 'stringnotlike') && !listed) {
          matchesQueryAuth = true;
        }
      } else {
        onlyAuthType = false;
      }
    }
    if (onlyAuthType && matchesQueryAuth) {
      limits.deniesPresigned = true;
    }
  }
  return limits;
}

/**
 * Warnings to show before copying a link the bucket's policy will cut short or refuse, e.g.
 * "This bucket refuses links older than 10 min: your 1 day link will stop working in 10 min."
 */
export function presignPolicyWarnings(limits: PresignPolicyLimits, expiresInSeconds: number): string[] {
  const warnings: string[] = [];
  if (limits.deniesPresigned) {
    warnings.push(l10n.t("This bucket's policy refuses presigned requests: the link will not work."));
    return warnings;
  }
  const age = limits.maxSignatureAgeMs;
  if (age !== undefined && age < expiresInSeconds * 1000) {
    const limit = formatDuration(age / 1000);
    warnings.push(
      l10n.t(
        'This bucket refuses links older than {0}: your {1} link will stop working in {0}.',
        limit,
        formatDuration(expiresInSeconds),
      ),
    );
  }
  if (limits.restrictsSourceIp || limits.restrictsVpc) {
    warnings.push(
      l10n.t("This bucket's policy only accepts requests from certain networks: the link may not work for its recipient."),
    );
  }
  return warnings;
}
