import * as assert from 'node:assert/strict';
import { LINKS_STATE_KEY, LinkLedger, linkSecretKey, type NewLinkRecord } from '../../src/core/linkLedger';

class FakeSecrets {
  readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key);
  }
  async store(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}

/** Like globalState: values are stored as JSON, so readers never share objects with writers. */
class FakeState {
  readonly values = new Map<string, string>();
  failNextUpdate = false;
  get<T>(key: string): T | undefined {
    const raw = this.values.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }
  async update(key: string, value: unknown) {
    if (this.failNextUpdate) {
      this.failNextUpdate = false;
      throw new Error('disk full');
    }
    this.values.set(key, JSON.stringify(value));
  }
}

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

function record(overrides: Partial<NewLinkRecord> = {}): NewLinkRecord {
  return {
    bucket: 'my-bucket',
    key: 'reports/q1.pdf',
    method: 'GET',
    expiresInSeconds: 3600,
    effectiveExpiresAt: T0 + 3600_000,
    createdAt: T0,
    profile: 'dev',
    ...overrides,
  };
}

function setup() {
  const secrets = new FakeSecrets();
  const state = new FakeState();
  const clock = { now: T0 };
  let counter = 0;
  const newLedger = () => new LinkLedger(secrets, state, () => clock.now, () => `id${++counter}`);
  return { secrets, state, clock, ledger: newLedger(), newLedger };
}

describe('LinkLedger', () => {
  it('stores the URL only in the secret store and the record only in state', async () => {
    const { ledger, secrets, state } = setup();
    const added = await ledger.add(record({ contentType: 'application/pdf' }), 'https://signed/url?X-Amz-Signature=s');
    assert.deepEqual(added, { ...record({ contentType: 'application/pdf' }), id: 'id1' });
    assert.deepEqual([...secrets.values], [['s3Presign.link.id1', 'https://signed/url?X-Amz-Signature=s']]);
    assert.deepEqual([...state.values.keys()], ['s3Presign.links']);
    assert.equal(LINKS_STATE_KEY, 's3Presign.links');
    assert.equal(linkSecretKey('abc'), 's3Presign.link.abc');
    assert.ok(!state.values.get(LINKS_STATE_KEY)!.includes('https://'));
    assert.equal(await ledger.url('id1'), 'https://signed/url?X-Amz-Signature=s');
    assert.equal(await ledger.url('nope'), undefined);
  });

  it('uses random UUIDs by default', async () => {
    const ledger = new LinkLedger(new FakeSecrets(), new FakeState(), () => T0);
    const a = await ledger.add(record(), 'u1');
    const b = await ledger.add(record(), 'u2');
    assert.match(a.id, /^[0-9a-f-]{36}$/);
    assert.notEqual(a.id, b.id);
  });

  it('lists active links by expiry; at exactly effectiveExpiresAt a link is expired', async () => {
    const { ledger, clock } = setup();
    await ledger.add(record({ key: 'late', effectiveExpiresAt: T0 + 7200_000 }), 'u1');
    await ledger.add(record({ key: 'soon', effectiveExpiresAt: T0 + 60_000 }), 'u2');
    await ledger.add(record({ key: 'mid', effectiveExpiresAt: T0 + 3600_000 }), 'u3');
    assert.deepEqual(ledger.active().map((r) => r.key), ['soon', 'mid', 'late']);
    clock.now = T0 + 60_000 - 1;
    assert.deepEqual(ledger.active().map((r) => r.key), ['soon', 'mid', 'late']);
    clock.now = T0 + 60_000;
    assert.deepEqual(ledger.active().map((r) => r.key), ['mid', 'late']);
    clock.now = T0 + 3600_000 - 1000;
    assert.deepEqual(ledger.active().map((r) => r.key), ['mid', 'late']);
    clock.now = T0 + 7200_000;
    assert.deepEqual(ledger.active(), []);
    assert.deepEqual(ledger.all().map((r) => r.key), ['soon', 'mid', 'late']);
  });

  it('restores the same records after a reload', async () => {
    const { ledger, newLedger } = setup();
    const a = await ledger.add(record({ key: 'a' }), 'ua');
    const b = await ledger.add(record({ key: 'b', method: 'PUT', contentType: 'text/plain', limitedByCredentials: true }), 'ub');
    const reloaded = newLedger();
    assert.deepEqual(reloaded.active(), [a, b]);
    assert.equal(await reloaded.url(b.id), 'ub');
  });

  it('forgets a link in both stores', async () => {
    const { ledger, secrets } = setup();
    const a = await ledger.add(record({ key: 'a' }), 'ua');
    const b = await ledger.add(record({ key: 'b' }), 'ub');
    assert.equal(await ledger.forget(a.id), true);
    assert.deepEqual(ledger.all(), [b]);
    assert.equal(secrets.values.has(linkSecretKey(a.id)), false);
    assert.equal(await ledger.url(a.id), undefined);
    assert.equal(await ledger.forget(a.id), false);
    assert.equal(await ledger.forget('unknown'), false);
  });

  it('prunes expired links from both stores', async () => {
    const { ledger, secrets, clock } = setup();
    const gone1 = await ledger.add(record({ key: 'g1', effectiveExpiresAt: T0 + 1000 }), 'u1');
    const gone2 = await ledger.add(record({ key: 'g2', effectiveExpiresAt: T0 + 2000 }), 'u2');
    const kept = await ledger.add(record({ key: 'k', effectiveExpiresAt: T0 + 2001 }), 'u3');
    clock.now = T0 + 2000;
    assert.equal(await ledger.forgetExpired(), 2);
    assert.deepEqual(ledger.all(), [kept]);
    assert.deepEqual([...secrets.values.keys()], [linkSecretKey(kept.id)]);
    assert.equal(await ledger.url(gone1.id), undefined);
    assert.equal(await ledger.url(gone2.id), undefined);
    assert.equal(await ledger.forgetExpired(), 0);
  });

  it('keeps a link another window added while pruning', async () => {
    const { secrets, state, clock } = setup();
    const otherWindow = new LinkLedger(secrets, state, () => clock.now, () => 'other');
    // While this window deletes the expired secrets, the other window adds a link.
    let interleaved = false;
    const racingSecrets = {
      get: (key: string) => secrets.get(key),
      store: (key: string, value: string) => secrets.store(key, value),
      delete: async (key: string) => {
        if (!interleaved) {
          interleaved = true;
          await otherWindow.add(record({ key: 'new', effectiveExpiresAt: T0 + 9000 }), 'u2');
        }
        return secrets.delete(key);
      },
    };
    const ledger = new LinkLedger(racingSecrets, state, () => clock.now, () => 'mine');
    await ledger.add(record({ key: 'old', effectiveExpiresAt: T0 + 1000 }), 'u1');
    clock.now = T0 + 5000;
    assert.equal(await ledger.forgetExpired(), 1);
    assert.deepEqual(ledger.all().map((r) => r.key), ['new']);
    assert.equal(await ledger.url('other'), 'u2');
  });

  it('marks a reminder once, across windows', async () => {
    const { ledger, newLedger, clock } = setup();
    const a = await ledger.add(record(), 'u');
    clock.now = T0 + 100;
    const otherWindow = newLedger();
    assert.equal(await otherWindow.markReminded(a.id), true);
    assert.equal(await ledger.markReminded(a.id), false);
    assert.equal(await otherWindow.markReminded(a.id), false);
    assert.equal(ledger.get(a.id)?.remindedAt, T0 + 100);
    assert.equal(await ledger.markReminded('unknown'), false);
  });

  it('notifies listeners on changes, and stops after dispose', async () => {
    const { ledger, clock } = setup();
    let calls = 0;
    const subscription = ledger.onDidChange(() => calls++);
    ledger.onDidChange(() => {
      throw new Error('a broken listener');
    });
    const a = await ledger.add(record({ effectiveExpiresAt: T0 + 10 }), 'u');
    assert.equal(calls, 1);
    await ledger.markReminded(a.id);
    assert.equal(calls, 2);
    await ledger.markReminded(a.id); // no change
    assert.equal(calls, 2);
    clock.now = T0 + 10;
    await ledger.forgetExpired();
    assert.equal(calls, 3);
    await ledger.forget(a.id); // already gone
    assert.equal(calls, 3);
    subscription.dispose();
    await ledger.add(record(), 'u2');
    assert.equal(calls, 3);
  });

  it('does not leave a secret behind when the state write fails', async () => {
    const { ledger, secrets, state } = setup();
    state.failNextUpdate = true;
    await assert.rejects(ledger.add(record(), 'u'), /disk full/);
    assert.equal(secrets.values.size, 0);
    assert.deepEqual(ledger.all(), []);
  });

  it('ignores malformed state', async () => {
    const { ledger, state } = setup();
    state.values.set(LINKS_STATE_KEY, JSON.stringify({ not: 'a list' }));
    assert.deepEqual(ledger.all(), []);
    state.values.set(LINKS_STATE_KEY, JSON.stringify([null, 1, { id: 'x' }, { ...record(), id: 'ok' }, { ...record(), id: 'bad', method: 'DELETE' }]));
    assert.deepEqual(ledger.all().map((r) => r.id), ['ok']);
    await ledger.add(record(), 'u');
    assert.equal(ledger.all().length, 2);
  });

  it('hands out copies, so callers cannot change stored records', async () => {
    const { ledger } = setup();
    const a = await ledger.add(record(), 'u');
    a.key = 'changed';
    ledger.active()[0].bucket = 'changed';
    assert.equal(ledger.all()[0].key, 'reports/q1.pdf');
    assert.equal(ledger.all()[0].bucket, 'my-bucket');
  });
});
