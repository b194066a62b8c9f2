import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionInternals } from '../../src/extension';
import { EXTENSION_ID, Settings } from '../../src/ids';
import type { ExplorerNode } from '../../src/tree/nodes';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export { seedBody as seededBody, seedObjects as seededObjects } from '../fixtures/seedData';

let activated: ExtensionInternals | undefined;

export async function internals(): Promise<ExtensionInternals> {
  const extension = vscode.extensions.getExtension<ExtensionInternals>(EXTENSION_ID);
  if (!extension) {
    throw new Error(`${EXTENSION_ID} is not installed in the test host`);
  }
  activated = await extension.activate();
  return activated;
}

/** The tree item the explorer shows for `node` (after `internals()`). */
export function itemOf(node: ExplorerNode): vscode.TreeItem {
  if (!activated) {
    throw new Error('call internals() first');
  }
  return activated.explorer.getTreeItem(node);
}

export function manifest(): { contributes: { commands: { command: string }[] } } {
  return vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
}

export async function setSetting(name: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(Settings.section).update(name, value, vscode.ConfigurationTarget.Global);
}

export function labelOf(node: ExplorerNode): string {
  const label = itemOf(node).label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

/** Executes a command with a sentinel on the clipboard, returning its result and the clipboard after. */
export async function runWithClipboard<T>(command: string, arg: unknown): Promise<{ result: T; clipboard: string; sentinel: string }> {
  const sentinel = `sentinel ${Math.random()}`;
  await vscode.env.clipboard.writeText(sentinel);
  const result = await vscode.commands.executeCommand<T>(command, arg);
  return { result, clipboard: await vscode.env.clipboard.readText(), sentinel };
}

export function queryParam(url: string, name: string): string | null {
  return new URL(url).searchParams.get(name);
}

/** Resolves once `condition()` holds (checked every 20 ms); fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
