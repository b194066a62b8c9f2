import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Settings } from '../ids';
import type { Connection } from '../connection';
import { parseHttpUrl } from '../core/endpoint';
import { redact } from '../core/redact';
import { posixQuote } from '../core/shellCommands';
import { loadSdk } from '../s3/loadSdk';

/** "S3: Switch Profile": the profiles of the shared config and credentials files, with their regions. */
export async function switchProfile(connection: Connection, arg?: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration(Settings.section);
  if (typeof arg === 'string' && arg.trim()) {
    await config.update(Settings.profile, arg.trim(), vscode.ConfigurationTarget.Global);
    return;
  }
  const current = connection.profile;
  let profiles;
  try {
    profiles = await loadSdk().listProfiles();
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not read your AWS config files: {0}', redact(String(error))));
    return;
  }
  if (profiles.length === 0) {
    const open = vscode.l10n.t('Open AWS Config');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('No AWS profiles found in {0} or {1}. Add one, or use a custom endpoint.', awsConfigPath(), awsCredentialsPath()),
      open,
    );
    if (choice === open) {
      await openAwsConfig();
    }
    return;
  }
  const picked = await vscode.window.showQuickPick(
    profiles.map((profile) => ({
      label: profile.name,
      iconPath: new vscode.ThemeIcon(profile.name === current ? 'check' : 'account'),
      description: [profile.region ?? vscode.l10n.t('no region'), profile.endpointUrl].filter(Boolean).join(' · '),
      detail: profileKindLabel(profile.kind),
    })),
    { title: vscode.l10n.t('Switch AWS Profile'), placeHolder: vscode.l10n.t('Current: {0}', current) },
  );
  if (picked) {
    await config.update(Settings.profile, picked.label, vscode.ConfigurationTarget.Global);
  }
}

function profileKindLabel(kind: string): string {
  switch (kind) {
    case 'sso':
      return vscode.l10n.t('IAM Identity Center (SSO)');
    case 'assumeRole':
      return vscode.l10n.t('Assume role');
    case 'process':
      return vscode.l10n.t('credential_process');
    case 'static':
      return vscode.l10n.t('Access keys');
    default:
      return '';
  }
}

function awsConfigPath(): string {
  return process.env.AWS_CONFIG_FILE || path.join(os.homedir(), '.aws', 'config');
}

function awsCredentialsPath(): string {
  return process.env.AWS_SHARED_CREDENTIALS_FILE || path.join(os.homedir(), '.aws', 'credentials');
}

/** Opens the shared config file; a missing one opens as an unsaved file at its standard path. */
export async function openAwsConfig(): Promise<void> {
  const file = vscode.Uri.file(awsConfigPath());
  try {
    await vscode.workspace.fs.stat(file);
    await vscode.window.showTextDocument(file);
  } catch {
    const document = await vscode.workspace.openTextDocument(file.with({ scheme: 'untitled' }));
    const editor = await vscode.window.showTextDocument(document);
    await editor.insertSnippet(new vscode.SnippetString('[default]\nregion = ${1:us-east-1}\n'));
  }
}

/** Points the extension at an S3-compatible store (MinIO, Ceph, R2, LocalStack). */
export async function useCustomEndpoint(): Promise<void> {
  const config = vscode.workspace.getConfiguration(Settings.section);
  const endpoint = await vscode.window.showInputBox({
    title: vscode.l10n.t('Use a Custom Endpoint'),
    prompt: vscode.l10n.t('URL of an S3-compatible endpoint (MinIO, Ceph, R2, LocalStack). Leave empty for AWS.'),
    value: config.get<string>(Settings.endpoint) ?? '',
    placeHolder: 'http://127.0.0.1:9000',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' || parseHttpUrl(value.trim()) ? undefined : vscode.l10n.t('Enter an http:// or https:// URL, e.g. http://127.0.0.1:9000')),
  });
  if (endpoint !== undefined) {
    await config.update(Settings.endpoint, endpoint.trim(), vscode.ConfigurationTarget.Global);
  }
}

/** Runs `aws sso login --profile NAME` in a terminal: the fix for an expired SSO session. */
export function ssoLogin(connection: Connection): void {
  const profile = connection.profile;
  const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('AWS SSO login') });
  terminal.show();
  terminal.sendText(`aws sso login --profile ${posixQuote(profile)}`);
}
