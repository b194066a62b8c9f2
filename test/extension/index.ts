/**
 * Test entry point loaded by the extension host (extensionTestsPath): runs every
 * out/test/extension/**\/*.test.js with mocha (tdd ui, spec reporter).
 * Env: S3PRESIGN_TEST_GREP (mocha grep), S3PRESIGN_TEST_TIMEOUT_MS (default 60000).
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.S3PRESIGN_TEST_TIMEOUT_MS) || 60_000,
    ...(process.env.S3PRESIGN_TEST_GREP ? { grep: process.env.S3PRESIGN_TEST_GREP } : {}),
  });
  const root = __dirname;
  const files = (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) {mocha.addFile(path.join(root, f));}

  return new Promise((resolve, reject) => {
    if (files.length === 0) {
      reject(new Error(`no *.test.js files under ${root}`));
      return;
    }
    try {
      mocha.run((failures) => {
        if (failures > 0) {reject(new Error(`${failures} test(s) failed`));}
        else {resolve();}
      });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
