// Two bundles (issue 11): `extension.js` is what activation loads (wiring, tree, status bar and every
// command's code); `sdk.js` (everything that imports the AWS SDK) is required on first use by loadSdk()
// in src/s3/loadSdk.ts.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--outdir=DIR`: build elsewhere (the lazy-start test and the benchmark), leaving dist/ alone.
const outdir = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length) || 'dist';

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
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  const result = await esbuild.build(options);
  fs.writeFileSync(`${outdir}/meta.json`, JSON.stringify(result.metafile));
}
