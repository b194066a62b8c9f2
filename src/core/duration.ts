// Expiry parsing and formatting for presigned links. Pure: no vscode, no AWS SDK.
import * as l10n from '@vscode/l10n';
import { describeType, quoteInput } from './describeInput';

/** SigV4 accepts `X-Amz-Expires` from 1 second… */
export const MIN_EXPIRY_SECONDS = 1;
/** …to 7 days; S3 refuses anything longer. */
export const MAX_EXPIRY_SECONDS = 604800;

export type ExpiryResult = { ok: true; seconds: number } | { ok: false; message: string };

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

// Unit groups in descending order, each at most once; at least one group is checked separately.
const UNIT_PATTERN = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/i;
const DIGITS = /^\d+$/;

function formatHint(): string {
  return l10n.t('Use seconds (3600) or a duration like 90s, 15m, 2h30m or 7d.');
}

function tooLong(): string {
  return l10n.t(
    'Links can be valid for at most 7 days (604800 seconds): that is the longest SigV4 signature S3 accepts.',
  );
}

function tooShort(): string {
  return l10n.t('A link must be valid for at least 1 second. {0}', formatHint());
}

function checkRange(seconds: number): ExpiryResult {
  // Non-finite values come from digit strings too long for a double; they are over the limit too.
  if (seconds > MAX_EXPIRY_SECONDS || !Number.isFinite(seconds)) {
    return { ok: false, message: tooLong() };
  }
  if (seconds < MIN_EXPIRY_SECONDS) {
    return { ok: false, message: tooShort() };
  }
  return { ok: true, seconds };
}

/**
 * Accepts a whole number of seconds or a string: plain digits (`"3600"`) or unit groups `d`, `h`, `m`, `s`
 * in that order, each at most once (`"2h30m"`, `"7d"`). Everything else is refused with a message saying
 * what is accepted; the same rules serve the picker, the settings and the automation API.
 */
export function parseExpiry(input: unknown): ExpiryResult {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || !Number.isInteger(input)) {
      return { ok: false, message: l10n.t('The expiry must be a whole number of seconds, not {0}.', String(input)) };
    }
    if (!Number.isSafeInteger(input)) {
      return { ok: false, message: tooLong() };
    }
    return checkRange(input);
  }
  if (typeof input !== 'string') {
    return {
      ok: false,
      message: l10n.t('The expiry must be a number of seconds or a duration text, not {0}. {1}', describeType(input), formatHint()),
    };
  }
  const text = input.trim();
  if (text === '') {
    return { ok: false, message: l10n.t('The expiry is empty. {0}', formatHint()) };
  }
  if (DIGITS.test(text)) {
    return checkRange(Number(text));
  }
  const match = UNIT_PATTERN.exec(text);
  if (!match || match.slice(1).every((group) => group === undefined)) {
    if (/^-\s*\d/.test(text)) {
      return { ok: false, message: tooShort() };
    }
    return { ok: false, message: l10n.t('{0} is not a valid expiry. {1}', quoteInput(text), formatHint()) };
  }
  const [days, hours, minutes, seconds] = match.slice(1).map((group) => (group === undefined ? 0 : Number(group)));
  return checkRange(days * DAY + hours * HOUR + minutes * MINUTE + seconds);
}

const days = (n: number) => (n === 1 ? l10n.t('1 day') : l10n.t('{0} days', n));
const hours = (n: number) => l10n.t('{0} h', n);
const minutes = (n: number) => l10n.t('{0} min', n);
const secs = (n: number) => l10n.t('{0} s', n);

/**
 * Compact human form with at most two units ("2 h 30 min", "1 day 12 h"). The value is rounded to the
 * second unit, so 3 h 59 min 40 s reads "4 h", not "3 h 59 min".
 */
export function formatDuration(seconds: number): string {
  let total = Math.max(0, Math.round(Number.isFinite(seconds) ? seconds : 0));
  if (total < MINUTE) {
    return secs(total);
  }
  if (total >= HOUR && total < DAY) {
    total = Math.round(total / MINUTE) * MINUTE;
  } else if (total >= DAY) {
    total = Math.round(total / HOUR) * HOUR;
  }
  // Rounding may carry into the next unit (3599.x min → 1 h), so pick units after rounding.
  const parts: string[] = [];
  if (total >= DAY) {
    const d = Math.floor(total / DAY);
    const h = Math.floor((total % DAY) / HOUR);
    parts.push(days(d));
    if (h) {
      parts.push(hours(h));
    }
  } else if (total >= HOUR) {
    const h = Math.floor(total / HOUR);
    const m = Math.floor((total % HOUR) / MINUTE);
    parts.push(hours(h));
    if (m) {
      parts.push(minutes(m));
    }
  } else {
    const m = Math.floor(total / MINUTE);
    const s = total % MINUTE;
    parts.push(minutes(m));
    if (s) {
      parts.push(secs(s));
    }
  }
  return parts.join(' ');
}

/** The canonical string `parseExpiry` reads back exactly ("2h30m", "7d", "1m30s"), for settings and memory. */
export function formatDurationSpec(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds));
  if (rest === 0) {
    return '0s';
  }
  let spec = '';
  for (const [unit, size] of [['d', DAY], ['h', HOUR], ['m', MINUTE], ['s', 1]] as const) {
    const count = Math.floor(rest / size);
    if (count) {
      spec += `${count}${unit}`;
    }
    rest -= count * size;
  }
  return spec;
}

export interface ExpiryPreset {
  readonly seconds: number;
  /** Localised label; computed on read because the l10n bundle is loaded after this module. */
  readonly label: string;
}

function preset(seconds: number): ExpiryPreset {
  return Object.freeze({
    seconds,
    get label() {
      return formatDuration(seconds);
    },
  });
}

/** The picker's presets, 1 minute to 7 days (the console stops at 12 h; SigV4 allows 7 days). */
export const EXPIRY_PRESETS: readonly ExpiryPreset[] = Object.freeze([
  preset(MINUTE),
  preset(15 * MINUTE),
  preset(HOUR),
  preset(12 * HOUR),
  preset(DAY),
  preset(7 * DAY),
]);

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad2 = (n: number) => String(n).padStart(2, '0');

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** Local wall-clock time, with the date when it is not today ("Tue 2 Dec 15:32"). */
function formatLocalTime(at: Date, now: Date): string {
  const time = `${pad2(at.getHours())}:${pad2(at.getMinutes())}`;
  if (sameDay(at, now)) {
    return time;
  }
  const year = at.getFullYear() === now.getFullYear() ? '' : ` ${at.getFullYear()}`;
  return `${WEEKDAYS[at.getDay()]} ${at.getDate()} ${MONTHS[at.getMonth()]}${year} ${time}`;
}

/** "expires 15:32, in 1 h" — what the notification after copying says. */
export function formatExpiryNotice(expiresAt: Date, now: Date): string {
  const deltaSeconds = (expiresAt.getTime() - now.getTime()) / 1000;
  const when = formatLocalTime(expiresAt, now);
  if (deltaSeconds <= 0) {
    return l10n.t('expired {0}, {1} ago', when, formatDuration(-deltaSeconds));
  }
  // Signing takes a moment, so a 15-minute link is "in 14 min 59 s" by the time it is shown: past
  // ten minutes, whole minutes read better. A link that still works for a fraction of a second
  // should not claim "in 0 s".
  const shown = deltaSeconds >= 10 * MINUTE ? Math.round(deltaSeconds / MINUTE) * MINUTE : Math.max(1, deltaSeconds);
  return l10n.t('expires {0}, in {1}', when, formatDuration(shown));
}

/**
 * Compact remaining time for the status bar ("45s", "12m", "3h", "2d"). Whole units, rounded down,
 * so the text changes exactly when the remaining time crosses a unit boundary (see statusSchedule).
 * The last second reads "1s", never "0s", while the link still works.
 */
export function formatRemaining(ms: number): string {
  if (!(ms > 0)) {
    return '0s';
  }
  if (ms < MINUTE * 1000) {
    return `${Math.max(1, Math.floor(ms / 1000))}s`;
  }
  if (ms < HOUR * 1000) {
    return `${Math.floor(ms / (MINUTE * 1000))}m`;
  }
  if (ms < DAY * 1000) {
    return `${Math.floor(ms / (HOUR * 1000))}h`;
  }
  return `${Math.floor(ms / (DAY * 1000))}d`;
}
