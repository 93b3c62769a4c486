import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { MessageNode } from '../../tree/messageNode';

/** Puts the fix for an error (e.g. `aws sso login --profile x`) into a terminal, for the user to run. */
export function runFixCommand(_app: App, node?: unknown): void {
  if (!(node instanceof MessageNode) || !node.fixCommand) {
    return;
  }
  const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('AWS sign-in') });
  terminal.show();
  terminal.sendText(node.fixCommand, false);
}
