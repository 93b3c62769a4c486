// What the one command wrapper (registerCommands.ts) does with an error a command threw. No
// `vscode`: tested without VS Code (test/unit/commands/commandErrors.test.ts).
import { classifyError, redactSecrets } from '../aws/errors';

/** A user's cancel: VS Code's CancellationError (and anything else named 'Canceled'). */
export function isCancellation(err: unknown): boolean {
  return (err as { name?: unknown } | undefined)?.name === 'Canceled';
}

/** The profile and region a command acted in, when its argument says (a tree node, an image the user saw). */
export function targetOf(arg: unknown): { profile: string; region: string } | undefined {
  const candidates = [arg, (arg as { ref?: unknown } | undefined)?.ref];
  for (const c of candidates) {
    const v = c as { profile?: unknown; region?: unknown } | undefined;
    if (typeof v?.profile === 'string' && typeof v.region === 'string') {
      return { profile: v.profile, region: v.region };
    }
  }
  return undefined;
}

/**
 * What to show and what to log for an error a command threw; undefined for a cancel (silent).
 * AWS errors get the same explanation (classifyError) as in the tree; any other error its own
 * message. The log line carries the stack. Secrets are removed from both.
 */
export function commandFailure(commandId: string, err: unknown, arg?: unknown): { show: string; log: string; fixCommand?: string } | undefined {
  if (isCancellation(err)) {
    return undefined;
  }
  const target = targetOf(arg);
  // The operation: the command's own name, which is the API's for those that make one call (deleteImage → DeleteImage).
  const name = commandId.replace(/^.*\./, '');
  const info = classifyError(err, { profile: target?.profile ?? '?', region: target?.region ?? '?', operation: name.charAt(0).toUpperCase() + name.slice(1) });
  const show = info.kind === 'unknown' ? redactSecrets(err instanceof Error ? err.message || err.name : String(err)) : `${info.message} ${info.advice}`;
  const stack = err instanceof Error && err.stack ? `\n${redactSecrets(err.stack)}` : '';
  return { show, log: `${commandId}: ${info.code}: ${show}${stack}`, ...(info.fixCommand ? { fixCommand: info.fixCommand } : {}) };
}
