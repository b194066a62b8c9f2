import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { Commands, ContextValues } from '../../src/ids';
import { FaultProxy } from '../integration/faultProxy';
import { internals, itemOf, labelOf, setSetting } from './helpers';

// Faults (issue 5) in the real extension host: the endpoint setting points at a fault-injecting proxy
// in front of radosgw; the tree shows an error item with Retry, and Retry lists the buckets once the
// fault clears.
suite('faults (fault-injecting proxy in front of radosgw)', () => {
  let proxy: FaultProxy;

  suiteSetup(async () => {
    const target = process.env.S3_TEST_ENDPOINT;
    assert.ok(target, 'S3_TEST_ENDPOINT is not set in the extension host');
    proxy = await FaultProxy.start(target);
    await internals();
  });

  suiteTeardown(async () => {
    await setSetting('endpoint', undefined);
    await proxy?.close();
  });

  for (const mode of ['slowDown503', 'down'] as const) {
    test(`${mode}: an error item with Retry, then the buckets after Retry once the fault clears`, async () => {
      const { explorer } = await internals();
      await proxy.setMode(mode);
      await setSetting('endpoint', proxy.url);
      try {
        const failed = await explorer.getChildren();
        const labels = failed.map(labelOf);
        assert.equal(itemOf(failed[0]).contextValue, ContextValues.message, labels.join(' | '));
        const expected = mode === 'down' ? /Cannot reach .*ECONNREFUSED/ : /throttling requests/;
        assert.match(labels[0], expected);
        const retryNode = failed.find((node) => labelOf(node) === 'Retry');
        const retry = retryNode && itemOf(retryNode);
        assert.ok(retry?.command, `no Retry in ${labels.join(' | ')}`);
        assert.equal(retry.command.command, Commands.refresh);

        await proxy.setMode('pass');
        await vscode.commands.executeCommand(retry.command.command, ...(retry.command.arguments ?? []));
        const recovered = (await explorer.getChildren()).map(labelOf);
        assert.ok(recovered.includes('presign-test'), recovered.join(' | '));
      } finally {
        await proxy.setMode('pass');
        await setSetting('endpoint', undefined);
      }
    });
  }
});
