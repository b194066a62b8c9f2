import * as assert from 'node:assert/strict';
import {
  hasAnyRestriction,
  parseCidrList,
  parsePolicyArgs,
  parseSignatureAge,
  parseVpcInput,
} from '../../src/core/policyArgs';
import { cachedBucketPolicy, forgetBucketPolicy } from '../../src/s3/bucketPolicyCache';
import { describeS3Error } from '../../src/s3/errors';
import type { S3Gateway } from '../../src/s3/s3Gateway';

function fakeGateway(answers: (() => Promise<string | undefined>)[]): S3Gateway & { calls: number } {
  const gateway = {
    calls: 0,
    getBucketPolicy() {
      const answer = answers[Math.min(gateway.calls, answers.length - 1)];
      gateway.calls++;
      return answer();
    },
  };
  return gateway as unknown as S3Gateway & { calls: number };
}

const accessDenied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
const networkDown = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

describe('policyArgs', () => {
  it('parses signature ages like expiries, in ms; empty means no limit', () => {
    assert.deepEqual(parseSignatureAge('10m'), { ok: true, value: 600_000 });
    assert.deepEqual(parseSignatureAge(90), { ok: true, value: 90_000 });
    assert.deepEqual(parseSignatureAge(''), { ok: true, value: undefined });
    for (const bad of ['0', '0s', '-1', '1.5m', '8d', 'soon']) {
      assert.equal(parseSignatureAge(bad).ok, false, bad);
    }
  });

  it('parses comma-separated CIDR lists, IPv4 and IPv6', () => {
    assert.deepEqual(parseCidrList('203.0.113.0/24, 2001:db8::/32,10.0.0.1'), {
      ok: true,
      value: ['203.0.113.0/24', '2001:db8::/32', '10.0.0.1/32'],
    });
    assert.deepEqual(parseCidrList(''), { ok: true, value: [] });
    assert.equal(parseCidrList('10.0.0.0/33').ok, false);
    assert.equal(parseCidrList([5]).ok, false);
    assert.equal(parseCidrList(5).ok, false);
  });

  it('tells VPC endpoints from VPCs', () => {
    assert.deepEqual(parseVpcInput('vpce-0a1b2c'), { ok: true, value: { vpceId: 'vpce-0a1b2c' } });
    assert.deepEqual(parseVpcInput(' vpc-0a1b '), { ok: true, value: { vpcId: 'vpc-0a1b' } });
    assert.deepEqual(parseVpcInput(''), { ok: true, value: {} });
    assert.equal(parseVpcInput('sg-123').ok, false);
    assert.equal(parseVpcInput('vpc-UPPER').ok, false);
  });

  it('reads the automation object: 10 min by default, null for no age, refuses wrong types', () => {
    const parsed = parsePolicyArgs({ bucket: 'presign-test' });
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.args, { bucket: 'presign-test', options: { maxSignatureAgeMs: 600_000 }, apply: false });
    const full = parsePolicyArgs({
      bucket: 'presign-test',
      maxSignatureAge: '2m',
      allowedCidrs: ['10.0.0.0/8'],
      vpceId: 'vpce-1a',
      denyPresigned: true,
      apply: true,
    });
    assert.ok(full.ok);
    assert.deepEqual(full.args.options, { maxSignatureAgeMs: 120_000, allowedCidrs: ['10.0.0.0/8'], vpceId: 'vpce-1a', denyPresigned: true });
    assert.equal(full.args.apply, true);
    assert.equal(parsePolicyArgs({ bucket: 'presign-test', maxSignatureAge: null }).ok, false, 'nothing to generate');
    for (const bad of [null, 'presign-test', [], { bucket: 5 }, { bucket: 'Bad_Name' }, { bucket: 'abc', maxSignatureAge: '0s' },
      { bucket: 'abc', denyPresigned: 'yes' }, { bucket: 'abc', vpceId: 7 }, { bucket: 'abc', vpcId: 'vpce-1' }, { bucket: 'abc', allowedCidrs: 'x' }]) {
      assert.equal(parsePolicyArgs(bad).ok, false, JSON.stringify(bad));
    }
  });

  it('knows when nothing was chosen', () => {
    assert.equal(hasAnyRestriction({}), false);
    assert.equal(hasAnyRestriction({ allowedCidrs: [] }), false);
    assert.equal(hasAnyRestriction({ denyPresigned: true }), true);
  });
});

describe('bucketPolicyCache', () => {
  it('reads a policy once per gateway', async () => {
    const gateway = fakeGateway([async () => '{"Statement":[]}']);
    assert.equal(await cachedBucketPolicy(gateway, 'b-1'), '{"Statement":[]}');
    assert.equal(await cachedBucketPolicy(gateway, 'b-1'), '{"Statement":[]}');
    assert.equal(gateway.calls, 1);
    await cachedBucketPolicy(gateway, 'b-2');
    assert.equal(gateway.calls, 2, 'per bucket');
    forgetBucketPolicy(gateway, 'b-1');
    await cachedBucketPolicy(gateway, 'b-1');
    assert.equal(gateway.calls, 3, 'forgotten after applying a policy');
    assert.equal(fakeGateway([async () => undefined]).calls, 0, 'another gateway has its own cache');
  });

  it('caches AccessDenied as "no policy", retries transient failures, never throws', async () => {
    const errors: unknown[] = [];
    const denied = fakeGateway([() => Promise.reject(accessDenied)]);
    assert.equal(await cachedBucketPolicy(denied, 'b', (e) => errors.push(e)), undefined);
    assert.equal(await cachedBucketPolicy(denied, 'b'), undefined);
    assert.equal(denied.calls, 1);
    const flaky = fakeGateway([() => Promise.reject(networkDown), async () => 'policy']);
    assert.equal(await cachedBucketPolicy(flaky, 'b', (e) => errors.push(e)), undefined);
    assert.equal(await cachedBucketPolicy(flaky, 'b'), 'policy');
    assert.equal(errors.length, 2);
  });

  it('gives up waiting after the timeout, and uses the answer once it arrives', async () => {
    let release!: (value: string) => void;
    const slow = fakeGateway([() => new Promise<string>((resolve) => (release = resolve))]);
    assert.equal(await cachedBucketPolicy(slow, 'b', undefined, 50), undefined);
    release('late');
    assert.equal(await cachedBucketPolicy(slow, 'b', undefined, 50), 'late');
    assert.equal(slow.calls, 1);
  });
});

describe('describeS3Error redaction', () => {
  it('never repeats a signature or token quoted by an error', () => {
    const url = `https://h/b/k?X-Amz-Security-Token=IQoJtoken&X-Amz-Signature=${'a'.repeat(64)}`;
    for (const error of [new Error(`Unexpected response for ${url}`), `failed: ${url}`, { message: url, $metadata: { httpStatusCode: 500 } }]) {
      const described = describeS3Error(error, { profile: 'p' });
      assert.ok(!described.message.includes('a'.repeat(64)), described.message);
      assert.ok(!described.message.includes('IQoJtoken'), described.message);
    }
  });
});
