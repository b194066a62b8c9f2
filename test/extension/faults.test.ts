import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { Commands, ContextValues } from '../../src/ids';
import { FaultProxy, type FaultMode, unresolvableEndpoint } from '../integration/faultProxy';
import { internals, itemOf, labelOf, runWithClipboard, setSetting } from './helpers';

// Faults (issues 5 and 12) in the real extension host: the endpoint setting points at a fault-injecting
// proxy in front of radosgw. The tree shows an error item with Retry (never an endless spinner) within
// the request time-out, Retry lists the buckets once the fault clears, and a link is still copied
// while S3 does not answer (signing is local).
const REQUEST_TIMEOUT_S = 2;
/** Each case must settle within its bound: the request time-out plus room for a loaded machine. */
const BOUND_MS = REQUEST_TIMEOUT_S * 1000 + 8000;

suite('faults (fault-injecting proxy in front of radosgw)', () => {
  let proxy: FaultProxy;

  suiteSetup(async () => {
    const target = process.env.S3_TEST_ENDPOINT;
    assert.ok(target, 'S3_TEST_ENDPOINT is not set in the extension host');
    proxy = await FaultProxy.start(target);
    await internals();
    await setSetting('requestTimeout', REQUEST_TIMEOUT_S);
  });

  suiteTeardown(async () => {
    await setSetting('endpoint', undefined);
    await setSetting('requestTimeout', undefined);
    await proxy?.close();
  });

  /** Resolves to what `promise` gave, or fails the test when it does not settle within the bound. */
  function settles<T>(promise: Thenable<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not settle within ${BOUND_MS} ms`)), BOUND_MS);
    });
    return Promise.race([Promise.resolve(promise), bound]).finally(() => clearTimeout(timer));
  }

  const cases: { mode: FaultMode | 'unresolvable'; message: RegExp }[] = [
    { mode: 'slowDown503', message: /throttling requests/ },
    { mode: 'down', message: /Cannot reach .*ECONNREFUSED/ },
    { mode: 'hang', message: /No answer from .* within 2 s/ },
    { mode: 'drip', message: /No answer from .* within 2 s/ },
    { mode: 'unresolvable', message: /could not be resolved/ },
  ];

  for (const { mode, message } of cases) {
    test(`${mode}: an error item with Retry within the bound, then the buckets after Retry once the fault clears`, async function () {
      this.timeout(4 * BOUND_MS);
      const { explorer } = await internals();
      if (mode === 'unresolvable') {
        await setSetting('endpoint', unresolvableEndpoint());
      } else {
        await proxy.setMode(mode);
        await setSetting('endpoint', proxy.url);
      }
      try {
        const failed = await settles(explorer.getChildren(), 'listing the buckets');
        const labels = failed.map(labelOf);
        assert.equal(itemOf(failed[0]).contextValue, ContextValues.message, labels.join(' | '));
        assert.match(labels[0], message);
        const retryNode = failed.find((node) => labelOf(node) === 'Retry');
        const retry = retryNode && itemOf(retryNode);
        assert.ok(retry?.command, `no Retry in ${labels.join(' | ')}`);
        assert.equal(retry.command.command, Commands.refresh);

        await proxy.setMode('pass');
        await setSetting('endpoint', proxy.url);
        await vscode.commands.executeCommand(retry.command.command, ...(retry.command.arguments ?? []));
        const recovered = (await explorer.getChildren()).map(labelOf);
        assert.ok(recovered.includes('presign-test'), recovered.join(' | '));
      } finally {
        await proxy.setMode('pass');
        await setSetting('endpoint', undefined);
      }
    });
  }

  for (const mode of ['hang', 'drip'] as const) {
    test(`${mode}: "Copy Presigned Download Link" still copies a link, within the checks' budget`, async function () {
      this.timeout(4 * BOUND_MS);
      await proxy.setMode(mode);
      await setSetting('endpoint', proxy.url);
      try {
        const run = await settles(
          runWithClipboard<string | undefined>(Commands.copyGetUrl, { bucket: 'presign-test', key: 'hello.txt', expiresIn: 600 }),
          'copying a link',
        );
        assert.ok(run.result, 'a URL was returned');
        assert.equal(run.clipboard, run.result);
        await proxy.setMode('pass');
        // Signed for the proxy's host, which forwards requests unchanged: the link works once S3 answers.
        assert.equal(await (await fetch(run.result)).text(), 'Hello, S3 Presign!\n');
      } finally {
        await proxy.setMode('pass');
        await setSetting('endpoint', undefined);
      }
    });
  }
});
