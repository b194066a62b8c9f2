// "Upload and Copy Link…" (issue 13) clicked in the workbench: right-click a file in VS Code's Explorer,
// go through the steps, then fetch the copied link with plain HTTP; a large file's progress notification
// (the README's picture) and its Cancel, after which no multipart upload is left in the bucket.
import { strict as assert } from 'node:assert';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { rgwEnv, type Workbench } from './harness';
import { sharedWorkbench } from './shared';

const BUCKET = 'presign-test';
const MiB = 1024 * 1024;

describe('end to end: Upload and Copy Link from the Explorer', function () {
  this.timeout(180_000);
  let workbench: Workbench;
  const env = rgwEnv();
  const prefix = `e2e-upload/${randomUUID()}/`;
  const small = randomBytes(64 * 1024);
  let s3: S3Client;

  before(async function () {
    this.timeout(240_000);
    workbench = await sharedWorkbench();
    const folder = workbench.server.workspaceFolder;
    fs.writeFileSync(path.join(folder, 'share me.bin'), small);
    // Large enough for the progress notification to stay a few seconds on this machine.
    fs.writeFileSync(path.join(folder, 'big-upload.bin'), Buffer.alloc(400 * MiB, 1));
    s3 = new S3Client({
      region: env.region,
      endpoint: env.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: env.accessKeyId, secretAccessKey: env.secretAccessKey },
    });
  });

  after(() => {
    s3?.destroy();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await workbench?.ui.failureScreenshot(this.currentTest.title);
    }
  });

  async function openExplorerRow(name: string): Promise<ReturnType<Workbench['ui']['treeRow']>> {
    const { ui, page } = workbench;
    const item = page.locator('.part.activitybar .action-item', { has: page.locator('a.action-label[aria-label^="Explorer"]') });
    if (!((await item.getAttribute('class')) ?? '').split(/\s+/).includes('checked')) {
      // Its shortcut: an "unsaved file" badge left by an earlier test covers the icon's centre.
      await page.keyboard.press('Control+Shift+E');
      await page.locator('.part.activitybar .action-item.checked a.action-label[aria-label^="Explorer"]').waitFor();
    }
    const row = ui.treeRow(name);
    // The file watcher may not have reported files written a moment ago: Refresh, as a user would.
    await row.waitFor({ timeout: 5_000 }).catch(async () => {
      await ui.sideBar.locator('.action-label[aria-label^="Refresh Explorer"]').click();
      await row.waitFor();
    });
    return row;
  }

  async function startUpload(name: string): Promise<void> {
    const { ui } = workbench;
    await ui.clearToasts();
    const row = await openExplorerRow(name);
    // A right-click selects the row without opening the file (a 400 MB file would fill the editor).
    const menu = await ui.contextMenu(row);
    await ui.choose(menu, 'Upload and Copy Link…');
    await ui.waitQuickInput('Upload and Copy Link');
  }

  it('right-click a file → "Upload and Copy Link…" → destination, key, 15 min: the copied link serves its bytes', async () => {
    const { ui, page } = workbench;
    await ui.writeClipboard('clipboard-before-upload');
    await startUpload('share me.bin');
    await ui.answer(`s3://${BUCKET}/${prefix}`);
    // The key, shown to edit: kept as it is (its box holds the key; the destination step's box did not).
    await page.waitForFunction(
      ([input, expected]) => (input as { value?: string } | null)?.value === expected,
      [await ui.quickInput.locator('.quick-input-box input').elementHandle(), `${prefix}share me.bin`] as const,
    );
    await ui.page.keyboard.press('Enter');
    await ui.quickPickRow('15 min').first().waitFor();
    await ui.pick('15 min');
    await ui.waitQuickInputHidden();

    await ui.toast('Share link for share me.bin copied').waitFor();
    const url = await ui.readClipboard();
    assert.ok(url.startsWith(`${env.endpoint}/${BUCKET}/`), `clipboard: ${url.slice(0, 80)}`);
    assert.equal(new URL(url).searchParams.get('X-Amz-Expires'), '900');
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.ok(Buffer.from(await response.arrayBuffer()).equals(small), 'the link serves the file');
    await ui.clearToasts();
  });

  it('a large file shows bytes, percent, rate and time left; Cancel leaves nothing and copies nothing', async () => {
    const { ui, page } = workbench;
    await ui.writeClipboard('clipboard-before-cancel');
    await startUpload('big-upload.bin');
    // The destination used last is offered first.
    await ui.quickPickRow(`s3://${BUCKET}/${prefix}`).first().waitFor();
    await page.keyboard.press('Enter');
    // The key step: its box holds the key (the destination step's box is empty), kept as it is.
    await page.waitForFunction(
      ([input, expected]) => (input as { value?: string } | null)?.value === expected,
      [await ui.quickInput.locator('.quick-input-box input').elementHandle(), `${prefix}big-upload.bin`] as const,
    );
    await page.keyboard.press('Enter');
    await ui.quickPickRow('15 min').first().waitFor();
    await ui.pick('15 min');
    await ui.waitQuickInputHidden();

    const progress = ui.toast(/Uploading big-upload\.bin/);
    await progress.filter({ hasText: /MB\/s · .* left/ }).waitFor({ timeout: 60_000 });
    await ui.screenshot('upload-progress');
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await ui.toast('Upload cancelled: nothing was copied.').waitFor({ timeout: 60_000 });
    assert.equal(await ui.readClipboard(), 'clipboard-before-cancel');
    const open = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: prefix }));
    assert.deepEqual(open.Uploads ?? [], [], 'no incomplete multipart upload left');
    await ui.clearToasts();
  });
});
