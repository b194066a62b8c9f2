// "Share Folder…" output: presigned links for every object under a prefix, as a plain list, a
// Markdown table or CSV (issue 6). Pure: no `vscode`, no SDK.
import * as l10n from '@vscode/l10n';
import { parseExpiry } from './duration';
import { validateBucketName } from './keys';

const SHARE_FORMATS = ['plain', 'markdown', 'csv'] as const;
export type ShareFormat = (typeof SHARE_FORMATS)[number];

export interface SharedLink {
  key: string;
  size: number;
  url: string;
  /** When the link really stops working (URL expiry or temporary credentials, the earlier). */
  expiresAt: Date;
}

/** The editor language of each format. */
export function shareLanguage(format: ShareFormat): string {
  return format === 'plain' ? 'plaintext' : format;
}

/** One URL per line: what `wget -i` and `curl` loops take. */
function plainList(links: readonly SharedLink[]): string {
  return links.map((link) => link.url + '\n').join('');
}

/**
 * Escapes text for a Markdown table cell and link text: every ASCII punctuation character Markdown
 * (CommonMark + GFM: tables, strikethrough, autolinks, HTML, entities) may interpret is backslash-escaped,
 * and line breaks become spaces, so a key cannot end its cell, its link text or its row.
 */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>|#!&~$]/g, '\\$&').replace(/\r\n|[\r\n\t\f\v]/g, ' ');
}

/** A link destination inside `<…>`: a presigned URL is already encoded, so this only guards `<`, `>` and spaces. */
function markdownDestination(url: string): string {
  return url.replace(/[<>\s]/g, (c) => encodeURIComponent(c));
}

function markdownTable(links: readonly SharedLink[], title: string): string {
  const rows = links.map(
    (link) => `| [${markdownText(link.key) || '\\ '}](<${markdownDestination(link.url)}>) | ${link.size} | ${link.expiresAt.toISOString()} |\n`,
  );
  return `# ${markdownText(title)}\n\n| Key | Size (bytes) | Expires (UTC) |\n| --- | ---: | --- |\n${rows.join('')}`;
}

// A field a spreadsheet would read as a formula (OWASP "CSV injection"): `=`, `+`, `-`, `@`, tab or CR
// first, also after leading spaces or line breaks, which some spreadsheets skip.
const FORMULA_START = /^[\s]*[=+\-@]|^[\t\r]/;

/**
 * An RFC 4180 field: quoted (with `"` doubled) when it holds a comma, quote, CR, LF or edge spaces.
 * Text a spreadsheet would run as a formula is neutralised as OWASP recommends: a leading `'` inside
 * a quoted field makes it text. A URL (`https://…`) never starts like that, so links stay exact.
 */
export function csvField(value: string | number): string {
  const text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) {
    return `"'${text.replace(/"/g, '""')}"`;
  }
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(links: readonly SharedLink[]): string {
  const lines = ['key,size,url,expires'];
  for (const link of links) {
    lines.push([link.key, link.size, link.url, link.expiresAt.toISOString()].map(csvField).join(','));
  }
  // RFC 4180 line breaks, so spreadsheets read keys with embedded newlines correctly.
  return lines.join('\r\n') + '\r\n';
}

/** The document for `links`; `title` (e.g. `s3://bucket/prefix`) heads the Markdown version. */
export function formatShare(links: readonly SharedLink[], format: ShareFormat, title: string): string {
  switch (format) {
    case 'plain':
      return plainList(links);
    case 'markdown':
      return markdownTable(links, title);
    case 'csv':
      return csv(links);
  }
}

/**
 * The keys to share from a recursive listing: folder markers (`photos/`, zero bytes, created by
 * consoles for empty folders) have nothing to download and are left out.
 */
export function isFolderMarker(key: string, size: number): boolean {
  return key.endsWith('/') && size === 0;
}

export interface ShareFolderArgs {
  bucket: string;
  prefix: string;
  expiresIn?: number;
  format: ShareFormat;
}

export type ParsedShareFolderArgs = { ok: true; args: ShareFolderArgs } | { ok: false; message: string };

/** Checks the automation argument `{ bucket, prefix?, expiresIn?, format? }` (format defaults to plain). */
export function parseShareFolderArgs(value: unknown): ParsedShareFolderArgs {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: l10n.t('Expected an object {0}.', '{ bucket, prefix?, expiresIn?, format? }') };
  }
  const input = value as Record<string, unknown>;
  if (typeof input.bucket !== 'string') {
    return { ok: false, message: l10n.t('"bucket" must be a string.') };
  }
  const bucket = validateBucketName(input.bucket);
  if (!bucket.ok) {
    return { ok: false, message: bucket.message };
  }
  if (input.prefix !== undefined && (typeof input.prefix !== 'string' || Buffer.byteLength(input.prefix) > 1024)) {
    return { ok: false, message: l10n.t('"prefix" must be a string of at most 1024 bytes.') };
  }
  const format = input.format ?? 'plain';
  if (!SHARE_FORMATS.includes(format as ShareFormat)) {
    return { ok: false, message: l10n.t('"format" must be one of {0}.', SHARE_FORMATS.join(', ')) };
  }
  const args: ShareFolderArgs = { bucket: input.bucket, prefix: (input.prefix as string | undefined) ?? '', format: format as ShareFormat };
  if (input.expiresIn !== undefined) {
    const expiry = parseExpiry(input.expiresIn);
    if (!expiry.ok) {
      return { ok: false, message: expiry.message };
    }
    args.expiresIn = expiry.seconds;
  }
  return { ok: true, args };
}
