import * as vscode from 'vscode';
import { Commands } from '../ids';
import type { Connection } from '../connection';
import type { LinkLedger } from '../core/linkLedger';
import { loadCommands } from '../lazyBundles';
import type { S3Explorer } from '../tree/explorer';
import type { OpenedBuckets } from '../tree/openedBuckets';
import type { Log } from '../ui/log';
import type { ExplorerContext } from './explorerContext';
import { PolicyDocuments } from './policyDocuments';

export interface CommandDependencies {
  connection: Connection;
  explorer: S3Explorer;
  explorerContext: ExplorerContext;
  openedBuckets: OpenedBuckets;
  ledger: LinkLedger;
  log: Log;
  state: vscode.Memento;
}

/**
 * Every command of the manifest, registered in one place (a unit test keeps the two in step). The
 * handlers are in the command bundle, loaded when the first command runs (issue 6).
 */
export function registerCommands(deps: CommandDependencies): vscode.Disposable[] {
  const { connection, explorer, explorerContext, openedBuckets } = deps;
  const presign = { connection, ledger: deps.ledger, log: deps.log, state: deps.state };
  // Registered when first needed: only "Generate Bucket Policy…" opens such documents.
  let policyDocuments: PolicyDocuments | undefined;
  const run = loadCommands;
  const handlers: Record<(typeof Commands)[keyof typeof Commands], (...args: unknown[]) => unknown> = {
    [Commands.refresh]: (node) => run().refresh(connection, explorer, node),
    [Commands.switchProfile]: (profile) => run().switchProfile(connection, profile),
    [Commands.openBucket]: (input) => run().openBucket(explorer, openedBuckets, input),
    [Commands.forgetBucket]: (node) => run().forgetBucket(explorer, openedBuckets, node),
    [Commands.filterByPrefix]: (node) => run().filterByPrefix(explorer, node),
    [Commands.clearFilter]: (node) => run().clearFilter(explorer, node),
    [Commands.loadMore]: (node) => run().loadMore(explorer, node),
    [Commands.openSettings]: () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:s3-presign.s3-presign'),
    [Commands.openAwsConfig]: () => run().openAwsConfig(),
    [Commands.useCustomEndpoint]: () => run().useCustomEndpoint(),
    [Commands.ssoLogin]: () => run().ssoLogin(connection),
    [Commands.generateBucketPolicy]: (arg) => run().generateBucketPolicy({ ...presign, policyDocuments: (policyDocuments ??= new PolicyDocuments()) }, explorerContext, arg),
    [Commands.openReadme]: () => run().openReadme(),
    [Commands.copyGetUrl]: (arg) => run().copyGetUrl(presign, explorerContext, arg, true),
    [Commands.copyGetUrlDefault]: (arg) => run().copyGetUrl(presign, explorerContext, arg, false),
    [Commands.presignUpload]: (arg) => run().presignUpload(presign, explorerContext, arg),
    [Commands.presignUploadHere]: (arg) => run().presignUpload(presign, explorerContext, arg ?? explorerContext.selection()),
    [Commands.shareFolder]: (arg) => run().shareFolder(presign, explorerContext, arg),
    [Commands.showActiveLinks]: () => run().showActiveLinks(presign),
  };
  return [
    ...Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler)),
    { dispose: () => policyDocuments?.dispose() },
  ];
}
