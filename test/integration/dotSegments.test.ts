// Keys with `.` or `..` segments (issue 12): browsers, fetch and curl normalise such paths, so a link
// built the usual way names another object (`reports/../secret.txt` → `/bucket/secret.txt`). The links
// the extension copies put the key in one path segment (`%2F`), which radosgw (like S3) decodes before
// checking the signature. Decoys sit where a normalised path would land.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { useRigGateway } from './rig';

const PROFILE = 'rgw-dot-segments';
const BUCKET = 'presign-test';

describe('keys with dot segments on radosgw', function () {
  this.timeout(30_000);
  const rgw = useRigGateway(PROFILE);
  const base = `dots-${randomUUID()}`;

  async function put(key: string, body: string): Promise<void> {
    const link = await rgw.gateway.presign({ method: 'PUT', bucket: BUCKET, key, expiresIn: 600 });
    const res = await fetch(link.url, { method: 'PUT', body });
    assert.equal(res.status, 200, `PUT ${key}: ${await res.text()}`);
  }

  for (const [key, decoy] of [
    [`${base}/reports/../secret.txt`, `${base}/secret.txt`],
    [`${base}/a/./b.txt`, `${base}/a/b.txt`],
    [`${base}/x/..`, `${base}`],
  ]) {
    it(`a GET link for ${key.slice(base.length)} fetches that object, not ${decoy.slice(base.length) || 'the prefix'}`, async () => {
      await put(key, `the real ${key}`);
      await put(decoy, 'the decoy');
      const link = await rgw.gateway.presign({ method: 'GET', bucket: BUCKET, key, expiresIn: 600 });
      assert.ok(!/\/\.\.?(\/|\?|$)/.test(new URL(link.url).pathname), `no dot segment left for a client to normalise: ${link.url}`);
      // fetch parses the URL as a browser does (WHATWG), normalising any dot segment left in the path.
      const res = await fetch(link.url);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), `the real ${key}`);
    });
  }

  it('a PUT link for a dot-segment key stores under that exact key', async () => {
    const key = `${base}/up/../in.txt`;
    await put(key, 'uploaded through a dot-segment link');
    const head = await rgw.gateway.headObject(BUCKET, key);
    assert.ok(head, 'stored under the key with its dot segment');
    assert.equal(await rgw.gateway.headObject(BUCKET, `${base}/in.txt`), undefined, 'not under the normalised key');
  });
});
