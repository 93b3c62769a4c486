// The cleanup report panel, extension side: one panel (a new scan replaces its report), the same
// HTML, CSP and nonce as the details panel, and the messages of its browser script
// (src/webview/app/cleanup.ts). Not restored after a window reload: a report is a moment's scan.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { imageRefKey, type SeenImage } from '../aws/imageRef';
import { isCancellation } from '../commands/commandErrors';
import { CLEANUP_REPORT_VIEW_TYPE } from '../platform/ids';
import type { CleanupScan } from '../services/cleanupService';
import type { DeleteOutcome } from '../services/deleteService';
import type { CleanupReportData, CleanupReportRow, FromCleanupWebview, ToCleanupWebview } from './cleanupProtocol';
import { panelHtml } from './panelHtml';

/** What the report asks of the rest of the extension. */
export interface CleanupPanelHost {
  /** Save dialog, then writes the report as CSV or JSON. */
  exportReport(scan: CleanupScan, rows: readonly CleanupReportRow[], format: 'csv' | 'json'): Promise<void>;
  /** The delete flow (one typed confirmation, the bound delete for each, one report). */
  deleteImages(targets: SeenImage[]): Promise<DeleteOutcome[]>;
  /** Runs the scan again over the same regions. */
  rescan(): Promise<void>;
  /** Shows what went wrong with a button's action. */
  showError(err: unknown): void;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toData(scan: CleanupScan, results: ReadonlyMap<string, string>): CleanupReportData {
  return {
    scannedAt: scan.scannedAt,
    settings: scan.settings,
    rows: scan.rows.map((r) => {
      const key = imageRefKey({ profile: r.profile, arn: r.arn });
      return { ...r, key, deleteResult: results.get(key) };
    }),
    totals: scan.totals,
    failures: scan.failures.map((f) => `${f.profile} ${f.region}: ${f.message}`),
    skipped: scan.skipped.map((d) => `${d.profile} ${d.region}: account ${d.accountId}, scanned through profile ${d.scannedAs}`),
  };
}

export class CleanupReportPanel {
  private static instance: CleanupReportPanel | undefined;
  private ready = false;
  private busy: { busy: boolean; label?: string } = { busy: false };
  /** What "Delete selected…" did, per row key. */
  private readonly results = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];
  /** How many times the browser script rendered a report (it says so): for tests. */
  renders = 0;
  lastRendered: { rows: number; candidates: number; names: string[]; failures: string[]; skipped: string[]; injected: number } | undefined;

  /** The open report, if any. */
  static get current(): CleanupReportPanel | undefined {
    return CleanupReportPanel.instance;
  }

  /** Opens the report panel with this scan, or shows it in the open one. */
  static show(extensionUri: vscode.Uri, host: CleanupPanelHost, scan: CleanupScan): CleanupReportPanel {
    const existing = CleanupReportPanel.instance;
    if (existing) {
      existing.host = host;
      existing.setScan(scan);
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(CLEANUP_REPORT_VIEW_TYPE, vscode.l10n.t('Unused Images'), vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
    });
    return new CleanupReportPanel(panel, extensionUri, host, scan);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private host: CleanupPanelHost,
    private scanShown: CleanupScan,
  ) {
    CleanupReportPanel.instance = this;
    const webview = panel.webview;
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'cleanup.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'cleanup.css')).toString(),
      title: 'Unused images',
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) {
          this.ready = false; // its document goes away; it says ready again when shown
        }
      }),
    );
  }

  get scan(): CleanupScan {
    return this.scanShown;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** The report as the page gets it. */
  get data(): CleanupReportData {
    return toData(this.scanShown, this.results);
  }

  setScan(scan: CleanupScan): void {
    this.scanShown = scan;
    this.results.clear();
    this.post({ type: 'report', data: this.data });
  }

  private setBusy(busy: boolean, label?: string): void {
    this.busy = { busy, label };
    this.post({ type: 'busy', busy, label });
  }

  private post(message: ToCleanupWebview): void {
    if (this.ready) {
      void this.panel.webview.postMessage(message);
    }
  }

  /** Handles a message of the page; public so the in-VS-Code suite can press the page's buttons. */
  async onMessage(message: unknown): Promise<void> {
    if (!isRecord(message)) {
      return;
    }
    const msg = message as FromCleanupWebview;
    try {
      switch (msg.type) {
        case 'ready':
          this.ready = true;
          this.post({ type: 'report', data: this.data });
          if (this.busy.busy) {
            this.post({ type: 'busy', busy: true, label: this.busy.label });
          }
          break;
        case 'rendered':
          this.renders++;
          this.lastRendered = {
            rows: Number(msg.rows),
            candidates: Number(msg.candidates),
            names: Array.isArray(msg.names) ? msg.names.filter((n): n is string => typeof n === 'string') : [],
            failures: Array.isArray(msg.failures) ? msg.failures.filter((n): n is string => typeof n === 'string') : [],
            skipped: Array.isArray(msg.skipped) ? msg.skipped.filter((n): n is string => typeof n === 'string') : [],
            injected: Number(msg.injected),
          };
          break;
        case 'export':
          if (msg.format === 'csv' || msg.format === 'json') {
            await this.host.exportReport(this.scanShown, this.data.rows, msg.format);
          }
          break;
        case 'delete':
          if (Array.isArray(msg.keys) && msg.keys.every((k) => typeof k === 'string')) {
            await this.deleteSelected(msg.keys);
          }
          break;
        case 'rescan':
          await this.host.rescan();
          break;
        default:
          break;
      }
    } catch (err) {
      if (!isCancellation(err)) {
        this.host.showError(err);
      }
    }
  }

  /** The chosen candidates of this report (by key; anything else is ignored), through the delete flow. */
  private async deleteSelected(keys: string[]): Promise<void> {
    const candidates = new Set(this.scanShown.rows.filter((r) => r.candidate).map((r) => imageRefKey({ profile: r.profile, arn: r.arn })));
    const targets = [...new Set(keys)].filter((k) => candidates.has(k) && !this.results.has(k)).flatMap((k) => this.scanShown.seen.get(k) ?? []);
    if (targets.length === 0) {
      return;
    }
    this.setBusy(true, vscode.l10n.t('Deleting…'));
    try {
      const outcomes = await this.host.deleteImages(targets);
      for (const o of outcomes) {
        const key = imageRefKey(o.target.ref);
        this.results.set(key, o.deleted ? vscode.l10n.t('deleting (DeleteImage sent)') : vscode.l10n.t('not deleted: {0}', o.error?.message ?? vscode.l10n.t('in use')));
      }
    } finally {
      this.setBusy(false);
      this.post({ type: 'report', data: this.data });
    }
  }

  dispose(): void {
    if (CleanupReportPanel.instance === this) {
      CleanupReportPanel.instance = undefined;
    }
    this.disposables.splice(0).forEach((d) => d.dispose());
    this.panel.dispose();
  }
}
