import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { isImageRef, isSeenImage, type ImageRef } from '../../aws/imageRef';
import { ui } from '../../platform/ui';
import { ImageNode } from '../../tree/imageNode';
import { PinnedMissingNode } from '../../tree/pinnedNode';

/** The pin a row stands for: a pinned or listed image row, or a pinned row that cannot be shown. */
function refOf(node: unknown): ImageRef | undefined {
  if (node instanceof ImageNode) {
    return node.ref;
  }
  if (node instanceof PinnedMissingNode) {
    return node.ref;
  }
  if (isSeenImage(node)) {
    return node.ref;
  }
  return isImageRef(node) ? node : undefined;
}

/**
 * Unpin: from a row (pinned, listed, or a pinned image that is gone or out of view; several
 * selected), the details panel, or the palette (a quick pick over the pins). Returns what was unpinned.
 */
export async function unpinImage(app: App, node?: unknown, nodes?: unknown): Promise<ImageRef[]> {
  const pins = app.explorer.pins;
  if (!pins) {
    return [];
  }
  let refs: ImageRef[];
  if (Array.isArray(nodes) && nodes.length > 1) {
    refs = nodes.map(refOf).filter((r): r is ImageRef => r !== undefined);
  } else if (refOf(node)) {
    refs = [refOf(node)!];
  } else {
    const all = pins.list();
    if (all.length === 0) {
      void ui.showInformationMessage(vscode.l10n.t('No images are pinned. Right-click an image → Pin to pin one.'));
      return [];
    }
    const picked = await ui.showQuickPick(
      all.map((ref) => ({ label: ref.name, description: `${ref.profile} · ${ref.region}`, detail: ref.arn, ref })),
      { title: vscode.l10n.t('Unpin images'), canPickMany: true, matchOnDescription: true, matchOnDetail: true },
    );
    refs = (picked ?? []).map((p) => p.ref);
  }
  refs = refs.filter((r) => pins.has(r));
  if (refs.length === 0) {
    return [];
  }
  await pins.unpin(refs);
  app.log.info(`Unpinned ${refs.map((r) => `${r.profile} ${r.arn}`).join(', ')}`);
  app.explorer.pinsChanged(refs);
  return refs;
}
