import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MAX_KEY_BYTES,
  dotSafeKeyPath,
  dotSegmentProblem,
  hasDotSegments,
  isDottedBucket,
  parseBucketInput,
  validateBucketName,
  validateObjectKey,
  withDotSafeKeyPath,
} from '../../src/core/keys';

function keyRefusal(key: unknown): string {
  const result = validateObjectKey(key);
  assert.equal(result.ok, false, `expected ${JSON.stringify(key)} to be refused`);
  return result.ok ? '' : result.message;
}

function keyWarnings(key: string): string[] {
  const result = validateObjectKey(key);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.warnings;
}

function bucketRefusal(name: unknown): string {
  const result = validateBucketName(name);
  assert.equal(result.ok, false, `expected ${JSON.stringify(name)} to be refused`);
  return result.ok ? '' : result.message;
}

/** UTF-8 round-trips unchanged only when there is no lone surrogate (those become U+FFFD). */
const isWellFormed = (text: string) => Buffer.from(text, 'utf8').toString('utf8') === text;

const LEADING_SLASH = 'The key starts with "/": keys starting with / create an empty-named folder in most tools.';
const DOUBLE_SLASH = 'The key contains "//": most tools show that as an empty-named folder.';

describe('keys', () => {
  describe('validateObjectKey', () => {
    it('accepts awkward but valid keys without warnings', () => {
      for (const key of [
        'a',
        'report.pdf',
        'folder/sub folder/file name.txt',
        'plus+percent%25?query#hash=eq&amp',
        'unicodé/日本語/😀.png',
        "quote'and\"double",
        'trailing/',
        'x'.repeat(1024),
        '\u0080\u009f', // C1 controls are allowed: S3 and UTF-8 handle them
      ]) {
        assert.deepEqual(keyWarnings(key), [], key);
      }
    });

    it('counts bytes of UTF-8, not characters', () => {
      assert.equal(MAX_KEY_BYTES, 1024);
      assert.deepEqual(keyWarnings('é'.repeat(512)), []); // 1024 bytes
      assert.equal(
        keyRefusal('é'.repeat(513)),
        'The object key is 1026 bytes of UTF-8; S3 allows at most 1024 bytes. Use a shorter key.',
      );
      assert.equal(
        keyRefusal('x'.repeat(1025)),
        'The object key is 1025 bytes of UTF-8; S3 allows at most 1024 bytes. Use a shorter key.',
      );
      assert.deepEqual(keyWarnings('😀'.repeat(256)), []); // 4 bytes each
      assert.match(keyRefusal('😀'.repeat(257)), /^The object key is 1028 bytes/);
    });

    it('refuses control characters, naming the code point and position', () => {
      assert.equal(
        keyRefusal('a\u0000b'),
        'The object key contains a control character (U+0000) at character 2. Remove it: control characters break listings, terminals and links.',
      );
      assert.match(keyRefusal('line\nbreak'), /\(U\+000A\) at character 5\./);
      assert.match(keyRefusal('\ttab'), /\(U\+0009\) at character 1\./);
      assert.match(keyRefusal('del\u007f'), /\(U\+007F\) at character 4\./);
      assert.match(keyRefusal('x\u001f'), /\(U\+001F\) at character 2\./);
      // Positions count characters as a user sees them, a surrogate pair being one.
      assert.match(keyRefusal('😀\r'), /\(U\+000D\) at character 2\./);
    });

    it('refuses lone surrogates: they cannot be encoded as UTF-8', () => {
      assert.equal(
        keyRefusal('ab\ud800'),
        'The object key contains an unpaired surrogate (U+D800) at character 3; it cannot be encoded as UTF-8. Remove that character.',
      );
      assert.match(keyRefusal('\udc00x'), /\(U\+DC00\) at character 1;/);
      assert.match(keyRefusal('\ud83d\ud83d\ude00'), /\(U\+D83D\) at character 1;/);
    });

    it('refuses empty keys and non-strings', () => {
      assert.equal(keyRefusal(''), 'The object key is empty. Enter a key such as reports/2024/summary.pdf.');
      assert.equal(keyRefusal(42), 'The object key must be text, not number.');
      assert.equal(keyRefusal(null), 'The object key must be text, not null.');
      assert.equal(keyRefusal(undefined), 'The object key must be text, not undefined.');
      assert.equal(keyRefusal(['a']), 'The object key must be text, not a list.');
      assert.equal(keyRefusal({ key: 'a' }), 'The object key must be text, not an object.');
    });

    it('warns about a leading slash and about //', () => {
      assert.deepEqual(keyWarnings('/file.txt'), [LEADING_SLASH]);
      assert.deepEqual(keyWarnings('a//b'), [DOUBLE_SLASH]);
      assert.deepEqual(keyWarnings('//a'), [LEADING_SLASH, DOUBLE_SLASH]);
      assert.deepEqual(keyWarnings('a/b/'), []);
    });

    it('accepts exactly the keys that are well-formed UTF-8 without controls, up to 1024 bytes (property)', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (key) => {
          const result = validateObjectKey(key);
          const expected =
            key.length > 0 && !/[\u0000-\u001f\u007f]/.test(key) && Buffer.byteLength(key) <= 1024 && isWellFormed(key);
          assert.equal(result.ok, expected);
        }),
      );
      fc.assert(
        fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 40 }), (key) => {
          const result = validateObjectKey(key);
          if (result.ok) {
            assert.ok(isWellFormed(key) && !/[\u0000-\u001f\u007f]/.test(key));
          }
        }),
      );
    });
  });

  describe('validateBucketName', () => {
    it('accepts valid names', () => {
      for (const name of ['abc', 'my-bucket', 'my.bucket.example', 'a1b2', '123', 'x'.repeat(63), 'data-xn--a', 'logs.2024']) {
        assert.deepEqual(validateBucketName(name), { ok: true }, name);
      }
    });

    it('names the broken rule', () => {
      const cases: [string, string][] = [
        ['', 'Enter a bucket name.'],
        ['ab', 'Bucket "ab" is 2 characters long; bucket names are 3 to 63 characters.'],
        ['x'.repeat(64), `Bucket "${'x'.repeat(64)}" is 64 characters long; bucket names are 3 to 63 characters.`],
        ['MyBucket', 'Bucket "MyBucket" has uppercase letters; bucket names use lowercase letters only.'],
        [
          'my_bucket',
          'Bucket "my_bucket" contains "_"; bucket names may contain only lowercase letters, digits, dots (.) and hyphens (-).',
        ],
        ['my bucket', 'Bucket "my bucket" contains " "; bucket names may contain only lowercase letters, digits, dots (.) and hyphens (-).'],
        ['-bucket', 'Bucket "-bucket": bucket names must start and end with a letter or digit.'],
        ['bucket-', 'Bucket "bucket-": bucket names must start and end with a letter or digit.'],
        ['.bucket', 'Bucket ".bucket": bucket names must start and end with a letter or digit.'],
        ['bucket.', 'Bucket "bucket.": bucket names must start and end with a letter or digit.'],
        ['my..bucket', 'Bucket "my..bucket": bucket names must not contain two adjacent dots (..).'],
        ['192.168.5.4', 'Bucket "192.168.5.4": bucket names must not be formatted as an IP address.'],
        ['999.1.1.1', 'Bucket "999.1.1.1": bucket names must not be formatted as an IP address.'],
        ['xn--bucket', 'Bucket "xn--bucket": names starting with "xn--" are reserved by S3.'],
        ['sthree-bucket', 'Bucket "sthree-bucket": names starting with "sthree-" are reserved by S3.'],
        ['amzn-s3-demo-bucket', 'Bucket "amzn-s3-demo-bucket": names starting with "amzn-s3-demo-" are reserved by S3.'],
        [
          'bucket.mrap',
          'Bucket "bucket.mrap" is a Multi-Region Access Point alias (name ending with ".mrap"): these need SigV4A signing, which is not supported.',
        ],
        [
          'photos--usw2-az1--x-s3',
          'Bucket "photos--usw2-az1--x-s3" is a directory bucket (S3 Express One Zone, name ending with "--x-s3"): directory buckets are not supported.',
        ],
        ['bucket--table-s3', 'Bucket "bucket--table-s3": names ending with "--table-s3" are reserved by S3.'],
      ];
      for (const [name, message] of cases) {
        assert.equal(bucketRefusal(name), message, name);
      }
    });

    it('accepts access point aliases (issue 12: they were "reserved by S3")', () => {
      for (const alias of ['my-ap-hrzrlukc5m36ft7okagglf3gmwluquse1b-s3alias', 'my-olap-wh5f4k4v6jhhzz6ft5n2bzn4sfjcguse1b--ol-s3']) {
        assert.deepEqual(validateBucketName(alias), { ok: true }, alias);
        assert.deepEqual(parseBucketInput(`s3://${alias}/reports/`), { ok: true, bucket: alias, prefix: 'reports/' });
      }
    });

    it('never calls a directory bucket or access point "reserved by S3"', () => {
      for (const name of ['a-s3alias', 'a--ol-s3', 'a--usw2-az1--x-s3', 'a.mrap']) {
        const result = validateBucketName(name);
        assert.ok(result.ok || !result.message.includes('reserved'), name);
      }
    });

    it('refuses non-strings', () => {
      assert.equal(bucketRefusal(undefined), 'The bucket name must be text, not undefined.');
      assert.equal(bucketRefusal(['b']), 'The bucket name must be text, not a list.');
      assert.equal(bucketRefusal(123), 'The bucket name must be text, not number.');
    });

    it('refuses unicode lookalikes', () => {
      assert.match(bucketRefusal('bucketé'), /contains "é"/);
      assert.match(bucketRefusal('buc\u0000ket'), /contains "\\u0000"/);
    });

    it('never accepts a name outside the character rules (property)', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 70 }), (name) => {
          const result = validateBucketName(name);
          if (result.ok) {
            assert.match(name, /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
            assert.ok(!name.includes('..'));
          }
        }),
      );
    });
  });

  describe('dot segments', () => {
    it('finds . and .. segments only', () => {
      for (const key of ['reports/../secret.txt', './x', '../x', 'a/./b', 'reports/..', 'reports/.', '.', '..', '//..']) {
        assert.ok(hasDotSegments(key), key);
      }
      for (const key of ['a..b', '.hidden', 'dir/.env', '...', 'a/.../b', 'a/%2E%2E/b', 'x.', '..x/y']) {
        assert.ok(!hasDotSegments(key), key);
      }
    });

    it('refuses only the keys no encoding can carry (a whole key of . or ..)', () => {
      for (const key of ['.', '..']) {
        const problem = dotSegmentProblem(key);
        assert.match(problem ?? '', /browsers and curl remove "\." and "\.\."/, key);
        const checked = validateObjectKey(key);
        assert.ok(checked.ok && checked.warnings.includes(problem!), key);
      }
      for (const key of ['reports/../secret.txt', './x', 'a..b', 'plain.txt']) {
        assert.equal(dotSegmentProblem(key), undefined, key);
      }
    });

    it('puts keys with dot segments in one path segment, others unchanged', () => {
      assert.equal(dotSafeKeyPath('reports/../secret.txt'), 'reports%2F..%2Fsecret.txt');
      assert.equal(dotSafeKeyPath('./x'), '.%2Fx');
      assert.equal(dotSafeKeyPath('a%20b/./c%2Bd'), 'a%20b%2F.%2Fc%2Bd');
      assert.equal(dotSafeKeyPath('reports/q1%20final.pdf'), 'reports/q1%20final.pdf');
      assert.equal(dotSafeKeyPath('a/.../b'), 'a/.../b');
    });

    it('rewrites only the path of a signed URL, and browsers keep it (WHATWG URL)', () => {
      const query = '?X-Amz-Credential=AKID%2F20250101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=abc&x-id=GetObject';
      const url = `https://s3.eu-west-1.amazonaws.com/my.bucket/reports/../secret.txt${query}`;
      const safe = withDotSafeKeyPath(url, 'reports/../secret.txt');
      assert.equal(safe, `https://s3.eu-west-1.amazonaws.com/my.bucket/reports%2F..%2Fsecret.txt${query}`);
      assert.equal(new URL(safe).pathname, '/my.bucket/reports%2F..%2Fsecret.txt');
      // What the unsafe URL becomes in a browser: another object (issue 12 item 2).
      assert.equal(new URL(url).pathname, '/my.bucket/secret.txt');
      const plain = `https://b.s3.amazonaws.com/a/b.txt${query}`;
      assert.equal(withDotSafeKeyPath(plain, 'a/b.txt'), plain);
      const virtualHosted = `https://b.s3.amazonaws.com/../x${query}`;
      assert.equal(new URL(withDotSafeKeyPath(virtualHosted, '../x')).pathname, '/..%2Fx');
    });

    it('leaves a URL whose path does not end with the key alone', () => {
      const url = 'https://h/b/other?x=1';
      assert.equal(withDotSafeKeyPath(url, '../x'), url);
    });
  });

  describe('isDottedBucket', () => {
    it('detects dots', () => {
      assert.equal(isDottedBucket('my.bucket'), true);
      assert.equal(isDottedBucket('my-bucket'), false);
    });
  });

  describe('parseBucketInput', () => {
    const ok = (input: string, bucket: string, prefix: string) =>
      assert.deepEqual(parseBucketInput(input), { ok: true, bucket, prefix }, input);

    it('accepts bucket names, prefixes, s3 URIs and ARNs', () => {
      ok('my-bucket', 'my-bucket', '');
      ok('  my-bucket  ', 'my-bucket', '');
      ok('my-bucket/', 'my-bucket', '');
      ok('my-bucket/reports/2024/', 'my-bucket', 'reports/2024/');
      ok('my-bucket/rep', 'my-bucket', 'rep');
      ok('s3://my-bucket', 'my-bucket', '');
      ok('S3://my-bucket/', 'my-bucket', '');
      ok('s3://my-bucket/some/prefix/', 'my-bucket', 'some/prefix/');
      ok('s3://my.dotted.bucket/a b+c/', 'my.dotted.bucket', 'a b+c/');
      ok('arn:aws:s3:::my-bucket', 'my-bucket', '');
      ok('arn:aws:s3:::my-bucket/*', 'my-bucket', '');
      ok('arn:aws:s3:::my-bucket/logs/*', 'my-bucket', 'logs/');
      ok('arn:aws-cn:s3:::my-bucket', 'my-bucket', '');
      ok('arn:aws-us-gov:s3:::my-bucket', 'my-bucket', '');
    });

    it('refuses empty input with the accepted forms', () => {
      assert.deepEqual(parseBucketInput('  '), {
        ok: false,
        message: 'Nothing was entered. Enter a bucket name, an s3:// URI such as s3://my-bucket/reports/, or a bucket ARN.',
      });
    });

    it('refuses invalid bucket names with the broken rule', () => {
      assert.deepEqual(parseBucketInput('s3://My_Bucket/x'), {
        ok: false,
        message: 'Bucket "My_Bucket" has uppercase letters; bucket names use lowercase letters only.',
      });
      assert.deepEqual(parseBucketInput('s3://'), { ok: false, message: 'Enter a bucket name.' });
      assert.deepEqual(parseBucketInput('/prefix'), { ok: false, message: 'Enter a bucket name.' });
    });

    it('refuses other ARNs and web addresses', () => {
      assert.deepEqual(parseBucketInput('arn:aws:s3:us-east-1:123456789012:accesspoint/ap'), {
        ok: false,
        message:
          'Only bucket ARNs (arn:aws:s3:::bucket) are supported, not access point or other ARNs. Enter a bucket name, an s3:// URI such as s3://my-bucket/reports/, or a bucket ARN.',
      });
      assert.deepEqual(parseBucketInput('https://my-bucket.s3.amazonaws.com/'), {
        ok: false,
        message:
          'Web addresses are not supported here. Enter a bucket name, an s3:// URI such as s3://my-bucket/reports/, or a bucket ARN.',
      });
    });

    it('refuses a prefix that is not a valid key', () => {
      const result = parseBucketInput('my-bucket/a\u0001b');
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.message, /control character \(U\+0001\) at character 2/);
    });

    it('refuses non-string input', () => {
      assert.equal(parseBucketInput(undefined as unknown as string).ok, false);
    });
  });
});
