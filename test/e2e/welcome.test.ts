// First run (issue 7): a profile without credentials (`s3Presign.profile: nocreds` in the user's
// settings) shows the welcome view with its four actions; "Read the README" works offline.
import { strict as assert } from 'node:assert';
import { startWorkbench, type Workbench } from './harness';

describe('end to end: first run without credentials', function () {
  this.timeout(120_000);
  let workbench: Workbench;

  before(async function () {
    this.timeout(240_000);
    workbench = await startWorkbench({ 's3Presign.profile': 'nocreds' });
  });

  after(async () => {
    await workbench?.close();
  });

  it('shows the welcome view with Select Profile, Open AWS Config, Use a Custom Endpoint and Read the README', async () => {
    const { ui, page } = workbench;
    await ui.openS3View();
    const welcome = ui.sideBar.locator('.welcome-view-content');
    await welcome.waitFor();
    await welcome.getByText('No AWS credentials were found for the active profile.').waitFor();
    const buttons = welcome.locator('.monaco-button');
    assert.deepEqual(
      (await buttons.allInnerTexts()).map((text) => text.trim()),
      ['Select Profile', 'Open AWS Config', 'Use a Custom Endpoint', 'Read the README'],
    );
    await page.mouse.move(800, 600); // no hover tooltip in the picture
    await ui.screenshot('welcome-view');
  });

  it('"Read the README" opens the README shipped in the extension, in the Markdown preview', async () => {
    const { ui, page } = workbench;
    await ui.sideBar.locator('.welcome-view-content .monaco-button', { hasText: 'Read the README' }).click();
    const tab = page.locator('.tabs-container .tab', { hasText: /Preview.*readme\.md|readme\.md/i });
    await tab.first().waitFor();
    // The preview renders inside a webview (nested iframes); its tab title names the file.
    assert.match(await tab.first().innerText(), /readme\.md/i);
  });

  it('"Select Profile" lists the profiles of the shared config', async () => {
    const { ui, page } = workbench;
    await ui.sideBar.locator('.welcome-view-content .monaco-button', { hasText: 'Select Profile' }).click();
    await ui.waitQuickInput('Switch AWS Profile');
    await ui.quickPickRow('nocreds').first().waitFor();
    await ui.quickPickRow('rgw').first().waitFor();
    await page.keyboard.press('Escape');
  });
});
