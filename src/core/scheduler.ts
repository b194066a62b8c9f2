// The extension's one timer (issue 11). The status bar and the reminders each subscribe on their own,
// so hiding or changing one never stops the other. The clock is injected so tests run on a fake one.

export interface Clock {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface Subscriber {
  /**
   * Epoch ms when `run` is next needed, given the state now; `undefined` when never. After `run(now)`
   * it answers later than `now`.
   */
  next(now: number): number | undefined;
  /** Brings the subscriber up to date at `now`. */
  run(now: number): void;
}

export interface Disposable {
  dispose(): void;
}

// setTimeout fires at once for delays above 2^31 - 1 ms (about 24.8 days); wake up then and re-arm.
const MAX_DELAY = 2 ** 31 - 1;
/** A subscriber still asking for a moment it already ran at (its run threw, say) is run again this much later. */
const RETRY_DELAY = 1000;

export class Scheduler implements Disposable {
  /** Each subscriber, with when it last ran. */
  private readonly subscribers = new Map<Subscriber, number>();
  private timer: unknown;
  private armed = false;
  /** When each subscriber asked to run, as of the last arming: what the timer serves when it fires. */
  private dueAt = new Map<Subscriber, number>();
  private disposed = false;

  constructor(
    /** A subscriber that throws is reported here; the others still run. */
    private readonly onError: (error: unknown) => void,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Runs the subscriber once now, so it starts up to date, then whenever it asks to. */
  subscribe(subscriber: Subscriber): Disposable {
    this.runOne(subscriber, this.clock.now());
    this.arm();
    return {
      dispose: () => {
        this.subscribers.delete(subscriber);
        this.arm();
      },
    };
  }

  /**
   * What the subscribers read has changed (the ledger, a setting): each runs now with the new state,
   * and the timer is set again for the earliest moment one of them asks for.
   */
  reschedule(): void {
    this.runWhere(() => true);
  }

  dispose(): void {
    this.disposed = true;
    this.subscribers.clear();
    this.disarm();
  }

  private runWhere(due: (subscriber: Subscriber, now: number) => boolean): void {
    this.disarm();
    const now = this.clock.now();
    for (const subscriber of [...this.subscribers.keys()]) {
      // A subscriber disposed by an earlier one in this round is skipped.
      if (this.subscribers.has(subscriber) && due(subscriber, now)) {
        this.runOne(subscriber, now);
      }
    }
    this.arm();
  }

  private arm(): void {
    this.disarm();
    if (this.disposed) {
      return;
    }
    const now = this.clock.now();
    let earliest = Infinity;
    this.dueAt = new Map();
    for (const [subscriber, ranAt] of this.subscribers) {
      const asked = this.nextOf(subscriber, now);
      // Not in a busy loop when it keeps asking for a moment it already ran at.
      const at = asked > ranAt ? asked : ranAt + RETRY_DELAY;
      this.dueAt.set(subscriber, at);
      earliest = Math.min(earliest, at);
    }
    if (earliest === Infinity) {
      return;
    }
    this.armed = true;
    this.timer = this.clock.setTimer(() => {
      this.armed = false;
      // Due by what it asked for when the timer was set: asked again now, a status bar whose last link
      // just expired would answer "never" and miss the very update it asked for.
      this.runWhere((subscriber, now) => (this.dueAt.get(subscriber) ?? Infinity) <= now);
    }, Math.min(Math.max(earliest - now, 0), MAX_DELAY));
  }

  private runOne(subscriber: Subscriber, now: number): void {
    this.subscribers.set(subscriber, now);
    this.call(() => subscriber.run(now));
  }

  private disarm(): void {
    if (this.armed) {
      this.clock.clearTimer(this.timer);
      this.armed = false;
    }
  }

  /** The subscriber's next moment, `Infinity` for none (or for an answer that is not a number). */
  private nextOf(subscriber: Subscriber, now: number): number {
    let at: number | undefined;
    this.call(() => (at = subscriber.next(now)));
    return at !== undefined && !Number.isNaN(at) ? at : Infinity;
  }

  private call(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.onError(error);
    }
  }
}
