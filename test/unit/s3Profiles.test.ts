// Profiles read through the SDK's own loader from temp files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveProfileName } from '../../src/s3/profileName';
import { listProfiles } from '../../src/s3/profiles';
import { resolveConnection } from '../../src/s3/sdkGateway';

const CONFIG = `[default]
region = eu-west-1

[profile sso-new]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnly
region = us-east-2

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile sso-legacy]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
sso_account_id = 1
sso_role_name = r

[profile role]
role_arn = arn:aws:iam::111111111111:role/x
source_profile = default

[profile proc]
credential_process = /bin/true

[profile minio]
endpoint_url = http://127.0.0.1:9000
region = local

[profile svc]
endpoint_url = http://127.0.0.1:9000
services = local-s3

[services local-s3]
s3 =
  endpoint_url = http://127.0.0.1:9001

[profile ignoring]
endpoint_url = http://127.0.0.1:9000
ignore_configured_endpoint_urls = true
`;

const CREDENTIALS = `[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = secret

[keys-only]
aws_access_key_id = AKIDKEYS
aws_secret_access_key = secret
`;

describe('s3 profiles', () => {
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  const vars = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_REGION', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3-profiles-'));
    fs.writeFileSync(path.join(dir, 'config'), CONFIG);
    fs.writeFileSync(path.join(dir, 'credentials'), CREDENTIALS);
    for (const v of vars) {
      saved[v] = process.env[v];
      delete process.env[v];
    }
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
  });

  after(() => {
    for (const v of vars) {
      if (saved[v] === undefined) {
        delete process.env[v];
      } else {
        process.env[v] = saved[v];
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists profiles of both files, merged and sorted, with kind, region and endpoint', async () => {
    const profiles = await listProfiles();
    assert.deepEqual(
      profiles.map((p) => p.name),
      ['default', 'ignoring', 'keys-only', 'minio', 'proc', 'role', 'sso-legacy', 'sso-new', 'svc'],
    );
    const byName = new Map(profiles.map((p) => [p.name, p]));
    assert.deepEqual(byName.get('default'), { name: 'default', kind: 'static', region: 'eu-west-1' });
    assert.deepEqual(byName.get('sso-new'), { name: 'sso-new', kind: 'sso', region: 'us-east-2', ssoSession: 'corp' });
    assert.equal(byName.get('sso-legacy')?.kind, 'sso');
    assert.equal(byName.get('role')?.kind, 'assumeRole');
    assert.equal(byName.get('proc')?.kind, 'process');
    assert.equal(byName.get('keys-only')?.kind, 'static');
    assert.equal(byName.get('minio')?.endpointUrl, 'http://127.0.0.1:9000');
    assert.equal(byName.get('svc')?.endpointUrl, 'http://127.0.0.1:9001', 'services section wins');
  });

  it('rereads the files (no stale cache)', async () => {
    fs.appendFileSync(path.join(dir, 'config'), '\n[profile late]\nregion = ap-south-1\n');
    const profiles = await listProfiles();
    assert.equal(profiles.find((p) => p.name === 'late')?.region, 'ap-south-1');
  });

  it('resolveProfileName: setting, else AWS_PROFILE, else default', () => {
    assert.equal(resolveProfileName('work', { AWS_PROFILE: 'env' }), 'work');
    assert.equal(resolveProfileName('  ', { AWS_PROFILE: 'env' }), 'env');
    assert.equal(resolveProfileName(undefined, { AWS_PROFILE: 'env' }), 'env');
    assert.equal(resolveProfileName(undefined, {}), 'default');
    assert.equal(resolveProfileName('', { AWS_PROFILE: '' }), 'default');
  });

  it('connection: settings override the profile; a profile endpoint forces path style', async () => {
    assert.deepEqual(await resolveConnection({ profile: 'default' }, {}), {
      region: 'eu-west-1',
      endpoint: undefined,
      forcePathStyle: false,
    });
    assert.deepEqual(await resolveConnection({ profile: 'minio' }, {}), {
      region: 'local',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
    });
    assert.deepEqual(await resolveConnection({ profile: 'minio', region: 'eu-central-1', endpoint: 'https://s3.example.test' }, {}), {
      region: 'eu-central-1',
      endpoint: 'https://s3.example.test',
      forcePathStyle: true,
    });
    assert.deepEqual(await resolveConnection({ profile: 'keys-only', forcePathStyle: true }, {}), {
      region: 'us-east-1',
      endpoint: undefined,
      forcePathStyle: true,
    });
    assert.equal((await resolveConnection({ profile: 'svc' }, {})).endpoint, 'http://127.0.0.1:9001');
    assert.equal((await resolveConnection({ profile: 'ignoring' }, {})).endpoint, undefined);
    assert.equal((await resolveConnection({ profile: 'keys-only' }, { AWS_ENDPOINT_URL_S3: 'http://h:1' })).endpoint, 'http://h:1');
    await assert.rejects(resolveConnection({ profile: 'default', endpoint: 'not a url' }, {}), /Invalid S3 endpoint/);
  });
});
