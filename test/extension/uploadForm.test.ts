import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { Commands } from '../../src/ids';
import { internals } from './helpers';

const BUCKET = 'presign-test';

interface UploadForm {
  url: string;
  fields: Record<string, string>;
  html: string;
  curl: string;
}

// What needs the real host: the registration, the SDK bundle's presigned POST, and no prompt for
// automation. The policy's limits against radosgw are test/integration/uploadForm.test.ts's.
suite('upload forms (automation API, real radosgw)', () => {
  suiteSetup(async () => {
    await internals();
  });

  test('resolves to { url, fields, html, curl } whose fields upload a file', async () => {
    const prefix = `host-forms/${randomUUID()}/`;
    const form = await vscode.commands.executeCommand<UploadForm | undefined>(Commands.createUploadForm, {
      bucket: BUCKET,
      prefix,
      maxSize: '1KB',
      contentType: 'text/plain',
      expiresIn: 300,
    });
    assert.ok(form, 'a form');
    assert.deepEqual(Object.keys(form).sort(), ['curl', 'fields', 'html', 'url']);
    assert.equal(form.fields.key, `${prefix}\${filename}`);
    assert.match(form.html, /^<!DOCTYPE html>/);
    assert.match(form.curl, /^curl /);
    const body = new FormData();
    for (const [name, value] of Object.entries(form.fields)) {
      body.append(name, value);
    }
    body.append('file', new Blob(['from the host']), 'hello.txt');
    const response = await fetch(form.url, { method: 'POST', body });
    assert.equal(response.status, 201, await response.text());
  });

  test('an invalid argument resolves to undefined', async () => {
    assert.equal(await vscode.commands.executeCommand(Commands.createUploadForm, { bucket: BUCKET, maxSize: '6GB' }), undefined);
    assert.equal(await vscode.commands.executeCommand(Commands.createUploadForm, { bucket: BUCKET, key: 'a', prefix: 'b/' }), undefined);
  });
});
