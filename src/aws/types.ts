import type { Image } from '@aws-sdk/client-appstream';

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
  /** This profile's endpoints for the clients that resolve its credentials (same precedence); undefined: AWS's default. */
  endpoints: { sts?: string; sso?: string; serviceQuotas?: string };
  credentialKind: CredentialKind;
  usesMfa: boolean;
  /** Which file(s) define it. */
  definedIn: ('config' | 'credentials')[];
  /** Problems found in this profile's configuration (missing source_profile, loops...). */
  problems: string[];
  /** Changes when anything its credentials are resolved from changes (sections, source chain, sso-session). */
  fingerprint: string;
}

export interface ProfileCatalog {
  configFile: string;
  credentialsFile: string;
  profiles: ProfileInfo[];
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
}
