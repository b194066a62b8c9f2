// Reading a bucket's policy for what it does to one presigned request (issue 5, issue 12 item 5): the
// warnings shown before copying a link. Only Deny statements that certainly apply to a presigned GET
// or PUT of the key count; anything this reader cannot decide (an unknown condition key, a policy
// variable) is left out, because a false warning teaches users to ignore the real ones. Pure.
import * as l10n from '@vscode/l10n';
import { formatDuration } from '../duration';
import { asList, isRecord, parsePolicy, statementsOf } from './document';

export interface PresignPolicyLimits {
  /** The oldest signature the bucket still accepts, in ms (the smallest such limit of its Deny statements). */
  maxSignatureAgeMs?: number;
  restrictsSourceIp: boolean;
  restrictsVpc: boolean;
  deniesPresigned: boolean;
}

/** The presigned request a policy is read for. */
export interface PresignTarget {
  bucket: string;
  /** Without a key, a statement that limits some keys of the bucket counts. */
  key?: string;
  /** Without a method, a statement that limits GET or PUT counts. */
  method?: 'GET' | 'PUT';
}

const ACTIONS = { GET: 's3:GetObject', PUT: 's3:PutObject' } as const;

/** What a presigned request carries: SigV4 in the query string. Keys S3 sets on every such request. */
const QUERY_AUTH = { 's3:authtype': 'REST-QUERY-STRING', 's3:signatureversion': 'AWS4-HMAC-SHA256' } as const;

/** Condition keys that depend on where the link is used from, which the signer cannot know. */
const SOURCE_IP_KEYS = new Set(['aws:sourceip', 'aws:vpcsourceip']);
const VPC_KEYS = new Set(['aws:sourcevpc', 'aws:sourcevpce', 'aws:sourcevpcarn']);

/**
 * What one condition (operator, key, values) means for the presigned request: certainly true or false,
 * a signature-age limit (true once the signature is older than `maxAgeMs`), true for some networks only,
 * or `unknown`.
 */
type Fact = boolean | 'unknown' | 'sourceIp' | 'vpc' | { maxAgeMs: number };

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An IAM wildcard pattern (`*` any run, `?` one character) as a RegExp; `undefined` when it holds a
 * policy variable such as `${aws:username}`, whose value depends on the request. `${*}`, `${?}` and
 * `${$}` are the escapes for the literal characters.
 */
function globRegex(pattern: string, caseInsensitive: boolean): RegExp | undefined {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    if (pattern.startsWith('${', i)) {
      const end = pattern.indexOf('}', i);
      const literal = end < 0 ? '' : pattern.slice(i + 2, end);
      if (!['*', '?', '$'].includes(literal)) {
        return undefined;
      }
      source += escapeRegex(literal);
      i = end;
      continue;
    }
    const c = pattern[i];
    source += c === '*' ? '.*' : c === '?' ? '.' : escapeRegex(c);
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
}

function globMatches(pattern: string, text: string, caseInsensitive: boolean): boolean | undefined {
  return globRegex(pattern, caseInsensitive)?.test(text);
}

const isEveryone = (principal: unknown): boolean =>
  principal === '*' || (isRecord(principal) && asList(principal.AWS).includes('*'));

/**
 * `Principal` must name everyone: a statement for named principals may not be about the signer.
 * `NotPrincipal` applies to everyone but those it names, so it counts unless it names everyone.
 */
function principalApplies(s: Record<string, unknown>): boolean {
  if (s.Principal !== undefined) {
    return isEveryone(s.Principal);
  }
  return s.NotPrincipal !== undefined && !isEveryone(s.NotPrincipal);
}

/** Actions are case-insensitive; `NotAction` applies to every action it does not list. */
function actionApplies(s: Record<string, unknown>, target: PresignTarget): boolean {
  const actions = target.method ? [ACTIONS[target.method]] : Object.values(ACTIONS);
  const listed = (patterns: unknown, action: string): boolean =>
    asList(patterns).some((p) => typeof p === 'string' && globMatches(p, action, true) === true);
  if (s.Action !== undefined) {
    return actions.some((action) => listed(s.Action, action));
  }
  return s.NotAction !== undefined && actions.some((action) => !listed(s.NotAction, action));
}

/** The part after `arn:PARTITION:s3:::` of an S3 ARN pattern, `*` for every resource, else undefined. */
function s3ResourcePart(pattern: string): string | undefined {
  if (pattern === '*') {
    return '*';
  }
  const parts = pattern.split(':');
  if (parts.length < 6) {
    return undefined;
  }
  const [arn, , service, region, account] = parts;
  const fits = [[arn, 'arn'], [service, 's3'], [region, ''], [account, '']].every(([p, text]) => globMatches(p, text, true));
  return fits ? parts.slice(5).join(':') : undefined;
}

/** Does the pattern name the target's object? Without a key: does it name some object of the bucket? */
function resourceMatches(pattern: unknown, target: PresignTarget): boolean | undefined {
  const rest = typeof pattern === 'string' ? s3ResourcePart(pattern) : undefined;
  if (rest === undefined) {
    return false;
  }
  if (target.key !== undefined) {
    return globMatches(rest, `${target.bucket}/${target.key}`, false);
  }
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    return globMatches(rest.slice(0, slash), target.bucket, false);
  }
  // `arn:aws:s3:::buck*` has no object part but its wildcard spans into keys.
  return rest.endsWith('*') ? globMatches(rest, `${target.bucket}/x`, false) : false;
}

/**
 * Without a key: does a `NotResource` pattern exclude every object of the bucket (`bucket/*`, `*`)?
 * `undefined` when a wildcard or variable before the end makes that hard to tell.
 */
function excludesWholeBucket(pattern: unknown, bucket: string): boolean | undefined {
  const rest = typeof pattern === 'string' ? s3ResourcePart(pattern) : undefined;
  if (rest === undefined || !rest.endsWith('*')) {
    return false;
  }
  const prefix = rest.slice(0, -1);
  return /[*?]|\$\{/.test(prefix) ? undefined : `${bucket}/`.startsWith(prefix);
}

/** `NotResource` applies to what it does not list; a pattern we cannot decide counts as listing it. */
function resourceApplies(s: Record<string, unknown>, target: PresignTarget): boolean {
  if (s.Resource !== undefined) {
    return asList(s.Resource).some((r) => resourceMatches(r, target) === true);
  }
  if (s.NotResource === undefined) {
    return false;
  }
  const excluded = (r: unknown): boolean | undefined =>
    target.key === undefined ? excludesWholeBucket(r, target.bucket) : resourceMatches(r, target);
  return asList(s.NotResource).every((r) => excluded(r) === false);
}

/**
 * The operator without its `ForAnyValue:` / `ForAllValues:` prefix and `IfExists` suffix, lower-cased.
 * For the keys read here (single-valued, always present in a presigned request) both mean the same as
 * the plain operator.
 */
function baseOperator(operator: string): string {
  return operator
    .toLowerCase()
    .replace(/^for(anyvalue|allvalues):/, '')
    .replace(/ifexists$/, '');
}

/** `Null: true` asks that the key be absent; the keys read here are always present. */
function nullFact(values: unknown[]): Fact {
  if (values.length !== 1) {
    return 'unknown';
  }
  const value = String(values[0]).toLowerCase();
  return value === 'false' ? true : value === 'true' ? false : 'unknown';
}

/** A number as IAM takes it (a JSON number or its text); `""`, negatives and other text are not limits. */
function numberValue(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? value : undefined;
  }
  return typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
}

function signatureAgeFact(operator: string, values: unknown[]): Fact {
  if (operator === 'null') {
    return nullFact(values);
  }
  const limits = values.map(numberValue).filter((n): n is number => n !== undefined);
  if (limits.length === 0) {
    return 'unknown';
  }
  // Several values: the request is refused as soon as its age passes any one of them.
  const limit = Math.min(...limits);
  if (operator === 'numericgreaterthan') {
    return { maxAgeMs: Math.floor(limit) };
  }
  if (operator === 'numericgreaterthanequals') {
    // Ages (whole ms) of N or more are refused: the link works below N.
    const maxAgeMs = Math.ceil(limit) - 1;
    return maxAgeMs < 0 ? true : { maxAgeMs };
  }
  return 'unknown';
}

function stringFact(operator: string, values: unknown[], actual: string): Fact {
  if (operator === 'null') {
    return nullFact(values);
  }
  const strings = values.filter((v): v is string => typeof v === 'string');
  if (strings.length === 0) {
    return 'unknown';
  }
  const anyEqual = (caseInsensitive: boolean): boolean =>
    strings.some((v) => (caseInsensitive ? v.toLowerCase() === actual.toLowerCase() : v === actual));
  const anyLike = (): boolean | undefined => {
    const matches = strings.map((v) => globMatches(v, actual, false));
    return matches.includes(true) ? true : matches.includes(undefined) ? undefined : false;
  };
  switch (operator) {
    case 'stringequals':
      return anyEqual(false);
    case 'stringnotequals':
      return !anyEqual(false);
    case 'stringequalsignorecase':
      return anyEqual(true);
    case 'stringnotequalsignorecase':
      return !anyEqual(true);
    case 'stringlike':
      return anyLike() ?? 'unknown';
    case 'stringnotlike': {
      const like = anyLike();
      return like === undefined ? 'unknown' : !like;
    }
    default:
      return 'unknown';
  }
}

function conditionFact(operator: string, key: string, values: unknown[]): Fact {
  const op = baseOperator(operator);
  if (SOURCE_IP_KEYS.has(key)) {
    return 'sourceIp';
  }
  if (VPC_KEYS.has(key)) {
    return 'vpc';
  }
  if (key === 's3:signatureage') {
    return signatureAgeFact(op, values);
  }
  if (Object.hasOwn(QUERY_AUTH, key)) {
    return stringFact(op, values, QUERY_AUTH[key as keyof typeof QUERY_AUTH]);
  }
  return 'unknown';
}

/** Every condition of a statement (they must all hold); `undefined` when the block is malformed. */
function conditionFacts(condition: unknown): Fact[] | undefined {
  if (condition === undefined) {
    return [];
  }
  if (!isRecord(condition)) {
    return undefined;
  }
  const facts: Fact[] = [];
  for (const [operator, block] of Object.entries(condition)) {
    if (!isRecord(block)) {
      return undefined;
    }
    for (const [key, value] of Object.entries(block)) {
      // Condition keys are case-insensitive.
      facts.push(conditionFact(operator, key.toLowerCase(), asList(value)));
    }
  }
  return facts;
}

type Effect = { denies: true } | { maxAgeMs: number } | { sourceIp: boolean; vpc: boolean };

/** What a Deny statement certainly does to the target request, if anything. */
function statementEffect(s: unknown, target: PresignTarget): Effect | undefined {
  if (!isRecord(s) || s.Effect !== 'Deny' || !principalApplies(s) || !actionApplies(s, target) || !resourceApplies(s, target)) {
    return undefined;
  }
  const facts = conditionFacts(s.Condition);
  if (!facts || facts.some((f) => f === false || f === 'unknown')) {
    return undefined;
  }
  if (facts.includes('sourceIp') || facts.includes('vpc')) {
    // Refused from elsewhere only (an age limit in the same statement too): a warning about networks.
    return { sourceIp: facts.includes('sourceIp'), vpc: facts.includes('vpc') };
  }
  const ages = facts.filter((f): f is { maxAgeMs: number } => typeof f === 'object');
  if (ages.length) {
    // All conditions must hold: refused once the signature is older than every limit.
    return { maxAgeMs: Math.max(...ages.map((a) => a.maxAgeMs)) };
  }
  return { denies: true };
}

/**
 * What a bucket policy does to a presigned request for `target`. Unreadable policies report no limits:
 * this only feeds a warning, and a guess must never block copying.
 */
export function presignPolicyLimits(policy: unknown, target: PresignTarget): PresignPolicyLimits {
  const limits: PresignPolicyLimits = { restrictsSourceIp: false, restrictsVpc: false, deniesPresigned: false };
  const parsed = parsePolicy(policy);
  if (!parsed.ok) {
    return limits;
  }
  for (const s of statementsOf(parsed.value)) {
    const effect = statementEffect(s, target);
    if (!effect) {
      continue;
    }
    if ('denies' in effect) {
      limits.deniesPresigned = true;
    } else if ('maxAgeMs' in effect) {
      if (limits.maxSignatureAgeMs === undefined || effect.maxAgeMs < limits.maxSignatureAgeMs) {
        limits.maxSignatureAgeMs = effect.maxAgeMs;
      }
    } else {
      limits.restrictsSourceIp ||= effect.sourceIp;
      limits.restrictsVpc ||= effect.vpc;
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

/**
 * When a bucket policy refuses signatures older than `maxSignatureAgeMs`, a link signed at `signedAt`
 * really stops working then. Returns the earlier of that and `effectiveExpiresAt`.
 */
export function limitBySignatureAge(effectiveExpiresAt: Date, signedAt: Date, maxSignatureAgeMs: number | undefined): Date {
  if (maxSignatureAgeMs === undefined || !Number.isFinite(maxSignatureAgeMs)) {
    return effectiveExpiresAt;
  }
  const limit = new Date(signedAt.getTime() + Math.max(0, maxSignatureAgeMs));
  return limit < effectiveExpiresAt ? limit : effectiveExpiresAt;
}
