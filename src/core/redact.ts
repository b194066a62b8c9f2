// The one redaction function: everything the extension logs or shows passes through it, so a presigned
// URL's signature, a session token or a secret key never reaches the output channel or a message.
// A presigned URL is a bearer credential (issue 5): the signature alone lets anyone use it.

export const REDACTED = 'REDACTED';

// `=` in every encoding a URL may carry it in: plain, %3D, or double-encoded %253D (a URL inside a URL).
const EQ = String.raw`(?:=|%(?:25)*3D)`;
// Separator between a name and its value: query (`=`), header (`: `) or JSON/INI (`": "`, ` = `).
const SEP = String.raw`["']?\s*(?:${EQ}|:)\s*["']?`;
// A value ends at a delimiter of whatever it is embedded in; `%26` (an encoded `&`) also ends it,
// while other escapes (%2B, %2F, %3D of a base64 token) belong to the value.
const VALUE = String.raw`(?:[^&\s"'<>#%,;})\]]|%(?!(?:25)*26))+`;
// The encoded or plain slash that follows the access key id in a credential scope.
const SLASH = String.raw`(?:\/|%(?:25)*2F)`;
const KEY_ID_CHAR = String.raw`[^\s\/%&"',;=]`;

interface Rule {
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

const hide = (_match: string, name: string) => `${name}${REDACTED}`;
const shorten = (_match: string, name: string, head: string) => `${name}${head}…`;

const RULES: Rule[] = [
  // X-Amz-Signature / X-Amz-Security-Token as query parameters, headers or JSON fields.
  { pattern: new RegExp(String.raw`(x-amz-(?:signature|security-token)${SEP})${VALUE}`, 'gi'), replace: hide },
  // `Signature=` inside an `Authorization: AWS4-HMAC-SHA256 …` header.
  { pattern: new RegExp(String.raw`(\bsignature\s*=\s*)${VALUE}`, 'gi'), replace: hide },
  // Secret keys and session tokens: INI (`aws_secret_access_key = …`), env vars, JSON (`"SecretAccessKey"`).
  {
    pattern: new RegExp(
      String.raw`(\b(?:aws_secret_access_key|aws_session_token|aws_security_token|secret_?access_?key|session_?token)${SEP})${VALUE}`,
      'gi',
    ),
    replace: hide,
  },
  // The access key id in a credential scope (`X-Amz-Credential=AKID/…`, `Credential=AKID/…`): first 4 chars.
  {
    pattern: new RegExp(String.raw`(\bcredential${SEP})(${KEY_ID_CHAR}{4})${KEY_ID_CHAR}+(?=${SLASH})`, 'gi'),
    replace: shorten,
  },
  // Access key ids named as such (`aws_access_key_id = …`, `"AccessKeyId": …`).
  {
    pattern: new RegExp(String.raw`(\b(?:aws_access_key_id|access_?key_?id)${SEP})(${KEY_ID_CHAR}{4})${KEY_ID_CHAR}+`, 'gi'),
    replace: shorten,
  },
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
