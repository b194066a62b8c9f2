import * as vscode from 'vscode';
import { formatExpiryNotice } from '../core/duration';
import { curlUploadCommand, markdownLink, powershellUploadCommand } from '../core/shellCommands';
import type { PresignedUrl } from '../s3/s3Gateway';
import { displayName } from './format';

/**
 * Tells the user what was copied and until when, with the follow-up actions for that kind of link.
 * Not awaited by the commands: they resolve as soon as the URL is on the clipboard. `about` names
 * what a GET link does beyond a plain one (its version, download options: issue 14).
 */
export async function showLinkCopied(key: string, link: PresignedUrl, limitedByCredentials: boolean, now = new Date(), about?: string): Promise<void> {
  const name = about ? `${displayName(key)} (${about})` : displayName(key);
  const expiry = formatExpiryNotice(link.effectiveExpiresAt, now);
  const why = limitedByCredentials ? ` ${vscode.l10n.t('(when your temporary credentials end)')}` : '';
  if (link.method === 'GET') {
    const openInBrowser = vscode.l10n.t('Open in Browser');
    const copyMarkdown = vscode.l10n.t('Copy as Markdown Link');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Share link for {0} copied: {1}{2}.', name, expiry, why),
      openInBrowser,
      copyMarkdown,
    );
    if (choice === openInBrowser) {
      // Passed as a string on purpose: the extension host forwards a string unchanged, while a Uri is
      // re-serialised and its re-encoding of the query would break the signature.
      await vscode.env.openExternal(link.url as unknown as vscode.Uri);
    } else if (choice === copyMarkdown) {
      await vscode.env.clipboard.writeText(markdownLink(name, link.url));
    }
    return;
  }
  const copyCurl = vscode.l10n.t('Copy curl Command');
  const copyPowerShell = vscode.l10n.t('Copy PowerShell Command');
  const contentType = link.signedHeaders['content-type'];
  const headerNote = contentType ? ` ${vscode.l10n.t('The uploader must send "Content-Type: {0}".', contentType)}` : '';
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('Upload link for {0} copied: {1}{2}.', name, expiry, why) + headerNote,
    copyCurl,
    copyPowerShell,
  );
  if (choice === copyCurl) {
    await vscode.env.clipboard.writeText(curlUploadCommand(link.url, link.signedHeaders, name));
  } else if (choice === copyPowerShell) {
    await vscode.env.clipboard.writeText(powershellUploadCommand(link.url, link.signedHeaders, name));
  }
}
