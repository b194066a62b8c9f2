// Every id the manifest and the code share, defined once. A unit test checks them against package.json.

export const EXTENSION_ID = 's3-presign.s3-presign';
export const VIEW_CONTAINER_ID = 's3Presign';
export const EXPLORER_VIEW_ID = 's3Presign.explorer';

export const Commands = {
  refresh: 's3Presign.refresh',
  switchProfile: 's3Presign.switchProfile',
  openBucket: 's3Presign.openBucket',
  forgetBucket: 's3Presign.forgetBucket',
  filterByPrefix: 's3Presign.filterByPrefix',
  clearFilter: 's3Presign.clearFilter',
  loadMore: 's3Presign.loadMore',
  openSettings: 's3Presign.openSettings',
  openAwsConfig: 's3Presign.openAwsConfig',
  useCustomEndpoint: 's3Presign.useCustomEndpoint',
  copyGetUrl: 's3Presign.copyGetUrl',
  copyGetUrlDefault: 's3Presign.copyGetUrlDefault',
  presignUpload: 's3Presign.presignUpload',
  presignUploadHere: 's3Presign.presignUploadHere',
  shareFolder: 's3Presign.shareFolder',
  showActiveLinks: 's3Presign.showActiveLinks',
  ssoLogin: 's3Presign.ssoLogin',
  generateBucketPolicy: 's3Presign.generateBucketPolicy',
  openReadme: 's3Presign.openReadme',
  createUploadForm: 's3Presign.createUploadForm',
  presignLargeUpload: 's3Presign.presignLargeUpload',
  copyVersionLink: 's3Presign.copyVersionLink',
  uploadAndCopyLink: 's3Presign.uploadAndCopyLink',
} as const;

export const Settings = {
  section: 's3Presign',
  profile: 'profile',
  region: 'region',
  endpoint: 'endpoint',
  forcePathStyle: 'forcePathStyle',
  requestTimeout: 'requestTimeout',
  pageSize: 'pageSize',
  defaultExpiry: 'defaultExpiry',
  warnBefore: 'reminders.warnBefore',
  statusBarAlwaysShow: 'statusBar.alwaysShow',
  defaultDisposition: 'download.defaultDisposition',
} as const;

/** `contextValue`s of tree items; menus in package.json match on them. */
export const ContextValues = {
  bucket: 'bucket',
  bucketOpened: 'bucketOpened',
  folder: 'folder',
  object: 'object',
  loadMore: 'loadMore',
  message: 'message',
  /** Suffix added to bucket/folder context values while a prefix filter is active. */
  filteredSuffix: 'Filtered',
} as const;

/** Context key driving the welcome view (`s3Presign.state == noCredentials`). */
export const StateContextKey = 's3Presign.state';
