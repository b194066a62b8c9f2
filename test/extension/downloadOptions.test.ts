import { strict as assert } from 'node:assert';
import { Commands } from '../../src/ids';
import { internals, labelOf, queryParam, runWithClipboard, setSetting } from './helpers';

const BUCKET = 'presign-test';
const KEY = 'hello.txt';
const BODY = 'Hello, S3 Presign!\n';

// Issue 14 through executeCommand with the real SDK bundle: the automation contract, the clipboard,
// the ledger; what radosgw answers in detail is test/integration's.
suite('download options and versions (automation API, real radosgw)', () => {
  suiteSetup(async () => {
    await internals();
  });

  test('download, filename and responseContentType: copied, recorded, and radosgw answers with them', async () => {
    const { ledger } = await internals();
    const run = await runWithClipboard<string | undefined>(Commands.copyGetUrl, {
      bucket: BUCKET,
      key: KEY,
      expiresIn: 300,
      download: 'attachment',
      filename: 'Grüße.txt',
      responseContentType: 'text/plain; charset=utf-8',
    });
    assert.ok(run.result);
    assert.equal(run.clipboard, run.result);
    const expected = `attachment; filename="Gru_e.txt"; filename*=UTF-8''Gr%C3%BC%C3%9Fe.txt`;
    assert.equal(queryParam(run.result, 'response-content-disposition'), expected);
    const response = await fetch(run.result);
    assert.equal(response.headers.get('content-disposition'), expected);
    assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(await response.text(), BODY);
    const record = ledger.all().find((candidate) => candidate.responseContentDisposition === expected);
    assert.ok(record, 'recorded with its options');
    assert.equal(record.download, 'attachment');
    assert.equal(record.filename, 'Grüße.txt');
    assert.equal(record.responseContentType, 'text/plain; charset=utf-8');
  });

  test('download: inline defaults to the key\'s file name', async () => {
    const run = await runWithClipboard<string | undefined>(Commands.copyGetUrl, { bucket: BUCKET, key: KEY, download: 'inline' });
    assert.equal(queryParam(run.result!, 'response-content-disposition'), 'inline; filename="hello.txt"');
  });

  test('versionId: copyGetUrl and copyVersionLink sign that version', async () => {
    for (const command of [Commands.copyGetUrl, Commands.copyVersionLink]) {
      const run = await runWithClipboard<string | undefined>(command, { bucket: BUCKET, key: KEY, versionId: 'null', expiresIn: '5m' });
      assert.ok(run.result, command);
      assert.equal(run.clipboard, run.result);
      assert.equal(queryParam(run.result, 'versionId'), 'null');
      assert.equal(await (await fetch(run.result)).text(), BODY);
    }
  });

  test('invalid values: no URL, the clipboard untouched', async () => {
    for (const extra of [{ download: 'save' }, { download: 'attachment', filename: ' \t ' }, { responseContentType: 'text' }, { versionId: '' }]) {
      const run = await runWithClipboard<string | undefined>(Commands.copyGetUrl, { bucket: BUCKET, key: KEY, ...extra });
      assert.equal(run.result, undefined, JSON.stringify(extra));
      assert.equal(run.clipboard, run.sentinel, JSON.stringify(extra));
    }
    const run = await runWithClipboard<string | undefined>(Commands.copyVersionLink, { bucket: BUCKET, key: KEY });
    assert.equal(run.result, undefined, 'copyVersionLink needs a versionId');
    assert.equal(run.clipboard, run.sentinel);
  });

  test('the quick copy of a tree object uses s3Presign.download.defaultDisposition', async () => {
    const { explorer } = await internals();
    const bucket = (await explorer.getChildren()).find((node) => labelOf(node) === BUCKET);
    assert.ok(bucket, 'the bucket is listed');
    // By label: the extension's bundle has its own ObjectNode class.
    const object = (await explorer.getChildren(bucket)).find((node) => labelOf(node) === KEY);
    assert.ok(object, 'the object is listed');
    await setSetting('download.defaultDisposition', 'attachment');
    try {
      const run = await runWithClipboard<string | undefined>(Commands.copyGetUrlDefault, object);
      assert.equal(queryParam(run.result!, 'response-content-disposition'), 'attachment; filename="hello.txt"');
    } finally {
      await setSetting('download.defaultDisposition', undefined);
    }
  });
});
