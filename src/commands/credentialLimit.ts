import * as vscode from 'vscode';
import { formatDuration, formatExpiryNotice } from '../core/duration';

/**
 * Temporary credentials (SSO, assume-role, session tokens) end links early: a presigned URL only works
 * while the credentials that signed it do. Asks whether to shorten the links to what the credentials
 * have left (first, so Enter copies links whose stated expiry is the real one) or keep the asked
 * expiry; automation is only warned. Resolves to the expiry to sign with, or `undefined` if cancelled.
 */
export async function confirmCredentialLimit(options: {
  profile: string;
  credentialsExpireAt: Date;
  expiresIn: number;
  /** One link ("Copy Anyway") or a list of them ("Share Anyway"). */
  several: boolean;
  interactive: boolean;
}): Promise<number | undefined> {
  const { profile, credentialsExpireAt, expiresIn, several } = options;
  const now = new Date();
  const remainingSeconds = Math.floor((credentialsExpireAt.getTime() - now.getTime()) / 1000);
  if (remainingSeconds < 1) {
    throw new Error(vscode.l10n.t('Your temporary credentials for profile "{0}" have expired. Sign in again, then retry.', profile));
  }
  const ends = formatExpiryNotice(credentialsExpireAt, now);
  const message = several
    ? vscode.l10n.t('These links stop working when your temporary credentials for profile "{1}" end ({0}), not in {2}.', ends, profile, formatDuration(expiresIn))
    : vscode.l10n.t('This link stops working when your temporary credentials for profile "{1}" end ({0}), not in {2}.', ends, profile, formatDuration(expiresIn));
  if (!options.interactive) {
    void vscode.window.showWarningMessage(message);
    return expiresIn;
  }
  const shorten = vscode.l10n.t('Shorten to {0}', formatDuration(remainingSeconds));
  const keep = several ? vscode.l10n.t('Share Anyway') : vscode.l10n.t('Copy Anyway');
  const choice = await vscode.window.showWarningMessage(
    message,
    { modal: true, detail: vscode.l10n.t('A presigned URL is only valid while the credentials that signed it are.') },
    shorten,
    keep,
  );
  return choice === keep ? expiresIn : choice === shorten ? remainingSeconds : undefined;
}
