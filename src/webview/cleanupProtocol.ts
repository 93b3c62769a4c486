// Messages between the cleanup report panel (extension side) and its browser script
// (src/webview/app/cleanup.ts). JSON only: postMessage serializes.
import type { CleanupRow, CleanupSettings, CleanupTotal } from '../aws/cleanupRules';

export type { CleanupRow, CleanupSettings, CleanupTotal };

/** One row of the report: the exported row and its key (imageRefKey) for selection and delete. */
export interface CleanupReportRow extends CleanupRow {
  key: string;
  /** Set after "Delete selected…": what became of it. */
  deleteResult?: string;
}

export interface CleanupReportData {
  scannedAt: string;
  settings: CleanupSettings;
  rows: CleanupReportRow[];
  totals: CleanupTotal[];
  /** Regions whose listing failed: "profile region: message". */
  failures: string[];
  /** Regions skipped as duplicates: "profile region: account A, scanned through profile P". */
  skipped: string[];
}

export type ToCleanupWebview =
  | { type: 'report'; data: CleanupReportData }
  /** While true, the buttons are disabled; `label` says what is going on. */
  | { type: 'busy'; busy: boolean; label?: string };

export type FromCleanupWebview =
  | { type: 'ready' }
  | { type: 'export'; format: 'csv' | 'json' }
  | { type: 'delete'; keys: string[] }
  | { type: 'rescan' }
  /**
   * After each render, what the page shows: the image names of the table and the lines of the
   * "Not scanned" banner and of the "Scanned once per account" note (textContent), how many
   * candidates the report has, and how many elements that data could have injected (img,
   * script, iframe, svg, object) the page holds.
   */
  | { type: 'rendered'; rows: number; candidates: number; names: string[]; failures: string[]; skipped: string[]; injected: number };
