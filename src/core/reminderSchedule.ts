// Expiry reminders (issue 4) on their own subscription to the scheduler (issue 11): they come due whether
// the status bar is shown or not. One reminder per link across windows: the ledger marks it first.
import type { LinkLedger, LinkRecord } from './linkLedger';
import type { Disposable, Scheduler } from './scheduler';
import { stillActive } from './statusSchedule';

/** The moment a link's reminder is due, or `undefined` when reminders are off (warnBefore 0). */
function reminderAt(record: LinkRecord, warnBeforeMs: number): number | undefined {
  return warnBeforeMs > 0 ? record.effectiveExpiresAt - warnBeforeMs : undefined;
}

const pendingReminders = (active: readonly LinkRecord[], now: number, warnBeforeMs: number) =>
  stillActive(active, now).filter((record) => record.remindedAt === undefined && reminderAt(record, warnBeforeMs) !== undefined);

/** Links whose reminder moment has come, not reminded yet and still working, soonest expiry first. */
export function dueReminders(active: readonly LinkRecord[], now: number, warnBeforeMs: number): LinkRecord[] {
  return pendingReminders(active, now, warnBeforeMs).filter((record) => now >= reminderAt(record, warnBeforeMs)!);
}

/**
 * The earliest reminder moment among links still working and not reminded yet; it may be past, meaning
 * due now (a link issued with less time left than warnBefore). `undefined` when none, or reminders are off.
 */
export function nextReminderAt(active: readonly LinkRecord[], now: number, warnBeforeMs: number): number | undefined {
  const moments = pendingReminders(active, now, warnBeforeMs).map((record) => reminderAt(record, warnBeforeMs)!);
  return moments.length > 0 ? Math.min(...moments) : undefined;
}

/** Calls `show` once for each link whose reminder comes due, and only in the window that claims it. */
export class ReminderSchedule implements Disposable {
  /**
   * Links this window started to remind: marking one in the ledger is asynchronous, and until it is
   * written the link still looks pending, which would wake the scheduler again at once.
   */
  private readonly started = new Set<string>();
  private readonly subscription: Disposable;
  private disposed = false;

  constructor(
    private readonly ledger: LinkLedger,
    private readonly warnBeforeMs: () => number,
    private readonly show: (record: LinkRecord, now: number) => void,
    scheduler: Scheduler,
  ) {
    this.subscription = scheduler.subscribe({
      next: (now) => nextReminderAt(this.pending(), now, this.warnBeforeMs()),
      run: (now) => this.check(now),
    });
  }

  /** Reminds of every link due at `now`. */
  check(now: number): void {
    for (const record of dueReminders(this.pending(), now, this.warnBeforeMs())) {
      this.started.add(record.id);
      void this.claim(record, now);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
  }

  private pending(): LinkRecord[] {
    return this.ledger.active().filter((record) => !this.started.has(record.id));
  }

  private async claim(record: LinkRecord, now: number): Promise<void> {
    let claimed = false;
    try {
      // `false` when another window marked it first: that window shows it.
      claimed = !this.disposed && (await this.ledger.markReminded(record.id));
    } catch {
      // The mark was not written: showing it anyway could show it in every window.
    }
    if (claimed && !this.disposed) {
      this.show(record, now);
    }
  }
}
