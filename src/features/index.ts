// The features bundle (dist/features.js): what the extension needs only once the user acts —
// the command handlers, the services behind them, the webview hosts and the template checks.
// Activation (src/extension.ts) loads none of it; src/platform/featuresLoader.ts, the one place
// that loads this file by value, requires it on first use (a command, a restored panel, a
// document that may name an image). In the bundle, modules activation already has (the tree,
// settings, prompts ...) are not copied here but taken from dist/extension.js (see esbuild.js).
import type * as vscode from 'vscode';
import type { App } from '../platform/app';
import { createCleanupPanelHost } from '../platform/cleanupHost';
import { CleanupReportPanel } from '../webview/cleanupPanel';
import { createImageDetailsHost } from '../webview/imageDetailsHost';
import { ImageDetailsPanel } from '../webview/imageDetailsPanel';

export { HANDLERS } from '../commands/registerCommands';
export { registerTemplateChecks } from '../iac/templateChecks';
export { DeleteService } from '../services/deleteService';
export { SharingService } from '../services/sharingService';
export { CopyService } from '../services/copyService';
export { CleanupService } from '../services/cleanupService';
export { UpdateService } from '../services/updateService';
export { createCopyHost } from '../platform/copyHost';
export { createDeleteHost } from '../platform/deleteHost';
export { createSharingHost } from '../platform/sharingHost';
export { createUpdateHost } from '../platform/updateHost';
export { ImageDetailsPanel } from '../webview/imageDetailsPanel';
export { CleanupReportPanel };

/** Restores an image's details panel after a window reload (the serializer registered on activation calls this). */
export function restoreImageDetailsPanel(app: App, panel: vscode.WebviewPanel, state: unknown): void {
  ImageDetailsPanel.restore(app.context, createImageDetailsHost(app), panel, state);
}

/** Restores the cleanup report after a window reload from the state its page saved (the serializer registered on activation calls this). */
export function restoreCleanupReport(app: App, panel: vscode.WebviewPanel, state: unknown): void {
  CleanupReportPanel.restore(app.context.extensionUri, (targets) => createCleanupPanelHost(app, targets), panel, state);
}
