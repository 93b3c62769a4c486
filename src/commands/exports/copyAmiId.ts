import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { exportTaskNodeOrPick } from '../../picks/pickExportTask';

/** Copy AMI ID: the AMI id of a COMPLETED export task to the clipboard (from its row, or a pick of those in view). */
export async function copyAmiId(app: App, node?: unknown): Promise<string | undefined> {
  const target = await exportTaskNodeOrPick(app, node, { title: vscode.l10n.t('Copy the AMI id of an export task'), filter: (n) => Boolean(n.task.AmiId) });
  if (!target) {
    return undefined;
  }
  const amiId = target.task.AmiId;
  if (!amiId) {
    throw new Error(vscode.l10n.t('The export to "{0}" is {1}: it has no AMI id yet (only a COMPLETED export has one).', target.task.AmiName ?? '?', target.task.State ?? '?'));
  }
  await vscode.env.clipboard.writeText(amiId);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', amiId), 3000);
  return amiId;
}
