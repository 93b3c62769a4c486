import type { Image } from '@aws-sdk/client-appstream';
import type { SsoAccountEntry } from './ssoNames';

export type { Image };

/** The three groups of DescribeImages' `Type` parameter. */
export type ImageVisibility = 'PRIVATE' | 'SHARED' | 'PUBLIC';
export const IMAGE_VISIBILITIES: readonly ImageVisibility[] = ['PRIVATE', 'SHARED', 'PUBLIC'];

/** How a profile gets its credentials, as far as the shared config tells. */
export type CredentialKind =
  | 'static'
  | 'sso'
  | 'assumeRole'
  | 'process'
  | 'webIdentity'
  | 'none';

export interface ProfileInfo {
  name: string;
  /** Region from the profile (or AWS_REGION), if any. */
  region?: string;
  /** Endpoint for AppStream from this profile (endpoint_url or its services section) or the environment. */
  endpointUrl?: string;
  /**
   * This profile's endpoints for the clients that resolve its credentials (same precedence);
   * undefined: AWS's default. `ssoOidc` is where its SSO session's token is refreshed.
   */
  endpoints: { sts?: string; sso?: string; serviceQuotas?: string; ssoOidc?: string };
  /**
   * For a profile whose credentials come from an [sso-session]'s token: the profile that names the
   * session (itself for an SSO profile; the end of its source_profile chain for a role). That
   * token is refreshed at this profile's `ssoOidc` endpoint.
   */
  ssoTokenProfile?: string;
  credentialKind: CredentialKind;
  usesMfa: boolean;
  /** Which file(s) define it ('setting': an account added from an SSO session, appstreamImages.ssoAccounts). */
  definedIn: ('config' | 'credentials' | 'setting')[];
  /** For an account added from an SSO session: the entry and the session's values its credentials use. */
  ssoAccount?: SsoAccountProfile;
  /** Problems found in this profile's configuration (missing source_profile, loops...). */
  problems: string[];
  /** Changes when anything its credentials are resolved from changes (sections, source chain, sso-session). */
  fingerprint: string;
}

/**
 * Where SSO accounts come from: an `[sso-session NAME]` of the config file, or a legacy SSO
 * profile (sso_start_url and sso_region in the profile itself).
 */
export interface SsoSource {
  kind: 'session' | 'profile';
  name: string;
  startUrl?: string;
  ssoRegion?: string;
  registrationScopes?: string;
  /**
   * Endpoints for what comes from this session: the SSO portal, and AppStream / Service Quotas /
   * STS for the accounts added from it. Same precedence as a profile's (profiles.ts): the
   * environment's AWS_ENDPOINT_URL_<SERVICE>, then the `services` section the [sso-session] (or
   * legacy profile) names, then its endpoint_url. AWS's own tools read `services` only from
   * profiles; an added account has no profile, so the session's is ours to read. `ssoOidc`
   * (`sso_oidc`, AWS_ENDPOINT_URL_SSO_OIDC) is where an expired token is refreshed (CreateToken).
   */
  endpoints: { appstream?: string; sso?: string; sts?: string; serviceQuotas?: string; ssoOidc?: string };
  /** Missing sso_start_url / sso_region. */
  problems: string[];
}

/** An added SSO account's entry with the values of its session. */
export interface SsoAccountProfile extends SsoAccountEntry {
  source: SsoSource;
}

export interface ProfileCatalog {
  configFile: string;
  credentialsFile: string;
  profiles: ProfileInfo[];
  /** The config file's SSO sessions and legacy SSO profiles, for "Add Accounts from SSO…". */
  ssoSources: SsoSource[];
  /** File-level problems (unreadable file, lines the loader ignored). */
  problems: string[];
}

/** One line of the request log. Never contains credentials. */
export interface RequestLogEntry {
  profile: string;
  region: string;
  operation: string;
  durationMs: number;
  attempts?: number;
  requestId?: string;
  errorName?: string;
}

export interface AwsServiceOptions {
  env: NodeJS.ProcessEnv;
  /** Per-attempt socket timeout; a hung endpoint fails after this. */
  requestTimeoutMs: number;
  maxAttempts: number;
  /** Upper bound on concurrent AWS requests across all profiles and regions. */
  maxConcurrentRequests: number;
  /** Asked when an assume-role profile needs an MFA code; reject to cancel. */
  mfaCodeProvider?: (profile: string, mfaSerial: string) => Promise<string>;
  onRequest?: (entry: RequestLogEntry) => void;
  /** Accounts added from SSO sessions (appstreamImages.ssoAccounts): profiles of their own in the catalog. */
  ssoAccounts?: readonly SsoAccountEntry[];
  /**
   * A folder for the small config files through which the SDK's SSO providers read a session
   * (see ssoAccounts.ts); default a folder of the OS temp dir.
   */
  ssoConfigDir?: string;
}
