// Upload forms (issue 14) against radosgw, which checks POST policies: the generated page's form,
// posted as a browser posts it (multipart/form-data, the page's fields in the page's order, the file
// last), and the generated curl command run through bash. Both must upload within the limits and be
// refused over the size, outside the prefix, with another Content-Type and after expiry.
import * as assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseUploadFormArgs, postSigningPlan, type UploadFormOptions } from '../../src/core/uploadForm';
import { assembleUploadForm, curlPostCommand, type UploadForm } from '../../src/core/uploadFormPage';
import { parseFormPage } from '../fixtures/formPage';
import { runProcess, useRigGateway } from './rig';

const PROFILE = 'rgw-upload-form';
const BUCKET = 'presign-test';
const LIMIT = 1024;
/** The curl command names the file FILE: the tests run it, unedited, next to a file of that name. */
const CURL_FILE = 'FILE';

interface Outcome {
  ok: boolean;
  detail: string;
}

/** A form and a way of sending a file through it, changing some fields first (as a tamperer would). */
type Submit = (form: UploadForm, file: Buffer, changes?: Record<string, string>) => Promise<Outcome>;

let dir: string;

/** As a browser sends the page: its inputs in document order, the file last, named as on disk. */
const browserPost: Submit = async (form, file, changes = {}) => {
  const page = parseFormPage(form.html);
  assert.ok(page.fileIsLast, 'the file input is the last input of the page');
  const body = new FormData();
  for (const [name, value] of page.fields) {
    body.append(name, changes[name] ?? value);
  }
  body.append(page.fileField, new Blob([file]), CURL_FILE);
  const response = await fetch(page.action, { method: page.method.toUpperCase(), body });
  return { ok: response.ok, detail: `${response.status} ${await response.text()}` };
};

/** The generated command as the user pastes it into bash (rebuilt with the changes, as they would edit it). */
const curlPost: Submit = async (form, file, changes = {}) => {
  fs.writeFileSync(path.join(dir, CURL_FILE), file);
  const command = Object.keys(changes).length === 0 ? form.curl : curlPostCommand(form.url, { ...form.fields, ...changes });
  const result = await runProcess('bash', ['-c', command], dir, 20_000);
  return { ok: result.code === 0, detail: `${command}\nexit ${result.code}\n${result.stdout}${result.stderr}` };
};

describe('upload forms (presigned POST) against radosgw', function () {
  this.timeout(60_000);
  const rgw = useRigGateway(PROFILE);

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3-presign-form-'));
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The form the command makes for these automation arguments. */
  async function makeForm(args: Record<string, unknown>): Promise<{ form: UploadForm; options: UploadFormOptions }> {
    const parsed = parseUploadFormArgs({ bucket: BUCKET, ...args });
    assert.ok(parsed.ok, JSON.stringify(parsed));
    const options = parsed.options;
    const plan = postSigningPlan(options);
    const post = await rgw.gateway.presignPost({
      bucket: BUCKET,
      key: plan.key,
      conditions: plan.conditions,
      fields: plan.fields,
      expiresIn: options.expiresIn ?? 600,
    });
    assert.ok(!/checksum/i.test(JSON.stringify(post.fields)), 'no checksum field or condition');
    return { form: assembleUploadForm({ url: post.url, fields: post.fields, expiresAt: post.effectiveExpiresAt }, options), options };
  }

  async function stored(key: string): Promise<{ bytes: Buffer; contentType: string | null } | undefined> {
    const link = await rgw.gateway.presign({ method: 'GET', bucket: BUCKET, key, expiresIn: 60 });
    const response = await fetch(link.url);
    if (response.status === 404) {
      return undefined;
    }
    assert.equal(response.status, 200);
    return { bytes: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type') };
  }

  for (const [how, submit] of [
    ['the page\'s form, posted as a browser does', browserPost],
    ['the curl command, run through bash', curlPost],
  ] as const) {
    describe(how, () => {
      it('uploads within the limits, under the prefix with the file\'s name', async () => {
        const prefix = `forms/${randomUUID()}/`;
        const { form } = await makeForm({ prefix, maxSize: LIMIT, contentTypePrefix: 'text/' });
        const bytes = randomBytes(LIMIT);
        const outcome = await submit(form, bytes, submit === browserPost ? { 'Content-Type': 'text/csv' } : {});
        assert.ok(outcome.ok, outcome.detail);
        const object = await stored(`${prefix}${CURL_FILE}`);
        assert.ok(object?.bytes.equals(bytes), 'the stored bytes are the file');
        assert.equal(object?.contentType, submit === browserPost ? 'text/csv' : 'text/');
      });

      it('uploads to one exact key with the exact Content-Type', async () => {
        const key = `forms/${randomUUID()}/report.pdf`;
        const { form } = await makeForm({ key, contentType: 'application/pdf', maxSize: '1KB' });
        const bytes = randomBytes(10);
        const outcome = await submit(form, bytes);
        assert.ok(outcome.ok, outcome.detail);
        const object = await stored(key);
        assert.ok(object?.bytes.equals(bytes));
        assert.equal(object?.contentType, 'application/pdf');
      });

      // Each case under a fresh prefix; a refused upload must not have stored `${prefix}FILE`.
      for (const [refusal, args, changes, size] of [
        ['over the size limit', (prefix: string) => ({ prefix, maxSize: LIMIT }), () => ({}), LIMIT + 1],
        ['outside the prefix', (prefix: string) => ({ prefix }), () => ({ key: 'elsewhere/${filename}' }), 10],
        ['to another key than the exact one', (prefix: string) => ({ key: `${prefix}exact.bin` }), (prefix: string) => ({ key: `${prefix}${CURL_FILE}` }), 10],
        ['with another Content-Type', (prefix: string) => ({ prefix, contentTypePrefix: 'image/' }), () => ({ 'Content-Type': 'text/html' }), 10],
        ['with another exact Content-Type', (prefix: string) => ({ prefix, contentType: 'image/png' }), () => ({ 'Content-Type': 'image/svg+xml' }), 10],
      ] as const) {
        it(`is refused ${refusal}, and nothing is stored`, async () => {
          const prefix = `forms/${randomUUID()}/`;
          const { form } = await makeForm(args(prefix));
          const outcome = await submit(form, randomBytes(size), changes(prefix));
          assert.ok(!outcome.ok, outcome.detail);
          assert.match(outcome.detail, /\b(400|403)\b|exit 22/);
          assert.equal(await stored(`${prefix}${CURL_FILE}`), undefined);
        });
      }

      it('is refused after it expires (a 1 s form)', async () => {
        const prefix = `forms/${randomUUID()}/`;
        const { form } = await makeForm({ prefix, expiresIn: 1 });
        const deadline = Date.now() + 15_000;
        let outcome: Outcome;
        // Poll: the form works for about a second, then S3 must refuse it.
        do {
          outcome = await submit(form, randomBytes(8));
          assert.ok(Date.now() < deadline, `still accepted 15 s after a 1 s expiry: ${outcome.detail}`);
        } while (outcome.ok);
        assert.match(outcome.detail, /\b403\b|exit 22/);
      });
    });
  }

  it('the page states the limits and the policy\'s own expiry', async () => {
    const { form } = await makeForm({ prefix: 'forms/', maxSize: '10MB', contentTypePrefix: 'image/', expiresIn: 3600 });
    const policy = JSON.parse(Buffer.from(form.fields.Policy, 'base64').toString('utf8')) as { expiration: string };
    assert.ok(form.html.includes(policy.expiration.replace('T', ' ').replace('Z', ' UTC')), policy.expiration);
    assert.ok(form.html.includes('Maximum size: 10 MB.'));
    assert.equal(parseFormPage(form.html).action, `${rgw.rig.endpoint.replace(/\/$/, '')}/${BUCKET}`);
  });
});
