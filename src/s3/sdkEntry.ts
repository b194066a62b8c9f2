// Entry of dist/sdk.js: everything that pulls in AWS SDK code. The extension bundle reaches it only
// through loadSdk() (src/s3/loadSdk.ts).
import * as l10n from '@vscode/l10n';

export { createSdkGateway } from './sdkGateway';
export type { SdkGatewayOptions } from './sdkGateway';
export { listProfiles } from './profiles';
export type { ProfileInfo, ProfileKind } from './profiles';

export const configureL10n = l10n.config;
