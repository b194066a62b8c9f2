// Content-Type guessed from a key's extension, offered as the default when presigning an upload.
import type MimeTable from 'mime/lite';

let table: typeof MimeTable | undefined;

/** Loaded on first use: building its table of about 1,000 types is work activation does not need. */
function mimeTable(): typeof MimeTable {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (see above)
  table ??= require('mime/lite') as typeof MimeTable;
  return table;
}

/**
 * The standard type for the key's extension, or `undefined` when there is none or it is unknown.
 * Only the last path segment counts, and a name without a dot (or a dotfile) has no extension:
 * `mime.getType('json')` would otherwise answer for a key literally named `json`.
 */
export function guessContentType(key: string): string | undefined {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) {
    return undefined;
  }
  return mimeTable().getType(name.slice(dot + 1)) ?? undefined;
}
