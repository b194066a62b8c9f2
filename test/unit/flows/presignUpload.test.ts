// "Presign Upload…" and "Presign Upload Here…" end to end against a FakeGateway.
import * as assert from 'node:assert/strict';
import { presignUpload } from '../../../src/commands/presignUpload';
import { formatDuration } from '../../../src/core/duration';
import { BucketNode, FolderNode, ObjectNode } from '../../../src/tree/nodes';
import { FakeGateway } from '../../fakes/fakeGateway';
import { harness, onlyRecord, queryParam, settings, ui } from './harness';

const BUCKET = 'uploads';

describe('flow: Presign Upload…', () => {
  it('from the palette: bucket, key in the selected object\'s folder, the guessed Content-Type, expiry', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: ['data/old.csv'] }));
    h.explorer.selected = new ObjectNode(new FolderNode(new BucketNode(BUCKET, false), 'data/'), { key: 'data/old.csv', size: 1 });
    ui.answer({ pick: BUCKET }, { type: (folder) => `${folder}new.csv` }, { pick: 'text/csv' }, { pick: formatDuration(900) });
    const url = await presignUpload(h.services, h.explorer, undefined);

    assert.equal(ui.prompts[1].value, 'data/', 'the selected object\'s folder is suggested');
    assert.deepEqual(ui.prompts[2].labels, ['text/csv', 'No Content-Type', 'Other…']);
    assert.equal(queryParam(url, 'method'), 'PUT');
    assert.equal(queryParam(url, 'X-Amz-Expires'), '900');
    assert.equal(ui.clipboard, url);
    const record = await onlyRecord(h, url);
    assert.deepEqual([record.method, record.key, record.contentType], ['PUT', 'data/new.csv', 'text/csv']);
    assert.match(ui.messagesOf('information')[0], /^Upload link for new\.csv copied: .* The uploader must send "Content-Type: text\/csv"\.$/);
    assert.ok(!h.gateway.calls.some((call) => call.startsWith('headObject')), 'an upload target need not exist');
  });

  it('"Presign Upload Here" on a folder suggests its prefix and asks no bucket; no Content-Type signs none', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    ui.answer({ type: (prefix) => `${prefix}photo.png` }, { pick: 'No Content-Type' }, { pick: formatDuration(3600) });
    const url = await presignUpload(h.services, h.explorer, new FolderNode(new BucketNode(BUCKET, false), 'in/box/'));

    assert.equal(ui.prompts[0].kind, 'inputBox');
    assert.equal(ui.prompts[0].value, 'in/box/');
    assert.deepEqual(ui.prompts[1].labels, ['image/png', 'No Content-Type', 'Other…']);
    const record = await onlyRecord(h, url);
    assert.equal(record.key, 'in/box/photo.png');
    assert.equal(record.contentType, undefined);
    assert.doesNotMatch(ui.messagesOf('information')[0], /Content-Type/);
  });

  it('"Other…" asks for a MIME type; a key with no known extension offers no guess', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    ui.answer({ type: 'README' }, { pick: 'Other…' }, { type: ' application/vnd.custom+json; charset=utf-8 ' }, { pick: formatDuration(60) });
    const url = await presignUpload(h.services, h.explorer, new BucketNode(BUCKET, false));
    assert.deepEqual(ui.prompts[1].labels, ['No Content-Type', 'Other…']);
    assert.equal((await onlyRecord(h, url)).contentType, 'application/vnd.custom+json; charset=utf-8');
  });

  it('cancelling the Content-Type or the expiry copies nothing', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    ui.clipboard = 'before';
    const bucket = new BucketNode(BUCKET, false);
    ui.answer({ type: 'a.txt' }, { cancel: true });
    assert.equal(await presignUpload(h.services, h.explorer, bucket), undefined);
    ui.answer({ type: 'a.txt' }, { pick: 'Other…' }, { cancel: true });
    assert.equal(await presignUpload(h.services, h.explorer, bucket), undefined);
    ui.answer({ type: 'a.txt' }, { pick: 'text/plain' }, { cancel: true });
    assert.equal(await presignUpload(h.services, h.explorer, bucket), undefined);
    assert.equal(ui.clipboard, 'before');
    assert.deepEqual(h.gateway.calls, []);
  });

  it('"Copy curl Command" in the notification copies a command sending the signed Content-Type', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    ui.answer({ type: 'a.json' }, { pick: 'application/json' }, { pick: formatDuration(60) }, { button: 'Copy curl Command' });
    const copied = ui.nextClipboardWrite().then(() => ui.nextClipboardWrite());
    const url = await presignUpload(h.services, h.explorer, new BucketNode(BUCKET, false));
    const command = await copied;
    assert.match(command, /^curl /);
    assert.match(command, /-H 'content-type: application\/json'/i);
    assert.ok(command.includes(url!), command);
  });

  it('from automation: contentType and expiresIn, no prompt', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    const url = await presignUpload(h.services, h.explorer, { bucket: BUCKET, key: 'x/y.bin', expiresIn: 600, contentType: 'application/octet-stream' });
    assert.equal(queryParam(url, 'X-Amz-Expires'), '600');
    const record = await onlyRecord(h, url);
    assert.deepEqual([record.method, record.contentType], ['PUT', 'application/octet-stream']);
    assert.equal(ui.prompts.length, 0);
  });

  for (const [what, arg] of [
    ['a header injection in contentType', { bucket: BUCKET, key: 'a', contentType: 'text/plain\r\nX-Evil: 1' }],
    ['an empty contentType', { bucket: BUCKET, key: 'a', contentType: '' }],
    ['a key too long', { bucket: BUCKET, key: 'k'.repeat(1025) }],
  ] as const) {
    it(`from automation, ${what}: an error, undefined, nothing signed`, async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: [] }));
      ui.clipboard = 'before';
      assert.equal(await presignUpload(h.services, h.explorer, arg), undefined);
      assert.match(ui.messagesOf('error')[0], /^Presign Upload: /);
      assert.equal(ui.clipboard, 'before');
      assert.deepEqual(h.gateway.calls, []);
    });
  }
});
