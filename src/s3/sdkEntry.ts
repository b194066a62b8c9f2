// Entry of dist/sdk.js: everything that pulls in AWS SDK code. The extension bundle reaches it only
// through loadSdk() (src/s3/loadSdk.ts).
import * as l10n from '@vscode/l10n';

export { createSdkGateway } from './sdkGateway';
export type { SdkGatewayOptions } from './sdkGateway';
export { listProfiles } from './profiles';
export type { ProfileInfo, ProfileKind } from './profiles';

export const configureL10n = l10n.config;

// The upload page and the large-upload scripts are mostly template text (about 12 KB minified) and only
// ever turn what the SDK signed into a file: they wait here rather than in what activation parses.
export { assembleUploadForm } from '../core/uploadFormPage';
export { bashLargeUploadScript, powershellLargeUploadScript } from '../core/largeUploadScripts';
