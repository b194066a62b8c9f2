// Entry of the lazily required command bundle (dist/commands.js): what the commands do once invoked.
// src/commands/registerCommands.ts registers them at activation and reaches this only through
// src/lazyBundles.ts (issue 6). Tree nodes are classes of the main bundle: code here imports their
// types only and recognises them with `ExplorerContext.node()` / `S3Explorer.node()`.
export { copyGetUrl } from './copyGetUrl';
export { clearFilter, filterByPrefix, forgetBucket, loadMore, openBucket, refresh } from './explorerCommands';
export { generateBucketPolicy } from './generateBucketPolicy';
export { openReadme } from './openReadme';
export { presignUpload } from './presignUpload';
export { openAwsConfig, ssoLogin, switchProfile, useCustomEndpoint } from './profileCommands';
export { shareFolder } from './shareFolder';
export { regenerateLink, showActiveLinks } from './showActiveLinks';
import * as l10n from '@vscode/l10n';

export const configureL10n = l10n.config;
