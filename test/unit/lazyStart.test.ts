// Activation loads no AWS SDK code and makes no network call, and the bundles stay within budget
// (issues 6 and 11). Builds the production bundles into a temp dir with the project's own esbuild.mjs, then loads
// dist/extension.js in this plain Node process with a stub `vscode` and calls activate(). In-process
// and first, unlike an extension-host test where other suites may already have loaded the SDK.
import * as assert from 'node:assert/strict';
import * as childProcess from 'node:child_process';
import type * as Dns from 'node:dns';
import * as fs from 'node:fs';
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import type * as Net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');
/** Budgets of issue 11 (KB = 1024 bytes). */
export const MAIN_BUNDLE_MAX_BYTES = 150 * 1024;
export const SDK_BUNDLE_MAX_BYTES = 560 * 1024;

// The CommonJS module objects themselves (an `import *` namespace is read-only), to patch them.
/* eslint-disable @typescript-eslint/no-require-imports */
const net = require('node:net') as typeof Net;
const dns = require('node:dns') as typeof Dns;
const http = require('node:http') as typeof Http;
const https = require('node:https') as typeof Https;
/* eslint-enable @typescript-eslint/no-require-imports */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('node:module') as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };

/**
 * A `vscode` that answers everything: any property is another stub, callable and constructible;
 * the few values activation reads (configuration, events, disposables, l10n) are real.
 */
function stubVscode(): unknown {
  const disposable = { dispose: () => undefined };
  const event = () => disposable;
  const deep = (name: string): unknown => {
    const assigned = new Map<PropertyKey, unknown>();
    return new Proxy(function stub() {}, {
      set: (_target, property, value) => {
        assigned.set(property, value);
        return true;
      },
      get: (_target, property) => {
        if (assigned.has(property)) {
          return assigned.get(property);
        }
        if (property === 'then') {
          return undefined; // not a thenable
        }
        if (property === Symbol.toPrimitive) {
          return () => name;
        }
        if (property === 'dispose') {
          return () => undefined;
        }
        if (typeof property === 'string' && property.startsWith('onDid')) {
          return event;
        }
        return deep(`${name}.${String(property)}`);
      },
      apply: () => deep(`${name}()`),
      construct: () => deep(`new ${name}`) as object,
    });
  };
  class EventEmitter {
    event = event;
    fire(): void {}
    dispose(): void {}
  }
  class TreeItem {
    constructor(
      public label: unknown,
      public collapsibleState?: number,
    ) {}
  }
  const overrides: Record<string, unknown> = {
    EventEmitter,
    TreeItem,
    Disposable: class {
      static from = () => disposable;
      dispose(): void {}
    },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    l10n: { bundle: undefined, t: (message: string) => message },
    workspace: new Proxy(
      {
        getConfiguration: () => ({ get: (_key: string, fallback?: unknown) => fallback, update: async () => undefined }),
      },
      { get: (target, property) => (property in target ? target[property as 'getConfiguration'] : typeof property === 'string' && property.startsWith('onDid') ? event : deep(`workspace.${String(property)}`)) },
    ),
  };
  // esbuild's interop copies the module's own properties: name every namespace activation may use.
  const namespaces = ['window', 'commands', 'env', 'extensions', 'languages', 'authentication', 'tasks', 'Uri', 'ThemeIcon',
    'ThemeColor', 'MarkdownString', 'ProgressLocation', 'QuickPickItemKind', 'ConfigurationTarget', 'InputBoxValidationSeverity',
    'TreeItemCheckboxState', 'CancellationTokenSource', 'Range', 'Position', 'Selection', 'ViewColumn', 'RelativePattern'];
  const stub: Record<string, unknown> = { ...overrides };
  for (const name of namespaces) {
    stub[name] ??= deep(name);
  }
  return stub;
}

function memento(): unknown {
  const values = new Map<string, unknown>();
  return {
    get: (key: string, fallback?: unknown) => (values.has(key) ? values.get(key) : fallback),
    update: async (key: string, value: unknown) => void values.set(key, value),
    keys: () => [...values.keys()],
    setKeysForSync: () => undefined,
  };
}

function fakeContext(dir: string): { subscriptions: { dispose(): unknown }[] } & Record<string, unknown> {
  const secrets = new Map<string, string>();
  return {
    subscriptions: [],
    globalState: memento(),
    workspaceState: memento(),
    secrets: {
      get: async (key: string) => secrets.get(key),
      store: async (key: string, value: string) => void secrets.set(key, value),
      delete: async (key: string) => void secrets.delete(key),
      keys: async () => [...secrets.keys()],
      onDidChange: () => ({ dispose: () => undefined }),
    },
    extensionPath: REPO_ROOT,
    extensionUri: { fsPath: REPO_ROOT },
    globalStorageUri: { fsPath: dir },
    logUri: { fsPath: dir },
    extensionMode: 3,
  };
}

const SDK_MODULE = /@aws-sdk|@smithy|@aws-crypto|(^|[\\/])sdk(\.js)?$|sdkEntry/;

describe('lazy start', function () {
  this.timeout(60_000);
  let outdir: string;
  let meta: { outputs: Record<string, { bytes: number; inputs: Record<string, unknown> }> };

  before(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 's3p-lazy-'));
    childProcess.execFileSync(process.execPath, ['esbuild.mjs', '--production', `--outdir=${outdir}`], { cwd: REPO_ROOT, stdio: 'pipe' });
    meta = JSON.parse(fs.readFileSync(path.join(outdir, 'meta.json'), 'utf8'));
  });

  after(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  function output(name: string): { bytes: number; inputs: string[] } {
    const entry = Object.entries(meta.outputs).find(([file]) => path.basename(file) === name);
    assert.ok(entry, `${name} not built`);
    return { bytes: entry[1].bytes, inputs: Object.keys(entry[1].inputs) };
  }

  it(`keeps the minified main bundle within ${MAIN_BUNDLE_MAX_BYTES / 1024} KB, with no SDK or bowser code`, () => {
    const main = output('extension.js');
    const offenders = main.inputs.filter((input) => /node_modules[\\/](@aws-sdk|@smithy|@aws-crypto|bowser)/.test(input));
    assert.deepEqual(offenders, []);
    assert.ok(main.bytes <= MAIN_BUNDLE_MAX_BYTES, `dist/extension.js is ${main.bytes} bytes (> ${MAIN_BUNDLE_MAX_BYTES})`);
  });

  it(`keeps the SDK bundle within ${SDK_BUNDLE_MAX_BYTES / 1024} KB, without bowser`, () => {
    const sdk = output('sdk.js');
    assert.deepEqual(sdk.inputs.filter((input) => /bowser/.test(input)), []);
    assert.ok(sdk.bytes <= SDK_BUNDLE_MAX_BYTES, `dist/sdk.js is ${sdk.bytes} bytes (> ${SDK_BUNDLE_MAX_BYTES})`);
  });

  it('activates without requiring the SDK bundle, any SDK module, or the network', async () => {
    const requests: string[] = [];
    const network: string[] = [];
    const vscodeStub = stubVscode();
    const originalLoad = Module._load;
    Module._load = function (request: string, parent: unknown, isMain: boolean) {
      requests.push(request);
      return request === 'vscode' ? vscodeStub : originalLoad.call(this, request, parent, isMain);
    };
    const originals = {
      connect: net.Socket.prototype.connect,
      lookup: dns.lookup,
      httpRequest: http.request,
      httpsRequest: https.request,
    };
    const record = (what: string) => () => {
      network.push(what);
      throw new Error(`network access during activation: ${what}`);
    };
    net.Socket.prototype.connect = record('net.connect') as never;
    (dns as { lookup: unknown }).lookup = record('dns.lookup');
    (http as { request: unknown }).request = record('http.request');
    (https as { request: unknown }).request = record('https.request');
    const context = fakeContext(outdir);
    const mainPath = path.join(outdir, 'extension.js');
    const sdkPath = path.join(outdir, 'sdk.js');
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const extension = require(mainPath) as { activate(context: unknown): { explorer: unknown } };
      const internals = extension.activate(context);
      assert.ok(internals.explorer, 'activate() returned its internals');
      // Let whatever activation started asynchronously (ledger pruning, status bar) run.
      for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.ok(context.subscriptions.length > 10, 'commands and views were registered');
    } finally {
      Module._load = originalLoad;
      net.Socket.prototype.connect = originals.connect;
      (dns as { lookup: unknown }).lookup = originals.lookup;
      (http as { request: unknown }).request = originals.httpRequest;
      (https as { request: unknown }).request = originals.httpsRequest;
      for (const subscription of context.subscriptions) {
        subscription.dispose();
      }
      delete require.cache[mainPath];
    }
    assert.ok(requests.includes('vscode'), 'the stub was used');
    assert.deepEqual(requests.filter((request) => SDK_MODULE.test(request)), [], 'SDK modules required during activation');
    assert.equal(require.cache[sdkPath], undefined, 'dist/sdk.js was loaded during activation');
    assert.deepEqual(network, []);
    // The SDK bundle sits next to the main one, where loadSdk() looks for it on first use.
    assert.ok(fs.existsSync(sdkPath));
    const required = Object.keys(require.cache).filter((file) => file.startsWith(outdir));
    assert.deepEqual(required, []);
  });
});
