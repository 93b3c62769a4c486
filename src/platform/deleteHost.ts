import * as vscode from 'vscode';
import { findWorkspaceReferencesOfImages } from '../iac/workspaceReferences';
import type { DeleteHost } from '../services/deleteService';
import type { App } from './app';
import { COMMAND, VIEW } from './ids';
import { readSettings } from './settings';
import { sharingChanged } from './sharingHost';
import { ui } from './ui';

/** The VS Code side of the delete service: the shared prompts, progress, l10n, and where its buttons lead. */
export function createDeleteHost(app: Pick<App, 'log' | 'explorer'>): DeleteHost {
  return {
    prompts: ui,
    l10n: vscode.l10n,
    confirmation: () => readSettings().deleteConfirmation,
    withProgress: (title, { cancellable }, task) =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable }, (_progress, token) => task(() => token.isCancellationRequested)),
    showProgressInView: (title, done) => void vscode.window.withProgress({ location: { viewId: VIEW.explorer }, title }, () => done),
    showDetails: (target) => vscode.commands.executeCommand(COMMAND.showImageDetails, target),
    showLog: () => app.log.channel.show(true),
    reloadView: () => app.explorer.reloadAll(),
    sharingChanged: (ref, accountIds) => sharingChanged(app, ref, accountIds),
    // Own images (the only ones deleted) are found by ARN and by name; VS Code's workspace search, within the budget.
    workspaceReferences: async (images, budgetMs) => {
      const found = await findWorkspaceReferencesOfImages(images.map((r) => ({ name: r.name, arn: r.arn })), budgetMs);
      const all = [...found.entries()];
      return {
        references: all.flatMap(([arn, f]) => f.references.map((r) => ({ arn, path: r.path, line: r.line }))),
        complete: all.every(([, f]) => f.complete),
      };
    },
  };
}
