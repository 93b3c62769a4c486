import type { Image } from '@aws-sdk/client-appstream';
import type { ImageKey } from './webview/protocol';

/** One image in one account and region, with what we last knew of it. */
export interface ImageTarget {
  profile: string;
  region: string;
  image: Image;
}

export function targetKey(t: { profile: string; region: string; name?: string; image?: Image }): string {
  return `${t.profile}\u0000${t.region}\u0000${t.name ?? t.image?.Name ?? ''}`;
}

export function imageKeyOf(t: ImageTarget): ImageKey {
  return { profile: t.profile, region: t.region, name: t.image.Name ?? '' };
}

/** The Image as JSON for the webview: dates become ISO strings. */
export function imageToJson(image: Image): Record<string, unknown> {
  return JSON.parse(JSON.stringify(image)) as Record<string, unknown>; // Date.toJSON gives ISO strings
}
