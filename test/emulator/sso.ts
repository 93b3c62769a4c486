/**
 * The SSO portal (REST JSON, unsigned, header `x-amz-sso_bearer_token: <access token>`), as
 * `@aws-sdk/client-sso` and the SDK's inner SSO client (`fromSSO` / `fromIni`) send it:
 * - GetRoleCredentials: `GET /federation/credentials?account_id=...&role_name=...`
 * - ListAccounts: `GET /assignment/accounts[?next_token=...][&max_result=N]`
 * - ListAccountRoles: `GET /assignment/roles?account_id=...[&next_token=...][&max_result=N]`
 */
import * as crypto from 'crypto';
import type { EmulatorState, TemporaryCredentials } from './state';
import { ApiError } from './ops';

export const SSO_ACCOUNTS_PATH = '/assignment/accounts';
export const SSO_ROLES_PATH = '/assignment/roles';
/** Page size when `max_result` is not given (emulator's choice; the model allows 1..100). */
export const SSO_DEFAULT_PAGE_SIZE = 20;

export const SSO_PATH = '/federation/credentials';
/** Lifetime of the role credentials GetRoleCredentials hands out. */
export const SSO_CREDENTIALS_SECONDS = 3600;

export interface SsoParams {
  accountId: string;
  roleName: string;
}

/** Reads the query; throws InvalidRequestException when a parameter is missing. */
export function ssoParams(url: URL): SsoParams {
  const accountId = url.searchParams.get('account_id') ?? '';
  const roleName = url.searchParams.get('role_name') ?? '';
  if (!accountId || !roleName) {
    throw new ApiError(400, 'InvalidRequestException', 'account_id and role_name are required query parameters');
  }
  return { accountId, roleName };
}

/**
 * GetRoleCredentials for an access token: unknown or expired token → 401 UnauthorizedException;
 * an account the emulator does not seed → 403 ForbiddenException ("No access"), as the portal
 * answers for an account the user is not assigned to.
 */
function requireToken(state: EmulatorState, token: string): void {
  if (!token || !state.ssoTokenValid(token)) {
    throw new ApiError(401, 'UnauthorizedException', 'Session token not found or invalid');
  }
}

export function getRoleCredentials(state: EmulatorState, token: string, p: SsoParams): TemporaryCredentials {
  requireToken(state, token);
  // The seeded profile accounts accept any role name (test profiles use several); the portal's
  // other accounts only the roles assigned in the directory.
  const dirAccount = state.ssoAccount(p.accountId);
  const allowed = state.accountById(p.accountId) !== undefined || dirAccount?.roles.includes(p.roleName) === true;
  if (!allowed) {
    throw new ApiError(403, 'ForbiddenException', 'No access');
  }
  return state.mintTemporaryCredentials(
    p.accountId,
    SSO_CREDENTIALS_SECONDS,
    `arn:aws:sts::${p.accountId}:assumed-role/AWSReservedSSO_${p.roleName}/sso-user`,
    'GetRoleCredentials',
  );
}

export function ssoBody(t: TemporaryCredentials): string {
  return JSON.stringify({
    roleCredentials: {
      accessKeyId: t.accessKeyId,
      secretAccessKey: t.secretAccessKey,
      sessionToken: t.sessionToken,
      expiration: t.expiration,
    },
  });
}

/** Reads `max_result` (1..100) and `next_token` (bound to the operation and query) and returns one page. */
function ssoPage<T>(url: URL, items: T[], bind: string): { items: T[]; next?: string } {
  const rawMax = url.searchParams.get('max_result');
  let size = SSO_DEFAULT_PAGE_SIZE;
  if (rawMax !== null) {
    const n = Number(rawMax);
    if (!Number.isInteger(n) || n < 1 || n > 100) {
      throw new ApiError(400, 'InvalidRequestException', `max_result must be an integer between 1 and 100; got '${rawMax}'`);
    }
    size = n;
  }
  const hash = crypto.createHash('sha256').update(bind).digest('hex').slice(0, 12);
  let offset = 0;
  const token = url.searchParams.get('next_token');
  if (token !== null) {
    const m = /^([0-9]+)\.([0-9a-f]{12})$/.exec(Buffer.from(token, 'base64').toString('utf8'));
    if (!m || m[2] !== hash) { throw new ApiError(400, 'InvalidRequestException', 'The next_token is not valid for this request.'); }
    offset = Number(m[1]);
  }
  const next = offset + size < items.length ? Buffer.from(`${offset + size}.${hash}`).toString('base64') : undefined;
  return { items: items.slice(offset, offset + size), next };
}

/** ListAccounts: every account of the portal's directory, `{accountList: [{accountId, accountName, emailAddress}], nextToken?}`. */
export function listAccounts(state: EmulatorState, token: string, url: URL): object {
  requireToken(state, token);
  const r = ssoPage(url, state.sso.accounts, 'ListAccounts');
  return {
    accountList: r.items.map((a) => ({ accountId: a.accountId, accountName: a.accountName, emailAddress: a.emailAddress })),
    ...(r.next ? { nextToken: r.next } : {}),
  };
}

/** ListAccountRoles: the roles of one account (`account_id` required); an account not in the directory → 403 ForbiddenException. */
export function listAccountRoles(state: EmulatorState, token: string, url: URL): object {
  requireToken(state, token);
  const accountId = url.searchParams.get('account_id') ?? '';
  if (!accountId) { throw new ApiError(400, 'InvalidRequestException', 'account_id is a required query parameter'); }
  const account = state.ssoAccount(accountId);
  if (!account) { throw new ApiError(403, 'ForbiddenException', 'No access'); }
  const r = ssoPage(url, account.roles, `ListAccountRoles/${accountId}`);
  return { roleList: r.items.map((roleName) => ({ roleName, accountId })), ...(r.next ? { nextToken: r.next } : {}) };
}
