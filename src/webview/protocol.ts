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
  /** While true, actions are disabled; `label` says what is going on ("Refreshing…"). */
  | { type: 'busy'; busy: boolean; label?: string }
  /** Loading failed before any data could be shown (a failed refresh of shown data uses `show` with `error`). */
  | { type: 'loadError'; key: ImageKey; error: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'delete' }
  | { type: 'copy'; text: string }
  | { type: 'openConsole' }
  | { type: 'openExternal'; url: string };

/** What the browser script keeps with `vscode.setState`, so the serializer can restore the panel. */
export interface WebviewState {
  key: ImageKey;
}

/** `profile/region/name`: one panel per key. */
export function imageKeyId(key: ImageKey): string {
  return `${key.profile}/${key.region}/${key.name}`;
}

/** Checks a value that crossed the webview boundary (state, messages) is an ImageKey. */
export function isImageKey(value: unknown): value is ImageKey {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  return typeof v.profile === 'string' && typeof v.region === 'string' && typeof v.name === 'string' && v.name !== '';
}
