import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { EXPORT_TASK_DETAILS_SCHEME } from '../../platform/ids';
import { exportTaskNodeOrPick } from '../../picks/pickExportTask';
import { exportTaskDetailsText } from '../../tree/exportTaskPresentation';

/** The documents' text by URI; a read-only provider serves them (registered on first use). */
const documents = new Map<string, string>();
const changed = new vscode.EventEmitter<vscode.Uri>();
let registered = false;

/**
 * Show Export Task Details: its fields and its ErrorDetails, each with what it means and what to
 * do, in a read-only plain-text document (never rendered: AWS's messages stay text).
 */
export async function showExportTaskDetails(app: App, node?: unknown): Promise<vscode.TextDocument | undefined> {
  const target = await exportTaskNodeOrPick(app, node, { title: vscode.l10n.t('Show the details of an export task') });
  if (!target) {
    return undefined;
  }
  if (!registered) {
    registered = true;
    app.context.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(EXPORT_TASK_DETAILS_SCHEME, { onDidChange: changed.event, provideTextDocumentContent: (uri) => documents.get(uri.toString()) ?? '' }),
      { dispose: () => (registered = false) },
    );
  }
  const name = target.task.AmiName ?? target.task.TaskId ?? 'task';
  const uri = vscode.Uri.from({ scheme: EXPORT_TASK_DETAILS_SCHEME, path: `/${target.profile}/${target.region}/${encodeURIComponent(name)}.txt` });
  documents.set(uri.toString(), exportTaskDetailsText(target.task, { profile: target.profile, region: target.region, account: app.explorer.knownAccountOf(target.profile) }));
  changed.fire(uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: true });
  return doc;
}
