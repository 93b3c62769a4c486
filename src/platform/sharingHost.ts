import * as vscode from 'vscode';
import type { KnownAccount, SharingHost } from '../services/sharingService';
import { ImageDetailsPanel } from '../webview/imageDetailsPanel';
import type { App } from './app';
import { ui } from './ui';

/**
 * The VS Code side of the sharing service: the shared prompts, progress, l10n, the accounts the
 * tree has learned, and what a sharing change refreshes (the consumers' *Shared with me* groups
 * through the tree provider, an open details panel of the image).
 */
export function createSharingHost(app: Pick<App, 'log' | 'explorer'>): SharingHost {
  return {
    prompts: ui,
    l10n: vscode.l10n,
    withProgress: (title, task) => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () => task()),
    knownAccounts: () => knownAccounts(app),
    sharesKnown: (ref, shares) => app.explorer.showShareCount(ref, shares.length),
    sharingChanged: (ref, accountIds) => sharingChanged(app, ref, accountIds),
    showLog: () => app.log.channel.show(true),
  };
}

/** The profiles in view whose account the tree has learned (from their images' ARNs). */
export function knownAccounts(app: Pick<App, 'explorer'>): KnownAccount[] {
  return app.explorer.profiles.flatMap((p) => (p.knownAccountId ? [{ profile: p.profile, accountId: p.knownAccountId }] : []));
}

/** After a sharing change: the consumers' *Shared with me* groups in view list again; an open panel of the image reloads. */
export function sharingChanged(app: Pick<App, 'log' | 'explorer'>, ref: Parameters<SharingHost['sharingChanged']>[0], accountIds: readonly string[]): void {
  const refreshed = app.explorer.sharingChanged(ref, accountIds);
  app.log.info(`Sharing of ${ref.arn} changed for ${accountIds.join(', ')}${refreshed.length ? `: Shared with me listed again for ${refreshed.join(', ')}` : ''}`);
  ImageDetailsPanel.reloadOpen(ref);
}
