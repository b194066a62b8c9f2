import * as assert from 'node:assert/strict';
import { LinkLedger, type NewLinkRecord } from '../../src/core/linkLedger';
import { ReminderSchedule, dueReminders, nextReminderAt } from '../../src/core/reminderSchedule';
import { Scheduler } from '../../src/core/scheduler';
import { nextStatusUpdateDelay } from '../../src/core/statusSchedule';
import { FakeClock } from './fakeClock';
import { H, M, S, T0, link } from '../fixtures/linkRecords';


describe('reminder schedule', () => {
  describe('dueReminders', () => {
    it('returns links whose reminder moment has come, once', () => {
      const early = link(5 * M); // reminder moment exactly now
      const almost = link(5 * M + 1); // one ms before its moment
      const inside = link(2 * M);
      const reminded = link(M, { remindedAt: T0 - 1000 });
      const expired = link(0);
      assert.deepEqual(dueReminders([almost, early, inside, reminded, expired], T0, 5 * M), [inside, early]);
      assert.deepEqual(dueReminders([almost], T0 + 1, 5 * M), [almost]);
    });

    it('does nothing when reminders are off', () => {
      assert.deepEqual(dueReminders([link(S), link(M)], T0, 0), []);
    });
  });

  describe('nextReminderAt', () => {
    it('is the earliest reminder moment of a link not reminded yet', () => {
      assert.equal(nextReminderAt([link(H + 30 * S), link(5 * M + 10 * S)], T0, 5 * M), T0 + 10 * S);
      assert.equal(nextReminderAt([link(20 * M + 40 * S), link(2 * H + 15 * S, { remindedAt: T0 })], T0, 2 * H), T0 - 99 * M - 20 * S);
    });

    it('is a past moment, meaning now, for a link issued with less time left than warnBefore', () => {
      assert.equal(nextReminderAt([link(2 * M)], T0, 5 * M), T0 - 3 * M);
    });

    it('is undefined when nothing is pending or reminders are off', () => {
      assert.equal(nextReminderAt([], T0, 5 * M), undefined);
      assert.equal(nextReminderAt([link(0), link(M, { remindedAt: T0 })], T0, 5 * M), undefined);
      assert.equal(nextReminderAt([link(H)], T0, 0), undefined);
    });
  });

  describe('ReminderSchedule on the scheduler', () => {
    /** Lets the ledger's asynchronous writes finish: no time passes on the fake clock. */
    const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

    /** Like globalState, shared by every window: stored as JSON so no window shares objects. */
    class SharedState {
      private readonly values = new Map<string, string>();
      /** Writes land a moment later, as a store that persists before it answers may do. */
      slowWrites = false;
      get<T>(key: string): T | undefined {
        const raw = this.values.get(key);
        return raw === undefined ? undefined : (JSON.parse(raw) as T);
      }
      async update(key: string, value: unknown): Promise<void> {
        if (this.slowWrites) {
          await settle();
        }
        if (value === undefined) {
          this.values.delete(key);
        } else {
          this.values.set(key, JSON.stringify(value));
        }
      }
      keys(): readonly string[] {
        return [...this.values.keys()];
      }
    }

    class Secrets {
      private readonly values = new Map<string, string>();
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

    const issued = (clock: FakeClock, expiresInMs: number, key: string): NewLinkRecord => ({
      bucket: 'my-bucket',
      key,
      method: 'GET',
      expiresInSeconds: Math.round(expiresInMs / 1000),
      effectiveExpiresAt: clock.time + expiresInMs,
      createdAt: clock.time,
      profile: 'dev',
    });

    /** One VS Code window: its ledger on the shared stores, its scheduler, and its reminders (as extension.ts wires them). */
    function openWindow(clock: FakeClock, state: SharedState, secrets: Secrets, warnBeforeMs = 5 * M) {
      let ids = 0;
      const ledger = new LinkLedger(secrets, state, clock.now, () => `link${++ids}`);
      const scheduler = new Scheduler((error) => {
        throw error;
      }, clock);
      const shown: { key: string; at: number }[] = [];
      const reminders = new ReminderSchedule(ledger, () => warnBeforeMs, (record, now) => shown.push({ key: record.key, at: now }), scheduler);
      ledger.onDidChange(() => scheduler.reschedule());
      return { ledger, scheduler, reminders, shown };
    }

    function setup(warnBeforeMs?: number) {
      const clock = new FakeClock(T0);
      const state = new SharedState();
      const secrets = new Secrets();
      return { clock, state, secrets, ...openWindow(clock, state, secrets, warnBeforeMs) };
    }

    it('reminds warnBefore before expiry with no status bar subscribed, once', async () => {
      const { clock, ledger, shown } = setup();
      await ledger.add(issued(clock, 20 * M, 'a.txt'), 'https://a');
      clock.advanceTo(T0 + 15 * M - 1);
      await settle();
      assert.deepEqual(shown, []);
      clock.advanceTo(T0 + 15 * M);
      await settle();
      assert.deepEqual(shown, [{ key: 'a.txt', at: T0 + 15 * M }]);
      assert.notEqual(ledger.get('link1')?.remindedAt, undefined, 'marked in the shared state');
      clock.advanceTo(T0 + H);
      await settle();
      assert.equal(shown.length, 1);
    });

    it('still reminds after the status bar subscription is disposed', async () => {
      const { clock, ledger, scheduler, shown } = setup();
      const statusRuns: number[] = [];
      const statusBar = scheduler.subscribe({
        next: (now) => {
          const delay = nextStatusUpdateDelay(ledger.active(), now);
          return delay === undefined ? undefined : now + delay;
        },
        run: (now) => void statusRuns.push(now),
      });
      await ledger.add(issued(clock, 10 * M, 'a.txt'), 'https://a');
      clock.advanceTo(T0 + M);
      statusBar.dispose();
      const statusRunsWhenHidden = statusRuns.length;
      clock.advanceTo(T0 + 5 * M);
      await settle();
      assert.deepEqual(shown, [{ key: 'a.txt', at: T0 + 5 * M }]);
      assert.equal(statusRuns.length, statusRunsWhenHidden, 'the disposed subscription never ran again');
      assert.ok(statusRunsWhenHidden > 1, 'the status bar was woken while subscribed');
    });

    it('reminds at once of a link issued with less time left than warnBefore', async () => {
      const { clock, ledger, shown } = setup();
      await ledger.add(issued(clock, 2 * M, 'short.txt'), 'https://short');
      await settle();
      assert.deepEqual(shown, [{ key: 'short.txt', at: T0 }]);
      assert.deepEqual(clock.pending, [], 'nothing left to wake up for');
    });

    it('reminds of links already due when it starts (issued before a restart)', async () => {
      const { clock, state, secrets, ledger } = setup(0);
      await ledger.add(issued(clock, 3 * M, 'old.txt'), 'https://old');
      const restarted = openWindow(clock, state, secrets);
      await settle();
      assert.deepEqual(restarted.shown, [{ key: 'old.txt', at: T0 }]);
    });

    it('shows each reminder in one window only', async () => {
      const { clock, state, secrets, ledger, shown } = setup();
      const other = openWindow(clock, state, secrets);
      await ledger.add(issued(clock, 10 * M, 'a.txt'), 'https://a');
      // The other window learns of the link through the secret store's change event.
      other.scheduler.reschedule();
      clock.advanceTo(T0 + 5 * M);
      await settle();
      assert.equal(shown.length + other.shown.length, 1);
    });

    it('does not wake the scheduler again while the mark is being written', async () => {
      const { clock, state, ledger, shown } = setup();
      await ledger.add(issued(clock, 10 * M, 'a.txt'), 'https://a');
      state.slowWrites = true;
      clock.advanceTo(T0 + 5 * M);
      assert.equal(ledger.get('link1')?.remindedAt, undefined, 'the mark is still being written');
      // The reminder ran and its mark is not written yet: the scheduler must not be due again at once.
      assert.deepEqual(clock.pending, []);
      // The ledger writes the mark in a few asynchronous steps; wait for them, not for a fixed time.
      for (let turn = 0; turn < 50 && shown.length === 0; turn++) {
        await settle();
      }
      assert.equal(shown.length, 1);
    });

    it('sets no timer when reminders are off, and stops when disposed', async () => {
      const off = setup(0);
      await off.ledger.add(issued(off.clock, 10 * M, 'a.txt'), 'https://a');
      assert.deepEqual(off.clock.pending, []);

      const { clock, ledger, reminders, shown } = setup();
      await ledger.add(issued(clock, 10 * M, 'a.txt'), 'https://a');
      assert.deepEqual(clock.pending, [T0 + 5 * M]);
      reminders.dispose();
      assert.deepEqual(clock.pending, []);
      clock.advanceTo(T0 + 10 * M);
      await settle();
      assert.deepEqual(shown, []);
    });
  });
});
