// Faults (issues 5 and 12): the SDK gateway through a fault-injecting proxy in front of radosgw. Each
// fault is described with the right kind and an actionable message, settles within its bound (the
// `requestTimeout` setting, made short here; mocha's per-test timeout is the generous deadline), and
// the gateway works again once the fault clears.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type S3ErrorKind, describeS3Error, isCancelledError } from '../../src/s3/errors';
import { createSdkGateway } from '../../src/s3/sdkGateway';
import type { S3Gateway } from '../../src/s3/s3Gateway';
import { type FaultMode, FaultProxy, unresolvableEndpoint } from './faultProxy';
import { type RigConfig, type TempAwsConfig, rigConfig, seededBody, useRigProfile } from './rig';

const PROFILE = 'rgw-faults';
/** `s3Presign.requestTimeout` of these gateways, in seconds. */
const TIMEOUT_S = 2;
const MAX_ATTEMPTS = 2;
/** A failing call plus the call that shows recovery: generous, yet far below a hang. */
const CASE_DEADLINE_MS = TIMEOUT_S * 1000 * 3 + 2_000;
/** What a bounded call must never wait for: a gateway whose own bound is far away. */
const LONG_TIMEOUT_S = 60;
/** Cancelling is prompt: well within this, and far below LONG_TIMEOUT_S. */
const PROMPT_MS = 3_000;
const TIMEOUT_MESSAGE = new RegExp(
  `^No answer from http://127\\.0\\.0\\.1:\\d+ within ${TIMEOUT_S} s\\. Check the endpoint, your VPN or proxy, then retry; on a slow network, raise the setting s3Presign\\.requestTimeout\\.$`,
);

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
  // The call's bound covers its retries: a silent server uses it up in one attempt.
  { mode: 'slow', kind: 'timeout', message: TIMEOUT_MESSAGE },
  { mode: 'hang', kind: 'timeout', message: TIMEOUT_MESSAGE },
  // Bytes keep coming, so no idle time-out fires: only the call's own bound ends it.
  { mode: 'drip', kind: 'timeout', message: TIMEOUT_MESSAGE },
  { mode: 'error500', kind: 'serverError', message: /internal error \(HTTP 500\)\. Retry in a moment/, retried: true },
  { mode: 'slowDown503', kind: 'throttled', message: /throttling requests \(slow down\)\. Wait a moment, then retry/, retried: true },
  { mode: 'truncatedXml', kind: 'serverError', message: /could not be read \(truncated or invalid XML\)/ },
  { mode: 'clockSkew', kind: 'clockSkew', message: /clock differs too much.*Check the system clock/ },
  { mode: 'expiredToken', kind: 'expiredToken', message: /temporary credentials of profile rgw-faults have expired.*aws sso login --profile rgw-faults/ },
];

describe('faults between the gateway and S3 (fault-injecting proxy)', function () {
  this.timeout(CASE_DEADLINE_MS);
  let rig: RigConfig;
  let aws: TempAwsConfig;
  let proxy: FaultProxy;
  let gateway: S3Gateway;

  before(async () => {
    rig = rigConfig();
    proxy = await FaultProxy.start(rig.endpoint);
    aws = useRigProfile(rig, PROFILE, proxy.url);
    gateway = await createSdkGateway({ profile: PROFILE, requestTimeout: TIMEOUT_S }, { maxAttempts: MAX_ATTEMPTS });
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
      const error = await gateway.listBuckets().then(
        () => assert.fail('expected the call to fail'),
        (e: unknown) => e,
      );
      const described = describeS3Error(error, { profile: PROFILE, endpoint: proxy.url });
      assert.equal(described.kind, c.kind, `${described.kind}: ${described.message} (${String(error)})`);
      assert.match(described.message, c.message);
      if (c.retried) {
        assert.equal(proxy.requests, MAX_ATTEMPTS, 'the SDK retried, up to maxAttempts');
      }
      await proxy.setMode('pass');
      assert.ok((await gateway.listBuckets()).length > 0, 'works again once the fault clears');
    });
  }

  it('slowDown503 for longer than the bound: the deadline reports the throttling, not "no answer"', async () => {
    // Ten attempts with the SDK's throttling back-off cannot fit in 1 s: the deadline ends the retries.
    const patient = await createSdkGateway({ profile: PROFILE, requestTimeout: 1 }, { maxAttempts: 10 });
    try {
      await proxy.setMode('slowDown503');
      const error = await patient.listBuckets().then(
        () => assert.fail('expected the call to fail'),
        (e: unknown) => e,
      );
      assert.ok(proxy.requests < 10, `the deadline ended the retries (${proxy.requests} requests)`);
      const described = describeS3Error(error, { profile: PROFILE, endpoint: proxy.url });
      assert.equal(described.kind, 'throttled', described.message);
    } finally {
      patient.dispose();
    }
  });

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

  it('a hanging endpoint never holds up signing: presigning makes no request', async function () {
    this.timeout(PROMPT_MS);
    await proxy.setMode('hang');
    const link = await gateway.presign({ method: 'GET', bucket: 'presign-test', key: 'hello.txt', expiresIn: 60 });
    assert.equal(proxy.requests, 0);
    await proxy.setMode('pass');
    assert.equal((await fetch(link.url)).status, 200, 'the link signed for the proxy works through it');
  });

  it('an unresolvable host name: a clear message within the bound; the next endpoint works', async () => {
    const lost = await createSdkGateway({ profile: PROFILE, endpoint: unresolvableEndpoint(), requestTimeout: TIMEOUT_S });
    try {
      const error = await lost.listBuckets().then(
        () => assert.fail('expected the call to fail'),
        (e: unknown) => e,
      );
      const described = describeS3Error(error, { profile: PROFILE, endpoint: lost.endpoint });
      assert.equal(described.kind, 'endpointUnreachable', `${described.message} (${String(error)})`);
      assert.match(described.message, /the host name s3-presign-fault\.invalid could not be resolved \(ENOTFOUND\)/);
    } finally {
      lost.dispose();
    }
    // Fixing the endpoint setting makes a new gateway (Connection.reset), which works.
    const fixed = await createSdkGateway({ profile: PROFILE, endpoint: proxy.url, requestTimeout: TIMEOUT_S });
    try {
      assert.ok((await fixed.listBuckets()).length > 0);
    } finally {
      fixed.dispose();
    }
  });

  describe('cancelling (switching profile or endpoint disposes the gateway)', function () {
    this.timeout(PROMPT_MS);
    let patient: S3Gateway;

    beforeEach(async () => {
      patient = await createSdkGateway({ profile: PROFILE, requestTimeout: LONG_TIMEOUT_S });
    });

    afterEach(() => patient.dispose());

    it('dispose() rejects every call in flight at once with a cancelled error, and later calls too', async () => {
      await proxy.setMode('hang');
      const inFlight = [
        patient.listBuckets(),
        patient.listPage({ bucket: 'presign-test', prefix: '', maxKeys: 5 }),
        patient.headObject('presign-test', 'hello.txt'),
        patient.getBucketPolicy('presign-test'),
      ].map((call) => call.then(() => 'settled', (e: unknown) => e));
      await proxy.waitForRequests(4);
      patient.dispose();
      for (const outcome of await Promise.all(inFlight)) {
        assert.ok(isCancelledError(outcome), String(outcome));
        assert.equal(describeS3Error(outcome, { profile: PROFILE }).kind, 'cancelled');
      }
      assert.ok(isCancelledError(await patient.listBuckets().catch((e: unknown) => e)));
    });

    it("a caller's signal ends its call with the signal's reason; the gateway goes on working", async () => {
      await proxy.setMode('hang');
      const budget = new AbortController();
      const head = patient.headObject('presign-test', 'hello.txt', { signal: budget.signal }).catch((e: unknown) => e);
      await proxy.waitForRequests(1);
      const reason = new Error('check budget spent');
      budget.abort(reason);
      assert.equal(await head, reason);
      await proxy.setMode('pass');
      assert.equal((await patient.headObject('presign-test', 'hello.txt', { signal: new AbortController().signal }))?.size, seededBody('presign-test', 'hello.txt').length);
    });
  });

  describe('credentials that never come (credential_process hangs)', function () {
    this.timeout(CASE_DEADLINE_MS);
    let flag: string;

    before(() => {
      flag = path.join(aws.dir, 'hang-credentials');
      const script = path.join(aws.dir, 'slow-creds.js');
      // Waits while the flag file exists, then prints the rig's keys: the fault can be fixed.
      fs.writeFileSync(
        script,
        `const fs = require('node:fs');
const wait = () => (fs.existsSync(${JSON.stringify(flag)}) ? setTimeout(wait, 100) : process.stdout.write(${JSON.stringify(
          JSON.stringify({ Version: 1, AccessKeyId: rig.accessKeyId, SecretAccessKey: rig.secretAccessKey }),
        )}));
wait();
`,
      );
      fs.appendFileSync(
        process.env.AWS_CONFIG_FILE as string,
        `\n[profile rgw-hanging-creds]\nregion = ${rig.region}\nendpoint_url = ${proxy.url}\ncredential_process = "${process.execPath}" "${script}"\n`,
      );
    });

    after(() => fs.rmSync(flag, { force: true }));

    it('calls and credentialsExpiry() settle within the bound saying so; once fixed the next call works', async () => {
      fs.writeFileSync(flag, '');
      const stuck = await createSdkGateway({ profile: 'rgw-hanging-creds', requestTimeout: TIMEOUT_S });
      try {
        const expiry = await stuck.credentialsExpiry().catch((e: unknown) => e);
        const described = describeS3Error(expiry, { profile: 'rgw-hanging-creds', endpoint: proxy.url });
        assert.equal(described.kind, 'timeout', String(expiry));
        assert.match(described.message, /^No credentials for profile rgw-hanging-creds within 2 s: its SSO, STS, instance metadata or credential_process did not answer/);
        fs.rmSync(flag);
        assert.equal(await stuck.credentialsExpiry(), undefined, 'a fresh chain, not the one stuck before');
        assert.ok((await stuck.listBuckets()).length > 0);
      } finally {
        stuck.dispose();
      }
    });
  });
});
