// Managed image updates (CreateUpdatedImage), the rules without the SDK: which images a check
// asks about, the new image's name (AWS's pattern, checked as the user types and again before any
// request), its default, and what a check found. No `vscode` here.
import { validateImageDescription, validateImageName } from './copyRules';

/** AWS's quota "Concurrent image updates": at most this many run at once per Region (by default). */
export const MAX_CONCURRENT_IMAGE_UPDATES = 5;
export const MAX_DISPLAY_NAME_LENGTH = 100;
/** CreateUpdatedImage's newImageName: the model's pattern; AWS also refuses these prefixes. */
const RESERVED_PREFIX = /^(Amazon|AWS|AppStream)/i;

/** The parts of an Image these rules read (the SDK's, or its JSON in the webview). */
interface ImageFacts {
  Visibility?: unknown;
  State?: unknown;
  Arn?: unknown;
}

/** A check (CreateUpdatedImage with dryRun) is asked only about own AVAILABLE images with an ARN. */
export function isUpdateCheckable(image: ImageFacts): boolean {
  return image.Visibility === 'PRIVATE' && image.State === 'AVAILABLE' && typeof image.Arn === 'string';
}

/** Why AWS would refuse this new image name, or undefined (as the user types; again before sending). */
export function validateUpdatedImageName(text: string): string | undefined {
  const problem = validateImageName(text);
  if (problem) {
    return problem.replace('Enter a name for the copy.', 'Enter a name for the updated image.');
  }
  return RESERVED_PREFIX.test(text) ? 'AWS refuses image names that begin with "Amazon", "AWS" or "AppStream".' : undefined;
}

/** Why AWS would refuse this display name, or undefined. */
export function validateUpdatedDisplayName(text: string): string | undefined {
  return text.length > MAX_DISPLAY_NAME_LENGTH ? `A display name has at most ${MAX_DISPLAY_NAME_LENGTH} characters; this has ${text.length}.` : undefined;
}

export { validateImageDescription as validateUpdatedDescription };

/** `<name>-updated-<yyyymmdd>` (UTC), the source's name shortened so the whole fits AWS's 101 characters. */
export function defaultUpdatedName(source: string, now: Date = new Date()): string {
  const date = now.toISOString().slice(0, 10).replace(/-/g, '');
  const suffix = `-updated-${date}`;
  const base = source.slice(0, 101 - suffix.length).replace(/[^a-zA-Z0-9_.-]/g, '-');
  const name = `${base}${suffix}`;
  return validateUpdatedImageName(name) ? `image${suffix}` : name;
}

/** What one check found about an image. */
export type UpdateCheck =
  /** AWS answered canUpdateImage true: Create Updated Image is offered. */
  | { kind: 'available'; checkedAt: number }
  /** canUpdateImage false: the image has the latest updates. */
  | { kind: 'upToDate'; checkedAt: number }
  /** IncompatibleImageException: managed updates do not apply to it (platform, old base image). */
  | { kind: 'notSupported'; checkedAt: number; reason: string }
  /** The check failed (AWS's error, explained by classifyError). */
  | { kind: 'failed'; checkedAt: number; error: unknown };

/** One line for the tree's tooltip and the details panel. */
export function updateCheckText(check: UpdateCheck): string {
  switch (check.kind) {
    case 'available':
      return 'update available (Create Updated Image… makes a new image with the latest updates)';
    case 'upToDate':
      return 'no update available: the image has the latest updates';
    case 'notSupported':
      return `managed updates do not apply: ${check.reason}`;
    case 'failed':
      return `the check failed: ${(check.error as Error)?.name ?? 'Error'}`;
  }
}

/** What AWS documents, said before the user's yes. */
export const UPDATE_FACTS =
  'AWS launches an image builder in your account to install the updates and create the new image: it is billed like any image builder while it runs and counts against your "Image builders" quota; at most 5 image updates run at once per Region, and an update can take several hours. The source image is not changed.';
