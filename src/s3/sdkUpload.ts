// `S3Gateway.uploadObject` with @aws-sdk/lib-storage (issue 13). Lives in the lazily loaded SDK bundle.
//
// lib-storage's `Upload` calls `client.send` for every request and passes no abort signal. It gets a
// client of our own here whose `send` goes through the gateway's bounded call, so that
// `s3Presign.requestTimeout` bounds each request (each part, retries included; a part gets more time
// for its bytes) and not the whole upload: a 256 MB upload is not killed after 15 s. Cancelling fails
// the parts in flight and those not yet sent; lib-storage then aborts the multipart upload, and we
// check that S3 no longer knows it (ListParts answers NoSuchUpload), aborting again if needed.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import * as l10n from '@vscode/l10n';
import { Readable } from 'node:stream';
import { UPLOAD_QUEUE_SIZE, uploadPartCount, uploadPartSize } from '../core/uploadPlan';
import { errorStatus } from './errors';
import type { UploadRequest, UploadResult } from './s3Gateway';

/** Sends one command within a bound; `cancellable` ones also end when the upload's signal aborts. */
export type BoundedSend = (command: unknown, options: { bytes: number; cancellable: boolean }) => Promise<unknown>;

interface SentCommand {
  input: { Body?: unknown };
}

function bodyBytes(command: SentCommand): number {
  const body = command.input.Body;
  return body instanceof Uint8Array ? body.byteLength : 0;
}

function errorCode(err: unknown): string | undefined {
  const { name, Code } = (err ?? {}) as { name?: string; Code?: string };
  return Code ?? name;
}

/** How many times an abort is retried when ListParts still shows parts (S3's advice for parts in flight). */
const ABORT_ATTEMPTS = 3;

export async function uploadWithLibStorage(
  client: S3Client,
  request: UploadRequest,
  send: BoundedSend,
  signal: AbortSignal | undefined,
): Promise<UploadResult> {
  const partSize = request.partSize ?? uploadPartSize(request.size);
  const inFlight = new Set<Promise<unknown>>();
  let uploadId: string | undefined;
  let committed = false;
  const cancelled = (): Error | undefined => (signal?.aborted ? ((signal.reason as Error | undefined) ?? new Error('cancelled')) : undefined);

  const dispatch = async (command: SentCommand): Promise<unknown> => {
    if (command instanceof CreateMultipartUploadCommand) {
      // Not cancellable: an upload created while its answer is dropped could not be aborted.
      const out = (await send(command, { bytes: 0, cancellable: false })) as { UploadId?: string };
      uploadId = out.UploadId;
      return out;
    }
    if (command instanceof UploadPartCommand) {
      const stop = cancelled();
      if (stop) {
        throw stop;
      }
      return send(command, { bytes: bodyBytes(command), cancellable: true });
    }
    if (command instanceof PutObjectCommand || command instanceof CompleteMultipartUploadCommand) {
      const stop = cancelled();
      if (stop) {
        throw stop;
      }
      // Every byte has been read: the file must still be the one measured before the upload.
      await request.beforeCommit?.();
      const out = await send(command, { bytes: bodyBytes(command), cancellable: command instanceof PutObjectCommand });
      committed = true;
      return out;
    }
    return send(command, { bytes: 0, cancellable: false });
  };

  const ownClient = {
    config: client.config,
    send: (command: SentCommand): Promise<unknown> => {
      const sent = dispatch(command);
      inFlight.add(sent);
      void sent.then(
        () => inFlight.delete(sent),
        () => inFlight.delete(sent),
      );
      return sent;
    },
  };

  const upload = new Upload({
    client: ownClient as unknown as S3Client,
    params: {
      Bucket: request.bucket,
      Key: request.key,
      Body: request.body,
      ContentType: request.contentType,
      ContentLength: request.size,
    },
    partSize,
    queueSize: UPLOAD_QUEUE_SIZE,
    // Explicit: a failed or cancelled upload must not keep its parts (they are billed until aborted).
    leavePartsOnError: false,
  });
  upload.on('httpUploadProgress', (progress) => request.onProgress?.(progress.loaded ?? 0));
  try {
    const out = (await upload.done()) as { ETag?: string };
    request.onProgress?.(request.size);
    return { etag: out.ETag, uploadId, partCount: uploadPartCount(request.size, partSize) };
  } catch (err) {
    // lib-storage has sent its abort by now; parts still in flight settle first, then we check.
    await Promise.allSettled([...inFlight]);
    if (uploadId && !committed) {
      await ensureAborted(request, uploadId, send).catch((abortError: unknown) => {
        throw Object.assign(
          new Error(
            l10n.t(
              'The upload failed, and its incomplete multipart upload could not be aborted; it keeps its parts (and their cost) until aborted: aws s3api abort-multipart-upload --bucket {0} --key "{1}" --upload-id {2}',
              request.bucket,
              request.key,
              uploadId ?? '',
            ),
            { cause: abortError },
          ),
          { name: 'S3UploadAbortFailed', uploadError: err },
        );
      });
    }
    throw cancelled() ?? err;
  } finally {
    if (request.body instanceof Readable) {
      request.body.destroy();
    }
  }
}

/** Aborts `uploadId` until S3 answers NoSuchUpload to ListParts: nothing of it is left in the bucket. */
async function ensureAborted(request: UploadRequest, uploadId: string, send: BoundedSend): Promise<void> {
  const { bucket, key } = request;
  for (let attempt = 1; attempt <= ABORT_ATTEMPTS; attempt++) {
    try {
      await send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }), { bytes: 0, cancellable: false });
    } catch (err) {
      if (errorCode(err) !== 'NoSuchUpload') {
        throw err;
      }
    }
    try {
      await send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MaxParts: 1 }), { bytes: 0, cancellable: false });
    } catch (err) {
      // radosgw answers 404 NoSuchKey rather than NoSuchUpload for an upload that is gone.
      if (errorCode(err) === 'NoSuchUpload' || errorStatus(err) === 404) {
        return;
      }
      throw err;
    }
  }
  throw new Error(l10n.t('S3 still lists upload {0} after {1} aborts.', uploadId, ABORT_ATTEMPTS));
}
