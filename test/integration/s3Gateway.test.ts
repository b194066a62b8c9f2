// The SDK gateway against a real, SigV4-validating radosgw (scripts/rgw.sh, seeded by scripts/seed.mjs).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createSdkGateway } from '../../src/s3/sdkGateway';
import { describeS3Error } from '../../src/s3/errors';
import type { S3Gateway } from '../../src/s3/s3Gateway';
import {
  type RigConfig,
  type TempAwsConfig,
  awkwardKeys,
  rigConfig,
  seedBody,
  seededBody,
  seedObjects,
  tamperSignature,
  useRigProfile,
} from './rig';

const PROFILE = 'rgw-test';

async function fetchBytes(url: string, init?: RequestInit): Promise<{ status: number; body: Buffer }> {
  const res = await fetch(url, init);
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}

describe('s3 gateway against radosgw', function () {
  let rig: RigConfig;
  let aws: TempAwsConfig;
  let gateway: S3Gateway;

  before(async function () {
    rig = rigConfig();
    aws = useRigProfile(rig, PROFILE);
    gateway = await createSdkGateway({ profile: PROFILE });
  });

  after(() => {
    gateway?.dispose();
    aws?.restore();
  });

  it("takes the endpoint from the profile's endpoint_url", () => {
    assert.equal(gateway.endpoint, rig.endpoint);
  });

  it('lists the seeded buckets', async () => {
    const names = (await gateway.listBuckets()).map((b) => b.name);
    for (const expected of ['presign-test', 'my.dotted.bucket', 'big-bucket']) {
      assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
    }
  });

  it('pages big-bucket: exactly maxKeys a page, continuation tokens, folders apart', async () => {
    const first = await gateway.listPage({ bucket: 'big-bucket', prefix: '', maxKeys: 500 });
    assert.equal(first.objects.length, 500);
    assert.deepEqual(first.folders, []);
    assert.ok(first.nextContinuationToken, 'a token after the first page');
    assert.equal(first.objects[0].key, 'item-00000.txt');
    assert.equal(first.objects[499].key, 'item-00499.txt');
    assert.equal(first.objects[0].size, seedBody({ key: 'item-00000.txt' }).length);
    assert.ok(first.objects[0].lastModified instanceof Date);

    const second = await gateway.listPage({
      bucket: 'big-bucket',
      prefix: '',
      maxKeys: 500,
      continuationToken: first.nextContinuationToken,
    });
    assert.equal(second.objects.length, 500);
    assert.equal(second.objects[0].key, 'item-00500.txt', 'the next page continues where the first stopped');
    assert.ok(second.nextContinuationToken);

    const third = await gateway.listPage({
      bucket: 'big-bucket',
      prefix: '',
      maxKeys: 500,
      continuationToken: second.nextContinuationToken,
    });
    assert.equal(third.objects.length, 200);
    assert.deepEqual(third.folders, [{ prefix: 'logs/' }]);
    assert.equal(third.nextContinuationToken, undefined);
  });

  it('lists a folder by prefix, folders (common prefixes) separated from objects', async () => {
    const logs = await gateway.listPage({ bucket: 'big-bucket', prefix: 'logs/', maxKeys: 100 });
    assert.deepEqual(
      logs.objects.map((o) => o.key),
      ['logs/2024-01-01.log', 'logs/2024-01-02.log', 'logs/2024-01-03.log'],
    );
    const root = await gateway.listPage({ bucket: 'presign-test', prefix: '', maxKeys: 1000 });
    const folders = root.folders.map((f) => f.prefix);
    for (const expected of ['unicode/', 'spaces/', 'double/', '/', 'docs/', 'photos/']) {
      assert.ok(folders.includes(expected), `${expected} in ${folders.join(' ')}`);
    }
    assert.ok(root.objects.some((o) => o.key === 'hello.txt'));
  });

  it('heads an object, and answers undefined for a missing one', async () => {
    const head = await gateway.headObject('presign-test', 'hello.txt');
    assert.ok(head);
    assert.equal(head.size, seededBody('presign-test', 'hello.txt').length);
    assert.equal(head.contentType, 'text/plain');
    assert.equal(await gateway.headObject('presign-test', `missing-${randomUUID()}.txt`), undefined);
  });

  it('bucketRegion is the configured region on a custom endpoint', async () => {
    assert.equal(await gateway.bucketRegion('presign-test'), rig.region);
  });

  describe('presigned GET for every awkward key', () => {
    for (const object of awkwardKeys()) {
      const label = object.key.length > 60 ? `${object.key.slice(0, 20)}… (${object.key.length} chars)` : object.key;
      it(`returns exactly the bytes of ${JSON.stringify(label)}`, async () => {
        const expiresIn = 321;
        const signed = await gateway.presign({ method: 'GET', bucket: 'presign-test', key: object.key, expiresIn });
        const url = new URL(signed.url);
        assert.equal(url.searchParams.get('X-Amz-Expires'), String(expiresIn));
        assert.doesNotMatch(signed.url, /x-amz-checksum|x-amz-sdk-checksum-algorithm/i);
        assert.deepEqual(signed.signedHeaders, {});
        assert.equal(signed.region, rig.region);
        assert.equal(signed.effectiveExpiresAt.getTime(), signed.urlExpiresAt.getTime());
        assert.equal(signed.credentialsExpireAt, undefined, 'static keys do not expire');
        const { status, body } = await fetchBytes(signed.url);
        assert.equal(status, 200);
        assert.equal(body.toString('utf8'), seedBody(object));
      });
    }
  });

  it('presigned PUT uploads with a plain PUT, and the object reads back equal', async () => {
    const key = `uploads/${randomUUID()} with spaces+ü #1.bin`;
    const payload = Buffer.from(`payload ${randomUUID()}\n`.repeat(100));
    const put = await gateway.presign({ method: 'PUT', bucket: 'presign-test', key, expiresIn: 600 });
    assert.doesNotMatch(put.url, /x-amz-checksum|x-amz-sdk-checksum-algorithm/i);
    assert.match(put.url, /X-Amz-SignedHeaders=host&/);
    assert.equal((await fetchBytes(put.url, { method: 'PUT', body: payload })).status, 200);

    const get = await gateway.presign({ method: 'GET', bucket: 'presign-test', key, expiresIn: 600 });
    const { status, body } = await fetchBytes(get.url);
    assert.equal(status, 200);
    assert.ok(body.equals(payload));
    assert.equal((await gateway.headObject('presign-test', key))?.size, payload.length);
  });

  it('a Content-Type-pinned PUT accepts that type and refuses another (403)', async () => {
    const key = `uploads/${randomUUID()}.json`;
    const signed = await gateway.presign({
      method: 'PUT',
      bucket: 'presign-test',
      key,
      expiresIn: 600,
      contentType: 'application/json',
    });
    assert.deepEqual(signed.signedHeaders, { 'content-type': 'application/json' });
    assert.match(signed.url, /X-Amz-SignedHeaders=content-type%3Bhost&/);
    const body = new TextEncoder().encode('{"ok":true}');
    const wrong = await fetchBytes(signed.url, { method: 'PUT', body, headers: { 'content-type': 'text/plain' } });
    assert.equal(wrong.status, 403);
    const none = await fetchBytes(signed.url, { method: 'PUT', body });
    assert.equal(none.status, 403, 'no Content-Type at all is refused too');
    const right = await fetchBytes(signed.url, { method: 'PUT', body, headers: signed.signedHeaders });
    assert.equal(right.status, 200);
    assert.equal((await gateway.headObject('presign-test', key))?.contentType, 'application/json');
  });

  it('a tampered signature is refused (403)', async () => {
    const signed = await gateway.presign({ method: 'GET', bucket: 'presign-test', key: 'hello.txt', expiresIn: 600 });
    const tampered = tamperSignature(signed.url);
    assert.notEqual(tampered, signed.url);
    assert.equal((await fetchBytes(tampered)).status, 403);
    assert.equal((await fetchBytes(signed.url)).status, 200);
  });

  it('a GET URL used for PUT is refused (403) and the object is unchanged', async () => {
    const key = 'hello.txt';
    const signed = await gateway.presign({ method: 'GET', bucket: 'presign-test', key, expiresIn: 600 });
    const put = await fetchBytes(signed.url, { method: 'PUT', body: new TextEncoder().encode('overwritten!') });
    assert.equal(put.status, 403);
    const { status, body } = await fetchBytes(signed.url);
    assert.equal(status, 200);
    assert.equal(body.toString('utf8'), seededBody('presign-test', key));
  });

  it('an expired URL is refused (403)', async () => {
    const signed = await gateway.presign({ method: 'GET', bucket: 'presign-test', key: 'hello.txt', expiresIn: 1 });
    assert.equal(new URL(signed.url).searchParams.get('X-Amz-Expires'), '1');
    // Poll until S3 refuses it: accepted first (or already refused on a slow machine), then 403 for good.
    const deadline = Date.now() + 15_000;
    let status = (await fetchBytes(signed.url)).status;
    while (status !== 403 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await fetchBytes(signed.url)).status;
    }
    assert.equal(status, 403, 'the link still worked 15 s after it expired');
  });

  it('refuses expiries outside 1–604800 s with an Error before signing', async () => {
    for (const expiresIn of [0, -5, 604801, 2.5]) {
      await assert.rejects(
        gateway.presign({ method: 'GET', bucket: 'presign-test', key: 'hello.txt', expiresIn }),
        (e: unknown) => e instanceof Error && /604800/.test(e.message),
      );
    }
    const max = await gateway.presign({ method: 'GET', bucket: 'presign-test', key: 'hello.txt', expiresIn: 604800 });
    assert.equal(new URL(max.url).searchParams.get('X-Amz-Expires'), '604800');
    assert.equal((await fetchBytes(max.url)).status, 200);
  });

  it('a dotted bucket works, path-style', async () => {
    for (const object of seedObjects('my.dotted.bucket')) {
      const signed = await gateway.presign({ method: 'GET', bucket: 'my.dotted.bucket', key: object.key, expiresIn: 60 });
      assert.ok(signed.url.startsWith(`${rig.endpoint}/my.dotted.bucket/`), signed.url);
      const { status, body } = await fetchBytes(signed.url);
      assert.equal(status, 200);
      assert.equal(body.toString('utf8'), seedBody(object));
    }
    const page = await gateway.listPage({ bucket: 'my.dotted.bucket', prefix: '', maxKeys: 10 });
    assert.deepEqual(page.folders, [{ prefix: 'nested/' }]);
  });

  it('a missing bucket is described as such', async () => {
    const bucket = `no-such-${randomUUID().slice(0, 8)}`;
    const err = await gateway.listPage({ bucket, prefix: '', maxKeys: 10 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err, 'listing a missing bucket fails');
    assert.equal(describeS3Error(err, { profile: PROFILE, bucket }).kind, 'noSuchBucket');
  });

  it('wrong keys are described as rejected credentials', async () => {
    const bad = await createSdkGateway(
      { profile: PROFILE },
      { credentials: { accessKeyId: rig.accessKeyId, secretAccessKey: 'wrong-secret' }, maxAttempts: 1 },
    );
    try {
      const err = await bad.listBuckets().then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err);
      assert.equal(describeS3Error(err, { profile: PROFILE }).kind, 'accessDenied');
    } finally {
      bad.dispose();
    }
  });

  it('an unreachable endpoint is described as such', async () => {
    const down = await createSdkGateway(
      { profile: PROFILE, endpoint: 'http://127.0.0.1:1' },
      { maxAttempts: 1 },
    );
    try {
      const err = await down.listBuckets().then(
        () => undefined,
        (e: unknown) => e,
      );
      const described = describeS3Error(err, { profile: PROFILE, endpoint: down.endpoint });
      assert.equal(described.kind, 'endpointUnreachable');
      assert.match(described.message, /127\.0\.0\.1:1/);
    } finally {
      down.dispose();
    }
  });

  describe('temporary credentials from radosgw STS', () => {
    let session: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date };

    before(async () => {
      const sts = new STSClient({
        region: rig.region,
        endpoint: rig.endpoint,
        credentials: { accessKeyId: rig.accessKeyId, secretAccessKey: rig.secretAccessKey },
      });
      try {
        const out = await sts.send(
          new AssumeRoleCommand({ RoleArn: rig.roleArn, RoleSessionName: 'presign-it', DurationSeconds: 900 }),
        );
        const c = out.Credentials;
        assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken && c.Expiration, 'AssumeRole returns credentials');
        session = {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          sessionToken: c.SessionToken,
          expiration: c.Expiration,
        };
      } finally {
        sts.destroy();
      }
    });

    it('a URL signed with the session works, and carries the session token', async () => {
      const temp = await createSdkGateway({ profile: PROFILE }, { credentials: session });
      try {
        const signed = await temp.presign({ method: 'GET', bucket: 'presign-test', key: 'hello.txt', expiresIn: 60 });
        const url = new URL(signed.url);
        assert.equal(url.searchParams.get('X-Amz-Security-Token'), session.sessionToken);
        const { status, body } = await fetchBytes(signed.url);
        assert.equal(status, 200);
        assert.equal(body.toString('utf8'), seededBody('presign-test', 'hello.txt'));
        // The URL outlives nothing here: 60 s < the session's 900 s.
        assert.equal(signed.effectiveExpiresAt.getTime(), signed.urlExpiresAt.getTime());
        assert.equal(signed.credentialsExpireAt?.getTime(), session.expiration.getTime());

        url.searchParams.delete('X-Amz-Security-Token');
        assert.equal((await fetchBytes(url.toString())).status, 403, 'without the token the signature fails');
      } finally {
        temp.dispose();
      }
    });

    it('through a credential_process profile: the link really ends with the session', async () => {
      const script = path.join(aws.dir, 'creds.js');
      fs.writeFileSync(
        script,
        `process.stdout.write(${JSON.stringify(
          JSON.stringify({
            Version: 1,
            AccessKeyId: session.accessKeyId,
            SecretAccessKey: session.secretAccessKey,
            SessionToken: session.sessionToken,
            Expiration: session.expiration.toISOString(),
          }),
        )});\n`,
      );
      fs.appendFileSync(
        process.env.AWS_CONFIG_FILE as string,
        `\n[profile rgw-process]\nregion = ${rig.region}\nendpoint_url = ${rig.endpoint}\ncredential_process = "${process.execPath}" "${script}"\n`,
      );
      const temp = await createSdkGateway({ profile: 'rgw-process' });
      try {
        const expiresIn = 3600;
        const signed = await temp.presign({ method: 'GET', bucket: 'presign-test', key: 'hello.txt', expiresIn });
        assert.equal(signed.credentialsExpireAt?.getTime(), session.expiration.getTime());
        assert.ok(signed.credentialsExpireAt < signed.urlExpiresAt, 'the session ends before the URL would');
        assert.equal(signed.effectiveExpiresAt.getTime(), session.expiration.getTime());
        assert.equal((await temp.credentialsExpiry())?.getTime(), session.expiration.getTime());
        assert.equal(new URL(signed.url).searchParams.get('X-Amz-Expires'), String(expiresIn));
        assert.equal((await fetchBytes(signed.url)).status, 200);

        const put = await temp.presign({ method: 'PUT', bucket: 'presign-test', key: `uploads/${randomUUID()}.txt`, expiresIn: 60 });
        assert.equal((await fetchBytes(put.url, { method: 'PUT', body: new TextEncoder().encode('sts') })).status, 200);
      } finally {
        temp.dispose();
      }
    });
  });
});
