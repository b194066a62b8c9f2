// The two bundles that activation does not load (issue 6), each required on first use:
// - dist/sdk.js (src/s3/sdkEntry.ts): the AWS SDK and what talks to S3;
// - dist/commands.js (src/commands/lazyCommands.ts): what the commands do once invoked.
// Only types may be imported from their entries here: this file is part of dist/extension.js.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type * as CommandsEntry from './commands/lazyCommands';
import type * as SdkEntry from './s3/sdkEntry';

export type SdkModule = typeof SdkEntry;
export type CommandsModule = typeof CommandsEntry;

/**
 * `bundleFile` next to this bundle, or the compiled `sourceEntry` when running from out/ (tests).
 * Each bundle has its own copy of @vscode/l10n, given this extension's translations here.
 */
function load<T extends SdkModule | CommandsModule>(bundleFile: string, sourceEntry: string): T {
  const bundle = join(__dirname, bundleFile);
  // A non-literal require: esbuild leaves it alone instead of inlining the bundle.
  const requireModule = require as (id: string) => unknown;
  const loaded = (existsSync(bundle) ? requireModule(bundle) : requireModule(join(__dirname, sourceEntry))) as T;
  if (vscode.l10n.bundle) {
    loaded.configureL10n({ contents: vscode.l10n.bundle });
  }
  return loaded;
}

let sdk: SdkModule | undefined;
let commands: CommandsModule | undefined;

export function loadSdk(): SdkModule {
  return (sdk ??= load<SdkModule>('sdk.js', 's3/sdkEntry'));
}

export function loadCommands(): CommandsModule {
  return (commands ??= load<CommandsModule>('commands.js', 'commands/lazyCommands'));
}
