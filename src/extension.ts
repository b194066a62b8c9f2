import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { ExplorerContext } from './commands/explorerContext';
import { registerCommands } from './commands/registerCommands';
import { Connection } from './connection';
import { LinkLedger } from './core/linkLedger';
import { Scheduler } from './core/scheduler';
import { EXPLORER_VIEW_ID, Settings } from './ids';
import { loadSdk } from './s3/loadSdk';
import type { PresignServices } from './commands/issueLink';
import { uploadDropped } from './commands/uploadAndCopyLink';
import { S3DropController } from './tree/dragAndDrop';
import { S3Explorer } from './tree/explorer';
import { BucketNode, FolderNode, ObjectNode } from './tree/nodes';
import { OpenedBuckets } from './tree/openedBuckets';
import { Log } from './ui/log';
import { LinkReminders } from './ui/reminders';
import { LinkStatusBar } from './ui/statusBar';

// Wiring only. Activation must stay cheap: no request is made here, and the AWS SDK bundle is not
// loaded; loadSdk() (src/s3/loadSdk.ts) requires it on first use.
/** Returned by `activate` so the extension-host tests can look inside; not a public API. */
export interface ExtensionInternals {
  explorer: S3Explorer;
  ledger: LinkLedger;
  statusBar: LinkStatusBar;
  reminders: LinkReminders;
  /** Drops on the S3 tree (issue 13): tests call its `handleDrop`. */
  dropController: S3DropController;
}

export function activate(context: vscode.ExtensionContext): ExtensionInternals {
  if (vscode.l10n.bundle) {
    // Pure modules translate through @vscode/l10n; give it the same bundle as vscode.l10n.
    l10n.config({ contents: vscode.l10n.bundle });
  }
  const log = new Log();
  const connection = new Connection((settings) => loadSdk().createSdkGateway(settings));
  const openedBuckets = new OpenedBuckets(context.globalState);
  const explorer = new S3Explorer(connection, openedBuckets);
  const ledger = new LinkLedger(context.secrets, context.globalState, () => Date.now());
  const state = context.globalState;
  const services: PresignServices = { connection, ledger, log, state };
  const dropController = new S3DropController(async (paths, target) => {
    const uploaded = await uploadDropped(services, paths, target);
    if (uploaded) {
      explorer.reload(target.node);
    }
  });
  const view = vscode.window.createTreeView(EXPLORER_VIEW_ID, {
    treeDataProvider: explorer,
    showCollapseAll: true,
    dragAndDropController: dropController,
  });

  const describeView = (): void => {
    const endpoint = connection.endpoint;
    view.description = endpoint ? `${connection.profile} · ${endpoint}` : connection.profile;
  };
  describeView();

  const explorerContext: ExplorerContext = {
    selection: () => {
      const selected = view.selection[0];
      return selected instanceof BucketNode || selected instanceof FolderNode || selected instanceof ObjectNode ? selected : undefined;
    },
    knownBuckets: () => explorer.knownBuckets(),
    filter: (node) => explorer.filter(node),
  };
  // One timer for the status bar and the reminders, each subscribed on its own (issue 11).
  const scheduler = new Scheduler((error) => log.error('A status bar or reminder update failed', error));
  const reminders = new LinkReminders(ledger, services, scheduler);
  const statusBar = new LinkStatusBar(ledger, scheduler);

  context.subscriptions.push(
    log,
    connection,
    explorer,
    view,
    scheduler,
    statusBar,
    reminders,
    ledger,
    // Also fires when another window issued or forgot a link (the ledger hears it from the secret store).
    ledger.onDidChange(() => scheduler.reschedule()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(Settings.section)) {
        scheduler.reschedule();
      }
    }),
    connection.onDidChange(describeView),
    connection.onDidConnect(describeView),
    ...registerCommands({ ...services, explorer, explorerContext, openedBuckets }),
  );
  void ledger.forgetExpired();
  return { explorer, ledger, statusBar, reminders, dropController };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
