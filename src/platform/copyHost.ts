import * as vscode from 'vscode';
import type { CopyHost } from '../services/copyService';
import type { App } from './app';
import { readSettings, updateSetting } from './settings';
import { ui } from './ui';

/** The VS Code side of the copy service: the shared prompts, progress, l10n, the view's regions and the tree. */
export function createCopyHost(app: Pick<App, 'log' | 'explorer'>): CopyHost {
  return {
    prompts: ui,
    l10n: vscode.l10n,
    regionsInView: (profile) => app.explorer.regionsInView(profile),
    addRegionsToView: async (profile, regions) => {
      // The regions setting applies to every profile: keep what each profile shows now, add these.
      const now = readSettings().regions.length ? readSettings().regions : app.explorer.profiles.flatMap((p) => p.regions.map((r) => r.region));
      const inView = now.length ? now : app.explorer.regionsInView(profile);
      await updateSetting('regions', [...new Set([...inView, ...regions])]);
    },
    showNewImage: (ref, image, askedAt) => app.explorer.addImage(ref, image, askedAt),
    withProgress: (title, task) =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) =>
        task(
          (message, increment) => progress.report({ message, increment }),
          (listener) => {
            token.onCancellationRequested(listener);
          },
        ),
      ),
    pollIntervalMs: () => readSettings().pollIntervalMs,
    showLog: () => app.log.channel.show(true),
  };
}
