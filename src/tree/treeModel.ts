// What the S3 tree has listed, keyed by `bucket/prefix` strings (issue 11). Each bucket or folder
// keeps its loaded pages, continuation token, filter, loading and error state here, not on tree
// elements: VS Code asks for new elements on every refresh, and state kept on them was lost (a
// folder's filter vanished after "Load more…" on its bucket). Pure: the listing call is injected.
import type { FolderEntry, ListPage, ListPageRequest, ObjectEntry } from '../s3/s3Gateway';

export type ListPageFunction = (request: ListPageRequest) => Promise<ListPage>;

/** What one bucket or folder shows. */
export interface ContainerListing {
  readonly folders: readonly FolderEntry[];
  readonly objects: readonly ObjectEntry[];
  /** Present while more pages exist. */
  readonly nextToken?: string;
  /** Why the last page could not be listed; cleared by the next successful page. */
  readonly error?: unknown;
}

interface ContainerState {
  filter: string;
  folders: FolderEntry[];
  objects: ObjectEntry[];
  nextToken?: string;
  error?: unknown;
  /** The first page was asked for (it may have failed). */
  started: boolean;
  /** The page being fetched, shared by every caller that asks meanwhile. */
  loading?: Promise<void>;
}

export function containerKey(bucket: string, prefix: string): string {
  return `${bucket}/${prefix}`;
}

export class TreeModel {
  private containers = new Map<string, ContainerState>();

  constructor(
    private readonly listPage: ListPageFunction,
    private readonly pageSize: () => number,
  ) {}

  filter(bucket: string, prefix: string): string {
    return this.containers.get(containerKey(bucket, prefix))?.filter ?? '';
  }

  /** Lists only keys starting with `prefix + filter`; what was listed before is dropped. */
  setFilter(bucket: string, prefix: string, filter: string): void {
    this.containers.set(containerKey(bucket, prefix), emptyState(filter));
  }

  /** Sets a filter only if the container has no state yet (an opened `s3://bucket/prefix`). */
  initFilter(bucket: string, prefix: string, filter: string): void {
    if (!this.containers.has(containerKey(bucket, prefix))) {
      this.setFilter(bucket, prefix, filter);
    }
  }

  /** Whether the loading of a page is under way. */
  isLoading(bucket: string, prefix: string): boolean {
    return this.containers.get(containerKey(bucket, prefix))?.loading !== undefined;
  }

  /** The listing, fetching the first page if it was never asked for. */
  async listing(bucket: string, prefix: string): Promise<ContainerListing> {
    const state = this.state(bucket, prefix);
    if (!state.started) {
      await this.fetch(bucket, prefix, state);
    } else if (state.loading) {
      await state.loading;
    }
    return this.snapshot(bucket, prefix);
  }

  /** Fetches the next page (or retries the failed one) and appends it. */
  async loadMore(bucket: string, prefix: string): Promise<ContainerListing> {
    const state = this.state(bucket, prefix);
    if (state.loading) {
      await state.loading;
    } else if (!state.started || state.nextToken !== undefined || state.error !== undefined) {
      await this.fetch(bucket, prefix, state);
    }
    return this.snapshot(bucket, prefix);
  }

  /** Forgets what was listed in one container (keeping its filter): the next `listing` starts over. */
  reload(bucket: string, prefix: string): void {
    const key = containerKey(bucket, prefix);
    const state = this.containers.get(key);
    if (state) {
      this.containers.set(key, emptyState(state.filter));
    }
  }

  /** Forgets every listing, keeping filters: a refresh. */
  reloadAll(): void {
    for (const [key, state] of this.containers) {
      this.containers.set(key, emptyState(state.filter));
    }
  }

  /** Forgets everything, filters included: another profile or endpoint lists other buckets. */
  clear(): void {
    this.containers = new Map();
  }

  private state(bucket: string, prefix: string): ContainerState {
    const key = containerKey(bucket, prefix);
    let state = this.containers.get(key);
    if (!state) {
      state = emptyState('');
      this.containers.set(key, state);
    }
    return state;
  }

  private snapshot(bucket: string, prefix: string): ContainerListing {
    const { folders, objects, nextToken, error } = this.state(bucket, prefix);
    return { folders, objects, nextToken, error };
  }

  private fetch(bucket: string, prefix: string, state: ContainerState): Promise<void> {
    state.started = true;
    const loading = this.listPage({
      bucket,
      prefix: prefix + state.filter,
      maxKeys: this.pageSize(),
      continuationToken: state.nextToken,
    }).then(
      (page) => {
        // A reload, filter change or clear meanwhile replaced `state`: this page belongs to nothing.
        state.folders.push(...page.folders);
        state.objects.push(...page.objects);
        state.nextToken = page.nextContinuationToken;
        state.error = undefined;
      },
      (error: unknown) => {
        state.error = error;
      },
    );
    state.loading = loading.finally(() => {
      state.loading = undefined;
    });
    return state.loading;
  }
}

function emptyState(filter: string): ContainerState {
  return { filter, folders: [], objects: [], started: false };
}
