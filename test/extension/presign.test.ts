import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { Commands } from '../../src/ids';
import { internals, labelOf, queryParam, runWithClipboard, setSetting } from './helpers';

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

// What needs the real host: settings, the clipboard, the ledger, menu arguments and the real SDK bundle.
// What radosgw does with a URL (awkward keys, expiry, tampering, pinned types) is test/integration's.
suite('presigned links (automation API, real radosgw)', () => {
  suiteSetup(async () => {
    await internals();
  });

  test('expiresIn defaults to s3Presign.defaultExpiry, and follows a change of the setting', async () => {
    const key = 'hello.txt';
    assert.equal(queryParam((await copyGet({ bucket: BUCKET, key })).result!, 'X-Amz-Expires'), '3600');
    await setSetting('defaultExpiry', '15m');
    try {
      assert.equal(queryParam((await copyGet({ bucket: BUCKET, key })).result!, 'X-Amz-Expires'), '900');
    } finally {
      await setSetting('defaultExpiry', undefined);
    }
  });

  // Which arguments are refused is unit-tested (test/unit/hostileInput.test.ts, duration.test.ts); here, that a
  // refusal reaches neither the caller nor the clipboard.
  test('an invalid automation argument returns no URL and leaves the clipboard alone', async () => {
    assertNothingCopied(await copyGet({ bucket: BUCKET, key: 'hello.txt', expiresIn: '7d1s' }), 'GET');
    assertNothingCopied(await presignPut({ bucket: 'Bad_Bucket', key: 'uploads/x.txt' }), 'PUT');
  });

  test('a GET link for a missing key is still copied by automation, and recorded', async () => {
    const { ledger } = await internals();
    const key = `missing/${Date.now()}.txt`;
    const url = (await copyGet({ bucket: BUCKET, key })).result;
    assert.ok(url);
    assert.ok(ledger.active().some((record) => record.key === key));
  });

  test('a credential_process profile chosen in the settings signs with its session and records the session\'s end', async () => {
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
      const record = ledger.active().find((candidate) => candidate.profile === 'temporary' && candidate.key === 'hello.txt');
      assert.ok(record, 'the link is recorded');
      assert.equal(record.limitedByCredentials, true);
      assert.ok(Math.abs(record.effectiveExpiresAt - expiration.getTime()) < 1000, 'effective expiry is the credentials\' expiry');
    } finally {
      await setSetting('profile', undefined);
      fs.writeFileSync(process.env.AWS_CONFIG_FILE!, config);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a tree item as argument works as from the menu (default-expiry inline button), and radosgw accepts the URL', async () => {
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
