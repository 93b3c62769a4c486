import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { accountOfImageArn, isSeenImage, type SeenImage } from '../../aws/imageRef';
import { createImageDetailsHost } from '../../webview/imageDetailsHost';
import { ImageDetailsPanel } from '../../webview/imageDetailsPanel';
import { imageToJson } from '../../webview/protocol';
import { imageNodeOrPick, seenImageOf } from '../../picks/pickImage';

/** Opens (or reveals) the details panel of an image: from the tree, a delete message, or a quick pick. */
export async function showImageDetails(app: App, node?: unknown): Promise<ImageDetailsPanel | undefined> {
  const target: SeenImage | undefined = isSeenImage(node)
    ? node
    : await imageNodeOrPick(app, node, { title: vscode.l10n.t('Show the details of an image'), filter: (n) => n.ref !== undefined }).then((n) => n && seenImageOf(n));
  if (!target) {
    return undefined;
  }
  const key = target.ref;
  // What the tree already has shows at once; the panel then refreshes it (with sharing) itself.
  const panel = ImageDetailsPanel.createOrShow(app.context.extensionUri, createImageDetailsHost(app), key, {
    key,
    accountId: accountOfImageArn(key.arn),
    image: imageToJson(target.image),
    fetchedAt: new Date().toISOString(),
  });
  if (target.image.Visibility === 'PRIVATE') {
    void panel.refresh(); // adds the accounts it is shared with
  }
  return panel;
}
