import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import fc from 'fast-check';
import {
  curlDownloadCommand,
  curlUploadCommand,
  markdownLink,
  posixQuote,
  powershellQuote,
  powershellUploadCommand,
} from '../../src/core/shellCommands';

const URL = 'https://b.s3.amazonaws.com/k?X-Amz-Expires=60&X-Amz-Signature=abc';

describe('shellCommands', () => {
  describe('posixQuote', () => {
    it('wraps in single quotes and escapes quotes', () => {
      assert.equal(posixQuote('plain'), "'plain'");
      assert.equal(posixQuote("it's"), "'it'\\''s'");
      assert.equal(posixQuote(''), "''");
      assert.equal(posixQuote('$HOME `x` "y" \\'), "'$HOME `x` \"y\" \\'");
    });

    it('round-trips any text through a real POSIX shell (property)', function () {
      this.timeout(20000);
      // One shell call checks many samples at once; the machine is shared, keep it light.
      const samples = fc.sample(fc.string({ unit: 'grapheme-ascii', maxLength: 30 }).filter((s) => !s.includes('\0')), 60);
      samples.push("'", "''", "a'b'c", '$(echo pwned)', '`id`', '\\', '!', '\n');
      const script = samples.map((s) => `printf '%s\\0' ${posixQuote(s)}`).join('\n');
      const output = execFileSync('sh', ['-c', script], { encoding: 'utf8' });
      assert.deepEqual(output.split('\0').slice(0, -1), samples);
    });
  });

  describe('powershellQuote', () => {
    it('doubles single quotes, typographic ones included', () => {
      assert.equal(powershellQuote('plain'), "'plain'");
      assert.equal(powershellQuote("it's"), "'it''s'");
      assert.equal(powershellQuote('a\u2019b\u2018c\u201ad\u201be'), "'a\u2019\u2019b\u2018\u2018c\u201a\u201ad\u201b\u201be'");
      assert.equal(powershellQuote('$env:X `n "y"'), "'$env:X `n \"y\"'");
    });
  });

  describe('curlUploadCommand', () => {
    it('sends every signed header and the file', () => {
      assert.equal(
        curlUploadCommand(URL, { 'content-type': 'text/plain' }),
        `curl --globoff --fail -X PUT -H 'content-type: text/plain' --upload-file 'FILE' '${URL}'`,
      );
    });

    it('works without headers and with a custom file', () => {
      assert.equal(curlUploadCommand(URL, {}, 'my file.txt'), `curl --globoff --fail -X PUT --upload-file 'my file.txt' '${URL}'`);
    });

    it('escapes quotes in every argument', () => {
      assert.equal(
        curlUploadCommand("https://h/it's?a=1", { 'x-amz-meta-note': "o'k" }, "bob's.txt"),
        "curl --globoff --fail -X PUT -H 'x-amz-meta-note: o'\\''k' --upload-file 'bob'\\''s.txt' 'https://h/it'\\''s?a=1'",
      );
    });
  });

  describe('powershellUploadCommand', () => {
    it('uses -ContentType for content-type', () => {
      assert.equal(
        powershellUploadCommand(URL, { 'content-type': 'text/plain' }, 'FILE'),
        `Invoke-WebRequest -Method Put -InFile 'FILE' -Uri '${URL}' -ContentType 'text/plain'`,
      );
    });

    it('puts other headers in -Headers and escapes quotes', () => {
      assert.equal(
        powershellUploadCommand("https://h/it's", { 'Content-Type': 'image/png', 'x-amz-meta-a': "o'k", 'x-amz-acl': 'private' }, "C:\\my 'file'.png"),
        "Invoke-WebRequest -Method Put -InFile 'C:\\my ''file''.png' -Uri 'https://h/it''s' -ContentType 'image/png' -Headers @{'x-amz-meta-a'='o''k'; 'x-amz-acl'='private'}",
      );
    });

    it('defaults the file placeholder', () => {
      assert.equal(powershellUploadCommand(URL, {}), `Invoke-WebRequest -Method Put -InFile 'FILE' -Uri '${URL}'`);
    });
  });

  describe('curlDownloadCommand', () => {
    it('fails on HTTP errors and quotes the URL', () => {
      assert.equal(curlDownloadCommand(URL), `curl --globoff --fail -o 'FILE' '${URL}'`);
      assert.equal(curlDownloadCommand("https://h/a'b", 'out.bin'), "curl --globoff --fail -o 'out.bin' 'https://h/a'\\''b'");
    });
  });

  describe('dot segments (issue 12 item 2)', () => {
    const dotted = 'http://127.0.0.1:9/b/reports/../secret.txt?X-Amz-Signature=abc';

    it('adds --path-as-is only when the URL path has . or .. segments', () => {
      assert.equal(curlDownloadCommand(dotted), `curl --globoff --path-as-is --fail -o 'FILE' '${dotted}'`);
      assert.equal(curlUploadCommand(dotted, {}), `curl --globoff --fail --path-as-is -X PUT --upload-file 'FILE' '${dotted}'`);
      assert.equal(curlDownloadCommand('https://h/b/./x?a=1'), "curl --globoff --path-as-is --fail -o 'FILE' 'https://h/b/./x?a=1'");
      assert.equal(curlDownloadCommand('https://h/b/..'), "curl --globoff --path-as-is --fail -o 'FILE' 'https://h/b/..'");
      for (const url of [URL, 'https://h/b/reports%2F..%2Fsecret.txt?a=1', 'https://h/b/a..b/.x?q=../..', 'https://h/b/k?x=/../']) {
        assert.ok(!curlDownloadCommand(url).includes('--path-as-is'), url);
        assert.ok(!curlUploadCommand(url, {}).includes('--path-as-is'), url);
      }
    });

    it('makes a real curl send the path unchanged', async function () {
      this.timeout(20000);
      const paths: string[] = [];
      const server = createServer((request, response) => {
        paths.push(request.url ?? '');
        response.end('ok');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const url = `http://127.0.0.1:${port}/b/reports/../secret.txt?X-Amz-Signature=abc`;
        const command = curlDownloadCommand(url, '/dev/null');
        // curl is one of the packages scripts/setup.sh installs: without it this fails, as it should.
        await promisify(execFile)('sh', ['-c', command]);
        assert.deepEqual(paths, ['/b/reports/../secret.txt?X-Amz-Signature=abc']);
      } finally {
        server.close();
      }
    });
  });

  describe('markdownLink', () => {
    it('builds a plain link', () => {
      assert.equal(markdownLink('report.pdf', URL), `[report.pdf](${URL})`);
    });

    it('escapes brackets and backslashes in the text', () => {
      assert.equal(markdownLink('a [draft] \\ b', 'https://h/x'), '[a \\[draft\\] \\\\ b](https://h/x)');
      assert.equal(markdownLink('two\nlines', 'https://h/x'), '[two lines](https://h/x)');
    });

    it('percent-encodes characters that would break the target', () => {
      assert.equal(markdownLink('x', 'https://h/a (1).txt?q=<v>'), '[x](https://h/a%20%281%29.txt?q=%3Cv%3E)');
      assert.equal(markdownLink('x', 'https://h/a\u00a0b'), '[x](https://h/a%C2%A0b)');
    });
  });
});
