/**
 * Installs code-server (VS Code's server + web client, from the npm registry) into
 * `.vscode-test/` so the in-VS-Code suites and the e2e steps can run where desktop VS Code
 * cannot be downloaded. See /work/shared/RECIPES.md, "A real VS Code without a download".
 *
 * Which one: `APPSTREAM_CODE_SERVER` = `oldest` (default: 4.99.4 = VS Code 1.99.3, the oldest
 * VS Code that package.json's engines.vscode claims), `latest` (the newest code-server on npm)
 * or an exact version. Each runs on the Node its package.json's `engines.node` names: this
 * process's Node if the major matches, else the npm registry's `node-<platform>-<arch>` package
 * of that major (binary and headers), installed into `.vscode-test/node<major>/` (no download
 * outside the npm registry). The server, and so the extension host, runs on that Node.
 *
 * Idempotent: if that version is installed and `code-server --version` answers, nothing happens.
 * Runnable as a script: `node out/test/vscode/installCodeServer.js [--force]`.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** VS Code 1.99.3: the oldest VS Code that engines.vscode (^1.99.0) claims; runs on Node 20. */
export const OLDEST_CODE_SERVER = '4.99.4';

/** What `APPSTREAM_CODE_SERVER` asks for: `oldest` (default), `latest` or an exact version. */
export function requestedCodeServer(env: NodeJS.ProcessEnv = process.env): string {
  const wanted = (env.APPSTREAM_CODE_SERVER ?? '').trim() || 'oldest';
  if (wanted === 'oldest') {
    return OLDEST_CODE_SERVER;
  }
  if (wanted === 'latest' || /^\d+\.\d+\.\d+$/.test(wanted)) {
    return wanted;
  }
  throw new Error(`APPSTREAM_CODE_SERVER must be oldest, latest or a version like 4.99.4, not "${wanted}"`);
}

/** An installed code-server and the Node it runs on. */
export interface CodeServerInstall {
  /** code-server's out/node/entry.js: run it with `node`. */
  bin: string;
  /** The Node binary for code-server (and so for its extension host). */
  node: string;
  /** code-server's version, e.g. 4.99.4. */
  version: string;
  /** The VS Code version inside it, e.g. 1.99.3. */
  vscodeVersion: string;
  /**
   * Extra code-server arguments for running extension tests through the workbench URL's payload.
   * VS Code ≥ 1.10x honours the payload's extensionDevelopmentPath / extensionTestsPath in a
   * built web workbench only with the smoke-test driver on, which newer code-server passes
   * through as `--vscode-option enable-smoke-test-driver`; 4.99.4 needs nothing.
   */
  testArgs: string[];
}

/** See CodeServerInstall.testArgs. */
function testArgsFor(version: string): string[] {
  const cli = path.join(codeServerDir(version), 'node_modules', 'code-server', 'out', 'node', 'cli.js');
  return fs.existsSync(cli) && fs.readFileSync(cli, 'utf8').includes('"vscode-option"') ? ['--vscode-option', 'enable-smoke-test-driver'] : [];
}

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

/** The oldest keeps the folder it always had; other versions get one each. */
export function codeServerDir(version: string = OLDEST_CODE_SERVER): string {
  return path.join(repoRoot(), '.vscode-test', version === OLDEST_CODE_SERVER ? 'code-server' : `code-server-${version}`);
}

export function codeServerBin(version: string = OLDEST_CODE_SERVER): string {
  return path.join(codeServerDir(version), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Written after a successful install: which Node it was built for. */
interface InstallMarker {
  version: string;
  node: string;
  vscodeVersion: string;
}

function markerFile(version: string): string {
  return path.join(codeServerDir(version), 'appstream-install.json');
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
  '@vscode/sqlite3', // newer VS Code (native)
];

function log(msg: string): void {
  console.log(`[code-server install] ${msg}`);
}

/** rg inside lib/vscode: @vscode/ripgrep (VS Code ≤ 1.10x) or @vscode/ripgrep-universal (newer). */
function ripgrepPresent(vscodeModules: string): boolean {
  return (
    fs.existsSync(path.join(vscodeModules, '@vscode', 'ripgrep', 'bin', 'rg')) ||
    fs.existsSync(path.join(vscodeModules, '@vscode', 'ripgrep-universal', 'bin', `${process.platform}-${process.arch}`, 'rg'))
  );
}

function readMarker(version: string): InstallMarker | undefined {
  try {
    return JSON.parse(fs.readFileSync(markerFile(version), 'utf8')) as InstallMarker;
  } catch {
    return undefined;
  }
}

function isWorking(version: string, node: string): boolean {
  const bin = codeServerBin(version);
  if (!fs.existsSync(bin) || !fs.existsSync(node)) {
    return false;
  }
  // The postinstall finished if lib/vscode's dependencies are there.
  const vscodeModules = path.join(path.dirname(bin), '..', '..', 'lib', 'vscode', 'node_modules');
  if (!ripgrepPresent(vscodeModules)) {
    return false;
  }
  const r = spawnSync(node, [bin, '--version'], { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0 && r.stdout.includes(version);
}

/** VS Code's version inside an installed code-server (lib/vscode/package.json). */
function vscodeVersionOf(version: string): string {
  const pkg = path.join(codeServerDir(version), 'node_modules', 'code-server', 'lib', 'vscode', 'package.json');
  return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
}

/** `npm view <spec> <field> --json`, parsed. */
function npmView(spec: string, field: string): unknown {
  const r = spawnSync('npm', ['view', spec, field, '--json'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) {
    throw new Error(`npm view ${spec} ${field} failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`);
  }
  return JSON.parse(r.stdout || 'null') as unknown;
}

/** The newest of a list of x.y.z versions. */
function newest(versions: string[]): string {
  const key = (v: string) => v.split('.').map(Number);
  return [...versions].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  })[versions.length - 1];
}

/** The Node major a code-server version needs (its engines.node, e.g. "20" or "24"). */
function requiredNodeMajor(version: string): number {
  const installed = path.join(codeServerDir(version), 'node_modules', 'code-server', 'package.json');
  const engines = fs.existsSync(installed)
    ? (JSON.parse(fs.readFileSync(installed, 'utf8')) as { engines?: { node?: string } }).engines?.node
    : (npmView(`code-server@${version}`, 'engines.node') as string | undefined);
  const m = /(\d+)/.exec(engines ?? '');
  if (!m) {
    throw new Error(`code-server@${version} names no Node version in engines.node ("${engines ?? ''}")`);
  }
  return Number(m[1]);
}

/**
 * A Node binary of that major: this process's, else the npm registry's node-<platform>-<arch>
 * (binary plus include/ headers, so node-gyp builds against it without a download).
 */
export function ensureNode(major: number): string {
  if (Number(process.versions.node.split('.')[0]) === major) {
    return process.execPath;
  }
  const pkgName = `node-${process.platform}-${process.arch}`;
  const dir = path.join(repoRoot(), '.vscode-test', `node${major}`);
  const node = path.join(dir, 'node_modules', pkgName, 'bin', 'node');
  if (fs.existsSync(node) && spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout?.startsWith(`v${major}.`)) {
    return node;
  }
  const t0 = Date.now();
  const versions = npmView(`${pkgName}@${major}`, 'version');
  const version = newest(Array.isArray(versions) ? (versions as string[]) : [String(versions)]);
  log(`installing Node ${version} (${pkgName} from the npm registry) into ${dir}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `appstream-node${major}`, private: true }, null, 2) + '\n');
  run('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `${pkgName}@${version}`], { cwd: dir });
  const answer = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (answer !== `v${version}`) {
    throw new Error(`${node} answers "${answer ?? ''}", not v${version}`);
  }
  log(`Node ${version} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${node}`);
  return node;
}

/** For an install without a marker (made before there was one): the Node it needs, if on disk. */
function existingNode(version: string): string | undefined {
  if (!fs.existsSync(path.join(codeServerDir(version), 'node_modules', 'code-server', 'package.json'))) {
    return undefined;
  }
  const major = requiredNodeMajor(version);
  if (Number(process.versions.node.split('.')[0]) === major) {
    return process.execPath;
  }
  const node = path.join(repoRoot(), '.vscode-test', `node${major}`, 'node_modules', `node-${process.platform}-${process.arch}`, 'bin', 'node');
  return fs.existsSync(node) ? node : undefined;
}

/** The version to install for `latest` (asks the registry; offline, the newest one installed). */
function resolveVersion(wanted: string): string {
  if (wanted !== 'latest') {
    return wanted;
  }
  try {
    return String(npmView('code-server@latest', 'version'));
  } catch (e) {
    const installed = fs
      .readdirSync(path.join(repoRoot(), '.vscode-test'))
      .map((d) => /^code-server-(\d+\.\d+\.\d+)$/.exec(d)?.[1])
      .filter((v): v is string => v !== undefined && readMarker(v) !== undefined);
    if (installed.length === 0) {
      throw e;
    }
    const v = newest(installed);
    log(`the registry did not answer (${e instanceof Error ? e.message : String(e)}); using the newest installed, ${v}`);
    return v;
  }
}

/** The ripgrep archive @vscode/ripgrep's postinstall would fetch from GitHub, built from Debian's rg. */
function seedRipgrepCache(version: string): void {
  const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => fs.existsSync(p));
  if (!rg) {
    throw new Error('ripgrep not found: apt-get install -y ripgrep');
  }
  const shrinkwrap = readShrinkwrapForRipgrep(version);
  if (shrinkwrap === 'universal') {
    // Newer VS Code: @vscode/ripgrep-universal carries rg for every platform in its tarball.
    log('ripgrep: @vscode/ripgrep-universal ships rg in its package; nothing to download or seed');
    return;
  }
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
function readShrinkwrapForRipgrep(csVersion: string): { version: string; release: string } | 'universal' {
  const csDir = path.join(codeServerDir(csVersion), 'node_modules', 'code-server');
  const sw = JSON.parse(fs.readFileSync(path.join(csDir, 'lib', 'vscode', 'npm-shrinkwrap.json'), 'utf8')) as {
    packages: Record<string, { version?: string; hasInstallScript?: boolean }>;
  };
  const version = sw.packages['node_modules/@vscode/ripgrep']?.version;
  const universal = sw.packages['node_modules/@vscode/ripgrep-universal'];
  if (!version && universal && !universal.hasInstallScript) {
    return 'universal';
  }
  if (!version) {
    throw new Error('neither @vscode/ripgrep nor @vscode/ripgrep-universal found in lib/vscode/npm-shrinkwrap.json');
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

/** Installs the requested code-server (and its Node) if needed. */
export async function ensureCodeServer(opts: { force?: boolean; version?: string } = {}): Promise<CodeServerInstall> {
  const version = resolveVersion(opts.version ?? requestedCodeServer());
  const dir = codeServerDir(version);
  const bin = codeServerBin(version);
  const installedNode = readMarker(version)?.node ?? existingNode(version);
  if (!opts.force && installedNode && isWorking(version, installedNode)) {
    const vscodeVersion = vscodeVersionOf(version);
    fs.writeFileSync(markerFile(version), JSON.stringify({ version, node: installedNode, vscodeVersion } satisfies InstallMarker, null, 2) + '\n');
    log(`code-server ${version} (VS Code ${vscodeVersion}, Node ${nodeVersion(installedNode)}) already installed: ${bin}`);
    return { bin, node: installedNode, version, vscodeVersion, testArgs: testArgsFor(version) };
  }
  const started = Date.now();
  const node = ensureNode(requiredNodeMajor(version));
  log(`installing code-server ${version} into ${dir} (Node ${nodeVersion(node)})`);
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(markerFile(version), { force: true });
  fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
  fs.rmSync(path.join(dir, 'package-lock.json'), { force: true });
  const pkg = {
    name: 'appstream-images-code-server',
    private: true,
    description: 'Test host for the in-VS-Code suites; installed by test/vscode/installCodeServer.ts',
    dependencies: { 'code-server': version },
    allowScripts: Object.fromEntries(ALLOWED_SCRIPTS.map((p) => [p, true])),
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');

  fs.rmSync(path.join(dir, '.npmrc'), { force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // npm (a `#!/usr/bin/env node` script), the postinstall and node-gyp all run on this Node:
    // code-server's postinstall checks the major, and native modules must match its ABI.
    PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_unsafe_perm: 'true', // postinstall.sh refuses to run as root without it
    npm_config_yes: 'true', // node-pty's `npx node-gyp` would wait for a "yes"
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  // Run under `npm run` (a test script reinstalling), the outer npm's Node would leak into the
  // postinstall through these and fail its Node-major check.
  for (const name of ['NODE', 'npm_node_execpath', 'npm_execpath']) {
    delete env[name];
  }
  // node-gyp (node-pty, kerberos, ...) downloads Node's headers from nodejs.org unless told where
  // they are: <prefix>/include/node (Debian/NodeSource installs and the npm node-* packages alike).
  const nodePrefix = path.dirname(path.dirname(node));
  if (fs.existsSync(path.join(nodePrefix, 'include', 'node', 'node.h'))) {
    env.npm_config_nodedir = nodePrefix;
  } else if (node !== process.execPath) {
    throw new Error(`${nodePrefix}/include/node/node.h missing: native modules cannot be built for ${node}`);
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
  log('step 2/3: ripgrep');
  seedRipgrepCache(version);
  // 3) Run code-server's postinstall (installs lib/vscode's deps, native modules, links).
  log('step 3/3: npm rebuild code-server (runs its postinstall; a minute or more)');
  await runStreaming('npm', ['rebuild', 'code-server', 'argon2', '--foreground-scripts'], dir, env);

  if (!isWorking(version, node)) {
    throw new Error(`code-server installed into ${dir} but \`code-server --version\` does not answer ${version}`);
  }
  const vscodeVersion = vscodeVersionOf(version);
  const written: InstallMarker = { version, node, vscodeVersion };
  fs.writeFileSync(markerFile(version), JSON.stringify(written, null, 2) + '\n');
  log(`code-server ${version} (VS Code ${vscodeVersion}) done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${bin}`);
  return { bin, node, version, vscodeVersion, testArgs: testArgsFor(version) };
}

function nodeVersion(node: string): string {
  return node === process.execPath ? process.versions.node : (spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout ?? '').trim().replace(/^v/, '');
}

if (require.main === module) {
  const t0 = Date.now();
  ensureCodeServer({ force: process.argv.includes('--force') }).then(
    (cs) => {
      console.log(cs.bin);
      log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    },
    (err: unknown) => {
      console.error(`[code-server install] FAILED: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
