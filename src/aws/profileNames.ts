// Kept free of SDK imports: the activation bundle uses it for the status bar.

/** The profile a user means when they name none: AWS_PROFILE, else `default`. */
export function defaultProfileName(env: NodeJS.ProcessEnv): string {
  return env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default';
}
