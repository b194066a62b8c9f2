import * as vscode from 'vscode';
import { regenerateLink } from '../commands/showActiveLinks';
import type { PresignServices } from '../commands/issueLink';
import { formatDuration } from '../core/duration';
import type { LinkLedger, LinkRecord } from '../core/linkLedger';
import { ReminderSchedule } from '../core/reminderSchedule';
import type { Scheduler } from '../core/scheduler';
import { warnBeforeMs } from '../settings';
import { displayName } from './format';

/**
 * One notification per link, `s3Presign.reminders.warnBefore` before it stops working. The ledger
 * marks a link reminded in global state first, so only one window of several shows it.
 */
export class LinkReminders implements vscode.Disposable {
  private readonly remindEmitter = new vscode.EventEmitter<LinkRecord>();
  /** Fires when a reminder is shown (once per link across windows). */
  readonly onDidRemind = this.remindEmitter.event;
  private readonly schedule: ReminderSchedule;

  constructor(
    ledger: LinkLedger,
    private readonly services: PresignServices,
    scheduler: Scheduler,
  ) {
    this.schedule = new ReminderSchedule(ledger, warnBeforeMs, (record, now) => void this.remind(record, now), scheduler);
  }

  /** Shows the reminders due at `now`; the scheduler calls this on its own, tests with a later `now`. */
  check(now = Date.now()): void {
    this.schedule.check(now);
  }

  private async remind(record: LinkRecord, now: number): Promise<void> {
    const remaining = formatDuration(Math.max(1, Math.round((record.effectiveExpiresAt - now) / 1000)));
    const message =
      record.kind === 'multipart'
        ? vscode.l10n.t('Part URLs of the large upload to {0} expire in {1}.', displayName(record.key), remaining)
        : record.method === 'GET'
          ? vscode.l10n.t('Share link for {0} expires in {1}.', displayName(record.key), remaining)
          : vscode.l10n.t('Upload link for {0} expires in {1}.', displayName(record.key), remaining);
    const regenerate = record.kind === 'multipart' ? vscode.l10n.t('Regenerate Script') : vscode.l10n.t('Regenerate & Copy');
    const dismiss = vscode.l10n.t('Dismiss');
    const shown = vscode.window.showWarningMessage(message, regenerate, dismiss);
    this.remindEmitter.fire(record);
    const choice = await shown;
    if (choice === regenerate) {
      await regenerateLink(this.services, record);
    }
  }

  dispose(): void {
    this.schedule.dispose();
    this.remindEmitter.dispose();
  }
}
