import * as vscode from 'vscode';
import { isSeenImage, type ImageRef } from '../../aws/imageRef';
import { isUpdateCheckable } from '../../aws/updateRules';
import type { App } from '../../platform/app';
import { imageNodeOrPick, seenImageOf } from '../../picks/pickImage';
import type { Image } from '@aws-sdk/client-appstream';

/**
 * Create Updated Image…: from the tree (an own image a check found an update for), the details
 * panel's button (an image the user saw), or the palette (a pick of the own AVAILABLE images in
 * view). The update service asks, says what AWS documents, and acts only after the modal yes.
 */
export async function createUpdatedImage(app: App, node?: unknown): Promise<{ ref: ImageRef; image: Image } | undefined> {
  if (isSeenImage(node)) {
    return app.updates.createUpdatedImage(node);
  }
  const picked = await imageNodeOrPick(app, node, {
    title: vscode.l10n.t('Create an updated image (managed image update)'),
    visibilities: ['PRIVATE'],
    filter: (n) => isUpdateCheckable(n.image),
  });
  const target = picked && seenImageOf(picked);
  return target ? app.updates.createUpdatedImage(target) : undefined;
}
