// The .vsix a user installs (issue 7): only what the extension needs, small, no vsce warnings,
// installable with `code-server --install-extension`, and it activates.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildVsix, REPO_ROOT, zipEntries } from './harness';
import { sharedWorkbench } from './shared';

const MAX_VSIX_BYTES = 400 * 1024;

describe('packaging: the .vsix', function () {
  this.timeout(240_000);

  it('is built by `vsce package --no-dependencies` without warnings', () => {
    const { output } = buildVsix();
    assert.doesNotMatch(output, /WARNING|allow-missing-repository|\bLICENSE\b.*not found/i, output);
    assert.match(output, /DONE\s+Packaged/, output);
  });

  it('holds exactly the files the extension needs', () => {
    const expected = [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/package.json',
      'extension/package.nls.json',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/LICENSE.txt',
      'extension/dist/extension.js',
      'extension/dist/sdk.js',
      'extension/media/icon.png',
      'extension/media/s3.svg',
      ...(fs.existsSync(path.join(REPO_ROOT, 'l10n'))
        ? fs.readdirSync(path.join(REPO_ROOT, 'l10n')).filter((f) => /^bundle\.l10n(\.[\w-]+)?\.json$/.test(f)).map((f) => `extension/l10n/${f}`)
        : []),
    ].sort();
    assert.deepEqual(zipEntries(buildVsix().file).sort(), expected);
  });

  it(`stays under ${MAX_VSIX_BYTES / 1024} KB`, () => {
    const size = fs.statSync(buildVsix().file).size;
    assert.ok(size < MAX_VSIX_BYTES, `the .vsix is ${(size / 1024).toFixed(1)} KB`);
  });

  it('installs into code-server with --install-extension and activates (the S3 view lists the buckets)', async () => {
    const workbench = await sharedWorkbench();
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const installed = path.join(workbench.server.extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
    assert.ok(fs.existsSync(path.join(installed, 'dist', 'extension.js')), `not installed in ${installed}`);
    assert.ok(!fs.lstatSync(installed).isSymbolicLink(), 'installed from the .vsix, not linked');
    const { ui } = workbench;
    await ui.openS3View();
    for (const bucket of ['big-bucket', 'my.dotted.bucket', 'presign-test']) {
      await ui.treeRow(bucket, 1).waitFor();
    }
  });
});
