import * as vscode from 'vscode';
import type { App } from '../platform/app';
import { accountSuffix, type SeenImage } from '../aws/imageRef';
import { ImageNode } from '../tree/imageNode';
import { ui } from '../platform/ui';

/** Loads the given groups of every profile and region in view and returns their image nodes. */
export async function collectImageNodes(app: App, visibilities: string[]): Promise<ImageNode[]> {
  await app.explorer.getChildren();
  const groups = app.explorer.profiles.flatMap((p) => p.regions.flatMap((r) => r.groups.filter((g) => visibilities.includes(g.visibility))));
  const children = await Promise.all(groups.map((g) => g.getChildren()));
  return children.flat().filter((n): n is ImageNode => n instanceof ImageNode);
}

/** The command's target: the clicked node, or a quick pick over the images in view. */
export async function imageNodeOrPick(
  app: App,
  node: unknown,
  options: { title: string; visibilities?: string[]; filter?: (n: ImageNode) => boolean },
): Promise<ImageNode | undefined> {
  if (node instanceof ImageNode) {
    return node;
  }
  const picked = await pickImageNodes(app, { ...options, canPickMany: false });
  return picked?.[0];
}

export async function pickImageNodes(
  app: App,
  options: { title: string; visibilities?: string[]; filter?: (n: ImageNode) => boolean; canPickMany: boolean },
): Promise<ImageNode[] | undefined> {
  const nodes = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing AppStream images…') },
    () => collectImageNodes(app, options.visibilities ?? ['PRIVATE', 'SHARED', 'PUBLIC']),
  );
  const candidates = nodes.filter(options.filter ?? (() => true));
  if (candidates.length === 0) {
    void ui.showInformationMessage(vscode.l10n.t('No matching images in the profiles and regions in view.'));
    return undefined;
  }
  const items = candidates.map((n) => ({
    label: n.name,
    // The account too: two accounts may share images of the same name.
    description: [n.image.State, `${n.profile}${accountSuffix(n.image.Arn)}`, n.region].filter(Boolean).join(' · '),
    detail: n.image.DisplayName,
    node: n,
  }));
  if (options.canPickMany) {
    const picked = await ui.showQuickPick(items, { title: options.title, canPickMany: true, matchOnDescription: true, matchOnDetail: true });
    return picked?.map((p) => p.node);
  }
  const picked = await ui.showQuickPick(items, { title: options.title, matchOnDescription: true, matchOnDetail: true });
  return picked ? [picked.node] : undefined;
}

/** What a command acts on for a tree node; undefined when AWS gave the image no ARN. */
export function seenImageOf(node: ImageNode): SeenImage | undefined {
  const ref = node.ref;
  return ref ? { ref, image: node.image } : undefined;
}
