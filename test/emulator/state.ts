import * as fs from 'fs';
import * as path from 'path';
import type {
  Fault, RequestFilter, RequestLogEntry, Seed, SeedAccount, SeedImagePermission, WireObject,
} from './types';

/** Walks up from `start` until a folder with a package.json is found (the repo root). */
export function findRepoRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) { return dir; }
    const parent = path.dirname(dir);
    if (parent === dir) { throw new Error(`No package.json above ${start}`); }
    dir = parent;
  }
}

/** The default seed: `<repo>/test/emulator/seed.json`, from both the .ts and the compiled out/ location. */
export function defaultSeedPath(): string {
  return path.join(findRepoRoot(), 'test', 'emulator', 'seed.json');
}

export function loadSeed(seed?: Seed | string): Seed {
  if (seed === undefined) { seed = defaultSeedPath(); }
  if (typeof seed === 'string') { return JSON.parse(fs.readFileSync(seed, 'utf8')) as Seed; }
  return JSON.parse(JSON.stringify(seed)) as Seed; // private deep copy: the emulator mutates it
}

export interface AccountProfile {
  profile: string;
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** The seeded accounts (profile name, keys, default region), for writing AWS config files. */
export function seedAccounts(seed?: Seed | string): AccountProfile[] {
  return loadSeed(seed).accounts.map((a) => ({ ...a }));
}

/**
 * An AWS config file (one `[profile NAME]` block per seeded account, with keys, region and
 * `endpoint_url`). Usable as both AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE.
 */
export function awsConfigText(url: string, seed?: Seed | string): string {
  return seedAccounts(seed).map((a) => [
    `[profile ${a.profile}]`,
    `aws_access_key_id = ${a.accessKeyId}`,
    `aws_secret_access_key = ${a.secretAccessKey}`,
    `region = ${a.region}`,
    `endpoint_url = ${url}`,
    '',
  ].join('\n')).join('\n');
}

/** One stored private image with the accounts it is shared with. */
export interface StoredImage {
  image: WireObject;
  shares: SeedImagePermission[];
}

export interface RegionStore {
  images: Map<string, StoredImage>;
  fleets: WireObject[];
  imageBuilders: WireObject[];
}

const key = (accountId: string, region: string): string => `${accountId}/${region}`;

/** The emulator's live state: data per account and region, faults, request log. */
export class EmulatorState {
  readonly requests: RequestLogEntry[] = [];
  /** How long a deleted image stays in DELETING before it disappears. */
  deleteDelayMs: number;
  private seed!: Seed;
  private stores = new Map<string, RegionStore>();
  private publics = new Map<string, Map<string, WireObject>>();
  private activeFaults: Fault[] = [];
  private timers = new Set<NodeJS.Timeout>();

  constructor(private readonly seedSource: Seed | string | undefined, deleteDelayMs = 3000, faults: Fault[] = []) {
    this.deleteDelayMs = deleteDelayMs;
    this.reset();
    this.setFaults(faults);
  }

  /** Reloads the seed (from its file again if it was a path), clears faults, log and pending deletes. */
  reset(): void {
    this.cancelTimers();
    this.seed = loadSeed(this.seedSource);
    this.stores.clear();
    this.publics.clear();
    for (const [region, images] of Object.entries(this.seed.publicImages)) {
      const m = new Map<string, WireObject>();
      for (const img of images) { m.set(String(img.Name), img); }
      this.publics.set(region, m);
    }
    for (const r of this.seed.resources) {
      const s = this.store(r.accountId, r.region);
      for (const img of r.images) {
        s.images.set(String(img.Name), { image: img, shares: [...(r.imagePermissions?.[String(img.Name)] ?? [])] });
      }
      s.fleets.push(...(r.fleets ?? []));
      s.imageBuilders.push(...(r.imageBuilders ?? []));
    }
    this.activeFaults = [];
    this.requests.length = 0;
  }

  get accounts(): SeedAccount[] { return this.seed.accounts; }
  get regions(): string[] { return this.seed.regions; }

  accountByKey(accessKeyId: string): SeedAccount | undefined {
    return this.seed.accounts.find((a) => a.accessKeyId === accessKeyId);
  }

  /** The live store of one account in one region (created empty on first use). */
  store(accountId: string, region: string): RegionStore {
    let s = this.stores.get(key(accountId, region));
    if (!s) {
      s = { images: new Map(), fleets: [], imageBuilders: [] };
      this.stores.set(key(accountId, region), s);
    }
    return s;
  }

  /** Live private images of an account in a region (the stored objects; mutate with care). */
  images(accountId: string, region: string): StoredImage[] { return [...this.store(accountId, region).images.values()]; }
  fleets(accountId: string, region: string): WireObject[] { return this.store(accountId, region).fleets; }
  imageBuilders(accountId: string, region: string): WireObject[] { return this.store(accountId, region).imageBuilders; }
  publicImages(region: string): WireObject[] { return [...(this.publics.get(region)?.values() ?? [])]; }
  /** Private images of other accounts in `region` that are shared with `accountId`. */
  sharedWith(accountId: string, region: string): { ownerId: string; stored: StoredImage; permission: SeedImagePermission }[] {
    const out: { ownerId: string; stored: StoredImage; permission: SeedImagePermission }[] = [];
    for (const [k, s] of this.stores) {
      const [ownerId, r] = k.split('/');
      if (r !== region || ownerId === accountId) { continue; }
      for (const stored of s.images.values()) {
        const permission = stored.shares.find((p) => p.sharedAccountId === accountId);
        if (permission) { out.push({ ownerId, stored, permission }); }
      }
    }
    return out;
  }

  /** Accounts an image is shared with. */
  shares(accountId: string, region: string, name: string): SeedImagePermission[] {
    return this.store(accountId, region).images.get(name)?.shares ?? [];
  }

  /**
   * Adds or replaces an image. `accountId: 'public'` adds a public image to the region.
   * Missing Arn / Visibility / State are filled in.
   */
  addImage(accountId: string, region: string, image: WireObject, shares: SeedImagePermission[] = []): WireObject {
    const name = String(image.Name ?? '');
    if (!name) { throw new Error('addImage: image.Name is required'); }
    const isPublic = accountId === 'public';
    const img: WireObject = {
      Arn: `arn:aws:appstream:${region}:${isPublic ? '' : accountId}:image/${name}`,
      State: 'AVAILABLE',
      Visibility: isPublic ? 'PUBLIC' : 'PRIVATE',
      ...image,
    };
    if (isPublic) {
      let m = this.publics.get(region);
      if (!m) { m = new Map(); this.publics.set(region, m); }
      m.set(name, img);
    } else {
      this.store(accountId, region).images.set(name, { image: img, shares: [...shares] });
    }
    return img;
  }

  /** Removes a private image at once. */
  removeImage(accountId: string, region: string, name: string): boolean {
    return this.store(accountId, region).images.delete(name);
  }

  /** Sets the image to DELETING and removes it after `deleteDelayMs`. */
  scheduleDelete(accountId: string, region: string, name: string): void {
    const stored = this.store(accountId, region).images.get(name);
    if (!stored) { return; }
    stored.image.State = 'DELETING';
    const t = setTimeout(() => {
      this.timers.delete(t);
      const cur = this.store(accountId, region).images.get(name);
      if (cur === stored) { this.removeImage(accountId, region, name); }
    }, this.deleteDelayMs);
    t.unref();
    this.timers.add(t);
  }

  cancelTimers(): void {
    for (const t of this.timers) { clearTimeout(t); }
    this.timers.clear();
  }

  // ---- faults ----
  get faults(): readonly Fault[] { return this.activeFaults; }
  setFaults(faults: Fault[]): void { this.activeFaults = faults.map((f) => ({ ...f })); }
  addFault(fault: Fault): void { this.activeFaults.push({ ...fault }); }
  clearFaults(): void { this.activeFaults = []; }

  /**
   * The faults that fire for a request, consuming their counts: all matching latency faults,
   * and the first matching terminal fault (throttle / internal / hang / malformed).
   */
  takeFaults(op: string, accountId: string, region: string): { latencyMs: number; terminal?: Fault } {
    let latencyMs = 0;
    let terminal: Fault | undefined;
    for (const f of this.activeFaults) {
      if (f.count !== undefined && f.count <= 0) { continue; }
      if (f.op !== undefined && f.op !== op) { continue; }
      if (f.region !== undefined && f.region !== region) { continue; }
      if (f.accountId !== undefined && f.accountId !== accountId) { continue; }
      if (f.probability !== undefined && !(Math.random() < f.probability)) { continue; }
      if (f.kind === 'latency') {
        latencyMs += (f.ms ?? 0) + Math.random() * (f.jitterMs ?? 0);
      } else if (terminal) {
        continue;
      } else {
        terminal = f;
      }
      if (f.count !== undefined) { f.count -= 1; }
    }
    this.activeFaults = this.activeFaults.filter((f) => f.count === undefined || f.count > 0);
    return { latencyMs, terminal };
  }

  // ---- request log ----
  /** Number of logged requests for an operation (or all when `op` is undefined), optionally filtered. */
  count(op?: string, filter: RequestFilter = {}): number {
    return this.requests.filter((r) =>
      (op === undefined || r.op === op)
      && (filter.accountId === undefined || r.accountId === filter.accountId)
      && (filter.region === undefined || r.region === filter.region)
      && (filter.status === undefined || r.status === filter.status)
      && (filter.errorCode === undefined || r.errorCode === filter.errorCode)
      && (filter.fault === undefined || r.fault === filter.fault)).length;
  }

  resetLog(): void { this.requests.length = 0; }

  /** Internal: records a request as it arrives. */
  logRequest(entry: Omit<RequestLogEntry, 'status' | 'at'>): RequestLogEntry {
    const e: RequestLogEntry = { ...entry, status: 0, at: Date.now() };
    this.requests.push(e);
    return e;
  }
}

