// Download options of GET links (issue 14): Content-Disposition per RFC 6266/5987, media types,
// version ids and the automation arguments that carry them.
import * as assert from 'node:assert/strict';
import { parseGetLinkArgs } from '../../src/core/automationArgs';
import {
  asciiFallback,
  contentDisposition,
  encodeRfc5987,
  filenameOfKey,
  isMediaType,
  parseDefaultDisposition,
  responseOverrides,
  shortVersionId,
  validateFilename,
  validateVersionId,
} from '../../src/core/downloadOptions';

/** What a recipient (RFC 6266 §4.3) reads from the header: `filename*` first, else `filename`. */
function recipientFilename(header: string): string | undefined {
  const star = /filename\*=UTF-8''([^;\s]+)/.exec(header);
  if (star) {
    return decodeURIComponent(star[1]);
  }
  const quoted = /filename="((?:[^"\\]|\\.)*)"/.exec(header);
  return quoted?.[1].replace(/\\(.)/g, '$1');
}

describe('download options', () => {
  describe('Content-Disposition', () => {
    for (const [disposition, name, expected] of [
      ['attachment', 'report.pdf', 'attachment; filename="report.pdf"'],
      ['inline', 'report.pdf', 'inline; filename="report.pdf"'],
      ['attachment', 'a "quoted" name.txt', 'attachment; filename="a \\"quoted\\" name.txt"'],
      ['attachment', 'back\\slash.txt', 'attachment; filename="back\\\\slash.txt"'],
      ['attachment', 'semi;colon=equals, comma.txt', 'attachment; filename="semi;colon=equals, comma.txt"'],
      ['attachment', 'résumé.pdf', `attachment; filename="resume.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`],
      ['attachment', '文件.txt', `attachment; filename="__.txt"; filename*=UTF-8''%E6%96%87%E4%BB%B6.txt`],
      ['inline', '🚀 "x".md', `inline; filename="_ \\"x\\".md"; filename*=UTF-8''%F0%9F%9A%80%20%22x%22.md`],
      ['attachment', "it's (1)*.txt", `attachment; filename="it's (1)*.txt"`],
      ['attachment', 'tab\there\r\nnew.txt', 'attachment; filename="tabherenew.txt"'],
      ['attachment', '\u0000\u001f\u007f\u0085', 'attachment'],
      ['inline', undefined, 'inline'],
    ] as const) {
      it(`${disposition} ${JSON.stringify(name)} → ${expected}`, () => {
        assert.equal(contentDisposition(disposition, name), expected);
      });
    }

    it('is plain ASCII without controls, and names the file as given (fuzzed names)', () => {
      const samples = ['Übersicht – 2024 (final).xlsx', 'naïve café.txt', 'Ω≈ç√.bin', '日本語 ファイル.csv', 'emoji 😀👍.png', "quote\" back\\ apos' pct%20.txt", 'ﬁ ligature.txt'];
      for (const name of samples) {
        const header = contentDisposition('attachment', name);
        assert.match(header, /^[\x20-\x7e]+$/, name);
        assert.equal(recipientFilename(header), name, name);
      }
    });

    it('percent-encodes everything but RFC 5987 attr-chars, as UTF-8', () => {
      assert.equal(encodeRfc5987("a-Z_0.9!#$&+^`|~ *'()%é"), "a-Z_0.9!#$&+^`|~%20%2A%27%28%29%25%C3%A9");
    });

    it('falls back to ASCII: accents dropped, other characters as _, quotes escaped', () => {
      assert.equal(asciiFallback('Ångström "é"'), 'Angstrom \\"e\\"');
      assert.equal(asciiFallback('中'), '_');
    });

    it('builds the overrides: the key\'s file name by default, the given name, the content type', () => {
      assert.deepEqual(responseOverrides({}, 'a/b.txt'), {});
      assert.deepEqual(responseOverrides({ download: 'attachment' }, 'logs/2024/app.log'), { responseContentDisposition: 'attachment; filename="app.log"' });
      assert.deepEqual(responseOverrides({ download: 'inline', filename: 'x.txt', responseContentType: 'text/plain' }, 'k'), {
        responseContentDisposition: 'inline; filename="x.txt"',
        responseContentType: 'text/plain',
      });
      assert.deepEqual(responseOverrides({ responseContentType: 'text/plain' }, 'k'), { responseContentType: 'text/plain' });
    });

    it('names the file after the key\'s last segment', () => {
      assert.equal(filenameOfKey('a/b/report.pdf'), 'report.pdf');
      assert.equal(filenameOfKey('folder/marker/'), 'marker');
      assert.equal(filenameOfKey('plain'), 'plain');
      assert.equal(filenameOfKey('x/\u0007'), 'x');
    });
  });

  describe('validation', () => {
    for (const good of ['text/plain', 'text/plain; charset=utf-8', 'application/vnd.ms-excel', 'image/svg+xml', 'text/plain;charset="utf-8"', 'multipart/form-data; boundary=x']) {
      it(`accepts the media type ${good}`, () => assert.ok(isMediaType(good)));
    }
    for (const bad of ['', 'text', 'text/', '/plain', 'text/plain; charset', 'text /plain', 'text/plain\r\nX-Evil: 1', 'tëxt/plain', 'text/plain;', 'a/b/c', 'text/plain; a=b c']) {
      it(`refuses the media type ${JSON.stringify(bad)}`, () => assert.ok(!isMediaType(bad)));
    }

    it('file names: something besides spaces and controls, at most 255 characters', () => {
      assert.deepEqual(validateFilename(' report.pdf\n'), { ok: true, value: 'report.pdf' });
      for (const bad of ['', '   ', '\t\r\n', '\u0000\u0085', 42, null, 'x'.repeat(256)]) {
        assert.equal(validateFilename(bad).ok, false, JSON.stringify(bad));
      }
    });

    it('version ids: non-empty printable ASCII, "null" included', () => {
      for (const good of ['null', '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY', 'a.b~c_d-e/f=']) {
        assert.deepEqual(validateVersionId(good), { ok: true, value: good });
      }
      for (const bad of ['', ' ', 'a b', 'v\n', 7, null, {}, 'v'.repeat(1025)]) {
        assert.equal(validateVersionId(bad).ok, false, JSON.stringify(bad));
      }
      assert.equal(shortVersionId('3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY'), '3HL4kqtJ…');
      assert.equal(shortVersionId('null'), 'null');
    });

    it('the default disposition setting reads anything unknown as none', () => {
      assert.equal(parseDefaultDisposition('attachment'), 'attachment');
      assert.equal(parseDefaultDisposition('inline'), 'inline');
      assert.equal(parseDefaultDisposition('none'), 'none');
      assert.equal(parseDefaultDisposition('download'), 'none');
      assert.equal(parseDefaultDisposition(undefined), 'none');
    });
  });

  describe('automation arguments', () => {
    const base = { bucket: 'presign-test', key: 'logs/app.log' };
    for (const [what, extra, expected] of [
      ['nothing more', {}, {}],
      ['attachment', { download: 'attachment' }, { download: 'attachment' }],
      ['inline with a name', { download: 'inline', filename: 'x.txt' }, { download: 'inline', filename: 'x.txt' }],
      ['a name alone: a download under it', { filename: ' résumé.pdf ' }, { download: 'attachment', filename: 'résumé.pdf' }],
      ['a content type', { responseContentType: ' text/plain; charset=utf-8 ' }, { responseContentType: 'text/plain; charset=utf-8' }],
      ['a version', { versionId: 'null' }, { versionId: 'null' }],
      ['everything', { download: 'attachment', filename: 'a.txt', responseContentType: 'text/plain', versionId: 'v1', expiresIn: 60 }, { download: 'attachment', filename: 'a.txt', responseContentType: 'text/plain', versionId: 'v1', expiresIn: 60 }],
    ] as const) {
      it(`accepts ${what}`, () => {
        const parsed = parseGetLinkArgs({ ...base, ...extra });
        assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
        assert.deepEqual(parsed.args, { ...base, ...expected });
      });
    }
    for (const [what, extra, message] of [
      ['an unknown download value', { download: 'save' }, /"download" must be "attachment" .* or "inline" .*, got "save"/],
      ['download: true', { download: true }, /"download" must be/],
      ['a blank file name', { download: 'attachment', filename: '  ' }, /"filename" must name the file/],
      ['a file name of controls', { filename: '\u0000\r\n' }, /"filename" must name the file/],
      ['a file name that is no string', { download: 'attachment', filename: 5 }, /"filename" must be a string, got 5/],
      ['a malformed content type', { responseContentType: 'text' }, /"responseContentType" must be a media type such as "text\/plain"/],
      ['a content type with CR/LF', { responseContentType: 'text/plain\r\nSet-Cookie: a=b' }, /"responseContentType" must be a media type/],
      ['an empty version id', { versionId: '' }, /"versionId" must be the id of a version/],
      ['a version id that is no string', { versionId: 3 }, /"versionId" must be the id of a version/],
    ] as const) {
      it(`refuses ${what} with a clear message`, () => {
        const parsed = parseGetLinkArgs({ ...base, ...extra });
        assert.equal(parsed.ok, false);
        assert.match(parsed.ok ? '' : parsed.message, message);
      });
    }

    it('names every field in the usage of a wrong argument', () => {
      const parsed = parseGetLinkArgs('presign-test/a.txt');
      assert.match(parsed.ok ? '' : parsed.message, /\{ bucket, key, expiresIn\?, download\?, filename\?, responseContentType\?, versionId\? \}/);
    });
  });
});
