import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { Commands, ContextValues, EXPLORER_VIEW_ID } from '../../src/ids';
import type { ExplorerNode } from '../../src/tree/nodes';
import { internals, itemOf, labelOf, manifest, setSetting } from './helpers';

suite('explorer (real extension host, real radosgw)', () => {
  suiteSetup(async () => {
    await setSetting('pageSize', undefined);
  });

  test('activates and registers exactly the commands of package.json', async () => {
    await internals();
    // The workbench adds `s3Presign.explorer.focus` and the like for the view itself.
    const registered = (await vscode.commands.getCommands(true))
      .filter((id) => id.startsWith('s3Presign.') && !id.startsWith(`${EXPLORER_VIEW_ID}.`))
      .sort();
    const contributed = manifest().contributes.commands.map((command) => command.command).sort();
    assert.deepEqual(registered, contributed);
  });

  test('lists the seeded buckets of the active profile', async () => {
    const { explorer } = await internals();
    explorer.refresh();
    const labels = (await explorer.getChildren()).map(labelOf);
    for (const bucket of ['presign-test', 'my.dotted.bucket', 'big-bucket']) {
      assert.ok(labels.includes(bucket), `${bucket} missing from ${labels.join(', ')}`);
    }
  });

  async function bucketNode(name: string): Promise<ExplorerNode> {
    const { explorer } = await internals();
    const node = (await explorer.getChildren()).find((candidate) => labelOf(candidate) === name);
    assert.ok(node, `bucket ${name} not shown`);
    return node;
  }

  test('shows folders first, then objects with size and date, with the awkward keys', async () => {
    const { explorer } = await internals();
    const children = await explorer.getChildren(await bucketNode('presign-test'));
    const kinds = children.map((child) => itemOf(child).contextValue);
    const firstObject = kinds.indexOf(ContextValues.object);
    assert.ok(firstObject > 0, 'expected folders before objects');
    assert.ok(kinds.slice(0, firstObject).every((kind) => kind === ContextValues.folder));
    assert.ok(kinds.slice(firstObject).every((kind) => kind === ContextValues.object));
    const folders = children.slice(0, firstObject).map(labelOf);
    for (const folder of ['docs', 'unicode', 'spaces', 'percent', 'double', 'long']) {
      assert.ok(folders.includes(folder), `folder ${folder} missing from ${folders.join(', ')}`);
    }
    const hello = children.find((child) => labelOf(child) === 'hello.txt');
    assert.ok(hello, 'hello.txt not shown');
    assert.match(String(itemOf(hello).description), /^\d+ B · \d{4}-\d\d-\d\d \d\d:\d\d$/);
    assert.ok(explorer.resolveTreeItem(itemOf(hello), hello).tooltip, 'object has a tooltip when hovered');

    const unicode = children.find((child) => labelOf(child) === 'unicode')!;
    const inside = (await explorer.getChildren(unicode)).map(labelOf);
    assert.deepEqual(inside, ['ünïcødé-文件-🚀.txt']);
    const double = children.find((child) => labelOf(child) === 'double')!;
    const doubleChildren = await explorer.getChildren(double);
    assert.equal(doubleChildren.length, 1);
    assert.equal(itemOf(doubleChildren[0]).contextValue, ContextValues.folder, 'the empty segment of double//slash.txt is a folder');
  });

  test('pages a big bucket with "Load more…", never listing it whole', async () => {
    const { explorer } = await internals();
    const bucket = await bucketNode('big-bucket');
    explorer.reload(bucket as never);
    let children = await explorer.getChildren(bucket);
    assert.equal(children.length, 501, 'one page of 500 entries and a Load more item');
    const loadMore = children[children.length - 1];
    assert.equal(itemOf(loadMore).contextValue, ContextValues.loadMore);
    assert.equal(itemOf(loadMore).command?.command, Commands.loadMore);
    await vscode.commands.executeCommand(Commands.loadMore, loadMore);
    children = await explorer.getChildren(bucket);
    assert.equal(children.length, 1001);
    await vscode.commands.executeCommand(Commands.loadMore, children[children.length - 1]);
    children = await explorer.getChildren(bucket);
    assert.equal(children.length, 1201, 'all 1,200 items and the logs/ folder, no more Load more');
    assert.ok(children.every((child) => itemOf(child).contextValue !== ContextValues.loadMore));
  });

  test('honours s3Presign.pageSize', async () => {
    const { explorer } = await internals();
    await setSetting('pageSize', 50);
    try {
      const bucket = await bucketNode('big-bucket');
      explorer.reload(bucket as never);
      const children = await explorer.getChildren(bucket);
      assert.equal(children.length, 51);
    } finally {
      await setSetting('pageSize', undefined);
    }
  });

  test('filters by prefix on the server, and clears the filter', async () => {
    const { explorer } = await internals();
    const bucket = await bucketNode('big-bucket');
    explorer.setFilter(bucket as never, 'item-0119');
    const filtered = await explorer.getChildren(bucket);
    assert.deepEqual(
      filtered.map(labelOf),
      Array.from({ length: 10 }, (_, index) => `item-0119${index}.txt`),
    );
    assert.equal(itemOf(bucket).contextValue, ContextValues.bucket + ContextValues.filteredSuffix);
    await vscode.commands.executeCommand(Commands.clearFilter, bucket);
    assert.equal(itemOf(bucket).contextValue, ContextValues.bucket);
    assert.equal((await explorer.getChildren(bucket)).length, 501);
  });

  test('opens a bucket by s3:// URI and remembers it', async () => {
    const { explorer } = await internals();
    await vscode.commands.executeCommand(Commands.openBucket, 's3://my.dotted.bucket/nested/');
    const labels = (await explorer.getChildren()).map(labelOf);
    assert.equal(labels.filter((label) => label === 'my.dotted.bucket').length, 1, 'listed buckets are not shown twice');
  });

  test('a profile without credentials shows the welcome view (an empty tree), not an error or a spinner', async () => {
    const { explorer } = await internals();
    await setSetting('profile', 'nocreds');
    try {
      assert.deepEqual(await explorer.getChildren(), []);
    } finally {
      await setSetting('profile', undefined);
    }
    assert.ok((await explorer.getChildren()).length > 0);
  });

  test('an unreachable endpoint shows an error item with Retry', async () => {
    const { explorer } = await internals();
    await setSetting('endpoint', 'http://127.0.0.1:9');
    try {
      const children = await explorer.getChildren();
      const labels = children.map(labelOf);
      assert.ok(itemOf(children[0]).contextValue === ContextValues.message && /127\.0\.0\.1:9/.test(labels[0]), labels[0]);
      assert.ok(labels.includes('Retry'), labels.join(' | '));
    } finally {
      await setSetting('endpoint', undefined);
    }
  });
});
