// Bucket-region resolution against a small local HTTP fixture: radosgw has a single zonegroup, so
// it can neither redirect with `x-amz-bucket-region` nor answer `EU` (its GetBucketLocation says `default`).
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSdkGateway } from '../../src/s3/sdkGateway';
import { describeS3Error } from '../../src/s3/errors';
import type { S3Gateway } from '../../src/s3/s3Gateway';
import { type TempAwsConfig, useTempAwsConfig } from './rig';

const credentials = { accessKeyId: 'AKIDFIXTURE', secretAccessKey: 'fixture-secret' };
const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

interface Seen {
  method: string;
  bucket: string;
  query: string;
  authorization: string;
}

describe('s3 bucket region resolution (local fixture server)', () => {
  let server: http.Server;
  let endpoint: string;
  let aws: TempAwsConfig;
  let gateway: S3Gateway;
  const seen: Seen[] = [];
  let flakyCalls = 0;

  const lookups = (bucket: string): Seen[] =>
    seen.filter((s) => s.bucket === bucket && (s.method === 'HEAD' || s.query.startsWith('location')));

  before(async () => {
    aws = useTempAwsConfig('', '');
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://fixture');
      const bucket = decodeURIComponent(url.pathname.split('/')[1] ?? '');
      const query = url.search.replace(/^\?/, '');
      seen.push({ method: req.method ?? '', bucket, query, authorization: String(req.headers.authorization ?? '') });
      const isLocation = req.method === 'GET' && url.searchParams.has('location');
      const isList = req.method === 'GET' && url.searchParams.get('list-type') === '2';
      const xml = (status: number, body: string, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/xml', ...headers });
        res.end(req.method === 'HEAD' ? undefined : body);
      };
      const errorXml = (code: string): string => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`;
      const emptyList = `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="${XMLNS}"><Name>${bucket}</Name><Prefix></Prefix><KeyCount>0</KeyCount><MaxKeys>10</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>`;
      switch (bucket) {
        case 'redirected-bucket':
          if (req.method === 'HEAD') {
            return xml(301, '', { 'x-amz-bucket-region': 'eu-west-2' });
          }
          return isList ? xml(200, emptyList) : xml(400, errorXml('Unexpected'));
        case 'legacy-eu-bucket':
          if (req.method === 'HEAD') {
            return xml(403, '');
          }
          if (isLocation) {
            return xml(200, `<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="${XMLNS}">EU</LocationConstraint>`);
          }
          return xml(400, errorXml('Unexpected'));
        case 'classic-bucket':
          if (req.method === 'HEAD') {
            return xml(400, '');
          }
          if (isLocation) {
            return xml(200, `<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="${XMLNS}"/>`);
          }
          return xml(400, errorXml('Unexpected'));
        case 'ok-bucket':
          return req.method === 'HEAD' ? xml(200, '', { 'x-amz-bucket-region': 'ap-south-1' }) : xml(400, errorXml('Unexpected'));
        case 'flaky-bucket':
          flakyCalls++;
          if (flakyCalls <= 2) {
            return xml(500, errorXml('InternalError'));
          }
          return req.method === 'HEAD' ? xml(301, '', { 'x-amz-bucket-region': 'eu-central-1' }) : xml(400, errorXml('Unexpected'));
        case 'garbled-bucket':
          if (req.method === 'HEAD') {
            return xml(200, '', { 'x-amz-bucket-region': 'us-east-1' });
          }
          return xml(200, `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="${XMLNS}"><Name>garbled-bucket</Name><Contents><Key>a`);
        case 'slow-bucket':
          if (req.method === 'HEAD') {
            return xml(200, '', { 'x-amz-bucket-region': 'us-east-1' });
          }
          return; // never answers
        default:
          return xml(404, errorXml('NoSuchBucket'));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    gateway = await createSdkGateway(
      { profile: 'default', region: 'us-east-1', endpoint },
      { credentials, resolveBucketRegions: true, maxAttempts: 1, requestTimeoutMs: 1000 },
    );
  });

  after(async () => {
    gateway?.dispose();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    aws?.restore();
  });

  it('HeadBucket 301 + x-amz-bucket-region: signs for that region, looked up once', async () => {
    const first = await gateway.presign({ method: 'GET', bucket: 'redirected-bucket', key: 'a b.txt', expiresIn: 60 });
    assert.equal(first.region, 'eu-west-2');
    assert.match(first.url, /X-Amz-Credential=AKIDFIXTURE%2F\d{8}%2Feu-west-2%2Fs3%2Faws4_request/);
    assert.ok(first.url.startsWith(`${endpoint}/redirected-bucket/a%20b.txt?`));
    const second = await gateway.presign({ method: 'PUT', bucket: 'redirected-bucket', key: 'c', expiresIn: 60 });
    assert.equal(second.region, 'eu-west-2');
    assert.equal(await gateway.bucketRegion('redirected-bucket'), 'eu-west-2');
    assert.equal(lookups('redirected-bucket').length, 1, 'one HeadBucket, then the cache');
  });

  it('requests for the bucket go to a client of its region', async () => {
    await gateway.listPage({ bucket: 'redirected-bucket', prefix: '', maxKeys: 10 });
    const list = seen.find((s) => s.bucket === 'redirected-bucket' && s.query.includes('list-type=2'));
    assert.ok(list);
    assert.match(list.authorization, /\/eu-west-2\/s3\/aws4_request/);
    assert.equal(lookups('redirected-bucket').length, 1);
  });

  it('GetBucketLocation `EU` means eu-west-1', async () => {
    const signed = await gateway.presign({ method: 'GET', bucket: 'legacy-eu-bucket', key: 'k', expiresIn: 60 });
    assert.equal(signed.region, 'eu-west-1');
    assert.match(signed.url, /%2Feu-west-1%2Fs3%2F/);
    await gateway.presign({ method: 'GET', bucket: 'legacy-eu-bucket', key: 'k2', expiresIn: 60 });
    assert.deepEqual(
      lookups('legacy-eu-bucket').map((s) => s.method),
      ['HEAD', 'GET'],
      'HeadBucket without a region header, then GetBucketLocation, once',
    );
  });

  it('an empty GetBucketLocation means us-east-1', async () => {
    assert.equal(await gateway.bucketRegion('classic-bucket'), 'us-east-1');
  });

  it("HeadBucket 200's x-amz-bucket-region is used", async () => {
    assert.equal(await gateway.bucketRegion('ok-bucket'), 'ap-south-1');
    assert.equal(await gateway.bucketRegion('ok-bucket'), 'ap-south-1');
    assert.equal(lookups('ok-bucket').length, 1);
  });

  it('concurrent lookups share one request', async () => {
    const before = seen.length;
    const regions = await Promise.all([1, 2, 3, 4].map(() => gateway.bucketRegion('ok-bucket')));
    assert.deepEqual(regions, ['ap-south-1', 'ap-south-1', 'ap-south-1', 'ap-south-1']);
    assert.equal(seen.length, before);
  });

  it('a failed lookup is not cached', async () => {
    await assert.rejects(gateway.bucketRegion('flaky-bucket'));
    assert.equal(await gateway.bucketRegion('flaky-bucket'), 'eu-central-1');
    assert.equal(await gateway.bucketRegion('flaky-bucket'), 'eu-central-1');
    assert.equal(lookups('flaky-bucket').length, 3, 'HEAD + location failed, then one HEAD');
  });

  it('a missing bucket fails the lookup as NoSuchBucket', async () => {
    const err = await gateway.bucketRegion('nope-bucket').then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.equal(describeS3Error(err, { profile: 'default', bucket: 'nope-bucket' }).kind, 'noSuchBucket');
  });

  it('a truncated XML listing is described as an unreadable response', async () => {
    const err = await gateway.listPage({ bucket: 'garbled-bucket', prefix: '', maxKeys: 10 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err, 'listing fails');
    const described = describeS3Error(err, { profile: 'default', bucket: 'garbled-bucket', endpoint });
    assert.equal(described.kind, 'serverError', `${String(err)}`);
    assert.match(described.message, /invalid XML/);
  });

  it('a server that never answers times out (requestTimeoutMs)', async function () {
    // mocha's time-out is the bound: the call must settle well before it.
    this.timeout(10_000);
    const err = await gateway.listPage({ bucket: 'slow-bucket', prefix: '', maxKeys: 10 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.equal(describeS3Error(err, { profile: 'default', endpoint }).kind, 'timeout', String(err));
  });

  it('without resolveBucketRegions a custom endpoint uses the configured region, no lookup', async () => {
    const plain = await createSdkGateway({ profile: 'default', region: 'us-west-2', endpoint }, { credentials });
    try {
      const before = seen.length;
      const signed = await plain.presign({ method: 'GET', bucket: 'redirected-bucket', key: 'k', expiresIn: 60 });
      assert.equal(signed.region, 'us-west-2');
      assert.equal(seen.length, before);
    } finally {
      plain.dispose();
    }
  });
});
