// Loaded by mocha (test/unit/.mocharc.json) before the unit tests: `require('vscode')` anywhere,
// src/ included, gets the stub in ./vscode.ts. lazyStart.test.ts intercepts `vscode` earlier
// (Module._load) with its own stub for the bundled extension, so it is unaffected.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('node:module') as { _resolveFilename: (request: string, ...rest: unknown[]) => string };

const stubPath = require.resolve('./vscode');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request: string, ...rest: unknown[]): string {
  return request === 'vscode' ? stubPath : resolve.call(this, request, ...rest);
};
