/**
 * SSO account discovery ("Add Accounts from SSO…") of the demo portal: 34 accounts (the seed's
 * `sso`), at a fixed per-request latency, through the extension's AWS layer (AppStreamService,
 * its limiter, the SDK's SSO client) against the emulator. Part of `npm run bench`; alone:
 * `node out/bench/sso.js [--latency MS] [--concurrency N]` after `tsc -p tsconfig.test.json`.
 *
 * Requests must be: pages of ListAccounts + one ListAccountRoles chain per account. The limit:
 * the ListAccounts chain, then the role chains in parallel (the longest, or total pages ÷
 * concurrency rounds), each page one latency.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { AppStreamService } from '../src/aws';
import { loadSeed, startEmulator } from '../test/emulator/server';
import { SSO_DEFAULT_PAGE_SIZE } from '../test/emulator/sso';
import { writeSsoDirectorySession } from '../test/support/awsConfig';

export interface SsoDiscoveryFigures {
  accounts: number;
  roles: number;
  requests: number;
  expectedRequests: number;
  listAccountsPages: number;
  listAccountRolesPages: number;
  latencyMs: number;
  concurrency: number;
  /** Median of three runs, from reading the cached token to the last role (a fresh service each run). */
  ms: number;
  limitMs: number;
  ratioToLimit: number;
}

export async function measureSsoDiscovery(latencyMs: number, concurrency: number): Promise<SsoDiscoveryFigures> {
  const sso = loadSeed().sso;
  if (!sso) {
    throw new Error('the seed has no SSO portal');
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'appstream-bench-sso-'));
  const emu = await startEmulator({ latencyMs });
  const savedHome = process.env.HOME;
  try {
    process.env.HOME = tmp; // the SDK reads the SSO token cache of the process's HOME
    const token = emu.state.mintSsoToken(3600);
    const session = writeSsoDirectorySession({ emulatorUrl: emu.url, home: tmp, name: sso.sessionName, startUrl: sso.startUrl, ssoRegion: sso.region, accessToken: token.accessToken, expiresAt: token.expiresAt });
    const configFile = path.join(tmp, 'config');
    fs.writeFileSync(configFile, session.sections.join('\n'));
    const env = { HOME: tmp, AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true' };
    const run = async (): Promise<{ ms: number; found: Awaited<ReturnType<AppStreamService['discoverSsoAccounts']>> }> => {
      const service = new AppStreamService({ env, requestTimeoutMs: 10_000, maxAttempts: 3, maxConcurrentRequests: concurrency, ssoConfigDir: path.join(tmp, 'sso-config') });
      const source = (await service.profiles()).ssoSources.find((s) => s.name === sso.sessionName);
      if (!source) {
        throw new Error(`no sso-session ${sso.sessionName}`);
      }
      const t0 = performance.now();
      const found = await service.discoverSsoAccounts(source);
      return { ms: performance.now() - t0, found };
    };
    await run(); // warm-up: module load, JIT
    const runs: Awaited<ReturnType<typeof run>>[] = [];
    for (let i = 0; i < 3; i++) {
      emu.state.resetLog();
      runs.push(await run());
    }
    const { ms, found } = [...runs].sort((a, b) => a.ms - b.ms)[1]; // the median of three
    const pages = (n: number): number => Math.max(1, Math.ceil(n / SSO_DEFAULT_PAGE_SIZE));
    const listAccountsPages = pages(sso.accounts.length);
    const rolePages = sso.accounts.map((a) => pages(a.roles.length));
    const expectedRequests = listAccountsPages + rolePages.reduce((s, n) => s + n, 0);
    const requests = emu.state.count('ListAccounts') + emu.state.count('ListAccountRoles');
    if (requests !== expectedRequests || found.requests.listAccounts + found.requests.listAccountRoles !== requests) {
      throw new Error(`SSO discovery: ${requests} requests, expected ${expectedRequests}`);
    }
    const roleRounds = Math.max(Math.max(...rolePages), Math.ceil(rolePages.reduce((s, n) => s + n, 0) / concurrency));
    const limitMs = (listAccountsPages + roleRounds) * latencyMs;
    return {
      accounts: found.accounts.length,
      roles: found.roles.length,
      requests,
      expectedRequests,
      listAccountsPages,
      listAccountRolesPages: rolePages.reduce((s, n) => s + n, 0),
      latencyMs,
      concurrency,
      ms: Math.round(ms),
      limitMs,
      ratioToLimit: Math.round((ms / limitMs) * 1000) / 1000,
    };
  } finally {
    process.env.HOME = savedHome;
    await emu.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  measureSsoDiscovery(arg('--latency', 50), arg('--concurrency', 8)).then(
    (f) => process.stdout.write(`${JSON.stringify(f, null, 2)}\n`),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
