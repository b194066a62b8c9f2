// Root hooks of the integration tier (mocha `require`): the tests write under prefixes of their own in
// the seeded buckets; afterwards every object the seed does not describe is deleted, so the extension-host
// and end-to-end tiers that follow see the buckets as test/fixtures/seedData.json says (dozens of extra
// folders would push seeded rows such as presign-test/hello.txt out of the view).
import { DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { generatedKeys, seedBucketNames, seedObjects } from '../fixtures/seedData';
import { rigConfig, rigS3Client } from './rig';

export const mochaHooks = {
  async afterAll(): Promise<void> {
    const s3 = rigS3Client(rigConfig());
    try {
      for (const bucket of seedBucketNames()) {
        const seeded = new Set([...seedObjects(bucket).map((object) => object.key), ...generatedKeys(bucket)]);
        let token: string | undefined;
        do {
          const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
          const extra = (page.Contents ?? []).map((object) => object.Key ?? '').filter((key) => key !== '' && !seeded.has(key));
          if (extra.length > 0) {
            await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: extra.map((Key) => ({ Key })), Quiet: true } }));
          }
          token = page.NextContinuationToken;
        } while (token);
      }
    } finally {
      s3.destroy();
    }
  },
};
