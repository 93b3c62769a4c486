import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { collectImageNodes, seenImageOf } from '../../picks/pickImage';
import { GroupNode } from '../../tree/groupNode';
import { ImageNode } from '../../tree/imageNode';
import { RegionNode } from '../../tree/regionNode';
import type { SeenImage } from '../../aws/imageRef';
import type { CheckSummary } from '../../services/updateService';

/**
 * Check for Updates: on an own image row, a Private group or a region node (its Private group),
 * or from the palette (every Private group in view). One CreateUpdatedImage dry run per own
 * AVAILABLE image, only now (never on a plain expand); the rows say "update available".
 */
export async function checkForUpdates(app: App, node?: unknown, selected?: unknown): Promise<CheckSummary | undefined> {
  let nodes: readonly ImageNode[];
  let where: string;
  const rows = Array.isArray(selected) ? selected.filter((n): n is ImageNode => n instanceof ImageNode) : [];
  if (node instanceof ImageNode && rows.length > 1) {
    nodes = rows; // several rows selected
    where = vscode.l10n.t('the {0} selected images', rows.length);
  } else if (node instanceof ImageNode) {
    nodes = [node];
    where = `"${node.name}"`;
  } else if (node instanceof GroupNode || node instanceof RegionNode) {
    const group = node instanceof RegionNode ? node.privateGroup : node;
    await group.ensureLoaded();
    nodes = group.imageNodes;
    where = `${group.profile} ${group.region}`;
  } else {
    nodes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing AppStream images…') }, () =>
      collectImageNodes(app, ['PRIVATE']),
    );
    where = vscode.l10n.t('the profiles and regions in view');
  }
  const seen = nodes.map(seenImageOf).filter((s): s is SeenImage => s !== undefined);
  return app.updates.checkImages(seen, where);
}
