import * as vscode from 'vscode';
import { EXTENSION_ID } from '../ids';

/**
 * "S3: Read the README": the README shipped inside the extension, rendered by the built-in Markdown
 * preview, so the welcome view's link works offline and matches the installed version (issue 7).
 */
export async function openReadme(extensionUri?: vscode.Uri): Promise<void> {
  const root = extensionUri ?? vscode.extensions.getExtension(EXTENSION_ID)?.extensionUri;
  if (!root) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The README of S3 Presign could not be found.'));
    return;
  }
  const readme = await firstExisting([
    vscode.Uri.joinPath(root, 'README.md'),
    // vsce stores it as extension/readme.md, so an installed .vsix has the lower-case name.
    vscode.Uri.joinPath(root, 'readme.md'),
  ]);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', readme);
  } catch {
    // Markdown preview disabled or missing: the plain text still reads well.
    await vscode.window.showTextDocument(readme, { preview: true });
  }
}

async function firstExisting(candidates: vscode.Uri[]): Promise<vscode.Uri> {
  for (const candidate of candidates) {
    try {
      await vscode.workspace.fs.stat(candidate);
      return candidate;
    } catch {
      // try the next spelling
    }
  }
  return candidates[0];
}
