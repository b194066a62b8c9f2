// Two bundles: `extension.js` (activation; no AWS SDK) and `sdk.js` (the SDK and everything that
// talks to S3), required on first use so activation stays cheap (issue 6).
import * as esbuild from 'esbuild';

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
  const fs = await import('node:fs');
  fs.writeFileSync(`${outdir}/meta.json`, JSON.stringify(result.metafile));
}
