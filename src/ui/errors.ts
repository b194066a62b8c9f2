import * as vscode from 'vscode';
import { Commands } from '../ids';
import type { S3ErrorDescription } from '../s3/errors';

/**
 * Shows an S3 failure with the one or two actions that fix it. Not awaited by callers. A call cancelled
 * because the user switched profile or endpoint is not a failure to report.
 */
export function showS3Error(error: S3ErrorDescription): void {
  if (error.kind === 'cancelled') {
    return;
  }
  const actions: { title: string; run: () => Thenable<unknown> }[] = [];
  if (error.loginCommand) {
    actions.push({ title: vscode.l10n.t('Sign In'), run: () => vscode.commands.executeCommand(Commands.ssoLogin) });
  }
  if (error.kind === 'noCredentials' || error.kind === 'ssoExpired' || error.kind === 'expiredToken') {
    actions.push({ title: vscode.l10n.t('Select Profile'), run: () => vscode.commands.executeCommand(Commands.switchProfile) });
  }
  if (error.kind === 'endpointUnreachable' || error.kind === 'timeout') {
    actions.push({ title: vscode.l10n.t('Open Settings'), run: () => vscode.commands.executeCommand(Commands.openSettings) });
  }
  void vscode.window.showErrorMessage(error.message, ...actions.map((action) => action.title)).then((choice) => {
    void actions.find((action) => action.title === choice)?.run();
  });
}
