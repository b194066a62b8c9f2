// "Presign Large Upload…" pure logic (issue 14): sizes, the part plan, automation arguments, the Complete
// XML, the stored secret and the scripts' quoting.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  MAX_PARTS,
  MAX_PART_SIZE,
  MAX_UPLOAD_SIZE,
  MIN_PART_SIZE,
  completeMultipartXml,
  largeUploadSecret,
  parseByteSize,
  parseLargeUploadArgs,
  parseLargeUploadSecret,
  planParts,
} from '../../src/core/largeUpload';
import { bashLargeUploadScript, defaultFileName, powershellLargeUploadScript } from '../../src/core/largeUploadScripts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;

describe('large upload: sizes', () => {
  for (const [input, bytes] of [
    [12884901888, 12884901888],
    ['12884901888', 12884901888],
    ['12 GB', 12 * GiB],
    ['12GB', 12 * GiB],
    ['12 gib', 12 * GiB],
    ['12G', 12 * GiB],
    ['1.5 TB', 1.5 * TiB],
    ['500 MB', 500 * MiB],
    ['0.5 KB', 512],
    ['  42 b ', 42],
    ['12,884,901,888', 12884901888],
    ['1.0000001 B', 2],
  ] as const) {
    it(`reads ${JSON.stringify(input)} as ${bytes} bytes`, () => {
      assert.deepEqual(parseByteSize(input, 'size'), { ok: true, bytes });
    });
  }

  for (const input of ['', 'GB', '12 XB', '-1', '-12 GB', '0', 0, 1.5, -3, Number.NaN, Infinity, '1e9', '1,5 GB', null, {}, [], true, '9'.repeat(400)]) {
    it(`refuses ${JSON.stringify(input) ?? String(input)} with a message`, () => {
      const parsed = parseByteSize(input, '"size"');
      assert.equal(parsed.ok, false);
      assert.match((parsed as { message: string }).message, /"size"/);
    });
  }
});

describe('large upload: part plan', () => {
  it('uses 5 MiB parts for small files: 12 MiB is 3 parts, the last one smaller', () => {
    assert.deepEqual(planParts(12 * MiB), { ok: true, plan: { size: 12 * MiB, partSize: 5 * MiB, partCount: 3 } });
    assert.deepEqual(planParts(1), { ok: true, plan: { size: 1, partSize: 5 * MiB, partCount: 1 } });
  });

  it('grows parts in whole MiB to stay near 1,000 parts, and within S3 limits for every size up to 5 TiB', () => {
    assert.deepEqual(planParts(12 * GiB), { ok: true, plan: { size: 12 * GiB, partSize: 13 * MiB, partCount: 946 } });
    assert.deepEqual(planParts(MAX_UPLOAD_SIZE), { ok: true, plan: { size: MAX_UPLOAD_SIZE, partSize: MAX_PART_SIZE, partCount: 1024 } });
    for (const size of [5 * MiB, 5 * MiB + 1, 5000 * MiB, 5000 * MiB + 1, 100 * GiB, 4 * TiB + 12345, MAX_UPLOAD_SIZE - 1]) {
      const planned = planParts(size);
      assert.ok(planned.ok, String(size));
      const { partSize, partCount } = planned.plan;
      assert.ok(partSize >= MIN_PART_SIZE && partSize <= MAX_PART_SIZE && partSize % MiB === 0, `${size}: ${partSize}`);
      assert.ok(partCount <= MAX_PARTS);
      assert.ok(partSize * partCount >= size && partSize * (partCount - 1) < size, `${size}: exactly enough parts`);
    }
  });

  it('refuses more than 5 TiB up front, and nothing at all', () => {
    assert.match((planParts(MAX_UPLOAD_SIZE + 1) as { message: string }).message, /5 TiB/);
    assert.equal(planParts(0).ok, false);
  });

  it('takes a given part size within 5 MiB–5 GiB that makes at most 10,000 parts', () => {
    assert.deepEqual(planParts(12 * MiB, 6 * MiB), { ok: true, plan: { size: 12 * MiB, partSize: 6 * MiB, partCount: 2 } });
    assert.deepEqual(planParts(10000 * 5 * MiB, 5 * MiB), { ok: true, plan: { size: 10000 * 5 * MiB, partSize: 5 * MiB, partCount: 10000 } });
    assert.match((planParts(10000 * 5 * MiB + 1, 5 * MiB) as { message: string }).message, /10001 parts.*at most 10000.*at least 5242881 bytes/);
    assert.match((planParts(12 * MiB, 5 * MiB - 1) as { message: string }).message, /5 MiB to 5 GiB/);
    assert.match((planParts(12 * GiB, MAX_PART_SIZE + 1) as { message: string }).message, /5 MiB to 5 GiB/);
  });
});

describe('large upload: automation arguments', () => {
  it('accepts { bucket, key, size, expiresIn?, partSize? } with sizes as numbers or texts', () => {
    const parsed = parseLargeUploadArgs({ bucket: 'b-1', key: 'big/file.iso', size: '12 MB', expiresIn: '2h', partSize: 6 * MiB });
    assert.deepEqual(parsed, {
      ok: true,
      args: { bucket: 'b-1', key: 'big/file.iso', size: 12 * MiB, expiresIn: 7200, partSize: 6 * MiB },
      plan: { size: 12 * MiB, partSize: 6 * MiB, partCount: 2 },
    });
  });

  for (const [what, arg, message] of [
    ['no object', 'b-1', /Expected an object/],
    ['no size', { bucket: 'b-1', key: 'k' }, /"size" is required/],
    ['a size over 5 TiB', { bucket: 'b-1', key: 'k', size: MAX_UPLOAD_SIZE + 1 }, /5 TiB/],
    ['a negative size', { bucket: 'b-1', key: 'k', size: -1 }, /"size"/],
    ['a size that is no size', { bucket: 'b-1', key: 'k', size: 'big' }, /"size"/],
    ['parts too small', { bucket: 'b-1', key: 'k', size: 12 * MiB, partSize: 1024 }, /5 MiB to 5 GiB/],
    ['too many parts', { bucket: 'b-1', key: 'k', size: 100 * GiB, partSize: 5 * MiB }, /at most 10000/],
    ['an expiry over 7 days', { bucket: 'b-1', key: 'k', size: 1, expiresIn: '8d' }, /7 days/],
    ['a bad bucket', { bucket: 'B_1', key: 'k', size: 1 }, /./],
    ['an empty key', { bucket: 'b-1', key: '', size: 1 }, /empty/],
    ['a key that is only dots', { bucket: 'b-1', key: '..', size: 1 }, /cannot be shared/],
  ] as const) {
    it(`refuses ${what}`, () => {
      const parsed = parseLargeUploadArgs(arg);
      assert.equal(parsed.ok, false);
      assert.match((parsed as { message: string }).message, message);
    });
  }
});

describe('large upload: Complete XML and the stored secret', () => {
  it('lists the parts in ascending order with their ETags, XML-escaped', () => {
    assert.equal(
      completeMultipartXml([
        { partNumber: 2, etag: '"b"' },
        { partNumber: 1, etag: '"a<&>"' },
      ]),
      '<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        '<Part><PartNumber>1</PartNumber><ETag>&#34;a&#60;&#38;&#62;&#34;</ETag></Part>' +
        '<Part><PartNumber>2</PartNumber><ETag>&#34;b&#34;</ETag></Part>' +
        '</CompleteMultipartUpload>',
    );
  });

  it('keeps every URL in one JSON secret and reads only its own shape back', () => {
    const secret = largeUploadSecret([{ url: 'https://x/1' }, { url: 'https://x/2' }], 'https://x/c');
    assert.deepEqual(parseLargeUploadSecret(secret), { parts: ['https://x/1', 'https://x/2'], completeUrl: 'https://x/c' });
    for (const other of [undefined, 'https://x/1?X-Amz-Signature=a', '{}', '{"parts":[],"completeUrl":"c"}', '{"parts":[1],"completeUrl":"c"}']) {
      assert.equal(parseLargeUploadSecret(other), undefined, String(other));
    }
  });
});

describe('large upload: scripts', () => {
  const key = `in/it's "big" $(id) \`id\` & é\u2028x\u202e.bin`;
  const input = {
    bucket: 'b-1',
    key,
    partSize: 5 * MiB,
    parts: [
      { partNumber: 1, url: "https://s3.example/b-1/k?partNumber=1&uploadId=a'b&X-Amz-Signature=1" },
      { partNumber: 2, url: 'https://s3.example/b-1/k?partNumber=2&uploadId=a%27b&X-Amz-Signature=2' },
    ],
    completeUrl: 'https://s3.example/b-1/k?uploadId=a%27b&X-Amz-Signature=c',
    expiresAt: new Date(Date.UTC(2026, 4, 1, 12)),
  };

  it('bash: URLs single-quoted, every line of the key escaped, and bash parses it', () => {
    const script = bashLargeUploadScript(input);
    assert.ok(script.startsWith('#!/usr/bin/env bash\n'));
    assert.ok(script.includes(`  'https://s3.example/b-1/k?partNumber=1&uploadId=a'\\''b&X-Amz-Signature=1'\n`));
    assert.ok(script.includes(`COMPLETE_URL='https://s3.example/b-1/k?uploadId=a%27b&X-Amz-Signature=c'\n`));
    assert.ok(!script.includes('\u2028') && !script.includes('\u202e'), 'no line separator or bidi override');
    assert.match(script, /# Uploads a file to s3:\/\/b-1\/in\/it's "big" \$\(id\) `id` & é\\u2028x\\u202E\.bin /);
    assert.match(script, /URLs work until 2026-05-01T12:00:00\.000Z/);
    assert.match(script, /--fail/);
    // bash -n reads the whole script without running it: a quoting slip is a syntax error.
    execFileSync('bash', ['-n'], { input: script });
  });

  it('bash: run with neither file nor network, it refuses a missing file and sends nothing', () => {
    const script = bashLargeUploadScript(input);
    let failure: { status: number; stderr: string } | undefined;
    try {
      execFileSync('bash', ['-s', '--', '/nonexistent/file.bin'], { input: script, stdio: 'pipe', encoding: 'utf8' });
    } catch (error) {
      failure = error as { status: number; stderr: string };
    }
    assert.equal(failure?.status, 1);
    assert.match(failure?.stderr ?? '', /^Cannot read "\/nonexistent\/file\.bin": give the file to upload as the first argument\.\n$/);
  });

  it('PowerShell: URLs single-quoted with quotes doubled, param default from the key', () => {
    const script = powershellLargeUploadScript({ ...input, key: 'in/‘quoted’ name.bin' });
    assert.ok(script.includes(`  'https://s3.example/b-1/k?partNumber=1&uploadId=a''b&X-Amz-Signature=1'\n`));
    assert.ok(script.includes(`param([string]$File = '‘‘quoted’’ name.bin')\n`));
    assert.ok(script.includes("$CompleteUrl = 'https://s3.example/b-1/k?uploadId=a%27b&X-Amz-Signature=c'\n"));
    assert.match(script, /Invoke-WebRequest -Method Put -Uri \$PartUrls\[\$n - 1\] -InFile \$Temp/);
    assert.match(script, /Invoke-WebRequest -Method Post -Uri \$CompleteUrl -ContentType 'application\/xml'/);
    // Only comments come before param(): PowerShell requires it first.
    const beforeParam = script.slice(0, script.indexOf('param('));
    assert.ok(beforeParam.split('\n').filter(Boolean).every((line) => line.startsWith('# ')), beforeParam);
  });

  it('default file name: the last key segment, or FILE when it cannot be one', () => {
    assert.equal(defaultFileName('a/b/movie.mkv'), 'movie.mkv');
    assert.equal(defaultFileName('folder/'), 'folder');
    assert.equal(defaultFileName('a/..'), 'FILE');
    assert.equal(defaultFileName('a/x\u2028y'), 'FILE');
  });

  it('refuses URLs out of order or broken over lines', () => {
    assert.throws(() => bashLargeUploadScript({ ...input, parts: [input.parts[1]] }));
    assert.throws(() => powershellLargeUploadScript({ ...input, completeUrl: 'https://x/\nrm -rf ~' }));
    assert.throws(() => bashLargeUploadScript({ ...input, parts: [] }));
  });
});
