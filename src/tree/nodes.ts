import * as vscode from 'vscode';
import { Commands, ContextValues } from '../ids';
import type { ObjectEntry } from '../s3/s3Gateway';
import { formatBytes, formatTimestamp, visibleText } from '../ui/format';

/** A bucket or a folder: something that lists a prefix, page by page. */
export type ContainerNode = BucketNode | FolderNode;
export type ExplorerNode = ContainerNode | ObjectNode | LoadMoreNode | MessageNode;

// Each node says what it is in `kind`: the lazily loaded command bundle (dist/commands.js) has no
// copy of these classes, so it cannot use `instanceof`; it asks `S3Explorer.node()` instead.

/** The part of `fullPrefixOrKey` below its container, as shown in the tree. */
function relativeName(fullPrefixOrKey: string, containerPrefix: string): string {
  return fullPrefixOrKey.slice(containerPrefix.length);
}

function containerContext(base: string, filter: string): string {
  return filter ? base + ContextValues.filteredSuffix : base;
}

export class BucketNode extends vscode.TreeItem {
  readonly kind = 'bucket';
  readonly prefix = '';
  readonly parent = undefined;
  filter = '';

  constructor(
    readonly bucket: string,
    /** Added by the user with "Open bucket…" rather than listed by ListBuckets. */
    readonly opened: boolean,
  ) {
    super(bucket, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `bucket:${bucket}`;
    this.iconPath = new vscode.ThemeIcon('database');
    this.tooltip = `s3://${bucket}`;
    this.refreshAppearance();
  }

  refreshAppearance(): void {
    this.contextValue = containerContext(this.opened ? ContextValues.bucketOpened : ContextValues.bucket, this.filter);
    this.description = this.filter ? vscode.l10n.t('filter: {0}', this.filter) : undefined;
  }
}

export class FolderNode extends vscode.TreeItem {
  readonly kind = 'folder';
  filter = '';

  constructor(
    readonly parent: ContainerNode,
    /** The folder's full prefix, ending with `/`. */
    readonly prefix: string,
  ) {
    const name = visibleText(relativeName(prefix, parent.prefix).replace(/\/$/, ''));
    // A `//` in a key yields a folder with an empty name; show it rather than a blank row.
    super(name === '' ? vscode.l10n.t('(empty name)') : name, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `folder:${this.bucket}/${prefix}`;
    this.iconPath = vscode.ThemeIcon.Folder;
    this.resourceUri = vscode.Uri.from({ scheme: 's3', authority: this.bucket, path: `/${prefix}` });
    this.tooltip = `s3://${this.bucket}/${prefix}`;
    this.refreshAppearance();
  }

  get bucket(): string {
    return this.parent.bucket;
  }

  refreshAppearance(): void {
    this.contextValue = containerContext(ContextValues.folder, this.filter);
    this.description = this.filter ? vscode.l10n.t('filter: {0}', this.filter) : undefined;
  }
}

export class ObjectNode extends vscode.TreeItem {
  readonly kind = 'object';
  readonly key: string;

  constructor(
    readonly parent: ContainerNode,
    readonly entry: ObjectEntry,
  ) {
    super(visibleText(relativeName(entry.key, parent.prefix) || entry.key), vscode.TreeItemCollapsibleState.None);
    this.key = entry.key;
    this.id = `object:${this.bucket}/${entry.key}`;
    this.contextValue = ContextValues.object;
    this.iconPath = vscode.ThemeIcon.File;
    // The file icon theme picks an icon from the key's extension.
    this.resourceUri = vscode.Uri.from({ scheme: 's3', authority: this.bucket, path: `/${entry.key}` });
    const modified = entry.lastModified ? formatTimestamp(entry.lastModified) : undefined;
    this.description = [formatBytes(entry.size), modified].filter(Boolean).join(' · ');
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${vscode.l10n.t('Key')}:** `).appendText(visibleText(entry.key)).appendMarkdown('  \n');
    tooltip.appendMarkdown(`**${vscode.l10n.t('Bucket')}:** `).appendText(this.bucket).appendMarkdown('  \n');
    tooltip.appendMarkdown(`**${vscode.l10n.t('Size')}:** `).appendText(`${formatBytes(entry.size)} (${entry.size} B)`);
    if (modified) {
      tooltip.appendMarkdown(`  \n**${vscode.l10n.t('Last modified')}:** `).appendText(modified);
    }
    if (entry.storageClass) {
      tooltip.appendMarkdown(`  \n**${vscode.l10n.t('Storage class')}:** `).appendText(entry.storageClass);
    }
    if (entry.etag) {
      tooltip.appendMarkdown(`  \n**ETag:** `).appendText(entry.etag);
    }
    this.tooltip = tooltip;
  }

  get bucket(): string {
    return this.parent.bucket;
  }
}

export class LoadMoreNode extends vscode.TreeItem {
  readonly kind = 'loadMore';
  constructor(readonly parent: ContainerNode) {
    super(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
    this.id = `loadMore:${parent.bucket}/${parent.prefix}`;
    this.contextValue = ContextValues.loadMore;
    this.iconPath = new vscode.ThemeIcon('ellipsis');
    this.command = { command: Commands.loadMore, title: vscode.l10n.t('Load more…'), arguments: [this] };
  }
}

/** A line of information or an action in the tree: errors, empty folders, "Retry", "Select profile…". */
export class MessageNode extends vscode.TreeItem {
  readonly kind = 'message';
  constructor(
    readonly parent: ContainerNode | undefined,
    label: string,
    options: { icon?: string; tooltip?: string; command?: vscode.Command; id?: string } = {},
  ) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.id = options.id;
    this.contextValue = ContextValues.message;
    this.iconPath = options.icon ? new vscode.ThemeIcon(options.icon) : undefined;
    this.tooltip = options.tooltip ?? label;
    this.command = options.command;
  }
}
