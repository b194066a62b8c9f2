// Download options of GET links (issue 14): the `response-content-disposition` and
// `response-content-type` overrides S3 answers with, and the object version a link names.
// Pure: no vscode, no AWS SDK.
import * as l10n from '@vscode/l10n';
import { describeInput } from './describeInput';

/** How the recipient's browser treats the file: save it under a name, or show it. */
export type Disposition = 'attachment' | 'inline';

/** `s3Presign.download.defaultDisposition`: `none` signs no override. */
export type DefaultDisposition = 'none' | Disposition;

export const DISPOSITIONS: readonly Disposition[] = ['attachment', 'inline'];
export const DEFAULT_DISPOSITIONS: readonly DefaultDisposition[] = ['none', 'attachment', 'inline'];

/** The overrides and the version a GET link is signed with; every field optional. */
export interface DownloadOptions {
  download?: Disposition;
  /** The name the browser saves under; with `download` only. */
  filename?: string;
  responseContentType?: string;
  versionId?: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

// C0 and C1 controls and DEL: never part of a file name, and they would break the header.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/** The name with control characters removed and the ends trimmed; `''` when nothing is left. */
export function cleanFilename(name: string): string {
  return name.replace(CONTROLS, '').trim();
}

/** The key's last segment: what the file is called (`a/b/report.pdf` → `report.pdf`). */
export function filenameOfKey(key: string): string {
  const name = key.split('/').filter((segment) => cleanFilename(segment) !== '').pop() ?? '';
  return cleanFilename(name) || 'download';
}

/** Checks a file name for `Content-Disposition`: a string with something besides spaces and controls. */
export function validateFilename(value: unknown): Checked<string> {
  if (typeof value !== 'string') {
    return { ok: false, message: l10n.t('"filename" must be a string, got {0}.', describeInput(value)) };
  }
  const clean = cleanFilename(value);
  if (!clean) {
    return {
      ok: false,
      message: l10n.t('"filename" must name the file, got {0}: only spaces or control characters. Give a name such as "report.pdf".', describeInput(value)),
    };
  }
  if (clean.length > 255) {
    return { ok: false, message: l10n.t('"filename" is {0} characters long: at most 255 are allowed.', clean.length) };
  }
  return { ok: true, value: clean };
}

// RFC 9110 `token` characters, for the media type's type, subtype and parameter names.
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const QUOTED = '"(?:[\\t \\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\t \\x21-\\x7e])*"';
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|${QUOTED}))*$`);

/** Whether `value` is a media type as `Content-Type` carries it: `type/subtype`, parameters allowed. */
export function isMediaType(value: string): boolean {
  return value.length <= 255 && MEDIA_TYPE.test(value);
}

/** Checks a `response-content-type` such as `text/plain; charset=utf-8`; surrounding spaces are dropped. */
export function validateMediaType(value: unknown, field = 'responseContentType'): Checked<string> {
  const text = typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined || !isMediaType(text)) {
    return {
      ok: false,
      message: l10n.t(
        '"{0}" must be a media type such as "text/plain" or "text/plain; charset=utf-8", got {1}.',
        field,
        describeInput(value),
      ),
    };
  }
  return { ok: true, value: text };
}

/** What the user types in the Content-Type box: empty is a refusal too. */
export function mediaTypeProblem(value: string): string | undefined {
  const checked = validateMediaType(value, 'Content-Type');
  return checked.ok ? undefined : checked.message;
}

/** Checks a version id: S3's are opaque, printable and at most 1024 characters (`null` for unversioned). */
export function validateVersionId(value: unknown): Checked<string> {
  if (typeof value !== 'string' || value === '' || value.length > 1024 || !/^[\x21-\x7e]+$/.test(value)) {
    return {
      ok: false,
      message: l10n.t('"versionId" must be the id of a version as S3 lists it (e.g. "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"), got {0}.', describeInput(value)),
    };
  }
  return { ok: true, value };
}

/** A version id short enough for a list or a notification: `3HL4kqtJ…`. */
export function shortVersionId(versionId: string): string {
  return versionId.length > 12 ? `${versionId.slice(0, 8)}…` : versionId;
}

// RFC 5987 `attr-char`: everything else is percent-encoded, byte by byte of its UTF-8.
const ATTR_CHAR = /^[A-Za-z0-9!#$&+.^_`|~-]$/;

/** RFC 5987 `value-chars` of `filename*=UTF-8''…`. */
export function encodeRfc5987(value: string): string {
  let out = '';
  for (const char of value) {
    if (ATTR_CHAR.test(char)) {
      out += char;
    } else {
      for (const byte of Buffer.from(char, 'utf8')) {
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      }
    }
  }
  return out;
}

/**
 * The ASCII stand-in for browsers without `filename*`: accents dropped (`é` → `e`), any other
 * non-ASCII character as `_`, quotes and backslashes escaped for the quoted string.
 */
export function asciiFallback(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/gu, '_');
  return ascii.replace(/["\\]/g, (c) => `\\${c}`);
}

/**
 * The `Content-Disposition` value (RFC 6266): `attachment; filename="report.pdf"`, and for a name
 * that is not plain ASCII `attachment; filename="fallback"; filename*=UTF-8''percent-encoded`.
 * Control characters are stripped; without a usable name, the bare disposition.
 */
export function contentDisposition(disposition: Disposition, filename?: string): string {
  const name = filename === undefined ? '' : cleanFilename(filename);
  if (!name) {
    return disposition;
  }
  const fallback = asciiFallback(name);
  const plainAscii = /^[\x20-\x7e]*$/.test(name);
  return plainAscii ? `${disposition}; filename="${fallback}"` : `${disposition}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

/** The file name a recipient reads from a `Content-Disposition` value: `filename*` first (RFC 6266 §4.3). */
export function filenameOfDisposition(header: string): string | undefined {
  const star = /;\s*filename\*=UTF-8''([^;\s]*)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // Not valid UTF-8 percent-encoding: fall back to the plain parameter.
    }
  }
  const quoted = /;\s*filename="((?:[^"\\]|\\.)*)"/i.exec(header);
  return quoted?.[1].replace(/\\(.)/g, '$1');
}

/** The overrides to sign for `options`: the disposition header (named file) and the content type. */
export function responseOverrides(options: DownloadOptions, key: string): { responseContentDisposition?: string; responseContentType?: string } {
  const overrides: { responseContentDisposition?: string; responseContentType?: string } = {};
  if (options.download) {
    overrides.responseContentDisposition = contentDisposition(options.download, options.filename ?? filenameOfKey(key));
  }
  if (options.responseContentType) {
    overrides.responseContentType = options.responseContentType;
  }
  return overrides;
}

/** Parses the setting: anything but the three values reads as `none`. */
export function parseDefaultDisposition(value: unknown): DefaultDisposition {
  return DEFAULT_DISPOSITIONS.includes(value as DefaultDisposition) ? (value as DefaultDisposition) : 'none';
}
