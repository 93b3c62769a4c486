import * as vscode from 'vscode';
import { isCopyable } from '../../aws/imageRules';
import { isSeenImage } from '../../aws/imageRef';
import type { App } from '../../platform/app';
import { imageNodeOrPick, seenImageOf } from '../../picks/pickImage';
import type { CopyOutcome } from '../../services/copyService';

/**
 * Copy to Regions…: from the tree (an own AVAILABLE image), the details panel's button (an image
 * the user saw), or the palette (a quick pick of the copyable images in view). The copy service
 * asks and acts.
 */
export async function copyImage(app: App, node?: unknown): Promise<CopyOutcome | undefined> {
  if (isSeenImage(node)) {
    return app.copies.copyImage(node);
  }
  const picked = await imageNodeOrPick(app, node, {
    title: vscode.l10n.t('Copy an AppStream image to other regions'),
    visibilities: ['PRIVATE'],
    filter: (n) => isCopyable(n.image),
  });
  const target = picked && seenImageOf(picked);
  return target ? app.copies.copyImage(target) : undefined;
}
