// How refusal messages show what the user gave: short, quoted and redacted, since a pasted presigned
// URL must never be echoed back with its signature. Pure: no vscode, no AWS SDK.
import * as l10n from '@vscode/l10n';
import { redact } from './redact';

const MAX_SHOWN = 64;

/** `"text"`, cut after 64 characters so a huge paste cannot flood the message. */
export function quoteInput(text: string): string {
  return JSON.stringify(redact(text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text));
}

/** The kind of a value that has the wrong type: `null`, `a list`, `an object`, `number`… */
export function describeType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return l10n.t('a list');
  }
  return typeof value === 'object' ? l10n.t('an object') : typeof value;
}

/** A value as the user gave it: a quoted string, the number or boolean itself, else its kind. */
export function describeInput(value: unknown): string {
  if (typeof value === 'string') {
    return quoteInput(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return describeType(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
