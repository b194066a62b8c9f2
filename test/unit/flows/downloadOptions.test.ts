// Issue 14, download options and versions: the options step of "Copy Presigned Download Link…", its
// default setting, the automation contract, "Copy Link to Version…", and what the ledger keeps.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { copyGetUrl } from '../../../src/commands/copyGetUrl';
import { copyVersionLink } from '../../../src/commands/copyVersionLink';
import { regenerateLink, showActiveLinks } from '../../../src/commands/showActiveLinks';
import { formatDuration } from '../../../src/core/duration';
import { Settings } from '../../../src/ids';
import type { ObjectVersion } from '../../../src/s3/s3Gateway';
import { BucketNode, ObjectNode } from '../../../src/tree/nodes';
import { FakeGateway } from '../../fakes/fakeGateway';
import { type Harness, harness, onlyRecord, queryParam, settings, ui } from './harness';

const BUCKET = 'presign-test';
const KEY = 'logs/app.log';
const HOUR = { pick: formatDuration(3600) } as const;

function objectNode(key = KEY): ObjectNode {
  return new ObjectNode(new BucketNode(BUCKET, false), { key, size: 5 });
}

function setup(): Harness {
  return harness(new FakeGateway({ [BUCKET]: [KEY, 'docs/Résumé.pdf'] }));
}

const disposition = (url: string | undefined) => queryParam(url, 'response-content-disposition');

describe('flow: download options (issue 14)', () => {
  it('comes after the expiry: the plain link first (the default), Enter accepts it', async () => {
    await settings();
    const h = setup();
    ui.answer(HOUR, { pick: (item) => item === item });
    const url = await copyGetUrl(h.services, h.explorer, objectNode(), true);
    assert.deepEqual(ui.prompts[1].labels, ['$(link) Plain link', '$(desktop-download) Download as app.log', '$(globe) Open in browser', '$(edit) Download as…', '$(symbol-file) Content-Type…']);
    assert.equal(disposition(url), null);
    assert.equal(queryParam(url, 'response-content-type'), null);
    const record = await onlyRecord(h, url);
    assert.equal(record.download, undefined);
    assert.equal(record.responseContentDisposition, undefined);
  });

  for (const [choice, expected, download] of [
    ['Download as app.log', 'attachment; filename="app.log"', 'attachment'],
    ['Open in browser', 'inline; filename="app.log"', 'inline'],
  ] as const) {
    it(`"${choice}" signs response-content-disposition ${expected} and records it`, async () => {
      await settings();
      const h = setup();
      ui.answer(HOUR, { pick: choice });
      const url = await copyGetUrl(h.services, h.explorer, objectNode(), true);
      assert.equal(disposition(url), expected);
      const record = await onlyRecord(h, url);
      assert.equal(record.download, download);
      assert.equal(record.responseContentDisposition, expected);
      assert.match(ui.messagesOf('information')[0], download === 'inline' ? /^Share link for app\.log \(opens in the browser\) copied/ : /^Share link for app\.log \(downloads as "app\.log"\) copied/);
    });
  }

  it('"Download as…" asks for a name (the file name suggested) and encodes a unicode one per RFC 6266', async () => {
    await settings();
    const h = setup();
    ui.answer(HOUR, { pick: 'Download as…' }, { type: 'Übersicht "final".pdf' });
    const url = await copyGetUrl(h.services, h.explorer, objectNode(), true);
    assert.equal(ui.prompts[2].value, 'app.log');
    assert.equal(disposition(url), `attachment; filename="Ubersicht \\"final\\".pdf"; filename*=UTF-8''%C3%9Cbersicht%20%22final%22.pdf`);
    const record = await onlyRecord(h, url);
    assert.equal(record.filename, 'Übersicht "final".pdf');
  });

  it('"Content-Type…" asks for a type (guessed from the key), then for the disposition to go with it', async () => {
    await settings();
    const h = setup();
    ui.answer(HOUR, { pick: 'Content-Type…' }, { type: (guess) => `${guess}; charset=utf-8` }, { pick: 'Only the Content-Type' });
    const url = await copyGetUrl(h.services, h.explorer, objectNode(), true);
    assert.equal(ui.prompts[2].value, 'text/plain');
    assert.deepEqual(ui.prompts[3].labels, ['$(link) Only the Content-Type', '$(desktop-download) Download as app.log', '$(globe) Open in browser', '$(edit) Download as…']);
    assert.equal(queryParam(url, 'response-content-type'), 'text/plain; charset=utf-8');
    assert.equal(disposition(url), null);
    assert.equal((await onlyRecord(h, url)).responseContentType, 'text/plain; charset=utf-8');
  });

  it('a content type combines with a disposition', async () => {
    await settings();
    const h = setup();
    ui.answer(HOUR, { pick: 'Content-Type…' }, { type: 'text/plain' }, { pick: 'Open in browser' });
    const url = await copyGetUrl(h.services, h.explorer, objectNode(), true);
    assert.equal(queryParam(url, 'response-content-type'), 'text/plain');
    assert.equal(disposition(url), 'inline; filename="app.log"');
    assert.match(ui.messagesOf('information')[0], /\(opens in the browser, as text\/plain\)/);
  });

  for (const [what, script] of [
    ['the options step', [HOUR, { cancel: true }]],
    ['the name', [HOUR, { pick: 'Download as…' }, { cancel: true }]],
    ['the content type', [HOUR, { pick: 'Content-Type…' }, { cancel: true }]],
    ['the disposition after the content type', [HOUR, { pick: 'Content-Type…' }, { type: 'text/plain' }, { cancel: true }]],
  ] as const) {
    it(`Escape at ${what} copies nothing`, async () => {
      await settings();
      const h = setup();
      ui.clipboard = 'before';
      ui.answer(...script);
      assert.equal(await copyGetUrl(h.services, h.explorer, objectNode(), true), undefined);
      assert.equal(ui.clipboard, 'before');
      assert.deepEqual(h.ledger.all(), []);
      assert.ok(h.gateway.calls.every((call) => !call.startsWith('presign')), 'nothing was signed');
    });
  }

  describe('s3Presign.download.defaultDisposition', () => {
    for (const [setting, first, expected] of [
      ['attachment', '$(desktop-download) Download as app.log', 'attachment; filename="app.log"'],
      ['inline', '$(globe) Open in browser', 'inline; filename="app.log"'],
      ['none', '$(link) Plain link', null],
    ] as const) {
      it(`${setting}: offered first and marked default, and what the quick copy signs without asking`, async () => {
        await settings({ [Settings.defaultDisposition]: setting });
        const h = setup();
        ui.answer(HOUR, { pick: (item) => item.label === first });
        const asked = await copyGetUrl(h.services, h.explorer, objectNode(), true);
        assert.equal(ui.prompts[1].labels![0], first);
        assert.equal(disposition(asked), expected);
        const quick = await copyGetUrl(h.services, h.explorer, objectNode(), false);
        assert.equal(ui.prompts.length, 2, 'the quick copy asks nothing');
        assert.equal(disposition(quick), expected);
      });
    }

    it('an unknown value reads as none', async () => {
      await settings({ [Settings.defaultDisposition]: 'save' });
      const h = setup();
      assert.equal(disposition(await copyGetUrl(h.services, h.explorer, objectNode(), false)), null);
    });
  });

  describe('automation', () => {
    for (const [what, extra, check] of [
      ['download: attachment (the key\'s file name)', { download: 'attachment' }, (url: string) => assert.equal(disposition(url), 'attachment; filename="app.log"')],
      ['download: inline', { download: 'inline' }, (url: string) => assert.equal(disposition(url), 'inline; filename="app.log"')],
      ['a file name', { download: 'attachment', filename: '日志.txt' }, (url: string) => assert.equal(disposition(url), `attachment; filename="__.txt"; filename*=UTF-8''%E6%97%A5%E5%BF%97.txt`)],
      ['a content type', { responseContentType: 'text/plain' }, (url: string) => assert.equal(queryParam(url, 'response-content-type'), 'text/plain')],
      ['a version', { versionId: 'null' }, (url: string) => assert.equal(queryParam(url, 'versionId'), 'null')],
    ] as const) {
      it(`${what}: no prompt, signed and recorded`, async () => {
        await settings();
        const h = setup();
        const url = await copyGetUrl(h.services, h.explorer, { bucket: BUCKET, key: KEY, expiresIn: 600, ...extra }, true);
        assert.ok(url);
        check(url);
        assert.equal(ui.clipboard, url);
        assert.equal(ui.prompts.length, 0);
        await onlyRecord(h, url);
      });
    }

    for (const [what, extra, message] of [
      ['an unknown download value', { download: 'save' }, /"download" must be "attachment"/],
      ['a file name of spaces', { download: 'attachment', filename: '   ' }, /"filename" must name the file/],
      ['a file name of controls', { download: 'inline', filename: '\u0000\u001b' }, /"filename" must name the file/],
      ['a malformed content type', { responseContentType: 'plain text' }, /"responseContentType" must be a media type/],
      ['an empty version id', { versionId: '' }, /"versionId" must be the id of a version/],
    ] as const) {
      it(`${what}: a clear error, undefined, the clipboard untouched, nothing signed`, async () => {
        await settings();
        const h = setup();
        ui.clipboard = 'before';
        assert.equal(await copyGetUrl(h.services, h.explorer, { bucket: BUCKET, key: KEY, ...extra }, true), undefined);
        assert.equal(ui.clipboard, 'before');
        assert.equal(ui.messages.length, 1);
        assert.match(ui.messagesOf('error')[0], /^Copy Presigned Download Link: /);
        assert.match(ui.messagesOf('error')[0], message);
        assert.deepEqual(h.gateway.calls, []);
        assert.deepEqual(h.ledger.all(), []);
      });
    }

    it('a version is checked as that version before signing; a missing one warns', async () => {
      await settings();
      const h = setup();
      h.gateway.setVersions(BUCKET, KEY, [version('v2', true, 2), version('v1', false, 1)]);
      const url = await copyGetUrl(h.services, h.explorer, { bucket: BUCKET, key: KEY, versionId: 'v1' }, true);
      assert.ok(h.gateway.calls.includes(`headObject ${BUCKET} ${KEY} version v1`));
      assert.equal(queryParam(url, 'versionId'), 'v1');
      assert.deepEqual(ui.messagesOf('warning'), []);
      await copyGetUrl(h.services, h.explorer, { bucket: BUCKET, key: KEY, versionId: 'v9' }, true);
      assert.match(ui.messagesOf('warning')[0], /does not exist/);
    });
  });
});

function version(versionId: string, isLatest: boolean, day: number, isDeleteMarker = false): ObjectVersion {
  return { versionId, isLatest, isDeleteMarker, lastModified: new Date(2026, 0, day, 10, 30), size: isDeleteMarker ? undefined : day * 1024 };
}

describe('flow: Copy Link to Version… (issue 14)', () => {
  it('lists the versions newest first (date, size, latest), delete markers not selectable, then expiry and options', async () => {
    await settings();
    const h = setup();
    h.gateway.setVersions(BUCKET, KEY, [
      version('v3-aaaaaaaaaaaaaaaaaaaa', true, 4),
      version('dm-1', false, 3, true),
      version('v2', false, 2),
      version('v1', false, 1),
    ]);
    ui.answer({ pick: (item) => item.detail === 'version v2' }, HOUR, { pick: 'Download as app.log' });
    const url = await copyVersionLink(h.services, h.explorer, objectNode());

    assert.ok(h.gateway.calls.includes(`listObjectVersions ${BUCKET} ${KEY}`));
    assert.deepEqual(ui.prompts[0].labels, ['$(star-full) 2026-01-04 10:30', '$(history) 2026-01-02 10:30', '$(history) 2026-01-01 10:30'], 'the delete marker is no pickable item');
    assert.equal(queryParam(url, 'versionId'), 'v2');
    assert.equal(disposition(url), 'attachment; filename="app.log"');
    const record = await onlyRecord(h, url);
    assert.equal(record.versionId, 'v2');
    assert.equal(record.download, 'attachment');
    assert.ok(h.gateway.calls.includes(`headObject ${BUCKET} ${KEY} version v2`), 'that version was checked');
    assert.match(ui.messagesOf('information')[0], /^Share link for app\.log \(version v2, downloads as "app\.log"\) copied/);
  });

  it('shows the delete markers as separators and the sizes and "latest" as descriptions', async () => {
    await settings();
    const h = setup();
    h.gateway.setVersions(BUCKET, KEY, [version('dm-2', true, 5, true), version('v1', false, 1)]);
    const shown: { label: string; kind?: number; description?: string }[] = [];
    const original = vscode.window.showQuickPick;
    (vscode.window as { showQuickPick: unknown }).showQuickPick = async (items: readonly typeof shown[number][]) => {
      shown.push(...items);
      return undefined;
    };
    try {
      assert.equal(await copyVersionLink(h.services, h.explorer, objectNode()), undefined);
    } finally {
      (vscode.window as { showQuickPick: unknown }).showQuickPick = original;
    }
    assert.deepEqual(
      shown.map(({ label, kind, description }) => ({ label, separator: kind === vscode.QuickPickItemKind.Separator, description })),
      [
        { label: 'deleted 2026-01-05 10:30 · latest', separator: true, description: undefined },
        { label: '$(history) 2026-01-01 10:30', separator: false, description: '1.0 KB' },
      ],
    );
  });

  it('a bucket without versioning: says so, and still offers the one version', async () => {
    await settings();
    const h = setup();
    ui.answer({ pick: (item) => item.detail === 'version null' }, HOUR, { pick: 'Plain link' });
    const url = await copyVersionLink(h.services, h.explorer, objectNode());
    assert.match(ui.messagesOf('information')[0], /Bucket presign-test does not keep versions \(versioning is not enabled\)/);
    assert.equal(ui.prompts[0].labels?.length, 1);
    assert.equal(queryParam(url, 'versionId'), 'null');
  });

  it('only delete markers: a warning, no picker', async () => {
    await settings();
    const h = setup();
    h.gateway.setVersions(BUCKET, KEY, [version('dm', true, 2, true)]);
    assert.equal(await copyVersionLink(h.services, h.explorer, objectNode()), undefined);
    assert.match(ui.messagesOf('warning')[0], /has only delete markers/);
    assert.equal(ui.prompts.length, 0);
  });

  it('a listing that fails: the S3 error, nothing copied', async () => {
    await settings();
    const h = setup();
    h.gateway.failures.listObjectVersions = Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    ui.clipboard = 'before';
    assert.equal(await copyVersionLink(h.services, h.explorer, objectNode()), undefined);
    assert.equal(ui.messagesOf('error').length, 1);
    assert.equal(ui.clipboard, 'before');
  });

  it('Escape at the version, the expiry or the options copies nothing', async () => {
    await settings();
    const h = setup();
    h.gateway.setVersions(BUCKET, KEY, [version('v2', true, 2), version('v1', false, 1)]);
    for (const script of [[{ cancel: true }], [{ pick: (item: { detail?: string }) => item.detail === 'version v1' }, { cancel: true }], [{ pick: (item: { detail?: string }) => item.detail === 'version v1' }, HOUR, { cancel: true }]] as const) {
      ui.answer(...script);
      assert.equal(await copyVersionLink(h.services, h.explorer, objectNode()), undefined);
    }
    assert.deepEqual(h.ledger.all(), []);
  });

  it('without an object: the selected one, else a hint', async () => {
    await settings();
    const h = setup();
    assert.equal(await copyVersionLink(h.services, h.explorer, undefined), undefined);
    assert.match(ui.messagesOf('information')[0], /Select an object in the S3 view/);
    h.explorer.selected = objectNode();
    ui.answer({ pick: (item) => item.detail === 'version null' }, HOUR, { pick: 'Plain link' });
    assert.equal(queryParam(await copyVersionLink(h.services, h.explorer, undefined), 'versionId'), 'null');
  });

  it('automation: { bucket, key, versionId, expiresIn } signs that version; versionId is required', async () => {
    await settings();
    const h = setup();
    h.gateway.setVersions(BUCKET, KEY, [version('v2', true, 2), version('v1', false, 1)]);
    const url = await copyVersionLink(h.services, h.explorer, { bucket: BUCKET, key: KEY, versionId: 'v1', expiresIn: '15m' });
    assert.equal(queryParam(url, 'versionId'), 'v1');
    assert.equal(queryParam(url, 'X-Amz-Expires'), '900');
    assert.equal(ui.prompts.length, 0);
    ui.clipboard = 'before';
    assert.equal(await copyVersionLink(h.services, h.explorer, { bucket: BUCKET, key: KEY }), undefined);
    assert.match(ui.messagesOf('error')[0], /^Copy Link to Version: "versionId" is required/);
    assert.equal(await copyVersionLink(h.services, h.explorer, { bucket: BUCKET, key: KEY, versionId: '' }), undefined);
    assert.match(ui.messagesOf('error')[1], /"versionId" must be the id of a version/);
    assert.equal(ui.clipboard, 'before');
  });
});

describe('ledger: version and download options (issue 14)', () => {
  it('"Regenerate" signs the same version, disposition and content type again', async () => {
    await settings();
    const h = setup();
    const first = await copyGetUrl(h.services, h.explorer, { bucket: BUCKET, key: KEY, versionId: 'null', download: 'attachment', filename: 'ü.log', responseContentType: 'text/plain' }, true);
    const [record] = h.ledger.all();
    const again = await regenerateLink(h.services, record);
    assert.ok(again && again !== undefined);
    for (const name of ['versionId', 'response-content-disposition', 'response-content-type']) {
      assert.equal(queryParam(again, name), queryParam(first, name), name);
    }
    const records = h.ledger.all();
    assert.equal(records.length, 2);
    for (const kept of records) {
      assert.deepEqual(
        { versionId: kept.versionId, download: kept.download, filename: kept.filename, responseContentType: kept.responseContentType, responseContentDisposition: kept.responseContentDisposition },
        { versionId: 'null', download: 'attachment', filename: 'ü.log', responseContentType: 'text/plain', responseContentDisposition: `attachment; filename="u.log"; filename*=UTF-8''%C3%BC.log` },
      );
    }
  });

  it('Show Active Links shows the short version id and the options', async () => {
    await settings();
    const h = setup();
    h.gateway.setVersions(BUCKET, KEY, [version('3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY', true, 2)]);
    await copyGetUrl(h.services, h.explorer, { bucket: BUCKET, key: KEY, versionId: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY', download: 'inline' }, true);
    await copyGetUrl(h.services, h.explorer, { bucket: BUCKET, key: KEY }, true);
    ui.answer({ button: 'Copy Again', item: 'app.log' });
    await showActiveLinks(h.services);
    await ui.settled();
    const details = (ui.quickPick?.items ?? []).map((item) => item.detail ?? '');
    ui.quickPick?.hide();
    assert.equal(details.length, 2);
    assert.ok(details.some((detail) => /^GET · version 3HL4kqtJ…, opens in the browser · expires /.test(detail)), details.join('\n'));
    assert.ok(details.some((detail) => /^GET · expires /.test(detail)), details.join('\n'));
  });
});
