import * as vscode from 'vscode';
import { EXPIRY_PRESETS, formatDuration, parseExpiry } from '../core/duration';

const LAST_USED_KEY = 's3Presign.lastExpirySeconds';

interface ExpiryItem extends vscode.QuickPickItem {
  seconds?: number;
}

/** The expiry of the last link the user chose interactively, offered first next time. */
function lastUsedExpiry(state: vscode.Memento): number | undefined {
  return state.get<number>(LAST_USED_KEY);
}

/**
 * Asks how long a link should live: the last used first, the presets (1 min – 7 days), then
 * "Custom…" for any duration SigV4 allows. Resolves to seconds, or `undefined` if cancelled.
 */
export async function pickExpiry(state: vscode.Memento, defaultSeconds: number, title: string): Promise<number | undefined> {
  const lastUsed = lastUsedExpiry(state);
  const items: ExpiryItem[] = [];
  const describe = (seconds: number): string | undefined => {
    const notes = [];
    if (seconds === lastUsed) {
      notes.push(vscode.l10n.t('last used'));
    }
    if (seconds === defaultSeconds) {
      notes.push(vscode.l10n.t('default'));
    }
    return notes.join(', ') || undefined;
  };
  const presetSeconds = EXPIRY_PRESETS.map((preset) => preset.seconds);
  if (lastUsed !== undefined && !presetSeconds.includes(lastUsed)) {
    items.push({ label: `$(history) ${formatDuration(lastUsed)}`, description: describe(lastUsed), seconds: lastUsed });
  }
  const presets = [...presetSeconds].sort((a, b) => (a === lastUsed ? -1 : b === lastUsed ? 1 : 0));
  for (const seconds of presets) {
    const icon = seconds === lastUsed ? '$(history)' : '$(clock)';
    items.push({ label: `${icon} ${formatDuration(seconds)}`, description: describe(seconds), seconds });
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: `$(edit) ${vscode.l10n.t('Custom…')}`, description: vscode.l10n.t('e.g. 90s, 15m, 2h30m, 7d or seconds') });

  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t('How long should the link work? (at most 7 days)'),
  });
  if (!picked) {
    return undefined;
  }
  const seconds = picked.seconds ?? (await askCustomExpiry(title));
  if (seconds !== undefined) {
    await state.update(LAST_USED_KEY, seconds);
  }
  return seconds;
}

async function askCustomExpiry(title: string): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Duration: 90s, 15m, 2h30m, 7d, or plain seconds. From 1 second to 7 days.'),
    placeHolder: '2h30m',
    validateInput: (value) => {
      const parsed = parseExpiry(value);
      return parsed.ok ? undefined : parsed.message;
    },
  });
  if (text === undefined) {
    return undefined;
  }
  const parsed = parseExpiry(text);
  return parsed.ok ? parsed.seconds : undefined;
}
