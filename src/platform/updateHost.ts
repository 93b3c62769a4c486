import * as vscode from 'vscode';
import type { UpdateHost } from '../services/updateService';
import type { ExplorerProvider } from '../tree/explorerProvider';
import type { Log } from './log';
import { ui } from './ui';

/** The VS Code side of the update service: the shared prompts, progress, l10n and the tree (built after it). */
export function createUpdateHost(deps: { log: Log; explorer: () => ExplorerProvider }): UpdateHost {
  return {
    prompts: ui,
    l10n: vscode.l10n,
    withProgress: (title, task) =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) =>
        task(
          (message, increment) => progress.report({ message, increment }),
          (listener) => {
            token.onCancellationRequested(listener);
          },
        ),
      ),
    showCheck: (ref) => {
      const explorer = deps.explorer();
      explorer.findImageNodes(ref).forEach((node) => explorer.context.redrawWhenSettled(node));
    },
    showNewImage: (ref, image, askedAt) => deps.explorer().addImage(ref, image, askedAt),
    showLog: () => deps.log.channel.show(true),
  };
}
