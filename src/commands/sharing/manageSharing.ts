import * as vscode from 'vscode';
import { isSeenImage, type SeenImage } from '../../aws/imageRef';
import type { App } from '../../platform/app';
import { imageNodeOrPick, seenImageOf } from '../../picks/pickImage';
import type { SharingAction } from '../../services/sharingService';

/**
 * Manage Sharing…: the accounts an own image is shared with, and adding, changing or removing
 * them. From the tree (an own image), the palette (a quick pick of own images in view), or the
 * details panel (with an action: share with an account, change one, stop sharing). The sharing
 * service asks and acts. Returns how many changes were made.
 */
export async function manageSharing(app: App, node?: unknown, action?: unknown): Promise<number> {
  const target: SeenImage | undefined = isSeenImage(node)
    ? node
    : await imageNodeOrPick(app, node, {
        title: vscode.l10n.t('Manage the sharing of an image'),
        visibilities: ['PRIVATE'],
        filter: (n) => n.ref !== undefined,
      }).then((n) => n && seenImageOf(n));
  if (!target) {
    return 0;
  }
  // From the tree, the second argument is the selection (an array): then it is the list.
  if (isSharingAction(action)) {
    return (await app.sharing.run(target, action)) ? 1 : 0;
  }
  return app.sharing.manage(target);
}

function isSharingAction(value: unknown): value is SharingAction {
  const v = value as Partial<{ action: string; accountId: unknown; accountIds: unknown }> | undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return false;
  }
  return (
    v.action === 'add' ||
    (v.action === 'change' && typeof v.accountId === 'string') ||
    (v.action === 'remove' && Array.isArray(v.accountIds) && v.accountIds.every((a) => typeof a === 'string'))
  );
}
