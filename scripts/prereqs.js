#!/usr/bin/env node
/**
 * Checks the system prerequisites of `npm test`, `npm run demo` and `npm run test:e2e` before they
 * run anything (npm's pre* hooks call it). The package list is scripts/apt-packages.txt, the
 * same one .ci/run installs.
 *
 * - Debian/Ubuntu as root: installs what is missing (`apt-get update` once, then `apt-get install`).
 * - Debian/Ubuntu, not root: prints the one command to run and exits 1.
 * - Elsewhere: checks for Chromium and the AWS CLI and says what is missing, exit 1.
 *
 *   node scripts/prereqs.js           check (and install as root)
 *   node scripts/prereqs.js --list    print the package list (one per line)
 *   APPSTREAM_SKIP_PREREQS=1          skip the check
 *
 * Plain Node, no dependencies: it runs before `npm ci`'s packages are compiled or even needed.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const LIST_FILE = path.join(__dirname, 'apt-packages.txt');

function packages() {
  return fs
    .readFileSync(LIST_FILE, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
}

function say(msg) {
  console.error(`[prereqs] ${msg}`);
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Packages of `wanted` that dpkg does not report as installed. */
function missingDebianPackages(wanted) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\\n', ...wanted], { encoding: 'utf8' });
  const installed = new Set(
    (r.stdout || '')
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter(([, status]) => status === 'installed')
      .map(([name]) => name.replace(/:.*/, '')),
  );
  return wanted.filter((p) => !installed.has(p));
}

function run(cmd, args) {
  say(`$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) {
    say(`${cmd} failed (exit ${r.status === null ? r.signal : r.status})`);
    process.exit(1);
  }
}

function main() {
  if (process.argv.includes('--list')) {
    console.log(packages().join('\n'));
    return;
  }
  if (process.env.APPSTREAM_SKIP_PREREQS) {
    return;
  }
  const isDebian = process.platform === 'linux' && fs.existsSync('/etc/debian_version') && has('apt-get') && has('dpkg-query');
  if (!isDebian) {
    // No package list to install from: check what the tests call directly.
    const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
    const problems = [];
    if (!fs.existsSync(chromium)) {
      problems.push(`Chromium not found at ${chromium}: install Chromium and set CHROMIUM_PATH to its executable`);
    }
    if (!fs.existsSync('/usr/bin/aws')) {
      problems.push('the AWS CLI not found at /usr/bin/aws: install it (https://docs.aws.amazon.com/cli/)');
    }
    if (problems.length > 0) {
      problems.forEach((p) => say(p));
      say(`on Debian/Ubuntu this is: apt-get install -y ${packages().join(' ')}`);
      process.exit(1);
    }
    return;
  }
  const wanted = packages();
  const missing = missingDebianPackages(wanted);
  if (missing.length === 0) {
    return;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    say(`missing system packages: ${missing.join(' ')}. Run this once, then try again:`);
    console.error(`\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing.join(' ')}\n`);
    process.exit(1);
  }
  const t0 = Date.now();
  say(`missing system packages: ${missing.join(' ')}; installing them (root)`);
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing]);
  const still = missingDebianPackages(wanted);
  if (still.length > 0) {
    say(`still missing after apt-get install: ${still.join(' ')}`);
    process.exit(1);
  }
  say(`installed ${missing.join(' ')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main();
