/**
 * Run in a fresh Node process by bench.ts: `node out/bench/activation.js <dist dir>`.
 * Measures what loading the extension costs without VS Code:
 *  - requireMs: `require('dist/extension.js')` with a stub `vscode` module (the stub only
 *    exists so the bundle can load; it does nothing, so this is a lower bound of the real cost)
 *  - activateMs: `activate(stubContext)`: builds the log, tree provider, tree view, status bar,
 *    commands and serializer against the stub (all no-ops in the stub)
 *  - awsRequireMs: `require('dist/aws.js')` (the SDK bundle the extension loads on first AWS call)
 *  - sdkLoadedByActivate: whether dist/aws.js was required during require+activate (it must not be)
 *  - parsersLoadedByActivate: the same for dist/references.js (the template parsers)
 *  - featuresLoadedByActivate: the same for dist/features.js (command handlers, services, panels)
 * Prints one JSON line.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import Module from 'module';

type AnyFn = (...args: unknown[]) => unknown;

const disposable = (): { dispose: () => void } => ({ dispose: () => undefined });

/**
 * A do-nothing value: any property is another such value, calling it returns one, `new` on it
 * returns one. Used for everything the stub does not model explicitly.
 */
function anything(): unknown {
  const target = function () { /* stub */ } as unknown as AnyFn;
  return new Proxy(target, {
    get: (_t, prop) => {
      if (prop === 'dispose') { return () => undefined; }
      if (prop === 'then') { return undefined; } // not a thenable
      if (prop === Symbol.toPrimitive) { return () => ''; }
      if (prop === Symbol.iterator) { return undefined; }
      return anything();
    },
    set: () => true,
    apply: () => anything(),
    construct: () => anything() as object,
  });
}

class EventEmitter<T> {
  private listeners: ((e: T) => void)[] = [];
  readonly event = (listener: (e: T) => void): { dispose: () => void } => {
    this.listeners.push(listener);
    return { dispose: () => { this.listeners = this.listeners.filter((l) => l !== listener); } };
  };
  fire(e: T): void { for (const l of this.listeners) { l(e); } }
  dispose(): void { this.listeners = []; }
}

class Disposable {
  static from(...items: { dispose(): unknown }[]): Disposable { return new Disposable(() => items.forEach((i) => i.dispose())); }
  constructor(private readonly fn: () => unknown) {}
  dispose(): void { this.fn(); }
}

function format(message: string, ...args: unknown[]): string {
  const values = args.length === 1 && typeof args[0] === 'object' && args[0] !== null && !Array.isArray(args[0]) ? args[0] as Record<string, unknown> : args;
  return message.replace(/\{(\w+)\}/g, (m, k: string) => (k in (values as object) ? String((values as Record<string, unknown>)[k]) : m));
}

function fileUri(fsPath: string): Record<string, unknown> {
  return { fsPath, path: fsPath, scheme: 'file', toString: () => `file://${fsPath}` };
}

function makeStub(): Record<string, unknown> {
  const base: Record<string, unknown> = {
    EventEmitter,
    Disposable,
    l10n: { t: (m: string | { message: string; args?: unknown[] }, ...args: unknown[]) => (typeof m === 'string' ? format(m, ...args) : format(m.message, ...(m.args ?? []))) },
    workspace: new Proxy({
      getConfiguration: () => ({ get: (_k: string, d: unknown) => d, has: () => false, inspect: () => undefined, update: async () => undefined }),
      onDidChangeConfiguration: () => disposable(),
      workspaceFolders: undefined,
      textDocuments: [],
    }, { get: (t, p) => (p in t ? (t as Record<string | symbol, unknown>)[p] : anything()) }),
    window: new Proxy({
      createTreeView: () => ({ visible: false, onDidChangeVisibility: () => disposable(), onDidChangeSelection: () => disposable(), dispose: () => undefined, message: undefined, description: undefined }),
    }, { get: (t, p) => (p in t ? (t as Record<string | symbol, unknown>)[p] : anything()) }),
    commands: { registerCommand: () => disposable(), executeCommand: async () => undefined },
    languages: anything(),
    CodeActionKind: anything(),
    StatusBarAlignment: { Left: 1, Right: 2 },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
  };
  return new Proxy(base, { get: (t, p) => (p in t ? t[p as string] : anything()) });
}

function main(): void {
  const dist = path.resolve(process.argv[2] ?? 'dist');
  const stub = makeStub();
  const originalResolve = (Module as unknown as { _resolveFilename: AnyFn })._resolveFilename;
  (Module as unknown as { _resolveFilename: AnyFn })._resolveFilename = function (this: unknown, request: unknown, ...rest: unknown[]) {
    return request === 'vscode' ? 'vscode' : originalResolve.call(this, request, ...rest);
  };
  const stubModule = new Module('vscode');
  stubModule.exports = stub;
  stubModule.loaded = true;
  require.cache.vscode = stubModule;

  const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'appstream-bench-storage-'));
  const extensionFile = path.join(dist, 'extension.js');
  const awsFile = path.join(dist, 'aws.js');
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ext = require(extensionFile) as { activate: (ctx: unknown) => unknown };
  const t1 = performance.now();
  const context = {
    subscriptions: [] as { dispose(): unknown }[],
    extensionUri: fileUri(path.dirname(dist)),
    extensionPath: path.dirname(dist),
    extensionMode: 1,
    globalState: { get: (_k: string, d?: unknown) => d, update: async () => undefined, keys: () => [] },
    workspaceState: { get: (_k: string, d?: unknown) => d, update: async () => undefined, keys: () => [] },
    asAbsolutePath: (p: string) => path.join(path.dirname(dist), p),
    logUri: anything(),
    // A real directory: activation prunes the SSO config files kept there (src/aws/ssoConfigFiles.ts).
    globalStorageUri: fileUri(storageDir),
    storageUri: undefined,
  };
  let activateError: string | undefined;
  try {
    ext.activate(context);
  } catch (err) {
    activateError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  const t2 = performance.now();
  const sdkLoadedByActivate = require.cache[awsFile] !== undefined;
  const parsersLoadedByActivate = require.cache[path.join(dist, 'references.js')] !== undefined;
  const featuresLoadedByActivate = require.cache[path.join(dist, 'features.js')] !== undefined;
  const t3 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(awsFile);
  const t4 = performance.now();
  for (const d of context.subscriptions) {
    try { d.dispose(); } catch { /* stub */ }
  }
  process.stdout.write(`${JSON.stringify({
    requireMs: t1 - t0,
    activateOnlyMs: t2 - t1,
    activateMs: t2 - t0,
    activateError,
    subscriptions: context.subscriptions.length,
    sdkLoadedByActivate,
    parsersLoadedByActivate,
    featuresLoadedByActivate,
    awsRequireMs: t4 - t3,
  })}\n`);
  fs.rmSync(storageDir, { recursive: true, force: true });
  // Timers started by activate() (none expected) must not keep the process alive.
  process.exit(0);
}

main();
