// The link ledger through "S3: Show Active Links": copy again, forget, forget all expired,
// regenerate, with the ledger on a fixed clock.
import * as assert from 'node:assert/strict';
import { showActiveLinks } from '../../../src/commands/showActiveLinks';
import { linkSecretKey, type NewLinkRecord } from '../../../src/core/linkLedger';
import { FakeGateway } from '../../fakes/fakeGateway';
import { type Harness, harness, queryParam, settings, ui } from './harness';

const NOW = Date.UTC(2026, 4, 1, 12, 0, 0);
const HOUR = 3_600_000;
const BUCKET = 'ledger-test';

function record(key: string, method: 'GET' | 'PUT', effectiveExpiresAt: number): NewLinkRecord {
  return { bucket: BUCKET, key, method, expiresInSeconds: 7200, effectiveExpiresAt, createdAt: NOW - HOUR, profile: 'test' };
}

/** Two active links and an expired one. */
async function ledgerHarness(): Promise<Harness & { ids: Record<string, string> }> {
  await settings();
  const h = harness(new FakeGateway({ [BUCKET]: ['docs/a.txt', 'old.txt'] }), () => NOW);
  const ids: Record<string, string> = {};
  for (const [key, method, expiresAt] of [['docs/a.txt', 'GET', NOW + HOUR], ['b.bin', 'PUT', NOW + 2 * HOUR], ['old.txt', 'GET', NOW - 1]] as const) {
    ids[key] = (await h.ledger.add(record(key, method, expiresAt), `https://fake.example/${key}?X-Amz-Signature=old`)).id;
  }
  return { ...h, ids };
}

const labels = (): string[] => (ui.quickPick?.items ?? []).map((item) => item.label);

describe('flow: Show Active Links', () => {
  it('lists active links soonest first, then the expired ones and "Forget All Expired"', async () => {
    const h = await ledgerHarness();
    ui.answer({ cancel: true });
    await showActiveLinks(h.services);
    await ui.settled();
    assert.deepEqual(ui.prompts[0].labels, ['$(cloud-download) a.txt', '$(cloud-upload) b.bin', '$(cloud-download) old.txt', '$(clear-all) Forget All Expired']);
    assert.equal(ui.quickPick, undefined, 'Escape closed it');
  });

  it('"Copy Again" copies the stored URL; the list stays open', async () => {
    const h = await ledgerHarness();
    ui.answer({ button: 'Copy Again', item: 'a.txt' });
    await showActiveLinks(h.services);
    await ui.settled();
    assert.equal(ui.clipboard, 'https://fake.example/docs/a.txt?X-Amz-Signature=old');
    assert.deepEqual(ui.messagesOf('information'), ['Link for a.txt copied again.']);
    assert.deepEqual(labels(), ['$(cloud-download) a.txt', '$(cloud-upload) b.bin', 'Expired', '$(cloud-download) old.txt', '$(clear-all) Forget All Expired']);
    ui.quickPick?.hide();
  });

  it('"Forget" removes the record and its URL, and the list shows it at once', async () => {
    const h = await ledgerHarness();
    ui.answer({ button: 'Forget', item: 'b.bin' });
    await showActiveLinks(h.services);
    await ui.settled();
    assert.deepEqual(h.ledger.all().map((link) => link.key), ['old.txt', 'docs/a.txt']);
    assert.equal(h.secrets.values.has(linkSecretKey(h.ids['b.bin'])), false);
    assert.deepEqual(labels(), ['$(cloud-download) a.txt', 'Expired', '$(cloud-download) old.txt', '$(clear-all) Forget All Expired']);
    ui.quickPick?.hide();
  });

  it('"Forget All Expired" prunes only expired links', async () => {
    const h = await ledgerHarness();
    ui.answer({ pick: 'Forget All Expired' });
    await showActiveLinks(h.services);
    await ui.settled();
    assert.deepEqual(h.ledger.all().map((link) => link.key), ['docs/a.txt', 'b.bin']);
    assert.deepEqual([...h.secrets.values.keys()].sort(), [linkSecretKey(h.ids['docs/a.txt']), linkSecretKey(h.ids['b.bin'])].sort());
    assert.deepEqual(labels(), ['$(cloud-download) a.txt', '$(cloud-upload) b.bin']);
    ui.quickPick?.hide();
  });

  it('picking a link offers its actions: an upload link cannot be opened in a browser', async () => {
    const h = await ledgerHarness();
    ui.answer({ pick: 'b.bin' }, { pick: 'Copy Again' });
    await showActiveLinks(h.services);
    await ui.settled();
    assert.deepEqual(ui.prompts[1].labels, ['$(copy) Copy Again', '$(refresh) Regenerate', '$(trash) Forget']);
    assert.equal(ui.clipboard, 'https://fake.example/b.bin?X-Amz-Signature=old');
    assert.equal(ui.quickPick, undefined, 'the list closed');
  });

  it('an expired link can be regenerated: a new link with the same lifetime, copied and recorded', async () => {
    const h = await ledgerHarness();
    ui.answer({ pick: 'old.txt' }, { pick: 'Regenerate' });
    await showActiveLinks(h.services);
    await ui.settled();
    assert.deepEqual(ui.prompts[1].labels, ['$(refresh) Regenerate', '$(trash) Forget']);
    assert.equal(queryParam(ui.clipboard, 'X-Amz-Expires'), '7200');
    const regenerated = h.ledger.all().filter((link) => link.key === 'old.txt' && link.id !== h.ids['old.txt']);
    assert.equal(regenerated.length, 1);
    assert.equal(await h.ledger.url(regenerated[0].id), ui.clipboard);
  });

  it('with no link: says so', async () => {
    await settings();
    const h = harness(new FakeGateway(), () => NOW);
    ui.answer({ cancel: true });
    await showActiveLinks(h.services);
    await ui.settled();
    assert.deepEqual(ui.prompts[0].labels, ['No active links']);
  });
});
