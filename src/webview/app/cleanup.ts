// The cleanup report's browser script (bundled by esbuild as an IIFE to dist/webview/cleanup.js).
// Posts {type:'ready'} once listening and renders each report it gets; the user's choices (sort,
// kept images shown, selection) stay across re-renders. It keeps the report and those choices
// with setState, so VS Code can restore the panel after a window reload (the extension's
// serializer reads the report back, checks it, and sends it again marked as restored) and so the
// choices survive the panel being hidden.
import {
  parseReportData,
  parseStrings,
  parseViewChoices,
  type CleanupReportData,
  type CleanupStrings,
  type CleanupWebviewState,
  type FromCleanupWebview,
} from '../cleanupProtocol';
import { initialViewState, renderedTexts, renderReport, renderUnrestorable, type ReportContext } from './cleanupReport';
import { isRecord } from './values';

export { initialViewState, renderReport, sortedRows } from './cleanupReport';

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** Wires the page to the extension. Exported for tests; runs by itself inside a webview. */
export function start(api: VsCodeApi, root: HTMLElement): void {
  const view = initialViewState();
  // The user's choices from before the page was hidden or the window reloaded (checked: state is read back).
  const saved = parseViewChoices(api.getState());
  view.showKept = saved.showKept;
  view.sort = saved.sort;
  saved.selected.forEach((k) => view.selected.add(k));

  let data: CleanupReportData | undefined;
  let ctx: ReportContext | undefined;
  let unrestorable: { message: string; strings: CleanupStrings } | undefined;
  const post = (m: FromCleanupWebview): void => api.postMessage(m);
  const save = (): void => {
    const state: CleanupWebviewState = { version: 1, data, showKept: view.showKept, sort: view.sort, selected: [...view.selected] };
    api.setState(state);
  };
  const redraw = (): void => {
    const focusId = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.focusId : undefined;
    if (unrestorable) {
      renderUnrestorable(root, unrestorable.message, unrestorable.strings, view.busy, post);
      post({ type: 'rendered', rows: 0, candidates: 0, names: [], failures: [], skipped: [], injected: root.querySelectorAll('img, script, iframe, svg, object').length, texts: renderedTexts(root) });
    } else if (data && ctx) {
      renderReport(root, data, view, ctx, post, redraw);
      save();
      const names = [...root.querySelectorAll('#images tbody tr[data-name] td:nth-child(4)')].map((td) => td.textContent ?? '');
      const failures = [...root.querySelectorAll('.banner-error li')].map((li) => li.textContent ?? '');
      const skipped = [...root.querySelectorAll('.banner-info li')].map((li) => li.textContent ?? '');
      const injected = root.querySelectorAll('img, script, iframe, svg, object').length;
      post({ type: 'rendered', rows: names.length, candidates: data.rows.filter((r) => r.candidate).length, names, failures, skipped, injected, texts: renderedTexts(root) });
    } else {
      return;
    }
    if (focusId) {
      root.querySelector<HTMLElement>(`[data-focus-id="${CSS.escape(focusId)}"]`)?.focus();
    }
  };
  window.addEventListener('message', (event: MessageEvent) => {
    const msg: unknown = event.data;
    if (!isRecord(msg)) {
      return;
    }
    if (msg.type === 'report') {
      const report = parseReportData(msg.data);
      const strings = parseStrings(msg.strings);
      if (report && strings) {
        data = report;
        ctx = { strings, restored: msg.restored === true };
        unrestorable = undefined;
        redraw();
      }
    } else if (msg.type === 'unrestorable') {
      const strings = parseStrings(msg.strings);
      if (strings) {
        data = undefined;
        ctx = undefined;
        unrestorable = { message: typeof msg.message === 'string' ? msg.message : strings.unrestorable, strings };
        save();
        redraw();
      }
    } else if (msg.type === 'busy') {
      view.busy = msg.busy === true;
      view.busyLabel = typeof msg.label === 'string' ? msg.label : undefined;
      redraw();
    }
  });
  post({ type: 'ready' });
}

if (typeof acquireVsCodeApi === 'function') {
  start(acquireVsCodeApi(), document.getElementById('root') ?? document.body);
}
