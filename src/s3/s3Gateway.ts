// The one seam between the extension and S3. The tree and the commands only ever see this
// interface; `sdkGateway.ts` implements it with the AWS SDK (loaded lazily), tests use fakes.

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

export interface PresignRequest {
  method: PresignMethod;
  bucket: string;
  /** The raw key, never pre-encoded. */
  key: string;
  /** Seconds, 1–604800. */
  expiresIn: number;
  /** For PUT: when set, `content-type` is signed and the uploader must send exactly this. */
  contentType?: string;
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

/** Where and as whom we talk to S3: derived from settings and the shared AWS config. */
export interface ConnectionSettings {
  /** Profile name from the shared config/credentials files. */
  profile: string;
  /** Region override; empty means the profile's region, else `us-east-1`. */
  region?: string;
  /** S3-compatible endpoint override; empty means the profile's `endpoint_url`, else AWS. */
  endpoint?: string;
  forcePathStyle?: boolean;
}

export interface S3Gateway {
  listBuckets(): Promise<BucketSummary[]>;
  listPage(request: ListPageRequest): Promise<ListPage>;
  /** Resolves to `undefined` when the object does not exist (404). */
  headObject(bucket: string, key: string): Promise<ObjectHead | undefined>;
  /** The bucket's own region, resolved once and cached. */
  bucketRegion(bucket: string): Promise<string>;
  presign(request: PresignRequest): Promise<PresignedUrl>;
  /** When the current credentials expire (temporary credentials), else `undefined`. */
  credentialsExpiry(): Promise<Date | undefined>;
  /** The bucket policy's JSON text, or `undefined` when the bucket has none (NoSuchBucketPolicy). */
  getBucketPolicy(bucket: string): Promise<string | undefined>;
  /** Replaces the bucket's policy (PutBucketPolicy). */
  putBucketPolicy(bucket: string, policyJson: string): Promise<void>;
  /** The endpoint in use for display, or `undefined` for AWS. */
  readonly endpoint: string | undefined;
  dispose(): void;
}
