import * as vscode from 'vscode';
import { parseBucketInput, validateObjectKey } from '../core/keys';
import type { Connection } from '../connection';

/** An item the user cannot accept (what they typed is not valid; the description says why). */
export interface Refusable {
  invalid?: boolean;
}

/**
 * A quick pick whose items may load a moment (`load` replaces them when it resolves), where typing
 * offers the typed value as an item of its own, first (`typed`; `undefined` offers none). Resolves to
 * the accepted item, or `undefined` when dismissed.
 */
export async function pickOrType<T extends vscode.QuickPickItem & Refusable>(
  items: T[],
  options: { title: string; placeholder: string; load?: () => Promise<T[]>; typed(value: string): T | undefined },
): Promise<T | undefined> {
  const picker = vscode.window.createQuickPick<T>();
  picker.title = options.title;
  picker.placeholder = options.placeholder;
  picker.ignoreFocusOut = true;
  picker.matchOnDescription = true;
  let offered = items;
  const showItems = (): void => {
    const value = picker.value.trim();
    const typed = value ? options.typed(value) : undefined;
    picker.items = typed ? [{ ...typed, alwaysShow: true }, ...offered] : offered;
  };
  showItems();
  if (options.load) {
    picker.busy = true;
    void options
      .load()
      .then(
        (loaded) => {
          offered = loaded;
          showItems();
        },
        // Loading is a convenience: what is offered, and typing, still work.
        () => undefined,
      )
      .finally(() => (picker.busy = false));
  }
  return new Promise<T | undefined>((resolve) => {
    picker.onDidChangeValue(showItems);
    picker.onDidAccept(() => {
      const chosen = picker.selectedItems[0];
      if (!chosen || chosen.invalid || chosen.kind === vscode.QuickPickItemKind.Separator) {
        return;
      }
      resolve(chosen);
      picker.hide();
    });
    picker.onDidHide(() => {
      resolve(undefined);
      picker.dispose();
    });
    picker.show();
  });
}

interface BucketItem extends vscode.QuickPickItem, Refusable {
  bucket?: string;
}

/**
 * Asks for a bucket: the listed and opened buckets to pick from, or any name typed in (for buckets
 * the user may not list). Resolves to the bucket name, or `undefined` if cancelled.
 */
export async function pickBucket(connection: Connection, extraBuckets: string[], preferred: string | undefined, title: string): Promise<string | undefined> {
  const known = new Set<string>(extraBuckets);
  if (preferred) {
    known.add(preferred);
  }
  const knownItems = (): BucketItem[] =>
    [...known]
      .sort((a, b) => (a === preferred ? -1 : b === preferred ? 1 : a.localeCompare(b)))
      .map((name) => ({ label: name, iconPath: new vscode.ThemeIcon('database'), bucket: name }));
  const chosen = await pickOrType(knownItems(), {
    title,
    placeholder: vscode.l10n.t('Pick a bucket, or type its name'),
    load: async () => {
      try {
        const buckets = await (await connection.gateway()).listBuckets();
        buckets.forEach((bucket) => known.add(bucket.name));
      } catch {
        // Listing is a convenience here: a user without ListBuckets types the name instead.
      }
      return knownItems();
    },
    typed: (value) => {
      if (known.has(value)) {
        return undefined;
      }
      // The typed name leads the list, with the reason when S3 would refuse it.
      const parsed = parseBucketInput(value);
      return parsed.ok
        ? { label: value, description: vscode.l10n.t('bucket name'), bucket: parsed.bucket }
        : { label: value, description: `$(error) ${parsed.message}`, invalid: true };
    },
  });
  return chosen?.bucket;
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
