// The generated upload page (issue 14) in a real browser: saved to disk as a user would save it,
// opened from file://, a file chosen and sent with the page's own button; radosgw must then hold
// exactly those bytes. Also the README's picture of the page.
import { strict as assert } from 'node:assert';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseUploadFormArgs, postSigningPlan } from '../../src/core/uploadForm';
import { assembleUploadForm, type UploadForm } from '../../src/core/uploadFormPage';
import { createSdkGateway } from '../../src/s3/sdkGateway';
import type { S3Gateway } from '../../src/s3/s3Gateway';
import { launchBrowser, type BrowserHandle } from '../host/browser';
import { REPO_ROOT, VIEWPORT, rgwEnv } from './harness';

const BUCKET = 'presign-test';

describe('end to end: the upload form page in Chromium', function () {
  this.timeout(120_000);
  let gateway: S3Gateway;
  let browser: BrowserHandle;
  let dir: string;

  before(async () => {
    const env = rgwEnv();
    gateway = await createSdkGateway(
      { profile: 'rgw', endpoint: env.endpoint, region: env.region },
      { credentials: { accessKeyId: env.accessKeyId, secretAccessKey: env.secretAccessKey } },
    );
    browser = await launchBrowser({ viewport: VIEWPORT });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3p-form-page-'));
  });

  after(async () => {
    await browser?.close();
    gateway?.dispose();
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  /** The form "Create Upload Form…" makes for these automation arguments, saved as an .html file. */
  async function savedForm(args: Record<string, unknown>): Promise<{ form: UploadForm; file: string }> {
    const parsed = parseUploadFormArgs({ bucket: BUCKET, ...args });
    assert.ok(parsed.ok, JSON.stringify(parsed));
    const plan = postSigningPlan(parsed.options);
    const post = await gateway.presignPost({ bucket: BUCKET, key: plan.key, conditions: plan.conditions, fields: plan.fields, expiresIn: parsed.options.expiresIn ?? 3600 });
    const form = assembleUploadForm({ url: post.url, fields: post.fields, expiresAt: post.effectiveExpiresAt }, parsed.options);
    const file = path.join(dir, `form-${randomUUID()}.html`);
    fs.writeFileSync(file, form.html);
    return { form, file };
  }

  it('uploads a chosen file through the page opened from disk; S3 holds its bytes and type', async () => {
    const prefix = `e2e-forms/${randomUUID()}/`;
    const { file } = await savedForm({ prefix, maxSize: '1MB', contentTypePrefix: 'text/', expiresIn: 600 });
    const upload = path.join(dir, 'notes from the field.txt');
    const bytes = Buffer.concat([Buffer.from('hello from the form\n'), randomBytes(2048)]);
    fs.writeFileSync(upload, bytes);

    const page = await browser.context.newPage();
    const failed: string[] = [];
    page.on('console', (message) => message.type() === 'error' && failed.push(message.text()));
    page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText}`));
    await page.goto(pathToFileURL(file).href);
    await page.locator('#file').setInputFiles(upload);
    assert.equal(await page.locator('#content-type').inputValue(), 'text/plain', "the page takes the file's type");
    // Checked before sending: S3's reply page then asks its server for a favicon, which 404s.
    assert.deepEqual(failed, [], 'no CSP violation or failed request on the page');
    const answer = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.locator('#send').click();
    const response = await answer;
    assert.equal(response.status(), 201, await response.text());
    assert.match(await response.text(), /<Key>[^<]*notes from the field\.txt<\/Key>/);
    await page.close();

    const link = await gateway.presign({ method: 'GET', bucket: BUCKET, key: `${prefix}notes from the field.txt`, expiresIn: 60 });
    const stored = await fetch(link.url);
    assert.equal(stored.status, 200);
    assert.ok(Buffer.from(await stored.arrayBuffer()).equals(bytes), 'the stored bytes are the file');
    assert.equal(stored.headers.get('content-type'), 'text/plain');
  });

  it('refuses a file over the limit in the page itself, before sending', async () => {
    const { file } = await savedForm({ prefix: `e2e-forms/${randomUUID()}/`, maxSize: 100 });
    const upload = path.join(dir, 'big.bin');
    fs.writeFileSync(upload, randomBytes(101));
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.locator('#file').setInputFiles(upload);
    assert.match(await page.locator('#problem').innerText(), /larger than 100 bytes/);
    assert.equal(await page.locator('#send').isDisabled(), true);
    await page.close();
  });

  it('takes the picture of the page for the README', async () => {
    const { file } = await savedForm({ prefix: 'incoming/', maxSize: '25MB', contentTypePrefix: 'image/', expiresIn: '2d' });
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 900, height: 720 });
    await page.goto(pathToFileURL(file).href);
    const chosen = process.env.S3PRESIGN_SCREENSHOT_DIR;
    const folder = chosen ? path.resolve(REPO_ROOT, chosen) : dir;
    fs.mkdirSync(folder, { recursive: true });
    await page.screenshot({ path: path.join(folder, 'upload-form.png'), fullPage: true });
    await page.close();
  });
});
