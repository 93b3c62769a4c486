/**
 * The SSO portal's GetRoleCredentials, as the SDK's inner SSO client
 * (`@aws-sdk/nested-clients/sso`, used by `fromSSO` / `fromIni` for SSO profiles) sends it:
 * REST JSON, `GET /federation/credentials?account_id=...&role_name=...` with the header
 * `x-amz-sso_bearer_token: <access token>`, unsigned.
 */
import type { EmulatorState, TemporaryCredentials } from './state';
import { ApiError } from './ops';

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
export function getRoleCredentials(state: EmulatorState, token: string, p: SsoParams): TemporaryCredentials {
  if (!token || !state.ssoTokenValid(token)) {
    throw new ApiError(401, 'UnauthorizedException', 'Session token not found or invalid');
  }
  if (!state.accountById(p.accountId)) {
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
