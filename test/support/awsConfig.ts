/**
 * A throwaway AWS shared config + credentials pair for tests, demos and e2e runs: one profile per
 * seeded emulator account, all pointing at the emulator, plus deliberately broken profiles for the
 * error paths. Never touches ~/.aws.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The part of the emulator seed (`test/emulator/seed.json`) this needs. */
export interface SeedAccountsLike {
  accounts: ReadonlyArray<{
    profile: string;
    accountId?: string;
    accessKeyId: string;
    secretAccessKey: string;
    region: string;
  }>;
}

/** Profiles that exist to fail; each fails differently. */
export const BROKEN_PROFILES = {
  /** region + endpoint_url but no credentials anywhere: "Could not resolve credentials". */
  noCreds: 'broken-no-creds',
  /** An SSO profile whose token is not cached (HOME is a temp dir): SSO token missing/expired. */
  expiredSso: 'expired-sso',
  /** Well-formed keys the emulator does not know: it refuses (UnrecognizedClientException). */
  badKey: 'bad-key',
} as const;

export const BAD_ACCESS_KEY_ID = 'AKIAUNKNOWNTESTKEY00';

export interface AwsConfigFiles {
  /** For AWS_CONFIG_FILE. */
  configFile: string;
  /** For AWS_SHARED_CREDENTIALS_FILE. */
  credentialsFile: string;
  /** The seeded (working) profiles, in seed order. */
  profiles: string[];
  /** Every profile written, working ones first. */
  allProfiles: string[];
}

export interface WriteAwsConfigOptions {
  /** More `[profile NAME]` sections for the config file: name → key → value. */
  extraProfiles?: Record<string, Record<string, string>>;
  /** Leave the broken profiles out. */
  omitBrokenProfiles?: boolean;
}

function section(header: string, entries: Record<string, string | undefined>): string {
  const lines = Object.entries(entries)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k} = ${v}`);
  return `[${header}]\n${lines.join('\n')}\n`;
}

/**
 * Writes `<dir>/config` and `<dir>/credentials` (dir is created) and returns their paths.
 * `emulatorUrl` becomes every profile's `endpoint_url` (the extension reads it per profile).
 */
export function writeAwsConfig(
  dir: string,
  emulatorUrl: string,
  seed: SeedAccountsLike,
  options: WriteAwsConfigOptions = {},
): AwsConfigFiles {
  fs.mkdirSync(dir, { recursive: true });
  const url = emulatorUrl.replace(/\/+$/, '');
  const config: string[] = ['# Written by test/support/awsConfig.ts for a test run; points at the AppStream emulator.\n'];
  const credentials: string[] = ['# Written by test/support/awsConfig.ts for a test run.\n'];
  const profiles = seed.accounts.map((a) => a.profile);
  const allProfiles = [...profiles];

  for (const a of seed.accounts) {
    config.push(
      section(`profile ${a.profile}`, {
        aws_access_key_id: a.accessKeyId,
        aws_secret_access_key: a.secretAccessKey,
        region: a.region,
        endpoint_url: url,
      }),
    );
  }

  if (!options.omitBrokenProfiles) {
    const region = seed.accounts[0]?.region ?? 'us-east-1';
    const accountId = seed.accounts[0]?.accountId ?? '111111111111';
    config.push(section(`profile ${BROKEN_PROFILES.noCreds}`, { region, endpoint_url: url }));
    config.push(
      section(`profile ${BROKEN_PROFILES.expiredSso}`, {
        sso_start_url: 'https://appstream-images-test.awsapps.com/start',
        sso_region: region,
        sso_account_id: accountId,
        sso_role_name: 'AppStreamImagesTest',
        region,
        endpoint_url: url,
      }),
    );
    // Keys in the credentials file, region/endpoint in config: the SDK merges the two files.
    config.push(section(`profile ${BROKEN_PROFILES.badKey}`, { region, endpoint_url: url }));
    credentials.push(
      section(BROKEN_PROFILES.badKey, {
        aws_access_key_id: BAD_ACCESS_KEY_ID,
        aws_secret_access_key: 'notARealSecretKeyForTheAppStreamEmulator0',
      }),
    );
    allProfiles.push(BROKEN_PROFILES.noCreds, BROKEN_PROFILES.expiredSso, BROKEN_PROFILES.badKey);
  }

  for (const [name, entries] of Object.entries(options.extraProfiles ?? {})) {
    config.push(section(`profile ${name}`, entries));
    allProfiles.push(name);
  }

  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  fs.writeFileSync(configFile, config.join('\n'), { mode: 0o600 });
  fs.writeFileSync(credentialsFile, credentials.join('\n'), { mode: 0o600 });
  return { configFile, credentialsFile, profiles, allProfiles };
}

/**
 * Environment for a process that should see only this config: the files, a profile, a HOME of
 * its own (no real ~/.aws, no SSO token cache) and no instance-metadata look-ups.
 */
export function awsEnv(files: AwsConfigFiles, home: string, profile = files.profiles[0]): Record<string, string> {
  return {
    AWS_CONFIG_FILE: files.configFile,
    AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile,
    AWS_PROFILE: profile,
    HOME: home,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** Removes variables from `env` that would make the SDK ignore the config files (keys, SSO, role, region). */
export function withoutAmbientAws(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (/^AWS_/.test(k)) {
      continue;
    }
    out[k] = v;
  }
  return out;
}
