import * as vscode from 'vscode';
import { cachedBucketPolicy } from '../s3/bucketPolicyCache';
import { errorStatus } from '../s3/errors';
import type { PresignRequest, S3Gateway } from '../s3/s3Gateway';
import type { Log } from '../ui/log';

/**
 * How long the checks before copying a link may take, together (issue 12). Signing is local: the
 * checks only feed warnings, so a slow or silent network delays the link by this much at most.
 */
const CHECK_BUDGET_MS = 3_000;

/** What S3 told us about a link's object and bucket before signing it. */
export interface PreCopyChecks {
  /** Whether the object exists (GET links); `undefined` when it could not be checked. */
  exists?: boolean;
  /** The bucket's own region; `undefined` when it could not be found, so the link is signed for the default. */
  region?: string;
  /** The bucket policy's JSON, `undefined` when it has none or it could not be read. */
  policy?: string;
  /** What could not be checked in time, for the notice after copying. */
  unchecked: string[];
}

const TIMED_OUT = Symbol('timed out');

/**
 * Runs the checks in parallel, each bounded by one shared deadline: HeadObject (GET links), the
 * bucket's region and its policy. A bucket that does not exist is the one answer that stops signing;
 * any other failure is logged and the link is signed without that check.
 */
export async function runPreCopyChecks(gateway: S3Gateway, log: Log, request: PresignRequest, budgetMs = CHECK_BUDGET_MS): Promise<PreCopyChecks> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), budgetMs);
  });
  const bounded = <T>(promise: Promise<T>): Promise<T | typeof TIMED_OUT> => Promise.race([promise, deadline]);
  const where = `s3://${request.bucket}/${request.key}${request.versionId !== undefined ? ` (version ${request.versionId})` : ''}`;
  const unchecked: string[] = [];
  try {
    const [exists, region, policy] = await Promise.all([
      request.method === 'GET'
        ? // A version link (issue 14) checks that version: the latest may exist while it does not.
          bounded(gateway.headObject(request.bucket, request.key, request.versionId !== undefined ? { versionId: request.versionId } : undefined).then((head) => head !== undefined)).catch((error: unknown) => {
            // Signing needs no HeadObject right: a user who may only GET still gets the link.
            log.warn(`Could not check that ${where} exists: ${String(error)}`);
            return undefined;
          })
        : undefined,
      bounded(gateway.bucketRegion(request.bucket)).catch((error: unknown) => {
        if (errorStatus(error) === 404) {
          throw error; // No such bucket: a link to it can never work.
        }
        log.warn(`Could not find the region of bucket ${request.bucket}: ${String(error)}`);
        return undefined;
      }),
      bounded(cachedBucketPolicy(gateway, request.bucket, (error) => log.info(`Could not read the policy of bucket ${request.bucket} (no policy warning): ${String(error)}`), budgetMs)),
    ]);
    if (exists === TIMED_OUT) {
      unchecked.push(vscode.l10n.t('that the object exists'));
    }
    if (region === TIMED_OUT) {
      unchecked.push(vscode.l10n.t("the bucket's region (signed for {0})", gateway.defaultRegion));
    }
    if (policy === TIMED_OUT) {
      unchecked.push(vscode.l10n.t("the bucket's policy"));
    }
    return {
      exists: exists === TIMED_OUT ? undefined : exists,
      region: region === TIMED_OUT ? undefined : region,
      policy: policy === TIMED_OUT ? undefined : policy,
      unchecked,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** After copying: say what could not be checked, so a surprise later has an explanation. */
export function showUncheckedNotice(checks: PreCopyChecks, budgetMs = CHECK_BUDGET_MS): void {
  if (checks.unchecked.length > 0) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Link copied without checking {0}: S3 did not answer within {1} s.', checks.unchecked.join(', '), budgetMs / 1000),
    );
  }
}
