// The cleanup report's browser script in a real headless Chromium: the bundle the extension ships
// (built here from src/webview/app/cleanup.ts), the panel's own HTML and CSP, and one stub only:
// acquireVsCodeApi. Hostile names stay text, the table sorts, kept images show on demand, and the
// buttons post what the extension acts on.
import * as assert from 'assert';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { panelHtml } from '../../../src/webview/panelHtml';
import type { CleanupReportData, CleanupReportRow } from '../../../src/webview/cleanupProtocol';

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
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const html = panelHtml({ cspSource: ORIGIN, nonce: 'dGVzdG5vbmNlMTIzNDU2Nw==', scriptUri: `${ORIGIN}/dist/webview/cleanup.js`, styleUri: `${ORIGIN}/media/cleanup.css`, title: 'Unused images' });
    await page.route('**/*', async (route) => {
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
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      const probe = { posted: [] as unknown[], csp: [] as string[] };
      w.__probe = probe;
      document.addEventListener('securitypolicyviolation', (e) => probe.csp.push(`${e.violatedDirective} ${e.blockedURI}`));
      w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => probe.posted.push(JSON.parse(JSON.stringify(m))) });
    });
    await page.goto(`${ORIGIN}/index.html`);
    await page.waitForFunction(() => (window as unknown as { __probe: { posted: unknown[] } }).__probe.posted.length > 0);
    await page.evaluate((data) => window.postMessage({ type: 'report', data }, '*'), DATA);
    await page.waitForSelector('#images tbody tr');
  });

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
});
