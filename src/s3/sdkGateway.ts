// The S3 seam implemented with the AWS SDK. Lives in the lazily loaded SDK bundle (issue 6).
import {
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import * as l10n from '@vscode/l10n';
import { FastPresigner, assertValidExpiresIn } from './fastSigner';
import { DEFAULT_PROFILE } from './profileName';
import { loadSharedConfig, profileInfo } from './profiles';
import type {
  BucketSummary,
  ConnectionSettings,
  ListPage,
  ListPageRequest,
  ObjectHead,
  PresignRequest,
  PresignedUrl,
  S3Gateway,
} from './s3Gateway';

export interface SdkGatewayOptions {
  /** Use these instead of the profile's credential chain (tests, STS sessions). */
  credentials?: AwsCredentialIdentityProvider | AwsCredentialIdentity;
  /** Per-request socket timeout; default 30 s. */
  requestTimeoutMs?: number;
  /** TCP/TLS connect timeout; default 5 s. */
  connectionTimeoutMs?: number;
  /** SDK attempts per call, retries included; default 3. */
  maxAttempts?: number;
  /**
   * Resolve bucket regions with HeadBucket/GetBucketLocation. Default: on for AWS, off for custom
   * endpoints (S3-compatible stores have one region; tests turn it on against a fixture server).
   */
  resolveBucketRegions?: boolean;
}

export const DEFAULT_REGION = 'us-east-1';

/** GetBucketLocation's legacy answers: empty means us-east-1, `EU` means eu-west-1. */
export function normalizeLocationConstraint(location: string | null | undefined): string {
  if (!location) {
    return DEFAULT_REGION;
  }
  return location === 'EU' ? 'eu-west-1' : location;
}

interface ResolvedConnection {
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
}

function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}

function checkEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(l10n.t('Invalid S3 endpoint URL: {0}. Use a full URL such as http://127.0.0.1:9000.', endpoint));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(l10n.t('Invalid S3 endpoint URL: {0}. Use a full URL such as http://127.0.0.1:9000.', endpoint));
  }
  return endpoint;
}

/** Region, endpoint and addressing from the settings, the profile and the environment. */
export async function resolveConnection(
  settings: ConnectionSettings,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ResolvedConnection> {
  const { configFile, credentialsFile } = await loadSharedConfig();
  const profile = profileInfo(settings.profile, configFile, credentialsFile);
  const ignoreConfigured =
    isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) ||
    isTrue(configFile[settings.profile]?.ignore_configured_endpoint_urls);
  const configured = ignoreConfigured
    ? undefined
    : profile?.endpointUrl || env.AWS_ENDPOINT_URL_S3?.trim() || env.AWS_ENDPOINT_URL?.trim() || undefined;
  const endpoint = settings.endpoint?.trim() || configured;
  return {
    region: settings.region?.trim() || profile?.region || env.AWS_REGION?.trim() || DEFAULT_REGION,
    endpoint: endpoint ? checkEndpoint(endpoint) : undefined,
    // S3-compatible stores (MinIO, Ceph, LocalStack, R2) rarely have wildcard DNS: path-style.
    forcePathStyle: !!settings.forcePathStyle || !!endpoint,
  };
}

function credentialChain(profile: string, env: NodeJS.ProcessEnv): AwsCredentialIdentityProvider {
  // With a profile named, the SDK's chain skips AWS_ACCESS_KEY_ID & co. Nothing chosen at all
  // (`default` only because neither the setting nor AWS_PROFILE is set) keeps the environment first.
  if (profile === DEFAULT_PROFILE && !env.AWS_PROFILE) {
    return fromNodeProviderChain();
  }
  // Static keys, SSO, assume-role (source_profile / credential_source), credential_process and
  // web identity, memoised and refreshed before expiry by the SDK.
  return fromNodeProviderChain({ profile });
}

function statusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

function regionHeader(err: unknown): string | undefined {
  const headers = (err as { $response?: { headers?: Record<string, string | undefined> } } | undefined)?.$response
    ?.headers;
  if (!headers) {
    return undefined;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'x-amz-bucket-region' && value) {
      return value;
    }
  }
  return undefined;
}

class SdkGateway implements S3Gateway {
  private readonly clients = new Map<string, S3Client>();
  private readonly regions = new Map<string, Promise<string>>();
  private readonly presigner: FastPresigner;
  private readonly resolveRegions: boolean;

  constructor(
    private readonly connection: ResolvedConnection,
    private readonly credentials: AwsCredentialIdentityProvider,
    private readonly options: SdkGatewayOptions,
  ) {
    this.presigner = new FastPresigner({
      credentials,
      endpoint: connection.endpoint,
      forcePathStyle: connection.forcePathStyle,
    });
    this.resolveRegions = options.resolveBucketRegions ?? !connection.endpoint;
  }

  get endpoint(): string | undefined {
    return this.connection.endpoint;
  }

  /** One client per region, sharing the credential provider. */
  client(region = this.connection.region): S3Client {
    let client = this.clients.get(region);
    if (!client) {
      client = new S3Client({
        region,
        endpoint: this.connection.endpoint,
        forcePathStyle: this.connection.forcePathStyle,
        credentials: this.credentials,
        // We resolved the endpoint ourselves (settings, profile, env); the fast signer must agree.
        ignoreConfiguredEndpointUrls: true,
        // Flexible checksums break presigned URLs and some S3-compatible stores (test-rig.md §3).
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: this.options.maxAttempts ?? 3,
        requestHandler: {
          connectionTimeout: this.options.connectionTimeoutMs ?? 5_000,
          requestTimeout: this.options.requestTimeoutMs ?? 30_000,
          // Without it the handler only logs a warning and waits forever on a silent server.
          throwOnRequestTimeout: true,
        },
      });
      this.clients.set(region, client);
    }
    return client;
  }

  private async bucketClient(bucket: string): Promise<S3Client> {
    return this.client(await this.bucketRegion(bucket));
  }

  async listBuckets(): Promise<BucketSummary[]> {
    const buckets: BucketSummary[] = [];
    let token: string | undefined;
    // ListBuckets pages only when asked to (MaxBuckets); follow tokens if the service sends them.
    do {
      const out = await this.client().send(new ListBucketsCommand({ ContinuationToken: token }));
      for (const b of out.Buckets ?? []) {
        if (b.Name) {
          buckets.push(b.CreationDate ? { name: b.Name, creationDate: b.CreationDate } : { name: b.Name });
        }
      }
      token = out.ContinuationToken;
    } while (token);
    return buckets;
  }

  async listPage(request: ListPageRequest): Promise<ListPage> {
    const client = await this.bucketClient(request.bucket);
    const out = await client.send(
      new ListObjectsV2Command({
        Bucket: request.bucket,
        Prefix: request.prefix || undefined,
        Delimiter: request.recursive ? undefined : '/',
        MaxKeys: Math.min(1000, Math.max(1, Math.floor(request.maxKeys))),
        ContinuationToken: request.continuationToken,
      }),
    );
    const page: ListPage = {
      folders: (out.CommonPrefixes ?? [])
        .map((p) => p.Prefix)
        .filter((p): p is string => !!p)
        .map((prefix) => ({ prefix })),
      objects: (out.Contents ?? [])
        .filter((o): o is typeof o & { Key: string } => !!o.Key)
        .map((o) => ({
          key: o.Key,
          size: o.Size ?? 0,
          lastModified: o.LastModified,
          etag: o.ETag,
          storageClass: o.StorageClass,
        })),
    };
    if (out.IsTruncated && out.NextContinuationToken) {
      page.nextContinuationToken = out.NextContinuationToken;
    }
    return page;
  }

  async headObject(bucket: string, key: string): Promise<ObjectHead | undefined> {
    const client = await this.bucketClient(bucket);
    try {
      const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return {
        size: out.ContentLength ?? 0,
        contentType: out.ContentType,
        lastModified: out.LastModified,
        etag: out.ETag,
      };
    } catch (err) {
      const name = (err as { name?: string } | undefined)?.name;
      if (statusOf(err) === 404 || name === 'NotFound' || name === 'NoSuchKey') {
        return undefined;
      }
      throw err;
    }
  }

  bucketRegion(bucket: string): Promise<string> {
    if (!this.resolveRegions) {
      return Promise.resolve(this.connection.region);
    }
    let pending = this.regions.get(bucket);
    if (!pending) {
      pending = this.lookUpRegion(bucket);
      this.regions.set(bucket, pending);
      // A failed lookup (network, permissions) is retried next time, not cached.
      pending.catch(() => {
        if (this.regions.get(bucket) === pending) {
          this.regions.delete(bucket);
        }
      });
    }
    return pending;
  }

  private async lookUpRegion(bucket: string): Promise<string> {
    const client = this.client();
    try {
      const out = await client.send(new HeadBucketCommand({ Bucket: bucket }));
      if (out.BucketRegion) {
        return out.BucketRegion;
      }
    } catch (err) {
      // S3 names the region even when it refuses: 301 from the wrong region, 403 without access.
      const region = regionHeader(err);
      if (region) {
        return region;
      }
      if (statusOf(err) === 404) {
        throw err;
      }
    }
    const location = await client.send(new GetBucketLocationCommand({ Bucket: bucket }));
    return normalizeLocationConstraint(location.LocationConstraint);
  }

  async presign(request: PresignRequest): Promise<PresignedUrl> {
    assertValidExpiresIn(request.expiresIn);
    const region = await this.bucketRegion(request.bucket);
    const identity = await this.credentials();
    const signingDate = new Date();
    const contentType = request.method === 'PUT' ? request.contentType || undefined : undefined;
    const { url, signedHeaders } = await this.presigner.presign({
      method: request.method,
      bucket: request.bucket,
      key: request.key,
      region,
      expiresIn: request.expiresIn,
      contentType,
      signingDate,
    });
    // X-Amz-Date has whole seconds; the URL dies expiresIn seconds after that.
    const signedAt = Math.floor(signingDate.getTime() / 1000) * 1000;
    const urlExpiresAt = new Date(signedAt + request.expiresIn * 1000);
    const credentialsExpireAt = identity.expiration ? new Date(identity.expiration.getTime()) : undefined;
    const effectiveExpiresAt =
      credentialsExpireAt && credentialsExpireAt < urlExpiresAt ? credentialsExpireAt : urlExpiresAt;
    const result: PresignedUrl = {
      url,
      method: request.method,
      signedHeaders,
      urlExpiresAt,
      effectiveExpiresAt,
      region,
    };
    if (credentialsExpireAt) {
      result.credentialsExpireAt = credentialsExpireAt;
    }
    return result;
  }

  async credentialsExpiry(): Promise<Date | undefined> {
    const identity = await this.credentials();
    return identity.expiration ? new Date(identity.expiration.getTime()) : undefined;
  }

  async getBucketPolicy(bucket: string): Promise<string | undefined> {
    const client = await this.bucketClient(bucket);
    try {
      const out = await client.send(new GetBucketPolicyCommand({ Bucket: bucket }));
      return out.Policy || undefined;
    } catch (err) {
      const name = (err as { name?: string; Code?: string } | undefined)?.name;
      const code = (err as { Code?: string } | undefined)?.Code;
      if (name === 'NoSuchBucketPolicy' || code === 'NoSuchBucketPolicy') {
        return undefined;
      }
      throw err;
    }
  }

  async putBucketPolicy(bucket: string, policyJson: string): Promise<void> {
    const client = await this.bucketClient(bucket);
    await client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policyJson }));
  }

  dispose(): void {
    for (const client of this.clients.values()) {
      client.destroy();
    }
    this.clients.clear();
    this.regions.clear();
  }
}

export async function createSdkGateway(
  settings: ConnectionSettings,
  options: SdkGatewayOptions = {},
): Promise<S3Gateway> {
  const env = process.env;
  const connection = await resolveConnection(settings, env);
  const given = options.credentials;
  const credentials: AwsCredentialIdentityProvider =
    given === undefined
      ? credentialChain(settings.profile, env)
      : typeof given === 'function'
        ? given
        : async () => given;
  return new SdkGateway(connection, credentials, options);
}
