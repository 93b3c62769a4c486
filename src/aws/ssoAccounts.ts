// Accounts from an SSO session: the cached token, the portal's ListAccounts / ListAccountRoles
// (all pages, one roles chain per account in parallel under the service's limiter), and the
// credentials of an added (account, role) pair through the SDK's own SSO provider.
//
// The SDK reads an sso-session's token only through a *profile* that names the session
// (fromSso in @aws-sdk/token-providers, which fromSSO calls): an added account has no profile in
// the user's config, and the session may have none either. So we write, per session, a small
// config file of our own with one profile naming the session and a copy of the session's
// section, and hand it to the SDK's providers as their config file. Everything else is the
// SDK's: the token cache file (~/.aws/sso/cache/<sha1 of the session name>.json), its checks and
// its refresh through SSO OIDC, and GetRoleCredentials. The user's ~/.aws/config is never written.
import { setMaxListeners } from 'events';
import { ListAccountRolesCommand, ListAccountsCommand, SSOClient, type AccountInfo } from '@aws-sdk/client-sso';
import { fromSSO } from '@aws-sdk/credential-providers';
import { fromSso } from '@aws-sdk/token-providers';
import { getSSOTokenFromFile } from '@smithy/shared-ini-file-loader';
import type { AwsCredentialIdentity } from '@smithy/types';
import { SESSION_PROFILE, sessionConfigFile } from './ssoConfigFiles';
import { ssoLoginCommand } from './ssoNames';
import type { SsoAccountProfile, SsoSource } from './types';

/** The session's token is missing, expired or refused by the portal: sign in again. */
export class SsoLoginRequired extends Error {
  override readonly name = 'SsoLoginRequired';
  readonly loginCommand: string;
  constructor(
    readonly source: Pick<SsoSource, 'kind' | 'name'>,
    detail: string,
  ) {
    const what = source.kind === 'session' ? `The SSO session "${source.name}"` : `The SSO login of profile "${source.name}"`;
    super(`${what} has expired or was never started (${detail}).`);
    this.loginCommand = ssoLoginCommand(source);
  }
}

/** The user cancelled (the command wrapper stays silent on this name, like VS Code's CancellationError). */
export class SsoDiscoveryCancelled extends Error {
  override readonly name = 'Canceled';
}

export interface SsoConfigOptions {
  /** Where our per-session config files go (see the top of this file and ssoConfigFiles.ts). */
  configDir?: string;
}

function requireComplete(source: SsoSource): asserts source is SsoSource & { startUrl: string; ssoRegion: string } {
  if (source.problems.length > 0 || !source.startUrl || !source.ssoRegion) {
    throw new Error(source.problems.join(' ') || `SSO source "${source.name}" is incomplete.`);
  }
}

/**
 * The session's access token as the SDK reads it: an sso-session's through fromSso (the cache
 * file named by the session, refreshed through SSO OIDC when it has a refresh token); a legacy
 * profile's from the cache file named by its start URL. Missing or expired → SsoLoginRequired.
 */
export async function readSsoToken(source: SsoSource, options: SsoConfigOptions = {}): Promise<{ accessToken: string; expiresAt: Date }> {
  requireComplete(source);
  if (source.kind === 'session') {
    const file = await sessionConfigFile(source, options.configDir);
    try {
      const token = await fromSso({
        profile: SESSION_PROFILE,
        configFilepath: file,
        filepath: file,
        ignoreCache: true,
        // Only the SSO OIDC client uses this (fromSso refreshes an expiring token with CreateToken): the session's sso_oidc endpoint.
        clientConfig: { endpoint: source.endpoints.ssoOidc, ignoreConfiguredEndpointUrls: true } as never,
      })();
      if (token.expiration && token.expiration.getTime() <= Date.now()) {
        throw new Error('the cached token has expired');
      }
      return { accessToken: token.token, expiresAt: token.expiration ?? new Date(Date.now() + 3600_000) };
    } catch (err) {
      throw new SsoLoginRequired(source, await tokenProblem(source.name, err));
    }
  }
  let token: { accessToken?: string; expiresAt?: string };
  try {
    token = await getSSOTokenFromFile(source.startUrl);
  } catch {
    throw new SsoLoginRequired(source, 'no cached token');
  }
  const expiresAt = new Date(token.expiresAt ?? 0);
  if (!token.accessToken || !(expiresAt.getTime() > Date.now())) {
    throw new SsoLoginRequired(source, 'the cached token has expired');
  }
  return { accessToken: token.accessToken, expiresAt };
}

/** Why the SDK could not give the session's token, in the user's terms (it tried a refresh first when it could). */
async function tokenProblem(sessionName: string, err: unknown): Promise<string> {
  const cached = await getSSOTokenFromFile(sessionName).catch(() => undefined);
  if (!cached?.accessToken) {
    return 'no cached token';
  }
  if (!(new Date(cached.expiresAt).getTime() > Date.now())) {
    return 'the cached token has expired';
  }
  return ((err as Error)?.message ?? String(err)).split('\n')[0];
}

/**
 * Refreshes the [sso-session] token `tokenProfile` names when it is about to expire, through
 * `ssoOidcEndpoint` (the sso_oidc endpoint of the profile being resolved). The SDK's fromSSO
 * (alone or inside fromIni) gives the SSO portal and SSO OIDC one endpoint, the portal's; after
 * this it finds a fresh token, and as the SDK tries a refresh at most once per 30 s per session,
 * it sends none of its own elsewhere. A failed refresh is left to it: it reads the same token and
 * fails as for any SSO profile.
 */
export async function refreshSsoToken(tokenProfile: string, files: { configFilepath: string; filepath: string }, ssoOidcEndpoint: string | undefined): Promise<void> {
  await fromSso({
    profile: tokenProfile,
    ...files,
    ignoreCache: true,
    clientConfig: { endpoint: ssoOidcEndpoint, ignoreConfiguredEndpointUrls: true } as never,
  })().catch(() => undefined);
}

/**
 * The credentials of an SSO profile of the config file (sso_session, no role_arn): its token
 * refreshed where the profile says, then the SDK's fromSSO reading the profile from our config
 * files (fromIni's SSO path reads only the process's).
 */
export function ssoProfileCredentials(
  profile: string,
  files: { configFilepath: string; filepath: string },
  endpoints: { sso?: string; ssoOidc?: string },
  parentRegion: string,
): () => Promise<AwsCredentialIdentity> {
  return async () => {
    await refreshSsoToken(profile, files, endpoints.ssoOidc);
    return fromSSO({ profile, ...files, ignoreCache: true, clientConfig: { endpoint: endpoints.sso, ignoreConfiguredEndpointUrls: true }, parentClientConfig: { region: parentRegion } })();
  };
}

/**
 * The credentials of an added SSO account: the SDK's fromSSO with the entry's account and role
 * and its session's start URL and region; for an sso-session, through our config file naming
 * it (see above). The portal client goes to the session's SSO endpoint, never the process-wide
 * profile's (ignoreConfiguredEndpointUrls).
 */
export function ssoAccountCredentials(account: SsoAccountProfile, options: SsoConfigOptions & { requestHandler?: object }): () => Promise<AwsCredentialIdentity> {
  const source = account.source;
  const clientConfig = { endpoint: source.endpoints.sso, ignoreConfiguredEndpointUrls: true, ...(options.requestHandler ? { requestHandler: options.requestHandler } : {}) } as never;
  return async () => {
    requireComplete(source);
    const common = { ssoStartUrl: source.startUrl, ssoRegion: source.ssoRegion, ssoAccountId: account.accountId, ssoRoleName: account.roleName, clientConfig };
    if (source.kind === 'profile') {
      return fromSSO(common)();
    }
    // The token first, through the session's SSO OIDC endpoint when it needs a refresh: fromSSO has
    // one clientConfig for the portal and for SSO OIDC, so it must find a fresh token in the cache.
    await readSsoToken(source, options);
    const file = await sessionConfigFile(source, options.configDir);
    return fromSSO({ ...common, ssoSession: source.name, profile: SESSION_PROFILE, configFilepath: file, filepath: file, ignoreCache: true })();
  };
}

/** One (account, role) pair the portal offers. */
export interface SsoAccountRole {
  accountId: string;
  /** Untrusted text from the portal. */
  accountName: string;
  emailAddress?: string;
  roleName: string;
}

export interface SsoDiscovery {
  accounts: { accountId: string; accountName: string; emailAddress?: string }[];
  /** Every (account, role) pair, in ListAccounts order, roles as listed. */
  roles: SsoAccountRole[];
  /** Accounts whose roles could not be listed (the others are still offered). */
  failures: { accountId: string; accountName: string; error: unknown }[];
  /** Requests sent: pages of ListAccounts + pages of ListAccountRoles. */
  requests: { listAccounts: number; listAccountRoles: number };
}

export interface SsoDiscoveryDeps extends SsoConfigOptions {
  requestTimeoutMs: number;
  maxAttempts: number;
  /** Page size asked for (max_result, 1..100); unset: the portal's default. */
  pageSize?: number;
  /** The service's limiter and request log. `continuation`: a next page of a chain under way. */
  send<T extends object>(operation: string, call: () => Promise<T>, continuation: boolean): Promise<T>;
  /** After the account list, and after each account's roles: accounts done of total. */
  onProgress?(done: number, total: number): void;
  /** Checked before every request (and again when the limiter lets it go): once set, nothing more is sent. */
  isCancelled?(): boolean;
  /** Aborts the requests in flight when the user cancels (with isCancelled, which stops the next ones). */
  signal?: AbortSignal;
}

/**
 * Every account of the session (ListAccounts, all pages) and every role of each (one
 * ListAccountRoles chain per account, all in parallel under the limiter), through the
 * session's own SSO endpoint with its cached token.
 */
export async function discoverSsoAccounts(source: SsoSource, deps: SsoDiscoveryDeps): Promise<SsoDiscovery> {
  const { accessToken } = await readSsoToken(source, deps);
  requireComplete(source);
  const client = new SSOClient({
    region: source.ssoRegion,
    endpoint: source.endpoints.sso,
    ignoreConfiguredEndpointUrls: true,
    maxAttempts: deps.maxAttempts,
    requestHandler: { requestTimeout: deps.requestTimeoutMs, throwOnRequestTimeout: true, connectionTimeout: Math.min(deps.requestTimeoutMs, 10_000) },
  });
  const requests = { listAccounts: 0, listAccountRoles: 0 };
  let refused: SsoLoginRequired | undefined; // once the portal refuses the token, no other chain sends more
  // One signal for every request (each adds a listener: 34 accounts are more than Node's default 10).
  const abort = new AbortController();
  setMaxListeners(0, abort.signal);
  const onAbort = (): void => abort.abort();
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  if (deps.signal?.aborted) {
    abort.abort();
  }
  const cancelled = (): boolean => deps.isCancelled?.() === true || abort.signal.aborted;
  const stopIfAsked = (): void => {
    if (cancelled()) {
      throw new SsoDiscoveryCancelled('Cancelled');
    }
    if (refused) {
      throw refused;
    }
  };
  const send = async <T extends object>(operation: 'ListAccounts' | 'ListAccountRoles', call: (abortSignal?: AbortSignal) => Promise<T>, continuation: boolean): Promise<T> => {
    stopIfAsked();
    try {
      return await deps.send(
        operation,
        () => {
          // A request that waited for a slot of the limiter while the user cancelled is not sent.
          stopIfAsked();
          requests[operation === 'ListAccounts' ? 'listAccounts' : 'listAccountRoles']++;
          return call(abort.signal);
        },
        continuation,
      );
    } catch (err) {
      if (cancelled()) {
        throw new SsoDiscoveryCancelled('Cancelled'); // an aborted request, or one answered after the cancel
      }
      if ((err as { name?: string }).name === 'UnauthorizedException') {
        refused ??= new SsoLoginRequired(source, 'the SSO portal refused the cached token');
        throw refused;
      }
      throw err;
    }
  };
  try {
    const accounts: AccountInfo[] = [];
    let token: string | undefined;
    do {
      const page = await send('ListAccounts', (abortSignal) => client.send(new ListAccountsCommand({ accessToken, maxResults: deps.pageSize, nextToken: token }), { abortSignal }), token !== undefined);
      accounts.push(...(page.accountList ?? []));
      token = page.nextToken;
    } while (token);
    const listed = accounts
      .filter((a): a is AccountInfo & { accountId: string } => typeof a.accountId === 'string')
      .map((a) => ({ accountId: a.accountId, accountName: a.accountName ?? a.accountId, emailAddress: a.emailAddress }));
    let done = 0;
    deps.onProgress?.(0, listed.length);
    const failures: SsoDiscovery['failures'] = [];
    const perAccount = await Promise.all(
      listed.map(async (account) => {
        const roles: SsoAccountRole[] = [];
        try {
          let next: string | undefined;
          do {
            const page = await send(
              'ListAccountRoles',
              (abortSignal) => client.send(new ListAccountRolesCommand({ accessToken, accountId: account.accountId, maxResults: deps.pageSize, nextToken: next }), { abortSignal }),
              next !== undefined,
            );
            for (const r of page.roleList ?? []) {
              if (r.roleName) {
                roles.push({ ...account, roleName: r.roleName });
              }
            }
            next = page.nextToken;
          } while (next);
        } catch (err) {
          if (err instanceof SsoLoginRequired || err instanceof SsoDiscoveryCancelled) {
            throw err;
          }
          failures.push({ ...account, error: err });
        }
        deps.onProgress?.(++done, listed.length);
        return roles;
      }),
    );
    return { accounts: listed, roles: perAccount.flat(), failures, requests };
  } finally {
    deps.signal?.removeEventListener('abort', onAbort);
    client.destroy();
  }
}
