import * as assert from 'node:assert/strict';
import { buildPresignPolicy } from '../../src/core/policy/build';
import { PolicySids } from '../../src/core/policy/document';
import { mergePolicy, removedGeneratorSids } from '../../src/core/policy/merge';

const RESOURCES = ['arn:aws:s3:::my-bucket', 'arn:aws:s3:::my-bucket/*'];
const base = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: RESOURCES };
const publicRead = { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket/*' };

const sidsOf = (result: ReturnType<typeof mergePolicy>): unknown[] => (result.ok ? result.policy.Statement.map((s) => s.Sid) : []);

describe('policy/merge', () => {
  const generated = buildPresignPolicy('my-bucket', { maxSignatureAgeMs: 600000 });

  it('returns the generated policy when there is none', () => {
    for (const none of [undefined, null, '', '  \n']) {
      assert.deepEqual(mergePolicy(none, generated), { ok: true, policy: generated });
    }
  });

  it('keeps other statements and fields, replacing ours in place', () => {
    const oldCondition = { NumericGreaterThan: { 's3:signatureAge': 1 } };
    const existing = {
      Version: '2012-10-17',
      Id: 'MyPolicy',
      Statement: [{ Sid: 'S3PresignDenyOldSignatures', ...base, Condition: oldCondition }, publicRead],
    };
    assert.deepEqual(mergePolicy(JSON.stringify(existing), generated), {
      ok: true,
      policy: { Version: '2012-10-17', Id: 'MyPolicy', Statement: [generated.Statement[0], publicRead] },
    });
    // The input object is not modified.
    assert.equal(oldCondition.NumericGreaterThan['s3:signatureAge'], 1);
  });

  it('appends new statements and accepts a single statement object', () => {
    const result = mergePolicy({ Version: '2008-10-17', Statement: publicRead }, generated);
    assert.deepEqual(result, { ok: true, policy: { Version: '2008-10-17', Statement: [publicRead, generated.Statement[0]] } });
    assert.deepEqual(mergePolicy({ Id: 'x' }, generated), { ok: true, policy: { Id: 'x', Version: '2012-10-17', Statement: generated.Statement } });
  });

  it('removes statements of this generator that were not generated this time (issue 12)', () => {
    const before = buildPresignPolicy('my-bucket', { maxSignatureAgeMs: 600000, allowedCidrs: ['10.0.0.0/8'], denyPresigned: true });
    const existing = { Version: '2012-10-17', Statement: [publicRead, ...before.Statement, { Sid: 'S3PresignSomethingElse', ...base }] };
    // IP limit removed and "refuse presigned requests" turned off:
    const merged = mergePolicy(JSON.stringify(existing), generated);
    assert.deepEqual(sidsOf(merged), ['PublicRead', PolicySids.oldSignatures, 'S3PresignSomethingElse']);
    // Only the age was chosen before; now only the network: the age statement goes.
    const networkOnly = buildPresignPolicy('my-bucket', { vpceId: 'vpce-1a' });
    assert.deepEqual(sidsOf(mergePolicy(merged.ok ? merged.policy : {}, networkOnly)), ['PublicRead', 'S3PresignSomethingElse', PolicySids.outsideNetwork]);
  });

  it('says which of its statements applying a policy removes', () => {
    const before = JSON.stringify(buildPresignPolicy('my-bucket', { maxSignatureAgeMs: 600000, allowedCidrs: ['10.0.0.0/8'] }));
    const merged = mergePolicy(before, generated);
    assert.ok(merged.ok);
    assert.deepEqual(removedGeneratorSids(before, JSON.stringify(merged.policy)), [PolicySids.outsideNetwork]);
    assert.deepEqual(removedGeneratorSids(before, before), []);
    assert.deepEqual(removedGeneratorSids(undefined, before), []);
    assert.deepEqual(removedGeneratorSids({ Statement: [publicRead] }, { Statement: [] }), [], 'only this generator’s statements are reported');
  });

  it('refuses invalid JSON and invalid shapes clearly', () => {
    const invalid = mergePolicy('{"Version": ', generated);
    assert.equal(invalid.ok, false);
    assert.match(invalid.ok ? '' : invalid.message, /^The bucket's current policy is not valid JSON \(.+\)\. Fix or remove it before merging\.$/);
    assert.deepEqual(mergePolicy('[1]', generated), {
      ok: false,
      message: "The bucket's current policy is not a JSON object. Fix or remove it before merging.",
    });
    assert.deepEqual(mergePolicy({ Statement: 'nope' }, generated), {
      ok: false,
      message: 'The bucket\'s current policy has an invalid "Statement": it must be a list of statements.',
    });
  });

  it('is idempotent', () => {
    const once = mergePolicy({ Version: '2012-10-17', Statement: [publicRead] }, generated);
    assert.ok(once.ok);
    assert.deepEqual(mergePolicy(JSON.stringify(once.policy), generated), once);
  });
});
