import { strict as assert } from 'node:assert';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/ids';
import { internals, itemOf, labelOf, runWithClipboard } from './helpers';

const BUCKET = 'presign-test';

// "Upload and Copy Link…" (issue 13) in the real extension host against radosgw: the automation contract
// through executeCommand (the URL serves the bytes, the clipboard holds it) and the S3 tree's drop controller.
suite('Upload and Copy Link (real extension host, real radosgw)', () => {
  let dir: string;

  suiteSetup(async () => {
    await internals();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3p-ext-upload-'));
  });

  suiteTeardown(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, bytes: Buffer): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  }

  test('automation: one file → its URL, copied; fetching it gives the bytes', async () => {
    const bytes = randomBytes(300_000);
    const file = write('photo one.jpg', bytes);
    const prefix = `ext-upload/${randomUUID()}/`;
    const { result, clipboard } = await runWithClipboard<string | undefined>(Commands.uploadAndCopyLink, {
      files: [vscode.Uri.file(file)],
      bucket: BUCKET,
      prefix,
      expiresIn: '5m',
    });
    assert.equal(typeof result, 'string');
    assert.equal(clipboard, result);
    assert.equal(new URL(result as string).searchParams.get('X-Amz-Expires'), '300');
    const response = await fetch(result as string);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/jpeg');
    assert.ok(Buffer.from(await response.arrayBuffer()).equals(bytes));
  });

  test('automation: several files → a list of URLs, copied one a line; the key exists next time → refused', async () => {
    const files = [write('a.txt', Buffer.from('first')), write('b.txt', Buffer.from('second'))];
    const prefix = `ext-upload/${randomUUID()}/`;
    const { result, clipboard } = await runWithClipboard<string[] | undefined>(Commands.uploadAndCopyLink, { files, bucket: BUCKET, prefix });
    assert.ok(Array.isArray(result) && result.length === 2);
    assert.equal(clipboard, `${result.join('\n')}\n`);
    assert.deepEqual(await Promise.all(result.map(async (url) => (await fetch(url)).text())), ['first', 'second']);
    // Both recorded, their URLs in the real SecretStorage (one secret for the two); forgetting one keeps the other.
    const { ledger } = await internals();
    const recorded = ['a.txt', 'b.txt'].map((name) => ledger.all().find((entry) => entry.bucket === BUCKET && entry.key === `${prefix}${name}`));
    assert.ok(recorded[0] && recorded[1], 'both links recorded');
    assert.deepEqual(await Promise.all(recorded.map((entry) => ledger.url(entry!.id))), result);
    assert.ok(await ledger.forget(recorded[0]!.id));
    assert.equal(await ledger.url(recorded[0]!.id), undefined);
    assert.equal(await ledger.url(recorded[1]!.id), result[1]);
    await ledger.forget(recorded[1]!.id);

    const again = await runWithClipboard<string | undefined>(Commands.uploadAndCopyLink, { files: [files[0]], bucket: BUCKET, prefix });
    assert.equal(again.result, undefined, 'overwrite defaults to false');
    assert.equal(again.clipboard, again.sentinel);
    const replaced = await runWithClipboard<string | undefined>(Commands.uploadAndCopyLink, { files: [files[1]], bucket: BUCKET, key: `${prefix}a.txt`, overwrite: true });
    assert.equal(await (await fetch(replaced.result as string)).text(), 'second');
  });

  test('automation: invalid input → undefined, clipboard untouched, nothing uploaded', async () => {
    const file = write('ok.txt', Buffer.from('ok'));
    const prefix = `ext-upload/${randomUUID()}/`;
    for (const arg of [
      { files: [file, path.join(dir, 'missing.txt')], bucket: BUCKET, prefix },
      { files: [dir], bucket: BUCKET, prefix },
      { files: [file], bucket: 'Not_A_Bucket' },
      { files: [file], bucket: BUCKET, key: '' },
      { files: [file], bucket: BUCKET, prefix, expiresIn: '8d' },
    ]) {
      const { result, clipboard, sentinel } = await runWithClipboard<unknown>(Commands.uploadAndCopyLink, arg);
      assert.equal(result, undefined, JSON.stringify(arg));
      assert.equal(clipboard, sentinel);
    }
    const head = await fetch(
      (await vscode.commands.executeCommand<string>(Commands.copyGetUrl, { bucket: BUCKET, key: `${prefix}ok.txt`, expiresIn: 60 })) ?? '',
    );
    assert.equal(head.status, 404, 'the valid file of the first call was not uploaded either');
  });

  test('drop: a text/uri-list on a bucket uploads there (key confirmed), nothing copied unasked', async () => {
    const { explorer, dropController } = await internals();
    const bucket = (await explorer.getChildren()).find((node) => labelOf(node) === BUCKET && itemOf(node).contextValue?.startsWith('bucket'));
    assert.ok(bucket, 'the bucket is in the tree');
    const name = `dropped-${randomUUID()}.txt`;
    const file = write(name, Buffer.from('dropped bytes'));
    const transfer = new vscode.DataTransfer();
    transfer.set('text/uri-list', new vscode.DataTransferItem(`${vscode.Uri.file(file).toString()}\r\n`));
    const sentinel = `sentinel ${Math.random()}`;
    await vscode.env.clipboard.writeText(sentinel);
    let finished = false;
    const dropped = dropController.handleDrop(bucket, transfer, new vscode.CancellationTokenSource().token).finally(() => (finished = true));
    // The key is shown to confirm: accept it as a user presses Enter (a no-op until the box is open);
    // each try is a round trip to the workbench, so this waits on the drop finishing, not on a clock.
    while (!finished) {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    await dropped;
    assert.equal(await vscode.env.clipboard.readText(), sentinel, 'links are copied only from the notice');
    const url = await vscode.commands.executeCommand<string>(Commands.copyGetUrl, { bucket: BUCKET, key: name, expiresIn: 60 });
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'dropped bytes');
  });
});
