#!/usr/bin/env node
// Seeds the local S3 (scripts/rgw.sh) with the buckets and objects described in
// test/fixtures/seedData.json. Idempotent.
//
//   S3_TEST_ENDPOINT=… S3_TEST_ACCESS_KEY=… S3_TEST_SECRET_KEY=… node scripts/seed.mjs [--demo]
//
// If the variables are not set, DIR/env of the default rgw dir (<repo>/.rgw/env) is read.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { S3Client, CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';

// The SDK warns on Node < 22 (still supported); keep the seeder's output to one line.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/seedData.json'), 'utf8'));
const demo = process.argv.includes('--demo');
const CONCURRENCY = 16;

function loadEnvFile() {
  const envFile = process.env.RGW_DIR ? join(process.env.RGW_DIR, 'env') : join(repoRoot, '.rgw/env');
  if (!existsSync(envFile)) return;
  for (const line of readFileSync(envFile, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2];
  }
}

const CONTENT_TYPES = {
  '.txt': 'text/plain', '.md': 'text/markdown', '.json': 'application/json', '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg', '.png': 'image/png', '.svg': 'image/svg+xml', '.log': 'text/plain',
};
function contentTypeOf(obj) {
  if (obj.contentType) return obj.contentType;
  const m = /\.[a-z0-9]+$/i.exec(obj.key);
  return (m && CONTENT_TYPES[m[0].toLowerCase()]) || 'application/octet-stream';
}

/** Expands a bucket spec into [{ key, body, contentType }]. */
export function objectsOf(bucket) {
  const out = [];
  const bodyOf = (o) => (o.body !== undefined ? o.body : data.bodyTemplate.replaceAll('{key}', o.key));
  for (const o of bucket.objects ?? []) out.push({ key: o.key, body: bodyOf(o), contentType: contentTypeOf(o) });
  const g = bucket.generate;
  if (g) {
    for (let i = 0; i < g.count; i++) {
      const key = `${g.prefix}${String(i).padStart(g.digits, '0')}${g.suffix}`;
      out.push({ key, body: bodyOf({ key }), contentType: g.contentType ?? contentTypeOf({ key }) });
    }
  }
  return out;
}

async function pool(items, n, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  });
  await Promise.all(workers);
}

async function main() {
  loadEnvFile();
  const endpoint = process.env.S3_TEST_ENDPOINT;
  const accessKeyId = process.env.S3_TEST_ACCESS_KEY;
  const secretAccessKey = process.env.S3_TEST_SECRET_KEY;
  if (!endpoint || !accessKeyId || !secretAccessKey) {
    throw new Error('S3_TEST_ENDPOINT, S3_TEST_ACCESS_KEY and S3_TEST_SECRET_KEY must be set (or run scripts/rgw.sh start first)');
  }
  const s3 = new S3Client({
    endpoint,
    region: process.env.S3_TEST_REGION || 'us-east-1',
    credentials: { accessKeyId, secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });

  const t0 = Date.now();
  const buckets = [...data.buckets, ...(demo ? data.demoBuckets : [])];
  let objects = 0;
  for (const b of buckets) {
    try {
      await s3.send(new CreateBucketCommand({ Bucket: b.name }));
    } catch (e) {
      if (e?.name !== 'BucketAlreadyOwnedByYou' && e?.name !== 'BucketAlreadyExists') throw e;
    }
  }
  const puts = buckets.flatMap((b) => objectsOf(b).map((o) => ({ bucket: b.name, ...o })));
  await pool(puts, CONCURRENCY, async (o) => {
    try {
      await s3.send(new PutObjectCommand({ Bucket: o.bucket, Key: o.key, Body: o.body, ContentType: o.contentType }));
    } catch (e) {
      const err = new Error(`PutObject s3://${o.bucket}/${o.key.length > 80 ? o.key.slice(0, 80) + '…' : o.key} failed: ${e?.name}: ${e?.message}`);
      err.cause = e;
      throw err;
    }
    objects++;
  });
  s3.destroy();
  console.log(`seeded ${buckets.length} buckets (${buckets.map((b) => b.name).join(', ')}), ${objects} objects at ${endpoint} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('seed.mjs')) {
  main().catch((e) => {
    console.error(`seed failed: ${e?.stack ?? e}`);
    process.exit(1);
  });
}
