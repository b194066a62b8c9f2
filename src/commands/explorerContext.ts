import type { ContainerNode, ObjectNode } from '../tree/nodes';

/** What the palette commands learn from the explorer: what is selected, which buckets it shows. */
export interface ExplorerContext {
  /** The selected bucket, folder or object, if any. */
  selection(): ContainerNode | ObjectNode | undefined;
  /** Buckets shown in the tree (listed or opened), offered first when asking for a bucket. */
  knownBuckets(): string[];
  /** The prefix filter of a bucket or folder (`''` when none). */
  filter(node: ContainerNode): string;
}
