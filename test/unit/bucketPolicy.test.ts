import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  PolicySids,
  buildPresignPolicy,
  mergePolicy,
  presignPolicyLimits,
  presignPolicyWarnings,
  validateCidr,
} from '../../src/core/bucketPolicy';

const RESOURCES = ['arn:aws:s3:::my-bucket', 'arn:aws:s3:::my-bucket/*'];
const base = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: RESOURCES };
const NO_LIMITS = { restrictsSourceIp: false, restrictsVpc: false, deniesPresigned: false };

describe('bucketPolicy', () => {
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
    });
  });

  describe('mergePolicy', () => {
    const generated = buildPresignPolicy('my-bucket', { maxSignatureAgeMs: 600000 });
    const publicRead = { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket/*' };

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

  describe('presignPolicyLimits', () => {
    const limits = (statements: unknown[]) => presignPolicyLimits({ Version: '2012-10-17', Statement: statements }, { bucket: 'my-bucket' });

    it('reads the smallest signature age of Deny statements', () => {
      assert.deepEqual(
        limits([
          { ...base, Condition: { NumericGreaterThan: { 's3:signatureAge': '600000' } } },
          { ...base, Resource: 'arn:aws:s3:::my-bucket/private/*', Condition: { NumericGreaterThan: { 'S3:SignatureAge': 120000 } } },
          { ...base, Effect: 'Allow', Condition: { NumericGreaterThan: { 's3:signatureAge': 1000 } } },
        ]),
        { ...NO_LIMITS, maxSignatureAgeMs: 120000 },
      );
    });

    it('recognises the documented shapes with other principals, actions and resources', () => {
      const doc = {
        Sid: 'Deny a presigned URL request if the signature is more than 10 min old',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Resource: 'arn:aws:s3:::my-bucket/*',
        Condition: { NumericGreaterThan: { 's3:signatureAge': 600000 } },
      };
      assert.equal(limits([doc]).maxSignatureAgeMs, 600000);
      assert.equal(limits([{ ...doc, Action: ['s3:GetObject'] }]).maxSignatureAgeMs, 600000);
      assert.equal(limits([{ ...doc, Action: 's3:Get*' }]).maxSignatureAgeMs, 600000);
      assert.equal(limits([{ ...doc, Action: '*' }]).maxSignatureAgeMs, 600000);
      assert.equal(limits([{ ...doc, Resource: '*' }]).maxSignatureAgeMs, 600000);
      assert.equal(limits([{ ...doc, Resource: 'arn:aws:s3:::my-*' }]).maxSignatureAgeMs, 600000);
      // Not applying to us or to object requests on this bucket:
      assert.equal(limits([{ ...doc, Principal: { AWS: 'arn:aws:iam::123456789012:role/x' } }]).maxSignatureAgeMs, undefined);
      assert.equal(limits([{ ...doc, Action: 's3:DeleteObject' }]).maxSignatureAgeMs, undefined);
      assert.equal(limits([{ ...doc, Resource: 'arn:aws:s3:::my-bucket' }]).maxSignatureAgeMs, undefined);
      assert.equal(limits([{ ...doc, Resource: 'arn:aws:s3:::other/*' }]).maxSignatureAgeMs, undefined);
      assert.equal(limits([{ ...doc, Resource: 'arn:aws:s3:::my-bucket-2/*' }]).maxSignatureAgeMs, undefined);
    });

    it('detects network restrictions', () => {
      assert.deepEqual(limits([{ ...base, Condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } } }]), {
        ...NO_LIMITS,
        restrictsSourceIp: true,
      });
      assert.deepEqual(limits([{ ...base, Condition: { StringNotEquals: { 'aws:sourceVpce': 'vpce-1' } } }]), {
        ...NO_LIMITS,
        restrictsVpc: true,
      });
      assert.deepEqual(limits([{ ...base, Condition: { StringNotEqualsIfExists: { 'aws:SourceVpc': ['vpc-1'] } } }]), {
        ...NO_LIMITS,
        restrictsVpc: true,
      });
    });

    it('detects policies refusing presigned requests', () => {
      assert.equal(limits([{ ...base, Condition: { StringEquals: { 's3:authType': 'REST-QUERY-STRING' } } }]).deniesPresigned, true);
      assert.equal(limits([{ ...base, Condition: { StringNotEquals: { 's3:authType': 'REST-HEADER' } } }]).deniesPresigned, true);
      assert.equal(limits([{ ...base, Condition: { StringNotEquals: { 's3:authType': ['REST-HEADER', 'REST-QUERY-STRING'] } } }]).deniesPresigned, false);
      assert.equal(limits([{ ...base, Condition: { StringEquals: { 's3:authType': 'POST' } } }]).deniesPresigned, false);
      assert.equal(limits([{ ...base }]).deniesPresigned, true);
    });

    it('reports no limits for unreadable policies, without throwing', () => {
      for (const policy of [undefined, null, '', '{oops', '[]', 42, { Statement: 'x' }, { Statement: [null, 1, 'x', { Effect: 'Deny' }] }]) {
        assert.deepEqual(presignPolicyLimits(policy, { bucket: 'my-bucket' }), NO_LIMITS, String(policy));
      }
    });

    it('never throws on arbitrary JSON (property)', () => {
      fc.assert(fc.property(fc.jsonValue(), (value) => void presignPolicyLimits(value, { bucket: 'b-1' })));
      fc.assert(
        fc.property(fc.anything(), (value) => void presignPolicyLimits({ Statement: [{ ...base, Condition: value }] }, { bucket: 'my-bucket' })),
      );
    });
  });

  describe('presignPolicyWarnings', () => {
    it('explains what the policy does to the link', () => {
      assert.deepEqual(presignPolicyWarnings({ ...NO_LIMITS, maxSignatureAgeMs: 600000 }, 86400), [
        'This bucket refuses links older than 10 min: your 1 day link will stop working in 10 min.',
      ]);
      assert.deepEqual(presignPolicyWarnings({ ...NO_LIMITS, maxSignatureAgeMs: 600000 }, 600), []);
      assert.deepEqual(presignPolicyWarnings({ ...NO_LIMITS, restrictsVpc: true }, 60), [
        "This bucket's policy only accepts requests from certain networks: the link may not work for its recipient.",
      ]);
      assert.deepEqual(presignPolicyWarnings({ ...NO_LIMITS, deniesPresigned: true, maxSignatureAgeMs: 1 }, 60), [
        "This bucket's policy refuses presigned requests: the link will not work.",
      ]);
      assert.deepEqual(presignPolicyWarnings(NO_LIMITS, 604800), []);
    });
  });
});
