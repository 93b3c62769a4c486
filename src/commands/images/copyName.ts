import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { imageNodeOrPick } from '../../picks/pickImage';

export async function copyName(app: App, node?: unknown): Promise<void> {
  const target = await imageNodeOrPick(app, node, { title: vscode.l10n.t('Copy the name of an image') });
  if (target) {
    await vscode.env.clipboard.writeText(target.name);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', target.name), 3000);
  }
}
