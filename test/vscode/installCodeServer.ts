/**
 * Installs code-server (VS Code's server + web client, from the npm registry) into
 * `.vscode-test/code-server/` so the in-VS-Code suites can run where desktop VS Code
 * cannot be downloaded. See /work/shared/RECIPES.md, "A real VS Code without a download".
 *
 * Idempotent: if the pinned version is installed and `code-server --version` answers, nothing happens.
 * Runnable as a script: `node out/test/vscode/installCodeServer.js [--force]`.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const CODE_SERVER_VERSION = '4.99.4';

/** Repo root: this file lives at test/vscode/ (source) or out/test/vscode/ (compiled). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(path.dirname(dir)) === 'node_modules') {
    const up = path.dirname(dir);
    if (up === dir) {
      throw new Error(`package.json not found above ${__dirname}`);
    }
    dir = up;
  }
  return dir;
}

export function codeServerDir(): string {
  return path.join(repoRoot(), '.vscode-test', 'code-server');
}

export function codeServerBin(): string {
  return path.join(codeServerDir(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/**
 * Packages whose install scripts must run. npm 11 blocks dependency install scripts unless a
 * package is listed in `allowScripts` (package.json) or `--allow-scripts` / `npm_config_allow_scripts`.
 * code-server's own postinstall runs two more `npm install`s (lib/vscode and lib/vscode/extensions)
 * whose package.json we do not control, so the list is also passed down through the environment.
 */
const ALLOWED_SCRIPTS = [
  'code-server', // postinstall.sh: installs lib/vscode's and its extensions' dependencies
  'argon2', // prebuilt binding (required at code-server start-up)
  '@parcel/watcher', // file watcher (native)
  '@vscode/ripgrep', // search; fed from the local cache archive below
  '@vscode/spdlog', // logging (native)
  '@vscode/deviceid',
  'kerberos', // needs libkrb5-dev
  'native-watchdog',
  'node-pty', // terminal; runs `npx node-gyp` (needs npm_config_yes)
  'esbuild', // lib/vscode/extensions build tooling
];

function log(msg: string): void {
  console.log(`[code-server install] ${msg}`);
}

function isWorking(bin: string): boolean {
  if (!fs.existsSync(bin)) {
    return false;
  }
  // The postinstall finished if lib/vscode's dependencies are there.
  const vscodeModules = path.join(path.dirname(bin), '..', '..', 'lib', 'vscode', 'node_modules');
  if (!fs.existsSync(path.join(vscodeModules, '@vscode', 'ripgrep', 'bin', 'rg'))) {
    return false;
  }
  const r = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0 && r.stdout.includes(CODE_SERVER_VERSION);
}

/** The ripgrep archive @vscode/ripgrep's postinstall would fetch from GitHub, built from Debian's rg. */
function seedRipgrepCache(): void {
  const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => fs.existsSync(p));
  if (!rg) {
    throw new Error('ripgrep not found: apt-get install -y ripgrep');
  }
  const shrinkwrap = readShrinkwrapForRipgrep();
  const rgPkgVersion = shrinkwrap.version;
  // @vscode/ripgrep's postinstall names the release it downloads in lib/postinstall.js (VERSION).
  const rgRelease = shrinkwrap.release;
  const arch = process.arch === 'arm64' ? 'aarch64-unknown-linux-musl' : 'x86_64-unknown-linux-musl';
  const cacheDir = path.join(os.tmpdir(), `vscode-ripgrep-cache-${rgPkgVersion}`);
  const archive = path.join(cacheDir, `ripgrep-${rgRelease}-${arch}.tar.gz`);
  if (fs.existsSync(archive)) {
    log(`ripgrep cache present: ${archive}`);
    return;
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-stage-'));
  fs.copyFileSync(rg, path.join(stage, 'rg'));
  fs.chmodSync(path.join(stage, 'rg'), 0o755);
  run('tar', ['-czf', archive, '-C', stage, 'rg']);
  fs.rmSync(stage, { recursive: true, force: true });
  log(`ripgrep cache built from ${rg}: ${archive}`);
}

/**
 * @vscode/ripgrep's version comes from code-server's lib/vscode/npm-shrinkwrap.json; the rg release
 * it downloads (e.g. v13.0.0-10) is hard-coded in that package's postinstall, so we read it from
 * the registry tarball's lib/postinstall.js when the package is not yet on disk.
 */
function readShrinkwrapForRipgrep(): { version: string; release: string } {
  const csDir = path.join(codeServerDir(), 'node_modules', 'code-server');
  const sw = JSON.parse(fs.readFileSync(path.join(csDir, 'lib', 'vscode', 'npm-shrinkwrap.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const version = sw.packages['node_modules/@vscode/ripgrep']?.version;
  if (!version) {
    throw new Error('@vscode/ripgrep not found in lib/vscode/npm-shrinkwrap.json');
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-pkg-'));
  try {
    const packed = spawnSync('npm', ['pack', `@vscode/ripgrep@${version}`, '--silent'], { cwd: tmp, encoding: 'utf8' });
    if (packed.status !== 0) {
      throw new Error(`npm pack @vscode/ripgrep@${version} failed: ${packed.stderr}`);
    }
    const tgz = packed.stdout.trim().split('\n').pop() as string;
    run('tar', ['-xzf', path.join(tmp, tgz), '-C', tmp, 'package/lib/postinstall.js']);
    const src = fs.readFileSync(path.join(tmp, 'package', 'lib', 'postinstall.js'), 'utf8');
    const m = /const VERSION = '([^']+)'/.exec(src);
    if (!m) {
      throw new Error(`ripgrep release not found in @vscode/ripgrep@${version}/lib/postinstall.js`);
    }
    return { version, release: m[1] };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * npm 11 refuses `--allow-scripts` / `npm_config_allow_scripts` for project installs; a project
 * `.npmrc` is the accepted place besides package.json's `allowScripts`.
 */
function writeNpmrc(projectDir: string): void {
  fs.writeFileSync(path.join(projectDir, '.npmrc'), `allow-scripts=${ALLOWED_SCRIPTS.join(',')}\n`);
}

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  }
}

function runStreaming(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}`)),
    );
  });
}

/** Installs code-server if needed and returns the path of its entry script (run it with node). */
export async function ensureCodeServer(opts: { force?: boolean } = {}): Promise<string> {
  const dir = codeServerDir();
  const bin = codeServerBin();
  if (!opts.force && isWorking(bin)) {
    log(`code-server ${CODE_SERVER_VERSION} already installed: ${bin}`);
    return bin;
  }
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${dir}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
  fs.rmSync(path.join(dir, 'package-lock.json'), { force: true });
  const pkg = {
    name: 'appstream-images-code-server',
    private: true,
    description: 'Test host for the in-VS-Code suites; installed by test/vscode/installCodeServer.ts',
    dependencies: { 'code-server': CODE_SERVER_VERSION },
    allowScripts: Object.fromEntries(ALLOWED_SCRIPTS.map((p) => [p, true])),
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');

  fs.rmSync(path.join(dir, '.npmrc'), { force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    npm_config_unsafe_perm: 'true', // postinstall.sh refuses to run as root without it
    npm_config_yes: 'true', // node-pty's `npx node-gyp` would wait for a "yes"
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  // node-gyp (node-pty, kerberos, ...) downloads Node's headers from nodejs.org unless told where
  // they are; Node installs from Debian/NodeSource ship them under <prefix>/include/node.
  const nodePrefix = path.dirname(path.dirname(process.execPath));
  if (!process.env.npm_config_nodedir && fs.existsSync(path.join(nodePrefix, 'include', 'node', 'node.h'))) {
    env.npm_config_nodedir = nodePrefix;
  }

  // 1) Fetch code-server without scripts, so the ripgrep version can be read from its shrinkwrap.
  log('step 1/3: npm install --ignore-scripts');
  await runStreaming('npm', ['install', '--ignore-scripts', '--no-save'], dir, env);
  // The nested installs are projects of their own whose package.json has no allowScripts: give
  // each a project .npmrc. (Not at the top level: npm exports .npmrc settings to scripts as
  // npm_config_allow_scripts, which a nested project install rejects like a CLI flag.)
  const vscodeDir = path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode');
  writeNpmrc(vscodeDir);
  writeNpmrc(path.join(vscodeDir, 'extensions'));
  // 2) Seed @vscode/ripgrep's download cache from Debian's rg (its postinstall would hit GitHub).
  log('step 2/3: ripgrep cache');
  seedRipgrepCache();
  // 3) Run code-server's postinstall (installs lib/vscode's deps, native modules, links).
  log('step 3/3: npm rebuild code-server (runs its postinstall; about a minute)');
  await runStreaming('npm', ['rebuild', 'code-server', 'argon2', '--foreground-scripts'], dir, env);

  if (!isWorking(bin)) {
    throw new Error(`code-server installed into ${dir} but \`code-server --version\` does not answer ${CODE_SERVER_VERSION}`);
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${bin}`);
  return bin;
}

if (require.main === module) {
  const t0 = Date.now();
  ensureCodeServer({ force: process.argv.includes('--force') }).then(
    (bin) => {
      console.log(bin);
      log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    },
    (err: unknown) => {
      console.error(`[code-server install] FAILED: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
