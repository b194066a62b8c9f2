// The ledger of issued links (issue 4). A URL is a bearer credential, so it lives only in the secret
// store; the record list (no URL) lives in the state store. Both are injected, with the clock, so the
// ledger is tested in plain Node; the extension passes `context.secrets` and `context.globalState`.
import { randomUUID } from 'node:crypto';

// `PromiseLike` is what VS Code's `Thenable` extends, so `context.secrets` and `context.globalState`
// fit these shapes without this module importing vscode.
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export interface StateStore {
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
}

export type NewLinkRecord = Omit<LinkRecord, 'id' | 'remindedAt'>;

export interface Disposable {
  dispose(): void;
}

export const LINKS_STATE_KEY = 's3Presign.links';
export const LINK_SECRET_PREFIX = 's3Presign.link.';

export function linkSecretKey(id: string): string {
  return LINK_SECRET_PREFIX + id;
}

/** The state store may hold data from another version or a corrupted write: keep only sound records. */
function isLinkRecord(value: unknown): value is LinkRecord {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const r = value as Record<string, unknown>;
  return (
    typeof r.id === 'string' &&
    typeof r.bucket === 'string' &&
    typeof r.key === 'string' &&
    (r.method === 'GET' || r.method === 'PUT') &&
    typeof r.expiresInSeconds === 'number' &&
    typeof r.effectiveExpiresAt === 'number' &&
    Number.isFinite(r.effectiveExpiresAt) &&
    typeof r.createdAt === 'number' &&
    typeof r.profile === 'string'
  );
}

const byExpiry = (a: LinkRecord, b: LinkRecord) => a.effectiveExpiresAt - b.effectiveExpiresAt || a.createdAt - b.createdAt;

export class LinkLedger {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly state: StateStore,
    private readonly now: () => number,
    private readonly newId: () => string = randomUUID,
  ) {}

  /** Subscribe to changes made through this ledger; returns a disposable like VS Code's events. */
  readonly onDidChange = (listener: () => void): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };

  /** Records the link: the URL into the secret store first, so a listed record always has its URL. */
  async add(record: NewLinkRecord, url: string): Promise<LinkRecord> {
    const stored: LinkRecord = { ...record, id: this.newId() };
    await this.secrets.store(linkSecretKey(stored.id), url);
    try {
      await this.write([...this.read(), stored]);
    } catch (error) {
      await this.secrets.delete(linkSecretKey(stored.id));
      throw error;
    }
    this.fire();
    return { ...stored };
  }

  /** Every stored record, expired ones included, soonest expiry first. */
  all(): LinkRecord[] {
    return this.read().sort(byExpiry);
  }

  /** Links still working now, soonest expiry first. At exactly `effectiveExpiresAt` a link is expired. */
  active(): LinkRecord[] {
    const now = this.now();
    return this.all().filter((record) => now < record.effectiveExpiresAt);
  }

  get(id: string): LinkRecord | undefined {
    return this.read().find((record) => record.id === id);
  }

  async url(id: string): Promise<string | undefined> {
    return this.secrets.get(linkSecretKey(id));
  }

  /** Removes the record and its URL; `false` when no such record was listed. */
  async forget(id: string): Promise<boolean> {
    await this.secrets.delete(linkSecretKey(id));
    const records = this.read();
    const remaining = records.filter((record) => record.id !== id);
    if (remaining.length === records.length) {
      return false;
    }
    await this.write(remaining);
    this.fire();
    return true;
  }

  /** Prunes expired links from both stores; resolves to how many were removed. */
  async forgetExpired(): Promise<number> {
    const now = this.now();
    const expired = this.read().filter((record) => now >= record.effectiveExpiresAt);
    if (expired.length === 0) {
      return 0;
    }
    for (const record of expired) {
      await this.secrets.delete(linkSecretKey(record.id));
    }
    const gone = new Set(expired.map((record) => record.id));
    // Re-read: another window may have added a link while the secrets were being deleted.
    await this.write(this.read().filter((record) => !gone.has(record.id)));
    this.fire();
    return expired.length;
  }

  /**
   * Marks the reminder as shown. `false` when it already was: the state store is shared by every
   * window, so each window re-reads it right before writing and only the first one reminds.
   */
  async markReminded(id: string): Promise<boolean> {
    const records = this.read();
    const record = records.find((r) => r.id === id);
    if (!record || record.remindedAt !== undefined) {
      return false;
    }
    record.remindedAt = this.now();
    await this.write(records);
    this.fire();
    return true;
  }

  /** Fresh copies on every read: never mutate what the store handed out. */
  private read(): LinkRecord[] {
    const value = this.state.get<unknown>(LINKS_STATE_KEY);
    return Array.isArray(value) ? value.filter(isLinkRecord).map((record) => ({ ...record })) : [];
  }

  private async write(records: LinkRecord[]): Promise<void> {
    await this.state.update(LINKS_STATE_KEY, records);
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
