/**
 * `npm run test:extension`: run out/test/extension/**\/*.test.js inside a real VS Code extension
 * host via @vscode/test-electron's runTests. No VS Code download is possible here, so
 * vscodeExecutablePath is a tiny shell shim that execs out/test/host/runInHost.js
 * (code-server 4.100.3 + headless chromium; see test/host/).
 * Needs: `npm run setup`, `npm run build` (dist/extension.js) and `tsc -p test`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

const REPO_ROOT = path.resolve(__dirname, '..', '..'); // out/test -> repo

export interface ExtensionTestOptions {
  /** Extra env for the extension host (S3_*, AWS_*, S3PRESIGN_* from process.env pass anyway). */
  env?: Record<string, string>;
  /** Folder to open in the workbench (default: an empty temp folder). */
  folder?: string;
  extensionTestsPath?: string;
}

export async function runExtensionTests(options: ExtensionTestOptions = {}): Promise<number> {
  const runInHost = path.join(REPO_ROOT, 'out', 'test', 'host', 'runInHost.js');
  const testsPath = options.extensionTestsPath ?? path.join(REPO_ROOT, 'out', 'test', 'extension', 'index.js');
  const main = path.join(REPO_ROOT, 'dist', 'extension.js');
  for (const [file, hint] of [
    [runInHost, 'compile the tests: npx tsc -p test'],
    [testsPath, 'compile the tests: npx tsc -p test'],
    [main, 'build the extension: npm run build'],
  ]) {
    if (!fs.existsSync(file)) {throw new Error(`${file} is missing: ${hint}`);}
  }

  const shimDir = fs.mkdtempSync(path.join(os.tmpdir(), 's3p-code-shim-'));
  try {
    const shim = path.join(shimDir, 'code');
    fs.writeFileSync(
      shim,
      `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(runInHost)} "$@"\n`,
      { mode: 0o755 },
    );
    return await runTests({
      vscodeExecutablePath: shim,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: testsPath,
      extensionTestsEnv: { S3PRESIGN_EXTENSION_TESTS: '1', ...(options.env ?? {}) },
      launchArgs: options.folder ? [options.folder] : [],
      // the shim ignores them, but don't let runTests point at .vscode-test/user-data
      reuseMachineInstall: true,
    });
  } finally {
    fs.rmSync(shimDir, { recursive: true, force: true });
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

if (require.main === module) {
  runExtensionTests().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
