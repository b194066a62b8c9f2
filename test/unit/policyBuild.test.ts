import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildPresignPolicy, validateCidr } from '../../src/core/policy/build';
import { PolicySids } from '../../src/core/policy/document';
import { presignPolicyLimits } from '../../src/core/policy/read';

const RESOURCES = ['arn:aws:s3:::my-bucket', 'arn:aws:s3:::my-bucket/*'];
const base = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: RESOURCES };
const NO_LIMITS = { restrictsSourceIp: false, restrictsVpc: false, deniesPresigned: false };

describe('policy/build', () => {
  describe('validateCidr', () => {
    it('accepts IPv4 and IPv6 ranges, normalising bare addresses', () => {
      const cases: [string, string][] = [
        ['203.0.113.0/24', '203.0.113.0/24'],
        [' 10.0.0.0/8 ', '10.0.0.0/8'],
        ['0.0.0.0/0', '0.0.0.0/0'],
        ['192.0.2.7', '192.0.2.7/32'],
        ['192.0.2.7/32', '192.0.2.7/32'],
        ['2001:db8::/32', '2001:db8::/32'],
        ['::/0', '::/0'],
        ['2001:db8::1', '2001:db8::1/128'],
        ['::ffff:192.0.2.1/128', '::ffff:192.0.2.1/128'],
        ['10.0.0.0/08', '10.0.0.0/8'],
      ];
      for (const [input, cidr] of cases) {
        assert.deepEqual(validateCidr(input), { ok: true, cidr }, input);
      }
    });

    it('refuses invalid input with an example', () => {
      const example = 'Use an IPv4 or IPv6 range such as 203.0.113.0/24 or 2001:db8::/32.';
      assert.deepEqual(validateCidr(''), { ok: false, message: `The IP range is empty. ${example}` });
      assert.deepEqual(validateCidr('256.0.0.0/8'), { ok: false, message: `"256.0.0.0" is not an IP address. ${example}` });
      assert.deepEqual(validateCidr('example.com'), { ok: false, message: `"example.com" is not an IP address. ${example}` });
      assert.deepEqual(validateCidr('fe80::1%eth0/64'), { ok: false, message: `"fe80::1%eth0" is not an IP address. ${example}` });
      assert.deepEqual(validateCidr('10.0.0.0/33'), {
        ok: false,
        message: 'The prefix length /33 is invalid: it must be a number from 0 to 32 for IPv4.',
      });
      assert.deepEqual(validateCidr('2001:db8::/129'), {
        ok: false,
        message: 'The prefix length /129 is invalid: it must be a number from 0 to 128 for IPv6.',
      });
      for (const bad of ['10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/+8', '10.0.0.0/8/8', '10.0.0.0/ 8', '10.0.0/8', '1.2.3.4.5/32']) {
        assert.equal(validateCidr(bad).ok, false, bad);
      }
    });

    it('never throws (property)', () => {
      fc.assert(fc.property(fc.string(), (text) => void validateCidr(text)));
    });
  });

  describe('buildPresignPolicy', () => {
    it('limits the signature age', () => {
      assert.deepEqual(buildPresignPolicy('my-bucket', { maxSignatureAgeMs: 600000 }), {
        Version: '2012-10-17',
        Statement: [{ Sid: 'S3PresignDenyOldSignatures', ...base, Condition: { NumericGreaterThan: { 's3:signatureAge': 600000 } } }],
      });
    });

    it('restricts the network in one statement, for presigned requests only', () => {
      assert.deepEqual(
        buildPresignPolicy('my-bucket', { allowedCidrs: ['203.0.113.0/24', '2001:db8::1'], vpceId: 'vpce-0a1b2c3d', vpcId: 'vpc-123abc' }),
        {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'S3PresignDenyOutsideNetwork',
              ...base,
              Condition: {
                NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::1/128'] },
                StringNotEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d', 'aws:SourceVpc': 'vpc-123abc' },
                StringEquals: { 's3:authType': 'REST-QUERY-STRING' },
              },
            },
          ],
        },
      );
      assert.deepEqual(buildPresignPolicy('my-bucket', { vpceId: ' vpce-1a ' }).Statement[0].Condition, {
        StringNotEquals: { 'aws:SourceVpce': 'vpce-1a' },
        StringEquals: { 's3:authType': 'REST-QUERY-STRING' },
      });
      assert.deepEqual(buildPresignPolicy('my-bucket', { allowedCidrs: ['10.0.0.0/8'] }).Statement[0].Condition, {
        NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] },
        StringEquals: { 's3:authType': 'REST-QUERY-STRING' },
      });
    });

    it('can refuse presigned requests entirely', () => {
      assert.deepEqual(buildPresignPolicy('my-bucket', { denyPresigned: true }).Statement, [
        { Sid: 'S3PresignDenyPresignedRequests', ...base, Condition: { StringEquals: { 's3:authType': 'REST-QUERY-STRING' } } },
      ]);
    });

    it('combines options in a stable order and is empty without options', () => {
      const policy = buildPresignPolicy('my-bucket', { maxSignatureAgeMs: 60000, allowedCidrs: ['10.0.0.0/8'], denyPresigned: true });
      assert.deepEqual(policy.Statement.map((s) => s.Sid), [PolicySids.oldSignatures, PolicySids.outsideNetwork, PolicySids.presignedRequests]);
      assert.deepEqual(buildPresignPolicy('my-bucket', { allowedCidrs: [], vpceId: '' }), { Version: '2012-10-17', Statement: [] });
    });

    it('refuses invalid options with the reason', () => {
      assert.throws(() => buildPresignPolicy('b-1', { maxSignatureAgeMs: 0 }), {
        message: 'The maximum signature age must be a positive whole number of milliseconds.',
      });
      assert.throws(() => buildPresignPolicy('b-1', { maxSignatureAgeMs: 1.5 }), /positive whole number/);
      assert.throws(() => buildPresignPolicy('b-1', { allowedCidrs: ['10.0.0.0/40'] }), /prefix length \/40/);
      assert.throws(() => buildPresignPolicy('b-1', { vpceId: 'vpc-123' }), {
        message: '"vpc-123" is not a VPC endpoint id: it looks like vpce-0a1b2c3d4e5f67890.',
      });
      assert.throws(() => buildPresignPolicy('b-1', { vpcId: 'vpce-123' }), {
        message: '"vpce-123" is not a VPC id: it looks like vpc-0a1b2c3d4e5f67890.',
      });
    });

    it('is read back by presignPolicyLimits', () => {
      const policy = buildPresignPolicy('my-bucket', { maxSignatureAgeMs: 600000, allowedCidrs: ['10.0.0.0/8'], vpcId: 'vpc-1' });
      assert.deepEqual(presignPolicyLimits(policy, { bucket: 'my-bucket' }), {
        maxSignatureAgeMs: 600000,
        restrictsSourceIp: true,
        restrictsVpc: true,
        deniesPresigned: false,
      });
      assert.deepEqual(presignPolicyLimits(JSON.stringify(buildPresignPolicy('my-bucket', { denyPresigned: true })), { bucket: 'my-bucket' }), {
        ...NO_LIMITS,
        deniesPresigned: true,
      });
      assert.deepEqual(presignPolicyLimits(policy, { bucket: 'other-bucket' }), NO_LIMITS);
      for (const method of ['GET', 'PUT'] as const) {
        assert.equal(presignPolicyLimits(policy, { bucket: 'my-bucket', key: 'a/b c.txt', method }).maxSignatureAgeMs, 600000, method);
      }
    });
  });
});
