import * as vscode from 'vscode';
import { formatDuration } from '../core/duration';
import type { LinkLedger, LinkRecord } from '../core/linkLedger';
import { dueReminders } from '../core/statusSchedule';
import type { PresignServices } from '../commands/issueLink';
import { regenerateLink } from '../commands/showActiveLinks';
import { warnBeforeMs } from '../settings';
import { displayName } from './format';

/**
 * One notification per link, `s3Presign.reminders.warnBefore` before it stops working. The ledger
 * marks a link reminded in global state first, so only one window of several shows it.
 */
export class LinkReminders implements vscode.Disposable {
  private disposed = false;
  private readonly remindEmitter = new vscode.EventEmitter<LinkRecord>();
  /** Fires when a reminder is shown (once per link across windows). */
  readonly onDidRemind = this.remindEmitter.event;

  constructor(
    private readonly ledger: LinkLedger,
    private readonly services: PresignServices,
  ) {}

  check(now = Date.now()): void {
    for (const record of dueReminders(this.ledger.active(), now, warnBeforeMs())) {
      void this.remind(record, now);
    }
  }

  private async remind(record: LinkRecord, now: number): Promise<void> {
    if (this.disposed || !(await this.ledger.markReminded(record.id))) {
      return;
    }
    const remaining = formatDuration(Math.max(1, Math.round((record.effectiveExpiresAt - now) / 1000)));
    const message =
      record.method === 'GET'
        ? vscode.l10n.t('Share link for {0} expires in {1}.', displayName(record.key), remaining)
        : vscode.l10n.t('Upload link for {0} expires in {1}.', displayName(record.key), remaining);
    const regenerate = vscode.l10n.t('Regenerate & Copy');
    const dismiss = vscode.l10n.t('Dismiss');
    const shown = vscode.window.showWarningMessage(message, regenerate, dismiss);
    this.remindEmitter.fire(record);
    const choice = await shown;
    if (choice === regenerate) {
      await regenerateLink(this.services, record);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.remindEmitter.dispose();
  }
}
