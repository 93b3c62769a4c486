// The cleanup report's browser script (bundled by esbuild as an IIFE to dist/webview/cleanup.js).
// Posts {type:'ready'} once listening and renders each report it gets; the user's choices (sort,
// kept images shown, selection) stay across re-renders.
import type { CleanupReportData, FromCleanupWebview } from '../cleanupProtocol';
import { initialViewState, renderReport } from './cleanupReport';
import { isRecord } from './values';

export { initialViewState, renderReport, sortedRows } from './cleanupReport';

interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

function isReportData(value: unknown): value is CleanupReportData {
  return isRecord(value) && Array.isArray(value.rows) && Array.isArray(value.totals) && isRecord(value.settings) && Array.isArray(value.failures);
}

/** Wires the page to the extension. Exported for tests; runs by itself inside a webview. */
export function start(api: VsCodeApi, root: HTMLElement): void {
  const view = initialViewState();
  let data: CleanupReportData | undefined;
  const post = (m: FromCleanupWebview): void => api.postMessage(m);
  const redraw = (): void => {
    if (data) {
      const focusId = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.focusId : undefined;
      renderReport(root, data, view, post, redraw);
      const names = [...root.querySelectorAll('#images tbody tr[data-name] td:nth-child(4)')].map((td) => td.textContent ?? '');
      const failures = [...root.querySelectorAll('.banner-error li')].map((li) => li.textContent ?? '');
      const skipped = [...root.querySelectorAll('.banner-info li')].map((li) => li.textContent ?? '');
      const injected = root.querySelectorAll('img, script, iframe, svg, object').length;
      post({ type: 'rendered', rows: names.length, candidates: data.rows.filter((r) => r.candidate).length, names, failures, skipped, injected });
      if (focusId) {
        root.querySelector<HTMLElement>(`[data-focus-id="${CSS.escape(focusId)}"]`)?.focus();
      }
    }
  };
  window.addEventListener('message', (event: MessageEvent) => {
    const msg: unknown = event.data;
    if (!isRecord(msg)) {
      return;
    }
    if (msg.type === 'report' && isReportData(msg.data)) {
      data = msg.data;
      redraw();
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
