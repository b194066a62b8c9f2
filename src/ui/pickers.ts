import * as vscode from 'vscode';
import { parseBucketInput, validateObjectKey } from '../core/keys';
import type { Connection } from '../connection';

/**
 * Asks for a bucket: the listed and opened buckets to pick from, or any name typed in (for buckets
 * the user may not list). Resolves to the bucket name, or `undefined` if cancelled.
 */
export async function pickBucket(connection: Connection, extraBuckets: string[], preferred: string | undefined, title: string): Promise<string | undefined> {
  const picker = vscode.window.createQuickPick<vscode.QuickPickItem>();
  picker.title = title;
  picker.placeholder = vscode.l10n.t('Pick a bucket, or type its name');
  picker.busy = true;
  picker.ignoreFocusOut = true;
  const known = new Set<string>(extraBuckets);
  if (preferred) {
    known.add(preferred);
  }
  const toItems = (names: Iterable<string>): vscode.QuickPickItem[] => {
    const sorted = [...names].sort((a, b) => (a === preferred ? -1 : b === preferred ? 1 : a.localeCompare(b)));
    return sorted.map((name) => ({ label: name, iconPath: new vscode.ThemeIcon('database') }));
  };
  picker.items = toItems(known);
  connection
    .gateway()
    .then((gateway) => gateway.listBuckets())
    .then(
      (buckets) => {
        buckets.forEach((bucket) => known.add(bucket.name));
        picker.items = toItems(known);
      },
      // Listing is a convenience here: a user without ListBuckets types the name instead.
      () => undefined,
    )
    .finally(() => (picker.busy = false));

  return new Promise<string | undefined>((resolve) => {
    picker.onDidChangeValue((value) => {
      const typed = value.trim();
      if (!typed || known.has(typed)) {
        picker.items = toItems(known);
        return;
      }
      // The typed name leads the list, with the reason when S3 would refuse it.
      const parsed = parseBucketInput(typed);
      const description = parsed.ok ? vscode.l10n.t('bucket name') : `$(error) ${parsed.message}`;
      picker.items = [{ label: typed, description, alwaysShow: true }, ...toItems(known)];
    });
    picker.onDidAccept(() => {
      const chosen = picker.selectedItems[0]?.label ?? picker.value.trim();
      const parsed = parseBucketInput(chosen);
      if (!parsed.ok) {
        return;
      }
      resolve(parsed.bucket);
      picker.hide();
    });
    picker.onDidHide(() => {
      resolve(undefined);
      picker.dispose();
    });
    picker.show();
  });
}

/** Asks for an object key, refusing what S3 cannot store and warning about what surprises. */
export async function askObjectKey(title: string, prompt: string, value: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title,
    prompt,
    value,
    valueSelection: [value.length, value.length],
    ignoreFocusOut: true,
    validateInput: (key) => {
      const checked = validateObjectKey(key);
      if (!checked.ok) {
        return checked.message;
      }
      return checked.warnings.length
        ? { message: checked.warnings.join(' '), severity: vscode.InputBoxValidationSeverity.Warning }
        : undefined;
    },
  });
}
