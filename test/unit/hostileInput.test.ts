// Hostile input (issue 5): the pure validators behind every prompt, setting and automation call never
// throw, whatever they are given, and whatever they accept satisfies S3's and SigV4's rules. Refusals
// are short, non-empty messages that never repeat a signature pasted into the input.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePresignArgs } from '../../src/core/automationArgs';
import { parseExpiry } from '../../src/core/duration';
import { parseBucketInput, validateBucketName, validateObjectKey } from '../../src/core/keys';
import { parsePolicyArgs } from '../../src/core/policyArgs';

const RUNS = { numRuns: 500 };
const SIGNATURE = 'f'.repeat(64);
const CONTROL = /[\u0000-\u001f\u007f]/;
const BUCKET_SHAPE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function isWellFormed(text: string): boolean {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

function assertValidKey(key: unknown): void {
  assert.equal(typeof key, 'string');
  const text = key as string;
  assert.ok(text.length > 0, 'non-empty');
  assert.ok(Buffer.byteLength(text, 'utf8') <= 1024, 'at most 1024 bytes of UTF-8');
  assert.ok(!CONTROL.test(text), 'no control characters');
  assert.ok(isWellFormed(text), 'no lone surrogates');
}

function assertValidBucket(name: unknown): void {
  assert.equal(typeof name, 'string');
  const text = name as string;
  assert.match(text, BUCKET_SHAPE);
  assert.ok(!text.includes('..'));
  assert.ok(!/^\d{1,3}(\.\d{1,3}){3}$/.test(text), 'not an IP address');
}

function assertValidExpiry(seconds: unknown): void {
  assert.ok(Number.isSafeInteger(seconds), `integer seconds, got ${String(seconds)}`);
  assert.ok((seconds as number) >= 1 && (seconds as number) <= 604800, `in [1, 604800], got ${String(seconds)}`);
}

function assertRefusal(result: { ok: boolean; message?: string }): void {
  assert.equal(result.ok, false);
  assert.equal(typeof result.message, 'string');
  assert.ok(result.message!.length > 0 && result.message!.length < 600, `message of ${result.message!.length} chars`);
  assert.ok(!result.message!.includes(SIGNATURE), 'the message must not repeat a signature');
}

// Strings that look almost right: digits, units, signs, exponents, dots and spaces in any order.
const expiryLike = fc.string({ unit: fc.constantFrom(...'0123456789dhmsDHMS.-+eE _,'), maxLength: 24 });
// Keys from every corner of UTF-16: controls, NUL, surrogates (paired and lone), astral characters.
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const hostileKey = fc.oneof(
  fc.string({ unit: anyCodeUnit, maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 600 }),
  fc.string({ unit: fc.constantFrom('a', '/', 'é', '文', '🚀', '\u0000', '\ud800', '\udc00', '%', '?', '#'), minLength: 250, maxLength: 1100 }),
);
const bucketLike = fc.string({ unit: fc.constantFrom(...'abcxyz019.-_A '), maxLength: 70 });
const validBucket = fc.constantFrom('presign-test', 'my.dotted.bucket', 'abc', 'a'.repeat(63));
const garbage = fc.oneof(fc.anything(), fc.constant(null), fc.constant(undefined), fc.array(fc.anything()), fc.object());

describe('hostile input', () => {
  describe('parseExpiry', () => {
    it('refuses the classic traps with a message', () => {
      for (const input of ['1e9', '7d1s', '-1', '1.5h', '0', '604801', '9'.repeat(400), '1h2d', '5m5m', ' ', '0x10', 'Infinity', 'NaN',
        1.5, -1, 0, Number.MAX_VALUE, Number.POSITIVE_INFINITY, Number.NaN, 2 ** 53, null, [], {}, true, BigInt(5), Symbol('x')]) {
        assertRefusal(parseExpiry(input));
      }
    });

    it('never throws; accepted values are integers in [1, 604800] and match the documented grammar', () => {
      fc.assert(
        fc.property(fc.oneof(expiryLike, garbage, fc.double(), fc.integer()), (input) => {
          const result = parseExpiry(input);
          if (!result.ok) {
            assertRefusal(result);
            return;
          }
          assertValidExpiry(result.seconds);
          if (typeof input === 'string') {
            assert.match(input, /^\s*(\d+|(\d+d)?(\d+h)?(\d+m)?(\d+s)?)\s*$/i);
          }
        }),
        RUNS,
      );
    });
  });

  describe('validateObjectKey', () => {
    it('never throws; accepted keys are ≤ 1024 UTF-8 bytes with no control characters or lone surrogates', () => {
      fc.assert(
        fc.property(fc.oneof(hostileKey, garbage), (key) => {
          const result = validateObjectKey(key);
          if (result.ok) {
            assertValidKey(key);
          } else {
            assertRefusal(result);
          }
        }),
        RUNS,
      );
    });

    it('refuses NUL, controls, lone surrogates and 1025 bytes', () => {
      for (const key of ['a\u0000b', 'tab\there', 'line\nbreak', 'del\u007f', '\ud800', 'x\udc00y', 'é'.repeat(513), 'k'.repeat(1025), '']) {
        assertRefusal(validateObjectKey(key));
      }
      assert.equal(validateObjectKey('é'.repeat(512)).ok, true, 'exactly 1024 bytes');
    });
  });

  describe('validateBucketName and parseBucketInput', () => {
    it('never throw; accepted names follow S3 naming rules', () => {
      fc.assert(
        fc.property(fc.oneof(bucketLike, fc.string({ unit: anyCodeUnit, maxLength: 70 }), garbage), (name) => {
          const result = validateBucketName(name);
          if (result.ok) {
            assertValidBucket(name);
          } else {
            assertRefusal(result);
          }
        }),
        RUNS,
      );
    });

    it('parseBucketInput never throws; accepted input gives a valid bucket and a valid (or empty) prefix', () => {
      const inputs = fc.oneof(
        fc.tuple(fc.constantFrom('', 's3://', 'S3://', 'arn:aws:s3:::', 'arn:aws:iam::', 'https://'), fc.oneof(bucketLike, validBucket), fc.constantFrom('', '/'), fc.oneof(hostileKey, fc.constant('*'))).map(
          ([scheme, bucket, slash, prefix]) => `${scheme}${bucket}${slash}${prefix}`,
        ),
        garbage,
      );
      fc.assert(
        fc.property(inputs, (input) => {
          const result = parseBucketInput(input as string);
          if (!result.ok) {
            assertRefusal(result);
            return;
          }
          assertValidBucket(result.bucket);
          if (result.prefix !== '') {
            assertValidKey(result.prefix);
          }
        }),
        RUNS,
      );
    });
  });

  describe('parsePresignArgs (automation API)', () => {
    const args = fc.oneof(
      garbage,
      fc.record(
        {
          bucket: fc.oneof(validBucket, bucketLike, garbage),
          key: fc.oneof(fc.constant('hello.txt'), hostileKey, garbage),
          expiresIn: fc.oneof(fc.integer({ min: -10, max: 700000 }), expiryLike, garbage),
          contentType: fc.oneof(fc.constantFrom('text/plain', 'application/json', 'text/plain\r\nx-evil: 1', '', '   ', '\t'), garbage),
        },
        { requiredKeys: [] },
      ),
    );

    it('never throws; accepted arguments are all valid, refused ones say why', () => {
      fc.assert(
        fc.property(args, fc.boolean(), (value, allowContentType) => {
          const result = parsePresignArgs(value, allowContentType);
          if (!result.ok) {
            assertRefusal(result);
            return;
          }
          assertValidBucket(result.args.bucket);
          assertValidKey(result.args.key);
          if (result.args.expiresIn !== undefined) {
            assertValidExpiry(result.args.expiresIn);
          }
          if (result.args.contentType !== undefined) {
            assert.ok(allowContentType, 'GET links sign no content type');
            assert.match(result.args.contentType, /^[\x20-\x7e]+$/, 'no header injection');
            assert.notEqual(result.args.contentType.trim(), '', 'not blank');
          }
        }),
        RUNS,
      );
    });

    it('refuses wrong types (numbers, arrays, objects, null) for every field', () => {
      for (const wrong of [42, [], {}, null, true]) {
        assertRefusal(parsePresignArgs(wrong, true));
        assertRefusal(parsePresignArgs({ bucket: wrong, key: 'a' }, true));
        assertRefusal(parsePresignArgs({ bucket: 'presign-test', key: wrong }, true));
        if (typeof wrong !== 'number') {
          assertRefusal(parsePresignArgs({ bucket: 'presign-test', key: 'a', expiresIn: wrong }, true));
        }
        assertRefusal(parsePresignArgs({ bucket: 'presign-test', key: 'a', contentType: wrong }, true));
      }
    });

    it('refuses a contentType of only spaces (issue 12)', () => {
      for (const blank of [' ', '   ', '']) {
        const result = parsePresignArgs({ bucket: 'presign-test', key: 'a', contentType: blank }, true);
        assertRefusal(result);
        assert.match(result.ok ? '' : result.message, /"contentType" must be a non-empty MIME type/);
      }
      const ok = parsePresignArgs({ bucket: 'presign-test', key: 'a', contentType: 'text/plain; charset=utf-8' }, true);
      assert.ok(ok.ok && ok.args.contentType === 'text/plain; charset=utf-8');
    });

    it('refuses keys whose link would name another object (. or ..), says why (issue 12)', () => {
      for (const key of ['.', '..']) {
        const result = parsePresignArgs({ bucket: 'presign-test', key }, false);
        assertRefusal(result);
        assert.match(result.ok ? '' : result.message, /browsers and curl remove/);
      }
      const inner = parsePresignArgs({ bucket: 'presign-test', key: 'reports/../secret.txt' }, false);
      assert.ok(inner.ok, 'an encoding carries keys with other segments');
    });

    it('refuses a bare string or list, a missing or invalid bucket or key, and a Content-Type carrying a header', () => {
      for (const value of ['hello.txt', ['presign-test', 'hello.txt'], { bucket: 'presign-test' }, { key: 'hello.txt' },
        { bucket: 'Bad_Bucket', key: 'a' }, { bucket: 'presign-test', key: '' }, { bucket: 'presign-test', key: 'a\u0000b' },
        { bucket: 'presign-test', key: 'k'.repeat(1025) }, { bucket: 'presign-test', key: '\ud800' }]) {
        assertRefusal(parsePresignArgs(value, false));
        assertRefusal(parsePresignArgs(value, true));
      }
      assertRefusal(parsePresignArgs({ bucket: 'presign-test', key: 'a.txt', contentType: 'text/plain\r\nx-evil: 1' }, true));
    });

    it('does not echo a pasted signature back in its message', () => {
      const pasted = `https://h/k?X-Amz-Signature=${SIGNATURE}`;
      assertRefusal(parsePresignArgs({ bucket: 'presign-test', key: 'a', expiresIn: `X-Amz-Signature=${SIGNATURE}` }, false));
      assertRefusal(parsePresignArgs({ bucket: `X-Amz-Signature=${SIGNATURE}`, key: 'a' }, false));
      assertRefusal(parseBucketInput(pasted));
    });
  });

  describe('parsePolicyArgs (automation API)', () => {
    it('never throws; accepted arguments carry a valid bucket and at least one valid restriction', () => {
      const args = fc.oneof(
        garbage,
        fc.record(
          {
            bucket: fc.oneof(validBucket, garbage),
            maxSignatureAge: fc.oneof(expiryLike, fc.integer({ min: -5, max: 700000 }), garbage),
            allowedCidrs: fc.oneof(fc.constantFrom('10.0.0.0/8', '10.0.0.0/8, 2001:db8::/32', '300.1.1.1/8', '::1/129'), fc.array(fc.string()), garbage),
            vpceId: fc.oneof(fc.constantFrom('vpce-0a1b2c', 'vpce-', 'VPCE-1'), garbage),
            vpcId: fc.oneof(fc.constantFrom('vpc-0a1b', 'vpc_1'), garbage),
            denyPresigned: fc.oneof(fc.boolean(), garbage),
            apply: fc.oneof(fc.boolean(), garbage),
          },
          { requiredKeys: ['bucket'] },
        ),
      );
      fc.assert(
        fc.property(args, (value) => {
          const result = parsePolicyArgs(value);
          if (!result.ok) {
            assertRefusal(result);
            return;
          }
          assertValidBucket(result.args.bucket);
          const { maxSignatureAgeMs, allowedCidrs, vpceId, vpcId, denyPresigned } = result.args.options;
          if (maxSignatureAgeMs !== undefined) {
            assertValidExpiry(maxSignatureAgeMs / 1000);
          }
          for (const cidr of allowedCidrs ?? []) {
            assert.match(cidr, /\/\d{1,3}$/);
          }
          if (vpceId !== undefined) {
            assert.match(vpceId, /^vpce-[0-9a-z]+$/);
          }
          if (vpcId !== undefined) {
            assert.match(vpcId, /^vpc-[0-9a-z]+$/);
          }
          assert.ok(maxSignatureAgeMs !== undefined || allowedCidrs?.length || vpceId || vpcId || denyPresigned);
        }),
        RUNS,
      );
    });
  });
});
