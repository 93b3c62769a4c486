// The AWS layer: no `vscode` here. Loaded lazily (dist/aws.js) on the first AWS call.
export { AppStreamService, CredentialsTimeout, MfaCancelled, ProfileConfigError } from './service';
export { isDeletable, isImageInUse, isTransitional, TRANSITIONAL_STATES, type ImageUsage } from './imageRules';
export { classifyError, redactSecrets, type AwsErrorInfo, type AwsErrorKind } from './errors';
export { loadProfiles, configFilePath, credentialsFilePath } from './profiles';
export { defaultProfileName } from './profileNames';
export * from './types';
