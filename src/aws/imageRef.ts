import type { Image } from '@aws-sdk/client-appstream';

// One image identity for the whole extension: its ARN, seen through one profile in one region.
// Names are not unique across accounts (a shared image can be named like an own one), so every
// id, key, refresh and action goes by the ARN. No `vscode` and no SDK here.

/** An image as the user saw it: through `profile`, in `region`, identified by `arn`. */
export interface ImageRef {
  profile: string;
  region: string;
  /** `arn:aws:appstream:<region>:<account>:image/<name>`; public images have an empty account. */
  arn: string;
  /** For display and for DeleteImage, which takes a name (in the caller's own account). */
  name: string;
}

export interface ImageArnParts {
  partition: string;
  region: string;
  /** '' for AWS's public images. */
  account: string;
  name: string;
}

const IMAGE_ARN = /^arn:(aws[a-z-]*):appstream:([a-z0-9-]+):(\d{12}|):image\/(.+)$/;

/** The parts of an AppStream image ARN, or undefined when it is not one. */
export function parseImageArn(arn: string | undefined): ImageArnParts | undefined {
  const m = arn ? IMAGE_ARN.exec(arn) : null;
  return m ? { partition: m[1], region: m[2], account: m[3], name: m[4] } : undefined;
}

/** The owning account of an image ARN; undefined for public images and for anything that is not an image ARN. */
export function accountOfImageArn(arn: string | undefined): string | undefined {
  return parseImageArn(arn)?.account || undefined;
}

/** " (111111111111)" for an image ARN with an owning account, "" otherwise: names repeat across accounts. */
export function accountSuffix(arn: string | undefined): string {
  const account = accountOfImageArn(arn);
  return account ? ` (${account})` : '';
}

/** The one key of an image in view: the same ARN seen through two profiles is two keys (two tree items). */
export function imageRefKey(ref: Pick<ImageRef, 'profile' | 'arn'>): string {
  return `${ref.profile}\u0000${ref.arn}`;
}

/** The ref of an image as listed; undefined when AWS returned it without an ARN (nothing can act on it). */
export function imageRefOf(profile: string, region: string, image: { Arn?: string; Name?: string }): ImageRef | undefined {
  return image.Arn ? { profile, region, arn: image.Arn, name: image.Name ?? parseImageArn(image.Arn)?.name ?? '' } : undefined;
}

/** Checks a value that crossed a boundary (webview state, command arguments) is an ImageRef. */
export function isImageRef(value: unknown): value is ImageRef {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  return typeof v.profile === 'string' && typeof v.region === 'string' && typeof v.name === 'string' && typeof v.arn === 'string' && parseImageArn(v.arn) !== undefined;
}

/** An image as the user saw it: who it is, and what AWS last said about it. */
export interface SeenImage {
  ref: ImageRef;
  image: Image;
}

/** A SeenImage that crossed a boundary (a command argument from a message or another command). */
export function isSeenImage(value: unknown): value is SeenImage {
  const v = value as Partial<SeenImage> | undefined;
  return typeof v === 'object' && v !== null && isImageRef(v.ref) && typeof v.image === 'object' && v.image !== null;
}

/** Things of one profile and region: what one AWS client reaches. */
export interface Place<T> {
  profile: string;
  region: string;
  items: T[];
}

/** Groups things per profile and region, in first-seen order (one DescribeImages call's reach per group). */
export function byPlace<T extends { profile: string; region: string }>(items: readonly T[]): Place<T>[] {
  const places = new Map<string, Place<T>>();
  for (const item of items) {
    const key = `${item.profile}\u0000${item.region}`;
    const place = places.get(key) ?? { profile: item.profile, region: item.region, items: [] };
    place.items.push(item);
    places.set(key, place);
  }
  return [...places.values()];
}
