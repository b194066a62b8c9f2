// The curl commands the extension hands out, run as text through bash against radosgw (issue 12): a
// command that only looks right in a unit test can still break on a quote in a file name or an `&` in
// the URL once a shell reads it.
import * as assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { curlDownloadCommand, curlUploadCommand } from '../../src/core/shellCommands';
import { displayName } from '../../src/ui/format';
import { awkwardKeys, seedBody, tamperSignature, type ProcessResult, runProcess, useRigGateway } from './rig';

const PROFILE = 'rgw-shell-commands';
const BUCKET = 'presign-test';
const SHELL_TIMEOUT_MS = 20_000;
/** Quotes of both kinds, spaces, `+`, unicode, shell syntax and curl glob patterns that must stay literal. */
const AWKWARD_NAME = `my "quoted" file's copy [1] {a,b} + é 文件 $HOME \`id\` & more.txt`;
/** curl's exit code for an HTTP error answered under `--fail`. */
const CURL_HTTP_ERROR = 22;

function describeRun(command: string, result: ProcessResult): string {
  return `${command}\nexit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;
}

describe('curl commands handed out, run through bash against radosgw', function () {
  this.timeout(60_000);
  const rgw = useRigGateway(PROFILE);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3-presign-shell-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function readBack(key: string): Promise<{ status: number; body: Buffer }> {
    const get = await rgw.gateway.presign({ method: 'GET', bucket: BUCKET, key, expiresIn: 600 });
    const res = await fetch(get.url);
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
  }

  /**
   * Signs a PUT for `key`, writes `body` to a file named as the notification names it, and runs the
   * curl command the notification copies (same arguments as `showLinkCopied`).
   */
  async function uploadWithCopiedCommand(key: string, body: Buffer, contentType?: string) {
    const link = await rgw.gateway.presign({ method: 'PUT', bucket: BUCKET, key, expiresIn: 600, contentType });
    const name = displayName(key);
    fs.writeFileSync(path.join(dir, name), body);
    const command = curlUploadCommand(link.url, link.signedHeaders, name);
    const result = await runProcess('bash', ['-c', command], dir, SHELL_TIMEOUT_MS);
    return { link, command, result };
  }

  it('the upload command without a Content-Type stores the file byte for byte', async () => {
    const key = `uploads/${randomUUID()}/${AWKWARD_NAME}`;
    const body = randomBytes(64 * 1024);
    const { link, command, result } = await uploadWithCopiedCommand(key, body);
    assert.deepEqual(link.signedHeaders, {}, 'nothing but host is signed');
    assert.equal(result.code, 0, describeRun(command, result));
    // curl exits 0 on an HTTP error without --fail; S3 answers a successful PUT with an empty body.
    assert.equal(result.stdout, '', describeRun(command, result));

    assert.equal((await rgw.gateway.headObject(BUCKET, key))?.size, body.length);
    const stored = await readBack(key);
    assert.equal(stored.status, 200);
    assert.ok(stored.body.equals(body), 'the stored bytes are the file');
  });

  describe('the upload command with a pinned Content-Type', () => {
    const contentType = 'text/csv; charset=utf-8';
    const body = Buffer.from(`name,quote\n"a",'b'\né,文件\n${randomUUID()}\n`);
    let key: string;

    beforeEach(() => {
      key = `uploads/${randomUUID()}/${AWKWARD_NAME}`;
    });

    it('sends the signed type: the object is stored with that type and those bytes', async () => {
      const { link, command, result } = await uploadWithCopiedCommand(key, body, contentType);
      assert.deepEqual(link.signedHeaders, { 'content-type': contentType });
      assert.equal(result.code, 0, describeRun(command, result));
      assert.equal(result.stdout, '', describeRun(command, result));

      const head = await rgw.gateway.headObject(BUCKET, key);
      assert.equal(head?.contentType, contentType);
      const stored = await readBack(key);
      assert.equal(stored.status, 200);
      assert.ok(stored.body.equals(body), 'the stored bytes are the file');
    });

    it('the same URL with another type is refused (403) and the stored object is unchanged', async () => {
      const { link, command, result } = await uploadWithCopiedCommand(key, body, contentType);
      assert.equal(result.code, 0, describeRun(command, result));

      const other = await fetch(link.url, { method: 'PUT', body: 'replaced', headers: { 'content-type': 'text/plain' } });
      assert.equal(other.status, 403);
      assert.equal((await rgw.gateway.headObject(BUCKET, key))?.contentType, contentType);
      assert.ok((await readBack(key)).body.equals(body));
    });
  });

  describe('the download command', () => {
    // Every awkward seeded key: the URL carries `%`, `&`, `=` and unicode the shell must leave alone.
    for (const object of awkwardKeys()) {
      const label = object.key.length > 60 ? `${object.key.slice(0, 20)}… (${object.key.length} chars)` : object.key;
      it(`saves exactly the bytes of ${JSON.stringify(label)} under an awkward file name`, async () => {
        const link = await rgw.gateway.presign({ method: 'GET', bucket: BUCKET, key: object.key, expiresIn: 600 });
        const command = curlDownloadCommand(link.url, AWKWARD_NAME);
        const result = await runProcess('bash', ['-c', command], dir, SHELL_TIMEOUT_MS);
        assert.equal(result.code, 0, describeRun(command, result));
        assert.deepEqual(fs.readdirSync(dir), [AWKWARD_NAME], 'one file, under exactly the given name');
        assert.equal(fs.readFileSync(path.join(dir, AWKWARD_NAME), 'utf8'), seedBody(object));
      });
    }

    it('saves an object just uploaded with the upload command, byte for byte', async () => {
      const key = `uploads/${randomUUID()}/${AWKWARD_NAME}`;
      const body = randomBytes(32 * 1024);
      const upload = await uploadWithCopiedCommand(key, body);
      assert.equal(upload.result.code, 0, describeRun(upload.command, upload.result));

      const link = await rgw.gateway.presign({ method: 'GET', bucket: BUCKET, key, expiresIn: 600 });
      const saved = `saved "copy" of it's.bin`;
      const command = curlDownloadCommand(link.url, saved);
      const result = await runProcess('bash', ['-c', command], dir, SHELL_TIMEOUT_MS);
      assert.equal(result.code, 0, describeRun(command, result));
      assert.ok(fs.readFileSync(path.join(dir, saved)).equals(body));
    });

    it('fails (non-zero exit) on a tampered URL instead of saving the error as the file', async () => {
      const link = await rgw.gateway.presign({ method: 'GET', bucket: BUCKET, key: 'hello.txt', expiresIn: 600 });
      const command = curlDownloadCommand(tamperSignature(link.url), AWKWARD_NAME);
      const result = await runProcess('bash', ['-c', command], dir, SHELL_TIMEOUT_MS);
      assert.equal(result.code, CURL_HTTP_ERROR, describeRun(command, result));
      const target = path.join(dir, AWKWARD_NAME);
      assert.ok(!fs.existsSync(target) || fs.statSync(target).size === 0, 'no error document saved as the file');
    });
  });
});
