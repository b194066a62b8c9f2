// What every flow test needs: the commands' services over a FakeGateway, in-memory stores, the
// scripted user of the `vscode` stub, and a check after each test that the script fit the flow.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExplorerContext } from '../../../src/commands/explorerContext';
import type { PresignServices } from '../../../src/commands/issueLink';
import { Connection } from '../../../src/connection';
import { LinkLedger, type LinkRecord } from '../../../src/core/linkLedger';
import { Settings } from '../../../src/ids';
import type { ContainerNode, ObjectNode } from '../../../src/tree/nodes';
import { Log } from '../../../src/ui/log';
import { Memento, SecretStorage, ui } from '../../stub/vscode';
import type { FakeGateway } from '../../fakes/fakeGateway';

export { ui };

export interface Harness {
  gateway: FakeGateway;
  connection: Connection;
  ledger: LinkLedger;
  secrets: SecretStorage;
  state: Memento;
  services: PresignServices;
  explorer: ExplorerContext & { selected?: ContainerNode | ObjectNode; buckets: string[]; filters: Map<ContainerNode, string> };
}

const open: Connection[] = [];

/** Services for the commands over `gateway`; `now` is the ledger's clock. */
export function harness(gateway: FakeGateway, now: () => number = Date.now): Harness {
  const connection = new Connection(async () => gateway);
  open.push(connection);
  const secrets = new SecretStorage();
  const state = new Memento();
  const ledger = new LinkLedger(secrets, state, now);
  const explorer: Harness['explorer'] = {
    buckets: [],
    filters: new Map(),
    selection: () => explorer.selected,
    knownBuckets: () => explorer.buckets,
    filter: (node) => explorer.filters.get(node) ?? '',
  };
  return { gateway, connection, ledger, secrets, state, explorer, services: { connection, ledger, log: new Log(), state } };
}

/** Settings as a user would have them; a named profile, so `AWS_PROFILE` of the machine plays no part. */
export async function settings(values: Record<string, unknown> = {}): Promise<void> {
  const config = vscode.workspace.getConfiguration(Settings.section);
  for (const [name, value] of Object.entries({ [Settings.profile]: 'test', ...values })) {
    await config.update(name, value, vscode.ConfigurationTarget.Global);
  }
}

/** The one record the ledger holds, checked against what the user got. */
export async function onlyRecord(h: Harness, url: string | undefined): Promise<LinkRecord> {
  const records = h.ledger.all();
  assert.equal(records.length, 1, `ledger: ${JSON.stringify(records)}`);
  assert.ok(url, 'a URL was copied');
  assert.equal(await h.ledger.url(records[0].id), url, 'the URL is in the secret store');
  const stateText = JSON.stringify(h.state.keys().map((key) => h.state.get(key)));
  assert.ok(!stateText.includes('X-Amz-Signature'), 'no URL in the state store');
  return records[0];
}

export function queryParam(url: string | undefined, name: string): string | null {
  return new URL(url ?? 'about:blank').searchParams.get(name);
}

// A root-level hook (this module is loaded with the flow tests). A script that did not fit the flow
// fails the test it belongs to (`Hook#error`), not the hook, so the other tests still run.
afterEach(function () {
  for (const connection of open.splice(0)) {
    connection.dispose();
  }
  try {
    ui.reset();
  } catch (error) {
    (this.test as Mocha.Hook).error(error);
  }
});
