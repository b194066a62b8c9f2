// "Generate Bucket Policy for Presigned Links…" clicked through (issue 5): the prompts, the JSON in a new
// editor, and "Apply to Bucket…" only after the diff and a modal confirmation. On a bucket of its own, so
// the policy cannot affect the other tests.
import { strict as assert } from 'node:assert';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { rgwEnv, type Workbench } from './harness';
import { sharedWorkbench } from './shared';

describe('end to end: a bucket policy for presigned links', function () {
  this.timeout(120_000);
  const env = rgwEnv();
  const bucket = `e2e-policy-${Date.now()}`;
  let workbench: Workbench;
  let s3: S3Client;

  before(async function () {
    this.timeout(240_000);
    s3 = new S3Client({
      endpoint: env.endpoint,
      region: env.region,
      forcePathStyle: true,
      credentials: { accessKeyId: env.accessKeyId, secretAccessKey: env.secretAccessKey },
    });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    workbench = await sharedWorkbench();
    await workbench.ui.openS3View();
  });

  after(async () => {
    await s3?.send(new DeleteBucketPolicyCommand({ Bucket: bucket })).catch(() => undefined);
    await s3?.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
    s3?.destroy();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await workbench?.ui.failureScreenshot(this.currentTest.title);
    }
  });

  it('right-click a bucket → answer the prompts → the JSON opens → "Apply to Bucket…" → diff and confirmation → applied', async () => {
    const { ui, page } = workbench;
    await ui.sideBar.locator('.action-label[aria-label="Collapse All"]').first().click();
    await ui.sideBar.locator('.action-label[aria-label="Refresh"]').first().click();
    const row = ui.treeRow(bucket, 1);
    await row.waitFor();
    const menu = await ui.contextMenu(row);
    assert.equal(await ui.menuItem(menu, 'Generate Bucket Policy for Presigned Links…').count(), 1);
    await ui.choose(menu, 'Generate Bucket Policy for Presigned Links…');

    const title = 'Generate Bucket Policy for Presigned Links';
    await ui.waitQuickInput(title);
    await ui.answer('10m');
    await ui.quickInput.locator('.quick-input-message', { hasText: /IP ranges/ }).waitFor();
    await ui.answer('203.0.113.0/24, 2001:db8::/32');
    await ui.quickInput.locator('.quick-input-message', { hasText: /VPC endpoint/ }).waitFor();
    await ui.answer('');
    await ui.quickPickRow('Allow presigned links within these limits').first().waitFor();
    await ui.pick('Allow presigned links within these limits');
    await ui.waitQuickInputHidden();

    const editorText = page.locator('.editor-instance .monaco-editor .view-lines').first();
    await page.waitForFunction((el) => el?.textContent?.includes('s3:signatureAge'), await editorText.elementHandle());
    const shown = (await editorText.innerText()).replace(/\u00a0/g, ' ');
    assert.match(shown, /"s3:signatureAge": 600000/);
    assert.match(shown, /"203\.0\.113\.0\/24"/);

    const toast = ui.toast(`Policy for s3://${bucket} opened`);
    await toast.waitFor();
    await toast.getByRole('button', { name: 'Apply to Bucket…' }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), new RegExp(`Apply this policy to s3://${bucket}\\?`));
    await page.locator('.tabs-container .tab', { hasText: 'current policy ↔ new policy' }).first().waitFor();
    await ui.screenshot('bucket-policy-apply');
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    await ui.toast(`The policy of s3://${bucket} was updated.`).waitFor();
    const applied = await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }));
    const policy = JSON.parse(applied.Policy ?? '{}') as { Statement: { Condition?: Record<string, Record<string, unknown>> }[] };
    const ages = policy.Statement.map((statement) => statement.Condition?.NumericGreaterThan?.['s3:signatureAge']).filter(Boolean);
    assert.deepEqual(ages.map(Number), [600000]);
    await ui.clearToasts();
    await page.keyboard.press('Escape');
  });
});
