import * as vscode from 'vscode';
import type { App } from './platform/app';
import type { AppStreamService } from './aws';
import { createAwsService } from './platform/awsLoader';
import { registerCommands } from './commands/registerCommands';
import { createImageDetailsHost } from './webview/imageDetailsHost';
import { Log } from './platform/log';
import { ProfileStatusBar } from './platform/profileStatusBar';
import { readSettings } from './platform/settings';
import { registerIacChecks, type TemplateChecks } from './iac';
import type { ExplorerNode } from './tree/explorerNode';
import { ExplorerProvider } from './tree/explorerProvider';
import { ImagePoller } from './tree/imagePoller';
import { DeleteService } from './services/deleteService';
import { SharingService } from './services/sharingService';
import { ImageChanges } from './services/imageChanges';
import { TagService } from './services/tagService';
import { CopyService } from './services/copyService';
import { CleanupService } from './services/cleanupService';
import { createCopyHost } from './platform/copyHost';
import { createDeleteHost } from './platform/deleteHost';
import { createSharingHost } from './platform/sharingHost';
import { UpdateService } from './services/updateService';
import { createUpdateHost } from './platform/updateHost';
import { restorePrompts, ui } from './platform/ui';
import { ImageDetailsPanel } from './webview/imageDetailsPanel';
import { CleanupReportPanel } from './webview/cleanupPanel';
import { SECTION, VIEW } from './platform/ids';
import { PinStore } from './tree/pinStore';

/** What activate() returns: the live parts, for the in-VS-Code test suite. */
export interface ExtensionApi {
  app: App;
  /** The prompts, replaceable by the in-VS-Code suite; `restorePrompts` puts the real ones back. */
  ui: typeof ui;
  restorePrompts: typeof restorePrompts;
  /** Image references in CloudFormation, Terraform and CDK files. */
  iac: TemplateChecks;
  /** The open cleanup report (Find Unused Images…), if any. */
  cleanupReport(): CleanupReportPanel | undefined;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = new Log();
  let service: AppStreamService | undefined;
  const aws = (): AppStreamService => (service ??= createAwsService(log, context.globalStorageUri.fsPath));
  const changes = new ImageChanges();
  const poller = new ImagePoller(aws, () => readSettings().pollIntervalMs, changes);
  const statusBar = new ProfileStatusBar(process.env);
  const tags = new TagService({ aws, log });
  // Built before the tree, which shows its answers; its host reaches the tree when it acts.
  const updates: UpdateService = new UpdateService({ aws, changes, log, host: createUpdateHost({ log, explorer: () => explorer }) });
  const explorer: ExplorerProvider = new ExplorerProvider({
    aws,
    settings: readSettings,
    env: process.env,
    poller,
    changes,
    tags,
    updates,
    log,
    onActiveProfile: (profile) => statusBar.update(profile),
    pins: new PinStore(context.globalState),
  });
  const treeView = vscode.window.createTreeView<ExplorerNode>(VIEW.explorer, {
    treeDataProvider: explorer,
    canSelectMany: true,
    showCollapseAll: true,
  });
  const deletes = new DeleteService({ aws, changes, log, host: createDeleteHost({ log, explorer }) });
  const copies = new CopyService({ aws, changes, log, host: createCopyHost({ log, explorer }), peekTags: (arn) => tags.peek(arn) });
  const sharing = new SharingService({ aws, changes, log, host: createSharingHost({ log, explorer }) });
  const cleanup = new CleanupService({ aws, log });
  const app: App = { context, log, explorer, treeView, poller, statusBar, changes, deletes, tags, copies, sharing, cleanup, updates, aws };

  poller.setVisible(treeView.visible);
  context.subscriptions.push(
    log,
    changes,
    tags,
    updates,
    // A check's answer reaches the image's open panel ("update available", Create Updated Image…).
    updates.onDidChange((ref) => ImageDetailsPanel.reloadOpen(ref)),
    poller,
    explorer,
    treeView,
    statusBar,
    treeView.onDidChangeVisibility((e) => poller.setVisible(e.visible)),
    // Whatever becomes of an image (DELETING → gone, PENDING → AVAILABLE) reaches its open panel; the tree listens by itself.
    changes.on(ImageDetailsPanel.showChange),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) {
        return;
      }
      const settings = readSettings();
      service?.updateOptions({
        requestTimeoutMs: settings.requestTimeoutMs,
        maxAttempts: settings.maxAttempts,
        maxConcurrentRequests: settings.maxConcurrentRequests,
        ssoAccounts: settings.ssoAccounts,
      });
      statusBar.update();
      explorer.reloadAll();
    }),
    // Open panels are not disposed on deactivate: a window reload must be able to restore them.
    ImageDetailsPanel.registerSerializer(context, createImageDetailsHost(app)),
  );
  registerCommands(app);
  const iac = registerIacChecks(app);
  return { app, ui, restorePrompts, iac, cleanupReport: () => CleanupReportPanel.current };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
