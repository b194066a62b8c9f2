import * as assert from 'node:assert/strict';
import { TreeModel } from '../../src/tree/treeModel';
import { FakeGateway } from '../fakes/fakeGateway';

function model(gateway: FakeGateway, pageSize = 2): TreeModel {
  return new TreeModel((request) => gateway.listPage(request), () => pageSize);
}

const keysOf = (listing: { folders: readonly { prefix: string }[]; objects: readonly { key: string }[] }): string[] => [
  ...listing.folders.map((folder) => folder.prefix),
  ...listing.objects.map((object) => object.key),
];

describe('tree model', () => {
  it('lists a container page by page, folders and objects in key order', async () => {
    const gateway = new FakeGateway({ b: ['a.txt', 'docs/1.txt', 'docs/2.txt', 'img/x.png', 'z.txt'] });
    const tree = model(gateway);
    const first = await tree.listing('b', '');
    assert.deepEqual(keysOf(first), ['docs/', 'a.txt']);
    assert.equal(first.nextToken, '2');
    const second = await tree.loadMore('b', '');
    assert.deepEqual(keysOf(second), ['docs/', 'img/', 'a.txt', 'z.txt']);
    assert.equal(second.nextToken, undefined);
    // A further listing is served from the model, with no request.
    const calls = gateway.calls.length;
    await tree.listing('b', '');
    assert.equal(gateway.calls.length, calls);
  });

  it('keeps a folder\'s filter when its bucket loads more (the bug of issue 11)', async () => {
    const gateway = new FakeGateway({ b: ['docs/docs/a.txt', 'docs/other.txt', 'docs/readme.md', 'e.txt', 'f.txt', 'g.txt'] });
    const tree = model(gateway);
    await tree.listing('b', '');
    tree.setFilter('b', 'docs/', 'do');
    assert.deepEqual(keysOf(await tree.listing('b', 'docs/')), ['docs/docs/']);
    await tree.loadMore('b', '');
    assert.equal(tree.filter('b', 'docs/'), 'do');
    assert.deepEqual(keysOf(await tree.listing('b', 'docs/')), ['docs/docs/']);
    assert.ok(gateway.calls.every((call) => !/^listPage b docs\/$/.test(call)), `listed docs/ unfiltered: ${gateway.calls.join(', ')}`);
  });

  it('keeps filters on refresh and lists again; clears them for another profile', async () => {
    const gateway = new FakeGateway({ b: ['report-1', 'report-2', 'summary'] });
    const tree = model(gateway, 10);
    tree.setFilter('b', '', 'report');
    assert.deepEqual(keysOf(await tree.listing('b', '')), ['report-1', 'report-2']);
    gateway.addBucket('b', ['report-3']);
    tree.reloadAll();
    assert.equal(tree.filter('b', ''), 'report');
    assert.deepEqual(keysOf(await tree.listing('b', '')), ['report-1', 'report-2', 'report-3']);
    tree.clear();
    assert.equal(tree.filter('b', ''), '');
    assert.deepEqual(keysOf(await tree.listing('b', '')), ['report-1', 'report-2', 'report-3', 'summary']);
  });

  it('a filter set on an opened bucket applies once, and the user may change it', async () => {
    const tree = model(new FakeGateway({ b: [] }));
    tree.initFilter('b', '', 'reports/');
    tree.setFilter('b', '', 'logs/');
    tree.initFilter('b', '', 'reports/');
    assert.equal(tree.filter('b', ''), 'logs/');
  });

  it('keeps an error until retried, and a retry lists again', async () => {
    const gateway = new FakeGateway({ b: ['a', 'b', 'c'] });
    const tree = model(gateway);
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    gateway.failures.listPage = denied;
    const failed = await tree.listing('b', '');
    assert.equal(failed.error, denied);
    assert.deepEqual(keysOf(failed), []);
    gateway.failures.listPage = undefined;
    assert.equal((await tree.listing('b', '')).error, denied, 'the error stays until the user retries');
    tree.reload('b', '');
    const retried = await tree.listing('b', '');
    assert.equal(retried.error, undefined);
    assert.deepEqual(keysOf(retried), ['a', 'b']);
  });

  it('a failed later page keeps what was listed, and load more retries that page', async () => {
    const gateway = new FakeGateway({ b: ['a', 'b', 'c'] });
    const tree = model(gateway);
    await tree.listing('b', '');
    gateway.failures.listPage = new Error('socket hang up');
    const failed = await tree.loadMore('b', '');
    assert.deepEqual(keysOf(failed), ['a', 'b']);
    assert.ok(failed.error);
    gateway.failures.listPage = undefined;
    const retried = await tree.loadMore('b', '');
    assert.deepEqual(keysOf(retried), ['a', 'b', 'c']);
    assert.equal(retried.error, undefined);
  });

  it('asks S3 once when the same container is expanded twice while loading', async () => {
    const gateway = new FakeGateway({ b: ['a'] });
    const tree = model(gateway);
    const [one, two] = await Promise.all([tree.listing('b', ''), tree.listing('b', '')]);
    assert.deepEqual(keysOf(one), ['a']);
    assert.deepEqual(keysOf(two), ['a']);
    assert.equal(gateway.calls.length, 1);
  });

  it('drops a page that arrives after the profile changed', async () => {
    const gateway = new FakeGateway({ b: ['old'] });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tree = new TreeModel(async (request) => {
      await held;
      return gateway.listPage(request);
    }, () => 10);
    const stale = tree.listing('b', '');
    tree.clear();
    release();
    await stale;
    gateway.addBucket('b', ['new']);
    assert.deepEqual(keysOf(await tree.listing('b', '')), ['new', 'old'], 'the stale page was not added to the new listing');
  });

  it('pages a 10,000-object folder without listing it whole', async () => {
    const keys = Array.from({ length: 10_000 }, (_, index) => `big/item-${String(index).padStart(5, '0')}`);
    const gateway = new FakeGateway({ b: keys });
    const tree = model(gateway, 500);
    let listing = await tree.listing('b', 'big/');
    assert.equal(listing.objects.length, 500);
    assert.equal(gateway.calls.length, 1);
    for (let page = 2; page <= 20; page++) {
      listing = await tree.loadMore('b', 'big/');
      assert.equal(listing.objects.length, page * 500);
    }
    assert.equal(listing.nextToken, undefined);
    assert.equal(listing.objects[9_999].key, 'big/item-09999');
    assert.equal(gateway.calls.length, 20);
    await tree.loadMore('b', 'big/');
    assert.equal(gateway.calls.length, 20, 'nothing more to load');
  });
});
