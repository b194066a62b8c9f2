// Everything the extension logs must pass through `redact` (issue 5). The Log class is driven here with a
// recording output channel; that nothing else in src/ writes to a console or a channel of its own is an
// ESLint rule (eslint.config.mjs), not a regex over the sources.
import * as assert from 'node:assert/strict';
import type * as LogModule from '../../src/ui/log';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('node:module') as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };

const SIGNATURE = '7f4b5c2a9e0d1b3c4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2a3f4e5d6c7b';
const TOKEN = 'IQoJb3JpZ2luX2VjEHkaCXVzLWVhc3QtMSJHMEUCIQD';
const URL_WITH_SECRETS = `https://h/b/k.txt?X-Amz-Security-Token=${TOKEN}&X-Amz-Signature=${SIGNATURE}`;

/** Loads src/ui/log.ts against a `vscode` whose only output channel records what is written to it. */
function logWritingTo(lines: string[]): LogModule.Log {
  const record = (level: string) => (text: string) => void lines.push(`${level} ${text}`);
  const channel = { info: record('info'), warn: record('warn'), error: record('error'), dispose: () => undefined };
  const vscodeStub = { window: { createOutputChannel: () => channel } };
  const modulePath = require.resolve('../../src/ui/log');
  const originalLoad = Module._load;
  Module._load = function (request: string, parent: unknown, isMain: boolean) {
    return request === 'vscode' ? vscodeStub : originalLoad.call(this, request, parent, isMain);
  };
  try {
    delete require.cache[modulePath];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return new (require(modulePath) as typeof LogModule).Log();
  } finally {
    Module._load = originalLoad;
    delete require.cache[modulePath];
  }
}

describe('Log', () => {
  it('redacts signatures and tokens in every level, including the error it is given', () => {
    const lines: string[] = [];
    const log = logWritingTo(lines);
    log.info(`copied ${URL_WITH_SECRETS}`);
    log.warn(`expiring ${URL_WITH_SECRETS}`);
    log.error('could not sign', new Error(`request to ${URL_WITH_SECRETS} failed`));
    log.error(`plain ${URL_WITH_SECRETS}`, `aws_session_token = ${TOKEN}`);
    assert.equal(lines.length, 4);
    assert.deepEqual(lines.map((line) => line.split(' ')[0]), ['info', 'warn', 'error', 'error']);
    for (const line of lines) {
      assert.ok(!line.includes(SIGNATURE) && !line.includes(TOKEN), line);
      assert.match(line, /REDACTED/, line);
    }
    assert.match(lines[2], /could not sign \(Error: request to https:\/\/h\/b\/k\.txt\?/);
  });
});
