import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands, ContextValues, EXPLORER_VIEW_ID, Settings, VIEW_CONTAINER_ID } from '../../src/ids';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
const contributes = manifest.contributes;

/** Tree items that can carry a prefix filter, which adds `ContextValues.filteredSuffix` (src/tree/treeItems.ts). */
const CONTAINERS = [ContextValues.bucket, ContextValues.bucketOpened, ContextValues.folder];
const filtered = (values: string[]): string[] => values.map((value) => value + ContextValues.filteredSuffix);
/** Every `contextValue` a tree item can have. */
const VIEW_ITEMS = [...CONTAINERS, ...filtered(CONTAINERS), ContextValues.object, ContextValues.loadMore, ContextValues.message];
/** The tree items each context-menu entry is meant for, written out so that a typo in a `when` regex shows. */
const BUCKETS = [ContextValues.bucket, ContextValues.bucketOpened];
const MENU_TARGETS: Record<string, string[]> = {
  [Commands.copyGetUrl]: [ContextValues.object],
  [Commands.copyGetUrlDefault]: [ContextValues.object],
  [Commands.presignUploadHere]: [...CONTAINERS, ...filtered(CONTAINERS)],
  [Commands.shareFolder]: [...CONTAINERS, ...filtered(CONTAINERS)],
  [Commands.createUploadForm]: [...CONTAINERS, ...filtered(CONTAINERS)],
  [Commands.filterByPrefix]: [...CONTAINERS, ...filtered(CONTAINERS)],
  [Commands.clearFilter]: filtered(CONTAINERS),
  [Commands.forgetBucket]: [ContextValues.bucketOpened, ...filtered([ContextValues.bucketOpened])],
  [Commands.generateBucketPolicy]: [...BUCKETS, ...filtered(BUCKETS)],
  [Commands.presignLargeUpload]: [...CONTAINERS, ...filtered(CONTAINERS)],
  [Commands.copyVersionLink]: [ContextValues.object],
};

/** The tree items of our view for which a `when` clause holds; only the forms the manifest uses are understood. */
function viewItemsMatching(when: string): string[] {
  const clauses = when.split('&&').map((clause) => clause.trim());
  return VIEW_ITEMS.filter((viewItem) =>
    clauses.every((clause) => {
      let match: RegExpExecArray | null;
      if ((match = /^view == (\S+)$/.exec(clause))) {
        return match[1] === EXPLORER_VIEW_ID;
      }
      if ((match = /^viewItem == (\w+)$/.exec(clause))) {
        return match[1] === viewItem;
      }
      if ((match = /^viewItem =~ \/(.+)\/([a-z]*)$/.exec(clause))) {
        return new RegExp(match[1], match[2]).test(viewItem);
      }
      throw new Error(`unsupported clause "${clause}" in "${when}"`);
    }),
  );
}

describe('package.json manifest', () => {
  it('contributes exactly the commands of src/ids.ts', () => {
    const contributed = contributes.commands.map((command: { command: string }) => command.command).sort();
    assert.deepEqual(contributed, Object.values(Commands).sort());
  });

  it('gives every command a localised title, the S3 category and an id in the s3Presign namespace', () => {
    for (const command of contributes.commands) {
      assert.match(command.command, /^s3Presign\./);
      assert.equal(command.category, 'S3', command.command);
      assert.match(command.title, /^%.+%$/, command.command);
      assert.ok(nls[command.title.slice(1, -1)], `missing nls entry for ${command.title}`);
    }
  });

  it('contributes exactly the settings of src/ids.ts, each with a default and a description', () => {
    const properties = contributes.configuration.properties;
    const ids = Object.entries(Settings)
      .filter(([name]) => name !== 'section')
      .map(([, id]) => `${Settings.section}.${id}`)
      .sort();
    assert.deepEqual(Object.keys(properties).sort(), ids);
    for (const [id, property] of Object.entries<{ default: unknown; markdownDescription: string }>(properties)) {
      assert.notEqual(property.default, undefined, `${id} has no default`);
      assert.ok(nls[property.markdownDescription.slice(1, -1)], `${id} has no description`);
    }
  });

  it('declares the view container and view with their ids and an icon that exists', () => {
    const container = contributes.viewsContainers.activitybar[0];
    assert.equal(container.id, VIEW_CONTAINER_ID);
    assert.ok(fs.existsSync(path.join(root, container.icon)));
    assert.equal(contributes.views[VIEW_CONTAINER_ID][0].id, EXPLORER_VIEW_ID);
  });

  it('has every menu entry point at a contributed command and a known context value', () => {
    const commands = new Set(Object.values(Commands));
    const contextValues = new Set<string>(Object.values(ContextValues));
    for (const [menu, entries] of Object.entries<{ command: string; when?: string }[]>(contributes.menus)) {
      for (const entry of entries) {
        assert.ok(commands.has(entry.command as never), `${menu}: unknown command ${entry.command}`);
        for (const match of entry.when?.matchAll(/viewItem == (\w+)/g) ?? []) {
          assert.ok(contextValues.has(match[1]), `${menu}: unknown context value ${match[1]}`);
        }
      }
    }
  });

  it('shows every tree-item menu entry on exactly the tree items it is meant for (== and =~ clauses)', () => {
    const entries = contributes.menus['view/item/context'] as { command: string; when: string; group?: string }[];
    assert.deepEqual([...new Set(entries.map((entry) => entry.command))].sort(), Object.keys(MENU_TARGETS).sort());
    for (const entry of entries) {
      assert.deepEqual(viewItemsMatching(entry.when).sort(), [...MENU_TARGETS[entry.command]].sort(), `${entry.command} (${entry.group}): ${entry.when}`);
    }
  });

  it('resolves every %placeholder% of the manifest in package.nls.json', () => {
    const placeholders = JSON.stringify(manifest).match(/"%[^"%]+%"/g) ?? [];
    for (const placeholder of placeholders) {
      assert.ok(nls[placeholder.slice(2, -2)], `missing nls entry ${placeholder}`);
    }
  });

  it('keeps engines.vscode and @types/vscode at or below 1.100 (the test host)', () => {
    assert.match(manifest.engines.vscode, /^\^1\.(\d|[1-9]\d|100)\.\d+$/);
    assert.match(manifest.devDependencies['@types/vscode'], /1\.100\./);
  });
});
