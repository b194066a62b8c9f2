import * as vscode from 'vscode';
import { Commands, Settings, StateContextKey } from '../ids';
import type { Connection } from '../connection';
import { describeS3Error, type S3ErrorDescription } from '../s3/lazyErrors';
import type { FolderEntry, ObjectEntry } from '../s3/s3Gateway';
import { BucketNode, type ContainerNode, type ExplorerNode, FolderNode, LoadMoreNode, MessageNode, ObjectNode } from './nodes';
import type { OpenedBuckets } from './openedBuckets';

/** What has been listed of one bucket or folder so far. */
interface Listing {
  folders: FolderEntry[];
  objects: ObjectEntry[];
  nextToken?: string;
  error?: S3ErrorDescription;
}

/** Values of the `s3Presign.state` context key; `noCredentials` shows the welcome view. */
type ExplorerState = 'ok' | 'noCredentials' | 'error';

/**
 * The S3 explorer: buckets, then folders and objects page by page. Nothing is listed before the
 * user expands it, and each expansion fetches one page (`s3Presign.pageSize`); "Load more…" the next.
 */
export class S3Explorer implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  private readonly listings = new Map<ContainerNode, Listing>();
  private buckets = new Map<string, BucketNode>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly openedBuckets: OpenedBuckets,
  ) {
    this.disposables.push(this.changeEmitter, connection.onDidChange(() => this.refresh()));
  }

  /** Scope under which opened buckets are remembered: the profile and, if any, the endpoint. */
  scope(): string {
    const { profile, endpoint } = this.connection.settings();
    return endpoint ? `${profile}@${endpoint}` : profile;
  }

  refresh(): void {
    this.listings.clear();
    this.buckets.clear();
    this.changeEmitter.fire(undefined);
  }

  /** Forgets what was listed under `node` and lists its first page again. */
  reload(node: ContainerNode): void {
    this.listings.delete(node);
    this.changeEmitter.fire(node);
  }

  /** Buckets currently shown (listed or opened). */
  knownBuckets(): string[] {
    return [...this.buckets.keys()];
  }

  /**
   * `value` if it is a node of this tree, else `undefined`. Command arguments come from menus (our
   * nodes) or from automation (anything at all); the command bundle checks them here (see nodes.ts).
   */
  node(value: unknown): ExplorerNode | undefined {
    return value instanceof BucketNode ||
      value instanceof FolderNode ||
      value instanceof ObjectNode ||
      value instanceof LoadMoreNode ||
      value instanceof MessageNode
      ? value
      : undefined;
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return node;
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

  /** Fetches the next page of `node` and shows it below what is already there. */
  async loadMore(node: ContainerNode): Promise<void> {
    const listing = this.listings.get(node);
    if (!listing?.nextToken) {
      return;
    }
    await vscode.window.withProgress(
      { location: { viewId: 's3Presign.explorer' }, title: vscode.l10n.t('Loading more objects…') },
      () => this.fetchPage(node, listing),
    );
    this.changeEmitter.fire(node);
  }

  setFilter(node: ContainerNode, filter: string): void {
    node.filter = filter;
    node.refreshAppearance();
    this.reload(node);
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

  private bucketNode(name: string, opened: boolean, prefix = ''): BucketNode {
    let node = this.buckets.get(name);
    if (!node) {
      node = new BucketNode(name, opened);
      if (prefix) {
        node.filter = prefix;
        node.refreshAppearance();
      }
      this.buckets.set(name, node);
    }
    return node;
  }

  private async containerChildren(node: ContainerNode): Promise<ExplorerNode[]> {
    let listing = this.listings.get(node);
    if (!listing) {
      listing = { folders: [], objects: [] };
      this.listings.set(node, listing);
      await this.fetchPage(node, listing);
    }
    if (listing.error) {
      return this.errorNodes(node, listing.error, `${node.bucket}/${node.prefix}`);
    }
    const children: ExplorerNode[] = [
      ...listing.folders.map((folder) => new FolderNode(node, folder.prefix)),
      ...listing.objects.map((object) => new ObjectNode(node, object)),
    ];
    if (listing.nextToken) {
      children.push(new LoadMoreNode(node));
    }
    if (children.length === 0) {
      const label = node.filter
        ? vscode.l10n.t('Nothing starts with "{0}" here.', node.filter)
        : vscode.l10n.t('No objects.');
      children.push(new MessageNode(node, label, { icon: 'info', id: `empty:${node.id}` }));
    }
    return children;
  }

  private async fetchPage(node: ContainerNode, listing: Listing): Promise<void> {
    try {
      const gateway = await this.connection.gateway();
      const page = await gateway.listPage({
        bucket: node.bucket,
        prefix: node.prefix + node.filter,
        maxKeys: pageSize(),
        continuationToken: listing.nextToken,
      });
      listing.folders.push(...page.folders);
      listing.objects.push(...page.objects);
      listing.nextToken = page.nextContinuationToken;
      listing.error = undefined;
    } catch (error) {
      listing.error = describeS3Error(error, { profile: this.connection.profile, bucket: node.bucket });
    }
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

function pageSize(): number {
  const configured = vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.pageSize) ?? 500;
  return Math.min(1000, Math.max(1, Math.floor(configured)));
}
