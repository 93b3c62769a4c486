import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { isSeenImage, type ImageRef } from '../../aws/imageRef';
import { pickImageNodes } from '../../picks/pickImage';
import { ImageNode } from '../../tree/imageNode';

/**
 * Pin: the image (by its ARN, through the profile and region it was seen in) joins the *Pinned*
 * section at the top of the tree, kept across restarts. From image rows (one or several
 * selected), the details panel (a SeenImage), or the palette (a quick pick). Returns what was pinned.
 */
export async function pinImage(app: App, node?: unknown, nodes?: unknown): Promise<ImageRef[]> {
  const pins = app.explorer.pins;
  if (!pins) {
    return [];
  }
  let refs: ImageRef[];
  if (Array.isArray(nodes) && nodes.length > 1) {
    refs = nodes.filter((n): n is ImageNode => n instanceof ImageNode).flatMap((n) => (n.ref ? [n.ref] : []));
  } else if (node instanceof ImageNode) {
    refs = node.ref ? [node.ref] : [];
  } else if (isSeenImage(node)) {
    refs = [node.ref];
  } else {
    const picked = await pickImageNodes(app, {
      title: vscode.l10n.t('Pin images'),
      filter: (n) => n.ref !== undefined && !pins.has(n.ref),
      canPickMany: true,
    });
    refs = (picked ?? []).flatMap((n) => (n.ref ? [n.ref] : []));
  }
  if (refs.length === 0) {
    return [];
  }
  await pins.pin(refs);
  app.log.info(`Pinned ${refs.map((r) => `${r.profile} ${r.arn}`).join(', ')}`);
  app.explorer.pinsChanged(refs);
  return refs;
}
