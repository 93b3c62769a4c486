import * as vscode from 'vscode';
import type { App } from '../platform/app';
import { ExportTaskNode } from '../tree/exportTaskNode';
import { ui } from '../platform/ui';

/** Loads the "Export tasks" group of every profile and region in view and returns their task nodes. */
export async function collectExportTaskNodes(app: App): Promise<ExportTaskNode[]> {
  await app.explorer.getChildren();
  const groups = app.explorer.profiles.flatMap((p) => p.regions.map((r) => r.exportTasks));
  const children = await Promise.all(groups.map((g) => g.getChildren()));
  return children.flat().filter((n): n is ExportTaskNode => n instanceof ExportTaskNode);
}

/** The command's target: the clicked task, or a quick pick over the export tasks in view that `filter` keeps. */
export async function exportTaskNodeOrPick(app: App, node: unknown, options: { title: string; filter?: (n: ExportTaskNode) => boolean }): Promise<ExportTaskNode | undefined> {
  if (node instanceof ExportTaskNode) {
    return node;
  }
  const nodes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing export tasks…') }, () => collectExportTaskNodes(app));
  const candidates = nodes.filter(options.filter ?? (() => true));
  if (candidates.length === 0) {
    void ui.showInformationMessage(vscode.l10n.t('No matching export tasks in the profiles and regions in view.'));
    return undefined;
  }
  const items = candidates.map((n) => ({
    label: n.task.AmiName ?? n.task.TaskId ?? '?',
    description: [n.task.State, n.task.AmiId, n.profile, n.region].filter(Boolean).join(' · '),
    node: n,
  }));
  const picked = await ui.showQuickPick(items, { title: options.title, matchOnDescription: true });
  return picked?.node;
}
