import * as vscode from 'vscode';
import { type DefaultDisposition, parseDefaultDisposition } from './core/downloadOptions';
import { parseExpiry } from './core/duration';
import { Settings } from './ids';

const FALLBACK_EXPIRY_SECONDS = 3600;

/** `s3Presign.defaultExpiry` in seconds; an invalid value falls back to 1 h and says why. */
export function defaultExpirySeconds(): number {
  const configured = vscode.workspace.getConfiguration(Settings.section).get<string>(Settings.defaultExpiry) ?? '1h';
  const parsed = parseExpiry(configured);
  if (parsed.ok) {
    return parsed.seconds;
  }
  void vscode.window.showWarningMessage(
    vscode.l10n.t('Setting "s3Presign.defaultExpiry" ("{0}") is invalid, using 1 h: {1}', configured, parsed.message),
  );
  return FALLBACK_EXPIRY_SECONDS;
}

/** `s3Presign.reminders.warnBefore` in ms; `0` turns reminders off, and so does a value that does not parse. */
export function warnBeforeMs(): number {
  const configured = vscode.workspace.getConfiguration(Settings.section).get<string | number>(Settings.warnBefore) ?? '5m';
  if (configured === 0 || configured === '0' || String(configured).trim() === '0') {
    return 0;
  }
  const parsed = parseExpiry(configured);
  if (parsed.ok) {
    return parsed.seconds * 1000;
  }
  return 0;
}

/** `s3Presign.pageSize`: objects per listing page, within what ListObjectsV2 accepts (1–1000). */
export function pageSize(): number {
  const configured = vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.pageSize) ?? 500;
  return Math.min(1000, Math.max(1, Math.floor(configured) || 500));
}

/** `s3Presign.download.defaultDisposition`: the download option offered first, and the quick copy's. */
export function defaultDisposition(): DefaultDisposition {
  return parseDefaultDisposition(vscode.workspace.getConfiguration(Settings.section).get<string>(Settings.defaultDisposition));
}
