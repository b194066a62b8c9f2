// "Presign Large Upload…" against radosgw (issue 14): the generated bash script, run through bash,
// uploads a file in 5 MiB parts through the presigned UploadPart URLs and completes it; Abort leaves no
// incomplete upload; expired part URLs are refused.
import * as assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AbortMultipartUploadCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { defaultFileName, bashLargeUploadScript } from '../../src/core/largeUploadScripts';
import { MIN_PART_SIZE, completeMultipartXml, planParts } from '../../src/core/largeUpload';
import { FastPresigner } from '../../src/s3/fastSigner';
import { type ProcessResult, runProcess, useRigGateway } from './rig';

const PROFILE = 'rgw-large-upload';
const BUCKET = 'presign-test';
const SCRIPT_TIMEOUT_MS = 60_000;

/** Runs the generated bash script as the user would: saved to a file, then `bash upload.sh <file>`. */
function runScript(script: string, args: string[], cwd: string): Promise<ProcessResult> {
  fs.writeFileSync(path.join(cwd, 'upload.sh'), script);
  return runProcess('bash', ['upload.sh', ...args], cwd, SCRIPT_TIMEOUT_MS);
}
/** Quotes, spaces, shell syntax and unicode in the key: its last segment is the script's default file name. */
const AWKWARD_NAME = `big "quoted" file's [1] {a,b} $HOME \`id\` & é 文件.bin`;

describe('Presign Large Upload against radosgw', function () {
  this.timeout(120_000);
  const rgw = useRigGateway(PROFILE);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3-presign-large-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function pendingUploads(key: string): Promise<string[]> {
    const out = await rgw.s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: key }));
    return (out.Uploads ?? []).filter((upload) => upload.Key === key).map((upload) => upload.UploadId ?? '');
  }

  async function readBack(key: string): Promise<{ status: number; body: Buffer }> {
    const get = await rgw.gateway.presign({ method: 'GET', bucket: BUCKET, key, expiresIn: 600 });
    const res = await fetch(get.url);
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
  }

  /** What the command does: create the upload, sign its URLs, write the bash script. */
  async function presignScript(key: string, size: number): Promise<{ uploadId: string; script: string; partCount: number }> {
    const plan = planParts(size);
    assert.ok(plan.ok);
    const uploadId = await rgw.gateway.createMultipartUpload({ bucket: BUCKET, key });
    const presigned = await rgw.gateway.presignMultipart({ bucket: BUCKET, key, uploadId, partCount: plan.plan.partCount, expiresIn: 600 });
    const script = bashLargeUploadScript({
      bucket: BUCKET,
      key,
      partSize: plan.plan.partSize,
      parts: presigned.parts,
      completeUrl: presigned.completeUrl,
      expiresAt: presigned.effectiveExpiresAt,
    });
    return { uploadId, script, partCount: plan.plan.partCount };
  }

  it('the bash script uploads a 12 MB file in 5 MiB parts; the stored bytes are the file', async () => {
    const key = `large/${randomUUID()}/${AWKWARD_NAME}`;
    const body = randomBytes(12 * 1024 * 1024 + 1234);
    const { uploadId, script, partCount } = await presignScript(key, body.length);
    assert.equal(partCount, 3, 'two parts of 5 MiB and the rest');
    assert.equal(defaultFileName(key), AWKWARD_NAME);
    fs.writeFileSync(path.join(dir, AWKWARD_NAME), body);

    // No argument: the script uploads the file named like the key.
    const result = await runScript(script, [], dir);
    assert.equal(result.code, 0, `exit ${result.code}\n${result.stderr}`);
    assert.match(result.stderr, /Uploading part 3 of 3 \(2098386 bytes\)/);
    assert.match(result.stdout, /^Uploaded /);

    const head = await rgw.gateway.headObject(BUCKET, key);
    assert.equal(head?.size, body.length);
    assert.match(head?.etag ?? '', /-3"$/, 'a multipart ETag: three parts');
    const stored = await readBack(key);
    assert.equal(stored.status, 200);
    assert.ok(stored.body.equals(body), 'the stored bytes are the file');
    assert.deepEqual(await pendingUploads(key), [], `upload ${uploadId} is complete`);
  });

  it('a smaller file than announced uploads in fewer parts; a larger one is refused before anything is sent', async () => {
    const key = `large/${randomUUID()}/smaller.bin`;
    const { script } = await presignScript(key, 12 * 1024 * 1024);
    fs.writeFileSync(path.join(dir, 'too-big.bin'), randomBytes(15 * 1024 * 1024 + 1));
    const refused = await runScript(script, ['too-big.bin'], dir);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /more than 3 parts of 5242880 bytes hold/);
    assert.doesNotMatch(refused.stderr, /Uploading part/);

    const body = randomBytes(MIN_PART_SIZE + 10);
    fs.writeFileSync(path.join(dir, 'smaller.bin'), body);
    const result = await runScript(script, ['smaller.bin'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Uploading part 2 of 2 \(10 bytes\)/);
    assert.ok((await readBack(key)).body.equals(body));
  });

  it('"Abort" leaves no incomplete upload: ListMultipartUploads is empty and the part URLs stop working', async () => {
    const key = `large/${randomUUID()}/aborted.bin`;
    const uploadId = await rgw.gateway.createMultipartUpload({ bucket: BUCKET, key });
    const presigned = await rgw.gateway.presignMultipart({ bucket: BUCKET, key, uploadId, partCount: 2, expiresIn: 600 });
    const part = await fetch(presigned.parts[0].url, { method: 'PUT', body: randomBytes(MIN_PART_SIZE) });
    assert.equal(part.status, 200);
    assert.deepEqual(await pendingUploads(key), [uploadId]);

    assert.equal(await rgw.gateway.abortMultipartUpload(BUCKET, key, uploadId), true);
    assert.deepEqual(await pendingUploads(key), []);
    const after = await fetch(presigned.parts[1].url, { method: 'PUT', body: 'late' });
    assert.equal(after.status, 404, 'NoSuchUpload');
    assert.equal(await rgw.gateway.abortMultipartUpload(BUCKET, key, uploadId), false, 'already gone');
    assert.equal((await rgw.gateway.headObject(BUCKET, key)), undefined);
  });

  it('expired part and Complete URLs are refused (403); fresh ones for the same upload work', async () => {
    const key = `large/${randomUUID()}/expired.bin`;
    const uploadId = await rgw.gateway.createMultipartUpload({ bucket: BUCKET, key });
    try {
      // Signed two hours ago for 60 s: expired, with no waiting.
      const signer = new FastPresigner({
        credentials: { accessKeyId: rgw.rig.accessKeyId, secretAccessKey: rgw.rig.secretAccessKey },
        endpoint: rgw.rig.endpoint,
        forcePathStyle: true,
      });
      const past = { bucket: BUCKET, key, region: rgw.rig.region, expiresIn: 60, signingDate: new Date(Date.now() - 2 * 3600_000), uploadId };
      const expiredPart = await signer.presign({ ...past, method: 'PUT', partNumber: 1 });
      assert.equal((await fetch(expiredPart.url, { method: 'PUT', body: 'x' })).status, 403);
      const expiredComplete = await signer.presign({ ...past, method: 'POST' });
      const expiredBody = completeMultipartXml([{ partNumber: 1, etag: '"x"' }]);
      assert.equal((await fetch(expiredComplete.url, { method: 'POST', body: expiredBody })).status, 403);

      const fresh = await rgw.gateway.presignMultipart({ bucket: BUCKET, key, uploadId, partCount: 1, expiresIn: 60 });
      const part = await fetch(fresh.parts[0].url, { method: 'PUT', body: 'fresh' });
      assert.equal(part.status, 200);
      const etag = part.headers.get('etag');
      assert.ok(etag);
      // The XML the extension's pure builder writes, quotes of the ETag escaped, as S3 accepts it.
      const complete = await fetch(fresh.completeUrl, { method: 'POST', body: completeMultipartXml([{ partNumber: 1, etag }]) });
      assert.equal(complete.status, 200, await complete.text());
      assert.equal((await readBack(key)).body.toString(), 'fresh');
    } finally {
      await rgw.s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId })).catch(() => undefined);
    }
  });
});
