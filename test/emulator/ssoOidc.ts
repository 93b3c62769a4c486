/**
 * SSO OIDC's CreateToken, the refresh the SDK's token provider (fromSso in
 * @aws-sdk/token-providers) makes when a cached sso-session token expires within 5 minutes and
 * carries `refreshToken`, `clientId` and `clientSecret`: REST JSON, unsigned,
 * `POST /token` with `{clientId, clientSecret, grantType, refreshToken?, ...}` →
 * `{accessToken, tokenType: "Bearer", expiresIn, refreshToken}` (AWS's model in
 * @aws-sdk/nested-clients/sso-oidc). Only the `refresh_token` grant is modelled (the device-code
 * and authorization-code grants of `aws sso login` are not). Errors carry `error` and
 * `error_description` (the model's members), with `x-amzn-errortype`.
 */
import { ApiError } from './ops';
import type { EmulatorState } from './state';

export const SSO_OIDC_TOKEN_PATH = '/token';
/** Lifetime of a refreshed access token (AWS answers about 1 h). */
export const SSO_OIDC_TOKEN_SECONDS = 3600;

/** An OIDC error: the model's `error` code (snake case, as AWS sends it) and description. */
export class OidcError extends ApiError {
  constructor(status: number, code: string, readonly error: string, description: string) {
    super(status, code, description);
  }
}

export function createToken(state: EmulatorState, body: unknown): { accessToken: string; tokenType: string; expiresIn: number; refreshToken: string } {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const str = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : undefined);
  const clientId = str('clientId');
  const clientSecret = str('clientSecret');
  const grantType = str('grantType');
  if (!clientId || !clientSecret || !grantType) {
    throw new OidcError(400, 'InvalidRequestException', 'invalid_request', 'clientId, clientSecret and grantType are required');
  }
  if (grantType !== 'refresh_token') {
    throw new OidcError(400, 'UnsupportedGrantTypeException', 'unsupported_grant_type', `grant type ${grantType} is not supported by the emulator`);
  }
  const client = state.oidcClient(clientId);
  if (!client || client.clientSecret !== clientSecret || client.expiresAt <= Date.now()) {
    // A client registration that is unknown, refused or expired (the model: 401).
    throw new OidcError(401, 'InvalidClientException', 'invalid_client', 'Invalid client');
  }
  const refreshToken = str('refreshToken');
  if (!refreshToken) {
    throw new OidcError(400, 'InvalidRequestException', 'invalid_request', 'refreshToken is required for the refresh_token grant');
  }
  const refreshed = state.useRefreshToken(clientId, refreshToken, SSO_OIDC_TOKEN_SECONDS);
  if (!refreshed) {
    throw new OidcError(400, 'InvalidGrantException', 'invalid_grant', 'Invalid grant provided');
  }
  return { accessToken: refreshed.accessToken, tokenType: 'Bearer', expiresIn: SSO_OIDC_TOKEN_SECONDS, refreshToken: refreshed.refreshToken };
}
