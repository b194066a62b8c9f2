import * as vscode from 'vscode';
import { describeInput, isPlainObject } from '../core/describeInput';
import { shortVersionId } from '../core/downloadOptions';
import { describeS3Error, isCancelledError } from '../s3/errors';
import type { ObjectVersion, ObjectVersions } from '../s3/s3Gateway';
import { ObjectNode } from '../tree/nodes';
import { showS3Error } from '../ui/errors';
import { formatBytes, formatTimestamp } from '../ui/format';
import { askAndIssue, issueFromAutomation } from './copyGetUrl';
import type { ExplorerContext } from './explorerContext';
import type { PresignServices } from './issueLink';

interface VersionItem extends vscode.QuickPickItem {
  version?: ObjectVersion;
}

/**
 * "Copy Link to Version…" (issue 14): lists the object's versions (ListObjectVersions), then the expiry
 * and download options steps, and signs with `versionId`, so the link keeps serving the bytes that were
 * reviewed after the object is overwritten. Automation: `{ bucket, key, versionId, expiresIn?, … }`,
 * the arguments of "Copy Presigned Download Link…" with `versionId` required.
 */
export async function copyVersionLink(services: PresignServices, explorer: ExplorerContext, arg: unknown): Promise<string | undefined> {
  const title = vscode.l10n.t('Copy Link to Version');
  if (arg !== undefined && !(arg instanceof ObjectNode)) {
    if (isPlainObject(arg) && arg.versionId === undefined) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('{0}: "versionId" is required, got {1}. Pass the id of a version as S3 lists it.', title, describeInput(arg.versionId)),
      );
      return undefined;
    }
    return issueFromAutomation(services, arg, title);
  }
  const node = arg ?? explorer.selection();
  if (!(node instanceof ObjectNode)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Select an object in the S3 view, then run "Copy Link to Version…" on it.'));
    return undefined;
  }
  const version = await pickVersion(services, node.bucket, node.key, title);
  return version === undefined ? undefined : askAndIssue(services, node.bucket, node.key, true, title, version.versionId);
}

async function listVersions(services: PresignServices, bucket: string, key: string): Promise<ObjectVersions | undefined> {
  try {
    const gateway = await services.connection.gateway();
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing the versions of s3://{0}/{1}…', bucket, key), cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        return gateway.listObjectVersions({ bucket, key }, { signal: abort.signal }).finally(() => subscription.dispose());
      },
    );
  } catch (error) {
    if (!isCancelledError(error) && (error as { name?: unknown } | undefined)?.name !== 'AbortError') {
      services.log.error(`Could not list the versions of s3://${bucket}/${key}`, error);
      showS3Error(describeS3Error(error, { profile: services.connection.profile, bucket }));
    }
    return undefined;
  }
}

/** The versions newest first; delete markers as separators, which cannot be picked. */
async function pickVersion(services: PresignServices, bucket: string, key: string, title: string): Promise<ObjectVersion | undefined> {
  const listed = await listVersions(services, bucket, key);
  if (listed === undefined) {
    return undefined;
  }
  const selectable = listed.versions.filter((version) => !version.isDeleteMarker);
  if (selectable.length === 0) {
    void vscode.window.showWarningMessage(
      listed.versions.length > 0
        ? vscode.l10n.t('s3://{0}/{1} has only delete markers: no version holds bytes to link to.', bucket, key)
        : vscode.l10n.t('s3://{0}/{1} has no versions: the object does not exist.', bucket, key),
    );
    return undefined;
  }
  if (listed.versions.every((version) => version.versionId === 'null')) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Bucket {0} does not keep versions (versioning is not enabled): s3://{0}/{1} has only its current version, which an upload to the same key replaces. Enable versioning on the bucket to link to older versions.',
        bucket,
        key,
      ),
    );
  }
  const items: VersionItem[] = listed.versions.map((version) => {
    const when = version.lastModified ? formatTimestamp(version.lastModified) : vscode.l10n.t('unknown date');
    const latest = version.isLatest ? vscode.l10n.t('latest') : undefined;
    if (version.isDeleteMarker) {
      return { label: [vscode.l10n.t('deleted {0}', when), latest].filter(Boolean).join(' · '), kind: vscode.QuickPickItemKind.Separator };
    }
    return {
      label: `$(${version.isLatest ? 'star-full' : 'history'}) ${when}`,
      description: [formatBytes(version.size ?? 0), latest].filter(Boolean).join(' · '),
      detail: vscode.l10n.t('version {0}', version.versionId),
      version,
    };
  });
  if (listed.truncated) {
    items.push({ label: vscode.l10n.t('only the newest {0} are listed', listed.versions.length), kind: vscode.QuickPickItemKind.Separator });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t('Which version of {0} should the link serve? (newest first)', key),
    matchOnDetail: true,
  });
  if (picked?.version) {
    services.log.info(`Picked version ${shortVersionId(picked.version.versionId)} of s3://${bucket}/${key}`);
  }
  return picked?.version;
}
