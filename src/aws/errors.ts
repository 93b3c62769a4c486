/** What went wrong with an AWS call, in the user's terms, and what to do about it. */
export type AwsErrorKind =
  | 'ssoExpired'
  | 'noCredentials'
  | 'mfaCancelled'
  | 'invalidCredentials'
  | 'accessDenied'
  | 'throttled'
  | 'timeout'
  | 'unreachable'
  | 'badResponse'
  | 'serviceError'
  | 'notFound'
  | 'inUse'
  | 'notPermitted'
  | 'concurrentModification'
  | 'identityChanged'
  | 'invalidConfig'
  | 'invalidRequest'
  | 'limitExceeded'
  | 'notAvailable'
  | 'alreadyExists'
  | 'incompatibleImage'
  | 'accountStatus'
  | 'unknown';

export interface AwsErrorInfo {
  kind: AwsErrorKind;
  /** One line for a tree node or a notification. */
  message: string;
  /** What the user can do next. */
  advice: string;
  /** A shell command that fixes it, when there is one (e.g. `aws sso login --profile x`). */
  fixCommand?: string;
  /** The AWS error code or JS error name, for the log. */
  code: string;
  retryable: boolean;
}

export interface ErrorContext {
  profile: string;
  region: string;
  operation: string;
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
}

const IAM_ACTIONS: Record<string, string> = {
  DescribeImages: 'appstream:DescribeImages',
  DeleteImage: 'appstream:DeleteImage',
  DescribeFleets: 'appstream:DescribeFleets',
  DescribeImageBuilders: 'appstream:DescribeImageBuilders',
  DescribeImagePermissions: 'appstream:DescribeImagePermissions',
};

/** What to do when AWS says LimitExceeded, by operation (AWS's quotas for images). */
const LIMIT_ADVICE: Record<string, string> = {
  UpdateImagePermissions: 'An image can be shared with at most 100 AWS accounts: remove an account it no longer needs to be shared with, then add this one.',
  CopyImage: 'AWS copies at most 2 images into one region at a time: wait until a copy into that region is AVAILABLE or FAILED, then retry.',
  TagResource: 'An image can have at most 50 tags: remove some, then add these.',
};

/** Errors raised while resolving credentials (the SDK's providers, the SSO portal, our own deadline). */
const CREDENTIAL_PROVIDER_ERRORS = ['CredentialsProviderError', 'TokenProviderError', 'CredentialsTimeout', 'UnauthorizedException'];

/** Turns any error from the SDK, a credential provider or the network into an explanation. */
export function classifyError(error: unknown, ctx: ErrorContext): AwsErrorInfo {
  // A failed look-up (service.ts LookupFailed) is explained as the operation that actually failed.
  const lookup = error as { name?: string; operation?: unknown; cause?: unknown } | undefined;
  if (lookup?.name === 'LookupFailed' && typeof lookup.operation === 'string') {
    return classifyError(lookup.cause, { ...ctx, operation: lookup.operation });
  }
  // "Unshare, then delete" stopped at one account (sharing.ts UnshareFailed): its message names the
  // account and says nothing was deleted; the advice is that of AWS's error.
  if (lookup?.name === 'UnshareFailed' && typeof lookup.operation === 'string') {
    return { ...classifyError(lookup.cause, { ...ctx, operation: lookup.operation }), message: redactSecrets(String((error as Error).message)) };
  }
  const e = (error ?? {}) as ErrorLike;
  const name = e.name || e.code || e.Code || 'Error';
  const raw = redactSecrets(String(e.message ?? error));
  const status = e.$metadata?.httpStatusCode;
  const info = (kind: AwsErrorKind, message: string, advice: string, retryable: boolean, fixCommand?: string): AwsErrorInfo => ({
    kind,
    message,
    advice,
    fixCommand,
    code: name,
    retryable,
  });

  if (name === 'MfaCancelled') {
    return info('mfaCancelled', `MFA code not given for profile "${ctx.profile}".`, 'Retry and enter the code from your MFA device.', true);
  }
  if (name === 'ProfileConfigError') {
    return info('invalidConfig', raw, 'Fix the profile in your AWS config file, then refresh.', true);
  }
  if (name === 'ImageIdentityChanged') {
    return info('identityChanged', raw, 'Refresh the view, check which account the profile signs in to, and act from there.', false);
  }
  if (name === 'InvalidInput') {
    return info('invalidRequest', raw, 'Correct it, then try again (nothing was sent).', false);
  }
  // AWS's own exceptions first: their names must not be mistaken for network codes below.
  switch (name) {
    case 'ResourceNotFoundException':
      return info('notFound', raw, 'It may have been deleted meanwhile: refresh.', false);
    case 'ResourceInUseException':
      return info('inUse', raw, 'Stop using it first (fleets, image builders, sharing), then retry.', false);
    case 'OperationNotPermittedException':
      return info('notPermitted', raw, 'Only images your account owns can be changed.', false);
    case 'ConcurrentModificationException':
      return info('concurrentModification', raw, 'Another change is under way: wait a moment, then retry.', true);
    case 'InvalidParameterCombinationException':
    case 'ValidationException':
      return info('invalidRequest', raw, 'Check the request parameters.', false);
    case 'InvalidAccountStatusException':
      return info('accountStatus', raw, `The AWS account of profile "${ctx.profile}" is suspended or not fully set up: check its status in the AWS console or contact AWS Support, then retry.`, false);
    case 'LimitExceededException':
      return info('limitExceeded', raw, LIMIT_ADVICE[ctx.operation] ?? 'An AppStream quota of the account is reached: free some (or ask for more in Service Quotas), then retry.', ctx.operation === 'CopyImage');
    case 'ResourceNotAvailableException':
      return info('notAvailable', raw, 'The image must be AVAILABLE for this: wait until it is (refresh to see its state), then retry.', true);
    case 'ResourceAlreadyExistsException':
      return ctx.operation === 'CopyImage'
        ? info('alreadyExists', raw, `An image with that name already exists in the destination region: choose another name for the copy.`, false)
        : info('alreadyExists', raw, 'Choose another name.', false);
    case 'IncompatibleImageException':
      return info('incompatibleImage', raw, 'AWS cannot use this image for that (its platform or type is not supported there): choose another image or region.', false);
  }
  if (['UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'ExpiredTokenException', 'ExpiredToken', 'MissingAuthenticationTokenException'].includes(name)) {
    return info(
      'invalidCredentials',
      `AWS rejected the credentials of profile "${ctx.profile}" (${name}).`,
      'The keys are wrong, revoked or expired: update the profile (or log in again), then retry.',
      true,
    );
  }
  // STS refused the role assumption behind the call (role_arn profiles): the AppStream action was never tried.
  if ((name === 'AccessDenied' || status === 403) && /sts:AssumeRole|MultiFactorAuthentication failed/.test(raw)) {
    if (/MultiFactorAuthentication failed/.test(raw)) {
      return info('accessDenied', `Access denied: the MFA code for profile "${ctx.profile}" was not accepted when assuming its role.`, 'Retry with a fresh code from your MFA device.', true);
    }
    const role = /on resource:\s*(\S+)/.exec(raw)?.[1];
    return info(
      'accessDenied',
      `Access denied: profile "${ctx.profile}" could not assume its role${role ? ` ${role}` : ''} (sts:AssumeRole).`,
      'Check role_arn and source_profile of the profile; the role\'s trust policy must allow the source identity to call sts:AssumeRole.',
      false,
    );
  }
  if (['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'NotAuthorized'].includes(name) || status === 403) {
    const action = IAM_ACTIONS[ctx.operation] ?? `appstream:${ctx.operation}`;
    return info(
      'accessDenied',
      `Access denied: profile "${ctx.profile}" may not call ${action} in ${ctx.region}.`,
      `Ask your administrator to allow the IAM action ${action}.`,
      false,
    );
  }
  if (['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded'].includes(name) || status === 429) {
    return info('throttled', `AppStream in ${ctx.region} is throttling requests (still after retries).`, 'Wait a moment, then retry.', true);
  }
  // Only errors of resolving credentials can mean an SSO login is needed; an AWS service error
  // (AccessDeniedException for an SSO role, say) is classified by its name above.
  const fromCredentialProvider = CREDENTIAL_PROVIDER_ERRORS.includes(name);
  if (name === 'UnauthorizedException' || (fromCredentialProvider && /sso|session token/i.test(raw)) && /(token|session).*(expired|not found|missing|invalid|refresh)|expired.*token|no cached|login/i.test(raw)) {
    return info(
      'ssoExpired',
      `The SSO session of profile "${ctx.profile}" has expired or was never started.`,
      `Run \`aws sso login --profile ${ctx.profile}\`, then retry.`,
      true,
      `aws sso login --profile ${ctx.profile}`,
    );
  }
  if (fromCredentialProvider || /could not load credentials|credentials? (is|are) missing|Unable to find|profile .* (could not be found|not found)|no credentials/i.test(raw)) {
    return info(
      'noCredentials',
      `No usable credentials for profile "${ctx.profile}": ${raw}`,
      'Add credentials to the profile (keys, sso_session, role_arn, or credential_process), then retry.',
      true,
    );
  }
  if (name === 'TimeoutError' || /timed? ?out|ETIMEDOUT|socket hang up/i.test(raw) || name === 'RequestTimeout') {
    return info('timeout', `AppStream in ${ctx.region} did not answer in time.`, 'Check your network or raise appstreamImages.requestTimeoutSeconds, then retry.', true);
  }
  if (/\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH)\b|getaddrinfo/.test(`${raw} ${name} ${e.code ?? ''}`)) {
    return info('unreachable', `Cannot reach AppStream in ${ctx.region} (${firstCode(raw + ' ' + name)}).`, 'Check the region name, the endpoint_url of the profile, your network or proxy, then retry.', true);
  }
  if (name === 'SyntaxError' || /Deserialization|Unexpected (token|end)|JSON/i.test(raw + name)) {
    return info('badResponse', `AppStream in ${ctx.region} sent a response that could not be read.`, 'This is usually temporary: retry. If it persists, check the endpoint_url of the profile.', true);
  }
  if ((status ?? 0) >= 500 || e.$fault === 'server') {
    return info('serviceError', `AppStream in ${ctx.region} failed (${name}${status ? `, HTTP ${status}` : ''}).`, 'This is on AWS\'s side: retry in a moment.', true);
  }
  return info('unknown', `${name}: ${raw}`, 'Retry; if it keeps failing, see the AppStream Images output channel.', true);
}

function firstCode(text: string): string {
  return /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH/.exec(text)?.[0] ?? 'network error';
}

/** Removes anything that looks like an AWS key, secret, session or SSO token from text meant for logs or UI. */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g, '$1****')
    .replace(/(aws_secret_access_key|aws_session_token|secretAccessKey|sessionToken|accessToken|SecretAccessKey|SessionToken|x-amz-security-token|Authorization)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1$2****')
    .replace(/\b[A-Za-z0-9/+]{40}\b/g, '****')
    .replace(/\b[A-Za-z0-9/+=]{100,}\b/g, '****');
}
