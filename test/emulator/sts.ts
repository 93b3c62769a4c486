/**
 * STS AssumeRole, as the SDK's inner STS client (`@aws-sdk/nested-clients/sts`, used by
 * `fromIni` for `role_arn` profiles) and the AWS CLI send it: AWS Query protocol, `POST /`,
 * `Content-Type: application/x-www-form-urlencoded`,
 * `Action=AssumeRole&Version=2011-06-15&RoleArn=...&RoleSessionName=...[&SerialNumber=...&TokenCode=...]`,
 * SigV4 with service `sts`. Answers XML like STS does; errors as `<ErrorResponse>`.
 */
import * as crypto from 'crypto';
import type * as http from 'http';
import { ApiError } from './ops';
import type { EmulatorState } from './state';

export const STS_CONTENT_TYPE = 'application/x-www-form-urlencoded';
export const STS_VERSION = '2011-06-15';
const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/([\w+=,.@/-]{1,512})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** The caller as the shared SigV4 check found it (see `authenticate` in server.ts). */
export interface StsCaller {
  accountId: string;
  region: string;
  /** Who signed: `arn:aws:iam::ACCOUNT:user/PROFILE` for a seeded key, the assumed-role ARN for temporary credentials. */
  arn: string;
}

const xmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** STS's own error codes for the shared SigV4 check's AppStream-style ones. */
export function stsError(e: ApiError): ApiError {
  switch (e.code) {
    case 'MissingAuthenticationTokenException':
      return new ApiError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    case 'UnrecognizedClientException':
      return new ApiError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    case 'ExpiredTokenException': // STS's model calls it so too (awsQueryError ExpiredTokenException, 400)
      return e;
    case 'InvalidSignatureException':
      return new ApiError(403, 'SignatureDoesNotMatch', e.message);
    case 'IncompleteSignatureException':
      return new ApiError(400, 'IncompleteSignature', e.message);
    default:
      return e;
  }
}

/** An STS error document (`<ErrorResponse><Error><Type>…`); 5xx are `Receiver` errors. */
export function stsErrorXml(e: ApiError): string {
  return `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${e.status >= 500 ? 'Receiver' : 'Sender'}</Type>`
    + `<Code>${xmlEscape(e.code)}</Code><Message>${xmlEscape(e.message)}</Message></Error>`
    + `<RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`;
}

/** The form fields of an STS request body. */
export function parseForm(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) {
    out[k] = v;
  }
  return out;
}

/**
 * Runs one STS action for an authenticated caller and returns the XML answer (throws ApiError).
 * Only AssumeRole is implemented; any other Action fails loudly (`InvalidAction`).
 */
export function runSts(state: EmulatorState, caller: StsCaller, form: Record<string, string>): string {
  const action = form.Action ?? '';
  if (action !== 'AssumeRole') {
    throw new ApiError(400, 'InvalidAction', `Could not find operation ${action || '(no Action)'} for version ${form.Version ?? '(no Version)'}; the emulator implements STS AssumeRole only.`);
  }
  if (form.Version !== STS_VERSION) {
    throw new ApiError(400, 'InvalidAction', `Could not find operation ${action} for version ${form.Version ?? '(no Version)'} (expected ${STS_VERSION})`);
  }
  const roleArn = form.RoleArn ?? '';
  const sessionName = form.RoleSessionName ?? '';
  const problems: string[] = [];
  const m = ROLE_ARN.exec(roleArn);
  if (!m) { problems.push(`Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Member must be a role ARN arn:aws:iam::<12 digits>:role/<name>`); }
  if (!SESSION_NAME.test(sessionName)) { problems.push(`Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]{2,64}`); }
  const duration = form.DurationSeconds === undefined ? 3600 : Number(form.DurationSeconds);
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
    problems.push(`Value '${form.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`);
  }
  if (problems.length > 0 || !m) {
    throw new ApiError(400, 'ValidationError', `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: ${problems.join('; ')}`);
  }
  const [, accountId, roleName] = m;
  if (!state.accountById(accountId)) {
    throw new ApiError(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
  }
  if (form.SerialNumber !== undefined && !/^\d{6}$/.test(form.TokenCode ?? '')) {
    throw new ApiError(403, 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ');
  }
  const roleId = `AROA${crypto.createHash('sha1').update(roleArn).digest('hex').slice(0, 17).toUpperCase()}`;
  const assumedArn = `arn:aws:sts::${accountId}:assumed-role/${roleName.split('/').pop()}/${sessionName}`;
  const t = state.mintTemporaryCredentials(accountId, duration, assumedArn, 'AssumeRole');
  return `<AssumeRoleResponse xmlns="${XMLNS}">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${t.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${xmlEscape(t.secretAccessKey)}</SecretAccessKey>
      <SessionToken>${xmlEscape(t.sessionToken)}</SessionToken>
      <Expiration>${new Date(t.expiration).toISOString()}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>${roleId}:${xmlEscape(sessionName)}</AssumedRoleId>
      <Arn>${xmlEscape(assumedArn)}</Arn>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>${crypto.randomUUID()}</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>
`;
}

export function sendXml(res: http.ServerResponse, status: number, body: string): void {
  if (res.headersSent || res.destroyed) { return; }
  res.writeHead(status, {
    'Content-Type': 'text/xml',
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': crypto.randomUUID(),
  });
  res.end(body);
}
