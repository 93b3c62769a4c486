import * as vscode from 'vscode';
import { isDeletable } from '../../aws/imageRules';
import { isSeenImage, type SeenImage } from '../../aws/imageRef';
import type { App } from '../../platform/app';
import { pickImageNodes, seenImageOf } from '../../picks/pickImage';
import type { DeleteOutcome } from '../../services/deleteService';
import { ImageNode } from '../../tree/imageNode';

/**
 * Delete Image: from the tree (one or several selected, or the Delete key on the selection), the
 * palette (a quick pick), or an image passed by another command. The delete service asks and acts.
 */
export async function deleteImage(app: App, node?: unknown, nodes?: unknown): Promise<DeleteOutcome[]> {
  const targets = await resolveTargets(app, node, nodes);
  return targets ? app.deletes.deleteImages(targets) : [];
}

async function resolveTargets(app: App, node: unknown, nodes: unknown): Promise<SeenImage[] | undefined> {
  // The Delete key passes { useSelection: true }: act on what is selected in the tree.
  if ((node as { useSelection?: boolean } | undefined)?.useSelection) {
    const selected = app.treeView.selection.filter((n): n is ImageNode => n instanceof ImageNode);
    return selected.length > 0 ? toTargets(selected) : undefined;
  }
  if (Array.isArray(nodes) && nodes.length > 1) {
    return toTargets(nodes.filter((n): n is ImageNode => n instanceof ImageNode));
  }
  if (node instanceof ImageNode) {
    return toTargets([node]);
  }
  if (isSeenImage(node)) {
    return [node];
  }
  const picked = await pickImageNodes(app, {
    title: vscode.l10n.t('Delete AppStream images'),
    visibilities: ['PRIVATE'],
    filter: (n) => isDeletable(n.image),
    canPickMany: true,
  });
  return picked && toTargets(picked);
}

/** Nodes without an ARN cannot be bound to an account: they are not deletable (see isDeletable). */
function toTargets(nodes: ImageNode[]): SeenImage[] {
  return nodes.map(seenImageOf).filter((t): t is SeenImage => t !== undefined);
}
