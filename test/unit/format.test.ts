import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { displayName, visibleText } from '../../src/ui/format';

describe('ui format', () => {
  it('shows a bidi override instead of letting it reverse the name (issue 12 item 10)', () => {
    const key = 'photos/\u202Egpj.exe';
    assert.equal(displayName(key), '\\u202Egpj.exe');
    assert.ok(!displayName(key).includes('\u202E'));
  });

  it('shows C1 and C0 controls, bidi marks, isolates and separators as escapes', () => {
    const cases: [string, string][] = [
      ['a\u0085b', 'a\\u0085b'],
      ['a\u009bb', 'a\\u009Bb'],
      ['a\u0000\u001f\u007fb', 'a\\u0000\\u001F\\u007Fb'],
      ['\u200e\u200f\u061c', '\\u200E\\u200F\\u061C'],
      ['\u202a\u202b\u202c\u202d', '\\u202A\\u202B\\u202C\\u202D'],
      ['\u2066x\u2069', '\\u2066x\\u2069'],
      ['line\u2028para\u2029', 'line\\u2028para\\u2029'],
      ['\ufeffzero\u200bwidth', '\\uFEFFzero\\u200Bwidth'],
    ];
    for (const [input, shown] of cases) {
      assert.equal(visibleText(input), shown, JSON.stringify(input));
    }
  });

  it('leaves ordinary names alone, unicode and emoji included', () => {
    for (const name of ['report.pdf', 'résumé 2024.docx', '日本語.txt', 'family 👨‍👩‍👧.png', 'a\\u202Eb']) {
      assert.equal(visibleText(name), name);
    }
    assert.equal(displayName('photos/2024/'), '2024');
    assert.equal(displayName('a.txt'), 'a.txt');
  });

  it('never leaves a reordering or control character in what it shows (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (key) => {
        assert.doesNotMatch(displayName(key), /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
      }),
    );
  });
});
