// Bucket policies read for policy-aware presigning (issue 5): once per bucket for a gateway's lifetime
// (a new profile or endpoint gives a new gateway, hence a fresh cache). Reading the policy only feeds a
// warning, so it never throws and never holds up signing for long.
import type { S3Gateway } from './s3Gateway';

/** Longest we wait for GetBucketPolicy before signing without it. */
const POLICY_READ_TIMEOUT_MS = 3_000;

const caches = new WeakMap<S3Gateway, Map<string, Promise<string | undefined>>>();

function codeOf(error: unknown): string | undefined {
  const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (e?.$metadata?.httpStatusCode === 403) {
    return 'AccessDenied';
  }
  return e?.Code ?? e?.name;
}

/** Answers that will not change by asking again: no permission to read it, or no such bucket. */
const SETTLED = new Set(['AccessDenied', 'AllAccessDisabled', 'NoSuchBucket', 'MethodNotAllowed', 'NotImplemented']);

/**
 * The bucket's policy text, or `undefined` when it has none, may not be read, or could not be read in
 * time. Definite answers are cached; transient failures (network, throttling) are asked again next time.
 */
export function cachedBucketPolicy(
  gateway: S3Gateway,
  bucket: string,
  onError: (error: unknown) => void = () => undefined,
  timeoutMs = POLICY_READ_TIMEOUT_MS,
): Promise<string | undefined> {
  let cache = caches.get(gateway);
  if (!cache) {
    cache = new Map();
    caches.set(gateway, cache);
  }
  const table = cache;
  let pending = table.get(bucket);
  if (!pending) {
    pending = gateway.getBucketPolicy(bucket).catch((error: unknown) => {
      onError(error);
      if (!SETTLED.has(codeOf(error) ?? '')) {
        table.delete(bucket);
      }
      return undefined;
    });
    table.set(bucket, pending);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  return Promise.race([pending, timeout]).finally(() => clearTimeout(timer));
}

/** Forget what was read for `bucket` (after applying a new policy). */
export function forgetBucketPolicy(gateway: S3Gateway, bucket: string): void {
  caches.get(gateway)?.delete(bucket);
}
