// The one check of an S3 endpoint URL, shared by the settings prompt, the gateway and the signer.
import * as l10n from '@vscode/l10n';

/** The endpoint as a URL when it is an absolute http:// or https:// URL, else `undefined`. */
export function parseHttpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The endpoint as a URL, or an Error that says what is wrong and what to write instead. */
export function parseEndpoint(value: string): URL {
  const url = parseHttpUrl(value);
  if (!url) {
    throw new Error(l10n.t('Invalid S3 endpoint URL: {0}. Use a full URL such as http://127.0.0.1:9000.', value));
  }
  return url;
}
