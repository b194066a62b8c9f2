import { loadSdk } from '../s3/sdkLoader';
import { BucketNode, FolderNode, ObjectNode } from '../tree/nodes';
import type { ExplorerContext } from './explorerContext';
import type { ShareServices, ShareTarget } from './shareFolderRun';

/**
 * "Share Folder…" on buckets and folders, in the palette and for automation
 * (`{ bucket, prefix?, expiresIn?, format? }`, resolving to the generated text). Only this
 * argument triage is in the main bundle; the command itself (listing, signing, formatting) is in
 * the lazily loaded SDK bundle, which it needs anyway (issue 6: main bundle ≤ 60 KB).
 */
export function shareFolder(services: ShareServices, explorer: ExplorerContext, arg: unknown): Promise<string | undefined> {
  let target: ShareTarget;
  if (arg instanceof BucketNode || arg instanceof FolderNode) {
    // A filtered folder shares what it shows.
    target = { kind: 'container', bucket: arg.bucket, prefix: arg.prefix + arg.filter };
  } else if (arg === undefined) {
    const selected = explorer.selection();
    target = {
      kind: 'palette',
      selection: selected && { bucket: selected.bucket, prefix: selected instanceof ObjectNode ? selected.parent.prefix : selected.prefix },
      knownBuckets: explorer.knownBuckets(),
    };
  } else {
    target = { kind: 'automation', value: arg };
  }
  return loadSdk().runShareFolder(services, target);
}
