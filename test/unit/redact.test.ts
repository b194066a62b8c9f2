import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { REDACTED, redact } from '../../src/core/redact';

const SIG = '7f4b5c2a9e0d1b3c4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2a3f4e5d6c7b';
const TOKEN = 'IQoJb3JpZ2luX2VjEHkaCXVzLWVhc3QtMSJHMEUCIQD+abc/def==';
const TOKEN_ENC = encodeURIComponent(TOKEN);
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

const presigned =
  'https://my-bucket.s3.eu-west-1.amazonaws.com/reports/q1%20final.pdf' +
  '?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
  '&X-Amz-Credential=ASIAIOSFODNN7EXAMPLE%2F20250101%2Feu-west-1%2Fs3%2Faws4_request' +
  '&X-Amz-Date=20250101T000000Z&X-Amz-Expires=3600' +
  `&X-Amz-Security-Token=${TOKEN_ENC}` +
  `&X-Amz-Signature=${SIG}&X-Amz-SignedHeaders=host&x-id=GetObject`;

describe('redact', () => {
  it('redacts the signature and token of a presigned URL and shortens the key id', () => {
    assert.equal(
      redact(presigned),
      'https://my-bucket.s3.eu-west-1.amazonaws.com/reports/q1%20final.pdf' +
        '?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=ASIA…%2F20250101%2Feu-west-1%2Fs3%2Faws4_request' +
        '&X-Amz-Date=20250101T000000Z&X-Amz-Expires=3600' +
        '&X-Amz-Security-Token=REDACTED' +
        '&X-Amz-Signature=REDACTED&X-Amz-SignedHeaders=host&x-id=GetObject',
    );
  });

  it('handles any parameter case, plain slashes and the last parameter', () => {
    assert.equal(
      redact(`see x-amz-credential=minioadmin/20250101/us-east-1/s3/aws4_request&x-amz-signature=${SIG} now`),
      'see x-amz-credential=mini…/20250101/us-east-1/s3/aws4_request&x-amz-signature=REDACTED now',
    );
    assert.equal(redact(`"https://h/k?X-AMZ-SIGNATURE=${SIG}"`), '"https://h/k?X-AMZ-SIGNATURE=REDACTED"');
  });

  it('handles a URL encoded inside another URL', () => {
    const nested = `https://viewer/?u=${encodeURIComponent(presigned)}`;
    const out = redact(nested);
    assert.ok(!out.includes(SIG) && !out.includes(TOKEN_ENC) && !out.includes(encodeURIComponent(TOKEN_ENC)), out);
    assert.ok(out.includes('X-Amz-Signature%3DREDACTED'), out);
    assert.ok(out.includes('X-Amz-Security-Token%3DREDACTED%26X-Amz-Signature'), out);
    assert.ok(out.includes('X-Amz-Credential%3DASIA…%252F20250101'), out);
    assert.ok(out.includes('X-Amz-Date%3D20250101T000000Z'), out);
  });

  it('redacts the security token header', () => {
    assert.equal(redact(`x-amz-security-token: ${TOKEN}\nhost: h`), 'x-amz-security-token: REDACTED\nhost: h');
    assert.equal(redact(`{"X-Amz-Security-Token":"${TOKEN}","host":"h"}`), '{"X-Amz-Security-Token":"REDACTED","host":"h"}');
  });

  it('redacts an Authorization header', () => {
    assert.equal(
      redact(
        `Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${SIG}`,
      ),
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIA…/20250101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=REDACTED',
    );
  });

  it('redacts shared credentials files and environment variables', () => {
    const ini = [
      '[default]',
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      `aws_secret_access_key = ${SECRET}`,
      `aws_session_token=${TOKEN}`,
      'region = eu-west-1',
    ].join('\n');
    assert.equal(
      redact(ini),
      ['[default]', 'aws_access_key_id = AKIA…', 'aws_secret_access_key = REDACTED', 'aws_session_token=REDACTED', 'region = eu-west-1'].join(
        '\n',
      ),
    );
    assert.equal(redact(`AWS_SECRET_ACCESS_KEY=${SECRET} AWS_REGION=x`), 'AWS_SECRET_ACCESS_KEY=REDACTED AWS_REGION=x');
  });

  it('redacts credential_process / STS JSON and SDK objects', () => {
    const json = JSON.stringify({ Version: 1, AccessKeyId: 'ASIAIOSFODNN7EXAMPLE', SecretAccessKey: SECRET, SessionToken: TOKEN, Expiration: '2025-01-01T00:00:00Z' });
    assert.equal(
      redact(json),
      '{"Version":1,"AccessKeyId":"ASIA…","SecretAccessKey":"REDACTED","SessionToken":"REDACTED","Expiration":"2025-01-01T00:00:00Z"}',
    );
    assert.equal(
      redact(`{ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: '${SECRET}', sessionToken: '${TOKEN}' }`),
      "{ accessKeyId: 'AKIA…', secretAccessKey: 'REDACTED', sessionToken: 'REDACTED' }",
    );
  });

  describe('issue 12 item 9: every way a secret was seen to slip through', () => {
    // [text with SECRET/TOKEN/SIG, expected output]
    const table: [string, string][] = [
      [`"{\\"SessionToken\\":\\"${TOKEN}\\"}"`, '"{\\"SessionToken\\":\\"REDACTED\\"}"'],
      [`{\\"SecretAccessKey\\": \\"${SECRET}\\"}`, '{\\"SecretAccessKey\\": \\"REDACTED\\"}'],
      [`TF_VAR_AWS_SECRET_ACCESS_KEY=${SECRET}`, 'TF_VAR_AWS_SECRET_ACCESS_KEY=REDACTED'],
      [`MY_AWS_SESSION_TOKEN=${TOKEN} next`, 'MY_AWS_SESSION_TOKEN=REDACTED next'],
      [`AWS_SECRET_KEY=${SECRET}`, 'AWS_SECRET_KEY=REDACTED'],
      [`export AWS_SESSION_TOKEN=${TOKEN}`, 'export AWS_SESSION_TOKEN=REDACTED'],
      [`export AWS_SESSION_TOKEN ${TOKEN}`, 'export AWS_SESSION_TOKEN REDACTED'],
      [`set -gx AWS_SECRET_ACCESS_KEY ${SECRET}`, 'set -gx AWS_SECRET_ACCESS_KEY REDACTED'],
      [`setenv AWS_SESSION_TOKEN ${TOKEN}`, 'setenv AWS_SESSION_TOKEN REDACTED'],
      [`aws configure set aws_secret_access_key ${SECRET}`, 'aws configure set aws_secret_access_key REDACTED'],
      [`aws configure set profile.dev.aws_session_token ${TOKEN} --profile dev`, 'aws configure set profile.dev.aws_session_token REDACTED --profile dev'],
      [`<Credentials><SessionToken>${TOKEN}</SessionToken><SecretAccessKey>${SECRET}</SecretAccessKey></Credentials>`,
        '<Credentials><SessionToken>REDACTED</SessionToken><SecretAccessKey>REDACTED</SecretAccessKey></Credentials>'],
      [`<Error><Code>SignatureDoesNotMatch</Code><AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId><SignatureProvided>${SIG}</SignatureProvided></Error>`,
        '<Error><Code>SignatureDoesNotMatch</Code><AWSAccessKeyId>AKIA…</AWSAccessKeyId><SignatureProvided>REDACTED</SignatureProvided></Error>'],
      [`{"url":"http://127.0.0.1:9000","accessKey":"minioadmin","secretKey":"${SECRET}","api":"s3v4"}`,
        '{"url":"http://127.0.0.1:9000","accessKey":"mini…","secretKey":"REDACTED","api":"s3v4"}'],
      [`MINIO_ROOT_USER=admin MINIO_ROOT_PASSWORD=${SECRET}`, 'MINIO_ROOT_USER=admin MINIO_ROOT_PASSWORD=REDACTED'],
      [`u=https%3A%2F%2Fh%2Fk%3FX%2DAmz%2DSignature%3D${SIG}%26X%2DAmz%2DDate%3D20250101T000000Z`,
        'u=https%3A%2F%2Fh%2Fk%3FX%2DAmz%2DSignature%3DREDACTED%26X%2DAmz%2DDate%3D20250101T000000Z'],
      [`X%2DAmz%2DSecurity%2DToken%3D${TOKEN_ENC}`, 'X%2DAmz%2DSecurity%2DToken%3DREDACTED'],
      [`X%2DAmz%2DCredential%3DAKIAIOSFODNN7EXAMPLE%2F20250101`, 'X%2DAmz%2DCredential%3DAKIA…%2F20250101'],
    ];
    for (const [input, expected] of table) {
      it(input.slice(0, 60), () => {
        const out = redact(input);
        assert.equal(out, expected);
        for (const secret of [SECRET, TOKEN, TOKEN_ENC, SIG]) {
          assert.ok(!out.includes(secret), `secret survived in ${out}`);
        }
        assert.equal(redact(out), out, 'idempotent');
      });
    }

    it('keeps escaped JSON parseable', () => {
      const escaped = JSON.stringify(JSON.stringify({ AccessKeyId: 'ASIAIOSFODNN7EXAMPLE', SecretAccessKey: SECRET, SessionToken: TOKEN }));
      const out = redact(escaped);
      assert.deepEqual(JSON.parse(JSON.parse(out) as string), { AccessKeyId: 'ASIA…', SecretAccessKey: 'REDACTED', SessionToken: 'REDACTED' });
    });

    it('does not redact ordinary words after a variable name', () => {
      for (const text of ['Set AWS_SESSION_TOKEN to use temporary credentials', 'no secret key here', 'root password reset', 'X-Amz-Date=20250101T000000Z']) {
        assert.equal(redact(text), text);
      }
    });
  });

  it('shortens bare access key ids', () => {
    assert.equal(redact('using key AKIAIOSFODNN7EXAMPLE for s3'), 'using key AKIA… for s3');
    assert.equal(redact('ASIAY34FZKBOKMUTVV7A.'), 'ASIA….');
  });

  it('leaves ordinary text alone', () => {
    for (const text of [
      'Listing s3://bucket/prefix/ in eu-west-1 (page 2)',
      'Credentials expired: run aws sso login --profile dev',
      'https://bucket.s3.amazonaws.com/key?versionId=abc&X-Amz-Expires=60',
      'signature mismatch',
      '',
    ]) {
      assert.equal(redact(text), text);
    }
  });

  it('is idempotent', () => {
    const once = redact(presigned);
    assert.equal(redact(once), once);
    const creds = redact(`aws_secret_access_key = ${SECRET} Credential=AKIAIOSFODNN7EXAMPLE/2025`);
    assert.equal(redact(creds), creds);
  });

  it('never lets a secret embedded in a URL survive (property)', () => {
    const secretChars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
    const secretArb = fc.string({ unit: fc.constantFrom(...secretChars), minLength: 16, maxLength: 80 });
    const hexArb = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
    const caseArb = (name: string) =>
      fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((flags) =>
        [...name].map((c, i) => (flags[i] ? c.toUpperCase() : c.toLowerCase())).join(''),
      );
    fc.assert(
      fc.property(
        secretArb,
        hexArb,
        caseArb('X-Amz-Security-Token'),
        caseArb('X-Amz-Signature'),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom('', ' ', '\n', '"', ')', '>'),
        (token, signature, tokenName, signatureName, tokenFirst, encodings, after) => {
          const params = [`${tokenName}=${encodeURIComponent(token)}`, `${signatureName}=${signature}`, 'X-Amz-Date=20250101T000000Z'];
          if (!tokenFirst) {
            params.reverse();
          }
          let url = `https://b.s3.amazonaws.com/k?${params.join('&')}`;
          for (let i = 0; i < encodings; i++) {
            url = `https://outer/?u=${encodeURIComponent(url)}`;
          }
          const out = redact(`log: ${url}${after}`);
          for (const secret of [token, signature]) {
            let encoded = secret;
            for (let i = 0; i <= encodings + 1; i++) {
              assert.ok(!out.includes(encoded), `secret survived in ${out}`);
              encoded = encodeURIComponent(encoded);
            }
          }
          assert.ok(out.includes('20250101T000000Z'));
          assert.ok(out.includes(REDACTED));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never lets a secret in credentials text survive (property)', () => {
    const secretArb = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'), minLength: 20, maxLength: 60 });
    const formats = [
      (s: string) => `aws_secret_access_key = ${s}`,
      (s: string) => `aws_session_token=${s}`,
      (s: string) => `{"SecretAccessKey": "${s}"}`,
      (s: string) => `{"SessionToken":"${s}"}`,
      (s: string) => `x-amz-security-token: ${s}`,
      (s: string) => `Signature=${s}`,
      (s: string) => JSON.stringify(JSON.stringify({ SessionToken: s })),
      (s: string) => `TF_VAR_AWS_SECRET_ACCESS_KEY=${s}`,
      (s: string) => `export AWS_SESSION_TOKEN ${s}`,
      (s: string) => `aws configure set aws_secret_access_key ${s}`,
      (s: string) => `<SessionToken>${s}</SessionToken>`,
      (s: string) => `{"secretKey":"${s}"}`,
      (s: string) => `MINIO_ROOT_PASSWORD=${s}`,
      (s: string) => `X%2DAmz%2DSignature%3D${encodeURIComponent(s)}`,
    ];
    fc.assert(
      fc.property(secretArb, fc.constantFrom(...formats), (secret, format) => {
        assert.ok(!redact(format(secret)).includes(secret));
      }),
    );
  });
});
