import * as os from 'os';
import * as vscode from 'vscode';
import { cleanupSettings, toCsv, toJson } from '../aws/cleanupRules';
import type { CleanupScan, ScanTarget } from '../services/cleanupService';
import { CleanupReportPanel, type CleanupPanelHost } from '../webview/cleanupPanel';
import type { App } from './app';
import { COMMAND, SECTION } from './ids';
import { ui } from './ui';

/** The cleanup settings, read fresh (cleanup.minAgeDays, cleanup.keepNewest, cleanup.keepTag). */
export function readCleanupSettings() {
  const c = vscode.workspace.getConfiguration(`${SECTION}.cleanup`);
  return cleanupSettings({ minAgeDays: c.get('minAgeDays'), keepNewest: c.get('keepNewest'), keepTag: c.get('keepTag') });
}

/**
 * Scans with progress (cancellable) and shows the report. Throws what went wrong; a cancel
 * rejects with a cancellation the command wrapper ignores, and returns undefined.
 */
export async function runCleanupScan(app: App, targets: readonly ScanTarget[]): Promise<CleanupScan | undefined> {
  const settings = readCleanupSettings();
  const scan = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Finding unused images'), cancellable: true },
    (progress, token) =>
      app.cleanup
        .scan(targets, {
          settings,
          knownAccount: (profile) => app.explorer.knownAccountOf(profile),
          cancelled: () => token.isCancellationRequested,
          onProgress: (p) =>
            progress.report({
              message: vscode.l10n.t('{0} of {1} regions listed, {2} of {3} images checked', p.regionsDone, p.regions, p.imagesChecked, p.imagesToCheck),
            }),
        })
        .catch((err: unknown) => {
          if ((err as { name?: string })?.name === 'Canceled') {
            app.log.info('Cleanup scan cancelled.');
            return undefined;
          }
          throw err;
        }),
  );
  if (scan) {
    CleanupReportPanel.show(app.context.extensionUri, createCleanupPanelHost(app, targets), scan);
  }
  return scan;
}

export function createCleanupPanelHost(app: App, targets: readonly ScanTarget[]): CleanupPanelHost {
  return {
    async exportReport(scan, format) {
      const stamp = scan.scannedAt.slice(0, 10);
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
      const uri = await ui.showSaveDialog({
        title: vscode.l10n.t('Export the unused images report'),
        defaultUri: vscode.Uri.joinPath(folder, `appstream-unused-images-${stamp}.${format}`),
        filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
        saveLabel: vscode.l10n.t('Export'),
      });
      if (!uri) {
        return;
      }
      const text = format === 'csv' ? toCsv(scan.rows) : toJson(scan.rows, scan.totals, scan.settings, scan.scannedAt);
      await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
      app.log.info(`Cleanup report: ${scan.rows.length} rows written to ${uri.toString()}`);
      void ui.showInformationMessage(vscode.l10n.t('Exported {0} images to {1}.', scan.rows.length, uri.scheme === 'file' ? uri.fsPath : uri.toString()));
    },
    deleteImages: (seen) => app.deletes.deleteImages(seen, { confirmation: 'typeName' }),
    rescan: async () => {
      // Only profiles still in the view (a restored report's targets come from its saved state).
      const inView = targets.filter((t) => app.explorer.profiles.some((p) => p.profile === t.profile && !p.isRetired));
      if (inView.length === 0) {
        // None left (or a report that could not be restored, which knows none): the command asks.
        await vscode.commands.executeCommand(COMMAND.findUnusedImages);
        return;
      }
      await runCleanupScan(app, inView);
    },
    showError: (err) => {
      app.log.error(`Cleanup report: ${(err as Error)?.stack ?? String(err)}`);
      void ui.showErrorMessage(vscode.l10n.t('AppStream Images: {0}', (err as Error)?.message ?? String(err)));
    },
  };
}
