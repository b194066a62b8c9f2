// Download options and versions of GET links against radosgw (issue 14): the headers a browser and
// curl get from an attachment, inline or content-type link, and version links that keep serving the
// old bytes after the object is overwritten.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { contentDisposition, filenameOfDisposition } from '../../src/core/downloadOptions';
import type { PresignRequest } from '../../src/s3/s3Gateway';
import { runProcess, useRigGateway } from './rig';

const PROFILE = 'rgw-download-options';
const BUCKET = 'presign-test';

describe('download options and versions against radosgw', function () {
  this.timeout(60_000);
  const rgw = useRigGateway(PROFILE);

  async function put(bucket: string, key: string, body: string, contentType = 'application/octet-stream'): Promise<string | undefined> {
    return (await rgw.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }))).VersionId;
  }

  async function link(request: Omit<PresignRequest, 'method' | 'expiresIn'>): Promise<string> {
    return (await rgw.gateway.presign({ method: 'GET', expiresIn: 300, ...request })).url;
  }

  describe('response overrides', () => {
    const key = `download-options/${randomUUID()}/server.log`;
    const body = 'line 1\nline 2\n';

    before(async () => {
      await put(BUCKET, key, body, 'application/octet-stream');
    });

    it('an attachment link answers with the Content-Disposition asked for', async () => {
      const header = contentDisposition('attachment', 'server log "today".txt');
      const response = await fetch(await link({ bucket: BUCKET, key, responseContentDisposition: header }));
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-disposition'), header);
      assert.equal(await response.text(), body);
    });

    it('a unicode name arrives as the ASCII fallback and filename*, which names the file exactly', async () => {
      const name = 'Übersicht – 文件 🚀.txt';
      const header = contentDisposition('attachment', name);
      const url = await link({ bucket: BUCKET, key, responseContentDisposition: header });
      const response = await fetch(url);
      assert.equal(response.status, 200);
      const received = response.headers.get('content-disposition') ?? '';
      assert.equal(received, header);
      assert.equal(filenameOfDisposition(received), name);
      await response.arrayBuffer();

      // curl saves under the header's name (`-J` reads `filename=`, the ASCII fallback).
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3-presign-download-'));
      try {
        const result = await runProcess('curl', ['--silent', '--show-error', '--fail', '--remote-name', '--remote-header-name', url], dir);
        assert.equal(result.code, 0, result.stderr);
        assert.deepEqual(fs.readdirSync(dir), ['Ubersicht _ __ _.txt']);
        assert.equal(fs.readFileSync(path.join(dir, 'Ubersicht _ __ _.txt'), 'utf8'), body);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('an inline link with a Content-Type override shows a .log as text/plain', async () => {
      const header = contentDisposition('inline', 'server.log');
      const response = await fetch(await link({ bucket: BUCKET, key, responseContentDisposition: header, responseContentType: 'text/plain; charset=utf-8' }));
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-disposition'), 'inline; filename="server.log"');
      assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.equal(await response.text(), body);
    });

    it('a plain link keeps the stored Content-Type and sends no Content-Disposition', async () => {
      const response = await fetch(await link({ bucket: BUCKET, key }));
      assert.equal(response.headers.get('content-type'), 'application/octet-stream');
      assert.equal(response.headers.get('content-disposition'), null);
      await response.arrayBuffer();
    });

    it('an override changed after signing is refused', async () => {
      const url = await link({ bucket: BUCKET, key, responseContentDisposition: 'attachment; filename="a.txt"' });
      const tampered = url.replace('a.txt', 'b.exe');
      assert.notEqual(tampered, url);
      const response = await fetch(tampered);
      assert.equal(response.status, 403);
      await response.arrayBuffer();
    });
  });

  describe('versions', () => {
    const bucket = `presign-versions-${randomUUID().slice(0, 8)}`;
    const key = 'report.txt';
    let v1: string;
    let v2: string;

    before(async () => {
      await rgw.s3.send(new CreateBucketCommand({ Bucket: bucket }));
      await rgw.s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
      v1 = (await put(bucket, key, 'version one')) ?? '';
      v2 = (await put(bucket, key, 'version two, longer')) ?? '';
      // A key that shares the prefix: never listed among report.txt's versions.
      await put(bucket, `${key}.bak`, 'backup');
      assert.ok(v1 && v2 && v1 !== v2, 'versioning is on');
    });

    after(async () => {
      const listed = await rgw.s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
      for (const v of [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])]) {
        await rgw.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: v.Key, VersionId: v.VersionId }));
      }
      await rgw.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    });

    it('lists the exact key\'s versions newest first, with size and latest', async () => {
      const { versions, truncated } = await rgw.gateway.listObjectVersions({ bucket, key });
      assert.equal(truncated, false);
      assert.deepEqual(
        versions.map((v) => ({ id: v.versionId, latest: v.isLatest, marker: v.isDeleteMarker, size: v.size })),
        [
          { id: v2, latest: true, marker: false, size: 'version two, longer'.length },
          { id: v1, latest: false, marker: false, size: 'version one'.length },
        ],
      );
    });

    it('a version link returns the old bytes after the object was overwritten', async () => {
      const old = await fetch(await link({ bucket, key, versionId: v1 }));
      assert.equal(old.status, 200);
      assert.equal(await old.text(), 'version one');
      const latest = await fetch(await link({ bucket, key }));
      assert.equal(await latest.text(), 'version two, longer');
    });

    it('combines with the download options', async () => {
      const header = contentDisposition('attachment', 'rapport é.txt');
      const response = await fetch(await link({ bucket, key, versionId: v1, responseContentDisposition: header, responseContentType: 'text/plain' }));
      assert.equal(response.headers.get('content-disposition'), header);
      assert.equal(response.headers.get('content-type'), 'text/plain');
      assert.equal(await response.text(), 'version one');
    });

    it('tampering the versionId fails', async () => {
      const url = await link({ bucket, key, versionId: v1 });
      const tampered = url.replace(`versionId=${encodeURIComponent(v1)}`, `versionId=${encodeURIComponent(v2)}`);
      assert.notEqual(tampered, url);
      const response = await fetch(tampered);
      assert.equal(response.status, 403);
      await response.arrayBuffer();
    });

    it('HeadObject checks the version: an existing one, and one that does not exist', async () => {
      assert.equal((await rgw.gateway.headObject(bucket, key, { versionId: v1 }))?.size, 'version one'.length);
      assert.equal(await rgw.gateway.headObject(bucket, key, { versionId: 'no-such-version-id' }), undefined);
    });

    it('pages through many versions with KeyMarker and VersionIdMarker, bounded by the limit', async () => {
      const pagedKey = 'paged.txt';
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.unshift((await put(bucket, pagedKey, `v${i}`)) ?? '');
      }
      const all = await rgw.gateway.listObjectVersions({ bucket, key: pagedKey, pageSize: 2 });
      assert.deepEqual(all.versions.map((v) => v.versionId), ids);
      assert.equal(all.truncated, false);
      const bounded = await rgw.gateway.listObjectVersions({ bucket, key: pagedKey, pageSize: 2, limit: 3 });
      assert.deepEqual(bounded.versions.map((v) => v.versionId), ids.slice(0, 3));
      assert.equal(bounded.truncated, true);
    });

    it('a delete marker is listed as such, and the version link still serves the old bytes', async () => {
      await rgw.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      const { versions } = await rgw.gateway.listObjectVersions({ bucket, key });
      assert.equal(versions[0].isDeleteMarker, true);
      assert.equal(versions[0].isLatest, true);
      assert.deepEqual(versions.slice(1).map((v) => v.versionId), [v2, v1]);
      const response = await fetch(await link({ bucket, key, versionId: v1 }));
      assert.equal(await response.text(), 'version one');
    });
  });

  it('a bucket without versioning lists the one version "null", and a link to it works', async () => {
    const key = `download-options/${randomUUID()}/plain.txt`;
    await put(BUCKET, key, 'only version');
    const { versions } = await rgw.gateway.listObjectVersions({ bucket: BUCKET, key });
    assert.deepEqual(versions.map((v) => [v.versionId, v.isLatest]), [['null', true]]);
    const response = await fetch(await link({ bucket: BUCKET, key, versionId: 'null' }));
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'only version');
  });
});
