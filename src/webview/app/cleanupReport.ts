// The cleanup report's rendering (browser side, no vscode). Cloud data (names, families, reasons
// built from fleet names) goes into the page as text only: h() and textContent, never HTML.
import type { CleanupReportData, CleanupReportRow, FromCleanupWebview } from '../cleanupProtocol';
import { button, h, text } from './dom';

export type SortColumn = 'account' | 'region' | 'name' | 'family' | 'age' | 'state' | 'why';

/** What the page keeps between renders (the user's choices). */
export interface ReportViewState {
  showKept: boolean;
  sort: { column: SortColumn; descending: boolean };
  /** Keys of the selected candidates. */
  selected: Set<string>;
  busy: boolean;
  busyLabel?: string;
}

export function initialViewState(): ReportViewState {
  return { showKept: false, sort: { column: 'age', descending: true }, selected: new Set(), busy: false };
}

const COLUMNS: { id: SortColumn; label: string }[] = [
  { id: 'account', label: 'Account' },
  { id: 'region', label: 'Region' },
  { id: 'name', label: 'Image' },
  { id: 'family', label: 'Family' },
  { id: 'age', label: 'Age (days)' },
  { id: 'state', label: 'State' },
  { id: 'why', label: 'Why' },
];

const account = (r: { profile: string; accountId: string }): string => (r.accountId ? `${r.profile} (${r.accountId})` : r.profile);

function sortValue(row: CleanupReportRow, column: SortColumn): string | number {
  switch (column) {
    case 'account':
      return account(row);
    case 'age':
      return row.ageDays ?? -1;
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

/** Renders the whole report into `root`; `redraw` renders again after a choice of the user. */
export function renderReport(root: HTMLElement, data: CleanupReportData, view: ReportViewState, post: (m: FromCleanupWebview) => void, redraw: () => void): void {
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
    `${candidates.length} candidate${candidates.length === 1 ? '' : 's'} among ${data.rows.length} own images in ${data.totals.length} region${data.totals.length === 1 ? '' : 's'}; ${kept.length} kept. ` +
      `Rules: older than ${data.settings.minAgeDays} days, not among the newest ${data.settings.keepNewest} of its family, not used, not shared, not tagged "${data.settings.keepTag}"; FAILED for more than a day.`,
  );

  const toggle = h('input', { attrs: { type: 'checkbox', id: 'show-kept' } });
  toggle.checked = view.showKept;
  toggle.addEventListener('change', () => {
    view.showKept = toggle.checked;
    redraw();
  });
  const deleteButton = button(`Delete selected (${view.selected.size})…`, () => post({ type: 'delete', keys: [...view.selected] }), {
    action: 'delete',
    className: 'button danger',
    disabled: view.busy || view.selected.size === 0,
  });
  const toolbar = h(
    'div',
    { className: 'actions' },
    button('Export CSV…', () => post({ type: 'export', format: 'csv' }), { action: 'export-csv', disabled: view.busy }),
    button('Export JSON…', () => post({ type: 'export', format: 'json' }), { action: 'export-json', disabled: view.busy }),
    deleteButton,
    button('Scan Again', () => post({ type: 'rescan' }), { action: 'rescan', disabled: view.busy }),
    h('label', { attrs: { for: 'show-kept' } }, toggle, ` Show kept images (${kept.length}) with the reason`),
    view.busy ? h('span', { className: 'muted', attrs: { id: 'busy', role: 'status' } }, view.busyLabel ?? 'Working…') : null,
  );

  const failures = data.failures.length
    ? h('div', { className: 'banner banner-error', attrs: { role: 'alert' } }, h('p', null, 'Not scanned:'), h('ul', null, ...data.failures.map((f) => h('li', null, text(f)))))
    : null;

  // Data is checked loosely by the page (isReportData): no `skipped` is none.
  const skippedLines = Array.isArray(data.skipped) ? data.skipped : [];
  const skipped = skippedLines.length
    ? h(
        'div',
        { className: 'banner banner-info', attrs: { role: 'note' } },
        h('p', null, 'Scanned once per account: these profiles sign in to an account already scanned in that region, through the profile named:'),
        h('ul', null, ...skippedLines.map((d) => h('li', null, text(d)))),
      )
    : null;

  const parts: (HTMLElement | null)[] = [
    h('h1', null, 'Unused images'),
    h('p', { className: 'muted' }, `Scanned ${new Date(data.scannedAt).toLocaleString()}`),
    summary,
    failures,
    skipped,
    toolbar,
    h('h2', null, 'Per account and region'),
    totalsTable(data),
    h('h2', null, view.showKept ? 'Candidates and kept images' : 'Candidates'),
    imagesTable(shown, view, redraw),
  ];
  root.replaceChildren(...parts.filter((n): n is HTMLElement => n !== null));
  root.setAttribute('aria-busy', String(view.busy));
}

function totalsTable(data: CleanupReportData): HTMLTableElement {
  const head = h('tr', null, ...['Account', 'Region', 'Own images', 'Candidates', 'Images quota', 'Free now', 'Free after deleting'].map((l) => h('th', { attrs: { scope: 'col' } }, l)));
  const rows = data.totals.map((t) =>
    h(
      'tr',
      null,
      h('td', null, text(account(t))),
      h('td', null, t.region),
      h('td', { className: 'num' }, t.ownImages),
      h('td', { className: 'num' }, t.candidates),
      h('td', { className: 'num' }, t.quota === undefined ? '—' : t.quota),
      h('td', { className: 'num' }, t.headroomNow === undefined ? '—' : t.headroomNow),
      h('td', { className: 'num' }, t.headroomAfter === undefined ? '—' : `${t.headroomAfter} (+${t.headroomAfter - (t.headroomNow ?? 0)})`),
    ),
  );
  return h('table', { className: 'report', attrs: { id: 'totals' } }, h('thead', null, head), h('tbody', null, ...rows));
}

function imagesTable(rows: CleanupReportRow[], view: ReportViewState, redraw: () => void): HTMLTableElement {
  const selectable = rows.filter((r) => r.candidate && !r.deleteResult);
  const all = h('input', { attrs: { type: 'checkbox', 'aria-label': 'Select all candidates shown', id: 'select-all' } });
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
      const b = button(`${c.label}${active ? (view.sort.descending ? ' ▼' : ' ▲') : ''}`, () => {
        view.sort = { column: c.id, descending: active ? !view.sort.descending : c.id === 'age' };
        redraw();
      }, { className: 'link-button sort', action: `sort-${c.id}` });
      return h('th', { attrs: { scope: 'col', 'aria-sort': active ? (view.sort.descending ? 'descending' : 'ascending') : 'none' } }, b);
    }),
  );
  const body = rows.map((r) => {
    const box = h('input', { attrs: { type: 'checkbox', 'aria-label': `Select ${r.name}` } });
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
      h('td', null, r.region),
      h('td', null, text(r.name, 'mono')),
      h('td', null, text(r.family, 'mono')),
      h('td', { className: 'num' }, r.ageDays === undefined ? '—' : r.ageDays),
      h('td', null, r.state),
      h('td', null, text(r.deleteResult ?? r.why)),
    );
  });
  const empty = rows.length === 0 ? h('tr', null, h('td', { attrs: { colspan: String(COLUMNS.length + 1) }, className: 'muted' }, 'No images to show.')) : null;
  return h('table', { className: 'report', attrs: { id: 'images' } }, h('thead', null, header), h('tbody', null, ...body, empty));
}
