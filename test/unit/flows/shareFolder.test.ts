// "Share Folder…" end to end against a FakeGateway: tree (with the folder's filter), palette,
// automation, formats, the confirmation above 1000 objects and cancelling the progress.
import * as assert from 'node:assert/strict';
import { shareFolder } from '../../../src/commands/shareFolder';
import { SHARE_CONFIRM_LIMIT } from '../../../src/commands/shareFolderRun';
import { formatDuration } from '../../../src/core/duration';
import { BucketNode, FolderNode } from '../../../src/tree/nodes';
import { FakeGateway, type FakeObject } from '../../fakes/fakeGateway';
import { harness, queryParam, settings, ui } from './harness';

const BUCKET = 'share-test';
const STOP = `Stop at ${SHARE_CONFIRM_LIMIT.toLocaleString()}`;

function manyObjects(count: number, prefix = 'many/'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(5, '0')}.txt`);
}

const keysIn = (plain: string): string[] => plain.trim().split('\n').map((url) => decodeURIComponent(new URL(url).pathname.split('/').pop()!));

describe('flow: Share Folder…', () => {
  const contents: (string | FakeObject)[] = [
    { key: 'docs/', size: 0 },
    { key: 'docs/report-1.pdf', size: 10 },
    { key: 'docs/report-2|x.pdf', size: 20 },
    { key: 'docs/sub/report-3.pdf', size: 30 },
    { key: 'docs/summary.txt', size: 40 },
    { key: 'other.txt', size: 50 },
  ];

  it('a filtered folder shares what it shows, recursively, as Markdown in a new editor', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: contents }));
    const folder = new FolderNode(new BucketNode(BUCKET, false), 'docs/');
    h.explorer.filters.set(folder, 'report');
    ui.answer({ pick: formatDuration(43200) }, { pick: 'Markdown' });
    const text = await shareFolder(h.services, h.explorer, folder);

    assert.deepEqual(ui.documents, [{ languageId: 'markdown', content: text }]);
    const rows = text!.split('\n').filter((line) => line.startsWith('| ['));
    assert.deepEqual(rows.map((row) => /^\| \[(.*?)\]\(<(.*?)>\) \| (\d+) \|/.exec(row)!.slice(1, 4)).map(([key, url, size]) => [key, queryParam(url, 'X-Amz-Expires'), size]), [
      ['docs/report-1.pdf', '43200', '10'],
      ['docs/report-2\\|x.pdf', '43200', '20'],
    ]);
    assert.match(text!, /^# s3:\/\/share-test\/docs\/report\n/);
    assert.match(ui.messagesOf('information')[0], /^2 links for s3:\/\/share-test\/docs\/report, expires .*, in 12 h\.$/);
  });

  it('a bucket as a plain list, folder markers left out', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: contents }));
    ui.answer({ pick: formatDuration(3600) }, { pick: 'Plain list' });
    const text = await shareFolder(h.services, h.explorer, new BucketNode(BUCKET, false));
    assert.deepEqual(keysIn(text!), ['docs/report-1.pdf', 'docs/report-2|x.pdf', 'docs/sub/report-3.pdf', 'docs/summary.txt', 'other.txt']);
    assert.equal(ui.documents[0].languageId, 'plaintext');
  });

  it('CSV opens as csv only where a language for it is installed', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: contents }));
    const folder = new FolderNode(new BucketNode(BUCKET, false), 'docs/sub/');
    ui.answer({ pick: formatDuration(60) }, { pick: 'CSV' });
    const text = await shareFolder(h.services, h.explorer, folder);
    assert.equal(ui.documents[0].languageId, 'plaintext');
    const [header, row] = text!.split('\r\n');
    assert.equal(header, 'key,size,url,expires');
    assert.match(row, /^docs\/sub\/report-3\.pdf,30,https:\/\/fake\.example\/.*X-Amz-Expires=60.*,\d{4}-\d\d-\d\dT/);

    ui.languages.push('csv');
    ui.answer({ pick: formatDuration(60) }, { pick: 'CSV' });
    await shareFolder(h.services, h.explorer, folder);
    assert.equal(ui.documents[1].languageId, 'csv');
  });

  it('from the palette: bucket, prefix (the selection suggested), expiry, format', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: contents }));
    h.explorer.selected = new FolderNode(new BucketNode(BUCKET, false), 'docs/');
    ui.answer({ pick: BUCKET }, { type: (suggested) => `${suggested}sum` }, { pick: formatDuration(60) }, { pick: 'Plain list' });
    const text = await shareFolder(h.services, h.explorer, undefined);
    assert.equal(ui.prompts[1].value, 'docs/');
    assert.deepEqual(keysIn(text!), ['docs/summary.txt']);
  });

  it('an empty prefix says there is nothing to share', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: contents }));
    ui.answer({ pick: formatDuration(60) }, { pick: 'Plain list' });
    assert.equal(await shareFolder(h.services, h.explorer, new FolderNode(new BucketNode(BUCKET, false), 'nothing/')), '');
    assert.deepEqual(ui.messagesOf('information'), ['No objects under s3://share-test/nothing/.']);
  });

  describe(`more than ${SHARE_CONFIRM_LIMIT} objects`, () => {
    const folder = () => new FolderNode(new BucketNode(BUCKET, false), 'many/');

    it('"Continue" shares them all', async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: manyObjects(1500) }));
      ui.answer({ pick: formatDuration(60) }, { pick: 'Plain list' }, { button: 'Continue' });
      const text = await shareFolder(h.services, h.explorer, folder());
      const dialog = ui.messages.find((shown) => shown.modal)!;
      assert.equal(dialog.message, `More than ${SHARE_CONFIRM_LIMIT.toLocaleString()} objects under s3://share-test/many/.`);
      assert.deepEqual(dialog.buttons, ['Continue', STOP]);
      assert.equal(keysIn(text!).length, 1500);
    });

    it(`"${STOP}" shares the first ${SHARE_CONFIRM_LIMIT}`, async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: manyObjects(2500) }));
      ui.answer({ pick: formatDuration(60) }, { pick: 'Plain list' }, { button: STOP });
      const keys = keysIn((await shareFolder(h.services, h.explorer, folder()))!);
      assert.equal(keys.length, SHARE_CONFIRM_LIMIT);
      assert.equal(keys.at(-1), `many/00999.txt`);
      assert.equal(h.gateway.calls.filter((call) => call.startsWith('listPage')).length, 2, 'listing stopped');
    });

    it('cancel shares nothing', async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: manyObjects(1500) }));
      ui.answer({ pick: formatDuration(60) }, { pick: 'Plain list' }, { cancel: true });
      assert.equal(await shareFolder(h.services, h.explorer, folder()), undefined);
      assert.deepEqual(ui.documents, []);
      assert.ok(!h.gateway.calls.some((call) => call.startsWith('presign')));
    });

    it('automation is not asked', async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: manyObjects(1500) }));
      const text = await shareFolder(h.services, h.explorer, { bucket: BUCKET, prefix: 'many/', expiresIn: 120, format: 'plain' });
      assert.equal(keysIn(text!).length, 1500);
      assert.equal(ui.prompts.length, 0);
    });
  });

  it('"Cancel" on the progress notification stops listing and opens nothing', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: manyObjects(3500) }));
    ui.onDidReportProgress(({ record }) => record.cancel());
    const text = await shareFolder(h.services, h.explorer, { bucket: BUCKET, prefix: 'many/' });
    assert.equal(text, undefined);
    assert.equal(ui.progress[0].title, 'Sharing s3://share-test/many/');
    assert.equal(h.gateway.calls.filter((call) => call.startsWith('listPage')).length, 2, 'the page under way finished, no further one');
    assert.ok(!h.gateway.calls.some((call) => call.startsWith('presign')));
    assert.deepEqual(ui.documents, []);
  });

  it('from automation: the text back, with the default format and expiry', async () => {
    await settings({ defaultExpiry: '10m' });
    const h = harness(new FakeGateway({ [BUCKET]: contents }));
    const text = await shareFolder(h.services, h.explorer, { bucket: BUCKET, prefix: 'docs/sub/' });
    assert.deepEqual(keysIn(text!), ['docs/sub/report-3.pdf']);
    assert.equal(queryParam(text!.trim(), 'X-Amz-Expires'), '600');
    assert.deepEqual(ui.messagesOf('information'), [], 'automation gets no notification');
  });

  for (const [what, arg] of [
    ['an unknown format', { bucket: BUCKET, format: 'xlsx' }],
    ['a prefix that is not a string', { bucket: BUCKET, prefix: 42 }],
    ['an expiry over 7 days', { bucket: BUCKET, expiresIn: '8d' }],
  ] as const) {
    it(`from automation, ${what}: an error and nothing listed`, async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: contents }));
      assert.equal(await shareFolder(h.services, h.explorer, arg), undefined);
      assert.match(ui.messagesOf('error')[0], /^Share Folder: /);
      assert.deepEqual(h.gateway.calls, []);
    });
  }

  it('temporary credentials: "Shorten to …" signs every link for what the credentials have left', async () => {
    await settings();
    const gateway = new FakeGateway({ [BUCKET]: contents });
    gateway.credentialsExpireAt = new Date(Date.now() + 600_500);
    const h = harness(gateway);
    ui.answer({ pick: formatDuration(3600) }, { pick: 'Plain list' }, { button: 'Shorten to 10 min' });
    const text = await shareFolder(h.services, h.explorer, new FolderNode(new BucketNode(BUCKET, false), 'docs/sub/'));
    assert.deepEqual(ui.messages.find((shown) => shown.modal)?.buttons, ['Shorten to 10 min', 'Share Anyway']);
    assert.equal(queryParam(text!.trim(), 'X-Amz-Expires'), '600');
  });
});
