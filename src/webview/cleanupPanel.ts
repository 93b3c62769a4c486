// The cleanup report panel, extension side: one panel (a new scan replaces its report), the same
// HTML, CSP and nonce as the details panel, and the messages of its browser script
// (src/webview/app/cleanup.ts). Restored after a window reload (the serializer registered on
// activation, see extension.ts): the page saved its report with setState; that state is read back
// as untrusted (parseReportData) and shown marked as an older scan, with Scan Again. Delete
// selected… from a restored report goes through the same bound delete, which re-checks each
// image's account, ARN and creation time just before it sends.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { CleanupRow, CleanupSettings, CleanupTotal } from '../aws/cleanupRules';
import { imageRefKey, type SeenImage } from '../aws/imageRef';
import { isCancellation } from '../commands/commandErrors';
import { CLEANUP_REPORT_VIEW_TYPE } from '../platform/ids';
import type { CleanupScan } from '../services/cleanupService';
import type { DeleteOutcome } from '../services/deleteService';
import {
  parseReportData,
  type CleanupReportData,
  type CleanupReportRow,
  type CleanupStrings,
  type FromCleanupWebview,
  type RenderedTexts,
  type ToCleanupWebview,
} from './cleanupProtocol';
import { cleanupStrings, reasonText } from './cleanupStrings';
import { panelHtml } from './panelHtml';

/** What Export writes: the report as scanned (or as restored). */
export interface ExportableReport {
  scannedAt: string;
  settings: CleanupSettings;
  rows: CleanupRow[];
  totals: CleanupTotal[];
}

/** What the report asks of the rest of the extension. */
export interface CleanupPanelHost {
  /** Save dialog, then writes the report as CSV or JSON. */
  exportReport(report: ExportableReport, format: 'csv' | 'json'): Promise<void>;
  /** The delete flow (one typed confirmation, the bound delete for each, one report). */
  deleteImages(targets: SeenImage[]): Promise<DeleteOutcome[]>;
  /** Runs the scan again over the same regions (none known: Find Unused Images… itself). */
  rescan(): Promise<void>;
  /** Shows what went wrong with a button's action. */
  showError(err: unknown): void;
}

/** Builds the host of a report of these (profile, region) pairs (a restored report knows its own). */
export type CleanupPanelHostFactory = (targets: readonly { profile: string; region: string }[]) => CleanupPanelHost;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toData(scan: CleanupScan, results: ReadonlyMap<string, string>): CleanupReportData {
  return {
    scannedAt: scan.scannedAt,
    settings: scan.settings,
    rows: scan.rows.map((r) => {
      const key = imageRefKey({ profile: r.profile, arn: r.arn });
      const reason = scan.reasons.get(key);
      return { ...r, reasonText: reason ? reasonText(reason, r.family) : undefined, key, deleteResult: results.get(key) };
    }),
    totals: scan.totals,
    failures: scan.failures.map((f) => `${f.profile} ${f.region}: ${f.message}`),
    skipped: scan.skipped.map((d) => vscode.l10n.t('{0} {1}: account {2}, scanned through profile {3}', d.profile, d.region, d.accountId, d.scannedAs)),
    targets: scan.targets.map((t) => ({ profile: t.profile, region: t.region })),
  };
}

/** A row of the page without the page's own fields, as exported. */
function exportRow(r: CleanupReportRow): CleanupRow {
  const { key: _key, reasonText: _text, deleteResult: _result, ...row } = r;
  return row;
}

/**
 * The image a restored row names, for the bound delete: its ARN (checked to be of the row's
 * account and region when the state was read back) and its creation time, which the delete
 * compares with the image's just before it sends. What AWS says then wins over the old row.
 */
function seenOfRestored(r: CleanupReportRow): SeenImage {
  return {
    ref: { profile: r.profile, region: r.region, arn: r.arn, name: r.name },
    image: { Name: r.name, Arn: r.arn, CreatedTime: r.createdTime ? new Date(r.createdTime) : undefined, State: r.state as SeenImage['image']['State'], Visibility: 'PRIVATE' },
  };
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** What the panel shows: a scan of this session, a report restored after a reload, or why none could be. */
type Shown = { kind: 'scan'; scan: CleanupScan } | { kind: 'restored'; data: CleanupReportData } | { kind: 'unrestorable'; message: string };

export class CleanupReportPanel {
  private static instance: CleanupReportPanel | undefined;
  private ready = false;
  private busy: { busy: boolean; label?: string } = { busy: false };
  /** What "Delete selected…" did, per row key. */
  private readonly results = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The page's words, in the user's language (computed once per panel). */
  readonly strings: CleanupStrings = cleanupStrings();
  /** How many times the browser script rendered a report (it says so): for tests. */
  renders = 0;
  lastRendered: { rows: number; candidates: number; names: string[]; failures: string[]; skipped: string[]; injected: number; texts: RenderedTexts } | undefined;

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
    const panel = vscode.window.createWebviewPanel(CLEANUP_REPORT_VIEW_TYPE, vscode.l10n.t('Unused Images'), vscode.ViewColumn.Active, webviewOptions(extensionUri));
    return new CleanupReportPanel(panel, extensionUri, host, { kind: 'scan', scan });
  }

  /**
   * Restores the report panel after a window reload from the state its page saved (untrusted: read
   * back with parseReportData). A state that does not read back leaves the panel open with what
   * happened and Scan Again, rather than closing it without a word.
   */
  static restore(extensionUri: vscode.Uri, hostFor: CleanupPanelHostFactory, panel: vscode.WebviewPanel, state: unknown): CleanupReportPanel {
    const existing = CleanupReportPanel.instance;
    if (existing) {
      // A scan of this session is newer than any saved report.
      panel.dispose();
      existing.panel.reveal();
      return existing;
    }
    panel.webview.options = webviewOptions(extensionUri);
    panel.title = vscode.l10n.t('Unused Images');
    const data = isRecord(state) && state.version === 1 ? parseReportData(state.data) : undefined;
    const shown: Shown = data
      ? { kind: 'restored', data: { ...data, rows: data.rows.map((r) => ({ ...r })) } }
      : {
          kind: 'unrestorable',
          message: vscode.l10n.t(
            'The report could not be restored after the window reload: what it saved is not a report this version of the extension can read. Scan Again, or run Find Unused Images… from the Command Palette.',
          ),
        };
    return new CleanupReportPanel(panel, extensionUri, hostFor(data?.targets ?? []), shown);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private host: CleanupPanelHost,
    private shown: Shown,
  ) {
    CleanupReportPanel.instance = this;
    if (shown.kind === 'restored') {
      // What the page had learnt of its deletes before the reload.
      for (const r of shown.data.rows) {
        if (r.deleteResult !== undefined) {
          this.results.set(r.key, r.deleteResult);
        }
      }
    }
    const webview = panel.webview;
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'cleanup.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'cleanup.css')).toString(),
      title: this.strings.title,
      loadingText: this.strings.loading,
      lang: vscode.env.language,
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

  /** The scan shown, when it is one of this session (not a restored report). */
  get scan(): CleanupScan | undefined {
    return this.shown.kind === 'scan' ? this.shown.scan : undefined;
  }

  /** True while the panel shows a report restored after a window reload (or why it could not be). */
  get restored(): boolean {
    return this.shown.kind !== 'scan';
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** The report as the page gets it (none when a saved one could not be restored). */
  get data(): CleanupReportData | undefined {
    switch (this.shown.kind) {
      case 'scan':
        return toData(this.shown.scan, this.results);
      case 'restored':
        return { ...this.shown.data, rows: this.shown.data.rows.map((r) => ({ ...r, deleteResult: this.results.get(r.key) })) };
      default:
        return undefined;
    }
  }

  setScan(scan: CleanupScan): void {
    this.shown = { kind: 'scan', scan };
    this.results.clear();
    this.postReport();
  }

  private postReport(): void {
    const data = this.data;
    if (data) {
      this.post({ type: 'report', data, strings: this.strings, restored: this.shown.kind === 'restored' });
    } else if (this.shown.kind === 'unrestorable') {
      this.post({ type: 'unrestorable', strings: this.strings, message: this.shown.message });
    }
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
          this.postReport();
          if (this.busy.busy) {
            this.post({ type: 'busy', busy: true, label: this.busy.label });
          }
          break;
        case 'rendered': {
          this.renders++;
          const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((n): n is string => typeof n === 'string') : []);
          const raw: unknown = (message as Record<string, unknown>).texts;
          const texts: Record<string, unknown> = isRecord(raw) ? raw : {};
          this.lastRendered = {
            rows: Number(msg.rows),
            candidates: Number(msg.candidates),
            names: strs(msg.names),
            failures: strs(msg.failures),
            skipped: strs((message as Record<string, unknown>).skipped),
            injected: Number(msg.injected),
            texts: {
              heading: String(texts.heading ?? ''),
              notice: String(texts.notice ?? ''),
              columns: strs(texts.columns),
              buttons: strs(texts.buttons),
              empty: String(texts.empty ?? ''),
            },
          };
          break;
        }
        case 'export':
          if (msg.format === 'csv' || msg.format === 'json') {
            await this.exportReport(msg.format);
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

  private async exportReport(format: 'csv' | 'json'): Promise<void> {
    if (this.shown.kind === 'scan') {
      const { scannedAt, settings, rows, totals } = this.shown.scan;
      await this.host.exportReport({ scannedAt, settings, rows, totals }, format);
    } else if (this.shown.kind === 'restored') {
      const { scannedAt, settings, rows, totals } = this.shown.data;
      await this.host.exportReport({ scannedAt, settings, rows: rows.map(exportRow), totals }, format);
    }
  }

  /** The images to delete for these keys: candidates of this report not yet deleted (anything else is ignored). */
  private targetsOf(keys: string[]): SeenImage[] {
    const wanted = new Set(keys.filter((k) => !this.results.has(k)));
    switch (this.shown.kind) {
      case 'scan': {
        const scan = this.shown.scan;
        return scan.rows.filter((r) => r.candidate && wanted.has(imageRefKey(r))).flatMap((r) => scan.seen.get(imageRefKey(r)) ?? []);
      }
      case 'restored':
        return this.shown.data.rows.filter((r) => r.candidate && wanted.has(r.key)).map(seenOfRestored);
      default:
        return [];
    }
  }

  /** The chosen candidates of this report, through the delete flow (the bound delete re-checks each just before it sends). */
  private async deleteSelected(keys: string[]): Promise<void> {
    const targets = this.targetsOf(keys);
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
      this.postReport();
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
