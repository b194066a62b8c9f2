// Three bundles (issue 6): `extension.js` is what activation loads (wiring, tree, status bar); `sdk.js`
// (the AWS SDK and what talks to S3) and `commands.js` (what the commands do) are required on first
// use, by src/lazyBundles.ts.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--outdir=DIR`: build elsewhere (the lazy-start test and the benchmark), leaving dist/ alone.
const outdir = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length) || 'dist';

/**
 * `import * as vscode from 'vscode'` compiled as `import vscode = require('vscode')`. esbuild wraps
 * every ES import of a CommonJS module in `__toESM`, which copies the whole API object (about 300
 * properties) once per importing file while the bundle loads: 6 ms of activation for the 22 files
 * that import it (issue 6). The sources keep the usual form, which `npm run l10n` understands.
 */
const VSCODE_NAMESPACE_IMPORT = /^import \* as vscode from 'vscode';$/m;
const requireVscodeApi = {
  name: 'require-vscode-api',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      return { contents: source.replace(VSCODE_NAMESPACE_IMPORT, "import vscode = require('vscode');"), loader: 'ts' };
    });
  },
};

const options = {
  entryPoints: { extension: 'src/extension.ts', sdk: 'src/s3/sdkEntry.ts', commands: 'src/commands/lazyCommands.ts' },
  bundle: true,
  outdir,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // ESM builds of the SDK bundle smaller than its CommonJS ones.
  mainFields: ['module', 'main'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  plugins: [requireVscodeApi],
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  const result = await esbuild.build(options);
  fs.writeFileSync(`${outdir}/meta.json`, JSON.stringify(result.metafile));
}
