// The AWS layer: no `vscode` here. Loaded lazily (dist/aws.js) on the first AWS call.
export { AppStreamService, CredentialsTimeout, MfaCancelled, ProfileConfigError, isImageInUse, type ImageUsage } from './service';
export { classifyError, redactSecrets, type AwsErrorInfo, type AwsErrorKind } from './errors';
export { loadProfiles, configFilePath, credentialsFilePath } from './profiles';
export { defaultProfileName } from './profileNames';
export * from './types';
