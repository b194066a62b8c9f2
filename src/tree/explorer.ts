import * as vscode from 'vscode';
import { Commands, EXPLORER_VIEW_ID, StateContextKey } from '../ids';
import type { Connection } from '../connection';
import { describeS3Error, type S3ErrorDescription } from '../s3/errors';
import { pageSize } from '../settings';
import { BucketNode, type ContainerNode, type ExplorerNode, FolderNode, LoadMoreNode, MessageNode, ObjectNode } from './nodes';
import type { OpenedBuckets } from './openedBuckets';
import { containerItem, loadMoreItem, messageItem, objectItem, objectTooltip } from './treeItems';
import { containerKey, TreeModel } from './treeModel';

/** Values of the `s3Presign.state` context key; `noCredentials` shows the welcome view. */
type ExplorerState = 'ok' | 'noCredentials' | 'error';

/**
 * The S3 explorer: buckets, then folders and objects page by page. Nothing is listed before the
 * user expands it, and each expansion fetches one page (`s3Presign.pageSize`); "Load more…" the next.
 * What was listed lives in the TreeModel; this class turns it into tree elements and items.
 */
export class S3Explorer implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  readonly model: TreeModel;
  /**
   * One element per bucket and folder, so that change events name the element VS Code holds (it
   * ignores events for element objects it does not know). Objects need no such identity.
   */
  private containers = new Map<string, ContainerNode>();
  /** The profile and endpoint the tree lists; another one clears filters too. */
  private listedScope: string;
  /** Buckets of the last root listing (listed or opened). */
  private shownBuckets: string[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly openedBuckets: OpenedBuckets,
  ) {
    this.model = new TreeModel(async (request) => (await connection.gateway()).listPage(request), pageSize);
    this.listedScope = this.scope();
    this.disposables.push(this.changeEmitter, connection.onDidChange(() => this.refresh()));
  }

  /** Scope under which opened buckets are remembered: the profile and, if any, the endpoint. */
  scope(): string {
    const { profile, endpoint } = this.connection.settings();
    return endpoint ? `${profile}@${endpoint}` : profile;
  }

  /** Lists everything again; filters are kept unless the profile or endpoint changed. */
  refresh(): void {
    const scope = this.scope();
    if (scope === this.listedScope) {
      this.model.reloadAll();
    } else {
      this.listedScope = scope;
      this.model.clear();
      this.containers.clear();
      this.shownBuckets = [];
    }
    this.changeEmitter.fire(undefined);
  }

  /** Forgets what was listed under `node` and lists its first page again. */
  reload(node: ContainerNode): void {
    this.model.reload(node.bucket, node.prefix);
    this.changeEmitter.fire(node);
  }

  /** Buckets currently shown (listed or opened). */
  knownBuckets(): string[] {
    return this.shownBuckets;
  }

  filter(node: ContainerNode): string {
    return this.model.filter(node.bucket, node.prefix);
  }

  setFilter(node: ContainerNode, filter: string): void {
    this.model.setFilter(node.bucket, node.prefix, filter);
    this.changeEmitter.fire(node);
  }

  /** Fetches the next page of `node` and shows it below what is already there. */
  async loadMore(node: ContainerNode): Promise<void> {
    await vscode.window.withProgress(
      { location: { viewId: EXPLORER_VIEW_ID }, title: vscode.l10n.t('Loading more objects…') },
      () => this.model.loadMore(node.bucket, node.prefix),
    );
    this.changeEmitter.fire(node);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    if (node instanceof BucketNode || node instanceof FolderNode) {
      return containerItem(node, this.filter(node));
    }
    if (node instanceof ObjectNode) {
      return objectItem(node);
    }
    return node instanceof LoadMoreNode ? loadMoreItem(node) : messageItem(node);
  }

  /** Object tooltips are built when hovered, not kept for every listed object. */
  resolveTreeItem(item: vscode.TreeItem, node: ExplorerNode): vscode.TreeItem {
    if (node instanceof ObjectNode) {
      item.tooltip = objectTooltip(node);
    }
    return item;
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!node) {
      return this.rootChildren();
    }
    if (node instanceof BucketNode || node instanceof FolderNode) {
      return this.containerChildren(node);
    }
    return [];
  }

  private async rootChildren(): Promise<ExplorerNode[]> {
    const opened = this.openedBuckets.list(this.scope());
    let gateway;
    try {
      gateway = await this.connection.gateway();
      const listed = await gateway.listBuckets();
      const names = new Set(listed.map((bucket) => bucket.name));
      const nodes = [
        ...listed.map((bucket) => this.bucketNode(bucket.name, false)),
        ...opened.filter((entry) => !names.has(entry.bucket)).map((entry) => this.bucketNode(entry.bucket, true, entry.prefix)),
      ];
      this.shownBuckets = nodes.map((node) => node.bucket);
      await this.setState('ok');
      if (nodes.length === 0) {
        return [
          new MessageNode(undefined, vscode.l10n.t('No buckets for this profile. Open a bucket by name…'), {
            id: 'message:noBuckets',
            icon: 'info',
            command: { command: Commands.openBucket, title: vscode.l10n.t('Open Bucket…') },
          }),
        ];
      }
      return nodes;
    } catch (error) {
      const described = describeS3Error(error, { profile: this.connection.profile, endpoint: gateway?.endpoint });
      if (described.kind === 'cancelled') {
        return []; // The profile or endpoint changed: the tree is being listed again.
      }
      if (described.kind === 'noCredentials') {
        // An empty tree with this state shows the welcome view and its buttons.
        await this.setState('noCredentials');
        return [];
      }
      await this.setState('error');
      const openedNodes =
        described.kind === 'accessDenied' ? opened.map((entry) => this.bucketNode(entry.bucket, true, entry.prefix)) : [];
      return [...this.errorNodes(undefined, described, 'root'), ...openedNodes];
    }
  }

  private bucketNode(bucket: string, opened: boolean, prefix = ''): BucketNode {
    if (prefix) {
      this.model.initFilter(bucket, '', prefix);
    }
    const key = containerKey(bucket, '');
    const known = this.containers.get(key);
    if (known instanceof BucketNode && known.opened === opened) {
      return known;
    }
    const node = new BucketNode(bucket, opened);
    this.containers.set(key, node);
    return node;
  }

  private folderNode(parent: ContainerNode, prefix: string): FolderNode {
    const key = containerKey(parent.bucket, prefix);
    const known = this.containers.get(key);
    if (known instanceof FolderNode && known.parent === parent) {
      return known;
    }
    const node = new FolderNode(parent, prefix);
    this.containers.set(key, node);
    return node;
  }

  private async containerChildren(node: ContainerNode): Promise<ExplorerNode[]> {
    const listing = await this.model.listing(node.bucket, node.prefix);
    const scopeId = `${node.bucket}/${node.prefix}`;
    const children: ExplorerNode[] = [
      ...listing.folders.map((folder) => this.folderNode(node, folder.prefix)),
      ...listing.objects.map((object) => new ObjectNode(node, object)),
    ];
    if (listing.error !== undefined) {
      const described = describeS3Error(listing.error, { profile: this.connection.profile, bucket: node.bucket });
      if (described.kind === 'cancelled') {
        return children; // The profile or endpoint changed: the tree is being listed again.
      }
      if (children.length > 0) {
        // A later page failed: keep what was listed; "Load more…" below retries the page.
        children.push(new MessageNode(node, described.message, { icon: 'error', id: `error:${scopeId}` }));
      } else {
        return this.errorNodes(node, described, scopeId);
      }
    }
    if (listing.nextToken !== undefined || (listing.error !== undefined && children.length > 0)) {
      children.push(new LoadMoreNode(node));
    }
    if (children.length === 0) {
      const filter = this.filter(node);
      const label = filter ? vscode.l10n.t('Nothing starts with "{0}" here.', filter) : vscode.l10n.t('No objects.');
      children.push(new MessageNode(node, label, { icon: 'info', id: `empty:${scopeId}` }));
    }
    return children;
  }

  /** The error, then what the user can do about it. */
  private errorNodes(parent: ContainerNode | undefined, error: S3ErrorDescription, scopeId: string): MessageNode[] {
    const nodes = [new MessageNode(parent, error.message, { icon: 'error', id: `error:${scopeId}` })];
    if (error.loginCommand) {
      nodes.push(
        new MessageNode(parent, vscode.l10n.t('Run "{0}" in a terminal', error.loginCommand), {
          id: `login:${scopeId}`,
          icon: 'terminal',
          command: { command: Commands.ssoLogin, title: vscode.l10n.t('Sign In') },
        }),
      );
    }
    if (!parent) {
      nodes.push(
        new MessageNode(parent, vscode.l10n.t('Select Profile…'), {
          id: 'action:selectProfile',
          icon: 'account',
          command: { command: Commands.switchProfile, title: vscode.l10n.t('Select Profile…') },
        }),
        new MessageNode(parent, vscode.l10n.t('Open Settings'), {
          id: 'action:openSettings',
          icon: 'settings-gear',
          command: { command: Commands.openSettings, title: vscode.l10n.t('Open Settings') },
        }),
      );
    }
    nodes.push(
      new MessageNode(parent, vscode.l10n.t('Retry'), {
        id: `retry:${scopeId}`,
        icon: 'refresh',
        command: parent
          ? { command: Commands.refresh, title: vscode.l10n.t('Retry'), arguments: [parent] }
          : { command: Commands.refresh, title: vscode.l10n.t('Retry') },
      }),
    );
    return nodes;
  }

  private async setState(state: ExplorerState): Promise<void> {
    await vscode.commands.executeCommand('setContext', StateContextKey, state);
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
