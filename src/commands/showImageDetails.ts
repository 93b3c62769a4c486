import * as vscode from 'vscode';
import type { App } from '../app';
import { createImageDetailsHost } from '../imageDetailsHost';
import { imageKeyOf, imageToJson, type ImageTarget } from '../imageTarget';
import { ImageNode } from '../tree/imageNode';
import { ImageDetailsPanel } from '../webview/imageDetailsPanel';
import { imageNodeOrPick } from './pickImage';

/** Opens (or reveals) the details panel of an image: from the tree, a delete message, or a quick pick. */
export async function showImageDetails(app: App, node?: unknown): Promise<ImageDetailsPanel | undefined> {
  const target: ImageTarget | undefined = isTarget(node)
    ? node
    : await imageNodeOrPick(app, node, { title: vscode.l10n.t('Show the details of an image') }).then((n) => n && toTarget(n));
  if (!target) {
    return undefined;
  }
  const key = imageKeyOf(target);
  // What the tree already has shows at once; the panel then refreshes it (with sharing) itself.
  const panel = ImageDetailsPanel.createOrShow(app.context.extensionUri, createImageDetailsHost(app), key, {
    key,
    accountId: target.image.Arn?.split(':')[4] || undefined,
    image: imageToJson(target.image),
    fetchedAt: new Date().toISOString(),
  });
  if (target.image.Visibility === 'PRIVATE') {
    void panel.refresh(); // adds the accounts it is shared with
  }
  return panel;
}

function toTarget(node: ImageNode): ImageTarget {
  return { profile: node.profile, region: node.region, image: node.image };
}

function isTarget(x: unknown): x is ImageTarget {
  const t = x as ImageTarget | undefined;
  return !(x instanceof ImageNode) && typeof t?.profile === 'string' && typeof t.region === 'string' && typeof t.image?.Name === 'string';
}
