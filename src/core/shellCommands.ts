// Ready-to-run commands and links for a presigned URL. A signed header (content-type) must be sent
// exactly, so the commands carry every header the signature expects. Every argument is quoted, because a
// URL or a file name can contain a quote.

import { hasDotSegments } from './keys';

/**
 * curl removes `.` and `..` segments from a URL's path before sending it unless told not to, and
 * the link would then name another object (issue 12); `--path-as-is` only where the path has them.
 */
function curlPathOptions(url: string): string[] {
  const path = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(url)?.[1] ?? '';
  return hasDotSegments(path) ? ['--path-as-is'] : [];
}

/** POSIX shell single quoting: nothing is special inside '…' except ' itself, written as '\''. */
export function posixQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * PowerShell single quoting: a quote is escaped by doubling it. PowerShell also treats the typographic
 * quotes ‘ ’ ‚ ‛ as single quotes, so those are doubled too.
 */
export function powershellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (quote) => quote + quote)}'`;
}

/**
 * `--globoff`: curl would read `[1]` or `{a,b}` in a file name or key as a pattern. `--fail`: a refused
 * upload (expired link, another Content-Type) exits non-zero instead of printing S3's XML and exiting 0.
 */
export function curlUploadCommand(url: string, headers: Record<string, string>, filePlaceholder = 'FILE'): string {
  const parts = ['curl', '--globoff', '--fail', ...curlPathOptions(url), '-X', 'PUT'];
  for (const [name, value] of Object.entries(headers)) {
    parts.push('-H', posixQuote(`${name}: ${value}`));
  }
  parts.push('--upload-file', posixQuote(filePlaceholder), posixQuote(url));
  return parts.join(' ');
}

/** `-ContentType` sets content-type: Windows PowerShell rejects content-type inside `-Headers`. */
export function powershellUploadCommand(url: string, headers: Record<string, string>, file = 'FILE'): string {
  const parts = ['Invoke-WebRequest', '-Method', 'Put', '-InFile', powershellQuote(file), '-Uri', powershellQuote(url)];
  const others: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'content-type') {
      parts.push('-ContentType', powershellQuote(value));
    }
    else {
      others.push(`${powershellQuote(name)}=${powershellQuote(value)}`);
    }
  }
  if (others.length) {
    parts.push('-Headers', `@{${others.join('; ')}}`);
  }
  return parts.join(' ');
}

/** `--fail` so an expired or refused link does not silently save S3's XML error as the file. */
export function curlDownloadCommand(url: string, outputFile = 'FILE'): string {
  return ['curl', '--globoff', ...curlPathOptions(url), '--fail', '-o', posixQuote(outputFile), posixQuote(url)].join(' ');
}

/**
 * `[text](url)` that survives any text and URL: brackets and backslashes in the text are escaped, and
 * characters that would end or break the link target are percent-encoded (same URL to S3, which
 * decodes them before checking the signature).
 */
export function markdownLink(text: string, url: string): string {
  const label = text.replace(/[\r\n]+/g, ' ').replace(/[\\[\]]/g, (c) => `\\${c}`);
  const target = url.replace(/[()<>\s]/gu, (c) => (c === '(' ? '%28' : c === ')' ? '%29' : encodeURIComponent(c)));
  return `[${label}](${target})`;
}
