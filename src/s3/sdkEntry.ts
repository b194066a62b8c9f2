// Entry of the lazily required SDK bundle (dist/sdk.js): everything that pulls in AWS SDK code.
// The main bundle reaches it only through sdkLoader.ts (issue 6).
export { createSdkGateway } from './sdkGateway';
export type { SdkGatewayOptions } from './sdkGateway';
export { listProfiles } from './profiles';
export type { ProfileInfo, ProfileKind } from './profiles';
export { describeS3Error } from './errors';
// Lazy parts of the main bundle's commands (issue 6: main bundle ≤ 60 KB).
export { runShareFolder } from '../commands/shareFolderRun';
export { guessContentType } from '../core/contentType';
