/**
 * Start a throw-away code-server (VS Code 1.100.3 server, installed by scripts/setup.sh into
 * .vscode-test/code-server/) on a free loopback port, in a fresh temp dir.
 *
 *   const server = await startCodeServer({ settings: { 's3Presign.profile': 'test' },
 *                                          env: { AWS_CONFIG_FILE: cfg } });
 *   try { ... server.url ... server.remoteUri('/abs/path') ... } finally { await server.stop(); }
 *
 * stop() kills the whole process tree and removes the temp dir; it is idempotent, and an
 * 'exit' hook does the same synchronously if the caller never gets to call it.
 */
import * as cp from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export const CODE_SERVER_VERSION = '4.100.3';

/** Repository root (this file compiles to out/test/host/codeServer.js). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export function defaultCodeServerPath(): string {
  return (
    process.env.S3PRESIGN_CODE_SERVER ??
    path.join(REPO_ROOT, '.vscode-test', 'code-server', 'node_modules', '.bin', 'code-server')
  );
}

export interface CodeServerOptions {
  /** User settings (User/settings.json), merged over sensible test defaults. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server (and so for the extension host). */
  env?: Record<string, string | undefined>;
  /**
   * Inherit process.env (default true). Variables starting with S3_, AWS_, S3PRESIGN_ and
   * VSCODE_ are NOT inherited (hermetic tests): pass them explicitly in `env`.
   */
  inheritEnv?: boolean;
  /** .vsix files or extension folders to install into the fresh extensions dir first. */
  extensions?: string[];
  /** Workspace folder to open by default; a fresh empty one inside the temp dir if omitted. */
  folder?: string;
  /** code-server binary; default .vscode-test/code-server/node_modules/.bin/code-server. */
  codeServerPath?: string;
  /** Bound on waiting for "HTTP server listening" (default 60 s). */
  startTimeoutMs?: number;
  /** Receives code-server's stdout/stderr lines (default: dropped, unless S3PRESIGN_HOST_VERBOSE). */
  log?: (line: string) => void;
  /** Keep the temp dir on stop() (debugging). Also via env S3PRESIGN_KEEP_TEMP=1. */
  keepTempDir?: boolean;
  /** Port to listen on (the demo's stable URL); a free one when omitted. */
  port?: number;
}

export interface CodeServerHandle {
  /** e.g. http://127.0.0.1:41234/ (with trailing slash) */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  readonly tempDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Folder opened by default (caller's, or an empty one in the temp dir). */
  readonly workspaceFolder: string;
  /** `vscode-remote://127.0.0.1:PORT/<abs path>`: how the browser workbench names server files. */
  remoteUri(absPath: string): string;
  /** `vscode-remote://…` URI of the default workspace folder. */
  workspaceUri(): string;
  /** Resolves (with the exit code or signal) when the code-server process exits, for any reason. */
  readonly exited: Promise<number | string>;
  /** Last lines code-server printed (for error messages). */
  recentOutput(): string;
  /** Kill the process tree and remove the temp dir. Idempotent, never throws. */
  stop(): Promise<void>;
}

const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
};

const HERMETIC_PREFIXES = ['S3_', 'AWS_', 'S3PRESIGN_', 'VSCODE_', 'ELECTRON_'];

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServerHandle> {
  const bin = options.codeServerPath ?? defaultCodeServerPath();
  if (!fs.existsSync(bin)) {
    throw new Error(`code-server not found at ${bin}: run \`npm run setup\` (scripts/setup.sh) first`);
  }
  const verbose = !!process.env.S3PRESIGN_HOST_VERBOSE;
  const log = options.log ?? (verbose ? (l: string) => process.stderr.write(`[code-server] ${l}\n`) : () => {});
  const keep = options.keepTempDir ?? !!process.env.S3PRESIGN_KEEP_TEMP;

  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 's3p-code-server-'));
  let child: cp.ChildProcess | undefined;
  let stopped: Promise<void> | undefined;
  const output: string[] = [];

  const killSync = (): void => {
    if (child?.pid) {killTree(child.pid);}
    if (!keep) {rmrf(tempDir);}
  };
  const onExit = (): void => killSync();
  process.on('exit', onExit);

  const stop = (): Promise<void> => {
    if (!stopped) {
      stopped = (async () => {
        process.removeListener('exit', onExit);
        try {
          if (child?.pid && child.exitCode === null && child.signalCode === null) {
            await killTreeGracefully(child.pid, child);
          } else if (child?.pid) {
            killTree(child.pid); // stray grandchildren in the group
          }
        } catch {
          /* never throw from stop */
        }
        if (keep) {process.stderr.write(`[code-server] kept temp dir ${tempDir}\n`);}
        else {rmrf(tempDir);}
      })();
    }
    return stopped;
  };

  try {
    const userDataDir = path.join(tempDir, 'user-data');
    const extensionsDir = path.join(tempDir, 'extensions');
    const xdg = path.join(tempDir, 'xdg');
    const tmp = path.join(tempDir, 'tmp');
    const workspaceFolder = options.folder ?? path.join(tempDir, 'workspace');
    for (const d of [path.join(userDataDir, 'User'), extensionsDir, tmp, workspaceFolder,
      path.join(xdg, 'data'), path.join(xdg, 'config'), path.join(xdg, 'cache'), path.join(xdg, 'state')]) {
      fs.mkdirSync(d, { recursive: true });
    }
    const runtimeDir = path.join(xdg, 'runtime');
    fs.mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(
      path.join(userDataDir, 'User', 'settings.json'),
      JSON.stringify({ ...DEFAULT_SETTINGS, ...(options.settings ?? {}) }, null, 2),
    );
    const configFile = path.join(tempDir, 'config.yaml');
    fs.writeFileSync(configFile, 'auth: none\ncert: false\n');

    const env: Record<string, string> = {};
    if (options.inheritEnv !== false) {
      for (const [k, v] of Object.entries(process.env)) {
        if (v !== undefined && !HERMETIC_PREFIXES.some((p) => k.startsWith(p)) && k !== 'NODE_OPTIONS') {env[k] = v;}
      }
    }
    Object.assign(env, {
      EXTENSIONS_GALLERY: '{}', // no open-vsx lookups (no internet)
      // Skip resolving a login shell's environment: without a terminal it waits 10 s and times out.
      VSCODE_CLI: '1',
      XDG_DATA_HOME: path.join(xdg, 'data'),
      XDG_CONFIG_HOME: path.join(xdg, 'config'),
      XDG_CACHE_HOME: path.join(xdg, 'cache'),
      XDG_STATE_HOME: path.join(xdg, 'state'),
      XDG_RUNTIME_DIR: runtimeDir,
      TMPDIR: tmp,
    });
    for (const [k, v] of Object.entries(options.env ?? {})) {
      if (v === undefined) {delete env[k];}
      else {env[k] = v;}
    }

    const commonArgs = [
      '--config', configFile,
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
    ];

    for (const ext of options.extensions ?? []) {
      installExtension(bin, commonArgs, env, ext, extensionsDir, log);
    }

    const port = options.port ?? (await freePort());
    const host = '127.0.0.1';
    const args = [
      ...commonArgs,
      '--auth', 'none',
      '--bind-addr', `${host}:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--ignore-last-opened',
      workspaceFolder,
    ];
    log(`$ ${bin} ${args.join(' ')}`);
    const proc = cp.spawn(bin, args, { env, cwd: tempDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    const exited = new Promise<number | string>((r) => proc.once('exit', (code, sig) => r(code ?? sig ?? 'unknown')));
    const startTimeout = options.startTimeoutMs ?? 60_000;

    await new Promise<void>((resolve, reject) => {
      let done = false;
      const finish = (err?: Error) => {
        if (done) {return;}
        done = true;
        clearTimeout(timer);
        if (err) {reject(err);}
        else {resolve();}
      };
      const timer = setTimeout(
        () => finish(new Error(`code-server did not listen within ${startTimeout} ms:\n${output.slice(-30).join('\n')}`)),
        startTimeout,
      );
      const onLine = (line: string) => {
        output.push(line);
        if (output.length > 200) {output.shift();}
        log(line);
        if (line.includes('HTTP server listening')) {finish();}
      };
      lineReader(proc.stdout!, onLine);
      lineReader(proc.stderr!, onLine);
      proc.on('error', (e) => finish(new Error(`cannot spawn code-server: ${e.message}`)));
      proc.on('exit', (code, signal) =>
        finish(new Error(`code-server exited early (${code ?? signal}):\n${output.slice(-30).join('\n')}`)),
      );
    });

    const remoteUri = (absPath: string): string => {
      const p = path.resolve(absPath).split(path.sep).map(encodeURIComponent).join('/');
      return `vscode-remote://${host}:${port}${p.startsWith('/') ? '' : '/'}${p}`;
    };
    return {
      url: `http://${host}:${port}/`,
      host,
      port,
      pid: proc.pid!,
      tempDir,
      userDataDir,
      extensionsDir,
      workspaceFolder,
      remoteUri,
      workspaceUri: () => remoteUri(workspaceFolder),
      exited,
      recentOutput: () => output.join('\n'),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Install a .vsix with `code-server --install-extension`, or link an extension folder in. */
function installExtension(
  bin: string, commonArgs: string[], env: Record<string, string>, ext: string, extensionsDir: string,
  log: (l: string) => void,
): void {
  const abs = path.resolve(ext);
  if (fs.statSync(abs).isDirectory()) {
    // --install-extension wants a .vsix or an id; a folder is linked as publisher.name-version.
    const pkg = JSON.parse(fs.readFileSync(path.join(abs, 'package.json'), 'utf8'));
    const target = path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`.toLowerCase());
    fs.symlinkSync(abs, target, 'dir');
    log(`linked extension folder ${abs} -> ${target}`);
    return;
  }
  const r = cp.spawnSync(bin, [...commonArgs, '--install-extension', abs, '--force'], {
    env, encoding: 'utf8', timeout: 120_000,
  });
  log(`${r.stdout ?? ''}${r.stderr ?? ''}`.trim());
  if (r.status !== 0) {
    throw new Error(`code-server --install-extension ${abs} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

function lineReader(stream: NodeJS.ReadableStream, onLine: (l: string) => void): void {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buf += chunk;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, i).replace(/\r$/, ''));
      buf = buf.slice(i + 1);
    }
  });
  stream.on('end', () => buf && onLine(buf));
}

/** All descendants of pid (Linux /proc walk), deepest last. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) {continue;}
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(e));
      children.set(ppid, list);
    } catch {
      /* raced */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** SIGKILL the process group of `pid` (spawned detached) and every descendant. Synchronous. */
export function killTree(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  const pids = [pid, ...descendants(pid)];
  try {
    process.kill(-pid, signal);
  } catch {
    /* group gone */
  }
  for (const p of pids) {
    try {
      process.kill(p, signal);
    } catch {
      /* gone */
    }
  }
}

async function killTreeGracefully(pid: number, proc: cp.ChildProcess): Promise<void> {
  const exited = new Promise<void>((r) => {
    if (proc.exitCode !== null || proc.signalCode !== null) {r();}
    else {proc.once('exit', () => r());}
  });
  const tree = [pid, ...descendants(pid)];
  killTree(pid, 'SIGTERM');
  await Promise.race([exited, sleep(3000)]);
  // whatever is left (including grandchildren that outlive the parent) gets SIGKILL
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* group gone */
  }
  for (const p of tree) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

function rmrf(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    /* best effort */
  }
}
