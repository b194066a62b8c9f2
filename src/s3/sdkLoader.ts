// Loads the SDK bundle on first use, so activation pays nothing for the AWS SDK (issue 6).
// Only types may be imported from the SDK side here: this file is part of dist/extension.js.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as SdkEntry from './sdkEntry';

export type SdkModule = typeof SdkEntry;

let loaded: SdkModule | undefined;

/** The SDK bundle: `dist/sdk.js` next to `dist/extension.js`, or the compiled sources in tests. */
export function loadSdk(): SdkModule {
  if (!loaded) {
    const bundle = path.join(__dirname, 'sdk.js');
    // A non-literal require: esbuild leaves it alone instead of inlining the SDK into extension.js.
    const load = require as (id: string) => unknown;
    loaded = (fs.existsSync(bundle) ? load(bundle) : load(path.join(__dirname, 'sdkEntry'))) as SdkModule;
  }
  return loaded;
}
