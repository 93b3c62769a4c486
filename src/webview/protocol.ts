// Messages between the details panel (extension side) and its browser script.
// Dates travel as ISO strings: postMessage serializes to JSON.

import type { ImageRef } from '../aws/imageRef';

export type { ImageRef };

/** What the panel shows about one image. `image` is the AWS `Image` as JSON (dates as ISO strings). */
export interface ImageDetailsData {
  key: ImageRef;
  accountId?: string;
  image: Record<string, unknown>;
  /** Accounts this (own) image is shared with, from DescribeImagePermissions; undefined when not looked up. */
  sharedWith?: { sharedAccountId: string; imagePermissions?: { allowFleet?: boolean; allowImageBuilder?: boolean } }[];
  /** Set when the last refresh failed; the last good image stays shown. */
  error?: string;
  /**
   * Load application icons from their URLs. Only for own images by default: the URLs of a shared
   * or public image belong to another account, and fetching them tells it the user's IP address.
   */
  iconsAllowed?: boolean;
  /** True when the image was deleted and is gone. */
  gone?: boolean;
  /** The image's tags (ListTagsForResource, cached until a refresh); undefined when not read (not an own image, or failed). */
  tags?: Record<string, string>;
  /** Why the tags could not be read or saved (the last tags stay shown). */
  tagsError?: string;
  /** The tags can be edited here: an own image, not going away. */
  tagsEditable?: boolean;
  /** What Check for Updates said (until a refresh of the tree); undefined when not checked. */
  update?: { available: boolean; text: string };
  /** Whether the image (this profile, this ARN) is pinned to the top of the tree; undefined when the view keeps no pins. */
  pinned?: boolean;
  fetchedAt: string;
}

export type ToWebview =
  | { type: 'show'; data: ImageDetailsData }
  /** While true, actions are disabled; `label` says what is going on ("Refreshing…"). */
  | { type: 'busy'; busy: boolean; label?: string }
  /** Loading failed before any data could be shown (a failed refresh of shown data uses `show` with `error`). */
  | { type: 'loadError'; key: ImageRef; error: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'delete' }
  | { type: 'copy'; text: string }
  | { type: 'openConsole' }
  | { type: 'openExternal'; url: string }
  /** The user asked to load the image's icon from another account's URL (not fetched before). */
  | { type: 'loadIcon' }
  /** Give the image the tags `after`, edited from `before` (the tags shown). */
  | { type: 'saveTags'; before: Record<string, string>; after: Record<string, string> }
  /** Start "Copy to Regions…" for this image. */
  | { type: 'copyToRegions' }
  /** Start "Create Updated Image…" for this image (a check found an update). */
  | { type: 'createUpdatedImage' }
  /** Pin / Unpin the image (the button says which; not a toggle, so a stale page cannot do the opposite). */
  | { type: 'pin' }
  | { type: 'unpin' }
  /** Sharing (an own image): the list (no action), share with an account, change one, stop sharing with one. */
  | { type: 'sharing'; action?: PanelSharingAction };

/** What the panel's sharing buttons ask for (the sharing service's SharingAction). */
export type PanelSharingAction = { action: 'add' } | { action: 'change'; accountId: string } | { action: 'remove'; accountIds: string[] };

/** What the browser script keeps with `vscode.setState`, so the serializer can restore the panel. */
export interface WebviewState {
  key: ImageRef;
}

/** The Image as JSON for the webview: dates become ISO strings. */
export function imageToJson(image: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(image)) as Record<string, unknown>; // Date.toJSON gives ISO strings
}
