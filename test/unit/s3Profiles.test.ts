// Profiles read through the SDK's own loader from temp files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveProfileName } from '../../src/s3/profileName';
import { listProfiles } from '../../src/s3/profiles';
import { createSdkGateway, resolveConnection } from '../../src/s3/sdkGateway';

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

[profile gov]
region = us-gov-west-1
use_fips_endpoint = true
use_dualstack_endpoint = true

[profile no-fips]
region = eu-west-1
use_fips_endpoint = false
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
  const vars = [
    'AWS_CONFIG_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_PROFILE',
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_S3',
    'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
    'AWS_USE_FIPS_ENDPOINT',
    'AWS_USE_DUALSTACK_ENDPOINT',
  ];

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
      ['default', 'gov', 'ignoring', 'keys-only', 'minio', 'no-fips', 'proc', 'role', 'sso-legacy', 'sso-new', 'svc'],
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
      useFipsEndpoint: false,
      useDualstackEndpoint: false,
    });
    assert.deepEqual(await resolveConnection({ profile: 'minio' }, {}), {
      region: 'local',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      useFipsEndpoint: false,
      useDualstackEndpoint: false,
    });
    assert.deepEqual(await resolveConnection({ profile: 'minio', region: 'eu-central-1', endpoint: 'https://s3.example.test' }, {}), {
      region: 'eu-central-1',
      endpoint: 'https://s3.example.test',
      forcePathStyle: true,
      useFipsEndpoint: false,
      useDualstackEndpoint: false,
    });
    assert.deepEqual(await resolveConnection({ profile: 'keys-only', forcePathStyle: true }, {}), {
      region: 'us-east-1',
      endpoint: undefined,
      forcePathStyle: true,
      useFipsEndpoint: false,
      useDualstackEndpoint: false,
    });
    assert.equal((await resolveConnection({ profile: 'svc' }, {})).endpoint, 'http://127.0.0.1:9001');
    assert.equal((await resolveConnection({ profile: 'ignoring' }, {})).endpoint, undefined);
    assert.equal((await resolveConnection({ profile: 'keys-only' }, { AWS_ENDPOINT_URL_S3: 'http://h:1' })).endpoint, 'http://h:1');
    await assert.rejects(resolveConnection({ profile: 'default', endpoint: 'not a url' }, {}), /Invalid S3 endpoint/);
  });

  describe('precedence like the SDK: settings, then environment, then profile, then defaults (issue 12)', () => {
    it('region: AWS_REGION over the profile; the setting over both; AWS_DEFAULT_REGION only as a default', async () => {
      assert.equal((await resolveConnection({ profile: 'default' }, { AWS_REGION: 'ap-south-1' })).region, 'ap-south-1');
      assert.equal((await resolveConnection({ profile: 'minio' }, { AWS_REGION: 'ap-south-1' })).region, 'ap-south-1');
      assert.equal(
        (await resolveConnection({ profile: 'default', region: 'ca-central-1' }, { AWS_REGION: 'ap-south-1' })).region,
        'ca-central-1',
      );
      assert.equal((await resolveConnection({ profile: 'default' }, { AWS_REGION: '  ' })).region, 'eu-west-1');
      // The SDK v3 reads AWS_DEFAULT_REGION nowhere: the profile wins over it, our default does not.
      assert.equal((await resolveConnection({ profile: 'default' }, { AWS_DEFAULT_REGION: 'sa-east-1' })).region, 'eu-west-1');
      assert.equal((await resolveConnection({ profile: 'keys-only' }, { AWS_DEFAULT_REGION: 'sa-east-1' })).region, 'sa-east-1');
      assert.equal((await resolveConnection({ profile: 'keys-only' }, {})).region, 'us-east-1');
    });

    it('endpoint: AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL, over the profile; the setting over all', async () => {
      const both = { AWS_ENDPOINT_URL_S3: 'http://s3-only:1', AWS_ENDPOINT_URL: 'http://all:2' };
      assert.equal((await resolveConnection({ profile: 'minio' }, both)).endpoint, 'http://s3-only:1');
      assert.equal((await resolveConnection({ profile: 'minio' }, { AWS_ENDPOINT_URL: 'http://all:2' })).endpoint, 'http://all:2');
      assert.equal((await resolveConnection({ profile: 'svc' }, { AWS_ENDPOINT_URL: 'http://all:2' })).endpoint, 'http://all:2');
      assert.equal(
        (await resolveConnection({ profile: 'minio', endpoint: 'http://explicit:3' }, both)).endpoint,
        'http://explicit:3',
      );
      assert.equal((await resolveConnection({ profile: 'minio' }, { AWS_ENDPOINT_URL_S3: '' })).endpoint, 'http://127.0.0.1:9000');
    });

    it('ignore_configured_endpoint_urls: environment over profile; never ignores the setting', async () => {
      const env = { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', AWS_ENDPOINT_URL_S3: 'http://s3-only:1' };
      assert.equal((await resolveConnection({ profile: 'minio' }, env)).endpoint, undefined);
      assert.equal((await resolveConnection({ profile: 'minio', endpoint: 'http://explicit:3' }, env)).endpoint, 'http://explicit:3');
      assert.equal(
        (await resolveConnection({ profile: 'ignoring' }, { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' })).endpoint,
        'http://127.0.0.1:9000',
      );
    });

    it('FIPS and dual-stack: environment over profile, refused values ignored, off with a custom endpoint', async () => {
      const flags = async (profile: string, env: NodeJS.ProcessEnv, endpoint?: string): Promise<[boolean, boolean]> => {
        const c = await resolveConnection({ profile, endpoint }, env);
        return [c.useFipsEndpoint, c.useDualstackEndpoint];
      };
      assert.deepEqual(await flags('gov', {}), [true, true]);
      assert.deepEqual(await flags('default', { AWS_USE_FIPS_ENDPOINT: 'true' }), [true, false]);
      assert.deepEqual(await flags('default', { AWS_USE_DUALSTACK_ENDPOINT: 'true' }), [false, true]);
      assert.deepEqual(await flags('gov', { AWS_USE_FIPS_ENDPOINT: 'false', AWS_USE_DUALSTACK_ENDPOINT: 'false' }), [false, false]);
      assert.deepEqual(await flags('no-fips', { AWS_USE_FIPS_ENDPOINT: 'true' }), [true, false]);
      // The SDK's chain skips a value its boolean selector refuses and reads the profile instead.
      assert.deepEqual(await flags('gov', { AWS_USE_FIPS_ENDPOINT: 'yes' }), [true, true]);
      assert.deepEqual(await flags('default', { AWS_USE_FIPS_ENDPOINT: 'yes' }), [false, false]);
      // FIPS and dual-stack name AWS hosts; the SDK refuses them with a custom endpoint.
      assert.deepEqual(await flags('gov', {}, 'http://127.0.0.1:9000'), [false, false]);
      assert.deepEqual(await flags('minio', { AWS_USE_FIPS_ENDPOINT: 'true' }), [false, false]);
    });

    it('links are signed for the FIPS dual-stack host the listing uses', async () => {
      const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
      const gov = await createSdkGateway({ profile: 'gov' }, { credentials, resolveBucketRegions: false });
      try {
        const link = await gov.presign({ method: 'GET', bucket: 'presign-test', key: 'k', expiresIn: 60 });
        assert.equal(new URL(link.url).host, 'presign-test.s3-fips.dualstack.us-gov-west-1.amazonaws.com');
        const listing = await (gov as unknown as { client(): { config: { useFipsEndpoint(): Promise<boolean>; useDualstackEndpoint(): Promise<boolean> } } })
          .client()
          .config;
        assert.deepEqual([await listing.useFipsEndpoint(), await listing.useDualstackEndpoint()], [true, true]);
        process.env.AWS_USE_FIPS_ENDPOINT = 'true';
        const fips = await createSdkGateway({ profile: 'default' }, { credentials, resolveBucketRegions: false });
        const fipsLink = await fips.presign({ method: 'GET', bucket: 'presign-test', key: 'k', expiresIn: 60 });
        assert.equal(new URL(fipsLink.url).host, 'presign-test.s3-fips.eu-west-1.amazonaws.com');
        fips.dispose();
      } finally {
        delete process.env.AWS_USE_FIPS_ENDPOINT;
        gov.dispose();
      }
    });
  });
});
