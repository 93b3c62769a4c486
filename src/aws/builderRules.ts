// The domain rules about an image builder, each in one place. Pure: no `vscode`, no SDK at run
// time, so the tree, the commands and the AWS layer all use these (AWS's "Image Builder Actions":
// Start needs STOPPED, Stop and Connect need RUNNING, Delete needs STOPPED; nothing is possible
// in an intermediate state).

/** An image builder as the user saw it: through `profile`, in `region`, identified by `arn`. */
export interface BuilderRef {
  profile: string;
  region: string;
  /** `arn:aws:appstream:<region>:<account>:image-builder/<name>`. */
  arn: string;
  /** For display and for the actions, which take a name (in the caller's own account). */
  name: string;
}

/** The parts of an ImageBuilder these rules read (the SDK's, or its JSON). */
interface BuilderFacts {
  State?: unknown;
  Arn?: unknown;
  Name?: unknown;
}

/** States in which a builder is still changing: polled, shown spinning, no action possible. */
export const TRANSITIONAL_BUILDER_STATES: ReadonlySet<string> = new Set([
  'PENDING',
  'UPDATING_AGENT',
  'STOPPING',
  'REBOOTING',
  'SNAPSHOTTING',
  'DELETING',
  'UPDATING',
  'PENDING_QUALIFICATION',
  'PENDING_SYNCING_APPS',
  'SYNCING_APPS',
  'PENDING_IMAGE_IMPORT',
]);

export function isBuilderTransitional(state: unknown): boolean {
  return typeof state === 'string' && TRANSITIONAL_BUILDER_STATES.has(state);
}

export type BuilderAction = 'start' | 'stop' | 'delete' | 'connect';

/** The state each action needs (AWS's Image Builder Actions; AWS also deletes a FAILED builder). */
const NEEDS: Record<BuilderAction, readonly string[]> = {
  start: ['STOPPED'],
  stop: ['RUNNING'],
  delete: ['STOPPED', 'FAILED'],
  connect: ['RUNNING'],
};

export function canBuilder(action: BuilderAction, builder: BuilderFacts): boolean {
  return typeof builder.State === 'string' && NEEDS[action].includes(builder.State) && typeof builder.Arn === 'string';
}

/**
 * Why `action` cannot be done on a builder in its state, in the user's terms (say to wait while
 * it is busy), or undefined when it can.
 */
export function builderActionRefusal(action: BuilderAction, builder: BuilderFacts): string | undefined {
  if (canBuilder(action, builder)) {
    return undefined;
  }
  const name = String(builder.Name ?? '?');
  const state = String(builder.State ?? 'unknown');
  if (typeof builder.Arn !== 'string') {
    return `AWS listed the image builder "${name}" without an ARN: it cannot be bound to an account, so nothing is done.`;
  }
  const verb = { start: 'started', stop: 'stopped', delete: 'deleted', connect: 'opened in the browser' }[action];
  const needed = NEEDS[action].join(' or ');
  if (state === 'SNAPSHOTTING') {
    return `The image builder "${name}" is creating an image (SNAPSHOTTING): it cannot be ${verb} until that finishes. Wait until it is ${needed} again, then retry.`;
  }
  if (isBuilderTransitional(state)) {
    return `The image builder "${name}" is ${state}: it cannot be ${verb} until that finishes. Wait until it is ${needed}, then retry.`;
  }
  return `The image builder "${name}" is ${state}: it can be ${verb} only when it is ${needed}.`;
}

/** contextValue facets for menus: `builder;<state>;<can…>;transitional`, sorted. */
export function builderContextValue(builder: BuilderFacts): string {
  const facets = [
    String(builder.State ?? 'unknown').toLowerCase(),
    ...(['start', 'stop', 'delete', 'connect'] as const).filter((a) => canBuilder(a, builder)).map((a) => `can${a.charAt(0).toUpperCase()}${a.slice(1)}`),
    ...(isBuilderTransitional(builder.State) ? ['transitional'] : []),
    ...(typeof builder.Arn === 'string' ? ['hasArn'] : []),
  ].sort();
  return ['builder', ...facets].join(';');
}

const BUILDER_ARN = /^arn:(aws[a-z-]*):appstream:([a-z0-9-]+):(\d{12}):image-builder\/(.+)$/;

/** The owning account of an image builder ARN, or undefined when it is not one. */
export function accountOfBuilderArn(arn: string | undefined): string | undefined {
  const m = arn ? BUILDER_ARN.exec(arn) : null;
  return m ? m[3] : undefined;
}

/** The ref of a builder as listed; undefined without an ARN (nothing can act on it). */
export function builderRefOf(profile: string, region: string, builder: { Arn?: string; Name?: string }): BuilderRef | undefined {
  return builder.Arn ? { profile, region, arn: builder.Arn, name: builder.Name ?? '' } : undefined;
}

/** The Validity (seconds) of the streaming URLs we ask for: short, since the URL is a credential. */
export const STREAMING_URL_VALIDITY_SECONDS = 300;
