import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  GetBucketPolicyCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import * as vscode from 'vscode';
import { buildPresignPolicy } from '../../src/core/policy/build';
import { Commands } from '../../src/ids';
import { internals, runWithClipboard } from './helpers';

// "Generate Bucket Policy for Presigned Links…" through its automation API, and policy-aware
// presigning against a radosgw bucket whose policy limits the signature's age (issue 5).
suite('bucket policies (real radosgw)', () => {
  const bucket = `policy-ext-${randomUUID().slice(0, 8)}`;
  let admin: S3Client;

  suiteSetup(async () => {
    await internals();
    const env = process.env;
    assert.ok(env.S3_TEST_ENDPOINT && env.S3_TEST_ACCESS_KEY && env.S3_TEST_SECRET_KEY, 'S3_TEST_* not set');
    admin = new S3Client({
      region: env.S3_TEST_REGION || 'us-east-1',
      endpoint: env.S3_TEST_ENDPOINT,
      forcePathStyle: true,
      credentials: { accessKeyId: env.S3_TEST_ACCESS_KEY, secretAccessKey: env.S3_TEST_SECRET_KEY },
    });
    await admin.send(new CreateBucketCommand({ Bucket: bucket }));
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'a.txt', Body: 'a' }));
  });

  suiteTeardown(async () => {
    await admin?.send(new DeleteBucketPolicyCommand({ Bucket: bucket })).catch(() => undefined);
    await admin?.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'a.txt' })).catch(() => undefined);
    await admin?.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
    admin?.destroy();
  });

  test('automation resolves to the policy JSON without prompting, and never applies it', async () => {
    const json = await vscode.commands.executeCommand<string | undefined>(Commands.generateBucketPolicy, {
      bucket,
      maxSignatureAge: '10m',
      allowedCidrs: ['203.0.113.0/24', '2001:db8::/32'],
      vpceId: 'vpce-0a1b2c',
      apply: true,
    });
    assert.ok(json, 'a policy');
    const policy = JSON.parse(json);
    assert.equal(policy.Version, '2012-10-17');
    assert.deepEqual(policy.Statement[0].Condition, { NumericGreaterThan: { 's3:signatureAge': 600000 } });
    assert.deepEqual(policy.Statement[1].Condition.NotIpAddress, { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] });
    // Nothing was applied: the bucket still has no policy.
    await assert.rejects(admin.send(new GetBucketPolicyCommand({ Bucket: bucket })), /NoSuchBucketPolicy|policy/i);
  });

  test('a 1-day link to a bucket refusing signatures older than 10 min is copied (automation) and recorded as ending in 10 min', async () => {
    const policy = buildPresignPolicy(bucket, { maxSignatureAgeMs: 600_000 });
    await admin.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
    const { ledger } = await internals();
    const before = Date.now();
    const run = await runWithClipboard<string | undefined>(Commands.copyGetUrl, { bucket, key: 'a.txt', expiresIn: '1d' });
    assert.ok(run.result, 'the link is still copied');
    assert.equal(run.clipboard, run.result);
    assert.equal(new URL(run.result).searchParams.get('X-Amz-Expires'), '86400', 'the URL keeps the requested expiry');
    const record = ledger.all().find((entry) => entry.bucket === bucket && entry.key === 'a.txt');
    assert.ok(record, 'recorded');
    assert.ok(record.effectiveExpiresAt <= Date.now() + 600_000 && record.effectiveExpiresAt >= before + 590_000,
      `effective expiry ${new Date(record.effectiveExpiresAt).toISOString()} is the signature-age limit`);
    await ledger.forget(record.id);
  });
});
