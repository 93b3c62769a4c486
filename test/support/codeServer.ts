/**
 * Pieces shared by the scripts that start code-server (VS Code's server build) and headless
 * Chromium: the in-VS-Code runner (test/vscode/run.ts), the end-to-end tests (test/e2e/run.ts)
 * and the demo (test/demo/demo.ts). See /work/shared/RECIPES.md.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import type { Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** RECIPES.md, "Headless Chromium". */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Whether `port` on 127.0.0.1 can be listened on now. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Polls `url` until it answers 2xx; fails early if `child` exits. */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number, logHint = ''): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before answering${logHint ? `; see ${logHint}` : ''}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        return;
      }
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${last})${logHint ? `; see ${logHint}` : ''}`);
}

/** SIGTERM to the child's process group (it was spawned detached), SIGKILL after 5 s. */
export function killTree(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const pid = child.pid as number;
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      resolve();
    }, 5000);
    timer.unref();
    child.once('exit', () => {
      clearTimeout(timer);
      // The group may still hold children that outlived the leader (extension host, pty host ...).
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      resolve();
    });
    try {
      process.kill(-pid, 'SIGTERM'); // the whole group: code-server forks the extension host, pty host ...
    } catch {
      child.kill('SIGTERM');
    }
  });
}

/** SIGKILLs the child's group when this process exits some other way: nothing may outlive it. */
export function killOnExit(child: ChildProcess): void {
  process.on('exit', () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  });
}

/** Quiet, trust-free, update-free user settings for a fresh user-data-dir (`<dir>/User/settings.json`). */
export function writeUserSettings(userDataDir: string, extra: Record<string, unknown> = {}): void {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        ...extra,
      },
      null,
      2,
    ),
  );
}

/** `code-server --install-extension <vsix>` into `extensionsDir`; throws with its output on failure. */
export function installVsix(bin: string, vsix: string, extensionsDir: string, userDataDir: string, node = process.execPath): string {
  const r = spawnSync(
    node,
    [bin, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
    { encoding: 'utf8', timeout: 120_000 },
  );
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.status !== 0) {
    throw new Error(`code-server --install-extension ${vsix} failed (${r.status ?? r.signal}): ${out}`);
  }
  return out;
}

export interface CodeServerOptions {
  /** code-server's entry.js (ensureCodeServer()). */
  bin: string;
  /** The Node that runs it, and so the extension host (ensureCodeServer()); default: this process's. */
  node?: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  /** Folder opened by default. */
  workspace: string;
  /** The whole environment of code-server (and so of the extension host). */
  env: NodeJS.ProcessEnv;
  /** Where its stdout/stderr go. */
  logFile: string;
  /** More code-server arguments (CodeServerInstall.testArgs). */
  extraArgs?: string[];
  /** How long to wait for /healthz (default 60 s). */
  timeoutMs?: number;
}

export interface CodeServer {
  child: ChildProcess;
  /** `http://127.0.0.1:PORT` */
  base: string;
  logFile: string;
  stop(): Promise<void>;
}

/** Starts code-server in a process group of its own and waits until /healthz answers. */
export async function startCodeServer(o: CodeServerOptions): Promise<CodeServer> {
  fs.mkdirSync(path.dirname(o.logFile), { recursive: true });
  const out = fs.createWriteStream(o.logFile);
  const args = [
    o.bin,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${o.port}`,
    '--user-data-dir', o.userDataDir,
    '--extensions-dir', o.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...(o.extraArgs ?? []),
    o.workspace,
  ];
  const child = spawn(o.node ?? process.execPath, args, {
    env: o.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so the whole tree can be killed
  });
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  killOnExit(child);
  const base = `http://127.0.0.1:${o.port}`;
  const stop = async (): Promise<void> => {
    await killTree(child);
    out.end();
  };
  try {
    await waitForHttp(`${base}/healthz`, child, o.timeoutMs ?? 60_000, o.logFile);
  } catch (e) {
    await stop();
    throw e;
  }
  return { child, base, logFile: o.logFile, stop };
}

/**
 * Keeps code-server's own service worker (its PWA's, `/_static/out/browser/serviceWorker.js`,
 * scope `/`) from registering. VS Code's webviews register theirs and wait until it controls the
 * webview's frame; a frame that code-server's worker controls instead logs "Found unexpected
 * service worker controller … Waiting for controllerchange", and under load that wait can outlast
 * a test (a details panel stayed blank for 20 s in a CI check). The workbench logs the refused
 * registration and goes on; nothing of ours uses that worker.
 */
export async function withoutCodeServerServiceWorker(page: Page): Promise<void> {
  await page.context().route('**/_static/out/browser/serviceWorker.js', (route) => route.fulfill({ status: 404, body: '' }));
}
