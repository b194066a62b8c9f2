import * as assert from 'node:assert/strict';
import {
  EXPIRED_LINK_RETENTION_MS,
  LEGACY_LINKS_STATE_KEY,
  LinkLedger,
  ORPHAN_GRACE_MS,
  linkSecretKey,
  linkStateKey,
  type Disposable,
  type LinkRecord,
  type NewLinkRecord,
  type SecretStore,
  type StateStore,
} from '../../src/core/linkLedger';

/**
 * What VS Code's main process holds for one extension: its whole globalState as ONE value (each
 * window sends its whole cached copy on every update, extHostMemento.ts), and secrets key by key.
 * Each window gets the others' changes in order, at once or, with `delayed`, when the test calls
 * `deliver()`: that is how two windows come to write from stale copies.
 */
class SharedStorage {
  /** Each key's value as JSON, as a whole JSON object. */
  state = '{}';
  readonly secrets = new Map<string, string>();
  private readonly windows: FakeWindow[] = [];

  constructor(readonly delayed = false) {}

  window(): FakeWindow {
    const window = new FakeWindow(this);
    this.windows.push(window);
    return window;
  }

  /** A window wrote its whole state: the others' copies are replaced by it. */
  stateWritten(from: FakeWindow): void {
    this.state = JSON.stringify(from.state.value);
    const value = this.state;
    for (const window of this.windows.filter((w) => w !== from)) {
      this.send(window, () => (window.state.value = JSON.parse(value) as Record<string, string>));
    }
  }

  /** Every window, the writer included, hears of a secret change. */
  secretChanged(key: string): void {
    for (const window of this.windows) {
      this.send(window, () => window.secrets.fire(key));
    }
  }

  /** Hands each window what it has not received yet, in order; resolves to how much was delivered. */
  deliver(): number {
    let delivered = 0;
    for (const window of this.windows) {
      const pending = window.inbox.splice(0);
      pending.forEach((task) => task());
      delivered += pending.length;
    }
    return delivered;
  }

  /** Bytes kept for the extension: the state value and every secret. */
  storedBytes(): number {
    return this.state.length + [...this.secrets].reduce((sum, [key, value]) => sum + key.length + value.length, 0);
  }

  private send(window: FakeWindow, task: () => void): void {
    if (this.delayed) {
      window.inbox.push(task);
    } else {
      task();
    }
  }
}

class FakeWindow {
  readonly inbox: (() => void)[] = [];
  readonly state: WindowState;
  readonly secrets: WindowSecrets;
  constructor(shared: SharedStorage) {
    this.state = new WindowState(shared, this);
    this.secrets = new WindowSecrets(shared);
  }
}

/** Like a window's globalState: a cached copy, values stored as JSON, undefined deletes. */
class WindowState implements StateStore {
  value: Record<string, string>;
  failNextUpdate = false;
  constructor(
    private readonly shared: SharedStorage,
    private readonly window: FakeWindow,
  ) {
    this.value = JSON.parse(shared.state) as Record<string, string>;
  }
  keys(): string[] {
    return Object.keys(this.value);
  }
  get<T>(key: string): T | undefined {
    const value = this.value[key];
    return value === undefined ? undefined : (JSON.parse(value) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    if (this.failNextUpdate) {
      this.failNextUpdate = false;
      throw new Error('disk full');
    }
    if (value === undefined) {
      delete this.value[key];
    } else {
      this.value[key] = JSON.stringify(value);
    }
    this.shared.stateWritten(this.window);
  }
}

class WindowSecrets implements SecretStore {
  private readonly listeners = new Set<(event: { key: string }) => unknown>();
  failNextStore = false;
  constructor(private readonly shared: SharedStorage) {}
  async get(key: string) {
    return this.shared.secrets.get(key);
  }
  async store(key: string, value: string) {
    if (this.failNextStore) {
      this.failNextStore = false;
      throw new Error('keyring locked');
    }
    this.shared.secrets.set(key, value);
    this.shared.secretChanged(key);
  }
  async delete(key: string) {
    if (this.shared.secrets.delete(key)) {
      this.shared.secretChanged(key);
    }
  }
  async keys() {
    return [...this.shared.secrets.keys()];
  }
  onDidChange(listener: (event: { key: string }) => unknown): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }
  fire(key: string): void {
    this.listeners.forEach((listener) => listener({ key }));
  }
}

/** A secret store as in VS Code before 1.105: it cannot list its keys. */
function withoutKeys(secrets: WindowSecrets): SecretStore {
  return {
    get: (key) => secrets.get(key),
    store: (key, value) => secrets.store(key, value),
    delete: (key) => secrets.delete(key),
    onDidChange: (listener) => secrets.onDidChange(listener),
  };
}

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const HOUR = 3600_000;

function record(overrides: Partial<NewLinkRecord> = {}): NewLinkRecord {
  return {
    bucket: 'my-bucket',
    key: 'reports/q1.pdf',
    method: 'GET',
    expiresInSeconds: 3600,
    effectiveExpiresAt: T0 + HOUR,
    createdAt: T0,
    profile: 'dev',
    ...overrides,
  };
}

function setup(delayed = false) {
  const shared = new SharedStorage(delayed);
  const clock = { now: T0 };
  let counter = 0;
  const newLedger = (window = shared.window(), prefix = 'id') => new LinkLedger(window.secrets, window.state, () => clock.now, () => `${prefix}${++counter}`);
  const window = shared.window();
  return { shared, clock, window, secrets: shared.secrets, ledger: newLedger(window), newLedger };
}

function nextChange(ledger: LinkLedger): Promise<void> {
  return new Promise((resolve) => {
    const subscription = ledger.onDidChange(() => {
      subscription.dispose();
      resolve();
    });
  });
}

function stateKeys(shared: SharedStorage): string[] {
  return Object.keys(JSON.parse(shared.state) as object).sort();
}

describe('LinkLedger', () => {
  it('stores the URL only in the secret store and one record per state key', async () => {
    const { ledger, secrets, shared } = setup();
    const added = await ledger.add(record({ contentType: 'application/pdf' }), 'https://signed/url?X-Amz-Signature=s');
    assert.deepEqual(added, { ...record({ contentType: 'application/pdf' }), id: 'id1' });
    assert.deepEqual([...secrets], [['s3Presign.link.id1', 'https://signed/url?X-Amz-Signature=s']]);
    assert.deepEqual(stateKeys(shared), ['s3Presign.link.id1']);
    assert.equal(linkSecretKey('abc'), 's3Presign.link.abc');
    assert.equal(linkStateKey('abc'), 's3Presign.link.abc');
    assert.ok(!shared.state.includes('https://'));
    assert.equal(await ledger.url('id1'), 'https://signed/url?X-Amz-Signature=s');
    assert.equal(await ledger.url('nope'), undefined);
  });

  it('uses random UUIDs by default', async () => {
    const { window } = setup();
    const ledger = new LinkLedger(window.secrets, window.state, () => T0);
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
    assert.equal(secrets.has(linkSecretKey(a.id)), false);
    assert.equal(await ledger.url(a.id), undefined);
    assert.equal(await ledger.forget(a.id), false);
    assert.equal(await ledger.forget('unknown'), false);
  });

  it('forgets every expired link from both stores', async () => {
    const { ledger, secrets, clock } = setup();
    const gone1 = await ledger.add(record({ key: 'g1', effectiveExpiresAt: T0 + 1000 }), 'u1');
    const gone2 = await ledger.add(record({ key: 'g2', effectiveExpiresAt: T0 + 2000 }), 'u2');
    const kept = await ledger.add(record({ key: 'k', effectiveExpiresAt: T0 + 2001 }), 'u3');
    clock.now = T0 + 2000;
    assert.equal(await ledger.forgetExpired(), 2);
    assert.deepEqual(ledger.all(), [kept]);
    assert.deepEqual([...secrets.keys()], [linkSecretKey(kept.id)]);
    assert.equal(await ledger.url(gone1.id), undefined);
    assert.equal(await ledger.url(gone2.id), undefined);
    assert.equal(await ledger.forgetExpired(), 0);
  });

  it('keeps a link another window added while pruning', async () => {
    const { shared, window, clock, newLedger } = setup();
    const otherWindow = newLedger(shared.window(), 'other');
    // While this window deletes the expired secrets, the other window adds a link.
    let interleaved = false;
    const racingSecrets: SecretStore = {
      get: (key) => window.secrets.get(key),
      store: (key, value) => window.secrets.store(key, value),
      delete: async (key) => {
        if (!interleaved) {
          interleaved = true;
          await otherWindow.add(record({ key: 'new', effectiveExpiresAt: T0 + 9000 }), 'u2');
        }
        return window.secrets.delete(key);
      },
    };
    const ledger = new LinkLedger(racingSecrets, window.state, () => clock.now, () => 'mine');
    await ledger.add(record({ key: 'old', effectiveExpiresAt: T0 + 1000 }), 'u1');
    clock.now = T0 + 5000;
    assert.equal(await ledger.forgetExpired(), 1);
    assert.deepEqual(ledger.all().map((r) => r.key), ['new']);
    assert.equal(await ledger.url('other1'), 'u2');
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

  it('leaves nothing behind when either store refuses the write', async () => {
    const { ledger, secrets, shared, window } = setup();
    window.state.failNextUpdate = true;
    await assert.rejects(ledger.add(record(), 'u'), /disk full/);
    window.secrets.failNextStore = true;
    await assert.rejects(ledger.add(record(), 'u'), /keyring locked/);
    assert.equal(secrets.size, 0);
    assert.deepEqual(stateKeys(shared), []);
    assert.deepEqual(ledger.all(), []);
  });

  it('hands out copies, so callers cannot change stored records', async () => {
    const { ledger } = setup();
    const a = await ledger.add(record(), 'u');
    a.key = 'changed';
    ledger.active()[0].bucket = 'changed';
    assert.equal(ledger.all()[0].key, 'reports/q1.pdf');
    assert.equal(ledger.all()[0].bucket, 'my-bucket');
  });

  describe('across windows (issue 12)', () => {
    it('keeps both records when two windows add at the same moment from stale copies', async () => {
      const { shared, secrets, newLedger } = setup(true);
      const first = newLedger(shared.window(), 'first');
      const second = newLedger(shared.window(), 'second');
      const [a, b] = await Promise.all([first.add(record({ key: 'a' }), 'ua'), second.add(record({ key: 'b' }), 'ub')]);
      // Each window's whole copy of state reaches the other: the last one written would win.
      const healed = Promise.all([nextChange(first), nextChange(second)]);
      shared.deliver();
      await healed;
      while (shared.deliver() > 0) {
        // the copies written back reach the other window
      }
      const expected = [a, b].map((r) => r.id).sort();
      assert.deepEqual(first.all().map((r) => r.id).sort(), expected);
      assert.deepEqual(second.all().map((r) => r.id).sort(), expected);
      assert.deepEqual(stateKeys(shared), expected.map(linkStateKey).sort());
      assert.deepEqual([...secrets.keys()].sort(), expected.map(linkSecretKey).sort());
      assert.equal(await second.url(a.id), 'ua');
    });

    it("tells this window's listeners of another window's add and forget", async () => {
      const { shared, ledger, newLedger } = setup(true);
      const otherWindow = newLedger(shared.window(), 'other');
      const added = await otherWindow.add(record({ key: 'theirs' }), 'u');
      let changed = nextChange(ledger);
      shared.deliver();
      await changed;
      assert.deepEqual(ledger.active().map((r) => r.key), ['theirs']);
      await otherWindow.forget(added.id);
      changed = nextChange(ledger);
      shared.deliver();
      await changed;
      assert.deepEqual(ledger.all(), []);
    });

    it('does not take a secret whose record has not arrived yet for an orphan', async () => {
      const { shared, secrets, ledger, newLedger, clock } = setup(true);
      const otherWindow = newLedger(shared.window(), 'other');
      const theirs = await otherWindow.add(record({ key: 'theirs' }), 'u');
      // This window lists the secrets before the other window's state reaches it.
      await ledger.add(record({ key: 'mine' }), 'u2');
      assert.ok(secrets.has(linkSecretKey(theirs.id)));
      clock.now += ORPHAN_GRACE_MS;
      shared.deliver();
      await ledger.forgetExpired();
      assert.ok(secrets.has(linkSecretKey(theirs.id)));
      assert.deepEqual(ledger.all().map((r) => r.key).sort(), ['mine', 'theirs']);
    });
  });

  describe('recovery from corrupt state (issue 12)', () => {
    function seeded(state: Record<string, unknown>, secretIds: string[]) {
      const context = setup();
      context.shared.state = JSON.stringify(Object.fromEntries(Object.entries(state).map(([key, value]) => [key, JSON.stringify(value)])));
      for (const id of secretIds) {
        context.secrets.set(linkSecretKey(id), `https://signed/${id}`);
      }
      context.secrets.set('another.secret', 'kept');
      // A window opened on the seeded storage.
      const window = context.shared.window();
      return { ...context, window, ledger: context.newLedger(window) };
    }

    it('drops unsound records with their secrets, and deletes orphan secrets', async () => {
      const sound = { ...record({ key: 'ok' }), id: 'ok' };
      const { ledger, secrets, shared, clock } = seeded(
        {
          [LEGACY_LINKS_STATE_KEY]: { not: 'a list' },
          [linkStateKey('ok')]: sound,
          [linkStateKey('garbage')]: 'oops',
          [linkStateKey('renamed')]: { ...sound, id: 'other' },
          [linkStateKey('nomethod')]: { ...sound, id: 'nomethod', method: 'DELETE' },
          'another.key': 1,
        },
        ['ok', 'garbage', 'renamed', 'nomethod', 'lost1', 'lost2'],
      );
      assert.deepEqual(ledger.all(), [sound]);
      await ledger.forgetExpired(); // what activation runs
      assert.deepEqual(stateKeys(shared), ['another.key', linkStateKey('ok')]);
      // The records of `lost1` and `lost2` were in the corrupt array: only their secrets are left.
      assert.deepEqual([...secrets.keys()].sort(), ['another.secret', linkSecretKey('lost1'), linkSecretKey('lost2'), linkSecretKey('ok')]);
      clock.now += ORPHAN_GRACE_MS;
      await ledger.forgetExpired();
      assert.deepEqual([...secrets.keys()].sort(), ['another.secret', linkSecretKey('ok')]);
      assert.deepEqual(ledger.all(), [sound]);
      assert.equal(await ledger.url('ok'), 'https://signed/ok');
    });

    it('finds secrets of unsound records without listing the secret store', async () => {
      const sound = { ...record({ key: 'ok' }), id: 'ok' };
      const { shared, secrets, window, clock } = seeded(
        {
          [LEGACY_LINKS_STATE_KEY]: [null, 1, { id: 'x' }, sound, { ...sound, id: 'bad', method: 'DELETE' }],
          [linkStateKey('garbage')]: [],
        },
        ['ok', 'x', 'bad', 'garbage'],
      );
      const ledger = new LinkLedger(withoutKeys(window.secrets), window.state, () => clock.now, () => 'new');
      assert.deepEqual(ledger.all().map((r) => r.id), ['ok']);
      await ledger.add(record(), 'u');
      assert.deepEqual(ledger.all().map((r) => r.id).sort(), ['new', 'ok']);
      assert.deepEqual([...secrets.keys()].sort(), ['another.secret', linkSecretKey('new'), linkSecretKey('ok')]);
      assert.deepEqual(stateKeys(shared), [linkStateKey('new'), linkStateKey('ok')]);
    });

    it('migrates the array of older versions to one key per record, once', async () => {
      const a = { ...record({ key: 'a' }), id: 'a' };
      const b = { ...record({ key: 'b', method: 'PUT', contentType: 'text/plain' }), id: 'b', remindedAt: T0 + 5 };
      const noSecret = { ...record({ key: 'c' }), id: 'c' };
      const { ledger, secrets, shared, newLedger } = seeded({ [LEGACY_LINKS_STATE_KEY]: [a, b, noSecret], 'another.key': 'kept' }, ['a', 'b']);
      assert.deepEqual(ledger.all().map((r) => r.id), ['a', 'b', 'c'], 'listed before any change');
      await ledger.forgetExpired();
      assert.deepEqual(stateKeys(shared), ['another.key', linkStateKey('a'), linkStateKey('b')]);
      const reloaded = newLedger();
      assert.deepEqual(reloaded.all(), [a, b]);
      assert.equal(await reloaded.url('a'), 'https://signed/a');
      assert.equal(await reloaded.url('b'), 'https://signed/b');
      await reloaded.add(record({ key: 'new' }), 'u');
      assert.equal(reloaded.all().length, 3);
      assert.deepEqual([...secrets.keys()].sort(), ['another.secret', linkSecretKey('a'), linkSecretKey('b'), linkSecretKey('id1')]);
    });
  });

  describe('pruning (issue 12)', () => {
    it('prunes links expired longer than the retention on every change, and keeps recent ones listed', async () => {
      const { ledger, secrets, clock } = setup();
      const old = await ledger.add(record({ key: 'old', effectiveExpiresAt: T0 + 1000 }), 'u1');
      const recent = await ledger.add(record({ key: 'recent', effectiveExpiresAt: T0 + 2 * HOUR }), 'u2');
      const lasting = await ledger.add(record({ key: 'lasting', effectiveExpiresAt: T0 + 100 * HOUR }), 'u3');
      const gone = (r: LinkRecord) => !ledger.all().some((x) => x.id === r.id) && !secrets.has(linkSecretKey(r.id));

      clock.now = T0 + 1000 + EXPIRED_LINK_RETENTION_MS - 1;
      await ledger.markReminded(lasting.id);
      assert.deepEqual(ledger.all().map((r) => r.key), ['old', 'recent', 'lasting'], 'expired links stay listed for the retention');
      clock.now = T0 + 1000 + EXPIRED_LINK_RETENTION_MS;
      await ledger.markReminded(lasting.id); // already reminded, yet a change was attempted
      await ledger.add(record({ key: 'added', effectiveExpiresAt: T0 + 200 * HOUR }), 'u4');
      assert.ok(gone(old), 'pruned on add');
      assert.ok(!gone(recent));

      clock.now = T0 + 2 * HOUR + EXPIRED_LINK_RETENTION_MS;
      await ledger.forget('unknown');
      assert.ok(gone(recent), 'pruned on forget');
      assert.deepEqual(ledger.all().map((r) => r.key), ['lasting', 'added']);
    });

    it('prunes on markReminded', async () => {
      const { ledger, secrets, clock } = setup();
      const old = await ledger.add(record({ key: 'old', effectiveExpiresAt: T0 + 1000 }), 'u1');
      const lasting = await ledger.add(record({ key: 'lasting', effectiveExpiresAt: T0 + 100 * HOUR }), 'u2');
      clock.now = T0 + 1000 + EXPIRED_LINK_RETENTION_MS;
      assert.equal(await ledger.markReminded(lasting.id), true);
      assert.deepEqual(ledger.all().map((r) => r.key), ['lasting']);
      assert.equal(secrets.has(linkSecretKey(old.id)), false);
    });

    it('keeps storage bounded by the links still listed, over 5,000 links', async function () {
      this.timeout(20_000); // a slow shared machine; no waiting is involved
      const { ledger, shared, clock } = setup();
      const url = `https://my-bucket.s3.eu-west-1.amazonaws.com/reports/q1.pdf?X-Amz-Signature=${'a'.repeat(64)}`;
      let largest = 0;
      for (let i = 0; i < 5000; i++) {
        await ledger.add(record({ createdAt: clock.now, effectiveExpiresAt: clock.now + HOUR }), url);
        largest = Math.max(largest, shared.storedBytes());
        assert.ok(largest < 30_000, `${largest} bytes stored after ${i + 1} links`);
        clock.now += HOUR;
      }
      // Links expire an hour after they are made and stay listed for the retention, then go.
      assert.ok(ledger.all().length <= EXPIRED_LINK_RETENTION_MS / HOUR + 1);
    });
  });

  describe('links recorded together (issue 13)', () => {
    /** Counts the writes this window sends to the secret store (each a round trip in VS Code). */
    function counted(secrets: SecretStore) {
      const calls = { store: 0, delete: 0 };
      const store: SecretStore = {
        get: (key) => secrets.get(key),
        store: (key, value) => (calls.store++, secrets.store(key, value)),
        delete: (key) => (calls.delete++, secrets.delete(key)),
        keys: () => secrets.keys!(),
        onDidChange: (listener) => secrets.onDidChange!(listener),
      };
      return { calls, store };
    }

    const three = () => ['a', 'b', 'c'].map((key) => ({ record: record({ key }), url: `https://signed/${key}` }));

    it('writes the URLs of links added together as one secret, and each reads back its own', async () => {
      const { window, shared, secrets, clock } = setup();
      const { calls, store } = counted(window.secrets);
      const ledger = new LinkLedger(store, window.state, () => clock.now, (() => { let n = 0; return () => `id${++n}`; })());
      const added = await ledger.addAll(three());
      assert.equal(calls.store, 1);
      assert.deepEqual([...secrets.keys()], [linkSecretKey('id1')]);
      assert.deepEqual(added.map((r) => [r.id, r.key, r.batch]), [['id2', 'a', 'id1'], ['id3', 'b', 'id1'], ['id4', 'c', 'id1']]);
      assert.deepEqual(stateKeys(shared), ['id2', 'id3', 'id4'].map(linkStateKey));
      assert.ok(!shared.state.includes('https://'));
      for (const link of added) {
        assert.equal(await ledger.url(link.id), `https://signed/${link.key}`);
      }
      assert.deepEqual(await ledger.addAll([]), []);
      assert.equal(calls.store, 1);
    });

    it('forgetting one takes its URL out of the batch; forgetting the last deletes the batch', async () => {
      const { ledger, secrets } = setup();
      const [a, b, c] = await ledger.addAll(three());
      assert.equal(await ledger.forget(b.id), true);
      const batch = secrets.get(linkSecretKey(a.batch!))!;
      assert.ok(!batch.includes('https://signed/b'), batch);
      assert.equal(await ledger.url(b.id), undefined);
      assert.equal(await ledger.url(a.id), 'https://signed/a');
      assert.equal(await ledger.url(c.id), 'https://signed/c');
      await ledger.forget(a.id);
      await ledger.forget(c.id);
      assert.deepEqual([...secrets.keys()], []);
      assert.deepEqual(ledger.all(), []);
    });

    it('prunes an expired batch with one delete', async () => {
      const { window, shared, secrets, clock } = setup();
      const { calls, store } = counted(window.secrets);
      const ledger = new LinkLedger(store, window.state, () => clock.now);
      await ledger.addAll(Array.from({ length: 50 }, (_, i) => ({ record: record({ key: `f${i}` }), url: `https://signed/${i}` })));
      clock.now = T0 + HOUR;
      calls.store = 0;
      assert.equal(await ledger.forgetExpired(), 50);
      assert.deepEqual(calls, { store: 0, delete: 1 });
      assert.deepEqual([...secrets.keys()], []);
      assert.deepEqual(stateKeys(shared), []);
    });

    it('records nothing when the secret store refuses the batch', async () => {
      const { ledger, window, shared, secrets } = setup();
      window.secrets.failNextStore = true;
      await assert.rejects(ledger.addAll(three()), /keyring locked/);
      assert.deepEqual(ledger.all(), []);
      assert.deepEqual(stateKeys(shared), []);
      assert.deepEqual([...secrets.keys()], []);
    });

    it("does not bring back a link of this window's batch that another window forgot", async () => {
      const { shared, secrets, ledger, newLedger } = setup(true);
      const other = newLedger(shared.window(), 'other');
      const [a, b] = await ledger.addAll(three().slice(0, 2));
      shared.deliver();
      assert.deepEqual(other.all().map((r) => r.key), ['a', 'b']);
      await other.forget(a.id);
      // This window hears of the rewritten batch, and its copy of state (still listing `a`) is replaced.
      const changed = nextChange(ledger);
      shared.deliver();
      await changed;
      while (shared.deliver() > 0) {
        // anything written back reaches the other window
      }
      await ledger.forgetExpired();
      assert.deepEqual(ledger.all().map((r) => r.key), ['b']);
      assert.deepEqual(other.all().map((r) => r.key), ['b']);
      assert.deepEqual(stateKeys(shared), [linkStateKey(b.id)]);
      assert.deepEqual(Object.keys(JSON.parse(secrets.get(linkSecretKey(b.batch!))!) as object), [b.id]);
    });

    it('another window forgetting the whole batch removes every link of it here', async () => {
      const { shared, secrets, ledger, newLedger } = setup(true);
      const other = newLedger(shared.window(), 'other');
      const added = await ledger.addAll(three());
      shared.deliver();
      for (const link of added) {
        await other.forget(link.id);
      }
      const changed = nextChange(ledger);
      shared.deliver();
      await changed;
      while (shared.deliver() > 0) {
        // anything written back reaches the other window
      }
      assert.deepEqual(ledger.all(), []);
      assert.deepEqual(stateKeys(shared), []);
      assert.deepEqual([...secrets.keys()], []);
    });

    it('drops records whose batch is unreadable, and deletes a batch no record points to', async () => {
      const { shared, secrets, clock, newLedger } = setup();
      const sound = (id: string, batch: string) => ({ ...record({ key: id }), id, batch });
      shared.state = JSON.stringify({ [linkStateKey('x')]: JSON.stringify(sound('x', 'broken')), [linkStateKey('y')]: JSON.stringify(sound('y', 'broken')) });
      secrets.set(linkSecretKey('broken'), 'not json');
      secrets.set(linkSecretKey('stray'), JSON.stringify({ z: 'https://signed/z' }));
      const ledger = newLedger(shared.window());
      assert.deepEqual(ledger.all().map((r) => r.id), ['x', 'y']);
      assert.equal(await ledger.url('x'), undefined);
      await ledger.forgetExpired(); // the stray batch is seen; it may be another window's add on its way
      clock.now += ORPHAN_GRACE_MS;
      await ledger.forgetExpired();
      assert.deepEqual(ledger.all(), []);
      assert.deepEqual([...secrets.keys()], []);
    });
  });
});
