/**
 * The cleanup finder's benchmark: a scan (src/services/cleanupService.ts through the real
 * AppStreamService, SDK and HTTP) of the bench estate (bench/seed.ts) and of a larger one
 * (20 accounts × 8 regions), against the emulator in its own process with a fixed latency per
 * request. In one run, for each: the requests the emulator received against the cost formula
 * (src/aws/cleanupRules.ts), and the time against the scan's physical limit, the critical path
 * under the limiter:
 *
 *   limit = latency × max( ⌈R / C⌉, max over regions g of ( L_g + max(d_g, ⌈W_g / C⌉) ) )
 *
 * R: all requests; C: the limiter's concurrency; L_g: the longest of region g's three listing
 * chains (DescribeImages pages, DescribeFleets pages, DescribeImageBuilders pages); W_g: its
 * per-image requests, which can start only once those chains are in; d_g: 2 when an image needs
 * DescribeImagePermissions then ListTagsForResource, 1 when only the first, 0 when none.
 *
 * `npm run bench` runs it (bench.ts) and writes `cleanup` into bench/out/latest.json; alone:
 * `npx tsc -p tsconfig.test.json && node out/bench/cleanup.js [--latency MS] [--concurrency N] [--quick]`
 * (merges `cleanup` into an existing latest.json).
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { AppStreamService } from '../src/aws';
import { DEFAULT_CLEANUP_SETTINGS, firstPass, type CleanupImage } from '../src/aws/cleanupRules';
import { CleanupService } from '../src/services/cleanupService';
import { awsConfigText } from '../test/emulator/state';
import type { RequestLogEntry, Seed, SeedAccount, SeedRegionResources, WireObject } from '../test/emulator/types';
import { generateSeed, pagesFor } from './seed';

const ROOT = path.resolve(__dirname, '..', '..');
export const CLEANUP_TARGET_RATIO = 1.2;
/** Ages are counted to this moment, so a run is the same whenever it runs. */
const NOW = new Date('2026-11-28T00:00:00Z');
/** DescribeFleets and DescribeImageBuilders pages as the emulator serves them (AWS documents no size). */
const USER_PAGE = 25;

export interface CleanupBenchFigures {
  requests: number;
  expectedRequests: number;
  byOperation: Record<string, number>;
  expectedByOperation: Record<string, number>;
  ms: number;
  limitMs: number;
  ratioToLimit: number;
  estate: { accounts: number; regions: number; groups: number; images: number; candidates: number; kept: number };
  latencyMs: number;
  concurrency: number;
  /** CPU time of this process during the timed scan (the SDK's signing and parsing; the emulator's is not counted). */
  cpuMs: number;
  /** TCP connections the emulator accepted during the timed scan (the service's clients share one keep-alive pool). */
  connections: number;
  /** The machine's load average when the scan ended: the ratio is only comparable at a similar load. */
  loadavg: number[];
}

// ---------------------------------------------------------------- the larger estate

const TEAMS = ['payments', 'design', 'eng', 'sales', 'lab', 'training', 'cad', 'gis', 'office', 'render'];
const LARGE_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1', 'ca-central-1', 'sa-east-1'];

/** 20 accounts × 8 regions; per region 12 images in 3 families of dated releases, one fleet, one builder, one share, one keep tag. */
export function largeEstate(accounts = 20, regions = LARGE_REGIONS, perRegion = 12): Seed {
  const list: SeedAccount[] = Array.from({ length: accounts }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return {
      profile: `estate-${n}`,
      accountId: `6100000000${n}`,
      accessKeyId: `AKIAESTATE${n.padStart(10, '0')}`,
      secretAccessKey: `estateSecretKey${n.padStart(25, '0')}`,
      region: regions[0],
    };
  });
  const resources: SeedRegionResources[] = [];
  list.forEach((a, ai) => {
    regions.forEach((region, ri) => {
      const images: WireObject[] = [];
      for (let i = 0; i < perRegion; i++) {
        const family = `${TEAMS[(ai + ri + (i % 3)) % TEAMS.length]}-app${i % 3}`;
        const created = new Date(Date.UTC(2024, 0, 1) + (i * 37 + ai * 5 + ri) * 86_400_000);
        const name = `${family}-${created.toISOString().slice(0, 10)}`;
        images.push({
          Name: name,
          Arn: `arn:aws:appstream:${region}:${a.accountId}:image/${name}`,
          State: i === 7 ? 'FAILED' : i === 8 ? 'PENDING' : 'AVAILABLE',
          Visibility: 'PRIVATE',
          Platform: 'WINDOWS_SERVER_2022',
          CreatedTime: created.toISOString(),
          ImageSharedWithOthers: i === 1 ? 'TRUE' : 'FALSE',
        });
      }
      const name = (i: number): string => String(images[i].Name);
      resources.push({
        accountId: a.accountId,
        region,
        images,
        fleets: [{ Name: `fleet-${ri}`, ImageName: name(0), ImageArn: images[0].Arn, State: 'RUNNING', Arn: `arn:aws:appstream:${region}:${a.accountId}:fleet/fleet-${ri}` }],
        imageBuilders: [{ Name: `builder-${ri}`, ImageArn: images[3].Arn, State: 'STOPPED', Arn: `arn:aws:appstream:${region}:${a.accountId}:image-builder/builder-${ri}` }],
        imagePermissions: { [name(1)]: [{ sharedAccountId: list[(ai + 1) % list.length].accountId, imagePermissions: { allowFleet: true, allowImageBuilder: false } }] },
        tags: { [String(images[2].Arn)]: { keep: 'yes' } },
      });
    });
  });
  return { comment: 'Generated by bench/cleanup.ts', accounts: list, regions, publicImages: {}, resources };
}

// ---------------------------------------------------------------- the formula and the limit

interface Expected {
  byOperation: Record<string, number>;
  total: number;
  limitUnits: number;
  candidates: number;
  images: number;
}

/** The cost formula and the critical path, from the seed (what the emulator will answer). */
export function expectedFor(seed: Seed, concurrency: number, latencyMs: number): Expected & { limitMs: number } {
  const by = { DescribeImages: 0, DescribeFleets: 0, DescribeImageBuilders: 0, ListServiceQuotas: 0, DescribeImagePermissions: 0, ListTagsForResource: 0 };
  let groupBound = 0;
  let candidates = 0;
  let images = 0;
  for (const account of seed.accounts) {
    for (const region of seed.regions) {
      const res = seed.resources.find((r) => r.accountId === account.accountId && r.region === region);
      const own = (res?.images ?? []) as CleanupImage[];
      const fleets = (res?.fleets ?? []) as WireObject[];
      const builders = (res?.imageBuilders ?? []) as WireObject[];
      const imagePages = pagesFor(own.length);
      const chain = Math.max(imagePages, pagesFor(fleets.length), Math.max(1, Math.ceil(builders.length / USER_PAGE)));
      by.DescribeImages += imagePages;
      by.DescribeFleets += Math.max(1, Math.ceil(fleets.length / USER_PAGE));
      by.DescribeImageBuilders += Math.max(1, Math.ceil(builders.length / USER_PAGE));
      by.ListServiceQuotas += 1;
      images += own.length;
      let perImage = 0;
      let depth = 0;
      for (const p of firstPass(own, fleets, builders, DEFAULT_CLEANUP_SETTINGS, NOW)) {
        if (p.verdict.kind !== 'check') {
          continue;
        }
        by.DescribeImagePermissions += 1;
        perImage += 1;
        depth = Math.max(depth, 1);
        const shared = (res?.imagePermissions?.[String(p.image.Name)] ?? []).length > 0;
        if (!shared) {
          by.ListTagsForResource += 1;
          perImage += 1;
          depth = 2;
          const tags = res?.tags?.[String(p.image.Arn)] ?? {};
          candidates += Object.keys(tags).some((k) => k.toLowerCase() === DEFAULT_CLEANUP_SETTINGS.keepTag) ? 0 : 1;
        }
      }
      groupBound = Math.max(groupBound, chain + Math.max(depth, Math.ceil(perImage / concurrency)));
    }
  }
  const total = Object.values(by).reduce((a, b) => a + b, 0);
  const limitUnits = Math.max(Math.ceil(total / concurrency), groupBound);
  return { byOperation: by, total, limitUnits, limitMs: limitUnits * latencyMs, candidates, images };
}

// ---------------------------------------------------------------- the emulator and a run

function startEmulator(seedFile: string, latencyMs: number): Promise<{ url: string; child: ChildProcess }> {
  const cli = path.join(ROOT, 'out', 'test', 'emulator', 'cli.js');
  const child = spawn(process.execPath, [cli, '--port', '0', '--seed', seedFile, '--latency', String(latencyMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start in 15 s: ${err}`)), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code}: ${err}`));
    });
  });
}

function control<T>(url: string, method: 'GET' | 'POST', route: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/__emulator/${route}`, { method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** One scan of every account and region of `seed`; throws when the counts are not the formula's. */
export async function benchCleanup(seed: Seed, latencyMs: number, concurrency: number): Promise<CleanupBenchFigures> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'appstream-cleanup-bench-'));
  let child: ChildProcess | undefined;
  try {
    const seedFile = path.join(tmp, 'seed.json');
    fs.writeFileSync(seedFile, JSON.stringify(seed));
    const emu = await startEmulator(seedFile, latencyMs);
    child = emu.child;
    const configFile = path.join(tmp, 'config');
    fs.writeFileSync(configFile, awsConfigText(emu.url, seed));
    fs.writeFileSync(path.join(tmp, 'credentials'), '');
    const env: NodeJS.ProcessEnv = { HOME: tmp, AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true' };
    const targets = seed.accounts.flatMap((a) => seed.regions.map((region) => ({ profile: a.profile, region })));
    const log = { info: () => undefined, warn: (m: string) => process.stderr.write(`${m}\n`), error: (m: string) => process.stderr.write(`${m}\n`) };

    // A warm-up scan pays module load, JIT, clients and credentials; the timed scan is a fresh
    // service (no cached quota) in the same process, as after a refresh.
    const warm = new AppStreamService({ env, requestTimeoutMs: 30_000, maxAttempts: 3, maxConcurrentRequests: concurrency });
    await new CleanupService({ aws: () => warm, log }).scan(targets.slice(0, 1), { settings: DEFAULT_CLEANUP_SETTINGS, now: NOW });
    warm.reset();

    const service = new AppStreamService({ env, requestTimeoutMs: 30_000, maxAttempts: 3, maxConcurrentRequests: concurrency });
    await service.profiles();
    await control(emu.url, 'POST', 'reset-log');
    const connections0 = (await control<{ connections: number }>(emu.url, 'GET', 'connections')).connections;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const scan = await new CleanupService({ aws: () => service, log }).scan(targets, { settings: DEFAULT_CLEANUP_SETTINGS, now: NOW });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    service.reset();
    // Less this look-up's own connection (control() opens one per call).
    const connections = (await control<{ connections: number }>(emu.url, 'GET', 'connections')).connections - connections0 - 1;
    const requests = await control<RequestLogEntry[]>(emu.url, 'GET', 'requests');
    const byOperation: Record<string, number> = {};
    for (const r of requests) {
      byOperation[r.op] = (byOperation[r.op] ?? 0) + 1;
    }
    const expected = expectedFor(seed, concurrency, latencyMs);
    const failed = requests.filter((r) => r.status !== 200).length;
    if (failed || scan.failures.length) {
      throw new Error(`cleanup scan: ${failed} requests failed, ${scan.failures.length} regions not scanned (${scan.failures[0]?.message ?? ''})`);
    }
    const candidates = scan.rows.filter((r) => r.candidate).length;
    if (scan.rows.length !== expected.images || candidates !== expected.candidates) {
      throw new Error(`cleanup scan: ${scan.rows.length} images, ${candidates} candidates; the seed says ${expected.images} and ${expected.candidates}`);
    }
    return {
      requests: requests.length,
      expectedRequests: expected.total,
      byOperation,
      expectedByOperation: expected.byOperation,
      ms: Math.round(ms),
      limitMs: expected.limitMs,
      ratioToLimit: Math.round((ms / expected.limitMs) * 1000) / 1000,
      estate: { accounts: seed.accounts.length, regions: seed.regions.length, groups: targets.length, images: scan.rows.length, candidates, kept: scan.rows.length - candidates },
      latencyMs,
      concurrency,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      connections,
      loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
    };
  } finally {
    if (child) {
      child.removeAllListeners('exit');
      child.kill('SIGTERM');
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Both estates: the larger one at the top level, the bench estate under `bench`. */
export async function runCleanupBench(latencyMs: number, concurrency: number, quick: boolean): Promise<CleanupBenchFigures & { bench: CleanupBenchFigures }> {
  process.stderr.write('bench: cleanup scan of the bench estate...\n');
  const bench = await benchCleanup(generateSeed(quick).seed, latencyMs, concurrency);
  process.stderr.write('bench: cleanup scan of 20 accounts × 8 regions...\n');
  const large = await benchCleanup(largeEstate(), latencyMs, concurrency);
  return { ...large, bench };
}

export function cleanupRows(c: CleanupBenchFigures & { bench: CleanupBenchFigures }): string[][] {
  const line = (label: string, f: CleanupBenchFigures): string[][] => [
    [`cleanup scan, ${label} (${f.estate.groups} regions, ${f.estate.images} images, ${f.estate.candidates} candidates)`, `${f.ms} ms`, `${f.limitMs} ms`, f.ratioToLimit.toFixed(2), f.ratioToLimit <= CLEANUP_TARGET_RATIO ? 'OK' : 'MISSED'],
    [`  our CPU during the scan; load average`, `${f.cpuMs} ms`, f.loadavg.join(' '), '', 'info'],
    ['  requests / formula', String(f.requests), String(f.expectedRequests), '', f.requests === f.expectedRequests ? 'OK' : 'WRONG'],
    ['  connections opened', String(f.connections), '', '', 'info'],
  ];
  return [...line('bench estate', c.bench), ...line('20 accounts × 8 regions', c)];
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const num = (flag: string, d: number): number => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : d;
  };
  const result = await runCleanupBench(num('--latency', 50), num('--concurrency', 8), argv.includes('--quick'));
  for (const r of cleanupRows(result)) {
    process.stdout.write(`${r.join(' | ')}\n`);
  }
  const file = path.join(ROOT, 'bench', 'out', 'latest.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let previous: Record<string, unknown> = {};
  try {
    previous = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    /* none yet */
  }
  fs.writeFileSync(file, `${JSON.stringify({ ...previous, cleanup: result }, null, 2)}\n`);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)} (cleanup)\n`);
  const bad = [result, result.bench].some((f) => f.requests !== f.expectedRequests);
  process.exit(bad ? 1 : 0);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`cleanup bench FAILED: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  });
}
