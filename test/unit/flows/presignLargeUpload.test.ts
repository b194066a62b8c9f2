// "Presign Large Upload…" (issue 14) end to end against a FakeGateway: the prompts, the multipart upload
// created and signed, the script opened, the ledger record, automation, and the record's actions in
// Show Active Links (Open Upload Script, Regenerate, Abort).
import * as assert from 'node:assert/strict';
import { presignLargeUpload } from '../../../src/commands/presignLargeUpload';
import { showActiveLinks } from '../../../src/commands/showActiveLinks';
import { formatDuration } from '../../../src/core/duration';
import { parseLargeUploadSecret } from '../../../src/core/largeUpload';
import type { LinkRecord } from '../../../src/core/linkLedger';
import { BucketNode, FolderNode } from '../../../src/tree/nodes';
import { FakeGateway } from '../../fakes/fakeGateway';
import { type Harness, harness, settings, ui } from './harness';

const BUCKET = 'uploads';
const MiB = 1024 * 1024;
const SCRIPT_LANGUAGE = process.platform === 'win32' ? 'powershell' : 'shellscript';

async function onlyUpload(h: Harness): Promise<LinkRecord> {
  const records = h.ledger.all();
  assert.equal(records.length, 1, JSON.stringify(records));
  const stateText = JSON.stringify(h.state.keys().map((key) => h.state.get(key)));
  assert.ok(!stateText.includes('X-Amz-Signature'), 'no URL in the state store');
  return records[0];
}

describe('flow: Presign Large Upload…', () => {
  it('on a folder: key, size, expiry; creates the upload, signs 3 parts, opens the script, records the upload', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    ui.clipboard = 'before';
    ui.answer({ type: (prefix) => `${prefix}disk.img` }, { type: '12 MB' }, { pick: formatDuration(3600) });
    const result = await presignLargeUpload(h.services, h.explorer, new FolderNode(new BucketNode(BUCKET, false), 'backups/'));

    assert.deepEqual(ui.prompts.map((prompt) => prompt.kind), ['inputBox', 'inputBox', 'quickPick']);
    assert.equal(ui.prompts[0].value, 'backups/');
    assert.equal(h.gateway.calls[0], `createMultipartUpload ${BUCKET} backups/disk.img`);
    assert.equal(h.gateway.calls[1], `presignMultipart ${BUCKET} backups/disk.img upload-1 3 3600`);
    assert.ok(result);
    assert.equal(result.uploadId, 'upload-1');
    assert.equal(result.partSize, 5 * MiB);
    assert.deepEqual(result.parts.map((part) => part.partNumber), [1, 2, 3]);

    assert.equal(ui.documents.length, 1);
    assert.equal(ui.documents[0].languageId, SCRIPT_LANGUAGE);
    const script = ui.documents[0].content;
    assert.equal(script, SCRIPT_LANGUAGE === 'shellscript' ? result.bash : result.powershell);
    for (const url of [...result.parts.map((part) => part.url), result.completeUrl]) {
      assert.ok(script.includes(url), url);
    }
    assert.equal(ui.clipboard, 'before', 'nothing copied unasked');

    const record = await onlyUpload(h);
    assert.deepEqual(
      [record.kind, record.method, record.uploadId, record.partCount, record.partSize, record.size, record.expiresInSeconds],
      ['multipart', 'PUT', 'upload-1', 3, 5 * MiB, 12 * MiB, 3600],
    );
    assert.deepEqual(parseLargeUploadSecret(await h.ledger.url(record.id)), {
      parts: result.parts.map((part) => part.url),
      completeUrl: result.completeUrl,
    });
    assert.match(ui.messagesOf('information')[0], /^Upload to s3:\/\/uploads\/backups\/disk\.img started: 3 part URLs, working .*abort the upload in Show Active Links/);
  });

  it('"Copy Script" in the notification copies the script that was opened', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    ui.answer({ type: 'a.bin' }, { type: '6 MB' }, { pick: formatDuration(900) }, { button: 'Copy Script' });
    const copied = ui.nextClipboardWrite();
    await presignLargeUpload(h.services, h.explorer, new BucketNode(BUCKET, false));
    assert.equal(await copied, ui.documents[0].content);
  });

  for (const [typed, reason] of [
    ['6 TB', /more than S3 stores in one object: at most 5 TiB/],
    ['huge', /is not a size/],
  ] as const) {
    it(`the size box refuses "${typed}" (it stays open) and nothing is created`, async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: [] }));
      ui.answer({ type: 'a.bin' }, { type: typed });
      await assert.rejects(presignLargeUpload(h.services, h.explorer, new BucketNode(BUCKET, false)), reason);
      // The scripted user noted the refusal; that is what this test expects, so it is cleared here.
      assert.throws(() => ui.reset(), reason);
      assert.deepEqual(h.gateway.calls, []);
    });
  }

  it('cancelling the size or the expiry creates nothing', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    const bucket = new BucketNode(BUCKET, false);
    ui.answer({ type: 'a.bin' }, { cancel: true });
    assert.equal(await presignLargeUpload(h.services, h.explorer, bucket), undefined);
    ui.answer({ type: 'a.bin' }, { type: '1 GB' }, { cancel: true });
    assert.equal(await presignLargeUpload(h.services, h.explorer, bucket), undefined);
    assert.deepEqual(h.gateway.calls, []);
    assert.equal(h.ledger.all().length, 0);
  });

  it('from automation: no prompt, no editor, resolves to the URLs and both scripts', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    ui.clipboard = 'before';
    const result = await presignLargeUpload(h.services, h.explorer, { bucket: BUCKET, key: 'x/y.iso', size: 12 * MiB, expiresIn: 600, partSize: '6 MiB' });
    assert.ok(result);
    assert.deepEqual(Object.keys(result).sort(), ['bash', 'completeUrl', 'partSize', 'parts', 'powershell', 'uploadId']);
    assert.equal(result.partSize, 6 * MiB);
    assert.equal(result.parts.length, 2);
    assert.match(result.bash, /^#!\/usr\/bin\/env bash\n/);
    assert.match(result.powershell, /Invoke-WebRequest/);
    assert.equal(ui.prompts.length, 0);
    assert.equal(ui.documents.length, 0);
    assert.equal(ui.clipboard, 'before');
    assert.equal((await onlyUpload(h)).uploadId, result.uploadId);
  });

  for (const [what, arg] of [
    ['no size', { bucket: BUCKET, key: 'a' }],
    ['a size over 5 TiB', { bucket: BUCKET, key: 'a', size: '6 TiB' }],
    ['parts under 5 MiB', { bucket: BUCKET, key: 'a', size: 12 * MiB, partSize: MiB }],
    ['more than 10,000 parts', { bucket: BUCKET, key: 'a', size: '60 GB', partSize: 5 * MiB }],
    ['a bad expiry', { bucket: BUCKET, key: 'a', size: 1, expiresIn: 0 }],
    ['no object', 'uploads/a'],
  ] as const) {
    it(`from automation, ${what}: an error, undefined, nothing created in S3`, async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: [] }));
      assert.equal(await presignLargeUpload(h.services, h.explorer, arg), undefined);
      assert.match(ui.messagesOf('error')[0], /^Presign Large Upload: /);
      assert.deepEqual(h.gateway.calls, []);
      assert.equal(h.ledger.all().length, 0);
    });
  }

  it('when the URLs cannot be signed, the upload just created is aborted and nothing is recorded', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    h.gateway.failures.presignMultipart = new Error('credentials went away');
    assert.equal(await presignLargeUpload(h.services, h.explorer, { bucket: BUCKET, key: 'a', size: 1 }), undefined);
    assert.deepEqual(h.gateway.calls.map((call) => call.split(' ')[0]), ['createMultipartUpload', 'presignMultipart', 'abortMultipartUpload']);
    assert.equal(h.gateway.uploads.size, 0);
    assert.equal(h.ledger.all().length, 0);
    assert.equal(ui.messagesOf('error').length, 1);
  });
});

describe('flow: a large upload in Show Active Links', () => {
  async function withUpload(): Promise<Harness & { record: LinkRecord }> {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    await presignLargeUpload(h.services, h.explorer, { bucket: BUCKET, key: 'big.iso', size: 12 * MiB, expiresIn: 7200 });
    h.gateway.calls.length = 0;
    return { ...h, record: await onlyUpload(h) };
  }

  it('offers Open Upload Script, Regenerate, Abort and Forget; "Open Upload Script" opens it from the stored URLs', async () => {
    const h = await withUpload();
    ui.answer({ pick: 'big.iso' }, { pick: 'Open Upload Script' });
    await showActiveLinks(h.services);
    await ui.settled();
    assert.deepEqual(ui.prompts[1].labels, ['$(terminal) Open Upload Script', '$(refresh) Regenerate', '$(circle-slash) Abort', '$(trash) Forget']);
    assert.equal(ui.documents.length, 1);
    const urls = parseLargeUploadSecret(await h.ledger.url(h.record.id));
    assert.ok(urls && urls.parts.every((url) => ui.documents[0].content.includes(url)));
    assert.deepEqual(h.gateway.calls, [], 'nothing sent to S3');
  });

  it('"Abort" aborts it in S3 and removes it from the list', async () => {
    const h = await withUpload();
    ui.answer({ button: 'Abort', item: 'big.iso' });
    await showActiveLinks(h.services);
    await ui.settled();
    assert.deepEqual(h.gateway.calls, [`abortMultipartUpload ${BUCKET} big.iso upload-1`]);
    assert.equal(h.gateway.uploads.size, 0);
    assert.equal(h.ledger.all().length, 0);
    assert.equal(h.secrets.values.size, 0, 'the URLs are gone from the secret store');
    assert.match(ui.messagesOf('information').at(-1) ?? '', /aborted: its part URLs no longer work/);
    ui.quickPick?.hide();
  });

  it('"Abort" of an upload S3 no longer has (completed by the script) says so and removes it', async () => {
    const h = await withUpload();
    h.gateway.uploads.clear();
    ui.answer({ button: 'Abort', item: 'big.iso' });
    await showActiveLinks(h.services);
    await ui.settled();
    assert.equal(h.ledger.all().length, 0);
    assert.match(ui.messagesOf('information').at(-1) ?? '', /completed or aborted already/);
    ui.quickPick?.hide();
  });

  it('an upload S3 refuses to abort stays listed', async () => {
    const h = await withUpload();
    h.gateway.failures.abortMultipartUpload = Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    ui.answer({ button: 'Abort', item: 'big.iso' });
    await showActiveLinks(h.services);
    await ui.settled();
    assert.equal(h.ledger.all().length, 1);
    assert.equal(ui.messagesOf('error').length, 1);
    ui.quickPick?.hide();
  });

  it('"Regenerate" signs new part URLs for the same upload with the same lifetime, replacing the record', async () => {
    const h = await withUpload();
    ui.answer({ pick: 'big.iso' }, { pick: 'Regenerate' });
    await showActiveLinks(h.services);
    await ui.settled();
    assert.deepEqual(h.gateway.calls, [`presignMultipart ${BUCKET} big.iso upload-1 3 7200`]);
    const renewed = await onlyUpload(h);
    assert.notEqual(renewed.id, h.record.id);
    assert.deepEqual([renewed.uploadId, renewed.partCount, renewed.expiresInSeconds], ['upload-1', 3, 7200]);
    assert.equal(ui.documents.length, 1);
  });
});
