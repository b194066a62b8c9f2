// Everything the extension logs must pass through `redact` (issue 5): the one output channel lives in
// src/ui/log.ts, and nothing else in src/ may write to a console or a channel of its own.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.resolve(__dirname, '../../../src');
const LOG_MODULE = path.join(SRC, 'ui', 'log.ts');
const FORBIDDEN = [
  /\bconsole\s*\.\s*(?:log|info|warn|error|debug|trace|dir)\b/,
  /\bappendLine\b/,
  /\bappend\s*\(/,
  /\boutputChannel\b/i,
  /\bcreateOutputChannel\b/,
  /\bprocess\s*\.\s*(?:stdout|stderr)\b/,
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Comments may mention these words; code may not. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

describe('no logging bypasses redaction', () => {
  it('finds the sources and the log module', () => {
    assert.ok(fs.existsSync(LOG_MODULE));
    assert.ok(sourceFiles(SRC).length > 20);
  });

  it('writes to consoles and output channels only in src/ui/log.ts', () => {
    const offences: string[] = [];
    for (const file of sourceFiles(SRC)) {
      if (file === LOG_MODULE) {
        continue;
      }
      withoutComments(fs.readFileSync(file, 'utf8'))
        .split('\n')
        .forEach((line, index) => {
          if (FORBIDDEN.some((pattern) => pattern.test(line))) {
            offences.push(`${path.relative(SRC, file)}:${index + 1}: ${line.trim()}`);
          }
        });
    }
    assert.deepEqual(offences, [], 'log through the Log class (src/ui/log.ts), which redacts');
  });

  it('redacts every line the Log class writes', () => {
    const text = withoutComments(fs.readFileSync(LOG_MODULE, 'utf8'));
    const writes = text.match(/this\.channel\.\w+\(([^;]*)\);/g) ?? [];
    const emitting = writes.filter((call) => !/\.dispose\(\)/.test(call));
    assert.ok(emitting.length >= 3, `expected info/warn/error writes, got ${writes.join(' ')}`);
    for (const call of emitting) {
      assert.match(call, /\(redact\(/, call);
    }
  });
});
