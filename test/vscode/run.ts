/**
 * Runs the in-VS-Code suites (test/vscode/suite/**) in a real VS Code extension host.
 *
 *   npm run test:vscode            (build, compile, then this)
 *   node out/test/vscode/run.js    (after `npm run build && npm run compile-tests`)
 *
 * Host: `APPSTREAM_TEST_HOST=electron|code-server|auto` (default auto: desktop VS Code through
 * @vscode/test-electron when update.code.visualstudio.com answers within 3 s, else code-server
 * (VS Code's server build from npm) opened in headless Chromium, the exit code taken from the
 * workbench's `codeAutomationExit`).
 *
 * `APPSTREAM_CODE_SERVER=oldest|latest|<version>` picks the code-server (installCodeServer.ts; default
 * oldest = 4.99.4 = VS Code 1.99.3) and implies the code-server host.
 *
 * Either way the AppStream emulator runs in this process, a throwaway AWS config points every
 * profile at it, and the extension host sees AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE,
 * AWS_PROFILE=demo-dev, HOME (a temp dir), AWS_EC2_METADATA_DISABLED=true and
 * APPSTREAM_EMULATOR_URL. Logs: .vscode-test/logs/.
 *
 * The config also holds the fault suite's profiles (closed port, unresolvable host,
 * credential_process scripts, an MFA role) and the credentials suite's (role-prod,
 * role-bad-account, sso-dev with a valid token in HOME's SSO cache); AWS_ENDPOINT_URL_STS and
 * AWS_ENDPOINT_URL_SSO send the SDK's inner STS and SSO clients to the emulator. After the suite every log (user-data dir, HOME,
 * browser console, code-server log) is scanned for the seeded keys and the session token; a hit
 * fails the run.
 *
 * Other knobs: APPSTREAM_TEST_GREP (mocha grep), APPSTREAM_TEST_KEEP=1 (keep the temp dir),
 * APPSTREAM_TEST_TIMEOUT_MS (default 600000), APPSTREAM_EMULATOR_SEED (seed JSON path).
 */
import { Cleanups } from '../support/cleanups';
import { spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { startEmulator } from '../emulator/server';
import { startTrap } from '../support/trap';
import {
  awsEnv,
  trapServicesSection,
  findSecretLeaks,
  secretsOf,
  SeedAccountsLike,
  withoutAmbientAws,
  writeAwsConfig,
  writeCredentialProfiles,
  writeSsoDirectorySession,
  writeFaultProfiles,
} from '../support/awsConfig';
import { CHROMIUM_ARGS, CHROMIUM_PATH, freePort, startCodeServer, withoutCodeServerServiceWorker, writeUserSettings } from '../support/codeServer';
import { SUITE_BEGIN_MARK, SUITE_CONSOLE_MARK, SUITE_END_MARK } from './consoleMark';
import { ensureCodeServer, repoRoot } from './installCodeServer';

const ROOT = repoRoot();
const LOG_DIR = path.join(ROOT, '.vscode-test', 'logs');
const TESTS_ENTRY = path.join(ROOT, 'out', 'test', 'vscode', 'index.js');
const SEED_FILE = process.env.APPSTREAM_EMULATOR_SEED ?? path.join(ROOT, 'test', 'emulator', 'seed.json');
const TIMEOUT_MS = Number(process.env.APPSTREAM_TEST_TIMEOUT_MS ?? 10 * 60_000);
type Host = 'electron' | 'code-server';

function log(msg: string): void {
  console.log(`[test:vscode] ${msg}`);
}

const cleanups = new Cleanups('test:vscode', 10000);
const cleanup = (): Promise<void> => cleanups.run();

async function chooseHost(): Promise<Host> {
  // Asking for a code-server version (APPSTREAM_CODE_SERVER) means code-server.
  const wanted = (process.env.APPSTREAM_TEST_HOST ?? (process.env.APPSTREAM_CODE_SERVER ? 'code-server' : 'auto')).toLowerCase();
  if (wanted === 'electron' || wanted === 'code-server') {
    return wanted;
  }
  if (wanted !== 'auto') {
    throw new Error(`APPSTREAM_TEST_HOST must be electron, code-server or auto, not "${wanted}"`);
  }
  const reachable = await new Promise<boolean>((resolve) => {
    const req = https.request('https://update.code.visualstudio.com/api/releases/stable', { method: 'HEAD', timeout: 3000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.end();
  });
  log(`update.code.visualstudio.com ${reachable ? 'reachable: desktop VS Code' : 'not reachable: code-server'}`);
  return reachable ? 'electron' : 'code-server';
}

async function runInCodeServer(env: Record<string, string>, workspace: string, tmp: string): Promise<number> {
  const { bin, node, version: csVersion, vscodeVersion, testArgs } = await ensureCodeServer();
  // The smoke suite checks that the extension host really is this VS Code on this Node.
  env.APPSTREAM_EXPECT_VSCODE = vscodeVersion;
  env.APPSTREAM_EXPECT_NODE = (node === process.execPath ? process.versions.node : spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^v/, '')).split('.')[0];
  log(`code-server ${csVersion} = VS Code ${vscodeVersion}, on Node ${node === process.execPath ? process.version : node}`);
  const port = await freePort();
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir);

  log(`starting code-server on 127.0.0.1:${port}`);
  const started = Date.now();
  const cs = await startCodeServer({
    bin,
    node,
    extraArgs: testArgs,
    port,
    userDataDir,
    extensionsDir,
    workspace,
    env: { ...withoutAmbientAws(process.env), ...env } as NodeJS.ProcessEnv,
    logFile: path.join(LOG_DIR, 'code-server.log'),
  });
  cleanups.add('code-server', () => cs.stop());
  const base = cs.base;
  log(`code-server answers after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const { chromium } = await import('playwright-core');
  // Playwright's own signal handlers would exit the process before code-server is stopped.
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  cleanups.add('browser', () => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await withoutCodeServerServiceWorker(page);
  const consoleLog = fs.createWriteStream(path.join(LOG_DIR, 'browser-console.log'));
  cleanups.add('browser console log', () => { consoleLog.end(); });

  let settle: (code: number) => void = () => undefined;
  const exitCode = new Promise<number>((resolve) => (settle = resolve));
  // Registered before navigating: the workbench calls it when the suite ends.
  await page.exposeFunction('codeAutomationExit', (code: unknown) => {
    settle(typeof code === 'number' ? code : Number(code) || 0);
  });
  page.on('crash', () => {
    console.error('[test:vscode] the workbench page crashed');
    settle(1);
  });
  page.on('close', () => settle(1));

  let inSuite = false;
  page.on('console', (msg) => {
    // Synchronous on purpose (msg.args() would need awaits and could reorder lines).
    const text = msg.text().replace(/%c\s?/g, '').replace(/\bcolor: #[0-9a-f]{3,6}\s?/gi, '');
    consoleLog.write(`[${msg.type()}] ${text}\n`);
    // The suite's output (see consoleMark.ts).
    const at = text.indexOf(SUITE_CONSOLE_MARK);
    if (text.includes(SUITE_BEGIN_MARK)) {
      inSuite = true;
    } else if (text.includes(SUITE_END_MARK)) {
      inSuite = false;
    } else if (at >= 0) {
      process.stdout.write(`${text.slice(at + SUITE_CONSOLE_MARK.length)}\n`);
    } else if (inSuite) {
      process.stdout.write(`  [console.${msg.type()}] ${text.replace(/^\s*(INFO|ERR|WARN|DEBUG|TRACE)\s/, '')}\n`);
    }
  });
  page.on('pageerror', (err) => consoleLog.write(`[pageerror] ${err.stack ?? err.message}\n`));

  const remote = (p: string): string => `vscode-remote://127.0.0.1:${port}${p.split(path.sep).join('/')}`;
  const payload = [
    ['extensionDevelopmentPath', remote(ROOT)],
    ['extensionTestsPath', remote(TESTS_ENTRY)],
  ];
  const url = `${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  log(`opening the workbench in headless Chromium: ${url}`);
  await page.goto(url, { waitUntil: 'domcontentloaded' });

  const code = await exitCode;
  // Give the last forwarded log lines a moment to arrive.
  await new Promise((r) => setTimeout(r, 500));
  try {
    await page.screenshot({ path: path.join(LOG_DIR, 'workbench.png') });
  } catch {
    /* page may be gone */
  }
  return code;
}

async function runInElectron(env: Record<string, string>, workspace: string, tmp: string): Promise<number> {
  const { runTests } = await import('@vscode/test-electron');
  try {
    return await runTests({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: TESTS_ENTRY,
      extensionTestsEnv: env,
      launchArgs: [
        workspace,
        '--user-data-dir', path.join(tmp, 'user-data'),
        '--extensions-dir', path.join(tmp, 'extensions'),
        '--disable-workspace-trust',
        '--disable-telemetry',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
  } catch (e) {
    // runTests rejects with the exit code / message when the suite fails.
    console.error(`[test:vscode] ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

async function main(): Promise<number> {
  const t0 = Date.now();
  if (!fs.existsSync(TESTS_ENTRY)) {
    throw new Error(`${TESTS_ENTRY} missing: run \`npm run compile-tests\``);
  }
  if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) {
    log('warning: dist/extension.js missing (run `npm run build`): the extension will not activate');
  }
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const host = await chooseHost();
  log(`host: ${host}`);

  const tmp = cleanups.tempDir('appstream-vscode-test-', 'APPSTREAM_TEST_KEEP');
  const home = path.join(tmp, 'home');
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(workspace, { recursive: true });

  const seed = JSON.parse(fs.readFileSync(SEED_FILE, 'utf8')) as SeedAccountsLike;
  const emulator = await startEmulator({ port: 0, seed: SEED_FILE });
  cleanups.add('emulator', () => emulator.stop());
  const emulatorUrl = emulator.url.replace(/\/+$/, '');
  log(`emulator at ${emulatorUrl}`);

  // Profiles for the fault suite (closed port, unresolvable host, credential_process, MFA).
  const closedPort = await freePort(); // free a moment ago: nothing listens there
  const sessionToken = `IQoJb3JpZ2luX2VjEAppStreamImagesTest${randomBytes(96).toString('hex')}`;
  const extraProfiles = writeFaultProfiles({
    dir: path.join(tmp, 'aws', 'bin'),
    emulatorUrl,
    closedUrl: `http://127.0.0.1:${closedPort}`,
    seed,
    sessionToken,
  });
  // After the suite (code-server stopped, logs flushed) and before the temp dir goes: no log may
  // hold a key id, a secret key or the session token.
  cleanups.add('secret scan', () => {
    const roots = [
      path.join(tmp, 'user-data'),
      home,
      path.join(LOG_DIR, 'browser-console.log'),
      path.join(LOG_DIR, 'code-server.log'),
    ];
    // Also what the emulator minted: SSO tokens, temporary secret keys and session tokens.
    const minted = emulator.state.temporaryCredentials().flatMap((t) => [t.secretAccessKey, t.sessionToken]);
    // And every image builder streaming URL handed out (a credential), whole and by its token.
    minted.push(...emulator.state.streamingUrls.flatMap(({ url }) => [url, new URL(url).searchParams.get('parameters') ?? url]));
    const leaks = findSecretLeaks(roots, secretsOf(seed, [sessionToken, ssoToken.accessToken, expiredToken.accessToken, ...minted]), [credentialProfiles.tokenFile, ssoDirectory.tokenFile, ssoExpired.tokenFile]);
    for (const leak of leaks) {
      console.error(`[test:vscode] SECRET LEAK: ${leak.what} found in ${leak.file}`);
    }
    if (leaks.length > 0) {
      secretsLeaked = true;
    } else {
      log(`secret scan: no key, secret or session token in ${roots.length} log locations`);
    }
  });
  // Assume-role and SSO profiles (the credentials suite); a valid SSO token in HOME's token cache.
  const ssoToken = emulator.state.mintSsoToken(12 * 3600);
  const credentialProfiles = writeCredentialProfiles({ emulatorUrl, seed, home, ssoAccessToken: ssoToken.accessToken, ssoExpiresAt: ssoToken.expiresAt });
  // A trap on the process-wide profile (AWS_PROFILE=demo-dev): its STS/SSO endpoints answer 500
  // and count. Role and SSO profiles carry their own endpoint_url; a credential resolution that
  // took the process-wide profile's endpoints instead would land here (the suite asserts 0).
  // SSO sessions to add accounts from (the ssoAccounts suite): the seed's portal with a valid
  // token, and one whose cached token has expired. Endpoints from their [services] sections.
  const ssoSeed = emulator.state.sso as { sessionName: string; startUrl: string; region: string };
  const ssoDirectory = writeSsoDirectorySession({ emulatorUrl, home, name: ssoSeed.sessionName, startUrl: ssoSeed.startUrl, ssoRegion: ssoSeed.region, accessToken: ssoToken.accessToken, expiresAt: ssoToken.expiresAt });
  const expiredToken = emulator.state.mintSsoToken(-3600);
  const ssoExpired = writeSsoDirectorySession({ emulatorUrl, home, name: 'expired-sso-session', startUrl: 'https://expired-estate.awsapps.com/start', ssoRegion: 'us-east-1', accessToken: expiredToken.accessToken, expiresAt: expiredToken.expiresAt });
  const trap = await startTrap();
  cleanups.add('trap', () => trap.stop());
  const files = writeAwsConfig(path.join(tmp, 'aws'), emulatorUrl, seed, {
    extraProfiles: { ...extraProfiles, ...credentialProfiles.profiles, ...dottedProfile(seed, emulatorUrl) },
    extraSections: [...credentialProfiles.sections, trapServicesSection('process-trap', trap.url), ...ssoDirectory.sections, ...ssoExpired.sections],
    seededProfileExtras: { 'demo-dev': { services: 'process-trap' } },
  });
  log(`AWS config ${files.configFile}: profiles ${files.allProfiles.join(', ')}`);
  const env: Record<string, string> = {
    ...awsEnv(files, home, 'demo-dev'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    APPSTREAM_EMULATOR_URL: emulatorUrl,
    // No process-wide AWS_ENDPOINT_URL_*: every profile carries its endpoints in the config file.
    APPSTREAM_TRAP_URL: trap.url,
  };
  if (process.env.APPSTREAM_TEST_GREP) {
    env.APPSTREAM_TEST_GREP = process.env.APPSTREAM_TEST_GREP;
  }

  if (host === 'code-server') {
    // index.ts then marks the suite's console lines so they can be told from the workbench's.
    env.APPSTREAM_TEST_MARK_CONSOLE = '1';
  }
  const suite = host === 'electron' ? runInElectron(env, workspace, tmp) : runInCodeServer(env, workspace, tmp);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      console.error(`[test:vscode] TIMEOUT: the suite did not finish within ${TIMEOUT_MS / 1000} s (logs: ${LOG_DIR})`);
      resolve(1);
    }, TIMEOUT_MS);
  });
  const code = await Promise.race([suite, timeout]);
  clearTimeout(timer);
  log(`suite exit code ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s (logs: ${LOG_DIR})`);
  return code;
}

/** Set by the secret scan (a clean-up step) when a log holds a secret. */
let secretsLeaked = false;

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    console.error(`[test:vscode] ${sig}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

main().then(
  async (code) => {
    await cleanup();
    if (secretsLeaked) {
      console.error('[test:vscode] FAILED: secrets were written to logs (see SECRET LEAK above)');
    }
    process.exit(code !== 0 ? code : secretsLeaked ? 1 : 0);
  },
  async (err: unknown) => {
    console.error(`[test:vscode] FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    await cleanup();
    process.exit(1);
  },
);

/** `[profile acme.dev]`: demo-dev's account under a dotted name (profile names may contain dots). */
function dottedProfile(seed: SeedAccountsLike, emulatorUrl: string): Record<string, Record<string, string>> {
  const dev = seed.accounts.find((a) => a.profile === 'demo-dev');
  if (!dev) {
    return {};
  }
  return { 'acme.dev': { aws_access_key_id: dev.accessKeyId, aws_secret_access_key: dev.secretAccessKey, region: dev.region, endpoint_url: emulatorUrl } };
}
