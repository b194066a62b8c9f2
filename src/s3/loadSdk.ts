// dist/sdk.js (src/s3/sdkEntry.ts) holds everything that imports the AWS SDK; activation does not load
// it (about 440 KB): the first command or listing that talks to S3 does, through this one function.
// Only types may be imported from the entry here, or esbuild would copy the SDK into dist/extension.js.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type * as SdkEntry from './sdkEntry';

export type SdkModule = typeof SdkEntry;

let sdk: SdkModule | undefined;

export function loadSdk(): SdkModule {
  if (!sdk) {
    // dist/sdk.js next to dist/extension.js; the compiled entry when running from out/ (tests).
    const bundle = join(__dirname, 'sdk.js');
    // A non-literal require: esbuild leaves it alone instead of inlining the bundle.
    const requireModule = require as (id: string) => SdkModule;
    sdk = existsSync(bundle) ? requireModule(bundle) : requireModule(join(__dirname, 'sdkEntry'));
    if (vscode.l10n.bundle) {
      // The bundle has its own copy of @vscode/l10n: give it this extension's translations.
      sdk.configureL10n({ contents: vscode.l10n.bundle });
    }
  }
  return sdk;
}
