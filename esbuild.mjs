// Two bundles (issue 11): `extension.js` is what activation loads (wiring, tree, status bar and every
// command's code); `sdk.js` (everything that imports the AWS SDK) is required on first use by loadSdk()
// in src/s3/loadSdk.ts.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--outdir=DIR`: build elsewhere (the lazy-start test and the benchmark), leaving dist/ alone.
const outdir = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length) || 'dist';

/**
 * `import * as vscode from 'vscode'` compiled as `import vscode = require('vscode')`, and the same for
 * `@vscode/l10n`. esbuild wraps every ES import of a CommonJS module in `__toESM`, which copies the
 * module's properties once per importing file while the bundle loads: for the VS Code API (about 300
 * properties, imported by most files) that is several milliseconds of every activation (issue 6; kept in
 * issue 11 because `npm run bench` still shows it). The sources keep the usual form, which
 * `npm run l10n` understands.
 */
const COMMONJS_NAMESPACE_IMPORT = /^import \* as (vscode|l10n) from '(vscode|@vscode\/l10n)';$/gm;
const requireCommonJsNamespaces = {
  name: 'require-commonjs-namespaces',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      return { contents: source.replace(COMMONJS_NAMESPACE_IMPORT, "import $1 = require('$2');"), loader: 'ts' };
    });
  },
};

const options = {
  entryPoints: { extension: 'src/extension.ts', sdk: 'src/s3/sdkEntry.ts' },
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
  plugins: [requireCommonJsNamespaces],
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  const result = await esbuild.build(options);
  fs.writeFileSync(`${outdir}/meta.json`, JSON.stringify(result.metafile));
}
