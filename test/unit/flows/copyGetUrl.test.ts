// "Copy Presigned Download Link…" end to end against a FakeGateway: tree, palette and automation.
import * as assert from 'node:assert/strict';
import { copyGetUrl } from '../../../src/commands/copyGetUrl';
import { formatDuration } from '../../../src/core/duration';
import { Settings } from '../../../src/ids';
import { BucketNode, FolderNode, ObjectNode } from '../../../src/tree/nodes';
import { FakeGateway } from '../../fakes/fakeGateway';
import { harness, onlyRecord, queryParam, settings, ui } from './harness';

const BUCKET = 'presign-test';
/** The download options step, its default accepted (Enter). */
const PLAIN = { pick: 'Plain link' } as const;

function objectNode(key: string): ObjectNode {
  return new ObjectNode(new BucketNode(BUCKET, false), { key, size: 5 });
}

describe('flow: Copy Presigned Download Link…', () => {
  it('from an object in the tree: asks the expiry, copies, records, says until when', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: ['docs/read me.md'] }));
    ui.answer({ pick: formatDuration(86400) }, PLAIN);
    const url = await copyGetUrl(h.services, h.explorer, objectNode('docs/read me.md'), true);

    assert.equal(ui.clipboard, url);
    assert.equal(queryParam(url, 'X-Amz-Expires'), '86400');
    const record = await onlyRecord(h, url);
    assert.deepEqual(
      { bucket: record.bucket, key: record.key, method: record.method, expiresInSeconds: record.expiresInSeconds, profile: record.profile },
      { bucket: BUCKET, key: 'docs/read me.md', method: 'GET', expiresInSeconds: 86400, profile: 'test' },
    );
    assert.match(ui.messagesOf('information')[0], /^Share link for read me\.md copied: expires .*, in 1 day\.$/);
    assert.ok(h.gateway.calls.includes(`headObject ${BUCKET} docs/read me.md`), 'the object was checked');
  });

  it('offers the last used expiry first next time', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: ['a.txt'] }));
    ui.answer({ pick: formatDuration(900) }, PLAIN, { pick: (item) => item.description === 'last used' }, PLAIN);
    await copyGetUrl(h.services, h.explorer, objectNode('a.txt'), true);
    const second = await copyGetUrl(h.services, h.explorer, objectNode('a.txt'), true);
    assert.equal(queryParam(second, 'X-Amz-Expires'), '900');
    assert.match(ui.prompts[2].labels![0], /15 min/);
  });

  it('the inline button uses s3Presign.defaultExpiry without asking', async () => {
    await settings({ [Settings.defaultExpiry]: '2h30m' });
    const h = harness(new FakeGateway({ [BUCKET]: ['a.txt'] }));
    const url = await copyGetUrl(h.services, h.explorer, objectNode('a.txt'), false);
    assert.equal(queryParam(url, 'X-Amz-Expires'), '9000');
    assert.equal(ui.prompts.length, 0);
    assert.equal((await onlyRecord(h, url)).expiresInSeconds, 9000);
  });

  it('an invalid default expiry falls back to 1 h and says why', async () => {
    await settings({ [Settings.defaultExpiry]: '8d' });
    const h = harness(new FakeGateway({ [BUCKET]: ['a.txt'] }));
    const url = await copyGetUrl(h.services, h.explorer, objectNode('a.txt'), false);
    assert.equal(queryParam(url, 'X-Amz-Expires'), '3600');
    assert.match(ui.messagesOf('warning')[0], /"s3Presign.defaultExpiry" \("8d"\) is invalid, using 1 h/);
  });

  it('from the palette: bucket, then key (the selected folder suggested), then expiry', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: ['reports/q1.csv'], other: [] }));
    h.explorer.selected = new FolderNode(new BucketNode(BUCKET, false), 'reports/');
    ui.answer({ pick: BUCKET }, { type: (suggested) => `${suggested}q1.csv` }, { pick: formatDuration(3600) }, PLAIN);
    const url = await copyGetUrl(h.services, h.explorer, undefined, true);

    assert.deepEqual(ui.prompts[0].labels, [BUCKET, 'other'], 'the selected bucket first, then the listed ones');
    assert.equal(ui.prompts[1].value, 'reports/');
    assert.equal(ui.clipboard, url);
    assert.equal((await onlyRecord(h, url)).key, 'reports/q1.csv');
  });

  it('from the palette: a bucket typed by name (one ListBuckets does not show)', async () => {
    await settings();
    const gateway = new FakeGateway({ hidden: ['x.bin'] });
    gateway.failures.listBuckets = Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    const h = harness(gateway);
    ui.answer({ type: 'hidden' }, { type: 'x.bin' }, { pick: formatDuration(60) }, PLAIN);
    const url = await copyGetUrl(h.services, h.explorer, undefined, true);
    assert.equal((await onlyRecord(h, url)).bucket, 'hidden');
  });

  it('from the palette: cancelling any step copies nothing', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: ['a.txt'] }));
    ui.clipboard = 'before';
    for (const script of [[{ cancel: true }], [{ pick: BUCKET }, { cancel: true }], [{ pick: BUCKET }, { type: 'a.txt' }, { cancel: true }]] as const) {
      ui.answer(...script);
      assert.equal(await copyGetUrl(h.services, h.explorer, undefined, true), undefined);
    }
    assert.equal(ui.clipboard, 'before');
    assert.deepEqual(h.ledger.all(), []);
  });

  it('from automation: no prompt, the given expiry or the default', async () => {
    await settings({ [Settings.defaultExpiry]: '15m' });
    const h = harness(new FakeGateway({ [BUCKET]: ['a b+c.txt'] }));
    const given = await copyGetUrl(h.services, h.explorer, { bucket: BUCKET, key: 'a b+c.txt', expiresIn: '2h' }, true);
    assert.equal(queryParam(given, 'X-Amz-Expires'), '7200');
    const byDefault = await copyGetUrl(h.services, h.explorer, { bucket: BUCKET, key: 'a b+c.txt' }, true);
    assert.equal(queryParam(byDefault, 'X-Amz-Expires'), '900');
    assert.equal(ui.clipboard, byDefault);
    assert.equal(ui.prompts.length, 0);
    assert.equal(h.ledger.all().length, 2);
  });

  for (const [what, arg] of [
    ['not an object', 'presign-test/a.txt'],
    ['no key', { bucket: BUCKET }],
    ['a bad bucket name', { bucket: 'Bad_Bucket', key: 'a.txt' }],
    ['more than 7 days', { bucket: BUCKET, key: 'a.txt', expiresIn: 604801 }],
  ] as const) {
    it(`from automation, ${what}: an error, undefined, the clipboard untouched`, async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: ['a.txt'] }));
      ui.clipboard = 'before';
      assert.equal(await copyGetUrl(h.services, h.explorer, arg, true), undefined);
      assert.equal(ui.clipboard, 'before');
      assert.equal(ui.messages.length, 1);
      assert.match(ui.messagesOf('error')[0], /^Copy Presigned Download Link: /);
      assert.deepEqual(h.gateway.calls, []);
      assert.deepEqual(h.ledger.all(), []);
    });
  }

  describe('a missing object', () => {
    it('warns; "Copy Anyway" copies the link', async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: [] }));
      ui.answer({ pick: formatDuration(3600) }, PLAIN, { button: 'Copy Anyway' });
      const url = await copyGetUrl(h.services, h.explorer, objectNode('soon.txt'), true);
      const warning = ui.messages.find((shown) => shown.severity === 'warning');
      assert.ok(warning?.modal);
      assert.match(warning.message, /s3:\/\/presign-test\/soon\.txt does not exist \(yet\)/);
      assert.equal(ui.clipboard, url);
      await onlyRecord(h, url);
    });

    it('cancel copies nothing and records nothing', async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: [] }));
      ui.clipboard = 'before';
      ui.answer({ pick: formatDuration(3600) }, PLAIN, { cancel: true });
      assert.equal(await copyGetUrl(h.services, h.explorer, objectNode('soon.txt'), true), undefined);
      assert.equal(ui.clipboard, 'before');
      assert.deepEqual(h.ledger.all(), []);
      assert.ok(h.gateway.calls.every((call) => !call.startsWith('presign')), 'nothing was signed');
    });

    it('automation is warned but gets the link', async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: [] }));
      const url = await copyGetUrl(h.services, h.explorer, { bucket: BUCKET, key: 'soon.txt' }, true);
      assert.equal(ui.clipboard, url);
      assert.equal(ui.messages.find((shown) => shown.severity === 'warning')?.modal, false);
    });
  });

  describe('temporary credentials ending before the link', () => {
    // Half a second over 30 min, so the remaining time reads "30 min" however long signing takes.
    const credentialsIn30Minutes = () => new Date(Date.now() + 1_800_500);

    it('"Shorten to 30 min" (the first button) copies a link that lives as long as the credentials', async () => {
      await settings();
      const gateway = new FakeGateway({ [BUCKET]: ['a.txt'] });
      gateway.credentialsExpireAt = credentialsIn30Minutes();
      const h = harness(gateway);
      ui.answer({ pick: formatDuration(86400) }, PLAIN, { button: 'Shorten to 30 min' });
      const url = await copyGetUrl(h.services, h.explorer, objectNode('a.txt'), true);

      const dialog = ui.messages.find((shown) => shown.modal)!;
      assert.deepEqual(dialog.buttons, ['Shorten to 30 min', 'Copy Anyway']);
      assert.match(dialog.message, /credentials for profile "test" end .*, not in 1 day\./);
      assert.equal(queryParam(url, 'X-Amz-Expires'), '1800');
      const record = await onlyRecord(h, url);
      assert.equal(record.expiresInSeconds, 1800);
      assert.equal(record.limitedByCredentials, false);
    });

    it('"Copy Anyway" keeps the asked expiry and records the credentials\' end', async () => {
      await settings();
      const gateway = new FakeGateway({ [BUCKET]: ['a.txt'] });
      gateway.credentialsExpireAt = credentialsIn30Minutes();
      const h = harness(gateway);
      ui.answer({ pick: formatDuration(86400) }, PLAIN, { button: 'Copy Anyway' });
      const url = await copyGetUrl(h.services, h.explorer, objectNode('a.txt'), true);
      assert.equal(queryParam(url, 'X-Amz-Expires'), '86400');
      const record = await onlyRecord(h, url);
      assert.equal(record.limitedByCredentials, true);
      assert.equal(record.effectiveExpiresAt, gateway.credentialsExpireAt.getTime());
      assert.match(ui.messagesOf('information')[0], /\(when your temporary credentials end\)/);
    });

    it('cancel copies nothing', async () => {
      await settings();
      const gateway = new FakeGateway({ [BUCKET]: ['a.txt'] });
      gateway.credentialsExpireAt = credentialsIn30Minutes();
      const h = harness(gateway);
      ui.clipboard = 'before';
      ui.answer({ pick: formatDuration(86400) }, PLAIN, { cancel: true });
      assert.equal(await copyGetUrl(h.services, h.explorer, objectNode('a.txt'), true), undefined);
      assert.equal(ui.clipboard, 'before');
      assert.deepEqual(h.ledger.all(), []);
    });
  });
});
