// The scripts "Presign Large Upload…" hands out (issue 14): bash with curl, and PowerShell. Each reads
// the file part by part, PUTs every part to its presigned UploadPart URL, collects the ETag S3 answers,
// then POSTs the CompleteMultipartUpload XML to the presigned Complete URL. Pure: no vscode.
//
// The scripts are code, so their messages stay English: a translated text could carry a quote or a `$`
// into the script. Every value from outside (URLs, the default file name) is single-quoted; the key only
// appears in comments and messages with invisible characters escaped, so it cannot end a comment line.
import * as l10n from '@vscode/l10n';
import { S3_XML_NAMESPACE } from './largeUpload';
import { posixQuote, powershellQuote } from './shellCommands';

export interface LargeUploadScriptInput {
  bucket: string;
  key: string;
  partSize: number;
  /** One URL per part, in part order from 1. */
  parts: ReadonlyArray<{ partNumber: number; url: string }>;
  completeUrl: string;
  /** When the URLs stop working. */
  expiresAt: Date;
}

// Line breaks of any kind (a comment ends there), other controls, bidi overrides and invisible marks.
const UNSAFE_IN_TEXT = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

/** `s3://bucket/key` safe inside a comment or a single-quoted string. */
function s3Uri(input: LargeUploadScriptInput): string {
  return `s3://${input.bucket}/${input.key}`.replace(
    new RegExp(UNSAFE_IN_TEXT.source, 'g'),
    (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

/** The file the script uploads when given none: the key's last segment, as the file is likely named. */
export function defaultFileName(key: string): string {
  const name = key.split('/').filter(Boolean).pop() ?? '';
  return name && !UNSAFE_IN_TEXT.test(name) && name !== '.' && name !== '..' ? name : 'FILE';
}

function headerLines(input: LargeUploadScriptInput, usage: string): string[] {
  const { partSize, parts } = input;
  return [
    `Uploads a file to ${s3Uri(input)} through presigned URLs (S3 Presign: "Presign Large Upload").`,
    `${parts.length} part URLs of ${partSize} bytes each: files of up to ${partSize * parts.length} bytes.`,
    `The URLs work until ${input.expiresAt.toISOString()}. Whoever has this script can upload to that key`,
    'until then: keep it private. Run it again to retry: parts already sent are simply sent again.',
    `Usage: ${usage}`,
  ];
}

function isOneLine(value: string): boolean {
  return !UNSAFE_IN_TEXT.test(value);
}

function checkInput(input: LargeUploadScriptInput): void {
  input.parts.forEach((part, index) => {
    if (part.partNumber !== index + 1) {
      throw new Error(l10n.t('Part URLs must be numbered 1 to {0} in order.', input.parts.length));
    }
  });
  if (input.parts.length === 0 || ![input.completeUrl, ...input.parts.map((part) => part.url)].every(isOneLine)) {
    throw new Error(l10n.t('Every part needs a URL, each on one line.'));
  }
}

/**
 * bash (Linux, macOS, WSL, Git Bash) with curl, tail and head. A part is cut into a temporary file
 * rather than piped: S3 refuses a PUT without Content-Length, which curl sends only for files.
 */
export function bashLargeUploadScript(input: LargeUploadScriptInput): string {
  checkInput(input);
  const uri = s3Uri(input);
  const lines = [
    '#!/usr/bin/env bash',
    ...headerLines(input, 'bash upload.sh [FILE]').map((line) => `# ${line}`),
    'set -eu',
    '',
    'FILE=${1:-}',
    `if [ -z "$FILE" ]; then FILE=${posixQuote(defaultFileName(input.key))}; fi`,
    `PART_SIZE=${input.partSize}`,
    'PART_URLS=(',
    ...input.parts.map((part) => `  ${posixQuote(part.url)}`),
    ')',
    `COMPLETE_URL=${posixQuote(input.completeUrl)}`,
    `TARGET=${posixQuote(uri)}`,
    '',
    'if [ ! -f "$FILE" ] || [ ! -r "$FILE" ]; then',
    '  echo "Cannot read \\"$FILE\\": give the file to upload as the first argument." >&2',
    '  exit 1',
    'fi',
    "SIZE=$(wc -c < \"$FILE\" | tr -d '[:space:]')",
    'PARTS=$(( SIZE == 0 ? 1 : (SIZE + PART_SIZE - 1) / PART_SIZE ))',
    'if [ "$PARTS" -gt "${#PART_URLS[@]}" ]; then',
    '  echo "\\"$FILE\\" has $SIZE bytes: more than ${#PART_URLS[@]} parts of $PART_SIZE bytes hold. Presign the upload again with this size." >&2',
    '  exit 1',
    'fi',
    'WORK=$(mktemp -d)',
    "trap 'rm -rf \"$WORK\"' EXIT",
    '',
    `BODY='<CompleteMultipartUpload xmlns="${S3_XML_NAMESPACE}">'`,
    'for (( n = 1; n <= PARTS; n++ )); do',
    '  OFFSET=$(( (n - 1) * PART_SIZE ))',
    '  LENGTH=$(( SIZE - OFFSET < PART_SIZE ? SIZE - OFFSET : PART_SIZE ))',
    // No pipefail: tail ends by SIGPIPE once head has its bytes; the length check catches a short read.
    '  tail -c +$(( OFFSET + 1 )) "$FILE" | head -c "$LENGTH" > "$WORK/part"',
    `  if [ "$(wc -c < "$WORK/part" | tr -d '[:space:]')" != "$LENGTH" ]; then`,
    '    echo "Could not read part $n of \\"$FILE\\"." >&2',
    '    exit 1',
    '  fi',
    '  echo "Uploading part $n of $PARTS ($LENGTH bytes)" >&2',
    '  curl --globoff --fail --silent --show-error --retry 3 -X PUT --upload-file "$WORK/part" \\',
    '    -D "$WORK/headers" -o /dev/null "${PART_URLS[n - 1]}"',
    "  ETAG=$(tr -d '\\r' < \"$WORK/headers\" | sed -n 's/^[Ee][Tt][Aa][Gg]:[[:space:]]*//p' | tail -n 1 \\",
    "    | sed -e 's/&/\\&amp;/g' -e 's/</\\&lt;/g' -e 's/>/\\&gt;/g')",
    '  if [ -z "$ETAG" ]; then',
    '    echo "S3 sent no ETag for part $n." >&2',
    '    exit 1',
    '  fi',
    '  BODY="$BODY<Part><PartNumber>$n</PartNumber><ETag>$ETAG</ETag></Part>"',
    'done',
    "printf '%s</CompleteMultipartUpload>' \"$BODY\" > \"$WORK/complete.xml\"",
    '',
    'echo "Completing the upload" >&2',
    "curl --globoff --fail --silent --show-error --retry 3 -H 'Content-Type: application/xml' \\",
    '  --data-binary "@$WORK/complete.xml" -o "$WORK/response" "$COMPLETE_URL"',
    '# S3 may answer 200 and still report an error in the body.',
    "if grep -q '<Error>' \"$WORK/response\"; then",
    '  cat "$WORK/response" >&2',
    '  echo >&2',
    '  exit 1',
    'fi',
    'echo "Uploaded \\"$FILE\\" ($SIZE bytes) to $TARGET"',
    '',
  ];
  return lines.join('\n');
}

/**
 * PowerShell 5.1 and 7 (Windows, macOS, Linux): the file is read by ranges through one FileStream; each
 * part goes through a temporary file, since a part of up to 5 GiB does not fit a .NET byte array.
 */
export function powershellLargeUploadScript(input: LargeUploadScriptInput): string {
  checkInput(input);
  const uri = s3Uri(input);
  const lines = [
    ...headerLines(input, '.\\upload.ps1 [-File FILE]').map((line) => `# ${line}`),
    `param([string]$File = ${powershellQuote(defaultFileName(input.key))})`,
    "$ErrorActionPreference = 'Stop'",
    // Windows PowerShell redraws its progress bar for every chunk, which makes uploads crawl.
    "$ProgressPreference = 'SilentlyContinue'",
    '[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12',
    `$PartSize = [long]${input.partSize}`,
    '$PartUrls = @(',
    ...input.parts.map((part) => `  ${powershellQuote(part.url)}`),
    ')',
    `$CompleteUrl = ${powershellQuote(input.completeUrl)}`,
    `$Target = ${powershellQuote(uri)}`,
    '',
    '$Path = (Resolve-Path -LiteralPath $File).ProviderPath',
    '$Size = [long](Get-Item -LiteralPath $Path).Length',
    '$Parts = [long][Math]::Max(1, [Math]::Ceiling($Size / $PartSize))',
    'if ($Parts -gt $PartUrls.Count) {',
    '  throw "`"$Path`" has $Size bytes: more than $($PartUrls.Count) parts of $PartSize bytes hold. Presign the upload again with this size."',
    '}',
    '$Temp = [System.IO.Path]::GetTempFileName()',
    '$Source = [System.IO.File]::OpenRead($Path)',
    '$Buffer = New-Object byte[] 1048576',
    '$Body = New-Object System.Text.StringBuilder',
    `[void]$Body.Append('<CompleteMultipartUpload xmlns="${S3_XML_NAMESPACE}">')`,
    'try {',
    '  for ($n = 1; $n -le $Parts; $n++) {',
    '    $Offset = ($n - 1) * $PartSize',
    '    $Length = [Math]::Min($PartSize, $Size - $Offset)',
    '    [void]$Source.Seek($Offset, [System.IO.SeekOrigin]::Begin)',
    '    $Part = [System.IO.File]::Create($Temp)',
    '    try {',
    '      $Left = $Length',
    '      while ($Left -gt 0) {',
    '        $Read = $Source.Read($Buffer, 0, [int][Math]::Min([long]$Buffer.Length, $Left))',
    '        if ($Read -le 0) { throw "Could not read part $n of `"$Path`"." }',
    '        $Part.Write($Buffer, 0, $Read)',
    '        $Left -= $Read',
    '      }',
    '    } finally {',
    '      $Part.Dispose()',
    '    }',
    '    Write-Host "Uploading part $n of $Parts ($Length bytes)"',
    '    $Response = Invoke-WebRequest -Method Put -Uri $PartUrls[$n - 1] -InFile $Temp -UseBasicParsing',
    // PowerShell 7 gives every header as a list, Windows PowerShell as one string.
    "    $ETag = @($Response.Headers['ETag'])[0]",
    '    if (-not $ETag) { throw "S3 sent no ETag for part $n." }',
    '    [void]$Body.Append("<Part><PartNumber>$n</PartNumber><ETag>$([System.Security.SecurityElement]::Escape($ETag))</ETag></Part>")',
    '  }',
    '} finally {',
    '  $Source.Dispose()',
    '  Remove-Item -LiteralPath $Temp -ErrorAction SilentlyContinue',
    '}',
    "[void]$Body.Append('</CompleteMultipartUpload>')",
    '',
    "Write-Host 'Completing the upload'",
    '$Bytes = [System.Text.Encoding]::UTF8.GetBytes($Body.ToString())',
    "$Response = Invoke-WebRequest -Method Post -Uri $CompleteUrl -ContentType 'application/xml' -Body $Bytes -UseBasicParsing",
    '$Answer = if ($Response.Content -is [byte[]]) { [System.Text.Encoding]::UTF8.GetString($Response.Content) } else { [string]$Response.Content }',
    '# S3 may answer 200 and still report an error in the body.',
    "if ($Answer -match '<Error>') { throw \"S3 did not complete the upload: $Answer\" }",
    'Write-Host "Uploaded `"$Path`" ($Size bytes) to $Target"',
    '',
  ];
  return lines.join('\n');
}
