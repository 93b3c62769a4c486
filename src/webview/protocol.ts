// Messages between the details panel (extension side) and its browser script.
// Dates travel as ISO strings: postMessage serializes to JSON.

/** Identifies one image in one account and region. */
export interface ImageKey {
  profile: string;
  region: string;
  name: string;
}

/** What the panel shows about one image. `image` is the AWS `Image` as JSON (dates as ISO strings). */
export interface ImageDetailsData {
  key: ImageKey;
  accountId?: string;
  image: Record<string, unknown>;
  /** Accounts this (own) image is shared with, from DescribeImagePermissions; undefined when not looked up. */
  sharedWith?: { sharedAccountId: string; imagePermissions?: { allowFleet?: boolean; allowImageBuilder?: boolean } }[];
  /** Set when the last refresh failed; the last good image stays shown. */
  error?: string;
  /** True when the image was deleted and is gone. */
  gone?: boolean;
  fetchedAt: string;
}

export type ToWebview =
  | { type: 'show'; data: ImageDetailsData }
  | { type: 'busy'; busy: boolean };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'delete' }
  | { type: 'copy'; text: string }
  | { type: 'openConsole' }
  | { type: 'openExternal'; url: string };
