import * as vscode from 'vscode';
import type { App } from '../platform/app';
import { BuilderNode } from '../tree/builderNode';
import { ui } from '../platform/ui';

/** Loads the "Image builders" group of every profile and region in view and returns their builder nodes. */
export async function collectBuilderNodes(app: App): Promise<BuilderNode[]> {
  await app.explorer.getChildren();
  const groups = app.explorer.profiles.flatMap((p) => p.regions.map((r) => r.builders));
  const children = await Promise.all(groups.map((g) => g.getChildren()));
  return children.flat().filter((n): n is BuilderNode => n instanceof BuilderNode);
}

/** The command's target: the clicked builder, or a quick pick over the builders in view that `filter` keeps. */
export async function builderNodeOrPick(app: App, node: unknown, options: { title: string; filter?: (n: BuilderNode) => boolean }): Promise<BuilderNode | undefined> {
  if (node instanceof BuilderNode) {
    return node;
  }
  const nodes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing AppStream image builders…') }, () =>
    collectBuilderNodes(app),
  );
  const candidates = nodes.filter(options.filter ?? (() => true));
  if (candidates.length === 0) {
    void ui.showInformationMessage(vscode.l10n.t('No matching image builders in the profiles and regions in view.'));
    return undefined;
  }
  const items = candidates.map((n) => ({
    label: n.name,
    description: [n.builder.State, n.profile, n.region].filter(Boolean).join(' · '),
    detail: n.builder.InstanceType,
    node: n,
  }));
  const picked = await ui.showQuickPick(items, { title: options.title, matchOnDescription: true, matchOnDetail: true });
  return picked?.node;
}
