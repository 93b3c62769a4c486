// The domain rules about an image, each in one place. Pure: no `vscode`, no SDK at run time, so
// the tree, the commands, the services and the panel's browser script all use these.

import type { SharedImagePermissions } from '@aws-sdk/client-appstream';

/** The parts of an Image these rules read (the SDK's Image, or its JSON in the webview). */
interface ImageFacts {
  Visibility?: unknown;
  State?: unknown;
  Arn?: unknown;
}

/** States in which an image is still changing: worth polling, shown with a spinner. */
export const TRANSITIONAL_STATES: ReadonlySet<string> = new Set([
  'PENDING',
  'CREATING',
  'COPYING',
  'DELETING',
  'IMPORTING',
  'VALIDATING',
]);

export function isTransitional(state: unknown): boolean {
  return typeof state === 'string' && TRANSITIONAL_STATES.has(state);
}

/** Whether our account may delete it: own images that are not already going away. */
export function isDeletable(image: ImageFacts): boolean {
  // An ARN is what binds a delete to the account the user saw.
  return image.Visibility === 'PRIVATE' && image.State !== 'DELETING' && typeof image.Arn === 'string';
}

/** Something a DeleteImage would trip over, found before asking the user. */
export interface ImageUsage {
  fleets: { name: string; state?: string }[];
  imageBuilders: { name: string; state?: string }[];
  sharedWith: SharedImagePermissions[];
}

/** AWS refuses DeleteImage while a fleet or an image builder uses the image, or while it is shared. */
export function isImageInUse(usage: ImageUsage): boolean {
  return usage.fleets.length > 0 || usage.imageBuilders.length > 0 || usage.sharedWith.length > 0;
}

/** Whether our account may copy it to other regions (CopyImage): an own image that is AVAILABLE. */
export function isCopyable(image: ImageFacts): boolean {
  return image.Visibility === 'PRIVATE' && image.State === 'AVAILABLE' && typeof image.Arn === 'string';
}

/** Whether its tags can be edited: an own image with an ARN (tags are kept per ARN), not going away. */
export function isTaggable(image: ImageFacts): boolean {
  return isDeletable(image);
}
