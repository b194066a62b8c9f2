// GetBucketPolicy / PutBucketPolicy through the SDK gateway against radosgw (issue 5), on a bucket of
// its own so the policy never reaches the buckets other tests use.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, DeleteBucketCommand, DeleteBucketPolicyCommand, type S3Client } from '@aws-sdk/client-s3';
import { buildPresignPolicy } from '../../src/core/policy/build';
import { PolicySids } from '../../src/core/policy/document';
import { mergePolicy } from '../../src/core/policy/merge';
import { presignPolicyLimits } from '../../src/core/policy/read';
import { cachedBucketPolicy } from '../../src/s3/bucketPolicyCache';
import { createSdkGateway } from '../../src/s3/sdkGateway';
import type { S3Gateway } from '../../src/s3/s3Gateway';
import { type RigConfig, type TempAwsConfig, rigConfig, useRigProfile, rigS3Client } from './rig';

const PROFILE = 'rgw-policy';

describe('bucket policies against radosgw', function () {
  let rig: RigConfig;
  let aws: TempAwsConfig;
  let gateway: S3Gateway;
  let admin: S3Client;
  const bucket = `policy-test-${randomUUID().slice(0, 8)}`;

  before(async function () {
    rig = rigConfig();
    aws = useRigProfile(rig, PROFILE);
    gateway = await createSdkGateway({ profile: PROFILE });
    admin = rigS3Client(rig);
    await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  after(async () => {
    await admin?.send(new DeleteBucketPolicyCommand({ Bucket: bucket })).catch(() => undefined);
    await admin?.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
    admin?.destroy();
    gateway?.dispose();
    aws?.restore();
  });

  it('answers undefined for a bucket without a policy (NoSuchBucketPolicy)', async () => {
    assert.equal(await gateway.getBucketPolicy(bucket), undefined);
  });

  it('puts a generated policy and reads it back with its limits', async () => {
    const policy = buildPresignPolicy(bucket, { maxSignatureAgeMs: 600_000, allowedCidrs: ['127.0.0.0/8', '::1/128'] });
    await gateway.putBucketPolicy(bucket, JSON.stringify(policy));
    const text = await gateway.getBucketPolicy(bucket);
    assert.ok(text, 'a policy is returned');
    const limits = presignPolicyLimits(text, { bucket });
    assert.equal(limits.maxSignatureAgeMs, 600_000);
    assert.equal(limits.restrictsSourceIp, true);
    assert.equal(limits.deniesPresigned, false);
  });

  it('merges into the current policy: replaces our statements, removes those not chosen again, keeps the others', async () => {
    const other = {
      Sid: 'NoPresignedDeletes',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:DeleteObject',
      Resource: `arn:aws:s3:::${bucket}/*`,
      Condition: { StringEquals: { 's3:authType': 'REST-QUERY-STRING' } },
    };
    const current = JSON.parse((await gateway.getBucketPolicy(bucket)) ?? '{}');
    await gateway.putBucketPolicy(bucket, JSON.stringify({ ...current, Statement: [...current.Statement, other] }));
    // Regenerated without the IP limit: its statement goes, the bucket's own statement stays.
    const merged = mergePolicy(await gateway.getBucketPolicy(bucket), buildPresignPolicy(bucket, { maxSignatureAgeMs: 120_000 }));
    assert.ok(merged.ok);
    await gateway.putBucketPolicy(bucket, JSON.stringify(merged.policy));
    const text = await gateway.getBucketPolicy(bucket);
    const limits = presignPolicyLimits(text, { bucket, key: 'a.txt', method: 'PUT' });
    assert.equal(limits.maxSignatureAgeMs, 120_000);
    assert.equal(limits.restrictsSourceIp, false, 'the network statement is removed');
    const sids = (JSON.parse(text ?? '{}').Statement as { Sid?: string }[]).map((s) => s.Sid);
    assert.deepEqual(sids.sort(), ['NoPresignedDeletes', PolicySids.oldSignatures].sort());
  });

  it('caches the policy per gateway for policy-aware presigning', async () => {
    assert.ok(await cachedBucketPolicy(gateway, bucket));
    assert.equal(await cachedBucketPolicy(gateway, 'no-such-bucket-policy-test'), undefined, 'a missing bucket is no warning, not an error');
  });

  it('refuses an invalid policy with an S3 error', async () => {
    await assert.rejects(gateway.putBucketPolicy(bucket, '{"Statement": "nope"'));
  });
});
