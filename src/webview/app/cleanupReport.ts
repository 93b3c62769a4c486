// The cleanup report's rendering (browser side, no vscode). Cloud data (names, families, reasons
// built from fleet names) goes into the page as text only: h() and textContent, never HTML. Every
// word of the page's own comes from the strings table the extension sends (vscode.l10n.t).
import { fillIn, type CleanupReportData, type CleanupReportRow, type CleanupStrings, type FromCleanupWebview, type RenderedTexts, type SortColumn } from '../cleanupProtocol';
import { button, h, text } from './dom';

export type { SortColumn };

/** What the page keeps between renders (the user's choices). */
export interface ReportViewState {
  showKept: boolean;
  sort: { column: SortColumn; descending: boolean };
  /** Keys of the selected candidates. */
  selected: Set<string>;
  busy: boolean;
  busyLabel?: string;
}

/** How the report came: a scan of now, or the page's saved report after a window reload. */
export interface ReportContext {
  strings: CleanupStrings;
  restored: boolean;
}

export function initialViewState(): ReportViewState {
  return { showKept: false, sort: { column: 'age', descending: true }, selected: new Set(), busy: false };
}

const COLUMNS: { id: SortColumn; label: keyof CleanupStrings }[] = [
  { id: 'account', label: 'colAccount' },
  { id: 'region', label: 'colRegion' },
  { id: 'name', label: 'colImage' },
  { id: 'family', label: 'colFamily' },
  { id: 'age', label: 'colAge' },
  { id: 'state', label: 'colState' },
  { id: 'why', label: 'colWhy' },
];

const account = (r: { profile: string; accountId: string }): string => (r.accountId ? `${r.profile} (${r.accountId})` : r.profile);

function sortValue(row: CleanupReportRow, column: SortColumn): string | number {
  switch (column) {
    case 'account':
      return account(row);
    case 'age':
      return row.ageDays ?? -1;
    case 'why':
      return row.reasonText ?? row.why;
    default:
      return row[column];
  }
}

export function sortedRows(rows: readonly CleanupReportRow[], sort: ReportViewState['sort']): CleanupReportRow[] {
  const dir = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, sort.column);
    const y = sortValue(b, sort.column);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return c * dir || a.name.localeCompare(b.name, undefined, { numeric: true });
  });
}

/** The date and time of an ISO string in the page's locale (the string as it is when it does not read). */
export function localTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** Renders the whole report into `root`; `redraw` renders again after a choice of the user. */
export function renderReport(root: HTMLElement, data: CleanupReportData, view: ReportViewState, ctx: ReportContext, post: (m: FromCleanupWebview) => void, redraw: () => void): void {
  const s = ctx.strings;
  const candidates = data.rows.filter((r) => r.candidate && !r.deleteResult);
  // A selection only holds candidates still in the report.
  for (const key of [...view.selected]) {
    if (!candidates.some((r) => r.key === key)) {
      view.selected.delete(key);
    }
  }
  const kept = data.rows.filter((r) => !r.candidate);
  const shown = sortedRows(view.showKept ? data.rows : data.rows.filter((r) => r.candidate), view.sort);

  const summary = h(
    'p',
    { attrs: { id: 'summary' } },
    `${fillIn(s.summary, candidates.length, data.rows.length, data.totals.length, kept.length)} ${fillIn(s.rules, data.settings.minAgeDays, data.settings.keepNewest, data.settings.keepTag)}`,
  );

  const toggle = h('input', { attrs: { type: 'checkbox', id: 'show-kept' } });
  toggle.checked = view.showKept;
  toggle.addEventListener('change', () => {
    view.showKept = toggle.checked;
    redraw();
  });
  const deleteButton = button(fillIn(s.deleteSelected, view.selected.size), () => post({ type: 'delete', keys: [...view.selected] }), {
    action: 'delete',
    className: 'button danger',
    disabled: view.busy || view.selected.size === 0,
  });
  const toolbar = h(
    'div',
    { className: 'actions' },
    button(s.exportCsv, () => post({ type: 'export', format: 'csv' }), { action: 'export-csv', disabled: view.busy }),
    button(s.exportJson, () => post({ type: 'export', format: 'json' }), { action: 'export-json', disabled: view.busy }),
    deleteButton,
    button(s.scanAgain, () => post({ type: 'rescan' }), { action: 'rescan', disabled: view.busy }),
    h('label', { attrs: { for: 'show-kept' } }, toggle, ` ${fillIn(s.showKept, kept.length)}`),
    view.busy ? h('span', { className: 'muted', attrs: { id: 'busy', role: 'status' } }, view.busyLabel ?? s.working) : null,
  );

  const failures = data.failures.length
    ? h('div', { className: 'banner banner-error', attrs: { role: 'alert' } }, h('p', null, s.notScanned), h('ul', null, ...data.failures.map((f) => h('li', null, text(f)))))
    : null;
  // A report from before a window reload says so, and how old it is, before anything else.
  const notice = ctx.restored
    ? h(
        'div',
        { className: 'banner banner-warning', attrs: { id: 'notice', role: 'status' } },
        h('p', null, fillIn(s.restored, localTime(data.scannedAt))),
        button(s.scanAgain, () => post({ type: 'rescan' }), { action: 'rescan-notice', disabled: view.busy }),
      )
    : null;

  const skipped = data.skipped.length
    ? h(
        'div',
        { className: 'banner banner-info', attrs: { role: 'note' } },
        h('p', null, s.scannedOnce),
        h('ul', null, ...data.skipped.map((d) => h('li', null, text(d)))),
      )
    : null;

  const parts: (HTMLElement | null)[] = [
    h('h1', null, s.title),
    notice,
    h('p', { className: 'muted', attrs: { id: 'scanned-at' } }, fillIn(s.scannedAt, localTime(data.scannedAt))),
    summary,
    failures,
    skipped,
    toolbar,
    h('h2', null, s.perAccountRegion),
    totalsTable(data, s),
    h('h2', null, view.showKept ? s.candidatesAndKept : s.candidates),
    imagesTable(shown, data, view, s, redraw),
  ];
  root.replaceChildren(...parts.filter((n): n is HTMLElement => n !== null));
  root.setAttribute('aria-busy', String(view.busy));
}

/** The page when the saved report could not be read back after a reload: what happened, and Scan Again. */
export function renderUnrestorable(root: HTMLElement, message: string, strings: CleanupStrings, busy: boolean, post: (m: FromCleanupWebview) => void): void {
  root.replaceChildren(
    h('h1', null, strings.title),
    h(
      'div',
      { className: 'banner banner-error', attrs: { id: 'notice', role: 'alert' } },
      h('p', null, text(message)),
      button(strings.scanAgain, () => post({ type: 'rescan' }), { action: 'rescan', disabled: busy }),
    ),
  );
  root.setAttribute('aria-busy', String(busy));
}

/** The page's own words as shown, for the extension's tests (what a reader sees, by textContent). */
export function renderedTexts(root: HTMLElement): RenderedTexts {
  const textOf = (el: Element | null): string => el?.textContent?.trim() ?? '';
  return {
    heading: textOf(root.querySelector('h1')),
    notice: textOf(root.querySelector('#notice p')),
    columns: [...root.querySelectorAll('#images thead th button, #totals thead th')].map(textOf),
    buttons: [...root.querySelectorAll('button[data-action]:not(.sort)')].map(textOf),
    empty: textOf(root.querySelector('#images td.empty')),
  };
}

function totalsTable(data: CleanupReportData, s: CleanupStrings): HTMLTableElement {
  const head = h(
    'tr',
    null,
    ...[s.colAccount, s.colRegion, s.colOwnImages, s.colCandidates, s.colQuota, s.colFreeNow, s.colFreeAfter].map((l) => h('th', { attrs: { scope: 'col' } }, l)),
  );
  const rows = data.totals.map((t) =>
    h(
      'tr',
      null,
      h('td', null, text(account(t))),
      h('td', null, text(t.region)),
      h('td', { className: 'num' }, t.ownImages),
      h('td', { className: 'num' }, t.candidates),
      h('td', { className: 'num' }, t.quota === undefined ? s.none : t.quota),
      h('td', { className: 'num' }, t.headroomNow === undefined ? s.none : t.headroomNow),
      h('td', { className: 'num' }, t.headroomAfter === undefined ? s.none : `${t.headroomAfter} (+${t.headroomAfter - (t.headroomNow ?? 0)})`),
    ),
  );
  return h('table', { className: 'report', attrs: { id: 'totals' } }, h('thead', null, head), h('tbody', null, ...rows));
}

function imagesTable(rows: CleanupReportRow[], data: CleanupReportData, view: ReportViewState, s: CleanupStrings, redraw: () => void): HTMLTableElement {
  const selectable = rows.filter((r) => r.candidate && !r.deleteResult);
  const all = h('input', { attrs: { type: 'checkbox', 'aria-label': s.selectAll, id: 'select-all' } });
  all.checked = selectable.length > 0 && selectable.every((r) => view.selected.has(r.key));
  all.disabled = view.busy || selectable.length === 0;
  all.addEventListener('change', () => {
    selectable.forEach((r) => (all.checked ? view.selected.add(r.key) : view.selected.delete(r.key)));
    redraw();
  });
  const header = h(
    'tr',
    null,
    h('th', { attrs: { scope: 'col' } }, all),
    ...COLUMNS.map((c) => {
      const active = view.sort.column === c.id;
      const b = button(`${s[c.label]}${active ? (view.sort.descending ? ' ▼' : ' ▲') : ''}`, () => {
        view.sort = { column: c.id, descending: active ? !view.sort.descending : c.id === 'age' };
        redraw();
      }, { className: 'link-button sort', action: `sort-${c.id}`, title: active ? (view.sort.descending ? s.sortedDescending : s.sortedAscending) : undefined });
      return h('th', { attrs: { scope: 'col', 'aria-sort': active ? (view.sort.descending ? 'descending' : 'ascending') : 'none' } }, b);
    }),
  );
  const body = rows.map((r) => {
    const box = h('input', { attrs: { type: 'checkbox', 'aria-label': fillIn(s.selectRow, r.name) } });
    box.checked = view.selected.has(r.key);
    box.disabled = view.busy || !r.candidate || r.deleteResult !== undefined;
    box.addEventListener('change', () => {
      if (box.checked) {
        view.selected.add(r.key);
      } else {
        view.selected.delete(r.key);
      }
      redraw();
    });
    return h(
      'tr',
      { className: r.candidate ? 'candidate' : 'kept', dataset: { name: r.name } },
      h('td', null, box),
      h('td', null, text(account(r))),
      h('td', null, text(r.region)),
      h('td', null, text(r.name, 'mono')),
      h('td', null, text(r.family, 'mono')),
      h('td', { className: 'num' }, r.ageDays === undefined ? s.none : r.ageDays),
      h('td', null, text(r.state)),
      h('td', null, text(r.deleteResult ?? r.reasonText ?? r.why)),
    );
  });
  const emptyText = data.rows.length === 0 ? s.noRegions : !view.showKept && data.rows.every((r) => !r.candidate) ? s.noCandidates : s.noImages;
  const empty = rows.length === 0 ? h('tr', null, h('td', { attrs: { colspan: String(COLUMNS.length + 1) }, className: 'muted empty' }, emptyText)) : null;
  return h('table', { className: 'report', attrs: { id: 'images' } }, h('thead', null, header), h('tbody', null, ...body, empty));
}
