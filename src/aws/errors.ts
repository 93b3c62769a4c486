import { ssoLoginCommandFor } from './ssoNames';

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
  // The "Open in Browser" command makes this one call.
  OpenImageBuilderInBrowser: 'appstream:CreateImageBuilderStreamingURL',
  // Launch an image builder, export to an AMI (the commands that make these calls, and the calls).
  LaunchImageBuilder: 'appstream:CreateImageBuilder (and iam:PassRole for its IAM role)',
  CreateImageBuilder: 'appstream:CreateImageBuilder (and iam:PassRole for its IAM role)',
  ExportImage: 'appstream:CreateExportImageTask (and iam:PassRole for the export role)',
  CreateExportImageTask: 'appstream:CreateExportImageTask (and iam:PassRole for the export role)',
  ListExportImageTasks: 'appstream:ListExportImageTasks',
  GetExportImageTask: 'appstream:GetExportImageTask',
  // "Check for Updates" sends CreateUpdatedImage with dryRun.
  CheckForUpdates: 'appstream:CreateUpdatedImage',
};

/** Advice for an OperationNotPermitted of an export: AppStream exports only an own image, to an AMI name not used yet. */
const EXPORT_OPERATIONS = new Set(['ExportImage', 'CreateExportImageTask']);
const LAUNCH_OPERATIONS = new Set(['LaunchImageBuilder', 'CreateImageBuilder']);

/**
 * What to do when an image builder refuses an action, by operation (AWS's Image Builder Actions:
 * Start needs STOPPED, Stop and Connect need RUNNING, Delete needs STOPPED; nothing while it is
 * PENDING, SNAPSHOTTING, STOPPING …). Keyed by AWS's operation and by the command that makes it.
 */
const BUILDER_NEEDS: Record<string, string> = {
  StartImageBuilder: 'STOPPED',
  StopImageBuilder: 'RUNNING',
  DeleteImageBuilder: 'STOPPED (or FAILED)',
  CreateImageBuilderStreamingURL: 'RUNNING',
  OpenImageBuilderInBrowser: 'RUNNING',
};
const builderBusyAdvice = (op: string) =>
  `The image builder is busy (creating an image while SNAPSHOTTING, or starting, stopping, updating): wait until it is ${BUILDER_NEEDS[op]} (refresh to see its state), then retry.`;
const builderStateAdvice = (op: string) => `This needs the image builder to be ${BUILDER_NEEDS[op]}: refresh to see its state${op === 'StartImageBuilder' ? '' : ', stop or start it first'}, then retry.`;

/** What classifyError reads of an error, once. */
interface Facts {
  /** The error's name (or code): AWS's exception name, a JS error name, or 'Error'. */
  name: string;
  /** The message, secrets removed. */
  raw: string;
  status?: number;
  code?: string;
  fault?: string;
  /** SsoLoginRequired's `aws sso login …` command. */
  loginCommand?: string;
}

/** One kind of error: the test that recognises it and the explanation it gets (message, advice). */
interface Rule {
  test(e: Facts): boolean;
  explain(e: Facts, ctx: ErrorContext): Omit<AwsErrorInfo, 'code'>;
}

const explanation = (kind: AwsErrorKind, message: string, advice: string, retryable: boolean, fixCommand?: string): Omit<AwsErrorInfo, 'code'> => ({
  kind,
  message,
  advice,
  fixCommand,
  retryable,
});

const named = (...names: string[]) => (e: Facts) => names.includes(e.name);

/** What to do when AWS says LimitExceeded, by operation (AWS's quotas for images). */
const LIMIT_ADVICE: Record<string, string> = {
  UpdateImagePermissions: 'An image can be shared with at most 100 AWS accounts: remove an account it no longer needs to be shared with, then add this one.',
  CopyImage: 'AWS copies at most 2 images into one region at a time: wait until a copy into that region is AVAILABLE or FAILED, then retry.',
  TagResource: 'An image can have at most 50 tags: remove some, then add these.',
  CreateUpdatedImage:
    'At most 5 image updates run at once per region, and an update needs room under the "Images" and "Image builders" quotas: wait until an update finishes (its new image AVAILABLE or FAILED), or delete an image or image builder you no longer need, or request a quota increase in Service Quotas, then retry.',
};

/** What to do when CreateUpdatedImage (a managed image update) is refused, by AWS's exception. */
const UPDATE_ADVICE: Record<string, string> = {
  OperationNotPermittedException: 'Only an image your account owns (and that is AVAILABLE) can be updated: a shared or public image cannot. Copy what you need onto an image builder of yours instead.',
  IncompatibleImageException:
    'Managed image updates are only for Windows Server, Red Hat Enterprise Linux and Rocky Linux images made from a base image released on or after 2017-07-24: update this one yourself on an image builder (install the updates, then create an image).',
  ResourceAlreadyExistsException: 'An image with that name already exists in the region: choose another name for the updated image.',
  ConcurrentModificationException:
    'The image is changing or is already being updated: wait until that finishes (the new image AVAILABLE or FAILED; refresh to see), then retry.',
};
const updateAdvice = (e: Facts, ctx: ErrorContext, otherwise: string): string => (ctx.operation === 'CreateUpdatedImage' ? (UPDATE_ADVICE[e.name] ?? otherwise) : otherwise);

/** AWS's own exceptions, by name: they are tested first, so their names are never mistaken for network codes. */
const AWS_EXCEPTIONS: Record<string, Rule['explain']> = {
  ResourceNotFoundException: (e) => explanation('notFound', e.raw, 'It may have been deleted meanwhile: refresh.', false),
  ResourceInUseException: (e) => explanation('inUse', e.raw, 'Stop using it first (fleets, image builders, sharing), then retry.', false),
  OperationNotPermittedException: (e, ctx) =>
    explanation(
      'notPermitted',
      e.raw,
      BUILDER_NEEDS[ctx.operation]
        ? builderStateAdvice(ctx.operation)
        : EXPORT_OPERATIONS.has(ctx.operation)
          ? 'Only an image your account owns can be exported, and the AMI name must not be used by another export of the account in this region: choose another AMI name.'
          : LAUNCH_OPERATIONS.has(ctx.operation)
            ? 'A shared image can be used for an image builder only if its owner allows "Image builders" when sharing it: ask the owner, or launch from another image.'
            : updateAdvice(e, ctx, 'Only images your account owns can be changed.'),
      false,
    ),
  InvalidRoleException: (e, ctx) =>
    explanation(
      'invalidRequest',
      e.raw,
      `Give the ARN of an IAM role of the account profile "${ctx.profile}" signs in to, whose trust policy lets appstream.amazonaws.com assume it (and that you may pass: iam:PassRole).`,
      false,
    ),
  ConcurrentModificationException: (e, ctx) =>
    explanation('concurrentModification', e.raw, BUILDER_NEEDS[ctx.operation] ? builderBusyAdvice(ctx.operation) : updateAdvice(e, ctx, 'Another change is under way: wait a moment, then retry.'), true),
  InvalidParameterCombinationException: (e) => explanation('invalidRequest', e.raw, 'Check the request parameters.', false),
  ValidationException: (e) => explanation('invalidRequest', e.raw, 'Check the request parameters.', false),
  InvalidAccountStatusException: (e, ctx) =>
    explanation('accountStatus', e.raw, `The AWS account of profile "${ctx.profile}" is suspended or not fully set up: check its status in the AWS console or contact AWS Support, then retry.`, false),
  LimitExceededException: (e, ctx) =>
    explanation('limitExceeded', e.raw, LIMIT_ADVICE[ctx.operation] ?? (LAUNCH_OPERATIONS.has(ctx.operation) ? 'The account\'s "Image builders (total)" quota in this region is reached: delete an image builder it no longer needs (or ask for more in Service Quotas), then retry.' : undefined) ?? 'An AppStream quota of the account is reached: free some (or ask for more in Service Quotas), then retry.', ctx.operation === 'CopyImage'),
  ResourceNotAvailableException: (e, ctx) =>
    explanation('notAvailable', e.raw, BUILDER_NEEDS[ctx.operation] ? builderStateAdvice(ctx.operation) : 'The image must be AVAILABLE for this: wait until it is (refresh to see its state), then retry.', true),
  ResourceAlreadyExistsException: (e, ctx) =>
    ctx.operation === 'CopyImage'
      ? explanation('alreadyExists', e.raw, 'An image with that name already exists in the destination region: choose another name for the copy.', false)
      : explanation('alreadyExists', e.raw, updateAdvice(e, ctx, 'Choose another name.'), false),
  IncompatibleImageException: (e, ctx) =>
    explanation('incompatibleImage', e.raw, updateAdvice(e, ctx, 'AWS cannot use this image for that (its platform or type is not supported there): choose another image or region.'), false),
};

/** Errors raised while resolving credentials (the SDK's providers, the SSO portal, our own deadline). */
const CREDENTIAL_PROVIDER_ERRORS = ['CredentialsProviderError', 'TokenProviderError', 'CredentialsTimeout', 'UnauthorizedException'];
const NETWORK_CODES = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH/;

// The predicates, one per kind of failure.
const isAwsException = (e: Facts) => Object.prototype.hasOwnProperty.call(AWS_EXCEPTIONS, e.name);
const isRejectedCredentials = named('UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'ExpiredTokenException', 'ExpiredToken', 'MissingAuthenticationTokenException');
/** STS refused the role assumption behind the call (role_arn profiles): the AppStream action was never tried. */
const isRoleAssumptionDenied = (e: Facts) => (e.name === 'AccessDenied' || e.status === 403) && /sts:AssumeRole|MultiFactorAuthentication failed/.test(e.raw);
const isMfaRefused = (e: Facts) => /MultiFactorAuthentication failed/.test(e.raw);
const isAccessDenied = (e: Facts) => ['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'NotAuthorized'].includes(e.name) || e.status === 403;
const isThrottled = (e: Facts) => ['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded'].includes(e.name) || e.status === 429;
const isFromCredentialProvider = (e: Facts) => CREDENTIAL_PROVIDER_ERRORS.includes(e.name);
/**
 * Only errors of resolving credentials can mean an SSO login is needed; an AWS service error
 * (AccessDeniedException for an SSO role, say) is classified by its name before this.
 */
const isSsoLoginNeeded = (e: Facts) =>
  e.name === 'UnauthorizedException' ||
  (isFromCredentialProvider(e) && /sso|session token/i.test(e.raw) && /(token|session).*(expired|not found|missing|invalid|refresh)|expired.*token|no cached|login/i.test(e.raw));
const isMissingCredentials = (e: Facts) =>
  isFromCredentialProvider(e) || /could not load credentials|credentials? (is|are) missing|Unable to find|profile .* (could not be found|not found)|no credentials/i.test(e.raw);
const isTimeout = (e: Facts) => e.name === 'TimeoutError' || e.name === 'RequestTimeout' || /timed? ?out|ETIMEDOUT|socket hang up/i.test(e.raw);
const isUnreachable = (e: Facts) => new RegExp(`\\b(${NETWORK_CODES.source})\\b|getaddrinfo`).test(`${e.raw} ${e.name} ${e.code ?? ''}`);
const isBadResponse = (e: Facts) => e.name === 'SyntaxError' || /Deserialization|Unexpected (token|end)|JSON/i.test(e.raw + e.name);
const isServerError = (e: Facts) => (e.status ?? 0) >= 500 || e.fault === 'server';

/** In order: the first rule whose test matches explains the error. */
const RULES: Rule[] = [
  {
    // ssoAccounts.ts: the token of the session behind "Add Accounts from SSO…" or an added account.
    test: named('SsoLoginRequired'),
    explain: (e) => {
      const command = e.loginCommand ?? 'aws sso login';
      return explanation('ssoExpired', e.raw, `Run \`${command}\`, then retry.`, true, command);
    },
  },
  { test: named('MfaCancelled'), explain: (_e, ctx) => explanation('mfaCancelled', `MFA code not given for profile "${ctx.profile}".`, 'Retry and enter the code from your MFA device.', true) },
  { test: named('ProfileConfigError'), explain: (e) => explanation('invalidConfig', e.raw, 'Fix the profile in your AWS config file, then refresh.', true) },
  { test: named('ImageIdentityChanged'), explain: (e) => explanation('identityChanged', e.raw, 'Refresh the view, check which account the profile signs in to, and act from there.', false) },
  { test: named('InvalidInput'), explain: (e) => explanation('invalidRequest', e.raw, 'Correct it, then try again (nothing was sent).', false) },
  // AWS answered a real CreateUpdatedImage with canUpdateImage false (updates.ts): nothing was created.
  {
    test: named('NoUpdateAvailable'),
    explain: (e) => explanation('notAvailable', e.raw, 'Run Check for Updates again later: AWS offers an update when new operating system, agent or driver updates are released.', false),
  },
  { test: isAwsException, explain: (e, ctx) => AWS_EXCEPTIONS[e.name](e, ctx) },
  {
    test: isRejectedCredentials,
    explain: (e, ctx) =>
      explanation('invalidCredentials', `AWS rejected the credentials of profile "${ctx.profile}" (${e.name}).`, 'The keys are wrong, revoked or expired: update the profile (or log in again), then retry.', true),
  },
  {
    test: (e) => isRoleAssumptionDenied(e) && isMfaRefused(e),
    explain: (_e, ctx) => explanation('accessDenied', `Access denied: the MFA code for profile "${ctx.profile}" was not accepted when assuming its role.`, 'Retry with a fresh code from your MFA device.', true),
  },
  {
    test: isRoleAssumptionDenied,
    explain: (e, ctx) => {
      const role = /on resource:\s*(\S+)/.exec(e.raw)?.[1];
      return explanation(
        'accessDenied',
        `Access denied: profile "${ctx.profile}" could not assume its role${role ? ` ${role}` : ''} (sts:AssumeRole).`,
        "Check role_arn and source_profile of the profile; the role's trust policy must allow the source identity to call sts:AssumeRole.",
        false,
      );
    },
  },
  {
    test: isAccessDenied,
    explain: (_e, ctx) => {
      const action = IAM_ACTIONS[ctx.operation] ?? `appstream:${ctx.operation}`;
      return explanation('accessDenied', `Access denied: profile "${ctx.profile}" may not call ${action} in ${ctx.region}.`, `Ask your administrator to allow the IAM action ${action}.`, false);
    },
  },
  { test: isThrottled, explain: (_e, ctx) => explanation('throttled', `AppStream in ${ctx.region} is throttling requests (still after retries).`, 'Wait a moment, then retry.', true) },
  {
    test: isSsoLoginNeeded,
    explain: (_e, ctx) => {
      // An account added from an SSO session has no profile for `--profile`: its session's login.
      const command = ssoLoginCommandFor(ctx.profile) ?? `aws sso login --profile ${ctx.profile}`;
      return explanation('ssoExpired', `The SSO session of profile "${ctx.profile}" has expired or was never started.`, `Run \`${command}\`, then retry.`, true, command);
    },
  },
  {
    test: isMissingCredentials,
    explain: (e, ctx) =>
      explanation('noCredentials', `No usable credentials for profile "${ctx.profile}": ${e.raw}`, 'Add credentials to the profile (keys, sso_session, role_arn, or credential_process), then retry.', true),
  },
  {
    test: isTimeout,
    explain: (_e, ctx) => explanation('timeout', `AppStream in ${ctx.region} did not answer in time.`, 'Check your network or raise appstreamImages.requestTimeoutSeconds, then retry.', true),
  },
  {
    test: isUnreachable,
    explain: (e, ctx) =>
      explanation(
        'unreachable',
        `Cannot reach AppStream in ${ctx.region} (${NETWORK_CODES.exec(`${e.raw} ${e.name}`)?.[0] ?? 'network error'}).`,
        'Check the region name, the endpoint_url of the profile, your network or proxy, then retry.',
        true,
      ),
  },
  {
    test: isBadResponse,
    explain: (_e, ctx) =>
      explanation('badResponse', `AppStream in ${ctx.region} sent a response that could not be read.`, 'This is usually temporary: retry. If it persists, check the endpoint_url of the profile.', true),
  },
  {
    test: isServerError,
    explain: (e, ctx) => explanation('serviceError', `AppStream in ${ctx.region} failed (${e.name}${e.status ? `, HTTP ${e.status}` : ''}).`, "This is on AWS's side: retry in a moment.", true),
  },
];

const UNKNOWN: Rule['explain'] = (e) => explanation('unknown', `${e.name}: ${e.raw}`, 'Retry; if it keeps failing, see the AppStream Images output channel.', true);

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
  const facts: Facts = {
    name: e.name || e.code || e.Code || 'Error',
    raw: redactSecrets(String(e.message ?? error)),
    status: e.$metadata?.httpStatusCode,
    code: e.code,
    fault: e.$fault,
    loginCommand: typeof (e as { loginCommand?: unknown }).loginCommand === 'string' ? (e as { loginCommand: string }).loginCommand : undefined,
  };
  const explain = RULES.find((rule) => rule.test(facts))?.explain ?? UNKNOWN;
  return { ...explain(facts, ctx), code: facts.name };
}

/** Removes anything that looks like an AWS key, secret, session or SSO token from text meant for logs or UI. */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g, '$1****')
    .replace(/(aws_secret_access_key|aws_session_token|secretAccessKey|sessionToken|accessToken|SecretAccessKey|SessionToken|x-amz-security-token|Authorization)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1$2****')
    .replace(/\b[A-Za-z0-9/+]{40}\b/g, '****')
    .replace(/\b[A-Za-z0-9/+=]{100,}\b/g, '****');
}
