import * as assert from 'assert';
import * as vscode from 'vscode';

suite('smoke: real extension host', () => {
  test('the extension is installed', () => {
    const ext = vscode.extensions.getExtension('s3-presign.s3-presign');
    assert.ok(ext, 'extension s3-presign.s3-presign not found');
  });

  test('the clipboard round-trips a string', async () => {
    const text = `s3-presign smoke ${Date.now()} ✓`;
    await vscode.env.clipboard.writeText(text);
    assert.strictEqual(await vscode.env.clipboard.readText(), text);
  });
});
