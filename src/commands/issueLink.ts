import * as vscode from 'vscode';
import { formatExpiryNotice } from '../core/duration';
import { dotSegmentProblem } from '../core/keys';
import type { LinkLedger } from '../core/linkLedger';
import type { Connection } from '../connection';
import { describeS3Error } from '../s3/errors';
import type { PresignedUrl, PresignRequest } from '../s3/s3Gateway';
import { showLinkCopied } from '../ui/linkNotification';
import type { Log } from '../ui/log';
import { showS3Error } from '../ui/errors';
import { confirmCredentialLimit } from './credentialLimit';
import { confirmBucketPolicy, limitLinkBySignatureAge } from './policyWarning';
import { runPreCopyChecks, showUncheckedNotice } from './preCopyChecks';

/** What the presign commands need; passed in so tests can substitute any part. */
export interface PresignServices {
  connection: Connection;
  ledger: LinkLedger;
  log: Log;
  state: vscode.Memento;
}

/**
 * Signs a link, warns where it would not do what the user expects, copies it, records it and
 * tells the user until when it works. Interactive callers get modal questions; automation callers
 * (`executeCommand` with arguments) never get a prompt. Resolves to the copied URL, or `undefined`
 * when nothing was copied.
 */
export async function issueLink(services: PresignServices, request: PresignRequest, interactive: boolean): Promise<string | undefined> {
  const { connection, ledger, log } = services;
  try {
    const problem = dotSegmentProblem(request.key);
    if (problem && !(await confirmCopyAnyway(problem, interactive))) {
      return undefined;
    }
    const gateway = await connection.gateway();
    const checks = await runPreCopyChecks(gateway, log, request);
    if (checks.exists === false && !(await confirmCopyAnyway(missingObjectMessage(request), interactive))) {
      return undefined;
    }
    const policyDecision = await confirmBucketPolicy(checks.policy, log, request, interactive);
    if (!policyDecision) {
      return undefined;
    }
    // A region that could not be found in time: signed for the default one, and the notice says so.
    request = { ...policyDecision.request, region: checks.region ?? gateway.defaultRegion };
    let link = await gateway.presign(request);
    let expiresIn = request.expiresIn;
    if (isLimitedByCredentials(link) && interactive) {
      const decided = await confirmCredentialLimit({
        profile: connection.profile,
        credentialsExpireAt: link.effectiveExpiresAt,
        expiresIn,
        several: false,
        interactive,
      });
      if (decided === undefined) {
        return undefined;
      }
      if (decided !== expiresIn) {
        expiresIn = decided;
        link = await gateway.presign({ ...request, expiresIn });
      }
    }
    const limitedByCredentials = isLimitedByCredentials(link);
    // A bucket policy refusing old signatures ends the link earlier than X-Amz-Expires: record that.
    link = limitLinkBySignatureAge(link, expiresIn, policyDecision.maxSignatureAgeMs);
    await vscode.env.clipboard.writeText(link.url);
    await ledger.add(
      {
        bucket: request.bucket,
        key: request.key,
        method: request.method,
        expiresInSeconds: expiresIn,
        effectiveExpiresAt: link.effectiveExpiresAt.getTime(),
        createdAt: Date.now(),
        profile: connection.profile,
        contentType: link.signedHeaders['content-type'],
        limitedByCredentials,
      },
      link.url,
    );
    log.info(`Copied ${request.method} link for s3://${request.bucket}/${request.key}, ${formatExpiryNotice(link.effectiveExpiresAt, new Date())}: ${link.url}`);
    void showLinkCopied(request.key, link, limitedByCredentials);
    showUncheckedNotice(checks);
    return link.url;
  } catch (error) {
    log.error(`Could not sign a ${request.method} link for s3://${request.bucket}/${request.key}`, error);
    showS3Error(describeS3Error(error, { profile: connection.profile, bucket: request.bucket }));
    return undefined;
  }
}

function isLimitedByCredentials(link: PresignedUrl): boolean {
  return link.effectiveExpiresAt.getTime() < link.urlExpiresAt.getTime();
}

function missingObjectMessage(request: PresignRequest): string {
  return vscode.l10n.t(
    's3://{0}/{1} does not exist (yet): the link will answer "404 Not Found" until the object is uploaded.',
    request.bucket,
    request.key,
  );
}

/** A link that will not work as the user expects: interactive callers decide, automation is warned. */
async function confirmCopyAnyway(message: string, interactive: boolean): Promise<boolean> {
  if (!interactive) {
    void vscode.window.showWarningMessage(message);
    return true;
  }
  const copyAnyway = vscode.l10n.t('Copy Anyway');
  return (await vscode.window.showWarningMessage(message, { modal: true }, copyAnyway)) === copyAnyway;
}
