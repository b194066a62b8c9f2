// Temporary credentials end a link early (issue 3): switching to such a profile in the UI, a 7-day
// link is questioned before anything is copied, and "Shorten to …" copies one that ends with the session.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { rgwEnv, type Workbench } from './harness';
import { sharedWorkbench } from './shared';

const SENTINEL = 'clipboard-untouched-by-e2e';
const SESSION_MINUTES = 10;

describe('end to end: a link signed with temporary credentials', function () {
  this.timeout(120_000);
  const env = rgwEnv();
  let workbench: Workbench;
  let originalConfig: string;
  let credentialsFile: string;

  async function switchProfile(name: string): Promise<void> {
    const { ui } = workbench;
    await ui.runCommand('S3: Switch Profile');
    await ui.waitQuickInput('Switch AWS Profile');
    await ui.quickPickRow(name).first().waitFor();
    await ui.pick(name);
    await ui.waitQuickInputHidden();
    // The view's description names the profile once the explorer has switched to it.
    await ui.sideBar.locator('.pane-header .description', { hasText: new RegExp(`^\\s*${name}\\b`) }).waitFor({ state: 'attached' });
  }

  before(async function () {
    this.timeout(240_000);
    workbench = await sharedWorkbench();
    await workbench.ui.openS3View();
    const sts = new STSClient({
      region: env.region,
      endpoint: env.endpoint,
      credentials: { accessKeyId: env.accessKeyId, secretAccessKey: env.secretAccessKey },
    });
    const { Credentials: session } = await sts.send(
      new AssumeRoleCommand({ RoleArn: process.env.S3_TEST_ROLE_ARN, RoleSessionName: 'e2e', DurationSeconds: 900 }),
    );
    sts.destroy();
    // credential_process reports the session's end, as SSO and assume-role profiles do.
    credentialsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 's3p-e2e-session-')), 'session.json');
    fs.writeFileSync(
      credentialsFile,
      JSON.stringify({
        Version: 1,
        AccessKeyId: session?.AccessKeyId,
        SecretAccessKey: session?.SecretAccessKey,
        SessionToken: session?.SessionToken,
        Expiration: new Date(Date.now() + SESSION_MINUTES * 60_000).toISOString(),
      }),
    );
    originalConfig = fs.readFileSync(env.awsConfigFile, 'utf8');
    fs.writeFileSync(
      env.awsConfigFile,
      `${originalConfig}\n[profile temporary]\nregion = ${env.region}\nendpoint_url = ${env.endpoint}\ncredential_process = cat ${credentialsFile}\n`,
    );
  });

  after(async () => {
    if (workbench) {
      await switchProfile('rgw').catch(() => undefined);
    }
    if (originalConfig !== undefined) {
      fs.writeFileSync(env.awsConfigFile, originalConfig);
    }
    if (credentialsFile) {
      fs.rmSync(path.dirname(credentialsFile), { recursive: true, force: true });
    }
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await workbench?.ui.failureScreenshot(this.currentTest.title);
    }
  });

  it('a 7-day link asks first ("not in 7 days"), and "Shorten to …" copies one that ends with the session', async () => {
    const { ui, page } = workbench;
    await switchProfile('temporary');
    await ui.writeClipboard(SENTINEL);
    // Earlier tests leave big-bucket's pages expanded: collapse all so hello.txt is on screen.
    await ui.sideBar.locator('.action-label[aria-label="Collapse All"]').first().click();
    await ui.openExpiryPickerForHello();
    await ui.quickPickRow('7 days').first().waitFor();
    await ui.pick('7 days');
    await ui.acceptDownloadOptions();

    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    const text = await dialog.innerText();
    assert.match(text, /temporary credentials for profile "temporary" end/, text);
    assert.match(text, /not in 7 days/, text);
    assert.equal(await ui.readClipboard(), SENTINEL, 'nothing is copied before the user decides');
    await ui.screenshot('temporary-credentials-warning');
    await dialog.getByRole('button', { name: /^Shorten to / }).click();

    await ui.toast('Share link for hello.txt copied').waitFor();
    const url = new URL(await ui.readClipboard());
    const expiresIn = Number(url.searchParams.get('X-Amz-Expires'));
    assert.ok(expiresIn > (SESSION_MINUTES - 2) * 60 && expiresIn <= SESSION_MINUTES * 60, `X-Amz-Expires=${expiresIn}`);
    assert.ok(url.searchParams.get('X-Amz-Security-Token'), 'signed with the session token');
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'Hello, S3 Presign!\n');
    await ui.clearToasts();
  });
});
