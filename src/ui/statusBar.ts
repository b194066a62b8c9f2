import * as vscode from 'vscode';
import type { LinkLedger } from '../core/linkLedger';
import { nextStatusUpdateDelay, statusBarText, statusTooltipLines } from '../core/statusSchedule';
import { Commands, Settings } from '../ids';
import { warnBeforeMs } from '../settings';

/**
 * `$(link) 3 · 12m`: how many issued links still work and when the next one stops. Updated by one
 * timer set to the next moment its text changes (each minute, each second in the last minute),
 * never by polling.
 */
export class LinkStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('s3Presign.activeLinks', vscode.StatusBarAlignment.Left, 10);
  private timer: NodeJS.Timeout | undefined;
  private shown = false;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly ledger: LinkLedger,
    /** Called at every update, so reminders are checked at the same moments. */
    private readonly onTick: () => void = () => undefined,
  ) {
    this.item.name = vscode.l10n.t('S3 Presign: Active Links');
    this.item.command = Commands.showActiveLinks;
    this.disposables = [
      this.item,
      ledger.onDidChange(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(Settings.section)) {
          this.update();
        }
      }),
    ];
    this.update();
  }

  update(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = Date.now();
    const active = this.ledger.active();
    this.onTick();
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
    const delay = nextStatusUpdateDelay(active, now, warnBeforeMs());
    if (delay !== undefined) {
      this.timer = setTimeout(() => this.update(), Math.max(delay, 50));
    }
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
    clearTimeout(this.timer);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
