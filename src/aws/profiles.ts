import * as path from 'path';
import * as fs from 'fs/promises';
import { loadSharedConfigFiles, getHomeDir } from '@smithy/shared-ini-file-loader';
import type { ParsedIniData } from '@smithy/types';
import type { CredentialKind, ProfileCatalog, ProfileInfo, SsoSource } from './types';
import { ssoProfileName, type SsoAccountEntry } from './ssoNames';

/**
 * The services a profile's requests go to, by their key in a `services` section (the SDK's
 * service id, lower case, spaces as `_`). Env vars are `AWS_ENDPOINT_URL_` + the key upper-cased.
 */
type EndpointService = 'appstream' | 'sts' | 'sso' | 'sso_oidc' | 'service_quotas';

/** The HOME of `env` (as the SDK's getHomeDir reads it from process.env), else the process's. */
function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME || env.USERPROFILE || getHomeDir();
}

export function configFilePath(env: NodeJS.ProcessEnv): string {
  return env.AWS_CONFIG_FILE || path.join(homeDir(env), '.aws', 'config');
}

export function credentialsFilePath(env: NodeJS.ProcessEnv): string {
  return env.AWS_SHARED_CREDENTIALS_FILE || path.join(homeDir(env), '.aws', 'credentials');
}


/**
 * Reads every profile of the shared config and credentials files with the SDK's own loader.
 * The SDK resolves endpoint_url only for the process-wide profile, so we resolve it here per
 * profile, following the precedence AWS documents for service-specific endpoints.
 */
export async function loadProfiles(env: NodeJS.ProcessEnv, ssoAccounts: readonly SsoAccountEntry[] = []): Promise<ProfileCatalog> {
  const configFile = configFilePath(env);
  const credentialsFile = credentialsFilePath(env);
  const { configFile: config, credentialsFile: credentials } = await loadSharedConfigFiles({
    configFilepath: configFile,
    filepath: credentialsFile,
    ignoreCache: true,
  });
  const problems = [
    ...(await findIgnoredLines(configFile)),
    ...(await findIgnoredLines(credentialsFile)),
  ];

  const names = new Set<string>();
  for (const key of Object.keys(config)) {
    // The loader names [sso-session x] and [services x] sections "sso-session.x" / "services.x";
    // every other key is a profile, dots included ([profile acme.prod]).
    if (!key.startsWith('sso-session.') && !key.startsWith('services.')) {
      names.add(key);
    }
  }
  for (const key of Object.keys(credentials)) {
    names.add(key);
  }

  const profiles = [...names].sort().map((name) => describeProfile(name, config, credentials, env));
  const ssoSources = findSsoSources(config, profiles, env);
  for (const entry of ssoAccounts) {
    const name = ssoProfileName(entry);
    if (names.has(name)) {
      problems.push(`The SSO account ${name} of appstreamImages.ssoAccounts has the name of a profile of ${configFile}; that profile is shown.`);
      continue;
    }
    profiles.push(describeSsoAccount(name, entry, ssoSources, configFile, env));
  }
  return { configFile, credentialsFile, profiles, problems, ssoSources };
}

/** The [sso-session] sections, then the legacy SSO profiles (sso_start_url, no sso_session). */
function findSsoSources(config: ParsedIniData, profiles: ProfileInfo[], env: NodeJS.ProcessEnv): SsoSource[] {
  const source = (kind: SsoSource['kind'], name: string, section: Record<string, string | undefined>): SsoSource => {
    const problems = ['sso_start_url', 'sso_region'].filter((k) => !section[k]).map((k) => `${kind === 'session' ? 'sso-session' : 'Profile'} "${name}" has no ${k}.`);
    return {
      kind,
      name,
      startUrl: section.sso_start_url,
      ssoRegion: section.sso_region,
      registrationScopes: section.sso_registration_scopes,
      endpoints: {
        appstream: resolveEndpoint('appstream', section, config, env),
        sso: resolveEndpoint('sso', section, config, env),
        sts: resolveEndpoint('sts', section, config, env),
        serviceQuotas: resolveEndpoint('service_quotas', section, config, env),
        ssoOidc: resolveEndpoint('sso_oidc', section, config, env),
      },
      problems,
    };
  };
  const sessions = Object.keys(config)
    .filter((key) => key.startsWith('sso-session.'))
    .sort()
    .map((key) => source('session', key.slice('sso-session.'.length), config[key] ?? {}));
  const legacy = profiles
    .filter((p) => config[p.name]?.sso_start_url && !config[p.name]?.sso_session)
    .map((p) => source('profile', p.name, config[p.name] ?? {}));
  return [...sessions, ...legacy];
}

/** An account added from an SSO session: a profile of its own, from the setting and its session's values. */
function describeSsoAccount(name: string, entry: SsoAccountEntry, sources: SsoSource[], configFile: string, env: NodeJS.ProcessEnv): ProfileInfo {
  const source = entry.ssoSession !== undefined
    ? sources.find((s) => s.kind === 'session' && s.name === entry.ssoSession)
    : sources.find((s) => s.kind === 'profile' && s.name === entry.ssoProfile);
  const problems = source
    ? source.problems
    : [
        entry.ssoSession !== undefined
          ? `The SSO account ${name} comes from sso-session "${entry.ssoSession}", which is not in ${configFile}.`
          : `The SSO account ${name} comes from profile "${entry.ssoProfile ?? ''}", which is not an SSO profile of ${configFile}.`,
      ];
  const fallback: SsoSource = { kind: entry.ssoSession !== undefined ? 'session' : 'profile', name: entry.ssoSession ?? entry.ssoProfile ?? '', endpoints: {}, problems };
  const s = source ?? fallback;
  return {
    name,
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || entry.region || s.ssoRegion || undefined,
    endpointUrl: s.endpoints.appstream,
    endpoints: { sts: s.endpoints.sts, sso: s.endpoints.sso, serviceQuotas: s.endpoints.serviceQuotas },
    credentialKind: 'sso',
    usesMfa: false,
    definedIn: ['setting'],
    problems,
    // Cached credentials are stale once the entry or its session's values change.
    fingerprint: JSON.stringify([name, entry, s]),
    ssoAccount: { ...entry, source: s },
  };
}

function describeProfile(
  name: string,
  config: ParsedIniData,
  credentials: ParsedIniData,
  env: NodeJS.ProcessEnv,
): ProfileInfo {
  // Credentials file values win over config file values, as in the SDK.
  const merged = { ...(config[name] ?? {}), ...(credentials[name] ?? {}) };
  const definedIn: ProfileInfo['definedIn'] = [];
  if (config[name]) {
    definedIn.push('config');
  }
  if (credentials[name]) {
    definedIn.push('credentials');
  }
  return {
    name,
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || merged.region || undefined,
    endpointUrl: resolveEndpoint('appstream', merged, config, env),
    endpoints: {
      sts: resolveEndpoint('sts', merged, config, env),
      sso: resolveEndpoint('sso', merged, config, env),
      serviceQuotas: resolveEndpoint('service_quotas', merged, config, env),
      ssoOidc: resolveEndpoint('sso_oidc', merged, config, env),
    },
    ssoTokenProfile: ssoTokenProfileOf(name, config, credentials),
    credentialKind: credentialKindOf(merged),
    usesMfa: Boolean(merged.mfa_serial),
    definedIn,
    problems: findProfileProblems(name, config, credentials),
    fingerprint: fingerprintOf(name, config, credentials),
  };
}

/**
 * Everything the SDK reads to resolve this profile's credentials: its sections, its
 * source_profile chain and its sso-session. A change of it (and only that) makes cached
 * credentials of the profile stale.
 */
function fingerprintOf(name: string, config: ParsedIniData, credentials: ParsedIniData): string {
  const parts: unknown[] = [];
  for (const [current, section] of sourceChain(name, config, credentials)) {
    parts.push(current, config[current] ?? null, credentials[current] ?? null);
    if (section.sso_session) {
      parts.push(config[`sso-session.${section.sso_session}`] ?? null);
    }
  }
  return JSON.stringify(parts);
}

/** The profile whose [sso-session] token `name`'s credentials come from: itself, or the end of its source_profile chain. */
function ssoTokenProfileOf(name: string, config: ParsedIniData, credentials: ParsedIniData): string | undefined {
  let last: [string, Record<string, string | undefined>] | undefined;
  for (const link of sourceChain(name, config, credentials)) {
    last = link;
  }
  // A chain that ends at a role (credential_source, a web identity, a loop) has no SSO source.
  return last && !last[1].role_arn && last[1].sso_session ? last[0] : undefined;
}

/** A profile, then the profiles its role's source_profile chain goes through (a loop ends it), each with its merged section. */
function* sourceChain(name: string, config: ParsedIniData, credentials: ParsedIniData): Generator<[string, Record<string, string | undefined>]> {
  const seen = new Set<string>();
  let current: string | undefined = name;
  while (current && !seen.has(current)) {
    seen.add(current);
    const section: Record<string, string | undefined> = { ...(config[current] ?? {}), ...(credentials[current] ?? {}) };
    yield [current, section];
    current = section.role_arn ? section.source_profile : undefined;
  }
}

function credentialKindOf(profile: Record<string, string | undefined>): CredentialKind {
  if (profile.role_arn && profile.web_identity_token_file) {
    return 'webIdentity';
  }
  if (profile.role_arn) {
    return 'assumeRole';
  }
  if (profile.sso_session || profile.sso_start_url) {
    return 'sso';
  }
  if (profile.credential_process) {
    return 'process';
  }
  if (profile.aws_access_key_id) {
    return 'static';
  }
  return 'none';
}

/**
 * One service's endpoint for one profile, with the precedence AWS documents: AWS_ENDPOINT_URL_<SERVICE>,
 * AWS_ENDPOINT_URL, the profile's `services` section, the profile's `endpoint_url` (every service);
 * undefined means AWS's default endpoint. Never another profile's (the SDK's own lookup reads the
 * process-wide profile's).
 */
function resolveEndpoint(
  service: EndpointService,
  profile: Record<string, string | undefined>,
  config: ParsedIniData,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) || isTrue(profile.ignore_configured_endpoint_urls)) {
    return undefined;
  }
  const servicesSection = profile.services ? config[`services.${profile.services}`] : undefined;
  return (
    env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`] ||
    env.AWS_ENDPOINT_URL ||
    servicesSection?.[`${service}.endpoint_url`] ||
    profile.endpoint_url ||
    undefined
  );
}

function isTrue(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}

/** Role chains that the SDK would fail on, found before any request is made. */
function findProfileProblems(name: string, config: ParsedIniData, credentials: ParsedIniData): string[] {
  const problems: string[] = [];
  const seen: string[] = [name];
  let current = name;
  for (;;) {
    const profile = { ...(config[current] ?? {}), ...(credentials[current] ?? {}) };
    const source = profile.source_profile;
    if (!source || !profile.role_arn) {
      break;
    }
    if (source === current && profile.aws_access_key_id) {
      break; // A role profile may name itself when it also holds keys.
    }
    if (!config[source] && !credentials[source]) {
      problems.push(`Profile "${current}" names source_profile "${source}", which does not exist.`);
      break;
    }
    if (seen.includes(source)) {
      problems.push(`Profiles form a source_profile loop: ${[...seen, source].join(' → ')}.`);
      break;
    }
    seen.push(source);
    current = source;
  }
  if (config[name]?.sso_session && !config[`sso-session.${config[name]?.sso_session}`]) {
    problems.push(`Profile "${name}" names sso_session "${config[name]?.sso_session}", which has no [sso-session] section.`);
  }
  return problems;
}

/**
 * The SDK's loader silently skips lines it cannot parse. We only look for such lines to tell the
 * user; the values themselves always come from the loader.
 */
async function findIgnoredLines(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? [] : [`Cannot read ${file}: ${code ?? String(err)}`];
  }
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    const ok =
      trimmed === '' ||
      /^[#;]/.test(trimmed) ||
      /^\[[^\]]+\]\s*([#;].*)?$/.test(trimmed) ||
      /^[^=\s[][^=]*=/.test(trimmed) ||
      /^\s/.test(line); // continuation of a nested section (services, s3 = ...)
    if (!ok) {
      problems.push(`${file}, line ${index + 1}: cannot parse "${trimmed.slice(0, 60)}"; the SDK ignores it.`);
    }
  });
  return problems;
}
