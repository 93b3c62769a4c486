// The AWS layer: no `vscode` here. Loaded lazily (dist/aws.js) on the first AWS call.
export { AppStreamService, CredentialsTimeout, MfaCancelled, ProfileConfigError } from './service';
export { isDeletable, isImageInUse, isTransitional, TRANSITIONAL_STATES, type ImageUsage } from './imageRules';
export { classifyError, redactSecrets, type AwsErrorInfo, type AwsErrorKind } from './errors';
export { loadProfiles, configFilePath, credentialsFilePath } from './profiles';
export { defaultProfileName } from './profileNames';
export * from './types';
export { InvalidInput } from './invalidInput';
export {
  MAX_SHARED_ACCOUNTS,
  UnshareFailed,
  losesFleetAccess,
  normalizeAccountId,
  onlySharingBlocksDelete,
  validateAccountId,
  type ImageShare,
  type SharePermissions,
  type UnshareAndDeleteResult,
} from './sharing';
export {
  CopyBatch,
  IMAGE_NAME_PATTERN,
  MAX_CONCURRENT_COPIES_PER_REGION,
  destinationArn,
  validateImageDescription,
  validateImageName,
  type CopyBatchOptions,
  type CopyBatchProgress,
  type CopyDestination,
  type CopyJobState,
  type CopyJobStatus,
} from './copy';
export {
  MAX_TAGS,
  TagCache,
  hasReadableTags,
  isSystemTagKey,
  matchesTagTerms,
  parseImageFilter,
  tagChanges,
  validateTagKey,
  validateTagValue,
  validateTags,
  type ParsedFilter,
  type TagTerm,
  type TagUpdate,
  type Tags,
} from './tags';
export { quotaIncreaseUrl, quotaLevel, IMAGE_QUOTA_NAME, type ImageQuota, type ImageQuotaStatus, type QuotaLevel } from './quotaRules';
export { SsoDiscoveryCancelled, SsoLoginRequired, type SsoAccountRole, type SsoDiscovery } from './ssoAccounts';
export { parseSsoProfileName, ssoLoginCommand, ssoProfileName, validSsoAccountEntries, type SsoAccountEntry } from './ssoNames';
