import * as vscode from 'vscode';
import type { App } from './platform/app';
import type { AppStreamService } from './aws';
import { createAwsService, ssoConfigDirOf } from './platform/awsLoader';
import { pruneSsoConfigFiles } from './aws/ssoConfigFiles';
import { loadFeatures, loadedFeatures } from './platform/featuresLoader';
import { registerCommands } from './commands/registerLazyCommands';
import { Log } from './platform/log';
import { ProfileStatusBar } from './platform/profileStatusBar';
import { readSettings } from './platform/settings';
import { registerIacChecks } from './iac/checksOnDemand';
import type { TemplateChecks } from './iac/templateChecks';
import type { ExplorerNode } from './tree/explorerNode';
import { ExplorerProvider } from './tree/explorerProvider';
import { ImagePoller } from './tree/imagePoller';
import type { DeleteService } from './services/deleteService';
import type { SharingService } from './services/sharingService';
import { ImageChanges } from './services/imageChanges';
import { TagService } from './services/tagService';
import type { CopyService } from './services/copyService';
import type { CleanupService } from './services/cleanupService';
import type { UpdateService } from './services/updateService';
import { restorePrompts, ui } from './platform/ui';
import type { CleanupReportPanel } from './webview/cleanupPanel';
import { CLEANUP_REPORT_VIEW_TYPE, IMAGE_DETAILS_VIEW_TYPE, SECTION, VIEW } from './platform/ids';
import { PinStore } from './tree/pinStore';

/** What activate() returns: the live parts, for the in-VS-Code test suite. */
export interface ExtensionApi {
  app: App;
  /** The prompts, replaceable by the in-VS-Code suite; `restorePrompts` puts the real ones back. */
  ui: typeof ui;
  restorePrompts: typeof restorePrompts;
  /** Image references in CloudFormation, Terraform and CDK files. */
  readonly iac: TemplateChecks;
  /** The open cleanup report (Find Unused Images…), if any. */
  cleanupReport(): CleanupReportPanel | undefined;
  /** The webview panel serializers registered with VS Code, by view type (what a window reload calls). */
  readonly serializers: Readonly<Record<string, vscode.WebviewPanelSerializer>>;
}

// Activation builds the log, the tree and the status bar, and registers the commands, the panel
// serializer and a watch for templates. The command handlers, the services behind them, the panels
// and the template checks come from the features bundle (src/platform/featuresLoader.ts) on first use.
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = new Log();
  let service: AppStreamService | undefined;
  const aws = (): AppStreamService => (service ??= createAwsService(log, context.globalStorageUri.fsPath));
  const changes = new ImageChanges();
  const poller = new ImagePoller(aws, () => readSettings().pollIntervalMs, changes);
  const statusBar = new ProfileStatusBar(process.env);
  const tags = new TagService({ aws, log });
  // The services behind commands, built on first use.
  let updates: UpdateService | undefined;
  let deletes: DeleteService | undefined;
  let copies: CopyService | undefined;
  let sharing: SharingService | undefined;
  let cleanup: CleanupService | undefined;
  const explorer: ExplorerProvider = new ExplorerProvider({
    aws,
    settings: readSettings,
    env: process.env,
    poller,
    changes,
    tags,
    // The answers of Check for Updates: none before the service exists.
    updates: { peek: (ref) => updates?.peek(ref), forget: (ref) => updates?.forget(ref) },
    log,
    onActiveProfile: (profile) => statusBar.update(profile),
    pins: new PinStore(context.globalState),
  });
  const treeView = vscode.window.createTreeView<ExplorerNode>(VIEW.explorer, {
    treeDataProvider: explorer,
    canSelectMany: true,
    showCollapseAll: true,
  });
  const app: App = {
    context,
    log,
    explorer,
    treeView,
    poller,
    statusBar,
    changes,
    tags,
    aws,
    get updates(): UpdateService {
      if (!updates) {
        const f = loadFeatures();
        const made = new f.UpdateService({ aws, changes, log, host: f.createUpdateHost({ log, explorer: () => explorer }) });
        updates = made;
        context.subscriptions.push(
          made,
          // A check's answer reaches the image's open panel ("update available", Create Updated Image…).
          made.onDidChange((ref) => f.ImageDetailsPanel.reloadOpen(ref)),
        );
      }
      return updates;
    },
    get deletes(): DeleteService {
      const f = loadFeatures();
      return (deletes ??= new f.DeleteService({ aws, changes, log, host: f.createDeleteHost({ log, explorer }) }));
    },
    get copies(): CopyService {
      const f = loadFeatures();
      return (copies ??= new f.CopyService({ aws, changes, log, host: f.createCopyHost({ log, explorer }), peekTags: (arn) => tags.peek(arn) }));
    },
    get sharing(): SharingService {
      const f = loadFeatures();
      return (sharing ??= new f.SharingService({ aws, changes, log, host: f.createSharingHost({ log, explorer }) }));
    },
    get cleanup(): CleanupService {
      return (cleanup ??= new (loadFeatures().CleanupService)({ aws, log }));
    },
  };

  // The config files written for the SDK's SSO provider (src/aws/ssoConfigFiles.ts) of sessions no
  // added account uses any more: removed now (on activation) and whenever the accounts change.
  const pruneSsoConfigs = (): void => {
    const sessions = [...readSettings().ssoAccounts.flatMap((e) => (e.ssoSession !== undefined ? [e.ssoSession] : [])), ...(service?.ssoSessionsInUse() ?? [])];
    void pruneSsoConfigFiles(ssoConfigDirOf(context.globalStorageUri.fsPath), sessions).then((removed) => {
      if (removed.length > 0) {
        log.info(`Removed ${removed.length} SSO session config file(s) no account uses: ${removed.join(', ')}`);
      }
    });
  };
  pruneSsoConfigs();

  poller.setVisible(treeView.visible);
  // VS Code restores these panels after a window reload (their `onWebviewPanel:` activation events in package.json).
  const serializers: Record<string, vscode.WebviewPanelSerializer> = {
    [IMAGE_DETAILS_VIEW_TYPE]: {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown): Promise<void> => {
        loadFeatures().restoreImageDetailsPanel(app, panel, state);
      },
    },
    [CLEANUP_REPORT_VIEW_TYPE]: {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown): Promise<void> => {
        loadFeatures().restoreCleanupReport(app, panel, state);
      },
    },
  };
  context.subscriptions.push(
    log,
    changes,
    tags,
    poller,
    explorer,
    treeView,
    statusBar,
    treeView.onDidChangeVisibility((e) => poller.setVisible(e.visible)),
    // Whatever becomes of an image (DELETING → gone, PENDING → AVAILABLE) reaches its open panel; the tree listens by itself.
    // Panels exist only once the features bundle is loaded.
    changes.on((change) => loadedFeatures()?.ImageDetailsPanel.showChange(change)),
    // A pin or unpin anywhere: the open panels' Pin / Unpin buttons follow.
    explorer.onDidChangePins(() => loadedFeatures()?.ImageDetailsPanel.pinsChanged()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) {
        return;
      }
      const settings = readSettings();
      if (e.affectsConfiguration(`${SECTION}.ssoAccounts`)) {
        pruneSsoConfigs();
      }
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
    ...Object.entries(serializers).map(([viewType, serializer]) => vscode.window.registerWebviewPanelSerializer(viewType, serializer)),
  );
  registerCommands(app);
  const iac = registerIacChecks(app);
  return {
    app,
    ui,
    restorePrompts,
    get iac() {
      return iac.checks;
    },
    cleanupReport: () => loadedFeatures()?.CleanupReportPanel.current,
    serializers,
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
