// Where "Upload and Copy Link…" puts files (issue 13): the destinations used last, the S3 view's
// selection, the buckets it shows, any `s3://bucket/prefix/` typed in, or "Browse…" down the prefixes.
import * as vscode from 'vscode';
import { folderPrefix } from '../core/uploadPlan';
import { parseBucketInput } from '../core/keys';
import type { Connection } from '../connection';
import { describeS3Error } from '../s3/errors';
import { type Refusable, pickBucket, pickOrType } from '../ui/pickers';
import { type Destination, describeDestination } from './destination';

const RECENT_KEY = 's3Presign.upload.recentDestinations';
const RECENT_LIMIT = 5;

function recentDestinations(state: vscode.Memento): Destination[] {
  const stored = state.get<unknown>(RECENT_KEY);
  return Array.isArray(stored)
    ? stored.filter((entry): entry is Destination => typeof entry?.bucket === 'string' && typeof entry?.prefix === 'string')
    : [];
}

/** Remembers a destination used, first in the list next time. */
export async function rememberDestination(state: vscode.Memento, destination: Destination): Promise<void> {
  const others = recentDestinations(state).filter((entry) => entry.bucket !== destination.bucket || entry.prefix !== destination.prefix);
  await state.update(RECENT_KEY, [{ bucket: destination.bucket, prefix: destination.prefix }, ...others].slice(0, RECENT_LIMIT));
}

interface DestinationItem extends vscode.QuickPickItem, Refusable {
  destination?: Destination;
  browse?: boolean;
}

export interface DestinationContext {
  connection: Connection;
  state: vscode.Memento;
  /** The S3 view's selected bucket or folder. */
  selection?: Destination;
  knownBuckets: string[];
}

/** Asks where to upload; `undefined` when the user cancels. */
export async function pickDestination(context: DestinationContext, title: string): Promise<Destination | undefined> {
  const items: DestinationItem[] = [];
  const seen = new Set<string>();
  const add = (destination: Destination, icon: string, description: string | undefined): void => {
    const label = describeDestination(destination);
    if (!seen.has(label)) {
      seen.add(label);
      items.push({ label: `$(${icon}) ${label}`, description, destination });
    }
  };
  recentDestinations(context.state).forEach((destination, index) =>
    add(destination, 'history', index === 0 ? vscode.l10n.t('last used') : vscode.l10n.t('recently used')),
  );
  if (context.selection) {
    add(context.selection, 'folder-active', vscode.l10n.t('selected in the S3 view'));
  }
  for (const bucket of context.knownBuckets) {
    add({ bucket, prefix: '' }, 'database', undefined);
  }
  const browse: DestinationItem = { label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`, description: vscode.l10n.t('pick a bucket, then a folder'), browse: true, alwaysShow: true };
  const chosen = await pickOrType(items.length ? [...items, { label: '', kind: vscode.QuickPickItemKind.Separator }, browse] : [browse], {
    title,
    placeholder: vscode.l10n.t('Upload to… (pick, or type s3://bucket/folder/)'),
    typed: (value) => {
      const parsed = parseBucketInput(value);
      return parsed.ok
        ? { label: value, description: vscode.l10n.t('upload here'), destination: { bucket: parsed.bucket, prefix: folderPrefix(parsed.prefix) } }
        : { label: value, description: `$(error) ${parsed.message}`, invalid: true };
    },
  });
  if (!chosen) {
    return undefined;
  }
  if (chosen.browse) {
    return browseDestination(context, title);
  }
  return chosen.destination;
}

interface FolderItem extends vscode.QuickPickItem, Refusable {
  prefix?: string;
  here?: boolean;
}

/** A bucket, then down its folders (ListObjectsV2 with `/` as delimiter) until "Upload here". */
async function browseDestination(context: DestinationContext, title: string): Promise<Destination | undefined> {
  const bucket = await pickBucket(context.connection, context.knownBuckets, context.selection?.bucket, title);
  if (bucket === undefined) {
    return undefined;
  }
  let prefix = context.selection?.bucket === bucket ? context.selection.prefix : '';
  for (;;) {
    const here = describeDestination({ bucket, prefix });
    const chosen = await pickOrType<FolderItem>([], {
      title,
      load: () => folderItems(context.connection, bucket, prefix),
      placeholder: vscode.l10n.t('{0}: pick a folder, or type the name of a new one', here),
      typed: (value) => {
        const name = value.replace(/^\/+/, '');
        return name ? { label: value, description: vscode.l10n.t('new folder'), prefix: folderPrefix(prefix + name) } : { label: value, invalid: true };
      },
    });
    if (!chosen) {
      return undefined;
    }
    if (chosen.here) {
      return { bucket, prefix };
    }
    if (chosen.prefix !== undefined) {
      prefix = chosen.prefix;
    }
  }
}

async function folderItems(connection: Connection, bucket: string, prefix: string): Promise<FolderItem[]> {
  const items: FolderItem[] = [{ label: `$(check) ${vscode.l10n.t('Upload here')}`, description: describeDestination({ bucket, prefix }), here: true, alwaysShow: true }];
  if (prefix) {
    const parent = prefix.slice(0, prefix.slice(0, -1).lastIndexOf('/') + 1);
    items.push({ label: '$(arrow-up) ..', description: describeDestination({ bucket, prefix: parent }), prefix: parent, alwaysShow: true });
  }
  try {
    const gateway = await connection.gateway();
    const page = await gateway.listPage({ bucket, prefix, maxKeys: 1000 });
    for (const folder of page.folders) {
      items.push({ label: `$(folder) ${folder.prefix.slice(prefix.length)}`, prefix: folder.prefix });
    }
  } catch (error) {
    // Browsing is a convenience: without ListBucket the user still uploads here or types a folder.
    const described = describeS3Error(error, { profile: connection.profile, bucket });
    items.push({ label: `$(warning) ${vscode.l10n.t('Folders could not be listed')}`, detail: described.message });
  }
  return items;
}
