// Byte-identity of our fast signer with the SDK's getSignedUrl (issue 6). Presigning is offline:
// static fake credentials and a fixed signing date, no network.
import * as assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  FastPresigner,
  assertValidExpiresIn,
  encodeKeyPath,
  isVirtualHostableBucket,
} from '../../src/s3/fastSigner';
import { contentDisposition } from '../../src/core/downloadOptions';

const signingDate = new Date('2024-05-01T12:34:56Z');

const staticCreds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const sessionCreds = { ...staticCreds, sessionToken: 'FwoGZXIvYXdzE+/token=with/odd+chars==' };

const keys = [
  'simple.txt',
  'unicode/ünïcødé-文件-🚀.txt',
  'spaces/a file with spaces.txt',
  'plus/a+b+c.txt',
  'percent/100%25 done %.txt',
  'question/what?.txt',
  'hash/issue#42.txt',
  'equals/a=b&c=d.txt',
  'double//slash.txt',
  '/leading-slash.txt',
  'trailing/',
  'tilde~/x~y',
  "bang!quote'paren()star*.txt",
  'semi;colon:at@dollar$comma,.txt',
  'brackets[]{}<>|\\^`"',
  'tab\tnewline\n.txt',
  'k'.repeat(1000),
  'é'.repeat(500),
];

interface Target {
  label: string;
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
  /** Buckets to skip: combinations where the SDK itself fails. */
  skipBuckets?: string[];
}

const targets: Target[] = [
  { label: 'us-east-1 virtual-hosted', region: 'us-east-1' },
  { label: 'eu-west-1 virtual-hosted', region: 'eu-west-1' },
  { label: 'ap-south-1 path-style', region: 'ap-south-1', forcePathStyle: true },
  { label: 'us-gov-west-1', region: 'us-gov-west-1' },
  { label: 'cn-north-1', region: 'cn-north-1' },
  { label: 'custom endpoint with port, path-style', region: 'us-east-1', endpoint: 'http://127.0.0.1:7480', forcePathStyle: true },
  { label: 'custom endpoint with base path', region: 'eu-central-1', endpoint: 'https://s3.example.test:8443/storage/', forcePathStyle: true },
  { label: 'custom http endpoint, virtual-hosted', region: 'us-east-1', endpoint: 'http://minio.local:9000' },
  { label: 'custom https endpoint, virtual-hosted', region: 'us-west-2', endpoint: 'https://r2.example.test' },
  // The SDK builds an invalid URL (`abc.dotted.bucket.127.0.0.1`) for that one; the gateway
  // always uses path-style on custom endpoints anyway.
  { label: 'custom IP endpoint without forcePathStyle', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', skipBuckets: ['abc.dotted.bucket'] },
  // Issue 12: FIPS and dual-stack (environment or profile) change the host the link names.
  { label: 'FIPS us-east-1', region: 'us-east-1', useFipsEndpoint: true },
  { label: 'FIPS us-gov-west-1, path-style', region: 'us-gov-west-1', useFipsEndpoint: true, forcePathStyle: true },
  { label: 'dual-stack eu-west-1', region: 'eu-west-1', useDualstackEndpoint: true },
  { label: 'dual-stack cn-north-1', region: 'cn-north-1', useDualstackEndpoint: true },
  { label: 'dual-stack ap-south-1, path-style', region: 'ap-south-1', useDualstackEndpoint: true, forcePathStyle: true },
  { label: 'FIPS and dual-stack us-west-2', region: 'us-west-2', useFipsEndpoint: true, useDualstackEndpoint: true },
  { label: 'FIPS and dual-stack us-iso-east-1', region: 'us-iso-east-1', useFipsEndpoint: true, useDualstackEndpoint: true },
  // FIPS pseudo-regions and the legacy global one, as the SDK rewrites them.
  { label: 'pseudo-region fips-us-east-1', region: 'fips-us-east-1' },
  { label: 'pseudo-region us-west-2-fips, dual-stack', region: 'us-west-2-fips', useDualstackEndpoint: true },
  { label: 'aws-global', region: 'aws-global' },
  // Issue 12: S3-compatible stores report regions such as `Default`; the SDK signs for them as they are.
  { label: 'custom endpoint, region Default', region: 'Default', endpoint: 'http://127.0.0.1:7480', forcePathStyle: true },
  { label: 'custom endpoint, one-letter region', region: 'x', endpoint: 'https://s3.example.test' },
  { label: 'AWS, region Default', region: 'Default' },
];

// `abc.dotted.bucket` is virtual-hosted on plain-http custom endpoints (every label DNS-safe), path-style elsewhere.
const buckets = ['presign-test', 'my.dotted.bucket', 'abc.dotted.bucket', 'Upper_Case'];

function sdkClient(target: Target, credentials: typeof staticCreds): S3Client {
  return new S3Client({
    region: target.region,
    endpoint: target.endpoint,
    forcePathStyle: target.forcePathStyle,
    useFipsEndpoint: target.useFipsEndpoint,
    useDualstackEndpoint: target.useDualstackEndpoint,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

async function sdkUrl(
  client: S3Client,
  method: 'GET' | 'PUT',
  bucket: string,
  key: string,
  expiresIn: number,
  contentType?: string,
): Promise<string> {
  const command =
    method === 'GET'
      ? new GetObjectCommand({ Bucket: bucket, Key: key })
      : new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType });
  return getSignedUrl(client, command, {
    expiresIn,
    signingDate,
    signableHeaders: contentType ? new Set(['content-type']) : undefined,
  });
}

describe('s3 fastSigner', function () {
  // Each byte-for-byte case builds an SDK client and signs hundreds of URLs: seconds on a loaded machine.
  this.timeout(20_000);
  for (const target of targets) {
    for (const [credLabel, creds] of [
      ['static', staticCreds],
      ['session token', sessionCreds],
    ] as const) {
      it(`matches getSignedUrl byte for byte: ${target.label}, ${credLabel} credentials`, async () => {
        const client = sdkClient(target, creds);
        const fast = new FastPresigner({
          credentials: creds,
          endpoint: target.endpoint,
          forcePathStyle: target.forcePathStyle,
          useFipsEndpoint: target.useFipsEndpoint,
          useDualstackEndpoint: target.useDualstackEndpoint,
        });
        const targetBuckets = buckets.filter((b) => !target.skipBuckets?.includes(b));
        let compared = 0;
        try {
          for (const bucket of targetBuckets) {
            for (const key of keys) {
              const cases: Array<['GET' | 'PUT', string | undefined]> = [
                ['GET', undefined],
                ['PUT', undefined],
                ['PUT', 'text/plain; charset=utf-8'],
              ];
              for (const [method, contentType] of cases) {
                const expiresIn = 3600;
                const expected = await sdkUrl(client, method, bucket, key, expiresIn, contentType);
                const actual = await fast.presign({
                  method,
                  bucket,
                  key,
                  region: target.region,
                  expiresIn,
                  contentType,
                  signingDate,
                });
                assert.equal(actual.url, expected, `${method} ${bucket} ${JSON.stringify(key)}`);
                assert.doesNotMatch(actual.url, /x-amz-checksum|x-amz-sdk-checksum-algorithm/i);
                if (contentType) {
                  assert.deepEqual(actual.signedHeaders, { 'content-type': contentType });
                  assert.match(actual.url, /X-Amz-SignedHeaders=content-type%3Bhost&/);
                } else {
                  assert.deepEqual(actual.signedHeaders, {});
                  assert.match(actual.url, /X-Amz-SignedHeaders=host&/);
                }
                compared++;
              }
            }
          }
        } finally {
          client.destroy();
        }
        assert.equal(compared, targetBuckets.length * keys.length * 3);
      });
    }
  }

  // Issue 14: "Presign Large Upload…" signs one UploadPart per part and the CompleteMultipartUpload POST.
  const uploadIds = [
    '2~Xq1yfKuC0bZl3ruQJ6h5aXHjx3mGw-r',
    'VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA.+/=_~',
  ];
  for (const target of targets) {
    it(`matches getSignedUrl byte for byte for UploadPart and CompleteMultipartUpload: ${target.label}`, async () => {
      const client = sdkClient(target, sessionCreds);
      const fast = new FastPresigner({ credentials: sessionCreds, ...target });
      let compared = 0;
      try {
        for (const bucket of buckets.filter((b) => !target.skipBuckets?.includes(b))) {
          for (const key of keys.slice(0, 8)) {
            for (const uploadId of uploadIds) {
              for (const partNumber of [1, 42, 10000]) {
                const expected = await getSignedUrl(client, new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }), { expiresIn: 900, signingDate });
                const actual = await fast.presign({ method: 'PUT', bucket, key, region: target.region, expiresIn: 900, signingDate, uploadId, partNumber });
                assert.equal(actual.url, expected, `UploadPart ${bucket} ${JSON.stringify(key)} ${partNumber}`);
                assert.deepEqual(actual.signedHeaders, {});
                compared++;
              }
              const expected = await getSignedUrl(client, new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }), { expiresIn: 900, signingDate });
              const actual = await fast.presign({ method: 'POST', bucket, key, region: target.region, expiresIn: 900, signingDate, uploadId });
              assert.equal(actual.url, expected, `Complete ${bucket} ${JSON.stringify(key)}`);
              assert.doesNotMatch(actual.url, /x-amz-checksum|x-amz-sdk-checksum-algorithm|x-id=/i);
              compared++;
            }
          }
        }
      } finally {
        client.destroy();
      }
      assert.ok(compared > 0);
    });
  }

  // Issue 14: download options and versions are GetObject query parameters, signed like any other.
  const overrides: Array<{ ResponseContentDisposition?: string; ResponseContentType?: string; VersionId?: string }> = [
    { ResponseContentDisposition: 'attachment; filename="report.pdf"' },
    { ResponseContentDisposition: contentDisposition('attachment', 'Übersicht 2024 – 文件 🚀 "final".pdf') },
    { ResponseContentDisposition: contentDisposition('inline', 'a;b=c&d%20e\\f.txt') },
    // Raw non-ASCII, unescaped quotes and reserved characters: the SDK signs whatever it is given.
    { ResponseContentDisposition: 'attachment; filename="ünïcødé \'(x)*!.txt"' },
    { ResponseContentDisposition: 'inline' },
    { ResponseContentType: 'text/plain' },
    { ResponseContentType: 'text/plain; charset=utf-8' },
    { ResponseContentType: 'application/vnd.example+json; q="a b"' },
    { VersionId: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY' },
    { VersionId: 'null' },
    { VersionId: 'Wr8Z.E~l_0yW-x/q=p+w' },
    {
      ResponseContentDisposition: contentDisposition('attachment', 'résumé.docx'),
      ResponseContentType: 'application/octet-stream',
      VersionId: 'fa7b6e~2.x+y/z=',
    },
  ];
  for (const target of targets) {
    it(`matches getSignedUrl byte for byte for GetObject with response overrides and versionId: ${target.label}`, async () => {
      const client = sdkClient(target, sessionCreds);
      const fast = new FastPresigner({ credentials: sessionCreds, ...target });
      let compared = 0;
      try {
        for (const bucket of buckets.filter((b) => !target.skipBuckets?.includes(b))) {
          for (const key of keys.slice(0, 6)) {
            for (const override of overrides) {
              const expected = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key, ...override }), { expiresIn: 600, signingDate });
              const actual = await fast.presign({
                method: 'GET',
                bucket,
                key,
                region: target.region,
                expiresIn: 600,
                signingDate,
                responseContentDisposition: override.ResponseContentDisposition,
                responseContentType: override.ResponseContentType,
                versionId: override.VersionId,
              });
              assert.equal(actual.url, expected, `${bucket} ${JSON.stringify(key)} ${JSON.stringify(override)}`);
              assert.deepEqual(actual.signedHeaders, {});
              const query = new URL(actual.url).searchParams;
              assert.equal(query.get('response-content-disposition') ?? undefined, override.ResponseContentDisposition);
              assert.equal(query.get('response-content-type') ?? undefined, override.ResponseContentType);
              assert.equal(query.get('versionId') ?? undefined, override.VersionId);
              compared++;
            }
          }
        }
      } finally {
        client.destroy();
      }
      assert.ok(compared >= overrides.length);
    });
  }

  it('signs UploadPart and CompleteMultipartUpload only with an upload id and a part number in range', async () => {
    const fast = new FastPresigner({ credentials: staticCreds });
    const base = { bucket: 'b-1', key: 'k', region: 'us-east-1', expiresIn: 60, signingDate } as const;
    for (const partNumber of [0, 10001, 1.5, undefined]) {
      await assert.rejects(fast.presign({ ...base, method: 'PUT', uploadId: 'u', partNumber }), /part number/, String(partNumber));
    }
    await assert.rejects(fast.presign({ ...base, method: 'POST' }), /upload id/);
    await assert.rejects(fast.presign({ ...base, method: 'PUT', uploadId: '', partNumber: 1 }), /upload id/);
    await assert.rejects(fast.presign({ ...base, method: 'GET', uploadId: 'u', partNumber: 1 }), /part number/);
    // A Content-Type belongs to the object, set when the upload is created: parts never sign one.
    const part = await fast.presign({ ...base, method: 'PUT', uploadId: 'u', partNumber: 1, contentType: 'text/plain' });
    assert.match(part.url, /X-Amz-SignedHeaders=host&/);
  });

  it('matches getSignedUrl at the expiry bounds (1 s and 604800 s)', async () => {
    const target = targets[0];
    const client = sdkClient(target, staticCreds);
    const fast = new FastPresigner({ credentials: staticCreds });
    for (const expiresIn of [1, 604800]) {
      const expected = await sdkUrl(client, 'GET', 'presign-test', 'a b', expiresIn);
      const actual = await fast.presign({ method: 'GET', bucket: 'presign-test', key: 'a b', region: 'us-east-1', expiresIn, signingDate });
      assert.equal(actual.url, expected);
      assert.match(actual.url, new RegExp(`X-Amz-Expires=${expiresIn}&`));
    }
    client.destroy();
  });

  it('uses a credentials provider and picks up rotated credentials', async () => {
    let current = staticCreds;
    const fast = new FastPresigner({ credentials: async () => current });
    const first = await fast.presign({ method: 'GET', bucket: 'b-1', key: 'k', region: 'us-east-1', expiresIn: 60, signingDate });
    current = { accessKeyId: 'AKIDOTHER', secretAccessKey: 'other' };
    const second = await fast.presign({ method: 'GET', bucket: 'b-1', key: 'k', region: 'us-east-1', expiresIn: 60, signingDate });
    assert.match(first.url, /X-Amz-Credential=AKIDEXAMPLE%2F/);
    assert.match(second.url, /X-Amz-Credential=AKIDOTHER%2F/);
  });

  it('keeps matching getSignedUrl as the signing day, the region and the secret change', async () => {
    // The signing key is cached per day and credentials: every change must derive a new one.
    let current: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = staticCreds;
    const fast = new FastPresigner({ credentials: async () => current });
    const steps: Array<[string, Date, typeof current]> = [
      ['us-east-1', signingDate, staticCreds],
      ['us-east-1', new Date('2024-05-01T23:59:59Z'), staticCreds],
      ['us-east-1', new Date('2024-05-02T00:00:00Z'), staticCreds],
      ['eu-west-1', new Date('2024-05-02T00:00:01Z'), staticCreds],
      ['us-east-1', new Date('2024-05-02T00:00:02Z'), staticCreds],
      ['us-east-1', new Date('2024-05-02T00:00:03Z'), { ...staticCreds, secretAccessKey: 'rotated-secret' }],
      ['us-east-1', new Date('2024-05-02T00:00:04Z'), sessionCreds],
      ['us-east-1', new Date('2024-05-02T00:00:05Z'), { ...sessionCreds, sessionToken: 'another-token' }],
    ];
    const signatures = new Set<string>();
    for (const [region, date, credentials] of steps) {
      current = credentials;
      const client = sdkClient({ label: region, region }, credentials);
      const expected = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'presign-test', Key: 'k' }), {
        expiresIn: 60,
        signingDate: date,
      });
      client.destroy();
      const actual = await fast.presign({ method: 'GET', bucket: 'presign-test', key: 'k', region, expiresIn: 60, signingDate: date });
      assert.equal(actual.url, expected, `${region} ${date.toISOString()} ${credentials.secretAccessKey}`);
      signatures.add(new URL(actual.url).searchParams.get('X-Amz-Signature') ?? '');
    }
    assert.equal(signatures.size, steps.length);
  });

  it('refuses expiries outside 1–604800 seconds with an Error', async () => {
    const fast = new FastPresigner({ credentials: staticCreds });
    for (const bad of [0, -5, 604801, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => assertValidExpiresIn(bad), (e: unknown) => e instanceof Error && /604800/.test(e.message));
      await assert.rejects(
        fast.presign({ method: 'GET', bucket: 'b-1', key: 'k', region: 'us-east-1', expiresIn: bad }),
        Error,
      );
    }
  });

  it('refuses what getSignedUrl refuses: invalid regions, FIPS or dual-stack with a custom endpoint, FIPS in China', async () => {
    const refused: Target[] = [
      ...['a_b', 'a.b', '-ab', 'ab-', 'r'.repeat(64)].map((region) => ({ label: region, region })),
      ...['a_b', 'eu west'].map((region) => ({ label: region, region, endpoint: 'http://127.0.0.1:9000', forcePathStyle: true })),
      { label: 'endpoint + FIPS', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, useFipsEndpoint: true },
      { label: 'endpoint + FIPS region', region: 'fips-us-east-1', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true },
      { label: 'endpoint + dual-stack', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, useDualstackEndpoint: true },
      { label: 'China + FIPS', region: 'cn-north-1', useFipsEndpoint: true },
    ];
    for (const target of refused) {
      const client = sdkClient(target, staticCreds);
      await assert.rejects(sdkUrl(client, 'GET', 'presign-test', 'k', 60), `the SDK refuses ${target.label}`);
      client.destroy();
      const fast = new FastPresigner({ credentials: staticCreds, ...target });
      await assert.rejects(
        fast.presign({ method: 'GET', bucket: 'presign-test', key: 'k', region: target.region, expiresIn: 60, signingDate }),
        Error,
        target.label,
      );
    }
  });

  it('refuses an empty key or bucket and an invalid region', async () => {
    const fast = new FastPresigner({ credentials: staticCreds });
    await assert.rejects(fast.presign({ method: 'GET', bucket: 'b-1', key: '', region: 'us-east-1', expiresIn: 60 }), Error);
    await assert.rejects(fast.presign({ method: 'GET', bucket: '', key: 'k', region: 'us-east-1', expiresIn: 60 }), Error);
    await assert.rejects(fast.presign({ method: 'GET', bucket: 'b-1', key: 'k', region: 'not a region', expiresIn: 60 }), Error);
  });

  it('encodes key segments like the SDK and keeps slashes', () => {
    assert.equal(encodeKeyPath("a b/c+d/e%f/g?h#i/!'()*~"), 'a%20b/c%2Bd/e%25f/g%3Fh%23i/%21%27%28%29%2A~');
    assert.equal(encodeKeyPath('//x'), '//x');
  });

  it('decides virtual hosting like the SDK', () => {
    assert.equal(isVirtualHostableBucket('presign-test'), true);
    assert.equal(isVirtualHostableBucket('my.dotted.bucket'), false);
    assert.equal(isVirtualHostableBucket('my.dotted.bucket', true), false); // `my`: too short a label
    assert.equal(isVirtualHostableBucket('abc.dotted.bucket', true), true);
    assert.equal(isVirtualHostableBucket('Upper'), false);
    assert.equal(isVirtualHostableBucket('192.168.1.1'), false);
    assert.equal(isVirtualHostableBucket('ab'), false);
  });
});
