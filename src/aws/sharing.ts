// Sharing an own image with other AWS accounts: DescribeImagePermissions, UpdateImagePermissions,
// DeleteImagePermissions, and "unshare, then delete". No `vscode` here; the UI goes through
// AppStreamService's thin methods, which hand these functions the service's calls.
import {
  DeleteImagePermissionsCommand,
  DescribeImagePermissionsCommand,
  ResourceNotAvailableException,
  UpdateImagePermissionsCommand,
  type AppStreamClient,
  type Image,
  type SharedImagePermissions,
} from '@aws-sdk/client-appstream';
import { accountOfImageArn, type ImageRef, type SeenImage } from './imageRef';
import { InvalidInput } from './invalidInput';
import type { ServiceCalls } from './service';
import { normalizeAccountId, validateAccountId, type ImageShare, type SharePermissions } from './sharingRules';

// The pure rules (validation as you type, what a change costs) live in sharingRules.ts, without the SDK,
// so the UI uses them without loading the AWS layer; they are re-exported here.
export { MAX_SHARED_ACCOUNTS, losesFleetAccess, normalizeAccountId, onlySharingBlocksDelete, validateAccountId, type ImageShare, type SharePermissions } from './sharingRules';

/** The SDK's permission list, every member present. */
export function toImageShares(list: SharedImagePermissions[]): ImageShare[] {
  return list.map((p) => ({
    accountId: p.sharedAccountId ?? '',
    allowFleet: p.imagePermissions?.allowFleet === true,
    allowImageBuilder: p.imagePermissions?.allowImageBuilder === true,
  }));
}

/** DescribeImagePermissions of an own image, by name (in the account the profile signs in to), all pages. */
export function listImagePermissions(calls: ServiceCalls, profile: string, region: string, name: string): Promise<SharedImagePermissions[]> {
  return calls.client(profile, region).then((client) =>
    calls.allPages(
      profile,
      region,
      'DescribeImagePermissions',
      (token) => client.send(new DescribeImagePermissionsCommand({ Name: name, NextToken: token, MaxResults: 500 })),
      (page) => page.SharedImagePermissionsList,
    ),
  );
}

/**
 * The accounts an image the user sees is shared with. Only an own (PRIVATE) image has a
 * permission list; for a shared or public one this is [] without a request: by name,
 * DescribeImagePermissions would find an own image of the same name instead.
 */
export async function imageShares(calls: ServiceCalls, seen: SeenImage): Promise<ImageShare[]> {
  if (seen.image.Visibility !== 'PRIVATE' || !accountOfImageArn(seen.ref.arn)) {
    return [];
  }
  return toImageShares(await listImagePermissions(calls, seen.ref.profile, seen.ref.region, seen.ref.name));
}

function checkedAccountId(ref: ImageRef, accountId: string): string {
  const problem = validateAccountId(accountId, accountOfImageArn(ref.arn));
  if (problem) {
    throw new InvalidInput(problem);
  }
  return normalizeAccountId(accountId);
}

/** Sharing needs an AVAILABLE image; said before sending when the check just saw another state. */
function requireAvailable(image: Image, what: string): void {
  if (image.State !== 'AVAILABLE') {
    throw new ResourceNotAvailableException({
      message: `The image "${image.Name ?? '?'}" is ${image.State ?? 'in an unknown state'}: ${what} only an AVAILABLE image. Nothing was changed.`,
      $metadata: {},
    });
  }
}

/**
 * Shares an own image with an account, or changes that account's permissions
 * (UpdateImagePermissions), after the identity check every change makes (see
 * AppStreamService.deleteImage). Requests: DescribeImages 1, UpdateImagePermissions 1.
 */
export async function shareImage(
  calls: ServiceCalls,
  ref: ImageRef,
  accountId: string,
  permissions: SharePermissions,
  confirmed: { createdTime?: Date } = {},
): Promise<void> {
  const id = checkedAccountId(ref, accountId);
  const { client, image } = await calls.confirmOwnImage(ref, confirmed, 'shared');
  requireAvailable(image, 'AWS shares');
  await calls.send(ref.profile, ref.region, 'UpdateImagePermissions', () =>
    client.send(
      new UpdateImagePermissionsCommand({
        Name: image.Name,
        SharedAccountId: id,
        ImagePermissions: { allowFleet: permissions.allowFleet, allowImageBuilder: permissions.allowImageBuilder },
      }),
    ),
  );
}

function unshareOne(calls: ServiceCalls, client: AppStreamClient, ref: ImageRef, name: string, accountId: string): Promise<unknown> {
  return calls.send(ref.profile, ref.region, 'DeleteImagePermissions', () =>
    client.send(new DeleteImagePermissionsCommand({ Name: name, SharedAccountId: accountId })),
  );
}

/**
 * Stops sharing an own image with an account (DeleteImagePermissions), after the identity check.
 * That account's fleets using the image can no longer launch new instances from it.
 * Requests: DescribeImages 1, DeleteImagePermissions 1.
 */
export async function unshareImage(calls: ServiceCalls, ref: ImageRef, accountId: string, confirmed: { createdTime?: Date } = {}): Promise<void> {
  const id = checkedAccountId(ref, accountId);
  const { client, image } = await calls.confirmOwnImage(ref, confirmed, 'unshared');
  requireAvailable(image, 'AWS changes the permissions of');
  await unshareOne(calls, client, ref, image.Name ?? ref.name, id);
}

/**
 * An unshare of "unshare, then delete" failed: the image was not deleted. `unshared`: the
 * accounts it was unshared from before (those shares are gone). `cause`: AWS's error.
 */
export class UnshareFailed extends Error {
  override readonly name = 'UnshareFailed';
  readonly operation = 'DeleteImagePermissions';
  constructor(
    readonly image: string,
    readonly accountId: string,
    readonly unshared: readonly string[],
    override readonly cause: unknown,
  ) {
    super(
      `Unsharing "${image}" from account ${accountId} failed, so the image was not deleted` +
        (unshared.length ? ` (it is no longer shared with ${unshared.join(', ')})` : ' (no account was unshared)') +
        `: ${(cause as Error)?.message ?? String(cause)}`,
    );
  }
}

export interface UnshareAndDeleteResult {
  /** The accounts it was unshared from, in order. */
  unshared: string[];
  /** DeleteImage's answer (the image in DELETING). */
  image: Image | undefined;
}

/**
 * "Unshare from N accounts and delete": after one identity check, DeleteImagePermissions for each
 * confirmed account in order, stopping at the first failure (UnshareFailed names the account;
 * nothing is deleted), then the bound `deleteImage` (which checks again, just before it sends).
 * Every id is validated before any request. Requests: DescribeImages 1 + N DeleteImagePermissions
 * + deleteImage's (DescribeImages 1, DeleteImage 1).
 */
export async function unshareAndDelete(
  calls: ServiceCalls,
  ref: ImageRef,
  accountIds: readonly string[],
  confirmed: { createdTime?: Date },
  deleteImage: (ref: ImageRef, confirmed: { createdTime?: Date }) => Promise<Image | undefined>,
  onUnshared?: (accountId: string, index: number) => void,
): Promise<UnshareAndDeleteResult> {
  const ids = accountIds.map((id) => checkedAccountId(ref, id));
  const unshared: string[] = [];
  if (ids.length) {
    const { client, image } = await calls.confirmOwnImage(ref, confirmed, 'unshared or deleted');
    requireAvailable(image, 'AWS changes the permissions of');
    for (const [i, id] of ids.entries()) {
      try {
        await unshareOne(calls, client, ref, image.Name ?? ref.name, id);
      } catch (err) {
        throw new UnshareFailed(ref.name, id, [...unshared], err);
      }
      unshared.push(id);
      onUnshared?.(id, i);
    }
  }
  return { unshared, image: await deleteImage(ref, confirmed) };
}
