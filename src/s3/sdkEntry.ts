// Entry of the lazily required SDK bundle (dist/sdk.js): everything that pulls in AWS SDK code.
// The other bundles reach it only through src/lazyBundles.ts (issue 6).
export { createSdkGateway } from './sdkGateway';
export type { SdkGatewayOptions } from './sdkGateway';
export { listProfiles } from './profiles';
export type { ProfileInfo, ProfileKind } from './profiles';
export { describeS3Error } from './errors';
import * as l10n from '@vscode/l10n';

export const configureL10n = l10n.config;
