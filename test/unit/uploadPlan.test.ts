// "Upload and Copy Link…" pure logic (issue 13): the part-size plan, keys, "Keep Both" names, the progress
// text and the automation argument.
import * as assert from 'node:assert/strict';
import { MAX_PARTS, MAX_PART_SIZE, MAX_UPLOAD_SIZE, MIN_PART_SIZE } from '../../src/core/largeUpload';
import { parseUploadArgs } from '../../src/core/uploadArgs';
import {
  DEFAULT_UPLOAD_PART_SIZE,
  firstFreeKey,
  folderPrefix,
  formatUploadProgress,
  keepBothKey,
  uploadKey,
  uploadPartCount,
  uploadPartSize,
  uploadPercent,
  uploadRequestTimeoutMs,
  uploadSizeProblem,
} from '../../src/core/uploadPlan';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;

describe('upload: part-size plan', () => {
  for (const size of [0, 1, 5 * MiB, 8 * MiB, 8 * MiB + 1, 256 * MiB, 10 * GiB, 80 * GiB, 1 * TiB, MAX_UPLOAD_SIZE]) {
    it(`${size} bytes: parts within S3's limits, at most 10,000 of them, growing only when needed`, () => {
      const partSize = uploadPartSize(size);
      assert.ok(partSize >= MIN_PART_SIZE && partSize <= MAX_PART_SIZE, String(partSize));
      assert.equal(partSize % MiB, 0, 'whole MiB');
      const parts = uploadPartCount(size, partSize);
      assert.ok(parts >= 1 && parts <= MAX_PARTS, `${parts} parts`);
      assert.ok(parts * partSize >= size, 'the parts hold the file');
      if (size <= DEFAULT_UPLOAD_PART_SIZE * MAX_PARTS) {
        assert.equal(partSize, DEFAULT_UPLOAD_PART_SIZE, '8 MiB as long as 10,000 of them suffice');
      } else {
        assert.ok(uploadPartCount(size, partSize - MiB) > MAX_PARTS, 'the smallest whole MiB that fits');
      }
    });
  }

  it('5 TiB fits in 10,000 parts of 525 MiB; one request up to 8 MiB, then parts', () => {
    assert.equal(uploadPartSize(5 * TiB), 525 * MiB);
    assert.equal(uploadPartCount(5 * TiB), 9987);
    assert.equal(uploadPartCount(0), 1);
    assert.equal(uploadPartCount(8 * MiB), 1);
    assert.equal(uploadPartCount(8 * MiB + 1), 2);
    assert.equal(uploadPartCount(20 * MiB, 5 * MiB), 4);
  });

  it('gives each request the setting plus time for its bytes (a part is not cut at 15 s)', () => {
    assert.equal(uploadRequestTimeoutMs(15_000, 0), 15_000);
    assert.equal(uploadRequestTimeoutMs(15_000, 8 * MiB), 15_000 + 64_000);
    assert.ok(uploadRequestTimeoutMs(15_000, 525 * MiB) > 15_000 + 4000_000);
  });

  it('refuses a file over 5 TiB up front, not one of exactly 5 TiB', () => {
    assert.equal(uploadSizeProblem(MAX_UPLOAD_SIZE, 'f'), undefined);
    assert.match(uploadSizeProblem(MAX_UPLOAD_SIZE + 1, '/data/huge.img') ?? '', /\/data\/huge\.img has 5497558138881 bytes: S3 stores at most 5 TiB/);
  });
});

describe('upload: keys', () => {
  for (const [prefix, relative, key] of [
    ['', 'report.pdf', 'report.pdf'],
    ['docs/', 'report.pdf', 'docs/report.pdf'],
    ['docs', 'report.pdf', 'docs/report.pdf'],
    ['a/b/', 'site/css/main.css', 'a/b/site/css/main.css'],
    ['', 'site\\css\\main.css', 'site/css/main.css'],
    ['x/', 'ünï cødé 文件 #1.txt', 'x/ünï cødé 文件 #1.txt'],
  ] as const) {
    it(`${JSON.stringify(prefix)} + ${JSON.stringify(relative)} → ${JSON.stringify(key)}`, () => {
      assert.equal(uploadKey(prefix, relative), key);
    });
  }

  it('folderPrefix ends a non-empty prefix with one slash', () => {
    assert.deepEqual(['', 'a', 'a/', 'a/b'].map(folderPrefix), ['', 'a/', 'a/', 'a/b/']);
  });
});

describe('upload: "Keep Both" names', () => {
  for (const [key, n, expected] of [
    ['report.pdf', 1, 'report (1).pdf'],
    ['docs/report.pdf', 2, 'docs/report (2).pdf'],
    ['notes', 1, 'notes (1)'],
    ['.env', 1, '.env (1)'],
    ['dir.v2/notes', 1, 'dir.v2/notes (1)'],
    ['backup.tar.gz', 1, 'backup (1).tar.gz'],
    ['name.', 1, 'name. (1)'],
    ['a.b.c.txt', 3, 'a.b.c (3).txt'],
  ] as const) {
    it(`${key} → ${expected}`, () => {
      assert.equal(keepBothKey(key, n), expected);
    });
  }

  it('takes the first name that is free, checking each', async () => {
    const taken = new Set(['r (1).pdf', 'r (2).pdf']);
    const asked: string[] = [];
    const key = await firstFreeKey('r.pdf', async (candidate) => {
      asked.push(candidate);
      return taken.has(candidate);
    });
    assert.equal(key, 'r (3).pdf');
    assert.deepEqual(asked, ['r (1).pdf', 'r (2).pdf', 'r (3).pdf']);
    await assert.rejects(firstFreeKey('r.pdf', async () => true, 3), /No free name found for r\.pdf after 3 tries/);
  });
});

describe('upload: progress text', () => {
  it('bytes, percent, rate and time left', () => {
    assert.equal(formatUploadProgress({ loaded: 96 * MiB, total: 256 * MiB, elapsedMs: 2000 }), '96 MB of 256 MB (37%) · 48 MB/s · 3 s left');
  });
  it('no rate before there is one; never 100% before the end', () => {
    assert.equal(formatUploadProgress({ loaded: 0, total: 10 * MiB, elapsedMs: 0 }), '0 B of 10 MB (0%)');
    assert.equal(uploadPercent(999, 1000), 99);
    assert.equal(uploadPercent(1000, 1000), 100);
    assert.equal(uploadPercent(0, 0), 100);
  });
});

describe('upload: automation argument', () => {
  const file = '/tmp/a.txt';
  it('accepts paths, file URIs and Uri objects, and normalises the prefix', () => {
    const parsed = parseUploadArgs({
      files: [file, 'file:///tmp/b%20c.txt', { scheme: 'file', path: '/tmp/d.txt', fsPath: '/tmp/d.txt' }],
      bucket: 'my-bucket',
      prefix: 'in',
      expiresIn: '2h',
    });
    assert.deepEqual(parsed, {
      ok: true,
      args: { files: ['/tmp/a.txt', '/tmp/b c.txt', '/tmp/d.txt'], bucket: 'my-bucket', prefix: 'in/', expiresIn: 7200, overwrite: false },
    });
    assert.deepEqual(parseUploadArgs({ files: [file], bucket: 'my-bucket', key: 'x/y.txt', overwrite: true }), {
      ok: true,
      args: { files: [file], bucket: 'my-bucket', prefix: '', key: 'x/y.txt', overwrite: true },
    });
  });

  for (const [what, value, message] of [
    ['not an object', 'a.txt', /Expected an object \{ files: \[uri \| path\], bucket/],
    ['no files', { bucket: 'my-bucket' }, /"files" must list at least one file/],
    ['an empty list', { files: [], bucket: 'my-bucket' }, /"files" must list at least one file/],
    ['a number in files', { files: [3], bucket: 'my-bucket' }, /Each entry of "files" must be a file path or a file URI, got 3/],
    ['a relative path', { files: ['a.txt'], bucket: 'my-bucket' }, /"a\.txt" is a relative path/],
    ['a web address', { files: ['https://example.com/a.txt'], bucket: 'my-bucket' }, /is not a file on disk/],
    ['an untitled URI', { files: [{ scheme: 'untitled', path: 'Untitled-1' }], bucket: 'my-bucket' }, /is not a file on disk \(untitled: URI\)/],
    ['no bucket', { files: [file] }, /"bucket" must be a string, got undefined/],
    ['a bad bucket', { files: [file], bucket: 'My_Bucket' }, /uppercase letters/],
    ['key with several files', { files: [file, '/tmp/b.txt'], bucket: 'my-bucket', key: 'k' }, /"key" names one object, but "files" lists 2 files/],
    ['an empty key', { files: [file], bucket: 'my-bucket', key: '' }, /The object key is empty/],
    ['a key with a control character', { files: [file], bucket: 'my-bucket', key: 'a\u0001b' }, /control character/],
    ['a key that is only ".."', { files: [file], bucket: 'my-bucket', key: '..' }, /cannot be shared as a link/],
    ['a key ending with /', { files: [file], bucket: 'my-bucket', key: 'a/' }, /ends with "\/": that is a folder/],
    ['a prefix that is not text', { files: [file], bucket: 'my-bucket', prefix: 3 }, /"prefix" must be a string/],
    ['expiry over 7 days', { files: [file], bucket: 'my-bucket', expiresIn: '8d' }, /7 days/],
    ['expiry zero', { files: [file], bucket: 'my-bucket', expiresIn: 0 }, /./],
    ['overwrite as text', { files: [file], bucket: 'my-bucket', overwrite: 'yes' }, /"overwrite" must be true or false, got "yes"/],
  ] as const) {
    it(`refuses ${what}`, () => {
      const parsed = parseUploadArgs(value);
      assert.equal(parsed.ok, false);
      assert.match((parsed as { message: string }).message, message);
    });
  }
});
