/**
 * A throwaway AWS shared config + credentials pair for tests, demos and e2e runs: one profile per
 * seeded emulator account, all pointing at the emulator, plus deliberately broken profiles for the
 * error paths. Never touches ~/.aws.
 */
import * as crypto from 'crypto';
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
  /** Raw sections appended to the config file as they are (e.g. `[sso-session NAME]` blocks). */
  extraSections?: string[];
  /** More keys for the seeded profiles: name → key → value (e.g. a `services` section reference). */
  seededProfileExtras?: Record<string, Record<string, string>>;
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
        ...options.seededProfileExtras?.[a.profile],
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

  config.push(...(options.extraSections ?? []));

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

// ---- profiles that fail in particular ways (the fault suite), and the secret scan ----

/** Profiles written by {@link writeFaultProfiles}; each fails (or works) in one particular way. */
export const FAULT_PROFILES = {
  /** endpoint_url is a closed port on 127.0.0.1: ECONNREFUSED. */
  refused: 'refused-endpoint',
  /** endpoint_url host does not resolve (.invalid): ENOTFOUND. */
  dnsFail: 'dns-fail',
  /** No endpoint_url: the SDK's own AWS endpoint for the region (with a key AWS does not know). */
  awsEndpoint: 'aws-endpoint',
  /** credential_process exits 1 with a message on stderr. */
  processFails: 'cred-process-fails',
  /** credential_process never answers. */
  processHangs: 'cred-process-hangs',
  /** credential_process prints temporary credentials (with a session token) of the first seeded account. */
  processOk: 'cred-process-ok',
  /** Assume-role with source_profile = the first seeded profile and an mfa_serial: asks for a code. */
  mfaRole: 'mfa-role',
} as const;

export interface FaultProfilesOptions {
  /** Where the credential_process scripts are written. */
  dir: string;
  emulatorUrl: string;
  /** An http://127.0.0.1:PORT where nothing listens. */
  closedUrl: string;
  seed: SeedAccountsLike;
  /** The session token the working credential_process prints (a secret the logs must never show). */
  sessionToken: string;
}

function script(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o700 });
  return file;
}

/**
 * Writes the credential_process scripts into `dir` and returns the fault profiles, for
 * `writeAwsConfig(..., { extraProfiles })`.
 */
export function writeFaultProfiles(o: FaultProfilesOptions): Record<string, Record<string, string>> {
  fs.mkdirSync(o.dir, { recursive: true });
  const first = o.seed.accounts[0];
  const url = o.emulatorUrl.replace(/\/+$/, '');
  const region = first?.region ?? 'us-east-1';
  const keys = { aws_access_key_id: first.accessKeyId, aws_secret_access_key: first.secretAccessKey };
  const fails = script(o.dir, 'credential-process-fails.sh', 'echo "credential helper: your login has expired, run helper login" >&2\nexit 1');
  // Long enough to outlast any test; the process group dies with the test host.
  const hangs = script(o.dir, 'credential-process-hangs.sh', 'exec sleep 600');
  const ok = script(
    o.dir,
    'credential-process-ok.sh',
    `cat <<'JSON'\n${JSON.stringify({
      Version: 1,
      AccessKeyId: first.accessKeyId,
      SecretAccessKey: first.secretAccessKey,
      SessionToken: o.sessionToken,
      Expiration: new Date(Date.now() + 12 * 3600_000).toISOString(),
    })}\nJSON`,
  );
  return {
    [FAULT_PROFILES.refused]: { ...keys, region, endpoint_url: o.closedUrl },
    [FAULT_PROFILES.dnsFail]: { ...keys, region, endpoint_url: 'http://no-such-host.invalid:4566' },
    [FAULT_PROFILES.awsEndpoint]: { aws_access_key_id: BAD_ACCESS_KEY_ID, aws_secret_access_key: 'notARealSecretKeyForTheAppStreamEmulator0', region },
    [FAULT_PROFILES.processFails]: { credential_process: fails, region, endpoint_url: url },
    [FAULT_PROFILES.processHangs]: { credential_process: hangs, region, endpoint_url: url },
    [FAULT_PROFILES.processOk]: { credential_process: ok, region, endpoint_url: url },
    [FAULT_PROFILES.mfaRole]: {
      role_arn: `arn:aws:iam::${first.accountId ?? '111111111111'}:role/AppStreamImagesAdmin`,
      source_profile: first.profile,
      mfa_serial: `arn:aws:iam::${first.accountId ?? '111111111111'}:mfa/appstream-images-tester`,
      region,
      endpoint_url: url,
    },
  };
}

// ---- assume-role and SSO profiles (the credentials suite), served by the emulator's STS and SSO ----

/** Profiles written by {@link writeCredentialProfiles}. */
export const CREDENTIAL_PROFILES = {
  /** role_arn in the second seeded account (222222222222), source_profile = the first seeded profile. */
  roleProd: 'role-prod',
  /** role_arn in an account the emulator does not seed: STS answers AccessDenied. */
  roleBadAccount: 'role-bad-account',
  /** An sso_session profile for the first seeded account, with a valid token in HOME's SSO cache. */
  ssoDev: 'sso-dev',
} as const;

/** The sso-session of {@link CREDENTIAL_PROFILES.ssoDev}; its token cache file is named after it. */
export const SSO_SESSION_NAME = 'appstream-images-test';
export const SSO_START_URL = 'https://appstream-images-test.awsapps.com/start';
export const UNSEEDED_ACCOUNT_ID = '999999999999';

export interface CredentialProfilesOptions {
  emulatorUrl: string;
  seed: SeedAccountsLike;
  /** The HOME the SDK will see: the token goes to `<home>/.aws/sso/cache/<sha1(session)>.json`. */
  home: string;
  /** An SSO access token the emulator accepts (EMULATOR_SSO_TOKEN or one from state.mintSsoToken()). */
  ssoAccessToken: string;
  /** ISO time the cached token expires (default: in 12 hours). */
  ssoExpiresAt?: string;
}

/**
 * The SSO token cache file the SDK reads for an sso-session: `~/.aws/sso/cache/<sha1 of the
 * session name>.json` (for a legacy profile without sso_session: sha1 of sso_start_url), see
 * getSSOTokenFilepath in @smithy/shared-ini-file-loader (@smithy/core/config).
 */
export function ssoTokenCacheFile(home: string, sessionNameOrStartUrl: string): string {
  const name = crypto.createHash('sha1').update(sessionNameOrStartUrl).digest('hex');
  return path.join(home, '.aws', 'sso', 'cache', `${name}.json`);
}

/**
 * Writes the SSO token cache file and returns the role and SSO profiles (for `extraProfiles`)
 * and the `[sso-session]` section (for `extraSections`). The SDK's inner STS and SSO clients
 * must reach the emulator too: see {@link credentialServiceEnv}.
 */
export function writeCredentialProfiles(o: CredentialProfilesOptions): { profiles: Record<string, Record<string, string>>; sections: string[]; tokenFile: string } {
  const url = o.emulatorUrl.replace(/\/+$/, '');
  const first = o.seed.accounts[0];
  const second = o.seed.accounts[1] ?? first;
  const ssoRegion = first?.region ?? 'us-east-1';
  const tokenFile = ssoTokenCacheFile(o.home, SSO_SESSION_NAME);
  fs.mkdirSync(path.dirname(tokenFile), { recursive: true });
  fs.writeFileSync(tokenFile, JSON.stringify({
    startUrl: SSO_START_URL,
    region: ssoRegion,
    accessToken: o.ssoAccessToken,
    expiresAt: o.ssoExpiresAt ?? new Date(Date.now() + 12 * 3600_000).toISOString(),
  }), { mode: 0o600 });
  return {
    profiles: {
      [CREDENTIAL_PROFILES.roleProd]: {
        role_arn: `arn:aws:iam::${second.accountId ?? '222222222222'}:role/AppStreamAdmin`,
        source_profile: first.profile,
        region: second.region,
        endpoint_url: url,
      },
      [CREDENTIAL_PROFILES.roleBadAccount]: {
        role_arn: `arn:aws:iam::${UNSEEDED_ACCOUNT_ID}:role/AppStreamAdmin`,
        source_profile: first.profile,
        region: ssoRegion,
        endpoint_url: url,
      },
      [CREDENTIAL_PROFILES.ssoDev]: {
        sso_session: SSO_SESSION_NAME,
        sso_account_id: first.accountId ?? '111111111111',
        sso_role_name: 'AppStreamImagesTest',
        region: ssoRegion,
        endpoint_url: url,
      },
    },
    sections: [`[sso-session ${SSO_SESSION_NAME}]\nsso_start_url = ${SSO_START_URL}\nsso_region = ${ssoRegion}\nsso_registration_scopes = sso:account:access\n`],
    tokenFile,
  };
}

/**
 * A trap for credentials sent to the wrong endpoint: `[services NAME]` sending STS, SSO and SSO
 * OIDC to `trapUrl`. Given to the process-wide profile (AWS_PROFILE), it catches any inner client
 * that takes that profile's endpoints instead of its own profile's (the SDK's own look-up does).
 */
export function trapServicesSection(name: string, trapUrl: string): string {
  return `[services ${name}]\nsts =\n  endpoint_url = ${trapUrl}\nsso =\n  endpoint_url = ${trapUrl}\nsso_oidc =\n  endpoint_url = ${trapUrl}\n`;
}

/** Every secret a test run hands out: seeded key ids and secret keys, plus any extra (session tokens). */
export function secretsOf(seed: SeedAccountsLike, extra: string[] = []): { what: string; value: string }[] {
  return [
    ...seed.accounts.flatMap((a) => [
      { what: `access key id of ${a.profile}`, value: a.accessKeyId },
      { what: `secret access key of ${a.profile}`, value: a.secretAccessKey },
    ]),
    ...extra.map((value, i) => ({ what: `session token #${i + 1}`, value })),
  ].filter((s) => s.value.length >= 16);
}

export interface SecretLeak {
  file: string;
  what: string;
}

/**
 * Files under `roots` (folders are walked, files taken as they are) that contain any of `secrets`.
 * `inputs`: files the run wrote on purpose (e.g. the SSO token cache), not scanned.
 */
export function findSecretLeaks(roots: string[], secrets: { what: string; value: string }[], inputs: string[] = []): SecretLeak[] {
  const leaks: SecretLeak[] = [];
  const skip = new Set(inputs.map((f) => path.resolve(f)));
  const visit = (p: string): void => {
    if (skip.has(path.resolve(p))) {
      return;
    }
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p)) {
        visit(path.join(p, entry));
      }
      return;
    }
    if (!stat.isFile()) {
      return;
    }
    const text = fs.readFileSync(p).toString('latin1'); // byte-exact for ASCII secrets, whatever the encoding
    for (const s of secrets) {
      if (text.includes(s.value)) {
        leaks.push({ file: p, what: s.what });
      }
    }
  };
  roots.forEach(visit);
  return leaks;
}

// ---- an SSO session to add accounts from ("Add Accounts from SSO…"), served by the emulator's portal ----

export interface SsoDirectorySessionOptions {
  emulatorUrl: string;
  /** The HOME the SDK will see (its SSO token cache). */
  home: string;
  /** The `[sso-session NAME]`; the token cache file is named after it. */
  name: string;
  startUrl: string;
  ssoRegion: string;
  /** A token the emulator accepts; undefined: no cached token at all (never signed in). */
  accessToken?: string;
  /** ISO time the cached token expires (default: in 12 hours; a past time: expired). */
  expiresAt?: string;
  /** What `aws sso login` caches beside the token so the SDK can refresh it through SSO OIDC (the emulator's mintRefreshableSsoToken). */
  refresh?: { refreshToken: string; clientId: string; clientSecret: string; registrationExpiresAt: string };
}

/**
 * An `[sso-session]` whose accounts are not in any profile, with its token in HOME's SSO cache and
 * its endpoints in a `[services]` section it names (the portal, and AppStream and Service Quotas
 * for the accounts added from it): no process-wide AWS_ENDPOINT_URL_* variable. Returns the two
 * sections for `extraSections`, and the token file.
 */
export function writeSsoDirectorySession(o: SsoDirectorySessionOptions): { sections: string[]; tokenFile: string } {
  const url = o.emulatorUrl.replace(/\/+$/, '');
  const tokenFile = ssoTokenCacheFile(o.home, o.name);
  if (o.accessToken !== undefined) {
    fs.mkdirSync(path.dirname(tokenFile), { recursive: true });
    fs.writeFileSync(tokenFile, JSON.stringify({
      startUrl: o.startUrl,
      region: o.ssoRegion,
      accessToken: o.accessToken,
      expiresAt: o.expiresAt ?? new Date(Date.now() + 12 * 3600_000).toISOString(),
      ...(o.refresh ?? {}),
    }), { mode: 0o600 });
  }
  const services = `${o.name}-endpoints`;
  return {
    sections: [
      `[sso-session ${o.name}]\nsso_start_url = ${o.startUrl}\nsso_region = ${o.ssoRegion}\nsso_registration_scopes = sso:account:access\nservices = ${services}\n`,
      `[services ${services}]\nsso =\n  endpoint_url = ${url}\nsso_oidc =\n  endpoint_url = ${url}\nappstream =\n  endpoint_url = ${url}\nservice_quotas =\n  endpoint_url = ${url}\n`,
    ],
    tokenFile,
  };
}
