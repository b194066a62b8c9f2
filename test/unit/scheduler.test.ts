import * as assert from 'node:assert/strict';
import { Scheduler, type Subscriber } from '../../src/core/scheduler';
import { FakeClock } from './fakeClock';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

/** Asks to run at each of `moments` in turn (then never), and records when it ran. */
function subscriber(moments: number[]): Subscriber & { runs: number[] } {
  const runs: number[] = [];
  return {
    runs,
    next: () => moments.find((at) => at > (runs.at(-1) ?? -Infinity)),
    run: (now) => void runs.push(now),
  };
}

function setup() {
  const clock = new FakeClock(T0);
  const errors: unknown[] = [];
  const scheduler = new Scheduler((error) => errors.push(error), clock);
  return { clock, errors, scheduler };
}

describe('Scheduler', () => {
  it('runs a new subscriber at once, then at each moment it asks for', () => {
    const { clock, scheduler } = setup();
    const ticker = subscriber([T0 + 1000, T0 + 5000]);
    scheduler.subscribe(ticker);
    assert.deepEqual(ticker.runs, [T0]);
    clock.advanceTo(T0 + 999);
    assert.deepEqual(ticker.runs, [T0]);
    clock.advanceTo(T0 + 10_000);
    assert.deepEqual(ticker.runs, [T0, T0 + 1000, T0 + 5000]);
    assert.deepEqual(clock.pending, [], 'no timer once nobody asks for one');
  });

  it('runs a subscriber at the moment it asked for even if, by then, it would answer "never"', () => {
    // The status bar asks to run when its last link expires; at that moment no link is live any more.
    const { clock, scheduler } = setup();
    const expiry = T0 + 2000;
    const runs: number[] = [];
    scheduler.subscribe({
      next: (now) => (now < expiry ? expiry : undefined),
      run: (now) => void runs.push(now),
    });
    clock.advanceTo(T0 + 5000);
    assert.deepEqual(runs, [T0, expiry]);
  });

  it('keeps one timer, set for the earliest moment any subscriber asks for', () => {
    const { clock, scheduler } = setup();
    const slow = subscriber([T0 + 60_000]);
    const fast = subscriber([T0 + 1000, T0 + 2000]);
    scheduler.subscribe(slow);
    assert.deepEqual(clock.pending, [T0 + 60_000]);
    scheduler.subscribe(fast);
    assert.deepEqual(clock.pending, [T0 + 1000]);
    clock.advanceTo(T0 + 1000);
    assert.deepEqual(clock.pending, [T0 + 2000], 're-armed after running');
    clock.advanceTo(T0 + 2000);
    assert.deepEqual(clock.pending, [T0 + 60_000]);
    clock.advanceTo(T0 + 60_000);
    assert.deepEqual(fast.runs, [T0, T0 + 1000, T0 + 2000]);
    assert.deepEqual(slow.runs, [T0, T0 + 60_000], 'runs only when its own moment comes');
  });

  it('retries a subscriber that still asks for a past moment a second later, not in a loop', () => {
    const { clock, scheduler } = setup();
    const runs: number[] = [];
    scheduler.subscribe({ next: () => T0 + 500, run: (now) => void runs.push(now) });
    const other = subscriber([T0 + 1200]);
    scheduler.subscribe(other);
    clock.advanceTo(T0 + 2600);
    assert.deepEqual(runs, [T0, T0 + 500, T0 + 1500, T0 + 2500]);
    assert.deepEqual(other.runs, [T0, T0 + 1200], 'the retry does not delay another subscriber');
    assert.deepEqual(clock.pending, [T0 + 3500]);
  });

  it('reschedule runs every subscriber with the new state and re-arms for the new earliest moment', () => {
    const { clock, scheduler } = setup();
    let moment: number | undefined = T0 + 60_000;
    const runs: number[] = [];
    scheduler.subscribe({ next: () => moment, run: (now) => void runs.push(now) });
    assert.deepEqual(clock.pending, [T0 + 60_000]);
    clock.advanceTo(T0 + 10);
    moment = T0 + 3000;
    scheduler.reschedule();
    assert.deepEqual(runs, [T0, T0 + 10]);
    assert.deepEqual(clock.pending, [T0 + 3000], 'the old timer is replaced, not added to');
    moment = undefined;
    scheduler.reschedule();
    assert.deepEqual(clock.pending, []);
  });

  it('stops running a disposed subscription and re-arms for the others', () => {
    const { clock, scheduler } = setup();
    const fast = subscriber([T0 + 1000]);
    const slow = subscriber([T0 + 5000]);
    const subscription = scheduler.subscribe(fast);
    scheduler.subscribe(slow);
    subscription.dispose();
    assert.deepEqual(clock.pending, [T0 + 5000]);
    clock.advanceTo(T0 + 10_000);
    scheduler.reschedule();
    assert.deepEqual(fast.runs, [T0]);
    assert.deepEqual(slow.runs, [T0, T0 + 5000, T0 + 10_000]);
  });

  it('clears its timer when disposed and runs nothing after', () => {
    const { clock, scheduler } = setup();
    const ticker = subscriber([T0 + 1000]);
    const subscription = scheduler.subscribe(ticker);
    scheduler.dispose();
    assert.deepEqual(clock.pending, []);
    scheduler.reschedule();
    subscription.dispose();
    clock.advanceTo(T0 + 10_000);
    assert.deepEqual(ticker.runs, [T0]);
    assert.deepEqual(clock.pending, []);
  });

  it('keeps running the others when a subscriber throws, and reports the error', () => {
    const { clock, errors, scheduler } = setup();
    const before = subscriber([T0 + 1000, T0 + 2000]);
    scheduler.subscribe(before);
    let failures = 0;
    scheduler.subscribe({
      next: () => T0 + 1000,
      run: () => {
        failures++;
        throw new Error('run failed');
      },
    });
    scheduler.subscribe({
      next: () => {
        throw new Error('next failed');
      },
      run: () => undefined,
    });
    const after = subscriber([T0 + 1000, T0 + 2000]);
    scheduler.subscribe(after);
    clock.advanceTo(T0 + 1000);
    assert.deepEqual(before.runs, [T0, T0 + 1000]);
    assert.deepEqual(after.runs, [T0, T0 + 1000]);
    assert.ok(errors.some((error) => (error as Error).message === 'run failed'));
    assert.ok(errors.some((error) => (error as Error).message === 'next failed'));
    clock.advanceTo(T0 + 2000);
    assert.deepEqual(after.runs, [T0, T0 + 1000, T0 + 2000]);
    assert.equal(failures, 3, 'the failing one is retried each second, not in a loop');
  });

  it('wakes up early rather than never for a moment beyond what setTimeout accepts', () => {
    const { clock, scheduler } = setup();
    const far = subscriber([T0 + 40 * 24 * 3600_000]);
    scheduler.subscribe(far);
    assert.deepEqual(clock.pending, [T0 + 2 ** 31 - 1]);
    clock.advanceTo(T0 + 40 * 24 * 3600_000);
    assert.deepEqual(far.runs, [T0, T0 + 40 * 24 * 3600_000]);
  });
});
