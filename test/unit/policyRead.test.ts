import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildPresignPolicy } from '../../src/core/policy/build';
import { type PresignTarget, limitBySignatureAge, presignPolicyLimits, presignPolicyWarnings } from '../../src/core/policy/read';

const RESOURCES = ['arn:aws:s3:::my-bucket', 'arn:aws:s3:::my-bucket/*'];
const base = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: RESOURCES };
const NO_LIMITS = { restrictsSourceIp: false, restrictsVpc: false, deniesPresigned: false };
const QUERY_AUTH = { StringEquals: { 's3:authType': 'REST-QUERY-STRING' } };
const GET: PresignTarget = { bucket: 'my-bucket', key: 'docs/report.pdf', method: 'GET' };
const PUT: PresignTarget = { ...GET, method: 'PUT' };

const limits = (statements: unknown[], target: PresignTarget = { bucket: 'my-bucket' }) =>
  presignPolicyLimits({ Version: '2012-10-17', Statement: statements }, target);
const ageLimit = (condition: unknown, target?: PresignTarget) => limits([{ ...base, Condition: condition }], target).maxSignatureAgeMs;

describe('policy/read', () => {
  describe('presignPolicyLimits', () => {
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
      assert.equal(limits([{ ...doc, Resource: 'arn:aws-cn:s3:::my-bucket/*' }]).maxSignatureAgeMs, 600000);
      // Not applying to us or to object requests on this bucket:
      assert.equal(limits([{ ...doc, Principal: { AWS: 'arn:aws:iam::123456789012:role/x' } }]).maxSignatureAgeMs, undefined);
      assert.equal(limits([{ ...doc, Action: 's3:DeleteObject' }]).maxSignatureAgeMs, undefined);
      assert.equal(limits([{ ...doc, Resource: 'arn:aws:s3:::my-bucket' }]).maxSignatureAgeMs, undefined);
      assert.equal(limits([{ ...doc, Resource: 'arn:aws:s3:::other/*' }]).maxSignatureAgeMs, undefined);
      assert.equal(limits([{ ...doc, Resource: 'arn:aws:s3:::my-bucket-2/*' }]).maxSignatureAgeMs, undefined);
      assert.equal(limits([{ ...doc, Resource: 'arn:aws:sqs:::my-bucket/*' }]).maxSignatureAgeMs, undefined);
    });

    it('reads only what applies to the method and the key of the link', () => {
      const getOnly = { ...base, Action: 's3:GetObject', Condition: QUERY_AUTH };
      assert.equal(limits([getOnly], GET).deniesPresigned, true);
      assert.equal(limits([getOnly], PUT).deniesPresigned, false);
      const privateOnly = { ...base, Resource: 'arn:aws:s3:::my-bucket/private/*', Condition: QUERY_AUTH };
      assert.equal(limits([privateOnly], { ...GET, key: 'private/a' }).deniesPresigned, true);
      assert.equal(limits([privateOnly], GET).deniesPresigned, false);
      assert.equal(limits([{ ...base, Resource: 'arn:aws:s3:::my-bucket/*.pdf', Condition: QUERY_AUTH }], GET).deniesPresigned, true);
      assert.equal(limits([{ ...base, Resource: 'arn:aws:s3:::my-bucket/docs/?', Condition: QUERY_AUTH }], GET).deniesPresigned, false);
    });

    it('reads ForAnyValue: and ForAllValues: operators (issue 12)', () => {
      assert.equal(ageLimit({ 'ForAnyValue:NumericGreaterThan': { 's3:signatureAge': 600000 } }, GET), 600000);
      assert.equal(ageLimit({ 'ForAllValues:NumericGreaterThan': { 's3:signatureAge': '300000' } }, GET), 300000);
      assert.equal(limits([{ ...base, Condition: { 'ForAnyValue:StringEquals': { 's3:authType': 'REST-QUERY-STRING' } } }], GET).deniesPresigned, true);
      assert.equal(limits([{ ...base, Condition: { 'ForAllValues:StringEquals': { 's3:authType': ['REST-HEADER'] } } }], GET).deniesPresigned, false);
    });

    it('reads NotAction, NotResource and NotPrincipal (issue 12)', () => {
      const everythingButList = { ...base, Action: undefined, NotAction: 's3:ListBucket', Condition: QUERY_AUTH };
      assert.equal(limits([everythingButList], GET).deniesPresigned, true);
      const butGet = { ...base, Action: undefined, NotAction: ['s3:GetObject', 's3:GetObjectVersion'], Condition: QUERY_AUTH };
      assert.equal(limits([butGet], GET).deniesPresigned, false, 'the excluded actions cover GET');
      assert.equal(limits([butGet], PUT).deniesPresigned, true);
      assert.equal(limits([{ ...butGet, NotAction: 's3:Get*' }], GET).deniesPresigned, false);

      const butPublic = { ...base, Resource: undefined, NotResource: 'arn:aws:s3:::my-bucket/public/*', Condition: QUERY_AUTH };
      assert.equal(limits([butPublic], GET).deniesPresigned, true);
      assert.equal(limits([butPublic], { ...GET, key: 'public/a.png' }).deniesPresigned, false);
      assert.equal(limits([butPublic]).deniesPresigned, true, 'without a key: some keys are refused');
      assert.equal(limits([{ ...butPublic, NotResource: ['arn:aws:s3:::my-bucket/*'] }]).deniesPresigned, false);
      assert.equal(limits([{ ...butPublic, NotResource: 'arn:aws:s3:::other-bucket/*' }], GET).deniesPresigned, true);

      const butAdmin = {
        Effect: 'Deny',
        NotPrincipal: { AWS: ['arn:aws:iam::123456789012:role/admin'] },
        Action: 's3:*',
        Resource: 'arn:aws:s3:::my-bucket/*',
        Condition: { NumericGreaterThan: { 's3:signatureAge': 600000 } },
      };
      assert.equal(limits([butAdmin], GET).maxSignatureAgeMs, 600000);
      assert.equal(limits([{ ...butAdmin, NotPrincipal: { AWS: '*' } }], GET).maxSignatureAgeMs, undefined, 'excludes everyone');
    });

    it('ignores a signature-age limit scoped to header authentication (issue 12)', () => {
      const age = { NumericGreaterThan: { 's3:signatureAge': 600000 } };
      const scoped = (auth: Record<string, unknown>) => ageLimit({ ...age, ...auth }, GET);
      const headerOnly = { ...age, StringEquals: { 's3:authType': 'REST-HEADER' } };
      assert.equal(ageLimit(headerOnly, GET), undefined);
      assert.deepEqual(presignPolicyWarnings(limits([{ ...base, Condition: headerOnly }], GET), 86400), []);
      assert.equal(scoped({ StringEquals: { 's3:authType': 'REST-QUERY-STRING' } }), 600000);
      assert.equal(scoped({ StringNotEquals: { 's3:authType': 'REST-HEADER' } }), 600000);
      // StringEquals is case-sensitive; the IgnoreCase and Like operators are what they say.
      assert.equal(scoped({ StringEquals: { 's3:authType': 'rest-query-string' } }), undefined);
      assert.equal(scoped({ StringEqualsIgnoreCase: { 's3:authType': 'rest-query-string' } }), 600000);
      assert.equal(scoped({ StringLike: { 's3:authType': 'REST-QUERY*' } }), 600000);
      assert.equal(scoped({ StringNotLike: { 's3:authType': 'REST-QUERY*' } }), undefined);
      const network = { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, StringEquals: { 's3:authType': 'REST-HEADER' } };
      assert.deepEqual(limits([{ ...base, Condition: network }], GET), NO_LIMITS);
    });

    it('ignores invalid signature ages instead of reading them as 0 ms (issue 12)', () => {
      for (const invalid of ['', ' ', 'ten', '-5', '1e3', null, true, [], {}, Number.NaN]) {
        assert.equal(ageLimit({ NumericGreaterThan: { 's3:signatureAge': invalid } }, GET), undefined, JSON.stringify(invalid));
      }
      assert.equal(ageLimit({ NumericGreaterThan: { 's3:signatureAge': ['', '600000'] } }, GET), 600000);
      assert.deepEqual(presignPolicyWarnings(limits([{ ...base, Condition: { NumericGreaterThan: { 's3:signatureAge': '' } } }], GET), 3600), []);
    });

    it('tells NumericGreaterThanEquals from NumericGreaterThan (issue 12)', () => {
      assert.equal(ageLimit({ NumericGreaterThan: { 's3:signatureAge': 600000 } }, GET), 600000);
      // Ages of 600000 ms and more are refused: usable below that.
      assert.equal(ageLimit({ NumericGreaterThanEquals: { 's3:signatureAge': 600000 } }, GET), 599999);
      assert.equal(ageLimit({ NumericGreaterThanEqualsIfExists: { 's3:signatureAge': '600000' } }, GET), 599999);
      assert.equal(ageLimit({ 'ForAnyValue:NumericGreaterThanEquals': { 's3:signatureAge': 600000 } }, GET), 599999);
      assert.deepEqual(presignPolicyWarnings(limits([{ ...base, Condition: { NumericGreaterThan: { 's3:signatureAge': 600000 } } }], GET), 600), []);
      assert.deepEqual(presignPolicyWarnings(limits([{ ...base, Condition: { NumericGreaterThanEquals: { 's3:signatureAge': 600000 } } }], GET), 600), [
        'This bucket refuses links older than 10 min: your 10 min link will stop working in 10 min.',
      ]);
      assert.equal(limits([{ ...base, Condition: { NumericGreaterThanEquals: { 's3:signatureAge': 0 } } }], GET).deniesPresigned, true);
      // Limits that do not cut the link short at a fixed age are not read as one.
      for (const operator of ['NumericLessThan', 'NumericEquals', 'NumericNotEquals', 'StringEquals']) {
        assert.equal(ageLimit({ [operator]: { 's3:signatureAge': 600000 } }, GET), undefined, operator);
      }
    });

    it('reads IfExists variants like the plain operators (the keys are always present in a presigned request)', () => {
      assert.equal(ageLimit({ NumericGreaterThanIfExists: { 's3:signatureAge': 600000 } }, GET), 600000);
      assert.equal(limits([{ ...base, Condition: { StringEqualsIfExists: { 's3:authType': 'REST-QUERY-STRING' } } }], GET).deniesPresigned, true);
      assert.equal(limits([{ ...base, Condition: { StringNotEqualsIfExists: { 's3:authType': 'REST-QUERY-STRING' } } }], GET).deniesPresigned, false);
      assert.equal(limits([{ ...base, Condition: { Null: { 's3:signatureAge': 'false' } } }], GET).deniesPresigned, true);
      assert.equal(limits([{ ...base, Condition: { Null: { 's3:signatureAge': 'true' } } }], GET).deniesPresigned, false);
    });

    it('takes every condition of a statement into account', () => {
      // Refused once older than both limits: the larger one.
      assert.equal(ageLimit({ NumericGreaterThan: { 's3:signatureAge': 600000 }, NumericGreaterThanEquals: { 's3:signatureAge': 300000 } }, GET), 600000);
      // Refused once older than either value.
      assert.equal(ageLimit({ NumericGreaterThan: { 's3:signatureAge': [600000, 300000] } }, GET), 300000);
      // Conditions this reader cannot decide for the signer (HTTPS, the caller's account) give no warning.
      assert.deepEqual(limits([{ ...base, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }], GET), NO_LIMITS);
      assert.equal(ageLimit({ NumericGreaterThan: { 's3:signatureAge': 600000 }, StringNotEquals: { 'aws:PrincipalAccount': '1' } }, GET), undefined);
      assert.deepEqual(limits([{ ...base, Condition: 'x' }], GET), NO_LIMITS);
      assert.deepEqual(limits([{ ...base, Condition: JSON.parse('{"StringEqualsIgnoreCase": {"constructor": "x", "__proto__": "y"}}') }], GET), NO_LIMITS);
      assert.deepEqual(limits([{ ...base, Condition: { StringEquals: 'x' } }], GET), NO_LIMITS);
      // Policy variables depend on the request: not read as a match.
      assert.equal(limits([{ ...base, Resource: 'arn:aws:s3:::my-bucket/${aws:username}/*', Condition: QUERY_AUTH }], GET).deniesPresigned, false);
      assert.equal(limits([{ ...base, Resource: 'arn:aws:s3:::my-bucket/docs/${*}', Condition: QUERY_AUTH }], { ...GET, key: 'docs/*' }).deniesPresigned, true);
      assert.equal(limits([{ ...base, Resource: undefined, NotResource: 'arn:aws:s3:::my-bucket/${aws:username}/*', Condition: QUERY_AUTH }], GET).deniesPresigned, false);
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
      assert.deepEqual(limits([{ ...base, Condition: { 'ForAnyValue:NotIpAddress': { 'aws:SourceIp': ['10.0.0.0/8'] }, ...QUERY_AUTH } }], PUT), {
        ...NO_LIMITS,
        restrictsSourceIp: true,
      });
    });

    it('detects policies refusing presigned requests', () => {
      assert.equal(limits([{ ...base, Condition: { StringEquals: { 's3:authType': 'REST-QUERY-STRING' } } }]).deniesPresigned, true);
      assert.equal(limits([{ ...base, Condition: { StringNotEquals: { 's3:authType': 'REST-HEADER' } } }]).deniesPresigned, true);
      assert.equal(limits([{ ...base, Condition: { StringNotEquals: { 's3:authType': ['REST-HEADER', 'REST-QUERY-STRING'] } } }]).deniesPresigned, false);
      assert.equal(limits([{ ...base, Condition: { StringEquals: { 's3:authType': 'POST' } } }]).deniesPresigned, false);
      assert.equal(limits([{ ...base, Condition: { StringNotEquals: { 's3:signatureversion': 'AWS4-HMAC-SHA256' } } }]).deniesPresigned, false);
      assert.equal(limits([{ ...base }]).deniesPresigned, true);
    });

    it('reports no limits for unreadable policies, without throwing', () => {
      for (const policy of [undefined, null, '', '{oops', '[]', 42, { Statement: 'x' }, { Statement: [null, 1, 'x', { Effect: 'Deny' }] }]) {
        assert.deepEqual(presignPolicyLimits(policy, { bucket: 'my-bucket' }), NO_LIMITS, String(policy));
      }
    });

    it('never throws on arbitrary JSON (property)', () => {
      fc.assert(fc.property(fc.jsonValue(), (value) => void presignPolicyLimits(value, { bucket: 'b-1' })));
      fc.assert(fc.property(fc.anything(), (value) => void presignPolicyLimits({ Statement: [{ ...base, Condition: value }] }, GET)));
      const statement = fc.record({
        Effect: fc.constantFrom('Deny', 'Allow'),
        Principal: fc.oneof(fc.constant('*'), fc.anything()),
        NotAction: fc.anything(),
        NotResource: fc.oneof(fc.string(), fc.array(fc.string())),
        Condition: fc.dictionary(fc.string(), fc.dictionary(fc.string(), fc.anything())),
      });
      fc.assert(fc.property(statement, fc.string(), (s, key) => void presignPolicyLimits({ Statement: [s] }, { ...GET, key })));
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

    it('round trip: a generated policy reads back as the limits it was made of, with the documented warning', () => {
      const policy = JSON.stringify(buildPresignPolicy('presign-test', { maxSignatureAgeMs: 600_000, allowedCidrs: ['10.0.0.0/8'] }));
      const read = presignPolicyLimits(policy, { bucket: 'presign-test', key: 'a.txt', method: 'GET' });
      assert.equal(read.maxSignatureAgeMs, 600_000);
      assert.equal(read.restrictsSourceIp, true);
      const [age] = presignPolicyWarnings(read, 86_400);
      assert.equal(age, 'This bucket refuses links older than 10 min: your 1 day link will stop working in 10 min.');
    });
  });

  describe('limitBySignatureAge', () => {
    it('ends a link at the signature-age limit when that is earlier', () => {
      const signedAt = new Date('2025-01-01T00:00:00Z');
      const inADay = new Date(signedAt.getTime() + 86_400_000);
      assert.equal(limitBySignatureAge(inADay, signedAt, 600_000).toISOString(), '2025-01-01T00:10:00.000Z');
      assert.equal(limitBySignatureAge(inADay, signedAt, undefined), inADay);
      const inFive = new Date(signedAt.getTime() + 300_000);
      assert.equal(limitBySignatureAge(inFive, signedAt, 600_000), inFive);
    });
  });
});
