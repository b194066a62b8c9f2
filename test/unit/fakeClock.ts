import type { Clock } from '../../src/core/scheduler';

/** A clock for the scheduler whose time moves only when a test says so; timers fire in order. */
export class FakeClock implements Clock {
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  private lastHandle = 0;

  constructor(public time: number) {}

  now = (): number => this.time;

  setTimer = (callback: () => void, ms: number): unknown => {
    this.timers.set(++this.lastHandle, { at: this.time + ms, callback });
    return this.lastHandle;
  };

  clearTimer = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };

  /** The moments of the timers now set, soonest first. */
  get pending(): number[] {
    return [...this.timers.values()].map((timer) => timer.at).sort((a, b) => a - b);
  }

  /** Moves time forward to `to`, firing each timer due on the way at its own moment. */
  advanceTo(to: number): void {
    for (let fired = 0; ; fired++) {
      const due = [...this.timers.entries()].filter(([, timer]) => timer.at <= to).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) {
        break;
      }
      if (fired > 10_000) {
        throw new Error(`timers keep firing at ${due[1].at}`);
      }
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
    }
    this.time = to;
  }

  advance(ms: number): void {
    this.advanceTo(this.time + ms);
  }
}
