// The ledger of issued links (issues 4 and 12). A URL is a bearer credential, so it lives only in the
// secret store; the records (no URL) live in the state store. Both are injected, with the clock, so the
// ledger is tested in plain Node; the extension passes `context.secrets` and `context.globalState`.
//
// Why the layout is what it is (issue 12 item 8):
// - One state key per record (`s3Presign.link.<id>`), never a shared array, so a window only ever
//   writes its own records. VS Code keeps an extension's whole globalState as ONE value in its storage
//   and each window sends its whole cached copy on every update (extHostMemento.ts): a window whose copy
//   is a few milliseconds stale can still drop another window's fresh key. So each ledger remembers
//   the records it wrote (`mine`) and writes back any that a stale copy removed, as long as their secret
//   still exists. SecretStorage, by contrast, is updated key by key across windows, and every window
//   hears of every change to it: that is how a window learns of another window's add or forget.
// - The record is written before its secret, so every secret has had a record: a secret whose record
//   is corrupt is found through the record's key and deleted. Where VS Code can list secrets (≥ 1.105;
//   the engine allows 1.100, so this is optional) secrets with no record at all are deleted too.
// - Links recorded together (Upload and Copy Link with several files, issue 13) share one secret, the
//   JSON of `{ [record id]: url }`: each secret write is a round trip to the main process (and the
//   OS keychain), so 100 links cost one write instead of 100. Forgetting one rewrites the batch without
//   it; the last one deletes it. Two windows forgetting two links of one batch at the same moment can
//   leave a forgotten URL in it; it goes with the batch, when the batch's last link is removed.
// - Every change prunes records expired for longer than `EXPIRED_LINK_RETENTION_MS`, so storage holds
//   the active links and the recently expired ones that "Show Active Links" lists under Expired.
import { randomUUID } from 'node:crypto';

export interface Disposable {
  dispose(): void;
}

// `PromiseLike` is what VS Code's `Thenable` extends, so `context.secrets` and `context.globalState`
// fit these shapes without this module importing vscode.
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
  /** VS Code ≥ 1.105 only. */
  keys?(): PromiseLike<readonly string[]>;
  /** Fires in every window when any window changes a secret. */
  onDidChange?(listener: (event: { key: string }) => unknown): Disposable;
}

export interface StateStore {
  keys(): readonly string[];
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface LinkRecord {
  id: string;
  bucket: string;
  key: string;
  method: 'GET' | 'PUT';
  expiresInSeconds: number;
  /** Epoch ms when the link really stops working (the earlier of its own expiry and the credentials'). */
  effectiveExpiresAt: number;
  createdAt: number;
  profile: string;
  contentType?: string;
  limitedByCredentials?: boolean;
  /** Epoch ms when the expiry reminder was shown, in any window. */
  remindedAt?: number;
  /**
   * Issue 14: a pending multipart upload from "Presign Large Upload…" (method PUT, expiry of its part
   * URLs); absent for a link. Its secret is the JSON of `LargeUploadSecret` (src/core/largeUpload.ts).
   */
  kind?: 'multipart';
  /** Multipart only: the upload's id, to regenerate its part URLs or abort it. */
  uploadId?: string;
  /** Multipart only: how many part URLs were signed, and the bytes of each part but the last. */
  partCount?: number;
  partSize?: number;
  /** Multipart only: the file size the user gave. */
  size?: number;
  /** GET only (issue 14): the version the link names, instead of the latest. */
  versionId?: string;
  /** GET only: the download option chosen, and the name it saves under (absent: the key's file name). */
  download?: 'attachment' | 'inline';
  filename?: string;
  /** GET only: the `Content-Disposition` the link makes S3 answer with, exactly as signed. */
  responseContentDisposition?: string;
  /** GET only: the `Content-Type` the link makes S3 answer with. */
  responseContentType?: string;
  /** The id of the secret its URL shares with the links recorded with it; absent: a secret of its own. */
  batch?: string;
}

export type NewLinkRecord = Omit<LinkRecord, 'id' | 'remindedAt' | 'batch'>;

/** Where versions before issue 12 kept every record, as one array; migrated on the first change. */
export const LEGACY_LINKS_STATE_KEY = 's3Presign.links';
const LINK_SECRET_PREFIX = 's3Presign.link.';
/** Record keys in the state store: the same names as the secrets, in the other store. */
const LINK_STATE_PREFIX = 's3Presign.link.';
/** How long an expired link stays listed (under Expired, to regenerate it) before it is pruned. */
export const EXPIRED_LINK_RETENTION_MS = 24 * 3600_000;
/**
 * A secret with no record, or a record with no secret, may be another window's add still on its way
 * (the two stores reach other windows separately): only one that stays so this long is removed.
 */
export const ORPHAN_GRACE_MS = 60_000;

export function linkSecretKey(id: string): string {
  return LINK_SECRET_PREFIX + id;
}

export function linkStateKey(id: string): string {
  return LINK_STATE_PREFIX + id;
}

/** The id of the secret that holds a record's URL. */
function secretIdOf(record: LinkRecord): string {
  return record.batch ?? record.id;
}

/** A batch secret's URLs by record id; empty when there is none or it is not sound. */
function parseBatch(value: string | undefined): Record<string, string> {
  try {
    const parsed: unknown = value === undefined ? undefined : JSON.parse(value);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    }
  } catch {
    // not JSON: no URLs
  }
  return {};
}

/** The state store may hold data from another version or a corrupted write: keep only sound records. */
function isLinkRecord(value: unknown): value is LinkRecord {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const r = value as Record<string, unknown>;
  return (
    typeof r.id === 'string' &&
    r.id !== '' &&
    typeof r.bucket === 'string' &&
    typeof r.key === 'string' &&
    (r.method === 'GET' || r.method === 'PUT') &&
    typeof r.expiresInSeconds === 'number' &&
    typeof r.effectiveExpiresAt === 'number' &&
    Number.isFinite(r.effectiveExpiresAt) &&
    typeof r.createdAt === 'number' &&
    typeof r.profile === 'string' &&
    (r.remindedAt === undefined || typeof r.remindedAt === 'number') &&
    ['versionId', 'filename', 'responseContentDisposition', 'responseContentType'].every((name) => r[name] === undefined || typeof r[name] === 'string') &&
    (r.download === undefined || r.download === 'attachment' || r.download === 'inline') &&
    (r.batch === undefined || (typeof r.batch === 'string' && r.batch !== '')) &&
    (r.kind === undefined ||
      (r.kind === 'multipart' &&
        typeof r.uploadId === 'string' &&
        r.uploadId !== '' &&
        typeof r.partCount === 'number' &&
        typeof r.partSize === 'number'))
  );
}

const byExpiry = (a: LinkRecord, b: LinkRecord) => a.effectiveExpiresAt - b.effectiveExpiresAt || a.createdAt - b.createdAt;

export class LinkLedger implements Disposable {
  private readonly listeners = new Set<() => void>();
  /** Records this window wrote and has not seen removed: written back if a stale copy drops them. */
  private readonly mine = new Map<string, LinkRecord>();
  /** Ids whose secret is known deleted; ids are never reused, so they are hidden for good. */
  private readonly gone = new Set<string>();
  /** Secrets without a record (id → when first seen), deleted once `ORPHAN_GRACE_MS` has passed. */
  private readonly orphans = new Map<string, number>();
  /** Changes run one at a time, so a window never races itself. */
  private queue: Promise<unknown> = Promise.resolve();
  private healScheduled = false;
  private readonly subscription: Disposable | undefined;

  constructor(
    private readonly secrets: SecretStore,
    private readonly state: StateStore,
    private readonly now: () => number,
    private readonly newId: () => string = randomUUID,
  ) {
    this.subscription = secrets.onDidChange?.((event) => void this.secretChanged(event.key));
  }

  /** Changes made through this ledger or, through the secret store, by another window. */
  readonly onDidChange = (listener: () => void): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };

  /** Records the link. The record goes first: it is what lets a stray secret be found and deleted. */
  async add(record: NewLinkRecord, url: string): Promise<LinkRecord> {
    const [stored] = await this.addAll([{ record, url }]);
    return stored;
  }

  /**
   * Records several links at once (Upload and Copy Link with many files, issue 13): their URLs go in
   * one secret, and the list is tidied and announced once, instead of one round of each per link.
   * Nothing is recorded if either store refuses.
   */
  addAll(entries: ReadonlyArray<{ record: NewLinkRecord; url: string }>): Promise<LinkRecord[]> {
    return this.serially(async () => {
      if (entries.length === 0) {
        return [];
      }
      const batch = entries.length > 1 ? this.newId() : undefined;
      const stored = entries.map(({ record, url }) => ({ record: { ...record, id: this.newId(), ...(batch && { batch }) } as LinkRecord, url }));
      const written: string[] = [];
      try {
        await Promise.all(
          stored.map(async ({ record }) => {
            await this.state.update(linkStateKey(record.id), record);
            written.push(record.id);
            this.mine.set(record.id, record);
          }),
        );
        const secret = batch
          ? { id: batch, value: JSON.stringify(Object.fromEntries(stored.map(({ record, url }) => [record.id, url]))) }
          : { id: stored[0].record.id, value: stored[0].url };
        await this.secrets.store(linkSecretKey(secret.id), secret.value);
      } catch (error) {
        for (const id of written) {
          this.mine.delete(id);
          await this.state.update(linkStateKey(id), undefined);
        }
        throw error;
      }
      await this.tidyQuietly();
      this.fire();
      return stored.map(({ record }) => ({ ...record }));
    });
  }

  /** Every listed record, recently expired ones included, soonest expiry first. */
  all(): LinkRecord[] {
    return [...this.read().values()].sort(byExpiry);
  }

  /** Links still working now, soonest expiry first. At exactly `effectiveExpiresAt` a link is expired. */
  active(): LinkRecord[] {
    const now = this.now();
    return this.all().filter((record) => now < record.effectiveExpiresAt);
  }

  get(id: string): LinkRecord | undefined {
    return this.read().get(id);
  }

  async url(id: string): Promise<string | undefined> {
    const batch = this.read().get(id)?.batch;
    if (batch === undefined) {
      return this.secrets.get(linkSecretKey(id));
    }
    return parseBatch(await this.secrets.get(linkSecretKey(batch)))[id];
  }

  /** Removes the record and its URL; `false` when no such record was listed. */
  forget(id: string): Promise<boolean> {
    return this.serially(async () => {
      const listed = this.read().has(id);
      await this.remove([id]);
      await this.tidyQuietly();
      if (listed) {
        this.fire();
      }
      return listed;
    });
  }

  /**
   * Removes every expired link (start-up and "Forget All Expired"), deletes orphans, and drops records
   * whose secret is gone; resolves to how many expired links were removed.
   */
  forgetExpired(): Promise<number> {
    return this.serially(async () => {
      const now = this.now();
      const expired = [...this.read().values()].filter((record) => now >= record.effectiveExpiresAt);
      await this.remove(expired.map((record) => record.id));
      const tidied = await this.tidy();
      const dropped = await this.dropRecordsWithoutSecret();
      if (expired.length > 0 || tidied || dropped) {
        this.fire();
      }
      return expired.length;
    });
  }

  /**
   * Marks the reminder as shown; `false` when it already was, so only one window reminds. The check
   * reads this window's copy of global state, which other windows update within milliseconds; no
   * compare-and-set exists across windows (Memento or SecretStorage), so two windows checking within
   * that delay could both remind. Reminders are checked on timers, so that is rare and harmless.
   */
  markReminded(id: string): Promise<boolean> {
    return this.serially(async () => {
      const record = this.read().get(id);
      if (!record || record.remindedAt !== undefined) {
        return false;
      }
      const reminded = { ...record, remindedAt: this.now() };
      await this.state.update(linkStateKey(id), reminded);
      if (this.mine.has(id)) {
        this.mine.set(id, reminded);
      }
      await this.tidyQuietly();
      this.fire();
      return true;
    });
  }

  dispose(): void {
    this.subscription?.dispose();
    this.listeners.clear();
  }

  /** Fresh copies on every read: never hand out what the store handed out. */
  private read(): Map<string, LinkRecord> {
    const records = new Map<string, LinkRecord>();
    const legacy = this.state.get<unknown>(LEGACY_LINKS_STATE_KEY);
    if (Array.isArray(legacy)) {
      for (const record of legacy.filter(isLinkRecord)) {
        records.set(record.id, { ...record });
      }
    }
    for (const [id, record] of this.stateRecords()) {
      if (record) {
        records.set(id, { ...record });
      }
    }
    let missing = false;
    for (const [id, record] of this.mine) {
      if (!records.has(id)) {
        records.set(id, { ...record });
        missing = true;
      }
    }
    for (const id of this.gone) {
      records.delete(id);
    }
    if (missing) {
      this.scheduleHeal();
    }
    return records;
  }

  /** Every record key in the state store, with its record or `undefined` when it is not sound. */
  private stateRecords(): Map<string, LinkRecord | undefined> {
    const records = new Map<string, LinkRecord | undefined>();
    for (const key of this.state.keys()) {
      if (!key.startsWith(LINK_STATE_PREFIX)) {
        continue;
      }
      const id = key.slice(LINK_STATE_PREFIX.length);
      const value = this.state.get<unknown>(key);
      if (value === undefined) {
        continue;
      }
      records.set(id, isLinkRecord(value) && value.id === id ? value : undefined);
    }
    return records;
  }

  /** Sound records in state, and this window's records a stale copy of state may lack. */
  private known(): Map<string, LinkRecord> {
    const records = new Map<string, LinkRecord>();
    for (const [id, record] of this.stateRecords()) {
      if (record) {
        records.set(id, record);
      }
    }
    for (const [id, record] of this.mine) {
      records.set(id, records.get(id) ?? record);
    }
    return records;
  }

  private async remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) {
      return;
    }
    // Secrets first: a record left behind by a crash here is dropped later; a URL could leak.
    const records = this.known();
    const removing = new Set(ids);
    const batches = new Set<string>();
    for (const id of removing) {
      const batch = records.get(id)?.batch;
      if (batch === undefined) {
        await this.secrets.delete(linkSecretKey(id));
      } else {
        batches.add(batch);
      }
    }
    for (const batch of batches) {
      const kept = [...records.values()].filter((record) => record.batch === batch && !removing.has(record.id) && !this.gone.has(record.id));
      const urls = kept.length === 0 ? {} : parseBatch(await this.secrets.get(linkSecretKey(batch)));
      const left = kept.filter((record) => urls[record.id] !== undefined).map((record) => [record.id, urls[record.id]]);
      if (left.length === 0) {
        this.gone.add(batch);
        await this.secrets.delete(linkSecretKey(batch));
      } else {
        await this.secrets.store(linkSecretKey(batch), JSON.stringify(Object.fromEntries(left)));
      }
    }
    for (const id of removing) {
      this.gone.add(id);
      this.mine.delete(id);
      if (this.state.get(linkStateKey(id)) !== undefined) {
        await this.state.update(linkStateKey(id), undefined);
      }
    }
  }

  /** Whether the secret store still holds the record's URL; `cache` spares reading a batch twice. */
  private async hasUrl(record: LinkRecord, cache = new Map<string, string | undefined>()): Promise<boolean> {
    const key = linkSecretKey(secretIdOf(record));
    if (!cache.has(key)) {
      cache.set(key, await this.secrets.get(key));
    }
    const value = cache.get(key);
    return record.batch === undefined ? value !== undefined : parseBatch(value)[record.id] !== undefined;
  }

  /**
   * Brings storage back to its invariants: the old array migrated, unsound records and their secrets
   * deleted, this window's records written back, long-expired links pruned, orphan secrets deleted.
   * Resolves to whether the listed records may have changed.
   */
  private async tidy(): Promise<boolean> {
    let changed = await this.migrate();
    const now = this.now();
    const records = this.stateRecords();
    const doomed = new Set<string>();
    for (const [id, record] of records) {
      if (!record || this.gone.has(id) || record.effectiveExpiresAt + EXPIRED_LINK_RETENTION_MS <= now) {
        doomed.add(id);
      }
    }
    for (const [id, record] of [...this.mine]) {
      const stored = records.get(id);
      if (doomed.has(id)) {
        continue;
      } else if (record.effectiveExpiresAt + EXPIRED_LINK_RETENTION_MS <= now) {
        doomed.add(id);
      } else if (stored) {
        // Keeps another window's `remindedAt`, should this record ever need writing back.
        this.mine.set(id, stored);
      } else if (!(await this.hasUrl(record))) {
        // Another window forgot or pruned it; this copy of state had simply not caught up.
        this.mine.delete(id);
        this.gone.add(id);
        changed = true;
      } else {
        await this.state.update(linkStateKey(id), record);
      }
    }
    if (doomed.size > 0) {
      await this.remove([...doomed]);
      changed = true;
    }
    const inUse = new Set<string>();
    for (const [id, record] of records) {
      if (record && !doomed.has(id)) {
        inUse.add(secretIdOf(record));
      }
    }
    for (const record of this.mine.values()) {
      inUse.add(secretIdOf(record));
    }
    await this.deleteOrphanSecrets(inUse);
    return changed;
  }

  /** Tidying after a change that succeeded is best effort: the next change tries again. */
  private async tidyQuietly(): Promise<void> {
    try {
      await this.tidy();
    } catch {
      // Nothing is lost: every step is retried by the next tidy.
    }
  }

  /** The array of older versions becomes one key per record; a secret whose record is unsound goes. */
  private async migrate(): Promise<boolean> {
    const legacy = this.state.get<unknown>(LEGACY_LINKS_STATE_KEY);
    if (legacy === undefined) {
      return false;
    }
    const current = this.stateRecords();
    for (const value of Array.isArray(legacy) ? legacy : []) {
      if (isLinkRecord(value)) {
        if (!current.get(value.id) && !this.gone.has(value.id) && (await this.secrets.get(linkSecretKey(value.id))) !== undefined) {
          await this.state.update(linkStateKey(value.id), value);
        }
      } else if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string') {
        const id = (value as { id: string }).id;
        if (!current.get(id)) {
          await this.secrets.delete(linkSecretKey(id));
        }
      }
    }
    await this.state.update(LEGACY_LINKS_STATE_KEY, undefined);
    return true;
  }

  /**
   * Only where the secret store can list its keys; elsewhere every secret was preceded by a record.
   * `inUse`: the ids of the secrets that listed records point to.
   */
  private async deleteOrphanSecrets(inUse: ReadonlySet<string>): Promise<void> {
    if (!this.secrets.keys) {
      return;
    }
    let keys: readonly string[];
    try {
      keys = await this.secrets.keys();
    } catch {
      return; // a secret storage provider without listing (web hosts): as before VS Code 1.105
    }
    const now = this.now();
    const seen = new Set<string>();
    for (const key of keys) {
      if (!key.startsWith(LINK_SECRET_PREFIX)) {
        continue;
      }
      const id = key.slice(LINK_SECRET_PREFIX.length);
      if (inUse.has(id)) {
        continue;
      }
      seen.add(id);
      const since = this.orphans.get(id) ?? now;
      this.orphans.set(id, since);
      if (this.gone.has(id) || now - since >= ORPHAN_GRACE_MS) {
        await this.secrets.delete(key);
        this.orphans.delete(id);
        seen.delete(id);
      }
    }
    for (const id of this.orphans.keys()) {
      if (!seen.has(id)) {
        this.orphans.delete(id);
      }
    }
  }

  /** A record whose secret is gone (a crash during forget, or a stale copy of state) lists a dead link. */
  private async dropRecordsWithoutSecret(): Promise<boolean> {
    const now = this.now();
    const read = new Map<string, string | undefined>();
    const dead: string[] = [];
    for (const [id, record] of this.stateRecords()) {
      if (record && !this.mine.has(id) && now - record.createdAt >= ORPHAN_GRACE_MS && !(await this.hasUrl(record, read))) {
        dead.push(id);
      }
    }
    await this.remove(dead);
    return dead.length > 0;
  }

  /** Another window added, forgot or pruned a link, or a stale copy of state dropped one of ours. */
  private async secretChanged(key: string): Promise<void> {
    if (!key.startsWith(LINK_SECRET_PREFIX)) {
      return;
    }
    const id = key.slice(LINK_SECRET_PREFIX.length);
    await this.serially(async () => {
      const exists = (await this.secrets.get(key)) !== undefined;
      // A batch this window wrote may have been rewritten by another window: always look.
      const ownBatch = [...this.mine.values()].some((record) => record.batch === id);
      if (!ownBatch && (exists ? this.mine.has(id) : this.gone.has(id))) {
        return; // this window's own change, already announced
      }
      if (!exists) {
        // A link's secret, or a batch's: every link whose URL it held is gone.
        for (const record of this.known().values()) {
          if (secretIdOf(record) === id) {
            this.gone.add(record.id);
            this.mine.delete(record.id);
          }
        }
        this.gone.add(id);
        this.mine.delete(id);
      }
      await this.tidyQuietly();
      this.fire();
    }).catch(() => undefined);
  }

  /** A read found one of this window's records missing from state: write it back soon. */
  private scheduleHeal(): void {
    if (this.healScheduled) {
      return;
    }
    this.healScheduled = true;
    void this.serially(async () => {
      this.healScheduled = false;
      if (await this.tidy()) {
        this.fire();
      }
    }).catch(() => undefined);
  }

  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private fire(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A failing listener must not stop the others or the ledger's own work.
      }
    }
  }
}
