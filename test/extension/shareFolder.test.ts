import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/ids';
import { generatedKeys } from '../fixtures/seedData';
import { internals, queryParam, seededBody } from './helpers';

async function closeEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

suite('Share Folder (real extension host, real radosgw)', () => {
  suiteSetup(async () => {
    await internals();
  });

  test('automation: CSV of every object under a prefix of big-bucket, shown in an untitled editor', async () => {
    const started = Date.now();
    const text = await vscode.commands.executeCommand<string | undefined>(Commands.shareFolder, {
      bucket: 'big-bucket',
      prefix: 'item-',
      expiresIn: '10m',
      format: 'csv',
    });
    assert.ok(text, 'resolves to the generated text');
    const lines = text.split('\r\n');
    assert.equal(lines.pop(), '', 'ends with a line break');
    assert.equal(lines[0], 'key,size,url,expires');
    const rows = lines.slice(1).map((line) => line.split(','));
    const expected = generatedKeys('big-bucket');
    assert.equal(rows.length, expected.length, 'one row per object, above the 1,000 confirmation limit (no prompt in automation)');
    assert.deepEqual(rows.map((row) => row[0]), expected);
    for (const [key, size, url, expires] of rows) {
      assert.equal(Number(size), Buffer.byteLength(seededBody({ key })), key);
      assert.equal(queryParam(url, 'X-Amz-Expires'), '600');
      const expiresAt = Date.parse(expires);
      assert.ok(expiresAt > started + 590_000 && expiresAt <= Date.now() + 601_000, `expiry ${expires}`);
    }
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'the result is shown in an editor');
    assert.equal(editor.document.isUntitled, true);
    // `csv` when an extension contributes that language, else plain text (VS Code has none built in).
    const csvKnown = (await vscode.languages.getLanguages()).includes('csv');
    assert.equal(editor.document.languageId, csvKnown ? 'csv' : 'plaintext');
    assert.equal(editor.document.getText().replace(/\r\n/g, '\n'), text.replace(/\r\n/g, '\n'));
    await closeEditors();
  });

  test('automation: Markdown and plain list of a folder (logs/), not the rest of the bucket', async () => {
    const markdown = await vscode.commands.executeCommand<string | undefined>(Commands.shareFolder, {
      bucket: 'big-bucket',
      prefix: 'logs/',
      format: 'markdown',
    });
    assert.ok(markdown);
    assert.match(markdown, /^# s3:\/\/big-bucket\/logs\/\n/);
    const rows = markdown.split('\n').filter((line) => line.startsWith('| ['));
    assert.equal(rows.length, 3);
    assert.ok(rows.every((row) => /^\| \[logs\/2024-01-0\d\.log\]\(<http:\/\/[^>]+>\) \| \d+ \| \d{4}-/.test(row)), rows.join('\n'));
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'markdown');
    await closeEditors();

    const plain = await vscode.commands.executeCommand<string | undefined>(Commands.shareFolder, { bucket: 'big-bucket', prefix: 'logs/' });
    assert.ok(plain);
    const urls = plain.trim().split('\n');
    assert.equal(urls.length, 3);
    const response = await fetch(urls[0]);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), seededBody({ key: 'logs/2024-01-01.log' }));
    await closeEditors();
  });
});
