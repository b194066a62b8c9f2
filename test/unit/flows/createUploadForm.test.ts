// "Create Upload Form…" end to end against a FakeGateway: the prompts, the page in an editor, the
// policy that was signed, automation, and the refusals.
import * as assert from 'node:assert/strict';
import { createUploadForm, type UploadForm } from '../../../src/commands/createUploadForm';
import { formatDuration } from '../../../src/core/duration';
import { BucketNode, FolderNode, ObjectNode } from '../../../src/tree/nodes';
import { FakeGateway } from '../../fakes/fakeGateway';
import { parseFormPage } from '../../fixtures/formPage';
import { harness, settings, ui } from './harness';

const BUCKET = 'uploads';

class R2Gateway extends FakeGateway {
  override readonly endpoint = 'https://0123abcd.r2.cloudflarestorage.com';
}

function policyOf(form: UploadForm | undefined): { expiration: string; conditions: unknown[] } {
  assert.ok(form, 'a form was made');
  return JSON.parse(Buffer.from(form.fields.Policy, 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };
}

describe('flow: Create Upload Form…', () => {
  it('on a folder: keeps the file name under the folder, a size preset, a type prefix; the page opens as HTML', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    ui.answer(
      { type: (value) => value },
      { pick: '10 MB' },
      { pick: 'Starting with…' },
      { type: ' image/ ' },
      { pick: formatDuration(3600) },
      { button: 'Copy curl Command' },
    );
    const copied = ui.nextClipboardWrite();
    const form = await createUploadForm(h.services, h.explorer, new FolderNode(new BucketNode(BUCKET, false), 'in/box/'));

    assert.equal(ui.prompts[0].kind, 'inputBox');
    assert.equal(ui.prompts[0].value, 'in/box/${filename}');
    assert.deepEqual(ui.prompts[1].labels, ['10 MB', '100 MB', '1 GB', 'No limit', 'Custom…']);
    assert.deepEqual(ui.prompts[2].labels, ['Any Content-Type', 'Exactly…', 'Starting with…']);
    const policy = policyOf(form);
    assert.deepEqual(policy.conditions.slice(0, 2), [
      ['content-length-range', 0, 10 * 1024 ** 2],
      ['starts-with', '$Content-Type', 'image/'],
    ]);
    assert.deepEqual(policy.conditions.at(-1), ['starts-with', '$key', 'in/box/']);
    assert.deepEqual(h.gateway.calls, [`presignPost ${BUCKET} in/box/\${filename} 3600`]);

    assert.equal(ui.documents.length, 1);
    assert.equal(ui.documents[0].languageId, 'html');
    assert.equal(ui.documents[0].content, form!.html);
    const page = parseFormPage(form!.html);
    assert.equal(page.action, form!.url);
    assert.deepEqual(page.fields, Object.entries(form!.fields));
    assert.deepEqual(page.fields.slice(0, 2), [['key', 'in/box/${filename}'], ['Content-Type', 'image/']]);
    assert.ok(page.fileIsLast);
    assert.match(form!.html, /Maximum size: 10 MB\./);
    assert.match(ui.messagesOf('information')[0], /^Upload form for s3:\/\/uploads\/in\/box\/\$\{filename\} created: /);
    assert.equal(await copied, form!.curl);
    assert.match(form!.curl, /^curl --fail --globoff --form-string 'key=in\/box\/\$\{filename\}' .* -F 'file=@"FILE"' 'https:\/\/fake\.example\/uploads'$/);
  });

  it('from the palette: bucket, one exact key, a custom size, the guessed type', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: ['docs/old.pdf'] }));
    h.explorer.selected = new ObjectNode(new FolderNode(new BucketNode(BUCKET, false), 'docs/'), { key: 'docs/old.pdf', size: 1 });
    ui.answer(
      { pick: BUCKET },
      { type: 'docs/report.pdf' },
      { pick: 'Custom…' },
      { type: '2.5MB' },
      { pick: 'application/pdf' },
      { pick: formatDuration(900) },
    );
    const form = await createUploadForm(h.services, h.explorer, undefined);

    assert.equal(ui.prompts[1].value, 'docs/${filename}', "the selected object's folder is suggested");
    assert.deepEqual(ui.prompts[4].labels, ['application/pdf', 'Any Content-Type', 'Exactly…', 'Starting with…']);
    const policy = policyOf(form);
    assert.deepEqual(policy.conditions[0], ['content-length-range', 0, 2.5 * 1024 ** 2]);
    assert.deepEqual(policy.conditions.at(-1), { key: 'docs/report.pdf' });
    assert.ok(policy.conditions.some((c) => JSON.stringify(c) === '{"Content-Type":"application/pdf"}'));
    assert.equal(form!.fields['Content-Type'], 'application/pdf');
    assert.match(form!.html, /stored as s3:\/\/uploads\/docs\/report\.pdf, whatever its name/);
  });

  it('a prefix typed with a trailing slash, no limit and any type', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    ui.answer({ type: 'drop/' }, { pick: 'No limit' }, { pick: 'Any Content-Type' }, { pick: formatDuration(60) });
    const form = await createUploadForm(h.services, h.explorer, new BucketNode(BUCKET, false));
    const policy = policyOf(form);
    assert.ok(!policy.conditions.some((c) => Array.isArray(c) && c[0] === 'content-length-range'));
    assert.deepEqual(policy.conditions.at(-1), ['starts-with', '$key', 'drop/']);
    assert.equal(form!.fields['Content-Type'], 'application/octet-stream');
  });

  for (const [step, answers] of [
    ['the key', [{ cancel: true }]],
    ['the size', [{ type: 'a/${filename}' }, { cancel: true }]],
    ['the custom size', [{ type: 'a/${filename}' }, { pick: 'Custom…' }, { cancel: true }]],
    ['the type', [{ type: 'a/${filename}' }, { pick: '1 GB' }, { cancel: true }]],
    ['the exact type', [{ type: 'a/${filename}' }, { pick: '1 GB' }, { pick: 'Exactly…' }, { cancel: true }]],
    ['the expiry', [{ type: 'a/${filename}' }, { pick: '1 GB' }, { pick: 'Any Content-Type' }, { cancel: true }]],
  ] as const) {
    it(`cancelling ${step} signs and opens nothing`, async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: [] }));
      ui.answer(...answers);
      assert.equal(await createUploadForm(h.services, h.explorer, new BucketNode(BUCKET, false)), undefined);
      assert.deepEqual(h.gateway.calls, []);
      assert.equal(ui.documents.length, 0);
    });
  }

  it('from automation: no prompt, no editor, { url, fields, html, curl }', async () => {
    await settings();
    const h = harness(new FakeGateway({ [BUCKET]: [] }));
    ui.clipboard = 'before';
    const form = await createUploadForm(h.services, h.explorer, {
      bucket: BUCKET,
      prefix: 'in/',
      maxSize: '1MB',
      contentType: 'text/csv',
      expiresIn: 120,
    });
    assert.deepEqual(Object.keys(form ?? {}).sort(), ['curl', 'fields', 'html', 'url']);
    assert.equal(form!.url, `https://fake.example/${BUCKET}`);
    assert.equal(form!.fields.key, 'in/${filename}');
    assert.equal(form!.fields['Content-Type'], 'text/csv');
    assert.deepEqual(policyOf(form).conditions[0], ['content-length-range', 0, 1024 ** 2]);
    assert.deepEqual(h.gateway.calls, [`presignPost ${BUCKET} in/\${filename} 120`]);
    assert.equal(ui.prompts.length, 0);
    assert.equal(ui.documents.length, 0);
    assert.equal(ui.clipboard, 'before');
  });

  for (const [what, arg] of [
    ['key and prefix', { bucket: BUCKET, key: 'a', prefix: 'b/' }],
    ['a size with a unit of its own', { bucket: BUCKET, maxSize: '3 furlongs' }],
    ['a Content-Type with a line break', { bucket: BUCKET, contentType: 'text/plain\nX: 1' }],
    ['a string', 'uploads'],
  ] as const) {
    it(`from automation, ${what}: an error, undefined, nothing signed`, async () => {
      await settings();
      const h = harness(new FakeGateway({ [BUCKET]: [] }));
      assert.equal(await createUploadForm(h.services, h.explorer, arg), undefined);
      assert.match(ui.messagesOf('error')[0], /^Create Upload Form: /);
      assert.deepEqual(h.gateway.calls, []);
    });
  }

  it('Cloudflare R2: a message before any question, and for automation', async () => {
    await settings();
    const h = harness(new R2Gateway({ [BUCKET]: [] }));
    assert.equal(await createUploadForm(h.services, h.explorer, new BucketNode(BUCKET, false)), undefined);
    assert.equal(ui.prompts.length, 0);
    assert.match(ui.messagesOf('error')[0], /Cloudflare R2 does not support upload forms/);
    assert.equal(await createUploadForm(h.services, h.explorer, { bucket: BUCKET }), undefined);
    assert.equal(ui.messagesOf('error').length, 2);
    assert.deepEqual(h.gateway.calls, []);
  });

  it('temporary credentials: "Shorten to …" signs the form for what they have left', async () => {
    await settings();
    const gateway = new FakeGateway({ [BUCKET]: [] });
    gateway.credentialsExpireAt = new Date(Date.now() + 600_500);
    const h = harness(gateway);
    ui.answer({ type: 'a/${filename}' }, { pick: 'No limit' }, { pick: 'Any Content-Type' }, { pick: formatDuration(3600) }, { button: 'Shorten to 10 min' });
    const form = await createUploadForm(h.services, h.explorer, new BucketNode(BUCKET, false));
    assert.deepEqual(ui.messages.find((shown) => shown.modal)?.buttons, ['Shorten to 10 min', 'Copy Anyway']);
    assert.deepEqual(gateway.calls, [`presignPost ${BUCKET} a/\${filename} 3600`, `presignPost ${BUCKET} a/\${filename} 600`]);
    assert.ok(form);
  });

  it('temporary credentials, automation: warned, signed as asked, the page states the earlier end', async () => {
    await settings();
    const gateway = new FakeGateway({ [BUCKET]: [] });
    gateway.credentialsExpireAt = new Date(Date.UTC(2030, 0, 1, 12, 0, 0));
    gateway.now = () => new Date(Date.UTC(2030, 0, 1, 11, 0, 0));
    const h = harness(gateway);
    const form = await createUploadForm(h.services, h.explorer, { bucket: BUCKET, expiresIn: '7d' });
    assert.match(ui.messagesOf('warning')[0], /temporary credentials/);
    assert.match(form!.html, /works until 2030-01-01 12:00:00 UTC/);
  });
});
