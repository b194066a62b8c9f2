// Pure helpers behind the status-bar item (issue 4): its text, its tooltip, the reminders that are due,
// and when the single timer should next wake up. No busy polling: the timer is set to the next moment
// something visible changes.
import * as l10n from '@vscode/l10n';
import { formatDuration, formatRemaining } from './duration';
import type { LinkRecord } from './linkLedger';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const stillActive = (records: readonly LinkRecord[], now: number) =>
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
    const name = record.key.slice(record.key.lastIndexOf('/', record.key.length - 2) + 1) || record.key;
    return record.method === 'GET'
      ? l10n.t('Share link for {0} ({1}) expires in {2}', name, record.bucket, remaining)
      : l10n.t('Upload link for {0} ({1}) expires in {2}', name, record.bucket, remaining);
  });
}

/** The moment a link's reminder is due, or `undefined` when reminders are off (warnBefore 0). */
function reminderAt(record: LinkRecord, warnBeforeMs: number): number | undefined {
  return warnBeforeMs > 0 ? record.effectiveExpiresAt - warnBeforeMs : undefined;
}

/** Links whose reminder moment has come, not reminded yet and still working, soonest expiry first. */
export function dueReminders(active: readonly LinkRecord[], now: number, warnBeforeMs: number): LinkRecord[] {
  return stillActive(active, now).filter((record) => {
    const at = reminderAt(record, warnBeforeMs);
    return at !== undefined && record.remindedAt === undefined && now >= at;
  });
}

/**
 * Milliseconds until the status bar next needs updating: the soonest link's remaining time crossing its
 * next whole minute (its next whole second in the last minute), any link expiring, or any pending
 * reminder coming due — whichever is first. `undefined` when nothing is active, so no timer runs.
 */
export function nextStatusUpdateDelay(active: readonly LinkRecord[], now: number, warnBeforeMs: number): number | undefined {
  const live = stillActive(active, now);
  if (live.length === 0) {
    return undefined;
  }
  const remaining = live[0].effectiveExpiresAt - now;
  const step = remaining < MINUTE ? SECOND : MINUTE;
  // `|| step`: exactly on a boundary, the next change is a whole step away.
  let delay = remaining % step || step;
  for (const record of live) {
    delay = Math.min(delay, record.effectiveExpiresAt - now);
    const at = reminderAt(record, warnBeforeMs);
    if (at !== undefined && record.remindedAt === undefined && at > now) {
      delay = Math.min(delay, at - now);
    }
  }
  return delay;
}
