// How an image looks in the tree. Pure functions: tested without VS Code.
import type { Image } from '@aws-sdk/client-appstream';
import { isCopyable, isDeletable, isTransitional } from '../aws/imageRules';
import { plainLabel } from '../aws/untrusted';
import { isLaunchable } from '../aws/launchRules';
import { isUpdateCheckable, type UpdateCheck } from '../aws/updateRules';

/** The codicon for an image state; transitional states spin. */
export function stateIcon(state: string | undefined): { id: string; color?: string } {
  switch (state) {
    case 'AVAILABLE':
      return { id: 'pass', color: 'testing.iconPassed' };
    case 'FAILED':
      return { id: 'error', color: 'errorForeground' };
    case 'DELETING':
      return { id: 'loading~spin', color: 'errorForeground' };
    default:
      return isTransitional(state) ? { id: 'loading~spin' } : { id: 'circle-outline' };
  }
}

/**
 * contextValue built from sorted facets, matched in package.json with `viewItem =~ /facet/`.
 * `updatable`: Check for Updates applies; `updateAvailable`: a check said so (Create Updated Image…).
 */
export function imageContextValue(image: Image, update?: UpdateCheck, pinned?: boolean): string {
  // Pushes, not spreads: a tree of thousands of rows computes this once per row, first call cold.
  const facets = [(image.Visibility ?? 'unknown').toLowerCase(), (image.State ?? 'unknown').toLowerCase()];
  if (isDeletable(image)) {
    facets.push('deletable');
  }
  if (isCopyable(image)) {
    facets.push('copyable', 'exportable');
  }
  if (isLaunchable(image)) {
    facets.push('launchable');
  }
  if (image.Arn) {
    facets.push('hasArn');
  }
  if (isTransitional(image.State)) {
    facets.push('transitional');
  }
  if (isUpdateCheckable(image)) {
    facets.push('updatable');
    if (update?.kind === 'available') {
      facets.push('updateAvailable');
    }
  }
  // Pin / Unpin (undefined: a tree without pins); only an image with an ARN can be pinned.
  if (pinned === true) {
    facets.push('pinned');
  } else if (pinned === false && image.Arn) {
    facets.push('unpinned');
  }
  return `image;${facets.sort().join(';')}`;
}

const PLATFORM_LABELS: Record<string, string> = {
  WINDOWS: 'Windows',
  WINDOWS_SERVER_2016: 'Windows Server 2016',
  WINDOWS_SERVER_2019: 'Windows Server 2019',
  WINDOWS_SERVER_2022: 'Windows Server 2022',
  WINDOWS_SERVER_2025: 'Windows Server 2025',
  AMAZON_LINUX2: 'Amazon Linux 2',
  RHEL8: 'RHEL 8',
  ROCKY_LINUX8: 'Rocky Linux 8',
  UBUNTU_PRO_2404: 'Ubuntu Pro 24.04',
};

export function platformLabel(platform: string | undefined): string {
  if (!platform) {
    return 'unknown platform';
  }
  return PLATFORM_LABELS[platform] ?? platform;
}

const AGE_UNITS: readonly (readonly [seconds: number, unit: string])[] = [
  [365 * 86400, 'year'],
  [30 * 86400, 'month'],
  [7 * 86400, 'week'],
  [86400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
];

/** "3 days", "5 months": how old an image is. */
export function ageText(created: Date | undefined, now: Date = new Date()): string {
  if (!created || isNaN(created.getTime())) {
    return '';
  }
  const seconds = Math.max(0, (now.getTime() - created.getTime()) / 1000);
  for (const [size, unit] of AGE_UNITS) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  return 'just now';
}

/** Control and bidi-override characters would let a name disguise itself in the tree. */
export function cleanLabel(text: string, max = 200): string {
  return plainLabel(text, max);
}

/** `DisplayName · State · Platform · age` */
export function imageDescription(image: Image, now?: Date): string {
  const parts: string[] = [];
  const displayName = image.DisplayName && image.DisplayName !== image.Name ? cleanLabel(image.DisplayName, 80) : '';
  if (displayName) {
    parts.push(displayName);
  }
  if (image.State) {
    parts.push(image.State);
  }
  parts.push(platformLabel(image.Platform));
  const age = ageText(image.CreatedTime, now);
  if (age) {
    parts.push(age);
  }
  return parts.join(' · ');
}

/**
 * "shared with 2 accounts" for an own image shared with others (ImageSharedWithOthers), the count
 * once the permission list was read (Manage Sharing, the details panel); "shared" until then.
 */
export function sharingText(image: Image, shareCount?: number): string {
  if (image.Visibility !== 'PRIVATE' || image.ImageSharedWithOthers === 'FALSE') {
    return '';
  }
  if (shareCount !== undefined && shareCount > 0) {
    return shareCount === 1 ? 'shared with 1 account' : `shared with ${shareCount} accounts`;
  }
  return image.ImageSharedWithOthers === 'TRUE' ? 'shared' : '';
}

/** Matches the explorer filter against name, display name, state and platform. */
export function matchesFilter(image: Image, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (!needle) {
    return true;
  }
  return [image.Name, image.DisplayName, image.State, image.Platform, platformLabel(image.Platform)]
    .filter((s): s is string => Boolean(s))
    .some((s) => s.toLowerCase().includes(needle));
}

