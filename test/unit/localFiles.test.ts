import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Readable } from 'node:stream';
import { type LocalFile, uploadLocalFile } from '../../src/commands/localFiles';
import { requestTimeoutError } from '../../src/s3/errors';
import type { S3Gateway, UploadRequest } from '../../src/s3/s3Gateway';

// The local side of an upload: what it says when the upload stops while the file is still being read.
describe('uploadLocalFile', () => {
  let dir: string;
  let file: LocalFile;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3p-local-'));
    const target = path.join(dir, 'big.bin');
    fs.writeFileSync(target, Buffer.alloc(4 * 1024 * 1024, 1));
    const stat = fs.statSync(target);
    file = { path: target, relativePath: 'big.bin', size: stat.size, mtimeMs: stat.mtimeMs };
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A gateway whose upload stops mid-read, as lib-storage does when a part times out: the body is destroyed with an AbortError. */
  function stoppingGateway(failure: Error): S3Gateway {
    return {
      uploadObject: async (request: UploadRequest) => {
        const body = request.body as Readable;
        await new Promise((resolve) => body.once('readable', resolve));
        const closed = new Promise((resolve) => body.once('close', resolve));
        body.destroy(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' }));
        await closed;
        throw failure;
      },
    } as unknown as S3Gateway;
  }

  it('a time-out while the file is being read is reported as the time-out, not as an unreadable file', async () => {
    const timeout = requestTimeoutError(15, 'http://127.0.0.1:1');
    await assert.rejects(uploadLocalFile(stoppingGateway(timeout), file, 'bucket', 'big.bin'), (error: Error) => {
      assert.equal(error, timeout, error.message);
      return true;
    });
  });

  it('a real read failure is still reported as one', async () => {
    const failing: S3Gateway = {
      uploadObject: async (request: UploadRequest) => {
        const body = request.body as Readable;
        await new Promise((resolve) => body.once('readable', resolve));
        const closed = new Promise((resolve) => body.once('close', resolve));
        body.destroy(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }));
        await closed;
        throw new Error('the body failed');
      },
    } as unknown as S3Gateway;
    await assert.rejects(uploadLocalFile(failing, file, 'bucket', 'big.bin'), (error: Error) => {
      assert.match(error.message, /^Cannot read .*big\.bin: the disk reported an input\/output error \(EIO\)\.$/);
      return true;
    });
  });
});
