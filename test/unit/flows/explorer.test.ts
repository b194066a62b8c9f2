// The S3 explorer over a Connection and a FakeGateway, driven as VS Code drives it: getChildren,
// getTreeItem, and the commands the items carry (Retry, "Load more…") run through executeCommand.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { registerCommands } from '../../../src/commands/registerCommands';
import { Commands, ContextValues, Settings } from '../../../src/ids';
import { S3Explorer } from '../../../src/tree/explorer';
import { BucketNode, type ExplorerNode, FolderNode, LoadMoreNode, MessageNode, ObjectNode } from '../../../src/tree/nodes';
import { OpenedBuckets } from '../../../src/tree/openedBuckets';
import { Memento } from '../../stub/vscode';
import { FakeGateway } from '../../fakes/fakeGateway';
import { harness, settings, ui } from './harness';

const BUCKET = 'tree-test';

interface Tree {
  gateway: FakeGateway;
  explorer: S3Explorer;
  /** Elements named by change events, in order (`undefined`: the whole tree). */
  changed: (ExplorerNode | undefined)[];
  bucket(): Promise<BucketNode>;
  children(node: ExplorerNode): Promise<string[]>;
  item(node: ExplorerNode): vscode.TreeItem;
  /** Runs an item's command as VS Code does when it is clicked. */
  click(node: ExplorerNode): Promise<void>;
}

async function tree(contents: string[], pageSize: number): Promise<Tree> {
  await settings({ [Settings.pageSize]: pageSize });
  const gateway = new FakeGateway({ [BUCKET]: contents });
  const h = harness(gateway);
  const state = new Memento();
  const openedBuckets = new OpenedBuckets(state);
  const explorer = new S3Explorer(h.connection, openedBuckets);
  registerCommands({ ...h.services, explorer, explorerContext: h.explorer, openedBuckets });
  const changed: (ExplorerNode | undefined)[] = [];
  explorer.onDidChangeTreeData((node) => changed.push(node));
  const item = (node: ExplorerNode) => explorer.getTreeItem(node);
  const name = (node: ExplorerNode): string => {
    const label = item(node).label;
    return typeof label === 'string' ? label : (label?.label ?? '');
  };
  return {
    gateway,
    explorer,
    changed,
    item,
    bucket: async () => {
      const [bucket] = await explorer.getChildren();
      assert.ok(bucket instanceof BucketNode);
      return bucket;
    },
    children: async (node) => (await explorer.getChildren(node)).map(name),
    click: async (node) => {
      const command = item(node).command;
      assert.ok(command, `${name(node)} has a command`);
      await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    },
  };
}

async function child<T extends ExplorerNode>(explorer: S3Explorer, parent: ExplorerNode, type: abstract new (...args: never[]) => T, label?: string): Promise<T> {
  const found = (await explorer.getChildren(parent)).find(
    (node): node is T => node instanceof type && (label === undefined || explorer.getTreeItem(node).label === label),
  );
  assert.ok(found, `no ${type.name} ${label ?? ''}`);
  return found;
}

describe('flow: the S3 explorer over a Connection', () => {
  it('a folder keeps its filter and filtered listing when its bucket loads more (the bug of issue 11)', async () => {
    const t = await tree(['docs/docs/a.txt', 'docs/other.txt', 'docs/readme.md', 'e.txt', 'f.txt', 'g.txt'], 2);
    const bucket = await t.bucket();
    assert.deepEqual(await t.children(bucket), ['docs', 'e.txt', 'Load more…']);
    const docs = await child(t.explorer, bucket, FolderNode, 'docs');

    ui.answer({ type: 'docs' });
    await vscode.commands.executeCommand(Commands.filterByPrefix, docs);
    assert.equal(t.changed.at(-1), docs, 'the folder VS Code holds is refreshed');
    assert.deepEqual(await t.children(docs), ['docs']);

    await t.click(await child(t.explorer, bucket, LoadMoreNode));
    assert.deepEqual(await t.children(bucket), ['docs', 'e.txt', 'f.txt', 'g.txt']);
    const docsAgain = await child(t.explorer, bucket, FolderNode, 'docs');
    assert.equal(t.item(docsAgain).description, 'filter: docs');
    assert.equal(t.item(docsAgain).contextValue, ContextValues.folder + ContextValues.filteredSuffix);
    assert.equal(t.item(docsAgain).id, t.item(docs).id);
    assert.deepEqual(await t.children(docsAgain), ['docs']);
    assert.ok(!t.gateway.calls.includes(`listPage ${BUCKET} docs/`), `docs/ listed unfiltered: ${t.gateway.calls.join(', ')}`);
  });

  it('refresh lists again and keeps filters; switching profile clears them', async () => {
    const t = await tree(['logs/1', 'report-1', 'report-2', 'summary'], 10);
    let bucket = await t.bucket();
    ui.answer({ type: 'report' });
    await vscode.commands.executeCommand(Commands.filterByPrefix, bucket);
    assert.deepEqual(await t.children(bucket), ['report-1', 'report-2']);
    assert.equal(t.item(bucket).contextValue, ContextValues.bucket + ContextValues.filteredSuffix);

    t.gateway.addBucket(BUCKET, ['report-3']);
    await vscode.commands.executeCommand(Commands.refresh);
    assert.equal(t.changed.at(-1), undefined, 'the whole tree is refreshed');
    bucket = await t.bucket();
    assert.equal(t.item(bucket).description, 'filter: report');
    assert.deepEqual(await t.children(bucket), ['report-1', 'report-2', 'report-3']);

    await vscode.workspace.getConfiguration(Settings.section).update(Settings.profile, 'other', vscode.ConfigurationTarget.Global);
    bucket = await t.bucket();
    assert.equal(t.item(bucket).description, undefined);
    assert.equal(t.item(bucket).contextValue, ContextValues.bucket);
    assert.deepEqual(await t.children(bucket), ['logs', 'report-1', 'report-2', 'report-3', 'summary']);
  });

  it('a listing error shows the error and Retry; Retry lists again', async () => {
    const t = await tree(['a.txt'], 10);
    const bucket = await t.bucket();
    t.gateway.failures.listPage = Object.assign(new Error('We encountered an internal error. Please try again.'), {
      name: 'InternalError',
      $metadata: { httpStatusCode: 500 },
    });
    const [error, retry, ...rest] = await t.explorer.getChildren(bucket);
    assert.deepEqual(rest, []);
    assert.ok(error instanceof MessageNode && retry instanceof MessageNode);
    assert.equal((t.item(error).iconPath as vscode.ThemeIcon).id, 'error');
    assert.equal(t.item(retry).label, 'Retry');

    t.gateway.failures.listPage = undefined;
    await t.click(retry);
    assert.equal(t.changed.at(-1), bucket);
    assert.deepEqual(await t.children(bucket), ['a.txt']);
  });

  it('"Load more…" pages a large folder, then disappears', async () => {
    const keys = Array.from({ length: 2500 }, (_, i) => `big/${String(i).padStart(4, '0')}`);
    const t = await tree(keys, 1000);
    const big = await child(t.explorer, await t.bucket(), FolderNode, 'big');
    const countObjects = async () => (await t.explorer.getChildren(big)).filter((node) => node instanceof ObjectNode).length;
    assert.equal(await countObjects(), 1000);
    for (const expected of [2000, 2500]) {
      await t.click(await child(t.explorer, big, LoadMoreNode));
      assert.equal(await countObjects(), expected);
    }
    assert.ok(!(await t.explorer.getChildren(big)).some((node) => node instanceof LoadMoreNode));
    assert.equal(t.gateway.calls.filter((call) => call.startsWith(`listPage ${BUCKET} big/`)).length, 3, 'one request a page');
  });

  it('a filter that matches nothing says so', async () => {
    const t = await tree(['a.txt'], 10);
    const bucket = await t.bucket();
    ui.answer({ type: 'zz' });
    await vscode.commands.executeCommand(Commands.filterByPrefix, bucket);
    assert.deepEqual(await t.children(bucket), ['Nothing starts with "zz" here.']);
  });
});
