import { strict as assert } from 'node:assert';
import { Commands } from '../../src/ids';
import type { LinkRecord } from '../../src/core/linkLedger';
import { internals, runWithClipboard, setSetting, waitFor } from './helpers';

const BUCKET = 'presign-test';

async function forgetAll(): Promise<void> {
  const { ledger } = await internals();
  for (const record of ledger.all()) {
    await ledger.forget(record.id);
  }
}

suite('issued links: ledger, status bar, reminders (real extension host)', () => {
  setup(forgetAll);
  suiteTeardown(async () => {
    await setSetting('reminders.warnBefore', undefined);
    await forgetAll();
  });

  test('the status bar is hidden with no active link and counts the links issued', async () => {
    const { statusBar } = await internals();
    assert.equal(statusBar.state.visible, false, 'hidden when nothing is active');
    await runWithClipboard(Commands.copyGetUrl, { bucket: BUCKET, key: 'hello.txt', expiresIn: '12m' });
    await runWithClipboard(Commands.presignUpload, { bucket: BUCKET, key: 'uploads/ledger.txt', expiresIn: '1h' });
    await runWithClipboard(Commands.copyGetUrl, { bucket: BUCKET, key: 'docs/report.pdf', expiresIn: '2h' });
    assert.equal(statusBar.state.visible, true);
    assert.match(statusBar.state.text, /^\$\(link\) 3 · 1[12]m$/);
  });

  test('records each link with its method, expiry and profile, and keeps the URL in SecretStorage', async () => {
    const { ledger } = await internals();
    const before = Date.now();
    const { result: url } = await runWithClipboard<string>(Commands.copyGetUrl, { bucket: BUCKET, key: 'hello.txt', expiresIn: 600 });
    const [record] = ledger.active();
    assert.ok(record);
    assert.deepEqual(
      { bucket: record.bucket, key: record.key, method: record.method, expiresInSeconds: record.expiresInSeconds, profile: record.profile },
      { bucket: BUCKET, key: 'hello.txt', method: 'GET', expiresInSeconds: 600, profile: 'rgw' },
    );
    assert.ok(Math.abs(record.effectiveExpiresAt - (before + 600_000)) < 5000);
    assert.equal(await ledger.url(record.id), url);
    assert.ok(!JSON.stringify(ledger.all()).includes('X-Amz-Signature'), 'no URL in the record list (global state)');
  });

  test('Forget removes the record and its secret, and the status bar follows', async () => {
    const { ledger, statusBar } = await internals();
    await runWithClipboard(Commands.copyGetUrl, { bucket: BUCKET, key: 'hello.txt', expiresIn: 600 });
    const [record] = ledger.active();
    assert.equal(statusBar.state.visible, true);
    assert.equal(await ledger.forget(record.id), true);
    assert.equal(await ledger.url(record.id), undefined, 'secret removed');
    assert.deepEqual(ledger.all(), []);
    assert.equal(statusBar.state.visible, false);
  });

  test('an expired link leaves the count and is pruned from both stores', async () => {
    const { ledger, statusBar } = await internals();
    await runWithClipboard(Commands.copyGetUrl, { bucket: BUCKET, key: 'hello.txt', expiresIn: 2 });
    assert.match(statusBar.state.text, /^\$\(link\) 1 · [12]s$/);
    // The scheduler's timer, not a refresh from the test, must hide the item when the link expires.
    await waitFor(() => !statusBar.state.visible, 'the status bar to hide at expiry');
    assert.equal(ledger.active().length, 0);
    const [expired] = ledger.all();
    assert.equal(await ledger.forgetExpired(), 1);
    assert.equal(await ledger.url(expired.id), undefined);
  });

  test('a reminder fires once per link, warnBefore before it expires', async () => {
    const { reminders } = await internals();
    const reminded: LinkRecord[] = [];
    const subscription = reminders.onDidRemind((record) => reminded.push(record));
    try {
      await setSetting('reminders.warnBefore', '10m');
      await runWithClipboard(Commands.copyGetUrl, { bucket: BUCKET, key: 'hello.txt', expiresIn: '11m' });
      await runWithClipboard(Commands.copyGetUrl, { bucket: BUCKET, key: 'docs/report.pdf', expiresIn: '5m' });
      await waitFor(() => reminded.length > 0, 'the reminder of the link inside the warning window');
      assert.deepEqual(reminded.map((record) => record.key), ['docs/report.pdf'], 'only the link inside the warning window');
      reminders.check();
      reminders.check(Date.now() + 61_000);
      await waitFor(() => reminded.length > 1, 'the reminder of the second link');
      assert.deepEqual(reminded.map((record) => record.key).sort(), ['docs/report.pdf', 'hello.txt'], 'each link once');
    } finally {
      subscription.dispose();
    }
  });
});
