import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { imageNodeOrPick } from '../../picks/pickImage';

export async function copyArn(app: App, node?: unknown): Promise<void> {
  const target = await imageNodeOrPick(app, node, { title: vscode.l10n.t('Copy the ARN of an image') });
  if (target?.image.Arn) {
    await vscode.env.clipboard.writeText(target.image.Arn);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', target.image.Arn), 3000);
  }
}
