import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { imageConsoleUrl } from '../../aws/consoleUrl';
import { imageNodeOrPick } from '../../picks/pickImage';

export async function openInConsole(app: App, node?: unknown): Promise<void> {
  const target = await imageNodeOrPick(app, node, { title: vscode.l10n.t('Open an image in the AWS console') });
  if (target) {
    await vscode.env.openExternal(vscode.Uri.parse(imageConsoleUrl(target.region, target.name)));
  }
}
