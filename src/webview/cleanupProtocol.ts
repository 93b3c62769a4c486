// Messages between the cleanup report panel (extension side) and its browser script
// (src/webview/app/cleanup.ts), and the state the page keeps with setState so the panel can be
// restored after a window reload. JSON only: postMessage and setState serialize. No `vscode`:
// the page and the tests load this file too.
import { imageRefKey, parseImageArn } from '../aws/imageRef';
import type { CleanupRow, CleanupSettings, CleanupTotal } from '../aws/cleanupRules';

export type { CleanupRow, CleanupSettings, CleanupTotal };

/** One row of the report: the exported row and its key (imageRefKey) for selection and delete. */
export interface CleanupReportRow extends CleanupRow {
  key: string;
  /** `why` in the user's language (the page shows it; exports keep `why`, in English). */
  reasonText?: string;
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
  /** Regions skipped as duplicates: "profile region: account A, scanned through profile P" (in the user's language). */
  skipped: string[];
  /** The (profile, region) pairs scanned: what Scan Again scans. */
  targets: { profile: string; region: string }[];
}

/**
 * Every word the page shows, in the user's language: the extension fills them in with
 * vscode.l10n.t (src/webview/cleanupStrings.ts) and sends them with each report; `{0}`, `{1}` …
 * are filled in by the page. The page has no words of its own.
 */
export const CLEANUP_STRING_KEYS = [
  'title',
  'loading',
  'scannedAt',
  'summary',
  'rules',
  'restored',
  'unrestorable',
  'exportCsv',
  'exportJson',
  'deleteSelected',
  'scanAgain',
  'showKept',
  'working',
  'notScanned',
  'scannedOnce',
  'perAccountRegion',
  'candidates',
  'candidatesAndKept',
  'colAccount',
  'colRegion',
  'colImage',
  'colFamily',
  'colAge',
  'colState',
  'colWhy',
  'colOwnImages',
  'colCandidates',
  'colQuota',
  'colFreeNow',
  'colFreeAfter',
  'selectAll',
  'selectRow',
  'noImages',
  'noCandidates',
  'noRegions',
  'none',
  'sortedAscending',
  'sortedDescending',
] as const;

export type CleanupStringKey = (typeof CLEANUP_STRING_KEYS)[number];
export type CleanupStrings = Record<CleanupStringKey, string>;

/** Fills `{0}`, `{1}` … of a string of the table (a placeholder without a value stays as it is). */
export function fillIn(template: string, ...args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (match, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : match));
}

/** A strings table that crossed a boundary: every key a string, or undefined. */
export function parseStrings(value: unknown): CleanupStrings | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const out: Partial<CleanupStrings> = {};
  for (const key of CLEANUP_STRING_KEYS) {
    const s = value[key];
    if (typeof s !== 'string') {
      return undefined;
    }
    out[key] = s;
  }
  return out as CleanupStrings;
}

export type ToCleanupWebview =
  /** `restored`: the report is the one the page saved before a window reload (an older scan). */
  | { type: 'report'; data: CleanupReportData; strings: CleanupStrings; restored?: boolean }
  /** The saved report could not be read back after a reload: say so (`message`), offer Scan Again. */
  | { type: 'unrestorable'; strings: CleanupStrings; message: string }
  /** While true, the buttons are disabled; `label` says what is going on. */
  | { type: 'busy'; busy: boolean; label?: string };

export type FromCleanupWebview =
  | { type: 'ready' }
  | { type: 'export'; format: 'csv' | 'json' }
  | { type: 'delete'; keys: string[] }
  | { type: 'rescan' }
  /**
   * After each render, what the page shows: the image names of the table and the lines of the
   * "Not scanned" banner (textContent), how many candidates the report has, and how many
   * elements that data could have injected (img, script, iframe, svg, object) the page holds;
   * `texts`: the page's own words as shown (heading, notice, column headers, buttons, empty line).
   */
  | { type: 'rendered'; rows: number; candidates: number; names: string[]; failures: string[]; skipped: string[]; injected: number; texts: RenderedTexts };

export interface RenderedTexts {
  heading: string;
  /** The restored-report or unrestorable notice, '' when none. */
  notice: string;
  columns: string[];
  buttons: string[];
  /** The table's empty line, '' when the table has rows. */
  empty: string;
}

export type SortColumn = 'account' | 'region' | 'name' | 'family' | 'age' | 'state' | 'why';
export const SORT_COLUMNS: readonly SortColumn[] = ['account', 'region', 'name', 'family', 'age', 'state', 'why'];

/** What the page keeps with setState: the report it shows and the user's choices. */
export interface CleanupWebviewState {
  version: 1;
  /** The report shown (undefined while none). */
  data?: CleanupReportData;
  showKept: boolean;
  sort: { column: SortColumn; descending: boolean };
  selected: string[];
}

// ---- reading back what was saved (untrusted: it may be from another version, or tampered with) ----

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const optional = <T>(v: unknown, is: (x: unknown) => x is T): v is T | undefined => v === undefined || is(v);
const isIsoTime = (v: unknown): v is string => typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v));
/** A plain value of AWS: not a wall of text. */
const isShort = (v: unknown, max = 2048): v is string => typeof v === 'string' && v.length <= max;

/** An image ARN of this row's account and region (what the bound delete will act on). */
function arnMatches(row: { arn: string; accountId: string; region: string; name: string }): boolean {
  const arn = parseImageArn(row.arn);
  return arn !== undefined && arn.account !== '' && arn.region === row.region && arn.account === row.accountId && arn.name === row.name;
}

function parseRow(v: unknown): CleanupReportRow | undefined {
  if (!isRecord(v)) {
    return undefined;
  }
  const ok =
    isShort(v.profile, 256) &&
    isShort(v.accountId, 12) &&
    isShort(v.region, 64) &&
    isShort(v.name) &&
    isShort(v.arn) &&
    isShort(v.family) &&
    optional(v.ageDays, isCount) &&
    optional(v.createdTime, isIsoTime) &&
    isShort(v.state, 64) &&
    typeof v.candidate === 'boolean' &&
    isShort(v.why, 8192) &&
    isShort(v.code, 64) &&
    isShort(v.key) &&
    optional(v.reasonText, (x): x is string => isShort(x, 8192)) &&
    optional(v.deleteResult, (x): x is string => isShort(x, 8192));
  if (!ok) {
    return undefined;
  }
  const row: CleanupReportRow = {
    key: v.key as string,
    profile: v.profile as string,
    accountId: v.accountId as string,
    region: v.region as string,
    name: v.name as string,
    arn: v.arn as string,
    family: v.family as string,
    ageDays: v.ageDays as number | undefined,
    createdTime: v.createdTime as string | undefined,
    state: v.state as string,
    candidate: v.candidate as boolean,
    why: v.why as string,
    code: v.code as string,
    reasonText: v.reasonText as string | undefined,
    deleteResult: v.deleteResult as string | undefined,
  };
  // The key is the row's identity (imageRefKey); a candidate must say exactly which image and
  // which creation time the bound delete checks for.
  if (row.key !== imageRefKey(row)) {
    return undefined;
  }
  if (row.candidate && (!arnMatches(row) || row.createdTime === undefined)) {
    return undefined;
  }
  return row;
}

function parseTotal(v: unknown): CleanupTotal | undefined {
  if (!isRecord(v)) {
    return undefined;
  }
  const ok =
    isShort(v.profile, 256) &&
    isShort(v.accountId, 12) &&
    isShort(v.region, 64) &&
    isCount(v.ownImages) &&
    isCount(v.candidates) &&
    optional(v.quota, isCount) &&
    optional(v.headroomNow, isCount) &&
    optional(v.headroomAfter, isCount);
  if (!ok) {
    return undefined;
  }
  const { profile, accountId, region, ownImages, candidates, quota, headroomNow, headroomAfter } = v as unknown as CleanupTotal;
  return { profile, accountId, region, ownImages, candidates, quota, headroomNow, headroomAfter };
}

const MAX_ROWS = 20_000;

/**
 * A report that crossed a boundary (the page's saved state after a reload): the same shape as the
 * extension sends, each field of the right type, each candidate naming its image by an ARN of its
 * own account and region with its creation time; anything else gives undefined. Strings may still
 * hold anything (names are written by other accounts): they are shown as text only.
 */
export function parseReportData(value: unknown): CleanupReportData | undefined {
  if (!isRecord(value) || !isIsoTime(value.scannedAt) || !isRecord(value.settings)) {
    return undefined;
  }
  const s = value.settings;
  if (!isCount(s.minAgeDays) || !isCount(s.keepNewest) || !isShort(s.keepTag, 256)) {
    return undefined;
  }
  if (!Array.isArray(value.rows) || value.rows.length > MAX_ROWS || !Array.isArray(value.totals) || value.totals.length > MAX_ROWS) {
    return undefined;
  }
  if (!Array.isArray(value.failures) || !value.failures.every((f) => isShort(f, 8192)) || !Array.isArray(value.targets)) {
    return undefined;
  }
  // (A report saved before duplicates were told apart has no `skipped`: none.)
  const skipped = value.skipped === undefined ? [] : value.skipped;
  if (!Array.isArray(skipped) || skipped.length > MAX_ROWS || !skipped.every((d) => isShort(d, 1024))) {
    return undefined;
  }
  const rows = value.rows.map(parseRow);
  const totals = value.totals.map(parseTotal);
  const targets = value.targets.map((t) => (isRecord(t) && isShort(t.profile, 256) && isShort(t.region, 64) ? { profile: t.profile, region: t.region } : undefined));
  if (rows.some((r) => r === undefined) || totals.some((t) => t === undefined) || targets.some((t) => t === undefined) || targets.length === 0) {
    return undefined;
  }
  return {
    scannedAt: value.scannedAt,
    settings: { minAgeDays: s.minAgeDays, keepNewest: s.keepNewest, keepTag: s.keepTag },
    rows: rows as CleanupReportRow[],
    totals: totals as CleanupTotal[],
    failures: value.failures as string[],
    skipped: skipped as string[],
    targets: targets as CleanupReportData['targets'],
  };
}

/** The user's choices of a saved state (any part that does not read back is the default). */
export function parseViewChoices(value: unknown): Pick<CleanupWebviewState, 'showKept' | 'sort' | 'selected'> {
  const v = isRecord(value) ? value : {};
  const sort = isRecord(v.sort) && SORT_COLUMNS.includes(v.sort.column as SortColumn) && typeof v.sort.descending === 'boolean' ? { column: v.sort.column as SortColumn, descending: v.sort.descending } : { column: 'age' as const, descending: true };
  return {
    showKept: v.showKept === true,
    sort,
    selected: Array.isArray(v.selected) ? v.selected.filter((k): k is string => isShort(k)).slice(0, MAX_ROWS) : [],
  };
}
