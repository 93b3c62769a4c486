import * as vscode from 'vscode';
import type { App } from '../platform/app';
import { loadFeatures } from '../platform/featuresLoader';
import { ui } from '../platform/ui';
import { commandFailure } from './commandErrors';
import { COMMAND, type CommandName } from '../platform/ids';


/** The error, with buttons that run or copy its fix (`aws sso login …`) when it has one. */
async function showFailure(failure: { show: string; fixCommand?: string }): Promise<void> {
  const message = vscode.l10n.t('AppStream Images: {0}', failure.show);
  if (!failure.fixCommand) {
    await ui.showErrorMessage(message);
    return;
  }
  const run = vscode.l10n.t('Run in Terminal');
  const copy = vscode.l10n.t('Copy Command');
  const choice = await ui.showErrorMessage(message, run, copy);
  if (choice === run) {
    const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('AWS sign-in') });
    terminal.show();
    terminal.sendText(failure.fixCommand, false);
  } else if (choice === copy) {
    await vscode.env.clipboard.writeText(failure.fixCommand);
  }
}

/**
 * Registers every command (COMMAND, package.json) behind one wrapper that explains errors (as the
 * tree does), logs them with their stack, and ignores cancels. The handlers (HANDLERS in
 * ./registerCommands) are in the features bundle: the first command to run loads it.
 */
export function registerCommands(app: App): void {
  for (const name of Object.keys(COMMAND) as CommandName[]) {
    const id = COMMAND[name];
    app.context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          const fn = loadFeatures().HANDLERS[name] as (app: App, ...a: unknown[]) => unknown;
          return await fn(app, ...args);
        } catch (err) {
          const failure = commandFailure(id, err, args[0]);
          if (failure) {
            app.log.error(failure.log);
            void showFailure(failure);
          }
          return undefined;
        }
      }),
    );
  }
}
