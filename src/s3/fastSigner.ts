// Presigned GetObject/PutObject URLs from the SDK's own SigV4 signer, without the S3 client's
// middleware stack: about 100× faster than `getSignedUrl` and byte-identical to it for the same
// inputs and signing date (issue 6; test/unit/s3FastSigner.test.ts compares them).
//
// What `getSignedUrl(client, new GetObjectCommand(...))` does, and this file reproduces:
// - endpoint rules: virtual-hosted `bucket.s3.REGION.DNS_SUFFIX` when the bucket is a DNS-safe
//   label, else (dots, capitals, underscores, forcePathStyle, IP hosts) path-style `/bucket`;
// - the `{Key+}` label: each `/`-separated segment through `extendedEncodeURIComponent`;
// - query `x-id=GetObject|PutObject`; header `X-Amz-Content-Sha256: UNSIGNED-PAYLOAD` (hoisted);
// - `content-type` unsignable unless listed in `signableHeaders`;
// - SignatureV4 with `uriEscapePath: false`, `applyChecksum: false`, then `formatUrl`.
// Checksum headers are never added: the gateway's client uses `WHEN_REQUIRED` for both directions.
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { formatUrl } from '@aws-sdk/util-format-url';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import * as l10n from '@vscode/l10n';
import type { PresignMethod } from './s3Gateway';

export const MIN_EXPIRES_IN = 1;
/** SigV4's limit: 7 days. */
export const MAX_EXPIRES_IN = 604800;

export interface FastPresignerOptions {
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Custom S3-compatible endpoint (`http://host:port[/base]`); absent for AWS. */
  endpoint?: string;
  forcePathStyle?: boolean;
}

export interface FastPresignInput {
  method: PresignMethod;
  bucket: string;
  /** The raw key, never pre-encoded. */
  key: string;
  region: string;
  expiresIn: number;
  /** PUT only: signed, so the uploader must send exactly this `Content-Type`. */
  contentType?: string;
  signingDate?: Date;
}

export interface FastPresignResult {
  url: string;
  /** Headers the client must send for the signature to match. */
  signedHeaders: Record<string, string>;
}

/** Throws a clear Error unless `expiresIn` is a whole number of seconds in SigV4's range. */
export function assertValidExpiresIn(expiresIn: number): void {
  if (!Number.isInteger(expiresIn) || expiresIn < MIN_EXPIRES_IN || expiresIn > MAX_EXPIRES_IN) {
    throw new Error(
      l10n.t(
        'Invalid expiry {0}: a presigned URL must expire after 1 to 604800 seconds (SigV4 allows at most 7 days).',
        String(expiresIn),
      ),
    );
  }
}

/** The SDK's `extendedEncodeURIComponent`: encodeURIComponent plus `!'()*`. */
export function extendedEncodeURIComponent(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/** The `{Key+}` greedy label as the S3 serializer writes it: segments encoded, `/` kept. */
export function encodeKeyPath(key: string): string {
  return key.split('/').map(extendedEncodeURIComponent).join('/');
}

const HOST_LABEL = /^[a-zA-Z0-9]$|^[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]$/;
const IPV4 = /^(\d{1,3}\.){3}\d{1,3}$/;

/** The SDK's `isVirtualHostableS3Bucket`. */
export function isVirtualHostableBucket(bucket: string, allowSubDomains = false): boolean {
  if (allowSubDomains) {
    return bucket.split('.').every((label) => isVirtualHostableBucket(label));
  }
  return (
    HOST_LABEL.test(bucket) &&
    bucket.length >= 3 &&
    bucket.length <= 63 &&
    bucket === bucket.toLowerCase() &&
    !IPV4.test(bucket)
  );
}

// The SDK's partitions (regionRegex → dnsSuffix); anything else is the `aws` partition.
const PARTITION_SUFFIXES: ReadonlyArray<[RegExp, string]> = [
  [/^cn-\w+-\d+$/, 'amazonaws.com.cn'],
  [/^eusc-(de)-\w+-\d+$/, 'amazonaws.eu'],
  [/^us-iso-\w+-\d+$/, 'c2s.ic.gov'],
  [/^us-isob-\w+-\d+$/, 'sc2s.sgov.gov'],
  [/^eu-isoe-\w+-\d+$/, 'cloud.adc-e.uk'],
  [/^us-isof-\w+-\d+$/, 'csp.hci.ic.gov'],
];

export function dnsSuffix(region: string): string {
  for (const [regex, suffix] of PARTITION_SUFFIXES) {
    if (regex.test(region)) {
      return suffix;
    }
  }
  return 'amazonaws.com';
}

const REGION = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;

interface ParsedEndpoint {
  protocol: string;
  hostname: string;
  port?: number;
  /** Path without a trailing slash ('' for none). */
  basePath: string;
  isIp: boolean;
}

function parseEndpoint(endpoint: string): ParsedEndpoint {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(l10n.t('Invalid S3 endpoint URL: {0}', endpoint));
  }
  const hostname = url.hostname;
  return {
    protocol: url.protocol,
    hostname,
    port: url.port ? Number(url.port) : undefined,
    basePath: url.pathname.replace(/\/+$/, ''),
    isIp: IPV4.test(hostname) || hostname.startsWith('['),
  };
}

export class FastPresigner {
  private readonly signers = new Map<string, SignatureV4>();
  private readonly endpoint: ParsedEndpoint | undefined;

  constructor(private readonly options: FastPresignerOptions) {
    this.endpoint = options.endpoint ? parseEndpoint(options.endpoint) : undefined;
  }

  /** One signer per region; SignatureV4 itself caches the day's signing key. */
  private signerFor(region: string): SignatureV4 {
    let signer = this.signers.get(region);
    if (!signer) {
      signer = new SignatureV4({
        credentials: this.options.credentials,
        region,
        service: 's3',
        sha256: Hash.bind(null, 'sha256'),
        uriEscapePath: false,
        applyChecksum: false,
      });
      this.signers.set(region, signer);
    }
    return signer;
  }

  /** The unsigned request the S3 client would send for GetObject/PutObject. */
  buildRequest(input: FastPresignInput): HttpRequest {
    const { bucket, key, region } = input;
    if (!bucket) {
      throw new Error(l10n.t('A bucket name is required.'));
    }
    if (!key) {
      throw new Error(l10n.t('An object key is required.'));
    }
    if (!REGION.test(region)) {
      throw new Error(l10n.t('Invalid region: {0}', region));
    }
    const keyPath = '/' + encodeKeyPath(key);
    let protocol: string;
    let hostname: string;
    let port: number | undefined;
    let path: string;
    const endpoint = this.endpoint;
    if (endpoint) {
      protocol = endpoint.protocol;
      port = endpoint.port;
      const virtual =
        !this.options.forcePathStyle &&
        !endpoint.isIp &&
        isVirtualHostableBucket(bucket, protocol === 'http:');
      if (virtual) {
        hostname = `${bucket}.${endpoint.hostname}`;
        path = endpoint.basePath + keyPath;
      } else {
        hostname = endpoint.hostname;
        path = `${endpoint.basePath}/${extendedEncodeURIComponent(bucket)}${keyPath}`;
      }
    } else {
      protocol = 'https:';
      const suffix = dnsSuffix(region);
      if (!this.options.forcePathStyle && isVirtualHostableBucket(bucket)) {
        hostname = `${bucket}.s3.${region}.${suffix}`;
        path = keyPath;
      } else {
        hostname = `s3.${region}.${suffix}`;
        path = `/${extendedEncodeURIComponent(bucket)}${keyPath}`;
      }
    }
    const headers: Record<string, string> = {};
    if (input.method === 'PUT' && input.contentType) {
      headers['content-type'] = input.contentType;
    }
    // What S3RequestPresigner.prepareRequest adds (the capitalised name ends up in the query).
    headers['X-Amz-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
    headers.host = port !== undefined ? `${hostname}:${port}` : hostname;
    return new HttpRequest({
      method: input.method,
      protocol,
      hostname,
      port,
      path,
      query: { 'x-id': input.method === 'GET' ? 'GetObject' : 'PutObject' },
      headers,
    });
  }

  // Allocated once: this runs per link, thousands of times for "Share Folder…".
  private static readonly CONTENT_TYPE = new Set(['content-type']);
  private static readonly NONE = new Set<string>();

  async presign(input: FastPresignInput): Promise<FastPresignResult> {
    assertValidExpiresIn(input.expiresIn);
    const request = this.buildRequest(input);
    const signContentType = input.method === 'PUT' && !!input.contentType;
    const presigned = await this.signerFor(input.region).presign(request, {
      expiresIn: input.expiresIn,
      signingDate: input.signingDate,
      unsignableHeaders: FastPresigner.CONTENT_TYPE,
      signableHeaders: signContentType ? FastPresigner.CONTENT_TYPE : undefined,
      unhoistableHeaders: FastPresigner.NONE,
    });
    const signedHeaders: Record<string, string> = {};
    if (signContentType && input.contentType) {
      signedHeaders['content-type'] = input.contentType;
    }
    return { url: formatUrl(presigned), signedHeaders };
  }
}
