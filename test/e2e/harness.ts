/**
 * End-to-end rig (issue 7): the PACKAGED extension (.vsix, built the way a user would build it)
 * installed into a throw-away code-server, and a headless Chromium clicking its workbench.
 *
 * Needs the radosgw variables of scripts/test.sh (S3_TEST_*) and an AWS shared config with the
 * profiles `rgw` and `nocreds` (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE).
 */
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { launchBrowser, workbenchUrl, type BrowserHandle } from '../host/browser';
import { REPO_ROOT, startCodeServer, type CodeServerHandle } from '../host/codeServer';

export { REPO_ROOT };
/**
 * Where `screenshot()` writes: S3PRESIGN_SCREENSHOT_DIR when set (`npm run screenshots` sets media/screenshots,
 * the README's pictures), else a temporary folder, so a test run leaves the working tree as it was.
 */
let screenshotDir: string | undefined;

function screenshotFolder(): string {
  if (!screenshotDir) {
    const chosen = process.env.S3PRESIGN_SCREENSHOT_DIR;
    screenshotDir = chosen ? path.resolve(REPO_ROOT, chosen) : fs.mkdtempSync(path.join(os.tmpdir(), 's3p-screenshots-'));
    fs.mkdirSync(screenshotDir, { recursive: true });
    console.log(`      screenshots go to ${screenshotDir}`);
  }
  return screenshotDir;
}
export const VIEWPORT = { width: 1280, height: 800 };

export interface RgwEnv {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  awsConfigFile: string;
  awsCredentialsFile: string;
}

export function rgwEnv(): RgwEnv {
  const need = (name: string): string => {
    const value = process.env[name];
    if (!value) {
      throw new Error(`${name} is not set: run the end-to-end tests through scripts/test.sh (or source its environment)`);
    }
    return value;
  };
  return {
    endpoint: need('S3_TEST_ENDPOINT').replace(/\/$/, ''),
    accessKeyId: need('S3_TEST_ACCESS_KEY'),
    secretAccessKey: need('S3_TEST_SECRET_KEY'),
    region: process.env.S3_TEST_REGION || 'us-east-1',
    awsConfigFile: need('AWS_CONFIG_FILE'),
    awsCredentialsFile: need('AWS_SHARED_CREDENTIALS_FILE'),
  };
}

// ---------------------------------------------------------------------------------------------
// The .vsix

export interface BuiltVsix {
  file: string;
  /** vsce's output (its warnings go there). */
  output: string;
}

let vsix: BuiltVsix | undefined;
const tempDirs: string[] = [];

/**
 * `vsce package --no-dependencies` (which runs `vscode:prepublish`, the production build) in a copy
 * of the sources, so the working tree's dev build in dist/ is left alone. Built once per run.
 */
export function buildVsix(): BuiltVsix {
  if (vsix) {
    return vsix;
  }
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 's3p-vsix-'));
  tempDirs.push(stage);
  const files = ['package.json', 'package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'esbuild.mjs', 'tsconfig.json'];
  for (const file of files) {
    fs.copyFileSync(path.join(REPO_ROOT, file), path.join(stage, file));
  }
  for (const dir of ['src', 'media', 'l10n']) {
    if (fs.existsSync(path.join(REPO_ROOT, dir))) {
      fs.cpSync(path.join(REPO_ROOT, dir), path.join(stage, dir), { recursive: true });
    }
  }
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
  const file = path.join(stage, 's3-presign.vsix');
  const vsce = path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
  const result = cp.spawnSync(vsce, ['package', '--no-dependencies', '-o', file], {
    cwd: stage,
    encoding: 'utf8',
    timeout: 180_000,
    // vsce asks before packaging with warnings; a closed stdin makes any such question fail the run.
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0 || !fs.existsSync(file)) {
    throw new Error(`vsce package failed (${result.status ?? result.signal}):\n${output}`);
  }
  vsix = { file, output };
  return vsix;
}

/** Names of the entries of a zip file, read from its central directory (no unzip needed). */
export function zipEntries(file: string): string[] {
  const buffer = fs.readFileSync(file);
  let end = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 65_557); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) {
    throw new Error(`${file} is not a zip file`);
  }
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) {
      throw new Error(`${file}: corrupt central directory`);
    }
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    names.push(buffer.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// code-server + Chromium with the .vsix installed

export interface Workbench {
  server: CodeServerHandle;
  browser: BrowserHandle;
  page: Page;
  ui: WorkbenchUi;
  close(): Promise<void>;
}

const open = new Set<Workbench>();

export async function startWorkbench(settings: Record<string, unknown>): Promise<Workbench> {
  const env = rgwEnv();
  const built = buildVsix();
  const server = await startCodeServer({
    extensions: [built.file],
    settings: {
      'workbench.colorTheme': 'Default Dark Modern',
      'window.commandCenter': false,
      'workbench.layoutControl.enabled': false,
      'chat.commandCenter.enabled': false,
      ...settings,
    },
    env: {
      AWS_CONFIG_FILE: env.awsConfigFile,
      AWS_SHARED_CREDENTIALS_FILE: env.awsCredentialsFile,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  let browser: BrowserHandle | undefined;
  try {
    browser = await launchBrowser({ origin: server.url, viewport: VIEWPORT });
    const page = await browser.context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(workbenchUrl(server));
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
    const handle: Workbench = {
      server,
      browser,
      page,
      ui: new WorkbenchUi(page),
      close: async () => {
        open.delete(handle);
        await browser?.close();
        await server.stop();
      },
    };
    open.add(handle);
    return handle;
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}

/** Stops every workbench still open and removes the staging dirs; safe to call twice. */
export async function closeAll(): Promise<void> {
  await Promise.all([...open].map((workbench) => workbench.close()));
  for (const dir of tempDirs.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  vsix = undefined;
}

// ---------------------------------------------------------------------------------------------
// What a user does with the mouse and keyboard

const exactly = (text: string): RegExp => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

export class WorkbenchUi {
  constructor(readonly page: Page) {}

  get sideBar(): Locator {
    return this.page.locator('#workbench\\.parts\\.sidebar');
  }

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  get statusBar(): Locator {
    return this.page.locator('#workbench\\.parts\\.statusbar');
  }

  /** Clicks the "S3" icon of the activity bar and waits for the Buckets view. */
  async openS3View(): Promise<void> {
    const item = this.page.locator('.part.activitybar .action-item', { has: this.page.locator('a.action-label[aria-label^="S3"]') });
    // Clicking the icon of the open container closes the side bar: click only when it is not open.
    if (!((await item.getAttribute('class')) ?? '').split(/\s+/).includes('checked')) {
      await item.locator('a.action-label').click();
    }
    // The only view of its container: its header is hidden, the side bar's title names it.
    await this.sideBar.locator('.pane-header[aria-label^="Buckets"]').first().waitFor({ state: 'attached' });
    await this.sideBar.locator('.pane-body').first().waitFor();
  }

  /** A row of the S3 tree whose label is exactly `label`, optionally at a tree depth (1 = buckets). */
  treeRow(label: string, level?: number): Locator {
    const rows = this.sideBar.locator(`.monaco-list-row[role="treeitem"]${level ? `[aria-level="${level}"]` : ''}`);
    return rows.filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) });
  }

  /** Clicks a collapsed row and waits until it is expanded and has children rendered. */
  async expand(label: string, level?: number): Promise<Locator> {
    const row = this.treeRow(label, level);
    await row.waitFor();
    if ((await row.getAttribute('aria-expanded')) !== 'true') {
      await row.click();
    }
    await this.page.waitForFunction(
      (el) => el?.getAttribute('aria-expanded') === 'true',
      await row.elementHandle(),
    );
    return row;
  }

  /** Rows directly below `parent` (aria-level one deeper). */
  async childCount(parent: Locator): Promise<number> {
    const level = Number(await parent.getAttribute('aria-level'));
    const first = this.sideBar.locator(`.monaco-list-row[aria-level="${level + 1}"]`).first();
    await first.waitFor();
    return Number(await first.getAttribute('aria-setsize'));
  }

  /** Right-clicks a row and returns the context menu. */
  async contextMenu(row: Locator): Promise<Locator> {
    await row.click({ button: 'right' });
    const menu = this.page.locator('.monaco-menu').last();
    await menu.waitFor();
    return menu;
  }

  menuItem(menu: Locator, name: string): Locator {
    return menu.getByRole('menuitem', { name: exactly(name) });
  }

  /** Hover, then click (a click during the menu's opening is sometimes lost); Enter if it still shows. */
  async choose(menu: Locator, name: string): Promise<void> {
    const item = this.menuItem(menu, name);
    await item.hover();
    await item.click();
    try {
      await menu.waitFor({ state: 'hidden', timeout: 3_000 });
    } catch {
      await item.hover();
      await this.page.keyboard.press('Enter');
      await menu.waitFor({ state: 'hidden' });
    }
  }

  /** Expands presign-test, right-clicks hello.txt, chooses "Copy Presigned Download Link…": the expiry picker is open. */
  async openExpiryPickerForHello(): Promise<void> {
    await this.expand('presign-test', 1);
    const hello = this.treeRow('hello.txt', 2);
    await hello.waitFor();
    const menu = await this.contextMenu(hello);
    await this.choose(menu, 'Copy Presigned Download Link…');
    await this.waitQuickInput('Copy Presigned Download Link');
  }

  /** Waits for the quick pick / input box, asserting its title when given. */
  async waitQuickInput(title?: string): Promise<void> {
    await this.quickInput.waitFor({ state: 'visible' });
    if (title !== undefined) {
      await this.quickInput.locator('.quick-input-title', { hasText: exactly(title) }).waitFor();
    }
  }

  quickPickRow(label: string): Locator {
    return this.quickInput
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) });
  }

  async pick(label: string): Promise<void> {
    const row = this.quickPickRow(label);
    await row.first().click();
  }

  /** Types into the quick input's box (replacing its value) and presses Enter. */
  async answer(text: string): Promise<void> {
    const input = this.quickInput.locator('.quick-input-box input');
    await input.waitFor();
    await input.fill(text);
    await input.press('Enter');
  }

  /** The download options step after the expiry (issue 14): Enter accepts the first choice, the plain link. */
  async acceptDownloadOptions(): Promise<void> {
    await this.quickPickRow('Plain link').first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  async waitQuickInputHidden(): Promise<void> {
    await this.quickInput.waitFor({ state: 'hidden' });
  }

  /** Runs a palette command the way a user does: F1, type its title, Enter. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.waitQuickInput();
    const input = this.quickInput.locator('.quick-input-box input');
    await input.fill(`>${title}`);
    await this.quickPickRow(title).first().waitFor();
    await this.quickPickRow(title).first().click();
  }

  /** The notification toast whose message contains `text`. */
  toast(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  async clearToasts(): Promise<void> {
    // "Clear all notifications" is bound to no key by default: close the toasts one by one.
    const close = this.page.locator('.notifications-toasts .notification-toast .codicon-notifications-clear');
    for (let i = 0; i < 10 && (await close.count()) > 0; i++) {
      await this.page.locator('.notifications-toasts .notification-toast').first().hover();
      await close.first().click({ timeout: 2_000 }).catch(() => undefined);
    }
  }

  async readClipboard(): Promise<string> {
    await this.page.bringToFront();
    // A string expression: the tests compile without the DOM library.
    return this.page.evaluate<string>('navigator.clipboard.readText()');
  }

  async writeClipboard(text: string): Promise<void> {
    await this.page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`);
  }

  /** For a failed test: into the temp dir, never into the README's pictures. */
  async failureScreenshot(title: string): Promise<void> {
    const file = path.join(os.tmpdir(), `s3p-e2e-failure-${title.replace(/[^\w-]+/g, '_').slice(0, 60)}.png`);
    await this.page.screenshot({ path: file }).then(
      () => console.log(`      screenshot of the failure: ${file}`),
      () => undefined,
    );
  }

  /** Menus and toasts fade in: `animations: 'disabled'` shows them as they end, without waiting. */
  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: path.join(screenshotFolder(), `${name}.png`), animations: 'disabled' });
  }
}
