// Shared setup for the integration tests: the radosgw started by scripts/rgw.sh (its .rgw/env is
// sourced by the test script) and a temporary AWS config whose profile points at it, so the tests go
// through the same profile path as users (endpoint_url in ~/.aws/config).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Gateway } from '../../src/s3/s3Gateway';
import { createSdkGateway } from '../../src/s3/sdkGateway';
import { type SeedObject, seedBody, seedObjects } from '../fixtures/seedData';

export { seedBody, seedObjects };

// The SDK warns on Node < 22 (still supported); keep the test output readable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface RigConfig {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  roleArn: string;
}

/** The rig's settings; throws (the suite fails, never skips) when the server is not configured. */
export function rigConfig(): RigConfig {
  const env = process.env;
  const missing = ['S3_TEST_ENDPOINT', 'S3_TEST_ACCESS_KEY', 'S3_TEST_SECRET_KEY'].filter((v) => !env[v]);
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} not set: start the test S3 with \`bash scripts/rgw.sh start\` and source .rgw/env`,
    );
  }
  return {
    endpoint: env.S3_TEST_ENDPOINT as string,
    accessKeyId: env.S3_TEST_ACCESS_KEY as string,
    secretAccessKey: env.S3_TEST_SECRET_KEY as string,
    region: env.S3_TEST_REGION || 'us-east-1',
    roleArn: env.S3_TEST_ROLE_ARN || 'arn:aws:iam:::role/presign-test',
  };
}

const AWS_VARS = [
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_S3',
];

export interface TempAwsConfig {
  dir: string;
  restore(): void;
}

/**
 * A shared config with `profile` pointing at `endpoint` (the radosgw, or a proxy in front of it) with
 * the rig's keys: the path a user's profile takes, `endpoint_url` included.
 */
export function useRigProfile(rig: RigConfig, profile: string, endpoint = rig.endpoint): TempAwsConfig {
  return useTempAwsConfig(
    `[profile ${profile}]\nregion = ${rig.region}\nendpoint_url = ${endpoint}\n`,
    `[${profile}]\naws_access_key_id = ${rig.accessKeyId}\naws_secret_access_key = ${rig.secretAccessKey}\n`,
  );
}

/** Writes config + credentials files into a temp dir and points the SDK at them. */
export function useTempAwsConfig(config: string, credentials: string): TempAwsConfig {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3-presign-aws-'));
  const saved = new Map(AWS_VARS.map((v) => [v, process.env[v]]));
  for (const v of AWS_VARS) {
    delete process.env[v];
  }
  fs.writeFileSync(path.join(dir, 'config'), config);
  fs.writeFileSync(path.join(dir, 'credentials'), credentials);
  process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
  return {
    dir,
    restore() {
      for (const [v, value] of saved) {
        if (value === undefined) {
          delete process.env[v];
        } else {
          process.env[v] = value;
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The seeded body of BUCKET/KEY (from seedData.json). */
export function seededBody(bucket: string, key: string): string {
  const object = seedObjects(bucket).find((o) => o.key === key);
  if (!object) {
    throw new Error(`${bucket}/${key} is not in seedData.json`);
  }
  return seedBody(object);
}

export function awkwardKeys(): SeedObject[] {
  return seedObjects('presign-test').filter((o) => o.awkward);
}

/** `X-Amz-Signature` with its last hex digit changed. */
export function tamperSignature(url: string): string {
  return url.replace(/(X-Amz-Signature=[0-9a-f]*)([0-9a-f])/, (_m, head: string, last: string) => head + (last === '0' ? '1' : '0'));
}

/** A plain SDK client with the rig's keys: what S3 really stores, checked apart from the gateway under test. */
export function rigS3Client(rig: RigConfig): S3Client {
  return new S3Client({
    region: rig.region,
    endpoint: rig.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: rig.accessKeyId, secretAccessKey: rig.secretAccessKey },
  });
}

/** What a suite talking to radosgw uses; filled in by the `before` hook `useRigGateway` registers. */
export interface RigSuite {
  rig: RigConfig;
  /** Our gateway on a temporary profile that points at radosgw: the path a user's profile takes. */
  gateway: S3Gateway;
  /** A plain SDK client with the rig's keys, to arrange and inspect what the tests check. */
  s3: S3Client;
}

/**
 * Registers the suite's `before` and `after` hooks: a temporary profile `profile` pointing at radosgw,
 * our gateway on it and a plain client; all of it undone after the suite.
 */
export function useRigGateway(profile: string): RigSuite {
  const suite = {} as RigSuite;
  let aws: TempAwsConfig | undefined;
  before(async () => {
    suite.rig = rigConfig();
    aws = useRigProfile(suite.rig, profile);
    suite.gateway = await createSdkGateway({ profile });
    suite.s3 = rigS3Client(suite.rig);
  });
  after(() => {
    suite.gateway?.dispose();
    suite.s3?.destroy();
    aws?.restore();
  });
  return suite;
}

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program (bash with a handed-out command or script, curl) in `cwd` and resolves to its exit
 * code and output: a non-zero exit is a result to assert on; only not finishing within `timeoutMs`
 * rejects. A proxy configured on the machine must not sit between it and the local radosgw.
 */
export function runProcess(file: string, args: string[], cwd: string, timeoutMs = 30_000): Promise<ProcessResult> {
  const host = new URL(rigConfig().endpoint).hostname;
  const env = { ...process.env, no_proxy: host, NO_PROXY: host };
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, env, timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        const why = error.killed ? `killed after ${timeoutMs} ms` : error.message;
        reject(new Error(`${file} ${args.join(' ')} did not finish (${why}): ${stderr}`));
        return;
      }
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}
