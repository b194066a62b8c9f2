import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { Commands } from '../../src/ids';
import { internals, labelOf, queryParam, runWithClipboard, seededBody, seededObjects, setSetting, sleep } from './helpers';

const BUCKET = 'presign-test';

async function copyGet(arg: unknown): Promise<{ result: string | undefined; clipboard: string; sentinel: string }> {
  return runWithClipboard<string | undefined>(Commands.copyGetUrl, arg);
}

async function presignPut(arg: unknown): Promise<{ result: string | undefined; clipboard: string; sentinel: string }> {
  return runWithClipboard<string | undefined>(Commands.presignUpload, arg);
}

function assertNothingCopied(run: { result: string | undefined; clipboard: string; sentinel: string }, what: string): void {
  assert.equal(run.result, undefined, `${what}: expected no URL`);
  assert.equal(run.clipboard, run.sentinel, `${what}: the clipboard must be untouched`);
}

suite('presigned links (automation API, real radosgw)', () => {
  suiteSetup(async () => {
    await internals();
  });

  test('a GET link for every awkward key returns exactly the object, with the requested X-Amz-Expires', async () => {
    const awkward = seededObjects(BUCKET).filter((object) => object.awkward);
    assert.ok(awkward.length >= 10);
    for (const object of awkward) {
      const run = await copyGet({ bucket: BUCKET, key: object.key, expiresIn: 120 });
      assert.ok(run.result, `no URL for ${object.key}`);
      assert.equal(run.clipboard, run.result, 'the URL is on the clipboard');
      assert.equal(queryParam(run.result, 'X-Amz-Expires'), '120');
      const response = await fetch(run.result);
      assert.equal(response.status, 200, `GET ${object.key}`);
      assert.equal(await response.text(), seededBody(object), `body of ${object.key}`);
    }
  });

  test('expiresIn accepts duration strings, and defaults to s3Presign.defaultExpiry', async () => {
    const key = 'hello.txt';
    assert.equal(queryParam((await copyGet({ bucket: BUCKET, key, expiresIn: '2h30m' })).result!, 'X-Amz-Expires'), '9000');
    assert.equal(queryParam((await copyGet({ bucket: BUCKET, key })).result!, 'X-Amz-Expires'), '3600');
    await setSetting('defaultExpiry', '15m');
    try {
      assert.equal(queryParam((await copyGet({ bucket: BUCKET, key })).result!, 'X-Amz-Expires'), '900');
    } finally {
      await setSetting('defaultExpiry', undefined);
    }
  });

  test('accepts the expiry bounds 1 s and 604800 s', async () => {
    for (const expiresIn of [1, 604800, '7d', '1s']) {
      const run = await copyGet({ bucket: BUCKET, key: 'hello.txt', expiresIn });
      assert.ok(run.result, `expiresIn ${expiresIn} refused`);
    }
  });

  test('refuses invalid expiries, and copies nothing', async () => {
    for (const expiresIn of [0, -5, 604801, 'abc', '7d1s', '1e9', '1.5h', '', null, [], {}, 1.5, Number.NaN, '99999999999999999999']) {
      assertNothingCopied(await copyGet({ bucket: BUCKET, key: 'hello.txt', expiresIn }), `expiresIn ${JSON.stringify(expiresIn)}`);
      assertNothingCopied(await presignPut({ bucket: BUCKET, key: 'uploads/x.txt', expiresIn }), `PUT expiresIn ${JSON.stringify(expiresIn)}`);
    }
  });

  test('refuses arguments of the wrong type or shape, and copies nothing', async () => {
    const longKey = 'k'.repeat(1025);
    for (const arg of [42, 'hello.txt', [BUCKET, 'hello.txt'], null, { bucket: BUCKET }, { key: 'hello.txt' }, { bucket: 5, key: 'a' },
      { bucket: BUCKET, key: 7 }, { bucket: 'Bad_Bucket', key: 'a' }, { bucket: BUCKET, key: '' }, { bucket: BUCKET, key: 'a\u0000b' },
      { bucket: BUCKET, key: longKey }, { bucket: BUCKET, key: '\ud800' }]) {
      assertNothingCopied(await copyGet(arg), `GET ${JSON.stringify(arg)?.slice(0, 60)}`);
      assertNothingCopied(await presignPut(arg), `PUT ${JSON.stringify(arg)?.slice(0, 60)}`);
    }
    assertNothingCopied(await presignPut({ bucket: BUCKET, key: 'a.txt', contentType: 'text/plain\r\nx-evil: 1' }), 'header injection');
    assertNothingCopied(await presignPut({ bucket: BUCKET, key: 'a.txt', contentType: 5 }), 'numeric content type');
  });

  test('a PUT link uploads with a plain PUT, signs no checksum, and the object reads back equal', async () => {
    const key = `uploads/plain put ${Date.now()} +?#.txt`;
    const run = await presignPut({ bucket: BUCKET, key, expiresIn: 300 });
    assert.ok(run.result);
    assert.equal(run.clipboard, run.result);
    assert.doesNotMatch(run.result, /x-amz-checksum|x-amz-sdk-checksum-algorithm/i);
    assert.equal(queryParam(run.result, 'X-Amz-SignedHeaders'), 'host');
    const body = `uploaded ${Date.now()} ✓`;
    assert.equal((await fetch(run.result, { method: 'PUT', body })).status, 200);
    const get = await copyGet({ bucket: BUCKET, key });
    assert.equal(await (await fetch(get.result!)).text(), body);
  });

  test('a Content-Type-pinned PUT link accepts that type only', async () => {
    const key = `uploads/pinned-${Date.now()}.json`;
    const url = (await presignPut({ bucket: BUCKET, key, contentType: 'application/json' })).result!;
    assert.match(queryParam(url, 'X-Amz-SignedHeaders')!, /content-type/);
    const wrong = await fetch(url, { method: 'PUT', body: 'x', headers: { 'content-type': 'text/plain' } });
    assert.equal(wrong.status, 403);
    const right = await fetch(url, { method: 'PUT', body: '{"ok":true}', headers: { 'content-type': 'application/json' } });
    assert.equal(right.status, 200);
  });

  test('a tampered signature, a GET link used for PUT and an expired link are refused with 403', async () => {
    const object = seededObjects(BUCKET).find((candidate) => candidate.key === 'hello.txt')!;
    const url = (await copyGet({ bucket: BUCKET, key: object.key, expiresIn: 60 })).result!;
    const tampered = new URL(url);
    const signature = tampered.searchParams.get('X-Amz-Signature')!;
    tampered.searchParams.set('X-Amz-Signature', (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1));
    assert.equal((await fetch(tampered)).status, 403, 'tampered');
    assert.equal((await fetch(url, { method: 'PUT', body: 'overwritten' })).status, 403, 'GET link used for PUT');
    assert.equal(await (await fetch(url)).text(), seededBody(object), 'object unchanged');

    const shortLived = (await copyGet({ bucket: BUCKET, key: object.key, expiresIn: 1 })).result!;
    await sleep(2100);
    assert.equal((await fetch(shortLived)).status, 403, 'expired');
  });

  test('a GET link for a dotted bucket name works (path style)', async () => {
    const url = (await copyGet({ bucket: 'my.dotted.bucket', key: 'hello.txt' })).result!;
    assert.match(new URL(url).pathname, /^\/my\.dotted\.bucket\/hello\.txt$/);
    assert.equal((await fetch(url)).status, 200);
  });

  test('a GET link for a missing key is still copied by automation, and recorded', async () => {
    const { ledger } = await internals();
    const key = `missing/${Date.now()}.txt`;
    const url = (await copyGet({ bucket: BUCKET, key })).result;
    assert.ok(url);
    assert.ok(ledger.active().some((record) => record.key === key));
  });

  test('links signed with temporary credentials stop when the credentials do, and say so', async () => {
    const { ledger } = await internals();
    const sts = new STSClient({
      region: 'us-east-1',
      endpoint: process.env.S3_TEST_ENDPOINT,
      credentials: { accessKeyId: process.env.S3_TEST_ACCESS_KEY!, secretAccessKey: process.env.S3_TEST_SECRET_KEY! },
    });
    const assumed = await sts.send(
      new AssumeRoleCommand({ RoleArn: process.env.S3_TEST_ROLE_ARN, RoleSessionName: 'extension-test', DurationSeconds: 900 }),
    );
    const credentials = assumed.Credentials!;
    // A credential_process profile reports the session's expiry, as SSO and assume-role profiles do.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3p-temp-creds-'));
    const expiration = new Date(Date.now() + 10 * 60_000);
    fs.writeFileSync(
      path.join(dir, 'creds.json'),
      JSON.stringify({ Version: 1, AccessKeyId: credentials.AccessKeyId, SecretAccessKey: credentials.SecretAccessKey, SessionToken: credentials.SessionToken, Expiration: expiration.toISOString() }),
    );
    const config = fs.readFileSync(process.env.AWS_CONFIG_FILE!, 'utf8');
    fs.writeFileSync(
      process.env.AWS_CONFIG_FILE!,
      `${config}\n[profile temporary]\nregion = us-east-1\nendpoint_url = ${process.env.S3_TEST_ENDPOINT}\ncredential_process = cat ${path.join(dir, 'creds.json')}\n`,
    );
    await setSetting('profile', 'temporary');
    try {
      const url = (await copyGet({ bucket: BUCKET, key: 'hello.txt', expiresIn: '1d' })).result!;
      assert.ok(url);
      assert.ok(queryParam(url, 'X-Amz-Security-Token'), 'signed with the session token');
      assert.equal(queryParam(url, 'X-Amz-Expires'), '86400');
      assert.equal((await fetch(url)).status, 200);
      const record = ledger.active().find((candidate) => candidate.profile === 'temporary' && candidate.key === 'hello.txt');
      assert.ok(record, 'the link is recorded');
      assert.equal(record.limitedByCredentials, true);
      assert.ok(Math.abs(record.effectiveExpiresAt - expiration.getTime()) < 1000, 'effective expiry is the credentials\' expiry');
      const withoutToken = new URL(url);
      withoutToken.searchParams.delete('X-Amz-Security-Token');
      assert.equal((await fetch(withoutToken)).status, 403);
    } finally {
      await setSetting('profile', undefined);
      fs.writeFileSync(process.env.AWS_CONFIG_FILE!, config);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a tree item as argument works as from the menu (default-expiry inline button)', async () => {
    const { explorer } = await internals();
    explorer.refresh();
    const bucket = (await explorer.getChildren()).find((node) => labelOf(node) === BUCKET)!;
    const hello = (await explorer.getChildren(bucket)).find((node) => labelOf(node) === 'hello.txt')!;
    const run = await runWithClipboard<string | undefined>(Commands.copyGetUrlDefault, hello);
    assert.ok(run.result);
    assert.equal(run.clipboard, run.result);
    assert.equal(queryParam(run.result, 'X-Amz-Expires'), '3600');
    assert.equal(await (await fetch(run.result)).text(), 'Hello, S3 Presign!\n');
  });
});
