// An in-memory S3Gateway for the unit tier: ListObjectsV2 paging and delimiters as S3 does them,
// HeadObject, and presigning into recognisable (not valid) URLs. It proves logic and flows only;
// whether a URL works is proved against radosgw in test/integration.
import type {
  BucketSummary,
  CreateMultipartUploadRequest,
  ListPage,
  ListPageRequest,
  ObjectEntry,
  MultipartPresignRequest,
  ObjectHead,
  ObjectVersion,
  ObjectVersions,
  ObjectVersionsRequest,
  HeadObjectOptions,
  PresignedMultipart,
  PresignedUrl,
  PresignRequest,
  PresignedPost,
  PresignPostRequest,
  S3Gateway,
  UploadRequest,
  UploadResult,
} from '../../src/s3/s3Gateway';
import { uploadPartCount, uploadPartSize } from '../../src/core/uploadPlan';

export interface FakeObject {
  key: string;
  size?: number;
  contentType?: string;
}

export class FakeGateway implements S3Gateway {
  readonly endpoint: string | undefined = undefined;
  readonly defaultRegion = 'us-east-1';
  private readonly buckets = new Map<string, Map<string, ObjectEntry & { contentType?: string }>>();
  /** Every call, in order, e.g. `listPage presign-test docs/`. */
  readonly calls: string[] = [];
  /** When set, the next calls of that operation reject with it (cleared by setting `undefined`). */
  failures: Partial<
    Record<
      | 'listBuckets'
      | 'listPage'
      | 'headObject'
      | 'listObjectVersions'
      | 'presign'
      | 'getBucketPolicy'
      | 'presignPost'
      | 'createMultipartUpload'
      | 'presignMultipart'
      | 'abortMultipartUpload'
      | 'uploadObject',
      unknown
    >
  > = {};
  /** Multipart uploads started and neither aborted nor completed, by upload id. */
  readonly uploads = new Map<string, { bucket: string; key: string; contentType?: string }>();
  private uploadCount = 0;
  /** Versions by `bucket/key` (newest first); a key without any has the one version `null`, as without versioning. */
  readonly versions = new Map<string, ObjectVersion[]>();
  /** Bytes stored by `uploadObject`, by `bucket/key`. */
  readonly bodies = new Map<string, Buffer>();
  /**
   * Awaited before each part of `uploadObject` is stored (1-based part number): a test holds an upload
   * mid-way here, to cancel it. Multipart uploads appear in `uploads` while they run.
   */
  beforePart: ((part: number, request: UploadRequest) => Promise<void>) | undefined;
  credentialsExpireAt: Date | undefined;
  policies = new Map<string, string>();
  now = (): Date => new Date();
  disposed = false;

  constructor(contents: Record<string, (string | FakeObject)[]> = {}) {
    for (const [bucket, objects] of Object.entries(contents)) {
      this.addBucket(bucket, objects);
    }
  }

  addBucket(bucket: string, objects: (string | FakeObject)[] = []): void {
    const entries = this.buckets.get(bucket) ?? new Map();
    for (const object of objects) {
      const { key, size = 1, contentType } = typeof object === 'string' ? { key: object } : object;
      entries.set(key, { key, size, contentType, lastModified: new Date(Date.UTC(2026, 0, 2, 3, 4)), etag: '"etag"' });
    }
    this.buckets.set(bucket, entries);
  }

  private fail(operation: keyof FakeGateway['failures']): void {
    if (this.failures[operation] !== undefined) {
      throw this.failures[operation];
    }
  }

  private bucket(name: string): Map<string, ObjectEntry> {
    const entries = this.buckets.get(name);
    if (!entries) {
      throw Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } });
    }
    return entries;
  }

  async listBuckets(): Promise<BucketSummary[]> {
    this.calls.push('listBuckets');
    this.fail('listBuckets');
    return [...this.buckets.keys()].sort().map((name) => ({ name }));
  }

  /** ListObjectsV2 with `/` as delimiter (unless recursive): folders and objects in key order, paged. */
  async listPage(request: ListPageRequest): Promise<ListPage> {
    this.calls.push(`listPage ${request.bucket} ${request.prefix}${request.continuationToken ? ` after ${request.continuationToken}` : ''}`);
    this.fail('listPage');
    const keys = [...this.bucket(request.bucket).keys()].filter((key) => key.startsWith(request.prefix)).sort();
    const entries: ({ folder: string } | { object: ObjectEntry })[] = [];
    const seenFolders = new Set<string>();
    for (const key of keys) {
      const slash = request.recursive ? -1 : key.indexOf('/', request.prefix.length);
      if (slash >= 0) {
        const folder = key.slice(0, slash + 1);
        if (!seenFolders.has(folder)) {
          seenFolders.add(folder);
          entries.push({ folder });
        }
      } else {
        entries.push({ object: this.bucket(request.bucket).get(key)! });
      }
    }
    const start = request.continuationToken ? Number(request.continuationToken) : 0;
    const page = entries.slice(start, start + request.maxKeys);
    const next = start + request.maxKeys;
    return {
      folders: page.flatMap((entry) => ('folder' in entry ? [{ prefix: entry.folder }] : [])),
      objects: page.flatMap((entry) => ('object' in entry ? [entry.object] : [])),
      nextContinuationToken: next < entries.length ? String(next) : undefined,
    };
  }

  async headObject(bucket: string, key: string, options?: HeadObjectOptions): Promise<ObjectHead | undefined> {
    this.calls.push(`headObject ${bucket} ${key}${options?.versionId !== undefined ? ` version ${options.versionId}` : ''}`);
    this.fail('headObject');
    const entry = this.bucket(bucket).get(key) as (ObjectEntry & { contentType?: string }) | undefined;
    if (options?.versionId !== undefined) {
      const version = this.versionsOf(bucket, key).find((v) => v.versionId === options.versionId);
      return version && !version.isDeleteMarker
        ? { size: version.size ?? 0, contentType: entry?.contentType, lastModified: version.lastModified, etag: version.etag }
        : undefined;
    }
    return entry && { size: entry.size, contentType: entry.contentType, lastModified: entry.lastModified, etag: entry.etag };
  }

  /** Gives `key` these versions (newest first), as in a bucket with versioning on. */
  setVersions(bucket: string, key: string, versions: ObjectVersion[]): void {
    this.versions.set(`${bucket}/${key}`, versions);
  }

  private versionsOf(bucket: string, key: string): ObjectVersion[] {
    const entry = this.bucket(bucket).get(key);
    return (
      this.versions.get(`${bucket}/${key}`) ??
      (entry ? [{ versionId: 'null', isLatest: true, isDeleteMarker: false, lastModified: entry.lastModified, size: entry.size, etag: entry.etag }] : [])
    );
  }

  async listObjectVersions(request: ObjectVersionsRequest): Promise<ObjectVersions> {
    this.calls.push(`listObjectVersions ${request.bucket} ${request.key}`);
    this.fail('listObjectVersions');
    const all = this.versionsOf(request.bucket, request.key);
    const limit = request.limit ?? 1000;
    return { versions: all.slice(0, limit), truncated: all.length > limit };
  }

  async bucketRegion(): Promise<string> {
    return 'us-east-1';
  }

  async presign(request: PresignRequest): Promise<PresignedUrl> {
    this.calls.push(`presign ${request.method} ${request.bucket} ${request.key} ${request.expiresIn}`);
    this.fail('presign');
    const signedAt = this.now();
    const urlExpiresAt = new Date(signedAt.getTime() + request.expiresIn * 1000);
    const credentialsExpireAt = this.credentialsExpireAt;
    const effectiveExpiresAt = credentialsExpireAt && credentialsExpireAt < urlExpiresAt ? credentialsExpireAt : urlExpiresAt;
    const overrides = new URLSearchParams();
    for (const [name, value] of [
      ['response-content-disposition', request.responseContentDisposition],
      ['response-content-type', request.responseContentType],
      ['versionId', request.versionId],
    ] as const) {
      if (value !== undefined) {
        overrides.set(name, value);
      }
    }
    const extra = overrides.size > 0 ? `&${overrides.toString()}` : '';
    const url = `https://fake.example/${request.bucket}/${encodeURIComponent(request.key)}?method=${request.method}${extra}&X-Amz-Expires=${request.expiresIn}&X-Amz-Signature=fake`;
    return {
      url,
      method: request.method,
      signedHeaders: request.contentType ? { 'content-type': request.contentType } : {},
      urlExpiresAt,
      credentialsExpireAt,
      effectiveExpiresAt,
      region: 'us-east-1',
    };
  }

  /** A policy as S3 would get it (base64 JSON, readable by tests) and a recognisable, invalid signature. */
  async presignPost(request: PresignPostRequest): Promise<PresignedPost> {
    this.calls.push(`presignPost ${request.bucket} ${request.key} ${request.expiresIn}`);
    this.fail('presignPost');
    const policyExpiresAt = new Date(Math.floor(this.now().getTime() / 1000) * 1000 + request.expiresIn * 1000);
    const credentialsExpireAt = this.credentialsExpireAt;
    const effectiveExpiresAt = credentialsExpireAt && credentialsExpireAt < policyExpiresAt ? credentialsExpireAt : policyExpiresAt;
    const keyCondition = request.key.endsWith('${filename}')
      ? ['starts-with', '$key', request.key.slice(0, -'${filename}'.length)]
      : { key: request.key };
    const fields = { ...request.fields, bucket: request.bucket, 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' };
    const policy = {
      expiration: policyExpiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      conditions: [...request.conditions, ...Object.entries(fields).map(([name, value]) => ({ [name]: value })), keyCondition],
    };
    return {
      url: `https://fake.example/${request.bucket}`,
      fields: { ...fields, key: request.key, Policy: Buffer.from(JSON.stringify(policy)).toString('base64'), 'X-Amz-Signature': 'fake' },
      policyExpiresAt,
      credentialsExpireAt,
      effectiveExpiresAt,
      region: 'us-east-1',
    };
  }

  async credentialsExpiry(): Promise<Date | undefined> {
    return this.credentialsExpireAt;
  }

  async getBucketPolicy(bucket: string): Promise<string | undefined> {
    this.calls.push(`getBucketPolicy ${bucket}`);
    this.fail('getBucketPolicy');
    return this.policies.get(bucket);
  }

  async putBucketPolicy(bucket: string, policyJson: string): Promise<void> {
    this.calls.push(`putBucketPolicy ${bucket}`);
    this.policies.set(bucket, policyJson);
  }

  async createMultipartUpload(request: CreateMultipartUploadRequest): Promise<string> {
    this.calls.push(`createMultipartUpload ${request.bucket} ${request.key}`);
    this.fail('createMultipartUpload');
    this.bucket(request.bucket);
    const uploadId = `upload-${++this.uploadCount}`;
    this.uploads.set(uploadId, { bucket: request.bucket, key: request.key, contentType: request.contentType });
    return uploadId;
  }

  async presignMultipart(request: MultipartPresignRequest): Promise<PresignedMultipart> {
    this.calls.push(`presignMultipart ${request.bucket} ${request.key} ${request.uploadId} ${request.partCount} ${request.expiresIn}`);
    this.fail('presignMultipart');
    const link = (query: string) =>
      `https://fake.example/${request.bucket}/${encodeURIComponent(request.key)}?${query}&uploadId=${encodeURIComponent(request.uploadId)}&X-Amz-Expires=${request.expiresIn}&X-Amz-Signature=fake`;
    const signedAt = this.now();
    const urlExpiresAt = new Date(signedAt.getTime() + request.expiresIn * 1000);
    const credentialsExpireAt = this.credentialsExpireAt;
    return {
      parts: Array.from({ length: request.partCount }, (_, i) => ({ partNumber: i + 1, url: link(`method=PUT&partNumber=${i + 1}`) })),
      completeUrl: link('method=POST'),
      urlExpiresAt,
      credentialsExpireAt,
      effectiveExpiresAt: credentialsExpireAt && credentialsExpireAt < urlExpiresAt ? credentialsExpireAt : urlExpiresAt,
      region: 'us-east-1',
    };
  }

  async abortMultipartUpload(bucket: string, key: string, uploadId: string): Promise<boolean> {
    this.calls.push(`abortMultipartUpload ${bucket} ${key} ${uploadId}`);
    this.fail('abortMultipartUpload');
    const upload = this.uploads.get(uploadId);
    if (!upload || upload.bucket !== bucket || upload.key !== key) {
      return false;
    }
    this.uploads.delete(uploadId);
    return true;
  }

  /** Reads the body part by part as lib-storage does; cancelling or a failure aborts the multipart upload. */
  async uploadObject(request: UploadRequest, options: { signal?: AbortSignal } = {}): Promise<UploadResult> {
    this.calls.push(`uploadObject ${request.bucket} ${request.key} ${request.size}`);
    this.fail('uploadObject');
    const entries = this.bucket(request.bucket);
    const partSize = request.partSize ?? uploadPartSize(request.size);
    const partCount = uploadPartCount(request.size, partSize);
    const uploadId = partCount > 1 ? `upload-${++this.uploadCount}` : undefined;
    if (uploadId) {
      this.uploads.set(uploadId, { bucket: request.bucket, key: request.key, contentType: request.contentType });
    }
    try {
      const chunks: Buffer[] = [];
      if (request.body instanceof Uint8Array) {
        chunks.push(Buffer.from(request.body));
      } else {
        for await (const chunk of request.body) {
          chunks.push(Buffer.from(chunk as Uint8Array));
        }
      }
      const body = Buffer.concat(chunks);
      for (let part = 1; part <= partCount; part++) {
        await this.beforePart?.(part, request);
        if (options.signal?.aborted) {
          throw options.signal.reason;
        }
        request.onProgress?.(Math.min(request.size, part * partSize));
      }
      await request.beforeCommit?.();
      entries.set(request.key, { key: request.key, size: body.length, lastModified: this.now(), etag: '"uploaded"', contentType: request.contentType } as ObjectEntry);
      this.bodies.set(`${request.bucket}/${request.key}`, body);
      return { etag: '"uploaded"', uploadId, partCount };
    } catch (error) {
      if (uploadId) {
        this.calls.push(`abortMultipartUpload ${request.bucket} ${request.key} ${uploadId}`);
      }
      throw error;
    } finally {
      if (uploadId) {
        this.uploads.delete(uploadId);
      }
    }
  }

  dispose(): void {
    this.disposed = true;
  }
}
