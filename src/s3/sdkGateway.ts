// The S3 seam implemented with the AWS SDK. Lives in the lazily loaded SDK bundle (issue 6).
import { setMaxListeners } from 'node:events';
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import {
  NODE_REGION_CONFIG_OPTIONS,
  NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS,
  NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS,
  SelectorType,
  booleanSelector,
} from '@smithy/core/config';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, SMITHY_CONTEXT_KEY } from '@smithy/types';
import * as l10n from '@vscode/l10n';
import { parseEndpoint } from '../core/endpoint';
import { cancelledError, credentialsTimeoutError, errorStatus, requestTimeoutError } from './errors';
import { FastPresigner, MAX_PART_NUMBER, assertValidExpiresIn } from './fastSigner';
import { DEFAULT_PROFILE } from './profileName';
import { loadSharedConfig, profileEndpointUrl } from './profiles';
import {
  type BucketSummary,
  type CallOptions,
  type ConnectionSettings,
  type CreateMultipartUploadRequest,
  type HeadObjectOptions,
  type ObjectVersion,
  type ObjectVersions,
  type ObjectVersionsRequest,
  type MultipartPresignRequest,
  type PresignedMultipart,
  DEFAULT_REQUEST_TIMEOUT_SECONDS,
  MAX_REQUEST_TIMEOUT_SECONDS,
  MIN_REQUEST_TIMEOUT_SECONDS,
  type ListPage,
  type ListPageRequest,
  type ObjectHead,
  type PresignRequest,
  type PresignedUrl,
  type PresignPostRequest,
  type PresignedPost,
  type S3Gateway,
  type UploadRequest,
  type UploadResult,
} from './s3Gateway';
import { type BoundedSend, uploadWithLibStorage } from './sdkUpload';
import { uploadRequestTimeoutMs } from '../core/uploadPlan';

export interface SdkGatewayOptions {
  /** Use these instead of the profile's credential chain (tests, STS sessions). */
  credentials?: AwsCredentialIdentityProvider | AwsCredentialIdentity;
  /** Bound of one call in ms (tests); default: the settings' `requestTimeout` seconds. */
  requestTimeoutMs?: number;
  /** TCP/TLS connect timeout per attempt; default the smaller of 5 s and the call's bound. */
  connectionTimeoutMs?: number;
  /** SDK attempts per call, retries included; default 3. */
  maxAttempts?: number;
  /**
   * Resolve bucket regions with HeadBucket/GetBucketLocation. Default: on for AWS, off for custom
   * endpoints (S3-compatible stores have one region; tests turn it on against a fixture server).
   */
  resolveBucketRegions?: boolean;
}

const DEFAULT_REGION = 'us-east-1';

/** GetBucketLocation's legacy answers: empty means us-east-1, `EU` means eu-west-1. */
function normalizeLocationConstraint(location: string | null | undefined): string {
  if (!location) {
    return DEFAULT_REGION;
  }
  return location === 'EU' ? 'eu-west-1' : location;
}

export interface ResolvedConnection {
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  /** FIPS and dual-stack pick AWS host names: always off with a custom endpoint. */
  useFipsEndpoint: boolean;
  useDualstackEndpoint: boolean;
}

type Section = Record<string, string | undefined>;

interface ConfigSelectors<T> {
  environmentVariableSelector: (env: Record<string, string | undefined>) => T | undefined;
  configFileSelector: (profile: Section) => T | undefined;
}

/**
 * The SDK's `loadConfig` order over files already read: the environment, then the profile. A value
 * its selector refuses (`AWS_USE_FIPS_ENDPOINT=yes`) counts as unset, as in the SDK's chain.
 */
function configValue<T>(selectors: ConfigSelectors<T>, env: NodeJS.ProcessEnv, profile: Section): T | undefined {
  const attempt = (select: () => T | undefined): T | undefined => {
    try {
      const value = select();
      // A blank AWS_REGION= is as good as unset.
      return typeof value === 'string' && !value.trim() ? undefined : value;
    } catch {
      return undefined;
    }
  };
  return attempt(() => selectors.environmentVariableSelector(env)) ?? attempt(() => selectors.configFileSelector(profile));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() || undefined;
}

/**
 * Region, endpoint and addressing as the SDK and the CLI resolve them: the extension's own settings
 * (explicit) first, then the environment, then the profile, then defaults (issue 12).
 */
export async function resolveConnection(
  settings: ConnectionSettings,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ResolvedConnection> {
  const { configFile, credentialsFile } = await loadSharedConfig();
  const name = settings.profile;
  // The SDK reads `region` preferring the credentials file, everything else preferring the config file.
  const forRegion: Section = { ...configFile[name], ...credentialsFile[name] };
  const forConfig: Section = { ...credentialsFile[name], ...configFile[name] };
  const ignoreConfigured =
    configValue(
      {
        environmentVariableSelector: (e) => booleanSelector(e, 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', SelectorType.ENV),
        configFileSelector: (p) => booleanSelector(p, 'ignore_configured_endpoint_urls', SelectorType.CONFIG),
      },
      env,
      forConfig,
    ) ?? false;
  const configured = ignoreConfigured
    ? undefined
    : nonEmpty(env.AWS_ENDPOINT_URL_S3) ?? nonEmpty(env.AWS_ENDPOINT_URL) ?? profileEndpointUrl(configFile, forConfig);
  const endpoint = nonEmpty(settings.endpoint) ?? configured;
  if (endpoint) {
    parseEndpoint(endpoint); // Throws, saying what to write instead, before anything is sent there.
  }
  const region =
    nonEmpty(settings.region) ??
    nonEmpty(configValue(NODE_REGION_CONFIG_OPTIONS as ConfigSelectors<string>, env, forRegion)) ??
    // The SDK would ask the instance metadata service next; the CLI's variable is a cheaper default.
    nonEmpty(env.AWS_DEFAULT_REGION) ??
    DEFAULT_REGION;
  const flag = (selectors: unknown): boolean =>
    !endpoint && (configValue(selectors as ConfigSelectors<boolean>, env, forConfig) ?? false);
  return {
    region,
    endpoint,
    // S3-compatible stores (MinIO, Ceph, LocalStack, R2) rarely have wildcard DNS: path-style.
    forcePathStyle: !!settings.forcePathStyle || !!endpoint,
    useFipsEndpoint: flag(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS),
    useDualstackEndpoint: flag(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS),
  };
}

/** Per-attempt limits of every HTTP call: S3's, and the credential providers' (SSO, STS). */
interface Limits {
  /** Bound of one call, retries included. */
  callMs: number;
  connectMs: number;
}

function httpHandler(limits: Limits): NodeHttpHandler {
  return new NodeHttpHandler({
    connectionTimeout: limits.connectMs,
    requestTimeout: limits.callMs,
    // Without it the handler only logs a warning and waits on a silent server.
    throwOnRequestTimeout: true,
    // An idle socket (a server that stops sending mid-answer) is dropped after the same time.
    socketTimeout: limits.callMs,
  });
}

function credentialChain(profile: string, env: NodeJS.ProcessEnv, limits: Limits): AwsCredentialIdentityProvider {
  // The STS and SSO clients inside the chain get the same time-outs as S3 (instance and container
  // metadata have their own 1 s default).
  const clientConfig = { requestHandler: httpHandler(limits) };
  // With a profile named, the SDK's chain skips AWS_ACCESS_KEY_ID & co. Nothing chosen at all
  // (`default` only because neither the setting nor AWS_PROFILE is set) keeps the environment first.
  if (profile === DEFAULT_PROFILE && !env.AWS_PROFILE) {
    return fromNodeProviderChain({ clientConfig });
  }
  // Static keys, SSO, assume-role (source_profile / credential_source), credential_process and
  // web identity, memoised and refreshed before expiry by the SDK.
  return fromNodeProviderChain({ profile, clientConfig });
}

/** Settles like `work`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

/** One AbortSignal that fires with the first of `signals` (each keeps its own reason). */
function anySignal(signals: Array<AbortSignal | undefined>): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const listeners: Array<() => void> = [];
  for (const source of signals) {
    if (!source) {
      continue;
    }
    if (source.aborted) {
      controller.abort(source.reason);
      break;
    }
    const onAbort = (): void => controller.abort(source.reason);
    source.addEventListener('abort', onAbort, { once: true });
    listeners.push(() => source.removeEventListener('abort', onAbort));
  }
  return { signal: controller.signal, release: () => listeners.forEach((remove) => remove()) };
}

/**
 * The credential chain under a deadline. `credential_process` and a stuck SSO token refresh have no
 * time-out of their own, and the SDK's memoised chain hands every later caller the same pending
 * promise: a chain that timed out is replaced, so the next call starts afresh.
 */
class BoundedCredentials {
  private provider: AwsCredentialIdentityProvider;
  /** Resolutions under way: a call's deadline that fires meanwhile blames the credentials. */
  pending = 0;

  constructor(
    private readonly create: () => AwsCredentialIdentityProvider,
    private readonly limits: Limits,
    readonly profile: string,
  ) {
    this.provider = create();
  }

  readonly resolve: AwsCredentialIdentityProvider = async (options) => {
    const provider = this.provider;
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(credentialsTimeoutError(this.limits.callMs / 1000, this.profile)),
      this.limits.callMs,
    );
    this.pending++;
    try {
      return await untilAborted(provider(options), deadline.signal);
    } finally {
      this.pending--;
      clearTimeout(timer);
      if (deadline.signal.aborted && this.provider === provider) {
        this.provider = this.create();
      }
    }
  };
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

/** The handler's own connect, request and idle time-outs (it also names ECONNRESET `TimeoutError`, to retry it). */
function isHandlerTimeout(err: unknown): boolean {
  const { name, code } = (err ?? {}) as { name?: string; code?: string };
  return name === 'TimeoutError' && (code === undefined || code === 'ETIMEDOUT');
}

/** The last error S3 answered each call with, keyed by the call's signal (see `bounded`). */
const errorAnswers = new WeakMap<AbortSignal, unknown>();
/** Where the SDK keeps a call's `abortSignal` in the middleware context (a type-only import keeps it in sync). */
const SMITHY_CONTEXT: typeof SMITHY_CONTEXT_KEY = '__smithy_context';

/** Records every attempt's error answer (inside the SDK's retries) under the call's abort signal. */
function recordErrorAnswers(client: S3Client): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (err) {
        const signal = (context as { [SMITHY_CONTEXT]?: { abortSignal?: AbortSignal } })[SMITHY_CONTEXT]?.abortSignal;
        if (signal && errorStatus(err) !== undefined) {
          errorAnswers.set(signal, err);
        }
        throw err;
      }
    },
    // Outside the deserializer (it throws the parsed error), inside the retries: once per attempt.
    { step: 'deserialize', priority: 'high', name: 's3PresignErrorAnswers' },
  );
}

class SdkGateway implements S3Gateway {
  private readonly clients = new Map<string, S3Client>();
  private readonly regions = new Map<string, Promise<string>>();
  private readonly presigner: FastPresigner;
  private readonly resolveRegions: boolean;
  /** Aborted by dispose(): every call in flight rejects with a cancelled error. */
  private readonly lifetime = new AbortController();
  /** Uploads in flight: dispose() stops them, but their clients stay until they have aborted. */
  private readonly uploads = new Set<Promise<unknown>>();

  private readonly credentials: AwsCredentialIdentityProvider;

  constructor(
    private readonly connection: ResolvedConnection,
    private readonly credentialState: BoundedCredentials,
    private readonly limits: Limits,
    private readonly options: SdkGatewayOptions,
  ) {
    const credentials = credentialState.resolve;
    this.credentials = credentials;
    this.presigner = new FastPresigner({
      credentials,
      endpoint: connection.endpoint,
      forcePathStyle: connection.forcePathStyle,
      useFipsEndpoint: connection.useFipsEndpoint,
      useDualstackEndpoint: connection.useDualstackEndpoint,
    });
    this.resolveRegions = options.resolveBucketRegions ?? !connection.endpoint;
    // Every call in flight listens to it: Share Folder or a busy tree easily has more than 10.
    setMaxListeners(0, this.lifetime.signal);
  }

  get defaultRegion(): string {
    return this.connection.region;
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
        useFipsEndpoint: this.connection.useFipsEndpoint,
        useDualstackEndpoint: this.connection.useDualstackEndpoint,
        credentials: this.credentials,
        // We resolved the endpoint ourselves (settings, profile, env); the fast signer must agree.
        ignoreConfiguredEndpointUrls: true,
        // Flexible checksums break presigned URLs and some S3-compatible stores (issue 6).
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: this.options.maxAttempts ?? 3,
        requestHandler: httpHandler(this.limits),
      });
      recordErrorAnswers(client);
      this.clients.set(region, client);
    }
    return client;
  }

  /**
   * Runs `work` (S3 requests) within the call's bound, retries included. The per-attempt limits of
   * the HTTP handler do not catch a server that drips its answer; this deadline does. The caller's
   * signal and dispose() end it early; the SDK gets the same signal so the sockets are closed.
   */
  private async bounded<T>(
    work: (signal: AbortSignal) => Promise<T>,
    options: CallOptions = {},
    callMs = this.limits.callMs,
    { outlivesDispose = false } = {},
  ): Promise<T> {
    const deadline = new AbortController();
    const timer = setTimeout(() => {
      const seconds = callMs / 1000;
      deadline.abort(
        this.credentialState.pending > 0
          ? credentialsTimeoutError(seconds, this.credentialState.profile)
          : requestTimeoutError(seconds, this.connection.endpoint),
      );
    }, callMs);
    const { signal, release } = anySignal([outlivesDispose ? undefined : this.lifetime.signal, options.signal, deadline.signal]);
    try {
      if (signal.aborted) {
        throw signal.reason;
      }
      return await untilAborted(work(signal), signal);
    } catch (err) {
      if (deadline.signal.aborted && errorAnswers.has(signal)) {
        // S3 did answer, with an error it was retrying (503 SlowDown…): that says more than "no answer".
        throw errorAnswers.get(signal);
      }
      if (signal.aborted) {
        throw signal.reason;
      }
      if (isHandlerTimeout(err)) {
        throw requestTimeoutError(callMs / 1000, this.connection.endpoint, err);
      }
      throw err;
    } finally {
      clearTimeout(timer);
      release();
    }
  }

  /** Waits for `work` (local, or bounded on its own) unless dispose() or the caller gives up first. */
  private guarded<T>(work: Promise<T>, options: CallOptions = {}): Promise<T> {
    const { signal, release } = anySignal([this.lifetime.signal, options.signal]);
    const guarded = untilAborted(work, signal);
    void guarded.then(release, release);
    return guarded;
  }

  private async bucketClient(bucket: string, options?: CallOptions): Promise<S3Client> {
    return this.client(await this.bucketRegion(bucket, options));
  }

  async listBuckets(options?: CallOptions): Promise<BucketSummary[]> {
    return this.bounded(async (abortSignal) => {
      const buckets: BucketSummary[] = [];
      let token: string | undefined;
      // ListBuckets pages only when asked to (MaxBuckets); follow tokens if the service sends them.
      do {
        const out = await this.client().send(new ListBucketsCommand({ ContinuationToken: token }), { abortSignal });
        for (const b of out.Buckets ?? []) {
          if (b.Name) {
            buckets.push(b.CreationDate ? { name: b.Name, creationDate: b.CreationDate } : { name: b.Name });
          }
        }
        token = out.ContinuationToken;
      } while (token);
      return buckets;
    }, options);
  }

  async listPage(request: ListPageRequest, options?: CallOptions): Promise<ListPage> {
    const client = await this.bucketClient(request.bucket, options);
    const out = await this.bounded(
      (abortSignal) =>
        client.send(
          new ListObjectsV2Command({
            Bucket: request.bucket,
            Prefix: request.prefix || undefined,
            Delimiter: request.recursive ? undefined : '/',
            MaxKeys: request.maxKeys,
            ContinuationToken: request.continuationToken,
          }),
          { abortSignal },
        ),
      options,
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

  async headObject(bucket: string, key: string, options?: HeadObjectOptions): Promise<ObjectHead | undefined> {
    const client = await this.bucketClient(bucket, options);
    const versionId = options?.versionId;
    try {
      const out = await this.bounded(
        (abortSignal) => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }), { abortSignal }),
        options,
      );
      return {
        size: out.ContentLength ?? 0,
        contentType: out.ContentType,
        lastModified: out.LastModified,
        etag: out.ETag,
      };
    } catch (err) {
      const name = (err as { name?: string } | undefined)?.name;
      if (errorStatus(err) === 404 || name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchVersion') {
        return undefined;
      }
      // A version id S3 cannot parse (400), or one naming a delete marker (405): no such version to get.
      if (versionId !== undefined && (errorStatus(err) === 400 || errorStatus(err) === 405)) {
        return undefined;
      }
      throw err;
    }
  }

  async listObjectVersions(request: ObjectVersionsRequest, options?: CallOptions): Promise<ObjectVersions> {
    const { bucket, key } = request;
    const limit = Math.max(1, Math.min(request.limit ?? MAX_VERSIONS, MAX_VERSIONS));
    const pageSize = Math.max(1, Math.min(request.pageSize ?? 1000, 1000));
    const client = await this.bucketClient(bucket, options);
    return this.bounded(async (abortSignal) => {
      const versions: ObjectVersion[] = [];
      let keyMarker: string | undefined;
      let versionIdMarker: string | undefined;
      // Keys sort after their prefix, so `key`'s versions come first; any other key ends the listing.
      for (;;) {
        const out = await client.send(
          new ListObjectVersionsCommand({
            Bucket: bucket,
            Prefix: key,
            KeyMarker: keyMarker,
            VersionIdMarker: versionIdMarker,
            MaxKeys: Math.min(pageSize, limit - versions.length + 1),
          }),
          { abortSignal },
        );
        let otherKey = false;
        for (const v of out.Versions ?? []) {
          if (v.Key === key && v.VersionId) {
            versions.push({ versionId: v.VersionId, isLatest: !!v.IsLatest, isDeleteMarker: false, lastModified: v.LastModified, size: v.Size ?? 0, etag: v.ETag });
          } else {
            otherKey = true;
          }
        }
        for (const m of out.DeleteMarkers ?? []) {
          if (m.Key === key && m.VersionId) {
            versions.push({ versionId: m.VersionId, isLatest: !!m.IsLatest, isDeleteMarker: true, lastModified: m.LastModified });
          } else {
            otherKey = true;
          }
        }
        const more = !!out.IsTruncated && (out.NextKeyMarker !== undefined || out.NextVersionIdMarker !== undefined);
        if (otherKey || !more || out.NextKeyMarker !== key || versions.length > limit) {
          return { versions: newestFirst(versions).slice(0, limit), truncated: versions.length > limit };
        }
        keyMarker = out.NextKeyMarker;
        versionIdMarker = out.NextVersionIdMarker;
      }
    }, options);
  }

  bucketRegion(bucket: string, options?: CallOptions): Promise<string> {
    if (!this.resolveRegions) {
      return this.guarded(Promise.resolve(this.connection.region), options);
    }
    let pending = this.regions.get(bucket);
    if (!pending) {
      // Shared by every caller, so bounded by the gateway alone: one caller giving up (its signal)
      // leaves the lookup running for the others.
      pending = this.bounded((abortSignal) => this.lookUpRegion(bucket, abortSignal));
      this.regions.set(bucket, pending);
      // A failed lookup (network, permissions) is retried next time, not cached.
      pending.catch(() => {
        if (this.regions.get(bucket) === pending) {
          this.regions.delete(bucket);
        }
      });
    }
    return this.guarded(pending, options);
  }

  private async lookUpRegion(bucket: string, abortSignal: AbortSignal): Promise<string> {
    const client = this.client();
    try {
      const out = await client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal });
      if (out.BucketRegion) {
        return out.BucketRegion;
      }
    } catch (err) {
      // S3 names the region even when it refuses: 301 from the wrong region, 403 without access.
      const region = regionHeader(err);
      if (region) {
        return region;
      }
      if (errorStatus(err) === 404 || abortSignal.aborted || isHandlerTimeout(err)) {
        throw err;
      }
    }
    const location = await client.send(new GetBucketLocationCommand({ Bucket: bucket }), { abortSignal });
    return normalizeLocationConstraint(location.LocationConstraint);
  }

  async presign(request: PresignRequest, options?: CallOptions): Promise<PresignedUrl> {
    assertValidExpiresIn(request.expiresIn);
    const region = request.region ?? (await this.bucketRegion(request.bucket, options));
    // Signing is local: only temporary credentials may need the network, bounded by BoundedCredentials.
    const identity = await this.guarded(this.credentials(), options);
    const signingDate = new Date();
    const contentType = request.method === 'PUT' ? request.contentType || undefined : undefined;
    const get = request.method === 'GET';
    const { url, signedHeaders } = await this.presigner.presign({
      responseContentDisposition: get ? request.responseContentDisposition || undefined : undefined,
      responseContentType: get ? request.responseContentType || undefined : undefined,
      versionId: get ? request.versionId || undefined : undefined,
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

  async presignPost(request: PresignPostRequest, options?: CallOptions): Promise<PresignedPost> {
    assertValidExpiresIn(request.expiresIn);
    const region = request.region ?? (await this.bucketRegion(request.bucket, options));
    const identity = await this.guarded(this.credentials(), options);
    const signedAt = Math.floor(Date.now() / 1000) * 1000;
    // The region's client: the same endpoint, addressing and checksum settings as every other call.
    const post = await this.guarded(
      createPresignedPost(this.client(region), {
        Bucket: request.bucket,
        Key: request.key,
        Conditions: request.conditions,
        Fields: request.fields,
        Expires: request.expiresIn,
      }),
      options,
    );
    const policyExpiresAt = policyExpiration(post.fields.Policy, new Date(signedAt + request.expiresIn * 1000));
    const credentialsExpireAt = identity.expiration ? new Date(identity.expiration.getTime()) : undefined;
    const result: PresignedPost = {
      url: post.url,
      fields: post.fields,
      policyExpiresAt,
      effectiveExpiresAt: credentialsExpireAt && credentialsExpireAt < policyExpiresAt ? credentialsExpireAt : policyExpiresAt,
      region,
    };
    if (credentialsExpireAt) {
      result.credentialsExpireAt = credentialsExpireAt;
    }
    return result;
  }

  async credentialsExpiry(options?: CallOptions): Promise<Date | undefined> {
    const identity = await this.guarded(this.credentials(), options);
    return identity.expiration ? new Date(identity.expiration.getTime()) : undefined;
  }

  async getBucketPolicy(bucket: string, options?: CallOptions): Promise<string | undefined> {
    const client = await this.bucketClient(bucket, options);
    try {
      const out = await this.bounded(
        (abortSignal) => client.send(new GetBucketPolicyCommand({ Bucket: bucket }), { abortSignal }),
        options,
      );
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

  async putBucketPolicy(bucket: string, policyJson: string, options?: CallOptions): Promise<void> {
    const client = await this.bucketClient(bucket, options);
    await this.bounded(
      (abortSignal) => client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policyJson }), { abortSignal }),
      options,
    );
  }

  async createMultipartUpload(request: CreateMultipartUploadRequest, options?: CallOptions): Promise<string> {
    const client = await this.bucketClient(request.bucket, options);
    const out = await this.bounded(
      (abortSignal) =>
        client.send(
          new CreateMultipartUploadCommand({ Bucket: request.bucket, Key: request.key, ContentType: request.contentType }),
          { abortSignal },
        ),
      options,
    );
    if (!out.UploadId) {
      throw new Error(l10n.t('S3 started no multipart upload for s3://{0}/{1}: its answer has no UploadId.', request.bucket, request.key));
    }
    return out.UploadId;
  }

  async presignMultipart(request: MultipartPresignRequest, options?: CallOptions): Promise<PresignedMultipart> {
    assertValidExpiresIn(request.expiresIn);
    const { partCount } = request;
    if (!Number.isInteger(partCount) || partCount < 1 || partCount > MAX_PART_NUMBER) {
      throw new Error(l10n.t('A multipart upload has 1 to {0} parts, not {1}.', MAX_PART_NUMBER, String(partCount)));
    }
    const region = request.region ?? (await this.bucketRegion(request.bucket, options));
    const identity = await this.guarded(this.credentials(), options);
    // One signing date for all: every URL expires at the same moment, the one recorded.
    const signingDate = new Date();
    const base = { bucket: request.bucket, key: request.key, region, expiresIn: request.expiresIn, signingDate, uploadId: request.uploadId };
    const parts: PresignedMultipart['parts'] = [];
    for (let partNumber = 1; partNumber <= partCount; partNumber++) {
      parts.push({ partNumber, url: (await this.presigner.presign({ ...base, method: 'PUT', partNumber })).url });
    }
    const completeUrl = (await this.presigner.presign({ ...base, method: 'POST' })).url;
    const urlExpiresAt = new Date(Math.floor(signingDate.getTime() / 1000) * 1000 + request.expiresIn * 1000);
    const credentialsExpireAt = identity.expiration ? new Date(identity.expiration.getTime()) : undefined;
    const effectiveExpiresAt =
      credentialsExpireAt && credentialsExpireAt < urlExpiresAt ? credentialsExpireAt : urlExpiresAt;
    const result: PresignedMultipart = { parts, completeUrl, urlExpiresAt, effectiveExpiresAt, region };
    if (credentialsExpireAt) {
      result.credentialsExpireAt = credentialsExpireAt;
    }
    return result;
  }

  async abortMultipartUpload(bucket: string, key: string, uploadId: string, options?: CallOptions): Promise<boolean> {
    const client = await this.bucketClient(bucket, options);
    try {
      await this.bounded(
        (abortSignal) =>
          client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }), { abortSignal }),
        options,
      );
      return true;
    } catch (err) {
      const { name, Code } = (err ?? {}) as { name?: string; Code?: string };
      if (name === 'NoSuchUpload' || Code === 'NoSuchUpload') {
        return false;
      }
      throw err;
    }
  }

  async uploadObject(request: UploadRequest, options: CallOptions = {}): Promise<UploadResult> {
    const client = await this.bucketClient(request.bucket, options);
    // dispose() (another profile chosen meanwhile) stops the upload like Cancel does, and the requests
    // that end it (complete, abort, and the check that nothing is left) still go out: a multipart upload
    // left open keeps its parts, and their cost, in the bucket.
    const stop = anySignal([options.signal, this.lifetime.signal]);
    // Each request is one bounded call (retries included), with more time for the bytes it carries;
    // the HTTP handler's own per-attempt limit gets the same time (its default is the setting's).
    const send: BoundedSend = (command, { bytes, cancellable }) => {
      const callMs = uploadRequestTimeoutMs(this.limits.callMs, bytes);
      return this.bounded(
        (abortSignal) => client.send(command as Parameters<S3Client['send']>[0], { abortSignal, requestTimeout: callMs }),
        cancellable ? { signal: stop.signal } : {},
        callMs,
        { outlivesDispose: !cancellable },
      );
    };
    const upload = uploadWithLibStorage(client, request, send, stop.signal).finally(() => {
      stop.release();
      this.uploads.delete(upload);
    });
    this.uploads.add(upload);
    return upload;
  }

  dispose(): void {
    this.lifetime.abort(cancelledError());
    const clients = [...this.clients.values()];
    this.clients.clear();
    this.regions.clear();
    const destroy = (): void => clients.forEach((client) => client.destroy());
    if (this.uploads.size === 0) {
      destroy();
    } else {
      void Promise.allSettled([...this.uploads]).then(destroy);
    }
  }
}

/** ListObjectVersions' bound: enough to pick from, few enough pages to stay within one call's time. */
const MAX_VERSIONS = 1000;

/**
 * Versions and delete markers come in two lists: merged newest first (S3 lists each newest first; the
 * latest leads, whatever the clocks say).
 */
function newestFirst(versions: ObjectVersion[]): ObjectVersion[] {
  const time = (v: ObjectVersion) => v.lastModified?.getTime() ?? 0;
  return [...versions].sort((a, b) => Number(b.isLatest) - Number(a.isLatest) || time(b) - time(a));
}

/**
 * The `expiration` the SDK wrote into the policy (whole seconds, its clock corrected for skew), so
 * the page states the moment S3 checks; `fallback` should a later SDK write it differently.
 */
function policyExpiration(policy: string | undefined, fallback: Date): Date {
  try {
    const { expiration } = JSON.parse(Buffer.from(policy ?? '', 'base64').toString('utf8')) as { expiration?: unknown };
    const date = new Date(typeof expiration === 'string' ? expiration : NaN);
    return Number.isNaN(date.getTime()) ? fallback : date;
  } catch {
    return fallback;
  }
}

/** The call bound in ms: the setting's seconds, clamped to what the setting allows. */
export function requestTimeoutMs(settings: ConnectionSettings): number {
  const seconds = settings.requestTimeout;
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) {
    return DEFAULT_REQUEST_TIMEOUT_SECONDS * 1000;
  }
  return Math.round(Math.max(MIN_REQUEST_TIMEOUT_SECONDS, Math.min(seconds, MAX_REQUEST_TIMEOUT_SECONDS)) * 1000);
}

export async function createSdkGateway(
  settings: ConnectionSettings,
  options: SdkGatewayOptions = {},
): Promise<S3Gateway> {
  const env = process.env;
  const connection = await resolveConnection(settings, env);
  const callMs = options.requestTimeoutMs ?? requestTimeoutMs(settings);
  const limits: Limits = { callMs, connectMs: options.connectionTimeoutMs ?? Math.min(5_000, callMs) };
  const given = options.credentials;
  const create = (): AwsCredentialIdentityProvider =>
    given === undefined
      ? credentialChain(settings.profile, env, limits)
      : typeof given === 'function'
        ? given
        : async () => given;
  return new SdkGateway(connection, new BoundedCredentials(create, limits, settings.profile), limits, options);
}
