// The one seam between the extension and S3. The tree and the commands only ever see this
// interface; `sdkGateway.ts` implements it with the AWS SDK (loaded lazily), tests use fakes.
import type { Readable } from 'node:stream';
import type { PolicyCondition } from '../core/uploadForm';

export interface BucketSummary {
  name: string;
  creationDate?: Date;
}

export interface FolderEntry {
  /** Full prefix, ending with the delimiter, e.g. `photos/2024/`. */
  prefix: string;
}

export interface ObjectEntry {
  key: string;
  size: number;
  lastModified?: Date;
  etag?: string;
  storageClass?: string;
}

export interface ListPageRequest {
  bucket: string;
  /** Server-side prefix: the folder's prefix, or a user filter inside it. */
  prefix: string;
  /** Page size (1–1000). */
  maxKeys: number;
  /** Opaque token of the previous page, absent for the first page. */
  continuationToken?: string;
  /** Every object under the prefix, no folders (no delimiter): "Share Folder…" (issue 6). */
  recursive?: boolean;
}

export interface ListPage {
  folders: FolderEntry[];
  objects: ObjectEntry[];
  /** Present when more entries exist; pass it back to fetch the next page. */
  nextContinuationToken?: string;
}

export interface ObjectHead {
  size: number;
  contentType?: string;
  lastModified?: Date;
  etag?: string;
}

export type PresignMethod = 'GET' | 'PUT';

/** One version of an object, or a delete marker (ListObjectVersions, issue 14). */
export interface ObjectVersion {
  versionId: string;
  isLatest: boolean;
  /** A delete marker: the object looked deleted from then on; it has no bytes to link to. */
  isDeleteMarker: boolean;
  lastModified?: Date;
  /** Absent for delete markers. */
  size?: number;
  etag?: string;
}

export interface ObjectVersionsRequest {
  bucket: string;
  /** Only this exact key's versions are listed. */
  key: string;
  /** At most this many versions and delete markers (default 1000): a bound on pages and time. */
  limit?: number;
  /** Versions per ListObjectVersions page (1–1000, default 1000). */
  pageSize?: number;
}

export interface ObjectVersions {
  /** Newest first. */
  versions: ObjectVersion[];
  /** More versions exist than `limit` allowed. */
  truncated: boolean;
}

/** HeadObject of a specific version. */
export interface HeadObjectOptions extends CallOptions {
  versionId?: string;
}

export interface PresignRequest {
  method: PresignMethod;
  bucket: string;
  /** The raw key, never pre-encoded. */
  key: string;
  /** Seconds, 1–604800. */
  expiresIn: number;
  /** For PUT: when set, `content-type` is signed and the uploader must send exactly this. */
  contentType?: string;
  /** Sign for this region instead of looking up the bucket's (the lookup did not answer in time). */
  region?: string;
  /** GET only (issue 14): the `Content-Disposition` S3 answers with (`response-content-disposition`). */
  responseContentDisposition?: string;
  /** GET only: the `Content-Type` S3 answers with (`response-content-type`). */
  responseContentType?: string;
  /** GET only: this version of the object instead of the latest. */
  versionId?: string;
}

export interface PresignedUrl {
  url: string;
  method: PresignMethod;
  /** Headers the client must send for the signature to match (e.g. `content-type`). */
  signedHeaders: Record<string, string>;
  /** When the URL's own `X-Amz-Expires` runs out. */
  urlExpiresAt: Date;
  /** When the signing credentials expire, if they are temporary. */
  credentialsExpireAt?: Date;
  /** The earlier of the two: when the link really stops working. */
  effectiveExpiresAt: Date;
  /** Region the URL was signed for (the bucket's own). */
  region: string;
}

/** A presigned POST (upload form, issue 14): a policy the uploader's form must satisfy. */
export interface PresignPostRequest {
  bucket: string;
  /** The `key` field; ending with `${filename}`, any key starting with what comes before it is allowed. */
  key: string;
  /** Further policy conditions (`content-length-range`, `starts-with $Content-Type`…). */
  conditions: PolicyCondition[];
  /** Fields with fixed values; each is also an exact-match condition. */
  fields: Record<string, string>;
  /** Seconds, 1–604800. */
  expiresIn: number;
  /** Sign for this region instead of looking up the bucket's. */
  region?: string;
}

/** A multipart upload to start ("Presign Large Upload…", issue 14). */
export interface CreateMultipartUploadRequest {
  bucket: string;
  /** The raw key, never pre-encoded. */
  key: string;
  /** The object's Content-Type, fixed now: parts carry none. */
  contentType?: string;
}

/** One presigned UploadPart URL per part, and the CompleteMultipartUpload POST. */
export interface MultipartPresignRequest {
  bucket: string;
  key: string;
  uploadId: string;
  /** Parts are numbered 1 to `partCount` (at most 10,000). */
  partCount: number;
  /** Seconds, 1–604800. */
  expiresIn: number;
  /** Sign for this region instead of looking up the bucket's. */
  region?: string;
}

export interface PresignedPost {
  /** Where the form posts: the bucket's URL. */
  url: string;
  /** Every field the form must send (policy and signature included), the file excepted. */
  fields: Record<string, string>;
  /** The policy's `expiration`. */
  policyExpiresAt: Date;
  /** When the signing credentials expire, if they are temporary. */
  credentialsExpireAt?: Date;
  /** The earlier of the two: when the form really stops working. */
  effectiveExpiresAt: Date;
  region: string;
}

export interface PresignedMultipart {
  /** PUT the part's bytes to its URL; S3 answers with the part's `ETag` header. */
  parts: Array<{ partNumber: number; url: string }>;
  /** POST the `<CompleteMultipartUpload>` XML listing every part number and its ETag. */
  completeUrl: string;
  urlExpiresAt: Date;
  credentialsExpireAt?: Date;
  /** The earlier of the two: when the URLs really stop working. */
  effectiveExpiresAt: Date;
  region: string;
}

/** A local file's bytes to store under a key ("Upload and Copy Link…", issue 13). */
export interface UploadRequest {
  bucket: string;
  /** The raw key, never pre-encoded. */
  key: string;
  /** The bytes: a stream (a file) or a buffer. */
  body: Readable | Uint8Array;
  /** Exactly how many bytes `body` yields. */
  size: number;
  contentType?: string;
  /** Above this size the upload goes in parts of it; default `uploadPartSize(size)` (src/core/uploadPlan.ts). */
  partSize?: number;
  /** Bytes S3 has acknowledged so far. */
  onProgress?(loaded: number): void;
  /**
   * Called once every byte has been read, just before the object is committed (the PutObject, or the
   * CompleteMultipartUpload); throwing aborts the upload (the file changed while it was read).
   */
  beforeCommit?(): Promise<void>;
}

export interface UploadResult {
  etag?: string;
  /** The multipart upload's id when the file went up in parts. */
  uploadId?: string;
  partCount: number;
}

/** Where and as whom we talk to S3: derived from settings and the shared AWS config. */
export interface ConnectionSettings {
  /** Profile name from the shared config/credentials files. */
  profile: string;
  /** Region override; empty means the profile's region, else `us-east-1`. */
  region?: string;
  /** S3-compatible endpoint override; empty means the profile's `endpoint_url`, else AWS. */
  endpoint?: string;
  forcePathStyle?: boolean;
  /**
   * Seconds one S3 call may take, retries included (`s3Presign.requestTimeout`); absent or not
   * positive means the default. Connecting gets at most 5 s of it per attempt.
   */
  requestTimeout?: number;
}

/** `s3Presign.requestTimeout`'s default and bounds, in seconds. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 15;
export const MIN_REQUEST_TIMEOUT_SECONDS = 1;
export const MAX_REQUEST_TIMEOUT_SECONDS = 300;

/** Per call: a caller that gives up (a time budget, a cancelled command) aborts its signal. */
export interface CallOptions {
  /**
   * Aborting it makes the call reject at once with the signal's reason (as `fetch` does). Every call
   * is bounded anyway by `requestTimeout`, and rejects with a cancelled error (`isCancelledError`)
   * once the gateway is disposed.
   */
  signal?: AbortSignal;
}

export interface S3Gateway {
  listBuckets(options?: CallOptions): Promise<BucketSummary[]>;
  listPage(request: ListPageRequest, options?: CallOptions): Promise<ListPage>;
  /** Resolves to `undefined` when the object does not exist (404). */
  headObject(bucket: string, key: string, options?: HeadObjectOptions): Promise<ObjectHead | undefined>;
  /** The versions and delete markers of one key, newest first (ListObjectVersions, paged and bounded). */
  listObjectVersions(request: ObjectVersionsRequest, options?: CallOptions): Promise<ObjectVersions>;
  /** The bucket's own region, resolved once and cached. */
  bucketRegion(bucket: string, options?: CallOptions): Promise<string>;
  /** Local signing; only the bucket's region (first time) and temporary credentials may need the network. */
  presign(request: PresignRequest, options?: CallOptions): Promise<PresignedUrl>;
  /** When the current credentials expire (temporary credentials), else `undefined`. */
  credentialsExpiry(options?: CallOptions): Promise<Date | undefined>;
  /** The bucket policy's JSON text, or `undefined` when the bucket has none (NoSuchBucketPolicy). */
  getBucketPolicy(bucket: string, options?: CallOptions): Promise<string | undefined>;
  /** Replaces the bucket's policy (PutBucketPolicy). */
  putBucketPolicy(bucket: string, policyJson: string, options?: CallOptions): Promise<void>;
  /** Signs an upload form's policy (presigned POST): local, like `presign`. */
  presignPost(request: PresignPostRequest, options?: CallOptions): Promise<PresignedPost>;
  /** Starts a multipart upload (CreateMultipartUpload); resolves to its upload id. */
  createMultipartUpload(request: CreateMultipartUploadRequest, options?: CallOptions): Promise<string>;
  /** Signs every part's UploadPart URL and the CompleteMultipartUpload POST; local, like `presign`. */
  presignMultipart(request: MultipartPresignRequest, options?: CallOptions): Promise<PresignedMultipart>;
  /**
   * Aborts a multipart upload and frees its parts (AbortMultipartUpload); `false` when S3 no longer
   * knows it (NoSuchUpload: completed or aborted already).
   */
  abortMultipartUpload(bucket: string, key: string, uploadId: string, options?: CallOptions): Promise<boolean>;
  /**
   * Stores a file (lib-storage `Upload`: one PutObject, or a multipart upload with parts in parallel).
   * `s3Presign.requestTimeout` bounds each request (each part), not the whole upload. Aborting the
   * signal or any failure aborts the multipart upload: no incomplete upload is left behind (checked).
   */
  uploadObject(request: UploadRequest, options?: CallOptions): Promise<UploadResult>;
  /** The region of the settings, environment or profile: what links are signed for when a bucket's own is unknown. */
  readonly defaultRegion: string;
  /** The endpoint in use for display, or `undefined` for AWS. */
  readonly endpoint: string | undefined;
  /** Cancels every call in flight (they reject with a cancelled error) and frees the connections. */
  dispose(): void;
}
