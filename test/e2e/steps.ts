/**
 * The end-to-end steps, in order: each is what a person does and sees, and each asserts.
 * They share one workbench: a step starts where the previous one left off.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import type { Emulator } from '../emulator/server';
import { measureFirstPaint, type FirstPaint } from './firstPaint';
import { LONG, MEDIUM, Workbench } from './workbench';

export interface StepContext {
  wb: Workbench;
  emulator: Emulator;
  /** The workbench URL (folder opened, nothing else). */
  url: string;
  /** Dialogs (alert/confirm/prompt) any frame of the page opened. */
  dialogs: string[];
  /** Console messages of every frame (CSP violations are reported there). */
  consoleMessages: string[];
  /** Screenshots written so far. */
  shots: string[];
  /** The VS Code under test (for the first-paint figures). */
  host: { vscodeVersion: string; codeServerVersion: string; nodeVersion: string };
  /** Latency the emulator adds to every request anyway (APPSTREAM_E2E_LATENCY_MS). */
  baseLatencyMs: number;
  /** The AWS config file the VS Code under test reads (profiles with their keys and endpoints). */
  awsConfigFile: string;
  /** Resolves once the extension host has started and activated its startup extensions. */
  extensionHostReady(): Promise<void>;
  /** Step 1's first-paint figures. */
  firstPaint?: FirstPaint;
}

/** The first look is timed with AWS this far away (per request). */
export const FIRST_PAINT_RTT_MS = 50;

export interface Step {
  name: string;
  run(ctx: StepContext): Promise<void>;
}

const DEV = { profile: 'demo-dev', account: '111111111111', region: 'us-east-1' };
const PROD = { profile: 'demo-prod', region: 'eu-west-1' };
/** ImageErrors of failed-image-with-errors in test/emulator/seed.json. */
const SEEDED_ERROR_CODES = [
  'IAM_SERVICE_ROLE_IS_MISSING',
  'NETWORK_INTERFACE_LIMIT_EXCEEDED',
  'SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES',
  'DOMAIN_JOIN_ERROR_ACCESS_DENIED',
];
/** hostile-html's DisplayName and (part of) its Description in the seed. */
const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const HOSTILE_SCRIPT = '<script>alert(1)</script>';

async function shot(ctx: StepContext, name: string): Promise<void> {
  ctx.shots.push(await ctx.wb.screenshot(name));
}

async function noErrorToasts(ctx: StepContext): Promise<void> {
  const errors = await ctx.wb.errorToasts();
  assert.deepStrictEqual(errors, [], `error notifications appeared: ${errors.join(' | ')}`);
}

/** Expands a region and its Private group (Private opens by itself; click it if it did not). */
async function openPrivate(wb: Workbench, region: string): Promise<void> {
  await wb.expand(region);
  await wb.expand('Private');
}

/** Opens a workspace file with Quick Open (Ctrl+P), as a person does. */
async function openFile(wb: Workbench, name: string): Promise<void> {
  await wb.page.keyboard.press('Control+P');
  const input = wb.page.locator('.quick-input-widget input.input').first();
  await input.waitFor({ timeout: MEDIUM });
  await wb.page.keyboard.type(name);
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: MEDIUM });
  await wb.page.keyboard.press('Enter');
  await wb.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: MEDIUM });
}

/** A token of the active editor shown with exactly this text. */
function editorToken(wb: Workbench, text: string) {
  return wb.page
    .locator('.editor-group-container.active .monaco-editor .view-lines span span')
    .filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
    .first();
}

/** Runs a command from the Command Palette (F1), as a person does. */
async function runCommand(wb: Workbench, title: string): Promise<void> {
  // A quick pick that was just answered may still be closing: F1 then would reach it, not open the palette.
  await wb.quickInput.waitFor({ state: 'hidden', timeout: MEDIUM }).catch(() => undefined);
  const input = wb.quickInput.locator('input.input').first();
  await wb.page.keyboard.press('F1');
  // VS Code 1.139 does not pass F1 on from a focused webview (a report or details panel): give the
  // workbench the focus (the side bar's title) and press it again.
  if (!(await input.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false))) {
    await wb.page.locator('.part.sidebar').click({ position: { x: 10, y: 10 } });
    await wb.page.keyboard.press('F1');
  }
  await input.waitFor({ state: 'visible', timeout: MEDIUM });
  const entry = wb.quickInput.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  // Typed keys can be lost while the palette takes the focus (VS Code 1.139): set the filter, and again if it did not take.
  await wb.until(`the command palette offers "${title}"`, async () => {
    if ((await input.inputValue().catch(() => '')) !== `>${title}`) {
      await input.fill(`>${title}`).catch(() => undefined);
    }
    return entry.isVisible();
  }, MEDIUM);
  await wb.page.keyboard.press('Enter');
}

/**
 * Developer: Reload Window, as a person does it (VS Code saves the open editors first; a bare page
 * reload may not give it the time to). The extension host restarts: what survives is what the
 * extension keeps (globalState, the panels' saved state). Returns once the workbench is back.
 */
async function reloadWindow(wb: Workbench): Promise<void> {
  const navigated = wb.page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: LONG }).then(
    () => undefined,
    (err: unknown) => err,
  );
  await runCommand(wb, 'Developer: Reload Window');
  const err = await navigated;
  if (err) {
    throw err;
  }
  await wb.waitForWorkbench();
}

/** Clicks an entry of the open quick pick when the next one may follow at once (wb.pick waits for it to close). */
async function choose(wb: Workbench, label: string): Promise<void> {
  const entry = wb.quickInput.locator('.monaco-list-row').filter({
    has: wb.page.locator('.label-name', { hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }),
  });
  await entry.first().click({ timeout: MEDIUM });
  await entry.first().waitFor({ state: 'hidden', timeout: MEDIUM }); // replaced by the next pick, or the widget closed
}

/** The demo SSO session's accounts the SSO step adds (names from test/emulator/seed.json's portal). */
const SSO = {
  first: { name: 'payments prod', account: '510000000002' },
  second: { name: 'search dev', account: '510000000007' },
};

/** Folds a row if it is there and open. */
async function collapse(wb: Workbench, label: string): Promise<void> {
  // Scrolled for (the list is virtual: a row out of sight is not rendered); a row that is not in
  // the tree at all (a step run alone) is left. A click lost in a redraw is made again.
  const present = await wb.findRow(label, 5000).then(() => true, () => false);
  if (!present) {
    return;
  }
  await wb.until(`row "${label}" folded`, async () => {
    const row = await wb.findRow(label, 5000).catch(() => undefined);
    const state = row ? await row.getAttribute('aria-expanded', { timeout: 2000 }).catch(() => undefined) : 'gone';
    if (state === 'true') {
      await row!.locator('.monaco-tl-twistie').click({ timeout: 2000 }).catch(() => undefined);
      await wb.page.waitForTimeout(300);
      return false;
    }
    return state !== undefined; // 'false', a leaf (null) or gone
  }, MEDIUM);
}

/** Opens a row if it is there and folded. */
async function expandIfThere(wb: Workbench, label: string): Promise<void> {
  if ((await wb.row(label).count()) > 0) {
    await wb.expand(label);
  }
}

export const STEPS: Step[] = [
  {
    name: 'open the AppStream Images view and see demo-dev\'s images',
    async run(ctx) {
      const { wb } = ctx;
      await wb.page.goto(ctx.url, { waitUntil: 'domcontentloaded', timeout: LONG });
      await wb.waitForWorkbench();
      // Timed from a restored workbench: the extension host up, as when a user reaches for the icon.
      await ctx.extensionHostReady();
      // Opens the view (a click on its icon) and times the first look against the Explorer's.
      const extra = Math.max(0, FIRST_PAINT_RTT_MS - ctx.baseLatencyMs);
      ctx.emulator.state.setFaults(extra > 0 ? [{ kind: 'latency', ms: extra }] : []);
      try {
        ctx.firstPaint = await measureFirstPaint(wb.page, {
          rttMs: ctx.baseLatencyMs + extra,
          describeImagesCount: () => ctx.emulator.state.requests.filter((r) => r.op === 'DescribeImages').length,
          ...ctx.host,
        });
      } finally {
        ctx.emulator.state.setFaults([]);
      }
      const fp = ctx.firstPaint;
      console.log(
        `     first paint (VS Code ${fp.vscodeVersion}, ${fp.rttMs} ms/request): first image row ${fp.firstRowMs} ms, Private group ${fp.privateGroupMs} ms; ` +
          `Explorer baseline ${fp.baselineMs} ms; target ≤ ${fp.targetMs} ms: ${fp.targetMet ? 'met' : 'MISSED'}`,
      );
      await wb.setSidebarWidth(520);
      const profile = await wb.findRow(DEV.profile, LONG);
      assert.match((await profile.getAttribute('aria-label')) ?? '', /^Profile demo-dev\b/);
      await openPrivate(wb, DEV.region);
      await wb.findRow('deletable-1', LONG);
      await wb.findRow('failed-image-with-errors');
      assert.match(await wb.description('deletable-1'), /\bAVAILABLE\b/);
      assert.match(await wb.description('failed-image-with-errors'), /\bFAILED\b/);
      // The Private group says its count against the account's image quota (38 of 45: near it).
      await wb.waitForDescription('Private', /\b\d+ images · quota 45\b/);
      // The profile learns its account id from the images' ARNs.
      await wb.waitForDescription(DEV.profile, DEV.account);
      await wb.waitForDescription(DEV.profile, 'active');
      await noErrorToasts(ctx);
      await shot(ctx, '01-explorer-demo-dev');
    },
  },
  {
    name: 'two accounts share an image named team-base with demo-dev: both rows show, each opens its own details (by ARN)',
    async run(ctx) {
      const { wb, emulator } = ctx;
      emulator.state.requests.length = 0;
      // Fold the long Private group so the shared rows sit in sight.
      const privateRow = await wb.findRow('Private');
      if ((await privateRow.getAttribute('aria-expanded')) === 'true') {
        await privateRow.locator('.monaco-tl-twistie').click();
      }
      await wb.expand('Shared with me');
      await wb.findRow('team-base', LONG);
      const rows = wb.row('team-base');
      await wb.until('two team-base rows', async () => (await rows.count()) === 2, MEDIUM);
      // The group's count comes in a redraw once VS Code has taken in the rows; a click during a
      // redraw is lost (VS Code forgets the rows until it asks again), so click when it settled.
      await wb.waitForDescription('Shared with me', /\b4 images\b/);
      // Each row opens its own panel: one shows demo-prod's ARN, the other demo-partner's. A panel
      // in a background tab has no text to read, so each is read while it is in front.
      for (const [index, owner] of ['222222222222', '444444444444'].entries()) {
        const arn = `arn:aws:appstream:${DEV.region}:${owner}:image/team-base`;
        await wb.page.mouse.move(0, 0); // no tooltip over the next row
        await rows.nth(index).locator('.label-name').click();
        const frame = await wb.webviewFrame(arn, MEDIUM);
        assert.match(await frame.evaluate(() => document.body.innerText), /SHARED/);
      }
      const tabs = await wb.page.locator('.part.editor .tabs-container .tab').allInnerTexts();
      assert.ok(tabs.some((t) => /demo-prod/.test(t)) && tabs.some((t) => /demo-partner/.test(t)), `one tab each: ${tabs.join(' | ')}`);
      // Shared images are re-described by ARN only: AWS resolves Names among own and public images.
      const byName = emulator.state.requests.filter((r) => r.op === 'DescribeImages' && r.params && 'Names' in (r.params as object));
      assert.deepStrictEqual(byName, [], 'a DescribeImages by Names was sent');
      await noErrorToasts(ctx);
      await shot(ctx, '02-same-named-shared-images');
    },
  },
  {
    name: 'while the Delete confirmation for common-base is open, demo-dev is rewritten to demo-prod\'s keys: Delete sends nothing and says which accounts',
    async run(ctx) {
      const { wb, emulator } = ctx;
      const prodAccount = '222222222222';
      const original = fs.readFileSync(ctx.awsConfigFile, 'utf8');
      const seed = emulator.state.accounts;
      const dev = seed.find((a) => a.profile === DEV.profile)!;
      const prod = seed.find((a) => a.profile === PROD.profile)!;
      // Shared with me has a common-base too (prod's): fold it so the row is demo-dev's own.
      const shared = await wb.findRow('Shared with me');
      if ((await shared.getAttribute('aria-expanded')) === 'true') {
        await shared.locator('.monaco-tl-twistie').click();
      }
      await wb.expand('Private');
      emulator.state.requests.length = 0;
      await wb.contextMenu('common-base', 'Delete Image');
      assert.match(await wb.waitForDialog(), new RegExp(DEV.account), 'the confirmation names demo-dev\'s account');
      try {
        // saml2aws, granted or a rotation script rewrites the profile while the dialog is open.
        fs.writeFileSync(ctx.awsConfigFile, original.replace(dev.accessKeyId, prod.accessKeyId).replace(dev.secretAccessKey, prod.secretAccessKey));
        // The watcher rebuilds the tree behind the dialog: demo-dev now lists prod's us-east-1 images.
        await wb.findRow('prod-golden-2025', LONG);
        await wb.clickDialogButton('Delete');
        // The refusal is a modal too: it answers the modal the user just clicked.
        const refusal = await wb.waitForDialog();
        assert.match(refusal, new RegExp(`now signs in to account ${prodAccount}.*is in account ${DEV.account}.*Nothing was deleted`, 's'));
        assert.strictEqual(emulator.state.count('DeleteImage'), 0, 'a DeleteImage was sent');
        for (const account of [DEV.account, prodAccount]) {
          assert.ok(emulator.state.images(account, DEV.region).some((s) => s.image.Name === 'common-base'), `common-base of ${account} is gone`);
        }
        await shot(ctx, '03-rewritten-during-confirmation');
        await wb.clickDialogButton('Cancel');
      } finally {
        fs.writeFileSync(ctx.awsConfigFile, original);
      }
      // Back to demo-dev's own keys: the watcher rebuilds the tree with its images.
      await wb.findRow('deletable-1', LONG);
      await noErrorToasts(ctx);
    },
  },
  {
    name: 'delete demo-dev\'s own common-base: demo-prod\'s common-base, shared with demo-dev, stays in Shared with me',
    async run(ctx) {
      const { wb, emulator } = ctx;
      const prodAccount = '222222222222';
      emulator.state.requests.length = 0;
      await wb.contextMenu('common-base', 'Delete Image');
      assert.match(await wb.waitForDialog(), new RegExp(DEV.account));
      await wb.clickDialogButton('Delete');
      await wb.waitForRowGone('common-base', LONG);
      const deletes = emulator.state.requests.filter((r) => r.op === 'DeleteImage');
      assert.deepStrictEqual(deletes.map((r) => r.accountId), [DEV.account], 'one DeleteImage, in demo-dev\'s account');
      await wb.expand('Shared with me');
      const shared = await wb.findRow('common-base', LONG);
      assert.match((await shared.locator('.label-description').textContent()) ?? '', /demo-prod/);
      assert.ok(emulator.state.images(prodAccount, DEV.region).some((s) => s.image.Name === 'common-base'), 'prod\'s common-base is gone');
      await noErrorToasts(ctx);
      await shot(ctx, '04-own-deleted-shared-stays');
      await (await wb.findRow('Shared with me')).locator('.monaco-tl-twistie').click();
      emulator.state.requests.length = 0; // this step's DeleteImage is accounted for
    },
  },
  {
    name: 'switch profile from the status bar to demo-prod and back',
    async run(ctx) {
      const { wb } = ctx;
      await wb.clickStatusBarItem(DEV.profile);
      const title = await wb.pick(PROD.profile);
      assert.match(title, /profile/i, `quick pick title "${title}"`);
      await wb.statusBarItem(PROD.profile).waitFor({ timeout: MEDIUM });
      await wb.findRow(PROD.profile, MEDIUM);
      await openPrivate(wb, PROD.region);
      await wb.findRow('prod-eu-main');
      assert.match(await wb.description('prod-eu-main'), /\bAVAILABLE\b/);
      assert.strictEqual(await wb.row('deletable-1').count(), 0, 'demo-dev\'s deletable-1 is still shown');
      assert.strictEqual(await wb.row(DEV.profile).count(), 0, 'demo-dev is still in the tree');
      await noErrorToasts(ctx);
      await shot(ctx, '05-switched-to-demo-prod');

      await wb.clickStatusBarItem(PROD.profile);
      await wb.pick(DEV.profile);
      await wb.statusBarItem(DEV.profile).waitFor({ timeout: MEDIUM });
      await wb.findRow(DEV.profile, MEDIUM);
      await openPrivate(wb, DEV.region);
      await wb.findRow('deletable-1');
      assert.strictEqual(await wb.row('prod-eu-main').count(), 0, 'demo-prod\'s prod-eu-main is still shown');
      await noErrorToasts(ctx);
    },
  },
  {
    name: 'delete deletable-1 from the context menu: Cancel sends nothing, Delete sends one DeleteImage',
    async run(ctx) {
      const { wb, emulator } = ctx;
      const deletes = () => emulator.state.requests.filter((r) => r.op === 'DeleteImage');
      assert.strictEqual(deletes().length, 0, 'DeleteImage received before the step');

      await wb.contextMenu('deletable-1', 'Delete Image');
      let text = await wb.waitForDialog();
      assert.match(text, /deletable-1/, `the dialog does not name the image: ${text}`);
      assert.match(text, new RegExp(`${DEV.profile}.*${DEV.region}`), `the dialog does not name profile and region: ${text}`);
      await shot(ctx, '06a-delete-confirmation');
      await wb.clickDialogButton('Cancel');
      // Nothing may follow a cancel: give a stray request time to arrive before counting.
      await wb.page.waitForTimeout(1500);
      assert.strictEqual(emulator.state.count('DeleteImage'), 0, 'Cancel still sent DeleteImage');
      await wb.waitForDescription('deletable-1', 'AVAILABLE');

      await wb.contextMenu('deletable-1', 'Delete Image');
      text = await wb.waitForDialog();
      assert.match(text, /deletable-1/);
      await wb.clickDialogButton('Delete');
      await wb.until('one DeleteImage at the emulator', () => deletes().length >= 1);
      await wb.waitForDescription('deletable-1', 'DELETING', MEDIUM);
      await shot(ctx, '06b-deleting');
      const sent = deletes();
      assert.strictEqual(sent.length, 1, `expected exactly 1 DeleteImage, got ${sent.length}`);
      assert.strictEqual((sent[0].params as { Name?: unknown } | undefined)?.Name, 'deletable-1');
      assert.strictEqual(sent[0].accountId, DEV.account);
      assert.strictEqual(sent[0].region, DEV.region);
      // The emulator drops it after deleteDelayMs; the extension polls while the view is visible.
      await wb.waitForRowGone('deletable-1', 30_000);
      assert.strictEqual(emulator.state.count('DeleteImage'), 1, 'more DeleteImage requests arrived');
      await wb.findRow('deletable-2');
      await noErrorToasts(ctx);
      await shot(ctx, '06c-deleted');
    },
  },
  {
    name: 'open the details of failed-image-with-errors and read its ImageErrors in the webview',
    async run(ctx) {
      const { wb } = ctx;
      await (await wb.findRow('failed-image-with-errors')).click();
      const frame = await wb.webviewFrame(SEEDED_ERROR_CODES[0], LONG);
      const body = await frame.evaluate(() => document.body.innerText);
      for (const code of SEEDED_ERROR_CODES) {
        assert.ok(body.includes(code), `error code ${code} is not in the details webview`);
      }
      assert.match(body, /Image errors \(4\)/);
      const tab = wb.page.locator('.part.editor .tabs-container .tab.active');
      assert.match((await tab.innerText()).trim(), /Failed image/);
      await noErrorToasts(ctx);
      await shot(ctx, '07-details-image-errors');
      // The README's picture: tree and details side by side.
      await shot(ctx, 'explorer');
    },
  },
  {
    name: 'hostile-html renders as text in the tree and in the details webview (no element, no dialog)',
    async run(ctx) {
      const { wb } = ctx;
      // The tree: the display name is part of the row's description, as text.
      await wb.waitForDescription('hostile-html', HOSTILE_NAME);
      assert.strictEqual(await wb.page.locator('img[src="x"]').count(), 0, 'an <img src=x> element exists in the workbench');

      await (await wb.findRow('hostile-html')).click();
      const frame = await wb.webviewFrame(HOSTILE_NAME, LONG);
      const body = await frame.evaluate(() => document.body.innerText);
      assert.ok(body.includes(HOSTILE_SCRIPT), `the description's <script> is not shown as text`);
      assert.ok(body.includes('onerror'), 'onerror is not shown as text');
      assert.strictEqual(await frame.locator('img[src="x"]').count(), 0, 'the webview holds an <img src="x"> element');
      assert.strictEqual(await frame.locator('svg, iframe').count(), 0, 'the webview holds injected <svg>/<iframe> elements');
      // VS Code injects one inline script of its own (acquireVsCodeApi); none may carry the data.
      const scripts = await frame.locator('script').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
      assert.ok(!scripts.some((t) => t.includes('alert(')), 'a <script> element holds the hostile text');
      const handlers = await frame.evaluate(() =>
        [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}[${a.name}]`)),
      );
      assert.deepStrictEqual(handlers, [], 'elements with event-handler attributes');
      // Give an injected handler the chance to fire before counting dialogs.
      await wb.page.waitForTimeout(1000);
      assert.deepStrictEqual(ctx.dialogs, [], `dialogs fired: ${ctx.dialogs.join(' | ')}`);
      const violations = () => ctx.consoleMessages.filter((m) => /Content Security Policy/i.test(m));
      assert.deepStrictEqual(violations(), [], 'CSP violations were reported');
      // The check can see a violation: an inline script without the nonce must be refused and reported.
      await frame.evaluate(() => {
        const probe = document.createElement('script');
        probe.textContent = 'window.__cspProbeRan = true;';
        document.body.appendChild(probe);
      });
      await wb.until('the CSP probe is reported', () => violations().length > 0, MEDIUM);
      assert.strictEqual(await frame.evaluate(() => (window as unknown as { __cspProbeRan?: boolean }).__cspProbeRan), undefined, 'an inline script ran');
      await noErrorToasts(ctx);
      await shot(ctx, '08-hostile-html');
    },
  },
  {
    name: 'reload the window while deletable-2 is DELETING with its details open: the panel comes back, the delete is followed until gone',
    async run(ctx) {
      const { wb, emulator } = ctx;
      // AWS finishes the delete when this step says so (below): a reload takes a minute on a busy machine.
      emulator.state.deleteDelayMs = 10 * 60_000;
      await (await wb.findRow('deletable-2')).click();
      await wb.webviewFrame('Deletable 2', LONG);
      await wb.contextMenu('deletable-2', 'Delete Image');
      assert.match(await wb.waitForDialog(), /deletable-2/);
      await wb.clickDialogButton('Delete');
      await wb.waitForDescription('deletable-2', 'DELETING', MEDIUM);
      const sentBefore = emulator.state.count('DeleteImage');

      await reloadWindow(wb);
      // The details panel is restored by its serializer, with the image in DELETING.
      const frame = await wb.webviewFrame('Deletable 2', LONG);
      await wb.until('the restored panel shows DELETING', async () => (await frame.evaluate(() => document.body.innerText)).includes('DELETING'), MEDIUM);
      // The view comes back as it was; show it if this host did not restore it. (Not by counting
      // rows: right after the reload the view may be there with no rows yet, and a click on its
      // icon would then hide the side bar, as seen once on VS Code 1.139.)
      await wb.showActivity('AppStream Images');
      await wb.findRow(DEV.profile, LONG);
      await openPrivate(wb, DEV.region);
      await wb.waitForDescription('deletable-2', 'DELETING', MEDIUM);
      await shot(ctx, '09-reloaded-deleting');
      emulator.state.removeImage(DEV.account, DEV.region, 'deletable-2'); // AWS is done deleting
      await wb.waitForRowGone('deletable-2', 45_000);
      await wb.until('the restored panel says the image is gone', async () => /has been deleted/i.test(await frame.evaluate(() => document.body.innerText).catch(() => '')), MEDIUM);
      assert.strictEqual(emulator.state.count('DeleteImage'), sentBefore, 'the reload sent another DeleteImage');
      await noErrorToasts(ctx);
      await shot(ctx, '09-reloaded-gone');
    },
  },
  {
    name: 'share demo-dev\'s deletable-3 with demo-prod: it shows under demo-prod\'s Shared with me; unshare it: it leaves',
    async run(ctx) {
      const { wb, emulator } = ctx;
      const prodAccount = '222222222222';
      emulator.state.deleteDelayMs = 1500;
      // One region for every profile (us-east-1), then demo-prod beside demo-dev.
      await runCommand(wb, 'AppStream: Select Regions');
      await wb.quickInput.locator('.monaco-list-row', { hasText: 'us-east-1' }).first().waitFor({ timeout: MEDIUM });
      await wb.page.keyboard.press('Enter');
      await runCommand(wb, 'AppStream: Add Profile to View');
      await wb.pick(PROD.profile);
      await wb.findRow(PROD.profile, LONG);
      await wb.waitForDescription(PROD.profile, prodAccount, LONG); // its account is known: offered by name
      emulator.state.requests.length = 0;

      // Share, from the context menu of the own image.
      await wb.scrollTreeToTop();
      await wb.findRow('deletable-3', LONG);
      await wb.contextMenu('deletable-3', 'Manage Sharing…');
      await choose(wb, 'Share with an Account…');
      await choose(wb, PROD.profile);
      await wb.quickInput.locator('.monaco-list-row', { hasText: 'Fleets' }).first().waitFor({ timeout: MEDIUM });
      await wb.page.keyboard.press('Enter'); // Fleets is picked already
      assert.match(await wb.waitForDialog(), new RegExp(`Share "deletable-3" with account ${prodAccount} \\(demo-prod\\)`));
      await wb.clickDialogButton('Share');
      // The list comes back with the account; Escape closes it.
      await wb.quickInput.locator('.monaco-list-row', { hasText: prodAccount }).first().waitFor({ timeout: MEDIUM });
      await wb.page.keyboard.press('Escape');
      const shares = emulator.state.requests.filter((r) => r.op === 'UpdateImagePermissions');
      assert.deepStrictEqual(shares.map((r) => [r.accountId, (r.params as { SharedAccountId?: string }).SharedAccountId, r.status]), [[DEV.account, prodAccount, 200]]);
      await wb.waitForDescription('deletable-3', /shared with 1 account/);

      // demo-prod's Shared with me: fold the Private groups so it is in sight, open it.
      await wb.scrollTreeToTop();
      for (const row of await wb.row('Private').all()) {
        if ((await row.getAttribute('aria-expanded')) === 'true') {
          await row.locator('.monaco-tl-twistie').click();
        }
      }
      // The "Shared with me" row below demo-prod's (rows are placed by data-index, not DOM order).
      const prodIndex = Number(await (await wb.findRow(PROD.profile)).getAttribute('data-index'));
      let prodShared: Awaited<ReturnType<Workbench['findRow']>> | undefined;
      for (const row of await wb.row('Shared with me').all()) {
        const index = Number(await row.getAttribute('data-index'));
        if (index > prodIndex && (!prodShared || index < Number(await prodShared.getAttribute('data-index')))) {
          prodShared = row;
        }
      }
      assert.ok(prodShared, 'demo-prod has a Shared with me row');
      if ((await prodShared.getAttribute('aria-expanded')) !== 'true') {
        await prodShared.locator('.monaco-tl-twistie').click();
      }
      await wb.findRow('deletable-3', LONG);
      assert.strictEqual(await wb.row('deletable-3').count(), 1, 'only demo-prod\'s row (demo-dev\'s Private is folded)');
      assert.match(await wb.description('deletable-3'), /AVAILABLE/);
      await noErrorToasts(ctx);
      await shot(ctx, '10a-shared-with-demo-prod');

      // Unshare, from the palette this time (a pick of own images): demo-prod's open Shared with me drops it by itself.
      emulator.state.requests.length = 0;
      await runCommand(wb, 'AppStream: Manage Sharing…');
      await choose(wb, 'deletable-3');
      await choose(wb, prodAccount);
      await choose(wb, `Stop Sharing with ${prodAccount}…`);
      const stop = await wb.waitForDialog();
      assert.match(stop, new RegExp(`Stop sharing "deletable-3" with account ${prodAccount}`));
      assert.match(stop, /desired capacity drops to 0/);
      await shot(ctx, '10b-stop-sharing-confirmation');
      await wb.clickDialogButton('Stop Sharing');
      await wb.quickInput.locator('.monaco-list-row', { hasText: 'Share with an Account' }).first().waitFor({ timeout: MEDIUM });
      await wb.page.keyboard.press('Escape');
      assert.deepStrictEqual(emulator.state.requests.filter((r) => r.op === 'DeleteImagePermissions').map((r) => [r.accountId, r.status]), [[DEV.account, 200]]);
      await wb.waitForRowGone('deletable-3', LONG);
      await noErrorToasts(ctx);
      await shot(ctx, '10c-unshared');
    },
  },
  {
    name: 'templates in infra/: the Problems panel shows a shared image named by ImageName and a missing image; hover shows state; the quick fix writes the ARN',
    async run(ctx) {
      const { wb, emulator } = ctx;
      const page = wb.page;
      const requestsBefore = emulator.state.requests.length;
      // Keys go to the workbench, not to the details webview that had the focus (VS Code 1.139
      // does not pass Ctrl+P on from there): show the Explorer first.
      await wb.showActivity('Explorer');
      await page.locator('.part.sidebar').click({ position: { x: 10, y: 10 } });
      for (const file of ['main.tf', 'stack.ts', 'fleet.yaml']) {
        await openFile(wb, file);
      }
      // The editor gets the whole width.
      if (await page.locator('.part.sidebar').isVisible()) {
        await page.keyboard.press('Control+B');
      }
      // The Problems panel lists what the checks found in the three open templates.
      await page.keyboard.press('Control+Shift+M');
      const problems = page.locator('.markers-panel .monaco-list-row');
      const problemTexts = async () => (await problems.allInnerTexts()).join('\n');
      await wb.until('the Problems panel lists the shared image, the missing image and the FAILED one', async () => {
        const text = await problemTexts();
        return /shared with this account/.test(text) && /kiosk-golden-2024/.test(text) && /FAILED/.test(text);
      }, LONG);
      const text = await problemTexts();
      assert.match(text, /shared-image-by-name/);
      assert.match(text, /image-not-found/);
      // Hover an image name: its state, from the emulator.
      const builderImage = editorToken(wb, 'platform-windows-server-2022');
      await builderImage.hover();
      const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'AVAILABLE' });
      await hover.first().waitFor({ state: 'visible', timeout: MEDIUM });
      const hoverText = (await hover.first().innerText()).replace(/\u00a0/g, ' ');
      assert.match(hoverText, /Platform: Windows Server 2022/);
      assert.match(hoverText, /Found in: us-east-1, account 111111111111/);
      assert.match(hoverText, /Open details/);
      await page.waitForTimeout(500); // the hover fades in: a picture, not an assertion, waits for it
      await shot(ctx, '11a-template-problems-and-hover');
      await page.mouse.move(5, 5);
      // The quick fix on the shared image: ImageName → ImageArn with demo-prod's ARN.
      const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Use ImageArn' });
      // Under load (CI, VS Code 1.139) one Ctrl+. once brought no menu in 20 s: ask again, and
      // say what was on screen instead, so a product fault still fails with its evidence.
      for (let attempt = 1; ; attempt++) {
        await editorToken(wb, 'team-base').click();
        await page.mouse.move(5, 5); // no hover of team-base to come up over the menu
        await page.keyboard.press('Control+.');
        const shown = await fix.first().waitFor({ state: 'visible', timeout: attempt < 3 ? 8000 : MEDIUM }).then(() => true, () => false);
        if (shown) {
          break;
        }
        const widget = (await page.locator('.action-widget, .context-view').allInnerTexts().catch(() => [])).join(' | ').replace(/\s+/g, ' ').slice(0, 300);
        console.log(`     quick fix menu not shown after Ctrl+. (attempt ${attempt}); on screen: ${widget || '(no action widget)'}`);
        await shot(ctx, `11-quick-fix-attempt-${attempt}`);
        assert.ok(attempt < 3, 'the "Use ImageArn" quick fix did not show after three Ctrl+.');
        await page.keyboard.press('Escape');
      }
      // The preferred fix is the one focused ("Enter to Apply"); the menu takes keys, not clicks through its pointer block.
      assert.match((await fix.first().getAttribute('class')) ?? '', /\bfocused\b/);
      await page.keyboard.press('Enter');
      await wb.until('the editor shows ImageArn with the ARN', async () =>
        (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ').includes('ImageArn: arn:aws:appstream:us-east-1:222222222222:image/team-base'),
      );
      await wb.until('the shared-by-name problem is gone', async () => !/shared with this account/.test(await problemTexts()), MEDIUM);
      await shot(ctx, '11b-template-quick-fixed');
      // Three templates, six literals: no more DescribeImages than distinct literals. Counted are
      // the checks' own: by a literal, or the listing of images shared with the account (a name not
      // found is looked for there). The tree's poller may still follow demo-dev's transitional
      // images (one DescribeImages each) while the Explorer comes into view; those are not the checks'.
      const literals = ['team-base', 'platform-windows-server-2022', 'kiosk-golden-2024', 'many-apps', 'failed-image-with-errors', 'arn:aws:appstream:us-east-1::image/AppStream-WinServer2022-06-17-2024', 'arn:aws:appstream:us-east-1:222222222222:image/team-base'];
      const describes = emulator.state.requests.slice(requestsBefore).filter((r) => r.op === 'DescribeImages');
      const byChecks = describes.filter((r) => {
        const p = r.params as { Names?: string[]; Arns?: string[]; Type?: string };
        return p.Type === 'SHARED' || [...(p.Names ?? []), ...(p.Arns ?? [])].some((v) => literals.includes(v));
      });
      const sent = byChecks.length;
      assert.ok(sent <= 7, `${sent} DescribeImages by the checks: ${JSON.stringify(byChecks.map((r) => r.params))}`);
      console.log(`     template checks: ${sent} DescribeImages for 3 files, 6 literals (1 added by the quick fix); ${describes.length - sent} others (the tree's)`);
      await noErrorToasts(ctx);
    },
  },
  {
    name: 'add a tag to deletable-3 in its details panel, then filter the tree by it (tag:Key=Value)',
    async run(ctx) {
      const { wb, emulator } = ctx;
      const arn = `arn:aws:appstream:${DEV.region}:${DEV.account}:image/deletable-3`;
      await wb.showActivity('AppStream Images');
      await wb.expand('Private'); // demo-dev's (an earlier step may have folded it)
      await wb.findRow('deletable-3', LONG);
      await (await wb.findRow('deletable-3')).click();
      const frame = await wb.webviewFrame('Deletable 3', LONG);
      await frame.locator('#tags button', { hasText: '+ Add tag' }).waitFor({ timeout: MEDIUM });
      emulator.state.requests.length = 0;
      await frame.locator('#tags button', { hasText: '+ Add tag' }).click();
      const key = frame.locator('#tags input[data-tag-field="key"]').last();
      const value = frame.locator('#tags input[data-tag-field="value"]').last();
      // AWS's rules as you type: an aws: key is refused before anything is sent.
      await key.fill('aws:owner');
      await frame.locator('#tags .field-error', { hasText: 'reserved for AWS' }).waitFor({ timeout: MEDIUM });
      assert.ok(await frame.locator('#tags button', { hasText: 'Save tags' }).isDisabled(), 'Save is enabled for an invalid key');
      await key.fill('e2e-owner');
      await value.fill('platform team');
      await frame.locator('#tags button', { hasText: 'Save tags' }).click();
      await wb.until('the tag at the emulator', () => emulator.state.tags(arn)['e2e-owner'] === 'platform team', MEDIUM);
      const tagCount = Object.keys(emulator.state.tags(arn)).length; // the seed's keep tag and the new one
      await wb.until(`the panel shows Tags (${tagCount})`, async () => new RegExp(`Tags \\(${tagCount}\\)`).test(await frame.evaluate(() => document.body.innerText)), MEDIUM);
      assert.deepStrictEqual(
        emulator.state.requests.filter((r) => r.op !== 'DescribeImages' || JSON.stringify(r.params).includes('deletable-3')).map((r) => r.op),
        ['DescribeImages', 'TagResource'],
        'the identity check, then one TagResource',
      );
      await noErrorToasts(ctx);
      await shot(ctx, '12a-tag-added-in-panel');

      emulator.state.requests.length = 0;
      await wb.clickViewAction('Filter Images');
      await wb.answerInput('tag:e2e-owner="platform team"');
      await wb.waitForRowGone('deletable-4', MEDIUM);
      await wb.findRow('deletable-3');
      await wb.waitForDescription('Private', /\b1 of \d+ images\b/);
      // demo-dev's own images (other profiles in view, e.g. demo-prod, are filtered too).
      const listed = emulator.state.requests.filter((r) => r.op === 'ListTagsForResource' && r.accountId === DEV.account).length;
      const own = emulator.state.images(DEV.account, DEV.region).length;
      console.log(`     filter by tag: ListTagsForResource ${listed} for ${own} own images in ${DEV.profile} ${DEV.region}`);
      assert.ok(listed <= own, `${listed} ListTagsForResource for ${own} images`);
      await noErrorToasts(ctx);
      await shot(ctx, '12b-tree-filtered-by-tag');
      await wb.clickViewAction('Clear Filter');
      await wb.findRow('deletable-4', MEDIUM);
    },
  },
  {
    name: 'expand Image builders under us-east-1, stop the RUNNING demo-builder: the row goes STOPPING, then STOPPED; start it: RUNNING again',
    async run(ctx) {
      const { wb, emulator } = ctx;
      emulator.state.builderDelayMs = 4000; // long enough to see STOPPING
      await wb.showActivity('AppStream Images');
      if (!(await wb.page.locator('.part.sidebar').isVisible())) {
        await wb.openActivity('AppStream Images');
      }
      // Private (38 images) folds away, so Image builders is in sight.
      const privateRow = await wb.findRow('Private');
      if ((await privateRow.getAttribute('aria-expanded')) === 'true') {
        await privateRow.locator('.monaco-tl-twistie').click();
      }
      const before = emulator.state.count('DescribeImageBuilders');
      await wb.expand('Image builders');
      await wb.waitForDescription('demo-builder', /\bRUNNING\b/, LONG);
      await wb.waitForDescription('builder-snapshotting', /\bSNAPSHOTTING\b/);
      assert.strictEqual(emulator.state.count('DescribeImageBuilders') - before, 1, 'one listing on expand');
      await shot(ctx, '13a-image-builders');

      const stops = () => emulator.state.requests.filter((r) => r.op === 'StopImageBuilder');
      const stopsBefore = stops().length;
      await wb.contextMenu('demo-builder', 'Stop Image Builder');
      const text = await wb.waitForDialog();
      assert.match(text, /Stop image builder "demo-builder" in demo-dev \(111111111111\), us-east-1\?/, text);
      await wb.clickDialogButton('Stop');
      await wb.until('one StopImageBuilder at the emulator', () => stops().length === stopsBefore + 1);
      await wb.waitForDescription('demo-builder', /\bSTOPPING\b/);
      await shot(ctx, '13b-builder-stopping');
      await wb.waitForDescription('demo-builder', /\bSTOPPED\b/, LONG);
      assert.strictEqual(stops().length, stopsBefore + 1, 'more StopImageBuilder requests arrived');
      assert.strictEqual(emulator.state.imageBuilder(DEV.account, DEV.region, 'demo-builder')?.State, 'STOPPED');
      await shot(ctx, '13c-builder-stopped');

      // And start it again: PENDING, then RUNNING.
      const starts = () => emulator.state.requests.filter((r) => r.op === 'StartImageBuilder');
      const startsBefore = starts().length;
      await wb.contextMenu('demo-builder', 'Start Image Builder');
      assert.match(await wb.waitForDialog(), /Start image builder "demo-builder" in demo-dev \(111111111111\), us-east-1\?/);
      await wb.clickDialogButton('Start');
      await wb.until('one StartImageBuilder at the emulator', () => starts().length === startsBefore + 1);
      await wb.waitForDescription('demo-builder', /\bRUNNING\b/, LONG);
      assert.strictEqual(starts().length, startsBefore + 1, 'more StartImageBuilder requests arrived');
      await noErrorToasts(ctx);
    },
  },
  // ---- cleanup finder ----
  {
    name: 'Find Unused Images…: the report lists old unused images with their family and why, keeps the rest with a reason; export CSV; delete two candidates with one typed confirmation',
    async run(ctx) {
      const { wb, emulator } = ctx;
      emulator.state.requests.length = 0;
      await wb.showActivity('AppStream Images');
      await runCommand(wb, 'AppStream: Find Unused Images…');
      // With more than one profile or region in view, a pick of them comes first (all chosen).
      const pick = wb.quickInput.locator('.quick-input-title', { hasText: 'Find unused images in' });
      if (await pick.waitFor({ state: 'visible', timeout: MEDIUM }).then(() => true, () => false)) {
        await wb.answerInput();
      }
      const frame = await wb.webviewFrame('Unused images', LONG);
      await frame.locator('tr[data-name="platform-windows-server-2016"]').waitFor({ timeout: LONG });
      const row = (name: string) => frame.locator(`tr[data-name="${name}"]`);
      assert.match(await row('platform-windows-server-2016').innerText(), /platform-windows-server[\s\S]*not used, not shared, number \d of family "platform-windows-server"/);
      assert.match(await row('failed-copy').innerText(), /FAILED for \d+ days/);
      assert.strictEqual(await row('deletable-4').count(), 0, 'a kept image shows only with the toggle');
      await frame.locator('#show-kept').click();
      assert.match(await row('deletable-3').innerText(), /tagged keep=until-2027/);
      assert.match(await row('deletable-5').innerText(), /newest 2 of family "deletable"/);
      assert.match(await row('in-use-by-fleet').innerText(), /used by fleet demo-fleet/);
      assert.match(await frame.locator('#totals').innerText(), /quota|45/);
      assert.strictEqual(emulator.state.count('DescribeFleets', { accountId: DEV.account, region: DEV.region }), 1, 'one DescribeFleets for demo-dev in us-east-1');
      await shot(ctx, '15a-unused-images');

      // Export as CSV through the save dialog.
      const csvFile = `${fs.mkdtempSync('/tmp/appstream-e2e-cleanup-')}/unused.csv`;
      await frame.locator('[data-action="export-csv"]').click();
      // VS Code's own save dialog here (a path box): type the path, then OK.
      const pathBox = wb.quickInput.locator('input.input').first();
      await pathBox.waitFor({ state: 'visible', timeout: MEDIUM });
      // The dialog fills in its default path after it opens, over a value typed too early: set
      // ours until it stays, then OK (again, if the dialog is still there).
      await wb.until('the CSV file is written', async () => {
        if (fs.existsSync(csvFile)) {
          return true;
        }
        if (await pathBox.isVisible()) {
          if ((await pathBox.inputValue().catch(() => '')) !== csvFile) {
            await pathBox.fill(csvFile).catch(() => undefined);
            await wb.page.waitForTimeout(300);
          } else {
            await wb.quickInput.locator('.monaco-button', { hasText: /^\s*OK\s*$/ }).first().click({ timeout: 2000 }).catch(() => undefined);
            await wb.page.waitForTimeout(500);
          }
        }
        return fs.existsSync(csvFile);
      }, LONG);
      const csv = fs.readFileSync(csvFile, 'utf8');
      assert.match(csv, /^profile,accountId,region,name,arn,family,ageDays,createdTime,state,candidate,why\r\n/);
      assert.match(csv, /demo-dev,111111111111,us-east-1,platform-windows-server-2016,.*,platform-windows-server,\d+,.*,AVAILABLE,true,/);

      // Delete two candidates: one typed confirmation, then one DeleteImage each.
      await frame.locator('#show-kept').click();
      await row('platform-windows-server-2016').locator('input[type="checkbox"]').click();
      await row('failed-copy').locator('input[type="checkbox"]').click();
      await frame.locator('[data-action="delete"]').click();
      const title = await wb.answerInput('delete 2 images');
      assert.match(title, /Delete 2 images\?/);
      await wb.until('two DeleteImage at the emulator', () => emulator.state.count('DeleteImage') === 2, LONG);
      const names = emulator.state.requests.filter((r) => r.op === 'DeleteImage').map((r) => (r.params as { Name?: string }).Name).sort();
      assert.deepStrictEqual(names, ['failed-copy', 'platform-windows-server-2016']);
      await frame.locator('tr[data-name="failed-copy"]', { hasText: 'deleting (DeleteImage sent)' }).waitFor({ timeout: MEDIUM });
      await shot(ctx, '15b-unused-images-deleting');

      // After a window reload the report is back, as the scan it was (it says so), with what its
      // deletes did; Scan Again scans the same regions and makes it a report of now.
      const deletesBefore = emulator.state.count('DeleteImage');
      await reloadWindow(wb);
      const restored = await wb.webviewFrame('Restored after a window reload', LONG);
      await restored.locator('tr[data-name="failed-copy"]', { hasText: 'deleting (DeleteImage sent)' }).waitFor({ timeout: MEDIUM });
      assert.match(await restored.locator('#notice').innerText(), /this is the scan of .+, and images may have changed since/);
      await shot(ctx, '15c-unused-images-restored');
      await restored.locator('[data-action="rescan-notice"]').click();
      await restored.locator('#notice').waitFor({ state: 'detached', timeout: LONG });
      await restored.locator('#images tbody tr').first().waitFor({ timeout: MEDIUM });
      assert.strictEqual(emulator.state.count('DeleteImage'), deletesBefore, 'the reload and the new scan deleted nothing');
      await wb.page.keyboard.press('Escape');
      await noErrorToasts(ctx);
    },
  },
  {
    name: 'add two accounts of the demo SSO session (Add Accounts from SSO…): they show by account name with their images; remove them again',
    async run(ctx) {
      const { wb, emulator } = ctx;
      await wb.showActivity('AppStream Images');
      const listed = () => emulator.state.requests.filter((r) => r.op === 'ListAccounts' || r.op === 'ListAccountRoles').length;
      const before = listed();
      await runCommand(wb, 'Add Accounts from SSO…');
      await wb.pick('demo-sso'); // the config also has a legacy SSO profile (expired-sso)
      // 34 accounts: 2 pages of ListAccounts, one ListAccountRoles per account.
      const title = await wb.pickMany([SSO.first.name, SSO.second.name]);
      assert.match(title, /demo-sso/);
      assert.strictEqual(listed() - before, 2 + 34, 'ListAccounts pages + one ListAccountRoles chain per account');
      await wb.waitForDescription(SSO.first.name, `${SSO.first.account} · AdministratorAccess · SSO demo-sso`, LONG);
      await wb.waitForDescription(SSO.second.name, `${SSO.second.account} · AdministratorAccess · SSO demo-sso`, LONG);
      // Only the first account open, so its region is the one us-east-1 row.
      for (const label of [DEV.profile, PROD.profile, SSO.second.name]) {
        await collapse(wb, label);
      }
      await openPrivate(wb, 'us-east-1');
      await wb.findRow('sso-02-image-1', LONG);
      await wb.findRow('sso-02-image-3');
      assert.ok(emulator.state.requests.some((r) => r.op === 'GetRoleCredentials' && r.accountId === SSO.first.account), 'credentials of the account from the SSO portal');
      await noErrorToasts(ctx);
      await shot(ctx, '14-sso-accounts');

      // Remove Profile from View takes them out of the view (and of appstreamImages.ssoAccounts).
      await wb.contextMenu(SSO.second.name, 'Remove Profile from View');
      await wb.waitForRowGone(SSO.second.name);
      await wb.contextMenu(SSO.first.name, 'Remove Profile from View');
      await wb.waitForRowGone(SSO.first.name);
      for (const label of [DEV.profile, PROD.profile]) {
        await expandIfThere(wb, label);
      }
      await noErrorToasts(ctx);
    },
  },
  {
    name: 'export many-apps to an AMI from the context menu: the task shows under Export tasks EXPORTING, then COMPLETED with its AMI id',
    async run(ctx) {
      const { wb, emulator } = ctx;
      emulator.state.exportDelayMs = 12_000; // long enough to see EXPORTING
      await wb.showActivity('AppStream Images');
      if (!(await wb.page.locator('.part.sidebar').isVisible())) {
        await wb.openActivity('AppStream Images');
      }
      await wb.expand('Private');
      const creates = () => emulator.state.requests.filter((r) => r.op === 'CreateExportImageTask');
      const before = creates().length;
      await wb.contextMenu('many-apps', 'Export to AMI…');
      assert.match(await wb.answerInput('many-apps-e2e-ami'), /Export "many-apps" to an EC2 AMI \(1\/4\): AMI name/);
      await wb.answerInput(`arn:aws:iam::${DEV.account}:role/AppStreamExport`);
      await wb.answerInput('exported by the e2e run');
      await wb.answerInput(''); // no tags
      const text = await wb.waitForDialog();
      assert.match(text, /Export "many-apps" of demo-dev \(111111111111\), us-east-1 to an EC2 AMI named "many-apps-e2e-ami"\?/, text);
      await wb.clickDialogButton('Export');
      await wb.until('one CreateExportImageTask at the emulator', () => creates().length === before + 1);
      const params = creates()[before].params as Record<string, unknown>;
      assert.deepStrictEqual([params.ImageName, params.AmiName, params.IamRoleArn], ['many-apps', 'many-apps-e2e-ami', `arn:aws:iam::${DEV.account}:role/AppStreamExport`]);
      assert.strictEqual(creates()[before].accountId, DEV.account);
      // Private (38 images) folds away, so Export tasks is in sight.
      const privateRow = await wb.findRow('Private');
      if ((await privateRow.getAttribute('aria-expanded')) === 'true') {
        await privateRow.locator('.monaco-tl-twistie').click();
      }
      await wb.expand('Export tasks');
      await wb.waitForDescription('many-apps-e2e-ami', /^EXPORTING · from many-apps$/, LONG);
      await wb.waitForDescription('ws2019-ami', /\bFAILED\b/);
      await shot(ctx, '13d-export-exporting');
      await wb.waitForDescription('many-apps-e2e-ami', /^COMPLETED · ami-[0-9a-f]{17} · from many-apps$/, LONG);
      const task = emulator.state.exportTasksIn(DEV.account, DEV.region).find((t) => t.AmiName === 'many-apps-e2e-ami');
      assert.ok(task && typeof task.AmiId === 'string', 'the emulator completed the task');
      assert.match(await wb.description('many-apps-e2e-ami'), new RegExp(`\\b${String(task.AmiId)}\\b`));
      assert.strictEqual(creates().length, before + 1, 'more CreateExportImageTask requests arrived');
      await noErrorToasts(ctx);
      await shot(ctx, '13e-export-completed');
      const tasksRow = await wb.findRow('Export tasks');
      await tasksRow.locator('.monaco-tl-twistie').click(); // folded again for the next step
    },
  },
  {
    name: 'launch an image builder from many-apps from the context menu: it shows under Image builders PENDING, then RUNNING',
    async run(ctx) {
      const { wb, emulator } = ctx;
      emulator.state.builderDelayMs = 6000; // long enough to see PENDING
      await wb.showActivity('AppStream Images');
      if (!(await wb.page.locator('.part.sidebar').isVisible())) {
        await wb.openActivity('AppStream Images');
      }
      await wb.expand('Private');
      const creates = () => emulator.state.requests.filter((r) => r.op === 'CreateImageBuilder');
      const before = creates().length;
      await wb.contextMenu('many-apps', 'Launch Image Builder…');
      assert.match(await wb.answerInput('many-apps-e2e-builder'), /Launch an image builder from "many-apps" \(1\/6\): name/);
      await wb.pick('stream.standard.medium');
      await wb.answerInput(''); // no subnet: no security groups asked
      await wb.pick('No internet access');
      await wb.answerInput(''); // no IAM role
      const text = await wb.waitForDialog();
      assert.match(text, /Launch image builder "many-apps-e2e-builder" from "many-apps" in demo-dev \(111111111111\), us-east-1\?/, text);
      assert.match(text, /billed by the hour while it is running/, text);
      await wb.clickDialogButton('Launch');
      await wb.until('one CreateImageBuilder at the emulator', () => creates().length === before + 1);
      const params = creates()[before].params as Record<string, unknown>;
      assert.deepStrictEqual([params.Name, params.InstanceType, params.ImageArn], ['many-apps-e2e-builder', 'stream.standard.medium', `arn:aws:appstream:${DEV.region}:${DEV.account}:image/many-apps`]);
      const privateRow = await wb.findRow('Private');
      if ((await privateRow.getAttribute('aria-expanded')) === 'true') {
        await privateRow.locator('.monaco-tl-twistie').click();
      }
      await wb.expand('Image builders');
      await wb.waitForDescription('many-apps-e2e-builder', /^PENDING\b/, LONG);
      await shot(ctx, '13f-builder-launched-pending');
      await wb.waitForDescription('many-apps-e2e-builder', /^RUNNING\b/, LONG);
      assert.strictEqual(emulator.state.imageBuilder(DEV.account, DEV.region, 'many-apps-e2e-builder')?.State, 'RUNNING');
      assert.strictEqual(creates().length, before + 1, 'more CreateImageBuilder requests arrived');
      await noErrorToasts(ctx);
      await shot(ctx, '13g-builder-launched-running');
      const buildersRow = await wb.findRow('Image builders');
      await buildersRow.locator('.monaco-tl-twistie').click(); // folded again for the next step
    },
  },
  {
    name: 'Go to Image… (view title) finds many-apps by its display name ("twelve applications"): revealed in the tree, its details open',
    async run(ctx) {
      const { wb } = ctx;
      await wb.showActivity('AppStream Images');
      await wb.clickViewAction('Go to Image…');
      await wb.quickInput.waitFor({ state: 'visible', timeout: MEDIUM });
      // VS Code's own matcher, on the description (display name · state · platform).
      await wb.quickInput.locator('input.input').first().fill('twelve applications');
      await wb.quickInput.locator('.monaco-list-row', { hasText: 'many-apps' }).first().waitFor({ timeout: MEDIUM });
      assert.strictEqual(await wb.quickInput.locator('.monaco-list-row .label-name', { hasText: /^\s*many-apps\s*$/ }).count(), 1, 'many-apps matches');
      await wb.pick('many-apps');
      const frame = await wb.webviewFrame('Image with twelve applications', LONG);
      assert.match(await frame.evaluate(() => document.body.innerText), /many-apps/);
      await wb.page.locator('.monaco-list-row.selected', { hasText: 'many-apps' }).first().waitFor({ timeout: MEDIUM });
      await noErrorToasts(ctx);
      await shot(ctx, '14-go-to-image');
    },
  },
  {
    name: 'check for updates on demo-dev\'s Private group: outdated-agent says "update available"; create its updated image and watch PENDING turn AVAILABLE',
    async run(ctx) {
      const { wb, emulator } = ctx;
      emulator.state.updateDelayMs = 20_000; // long enough to see PENDING, short enough to wait for
      await wb.showActivity('AppStream Images');
      await wb.expand('Private'); // demo-dev's (the builders step folds it)
      await wb.findRow('outdated-agent', LONG);
      const dryRuns = () => emulator.state.requests.filter((r) => r.op === 'CreateUpdatedImage' && (r.params as { dryRun?: boolean }).dryRun === true).length;
      const updates = () => emulator.state.requests.filter((r) => r.op === 'CreateUpdatedImage' && (r.params as { dryRun?: boolean }).dryRun !== true).length;
      assert.strictEqual(dryRuns(), 0, 'nothing was checked before the user asked');
      const own = emulator.state.images(DEV.account, DEV.region).filter((i) => i.image.State === 'AVAILABLE').length;
      await wb.scrollTreeToTop();
      await wb.contextMenu('Private', 'Check for Updates');
      await wb.until(`one dry run per own AVAILABLE image (${own})`, () => dryRuns() === own, LONG);
      await wb.waitForDescription('outdated-agent', /update available/, MEDIUM);
      const summary = wb.page.locator('.notifications-toasts .notification-list-item-message').filter({ hasText: /of \d+ images have an update/ });
      await summary.first().waitFor({ timeout: MEDIUM });
      console.log(`     ${await summary.first().innerText()}`);
      await shot(ctx, 'updates-a-update-available');

      await wb.contextMenu('outdated-agent', 'Create Updated Image…');
      const title = await wb.answerInput('outdated-agent-e2e');
      assert.match(title, /Create updated image of "outdated-agent": name of the new image/);
      await wb.answerInput(); // display name: none
      await wb.answerInput(); // description: the source's
      await wb.pick('Do not copy tags');
      const text = await wb.waitForDialog();
      assert.match(text, /Create "outdated-agent-e2e" from "outdated-agent" with the latest updates in demo-dev \(111111111111\), us-east-1\?/, text);
      assert.match(text, /image builder.*billed.*at most 5 image updates.*several hours/s, text);
      await wb.clickDialogButton('Create Updated Image');
      await wb.until('one CreateUpdatedImage', () => updates() === 1, MEDIUM);
      await wb.waitForDescription('outdated-agent-e2e', /PENDING|CREATING/, LONG);
      await shot(ctx, 'updates-b-updated-image-pending');
      await wb.waitForDescription('outdated-agent-e2e', /AVAILABLE/, LONG);
      assert.strictEqual(updates(), 1, 'more CreateUpdatedImage requests');
      await noErrorToasts(ctx);
      await shot(ctx, 'updates-c-updated-image-available');
    },
  },
  {
    name: 'pin many-apps from the context menu: a Pinned section tops the tree with it (described by ARN), still there after a window reload; unpin it: the section leaves; Pin / Unpin from its details panel',
    async run(ctx) {
      const { wb, emulator } = ctx;
      await wb.showActivity('AppStream Images');
      await wb.expand('Private'); // demo-dev's
      await wb.findRow('many-apps', LONG);
      const arn = `arn:aws:appstream:${DEV.region}:${DEV.account}:image/many-apps`;
      const byArn = () => emulator.state.requests.filter((r) => r.op === 'DescribeImages' && JSON.stringify((r.params as { Arns?: string[] }).Arns) === JSON.stringify([arn])).length;
      const before = byArn();
      await wb.contextMenu('many-apps', 'Pin');
      await wb.findRow('Pinned', LONG);
      await wb.scrollTreeToTop();
      const labels = await wb.rowLabels();
      assert.match(labels[0] ?? '', /^Pinned/, labels.join(' | '));
      // The pinned row: its profile and region first, then what the image row says.
      const pinnedRow = wb.row('many-apps').filter({ has: wb.page.locator('.label-description', { hasText: /^demo-dev · us-east-1 · / }) });
      await pinnedRow.first().waitFor({ timeout: LONG });
      assert.match((await pinnedRow.first().locator('.label-description').textContent()) ?? '', /AVAILABLE/);
      await wb.until('one DescribeImages by the pinned ARN', () => byArn() === before + 1, MEDIUM);
      await shot(ctx, '14p-pinned');
      // A real restart of the extension host: the pin is kept (globalState) and described again by its ARN.
      const beforeReload = byArn();
      await reloadWindow(wb);
      // The side bar comes back as it was, a moment after the workbench: a click on the icon while it
      // restores would hide it again. Wait for it, and show the view only if it did not come back.
      const sideBar = wb.page.locator('.part.sidebar');
      await sideBar.waitFor({ state: 'visible', timeout: MEDIUM }).catch(() => undefined);
      await wb.until('the Pinned section after the reload', async () => {
        await wb.showActivity('AppStream Images'); // clicks only when the view is not the one shown
        return (await wb.row('Pinned').count()) > 0;
      }, LONG);
      await pinnedRow.first().waitFor({ timeout: LONG });
      assert.match((await pinnedRow.first().locator('.label-description').textContent()) ?? '', /AVAILABLE/);
      await wb.until('the pinned ARN described again after the reload', () => byArn() > beforeReload, MEDIUM);
      await shot(ctx, '14p-pinned-after-reload');
      // Unpin from the pinned row's own context menu.
      const unpin = wb.page.locator('.monaco-menu [role="menuitem"]').filter({ has: wb.page.locator('.action-label', { hasText: /^\s*Unpin\s*$/ }) });
      await wb.until('Unpin clicked on the pinned row', async () => {
        if (!(await unpin.first().isVisible())) {
          await pinnedRow.first().click({ button: 'right' });
        }
        return unpin.first().click({ timeout: 3000 }).then(() => true, () => false);
      }, MEDIUM);
      await wb.waitForRowGone('Pinned');
      await openPrivate(wb, DEV.region); // as the reload left it
      await wb.findRow('many-apps', LONG); // still listed under Private
      await shot(ctx, '14q-unpinned');
      // The details panel's button: Pin → the section comes back and the button says Unpin; Unpin → it leaves.
      await (await wb.findRow('many-apps')).click();
      const frame = await wb.webviewFrame('twelve applications', LONG);
      const toggle = frame.locator('.actions button[data-action="pin"]');
      await wb.until('the panel offers Pin', async () => ((await toggle.textContent().catch(() => '')) ?? '').trim() === 'Pin', MEDIUM);
      await toggle.click();
      await wb.findRow('Pinned', LONG);
      await wb.until('the panel offers Unpin', async () => ((await toggle.textContent().catch(() => '')) ?? '').trim() === 'Unpin', MEDIUM);
      await shot(ctx, '14r-pinned-from-panel');
      await toggle.click();
      await wb.waitForRowGone('Pinned');
      await wb.until('the panel offers Pin again', async () => ((await toggle.textContent().catch(() => '')) ?? '').trim() === 'Pin', MEDIUM);
      await noErrorToasts(ctx);
    },
  },
  {
    name: 'copy deletable-4 to eu-west-1 from the context menu, add the region to the view, watch COPYING turn AVAILABLE',
    async run(ctx) {
      const { wb, emulator } = ctx;
      await wb.expand('Private'); // demo-dev's (the builders step folds it)
      emulator.state.copyDelayMs = 10 * 60_000; // AWS finishes the copy when this step says so (below), after COPYING was seen
      const started = Date.now();
      emulator.state.requests.length = 0;
      await wb.showActivity('AppStream Images');
      await wb.contextMenu('deletable-4', 'Copy to Regions…');
      const title = await wb.pickMany(['eu-west-1']);
      assert.match(title, /Copy "deletable-4"/);
      await wb.answerInput('deletable-4-eu');
      await wb.answerInput(); // the description: the source's
      await wb.pick('Do not copy tags');
      await wb.until('one CopyImage', () => emulator.state.count('CopyImage') === 1, MEDIUM);
      const sent = emulator.state.requests.find((r) => r.op === 'CopyImage')!;
      const params = sent.params as Record<string, unknown>;
      assert.deepStrictEqual([params.SourceImageName, params.DestinationImageName, params.DestinationRegion], ['deletable-4', 'deletable-4-eu', 'eu-west-1']);
      assert.strictEqual(sent.accountId, DEV.account);
      await wb.clickNotificationButton(/eu-west-1 is not in the view/, 'Add to View');
      // us-east-1's Private (38 images, six of them redrawn by the poller every few seconds) folds
      // away, so the new region's row is in sight and stays put for the click that opens it. From
      // the top, the first Private row is demo-dev's.
      await wb.scrollTreeToTop();
      await collapse(wb, 'Private');
      await wb.findRow('eu-west-1', LONG);
      // With two profiles in view and four regions, only the first region opens by itself.
      await wb.expand('eu-west-1');
      await wb.waitForDescription('deletable-4-eu', 'COPYING', LONG);
      console.log(`     COPYING shown in eu-west-1 ${((Date.now() - started) / 1000).toFixed(1)} s after the context menu`);
      await shot(ctx, '14a-copying');
      assert.strictEqual(emulator.state.finishCopiesNow('deletable-4-eu'), 1, 'one copy in flight');
      await wb.waitForDescription('deletable-4-eu', 'AVAILABLE', LONG);
      assert.strictEqual(emulator.state.count('CopyImage'), 1, 'more CopyImage requests');
      await noErrorToasts(ctx);
      await shot(ctx, '14b-copy-available');
    },
  },
];
