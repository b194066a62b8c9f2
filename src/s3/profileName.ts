// Pure and SDK-free: the main bundle needs the active profile's name without loading the SDK (issue 6).

export const DEFAULT_PROFILE = 'default';

/** The profile to use: the setting, else `AWS_PROFILE`, else `default`. */
export function resolveProfileName(
  setting: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const fromSetting = setting?.trim();
  if (fromSetting) {
    return fromSetting;
  }
  const fromEnv = env.AWS_PROFILE?.trim();
  return fromEnv || DEFAULT_PROFILE;
}
