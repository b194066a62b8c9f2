import * as vscode from 'vscode';
import { guessContentType } from '../core/contentType';
import {
  type DefaultDisposition,
  type Disposition,
  type DownloadOptions,
  filenameOfKey,
  mediaTypeProblem,
  validateFilename,
} from '../core/downloadOptions';

type Choice = DefaultDisposition | 'named' | 'contentType';

interface OptionItem extends vscode.QuickPickItem {
  choice?: Choice;
}

/**
 * The download options step (issue 14), after the expiry: the default (`s3Presign.download.defaultDisposition`)
 * first, so Enter accepts it; "Content-Type…" asks for a type and then for the disposition to go with it.
 * Resolves to the options, `{}` for a plain link, or `undefined` when cancelled.
 */
export async function pickDownloadOptions(key: string, defaultChoice: DefaultDisposition, title: string): Promise<DownloadOptions | undefined> {
  const first = await pickDisposition(key, defaultChoice, title, undefined);
  if (first === undefined || first !== 'contentType') {
    return first === undefined ? undefined : dispositionOptions(key, first, title);
  }
  const responseContentType = await askContentType(key, title);
  if (responseContentType === undefined) {
    return undefined;
  }
  const second = await pickDisposition(key, defaultChoice, title, responseContentType);
  if (second === undefined || second === 'contentType') {
    return undefined;
  }
  const options = await dispositionOptions(key, second, title);
  return options && { ...options, responseContentType };
}

async function pickDisposition(key: string, defaultChoice: DefaultDisposition, title: string, contentType: string | undefined): Promise<Choice | undefined> {
  const name = filenameOfKey(key);
  const defaultNote = vscode.l10n.t('default');
  const main: Record<DefaultDisposition, OptionItem> = {
    none: contentType
      ? { label: `$(link) ${vscode.l10n.t('Only the Content-Type')}`, description: vscode.l10n.t('no Content-Disposition'), choice: 'none' }
      : { label: `$(link) ${vscode.l10n.t('Plain link')}`, description: vscode.l10n.t("S3's own headers"), choice: 'none' },
    attachment: {
      label: `$(desktop-download) ${vscode.l10n.t('Download as {0}', name)}`,
      description: vscode.l10n.t('Content-Disposition: {0}', 'attachment'),
      choice: 'attachment',
    },
    inline: { label: `$(globe) ${vscode.l10n.t('Open in browser')}`, description: vscode.l10n.t('Content-Disposition: {0}', 'inline'), choice: 'inline' },
  };
  const order: DefaultDisposition[] = [defaultChoice, ...(['none', 'attachment', 'inline'] as const).filter((c) => c !== defaultChoice)];
  const items: OptionItem[] = order.map((choice) =>
    choice === defaultChoice ? { ...main[choice], description: `${main[choice].description} · ${defaultNote}` } : main[choice],
  );
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: `$(edit) ${vscode.l10n.t('Download as…')}`, description: vscode.l10n.t('save under another name'), choice: 'named' });
  if (!contentType) {
    items.push({
      label: `$(symbol-file) ${vscode.l10n.t('Content-Type…')}`,
      description: vscode.l10n.t('e.g. text/plain to show a .log as text'),
      choice: 'contentType',
    });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: contentType ? vscode.l10n.t('{0}: served as {1}', title, contentType) : title,
    placeHolder: contentType
      ? vscode.l10n.t('And how should the browser treat the file? Enter keeps the first choice.')
      : vscode.l10n.t('How should the browser treat the file? Enter keeps the first choice.'),
  });
  return picked?.choice;
}

async function dispositionOptions(key: string, choice: Exclude<Choice, 'contentType'>, title: string): Promise<DownloadOptions | undefined> {
  if (choice === 'none') {
    return {};
  }
  if (choice !== 'named') {
    return { download: choice satisfies Disposition };
  }
  const filename = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('The name the browser saves the file under (any characters; encoded per RFC 6266)'),
    value: filenameOfKey(key),
    validateInput: (value) => {
      const checked = validateFilename(value);
      return checked.ok ? undefined : checked.message;
    },
  });
  if (filename === undefined) {
    return undefined;
  }
  const checked = validateFilename(filename);
  return checked.ok ? { download: 'attachment', filename: checked.value } : undefined;
}

async function askContentType(key: string, title: string): Promise<string | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('The Content-Type S3 answers with, e.g. text/plain to show a .log file as text'),
    value: guessContentType(key) ?? 'text/plain',
    validateInput: (value) => mediaTypeProblem(value),
  });
  return text === undefined || mediaTypeProblem(text) ? undefined : text.trim();
}
