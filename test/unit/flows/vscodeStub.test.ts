// The stub's own behaviour where the flows rely on it being like VS Code.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EventEmitter, MarkdownString, SecretStorage, Uri, ui } from '../../stub/vscode';

describe('the vscode stub', () => {
  it('is what require("vscode") returns', () => {
    assert.equal(vscode.Uri, Uri);
  });

  it('l10n.t fills positional and named placeholders', () => {
    assert.equal(vscode.l10n.t('{1} of {0}, {2}', 'a', 2, '{0}'), '2 of a, {0}');
    assert.equal(vscode.l10n.t('{name}!', { name: 'x' }), 'x!');
  });

  it('Uri parses, encodes and changes like vscode.Uri', () => {
    const uri = Uri.parse('s3://bucket/a%20b/c?x=1#f');
    assert.deepEqual([uri.scheme, uri.authority, uri.path, uri.query, uri.fragment], ['s3', 'bucket', '/a b/c', 'x=1', 'f']);
    assert.equal(uri.toString(), 's3://bucket/a%20b/c?x%3D1#f');
    assert.equal(uri.toString(true), 's3://bucket/a b/c?x=1#f');
    assert.equal(Uri.file('/tmp/x').with({ path: '/tmp/y' }).fsPath, '/tmp/y');
    assert.equal(Uri.joinPath(Uri.file('/a/'), 'b', 'c').path, '/a/b/c');
  });

  it('MarkdownString.appendText escapes what appendMarkdown keeps', () => {
    assert.equal(new MarkdownString().appendMarkdown('**k:** ').appendText('a_b*[c]').value, '**k:** a\\_b\\*\\[c\\]');
  });

  it('a settings update fires onDidChangeConfiguration for the setting and its sections', async () => {
    const seen: boolean[][] = [];
    vscode.workspace.onDidChangeConfiguration((event) =>
      seen.push(['s3Presign', 's3Presign.profile', 's3Presign.region', 's3'].map((name) => event.affectsConfiguration(name))),
    );
    await vscode.workspace.getConfiguration('s3Presign').update('profile', 'dev', vscode.ConfigurationTarget.Global);
    assert.deepEqual(seen, [[true, true, false, false]]);
    assert.equal(vscode.workspace.getConfiguration('s3Presign').get('profile'), 'dev');
    assert.equal(vscode.workspace.getConfiguration().get('s3Presign.profile'), 'dev');
  });

  it('SecretStorage fires onDidChange for store and delete', async () => {
    const secrets = new SecretStorage();
    const keys: string[] = [];
    secrets.onDidChange((event) => keys.push(event.key));
    await secrets.store('k', 'v');
    await secrets.delete('k');
    await secrets.delete('k');
    assert.deepEqual(keys, ['k', 'k']);
  });

  it('a prompt with no answer queued fails at once, and reset() reports it', async () => {
    await assert.rejects(async () => vscode.window.showInputBox({ title: 'T', prompt: 'P' }), /No answer queued for the input box "T: P"/);
    assert.throws(() => ui.reset(), /did not fit the flow:\nNo answer queued/);
  });

  it('an unused answer is reported by reset()', () => {
    ui.answer({ cancel: true });
    assert.throws(() => ui.reset(), /Unused answer \{"cancel":true\}/);
  });

  it('a notification is dismissed unless the next answer presses one of its buttons', async () => {
    assert.equal(await vscode.window.showInformationMessage('m', 'A', 'B'), undefined);
    ui.answer({ button: 'B' });
    assert.equal(await vscode.window.showInformationMessage('m', 'A', 'B'), 'B');
    assert.deepEqual(ui.messagesOf('information'), ['m', 'm']);
  });

  it('an input box refuses what its validation refuses', async () => {
    ui.answer({ type: 'bad' });
    await assert.rejects(async () => vscode.window.showInputBox({ validateInput: (value) => (value === 'bad' ? 'no' : undefined) }), /refuses it: no/);
    assert.throws(() => ui.reset());
  });

  it('fireAndWait waits for async listeners', async () => {
    const emitter = new EventEmitter<number>();
    let done = false;
    emitter.event(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      done = true;
    });
    await emitter.fireAndWait(1);
    assert.ok(done);
  });
});
