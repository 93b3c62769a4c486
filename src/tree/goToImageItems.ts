// "Go to Image…": how each image of the view reads in the quick pick. Pure: tested without VS Code.
// Everything the user may type (name, display name, account, profile, region, state, platform)
// is in label, description or detail, where VS Code's matcher looks.
import type { Image } from '@aws-sdk/client-appstream';
import { accountOfImageArn } from '../aws/imageRef';
import { cleanLabel, platformLabel } from './imagePresentation';

export interface GoToImageSource {
  image: Image;
  profile: string;
  region: string;
  /** The group that lists it: Private, Shared with me, Public. */
  group: string;
  /** The account the profile signs in to, once known. */
  profileAccountId?: string;
}

export interface GoToImageItem {
  label: string;
  description: string;
  detail: string;
}

type T = (message: string, ...args: Array<string | number | boolean>) => string;
const noL10n: T = (message, ...args) => message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)]));

/** `t` is vscode.l10n.t in the extension. */
/** A quick pick draws `$(name)` as a codicon: cloud text gets VS Code's escape for it (a backslash), as escapeIcons does. */
export function escapeIcons(text: string): string {
  return text.replace(/(\\)?\$\([a-z0-9-]+?(?:~[a-z0-9-]*?)?\)/gi, (match, escaped: string | undefined) => (escaped ? match : `\\${match}`));
}

export function goToImageItem(source: GoToImageSource, t: T = noL10n): GoToImageItem {
  const { image } = source;
  const owner = accountOfImageArn(image.Arn ?? '');
  const account = source.profileAccountId ? `${source.profile} (${source.profileAccountId})` : source.profile;
  return {
    label: escapeIcons(cleanLabel(image.Name ?? '?')),
    description: [image.DisplayName ? escapeIcons(cleanLabel(image.DisplayName, 80)) : '', image.State ?? '', platformLabel(image.Platform)].filter(Boolean).join(' · '),
    detail: [account, source.region, source.group, owner && owner !== source.profileAccountId ? t('owner {0}', owner) : ''].filter(Boolean).join(' · '),
  };
}

/** Sorted as people scan a list: by name, then profile, region, group. */
export function byGoToOrder(a: GoToImageSource, b: GoToImageSource): number {
  return (a.image.Name ?? '').localeCompare(b.image.Name ?? '') || a.profile.localeCompare(b.profile) || a.region.localeCompare(b.region) || a.group.localeCompare(b.group);
}
