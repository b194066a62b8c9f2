import type { ContainerNode, ExplorerNode, ObjectNode } from '../tree/nodes';

/** What the palette commands learn from the explorer: what is selected, which buckets it shows. */
export interface ExplorerContext {
  /** The selected bucket, folder or object, if any. */
  selection(): ContainerNode | ObjectNode | undefined;
  /** Buckets shown in the tree (listed or opened), offered first when asking for a bucket. */
  knownBuckets(): string[];
  /** `value` if it is one of the tree's nodes (a command's argument from a menu), else `undefined`. */
  node(value: unknown): ExplorerNode | undefined;
}
