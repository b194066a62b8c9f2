// Turns whatever the SDK, the credential providers or Node's network stack threw into one
// actionable message. Duck-typed on purpose: no SDK import, so the extension bundle (the tree and the
// commands) uses it without loading the SDK.
import * as l10n from '@vscode/l10n';
import { redact } from '../core/redact';

export type S3ErrorKind =
  | 'noCredentials'
  | 'ssoExpired'
  | 'expiredToken'
  | 'accessDenied'
  | 'noSuchBucket'
  | 'endpointUnreachable'
  | 'timeout'
  /** The gateway was disposed (profile or endpoint changed) while the call was in flight. */
  | 'cancelled'
  | 'clockSkew'
  | 'throttled'
  | 'serverError'
  | 'other';

export interface S3ErrorDescription {
  kind: S3ErrorKind;
  /** Already redacted (no signature, token or full key id): safe to show and log as it is. */
  message: string;
  /** The exact command that fixes it, e.g. `aws sso login --profile dev`. */
  loginCommand?: string;
}

export interface S3ErrorContext {
  profile: string;
  bucket?: string;
  endpoint?: string;
}

interface ErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  status?: number;
  statusCode?: number;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
  $fault?: string;
  cause?: unknown;
  errno?: number | string;
  syscall?: string;
  hostname?: string;
  address?: string;
  port?: number;
  /** Set by the gateway's own deadline (`requestTimeoutError`). */
  timeoutSeconds?: number;
  endpoint?: string;
  credentials?: boolean;
}

// The gateway lives in the SDK bundle and this module in the main one too: `instanceof` would not
// hold across bundles, so these errors are recognised by name.
const REQUEST_TIMEOUT_NAME = 'S3RequestTimeout';
const CANCELLED_NAME = 'S3RequestCancelled';

/** A call that got no complete answer within the `s3Presign.requestTimeout` budget. */
export function requestTimeoutError(timeoutSeconds: number, endpoint: string | undefined, cause?: unknown): Error {
  const error = new Error(
    l10n.t('No answer from {0} within {1} s.', endpoint ?? l10n.t('AWS S3'), String(timeoutSeconds)),
    cause === undefined ? undefined : { cause },
  );
  return Object.assign(error, { name: REQUEST_TIMEOUT_NAME, code: 'ETIMEDOUT', timeoutSeconds, endpoint });
}

/** Credentials (SSO, STS, instance metadata, credential_process) not resolved within the budget. */
export function credentialsTimeoutError(timeoutSeconds: number, profile: string): Error {
  return Object.assign(new Error(l10n.t('No credentials for profile {0} within {1} s.', profile, String(timeoutSeconds))), {
    name: REQUEST_TIMEOUT_NAME,
    code: 'ETIMEDOUT',
    timeoutSeconds,
    credentials: true,
  });
}

/** A call abandoned because its gateway was disposed (the profile or endpoint changed). */
export function cancelledError(): Error {
  return Object.assign(new Error(l10n.t('The request was cancelled because the connection settings changed.')), {
    name: CANCELLED_NAME,
    code: 'ECANCELED',
  });
}

/** True for the rejection of a call cancelled by `S3Gateway.dispose()`: nothing to show the user. */
export function isCancelledError(err: unknown): boolean {
  return shape(err).name === CANCELLED_NAME;
}

function shape(err: unknown): ErrorShape {
  return typeof err === 'object' && err !== null ? (err as ErrorShape) : {};
}

/** The error and its causes (fetch and some handlers nest the network error). */
function chain(err: unknown): ErrorShape[] {
  const out: ErrorShape[] = [];
  let current: unknown = err;
  while (current && typeof current === 'object' && out.length < 5) {
    out.push(shape(current));
    current = (current as ErrorShape).cause;
  }
  if (out.length === 0) {
    out.push({ message: typeof err === 'string' ? err : String(err) });
  }
  return out;
}

function statusOf(e: ErrorShape): number | undefined {
  return e.$metadata?.httpStatusCode ?? e.$response?.statusCode ?? e.statusCode ?? e.status;
}

/** The HTTP status of an S3 error, whatever shape the SDK or a fake gave it. */
export function errorStatus(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null ? statusOf(err as ErrorShape) : undefined;
}

function codesOf(e: ErrorShape): string[] {
  return [e.name, e.code, e.Code].filter((c): c is string => typeof c === 'string' && c.length > 0);
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const TIMEOUT_CODES = new Set(['TimeoutError', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'RequestTimeout', 'AbortError']);
const EXPIRED_TOKEN_CODES = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'TokenRefreshRequired',
  'RequestExpired',
]);
const ACCESS_DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'Forbidden',
  'AllAccessDisabled',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidToken',
  'InvalidClientTokenId',
]);
const THROTTLE_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
]);
const SKEW_CODES = new Set(['RequestTimeTooSkewed', 'RequestInTheFuture', 'InvalidSignatureException']);

function loginCommand(profile: string): string {
  return `aws sso login --profile ${profile}`;
}

function where(context: S3ErrorContext, errors: ErrorShape[] = []): string {
  return context.endpoint ?? errors.map((e) => e.hostname).find((h) => !!h) ?? l10n.t('AWS S3');
}

/** The message is redacted: SDK errors may quote a request URL with its signature or token (issue 5). */
export function describeS3Error(err: unknown, context: S3ErrorContext): S3ErrorDescription {
  const described = describe(err, context);
  return { ...described, message: redact(described.message) };
}

function describe(err: unknown, context: S3ErrorContext): S3ErrorDescription {
  const errors = chain(err);
  const top = errors[0];
  const codes = new Set(errors.flatMap(codesOf));
  const messages = errors.map((e) => e.message ?? '').join('\n');
  const status = errors.map(statusOf).find((s) => s !== undefined);
  const detail = (top.message ?? '').split('\n')[0];
  const { profile } = context;
  const has = (set: Set<string>): boolean => [...codes].some((c) => set.has(c));

  if (codes.has(CANCELLED_NAME)) {
    return { kind: 'cancelled', message: l10n.t('The request was cancelled because the connection settings changed.') };
  }

  const deadline = errors.find((e) => e.name === REQUEST_TIMEOUT_NAME);
  if (deadline?.credentials) {
    return {
      kind: 'timeout',
      message: l10n.t(
        'No credentials for profile {0} within {1} s: its SSO, STS, instance metadata or credential_process did not answer. Check your network or VPN, then retry; on a slow network, raise the setting s3Presign.requestTimeout.',
        profile,
        String(deadline.timeoutSeconds ?? '?'),
      ),
    };
  }
  if (deadline) {
    return {
      kind: 'timeout',
      message: l10n.t(
        'No answer from {0} within {1} s. Check the endpoint, your VPN or proxy, then retry; on a slow network, raise the setting s3Presign.requestTimeout.',
        context.endpoint ?? deadline.endpoint ?? l10n.t('AWS S3'),
        String(deadline.timeoutSeconds ?? '?'),
      ),
    };
  }

  // SSO: the token is missing, expired or revoked. The providers say "aws sso login" themselves.
  const ssoProblem =
    codes.has('TokenProviderError') ||
    codes.has('UnauthorizedException') ||
    (/\bsso\b/i.test(messages) && /expired|invalid|not found|sso login|refresh/i.test(messages));
  if (ssoProblem) {
    return {
      kind: 'ssoExpired',
      message: l10n.t(
        'The AWS SSO session for profile {0} has expired or is missing. Run `{1}` in a terminal, then retry.',
        profile,
        loginCommand(profile),
      ),
      loginCommand: loginCommand(profile),
    };
  }

  if (has(EXPIRED_TOKEN_CODES) || /security token included in the request is expired/i.test(messages)) {
    return {
      kind: 'expiredToken',
      message: l10n.t(
        'The temporary credentials of profile {0} have expired. If it uses AWS SSO, run `{1}`; otherwise refresh its credentials, then retry.',
        profile,
        loginCommand(profile),
      ),
      loginCommand: loginCommand(profile),
    };
  }

  if (codes.has('CredentialsProviderError') || /could not load credentials/i.test(messages)) {
    const notFound = /Profile .* (was not found|could not be found)/i.test(messages);
    return {
      kind: 'noCredentials',
      message: notFound
        ? l10n.t(
            'Profile {0} was not found in the AWS config or credentials files. Select another profile, or add it to ~/.aws/config.',
            profile,
          )
        : l10n.t(
            'No AWS credentials found for profile {0}. Select another profile, or add credentials to ~/.aws/credentials.',
            profile,
          ),
    };
  }

  if (has(SKEW_CODES)) {
    return {
      kind: 'clockSkew',
      message: l10n.t(
        "The request was refused because this computer's clock differs too much from the server's. Check the system clock and time zone, then retry.",
      ),
    };
  }

  // Network first: an unreachable endpoint has no HTTP status.
  const networkCode = errors.map((e) => e.code).find((c): c is string => !!c && NETWORK_CODES.has(c));
  if (networkCode === 'ENOTFOUND' || networkCode === 'EAI_AGAIN') {
    const host = errors.map((e) => e.hostname).find((h) => !!h);
    return {
      kind: 'endpointUnreachable',
      message: l10n.t(
        'Cannot reach {0}: the host name {1} could not be resolved ({2}). Check the endpoint setting for typos, your DNS or VPN.',
        where(context, errors),
        host ?? where(context, errors),
        networkCode,
      ),
    };
  }
  if (networkCode) {
    return {
      kind: 'endpointUnreachable',
      message: l10n.t(
        'Cannot reach {0} ({1}). Check the endpoint setting and your network connection.',
        where(context, errors),
        networkCode,
      ),
    };
  }

  if (has(TIMEOUT_CODES) || /timed? ?out/i.test(detail)) {
    return {
      kind: 'timeout',
      message: l10n.t(
        '{0} did not answer in time. Check the endpoint, your VPN or proxy, then retry; on a slow network, raise the setting s3Presign.requestTimeout.',
        where(context),
      ),
    };
  }

  if (codes.has('NoSuchBucket') || (status === 404 && context.bucket && codes.has('NotFound'))) {
    return {
      kind: 'noSuchBucket',
      message: context.bucket
        ? l10n.t('Bucket {0} does not exist (or is not visible from this endpoint).', context.bucket)
        : l10n.t('The bucket does not exist (or is not visible from this endpoint).'),
    };
  }

  if (has(ACCESS_DENIED_CODES) || status === 403) {
    const badKeys = codes.has('InvalidAccessKeyId') || codes.has('SignatureDoesNotMatch') || codes.has('InvalidToken') || codes.has('InvalidClientTokenId');
    let message: string;
    if (badKeys) {
      message = l10n.t(
        'The credentials of profile {0} were rejected ({1}). Check its access key and secret, or select another profile.',
        profile,
        [...codes].find((c) => ACCESS_DENIED_CODES.has(c)) ?? '403',
      );
    } else if (context.bucket) {
      message = l10n.t('Access denied to bucket {0} for profile {1}. Ask for s3 permissions on it, or select another profile.', context.bucket, profile);
    } else {
      message = l10n.t('Access denied for profile {0}. Its credentials lack the S3 permission needed here.', profile);
    }
    return { kind: 'accessDenied', message };
  }

  if (has(THROTTLE_CODES) || status === 429 || (status === 503 && /slow ?down/i.test(messages))) {
    return {
      kind: 'throttled',
      message: l10n.t('{0} is throttling requests (slow down). Wait a moment, then retry.', where(context)),
    };
  }

  // A body the SDK could not parse (truncated or invalid XML): smithy appends this hint.
  if (/Deserialization error/i.test(messages) || errors.some((e) => '$responseBodyText' in e)) {
    return {
      kind: 'serverError',
      message: l10n.t(
        '{0} sent a response that could not be read (truncated or invalid XML). Retry; if it persists, check the endpoint.',
        where(context),
      ),
    };
  }

  if (status !== undefined && status >= 500) {
    return {
      kind: 'serverError',
      message: l10n.t('{0} had an internal error (HTTP {1}). Retry in a moment.', where(context), String(status)),
    };
  }

  return { kind: 'other', message: detail || l10n.t('Unexpected S3 error.') };
}
