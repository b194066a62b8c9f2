// The one redaction function: everything the extension logs or shows passes through it, so a presigned
// URL's signature, a session token or a secret key never reaches the output channel or a message.
// A presigned URL is a bearer credential (issue 5): the signature alone lets anyone use it.

export const REDACTED = 'REDACTED';

// `=` and `-` in every encoding a URL may carry them in: plain, %3D/%2D, or double-encoded %253D (a URL
// inside a URL).
const EQ = String.raw`(?:=|%(?:25)*3D)`;
const HYPHEN = String.raw`(?:-|%(?:25)*2D)`;
// A quote, possibly escaped (`\"` in JSON inside a JSON string, `\\\"` one level deeper).
const QUOTE = String.raw`(?:\\*["'])`;
// Separator between a name and its value: query (`=`), header (`: `) or JSON/INI (`": "`, ` = `).
const SEP = String.raw`${QUOTE}?\s*(?:${EQ}|:)\s*${QUOTE}?`;
// A value ends at a delimiter of whatever it is embedded in; `%26` (an encoded `&`) also ends it,
// while other escapes (%2B, %2F, %3D of a base64 token) belong to the value. A backslash ends it too:
// it starts the escaped quote that closes the value in escaped JSON (AWS secrets are base64, no `\`).
const VALUE = String.raw`(?:[^&\s"'<>#%,;})\]\\]|%(?!(?:25)*26))+`;
// The encoded or plain slash that follows the access key id in a credential scope.
const SLASH = String.raw`(?:\/|%(?:25)*2F)`;
const KEY_ID_CHAR = String.raw`[^\s\/%&"',;=\\<]`;
// Where a name may start: not inside a word, but after `_` (`TF_VAR_AWS_SECRET_ACCESS_KEY`, `MY_…`)
// or an encoded hyphen (`X%2DAmz%2DCredential`).
const START = String.raw`(?:(?<![a-z0-9])|(?<=%(?:25)*2D))(?:[a-z0-9]+_)*`;
// Names whose value is a secret: AWS (INI, env, JSON, SDK objects), MinIO (`secretKey`, `MINIO_ROOT_PASSWORD`).
const SECRET_NAME = String.raw`(?:aws_?)?(?:secret_?access_?key|secret_?key|session_?token|security_?token)|(?:root_?)?password`;
// Shell forms that separate the name from its value by a space: `export NAME value` is rare, but
// `aws configure set aws_secret_access_key VALUE`, `set -gx NAME value` (fish), `setenv NAME value` (csh) are not.
// Only a value that looks like a key or token is taken after a space, so prose ("set AWS_SESSION_TOKEN
// to …") stays readable.
const SECRET_LIKE = String.raw`[a-z0-9+/=%]{16}`;
const SHELL_SET = String.raw`\b(?:export|setenv|set(?:\s+-\w+)*|configure\s+set)\s+(?:[\w-]+\.)*`;

interface Rule {
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

const hide = (_match: string, name: string) => `${name}${REDACTED}`;
const shorten = (_match: string, name: string, head: string) => `${name}${head}…`;

const RULES: Rule[] = [
  // X-Amz-Signature / X-Amz-Security-Token as query parameters (plain or encoded), headers or JSON fields.
  {
    pattern: new RegExp(String.raw`(x${HYPHEN}amz${HYPHEN}(?:signature|security${HYPHEN}token)${SEP})${VALUE}`, 'gi'),
    replace: hide,
  },
  // `Signature=` inside an `Authorization: AWS4-HMAC-SHA256 …` header.
  { pattern: new RegExp(String.raw`(\bsignature\s*=\s*)${VALUE}`, 'gi'), replace: hide },
  // Secret keys, session tokens and passwords: INI, env vars (prefixed too), JSON, escaped JSON, YAML.
  { pattern: new RegExp(String.raw`(${START}(?:${SECRET_NAME})${SEP})${VALUE}`, 'gi'), replace: hide },
  { pattern: new RegExp(String.raw`(${SHELL_SET}${START}(?:${SECRET_NAME})\s+)(?=${SECRET_LIKE})${VALUE}`, 'gi'), replace: hide },
  // S3 and STS XML: `<SessionToken>`, `<SecretAccessKey>`, and the `<SignatureProvided>` of a
  // SignatureDoesNotMatch error.
  {
    pattern: /(<(?:\w+:)?(SessionToken|SecretAccessKey|SecurityToken|SignatureProvided)>)[^<]+(?=<\/(?:\w+:)?\2>)/gi,
    replace: hide,
  },
  // The access key id in a credential scope (`X-Amz-Credential=AKID/…`, `Credential=AKID/…`): first 4 chars.
  {
    pattern: new RegExp(String.raw`(${START}credential${SEP})(${KEY_ID_CHAR}{4})${KEY_ID_CHAR}+(?=${SLASH})`, 'gi'),
    replace: shorten,
  },
  // Access key ids named as such (`aws_access_key_id = …`, `"AccessKeyId": …`, MinIO's `"accessKey": …`).
  {
    pattern: new RegExp(String.raw`(${START}(?:aws_?)?(?<!secret_?)access_?key(?:_?id)?${SEP})(${KEY_ID_CHAR}{4})${KEY_ID_CHAR}+`, 'gi'),
    replace: shorten,
  },
  { pattern: /(<(?:AWS)?AccessKeyId>)([^<]{4})[^<]+(?=<\/)/gi, replace: shorten },
  // AWS access key ids wherever they appear on their own (AKIA… long-term, ASIA… temporary).
  { pattern: /\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, replace: (_m, head: string) => `${head}…` },
];

/**
 * Removes secrets from any text: signatures and security tokens become `REDACTED`, access key ids are
 * cut to their first 4 characters. Idempotent, and leaves everything else (bucket, key, dates) readable.
 */
export function redact(text: string): string {
  let result = String(text);
  for (const rule of RULES) {
    result = result.replace(rule.pattern, rule.replace as (m: string, ...g: string[]) => string);
  }
  return result;
}
