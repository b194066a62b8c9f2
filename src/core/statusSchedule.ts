// Pure helpers behind the status-bar item (issue 4): its text, its tooltip, and when it next changes.
// No busy polling: the scheduler wakes the item at the next moment something visible changes. Reminders
// keep their own schedule (reminderSchedule.ts), so the two never depend on each other (issue 11).
import * as l10n from '@vscode/l10n';
import { formatDuration, formatRemaining } from './duration';
import { displayName } from '../ui/format';
import type { LinkRecord } from './linkLedger';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Links still working at `now`, soonest expiry first. */
export const stillActive = (records: readonly LinkRecord[], now: number) =>
  records.filter((record) => now < record.effectiveExpiresAt).sort((a, b) => a.effectiveExpiresAt - b.effectiveExpiresAt);

/** `$(link) 3 · 12m`: how many links work, and how long until the next one stops. `$(link) 0` when none. */
export function statusBarText(active: readonly LinkRecord[], now: number): string {
  const live = stillActive(active, now);
  if (live.length === 0) {
    return '$(link) 0';
  }
  return `$(link) ${live.length} · ${formatRemaining(live[0].effectiveExpiresAt - now)}`;
}

/** One line per active link, soonest first: "GET report.pdf (my-bucket) — expires in 12 min". */
export function statusTooltipLines(active: readonly LinkRecord[], now: number): string[] {
  const live = stillActive(active, now);
  if (live.length === 0) {
    return [l10n.t('No active presigned links.')];
  }
  return live.map((record) => {
    const remaining = formatDuration(Math.floor((record.effectiveExpiresAt - now) / SECOND) || 1);
    const name = displayName(record.key);
    return record.method === 'GET'
      ? l10n.t('Share link for {0} ({1}) expires in {2}', name, record.bucket, remaining)
      : l10n.t('Upload link for {0} ({1}) expires in {2}', name, record.bucket, remaining);
  });
}

/**
 * Milliseconds until the status bar next needs updating: the soonest link's remaining time crossing its
 * next whole minute (its next whole second in the last minute), or any link expiring, whichever is
 * first. `undefined` when nothing is active, so the status bar needs no wake-up.
 */
export function nextStatusUpdateDelay(active: readonly LinkRecord[], now: number): number | undefined {
  const live = stillActive(active, now);
  if (live.length === 0) {
    return undefined;
  }
  const remaining = live[0].effectiveExpiresAt - now;
  if (remaining < 2 * SECOND) {
    // Its last two seconds both read "1s" (a live link never shows "0s"): the next change is its expiry.
    return remaining;
  }
  const step = remaining < MINUTE ? SECOND : MINUTE;
  // The text rounds down (formatRemaining): "2s" lasts until 2000 ms are left, and the next text shows
  // 1 ms later. The soonest link expiring is never later than that, and no other link expires before it.
  return (remaining % step) + 1;
}
