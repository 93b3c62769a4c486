import * as vscode from 'vscode';
import type { App } from './app';
import type { AppStreamService } from './aws';
import { loadAws } from './awsLoader';
import { registerCommands } from './commands/registerCommands';
import { createImageDetailsHost } from './imageDetailsHost';
import { registerIacChecks, type TemplateChecks } from './iac';
import { Log } from './log';
import { ProfileStatusBar } from './profileStatusBar';
import { readSettings, SECTION } from './settings';
import type { ExplorerNode } from './tree/explorerNode';
import { ExplorerProvider } from './tree/explorerProvider';
import { ImagePoller, type ImageChange } from './tree/imagePoller';
import { restorePrompts, ui } from './ui';
import { ImageDetailsPanel } from './webview/imageDetailsPanel';
import { imageToJson } from './webview/protocol';

/** What activate() returns: the live parts, for the in-VS-Code test suite. */
export interface ExtensionApi {
  app: App;
  /** The prompts, replaceable by the in-VS-Code suite; `restorePrompts` puts the real ones back. */
  ui: typeof ui;
  restorePrompts: typeof restorePrompts;
  /** Image references in CloudFormation, Terraform and CDK files. */
  iac: TemplateChecks;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = new Log();
  let service: AppStreamService | undefined;
  const aws = (): AppStreamService => (service ??= createService(log));
  const poller = new ImagePoller(aws, () => readSettings().pollIntervalMs);
  const statusBar = new ProfileStatusBar(process.env);
  const explorer = new ExplorerProvider({
    aws,
    settings: readSettings,
    env: process.env,
    poller,
    log,
    onActiveProfile: (profile) => statusBar.update(profile),
  });
  const treeView = vscode.window.createTreeView<ExplorerNode>('appstreamImages.explorer', {
    treeDataProvider: explorer,
    canSelectMany: true,
    showCollapseAll: true,
  });
  const app: App = { context, log, explorer, treeView, poller, statusBar, aws };

  poller.setVisible(treeView.visible);
  context.subscriptions.push(
    log,
    poller,
    explorer,
    treeView,
    statusBar,
    treeView.onDidChangeVisibility((e) => poller.setVisible(e.visible)),
    poller.onDidChangeImage(showInOpenPanel),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) {
        return;
      }
      const settings = readSettings();
      service?.updateOptions({
        requestTimeoutMs: settings.requestTimeoutMs,
        maxAttempts: settings.maxAttempts,
        maxConcurrentRequests: settings.maxConcurrentRequests,
      });
      statusBar.update();
      explorer.reloadAll();
    }),
    // Open panels are not disposed on deactivate: a window reload must be able to restore them.
    ImageDetailsPanel.registerSerializer(context, createImageDetailsHost(app)),
  );
  registerCommands(app);
  const iac = registerIacChecks(app);
  return { app, ui, restorePrompts, iac };
}

/** Whatever the poller learns about an image (DELETING → gone, PENDING → AVAILABLE) reaches its open panel. */
function showInOpenPanel(change: ImageChange): void {
  const key = change.ref;
  const shown = ImageDetailsPanel.current(key)?.current;
  if (!shown) {
    return;
  }
  ImageDetailsPanel.update(key, {
    ...shown,
    image: change.image ? imageToJson(change.image) : shown.image,
    gone: change.image === undefined,
    error: undefined,
    fetchedAt: new Date().toISOString(),
  });
}

function createService(log: Log): AppStreamService {
  const settings = readSettings();
  const { AppStreamService } = loadAws();
  return new AppStreamService({
    env: process.env,
    requestTimeoutMs: settings.requestTimeoutMs,
    maxAttempts: settings.maxAttempts,
    maxConcurrentRequests: settings.maxConcurrentRequests,
    onRequest: (r) =>
      log.info(
        `${r.operation} ${r.profile} ${r.region} ${r.durationMs} ms${r.attempts && r.attempts > 1 ? ` (${r.attempts} attempts)` : ''}${r.errorName ? ` → ${r.errorName}` : ''}${r.requestId ? ` [${r.requestId}]` : ''}`,
      ),
    mfaCodeProvider: async (profile, serial) => {
      const code = await ui.showInputBox({
        title: vscode.l10n.t('MFA code for profile {0}', profile),
        prompt: vscode.l10n.t('Enter the code from MFA device {0}', serial),
        ignoreFocusOut: true,
        password: false,
        validateInput: (v) => (/^\d{6}$/.test(v) ? undefined : vscode.l10n.t('Six digits')),
      });
      if (!code) {
        const cancelled = new Error(vscode.l10n.t('MFA code not given for profile {0}', profile));
        cancelled.name = 'MfaCancelled';
        throw cancelled;
      }
      return code;
    },
  });
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
