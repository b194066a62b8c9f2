import { BucketNode, FolderNode, ObjectNode } from '../tree/nodes';
import type { ExplorerContext } from './explorerContext';
import { type ShareServices, type ShareTarget, runShareFolder } from './shareFolderRun';

/**
 * "Share Folder…" on buckets and folders, in the palette and for automation
 * (`{ bucket, prefix?, expiresIn?, format? }`, resolving to the generated text): which prefix to
 * share, from the argument; shareFolderRun.ts does the rest.
 */
export function shareFolder(services: ShareServices, explorer: ExplorerContext, arg: unknown): Promise<string | undefined> {
  let target: ShareTarget;
  if (arg instanceof BucketNode || arg instanceof FolderNode) {
    // A filtered folder shares what it shows.
    target = { kind: 'container', bucket: arg.bucket, prefix: arg.prefix + explorer.filter(arg) };
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
  return runShareFolder(services, target);
}
