import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseExpiry } from '../../src/core/duration';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const properties = manifest.contributes.configuration.properties;

describe('package.json manifest: settings patterns, capabilities, icon', () => {
  it('the defaultExpiry pattern accepts what parseExpiry accepts and refuses an empty value', () => {
    const pattern = new RegExp(properties['s3Presign.defaultExpiry'].pattern);
    for (const value of ['3600', '90s', '15m', '2h30m', '7d', ' 1h ', '1d2h3m4s']) {
      assert.ok(pattern.test(value), `pattern refuses ${JSON.stringify(value)}`);
      assert.ok(parseExpiry(value).ok, `parseExpiry refuses ${JSON.stringify(value)}`);
    }
    for (const value of ['', '   ', 'h', '1x', '-5m']) {
      assert.ok(!pattern.test(value), `pattern accepts ${JSON.stringify(value)}`);
      assert.ok(!parseExpiry(value).ok, `parseExpiry accepts ${JSON.stringify(value)}`);
    }
  });

  it('declares how it behaves in untrusted and virtual workspaces', () => {
    const { untrustedWorkspaces, virtualWorkspaces } = manifest.capabilities;
    assert.equal(untrustedWorkspaces.supported, 'limited');
    // A workspace must not be able to point the user's credentials at another endpoint or profile.
    for (const setting of ['s3Presign.profile', 's3Presign.endpoint', 's3Presign.region']) {
      assert.ok(untrustedWorkspaces.restrictedConfigurations.includes(setting), setting);
    }
    assert.equal(virtualWorkspaces, true);
  });

  it('has a 128×128 PNG icon', () => {
    const png = fs.readFileSync(path.join(root, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(png.readUInt32BE(16), 128, 'width');
    assert.equal(png.readUInt32BE(20), 128, 'height');
  });
});
