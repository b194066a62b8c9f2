import * as vscode from 'vscode';
import { type DownloadOptions, filenameOfDisposition, responseOverrides, shortVersionId } from '../core/downloadOptions';
import { formatExpiryNotice } from '../core/duration';
import { dotSegmentProblem } from '../core/keys';
import type { LinkLedger, LinkRecord, NewLinkRecord } from '../core/linkLedger';
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
 * when nothing was copied. GET links take download options (issue 14): response overrides and a version.
 */
export async function issueLink(
  services: PresignServices,
  request: PresignRequest,
  interactive: boolean,
  options: DownloadOptions = {},
): Promise<string | undefined> {
  const { connection, ledger, log } = services;
  if (request.method === 'GET') {
    request = { ...request, ...responseOverrides(options, request.key), ...(options.versionId !== undefined ? { versionId: options.versionId } : {}) };
  }
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
        ...ledgerOptions(request, options),
      },
      link.url,
    );
    const version = request.versionId !== undefined ? ` version ${request.versionId}` : '';
    log.info(`Copied ${request.method} link for s3://${request.bucket}/${request.key}${version}, ${formatExpiryNotice(link.effectiveExpiresAt, new Date())}: ${link.url}`);
    void showLinkCopied(request.key, link, limitedByCredentials, new Date(), describeDownloadOptions(request));
    showUncheckedNotice(checks);
    return link.url;
  } catch (error) {
    log.error(`Could not sign a ${request.method} link for s3://${request.bucket}/${request.key}`, error);
    showS3Error(describeS3Error(error, { profile: connection.profile, bucket: request.bucket }));
    return undefined;
  }
}

/** What the ledger keeps of a GET link's options, so that "Regenerate" signs the same again. */
function ledgerOptions(request: PresignRequest, options: DownloadOptions): Partial<NewLinkRecord> {
  if (request.method !== 'GET') {
    return {};
  }
  const kept: Partial<NewLinkRecord> = {};
  if (request.versionId !== undefined) {
    kept.versionId = request.versionId;
  }
  if (request.responseContentDisposition !== undefined) {
    kept.download = options.download;
    kept.filename = options.filename;
    kept.responseContentDisposition = request.responseContentDisposition;
  }
  if (request.responseContentType !== undefined) {
    kept.responseContentType = request.responseContentType;
  }
  return kept;
}

/** `version 3HL4kqtJ…, downloads as "a.pdf", as text/plain`: what a GET link does beyond a plain one. */
export function describeDownloadOptions(options: Pick<LinkRecord, 'versionId' | 'responseContentDisposition' | 'responseContentType' | 'download'>): string | undefined {
  const parts: string[] = [];
  if (options.versionId !== undefined) {
    parts.push(vscode.l10n.t('version {0}', shortVersionId(options.versionId)));
  }
  if (options.responseContentDisposition !== undefined) {
    const filename = filenameOfDisposition(options.responseContentDisposition);
    const inline = (options.download ?? options.responseContentDisposition.split(';')[0].trim()) === 'inline';
    parts.push(
      inline
        ? vscode.l10n.t('opens in the browser')
        : filename !== undefined
          ? vscode.l10n.t('downloads as "{0}"', filename)
          : vscode.l10n.t('downloads'),
    );
  }
  if (options.responseContentType !== undefined) {
    parts.push(vscode.l10n.t('as {0}', options.responseContentType));
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** Temporary credentials end the link before its own expiry. */
export function isLimitedByCredentials(link: PresignedUrl): boolean {
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
