/**
 * What a person does in the VS Code workbench (code-server in Chromium), as Playwright calls:
 * activity bar, tree rows, context menus, modal dialogs, quick picks, the status bar and webviews.
 * Every wait is a locator wait with a timeout that says what it waited for.
 */
import * as path from 'path';
import type { Frame, Locator, Page } from 'playwright-core';

/** Long enough for code-server's first load and a cold extension host, short enough to fail clearly. */
export const LONG = 60_000;
export const MEDIUM = 20_000;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Runs `fn` and rewrites a timeout into "what did not happen". */
async function waitingFor<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new Error(`${what}: ${msg}`, { cause: e });
  }
}

export class Workbench {
  constructor(
    readonly page: Page,
    private readonly shotsDir: string,
  ) {}

  // ---- general ----

  async screenshot(name: string): Promise<string> {
    const file = path.join(this.shotsDir, name.endsWith('.png') ? name : `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Waits until `check` returns true (polled every 100 ms). */
  async until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = MEDIUM): Promise<void> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (await check()) {
        return;
      }
      if (Date.now() > end) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The workbench is there once the activity bar is. */
  async waitForWorkbench(): Promise<void> {
    await waitingFor('the workbench (activity bar) did not appear', () =>
      this.page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: LONG }),
    );
  }

  async openActivity(title: string): Promise<void> {
    const icon = this.page.locator(`.part.activitybar a.action-label[aria-label^="${title}"]`);
    await waitingFor(`activity bar icon "${title}"`, () => icon.click({ timeout: LONG }));
  }

  /**
   * Shows a view container without toggling it: a click on the icon of the container already
   * shown hides the side bar, so click only when it is not the one shown.
   */
  async showActivity(title: string): Promise<void> {
    const item = this.page.locator('.part.activitybar li.action-item').filter({ has: this.page.locator(`a.action-label[aria-label^="${title}"]`) });
    const shown = (await item.first().evaluate((el) => el.classList.contains('checked')).catch(() => false)) && (await this.page.locator('.part.sidebar').isVisible());
    if (!shown) {
      await this.openActivity(title);
    }
  }

  /** Error notifications currently shown as toasts (their messages). */
  async errorToasts(): Promise<string[]> {
    return this.page
      .locator('.notifications-toasts .notification-list-item')
      .filter({ has: this.page.locator('.notification-list-item-icon.codicon-error') })
      .locator('.notification-list-item-message')
      .allInnerTexts();
  }

  // ---- the side bar tree ----

  private get rows(): Locator {
    return this.page.locator('.part.sidebar .monaco-list-row[role="treeitem"]');
  }

  /** The tree row whose label is exactly `label` (profiles, regions, groups, images). */
  row(label: string): Locator {
    return this.rows.filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }),
    });
  }

  /** Waits for a row, scrolling the tree (mouse wheel, like a person) if it is out of sight. */
  async findRow(label: string, timeoutMs = MEDIUM): Promise<Locator> {
    const row = this.row(label);
    const list = this.treeList;
    const end = Date.now() + timeoutMs;
    // Most rows simply appear once their group has loaded: wait for that before scrolling, or the
    // wheel would move a list that is still growing and hide the rows above.
    try {
      await row.first().waitFor({ timeout: Math.min(timeoutMs, 8000) });
      return row.first();
    } catch {
      /* out of sight (the list is virtual) or not there yet: scroll for it */
    }
    let direction = 1;
    while (Date.now() < end) {
      if ((await row.count()) > 0) {
        return row.first();
      }
      // Not rendered: the list is virtual. Scroll a page down, back to the top at the bottom.
      const box = await list.boundingBox().catch(() => null);
      if (box) {
        const before = await list.locator('.monaco-scrollable-element').first().evaluate((e) => (e.querySelector('.monaco-list-rows') as HTMLElement | null)?.style.top ?? '').catch(() => '');
        await this.page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 200));
        await this.page.mouse.wheel(0, direction * box.height * 0.8);
        await this.page.waitForTimeout(150); // let the list render the scrolled rows
        const after = await list.locator('.monaco-scrollable-element').first().evaluate((e) => (e.querySelector('.monaco-list-rows') as HTMLElement | null)?.style.top ?? '').catch(() => '');
        if (before === after) {
          direction = -direction;
        }
      } else {
        await this.page.waitForTimeout(200);
      }
    }
    throw new Error(`tree row "${label}" did not appear within ${timeoutMs} ms; rows shown: ${(await this.rowLabels()).join(' | ')}`);
  }

  /**
   * The list of our tree: the visible one in the side bar that holds tree items (VS Code keeps the
   * lists of views it hid in the DOM, so `.monaco-list` first may be one that is not on screen).
   */
  get treeList(): Locator {
    return this.page
      .locator('.part.sidebar .monaco-list')
      .filter({ has: this.page.locator('.monaco-list-row[role="treeitem"]'), visible: true })
      .first();
  }

  /** Scrolls the tree to its first row, and checks that it got there (a half-hidden row under the title cannot be clicked). */
  async scrollTreeToTop(): Promise<void> {
    const rowsTop = () =>
      this.treeList.locator('.monaco-list-rows').first().evaluate((e) => (e as HTMLElement).style.top).catch(() => 'unknown');
    for (let attempt = 1; attempt <= 5; attempt++) {
      const box = await this.treeList.boundingBox().catch(() => null);
      if (box) {
        await this.page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 200));
        await this.page.mouse.wheel(0, -20_000);
      }
      await this.page.waitForTimeout(300);
      if (/^-?0(px)?$/.test(await rowsTop())) {
        await this.page.mouse.move(0, 0); // no tooltip over the rows
        return;
      }
    }
    throw new Error(`the tree did not scroll to its top (rows at top: ${await rowsTop()})`);
  }

  async rowLabels(): Promise<string[]> {
    return this.rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  }

  /** The row's description text (after the label). */
  async description(label: string): Promise<string> {
    const row = await this.findRow(label);
    return (await row.locator('.label-description').first().textContent()) ?? '';
  }

  /** Expands a collapsed row by clicking its twistie; waits for `aria-expanded="true"`. */
  async expand(label: string): Promise<void> {
    const expanded = this.row(label).and(this.page.locator('[aria-expanded="true"]')).first();
    // A click that lands while the tree rebuilds (a profile removed, a refresh) is lost: click again.
    const end = Date.now() + MEDIUM;
    for (;;) {
      const row = await this.findRow(label);
      // A row redrawn away meanwhile: no 30 s wait for its attribute, just try again.
      if ((await row.getAttribute('aria-expanded', { timeout: 2000 }).catch(() => undefined)) !== 'true') {
        await row.locator('.monaco-tl-twistie').click({ timeout: 2000 }).catch(() => undefined);
      }
      try {
        await expanded.waitFor({ timeout: 3000 });
        return;
      } catch (e) {
        if (Date.now() > end) {
          throw new Error(`row "${label}" did not expand`, { cause: e });
        }
      }
    }
  }

  /** Waits until a row's description contains `text`. */
  async waitForDescription(label: string, text: string | RegExp, timeoutMs = MEDIUM): Promise<void> {
    await this.findRow(label, timeoutMs);
    await waitingFor(`row "${label}" did not show "${String(text)}"`, () =>
      this.row(label)
        .filter({ has: this.page.locator('.label-description', { hasText: text }) })
        .first()
        .waitFor({ timeout: timeoutMs }),
    );
  }

  /** Waits until no row has this label. */
  async waitForRowGone(label: string, timeoutMs = MEDIUM): Promise<void> {
    await waitingFor(`row "${label}" did not disappear`, () => this.row(label).first().waitFor({ state: 'detached', timeout: timeoutMs }));
  }

  async contextMenu(label: string, item: string): Promise<void> {
    const entry = this.page.locator('.monaco-menu [role="menuitem"]').filter({
      has: this.page.locator('.action-label', { hasText: new RegExp(`^\\s*${escapeRegExp(item)}\\s*$`) }),
    });
    const menu = this.page.locator('.context-view .monaco-menu');
    // A menu opened while the tree redraws (a loaded group, an opening panel) can close by itself,
    // and the menu ignores a click that comes too soon after it opened (the right-click's own
    // mouse-up): like a person, open it again, click again.
    const end = Date.now() + MEDIUM;
    for (let attempt = 1; ; attempt++) {
      if (!(await menu.first().isVisible())) {
        await (await this.findRow(label)).click({ button: 'right' });
      }
      try {
        await entry.first().click({ timeout: 3000 });
        await menu.first().waitFor({ state: 'hidden', timeout: 5000 });
        return;
      } catch (e) {
        if (Date.now() > end) {
          throw new Error(`context menu entry "${item}" on "${label}": no menu, or it stayed open, after ${attempt} tries`, { cause: e });
        }
      }
    }
  }

  /** Drags the sash right of the side bar so the tree gets `width` pixels. */
  async setSidebarWidth(width: number): Promise<void> {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box) {
      return;
    }
    const x = box.x + box.width - 1;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, y, { steps: 8 });
    await this.page.mouse.up();
  }

  // ---- modal dialog ----

  get dialog(): Locator {
    return this.page.locator('.monaco-dialog-box[role="dialog"]');
  }

  async waitForDialog(): Promise<string> {
    await waitingFor('the modal dialog did not appear', () => this.dialog.waitFor({ state: 'visible', timeout: MEDIUM }));
    return this.dialog.innerText();
  }

  /**
   * Clicks a button of the modal dialog and waits until that dialog is gone. Another modal may
   * follow at once (a refusal answering the confirmation): gone means "no dialog, or one with
   * another message".
   */
  async clickDialogButton(text: string): Promise<void> {
    const message = await this.dialog.innerText();
    await this.dialog.locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) }).click();
    await this.until('the modal dialog closes', async () => (await this.dialog.count()) === 0 || (await this.dialog.innerText().catch(() => '')) !== message, MEDIUM);
  }

  // ---- status bar and quick pick ----

  statusBarItem(text: string): Locator {
    return this.page.locator('.part.statusbar .statusbar-item').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) });
  }

  async clickStatusBarItem(text: string): Promise<void> {
    await waitingFor(`status bar item "${text}"`, () => this.statusBarItem(text).locator('a').first().click({ timeout: MEDIUM }));
  }

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private async quickInputTitle(): Promise<string> {
    return (await this.quickInput.locator('.quick-input-title').textContent().catch(() => '')) ?? '';
  }

  /** Picks the quick-pick entry whose label is `label`; returns the title the quick pick had. */
  async pick(label: string): Promise<string> {
    await waitingFor('the quick pick did not open', () => this.quickInput.waitFor({ state: 'visible', timeout: MEDIUM }));
    const entry = this.quickInput.locator('.monaco-list-row').filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }),
    });
    // The title once the entry shows: before that the widget may still carry the previous question's (VS Code 1.139).
    await waitingFor(`quick pick entry "${label}"`, () => entry.first().waitFor({ timeout: MEDIUM }));
    const title = await this.quickInputTitle();
    await waitingFor(`quick pick entry "${label}"`, () => entry.first().click({ timeout: MEDIUM }));
    await this.quickPickAnswered(title);
    return title;
  }

  /** Checks the entries of a multi-select quick pick whose labels are `labels`, then OK; returns its title. */
  async pickMany(labels: string[]): Promise<string> {
    await waitingFor('the quick pick did not open', () => this.quickInput.waitFor({ state: 'visible', timeout: MEDIUM }));
    const filter = this.quickInput.locator('input.input').first();
    for (const label of labels) {
      // Typing narrows the list to the entry; Space would type, so its checkbox is clicked.
      await filter.fill(label);
      const entry = this.quickInput.locator('.monaco-list-row').filter({
        has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }),
      });
      await waitingFor(`quick pick entry "${label}"`, () => entry.first().locator('.quick-input-list-checkbox, input[type="checkbox"], .monaco-checkbox').first().click({ timeout: MEDIUM }));
    }
    const title = await this.quickInputTitle(); // its entries are checked: this is the question
    await filter.fill('');
    await this.page.keyboard.press('Enter');
    await this.quickPickAnswered(title);
    return title;
  }

  /**
   * Waits until the quick pick titled `title` took the answer: it closed, or the next question
   * replaced it in the same widget (VS Code 1.139 keeps the widget open between the two).
   */
  private async quickPickAnswered(title: string): Promise<void> {
    await this.until('the quick pick closes', async () => !(await this.quickInput.isVisible()) || (await this.quickInputTitle()) !== title, MEDIUM);
  }

  /** Types into the open input box (replacing its value, unless `text` is undefined) and presses Enter; returns its title. */
  async answerInput(text?: string): Promise<string> {
    await waitingFor('the input box did not open', () => this.quickInput.waitFor({ state: 'visible', timeout: MEDIUM }));
    const title = (await this.quickInput.locator('.quick-input-title').textContent().catch(() => '')) ?? '';
    const input = this.quickInput.locator('input.input').first();
    if (text !== undefined) {
      await input.fill(text);
    }
    await this.page.keyboard.press('Enter');
    await this.quickPickAnswered(title);
    return title;
  }

  /** Clicks a button of the notification whose text matches `text`. */
  async clickNotificationButton(text: RegExp, button: string, timeoutMs = MEDIUM): Promise<void> {
    const toast = this.page.locator('.notifications-toasts .notification-toast').filter({ hasText: text });
    await waitingFor(`notification ${String(text)}`, () => toast.first().waitFor({ state: 'visible', timeout: timeoutMs }));
    await toast.first().locator('.monaco-button', { hasText: new RegExp(`^\\s*${escapeRegExp(button)}\\s*$`) }).click({ timeout: MEDIUM });
  }

  /** Clicks an action of the side bar view's title (its aria-label starts with `label`). */
  async clickViewAction(label: string): Promise<void> {
    await this.page.locator('.part.sidebar').hover();
    await waitingFor(`view action "${label}"`, () =>
      this.page.locator(`.part.sidebar .actions-container .action-label[aria-label^="${label}"]`).first().click({ timeout: MEDIUM }),
    );
  }

  // ---- webviews ----

  /**
   * The webview content frame (inside `iframe.webview` → `iframe#active-frame`) whose body text
   * contains `text`.
   */
  async webviewFrame(text: string, timeoutMs = MEDIUM): Promise<Frame> {
    let found: Frame | undefined;
    await this.until(
      `a webview frame showing "${text}"`,
      async () => {
        for (const frame of this.page.frames()) {
          if (frame === this.page.mainFrame() || !frame.parentFrame() || !frame.url().includes('/webview/')) {
            continue;
          }
          const body = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
          if (body.includes(text)) {
            found = frame;
            return true;
          }
        }
        return false;
      },
      timeoutMs,
    );
    return found as Frame;
  }
}
