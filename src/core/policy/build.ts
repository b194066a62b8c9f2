// The statements "Generate Bucket Policy for Presigned Links…" writes (issue 5), in the shapes AWS
// documents for limiting presigned URLs. Pure JSON work.
import { isIPv4, isIPv6 } from 'node:net';
import * as l10n from '@vscode/l10n';
import { type BucketPolicy, POLICY_VERSION, type PolicyStatement, PolicySids } from './document';

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

export type CidrValidation = { ok: true; cidr: string } | { ok: false; message: string };

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
