// describeS3Error against hand-built errors shaped like the SDK's, its credential providers' and Node's.
import * as assert from 'node:assert/strict';
import {
  cancelledError,
  credentialsTimeoutError,
  describeS3Error,
  isCancelledError,
  requestTimeoutError,
} from '../../src/s3/errors';

function sdkError(name: string, status: number, extra: Record<string, unknown> = {}): Error {
  const err = new Error(`${name} message`) as Error & Record<string, unknown>;
  err.name = name;
  err.$fault = status >= 500 ? 'server' : 'client';
  err.$metadata = { httpStatusCode: status, requestId: 'req-1', attempts: 1 };
  Object.assign(err, extra);
  return err;
}

function nodeError(code: string, message: string): Error {
  const err = new Error(message) as Error & { code: string; syscall: string };
  err.code = code;
  err.syscall = 'connect';
  return err;
}

const ctx = { profile: 'dev', bucket: 'photos', endpoint: 'http://127.0.0.1:7480' };

describe('s3 errors: describeS3Error', () => {
  it('expired SSO session (credential provider) names the exact login command', () => {
    const err = new Error(
      "The SSO session associated with this profile has expired. To refresh this SSO session run 'aws sso login' with the corresponding profile.",
    );
    err.name = 'CredentialsProviderError';
    const d = describeS3Error(err, ctx);
    assert.equal(d.kind, 'ssoExpired');
    assert.equal(d.loginCommand, 'aws sso login --profile dev');
    assert.match(d.message, /aws sso login --profile dev/);
  });

  it('missing SSO token (token provider) is an SSO problem too', () => {
    const err = new Error("The SSO session token associated with profile=dev was not found or is invalid. To refresh this SSO session run 'aws sso login' with the corresponding profile.");
    err.name = 'TokenProviderError';
    assert.equal(describeS3Error(err, ctx).kind, 'ssoExpired');
  });

  it('SSO GetRoleCredentials UnauthorizedException is an SSO problem', () => {
    assert.equal(describeS3Error(sdkError('UnauthorizedException', 401), ctx).kind, 'ssoExpired');
  });

  it('no credentials at all', () => {
    const err = new Error('Could not load credentials from any providers');
    err.name = 'CredentialsProviderError';
    const d = describeS3Error(err, { profile: 'default' });
    assert.equal(d.kind, 'noCredentials');
    assert.equal(
      d.message,
      'No AWS credentials found for profile default. Select another profile, or add credentials to ~/.aws/credentials.',
    );
    assert.equal(d.loginCommand, undefined);
  });

  it('unknown profile says so', () => {
    const err = new Error('Profile nope was not found.');
    err.name = 'CredentialsProviderError';
    const d = describeS3Error(err, { profile: 'nope' });
    assert.equal(d.kind, 'noCredentials');
    assert.match(d.message, /Profile nope was not found/);
  });

  for (const name of ['ExpiredToken', 'TokenRefreshRequired', 'ExpiredTokenException']) {
    it(`${name} → expiredToken with the login command`, () => {
      const d = describeS3Error(sdkError(name, name === 'TokenRefreshRequired' ? 400 : 400), ctx);
      assert.equal(d.kind, 'expiredToken');
      assert.equal(d.loginCommand, 'aws sso login --profile dev');
      assert.match(d.message, /aws sso login --profile dev/);
    });
  }

  it('AccessDenied on a bucket names bucket and profile', () => {
    const d = describeS3Error(sdkError('AccessDenied', 403), ctx);
    assert.equal(d.kind, 'accessDenied');
    assert.match(d.message, /photos/);
    assert.match(d.message, /dev/);
  });

  it('a bare 403 from a HEAD request (no body, name Forbidden or "403")', () => {
    assert.equal(describeS3Error(sdkError('Forbidden', 403), ctx).kind, 'accessDenied');
    assert.equal(describeS3Error(sdkError('403', 403), ctx).kind, 'accessDenied');
  });

  it('rejected keys (InvalidAccessKeyId, SignatureDoesNotMatch) say the credentials were rejected', () => {
    for (const name of ['InvalidAccessKeyId', 'SignatureDoesNotMatch']) {
      const d = describeS3Error(sdkError(name, 403), ctx);
      assert.equal(d.kind, 'accessDenied');
      assert.match(d.message, new RegExp(name));
    }
  });

  it('NoSuchBucket, and a 404 NotFound from HeadBucket', () => {
    assert.equal(describeS3Error(sdkError('NoSuchBucket', 404), ctx).kind, 'noSuchBucket');
    const d = describeS3Error(sdkError('NotFound', 404), ctx);
    assert.equal(d.kind, 'noSuchBucket');
    assert.match(d.message, /photos/);
  });

  for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']) {
    it(`${code} → endpoint unreachable, naming the endpoint`, () => {
      const d = describeS3Error(nodeError(code, `connect ${code} 127.0.0.1:7480`), ctx);
      assert.equal(d.kind, 'endpointUnreachable');
      assert.match(d.message, /http:\/\/127\.0\.0\.1:7480/);
      assert.match(d.message, new RegExp(code));
    });
  }

  it('a network error nested as `cause` is found', () => {
    const err = new TypeError('fetch failed', { cause: nodeError('ECONNREFUSED', 'connect ECONNREFUSED') });
    assert.equal(describeS3Error(err, ctx).kind, 'endpointUnreachable');
  });

  it('unreachable AWS host names the host when no endpoint is configured', () => {
    const err = nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND s3.us-east-1.amazonaws.com') as Error & { hostname: string };
    err.hostname = 's3.us-east-1.amazonaws.com';
    assert.match(describeS3Error(err, { profile: 'dev' }).message, /s3\.us-east-1\.amazonaws\.com/);
  });

  it('TimeoutError (NodeHttpHandler) and ETIMEDOUT → timeout', () => {
    const err = new Error('Connection timed out after 5000 ms');
    err.name = 'TimeoutError';
    assert.equal(describeS3Error(err, ctx).kind, 'timeout');
    assert.equal(describeS3Error(nodeError('ETIMEDOUT', 'connect ETIMEDOUT'), ctx).kind, 'timeout');
  });

  it("the gateway's deadline says what happened, where, within how long, and what to do (issue 12)", () => {
    const handler = Object.assign(new Error('a request has exceeded the configured 2000 ms requestTimeout'), { name: 'TimeoutError' });
    const d = describeS3Error(requestTimeoutError(2, 'http://10.0.0.9:9000', handler), { profile: 'dev' });
    assert.equal(d.kind, 'timeout');
    assert.equal(
      d.message,
      'No answer from http://10.0.0.9:9000 within 2 s. Check the endpoint, your VPN or proxy, then retry; on a slow network, raise the setting s3Presign.requestTimeout.',
    );
    assert.match(describeS3Error(requestTimeoutError(15, undefined), { profile: 'dev' }).message, /^No answer from AWS S3 within 15 s\./);
    const creds = describeS3Error(credentialsTimeoutError(15, 'corp'), { profile: 'corp', endpoint: 'http://x:1' });
    assert.equal(creds.kind, 'timeout');
    assert.match(creds.message, /^No credentials for profile corp within 15 s: its SSO, STS, instance metadata or credential_process did not answer\./);
  });

  it('a call cancelled by dispose() is recognisable and says so', () => {
    const err = cancelledError();
    assert.equal(isCancelledError(err), true);
    assert.equal(isCancelledError(new Error('other')), false);
    assert.equal(isCancelledError(Object.assign(new Error('x'), { name: 'AbortError' })), false);
    assert.equal(describeS3Error(err, ctx).kind, 'cancelled');
  });

  it('an unresolvable host name says the name could not be resolved', () => {
    const err = nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND s3-presign-fault.invalid') as Error & { hostname: string };
    err.hostname = 's3-presign-fault.invalid';
    const d = describeS3Error(err, { profile: 'dev', endpoint: 'http://s3-presign-fault.invalid:9000' });
    assert.equal(d.kind, 'endpointUnreachable');
    assert.match(d.message, /^Cannot reach http:\/\/s3-presign-fault\.invalid:9000: the host name s3-presign-fault\.invalid could not be resolved \(ENOTFOUND\)\. Check the endpoint setting/);
  });

  it('RequestTimeTooSkewed → check the system clock', () => {
    const d = describeS3Error(sdkError('RequestTimeTooSkewed', 403), ctx);
    assert.equal(d.kind, 'clockSkew');
    assert.match(d.message, /clock/);
  });

  it('SlowDown (503), Throttling and 429 → throttled', () => {
    assert.equal(describeS3Error(sdkError('SlowDown', 503), ctx).kind, 'throttled');
    assert.equal(describeS3Error(sdkError('ThrottlingException', 400), ctx).kind, 'throttled');
    assert.equal(describeS3Error(sdkError('TooManyRequests', 429), ctx).kind, 'throttled');
  });

  it('5xx → serverError with the status', () => {
    for (const [name, status] of [['InternalError', 500], ['ServiceUnavailable', 503], ['Unknown', 502]] as const) {
      const d = describeS3Error(sdkError(name, status), ctx);
      assert.equal(d.kind, 'serverError');
      assert.match(d.message, new RegExp(String(status)));
    }
  });

  it('truncated or invalid XML (deserialization error) → serverError saying so', () => {
    const err = new Error(
      'Unexpected end of input\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
    ) as Error & Record<string, unknown>;
    err.name = 'SyntaxError';
    err.$metadata = { httpStatusCode: 200 };
    err.$response = { statusCode: 200, headers: {} };
    err.$responseBodyText = '<ListBucketResult><Name>b';
    const d = describeS3Error(err, ctx);
    assert.equal(d.kind, 'serverError');
    assert.match(d.message, /invalid XML/);
  });

  it('anything else → other, with the original message', () => {
    const d = describeS3Error(new Error('something odd'), ctx);
    assert.deepEqual(d, { kind: 'other', message: 'something odd' });
    assert.equal(describeS3Error('a string', ctx).kind, 'other');
    assert.equal(describeS3Error(undefined, ctx).kind, 'other');
  });
});
