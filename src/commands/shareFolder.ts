import type { ExplorerContext } from './explorerContext';
import { type ShareServices, type ShareTarget, runShareFolder } from './shareFolderRun';

/**
 * "Share Folder…" on buckets and folders, in the palette and for automation
 * (`{ bucket, prefix?, expiresIn?, format? }`, resolving to the generated text): which prefix to
 * share, from the argument; shareFolderRun.ts does the rest.
 */
export function shareFolder(services: ShareServices, explorer: ExplorerContext, arg: unknown): Promise<string | undefined> {
  let target: ShareTarget;
  const node = explorer.node(arg);
  if (node?.kind === 'bucket' || node?.kind === 'folder') {
    // A filtered folder shares what it shows.
    target = { kind: 'container', bucket: node.bucket, prefix: node.prefix + node.filter };
  } else if (arg === undefined) {
    const selected = explorer.selection();
    target = {
      kind: 'palette',
      selection: selected && { bucket: selected.bucket, prefix: selected.kind === 'object' ? selected.parent.prefix : selected.prefix },
      knownBuckets: explorer.knownBuckets(),
    };
  } else {
    target = { kind: 'automation', value: arg };
  }
  return runShareFolder(services, target);
}
