// The upload itself for "Upload and Copy Link…" and drops on the S3 tree (issue 13): the overwrite
// check, the files sent with a progress notification that can cancel, then a GET link signed and
// recorded for each. src/commands/uploadAndCopyLink.ts decides what to upload and what to copy.
import * as vscode from 'vscode';
import type { Connection } from '../connection';
import { firstFreeKey, formatUploadProgress, UPLOAD_QUEUE_SIZE, uploadPartCount } from '../core/uploadPlan';
import { describeS3Error, errorStatus } from '../s3/errors';
import type { PresignedUrl, S3Gateway } from '../s3/s3Gateway';
import { showS3Error } from '../ui/errors';
import { formatBytes } from '../ui/format';
import { type PresignServices, isLimitedByCredentials } from './issueLink';
import { type LocalFile, isLocalFileError, uploadLocalFile } from './localFiles';

export interface UploadItem {
  file: LocalFile;
  key: string;
}

export interface SignedUpload extends UploadItem {
  link: PresignedUrl;
  limitedByCredentials: boolean;
}

/** How many HeadObject checks run at once. */
const HEAD_CONCURRENCY = 8;

/** Runs `work` on every item, `limit` at a time, in order of start; the results keep the items' order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The items whose key already holds an object (HeadObject). */
export async function existingKeys(gateway: S3Gateway, bucket: string, items: readonly UploadItem[]): Promise<Set<string>> {
  const found = await mapLimited(items, HEAD_CONCURRENCY, async (item) => ((await gateway.headObject(bucket, item.key)) ? item.key : undefined));
  return new Set(found.filter((key): key is string => key !== undefined));
}

/**
 * "Keep Both": each item whose key is taken gets the first free `name (n).ext`, free in S3 and among
 * the other items of this upload.
 */
export async function keepBoth(gateway: S3Gateway, bucket: string, items: UploadItem[], taken: Set<string>): Promise<UploadItem[]> {
  const planned = new Set(items.map((item) => item.key));
  const renamed: UploadItem[] = [];
  for (const item of items) {
    if (!taken.has(item.key)) {
      renamed.push(item);
      continue;
    }
    const key = await firstFreeKey(item.key, async (candidate) => planned.has(candidate) || (await gateway.headObject(bucket, candidate)) !== undefined);
    planned.add(key);
    renamed.push({ ...item, key });
  }
  return renamed;
}

/** Thrown when the user pressed Cancel on the progress notification. */
export class UploadCancelled extends Error {
  constructor(readonly uploaded: number) {
    super(vscode.l10n.t('Upload cancelled.'));
    this.name = 'UploadCancelled';
  }
}

export interface UploadOptions {
  /** The notification's title. */
  title: string;
  /** Tests: parts smaller than planned. */
  partSize?: number;
}

/**
 * Uploads every item with one progress notification (bytes, percent, rate, time left, Cancel). Small
 * files go several at a time, large ones in 4 parallel parts; the first failure stops the others.
 * Rejects with `UploadCancelled` on Cancel, or with the first error.
 */
export async function uploadItems(gateway: S3Gateway, bucket: string, items: readonly UploadItem[], options: UploadOptions): Promise<void> {
  const total = items.reduce((sum, item) => sum + item.file.size, 0);
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: options.title, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const cancelled = new UploadCancelled(0);
      const subscription = token.onCancellationRequested(() => controller.abort(cancelled));
      const started = Date.now();
      const loadedByItem = new Map<UploadItem, number>();
      let reportedPercent = 0;
      let lastReport = 0;
      let done = 0;
      const report = (force = false): void => {
        const now = Date.now();
        // A notification redrawn for every part of a fast upload costs more than it tells.
        if (!force && now - lastReport < 200) {
          return;
        }
        lastReport = now;
        const loaded = [...loadedByItem.values()].reduce((sum, value) => sum + value, 0);
        const percent = total > 0 ? Math.floor((loaded / total) * 100) : 100;
        const files = items.length > 1 ? `${vscode.l10n.t('{0} of {1} files', done, items.length)} · ` : '';
        progress.report({ message: files + formatUploadProgress({ loaded, total, elapsedMs: now - started }), increment: Math.max(0, percent - reportedPercent) });
        reportedPercent = Math.max(reportedPercent, percent);
      };
      report(true);
      // Parallel slots: a file in parts takes all of them, small files share them.
      let used = 0;
      const waiting: (() => void)[] = [];
      const acquire = async (weight: number): Promise<void> => {
        while (used + weight > UPLOAD_QUEUE_SIZE) {
          await new Promise<void>((resolve) => waiting.push(resolve));
        }
        used += weight;
      };
      const release = (weight: number): void => {
        used -= weight;
        waiting.splice(0).forEach((wake) => wake());
      };
      let failure: { error: unknown } | undefined;
      const running: Promise<void>[] = [];
      try {
        for (const item of items) {
          const weight = Math.min(UPLOAD_QUEUE_SIZE, uploadPartCount(item.file.size, options.partSize));
          await acquire(weight);
          if (controller.signal.aborted) {
            release(weight);
            break;
          }
          running.push(
            uploadLocalFile(gateway, item.file, bucket, item.key, {
              signal: controller.signal,
              partSize: options.partSize,
              onProgress: (loaded) => {
                loadedByItem.set(item, loaded);
                report();
              },
            })
              .then(() => {
                done++;
                loadedByItem.set(item, item.file.size);
                report();
              })
              .catch((error: unknown) => {
                failure ??= { error };
                controller.abort(error);
              })
              .finally(() => release(weight)),
          );
        }
        await Promise.all(running);
      } finally {
        subscription.dispose();
      }
      if (token.isCancellationRequested) {
        throw new UploadCancelled(done);
      }
      if (failure) {
        throw failure.error;
      }
      report(true);
    },
  );
}

/** Signs a GET link for each uploaded object and records them in the ledger (as issueLink does). */
export async function signAndRecord(services: PresignServices, gateway: S3Gateway, bucket: string, items: readonly UploadItem[], expiresIn: number): Promise<SignedUpload[]> {
  const signed: SignedUpload[] = [];
  for (const item of items) {
    const link = await gateway.presign({ method: 'GET', bucket, key: item.key, expiresIn });
    signed.push({ ...item, link, limitedByCredentials: isLimitedByCredentials(link) });
  }
  const createdAt = Date.now();
  await services.ledger.addAll(
    signed.map(({ key, link, limitedByCredentials }) => ({
      record: {
        bucket,
        key,
        method: 'GET' as const,
        expiresInSeconds: expiresIn,
        effectiveExpiresAt: link.effectiveExpiresAt.getTime(),
        createdAt,
        profile: services.connection.profile,
        limitedByCredentials,
      },
      url: link.url,
    })),
  );
  return signed;
}

/** What went wrong, said for an upload: the local file, the permission (s3:PutObject), the network. */
export function showUploadError(connection: Connection, bucket: string, key: string | undefined, error: unknown): void {
  if (error instanceof UploadCancelled) {
    return;
  }
  const name = (error as { name?: string } | undefined)?.name;
  if (isLocalFileError(error) || name === 'S3UploadAbortFailed') {
    void vscode.window.showErrorMessage((error as Error).message);
    return;
  }
  const described = describeS3Error(error, { profile: connection.profile, bucket, endpoint: connection.endpoint });
  const target = key === undefined ? `s3://${bucket}/` : `s3://${bucket}/${key}`;
  if (described.kind === 'accessDenied' && errorStatus(error) !== 401 && !/credentials of profile/.test(described.message)) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'Access denied: profile {0} may not upload to {1}. Uploading needs the s3:PutObject permission on arn:aws:s3:::{2}/* (and s3:AbortMultipartUpload for large files); ask for it, or select another profile.',
        connection.profile,
        target,
        bucket,
      ),
    );
    return;
  }
  if (described.kind === 'endpointUnreachable' || described.kind === 'timeout' || described.kind === 'serverError' || described.kind === 'throttled') {
    showS3Error({ ...described, message: `${described.message} ${vscode.l10n.t('The upload to {0} was stopped and aborted: nothing was stored.', target)}` });
    return;
  }
  showS3Error(described);
}

export function totalSize(items: readonly UploadItem[]): string {
  return formatBytes(items.reduce((sum, item) => sum + item.file.size, 0));
}
