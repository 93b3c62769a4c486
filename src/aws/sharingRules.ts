// The pure rules of sharing an image: no `vscode`, no SDK at run time, so the commands, the sharing
// and delete services and the tree use them without loading the AWS layer (sharing.ts re-exports them).
import type { ImageUsage } from './imageRules';

/** One account an image is shared with, and what it may do with it. */
export interface ImageShare {
  accountId: string;
  /** The account's fleets may launch instances from the image. */
  allowFleet: boolean;
  /** The account's image builders may be launched from the image. */
  allowImageBuilder: boolean;
}

export interface SharePermissions {
  allowFleet: boolean;
  allowImageBuilder: boolean;
}

/** AWS's quota: "Number of AWS accounts an image can be shared with: 100". */
export const MAX_SHARED_ACCOUNTS = 100;

/** The console writes account ids as 1111-2222-3333; people paste them so. */
export function normalizeAccountId(text: string): string {
  return text.replace(/[\s-]/g, '');
}

/**
 * Why `text` is not an account id an image can be shared with, or undefined when it is (after
 * normalizeAccountId). For as-you-type validation, and checked again before any request.
 * `ownerAccount`: the account that owns the image (an image is not shared with its owner).
 */
export function validateAccountId(text: string, ownerAccount?: string): string | undefined {
  const id = normalizeAccountId(text);
  if (!id) {
    return 'Enter the 12-digit ID of an AWS account.';
  }
  if (!/^\d+$/.test(id)) {
    return 'An AWS account ID has only digits (12 of them).';
  }
  if (id.length !== 12) {
    return `An AWS account ID has 12 digits; this has ${id.length}.`;
  }
  if (ownerAccount && id === ownerAccount) {
    return `${id} is the account that owns the image: share it with another account.`;
  }
  return undefined;
}

/** Removing an account, or its fleet permission, stops its fleets from launching new instances from the image. */
export function losesFleetAccess(before: Pick<ImageShare, 'allowFleet'> | undefined, after: Pick<ImageShare, 'allowFleet'> | undefined): boolean {
  return before?.allowFleet === true && after?.allowFleet !== true;
}

/** Sharing is the only thing that keeps DeleteImage from deleting the image: "Unshare from N accounts and delete" can help. */
export function onlySharingBlocksDelete(usage: ImageUsage): boolean {
  return usage.sharedWith.length > 0 && usage.fleets.length === 0 && usage.imageBuilders.length === 0;
}
