/**
 * `npm run demo`: try the packaged extension against the AppStream emulator, with nothing of
 * yours touched (no ~/.aws, no VS Code profile of yours).
 *
 * It starts the emulator with the seed accounts (a free port; deleted images stay DELETING for
 * 5 s), writes a throwaway AWS config for them into a temp dir and opens VS Code with
 * appstream-images.vsix installed and AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE /
 * AWS_PROFILE=demo-dev set:
 *   - desktop VS Code when `code` is on PATH (own --user-data-dir and --extensions-dir), or
 *   - code-server on 127.0.0.1 otherwise: open the URL it prints in a browser.
 * Ctrl+C stops what it started (emulator, code-server or that VS Code window) and removes the
 * temp dirs. Options: `--port N` (code-server's port), `--code-server` (even if `code` exists).
 */
import { Cleanups } from '../support/cleanups';
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startEmulator } from '../emulator/server';
import { SeedAccountsLike, withoutAmbientAws, writeAwsConfig, writeCredentialProfiles, writeSsoDirectorySession, type AwsConfigFiles } from '../support/awsConfig';
import { freePort, installVsix, portIsFree, startCodeServer, writeUserSettings } from '../support/codeServer';
import { ensureCodeServer, repoRoot } from '../vscode/installCodeServer';

const ROOT = repoRoot();
const VSIX = path.join(ROOT, 'appstream-images.vsix');
const SEED_FILE = path.join(ROOT, 'test', 'emulator', 'seed.json');
const DELETE_DELAY_MS = 5000;
/** A copy stays COPYING this long: long enough to watch it in the tree, short enough to wait for. */
const COPY_DELAY_MS = 15000;
/** A managed image update takes this long (hours at AWS). */
const UPDATE_DELAY_MS = 20000;

function log(msg: string): void {
  console.log(`[demo] ${msg}`);
}

interface Args {
  port?: number;
  forceCodeServer: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { forceCodeServer: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port' || a.startsWith('--port=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new Error(`--port needs a port number (1-65535), not "${value ?? ''}"`);
      }
      args.port = port;
    } else if (a === '--code-server') {
      args.forceCodeServer = true;
    } else if (a === '--help' || a === '-h') {
      console.log('npm run demo [-- --port N] [-- --code-server]');
      process.exit(0);
    } else {
      throw new Error(`unknown argument "${a}" (try --help)`);
    }
  }
  return args;
}

/** The `code` launcher of desktop VS Code, if it is on PATH. */
function findCode(): string | undefined {
  const names = process.platform === 'win32' ? ['code.cmd', 'code.exe'] : ['code'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        if (fs.statSync(file).isFile()) {
          return file;
        }
      } catch {
        /* not here */
      }
    }
  }
  return undefined;
}

const cleanups = new Cleanups('demo', 15000);
const cleanup = (): Promise<void> => cleanups.run();

function howTo(files: AwsConfigFiles, emulatorUrl: string): string {
  return [
    'How to try it:',
    '  1. Click the "AppStream Images" icon in the activity bar: profile demo-dev, region us-east-1,',
    '     Private (38 images · quota 45: near the Images quota, so a warning; among them deletable-1..5,',
    '     failed-image-with-errors, hostile-html). demo-prod in us-east-1 is at its quota (5 of 5).',
    '  2. Click an image for its details; failed-image-with-errors shows its ImageErrors and fixes.',
    '  3. Right-click deletable-1 → Delete Image → Delete: it shows DELETING for about 5 s, then goes.',
    '     in-use-by-fleet explains why it cannot be deleted; shared-with-prod offers "Unshare from 1 Account and Delete".',
    '     Delete failed-image-with-errors (Cancel): the confirmation names infra/stack.ts:18, the CDK stack that uses it.',
    '  4. Click "demo-dev" in the status bar to switch profile (demo-prod in eu-west-1, demo-empty;',
    '     broken-no-creds, expired-sso and bad-key show the error nodes).',
    '  5. Open infra/fleet.yaml, infra/main.tf, infra/stack.ts: the Problems panel lists a shared image',
    '     named by ImageName (quick fix: Ctrl+. → Use ImageArn), a missing and a FAILED image; hover a name.',
    '  6. Tags: click many-apps (tags team, env, cost-center) and edit them in the Tags section of its',
    '     details; filter the tree (filter button) with tag:team, tag:keep=true or tag:team=streaming.',
    `  7. Right-click deletable-3 → Copy to Regions… → eu-west-1: it shows COPYING for ${COPY_DELAY_MS / 1000} s, then AVAILABLE`,
    '     (Add to View when asked); "Copy tags too" copies the tags of many-apps or in-use-by-fleet.',
    '  8. Sharing: "Add Profile to View" demo-prod and "Select Regions" us-east-1, then right-click a demo-dev image → Manage Sharing… →',
    '     Share with an Account… → demo-prod: it appears under demo-prod\'s us-east-1 "Shared with me";',
    '     Manage Sharing… again → the account → Stop Sharing: it leaves. shared-with-prod starts shared.',
    '  9. Expand "Image builders" under us-east-1: stop demo-builder (STOPPING → STOPPED), start it, or',
    '     Open in Browser on a RUNNING one; builder-failed shows its ImageBuilderErrors in its details.',
    ' 10. Accounts from SSO (code-server mode): view title … → "Add Accounts from SSO…" → demo-sso: 34 accounts and',
    '     their roles; tick "payments prod" and "search dev" (images in us-east-1; "data-platform dev" has 5 in eu-west-1;',
    '     the last two "Sandbox" accounts have hostile and Unicode names). They show by name; Remove Profile from View.',
    ' 11. Right-click many-apps → Export to AMI… (role arn:aws:iam::111111111111:role/AppStreamExport): "Export tasks"',
    '     under us-east-1 shows it EXPORTING, then COMPLETED with its AMI id (Copy AMI ID); ws2019-ami is a FAILED',
    '     export (click it: its ErrorDetails explained). Right-click an image → Launch Image Builder…: it shows PENDING, then RUNNING.',
    ' 12. Find unused images: palette → "AppStream: Find Unused Images…" (or the view\'s … menu): the report lists',
    '     deletable-1/-2, platform-windows-server-2016/-2019 (old, unused, not the newest 2 of their family) and the',
    '     FAILED images; "Show kept images" gives each other image its reason (deletable-3 tagged keep, deletable-4/-5',
    '     newest of family "deletable", in-use-by-fleet used by demo-fleet). Export CSV…, or tick two and Delete selected… → "delete 2 images".',
    ' 13. Go to Image (search button in the view title): type "twelve applications" → many-apps is selected',
    '     in the tree and its details open; "Load N more groups…" lists Shared with me and Public too.',
    ' 14. Managed updates: right-click Private → Check for Updates: 6 images say "update available" (outdated-agent,',
    `     many-apps …). Right-click outdated-agent → Create Updated Image…: PENDING for ${UPDATE_DELAY_MS / 1000} s, then AVAILABLE;`,
    '     managed-software\'s update ends FAILED (IMAGE_UPDATE_FAILURE, explained).',
    ' 15. Pins: right-click many-apps → Pin: a "Pinned" section tops the tree (demo-dev · us-east-1 · AVAILABLE …); it is',
    '     still there after a window reload; right-click the pinned row → Unpin: the section leaves.',
    `AWS config: ${files.configFile} (profiles ${files.allProfiles.join(', ')})`,
    `Emulator: ${emulatorUrl}  (e.g. AWS_CONFIG_FILE=${files.configFile} AWS_SHARED_CREDENTIALS_FILE=${files.credentialsFile} AWS_PROFILE=demo-dev aws appstream describe-images --endpoint-url ${emulatorUrl} --max-results 5)`,
    'Press Ctrl+C here to stop everything.',
  ].join('\n');
}

/** Pids of processes whose command line holds `marker` (our own temp user-data-dir). POSIX `ps`. */
function pidsWith(marker: string): number[] {
  const r = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  if (r.status !== 0) {
    return [];
  }
  return r.stdout
    .split('\n')
    .filter((line) => line.includes(marker))
    .map((line) => Number(line.trim().split(/\s+/)[0]))
    .filter((pid) => Number.isInteger(pid) && pid !== process.pid);
}

async function runDesktop(code: string, tmp: string, env: NodeJS.ProcessEnv, workspace: string): Promise<void> {
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  writeUserSettings(userDataDir);
  const shell = process.platform === 'win32';
  const install = spawnSync(code, ['--extensions-dir', extensionsDir, '--install-extension', VSIX, '--force'], {
    encoding: 'utf8',
    env,
    shell,
  });
  if (install.status !== 0) {
    throw new Error(`code --install-extension failed: ${install.stdout}${install.stderr}`);
  }
  log(`installed ${path.basename(VSIX)} into ${extensionsDir}`);
  // --wait: the launcher returns when the window closes; the new instance (own user-data-dir)
  // gets this environment.
  const child: ChildProcess = spawn(
    code,
    ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--new-window', '--disable-workspace-trust', '--wait', workspace],
    { env, stdio: 'inherit', shell },
  );
  cleanups.add('VS Code', async () => {
    // The window runs in processes the launcher detached; they carry our user-data-dir.
    for (const pid of pidsWith(userDataDir)) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
    }
    await new Promise((r) => setTimeout(r, 1000));
  });
  log('VS Code opens in a new window (its own profile in a temp dir).');
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  log('the VS Code window was closed');
}

async function runCodeServer(
  tmp: string,
  env: NodeJS.ProcessEnv,
  workspace: string,
  wantedPort: number | undefined,
  onReady: () => void,
): Promise<void> {
  const { bin, node } = await ensureCodeServer();
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir, { 'workbench.tips.enabled': false });
  installVsix(bin, VSIX, extensionsDir, userDataDir, node);
  log(`installed ${path.basename(VSIX)} into code-server (${extensionsDir})`);
  if (wantedPort !== undefined && !(await portIsFree(wantedPort))) {
    throw new Error(`port ${wantedPort} on 127.0.0.1 is in use; pick another with --port N or leave it out`);
  }
  const port = wantedPort ?? (await freePort());
  const logFile = path.join(tmp, 'code-server.log');
  const cs = await startCodeServer({ bin, node, port, userDataDir, extensionsDir, workspace, env, logFile });
  cleanups.add('code-server', () => cs.stop());
  const url = `${cs.base}/?folder=${encodeURIComponent(workspace)}`;
  console.log('');
  log(`VS Code (code-server) is ready. Open this URL in a browser:\n\n    ${url}\n`);
  log(`code-server log: ${logFile}`);
  onReady();
  await new Promise<void>((resolve) => cs.child.once('exit', () => resolve()));
  if (cleanups.started) {
    return; // stopped by us (Ctrl+C)
  }
  throw new Error(`code-server exited (${cs.child.exitCode ?? cs.child.signalCode}); see ${logFile}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(VSIX)) {
    throw new Error(`${VSIX} missing: run \`npm run package\` (npm run demo does)`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'appstream-demo-'));
  cleanups.add('temp dir', () => fs.rmSync(tmp, { recursive: true, force: true }));

  const emulator = await startEmulator({ port: 0, seed: SEED_FILE, deleteDelayMs: DELETE_DELAY_MS, copyDelayMs: COPY_DELAY_MS, updateDelayMs: UPDATE_DELAY_MS });
  cleanups.add('emulator', () => emulator.stop());
  const seed = JSON.parse(fs.readFileSync(SEED_FILE, 'utf8')) as SeedAccountsLike;
  const code = args.forceCodeServer || args.port !== undefined ? undefined : findCode();
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home, { recursive: true });
  // Assume-role and SSO profiles too, where HOME is ours (code-server): the SSO token cache lives
  // in HOME, and the SDK's inner STS/SSO clients are pointed at the emulator by environment.
  const token = emulator.state.mintSsoToken(12 * 3600);
  const credentials = code
    ? undefined
    : writeCredentialProfiles({ emulatorUrl: emulator.url, seed, home, ssoAccessToken: token.accessToken, ssoExpiresAt: token.expiresAt });
  // The emulator's SSO portal (34 accounts) as [sso-session demo-sso], token cached in our HOME: "Add Accounts from SSO…".
  const ssoSeed = emulator.state.sso as { sessionName: string; startUrl: string; region: string };
  const ssoSession = code
    ? undefined
    : writeSsoDirectorySession({ emulatorUrl: emulator.url, home, name: ssoSeed.sessionName, startUrl: ssoSeed.startUrl, ssoRegion: ssoSeed.region, accessToken: token.accessToken, expiresAt: token.expiresAt });
  const files = writeAwsConfig(path.join(tmp, 'aws'), emulator.url, seed, {
    extraProfiles: credentials?.profiles,
    extraSections: [...(credentials?.sections ?? []), ...(ssoSession?.sections ?? [])],
  });
  log(`emulator at ${emulator.url} (seed ${path.relative(ROOT, SEED_FILE)}; deletes take ${DELETE_DELAY_MS / 1000} s, copies ${COPY_DELAY_MS / 1000} s)`);

  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  // Templates that name images (CloudFormation, Terraform, CDK), for the editor's checks.
  fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'demo-infra'), path.join(workspace, 'infra'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'DEMO.md'), `# AppStream Images demo\n\n${howTo(files, emulator.url).replace(/\n/g, '\n\n')}\n`);

  const awsVars = {
    AWS_CONFIG_FILE: files.configFile,
    AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile,
    AWS_PROFILE: 'demo-dev',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  if (code) {
    log(`desktop VS Code: ${code}`);
    console.log(howTo(files, emulator.url));
    // HOME stays (the desktop needs it for its display and keyring); the AWS variables point away from ~/.aws.
    await runDesktop(code, tmp, { ...withoutAmbientAws(process.env), ...awsVars }, workspace);
  } else {
    log('no `code` on PATH (or --port/--code-server given): using code-server');
    const env: NodeJS.ProcessEnv = {
      ...withoutAmbientAws(process.env),
      ...awsVars,
      HOME: home, // no ~/.aws, no SSO token cache of yours
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
    };
    await runCodeServer(tmp, env, workspace, args.port, () => console.log(howTo(files, emulator.url)));
  }
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    console.log('');
    log(`${sig}: stopping the emulator and VS Code, removing temp files`);
    void cleanup().finally(() => {
      log('stopped');
      process.exit(0);
    });
  });
}

main().then(
  async () => {
    await cleanup();
    process.exit(0);
  },
  async (err: unknown) => {
    console.error(`[demo] ${err instanceof Error ? err.message : String(err)}`);
    await cleanup();
    process.exit(1);
  },
);
