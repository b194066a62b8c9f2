/**
 * `node out/test/e2e/run.js` (the last suite of scripts/test.sh): mocha, spec reporter, over
 * out/test/e2e/*.test.js in a fixed order. The whole run is bounded: past S3PRESIGN_E2E_TIMEOUT_MS
 * (default 10 min) every code-server and Chromium it started is stopped and the run fails.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { closeAll } from './harness';

const ORDER = ['package.test.js', 'flows.test.js', 'temporaryCredentials.test.js', 'bucketPolicy.test.js', 'welcome.test.js'];
const overallMs = Number(process.env.S3PRESIGN_E2E_TIMEOUT_MS) || 10 * 60_000;

async function main(): Promise<number> {
  const mocha = new Mocha({ reporter: 'spec', timeout: 120_000, slow: 15_000, bail: false });
  if (process.env.S3PRESIGN_E2E_GREP) {
    mocha.grep(process.env.S3PRESIGN_E2E_GREP); // debugging: run some tests only
  }
  const present = fs.readdirSync(__dirname).filter((file) => file.endsWith('.test.js'));
  const files = [...ORDER.filter((file) => present.includes(file)), ...present.filter((file) => !ORDER.includes(file)).sort()];
  for (const file of files) {
    mocha.addFile(path.join(__dirname, file));
  }
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  return failures === 0 ? 0 : 1;
}

const started = Date.now();
const watchdog = setTimeout(() => {
  console.error(`\nend-to-end run exceeded ${overallMs / 1000} s: stopping code-server and Chromium.`);
  console.log('  0 passing\n  1 failing');
  void closeAll().finally(() => process.exit(1));
  setTimeout(() => process.exit(1), 15_000).unref();
}, overallMs);
watchdog.unref();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void closeAll().finally(() => process.exit(130)));
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    return 1;
  })
  .then(async (code) => {
    await closeAll();
    clearTimeout(watchdog);
    console.log(`end-to-end run took ${Math.round((Date.now() - started) / 1000)} s`);
    process.exit(code);
  });
