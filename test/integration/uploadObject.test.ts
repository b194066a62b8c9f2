// "Upload and Copy Link…" against radosgw (issue 13): the gateway's lib-storage upload of a small file,
// a multipart file in 5 MiB parts, an upload longer than `requestTimeout` (the bound is per request),
// Cancel mid-way (no incomplete multipart upload left), an unreadable file, and through the command's
// automation path (the vscode stub, the real gateway): the copied link serves the bytes, an existing
// key is refused.
import '../stub/register';
import * as assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { uploadAndCopyLink } from '../../src/commands/uploadAndCopyLink';
import { type LocalFile, uploadLocalFile } from '../../src/commands/localFiles';
import { Connection } from '../../src/connection';
import { LinkLedger } from '../../src/core/linkLedger';
import { Settings } from '../../src/ids';
import { createSdkGateway } from '../../src/s3/sdkGateway';
import { Log } from '../../src/ui/log';
import * as vscode from '../stub/vscode';
import { useRigGateway } from './rig';

const PROFILE = 'rgw-upload';
const BUCKET = 'presign-test';
const MiB = 1024 * 1024;

describe('Upload and Copy Link against radosgw', function () {
  this.timeout(120_000);
  const rgw = useRigGateway(PROFILE);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3p-upload-it-'));
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function localFile(name: string, bytes: Buffer): LocalFile {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    const stat = fs.statSync(file);
    return { path: file, relativePath: name, size: stat.size, mtimeMs: stat.mtimeMs };
  }

  async function pendingUploads(prefix: string): Promise<string[]> {
    const out = await rgw.s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: prefix }));
    return (out.Uploads ?? []).map((upload) => `${upload.Key} ${upload.UploadId}`);
  }

  async function fetchBytes(url: string): Promise<{ status: number; body: Buffer; type: string | null }> {
    const res = await fetch(url);
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') };
  }

  async function stored(key: string): Promise<{ status: number; body: Buffer; type: string | null }> {
    return fetchBytes((await rgw.gateway.presign({ method: 'GET', bucket: BUCKET, key, expiresIn: 600 })).url);
  }

  it('a small file: one PutObject, the bytes and the Content-Type from its name', async () => {
    const key = `uploads/${randomUUID()}/notes é.txt`;
    const bytes = Buffer.from('hello from the editor\n');
    const result = await uploadLocalFile(rgw.gateway, localFile('notes.txt', bytes), BUCKET, key);
    assert.equal(result.uploadId, undefined);
    assert.equal(result.partCount, 1);
    const got = await stored(key);
    assert.equal(got.status, 200);
    assert.ok(got.body.equals(bytes));
    assert.equal(got.type, 'text/plain');
  });

  it('a 0-byte file', async () => {
    const key = `uploads/${randomUUID()}/empty.bin`;
    await uploadLocalFile(rgw.gateway, localFile('empty.bin', Buffer.alloc(0)), BUCKET, key);
    const got = await stored(key);
    assert.equal(got.status, 200);
    assert.equal(got.body.length, 0);
  });

  it('a 22 MB file in 5 MiB parts: a multipart upload, the stored bytes are the file, progress to the end', async () => {
    const prefix = `uploads/${randomUUID()}/`;
    const key = `${prefix}big.bin`;
    const bytes = randomBytes(22 * MiB + 123);
    const seen: number[] = [];
    const result = await uploadLocalFile(rgw.gateway, localFile('big.bin', bytes), BUCKET, key, { partSize: 5 * MiB, onProgress: (loaded) => seen.push(loaded) });
    assert.ok(result.uploadId);
    assert.equal(result.partCount, 5);
    assert.match((await rgw.gateway.headObject(BUCKET, key))?.etag ?? '', /-5"$/, 'a multipart ETag of five parts');
    const got = await stored(key);
    assert.equal(got.status, 200);
    assert.ok(got.body.equals(bytes), 'equal bytes');
    assert.equal(got.type, 'application/octet-stream');
    assert.equal(seen.at(-1), bytes.length);
    assert.deepEqual(await pendingUploads(prefix), []);
  });

  it('requestTimeout bounds each request, not the upload: 64 MB with a 150 ms setting succeeds', async () => {
    const slowBound = await createSdkGateway({ profile: PROFILE }, { requestTimeoutMs: 150 });
    try {
      const key = `uploads/${randomUUID()}/longer-than-the-setting.bin`;
      const bytes = randomBytes(64 * MiB);
      const started = Date.now();
      await uploadLocalFile(slowBound, localFile('long.bin', bytes), BUCKET, key, { partSize: 5 * MiB });
      const took = Date.now() - started;
      // Not a time limit: it proves the case is the one meant (the whole upload outlasted the setting).
      assert.ok(took > 150, `the upload took ${took} ms, not more than the setting: the test proves nothing`);
      assert.ok((await stored(key)).body.equals(bytes));
    } finally {
      slowBound.dispose();
    }
  });

  it('Cancel mid-way: rejects with the reason, aborts the multipart upload (ListMultipartUploads empty), stores nothing', async () => {
    const prefix = `uploads/${randomUUID()}/`;
    const key = `${prefix}cancelled.bin`;
    const controller = new AbortController();
    const reason = new Error('cancelled by the test');
    let sawUploadOpen = false;
    const upload = uploadLocalFile(rgw.gateway, localFile('cancel.bin', randomBytes(40 * MiB)), BUCKET, key, {
      partSize: 5 * MiB,
      signal: controller.signal,
      onProgress: (loaded) => {
        if (loaded > 0 && !controller.signal.aborted) {
          void pendingUploads(prefix).then((open) => {
            sawUploadOpen = open.length === 1;
            controller.abort(reason);
          });
        }
      },
    });
    await assert.rejects(upload, (error: Error) => {
      assert.equal(error, reason, error?.message);
      return true;
    });
    assert.ok(sawUploadOpen, 'the multipart upload was open when cancelled');
    assert.deepEqual(await pendingUploads(prefix), [], 'no incomplete multipart upload left');
    assert.equal(await rgw.gateway.headObject(BUCKET, key), undefined);
  });

  it('another profile chosen mid-way (the rgw.gateway disposed): the upload stops, and is still aborted', async () => {
    const prefix = `uploads/${randomUUID()}/`;
    const key = `${prefix}disposed.bin`;
    const ownGateway = await createSdkGateway({ profile: PROFILE });
    let sawUploadOpen = false;
    let disposed = false;
    const upload = uploadLocalFile(ownGateway, localFile('disposed.bin', randomBytes(40 * MiB)), BUCKET, key, {
      partSize: 5 * MiB,
      onProgress: (loaded) => {
        if (loaded > 0 && !disposed) {
          disposed = true;
          void pendingUploads(prefix).then((open) => {
            sawUploadOpen = open.length === 1;
            ownGateway.dispose();
          });
        }
      },
    });
    await assert.rejects(upload, /cancel/i);
    assert.ok(sawUploadOpen, 'the multipart upload was open when the rgw.gateway was disposed');
    assert.deepEqual(await pendingUploads(prefix), [], 'no incomplete multipart upload left');
    assert.equal(await rgw.gateway.headObject(BUCKET, key), undefined);
  });

  it('an unreadable file (a path whose read fails, whoever runs the test): a clear error, no upload left', async () => {
    const prefix = `uploads/${randomUUID()}/`;
    const unreadable = fs.mkdtempSync(path.join(dir, 'not-a-file-'));
    const file: LocalFile = { path: unreadable, relativePath: 'x.bin', size: 12 * MiB, mtimeMs: fs.statSync(unreadable).mtimeMs };
    await assert.rejects(uploadLocalFile(rgw.gateway, file, BUCKET, `${prefix}x.bin`, { partSize: 5 * MiB }), (error: Error) => {
      assert.match(error.message, /^Cannot read .*not-a-file-.*: it is a folder, not a file \(EISDIR\)\.$/);
      return true;
    });
    assert.deepEqual(await pendingUploads(prefix), []);
    assert.equal(await rgw.gateway.headObject(BUCKET, `${prefix}x.bin`), undefined);
  });

  describe('through the command (automation)', () => {
    let connection: Connection;
    let services: { connection: Connection; ledger: LinkLedger; log: Log; state: vscode.Memento };

    before(async () => {
      await vscode.workspace.getConfiguration(Settings.section).update(Settings.profile, PROFILE);
      connection = new Connection(async () => rgw.gateway);
      const state = new vscode.Memento();
      services = { connection, ledger: new LinkLedger(new vscode.SecretStorage(), state, Date.now), log: new Log(), state };
    });

    after(() => {
      vscode.ui.reset();
    });

    const explorer = { selection: () => undefined, knownBuckets: () => [], filter: () => '' };

    it('copies a link that serves the uploaded bytes; an existing key is then refused, clipboard untouched', async () => {
      const prefix = `uploads/${randomUUID()}/`;
      const { path: file } = localFile('automation.json', Buffer.from('{"a":1}'));
      const url = await uploadAndCopyLink(services, explorer, { files: [file], bucket: BUCKET, prefix, expiresIn: 300 });
      assert.equal(typeof url, 'string');
      assert.equal(vscode.ui.clipboard, url);
      const got = await fetchBytes(url as string);
      assert.equal(got.status, 200);
      assert.equal(got.body.toString(), '{"a":1}');
      assert.equal(got.type, 'application/json');

      vscode.ui.clipboard = 'before';
      assert.equal(await uploadAndCopyLink(services, explorer, { files: [file], bucket: BUCKET, prefix }), undefined);
      assert.match(vscode.ui.messagesOf('error').at(-1) ?? '', /already exists; nothing was uploaded/);
      assert.equal(vscode.ui.clipboard, 'before');
    });
  });
});
