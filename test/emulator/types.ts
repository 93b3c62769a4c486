/**
 * Shapes of the emulator's seed, faults and request log.
 *
 * Resources are stored in the JSON form AWS sends on the wire, except that timestamps may be
 * ISO-8601 strings in the seed (they are turned into epoch seconds when a response is written).
 */

/** A JSON object as AppStream sends it (an Image, a Fleet, an ImageBuilder ...). */
export type WireObject = Record<string, unknown>;

export interface SeedAccount {
  /** Profile name to use in an AWS config file, e.g. `demo-dev`. */
  profile: string;
  /** 12-digit account id. */
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The profile's default region. */
  region: string;
}

export interface SeedImagePermission {
  sharedAccountId: string;
  imagePermissions: { allowFleet: boolean; allowImageBuilder: boolean };
}

/** What one account owns in one region. */
export interface SeedRegionResources {
  accountId: string;
  region: string;
  images: WireObject[];
  fleets?: WireObject[];
  imageBuilders?: WireObject[];
  /** Image name → accounts it is shared with (as DescribeImagePermissions returns them). */
  imagePermissions?: Record<string, SeedImagePermission[]>;
  /** Resource ARN (an image, fleet or image builder of this account and region) → its tags. */
  tags?: Record<string, Record<string, string>>;
  /**
   * Names of own images for which a managed image update is available (CreateUpdatedImage
   * answers `canUpdateImage: true`); every other image is up to date.
   */
  updatesAvailable?: string[];
  /** Own images whose managed update (CreateUpdatedImage) ends FAILED with IMAGE_UPDATE_FAILURE, whatever the new name. */
  updatesFailing?: string[];
  /** Export image tasks (CreateExportImageTask) already made in this account and region, as the wire shows them. */
  exportImageTasks?: WireObject[];
}

/** One AWS account of the SSO portal's directory (what ListAccounts returns, plus its roles). */
export interface SeedSsoAccount {
  accountId: string;
  accountName: string;
  emailAddress: string;
  /** The roles assigned to the portal user in this account (ListAccountRoles). */
  roles: string[];
}

/** The SSO portal: one user's assignments, seen with any token the emulator accepts. */
export interface SeedSso {
  /** Suggested `[sso-session NAME]` for config files (the token cache file is named after it). */
  sessionName: string;
  startUrl: string;
  region: string;
  accounts: SeedSsoAccount[];
}

/** Service Quotas values (service code `appstream2`) that differ from AWS's defaults. */
export interface SeedServiceQuotas {
  /** Per account and region: quota code → applied value. */
  values: { accountId: string; region: string; quotas: Record<string, number> }[];
  /** Accounts whose principals lack `servicequotas:*` (every Service Quotas call → AccessDeniedException). */
  deniedAccounts: string[];
}

export interface Seed {
  /** Free text, ignored by the emulator. */
  comment?: string;
  accounts: SeedAccount[];
  regions: string[];
  /** Region → public (AWS-owned) images, visible to every account in that region. */
  publicImages: Record<string, WireObject[]>;
  resources: SeedRegionResources[];
  /** The SSO portal's directory (ListAccounts, ListAccountRoles, GetRoleCredentials); default: the seeded accounts. */
  sso?: SeedSso;
  /** Service Quotas for `appstream2`; default: AWS's default values everywhere, no account denied. */
  serviceQuotas?: SeedServiceQuotas;
}

export type FaultKind = 'latency' | 'throttle' | 'internal' | 'hang' | 'malformed' | 'error';

/**
 * A fault injected into AWS-path requests (never into `/__emulator/` control requests).
 *
 * - `latency`: wait `ms` (+ up to `jitterMs` random) before answering; the request then goes on
 *   (other faults may still apply).
 * - `throttle`: HTTP 400 `ThrottlingException` "Rate exceeded".
 * - `internal`: HTTP 500 `InternalFailure` (or `status` if given, e.g. 503 `ServiceUnavailable`).
 * - `hang`: never answers (until the emulator stops or the client gives up).
 * - `malformed`: HTTP 200 with a truncated, invalid JSON body.
 * - `error`: HTTP 400 (or `status`) with the exception `code` (and `message`) — only an exception
 *   the SDK's model documents for that operation (`@throws` of its command), for errors the
 *   emulator cannot cause by its state: `{ kind: 'error', op: 'CopyImage', code: 'InvalidAccountStatusException' }`.
 *
 * Scope with `op` (e.g. `DescribeImages`), `region`, `accountId`; all unset = every request.
 * `count` = how many requests it fires for; unset = forever.
 * `probability` (0..1) = the chance it fires for a matching request (unset = 1, always); a
 * request it skips does not use up `count`. E.g. `{ kind: 'internal', probability: 0.05 }` = 5% errors.
 */
export interface Fault {
  kind: FaultKind;
  op?: string;
  region?: string;
  accountId?: string;
  count?: number;
  ms?: number;
  jitterMs?: number;
  status?: number;
  probability?: number;
  /** For `error`: the exception's name (`IncompatibleImageException`). */
  code?: string;
  /** For `error`: its message (default: a generic one naming the code). */
  message?: string;
}

export interface RequestLogEntry {
  /** Operation from `X-Amz-Target` (`''` when missing). */
  op: string;
  accountId?: string;
  region?: string;
  /** The parsed JSON body (undefined when it was not JSON). */
  params: unknown;
  /** HTTP status sent; 0 while no answer was sent (e.g. a hung request). */
  status: number;
  errorCode?: string;
  /** The fault that fired for this request, if any (a latency fault is recorded only when nothing else fired). */
  fault?: FaultKind;
  /** Epoch milliseconds when the request arrived. */
  at: number;
}

export interface RequestFilter {
  accountId?: string;
  region?: string;
  status?: number;
  errorCode?: string;
  fault?: FaultKind;
}
