// Inputs of "Generate Bucket Policy for Presigned Links…" (issue 5): the automation argument object and
// the texts typed into its prompts, validated with the same rules. Pure: no vscode, no AWS SDK.
import * as l10n from '@vscode/l10n';
import { describeInput, isPlainObject } from './describeInput';
import { parseExpiry } from './duration';
import { parseBucketField } from './automationArgs';
import { type PresignPolicyOptions, buildPresignPolicy, validateCidr } from './policy/build';

export interface PolicyArgs {
  bucket: string;
  options: PresignPolicyOptions;
  /** Asked for by the caller; automation never applies a policy (see generateBucketPolicy). */
  apply: boolean;
}

export type ParsedPolicyArgs = { ok: true; args: PolicyArgs } | { ok: false; message: string };
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const USAGE = '{ bucket, maxSignatureAge?, allowedCidrs?, vpceId?, vpcId?, denyPresigned? }';

/** A maximum signature age as the expiry picker takes it (`10m`, `600`), in milliseconds. Empty: no limit. */
export function parseSignatureAge(input: unknown): Checked<number | undefined> {
  if (input === undefined || (typeof input === 'string' && input.trim() === '')) {
    return { ok: true, value: undefined };
  }
  const parsed = parseExpiry(input);
  if (!parsed.ok) {
    return { ok: false, message: l10n.t('Maximum signature age: {0}', parsed.message) };
  }
  return { ok: true, value: parsed.seconds * 1000 };
}

/** Comma- or space-separated CIDR ranges (or a list of them), each normalised by validateCidr. */
export function parseCidrList(input: unknown): Checked<string[]> {
  let items: unknown[];
  if (input === undefined) {
    items = [];
  } else if (typeof input === 'string') {
    items = input.split(/[\s,]+/).filter((part) => part !== '');
  } else if (Array.isArray(input)) {
    items = input;
  } else {
    return { ok: false, message: l10n.t('"allowedCidrs" must be a list of IP ranges, got {0}.', describeInput(input)) };
  }
  const cidrs: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') {
      return { ok: false, message: l10n.t('"allowedCidrs" must contain only text, got {0}.', describeInput(item)) };
    }
    const checked = validateCidr(item);
    if (!checked.ok) {
      return checked;
    }
    cidrs.push(checked.cidr);
  }
  return { ok: true, value: cidrs };
}

/** `vpce-…` or `vpc-…` as typed into the prompt; empty means neither. */
export function parseVpcInput(input: string): Checked<{ vpceId?: string; vpcId?: string }> {
  const text = typeof input === 'string' ? input.trim() : '';
  if (text === '') {
    return { ok: true, value: {} };
  }
  const value = text.startsWith('vpce-') ? { vpceId: text } : { vpcId: text };
  if (!text.startsWith('vpc')) {
    return { ok: false, message: l10n.t('Enter a VPC endpoint id (vpce-…) or a VPC id (vpc-…), or leave it empty.') };
  }
  return checkIds(value);
}

function checkIds(value: { vpceId?: string; vpcId?: string }): Checked<{ vpceId?: string; vpcId?: string }> {
  try {
    // The builder owns the id rules; a throwaway bucket name only satisfies its signature.
    buildPresignPolicy('bucket', value);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  return { ok: true, value };
}

/** Does the choice produce at least one statement? */
export function hasAnyRestriction(options: PresignPolicyOptions): boolean {
  return (
    options.maxSignatureAgeMs !== undefined ||
    (options.allowedCidrs?.length ?? 0) > 0 ||
    !!options.vpceId ||
    !!options.vpcId ||
    !!options.denyPresigned
  );
}

/**
 * Checks `{ bucket, maxSignatureAge?, allowedCidrs?, vpceId?, vpcId?, denyPresigned?, apply? }` from
 * `executeCommand`. `maxSignatureAge` defaults to 10 minutes unless the caller only asks for other
 * restrictions; pass `null` to leave the age out.
 */
export function parsePolicyArgs(value: unknown): ParsedPolicyArgs {
  if (!isPlainObject(value)) {
    return { ok: false, message: l10n.t('Expected an object {0}, got {1}.', USAGE, describeInput(value)) };
  }
  const bucket = parseBucketField(value.bucket);
  if (!bucket.ok) {
    return bucket;
  }
  const options: PresignPolicyOptions = {};
  if (value.maxSignatureAge !== null) {
    const age = parseSignatureAge(value.maxSignatureAge ?? DEFAULT_SIGNATURE_AGE);
    if (!age.ok) {
      return age;
    }
    options.maxSignatureAgeMs = age.value;
  }
  const cidrs = parseCidrList(value.allowedCidrs);
  if (!cidrs.ok) {
    return cidrs;
  }
  if (cidrs.value.length) {
    options.allowedCidrs = cidrs.value;
  }
  for (const field of ['vpceId', 'vpcId'] as const) {
    const id = value[field];
    if (id !== undefined && typeof id !== 'string') {
      return { ok: false, message: l10n.t('"{0}" must be a string, got {1}.', field, describeInput(id)) };
    }
    if (id?.trim()) {
      options[field] = id.trim();
    }
  }
  const ids = checkIds({ vpceId: options.vpceId, vpcId: options.vpcId });
  if (!ids.ok) {
    return ids;
  }
  for (const field of ['denyPresigned', 'apply'] as const) {
    if (value[field] !== undefined && typeof value[field] !== 'boolean') {
      return { ok: false, message: l10n.t('"{0}" must be true or false, got {1}.', field, describeInput(value[field])) };
    }
  }
  if (value.denyPresigned === true) {
    options.denyPresigned = true;
  }
  if (!hasAnyRestriction(options)) {
    return { ok: false, message: l10n.t('Nothing to generate: choose a maximum signature age, IP ranges, a VPC or denyPresigned.') };
  }
  return { ok: true, args: { bucket: bucket.bucket, options, apply: value.apply === true } };
}

/** What the prompt proposes and automation uses when no age is given. */
export const DEFAULT_SIGNATURE_AGE = '10m';
