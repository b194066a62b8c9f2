// Profiles from the shared config and credentials files, read with the SDK's own loader so that
// AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, `[profile x]` prefixes and sub-sections behave
// exactly as they do for the credential providers.
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

export type ProfileKind = 'sso' | 'assumeRole' | 'process' | 'static' | 'other';

export interface ProfileInfo {
  name: string;
  region?: string;
  /** The profile's S3 endpoint: its `services` section's `s3.endpoint_url`, else its `endpoint_url`. */
  endpointUrl?: string;
  kind: ProfileKind;
  ssoSession?: string;
}

type Section = Record<string, string | undefined>;

// The loader keys non-profile sections as `sso-session.NAME` and `services.NAME`.
const SSO_SESSION_PREFIX = 'sso-session.';
const SERVICES_PREFIX = 'services.';

function isProfileKey(key: string): boolean {
  return !key.startsWith(SSO_SESSION_PREFIX) && !key.startsWith(SERVICES_PREFIX);
}

function kindOf(section: Section): ProfileKind {
  if (section.sso_session || section.sso_start_url) {
    return 'sso';
  }
  if (section.role_arn) {
    return 'assumeRole';
  }
  if (section.credential_process) {
    return 'process';
  }
  if (section.aws_access_key_id) {
    return 'static';
  }
  return 'other';
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The S3 endpoint a profile configures, honouring a `services` section over `endpoint_url`. */
export function profileEndpointUrl(
  configFile: Record<string, Section>,
  section: Section,
): string | undefined {
  const services = nonEmpty(section.services);
  if (services) {
    const fromServices = nonEmpty(configFile[SERVICES_PREFIX + services]?.['s3.endpoint_url']);
    if (fromServices) {
      return fromServices;
    }
  }
  return nonEmpty(section.endpoint_url);
}

function profileInfo(
  name: string,
  configFile: Record<string, Section>,
  credentialsFile: Record<string, Section>,
): ProfileInfo | undefined {
  const config = configFile[name];
  const credentials = credentialsFile[name];
  if (!config && !credentials) {
    return undefined;
  }
  // Both files may define the same profile; for credentials the credentials file wins, like the SDK.
  const merged: Section = { ...config, ...credentials };
  const info: ProfileInfo = { name, kind: kindOf(merged) };
  const region = nonEmpty(merged.region);
  if (region) {
    info.region = region;
  }
  const endpointUrl = profileEndpointUrl(configFile, merged);
  if (endpointUrl) {
    info.endpointUrl = endpointUrl;
  }
  const ssoSession = nonEmpty(merged.sso_session);
  if (ssoSession) {
    info.ssoSession = ssoSession;
  }
  return info;
}

export interface SharedConfig {
  configFile: Record<string, Section>;
  credentialsFile: Record<string, Section>;
}

/** Reads both shared files afresh (the loader caches reads unless told not to). */
export async function loadSharedConfig(): Promise<SharedConfig> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  return { configFile, credentialsFile };
}

/** Every profile of the shared config and credentials files, merged by name and sorted. */
export async function listProfiles(): Promise<ProfileInfo[]> {
  const { configFile, credentialsFile } = await loadSharedConfig();
  const names = new Set<string>();
  for (const key of Object.keys(configFile)) {
    if (isProfileKey(key)) {
      names.add(key);
    }
  }
  for (const key of Object.keys(credentialsFile)) {
    names.add(key);
  }
  const profiles: ProfileInfo[] = [];
  for (const name of names) {
    const info = profileInfo(name, configFile, credentialsFile);
    if (info) {
      profiles.push(info);
    }
  }
  return profiles.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
