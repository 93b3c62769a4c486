/**
 * The first look, timed in the page: from the mousedown on an activity-bar icon to the first
 * image row on screen and to the whole Private group (its row says "N images"), with the
 * emulator answering every request after `rttMs`. The baseline, in the same page just before:
 * the same click on VS Code's own Explorer (an empty folder) until its tree is on screen.
 *
 * Times come from performance.now() inside the page (a capture-phase mousedown listener, then a
 * MutationObserver plus a 10 ms poll of what is visible), not from Playwright's polling.
 *
 * The result goes into bench/out/latest.json as `firstPaint` (merged: other keys, and the
 * figures of other VS Code versions under `firstPaint.byVscode`, are kept).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { LONG } from './workbench';

export interface FirstPaint {
  /** mousedown on the AppStream Images icon → first image row visible. */
  firstRowMs: number;
  /** mousedown → the Private group's row says "N images" and its first row is visible. */
  privateGroupMs: number;
  /** mousedown on the Explorer icon → the empty folder's Explorer tree visible. */
  baselineMs: number;
  /** Latency the emulator added to every request during the measurement. */
  rttMs: number;
  /** The target: first row within baseline + 1 round trip + 1.5 s. */
  targetMs: number;
  targetMet: boolean;
  /** DescribeImages requests the emulator received until the Private group was whole. */
  describeImagesRequests: number;
  vscodeVersion: string;
  codeServerVersion: string;
  nodeVersion: string;
  measuredAt: string;
}

/** In-page probes, by name: a function body returning true once the thing is on screen. */
type Probes = Record<string, string>;

/** Arms the probes in the page, clicks `selector` like a person, returns ms from mousedown per probe. */
async function timeClick(page: Page, selector: string, probes: Probes, timeoutMs = LONG): Promise<Record<string, number>> {
  await page.evaluate((p) => {
    const w = window as unknown as { __fp?: { down?: number; marks: Record<string, number>; stop: () => void } };
    const checks = Object.entries(p).map(([name, body]) => [name, new Function(body) as () => boolean] as const);
    const state: { down?: number; marks: Record<string, number>; stop: () => void } = { marks: {}, stop: () => undefined };
    const check = (): void => {
      if (state.down === undefined) {
        return;
      }
      for (const [name, fn] of checks) {
        if (state.marks[name] === undefined && fn()) {
          state.marks[name] = performance.now() - state.down;
        }
      }
    };
    const onDown = (): void => {
      state.down ??= performance.now();
    };
    document.addEventListener('mousedown', onDown, { capture: true });
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    const timer = setInterval(check, 10);
    state.stop = () => {
      observer.disconnect();
      clearInterval(timer);
      document.removeEventListener('mousedown', onDown, { capture: true });
    };
    w.__fp = state;
  }, probes);
  await page.locator(selector).click({ timeout: timeoutMs });
  const end = Date.now() + timeoutMs;
  for (;;) {
    const marks = await page.evaluate(() => (window as unknown as { __fp: { marks: Record<string, number> } }).__fp.marks);
    if (Object.keys(probes).every((k) => marks[k] !== undefined)) {
      await page.evaluate(() => (window as unknown as { __fp: { stop: () => void } }).__fp.stop());
      return marks;
    }
    if (Date.now() > end) {
      await page.evaluate(() => (window as unknown as { __fp: { stop: () => void } }).__fp.stop());
      throw new Error(`first paint: not seen within ${timeoutMs} ms: ${Object.keys(probes).filter((k) => marks[k] === undefined).join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const activityIcon = (title: string): string => `.part.activitybar a.action-label[aria-label^="${title}"]`;

/** Visible in the side bar: `sel` matches an element that checkVisibility() accepts. */
function visibleIn(sel: string, extra = 'true'): string {
  return `return Array.from(document.querySelectorAll(${JSON.stringify(sel)})).some((e) => e.checkVisibility() && (${extra}));`;
}

/**
 * Runs on a freshly loaded workbench whose side bar shows the Explorer and which has not opened
 * the AppStream view yet; leaves the AppStream view open.
 */
export async function measureFirstPaint(
  page: Page,
  opts: { rttMs: number; describeImagesCount: () => number; vscodeVersion: string; codeServerVersion: string; nodeVersion: string },
): Promise<FirstPaint> {
  // Baseline: away from the Explorer (to Search), then back to it.
  await page.locator(activityIcon('Search')).click({ timeout: LONG });
  await page.locator('.part.sidebar .search-view').first().waitFor({ state: 'visible', timeout: LONG });
  const baseline = await timeClick(page, activityIcon('Explorer'), {
    explorer: visibleIn('.part.sidebar .explorer-folders-view'),
  });

  const before = opts.describeImagesCount();
  const row = '.part.sidebar .monaco-list-row[role="treeitem"]';
  const marks = await timeClick(page, activityIcon('AppStream Images'), {
    // profile (1) → region (2) → group (3) → image (4)
    firstRow: visibleIn(`${row}[aria-level="4"]`),
    privateGroup: visibleIn(
      `${row}[aria-level="3"]`,
      `/^\\s*Private\\s*$/.test(e.querySelector('.label-name')?.textContent ?? '') && /\\d+ images/.test(e.querySelector('.label-description')?.textContent ?? '') && Array.from(document.querySelectorAll(${JSON.stringify(`${row}[aria-level="4"]`)})).some((r) => r.checkVisibility())`,
    ),
  });
  const round = (n: number) => Math.round(n);
  const baselineMs = round(baseline.explorer);
  const firstRowMs = round(marks.firstRow);
  const targetMs = baselineMs + opts.rttMs + 1500;
  return {
    firstRowMs,
    privateGroupMs: round(marks.privateGroup),
    baselineMs,
    rttMs: opts.rttMs,
    targetMs,
    targetMet: firstRowMs <= targetMs,
    describeImagesRequests: opts.describeImagesCount() - before,
    vscodeVersion: opts.vscodeVersion,
    codeServerVersion: opts.codeServerVersion,
    nodeVersion: opts.nodeVersion,
    measuredAt: new Date().toISOString(),
  };
}

/**
 * Merges into bench/out/latest.json: `firstPaint` holds this run's figures, and
 * `firstPaint.byVscode[<version>]` each version's latest.
 */
export function writeFirstPaint(root: string, fp: FirstPaint): string {
  const file = path.join(root, 'bench', 'out', 'latest.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let doc: Record<string, unknown> = {};
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    /* none yet, or unreadable: start over */
  }
  const previous = (doc.firstPaint ?? {}) as { byVscode?: Record<string, FirstPaint> };
  doc.firstPaint = { ...fp, byVscode: { ...(previous.byVscode ?? {}), [fp.vscodeVersion]: fp } };
  fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}
