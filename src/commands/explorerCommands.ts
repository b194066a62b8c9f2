import * as vscode from 'vscode';
import { parseBucketInput } from '../core/keys';
import type { Connection } from '../connection';
import type { S3Explorer } from '../tree/explorer';
import { BucketNode, type ContainerNode, FolderNode, LoadMoreNode } from '../tree/nodes';
import type { OpenedBuckets } from '../tree/openedBuckets';

function containerOf(value: unknown): ContainerNode | undefined {
  return value instanceof BucketNode || value instanceof FolderNode ? value : undefined;
}

/** Refresh: one bucket or folder when given one (its "Retry"), else everything with fresh credentials. */
export function refresh(connection: Connection, explorer: S3Explorer, node?: unknown): void {
  const container = containerOf(node);
  if (container) {
    explorer.reload(container);
  } else {
    // A new gateway re-reads the profile, so credentials renewed outside (aws sso login) are used.
    connection.reset();
  }
}

export async function loadMore(explorer: S3Explorer, node: unknown): Promise<void> {
  if (node instanceof LoadMoreNode) {
    await explorer.loadMore(node.parent);
  }
}

/** Server-side prefix filter on a bucket or folder: only keys starting with it are listed. */
export async function filterByPrefix(explorer: S3Explorer, arg: unknown): Promise<void> {
  const node = containerOf(arg);
  if (!node) {
    return;
  }
  const where = `s3://${node.bucket}/${node.prefix}`;
  const filter = await vscode.window.showInputBox({
    title: vscode.l10n.t('Filter by Prefix'),
    prompt: vscode.l10n.t('Show only keys in {0} that start with this text. Leave empty to clear the filter.', where),
    value: explorer.filter(node),
    placeHolder: vscode.l10n.t('e.g. report-2026'),
  });
  if (filter !== undefined) {
    explorer.setFilter(node, filter);
  }
}

export function clearFilter(explorer: S3Explorer, arg: unknown): void {
  const node = containerOf(arg);
  if (node) {
    explorer.setFilter(node, '');
  }
}

/** "Open Bucket…": a bucket name or `s3://bucket/prefix`, for buckets ListBuckets does not show. */
export async function openBucket(explorer: S3Explorer, openedBuckets: OpenedBuckets, arg?: unknown): Promise<void> {
  const input =
    typeof arg === 'string'
      ? arg
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Open Bucket'),
          prompt: vscode.l10n.t('A bucket name or an s3:// URI, e.g. my-bucket or s3://my-bucket/reports/'),
          placeHolder: 's3://my-bucket/prefix/',
          ignoreFocusOut: true,
          validateInput: (value) => {
            const parsed = parseBucketInput(value);
            return parsed.ok ? undefined : parsed.message;
          },
        });
  if (input === undefined) {
    return;
  }
  const parsed = parseBucketInput(input);
  if (!parsed.ok) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open Bucket: {0}', parsed.message));
    return;
  }
  await openedBuckets.add(explorer.scope(), { bucket: parsed.bucket, prefix: parsed.prefix });
  explorer.refresh();
}

export async function forgetBucket(explorer: S3Explorer, openedBuckets: OpenedBuckets, arg: unknown): Promise<void> {
  if (arg instanceof BucketNode) {
    await openedBuckets.remove(explorer.scope(), arg.bucket);
    explorer.refresh();
  }
}
