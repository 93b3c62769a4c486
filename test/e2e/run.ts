/**
 * End-to-end UI tests: headless Chromium (playwright-core, Debian's chromium) drives code-server
 * (VS Code's server build) with the PACKAGED extension (appstream-images.vsix) installed, against
 * the AppStream emulator running in this process, a throwaway AWS config and a fresh
 * user-data-dir. Like a person: activity bar, tree, status bar, quick pick, context menu, modal,
 * webview.
 *
 *   npm run test:e2e      (packages the .vsix, compiles the tests, then this)
 *
 * Prints PASS/FAIL per step and stops at the first failure (exit code 1). Screenshots (one or
 * more per step, and explorer.png for the README) and logs go to test-results/e2e/.
 * Knobs: CHROMIUM_PATH, APPSTREAM_E2E_VSIX (default <repo>/appstream-images.vsix),
 * APPSTREAM_E2E_KEEP=1 (keep the temp dir), APPSTREAM_E2E_HEADED=1 (needs a display),
 * APPSTREAM_E2E_STEPS=N (run only the first N steps; or a list of steps and ranges, `1,10-11`), APPSTREAM_E2E_LATENCY_MS (emulator latency),
 * APPSTREAM_CODE_SERVER=oldest|latest|<version> (which code-server, on its own Node; default oldest = 4.99.4).
 * Step 1 times the first look (first-paint figures into bench/out/latest.json, see firstPaint.ts).
 */
import { Cleanups } from '../support/cleanups';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { startEmulator, type Emulator } from '../emulator/server';
import { awsEnv, SeedAccountsLike, withoutAmbientAws, writeAwsConfig, writeSsoDirectorySession } from '../support/awsConfig';
import { CHROMIUM_ARGS, CHROMIUM_PATH, freePort, installVsix, startCodeServer, withoutCodeServerServiceWorker, writeUserSettings, type CodeServer } from '../support/codeServer';
import { ensureCodeServer, repoRoot } from '../vscode/installCodeServer';
import { writeFirstPaint } from './firstPaint';
import { STEPS, type StepContext } from './steps';
import { Workbench } from './workbench';

const ROOT = repoRoot();
const OUT_DIR = path.join(ROOT, 'test-results', 'e2e');
const LOG_DIR = path.join(OUT_DIR, 'logs');
const VSIX = process.env.APPSTREAM_E2E_VSIX ?? path.join(ROOT, 'appstream-images.vsix');
const SEED_FILE = path.join(ROOT, 'test', 'emulator', 'seed.json');
const STEP_TIMEOUT_MS = 180_000;
/** The emulator keeps a deleted image DELETING this long, so the tree can show it. */
const DELETE_DELAY_MS = 3000;

function log(msg: string): void {
  console.log(`[e2e] ${msg}`);
}

const cleanups = new Cleanups('e2e', 15000);
const cleanup = (): Promise<void> => cleanups.run();

function nodeVersionOf(node: string): string {
  return node === process.execPath ? process.version : (spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout ?? '').trim();
}

const LONG_MS = 60_000;

/** Waits until an extension host log of this user-data-dir says "Eager extensions activated". */
async function extensionHostReady(userDataDir: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  const logs = path.join(userDataDir, 'logs');
  while (Date.now() < end) {
    const found = (fs.existsSync(logs) ? (fs.readdirSync(logs, { recursive: true, encoding: 'utf8' }) as string[]) : [])
      .filter((f) => f.endsWith('remoteexthost.log'))
      .some((f) => fs.readFileSync(path.join(logs, f), 'utf8').includes('Eager extensions activated'));
    if (found) {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the extension host did not report "Eager extensions activated" within ${timeoutMs / 1000} s (${logs})`);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function main(): Promise<number> {
  const t0 = Date.now();
  if (!fs.existsSync(VSIX)) {
    throw new Error(`${VSIX} missing: run \`npm run package\` (npm run test:e2e does)`);
  }
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  fs.mkdirSync(LOG_DIR, { recursive: true });
  log(`screenshots and logs: ${OUT_DIR}`);

  const tmp = cleanups.tempDir('appstream-e2e-', 'APPSTREAM_E2E_KEEP');
  const home = path.join(tmp, 'home');
  const workspace = path.join(tmp, 'workspace');
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  for (const d of [home, workspace, extensionsDir]) {
    fs.mkdirSync(d, { recursive: true });
  }
  // The demo's templates (CloudFormation, Terraform, CDK) for the step that edits them.
  fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'demo-infra'), path.join(workspace, 'infra'), { recursive: true });
  writeUserSettings(userDataDir, {
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'chat.commandCenter.enabled': false,
    // Sticky tree headers would lie over the first rows after a scroll and take their clicks.
    'workbench.tree.enableStickyScroll': false,
  });

  // The emulator, in this process: the steps read what it received.
  const seed = JSON.parse(fs.readFileSync(SEED_FILE, 'utf8')) as SeedAccountsLike;
  // APPSTREAM_E2E_LATENCY_MS: a slow AWS, to check that the steps wait rather than race.
  const latencyMs = Number(process.env.APPSTREAM_E2E_LATENCY_MS) || 0;
  const emulator: Emulator = await startEmulator({ port: 0, seed: SEED_FILE, deleteDelayMs: DELETE_DELAY_MS, latencyMs });
  cleanups.add('emulator', () => emulator.stop());
  // The seed's SSO portal as [sso-session demo-sso] with a cached token: "Add Accounts from SSO…".
  const ssoSeed = emulator.state.sso as { sessionName: string; startUrl: string; region: string };
  const ssoToken = emulator.state.mintSsoToken(12 * 3600);
  const ssoSession = writeSsoDirectorySession({ emulatorUrl: emulator.url, home, name: ssoSeed.sessionName, startUrl: ssoSeed.startUrl, ssoRegion: ssoSeed.region, accessToken: ssoToken.accessToken, expiresAt: ssoToken.expiresAt });
  const files = writeAwsConfig(path.join(tmp, 'aws'), emulator.url, seed, { extraSections: ssoSession.sections });
  log(`emulator at ${emulator.url}; AWS config ${files.configFile}`);

  // code-server with the packaged extension.
  const { bin, node, version: csVersion, vscodeVersion } = await ensureCodeServer();
  log(`code-server ${csVersion} = VS Code ${vscodeVersion}, on Node ${nodeVersionOf(node)} (${node})`);
  const installed = installVsix(bin, VSIX, extensionsDir, userDataDir, node);
  log(`${path.basename(VSIX)} (${fs.statSync(VSIX).size} bytes) installed: ${installed.split('\n').pop()}`);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...withoutAmbientAws(process.env),
    ...awsEnv(files, home, 'demo-dev'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  };
  const csLog = path.join(LOG_DIR, 'code-server.log');
  const started = Date.now();
  const cs: CodeServer = await startCodeServer({ bin, node, port, userDataDir, extensionsDir, workspace, env, logFile: csLog });
  cleanups.add('code-server', () => cs.stop());
  // VS Code's own logs (extension host, window) live in the user-data-dir: keep them.
  cleanups.add('copy VS Code logs', () => {
    const src = path.join(userDataDir, 'logs');
    if (fs.existsSync(src)) {
      fs.cpSync(src, path.join(LOG_DIR, 'vscode'), { recursive: true });
    }
  });
  log(`code-server at ${cs.base} after ${((Date.now() - started) / 1000).toFixed(1)} s (log: ${csLog})`);

  const { chromium } = await import('playwright-core');
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: !process.env.APPSTREAM_E2E_HEADED,
    // Our SIGINT handler stops code-server first; Playwright's would exit before that.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  cleanups.add('browser', () => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await withoutCodeServerServiceWorker(page);
  const consoleLog = fs.createWriteStream(path.join(LOG_DIR, 'browser-console.log'));
  cleanups.add('browser console log', () => new Promise<void>((r) => consoleLog.end(r)));
  const consoleMessages: string[] = [];
  page.on('console', (msg) => {
    consoleMessages.push(msg.text());
    consoleLog.write(`[${msg.type()}] ${msg.text()}\n`);
  });
  page.on('pageerror', (err) => consoleLog.write(`[pageerror] ${err.stack ?? err.message}\n`));
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });

  const ctx: StepContext = {
    wb: new Workbench(page, OUT_DIR),
    emulator,
    url: `${cs.base}/?folder=${encodeURIComponent(workspace)}`,
    dialogs,
    consoleMessages,
    shots: [],
    extensionHostReady: () => extensionHostReady(userDataDir, LONG_MS),
    host: { vscodeVersion, codeServerVersion: csVersion, nodeVersion: nodeVersionOf(node) },
    baseLatencyMs: latencyMs,
    awsConfigFile: files.configFile,
  };
  log(`workbench: ${ctx.url}`);

  const steps = selectSteps(process.env.APPSTREAM_E2E_STEPS);
  let failed = 0;
  for (const [i, step] of steps.entries()) {
    const label = `${i + 1}/${steps.length} ${step.name}`;
    const s0 = Date.now();
    try {
      await withTimeout(step.run(ctx), STEP_TIMEOUT_MS, `step ${i + 1}`);
      console.log(`PASS ${label} (${((Date.now() - s0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed = i + 1;
      console.log(`FAIL ${label} (${((Date.now() - s0) / 1000).toFixed(1)} s)`);
      console.log(`     ${e instanceof Error ? e.message.replace(/\n/g, '\n     ') : String(e)}`);
      try {
        const file = await ctx.wb.screenshot(`FAILED-step-${i + 1}`);
        console.log(`     screenshot: ${file}`);
      } catch {
        /* the page may be gone */
      }
      console.log(`     code-server log: ${csLog}`);
      console.log(`     browser console: ${path.join(LOG_DIR, 'browser-console.log')}; VS Code logs: ${path.join(LOG_DIR, 'vscode')}`);
      console.log(`     emulator received: ${emulator.state.requests.map((r) => `${r.op}${r.errorCode ? `→${r.errorCode}` : ''}`).join(', ') || 'nothing'}`);
      break;
    }
  }
  for (const [i, step] of steps.entries()) {
    if (failed && i + 1 > failed) {
      console.log(`SKIP ${i + 1}/${steps.length} ${step.name}`);
    }
  }
  if (ctx.firstPaint) {
    log(`first-paint figures: ${path.relative(ROOT, writeFirstPaint(ROOT, ctx.firstPaint))} (firstPaint)`);
  }
  log(`screenshots: ${ctx.shots.map((f) => path.relative(ROOT, f)).join(', ') || 'none'}`);
  log(`${failed ? 'FAILED' : 'all steps passed'} in ${((Date.now() - t0) / 1000).toFixed(1)} s (results: ${OUT_DIR})`);
  return failed ? 1 : 0;
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    console.error(`[e2e] ${sig}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

main().then(
  async (code) => {
    await cleanup();
    process.exit(code);
  },
  async (err: unknown) => {
    console.error(`[e2e] FAILED during setup: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    console.error(`[e2e] logs: ${LOG_DIR}`);
    await cleanup();
    process.exit(1);
  },
);

/** APPSTREAM_E2E_STEPS: N = the first N steps; `1,10-11` = those steps (1-based, in order). */
function selectSteps(spec: string | undefined): typeof STEPS {
  if (!spec || !/[,-]/.test(spec)) {
    return STEPS.slice(0, Number(spec) || STEPS.length);
  }
  const wanted = new Set<number>();
  for (const part of spec.split(',')) {
    const [from, to] = part.split('-').map((n) => Number(n.trim()));
    for (let i = from; i <= (Number.isFinite(to) ? to : from); i++) {
      wanted.add(i);
    }
  }
  return STEPS.filter((_s, i) => wanted.has(i + 1));
}
