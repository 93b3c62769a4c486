// Shared by the suites that run inside VS Code: the extension's live API, the emulator's control
// API (it runs in the test runner's process), tree walking, and answers for prompts.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { ExplorerNode } from '../../../src/tree/explorerNode';
import type { Prompts } from '../../../src/platform/ui';

export const EXTENSION_ID = 'appstream-images.appstream-images';
export const DEV = '111111111111';
export const PROD = '222222222222';

export async function extensionApi(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, 'extension installed');
  return ext.isActive ? ext.exports : ext.activate();
}

// ---- the emulator ----

export interface EmulatorRequest {
  op: string;
  accountId?: string;
  region?: string;
  params: Record<string, unknown> | undefined;
  status: number;
  errorCode?: string;
}

function emulatorUrl(): string {
  const url = process.env.APPSTREAM_EMULATOR_URL;
  assert.ok(url, 'APPSTREAM_EMULATOR_URL is set by the runner');
  return url;
}

async function control(method: 'GET' | 'POST', route: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${emulatorUrl()}/__emulator/${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.strictEqual(res.status, 200, `emulator ${method} ${route}: ${res.status}`);
  return res.json();
}

export const emulator = {
  requests: async (op?: string) => ((await control('GET', 'requests')) as EmulatorRequest[]).filter((r) => !op || r.op === op),
  resetLog: () => control('POST', 'reset-log'),
  reset: () => control('POST', 'reset'),
  setFaults: (faults: unknown[]) => control('POST', 'faults', faults),
  config: (c: { deleteDelayMs?: number; copyDelayMs?: number; copyFailures?: string[]; builderDelayMs?: number; exportDelayMs?: number; exportFailures?: string[]; updateDelayMs?: number }) => control('POST', 'config', c),
  addImage: (accountId: string, region: string, image: Record<string, unknown>, shares?: { sharedAccountId: string; imagePermissions: { allowFleet: boolean; allowImageBuilder: boolean } }[]) =>
    control('POST', 'images', { accountId, region, image, shares }),
};

// ---- settings and the tree ----

export async function setSettings(values: { profiles?: string[]; regions?: string[]; deleteConfirmation?: string }): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    await setSetting(key, value);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) {
        return value;
      }
    } catch (err) {
      last = err;
    }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export interface ShownNode {
  node: ExplorerNode;
  item: vscode.TreeItem;
  label: string;
  description: string;
  contextValue: string;
}

function labelOf(item: vscode.TreeItem): string {
  const l = item.label;
  return typeof l === 'string' ? l : l?.label ?? '';
}

export async function children(api: ExtensionApi, node?: ExplorerNode): Promise<ShownNode[]> {
  const nodes = await api.app.explorer.getChildren(node);
  return nodes.map((n) => {
    // Resolved as VS Code does on a click: the row's command is asked for then, not listed up front.
    const item = api.app.explorer.resolveTreeItem(api.app.explorer.getTreeItem(n), n);
    return { node: n, item, label: labelOf(item), description: String(item.description ?? ''), contextValue: item.contextValue ?? '' };
  });
}

/** Walks labels from the root: ['demo-dev', 'us-east-1', 'Private']. */
export async function nodeAt(api: ExtensionApi, ...path: string[]): Promise<ShownNode> {
  let current: ShownNode | undefined;
  for (const label of path) {
    const kids = await children(api, current?.node);
    current = kids.find((k) => k.label === label);
    assert.ok(current, `no "${label}" under ${path.slice(0, path.indexOf(label)).join(' / ') || 'the root'}; found ${kids.map((k) => k.label).join(', ')}`);
  }
  assert.ok(current);
  return current;
}

export async function labelsAt(api: ExtensionApi, ...path: string[]): Promise<string[]> {
  const parent = path.length ? (await nodeAt(api, ...path)).node : undefined;
  return (await children(api, parent)).map((c) => c.label);
}

// ---- prompts ----

type PromptName = keyof Prompts;

export interface PromptCall {
  kind: PromptName;
  message: string;
  detail?: string;
  items: string[];
}

/**
 * Answers the extension's prompts in order and records what they said. An answer is the button
 * or item label to pick, or undefined to cancel (Escape).
 */
export function answerPrompts(api: ExtensionApi, answers: Partial<Record<PromptName, (string | undefined)[]>>): PromptCall[] {
  const calls: PromptCall[] = [];
  const queue = Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, [...(v ?? [])]])) as Record<PromptName, (string | undefined)[]>;
  const take = (kind: PromptName) => (queue[kind] && queue[kind].length ? queue[kind].shift() : undefined);
  const ui = api.ui as unknown as Record<PromptName, unknown>;
  for (const kind of ['showWarningMessage', 'showInformationMessage', 'showErrorMessage'] as const) {
    ui[kind] = async (message: string, ...rest: unknown[]) => {
      const options = typeof rest[0] === 'object' && rest[0] !== null && !('title' in (rest[0] as object)) ? (rest.shift() as { detail?: string }) : undefined;
      const items = rest.map((r) => (typeof r === 'string' ? r : (r as { title: string }).title));
      calls.push({ kind, message, detail: options?.detail, items });
      const answer = take(kind);
      return answer === undefined ? undefined : items.find((i) => i === answer);
    };
  }
  ui.showQuickPick = async (items: unknown, options?: { canPickMany?: boolean; title?: string }) => {
    const list = (await items) as (string | vscode.QuickPickItem)[];
    const labels = list.map((i) => (typeof i === 'string' ? i : i.label));
    calls.push({ kind: 'showQuickPick', message: options?.title ?? '', items: labels });
    const answer = take('showQuickPick');
    if (answer === undefined) {
      return undefined;
    }
    const wanted = answer.split('|');
    const picked = list.filter((i) => wanted.includes(typeof i === 'string' ? i : i.label));
    return options?.canPickMany ? picked : picked[0];
  };
  ui.showInputBox = async (options?: vscode.InputBoxOptions) => {
    calls.push({ kind: 'showInputBox', message: options?.title ?? '', detail: options?.prompt, items: [] });
    return take('showInputBox');
  };
  return calls;
}

export function restorePrompts(api: ExtensionApi): void {
  api.restorePrompts();
}

// ---- for the fault, configuration and hostile-data suites ----

/** Any setting of the extension (requestTimeoutSeconds, maxAttempts ...); undefined resets it to its default. */
/**
 * Changes a user setting and returns once VS Code has delivered the change event: the
 * extension's listener (registered at activation, so before ours) has rebuilt the tree by then.
 */
export async function setSetting(key: string, value: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration('appstreamImages');
  const current = config.inspect(key)?.globalValue;
  if (JSON.stringify(current) === JSON.stringify(value)) {
    return; // no change, no event
  }
  const delivered = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`appstreamImages.${key}`)) {
        sub.dispose();
        resolve();
      }
    });
  });
  await config.update(key, value, vscode.ConfigurationTarget.Global);
  await Promise.race([delivered, sleep(5000)]);
}

/** The seeded accounts (profile, keys, region) from test/emulator/seed.json. */
export function seedAccounts(): { profile: string; accountId: string; accessKeyId: string; secretAccessKey: string; region: string }[] {
  const seedFile = path.resolve(__dirname, '../../../../test/emulator/seed.json');
  return (JSON.parse(fs.readFileSync(seedFile, 'utf8')) as { accounts: ReturnType<typeof seedAccounts> }).accounts;
}

export function emulatorBaseUrl(): string {
  return emulatorUrl();
}

/** The one message node a group shows, or a failure naming what it showed instead. */
export async function messageUnder(api: ExtensionApi, ...labels: string[]): Promise<ShownNode> {
  const kids = await children(api, (await nodeAt(api, ...labels)).node);
  assert.strictEqual(kids.length, 1, `${labels.join(' / ')}: ${kids.map((k) => k.label).join(', ')}`);
  assert.match(kids[0].contextValue, /^message;/, `${labels.join(' / ')}: ${kids[0].label} is not a message`);
  return kids[0];
}

/** Runs the command of a shown node, as a click does. */
export async function click(shown: ShownNode): Promise<void> {
  const command = shown.item.command;
  assert.ok(command, `${shown.label} has no command`);
  await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
}

/** Elapsed milliseconds of `fn`, with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
}

/** A tooltip's text with MarkdownString.appendText's escaping (`\\(`, `&nbsp;`) undone, for matching. */
export function tooltipText(item: vscode.TreeItem): string {
  const tooltip = item.tooltip;
  const value = typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '');
  return value.replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!~<>|])/g, '$1');
}

/**
 * For suites that drive the tree through the provider and count requests or prompts: shows
 * another view container, so VS Code does not load our view's expanded regions by itself (up to
 * three regions open expanded and load their Private group at once: the first look) next to the
 * test's own requests. Our view is hidden, not gone; getChildren works the same.
 */
export async function hideView(): Promise<void> {
  await vscode.commands.executeCommand('workbench.view.explorer');
}

/** Waits until the emulator has received no request for `quietMs` (the view done loading). */
export async function requestsSettled(quietMs = 600, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = -1;
  let since = Date.now();
  while (Date.now() < end) {
    const n = (await emulator.requests()).length;
    if (n !== last) {
      last = n;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return;
    }
    await sleep(100);
  }
  throw new Error(`the emulator still received requests after ${timeoutMs} ms`);
}

/**
 * The hooks of a suite that works on demo-dev in one region: the view shown, and for each test a
 * reset emulator (deletes take 1.5 s), a fresh tree with Private loaded and an empty request log.
 * Returns the extension's API once the suite has started.
 */
export function freshDevTreeEachTest(region: string): () => ExtensionApi {
  let api: ExtensionApi | undefined;
  suiteSetup(async () => {
    api = await extensionApi();
    await setSettings({ profiles: ['demo-dev'], regions: [region], deleteConfirmation: 'button' });
    await vscode.commands.executeCommand('workbench.view.extension.appstreamImages');
  });
  setup(async () => {
    await emulator.reset();
    await emulator.config({ deleteDelayMs: 1500 });
    await vscode.commands.executeCommand('appstreamImages.refresh');
    // (Again if a reload of the tree, by an earlier suite's config change, came in between.)
    await waitFor(`demo-dev ${region} Private listed`, () => labelsAt(api!, 'demo-dev', region, 'Private'), 15_000);
    // Rows show after a group's first page: let the last pages arrive before the log is reset.
    await requestsSettled();
    await emulator.resetLog();
  });
  teardown(() => restorePrompts(api!));
  suiteTeardown(async () => {
    await emulator.reset();
    await setSettings({ profiles: [], regions: [], deleteConfirmation: 'button' });
  });
  return () => {
    assert.ok(api, 'the suite has started');
    return api;
  };
}
