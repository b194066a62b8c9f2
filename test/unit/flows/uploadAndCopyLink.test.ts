// "Upload and Copy Link…" (issue 13) against a FakeGateway and real files in a temp dir: the prompts from
// the Explorer, several files, a folder, the overwrite choices, Cancel, errors, automation, and drops on
// the S3 tree.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { uploadAndCopyLink, uploadDropped } from '../../../src/commands/uploadAndCopyLink';
import { formatDuration } from '../../../src/core/duration';
import { pathsOfUriList, S3DropController } from '../../../src/tree/dragAndDrop';
import { BucketNode, FolderNode } from '../../../src/tree/nodes';
import { FakeGateway } from '../../fakes/fakeGateway';
import { type Harness, harness, settings, ui } from './harness';

const BUCKET = 'uploads';
const MiB = 1024 * 1024;

let dir: string;

function write(relative: string, content: string | Buffer): string {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

function uri(file: string): vscode.Uri {
  return vscode.Uri.file(file);
}

function body(h: Harness, key: string): string | undefined {
  return h.gateway.bodies.get(`${BUCKET}/${key}`)?.toString();
}

function uploadCalls(h: Harness): string[] {
  return h.gateway.calls.filter((call) => call.startsWith('uploadObject'));
}

describe('flow: Upload and Copy Link…', () => {
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3p-upload-flow-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('one file from the Explorer: destination typed, key shown to edit, expiry; uploads, copies, records, tells', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    const file = write('report.pdf', 'pdf bytes');
    ui.answer({ type: `s3://${BUCKET}/docs` }, { type: (key) => key.replace('report', 'q3 report') }, { pick: formatDuration(3600) });
    const url = await uploadAndCopyLink(h.services, h.explorer, uri(file), [uri(file)]);

    assert.deepEqual(ui.prompts.map((prompt) => prompt.kind), ['createQuickPick', 'inputBox', 'quickPick']);
    assert.equal(ui.prompts[1].value, 'docs/report.pdf', 'the resulting key is shown');
    assert.equal(typeof url, 'string');
    assert.equal(ui.clipboard, url);
    assert.equal(body(h, 'docs/q3 report.pdf'), 'pdf bytes');
    assert.ok(h.gateway.calls.includes(`presign GET ${BUCKET} docs/q3 report.pdf 3600`));
    const [record] = h.ledger.all();
    assert.deepEqual([record.bucket, record.key, record.method, record.expiresInSeconds], [BUCKET, 'docs/q3 report.pdf', 'GET', 3600]);
    assert.equal(await h.ledger.url(record.id), url);
    assert.match(ui.messagesOf('information')[0], /^Share link for q3 report\.pdf copied: expires/);
    assert.equal(ui.progress.length, 1);
    assert.equal(ui.progress[0].title, `Uploading report.pdf to s3://${BUCKET}/docs/q3 report.pdf`);
  });

  it('offers the last destination first and the S3 view\'s selection; "Browse…" walks down the folders', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: ['a/x.txt', 'a/b/y.txt'], other: [] }));
    h.explorer.buckets = [BUCKET, 'other'];
    h.explorer.selected = new FolderNode(new BucketNode('other', false), 'sel/');
    const file = write('n.txt', 'n');
    ui.answer({ pick: `s3://${BUCKET}/` }, { type: (key) => key }, { pick: formatDuration(60) });
    await uploadAndCopyLink(h.services, h.explorer, uri(file));
    assert.ok(body(h, 'n.txt'));

    ui.answer(
      { pick: (item) => item.label.includes('Browse') },
      { pick: BUCKET },
      { pick: 'a/' },
      { pick: 'b/' },
      { pick: 'Upload here' },
      { type: (key) => key },
      { pick: formatDuration(60) },
    );
    await uploadAndCopyLink(h.services, h.explorer, uri(file));
    const destinations = ui.prompts.filter((prompt) => prompt.kind === 'createQuickPick')[1].labels ?? [];
    assert.deepEqual(destinations.slice(0, 3), [`$(history) s3://${BUCKET}/`, '$(folder-active) s3://other/sel/', '$(database) s3://other/']);
    assert.equal(body(h, 'a/b/n.txt'), 'n');
  });

  it('several files from the Explorer: no key prompt, one upload each, the links copied as a list, each recorded', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    const files = ['a.txt', 'b.txt', 'c.json'].map((name) => write(name, `content ${name}`));
    ui.answer({ type: `${BUCKET}/in/` }, { pick: formatDuration(900) });
    const urls = await uploadAndCopyLink(h.services, h.explorer, uri(files[1]), files.map(uri));
    assert.ok(Array.isArray(urls));
    assert.equal(urls.length, 3);
    assert.equal(ui.clipboard, `${urls.join('\n')}\n`);
    assert.deepEqual(uploadCalls(h).sort(), ['uploadObject uploads in/a.txt 13', 'uploadObject uploads in/b.txt 13', 'uploadObject uploads in/c.json 14']);
    assert.deepEqual(h.ledger.all().map((record) => record.key).sort(), ['in/a.txt', 'in/b.txt', 'in/c.json']);
    for (const record of h.ledger.all()) {
      assert.ok(urls.includes((await h.ledger.url(record.id)) ?? ''), `the link of ${record.key} is in the secret store`);
    }
    assert.match(ui.messagesOf('information')[0], /^3 files uploaded to s3:\/\/uploads\/in\/; their links are copied, one a line/);
  });

  it('a folder: every file below it, relative paths kept, the links in a Markdown list like Share Folder', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    write('site/index.html', '<h1>hi</h1>');
    write('site/css/main.css', 'body{}');
    write('site/img/a b.png', 'png');
    write('site/empty/.keep', '');
    ui.answer({ type: `${BUCKET}/web/` }, { pick: formatDuration(3600) });
    const urls = await uploadAndCopyLink(h.services, h.explorer, uri(path.join(dir, 'site')));
    assert.ok(Array.isArray(urls));
    assert.deepEqual([...h.gateway.bodies.keys()].sort(), [
      'uploads/web/site/css/main.css',
      'uploads/web/site/empty/.keep',
      'uploads/web/site/img/a b.png',
      'uploads/web/site/index.html',
    ]);
    assert.equal(body(h, 'web/site/empty/.keep'), '', 'a 0-byte file too');
    assert.equal(ui.documents.length, 1);
    assert.equal(ui.documents[0].languageId, 'markdown');
    assert.match(ui.documents[0].content, /^# s3:\/\/uploads\/web\/\n/);
    assert.match(ui.documents[0].content, /\[web\/site\/img\/a b\.png\]/);
    assert.equal(ui.clipboard.trim().split('\n').length, 4);
  });

  describe('when the key exists', () => {
    async function setup(): Promise<{ h: Harness; file: string }> {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: ['r.txt', 'r (1).txt'] }));
      return { h, file: write('r.txt', 'new') };
    }

    it('Overwrite replaces it', async () => {
      const { h, file } = await setup();
      ui.answer({ type: BUCKET }, { type: (key) => key }, { pick: formatDuration(60) }, { button: 'Overwrite' });
      assert.ok(await uploadAndCopyLink(h.services, h.explorer, uri(file)));
      assert.equal(body(h, 'r.txt'), 'new');
      assert.match(ui.prompts.find((prompt) => prompt.kind === 'message')?.prompt ?? '', /^s3:\/\/uploads\/r\.txt already exists\.$/);
    });

    it('Keep Both picks the first free "name (n)" (checking it too)', async () => {
      const { h, file } = await setup();
      ui.answer({ type: BUCKET }, { type: (key) => key }, { pick: formatDuration(60) }, { button: 'Keep Both' });
      const url = await uploadAndCopyLink(h.services, h.explorer, uri(file));
      assert.equal(body(h, 'r (2).txt'), 'new');
      assert.equal(body(h, 'r.txt'), undefined, 'the existing object is left alone');
      assert.ok(h.gateway.calls.includes(`headObject ${BUCKET} r (1).txt`));
      assert.match(String(url), /r%20\(2\)\.txt/);
    });

    it('Cancel uploads nothing and copies nothing', async () => {
      const { h, file } = await setup();
      ui.clipboard = 'before';
      ui.answer({ type: BUCKET }, { type: (key) => key }, { pick: formatDuration(60) }, { cancel: true });
      assert.equal(await uploadAndCopyLink(h.services, h.explorer, uri(file)), undefined);
      assert.deepEqual(uploadCalls(h), []);
      assert.equal(ui.clipboard, 'before');
    });
  });

  it('Cancel on the progress notification aborts the multipart upload; nothing copied or recorded', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    const file = write('big.bin', Buffer.alloc(20 * MiB, 7));
    let partsSeen = 0;
    h.gateway.beforePart = async (part) => {
      partsSeen = part;
      if (part === 2) {
        assert.equal(h.gateway.uploads.size, 1, 'the multipart upload is open mid-way');
        ui.progress[0].cancel();
      }
    };
    ui.clipboard = 'before';
    ui.answer({ type: BUCKET }, { type: (key) => key }, { pick: formatDuration(60) });
    assert.equal(await uploadAndCopyLink(h.services, h.explorer, uri(file)), undefined);
    assert.equal(partsSeen, 2);
    assert.equal(h.gateway.uploads.size, 0, 'no incomplete multipart upload left');
    assert.ok(h.gateway.calls.some((call) => call.startsWith(`abortMultipartUpload ${BUCKET} big.bin`)));
    assert.equal(body(h, 'big.bin'), undefined);
    assert.equal(ui.clipboard, 'before');
    assert.equal(h.ledger.all().length, 0);
    assert.deepEqual(ui.messagesOf('information'), ['Upload cancelled: nothing was copied.']);
  });

  it('reports progress with bytes, percent, rate and time left', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    const file = write('big.bin', Buffer.alloc(24 * MiB, 1));
    // Each part "takes" 300 ms of a clock the test moves: a rate needs time behind it, no real wait.
    const realNow = Date.now;
    let elapsed = 0;
    const start = realNow();
    Date.now = () => start + elapsed;
    h.gateway.beforePart = async () => {
      elapsed += 300;
    };
    ui.answer({ type: BUCKET }, { type: (key) => key }, { pick: formatDuration(60) });
    try {
      await uploadAndCopyLink(h.services, h.explorer, uri(file));
    } finally {
      Date.now = realNow;
    }
    const messages = ui.progress[0].reports.map((report) => report.message ?? '');
    assert.equal(messages[0], '0 B of 24 MB (0%)');
    assert.ok(messages.some((message) => /^\d+ MB of 24 MB \(\d+%\) · [\d.]+ MB\/s · \d+ s left$/.test(message)), messages.join('\n'));
  });

  it('a file changed while uploading: a clear error, nothing stored or copied', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    const file = write('live.log', 'first line\n');
    h.gateway.beforePart = async () => fs.appendFileSync(file, 'second line\n');
    ui.clipboard = 'before';
    ui.answer({ type: BUCKET }, { type: (key) => key }, { pick: formatDuration(60) });
    assert.equal(await uploadAndCopyLink(h.services, h.explorer, uri(file)), undefined);
    assert.match(ui.messagesOf('error')[0], /live\.log changed while it was uploading \(size or modification time\); nothing was stored/);
    assert.equal(body(h, 'live.log'), undefined);
    assert.equal(ui.clipboard, 'before');
  });

  it('AccessDenied names the permission (s3:PutObject)', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    h.gateway.failures.uploadObject = Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    const file = write('a.txt', 'a');
    ui.answer({ type: BUCKET }, { type: (key) => key }, { pick: formatDuration(60) });
    assert.equal(await uploadAndCopyLink(h.services, h.explorer, uri(file)), undefined);
    assert.match(ui.messagesOf('error')[0], /^Access denied: profile test may not upload to s3:\/\/uploads\/a\.txt\. Uploading needs the s3:PutObject permission/);
  });

  it('a network failure says the upload was aborted', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    h.gateway.failures.uploadObject = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const file = write('a.txt', 'a');
    ui.answer({ type: BUCKET }, { type: (key) => key }, { pick: formatDuration(60) });
    assert.equal(await uploadAndCopyLink(h.services, h.explorer, uri(file)), undefined);
    assert.match(ui.messagesOf('error')[0], /ECONNRESET.*The upload to s3:\/\/uploads\/a\.txt was stopped and aborted: nothing was stored\./);
  });

  it('from the palette: the active editor\'s file; none open: says what to do', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    const window = vscode.window as { activeTextEditor?: unknown };
    try {
      window.activeTextEditor = undefined;
      assert.equal(await uploadAndCopyLink(h.services, h.explorer), undefined);
      assert.match(ui.messagesOf('error')[0], /open a saved file in the editor, or right-click files or folders in the Explorer/);
      const file = write('open.md', '# hi');
      window.activeTextEditor = { document: { uri: uri(file) } };
      ui.answer({ type: BUCKET }, { type: (key) => key }, { pick: formatDuration(60) });
      assert.ok(await uploadAndCopyLink(h.services, h.explorer));
      assert.equal(body(h, 'open.md'), '# hi');
    } finally {
      delete window.activeTextEditor;
    }
  });

  describe('automation', () => {
    it('one file: no prompt, resolves to the URL, copied and recorded', async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: [] }));
      const file = write('a.txt', 'aaa');
      const url = await uploadAndCopyLink(h.services, h.explorer, { files: [file], bucket: BUCKET, prefix: 'p', expiresIn: 120 });
      assert.equal(typeof url, 'string');
      assert.equal(ui.clipboard, url);
      assert.equal(ui.prompts.length, 0);
      assert.equal(body(h, 'p/a.txt'), 'aaa');
      assert.equal(h.ledger.all()[0].expiresInSeconds, 120);
    });

    it('several files (paths and URIs): a list of URLs; `key` for one file', async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: [] }));
      const a = write('a.txt', 'a');
      const b = write('b.txt', 'b');
      const urls = await uploadAndCopyLink(h.services, h.explorer, { files: [a, uri(b)], bucket: BUCKET });
      assert.ok(Array.isArray(urls) && urls.length === 2);
      assert.equal(ui.clipboard, `${urls.join('\n')}\n`);
      await uploadAndCopyLink(h.services, h.explorer, { files: [a], bucket: BUCKET, key: 'x/renamed.txt' });
      assert.equal(body(h, 'x/renamed.txt'), 'a');
      assert.equal(ui.prompts.length, 0);
    });

    it('an existing key is refused unless overwrite: true', async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: ['a.txt'] }));
      const a = write('a.txt', 'new');
      const b = write('b.txt', 'b');
      ui.clipboard = 'before';
      assert.equal(await uploadAndCopyLink(h.services, h.explorer, { files: [b, a], bucket: BUCKET }), undefined);
      assert.match(ui.messagesOf('error')[0], /s3:\/\/uploads\/a\.txt already exists; nothing was uploaded\. Pass "overwrite": true/);
      assert.deepEqual(uploadCalls(h), [], 'b.txt was not uploaded either');
      assert.equal(ui.clipboard, 'before');
      assert.ok(await uploadAndCopyLink(h.services, h.explorer, { files: [a], bucket: BUCKET, overwrite: true }));
      assert.equal(body(h, 'a.txt'), 'new');
    });

    const invalid: [string, (file: string) => unknown, RegExp][] = [
      ['a missing file', (file) => ({ files: [file, path.join(dir, 'missing.txt')], bucket: BUCKET }), /missing\.txt: it does not exist/],
      ['a folder', () => ({ files: [dir], bucket: BUCKET }), /is a folder: list the files to upload/],
      ['a bad bucket', (file) => ({ files: [file], bucket: 'Bad_Bucket' }), /uppercase/],
      ['a bad key', (file) => ({ files: [file], bucket: BUCKET, key: 'a\u0007' }), /control character/],
      ['key with several files', (file) => ({ files: [file, file], bucket: BUCKET, key: 'k' }), /"key" names one object/],
      ['two files with the same key', (file) => ({ files: [file, file], bucket: BUCKET }), /two files would both be stored as s3:\/\/uploads\/a\.txt/],
      ['a bad expiresIn', (file) => ({ files: [file], bucket: BUCKET, expiresIn: '9d' }), /7 days/],
      ['a string', () => 'a.txt', /Expected an object/],
    ];
    for (const [what, arg, message] of invalid) {
      it(`refuses ${what}: an error, undefined, clipboard untouched, nothing uploaded`, async () => {
        await settings();
        const h = harness(new FakeGateway({ [BUCKET]: [] }));
        const file = write('a.txt', 'a');
        ui.clipboard = 'before';
        assert.equal(await uploadAndCopyLink(h.services, h.explorer, arg(file)), undefined);
        assert.match(ui.messagesOf('error')[0], message);
        assert.match(ui.messagesOf('error')[0], /^Upload and Copy Link: /);
        assert.deepEqual(uploadCalls(h), []);
        assert.equal(ui.clipboard, 'before');
        assert.equal(ui.prompts.length, 0);
      });
    }

    it('a file of 0 bytes uploads and links', async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: [] }));
      const file = write('empty.txt', '');
      assert.ok(await uploadAndCopyLink(h.services, h.explorer, { files: [file], bucket: BUCKET }));
      assert.equal(body(h, 'empty.txt'), '');
    });
  });

  describe('drop on the S3 tree', () => {
    function dataTransfer(text: string): vscode.DataTransfer {
      return { get: (mime: string) => (mime === 'text/uri-list' ? { asString: async () => text } : undefined) } as unknown as vscode.DataTransfer;
    }
    const token = { isCancellationRequested: false } as vscode.CancellationToken;

    it('reads a text/uri-list (comments, CRLF, other schemes ignored)', () => {
      assert.deepEqual(pathsOfUriList('# comment\r\nfile:///tmp/a%20b.txt\r\nhttps://example.com/x\r\n\r\nfile:///tmp/c.txt'), ['/tmp/a b.txt', '/tmp/c.txt']);
    });

    it('one file on a folder: the key to confirm, the upload, links copied only from the notice\'s button', async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: [] }));
      const file = write('drop.txt', 'dropped');
      const targets: string[] = [];
      const controller = new S3DropController(async (paths, target) => {
        targets.push(`${target.bucket}/${target.prefix}`);
        return uploadDropped(h.services, paths, target);
      });
      ui.clipboard = 'before';
      ui.answer({ type: (key) => key });
      await controller.handleDrop(new FolderNode(new BucketNode(BUCKET, false), 'in/'), dataTransfer(uri(file).toString()), token);
      assert.deepEqual(targets, [`${BUCKET}/in/`]);
      assert.equal(body(h, 'in/drop.txt'), 'dropped');
      assert.equal(ui.clipboard, 'before', 'nothing copied unasked');
      assert.equal(h.ledger.all().length, 0);
      assert.deepEqual(ui.messages.at(-1)?.buttons, ['Copy Link']);

      ui.answer({ type: (key) => key.replace('drop', 'again') }, { button: 'Copy Link' });
      const copied = ui.nextClipboardWrite();
      await controller.handleDrop(new FolderNode(new BucketNode(BUCKET, false), 'in/'), dataTransfer(uri(file).toString()), token);
      const url = await copied;
      assert.match(url, /in%2Fagain\.txt/);
      await waitFor(() => h.ledger.all().length === 1);
    });

    it('several files on a bucket: a confirmation, then one upload each', async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: [] }));
      const files = [write('x.txt', 'x'), write('y.txt', 'y')];
      const controller = new S3DropController((paths, target) => uploadDropped(h.services, paths, target));
      ui.answer({ button: 'Upload' });
      await controller.handleDrop(new BucketNode(BUCKET, false), dataTransfer(files.map((file) => uri(file).toString()).join('\r\n')), token);
      assert.match(ui.prompts[0].prompt ?? '', /^Upload 2 files \(2 B\) to s3:\/\/uploads\/\?$/);
      assert.deepEqual([...h.gateway.bodies.keys()].sort(), ['uploads/x.txt', 'uploads/y.txt']);
    });

    it('on no bucket: says where to drop', async () => {
      await settings();
      const file = write('x.txt', 'x');
      const controller = new S3DropController(() => assert.fail('nothing to upload'));
      await controller.handleDrop(undefined, dataTransfer(uri(file).toString()), token);
      assert.match(ui.messagesOf('information')[0], /Drop files on a bucket or a folder/);
    });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}
