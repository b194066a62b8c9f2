import * as vscode from 'vscode';
import { formatDuration } from '../core/duration';
import { type PresignPolicyLimits, limitBySignatureAge, presignPolicyLimits, presignPolicyWarnings } from '../core/policy/read';
import type { PresignedUrl, PresignRequest } from '../s3/s3Gateway';
import type { Log } from '../ui/log';

export interface PolicyDecision {
  /** The request to sign: the original, or one shortened to the bucket's signature-age limit. */
  request: PresignRequest;
  /** The bucket's `s3:signatureAge` limit, when its policy has one. */
  maxSignatureAgeMs?: number;
}

/**
 * Policy-aware presigning (issue 5): when the bucket's policy (read by the checks before copying,
 * preCopyChecks.ts) limits the signature's age below the chosen expiry, restricts the network, or
 * refuses presigned requests, say so before copying. No policy, or one that could not be read, means
 * no warning. Interactive callers get a modal (Copy Anyway / Shorten / Cancel); automation a
 * notification. Resolves to `undefined` when the user cancelled.
 */
export async function confirmBucketPolicy(
  policy: string | undefined,
  log: Log,
  request: PresignRequest,
  interactive: boolean,
): Promise<PolicyDecision | undefined> {
  let limits: PresignPolicyLimits;
  try {
    limits = presignPolicyLimits(policy, request);
  } catch (error) {
    log.warn(`Could not check the policy of bucket ${request.bucket}: ${String(error)}`);
    return { request };
  }
  const maxSignatureAgeMs = limits.maxSignatureAgeMs;
  const warnings = presignPolicyWarnings(limits, request.expiresIn);
  if (warnings.length === 0) {
    return { request, maxSignatureAgeMs };
  }
  const message = warnings.join(' ');
  log.warn(`s3://${request.bucket}/${request.key}: ${message}`);
  if (!interactive) {
    void vscode.window.showWarningMessage(message);
    return { request, maxSignatureAgeMs };
  }
  const copyAnyway = vscode.l10n.t('Copy Anyway');
  const shortSeconds = maxSignatureAgeMs === undefined ? 0 : Math.floor(maxSignatureAgeMs / 1000);
  const canShorten = !limits.deniesPresigned && shortSeconds >= 1 && shortSeconds < request.expiresIn;
  const shorten = vscode.l10n.t('Shorten to {0}', formatDuration(shortSeconds));
  const choice = await vscode.window.showWarningMessage(
    message,
    { modal: true, detail: vscode.l10n.t("Read from the bucket's policy (GetBucketPolicy).") },
    ...(canShorten ? [copyAnyway, shorten] : [copyAnyway]),
  );
  if (choice === copyAnyway) {
    return { request, maxSignatureAgeMs };
  }
  if (choice === shorten && canShorten) {
    return { request: { ...request, expiresIn: shortSeconds }, maxSignatureAgeMs };
  }
  return undefined;
}

/** The link as it really works: a signature-age limit shorter than its expiry ends it earlier. */
export function limitLinkBySignatureAge(link: PresignedUrl, expiresIn: number, maxSignatureAgeMs: number | undefined): PresignedUrl {
  const signedAt = new Date(link.urlExpiresAt.getTime() - expiresIn * 1000);
  const effectiveExpiresAt = limitBySignatureAge(link.effectiveExpiresAt, signedAt, maxSignatureAgeMs);
  return effectiveExpiresAt === link.effectiveExpiresAt ? link : { ...link, effectiveExpiresAt };
}
