// The quick picks every command shares (src/ui/pickers.ts): a list that loads while it shows, and a
// typed value offered as an item of its own, refused with the reason when it cannot be used.
import * as assert from 'node:assert/strict';
import { pickBucket, pickOrType } from '../../../src/ui/pickers';
import { FakeGateway } from '../../fakes/fakeGateway';
import { harness, settings, ui } from './harness';

describe('flow: shared quick picks', () => {
  beforeEach(() => settings());

  it('pickBucket: the preferred bucket first, then the listed ones; picking one resolves to its name', async () => {
    const h = harness(new FakeGateway({ 'zeta-bucket': [], 'alpha-bucket': [] }));
    ui.answer({ pick: 'alpha-bucket' });
    assert.equal(await pickBucket(h.connection, ['opened-bucket'], 'zeta-bucket', 'Pick'), 'alpha-bucket');
    assert.deepEqual(ui.prompts[0].labels, ['zeta-bucket', 'alpha-bucket', 'opened-bucket']);
  });

  it('pickBucket: a typed name S3 would refuse is not accepted; the next valid one is', async () => {
    const h = harness(new FakeGateway({ 'listed-bucket': [] }));
    ui.answer({ type: 'Bad_Name!' }, { type: 's3://typed-bucket/some/prefix' });
    assert.equal(await pickBucket(h.connection, [], undefined, 'Pick'), 'typed-bucket');
  });

  it('pickBucket: without ListBuckets the opened buckets and typing still work', async () => {
    const gateway = new FakeGateway({ 'listed-bucket': [] });
    gateway.failures.listBuckets = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    const h = harness(gateway);
    ui.answer({ type: 'other-bucket' });
    assert.equal(await pickBucket(h.connection, ['opened-bucket'], undefined, 'Pick'), 'other-bucket');
    assert.deepEqual(ui.prompts[0].labels, ['opened-bucket'], 'what was offered before typing');
  });

  it('pickOrType: a loader that fails leaves what was offered; dismissing resolves to undefined', async () => {
    const offered = [{ label: 'kept' }];
    ui.answer({ pick: 'kept' });
    const picked = await pickOrType(offered, { title: 'T', placeholder: 'P', load: () => Promise.reject(new Error('offline')), typed: () => undefined });
    assert.equal(picked?.label, 'kept');
    ui.answer({ cancel: true });
    assert.equal(await pickOrType(offered, { title: 'T', placeholder: 'P', typed: (value) => ({ label: value }) }), undefined);
  });
});
