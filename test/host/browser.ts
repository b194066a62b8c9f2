/**
 * Headless Debian chromium via playwright-core, for the code-server workbench.
 *
 *   const server = await startCodeServer({ ... });
 *   const b = await launchBrowser({ origin: server.url });
 *   const page = await b.context.newPage();
 *   await page.goto(workbenchUrl(server, { extensionDevelopmentPath: REPO_ROOT }));
 *   ...
 *   await b.close(); await server.stop();
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox', // root needs it
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface BrowserOptions {
  /** Origin(s) to grant clipboard-read/clipboard-write to (e.g. server.url). */
  origin?: string | string[];
  /** Default true; env S3PRESIGN_HEADFUL=1 turns it off. */
  headless?: boolean;
  /** Default /usr/bin/chromium (env S3PRESIGN_CHROMIUM overrides). */
  executablePath?: string;
  extraArgs?: string[];
  viewport?: { width: number; height: number };
  /** Directory to record videos into (Playwright recordVideo). */
  recordVideoDir?: string;
  launchOptions?: LaunchOptions;
}

export interface BrowserHandle {
  browser: Browser;
  context: BrowserContext;
  /** Close context and browser. Idempotent, never throws. */
  close(): Promise<void>;
}

export async function launchBrowser(options: BrowserOptions = {}): Promise<BrowserHandle> {
  // Chromium writes crash reports etc. under XDG dirs: keep them out of $HOME.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 's3p-chromium-'));
  const rmHome = () => fs.rmSync(home, { recursive: true, force: true, maxRetries: 3 });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: options.executablePath ?? process.env.S3PRESIGN_CHROMIUM ?? '/usr/bin/chromium',
      headless: options.headless ?? !process.env.S3PRESIGN_HEADFUL,
      args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
      timeout: 60_000,
      env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') },
      ...options.launchOptions,
    });
  } catch (e) {
    rmHome();
    throw e;
  }
  process.once('exit', rmHome);
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      try {
        await browser.close();
      } catch {
        /* already gone */
      }
      process.removeListener('exit', rmHome);
      try {
        rmHome();
      } catch {
        /* best effort */
      }
    })();
    return closed;
  };
  try {
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1400, height: 900 },
      ...(options.recordVideoDir ? { recordVideo: { dir: options.recordVideoDir, size: options.viewport } } : {}),
    });
    const origins = options.origin === undefined ? [] : Array.isArray(options.origin) ? options.origin : [options.origin];
    for (const o of origins) {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(o).origin });
    }
    return { browser, context, close };
  } catch (e) {
    await close();
    throw e;
  }
}

export interface WorkbenchUrlOptions {
  /** Folder to open (absolute path on the server); default: the server's workspace folder. */
  folder?: string;
  /** Extension(s) under development (absolute folder paths). */
  extensionDevelopmentPath?: string | string[];
  /** Compiled test runner module (absolute path, e.g. out/test/extension/index.js). */
  extensionTestsPath?: string;
  /** Default true. */
  skipWelcome?: boolean;
  /** Extra payload entries, e.g. [['skipReleaseNotes', 'true']]. */
  extraPayload?: [string, string][];
}

/** Anything with the code-server base URL (a CodeServerHandle fits). */
export interface ServerLike {
  url: string;
  workspaceFolder?: string;
}

/** `http://127.0.0.1:PORT/?folder=…&payload=[["extensionDevelopmentPath","vscode-remote://…"],…]` */
export function workbenchUrl(server: ServerLike | string, opts: WorkbenchUrlOptions = {}): string {
  const base = new URL(typeof server === 'string' ? server : server.url);
  const remote = (p: string) =>
    `vscode-remote://${base.host}${path.resolve(p).split(path.sep).map(encodeURIComponent).join('/')}`;
  const payload: [string, string][] = [];
  const devPaths = opts.extensionDevelopmentPath === undefined
    ? [] : Array.isArray(opts.extensionDevelopmentPath) ? opts.extensionDevelopmentPath : [opts.extensionDevelopmentPath];
  for (const p of devPaths) {payload.push(['extensionDevelopmentPath', remote(p)]);}
  if (opts.extensionTestsPath) {payload.push(['extensionTestsPath', remote(opts.extensionTestsPath)]);}
  if (opts.skipWelcome ?? true) {payload.push(['skipWelcome', 'true']);}
  payload.push(...(opts.extraPayload ?? []));

  const folder = opts.folder ?? (typeof server === 'string' ? undefined : server.workspaceFolder);
  const url = new URL(base.toString());
  if (folder) {url.searchParams.set('folder', path.resolve(folder));}
  if (payload.length) {url.searchParams.set('payload', JSON.stringify(payload));}
  return url.toString();
}
