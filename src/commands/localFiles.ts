// The local side of "Upload and Copy Link…" (issue 13): which files a selection means (a folder is
// walked), each measured and checked readable before anything is sent, and each file's bytes streamed
// to S3 with a check that it did not change meanwhile. No `vscode` import: the integration tier runs
// it against radosgw.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { guessContentType } from '../core/contentType';
import { uploadSizeProblem } from '../core/uploadPlan';
import type { S3Gateway, UploadResult } from '../s3/s3Gateway';

export interface LocalFile {
  /** Absolute path on this disk. */
  path: string;
  /** Its path below what was chosen: the file name, or `folder/sub/name` inside a chosen folder. */
  relativePath: string;
  size: number;
  mtimeMs: number;
}

export type CollectedFiles = { ok: true; files: LocalFile[]; folders: string[] } | { ok: false; message: string };

/** Names of local errors (the file, not S3): their messages name the file and the reason. */
const LOCAL_ERROR_NAME = 'S3PresignLocalFile';

export function localFileError(file: string, message: string, cause?: unknown): Error {
  return Object.assign(new Error(message, cause === undefined ? undefined : { cause }), { name: LOCAL_ERROR_NAME, localPath: file });
}

export function isLocalFileError(error: unknown): error is Error {
  return (error as { name?: unknown } | undefined)?.name === LOCAL_ERROR_NAME;
}

/** Why a file cannot be read, in words, from Node's error code. */
function reason(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return l10n.t('it does not exist (moved or deleted?)');
    case 'EACCES':
    case 'EPERM':
      return l10n.t('permission denied ({0})', code);
    case 'EISDIR':
      return l10n.t('it is a folder, not a file (EISDIR)');
    case 'EIO':
      return l10n.t('the disk reported an input/output error (EIO)');
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

export function unreadableFileError(file: string, error: unknown): Error {
  return localFileError(file, l10n.t('Cannot read {0}: {1}.', file, reason(error)), error);
}

/** Opens the file and reads its first byte: what fails here fails before anything is uploaded. */
async function checkReadable(file: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
    await handle.read(Buffer.alloc(1), 0, 1, 0);
  } catch (error) {
    throw unreadableFileError(file, error);
  } finally {
    await handle?.close();
  }
}

/**
 * Every file the paths stand for, measured and checked readable; a folder (when `allowFolders`) gives
 * all the files below it, their relative paths starting with the folder's name. Symbolic links are
 * followed for the chosen paths themselves but not inside folders (a link loop would never end).
 */
export async function collectFiles(paths: string[], allowFolders: boolean): Promise<CollectedFiles> {
  const files: LocalFile[] = [];
  const folders: string[] = [];
  try {
    for (const chosen of paths) {
      let stat: fs.Stats;
      try {
        stat = await fs.promises.stat(chosen);
      } catch (error) {
        return { ok: false, message: unreadableFileError(chosen, error).message };
      }
      if (stat.isDirectory()) {
        if (!allowFolders) {
          return { ok: false, message: l10n.t('{0} is a folder: list the files to upload in "files" instead.', chosen) };
        }
        folders.push(chosen);
        await walk(chosen, path.basename(chosen), files);
      } else if (stat.isFile()) {
        files.push({ path: chosen, relativePath: path.basename(chosen), size: stat.size, mtimeMs: stat.mtimeMs });
      } else {
        return { ok: false, message: l10n.t('{0} is not a regular file (a device, pipe or socket) and cannot be uploaded.', chosen) };
      }
    }
    for (const file of files) {
      const tooLarge = uploadSizeProblem(file.size, file.path);
      if (tooLarge) {
        return { ok: false, message: tooLarge };
      }
      await checkReadable(file.path);
    }
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  return { ok: true, files, folders };
}

async function walk(folder: string, relative: string, into: LocalFile[]): Promise<void> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw unreadableFileError(folder, error);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    const rel = `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      await walk(full, rel, into);
    } else if (entry.isFile()) {
      const stat = await fs.promises.stat(full).catch((error: unknown) => {
        throw unreadableFileError(full, error);
      });
      into.push({ path: full, relativePath: rel, size: stat.size, mtimeMs: stat.mtimeMs });
    }
  }
}

/** The file changed between measuring and the end of reading: what was read is not the file. */
async function checkUnchanged(file: LocalFile): Promise<void> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file.path);
  } catch (error) {
    throw localFileError(file.path, l10n.t('{0} was deleted or moved while it was uploading; nothing was stored. Upload it again.', file.path), error);
  }
  if (stat.size !== file.size || stat.mtimeMs !== file.mtimeMs) {
    throw localFileError(
      file.path,
      l10n.t('{0} changed while it was uploading (size or modification time); nothing was stored. Upload it again once it is no longer being written.', file.path),
    );
  }
}

function isAbortError(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: string; code?: string };
  return name === 'AbortError' || code === 'ABORT_ERR';
}

export interface UploadFileOptions {
  signal?: AbortSignal;
  onProgress?(loaded: number): void;
  /** Tests: parts smaller than the planned size (at least 5 MiB). */
  partSize?: number;
}

/** Streams `file` to `bucket/key` with its Content-Type from the name; rejects if it changes meanwhile. */
export async function uploadLocalFile(gateway: S3Gateway, file: LocalFile, bucket: string, key: string, options: UploadFileOptions = {}): Promise<UploadResult> {
  let readError: unknown;
  let body: fs.ReadStream | Uint8Array;
  if (file.size === 0) {
    body = new Uint8Array(0);
  } else {
    // Exactly the measured bytes: a file that grows meanwhile is caught by the check, not half-sent.
    // lib-storage joins chunks into a part of part size + one chunk and sends a slice of it, so each
    // part in flight holds one extra chunk: 256 KiB keeps that small without costing throughput.
    const stream = fs.createReadStream(file.path, { start: 0, end: file.size - 1, highWaterMark: 256 * 1024 });
    stream.on('error', (error) => {
      // A stream destroyed because the upload was stopped (Cancel, a time-out) did not fail to read.
      if (!isAbortError(error)) {
        readError ??= error;
      }
    });
    body = stream;
  }
  try {
    return await gateway.uploadObject(
      {
        bucket,
        key,
        body,
        size: file.size,
        contentType: guessContentType(key) ?? guessContentType(file.path) ?? 'application/octet-stream',
        partSize: options.partSize,
        onProgress: options.onProgress,
        beforeCommit: () => checkUnchanged(file),
      },
      { signal: options.signal },
    );
  } catch (error) {
    if (isLocalFileError(error) || options.signal?.aborted) {
      throw error;
    }
    if (readError !== undefined) {
      throw unreadableFileError(file.path, readError);
    }
    throw error;
  }
}
