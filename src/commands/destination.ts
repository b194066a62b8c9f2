import type { Connection } from '../connection';
import { BucketNode, FolderNode, ObjectNode } from '../tree/nodes';
import { pickBucket } from '../ui/pickers';
import type { ExplorerContext } from './explorerContext';

/** Where a command that writes into a bucket (an upload link, form or large upload) puts its keys. */
export interface Destination {
  bucket: string;
  /** The folder's prefix (ending with `/`), or `''` for the bucket's top level. */
  prefix: string;
}

/** `s3://bucket/prefix/`, as notifications and pickers show a destination. */
export function describeDestination(destination: Destination): string {
  return `s3://${destination.bucket}/${destination.prefix}`;
}

/** A tree item that is a destination by itself: the command was invoked from its context menu. */
export function isDestinationNode(arg: unknown): arg is BucketNode | FolderNode {
  return arg instanceof BucketNode || arg instanceof FolderNode;
}

/**
 * The bucket or folder the command was invoked on; from the palette, a bucket the user picks (the
 * tree's selection preselected, and its folder kept when that bucket is picked). `undefined` when
 * the user cancelled.
 */
export async function resolveDestination(
  connection: Connection,
  explorer: ExplorerContext,
  node: BucketNode | FolderNode | undefined,
  title: string,
): Promise<Destination | undefined> {
  if (node) {
    return { bucket: node.bucket, prefix: node.prefix };
  }
  const selected = explorer.selection();
  const bucket = await pickBucket(connection, explorer.knownBuckets(), selected?.bucket, title);
  if (bucket === undefined) {
    return undefined;
  }
  const sameBucket = selected !== undefined && selected.bucket === bucket;
  const prefix = !sameBucket ? '' : selected instanceof ObjectNode ? selected.parent.prefix : selected.prefix;
  return { bucket, prefix };
}
