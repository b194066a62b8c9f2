// The elements of the S3 tree: small plain objects that say where they are. What a container has
// listed (and its filter) lives in the tree model, keyed by `bucket/prefix`; how an element looks is
// built from both in treeItems.ts. No `vscode` import: commands and tests create and recognise
// nodes in plain Node, with `instanceof`.
import type { Command } from 'vscode';
import type { ObjectEntry } from '../s3/s3Gateway';

/** A bucket or a folder: something that lists a prefix, page by page. */
export type ContainerNode = BucketNode | FolderNode;
export type ExplorerNode = ContainerNode | ObjectNode | LoadMoreNode | MessageNode;

export class BucketNode {
  readonly prefix = '';
  readonly parent = undefined;

  constructor(
    readonly bucket: string,
    /** Added by the user with "Open bucket…" rather than listed by ListBuckets. */
    readonly opened: boolean,
  ) {}
}

export class FolderNode {
  constructor(
    readonly parent: ContainerNode,
    /** The folder's full prefix, ending with `/`. */
    readonly prefix: string,
  ) {}

  get bucket(): string {
    return this.parent.bucket;
  }
}

export class ObjectNode {
  constructor(
    readonly parent: ContainerNode,
    readonly entry: ObjectEntry,
  ) {}

  get bucket(): string {
    return this.parent.bucket;
  }

  get key(): string {
    return this.entry.key;
  }
}

/** "Load more…" at the end of a container that has more pages. */
export class LoadMoreNode {
  constructor(readonly parent: ContainerNode) {}
}

/** A line of information or an action in the tree: errors, empty folders, "Retry", "Select profile…". */
export class MessageNode {
  constructor(
    readonly parent: ContainerNode | undefined,
    readonly label: string,
    readonly options: { id: string; icon?: string; command?: Command },
  ) {}
}
