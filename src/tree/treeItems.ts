// How each tree element looks. Built on demand from the element and its container's filter, so one
// bucket or folder looks the same whichever element object VS Code passes back.
import * as vscode from 'vscode';
import { Commands, ContextValues } from '../ids';
import { formatBytes, formatTimestamp, visibleText } from '../ui/format';
import { BucketNode, type ContainerNode, type ExplorerNode, FolderNode, LoadMoreNode, type MessageNode, ObjectNode } from './nodes';

/** The part of `fullPrefixOrKey` below its container, as shown in the tree. */
function relativeName(fullPrefixOrKey: string, container: ContainerNode): string {
  return fullPrefixOrKey.slice(container.prefix.length);
}

/** The tree item's id: stable across refreshes, so VS Code keeps expansion and selection. */
function nodeId(node: ExplorerNode): string {
  if (node instanceof BucketNode) {
    return `bucket:${node.bucket}`;
  }
  if (node instanceof FolderNode) {
    return `folder:${node.bucket}/${node.prefix}`;
  }
  if (node instanceof ObjectNode) {
    return `object:${node.bucket}/${node.key}`;
  }
  if (node instanceof LoadMoreNode) {
    return `loadMore:${node.parent.bucket}/${node.parent.prefix}`;
  }
  return node.options.id;
}

export function containerItem(node: ContainerNode, filter: string): vscode.TreeItem {
  let item: vscode.TreeItem;
  let contextValue: string;
  if (node instanceof BucketNode) {
    item = new vscode.TreeItem(node.bucket, vscode.TreeItemCollapsibleState.Collapsed);
    item.iconPath = new vscode.ThemeIcon('database');
    contextValue = node.opened ? ContextValues.bucketOpened : ContextValues.bucket;
  } else {
    const name = visibleText(relativeName(node.prefix, node.parent).replace(/\/$/, ''));
    // A `//` in a key yields a folder with an empty name; show it rather than a blank row.
    item = new vscode.TreeItem(name === '' ? vscode.l10n.t('(empty name)') : name, vscode.TreeItemCollapsibleState.Collapsed);
    item.iconPath = vscode.ThemeIcon.Folder;
    item.resourceUri = vscode.Uri.from({ scheme: 's3', authority: node.bucket, path: `/${node.prefix}` });
    contextValue = ContextValues.folder;
  }
  item.id = nodeId(node);
  item.tooltip = `s3://${node.bucket}/${node.prefix}`;
  item.contextValue = filter ? contextValue + ContextValues.filteredSuffix : contextValue;
  item.description = filter ? vscode.l10n.t('filter: {0}', filter) : undefined;
  return item;
}

/** An object's row; its tooltip comes later, from `objectTooltip`, when the user hovers it. */
export function objectItem(node: ObjectNode): vscode.TreeItem {
  const { entry } = node;
  const item = new vscode.TreeItem(visibleText(relativeName(entry.key, node.parent) || entry.key), vscode.TreeItemCollapsibleState.None);
  item.id = nodeId(node);
  item.contextValue = ContextValues.object;
  item.iconPath = vscode.ThemeIcon.File;
  // The file icon theme picks an icon from the key's extension.
  item.resourceUri = vscode.Uri.from({ scheme: 's3', authority: node.bucket, path: `/${entry.key}` });
  item.description = [formatBytes(entry.size), entry.lastModified && formatTimestamp(entry.lastModified)].filter(Boolean).join(' · ');
  return item;
}

export function objectTooltip(node: ObjectNode): vscode.MarkdownString {
  const { entry } = node;
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(`**${vscode.l10n.t('Key')}:** `).appendText(visibleText(entry.key)).appendMarkdown('  \n');
  tooltip.appendMarkdown(`**${vscode.l10n.t('Bucket')}:** `).appendText(node.bucket).appendMarkdown('  \n');
  tooltip.appendMarkdown(`**${vscode.l10n.t('Size')}:** `).appendText(`${formatBytes(entry.size)} (${entry.size} B)`);
  if (entry.lastModified) {
    tooltip.appendMarkdown(`  \n**${vscode.l10n.t('Last modified')}:** `).appendText(formatTimestamp(entry.lastModified));
  }
  if (entry.storageClass) {
    tooltip.appendMarkdown(`  \n**${vscode.l10n.t('Storage class')}:** `).appendText(entry.storageClass);
  }
  if (entry.etag) {
    tooltip.appendMarkdown(`  \n**ETag:** `).appendText(entry.etag);
  }
  return tooltip;
}

export function loadMoreItem(node: LoadMoreNode): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
  item.id = nodeId(node);
  item.contextValue = ContextValues.loadMore;
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  item.command = { command: Commands.loadMore, title: vscode.l10n.t('Load more…'), arguments: [node] };
  return item;
}

export function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.id = node.options.id;
  item.contextValue = ContextValues.message;
  item.iconPath = node.options.icon ? new vscode.ThemeIcon(node.options.icon) : undefined;
  item.tooltip = node.label;
  item.command = node.options.command;
  return item;
}
