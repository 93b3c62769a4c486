// The details panel's browser script, tested in a real headless Chromium: the bundle the
// extension ships (built here from src/webview/app/main.ts), the panel's own HTML and CSP,
// and one stub only: acquireVsCodeApi, the webview host boundary.

import * as assert from 'assert';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { KNOWN_IMAGE_FIELDS } from '../../../src/webview/app/render';
import { IMAGE_ERROR_HELP, STATE_CHANGE_REASON_HELP, explainImageError } from '../../../src/webview/imageErrorHelp';
import { panelHtml } from '../../../src/webview/panelHtml';
import type { ImageDetailsData, ImageRef } from '../../../src/webview/protocol';

const ROOT = path.resolve(__dirname, '../../../..');
const ORIGIN = 'https://webview.test';
const ICON_ORIGIN = 'https://icons.test';
const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');
const SDK_MODELS = path.join(ROOT, 'node_modules/@aws-sdk/client-appstream/dist-types/models');

type Image = Record<string, unknown>;

const KEY: ImageRef = { profile: 'demo-dev', region: 'us-east-1', arn: 'arn:aws:appstream:us-east-1:111111111111:image/full-image', name: 'full-image' };

const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" rx="6" fill="#e66000"/><circle cx="16" cy="16" r="9" fill="#ffcb00"/></svg>`;

/** Every field of the Image shape (reference + newer SDK), each with a value that can be found on the page. */
const FULL_IMAGE: Image = {
  Name: 'full-image',
  Arn: 'arn:aws:appstream:us-east-1:111111111111:image/full-image',
  BaseImageArn: 'arn:aws:appstream:us-east-1::image/AppStream-WinServer2022-01-01-2025',
  DisplayName: 'Full Image Display',
  State: 'AVAILABLE',
  Visibility: 'PRIVATE',
  ImageBuilderSupported: true,
  ImageBuilderName: 'builder-for-full-image',
  Platform: 'WINDOWS_SERVER_2022',
  Description: 'An image with every documented field set.',
  StateChangeReason: { Code: 'IMAGE_BUILDER_NOT_AVAILABLE', Message: 'Builder went away during snapshot' },
  Applications: [
    {
      Name: 'notepadpp',
      DisplayName: 'Notepad Plus Plus',
      IconURL: `${ICON_ORIGIN}/notepad.svg`,
      LaunchPath: 'C:\\Program Files\\Notepad++\\notepad++.exe',
      LaunchParameters: '-multiInst -nosession',
      Enabled: false,
      Metadata: { vendorKey: 'vendorValue', channel: 'stable-channel' },
      WorkingDirectory: 'C:\\Users\\PhotonUser\\Work',
      Description: 'Edits text files.',
      Arn: 'arn:aws:appstream:us-east-1:111111111111:application/notepadpp',
      AppBlockArn: 'arn:aws:appstream:us-east-1:111111111111:app-block/notepad-block',
      IconS3Location: { S3Bucket: 'icon-bucket-name', S3Key: 'icons/notepad-key.png' },
      Platforms: ['WINDOWS_SERVER_2022', 'WINDOWS_SERVER_2025'],
      InstanceFamilies: ['GENERAL_PURPOSE', 'GRAPHICS_G5'],
      CreatedTime: '2025-02-03T04:05:06.000Z',
    },
  ],
  CreatedTime: '2025-03-01T12:34:56.000Z',
  PublicBaseImageReleasedDate: '2025-01-01T00:00:00.000Z',
  AppstreamAgentVersion: '12-20-2024',
  ImagePermissions: { allowFleet: true, allowImageBuilder: false },
  ImageErrors: [{ ErrorCode: 'SUBNET_NOT_FOUND', ErrorMessage: 'subnet-0123 does not exist', ErrorTimestamp: '2025-03-01T12:00:00.000Z' }],
  LatestAppstreamAgentVersion: 'FALSE',
  SupportedInstanceFamilies: ['GENERAL_PURPOSE', 'COMPUTE_OPTIMIZED_FAMILY'],
  DynamicAppProvidersEnabled: 'ENABLED',
  ImageSharedWithOthers: 'TRUE',
  ManagedSoftwareIncluded: true,
  ImageType: 'CUSTOM',
};

function details(image: Image, extra: Partial<ImageDetailsData> = {}): ImageDetailsData {
  const name = typeof image.Name === 'string' ? image.Name : 'unnamed';
  return { key: { ...KEY, name }, accountId: '111111111111', image, fetchedAt: '2025-06-01T10:00:00.000Z', ...extra };
}

/** Field names of an `export interface X {...}` in the SDK's type declarations. */
function sdkInterfaceFields(name: string): string[] {
  const src = fs.readFileSync(path.join(SDK_MODELS, 'models_0.d.ts'), 'utf8');
  const start = src.indexOf(`export interface ${name} {`);
  assert.ok(start >= 0, `interface ${name} not found in the SDK`);
  const body = src.slice(start, src.indexOf('\n}', start));
  return [...body.matchAll(/^\s{4}(\w+)\??:/gm)].map((m) => m[1]);
}

/** Values of an `export declare const X: {...}` enum in the SDK's type declarations. */
function sdkEnumValues(name: string): string[] {
  const src = fs.readFileSync(path.join(SDK_MODELS, 'enums.d.ts'), 'utf8');
  const start = src.indexOf(`export declare const ${name}: {`);
  assert.ok(start >= 0, `enum ${name} not found in the SDK`);
  const body = src.slice(start, src.indexOf('};', start));
  return [...body.matchAll(/readonly \w+: "([^"]+)"/g)].map((m) => m[1]);
}

// Theme variables the way VS Code sets them on the webview's <html>, with the body class.
const THEMES: Record<'light' | 'dark' | 'high-contrast', { bodyClass: string; vars: Record<string, string> }> = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      'editor-background': '#ffffff', foreground: '#3b3b3b', descriptionForeground: '#717171', 'button-background': '#005fb8',
      'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8', 'button-secondaryBackground': '#e5e5e5',
      'button-secondaryForeground': '#3b3b3b', errorForeground: '#d13438', 'inputValidation-errorBorder': '#be1100',
      'inputValidation-errorBackground': '#f2dede', 'inputValidation-warningBorder': '#bf8803', 'inputValidation-warningBackground': '#f6f5d2',
      'textLink-foreground': '#005fb8', 'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b', focusBorder: '#005fb8',
      'panel-border': '#e5e5e5', 'textCodeBlock-background': '#f8f8f8', 'textBlockQuote-background': '#f8f8f8',
      'testing-iconPassed': '#388a34', 'editorWarning-foreground': '#bf8803',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      'editor-background': '#1f1f1f', foreground: '#cccccc', descriptionForeground: '#9d9d9d', 'button-background': '#0078d4',
      'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1', 'button-secondaryBackground': '#313131',
      'button-secondaryForeground': '#cccccc', errorForeground: '#f85149', 'inputValidation-errorBorder': '#be1100',
      'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-warningBorder': '#b89500', 'inputValidation-warningBackground': '#352a05',
      'textLink-foreground': '#4daafc', 'badge-background': '#616161', 'badge-foreground': '#f8f8f8', focusBorder: '#0078d4',
      'panel-border': '#2b2b2b', 'textCodeBlock-background': '#2b2b2b', 'textBlockQuote-background': '#2b2b2b',
      'testing-iconPassed': '#73c991', 'editorWarning-foreground': '#cca700',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      'editor-background': '#000000', foreground: '#ffffff', descriptionForeground: '#ffffffb3', 'button-background': '#000000',
      'button-foreground': '#ffffff', 'button-border': '#6fc3df', 'button-secondaryBackground': '#000000',
      'button-secondaryForeground': '#ffffff', errorForeground: '#f48771', 'inputValidation-errorBorder': '#f38518',
      'inputValidation-errorBackground': '#000000', 'inputValidation-warningBorder': '#6fc3df', 'inputValidation-warningBackground': '#000000',
      'textLink-foreground': '#21a6ff', 'badge-background': '#000000', 'badge-foreground': '#ffffff', focusBorder: '#f38518',
      contrastBorder: '#6fc3df', contrastActiveBorder: '#f38518', 'panel-border': '#6fc3df', 'testing-iconPassed': '#73c991',
      'editorWarning-foreground': '#ffd370',
    },
  },
};

interface PageProbe {
  posted: unknown[];
  stateCount: number;
  state: unknown;
  cspViolations: string[];
  pwned: unknown;
}

describe('image details webview (Chromium)', function () {
  this.timeout(120_000);

  let browser: Browser;
  let bundle: string;
  let page: Page;
  let pageErrors: string[];
  /** The codicons the stylesheet asked for (media/codicons/). */
  const iconRequests: string[] = [];

  before(async () => {
    const result = await esbuild.build({
      entryPoints: [path.join(ROOT, 'src/webview/app/main.ts')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    bundle = result.outputFiles[0].text;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });

  after(async () => {
    await browser?.close();
  });

  /** Opens the panel's HTML with the real CSP, the bundle and the CSS, like the webview does. */
  async function openPanel(theme: keyof typeof THEMES = 'dark', viewport = { width: 1100, height: 900 }): Promise<Page> {
    const p = await browser.newPage({ viewport });
    pageErrors = [];
    p.on('pageerror', (e) => pageErrors.push(String(e)));
    const html = panelHtml({ cspSource: ORIGIN, nonce: 'dGVzdG5vbmNlMTIzNDU2Nw==', scriptUri: `${ORIGIN}/dist/webview/main.js`, styleUri: `${ORIGIN}/media/details.css` });
    await p.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin === ORIGIN && url.pathname === '/index.html') {
        return route.fulfill({ contentType: 'text/html', body: html });
      }
      if (url.origin === ORIGIN && url.pathname === '/dist/webview/main.js') {
        return route.fulfill({ contentType: 'text/javascript', body: bundle });
      }
      if (url.origin === ORIGIN && url.pathname === '/media/details.css') {
        return route.fulfill({ contentType: 'text/css', body: fs.readFileSync(path.join(ROOT, 'media/details.css'), 'utf8') });
      }
      if (url.origin === ORIGIN && /^\/media\/codicons\/[a-z-]+\.svg$/.test(url.pathname)) {
        iconRequests.push(url.pathname);
        return route.fulfill({ contentType: 'image/svg+xml', body: fs.readFileSync(path.join(ROOT, url.pathname), 'utf8') });
      }
      if (url.origin === ICON_ORIGIN) {
        return route.fulfill({ contentType: 'image/svg+xml', body: ICON_SVG });
      }
      return route.abort();
    });
    await p.addInitScript(({ bodyClass, vars }) => {
      const w = window as unknown as Record<string, unknown>;
      const probe = { posted: [] as unknown[], stateCount: 0, state: undefined as unknown, cspViolations: [] as string[] };
      w.__probe = probe;
      document.addEventListener('securitypolicyviolation', (e) => probe.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
      // The stub of the webview host: records what the script posts and stores.
      w.acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => probe.posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => probe.state,
        setState: (s: unknown) => {
          probe.state = s;
          probe.stateCount++;
        },
      });
      const applyTheme = () => {
        for (const [name, value] of Object.entries(vars)) {
          document.documentElement.style.setProperty(`--vscode-${name}`, value);
        }
        document.documentElement.style.setProperty('--vscode-font-family', 'system-ui, "Segoe UI", "Ubuntu", sans-serif');
        document.documentElement.style.setProperty('--vscode-font-size', '13px');
        document.documentElement.style.setProperty('--vscode-editor-font-family', '"DejaVu Sans Mono", monospace');
        document.body.classList.add(bodyClass);
      };
      document.addEventListener('DOMContentLoaded', applyTheme);
    }, THEMES[theme]);
    await p.goto(`${ORIGIN}/index.html`);
    await p.waitForFunction(() => ((window as unknown as { __probe: PageProbe }).__probe.posted.length > 0));
    return p;
  }

  async function probe(p: Page = page): Promise<PageProbe & { pwned: unknown }> {
    return p.evaluate(() => {
      const w = window as unknown as { __probe: PageProbe; __pwned?: unknown };
      return { ...w.__probe, pwned: w.__pwned };
    });
  }

  /** Posts a message as the extension would and waits until the script has handled it. */
  async function post(message: unknown, p: Page = page, expectRender = true): Promise<void> {
    await p.evaluate(async ({ m, expectRender }) => {
      const pr = (window as unknown as { __probe: PageProbe }).__probe;
      const before = pr.stateCount;
      window.postMessage(m, '*');
      const type = (m as { type?: string }).type;
      if (expectRender && (type === 'show' || type === 'loadError')) {
        const until = Date.now() + 5000;
        while (pr.stateCount === before && Date.now() < until) {
          await new Promise((r) => setTimeout(r, 5));
        }
      } else {
        await new Promise((r) => setTimeout(r, 20));
      }
    }, { m: message, expectRender });
  }

  const show = (data: ImageDetailsData, p: Page = page) => post({ type: 'show', data }, p);

  /** Text of the page without the raw JSON section (which contains everything anyway). */
  async function structuredText(p: Page = page): Promise<string> {
    return p.evaluate(() => {
      const clone = document.getElementById('root')!.cloneNode(true) as HTMLElement;
      clone.querySelector('#raw-json')?.remove();
      return clone.textContent ?? '';
    });
  }

  /** The text of the <dd> for a <dt> label in a section. */
  async function field(sectionId: string, label: string): Promise<string | undefined> {
    return page.evaluate(({ sectionId, label }) => {
      const dts = Array.from(document.querySelectorAll(`#${sectionId} dl > dt`));
      const dt = dts.find((d) => d.textContent === label);
      return dt?.nextElementSibling?.textContent ?? undefined;
    }, { sectionId, label });
  }

  /** Safety checks that hold after any render. */
  async function assertSafe(p: Page = page): Promise<void> {
    const r = await probe(p);
    assert.strictEqual(r.pwned, undefined, 'a hostile string ran as script');
    assert.deepStrictEqual(r.cspViolations, [], 'CSP violations');
    const unsafe = await p.evaluate(() => {
      const bad: string[] = [];
      for (const img of Array.from(document.querySelectorAll('img'))) {
        if (!img.getAttribute('src')?.startsWith('https:') || img.referrerPolicy !== 'no-referrer') {
          bad.push(`img ${img.getAttribute('src')} ${img.referrerPolicy}`);
        }
      }
      for (const el of Array.from(document.querySelectorAll('*'))) {
        for (const attr of Array.from(el.attributes)) {
          if (attr.name.startsWith('on') || /^\s*javascript:/i.test(attr.value)) {
            bad.push(`${el.tagName} ${attr.name}=${attr.value}`);
          }
        }
      }
      const scripts = document.querySelectorAll('script');
      if (scripts.length !== 1) {
        bad.push(`${scripts.length} script elements`);
      }
      for (const tag of ['iframe', 'svg', 'object', 'embed', 'a', 'form', 'textarea', 'b']) {
        if (document.querySelector(tag)) {
          bad.push(`a <${tag}> element exists`);
        }
      }
      return bad;
    });
    assert.deepStrictEqual(unsafe, []);
    assert.deepStrictEqual(pageErrors, [], 'uncaught page errors');
  }

  describe('handshake and state', () => {
    before(async () => {
      page = await openPanel();
    });
    after(async () => {
      await page.close();
    });

    it('posts {type:"ready"} on load, under the panel CSP, without violations', async () => {
      const r = await probe();
      assert.deepStrictEqual(r.posted, [{ type: 'ready' }]);
      assert.deepStrictEqual(r.cspViolations, []);
      const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'));
      assert.strictEqual(csp, `default-src 'none'; img-src ${ORIGIN} https:; style-src ${ORIGIN}; script-src 'nonce-dGVzdG5vbmNlMTIzNDU2Nw=='; font-src ${ORIGIN}`);
      // The stylesheet really applied (style-src allows the cspSource).
      const bodyMargin = await page.evaluate(() => getComputedStyle(document.body).marginTop);
      assert.strictEqual(bodyMargin, '0px');
    });

    it('persists the ImageKey with setState when it shows an image', async () => {
      await show(details(FULL_IMAGE));
      const r = await probe();
      assert.deepStrictEqual(r.state, { key: KEY });
    });

    it('ignores malformed messages without throwing', async () => {
      await post({ type: 'show', data: null }, page, false);
      await post({ type: 'show', data: { key: 'nope', image: 'x' } }, page, false);
      await post('a string', page, false);
      await post({ type: 'unknown-type' }, page, false);
      await post({ type: 'loadError', key: null, error: 'x' }, page, false);
      assert.deepStrictEqual(pageErrors, []);
      assert.match(await structuredText(), /Full Image Display/, 'the last good render is still there');
    });
  });

  describe('rendering a full Image', () => {
    before(async () => {
      page = await openPanel();
      await show(details(FULL_IMAGE, { sharedWith: [{ sharedAccountId: '444455556666', imagePermissions: { allowFleet: true, allowImageBuilder: false } }] }));
    });
    after(async () => {
      await page.close();
    });

    it('the fixture covers every Image and Application field of the SDK, and the renderer knows them all', () => {
      for (const f of sdkInterfaceFields('Image')) {
        assert.ok(Object.prototype.hasOwnProperty.call(FULL_IMAGE, f), `fixture lacks Image.${f}`);
        assert.ok(KNOWN_IMAGE_FIELDS.includes(f), `renderer does not know Image.${f}`);
      }
      const app = (FULL_IMAGE.Applications as Image[])[0];
      for (const f of sdkInterfaceFields('Application')) {
        assert.ok(Object.prototype.hasOwnProperty.call(app, f), `fixture lacks Application.${f}`);
      }
    });

    it('shows every field value outside the raw JSON', async () => {
      const text = await structuredText();
      const app = (FULL_IMAGE.Applications as Image[])[0];
      const expected = [
        FULL_IMAGE.Name, FULL_IMAGE.Arn, FULL_IMAGE.BaseImageArn, FULL_IMAGE.DisplayName, FULL_IMAGE.ImageBuilderName, FULL_IMAGE.Platform,
        FULL_IMAGE.Description, FULL_IMAGE.AppstreamAgentVersion, FULL_IMAGE.ImageType, FULL_IMAGE.State, FULL_IMAGE.Visibility,
        'IMAGE_BUILDER_NOT_AVAILABLE', 'Builder went away during snapshot', 'SUBNET_NOT_FOUND', 'subnet-0123 does not exist',
        'GENERAL_PURPOSE', 'COMPUTE_OPTIMIZED_FAMILY', '444455556666',
        app.Name, app.DisplayName, app.LaunchPath, app.LaunchParameters, 'vendorKey', 'vendorValue', 'channel', 'stable-channel',
        app.WorkingDirectory, app.Description, app.Arn, app.AppBlockArn, 'icon-bucket-name', 'icons/notepad-key.png',
        'WINDOWS_SERVER_2025', 'GRAPHICS_G5',
      ] as string[];
      for (const value of expected) {
        assert.ok(text.includes(value), `missing on the page: ${value}`);
      }
      assert.strictEqual(await page.locator('#other-fields').count(), 0, 'no Other fields section for a fully known image');
    });

    it('formats booleans, enums and dates, with the UTC time on hover', async () => {
      assert.strictEqual(await field('overview', 'Image builder supported'), 'Yes');
      assert.strictEqual(await field('overview', 'Managed software included'), 'Yes');
      assert.strictEqual(await field('overview', 'Latest agent version'), 'No, a newer agent is available');
      assert.strictEqual(await field('overview', 'Dynamic app providers'), 'Enabled');
      assert.strictEqual(await field('permissions', 'Shared with other accounts'), 'Yes');
      assert.strictEqual(await field('permissions', 'Allow fleets'), 'Yes');
      assert.strictEqual(await field('permissions', 'Allow image builders'), 'No');
      const created = await page.locator('#overview time[datetime="2025-03-01T12:34:56.000Z"]');
      assert.strictEqual(await created.getAttribute('title'), '2025-03-01T12:34:56.000Z');
      const localized = await page.evaluate(() => new Date('2025-03-01T12:34:56.000Z').toLocaleString());
      assert.strictEqual(await created.textContent(), localized);
      assert.strictEqual(await page.locator('#overview time[datetime="2025-01-01T00:00:00.000Z"]').count(), 1, 'PublicBaseImageReleasedDate');
      assert.strictEqual(await page.locator('#applications time[datetime="2025-02-03T04:05:06.000Z"]').count(), 1, 'application CreatedTime');
      assert.strictEqual(await page.locator('#image-errors time[datetime="2025-03-01T12:00:00.000Z"]').count(), 1, 'ErrorTimestamp');
    });

    it('renders the header: name, state badge, visibility, platform, image type', async () => {
      assert.strictEqual(await page.locator('h1').textContent(), 'Full Image Display');
      const badges = await page.locator('.badges .badge').allTextContents();
      assert.deepStrictEqual(badges, ['AVAILABLE', 'Visibility: PRIVATE', 'Platform: WINDOWS_SERVER_2022', 'Image type: CUSTOM']);
      assert.ok(await page.locator('.badge.state.state-available').count());
    });

    it('renders applications as a table with an https icon loaded without referrer', async () => {
      const headers = await page.locator('#applications thead th').allTextContents();
      assert.deepStrictEqual(headers, ['Icon', 'Name', 'Display name', 'Launch path and parameters', 'Working directory', 'Platforms', 'Instance families',
        'Enabled', 'Metadata', 'App block ARN', 'Icon S3 location', 'Created', 'Description', 'ARN']);
      const img = page.locator('#applications img.app-icon');
      assert.strictEqual(await img.getAttribute('src'), `${ICON_ORIGIN}/notepad.svg`);
      assert.strictEqual(await img.evaluate((i: HTMLImageElement) => i.referrerPolicy), 'no-referrer');
      await page.waitForFunction(() => (document.querySelector('img.app-icon') as HTMLImageElement | null)?.naturalWidth === 32);
      const enabled = await page.locator('#applications tbody td').nth(6).textContent();
      assert.strictEqual(enabled, 'No');
    });

    it('does not fetch the icons of another account\'s image until asked: Load icons posts loadIcon, then they load', async () => {
      const shared: Image = { ...FULL_IMAGE, Visibility: 'SHARED' };
      await show(details(shared));
      assert.strictEqual(await page.locator('#applications img').count(), 0, 'an icon of a shared image was fetched');
      assert.ok((await page.locator('#applications .icon-placeholder').count()) > 0);
      await page.locator('#applications button', { hasText: 'Load icons' }).click();
      assert.deepStrictEqual((await probe()).posted.at(-1), { type: 'loadIcon' });
      await show(details(shared, { iconsAllowed: true }));
      assert.strictEqual(await page.locator('#applications img.app-icon').getAttribute('src'), `${ICON_ORIGIN}/notepad.svg`);
      assert.strictEqual(await page.locator('#applications button', { hasText: 'Load icons' }).count(), 0);
      await show(details(FULL_IMAGE)); // the suite's other tests expect the own image
    });

    it('shows the raw JSON exactly, with a Copy button that posts it', async () => {
      const raw = await page.locator('#raw-json pre').textContent();
      assert.strictEqual(raw, JSON.stringify(FULL_IMAGE, null, 2));
      await page.locator('#raw-json button', { hasText: 'Copy JSON' }).click();
      const r = await probe();
      assert.deepStrictEqual(r.posted.at(-1), { type: 'copy', text: JSON.stringify(FULL_IMAGE, null, 2) });
    });

    it('every section has a heading and every control is a real button', async () => {
      const sections = await page.evaluate(() => Array.from(document.querySelectorAll('section')).map((s) => ({ id: s.id, heading: s.querySelector('h2')?.textContent ?? '' })));
      assert.deepStrictEqual(sections.map((s) => s.id), ['image-errors', 'overview', 'state-reason', 'permissions', 'tags', 'applications', 'raw-json']);
      for (const s of sections) {
        assert.ok(s.heading.length > 0, `section ${s.id} has no heading`);
      }
      const clickables = await page.evaluate(() => Array.from(document.querySelectorAll('[role="button"], [tabindex]:not(.table-scroll)')).length);
      assert.strictEqual(clickables, 0, 'no fake buttons');
    });

    it('action buttons post the right messages, by mouse and by keyboard', async () => {
      const last = async () => (await probe()).posted.at(-1);
      await page.getByRole('button', { name: 'Copy ARN' }).click();
      assert.deepStrictEqual(await last(), { type: 'copy', text: FULL_IMAGE.Arn });
      await page.getByRole('button', { name: 'Open in AWS Console ↗' }).click();
      assert.deepStrictEqual(await last(), { type: 'openConsole' });
      await page.getByRole('button', { name: 'Delete…' }).click();
      assert.deepStrictEqual(await last(), { type: 'delete' });
      await page.getByRole('button', { name: 'Copy the base image ARN' }).click();
      assert.deepStrictEqual(await last(), { type: 'copy', text: FULL_IMAGE.BaseImageArn });
      await page.locator('#image-errors .link-button').first().click();
      assert.deepStrictEqual(await last(), { type: 'openExternal', url: explainImageError('SUBNET_NOT_FOUND').docs });
      // Keyboard: Tab reaches the buttons, Enter activates.
      await page.locator('body').click({ position: { x: 1, y: 1 } });
      await page.getByRole('button', { name: '⟳ Refresh' }).focus();
      await page.keyboard.press('Enter');
      assert.deepStrictEqual(await last(), { type: 'refresh' });
      const focusable = await page.evaluate(() => {
        const outline = getComputedStyle(document.activeElement!).outlineStyle;
        return { tag: document.activeElement?.tagName, outline };
      });
      assert.strictEqual(focusable.tag, 'BUTTON');
      await page.keyboard.press('Tab');
      assert.strictEqual(await page.evaluate(() => document.activeElement?.textContent), 'Delete…');
    });

    it('sharing: says how many accounts; its buttons post the list, add, change and stop sharing (for the one account of its row)', async () => {
      const last = async () => (await probe()).posted.at(-1);
      await show(details(FULL_IMAGE, { sharedWith: [{ sharedAccountId: '444455556666', imagePermissions: { allowFleet: true, allowImageBuilder: false } }] }));
      const heading = await page.locator('#permissions h3').textContent();
      assert.strictEqual(heading, 'Accounts this image is shared with (1 account)');
      await page.getByRole('button', { name: 'Manage Sharing…' }).click();
      assert.deepStrictEqual(await last(), { type: 'sharing' });
      await page.getByRole('button', { name: 'Share with Account…' }).click();
      assert.deepStrictEqual(await last(), { type: 'sharing', action: { action: 'add' } });
      await page.getByRole('button', { name: 'Change what account 444455556666 may do' }).click();
      assert.deepStrictEqual(await last(), { type: 'sharing', action: { action: 'change', accountId: '444455556666' } });
      await page.getByRole('button', { name: 'Stop sharing with account 444455556666' }).click();
      assert.deepStrictEqual(await last(), { type: 'sharing', action: { action: 'remove', accountIds: ['444455556666'] } });
    });

    it('Pin / Unpin: the label and icon say what a click does; it posts pin or unpin, by mouse and keyboard, and keeps focus when it flips', async () => {
      const last = async () => (await probe()).posted.at(-1);
      const toggle = () => page.locator('.actions button[data-action="pin"]');
      await show(details(FULL_IMAGE));
      assert.strictEqual(await toggle().count(), 0, 'no button when the view keeps no pins');
      await show(details(FULL_IMAGE, { pinned: false }));
      assert.strictEqual(await toggle().textContent(), 'Pin');
      assert.strictEqual(await toggle().getAttribute('data-pinned'), 'false');
      assert.match((await toggle().getAttribute('title')) ?? '', /^Pin: .*Pinned section/);
      assert.strictEqual(await toggle().locator('span.codicon-pin[aria-hidden="true"]').count(), 1);
      await page.getByRole('button', { name: 'Pin', exact: true }).click();
      assert.deepStrictEqual(await last(), { type: 'pin' });
      // The extension says it is pinned now: the same button (focus kept) says Unpin.
      await toggle().focus();
      await show(details(FULL_IMAGE, { pinned: true }));
      assert.strictEqual(await toggle().textContent(), 'Unpin');
      assert.strictEqual(await toggle().locator('span.codicon-pinned').count(), 1);
      assert.strictEqual(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.action), 'pin');
      await page.keyboard.press('Enter');
      assert.deepStrictEqual(await last(), { type: 'unpin' });
      await show(details(FULL_IMAGE, { pinned: false }));
      await page.keyboard.press('Space');
      assert.deepStrictEqual(await last(), { type: 'pin' });
      // The icon is drawn from the shipped codicon (allowed by the CSP's img-src).
      await page.waitForFunction(() => getComputedStyle(document.querySelector('.codicon-pin')!).maskImage.includes('codicons/pin.svg'));
      await page.waitForTimeout(100);
      assert.ok(iconRequests.includes('/media/codicons/pin.svg'), iconRequests.join(', '));
      // A deleted image can be unpinned, not pinned.
      await show(details(FULL_IMAGE, { pinned: false, gone: true }));
      assert.strictEqual(await toggle().isDisabled(), true);
      await show(details(FULL_IMAGE, { pinned: true, gone: true }));
      assert.strictEqual(await toggle().isDisabled(), false);
      // Busy disables it like the other actions.
      await post({ type: 'busy', busy: true, label: 'Refreshing…' });
      assert.strictEqual(await toggle().isDisabled(), true);
      await post({ type: 'busy', busy: false });
      await assertSafe();
    });

    it('busy disables the actions and keeps focus; re-render keeps focus on the same button', async () => {
      await page.getByRole('button', { name: '⟳ Refresh' }).focus();
      await post({ type: 'busy', busy: true, label: 'Refreshing…' });
      assert.strictEqual(await page.getByRole('button', { name: '⟳ Refresh' }).isDisabled(), true);
      assert.strictEqual(await page.locator('.status').textContent(), 'Refreshing…');
      await post({ type: 'busy', busy: false });
      assert.strictEqual(await page.getByRole('button', { name: '⟳ Refresh' }).isDisabled(), false);
      await page.getByRole('button', { name: 'Copy ARN' }).focus();
      await show(details(FULL_IMAGE));
      assert.strictEqual(await page.evaluate(() => document.activeElement?.textContent), 'Copy ARN');
    });
  });

  describe('image errors', () => {
    before(async () => {
      page = await openPanel();
    });
    after(async () => {
      await page.close();
    });

    it('puts the name and state first and ImageErrors directly under them, as an alert, with codes, messages and the explanation and fix', async () => {
      const image: Image = {
        Name: 'failed', State: 'FAILED', Visibility: 'PRIVATE',
        StateChangeReason: { Code: 'INTERNAL_ERROR', Message: 'see errors' },
        ImageErrors: [
          { ErrorCode: 'IAM_SERVICE_ROLE_MISSING_ENI_DESCRIBE_ACTION', ErrorMessage: 'role lacks describe', ErrorTimestamp: '2025-04-02T08:15:00.000Z' },
          { ErrorCode: 'DOMAIN_JOIN_ERROR_NO_SUCH_DOMAIN', ErrorMessage: 'no such domain corp.example.com' },
          { ErrorCode: 'BRAND_NEW_CODE_2030', ErrorMessage: 'something new', Severity: 'HIGH' },
        ],
      };
      await show(details(image));
      const order = await page.evaluate(() => {
        const root = document.getElementById('root')!;
        const [first, second] = [root.children[0] as HTMLElement, root.children[1] as HTMLElement];
        return {
          first: { tag: first.tagName, h1: first.querySelector('h1')?.textContent, state: first.querySelector('.badge.state')?.textContent },
          second: { tag: second.tagName, id: second.id, role: second.getAttribute('role') },
        };
      });
      assert.deepStrictEqual(order, {
        first: { tag: 'HEADER', h1: 'failed', state: 'FAILED' },
        second: { tag: 'SECTION', id: 'image-errors', role: 'alert' },
      });
      assert.strictEqual(await page.locator('#image-errors h2').textContent(), '⚠ Image errors (3)');
      const codes = await page.locator('#image-errors .error-code').allTextContents();
      assert.deepStrictEqual(codes, ['IAM_SERVICE_ROLE_MISSING_ENI_DESCRIBE_ACTION', 'DOMAIN_JOIN_ERROR_NO_SUCH_DOMAIN', 'BRAND_NEW_CODE_2030']);
      const items = await page.locator('#image-errors .error-item').allTextContents();
      assert.match(items[0], /role lacks describe/);
      assert.match(items[0], /ec2:DescribeNetworkInterfaces/);
      assert.match(items[0], /Fix:/);
      assert.match(items[1], /DNS/);
      assert.match(items[2], /Unrecognized error code/);
      assert.match(items[2], /Severity/, 'unknown error fields are shown');
      assert.match(items[2], /HIGH/);
      const reason = await page.locator('#state-reason').textContent();
      assert.match(reason ?? '', /INTERNAL_ERROR/);
      assert.match(reason ?? '', /see errors/);
      assert.match(reason ?? '', new RegExp(STATE_CHANGE_REASON_HELP.INTERNAL_ERROR.title));
      assert.strictEqual(await page.locator('.badge.state.state-failed').textContent(), 'FAILED');
    });

    it('has an explanation for every ImageErrors code in the reference and the SDK, and every StateChangeReason code', () => {
      const reference = fs.readFileSync(path.join(ROOT, 'reference', 'delete_image-api.txt'), 'utf8');
      const errorCodeLine = reference.split('\n').find((l) => l.startsWith("'ErrorCode':")) ?? '';
      const referenceCodes = [...errorCodeLine.matchAll(/'([A-Z0-9_]+)'/g)].map((m) => m[1]).filter((c) => c !== 'ErrorCode');
      assert.ok(referenceCodes.length >= 30, `parsed ${referenceCodes.length} codes from the reference`);
      for (const code of [...referenceCodes, ...sdkEnumValues('FleetErrorCode')]) {
        assert.ok(Object.prototype.hasOwnProperty.call(IMAGE_ERROR_HELP, code), `no help for ${code}`);
        const help = IMAGE_ERROR_HELP[code];
        assert.ok(help.cause.length > 20 && help.fix.length > 20, `thin help for ${code}`);
        assert.ok(help.docs === undefined || help.docs.startsWith('https://'), `docs for ${code}`);
      }
      for (const code of sdkEnumValues('ImageStateChangeReasonCode')) {
        assert.ok(Object.prototype.hasOwnProperty.call(STATE_CHANGE_REASON_HELP, code), `no help for reason ${code}`);
      }
      assert.strictEqual(explainImageError('constructor').title, 'Unrecognized error code');
      assert.strictEqual(explainImageError('__proto__').title, 'Unrecognized error code');
      assert.strictEqual(explainImageError(undefined).title, 'Unrecognized error code');
    });

    it('marks transitional states and hides or disables Delete as it should', async () => {
      for (const state of ['PENDING', 'CREATING', 'COPYING', 'IMPORTING', 'VALIDATING', 'DELETING']) {
        await show(details({ Name: `s-${state}`, State: state, Visibility: 'PRIVATE' }));
        const badge = page.locator('.badge.state');
        assert.strictEqual(await badge.evaluate((b) => b.classList.contains('transitional')), true, state);
        assert.match((await badge.textContent()) ?? '', /in progress/);
      }
      // DELETING: Delete disabled.
      assert.strictEqual(await page.getByRole('button', { name: 'Delete…' }).isDisabled(), true);
      await post({ type: 'busy', busy: false });
      assert.strictEqual(await page.getByRole('button', { name: 'Delete…' }).isDisabled(), true, 'stays disabled after busy ends');
      // Not private: no Delete at all.
      for (const visibility of ['PUBLIC', 'SHARED']) {
        await show(details({ Name: 'not-mine', State: 'AVAILABLE', Visibility: visibility }));
        assert.strictEqual(await page.getByRole('button', { name: 'Delete…' }).count(), 0, visibility);
      }
      // Gone.
      await show(details({ Name: 'bye', State: 'DELETING', Visibility: 'PRIVATE' }, { gone: true }));
      assert.strictEqual(await page.locator('.banner-gone').textContent(), 'This image has been deleted.');
      assert.strictEqual(await page.getByRole('button', { name: 'Delete…' }).isDisabled(), true);
      // Available own image: Delete enabled.
      await show(details({ Name: 'mine', State: 'AVAILABLE', Visibility: 'PRIVATE' }));
      assert.strictEqual(await page.getByRole('button', { name: 'Delete…' }).isEnabled(), true);
      assert.strictEqual(await page.locator('.badge.state.transitional').count(), 0);
    });

    it('shows a refresh error in a banner while keeping the last good data; shows load errors without data', async () => {
      await show(details(FULL_IMAGE, { error: 'Refresh failed: ExpiredToken: the security token included in the request is expired' }));
      assert.match((await page.locator('.banner-error').textContent()) ?? '', /ExpiredToken/);
      assert.strictEqual(await page.locator('.banner-error').getAttribute('role'), 'alert');
      assert.match(await structuredText(), /Full Image Display/);
      await post({ type: 'loadError', key: { profile: 'p', region: 'r', arn: 'arn:aws:appstream:r:111111111111:image/never-loaded', name: 'never-loaded' }, error: 'AccessDenied <b>x</b>' });
      assert.strictEqual(await page.locator('h1').textContent(), 'never-loaded');
      assert.match((await page.locator('.banner-error').textContent()) ?? '', /AccessDenied <b>x<\/b>/);
      await page.getByRole('button', { name: '⟳ Retry' }).click();
      assert.deepStrictEqual((await probe()).posted.at(-1), { type: 'refresh' });
      assert.deepStrictEqual((await probe()).state, { key: { profile: 'p', region: 'r', arn: 'arn:aws:appstream:r:111111111111:image/never-loaded', name: 'never-loaded' } });
      await assertSafe();
    });
  });

  describe('tags and Copy to Regions', () => {
    before(async () => {
      page = await openPanel();
    });
    after(async () => {
      await page.close();
    });

    const own: Image = { Name: 'full-image', Arn: KEY.arn, State: 'AVAILABLE', Visibility: 'PRIVATE' };
    const tagged = (extra: Partial<ImageDetailsData> = {}): ImageDetailsData => ({
      key: KEY, image: own, fetchedAt: '2025-05-01T00:00:00.000Z', tags: { team: 'desktop', 'aws:cloudformation:stack-name': 'base' }, tagsEditable: true, ...extra,
    });
    const keyInput = (i: number) => page.locator(`#tags input[data-tag-field="key"][data-tag-row="${i}"]`);
    const valueInput = (i: number) => page.locator(`#tags input[data-tag-field="value"][data-tag-row="${i}"]`);
    const saveButton = () => page.locator('#tags button', { hasText: 'Save tags' });

    it('lists the tags (aws: ones read-only); checks AWS\'s rules as the user types; Save posts before and after', async () => {
      await show(tagged());
      assert.match((await page.locator('#tags h2').textContent()) ?? '', /Tags \(2\)/);
      assert.strictEqual(await keyInput(0).inputValue(), 'aws:cloudformation:stack-name');
      assert.strictEqual(await keyInput(0).getAttribute('readonly'), '');
      assert.ok(await saveButton().isDisabled(), 'nothing changed yet');
      await page.locator('#tags button', { hasText: '+ Add tag' }).click();
      await keyInput(2).fill('aws:mine');
      assert.match((await page.locator('#tags .field-error').allTextContents()).join(' '), /reserved for AWS/);
      assert.strictEqual(await keyInput(2).getAttribute('aria-invalid'), 'true');
      assert.ok(await saveButton().isDisabled(), 'invalid: no save');
      await keyInput(2).fill('TEAM');
      assert.match((await page.locator('#tags .field-error:not([hidden])').allTextContents()).join(' '), /already used/);
      await keyInput(2).fill('owner');
      await valueInput(2).fill('bad#value');
      assert.match((await page.locator('#tags .field-error:not([hidden])').allTextContents()).join(' '), /not "#"/);
      await valueInput(2).fill('platform team');
      await valueInput(1).fill('desktop-apps');
      assert.strictEqual(await page.locator('#tags .field-error:not([hidden])').count(), 0);
      assert.match((await page.locator('#tags .tags-summary').textContent()) ?? '', /2 to add or change, 0 to remove/);
      // Removing the team tag, then saving.
      await page.locator('#tags button[aria-label="Remove tag team"]').click();
      await saveButton().click();
      const r = await probe();
      assert.deepStrictEqual(r.posted.at(-1), {
        type: 'saveTags',
        before: { team: 'desktop', 'aws:cloudformation:stack-name': 'base' },
        after: { 'aws:cloudformation:stack-name': 'base', owner: 'platform team' },
      });
      assert.deepStrictEqual(r.cspViolations, []);
    });

    it('keeps unsaved edits across a re-render of the same tags; new tags from the extension replace them; errors show', async () => {
      await show(tagged());
      await page.locator('#tags button', { hasText: 'Discard changes' }).click();
      await valueInput(1).fill('edited');
      await show(tagged({ fetchedAt: '2025-05-01T00:00:01.000Z' }));
      assert.strictEqual(await valueInput(1).inputValue(), 'edited', 'a poll does not lose the edit');
      await show(tagged({ tags: { team: 'saved' }, tagsError: 'Tags not saved: Access denied.' }));
      assert.strictEqual(await valueInput(0).inputValue(), 'saved');
      assert.match((await page.locator('#tags [role="alert"]').first().textContent()) ?? '', /Access denied/);
    });

    it('a hostile tag stays text; another account\'s image shows no editor; the Copy to Regions button follows the rule', async () => {
      await show(tagged({ tags: { '<img src=x onerror=alert(1)>': '<script>alert(1)</script>' }, tagsEditable: false }));
      assert.strictEqual(await page.locator('#tags input').count(), 0);
      assert.match((await page.locator('#tags').textContent()) ?? '', /<script>alert\(1\)<\/script>/);
      assert.strictEqual(await page.locator('#tags img, #tags script').count(), 0);
      const copy = page.locator('button[data-action="copyToRegions"]');
      assert.ok(!(await copy.isDisabled()));
      await copy.click();
      assert.deepStrictEqual((await probe()).posted.at(-1), { type: 'copyToRegions' });
      await show(tagged({ image: { ...own, State: 'PENDING' } }));
      assert.ok(await copy.isDisabled(), 'only AVAILABLE images are copied');
      await show({ key: KEY, image: { ...own, Visibility: 'SHARED' }, fetchedAt: '2025-05-01T00:00:00.000Z' });
      assert.strictEqual(await copy.count(), 0, 'not for another account\'s image');
      assert.match((await page.locator('#tags').textContent()) ?? '', /Only the owning account/);
      assert.strictEqual((await probe()).pwned, undefined);
    });
  });

  describe('managed updates', () => {
    before(async () => {
      page = await openPanel();
    });
    after(async () => {
      await page.close();
    });
    const own: Image = { Name: 'outdated-agent', Arn: KEY.arn, State: 'AVAILABLE', Visibility: 'PRIVATE', Platform: 'WINDOWS_SERVER_2019' };

    it('says what Check for Updates found, only once asked; Create Updated Image… posts; the text stays text', async () => {
      await show({ key: KEY, image: own, fetchedAt: '2025-05-01T00:00:00.000Z' });
      assert.strictEqual(await page.locator('#managed-update').count(), 0, 'not checked: no section, no request implied');
      await show({ key: KEY, image: own, update: { available: true, text: 'update available (Create Updated Image… makes a new image with the latest updates)' }, fetchedAt: '2025-05-01T00:00:01.000Z' });
      assert.match((await page.locator('#managed-update').textContent()) ?? '', /Managed updates.*update available/);
      await page.locator('button[data-action="createUpdatedImage"]').click();
      assert.deepStrictEqual((await probe()).posted.at(-1), { type: 'createUpdatedImage' });
      await show({ key: KEY, image: own, update: { available: false, text: 'managed updates do not apply: <img src=x onerror=alert(1)>' }, fetchedAt: '2025-05-01T00:00:02.000Z' });
      assert.strictEqual(await page.locator('button[data-action="createUpdatedImage"]').count(), 0);
      assert.match((await page.locator('#managed-update').textContent()) ?? '', /<img src=x onerror=alert\(1\)>/);
      assert.strictEqual(await page.locator('#managed-update img').count(), 0);
      const r = await probe();
      assert.strictEqual(r.pwned, undefined);
      assert.deepStrictEqual(r.cspViolations, []);
    });
  });

  describe('unknown and hostile data', () => {
    before(async () => {
      page = await openPanel();
    });
    after(async () => {
      await page.close();
    });

    it('shows fields it does not know in "Other fields"', async () => {
      await show(details({
        ...FULL_IMAGE,
        FutureField: 'future-value-123',
        FutureStructure: { Nested: ['a-nested-value'] },
        Applications: [{ Name: 'app-with-extra', FutureAppField: 'app-future-value' }],
      }));
      assert.strictEqual(await page.locator('#other-fields h2').textContent(), 'Other fields');
      assert.strictEqual(await field('other-fields', 'FutureField'), 'future-value-123');
      assert.match((await field('other-fields', 'FutureStructure')) ?? '', /a-nested-value/);
      assert.match((await page.locator('#applications').textContent()) ?? '', /FutureAppField.*app-future-value/);
    });

    it('keeps hostile strings as text: no script runs, no unsafe image, no CSP violation', async () => {
      const xss = '<img src=x onerror="window.__pwned=1">';
      const big = 'A'.repeat(100 * 1024);
      const rtl = '\u202Egnp.exe\u202C \u0635\u0648\u0631\u0629 zero\u200Bwidth\u200D\uFEFF';
      const hostile: Image = {
        Name: `${xss}<script>window.__pwned=2</script>`,
        DisplayName: rtl,
        Arn: 'javascript:window.__pwned=3',
        BaseImageArn: '"><svg onload="window.__pwned=4">',
        State: '<b>AVAILABLE</b>',
        Visibility: 'PRIVATE',
        Platform: '<iframe src="javascript:window.__pwned=5">',
        ImageType: 'NATIVE" onmouseover="window.__pwned=6',
        Description: big,
        StateChangeReason: { Code: '<img src=x onerror=window.__pwned=7>', Message: xss },
        ImageErrors: [
          { ErrorCode: '__proto__', ErrorMessage: xss, ErrorTimestamp: 'not a date <script>' },
          { ErrorCode: 'constructor', ErrorMessage: big },
          'a bare string error',
        ],
        Applications: [
          { Name: 'js', IconURL: 'javascript:window.__pwned=8', Description: xss, Metadata: { [xss]: xss } },
          { Name: 'data', IconURL: 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=9"/>' },
          { Name: 'http', IconURL: 'http://icons.test/plain-http.png' },
          { Name: 'relative', IconURL: '//icons.test/relative.png' },
          { Name: 'garbage', IconURL: 'ht tp:::// not a url' },
          { Name: 'object', IconURL: { toString: 'https://icons.test/x' } },
          { Name: 'fine', DisplayName: rtl, IconURL: `${ICON_ORIGIN}/fine.svg` },
        ],
        ImagePermissions: 'not an object',
        [xss]: xss,
        CreatedTime: 'yesterday-ish',
      };
      await show(details(hostile, { error: xss, accountId: xss, sharedWith: [{ sharedAccountId: xss }] }));
      await page.waitForTimeout(300);
      await assertSafe();
      const text = await structuredText();
      assert.ok(text.includes(xss), 'the hostile HTML is shown as text');
      assert.ok(text.includes('<script>window.__pwned=2</script>'));
      assert.ok(text.includes(rtl), 'RTL and zero-width characters kept');
      assert.ok(text.includes('yesterday-ish'), 'unparsable date shown as is');
      // Exactly one icon is loaded: the https one.
      const srcs = await page.evaluate(() => Array.from(document.querySelectorAll('img')).map((i) => i.getAttribute('src')));
      assert.deepStrictEqual(srcs, [`${ICON_ORIGIN}/fine.svg`]);
      assert.strictEqual(await page.locator('#applications .icon-placeholder').count(), 6);
      // Bidi isolation and the invisible-character warning.
      assert.strictEqual(await page.locator('h1').getAttribute('dir'), 'auto');
      assert.strictEqual(await page.locator('h1').evaluate((e) => getComputedStyle(e).unicodeBidi), 'isolate');
      assert.match((await page.locator('.warning-note').textContent()) ?? '', /invisible/);
      // The state is not trusted as a class name.
      assert.strictEqual(await page.locator('.badge.state.state-other').count(), 1);
      // The 100 KB description is cut, with a button for the rest; it wraps instead of widening the page.
      const desc = page.locator('#overview .long-text').first();
      assert.ok(((await desc.textContent()) ?? '').length < 5000);
      await desc.getByRole('button').click();
      assert.ok(((await desc.textContent()) ?? '').length >= big.length);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `page scrolls horizontally by ${overflow}px`);
      await assertSafe();
      // The same markup as the display name (the page title) and in a loadError.
      await show(details({ ...hostile, DisplayName: `${xss}<svg onload="window.__pwned=10">` }));
      await post({ type: 'loadError', key: { profile: xss, region: xss, arn: 'arn:aws:appstream:us-east-1:111111111111:image/x', name: xss }, error: xss });
      await page.waitForTimeout(200);
      assert.strictEqual(await page.locator('h1').textContent(), xss);
      await assertSafe();
    });
  });

  describe('emulator seed images', () => {
    interface SeedFile {
      accounts: { profile: string; accountId: string }[];
      resources: { accountId: string; region: string; images: Image[]; imagePermissions?: Record<string, ImageDetailsData['sharedWith']> | null }[];
      publicImages: Record<string, Image[]>;
    }

    it('renders every seeded image without error, each showing its Name', async () => {
      const seedPath = path.join(ROOT, 'test/emulator/seed.json');
      assert.ok(fs.existsSync(seedPath), 'test/emulator/seed.json is missing');
      const seed = JSON.parse(fs.readFileSync(seedPath, 'utf8')) as SeedFile;
      const all: ImageDetailsData[] = [];
      for (const r of seed.resources) {
        const profile = seed.accounts.find((a) => a.accountId === r.accountId)?.profile ?? r.accountId;
        for (const image of r.images) {
          const name = String(image.Name);
          all.push({ key: { profile, region: r.region, arn: String(image.Arn), name }, accountId: r.accountId, image, sharedWith: r.imagePermissions?.[name] ?? [], fetchedAt: new Date().toISOString() });
        }
      }
      for (const [region, images] of Object.entries(seed.publicImages)) {
        for (const image of images) {
          all.push({ key: { profile: 'demo-dev', region, arn: String(image.Arn), name: String(image.Name) }, image, fetchedAt: new Date().toISOString() });
        }
      }
      assert.ok(all.length > 40, `only ${all.length} seeded images`);
      assert.ok(all.some((d) => d.image.State === 'FAILED' && Array.isArray(d.image.ImageErrors) && d.image.ImageErrors.length > 1), 'the seed has a FAILED image with several ImageErrors');

      page = await openPanel();
      const failures = await page.evaluate(async (datas) => {
        const pr = (window as unknown as { __probe: PageProbe }).__probe;
        const out: string[] = [];
        for (const data of datas) {
          const before = pr.stateCount;
          window.postMessage({ type: 'show', data }, '*');
          const until = Date.now() + 5000;
          while (pr.stateCount === before && Date.now() < until) {
            await new Promise((r) => setTimeout(r, 1));
          }
          const root = document.getElementById('root')!;
          const overviewName = Array.from(root.querySelectorAll('#overview dt')).find((dt) => dt.textContent === 'Name')?.nextElementSibling?.textContent;
          if (pr.stateCount === before) {
            out.push(`${data.key.name}: not rendered`);
          } else if (overviewName !== data.image.Name) {
            out.push(`${data.key.name}: Name shown as ${overviewName}`);
          } else if (Array.isArray(data.image.ImageErrors) && data.image.ImageErrors.length > 0 && (root.children[0]?.tagName !== 'HEADER' || root.children[1]?.id !== 'image-errors')) {
            out.push(`${data.key.name}: ImageErrors not directly under the header`);
          }
        }
        return out;
      }, all);
      assert.deepStrictEqual(failures, []);
      await assertSafe();
      await page.close();
    });
  });

  describe('screenshots of a FAILED image', () => {
    for (const theme of ['light', 'dark', 'high-contrast'] as const) {
      it(`renders readably in the ${theme} theme`, async () => {
        const seed = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/emulator/seed.json'), 'utf8')) as { resources: { images: Image[] }[] };
        const seeded = seed.resources.flatMap((r) => r.images).find((i) => i.Name === 'failed-image-with-errors');
        assert.ok(seeded, 'seed has failed-image-with-errors');
        const image: Image = { ...seeded, Applications: (seeded.Applications as Image[]).map((a) => ({ ...a, IconURL: `${ICON_ORIGIN}/firefox.svg` })) };
        page = await openPanel(theme, { width: 1000, height: 1400 });
        await show(details(image, { key: { profile: 'demo-dev', region: 'us-east-1', arn: String(image.Arn), name: 'failed-image-with-errors' } }));
        await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete));
        const colors = await page.evaluate(() => ({
          body: getComputedStyle(document.body).backgroundColor,
          alertBorder: getComputedStyle(document.getElementById('image-errors')!).borderTopColor,
          hc: document.body.classList.contains('vscode-high-contrast'),
        }));
        const expectedBg = { light: 'rgb(255, 255, 255)', dark: 'rgb(31, 31, 31)', 'high-contrast': 'rgb(0, 0, 0)' }[theme];
        assert.strictEqual(colors.body, expectedBg, 'theme variables applied');
        assert.notStrictEqual(colors.alertBorder, colors.body, 'the alert has a visible border');
        fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `details-failed-${theme}.png`), fullPage: true });
        await assertSafe();
        await page.close();
      });
    }
  });
});
