// The cleanup report's browser script in a real headless Chromium: the bundle the extension ships
// (built here from src/webview/app/cleanup.ts), the panel's own HTML and CSP, and one stub only:
// acquireVsCodeApi. Hostile names stay text, the table sorts, kept images show on demand, the
// buttons post what the extension acts on, every word of the page comes from the strings table
// the extension sends, and the page keeps its report and choices with setState (restore).
import * as assert from 'assert';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { panelHtml } from '../../../src/webview/panelHtml';
import { CLEANUP_STRING_KEYS, type CleanupReportData, type CleanupReportRow, type CleanupStrings } from '../../../src/webview/cleanupProtocol';

const ROOT = path.resolve(__dirname, '../../../..');
const ORIGIN = 'https://webview.test';
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

function row(name: string, extra: Partial<CleanupReportRow> = {}): CleanupReportRow {
  return {
    key: `demo-dev\u0000arn:aws:appstream:us-east-1:111111111111:image/${name}`,
    profile: 'demo-dev',
    accountId: '111111111111',
    region: 'us-east-1',
    name,
    arn: `arn:aws:appstream:us-east-1:111111111111:image/${name}`,
    family: name.replace(/-\d+$/, ''),
    ageDays: 100,
    createdTime: '2026-01-01T00:00:00.000Z',
    state: 'AVAILABLE',
    candidate: true,
    why: 'old',
    code: 'old',
    ...extra,
  };
}

const DATA: CleanupReportData = {
  scannedAt: '2026-11-28T00:00:00.000Z',
  settings: { minAgeDays: 90, keepNewest: 2, keepTag: 'keep' },
  rows: [
    row('app-1', { ageDays: 300 }),
    row('app-2', { ageDays: 200 }),
    row(`${HOSTILE}-1`, { ageDays: 150, family: HOSTILE, why: `used by fleet <script>window.__pwned=2</script>` }),
    row('app-3', { candidate: false, why: 'newest 2 of family "app" (number 2)', code: 'newestOfFamily', ageDays: 120 }),
    row('busy', { candidate: false, why: 'used by fleet f', code: 'usedByFleet', ageDays: 999 }),
  ],
  totals: [{ profile: 'demo-dev', accountId: '111111111111', region: 'us-east-1', ownImages: 5, candidates: 3, quota: 45, headroomNow: 40, headroomAfter: 43 }],
  failures: [`demo-prod eu-west-1: AccessDenied: ${HOSTILE}`],
  skipped: [`${HOSTILE} us-east-1: account 111111111111, scanned through profile demo-dev`],
  targets: [{ profile: 'demo-dev', region: 'us-east-1' }, { profile: 'demo-prod', region: 'eu-west-1' }],
};

/** The English table, as src/webview/cleanupStrings.ts gives it in an English VS Code. */
const STRINGS: CleanupStrings = {
  title: 'Unused images',
  loading: 'Loading the report…',
  scannedAt: 'Scanned {0}',
  summary: 'Candidates: {0} of {1} own images (regions scanned: {2}). Kept: {3}.',
  rules: 'Rules: older than {0} days, not among the newest {1} of its family, not used, not shared, not tagged "{2}"; FAILED images older than a day.',
  restored: 'Restored after a window reload: this is the scan of {0}, and images may have changed since.',
  unrestorable: 'The report could not be restored after the window reload',
  exportCsv: 'Export CSV…',
  exportJson: 'Export JSON…',
  deleteSelected: 'Delete selected ({0})…',
  scanAgain: 'Scan Again',
  showKept: 'Show kept images ({0}) with the reason',
  working: 'Working…',
  notScanned: 'Not scanned:',
  scannedOnce: 'Scanned once per account: these profiles sign in to an account already scanned in that region, through the profile named:',
  perAccountRegion: 'Per account and region',
  candidates: 'Candidates',
  candidatesAndKept: 'Candidates and kept images',
  colAccount: 'Account',
  colRegion: 'Region',
  colImage: 'Image',
  colFamily: 'Family',
  colAge: 'Age (days)',
  colState: 'State',
  colWhy: 'Why',
  colOwnImages: 'Own images',
  colCandidates: 'Candidates',
  colQuota: 'Images quota',
  colFreeNow: 'Free now',
  colFreeAfter: 'Free after deleting',
  selectAll: 'Select all candidates shown',
  selectRow: 'Select {0}',
  noImages: 'No images to show.',
  noCandidates: 'No candidates: every image is kept. Show kept images to see why.',
  noRegions: 'No own images in the scanned regions.',
  none: '—',
  sortedAscending: 'sorted ascending',
  sortedDescending: 'sorted descending',
};

describe('cleanup report webview (Chromium)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let bundle: string;
  let page: Page;

  before(async () => {
    const result = await esbuild.build({ entryPoints: [path.join(ROOT, 'src/webview/app/cleanup.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
    bundle = result.outputFiles[0].text;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    page = await openPage();
    await page.evaluate(([data, strings]) => window.postMessage({ type: 'report', data, strings }, '*'), [DATA, STRINGS] as const);
    await page.waitForSelector('#images tbody tr');
  });

  /** A page of the panel, as VS Code shows it; `saved`: what getState gives (the state before a reload). */
  async function openPage(saved?: unknown): Promise<Page> {
    const p = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const html = panelHtml({ cspSource: ORIGIN, nonce: 'dGVzdG5vbmNlMTIzNDU2Nw==', scriptUri: `${ORIGIN}/dist/webview/cleanup.js`, styleUri: `${ORIGIN}/media/cleanup.css`, title: 'Unused images' });
    await p.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      const files: Record<string, [string, string]> = {
        '/index.html': ['text/html', html],
        '/dist/webview/cleanup.js': ['text/javascript', bundle],
        '/media/cleanup.css': ['text/css', fs.readFileSync(path.join(ROOT, 'media/cleanup.css'), 'utf8')],
        '/media/details.css': ['text/css', fs.readFileSync(path.join(ROOT, 'media/details.css'), 'utf8')],
      };
      const file = url.origin === ORIGIN ? files[url.pathname] : undefined;
      return file ? route.fulfill({ contentType: file[0], body: file[1] }) : route.abort();
    });
    await p.addInitScript((initial) => {
      const w = window as unknown as Record<string, unknown>;
      const probe = { posted: [] as unknown[], csp: [] as string[], state: initial as unknown };
      w.__probe = probe;
      document.addEventListener('securitypolicyviolation', (e) => probe.csp.push(`${e.violatedDirective} ${e.blockedURI}`));
      w.acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => probe.posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => probe.state,
        setState: (st: unknown) => (probe.state = JSON.parse(JSON.stringify(st))),
      });
    }, saved ?? null);
    await p.goto(`${ORIGIN}/index.html`);
    await p.waitForFunction(() => (window as unknown as { __probe: { posted: unknown[] } }).__probe.posted.length > 0);
    return p;
  }

  after(async () => {
    await browser?.close();
  });

  const posted = () => page.evaluate(() => (window as unknown as { __probe: { posted: { type: string }[] } }).__probe.posted);
  const names = () => page.$$eval('#images tbody tr[data-name] td:nth-child(4)', (tds) => tds.map((td) => td.textContent));

  it('says ready, then renders candidates only, oldest first, hostile strings as text; no script ran, no CSP violation', async () => {
    const first = (await posted())[0];
    assert.deepStrictEqual(first, { type: 'ready' });
    assert.deepStrictEqual(await names(), ['app-1', 'app-2', `${HOSTILE}-1`]);
    const pwned = await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
    assert.strictEqual(pwned, undefined);
    assert.strictEqual(await page.$$eval('main img, main script', (els) => els.length), 0);
    assert.match((await page.textContent('#images')) ?? '', /<script>window.__pwned=2<\/script>/);
    assert.match((await page.textContent('.banner-error')) ?? '', /AccessDenied: <img src=x/);
    assert.match((await page.textContent('#totals')) ?? '', /demo-dev \(111111111111\)us-east-153454043 \(\+3\)/);
    const rendered = (await posted()).filter((m) => m.type === 'rendered').pop() as unknown as { names: string[]; failures: string[]; injected: number };
    assert.deepStrictEqual(rendered.names, ['app-1', 'app-2', `${HOSTILE}-1`]);
    assert.deepStrictEqual([rendered.failures, rendered.injected], [[DATA.failures[0]], 0]);
    assert.match((await page.textContent('.banner-info')) ?? '', /^Scanned once per account: .*<img src=x onerror="window.__pwned=1"> us-east-1: account 111111111111, scanned through profile demo-dev$/);
    assert.deepStrictEqual((rendered as unknown as { skipped: string[] }).skipped, DATA.skipped);
    const csp = await page.evaluate(() => (window as unknown as { __probe: { csp: string[] } }).__probe.csp);
    assert.deepStrictEqual(csp, []);
  });

  it('sorts by a column header (again: the other way), shows kept images with their reason on demand', async () => {
    await page.click('[data-action="sort-name"]');
    assert.deepStrictEqual(await names(), [`${HOSTILE}-1`, 'app-1', 'app-2']);
    assert.strictEqual(await page.getAttribute('th[aria-sort="ascending"] button', 'data-action'), 'sort-name');
    await page.click('[data-action="sort-name"]');
    assert.deepStrictEqual(await names(), ['app-2', 'app-1', `${HOSTILE}-1`]);
    await page.click('#show-kept');
    await page.click('[data-action="sort-age"]');
    assert.deepStrictEqual(await names(), ['busy', 'app-1', 'app-2', `${HOSTILE}-1`, 'app-3']);
    const keptRow = await page.$eval('tr[data-name="app-3"]', (tr) => ({ why: tr.lastElementChild?.textContent, box: (tr.querySelector('input') as HTMLInputElement).disabled }));
    assert.deepStrictEqual(keptRow, { why: 'newest 2 of family "app" (number 2)', box: true });
    await page.click('#show-kept');
    assert.deepStrictEqual((await names()).length, 3);
  });

  it('Delete selected posts the chosen candidates; Export posts the format', async () => {
    assert.ok(await page.isDisabled('[data-action="delete"]'), 'nothing chosen: disabled');
    await page.click('tr[data-name="app-1"] input');
    await page.click('tr[data-name="app-2"] input');
    assert.match((await page.textContent('[data-action="delete"]')) ?? '', /Delete selected \(2\)/);
    await page.click('[data-action="delete"]');
    await page.click('[data-action="export-csv"]');
    const last = (await posted()).filter((m) => m.type === 'delete' || m.type === 'export');
    assert.deepStrictEqual(last, [
      { type: 'delete', keys: [DATA.rows[0].key, DATA.rows[1].key] },
      { type: 'export', format: 'csv' },
    ]);
    await page.click('#select-all');
    assert.match((await page.textContent('[data-action="delete"]')) ?? '', /Delete selected \(3\)/);
    await page.evaluate(() => window.postMessage({ type: 'busy', busy: true, label: 'Deleting…' }, '*'));
    assert.ok(await page.isDisabled('[data-action="delete"]'), 'busy: disabled');
    assert.strictEqual(await page.textContent('#busy'), 'Deleting…');
  });

  it('every word of the page comes from the strings table the extension sends (text, labels, titles)', async () => {
    const marked = Object.fromEntries(CLEANUP_STRING_KEYS.map((k) => [k, `«${STRINGS[k]}»`])) as CleanupStrings;
    const p = await openPage();
    try {
      await p.evaluate(([data, strings]) => window.postMessage({ type: 'report', data, strings, restored: true }, '*'), [DATA, marked] as const);
      await p.waitForSelector('#images tbody tr');
      await p.click('#show-kept');
      const unmarked = await p.evaluate(() => {
        const out: string[] = [];
        const walker = document.createTreeWalker(document.getElementById('root')!, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const t = n.textContent?.trim() ?? '';
          // Cloud data is in .value spans; numbers are numbers.
          if (t && !n.parentElement?.closest('.value') && !/^[\d\s()+]*$/.test(t) && !t.includes('«')) {
            out.push(t);
          }
        }
        for (const el of document.querySelectorAll('#root [aria-label], #root [title]')) {
          for (const a of ['aria-label', 'title']) {
            const v = el.getAttribute(a);
            if (v !== null && !v.includes('«')) {
              out.push(`${a}=${v}`);
            }
          }
        }
        return out;
      });
      assert.deepStrictEqual(unmarked, []);
      assert.strictEqual(await p.textContent('h1'), '«Unused images»');
      assert.match((await p.textContent('#notice')) ?? '', /^«Restored after a window reload: this is the scan of .*2026.*»«Scan Again»$/);
    } finally {
      await p.close();
    }
  });

  it('keeps its report and the choices with setState; a page opened with that state (after a reload) shows them, says the report is restored, Scan Again posts rescan', async () => {
    const p = await openPage();
    let state: { version: number; data: CleanupReportData; showKept: boolean; sort: unknown; selected: string[] };
    try {
      await p.evaluate(([data, strings]) => window.postMessage({ type: 'report', data, strings }, '*'), [DATA, STRINGS] as const);
      await p.waitForSelector('#images tbody tr');
      await p.click('#show-kept');
      await p.click('[data-action="sort-name"]');
      await p.click('tr[data-name="app-2"] input');
      state = await p.evaluate(() => (window as unknown as { __probe: { state: never } }).__probe.state);
      assert.strictEqual(await p.$('#notice'), null, 'a scan of now has no notice');
    } finally {
      await p.close();
    }
    assert.deepStrictEqual([state.version, state.data.rows.length, state.showKept, state.sort, state.selected], [1, 5, true, { column: 'name', descending: false }, [DATA.rows[1].key]]);

    const restored = await openPage(state);
    try {
      await restored.evaluate(([data, strings]) => window.postMessage({ type: 'report', data, strings, restored: true }, '*'), [state.data, STRINGS] as const);
      await restored.waitForSelector('#images tbody tr');
      const shown = await restored.$$eval('#images tbody tr[data-name] td:nth-child(4)', (tds) => tds.map((td) => td.textContent));
      assert.deepStrictEqual(shown, [`${HOSTILE}-1`, 'app-1', 'app-2', 'app-3', 'busy']);
      assert.ok(await restored.isChecked('tr[data-name="app-2"] input'), 'the selection is back');
      assert.match((await restored.textContent('[data-action="delete"]')) ?? '', /Delete selected \(1\)/);
      assert.match((await restored.textContent('#notice')) ?? '', /^Restored after a window reload: this is the scan of .+, and images may have changed since\.Scan Again$/);
      assert.match((await restored.textContent('#scanned-at')) ?? '', /^Scanned .*2026/);
      await restored.click('[data-action="rescan-notice"]');
      const last = await restored.evaluate(() => (window as unknown as { __probe: { posted: { type: string }[] } }).__probe.posted.filter((m) => m.type !== 'rendered').pop());
      assert.deepStrictEqual(last, { type: 'rescan' });
    } finally {
      await restored.close();
    }
  });

  it('a report that does not read back (a candidate whose ARN is of another account, a wrong type) is not drawn; "unrestorable" shows its message as text with Scan Again', async () => {
    const p = await openPage({ version: 1, showKept: 'yes', sort: { column: '<img>', descending: 1 }, selected: [7, 'k'] });
    try {
      const otherAccount = { ...DATA, rows: [{ ...DATA.rows[0], arn: DATA.rows[0].arn.replace('111111111111', '222222222222'), key: DATA.rows[0].key.replace('111111111111', '222222222222') }] };
      const wrongType = { ...DATA, rows: [{ ...DATA.rows[0], ageDays: '<b>old</b>' }] };
      for (const data of [otherAccount, wrongType, { ...DATA, targets: undefined }, null]) {
        await p.evaluate(([d, strings]) => window.postMessage({ type: 'report', data: d, strings }, '*'), [data, STRINGS] as const);
      }
      await p.evaluate((strings) => window.postMessage({ type: 'report', data: { scannedAt: 'x' }, strings: { ...strings, title: 7 } }, '*'), STRINGS);
      await p.waitForTimeout(200);
      assert.strictEqual(await p.$('#images'), null, 'nothing drawn');
      await p.evaluate(([message, strings]) => window.postMessage({ type: 'unrestorable', message, strings }, '*'), [`could not restore ${HOSTILE}`, STRINGS] as const);
      await p.waitForSelector('#notice');
      assert.strictEqual(await p.textContent('#notice p'), `could not restore ${HOSTILE}`);
      assert.strictEqual(await p.$$eval('main img, main script', (els) => els.length), 0);
      await p.click('[data-action="rescan"]');
      const posted = await p.evaluate(() => (window as unknown as { __probe: { posted: { type: string; texts?: { notice: string } }[] } }).__probe.posted);
      assert.deepStrictEqual(posted.filter((m) => m.type !== 'rendered').map((m) => m.type), ['ready', 'rescan']);
      assert.strictEqual(posted.filter((m) => m.type === 'rendered').pop()?.texts?.notice, `could not restore ${HOSTILE}`);
      const state = await p.evaluate(() => (window as unknown as { __probe: { state: Record<string, unknown> } }).__probe.state);
      assert.deepStrictEqual([state.data, state.showKept, state.sort, state.selected], [undefined, false, { column: 'age', descending: true }, ['k']], 'what did not read back is the default');
    } finally {
      await p.close();
    }
  });
});
