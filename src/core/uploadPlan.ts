// "Upload and Copy Link…" (issue 13): how a local file is cut into parts, where it lands in the bucket,
// which name "Keep Both" picks, and what the progress notification says. Pure: no vscode, no AWS SDK.
//
// S3's limits (https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html): parts of 5 MiB to
// 5 GiB, at most 10,000 of them, objects of at most 5 TiB.
import * as l10n from '@vscode/l10n';
import { formatBytes } from '../ui/format';
import { formatDuration } from './duration';
import { MAX_PARTS, MAX_PART_SIZE, MAX_UPLOAD_SIZE } from './largeUpload';

const KiB = 1024;
const MiB = 1024 * KiB;

/** What `aws s3 cp` uses: files up to this size go in one PutObject, larger ones in parts of it. */
export const DEFAULT_UPLOAD_PART_SIZE = 8 * MiB;
/** Parts sent at the same time, per file (lib-storage's `queueSize`). */
export const UPLOAD_QUEUE_SIZE = 4;
/**
 * The slowest upload rate a part is given time for, on top of `s3Presign.requestTimeout`: the setting
 * bounds one request, and a request carrying 8 MiB needs longer than one listing a folder (issue 13).
 */
export const MIN_UPLOAD_BYTES_PER_SECOND = 128 * KiB;

/**
 * The part size for a file of `size` bytes: 8 MiB, or the smallest whole number of MiB that fits the
 * file in 10,000 parts (525 MiB for 5 TiB). A file no larger than this goes up in one request.
 */
export function uploadPartSize(size: number): number {
  const fitting = Math.ceil(Math.ceil(Math.max(0, size) / MAX_PARTS) / MiB) * MiB;
  return Math.min(MAX_PART_SIZE, Math.max(DEFAULT_UPLOAD_PART_SIZE, fitting));
}

/** How many requests carry the file: 1 for a single PutObject (0-byte files included). */
export function uploadPartCount(size: number, partSize = uploadPartSize(size)): number {
  return size <= partSize ? 1 : Math.ceil(size / partSize);
}

/** The bound of one request carrying `bytes`: the setting's time plus the bytes at the slowest rate. */
export function uploadRequestTimeoutMs(requestTimeoutMs: number, bytes: number): number {
  return requestTimeoutMs + Math.ceil((Math.max(0, bytes) / MIN_UPLOAD_BYTES_PER_SECOND) * 1000);
}

/** Refuses, before anything is sent, a file S3 cannot store in one object. */
export function uploadSizeProblem(size: number, name: string): string | undefined {
  if (size > MAX_UPLOAD_SIZE) {
    return l10n.t('{0} has {1} bytes: S3 stores at most 5 TiB ({2} bytes) in one object.', name, size, MAX_UPLOAD_SIZE);
  }
  return undefined;
}

/** `prefix` as a folder: empty, or ending with exactly one `/`. */
export function folderPrefix(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/**
 * The key of a local file below `prefix`: its path relative to what was chosen (just its name for a
 * file, `folder/sub/name` inside a folder), with `/` separators whatever the platform.
 */
export function uploadKey(prefix: string, relativePath: string): string {
  return folderPrefix(prefix) + relativePath.split(/[\\/]+/).filter((segment) => segment !== '').join('/');
}

// Compound extensions kept together, so "Keep Both" gives `backup (1).tar.gz`, not `backup.tar (1).gz`.
const COMPOUND_EXTENSION = /\.tar\.[a-z0-9]+$/i;

/**
 * The `n`th "Keep Both" name for `key`, as file managers name copies: `report (1).pdf`, `notes (2)`,
 * `.env (1)`, `backup (1).tar.gz`; only the last segment changes.
 */
export function keepBothKey(key: string, n: number): string {
  const slash = key.lastIndexOf('/');
  const folder = key.slice(0, slash + 1);
  const name = key.slice(slash + 1);
  const compound = COMPOUND_EXTENSION.exec(name);
  const dot = compound && compound.index > 0 ? compound.index : name.lastIndexOf('.');
  // A dotfile (`.env`) or a trailing dot has no extension to keep.
  const split = dot > 0 && dot < name.length - 1 ? dot : name.length;
  return `${folder}${name.slice(0, split)} (${n})${name.slice(split)}`;
}

/**
 * The first "Keep Both" name that is free: `exists` asks S3 (HeadObject) or a set of taken keys.
 * Gives up after `limit` tries rather than probing forever.
 */
export async function firstFreeKey(key: string, exists: (candidate: string) => Promise<boolean>, limit = 1000): Promise<string> {
  for (let n = 1; n <= limit; n++) {
    const candidate = keepBothKey(key, n);
    if (!(await exists(candidate))) {
      return candidate;
    }
  }
  throw new Error(l10n.t('No free name found for {0} after {1} tries: choose another key.', key, limit));
}

export interface UploadProgress {
  /** Bytes S3 has acknowledged. */
  loaded: number;
  total: number;
  /** Since the upload started. */
  elapsedMs: number;
}

/** Whole percent, never 100 before the last byte is acknowledged. */
export function uploadPercent(loaded: number, total: number): number {
  if (total <= 0) {
    return loaded >= total ? 100 : 0;
  }
  const percent = Math.floor((loaded / total) * 100);
  return loaded < total ? Math.min(99, percent) : 100;
}

/** "96 MB of 256 MB (37%) · 41 MB/s · 4 s left": the progress notification's message. */
export function formatUploadProgress(progress: UploadProgress): string {
  const { loaded, total, elapsedMs } = progress;
  const parts = [l10n.t('{0} of {1} ({2}%)', formatBytes(loaded), formatBytes(total), uploadPercent(loaded, total))];
  // A rate needs some bytes and some time behind it, or it says nonsense.
  if (loaded > 0 && elapsedMs >= 250 && loaded < total) {
    const perSecond = loaded / (elapsedMs / 1000);
    parts.push(l10n.t('{0}/s', formatBytes(perSecond)));
    parts.push(l10n.t('{0} left', formatDuration(Math.max(1, (total - loaded) / perSecond))));
  }
  return parts.join(' · ');
}
