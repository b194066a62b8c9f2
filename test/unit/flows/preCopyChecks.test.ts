import * as assert from 'node:assert/strict';
import { runPreCopyChecks } from '../../../src/commands/preCopyChecks';
import { Log } from '../../../src/ui/log';
import { FakeGateway } from '../../fakes/fakeGateway';

/** A gateway whose chosen calls never answer, like an endpoint behind a firewall that drops packets. */
function silent(gateway: FakeGateway, calls: ('headObject' | 'bucketRegion' | 'getBucketPolicy')[]): FakeGateway {
  for (const call of calls) {
    (gateway as unknown as Record<string, unknown>)[call] = () => new Promise(() => undefined);
  }
  return gateway;
}

const request = { method: 'GET' as const, bucket: 'b', key: 'a.txt', expiresIn: 600 };

describe('checks before copying a link (issue 12)', () => {
  it('run in parallel: the slowest check sets the time, not their sum', async () => {
    const gateway = new FakeGateway({ b: ['a.txt'] });
    const started: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    for (const call of ['headObject', 'bucketRegion', 'getBucketPolicy'] as const) {
      const original = gateway[call].bind(gateway) as (...args: unknown[]) => Promise<unknown>;
      (gateway as unknown as Record<string, unknown>)[call] = async (...args: unknown[]) => {
        started.push(call);
        await held;
        return original(...args);
      };
    }
    const checks = runPreCopyChecks(gateway, new Log(), request, 5_000);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(started.sort(), ['bucketRegion', 'getBucketPolicy', 'headObject'], 'all three started before any answered');
    release();
    const result = await checks;
    assert.deepEqual(result, { exists: true, region: 'us-east-1', policy: undefined, unchecked: [] });
  });

  it('give up together after the budget and say what went unchecked', async () => {
    const gateway = silent(new FakeGateway({ b: ['a.txt'] }), ['headObject', 'bucketRegion', 'getBucketPolicy']);
    const result = await runPreCopyChecks(gateway, new Log(), request, 50);
    assert.equal(result.exists, undefined);
    assert.equal(result.region, undefined, 'the link is then signed for the default region');
    assert.deepEqual(result.unchecked, ['that the object exists', "the bucket's region (signed for us-east-1)", "the bucket's policy"]);
  });

  it('name only the checks that did not answer', async () => {
    const gateway = silent(new FakeGateway({ b: [] }), ['getBucketPolicy']);
    const result = await runPreCopyChecks(gateway, new Log(), request, 50);
    assert.equal(result.exists, false, 'HeadObject answered: the object is missing');
    assert.deepEqual(result.unchecked, ["the bucket's policy"]);
  });

  it('stop at a bucket that does not exist, and only then', async () => {
    const missing = Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } });
    const gateway = new FakeGateway({ b: ['a.txt'] });
    gateway.bucketRegion = () => Promise.reject(missing);
    await assert.rejects(runPreCopyChecks(gateway, new Log(), request, 1_000), missing);
    gateway.bucketRegion = () => Promise.reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const result = await runPreCopyChecks(gateway, new Log(), request, 1_000);
    assert.equal(result.region, undefined);
    assert.deepEqual(result.unchecked, [], 'a failure is logged, not reported as "not answered in time"');
  });
});
