/**
 * Run extension tests inside a real VS Code extension host (code-server + headless chromium).
 *
 *   node out/test/host/runInHost.js --extensionDevelopmentPath=<abs> --extensionTestsPath=<abs> [--folder=<abs>]
 *
 * Also accepts the flags @vscode/test-electron's runTests passes to a VS Code executable
 * (unknown ones are ignored; a bare positional argument is taken as the folder).
 * Env: HOST_TEST_TIMEOUT_MS (default 600000), S3PRESIGN_HOST_VERBOSE=1 (code-server + browser
 * console), and every S3_*, AWS_*, S3PRESIGN_* variable is handed to code-server / the extension host.
 * Exit code: the tests' exit code; 1 on timeout or rig failure.
 */
import * as util from 'util';
import { launchBrowser, workbenchUrl, type BrowserHandle } from './browser';
import { startCodeServer, type CodeServerHandle } from './codeServer';

interface Args {
  extensionDevelopmentPath: string[];
  extensionTestsPath?: string;
  folder?: string;
}

function parseArgs(argv: string[]): Args {
  const out: Args = { extensionDevelopmentPath: [] };
  const valued = new Set(['extensionDevelopmentPath', 'extensionTestsPath', 'folder', 'folder-uri']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let key: string | undefined;
    let value: string | undefined;
    const m = /^--([^=]+)=(.*)$/s.exec(a);
    if (m) {
      key = m[1];
      value = m[2];
    } else if (a.startsWith('--')) {
      key = a.slice(2);
      if (valued.has(key) && i + 1 < argv.length) {value = argv[++i];}
    } else {
      out.folder ??= a; // positional: folder to open
      continue;
    }
    switch (key) {
      case 'extensionDevelopmentPath':
        if (value) {out.extensionDevelopmentPath.push(value);}
        break;
      case 'extensionTestsPath':
        out.extensionTestsPath = value;
        break;
      case 'folder':
        out.folder = value;
        break;
      case 'folder-uri':
        if (value?.startsWith('file://')) {out.folder = decodeURIComponent(new URL(value).pathname);}
        break;
      default:
      // --no-sandbox, --disable-updates, --user-data-dir=…, --extensions-dir=… etc.: not ours
    }
  }
  return out;
}

/** Workbench (renderer) chatter that also arrives through codeAutomationLog; shown when verbose. */
const WORKBENCH_NOISE =
  /^(Resolving connection token|Resolved connection token|Creating a socket|Ignoring fetching additional builtin|\[Service Worker\]|ChatSessionStore:|Updating additional builtin extensions cache)/;

const PASS_PREFIXES = ['S3_', 'AWS_', 'S3PRESIGN_'];

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.extensionDevelopmentPath.length === 0 && !args.extensionTestsPath) {
    process.stderr.write(
      'usage: runInHost --extensionDevelopmentPath=<abs> --extensionTestsPath=<abs> [--folder=<abs>]\n',
    );
    return 2;
  }
  const verbose = !!process.env.S3PRESIGN_HOST_VERBOSE;
  const timeoutMs = Number(process.env.HOST_TEST_TIMEOUT_MS) || 10 * 60_000;
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && PASS_PREFIXES.some((p) => k.startsWith(p))) {env[k] = v;}
  }

  let server: CodeServerHandle | undefined;
  let browser: BrowserHandle | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = (): Promise<void> => {
    cleaning ??= (async () => {
      await browser?.close();
      await server?.stop();
    })();
    return cleaning;
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      process.stderr.write(`[host] ${sig}: cleaning up\n`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      process.stderr.write(`[host] TIMEOUT: no result after ${timeoutMs} ms (HOST_TEST_TIMEOUT_MS)\n`);
      resolve(1);
    }, timeoutMs);
  });

  const run = async (): Promise<number> => {
    server = await startCodeServer({ env, folder: args.folder });
    if (verbose) {process.stderr.write(`[host] code-server ${server.url} (pid ${server.pid}) up after ${elapsed()}\n`);}
    browser = await launchBrowser({ origin: server.url });
    const page = await browser.context.newPage();

    let resolveExit!: (code: number) => void;
    const exited = new Promise<number>((r) => (resolveExit = r));

    await page.exposeFunction('codeAutomationLog', (type: string, logArgs: unknown) => {
      const parts = Array.isArray(logArgs) ? logArgs : [logArgs];
      if (process.env.S3PRESIGN_DEBUG_LOGTYPES) {process.stderr.write(`<<${type}>> ${safeJson(parts).slice(0, 200)}\n`);}
      // console.log('%s …', …) arrives unformatted: format it like Node would.
      const text = util.format(...parts.map((a) => (typeof a === 'object' && a !== null ? safeJson(a) : a)));
      if (!verbose && WORKBENCH_NOISE.test(text)) {return;}
      if (type === 'error' || type === 'warn') {process.stderr.write(text + '\n');}
      else {process.stdout.write(text + '\n');}
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown) => {
      resolveExit(typeof code === 'number' ? code : Number(code) || 0);
    });
    page.on('pageerror', (e) => verbose && process.stderr.write(`[browser] pageerror: ${e.message}\n`));
    page.on('console', (m) => verbose && process.stderr.write(`[browser] ${m.type()}: ${m.text()}\n`));
    page.on('crash', () => {
      process.stderr.write('[host] browser page crashed\n');
      resolveExit(1);
    });
    const srv = server;
    void srv.exited.then((how) => {
      if (cleaning) {return;} // we stopped it
      process.stderr.write(`[host] code-server died (${how}):\n${srv.recentOutput()}\n`);
      resolveExit(1);
    });

    const url = workbenchUrl(server, {
      folder: server.workspaceFolder,
      extensionDevelopmentPath: args.extensionDevelopmentPath,
      extensionTestsPath: args.extensionTestsPath,
    });
    if (verbose) {process.stderr.write(`[host] open ${url}\n`);}
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const code = await exited;
    if (verbose) {process.stderr.write(`[host] tests exited with ${code} after ${elapsed()}\n`);}
    return code;
  };

  let code: number;
  try {
    const running = run();
    running.catch(() => {}); // may reject after a timeout, while cleaning up
    code = await Promise.race([running, timeout]);
  } catch (e) {
    process.stderr.write(`[host] ERROR: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    code = 1;
  } finally {
    clearTimeout(timer);
    await cleanup();
  }
  return code;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`[host] fatal: ${String(e)}\n`);
    process.exit(1);
  },
);
