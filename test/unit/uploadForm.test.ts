// Upload forms (issue 14): policy conditions from the options, sizes, automation input, the page and
// the curl command. The same page and command are posted to radosgw in test/integration/uploadForm.test.ts.
import * as assert from 'node:assert/strict';
import {
  MAX_POST_BYTES,
  checkKeyTemplate,
  formatByteSize,
  orderFormFields,
  parseByteSize,
  parseUploadFormArgs,
  postSigningPlan,
  postUnsupportedReason,
  type UploadFormOptions,
} from '../../src/core/uploadForm';
import { curlPostCommand, escapeHtml, renderUploadFormPage } from '../../src/core/uploadFormPage';
import { parseFormPage } from '../fixtures/formPage';

const EXPIRES = new Date(Date.UTC(2026, 11, 2, 19, 47, 5));

describe('upload form: policy plan', () => {
  it('a prefix allows any key under it, named by the file', () => {
    const plan = postSigningPlan({ bucket: 'b', target: { kind: 'prefix', prefix: 'in/' } });
    assert.equal(plan.key, 'in/${filename}');
    assert.deepEqual(plan.conditions, [['starts-with', '$Content-Type', '']]);
    assert.deepEqual(plan.fields, { success_action_status: '201' });
    assert.deepEqual(plan.openFields, { 'Content-Type': 'application/octet-stream' });
  });

  it('size, exact key and exact type become a content-length-range and fixed fields', () => {
    const plan = postSigningPlan({
      bucket: 'b',
      target: { kind: 'key', key: 'report.pdf' },
      maxSize: 1024,
      contentType: { kind: 'exact', value: 'application/pdf' },
    });
    assert.equal(plan.key, 'report.pdf');
    assert.deepEqual(plan.conditions, [['content-length-range', 0, 1024]]);
    assert.deepEqual(plan.fields, { 'Content-Type': 'application/pdf', success_action_status: '201' });
    assert.deepEqual(plan.openFields, {});
  });

  it('a type prefix is a starts-with condition, and the form starts with the prefix', () => {
    const plan = postSigningPlan({ bucket: 'b', target: { kind: 'prefix', prefix: '' }, contentType: { kind: 'prefix', value: 'image/' } });
    assert.deepEqual(plan.conditions, [['starts-with', '$Content-Type', 'image/']]);
    assert.deepEqual(plan.openFields, { 'Content-Type': 'image/' });
  });

  it('orders the fields key, Content-Type, then as signed', () => {
    const plan = postSigningPlan({ bucket: 'b', target: { kind: 'prefix', prefix: 'p/' } });
    const ordered = orderFormFields({ success_action_status: '201', bucket: 'b', key: 'p/${filename}', Policy: 'x', 'X-Amz-Signature': 's' }, plan);
    assert.deepEqual(Object.keys(ordered), ['key', 'Content-Type', 'success_action_status', 'bucket', 'Policy', 'X-Amz-Signature']);
  });
});

describe('upload form: sizes', () => {
  for (const [input, bytes] of [
    ['10MB', 10 * 1024 ** 2],
    ['10 mb', 10 * 1024 ** 2],
    ['1.5GB', 1.5 * 1024 ** 3],
    ['500k', 500 * 1024],
    ['2GiB', 2 * 1024 ** 3],
    ['1024', 1024],
    ['7 bytes', 7],
    ['1b', 1],
    [' 5GB ', MAX_POST_BYTES],
    [4096, 4096],
  ] as const) {
    it(`${JSON.stringify(input)} is ${bytes} bytes`, () => {
      assert.deepEqual(parseByteSize(input), { ok: true, bytes });
    });
  }
  for (const input of ['', 'ten', '10XB', '-1', '0', '0.1b', '5.01GB', '6GB', '1e3', 1.5, 0, -5, Number.POSITIVE_INFINITY, null, {}, '10MB10']) {
    it(`refuses ${JSON.stringify(input) ?? String(input)} with a message`, () => {
      const parsed = parseByteSize(input);
      assert.equal(parsed.ok, false);
      assert.ok(!parsed.ok && parsed.message.length > 10, JSON.stringify(parsed));
    });
  }
  it('formats sizes exactly', () => {
    assert.equal(formatByteSize(10 * 1024 ** 2), '10 MB');
    assert.equal(formatByteSize(1536), '1.5 KB');
    assert.equal(formatByteSize(MAX_POST_BYTES), '5 GB');
    assert.equal(formatByteSize(1000), '1,000 bytes');
    assert.equal(formatByteSize(1), '1 byte');
    assert.equal(formatByteSize(10 * 1024 ** 2 + 1), '10,485,761 bytes');
  });
});

describe('upload form: keys and automation input', () => {
  it('${filename} only at the end of a key', () => {
    assert.equal(checkKeyTemplate('a/${filename}').ok, true);
    assert.equal(checkKeyTemplate('${filename}').ok, true);
    assert.equal(checkKeyTemplate('a/${filename}.bak').ok, false);
    assert.equal(checkKeyTemplate('a\u0001/${filename}').ok, false);
  });

  it('accepts the documented shape', () => {
    const parsed = parseUploadFormArgs({ bucket: 'b-1', prefix: 'in/', maxSize: '10MB', contentTypePrefix: 'image/', expiresIn: '15m' });
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.options, {
      bucket: 'b-1',
      target: { kind: 'prefix', prefix: 'in/' },
      maxSize: 10 * 1024 ** 2,
      contentType: { kind: 'prefix', value: 'image/' },
      expiresIn: 900,
    });
    const exact = parseUploadFormArgs({ bucket: 'b-1', key: 'x.pdf', contentType: 'application/pdf', maxSize: 100 });
    assert.ok(exact.ok);
    assert.deepEqual(exact.options.target, { kind: 'key', key: 'x.pdf' });
    assert.deepEqual(exact.options.contentType, { kind: 'exact', value: 'application/pdf' });
    const bare = parseUploadFormArgs({ bucket: 'b-1' });
    assert.ok(bare.ok);
    assert.deepEqual(bare.options, { bucket: 'b-1', target: { kind: 'prefix', prefix: '' } });
  });

  for (const [what, arg] of [
    ['not an object', 'b-1'],
    ['no bucket', { key: 'a' }],
    ['a bad bucket', { bucket: 'B' }],
    ['key and prefix', { bucket: 'b-1', key: 'a', prefix: 'b/' }],
    ['a key that is a number', { bucket: 'b-1', key: 5 }],
    ['${filename} inside the key', { bucket: 'b-1', key: 'a/${filename}/b' }],
    ['${filename} in the prefix', { bucket: 'b-1', prefix: '${filename}/' }],
    ['a key too long', { bucket: 'b-1', key: 'k'.repeat(1025) }],
    ['a bad size', { bucket: 'b-1', maxSize: '10 parsecs' }],
    ['a size over 5 GB', { bucket: 'b-1', maxSize: '6GB' }],
    ['both content types', { bucket: 'b-1', contentType: 'a/b', contentTypePrefix: 'a/' }],
    ['a header injection', { bucket: 'b-1', contentType: 'text/plain\r\nX: 1' }],
    ['a type that is not a MIME type', { bucket: 'b-1', contentType: 'text' }],
    ['an empty type prefix', { bucket: 'b-1', contentTypePrefix: '' }],
    ['an expiry over 7 days', { bucket: 'b-1', expiresIn: '8d' }],
    ['a misspelt field', { bucket: 'b-1', maxsize: 10 }],
  ] as const) {
    it(`refuses ${what}`, () => {
      const parsed = parseUploadFormArgs(arg);
      assert.equal(parsed.ok, false, JSON.stringify(parsed));
    });
  }

  it('knows R2 cannot take POST uploads', () => {
    assert.match(postUnsupportedReason('https://0123abc.r2.cloudflarestorage.com') ?? '', /Cloudflare R2/);
    assert.match(postUnsupportedReason('https://acct.eu.r2.cloudflarestorage.com/') ?? '', /R2/);
    assert.equal(postUnsupportedReason('http://127.0.0.1:9000'), undefined);
    assert.equal(postUnsupportedReason(undefined), undefined);
    assert.equal(postUnsupportedReason('https://r2.cloudflarestorage.com.example.org'), undefined);
  });
});

describe('upload form: page and curl command', () => {
  const hostile = `a"b'<c>&d`;
  const options: UploadFormOptions = {
    bucket: 'b-1',
    target: { kind: 'prefix', prefix: `in/${hostile}/` },
    maxSize: 1024 ** 2,
    contentType: { kind: 'prefix', value: 'image/' },
  };
  const fields = { key: `in/${hostile}/\${filename}`, 'Content-Type': 'image/', Policy: 'eyJ=', 'X-Amz-Signature': 'abc' };
  const url = 'http://127.0.0.1:7480/b-1';

  it('escapes every value and gives the fields back unchanged, file last', () => {
    const html = renderUploadFormPage({ url, fields, options, expiresAt: EXPIRES, curl: curlPostCommand(url, fields) });
    assert.ok(!html.includes(hostile), 'no raw value in the page');
    const form = parseFormPage(html);
    assert.deepEqual([form.action, form.method, form.enctype], [url, 'post', 'multipart/form-data']);
    assert.deepEqual(form.fields, Object.entries(fields));
    assert.equal(form.fileField, 'file');
    assert.ok(form.fileIsLast);
  });

  it('shows the limits and the expiry, and loads nothing from elsewhere', () => {
    const html = renderUploadFormPage({ url, fields, options, expiresAt: EXPIRES, curl: 'curl …' });
    assert.ok(html.includes('Maximum size: 1 MB.'));
    assert.ok(html.includes('starting with image/'));
    assert.ok(html.includes('2026-12-02 19:47:05 UTC'));
    assert.ok(html.includes(escapeHtml(`s3://b-1/in/${hostile}/`)));
    assert.doesNotMatch(html, /\b(src|href)=/i, 'no external resource');
    assert.match(html, /Content-Security-Policy" content="default-src &#39;none&#39;;[^"]*form-action http:\/\/127\.0\.0\.1:7480"/);
  });

  it('curl sends the values literally, in order, the file last', () => {
    const command = curlPostCommand(url, { key: `it's/\${filename}`, 'Content-Type': '@/etc/passwd;type=x' }, 'my "file".txt');
    assert.equal(
      command,
      `curl --fail --globoff --form-string 'key=it'\\''s/\${filename}' --form-string 'Content-Type=@/etc/passwd;type=x' -F 'file=@"my \\"file\\".txt"' 'http://127.0.0.1:7480/b-1'`,
    );
  });
});
