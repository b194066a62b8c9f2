import type * as vscode from 'vscode';

const STATE_KEY = 's3Presign.openedBuckets';

export interface OpenedBucket {
  bucket: string;
  /** A prefix given with `s3://bucket/prefix`, applied as the bucket's filter. */
  prefix: string;
}

/**
 * Buckets the user opened by name ("Open bucket…"), for users who may not call ListBuckets.
 * Remembered per profile and endpoint, since a bucket name means nothing elsewhere.
 */
export class OpenedBuckets {
  constructor(private readonly state: vscode.Memento) {}

  list(scope: string): OpenedBucket[] {
    return this.all()[scope] ?? [];
  }

  async add(scope: string, opened: OpenedBucket): Promise<void> {
    const others = this.list(scope).filter((entry) => entry.bucket !== opened.bucket);
    await this.save(scope, [...others, opened]);
  }

  async remove(scope: string, bucket: string): Promise<void> {
    await this.save(scope, this.list(scope).filter((entry) => entry.bucket !== bucket));
  }

  private all(): Record<string, OpenedBucket[]> {
    return this.state.get<Record<string, OpenedBucket[]>>(STATE_KEY) ?? {};
  }

  private async save(scope: string, entries: OpenedBucket[]): Promise<void> {
    await this.state.update(STATE_KEY, { ...this.all(), [scope]: entries });
  }
}
