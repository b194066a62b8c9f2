// The user's flows, clicked in a real workbench with the packaged extension (issue 7). Nothing here
// calls a command programmatically: every step is a click, a key press or typed text.
import { strict as assert } from 'node:assert';
import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { rgwEnv, type Workbench } from './harness';
import { PAGE_SIZE, sharedWorkbench } from './shared';

const REPORT_BODY = '%PDF-1.4\n% S3 Presign test report\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
const SENTINEL = 'clipboard-untouched-by-e2e';

describe('end to end: the user flows in the workbench', function () {
  this.timeout(120_000);
  let workbench: Workbench;
  const env = rgwEnv();
  const uploadKey = `e2e/upload-${Date.now()}.txt`;
  /** When each link was copied, and for how long: the status bar's expected text follows from them. */
  const issued: { name: string; expiresAt: number }[] = [];

  before(async function () {
    this.timeout(240_000);
    workbench = await sharedWorkbench();
    await workbench.ui.openS3View();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await workbench?.ui.failureScreenshot(this.currentTest.title);
    }
  });

  it('right-click an object → "Copy Presigned Download Link…" → 15 min: the clipboard holds a working link', async () => {
    const { ui } = workbench;
    await ui.writeClipboard(SENTINEL);
    await ui.expand('presign-test', 1);
    await ui.expand('docs', 2);
    const report = ui.treeRow('report.pdf', 3);
    await report.click();
    const menu = await ui.contextMenu(report);
    const entry = ui.menuItem(menu, 'Copy Presigned Download Link…');
    assert.equal(await entry.count(), 1, 'the object context menu has "Copy Presigned Download Link…"');
    await entry.hover();
    await ui.screenshot('tree-context-menu');
    await ui.choose(menu, 'Copy Presigned Download Link…');

    await ui.waitQuickInput('Copy Presigned Download Link');
    await ui.quickPickRow('15 min').first().waitFor();
    await ui.screenshot('expiry-picker');
    const before = Date.now();
    await ui.pick('15 min');
    await ui.acceptDownloadOptions();
    await ui.waitQuickInputHidden();

    const toast = ui.toast('Share link for report.pdf copied');
    await toast.waitFor();
    await ui.screenshot('notification-after-copy');
    const url = await ui.readClipboard();
    issued.push({ name: 'report.pdf', expiresAt: before + 15 * 60_000 });

    assert.ok(url.startsWith(`${env.endpoint}/presign-test/docs/report.pdf?`), `clipboard: ${url}`);
    const query = new URL(url).searchParams;
    assert.equal(query.get('X-Amz-Expires'), '900');
    assert.equal(query.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
    const response = await fetch(url);
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(await response.text(), REPORT_BODY);
    await ui.clearToasts();
  });

  it('palette "S3: Presign Upload…" → bucket, key, Content-Type, 1 hour: a plain PUT stores the bytes', async () => {
    const { ui } = workbench;
    await ui.writeClipboard(SENTINEL);
    await ui.runCommand('S3: Presign Upload…');

    await ui.waitQuickInput('Presign Upload');
    await ui.quickPickRow('presign-test').first().waitFor();
    await ui.pick('presign-test');

    // The key box may be prefilled with the selected folder: replace it with the key we want.
    await ui.waitQuickInput('Presign Upload');
    await ui.quickInput.locator('.quick-input-message', { hasText: /Key to upload to in s3:\/\/presign-test\// }).waitFor();
    await ui.answer(uploadKey);

    await ui.quickPickRow('text/plain').first().waitFor();
    await ui.pick('text/plain');

    await ui.quickPickRow('1 h').first().waitFor();
    const before = Date.now();
    await ui.pick('1 h');
    await ui.waitQuickInputHidden();
    await ui.toast(`Upload link for upload-`).waitFor();
    const url = await ui.readClipboard();
    issued.push({ name: uploadKey.slice(4), expiresAt: before + 60 * 60_000 });

    assert.ok(url.startsWith(`${env.endpoint}/presign-test/${uploadKey}?`), `clipboard: ${url}`);
    assert.doesNotMatch(url, /x-amz-checksum|x-amz-sdk-checksum/i);
    const body = `uploaded by the end-to-end test at ${new Date().toISOString()}\n`;
    const put = await fetch(url, { method: 'PUT', body, headers: { 'content-type': 'text/plain' } });
    assert.equal(put.status, 200, await put.text());

    const s3 = new S3Client({
      endpoint: env.endpoint,
      region: env.region,
      forcePathStyle: true,
      credentials: { accessKeyId: env.accessKeyId, secretAccessKey: env.secretAccessKey },
    });
    const stored = await s3.send(new GetObjectCommand({ Bucket: 'presign-test', Key: uploadKey }));
    assert.equal(await stored.Body?.transformToString(), body);
    assert.equal(stored.ContentType, 'text/plain');
    await s3.send(new DeleteObjectCommand({ Bucket: 'presign-test', Key: uploadKey })); // leave the seed data as it was
    s3.destroy();
    await ui.clearToasts();
  });

  it('the status bar shows "$(link) 2 · <next expiry>"; its click lists both links; Forget removes one', async () => {
    const { ui, page } = workbench;
    const item = ui.statusBar.locator('.statusbar-item', { has: page.locator('.codicon-link') });
    await item.waitFor();
    const expected = (): string[] => {
      // The text shows whole minutes left on the soonest link; accept the two values around now.
      const soonest = Math.min(...issued.map((link) => link.expiresAt));
      const minutes = Math.floor((soonest - Date.now()) / 60_000);
      return [minutes, minutes - 1, minutes + 1].map((m) => `${issued.length} · ${m}m`);
    };
    const text = (await item.innerText()).trim();
    assert.ok(expected().includes(text), `status bar shows "${text}", expected one of ${expected().join(', ')}`);
    assert.equal(await item.locator('.codicon-link').count(), 1, 'the status bar item has the link icon');

    await item.locator('a, .statusbar-item-label').first().click();
    await ui.waitQuickInput('Presigned Links');
    const reportRow = ui.quickPickRow('report.pdf');
    const uploadRow = ui.quickPickRow(uploadKey.slice(4));
    await reportRow.first().waitFor();
    await uploadRow.first().waitFor();
    await ui.screenshot('status-bar-active-links');

    await reportRow.first().hover();
    await reportRow.first().locator('.action-label[aria-label="Forget"]').click();
    await reportRow.first().waitFor({ state: 'detached' });
    await uploadRow.first().waitFor();
    await page.keyboard.press('Escape');
    await ui.waitQuickInputHidden();

    issued.splice(issued.findIndex((link) => link.name === 'report.pdf'), 1);
    await page.waitForFunction(
      ([el, wanted]) => wanted.includes((el as { innerText?: string } | null)?.innerText?.trim() ?? ''),
      [await item.elementHandle(), expected()] as const,
      { timeout: 10_000 },
    ).catch(async () => assert.fail(`status bar shows "${(await item.innerText()).trim()}", expected one of ${expected().join(', ')}`));
  });

  it(`"Load more…" on big-bucket lists the next ${PAGE_SIZE} entries`, async () => {
    const { ui, page } = workbench;
    const expanded = ui.treeRow('presign-test', 1);
    if ((await expanded.getAttribute('aria-expanded')) === 'true') {
      await expanded.click(); // collapse: big-bucket's rows then fill the view
    }
    const bucket = await ui.expand('big-bucket', 1);
    // Keys sort before "logs/": the first page is item-00000 … item-000(PAGE_SIZE-1), then "Load more…".
    await ui.treeRow('item-00000.txt', 2).waitFor();
    assert.equal(await ui.childCount(bucket), PAGE_SIZE + 1);
    await ui.treeRow('item-00000.txt', 2).click(); // keyboard focus in the tree
    await page.keyboard.press('End');
    const loadMore = ui.treeRow('Load more…', 2);
    await loadMore.waitFor();
    await loadMore.click();
    await ui.treeRow(`item-${String(PAGE_SIZE).padStart(5, '0')}.txt`, 2).waitFor();
    assert.equal(await ui.childCount(bucket), 2 * PAGE_SIZE + 1);
    await ui.treeRow(`item-${String(PAGE_SIZE).padStart(5, '0')}.txt`, 2).click();
    await page.keyboard.press('End');
    await ui.treeRow(`item-${String(2 * PAGE_SIZE - 1).padStart(5, '0')}.txt`, 2).waitFor();
    await ui.treeRow('Load more…', 2).waitFor();
    await page.keyboard.press('Home');
    await ui.treeRow('big-bucket', 1).click(); // collapse again
    await page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'false', await bucket.elementHandle());
  });

  it('"Filter by Prefix…" on a bucket (context menu) shows only the matching keys', async () => {
    const { ui } = workbench;
    const bucket = ui.treeRow('big-bucket', 1);
    const menu = await ui.contextMenu(bucket);
    assert.equal(await ui.menuItem(menu, 'Filter by Prefix…').count(), 1, 'the bucket context menu has "Filter by Prefix…"');
    await ui.choose(menu, 'Filter by Prefix…');
    await ui.waitQuickInput('Filter by Prefix');
    await ui.answer('item-0119');
    await bucket.locator('.label-description', { hasText: 'filter: item-0119' }).waitFor();
    const expanded = await ui.expand('big-bucket', 1);
    await ui.treeRow('item-01190.txt', 2).waitFor();
    assert.equal(await ui.childCount(expanded), 10);
    await ui.treeRow('item-01199.txt', 2).waitFor();
  });

  it('"Custom…" expiry refuses 7d1s with the 7-day limit, then copies a 2h30m link', async () => {
    const { ui } = workbench;
    await ui.writeClipboard(SENTINEL);
    await ui.openExpiryPickerForHello();
    await ui.pick('Custom…');

    const input = ui.quickInput.locator('.quick-input-box input');
    await input.fill('7d1s');
    const limit = ui.quickInput.locator('.quick-input-message', { hasText: /at most 7 days \(604800 seconds\)/ });
    await limit.waitFor();
    await input.press('Enter'); // refused: the box stays open and nothing is copied
    await limit.waitFor();
    assert.equal(await ui.readClipboard(), SENTINEL);

    await ui.answer('2h30m');
    await ui.acceptDownloadOptions();
    await ui.waitQuickInputHidden();
    await ui.toast('Share link for hello.txt copied').waitFor();
    const url = await ui.readClipboard();
    assert.ok(url.startsWith(`${env.endpoint}/presign-test/hello.txt?`), `clipboard: ${url}`);
    assert.equal(new URL(url).searchParams.get('X-Amz-Expires'), '9000');
    assert.equal(await (await fetch(url)).text(), 'Hello, S3 Presign!\n');
    await ui.clearToasts();
  });

  it('palette "S3: Copy Presigned Download Link…" for a key that does not exist warns, and Cancel copies nothing', async () => {
    const { ui, page } = workbench;
    await ui.writeClipboard(SENTINEL);
    await ui.runCommand('S3: Copy Presigned Download Link…');
    await ui.waitQuickInput('Copy Presigned Download Link');
    await ui.quickPickRow('presign-test').first().waitFor();
    await ui.pick('presign-test');
    await ui.quickInput.locator('.quick-input-message', { hasText: /Key of the object to share in s3:\/\/presign-test\// }).waitFor();
    await ui.answer('missing/not-uploaded-yet.txt');
    await ui.quickPickRow('1 min').first().waitFor();
    await ui.pick('1 min');
    await ui.acceptDownloadOptions();

    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /s3:\/\/presign-test\/missing\/not-uploaded-yet\.txt does not exist \(yet\)/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await ui.readClipboard(), SENTINEL, 'nothing copied');
  });

  it('right-click an object → "Copy Presigned Download Link…" → 15 min → "Download as report.pdf": the link downloads with that Content-Disposition', async () => {
    const { ui } = workbench;
    await ui.writeClipboard(SENTINEL);
    // Earlier tests leave big-bucket's pages expanded: collapse all so presign-test's rows are on screen.
    await ui.sideBar.locator('.action-label[aria-label="Collapse All"]').first().click();
    await ui.expand('presign-test', 1);
    await ui.expand('docs', 2);
    const report = ui.treeRow('report.pdf', 3);
    await report.click();
    const menu = await ui.contextMenu(report);
    assert.equal(await ui.menuItem(menu, 'Copy Link to Version…').count(), 1, 'the object context menu has "Copy Link to Version…"');
    await ui.choose(menu, 'Copy Presigned Download Link…');

    await ui.waitQuickInput('Copy Presigned Download Link');
    await ui.quickPickRow('15 min').first().waitFor();
    await ui.pick('15 min');
    await ui.quickPickRow('Download as report.pdf').first().waitFor();
    await ui.quickPickRow('Content-Type…').first().waitFor();
    await ui.quickPickRow('Download as report.pdf').first().hover();
    await ui.screenshot('download-options');
    await ui.pick('Download as report.pdf');
    await ui.waitQuickInputHidden();

    await ui.toast('Share link for report.pdf (downloads as "report.pdf") copied').waitFor();
    const url = await ui.readClipboard();
    assert.ok(url.startsWith(`${env.endpoint}/presign-test/docs/report.pdf?`), `clipboard: ${url}`);
    assert.equal(new URL(url).searchParams.get('response-content-disposition'), 'attachment; filename="report.pdf"');
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-disposition'), 'attachment; filename="report.pdf"');
    assert.equal(await response.text(), REPORT_BODY);
    await ui.clearToasts();
  });
});
