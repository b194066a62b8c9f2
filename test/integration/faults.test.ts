// Faults (issue 5): the SDK gateway through a fault-injecting proxy in front of radosgw. Each fault is
// described with the right kind and an actionable message, within bounded time (the gateway's own
// time-outs and retries, made short here), and the gateway works again once the fault clears.
import * as assert from 'node:assert/strict';
import { type S3ErrorKind, describeS3Error } from '../../src/s3/errors';
import { createSdkGateway } from '../../src/s3/sdkGateway';
import type { S3Gateway } from '../../src/s3/s3Gateway';
import { type FaultMode, FaultProxy } from './faultProxy';
import { type RigConfig, type TempAwsConfig, rigConfig, useRigProfile } from './rig';

const PROFILE = 'rgw-faults';
const REQUEST_TIMEOUT_MS = 600;
const MAX_ATTEMPTS = 2;
/** Worst case per call: every attempt times out, plus the SDK's back-off between them. */
const BOUND_MS = MAX_ATTEMPTS * REQUEST_TIMEOUT_MS + 3_000;

interface Case {
  mode: FaultMode;
  kind: S3ErrorKind;
  message: RegExp;
  /** Transient faults are retried by the SDK: more than one request reaches the proxy. */
  retried?: boolean;
}

const CASES: Case[] = [
  { mode: 'down', kind: 'endpointUnreachable', message: /Cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Check the endpoint setting/ },
  { mode: 'reset', kind: 'endpointUnreachable', message: /Cannot reach .*\(ECONNRESET\)/, retried: true },
  { mode: 'slow', kind: 'timeout', message: /did not answer in time\. Check the endpoint/, retried: true },
  { mode: 'error500', kind: 'serverError', message: /internal error \(HTTP 500\)\. Retry in a moment/, retried: true },
  { mode: 'slowDown503', kind: 'throttled', message: /throttling requests \(slow down\)\. Wait a moment, then retry/, retried: true },
  { mode: 'truncatedXml', kind: 'serverError', message: /could not be read \(truncated or invalid XML\)/ },
  { mode: 'clockSkew', kind: 'clockSkew', message: /clock differs too much.*Check the system clock/ },
  { mode: 'expiredToken', kind: 'expiredToken', message: /temporary credentials of profile rgw-faults have expired.*aws sso login --profile rgw-faults/ },
];

describe('faults between the gateway and S3 (fault-injecting proxy)', function () {
  this.timeout(60_000);
  let rig: RigConfig;
  let aws: TempAwsConfig;
  let proxy: FaultProxy;
  let gateway: S3Gateway;

  before(async () => {
    rig = rigConfig();
    proxy = await FaultProxy.start(rig.endpoint);
    aws = useRigProfile(rig, PROFILE, proxy.url);
    gateway = await createSdkGateway(
      { profile: PROFILE },
      { requestTimeoutMs: REQUEST_TIMEOUT_MS, connectionTimeoutMs: REQUEST_TIMEOUT_MS, maxAttempts: MAX_ATTEMPTS },
    );
  });

  afterEach(async () => {
    await proxy?.setMode('pass');
  });

  after(async () => {
    gateway?.dispose();
    await proxy?.close();
    aws?.restore();
  });

  it('passes requests through, signatures intact', async () => {
    const names = (await gateway.listBuckets()).map((b) => b.name);
    assert.ok(names.includes('presign-test'), names.join(', '));
    const page = await gateway.listPage({ bucket: 'presign-test', prefix: '', maxKeys: 5 });
    assert.ok(page.objects.length + page.folders.length > 0);
  });

  for (const c of CASES) {
    it(`${c.mode}: ${c.kind}, an actionable message, bounded time, then works again`, async () => {
      await proxy.setMode(c.mode);
      const started = Date.now();
      const error = await gateway.listBuckets().then(
        () => assert.fail('expected the call to fail'),
        (e: unknown) => e,
      );
      const elapsed = Date.now() - started;
      const described = describeS3Error(error, { profile: PROFILE, endpoint: proxy.url });
      assert.equal(described.kind, c.kind, `${described.kind}: ${described.message} (${String(error)})`);
      assert.match(described.message, c.message);
      assert.ok(elapsed < BOUND_MS, `took ${elapsed} ms`);
      if (c.retried) {
        assert.equal(proxy.requests, MAX_ATTEMPTS, 'the SDK retried, up to maxAttempts');
      }
      await proxy.setMode('pass');
      assert.ok((await gateway.listBuckets()).length > 0, 'works again once the fault clears');
    });
  }

  it('accessDenied for one bucket: that bucket fails with accessDenied, the others still work', async () => {
    await proxy.setMode('accessDenied', { bucket: 'presign-test' });
    const error = await gateway.listPage({ bucket: 'presign-test', prefix: '', maxKeys: 5 }).then(
      () => assert.fail('expected AccessDenied'),
      (e: unknown) => e,
    );
    const described = describeS3Error(error, { profile: PROFILE, bucket: 'presign-test' });
    assert.equal(described.kind, 'accessDenied');
    assert.match(described.message, /Access denied to bucket presign-test for profile rgw-faults\. Ask for s3 permissions/);
    assert.ok((await gateway.listPage({ bucket: 'big-bucket', prefix: '', maxKeys: 5 })).objects.length > 0);
    assert.equal(await gateway.getBucketPolicy('presign-test').catch((e: unknown) => describeS3Error(e, { profile: PROFILE }).kind), 'accessDenied');
  });

  it('a fault never holds up signing: presigning makes no request', async () => {
    await proxy.setMode('slow');
    const started = Date.now();
    const link = await gateway.presign({ method: 'GET', bucket: 'presign-test', key: 'hello.txt', expiresIn: 60 });
    assert.ok(Date.now() - started < 500);
    assert.equal(proxy.requests, 0);
    await proxy.setMode('pass');
    assert.equal((await fetch(link.url)).status, 200, 'the link signed for the proxy works through it');
  });
});
