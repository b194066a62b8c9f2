// `describeS3Error` for the main bundle, taken from the lazily loaded SDK bundle (issue 6: it is
// 4.6 KB of the ≤ 60 KB main bundle). An S3 error only ever follows loading the SDK; if loading the
// SDK was itself the failure, its own message is shown.
import { redact } from '../core/redact';
import type { S3ErrorContext, S3ErrorDescription } from './errors';
import { loadSdk } from '../lazyBundles';

export type { S3ErrorDescription } from './errors';

export function describeS3Error(err: unknown, context: S3ErrorContext): S3ErrorDescription {
  try {
    return loadSdk().describeS3Error(err, context);
  } catch (loadError) {
    const message = err instanceof Error ? err.message : String(err);
    return { kind: 'other', message: redact(message || String(loadError)) };
  }
}
