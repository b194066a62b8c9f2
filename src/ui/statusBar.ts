import * as vscode from 'vscode';
import type { LinkLedger } from '../core/linkLedger';
import type { Disposable, Scheduler } from '../core/scheduler';
import { nextStatusUpdateDelay, statusBarText, statusTooltipLines } from '../core/statusSchedule';
import { Commands, Settings } from '../ids';

/**
 * `$(link) 3 · 12m`: how many issued links still work and when the next one stops. The scheduler runs
 * `update` when the ledger or the settings change and at the next moment the text changes (each
 * minute, each second in the last minute, each expiry), never by polling.
 */
export class LinkStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('s3Presign.activeLinks', vscode.StatusBarAlignment.Left, 10);
  private shown = false;
  private readonly subscription: Disposable;

  constructor(
    private readonly ledger: LinkLedger,
    scheduler: Scheduler,
  ) {
    this.item.name = vscode.l10n.t('S3 Presign: Active Links');
    this.item.command = Commands.showActiveLinks;
    this.subscription = scheduler.subscribe({
      next: (now) => {
        const delay = nextStatusUpdateDelay(this.ledger.active(), now);
        return delay === undefined ? undefined : now + delay;
      },
      run: (now) => this.update(now),
    });
  }

  private update(now: number): void {
    const active = this.ledger.active();
    const alwaysShow = vscode.workspace.getConfiguration(Settings.section).get<boolean>(Settings.statusBarAlwaysShow) ?? false;
    if (active.length === 0) {
      this.item.text = '$(link) 0';
      this.item.tooltip = vscode.l10n.t('No active presigned links. Click to see issued links.');
      this.setVisible(alwaysShow);
      return;
    }
    this.item.text = statusBarText(active, now);
    const tooltip = new vscode.MarkdownString(`**${vscode.l10n.t('Active presigned links')}**\n\n`);
    for (const line of statusTooltipLines(active, now)) {
      tooltip.appendText(line).appendMarkdown('  \n');
    }
    this.item.tooltip = tooltip;
    this.setVisible(true);
  }

  /** What the item shows and whether it is visible (a StatusBarItem cannot be asked). */
  get state(): { text: string; visible: boolean } {
    return { text: this.item.text, visible: this.shown };
  }

  private setVisible(visible: boolean): void {
    this.shown = visible;
    if (visible) {
      this.item.show();
    } else {
      this.item.hide();
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
