import * as vscode from 'vscode';
import { Commands, EXTENSION_ID } from '../ids';
import type { S3Explorer } from '../tree/explorer';
import type { OpenedBuckets } from '../tree/openedBuckets';
import { copyGetUrl } from './copyGetUrl';
import { copyVersionLink } from './copyVersionLink';
import { createUploadForm } from './createUploadForm';
import { clearFilter, filterByPrefix, forgetBucket, loadMore, openBucket, refresh } from './explorerCommands';
import type { ExplorerContext } from './explorerContext';
import { generateBucketPolicy } from './generateBucketPolicy';
import type { PresignServices } from './issueLink';
import { openReadme } from './openReadme';
import { PolicyDocuments } from './policyDocuments';
import { presignLargeUpload } from './presignLargeUpload';
import { presignUpload } from './presignUpload';
import { openAwsConfig, ssoLogin, switchProfile, useCustomEndpoint } from './profileCommands';
import { shareFolder } from './shareFolder';
import { showActiveLinks } from './showActiveLinks';
import { uploadAndCopyLink } from './uploadAndCopyLink';

export interface CommandDependencies extends PresignServices {
  explorer: S3Explorer;
  explorerContext: ExplorerContext;
  openedBuckets: OpenedBuckets;
}

/** Every command of the manifest, registered in one place (a unit test keeps the two in step). */
export function registerCommands(deps: CommandDependencies): vscode.Disposable[] {
  const { connection, explorer, explorerContext, openedBuckets, ledger, log, state } = deps;
  const presign: PresignServices = { connection, ledger, log, state };
  // Registered when first needed: only "Generate Bucket Policy…" opens such documents.
  let policyDocuments: PolicyDocuments | undefined;
  const handlers: Record<(typeof Commands)[keyof typeof Commands], (...args: unknown[]) => unknown> = {
    [Commands.refresh]: (node) => refresh(connection, explorer, node),
    [Commands.switchProfile]: (profile) => switchProfile(connection, profile),
    [Commands.openBucket]: (input) => openBucket(explorer, openedBuckets, input),
    [Commands.forgetBucket]: (node) => forgetBucket(explorer, openedBuckets, node),
    [Commands.filterByPrefix]: (node) => filterByPrefix(explorer, node),
    [Commands.clearFilter]: (node) => clearFilter(explorer, node),
    [Commands.loadMore]: (node) => loadMore(explorer, node),
    [Commands.openSettings]: () => vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`),
    [Commands.openAwsConfig]: () => openAwsConfig(),
    [Commands.useCustomEndpoint]: () => useCustomEndpoint(),
    [Commands.ssoLogin]: () => ssoLogin(connection),
    [Commands.generateBucketPolicy]: (arg) =>
      generateBucketPolicy({ ...presign, policyDocuments: (policyDocuments ??= new PolicyDocuments()) }, explorerContext, arg),
    [Commands.openReadme]: () => openReadme(),
    [Commands.copyGetUrl]: (arg) => copyGetUrl(presign, explorerContext, arg, true),
    [Commands.copyGetUrlDefault]: (arg) => copyGetUrl(presign, explorerContext, arg, false),
    [Commands.presignUpload]: (arg) => presignUpload(presign, explorerContext, arg),
    [Commands.presignUploadHere]: (arg) => presignUpload(presign, explorerContext, arg ?? explorerContext.selection()),
    [Commands.shareFolder]: (arg) => shareFolder(presign, explorerContext, arg),
    [Commands.showActiveLinks]: () => showActiveLinks(presign),
    [Commands.createUploadForm]: (arg) => createUploadForm(presign, explorerContext, arg),
    [Commands.presignLargeUpload]: (arg) => presignLargeUpload(presign, explorerContext, arg),
    [Commands.copyVersionLink]: (arg) => copyVersionLink(presign, explorerContext, arg),
    [Commands.uploadAndCopyLink]: (arg, selected) => uploadAndCopyLink(presign, explorerContext, arg, selected),
  };
  return [
    ...Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler)),
    { dispose: () => policyDocuments?.dispose() },
  ];
}
