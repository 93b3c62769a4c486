import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { APPSTREAM_QUOTAS } from './quotas';
import type {
  Fault, RequestFilter, RequestLogEntry, Seed, SeedAccount, SeedImagePermission, SeedSso, SeedSsoAccount, WireObject,
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

/**
 * The `[sso-session NAME]` section for the seed's SSO portal (its name, start URL and region), for
 * a config file whose profiles or tooling discover accounts with ListAccounts / ListAccountRoles.
 * The SDK then needs a cached token under `~/.aws/sso/cache/<sha1 of NAME>.json` (any token the
 * emulator accepts sees the same directory).
 */
export function ssoSessionConfigText(seed?: Seed | string): string {
  const s = loadSeed(seed).sso;
  if (!s) { return ''; }
  return [`[sso-session ${s.sessionName}]`, `sso_start_url = ${s.startUrl}`, `sso_region = ${s.region}`, 'sso_registration_scopes = sso:account:access', ''].join('\n');
}

/** One stored private image with the accounts it is shared with. */
export interface StoredImage {
  image: WireObject;
  shares: SeedImagePermission[];
  /** A managed image update is available (CreateUpdatedImage `canUpdateImage`). Not on the wire. */
  updateAvailable?: boolean;
  /** Its managed update ends FAILED (IMAGE_UPDATE_FAILURE), whatever the new image's name (seed `updatesFailing`). Not on the wire. */
  updateFails?: boolean;
}

/** A managed image update started by CreateUpdatedImage that has not finished yet. */
export interface UpdateInFlight {
  accountId: string;
  region: string;
  sourceName: string;
  newName: string;
  /** The image builder AWS launches for it (counts against the builder quota; deleted at the end). */
  builderName: string;
  startedAt: number;
}

/** An export image task and where it belongs. */
export interface StoredExportTask {
  accountId: string;
  region: string;
  task: WireObject;
}

/** A streaming URL handed out by CreateImageBuilderStreamingURL (a credential: tests scan logs for it). */
export interface MintedStreamingUrl {
  url: string;
  accountId: string;
  region: string;
  builderName: string;
  /** Epoch ms. */
  expires: number;
}

/** A copy started by CopyImage that has not finished yet. */
export interface CopyInFlight {
  accountId: string;
  sourceRegion: string;
  sourceName: string;
  destinationRegion: string;
  destinationName: string;
  /** Epoch ms when it started. */
  startedAt: number;
}

export interface RegionStore {
  images: Map<string, StoredImage>;
  fleets: WireObject[];
  imageBuilders: WireObject[];
}

const key = (accountId: string, region: string): string => `${accountId}/${region}`;

/**
 * The well-known SSO access token the emulator always accepts (valid forever), for an SSO token
 * cache file written by tests (`~/.aws/sso/cache/<sha1 of the sso-session name>.json`).
 * `mintSsoToken()` / `POST /__emulator/sso-token` give tokens that expire.
 */
export const EMULATOR_SSO_TOKEN = 'appstream-emulator-sso-access-token';

/** Temporary credentials minted by AssumeRole or GetRoleCredentials. */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** The account the credentials act in (the role's account). */
  accountId: string;
  /** Epoch milliseconds. */
  expiration: number;
  /** `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION` (AssumeRole) or the SSO role. */
  arn: string;
  source: 'AssumeRole' | 'GetRoleCredentials';
}

/** An access key the emulator knows: a seeded account's, or minted temporary credentials. */
export type KnownKey =
  | { kind: 'seeded'; accountId: string; secretAccessKey: string; profile: string }
  | { kind: 'temporary'; accountId: string; secretAccessKey: string; temporary: TemporaryCredentials };

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
function randomChars(n: number, alphabet = ALNUM): string {
  const bytes = crypto.randomBytes(n);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

/** The emulator's live state: data per account and region, faults, request log. */
export class EmulatorState {
  readonly requests: RequestLogEntry[] = [];
  /** How long a deleted image stays in DELETING before it disappears. */
  deleteDelayMs: number;
  /** How long an image copied by CopyImage stays COPYING before it is AVAILABLE (or FAILED). */
  copyDelayMs = 5000;
  /**
   * Destination image names whose CopyImage ends FAILED (StateChangeReason IMAGE_COPY_FAILURE)
   * instead of AVAILABLE; `'*'` = every copy fails.
   */
  copyFailures = new Set<string>();
  /** Copies started by CopyImage and not finished (at most 2 per account and destination region). */
  readonly copies: CopyInFlight[] = [];
  private readonly copyFinishers = new Map<CopyInFlight, () => void>();
  /** Tags by resource ARN. */
  private readonly tagStore = new Map<string, Map<string, string>>();
  private seed!: Seed;
  private stores = new Map<string, RegionStore>();
  private publics = new Map<string, Map<string, WireObject>>();
  private activeFaults: Fault[] = [];
  private timers = new Set<NodeJS.Timeout>();
  /** Minted temporary credentials by access key id. Kept across `reset()` (like STS, they outlive data changes). */
  private readonly temporary = new Map<string, TemporaryCredentials>();
  /** Minted SSO access tokens → expiry (epoch ms). */
  private readonly ssoTokens = new Map<string, number>();
  /** SSO OIDC client registrations (RegisterClient's answer, as the SSO cache keeps it) by clientId. */
  private readonly oidcClients = new Map<string, { clientSecret: string; expiresAt: number }>();
  /** SSO OIDC refresh tokens → the client they were issued to (a refresh uses one up: it rotates). */
  private readonly refreshTokens = new Map<string, string>();

  // ---- managed image updates, image builders, export tasks (knobs are settable) ----
  /** How long CreateUpdatedImage takes: the new image is PENDING, then CREATING, then AVAILABLE (or FAILED). */
  updateDelayMs = 15000;
  /** New image names whose update ends FAILED (IMAGE_UPDATE_FAILURE); `'*'` = every update. */
  updateFailures = new Set<string>();
  /** Updates in flight (at most the "Concurrent image updates" quota per account and region). */
  readonly updates: UpdateInFlight[] = [];
  /** How long an image builder stays in PENDING (create, start), STOPPING (stop) and DELETING (delete). */
  builderDelayMs = 4000;
  /** Image builder names whose create or start ends FAILED (with ImageBuilderErrors) instead of RUNNING; `'*'` = all. */
  builderFailures = new Set<string>();
  /** How long an export task stays EXPORTING before it is COMPLETED (or FAILED). */
  exportDelayMs = 8000;
  /** AMI names whose export ends FAILED (with ErrorDetails); `'*'` = every export. */
  exportFailures = new Set<string>();
  /** Export tasks EXPORTING at once per account and region (emulator's limit; AWS documents none) → LimitExceededException. */
  maxConcurrentExports = 5;
  /** Streaming URLs handed out (for secret scans). Kept across `reset()`. */
  readonly streamingUrls: MintedStreamingUrl[] = [];
  private readonly exportTasks = new Map<string, StoredExportTask>();
  /** `${accountId}/${region}` → quota code → value (overrides of AWS's defaults). */
  private readonly quotaValues = new Map<string, Map<string, number>>();
  private readonly quotaDenied = new Set<string>();

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
    this.tagStore.clear();
    this.copies.length = 0;
    this.copyFinishers.clear();
    this.updates.length = 0;
    this.exportTasks.clear();
    this.quotaValues.clear();
    this.quotaDenied.clear();
    for (const q of this.seed.serviceQuotas?.values ?? []) {
      for (const [code, value] of Object.entries(q.quotas)) { this.setQuota(q.accountId, q.region, code, value); }
    }
    for (const a of this.seed.serviceQuotas?.deniedAccounts ?? []) { this.quotaDenied.add(a); }
    for (const [region, images] of Object.entries(this.seed.publicImages)) {
      const m = new Map<string, WireObject>();
      for (const img of images) { m.set(String(img.Name), img); }
      this.publics.set(region, m);
    }
    for (const r of this.seed.resources) {
      const s = this.store(r.accountId, r.region);
      for (const img of r.images) {
        s.images.set(String(img.Name), {
          image: img,
          shares: [...(r.imagePermissions?.[String(img.Name)] ?? [])],
          ...(r.updatesAvailable?.includes(String(img.Name)) ? { updateAvailable: true } : {}),
          ...(r.updatesFailing?.includes(String(img.Name)) ? { updateFails: true } : {}),
        });
      }
      for (const task of r.exportImageTasks ?? []) {
        this.exportTasks.set(String(task.TaskId), { accountId: r.accountId, region: r.region, task });
      }
      s.fleets.push(...(r.fleets ?? []));
      s.imageBuilders.push(...(r.imageBuilders ?? []));
      for (const [arn, tags] of Object.entries(r.tags ?? {})) { this.setTags(arn, tags); }
    }
    this.activeFaults = [];
    this.requests.length = 0;
  }

  get accounts(): SeedAccount[] { return this.seed.accounts; }
  get regions(): string[] { return this.seed.regions; }

  accountByKey(accessKeyId: string): SeedAccount | undefined {
    return this.seed.accounts.find((a) => a.accessKeyId === accessKeyId);
  }

  accountById(accountId: string): SeedAccount | undefined {
    return this.seed.accounts.find((a) => a.accountId === accountId);
  }

  /** A seeded key or minted temporary credentials (expired ones included: the caller decides). */
  knownKey(accessKeyId: string): KnownKey | undefined {
    const seeded = this.accountByKey(accessKeyId);
    if (seeded) {
      return { kind: 'seeded', accountId: seeded.accountId, secretAccessKey: seeded.secretAccessKey, profile: seeded.profile };
    }
    const t = this.temporary.get(accessKeyId);
    return t ? { kind: 'temporary', accountId: t.accountId, secretAccessKey: t.secretAccessKey, temporary: t } : undefined;
  }

  // ---- temporary credentials (STS AssumeRole, SSO GetRoleCredentials) ----

  /** Mints temporary credentials (`ASIA…` key, secret, session token) acting in `accountId`. */
  mintTemporaryCredentials(accountId: string, durationSeconds: number, arn: string, source: TemporaryCredentials['source']): TemporaryCredentials {
    const t: TemporaryCredentials = {
      accessKeyId: `ASIA${randomChars(16)}`,
      secretAccessKey: crypto.randomBytes(30).toString('base64'),
      sessionToken: `IQoJb3JpZ2luX2VjEmulator${crypto.randomBytes(120).toString('base64')}`,
      accountId,
      expiration: Date.now() + durationSeconds * 1000,
      arn,
      source,
    };
    this.temporary.set(t.accessKeyId, t);
    return t;
  }

  /** All minted temporary credentials (for tests and secret scans). */
  temporaryCredentials(): TemporaryCredentials[] { return [...this.temporary.values()]; }

  /** Makes minted temporary credentials expire now (all of them when no key is given); returns how many. */
  expireTemporaryCredentials(accessKeyId?: string): number {
    let n = 0;
    for (const t of this.temporary.values()) {
      if (accessKeyId === undefined || t.accessKeyId === accessKeyId) {
        t.expiration = Date.now() - 1000;
        n++;
      }
    }
    return n;
  }

  /** Forgets minted temporary credentials and SSO tokens. */
  forgetCredentials(): void {
    this.temporary.clear();
    this.ssoTokens.clear();
    this.oidcClients.clear();
    this.refreshTokens.clear();
  }

  /**
   * Mints an SSO access token (valid for `expiresInSeconds`, negative = already expired) that SSO
   * OIDC's CreateToken can refresh: with the client registration and refresh token `aws sso
   * login` writes to the SSO cache beside it (`clientId`, `clientSecret`, `registrationExpiresAt`,
   * `refreshToken`).
   */
  mintRefreshableSsoToken(expiresInSeconds = 8 * 3600): {
    accessToken: string; expiresAt: string; refreshToken: string; clientId: string; clientSecret: string; registrationExpiresAt: string;
  } {
    const token = this.mintSsoToken(expiresInSeconds);
    const clientId = `emulator-client-${crypto.randomBytes(8).toString('hex')}`;
    const clientSecret = crypto.randomBytes(32).toString('base64url');
    const registrationExpiresAt = Date.now() + 90 * 24 * 3600_000;
    this.oidcClients.set(clientId, { clientSecret, expiresAt: registrationExpiresAt });
    const refreshToken = `aor${crypto.randomBytes(48).toString('base64url')}`;
    this.refreshTokens.set(refreshToken, clientId);
    return { ...token, refreshToken, clientId, clientSecret, registrationExpiresAt: new Date(registrationExpiresAt).toISOString() };
  }

  /** An OIDC client registration, if any. */
  oidcClient(clientId: string): { clientSecret: string; expiresAt: number } | undefined {
    return this.oidcClients.get(clientId);
  }

  /** Uses up a refresh token of this client: a new access token and a new refresh token, or undefined when it is not one. */
  useRefreshToken(clientId: string, refreshToken: string, expiresInSeconds: number): { accessToken: string; refreshToken: string } | undefined {
    if (this.refreshTokens.get(refreshToken) !== clientId) {
      return undefined;
    }
    this.refreshTokens.delete(refreshToken);
    const next = `aor${crypto.randomBytes(48).toString('base64url')}`;
    this.refreshTokens.set(next, clientId);
    return { accessToken: this.mintSsoToken(expiresInSeconds).accessToken, refreshToken: next };
  }

  /** Mints an SSO access token valid for `expiresInSeconds` (negative = already expired). */
  mintSsoToken(expiresInSeconds = 8 * 3600): { accessToken: string; expiresAt: string } {
    const accessToken = `aoa${crypto.randomBytes(48).toString('base64url')}`;
    const expiresAt = Date.now() + expiresInSeconds * 1000;
    this.ssoTokens.set(accessToken, expiresAt);
    return { accessToken, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** True for EMULATOR_SSO_TOKEN and minted tokens that have not expired. */
  ssoTokenValid(token: string): boolean {
    if (token === EMULATOR_SSO_TOKEN) { return true; }
    const exp = this.ssoTokens.get(token);
    return exp !== undefined && exp > Date.now();
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

  /** Removes a private image at once (and its tags). */
  removeImage(accountId: string, region: string, name: string): boolean {
    const images = this.store(accountId, region).images;
    const stored = images.get(name);
    if (!stored) { return false; }
    if (typeof stored.image.Arn === 'string') { this.tagStore.delete(stored.image.Arn); }
    return images.delete(name);
  }

  // ---- tags (ListTagsForResource, TagResource, UntagResource) ----

  /** The tags of a resource ARN (a copy; empty when it has none). */
  tags(arn: string): Record<string, string> {
    return Object.fromEntries(this.tagStore.get(arn) ?? []);
  }

  /** Adds or overwrites tags of a resource ARN. */
  setTags(arn: string, tags: Record<string, string>): void {
    let m = this.tagStore.get(arn);
    if (!m) { m = new Map(); this.tagStore.set(arn, m); }
    for (const [k, v] of Object.entries(tags)) { m.set(k, v); }
  }

  /** Removes tag keys of a resource ARN (keys it does not have are ignored). */
  untag(arn: string, keys: string[]): void {
    const m = this.tagStore.get(arn);
    if (!m) { return; }
    for (const k of keys) { m.delete(k); }
    if (m.size === 0) { this.tagStore.delete(arn); }
  }

  // ---- copies (CopyImage) ----

  /**
   * Creates `image` (already COPYING, with its destination ARN) in the destination region and
   * finishes the copy after `copyDelayMs`: AVAILABLE, or FAILED with IMAGE_COPY_FAILURE when its
   * name is in `copyFailures` (or `copyFailures` has `'*'`).
   */
  startCopy(copy: Omit<CopyInFlight, 'startedAt'>, image: WireObject): void {
    const entry: CopyInFlight = { ...copy, startedAt: Date.now() };
    const stored: StoredImage = { image, shares: [] };
    this.store(copy.accountId, copy.destinationRegion).images.set(copy.destinationName, stored);
    this.copies.push(entry);
    const finish = (): void => {
      clearTimeout(t);
      this.timers.delete(t);
      this.copyFinishers.delete(entry);
      const i = this.copies.indexOf(entry);
      if (i >= 0) { this.copies.splice(i, 1); }
      if (stored.image.State !== 'COPYING') { return; }
      if (this.copyFailures.has('*') || this.copyFailures.has(copy.destinationName)) {
        stored.image.State = 'FAILED';
        stored.image.StateChangeReason = { Code: 'IMAGE_COPY_FAILURE', Message: `The image copy to ${copy.destinationRegion} failed.` };
        stored.image.ImageErrors = [{ ErrorCode: 'INTERNAL_SERVICE_ERROR', ErrorMessage: `An internal service error occurred while copying image ${copy.sourceName} from ${copy.sourceRegion}.`, ErrorTimestamp: new Date().toISOString() }];
      } else {
        stored.image.State = 'AVAILABLE';
      }
    };
    const t = setTimeout(finish, this.copyDelayMs);
    t.unref();
    this.timers.add(t);
    this.copyFinishers.set(entry, finish);
  }

  /** Finishes the copies in flight to `destinationName` now, as if `copyDelayMs` had passed (tests that must see COPYING first). */
  finishCopiesNow(destinationName: string): number {
    const due = [...this.copyFinishers].filter(([entry]) => entry.destinationName === destinationName);
    for (const [, finish] of due) { finish(); }
    return due.length;
  }

  /** Copies in flight of an account into a destination region. */
  copiesInto(accountId: string, destinationRegion: string): CopyInFlight[] {
    return this.copies.filter((c) => c.accountId === accountId && c.destinationRegion === destinationRegion);
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


  /** Runs `fn` after `ms` (cancelled by reset/stop). */
  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  // ---- image builders ----

  /** The image builder `name` of an account in a region (the stored object). */
  imageBuilder(accountId: string, region: string, name: string): WireObject | undefined {
    return this.store(accountId, region).imageBuilders.find((b) => b.Name === name);
  }

  /** Removes an image builder at once (and its tags). */
  removeImageBuilder(accountId: string, region: string, name: string): boolean {
    const list = this.store(accountId, region).imageBuilders;
    const i = list.findIndex((b) => b.Name === name);
    if (i < 0) { return false; }
    const [b] = list.splice(i, 1);
    if (typeof b.Arn === 'string') { this.tagStore.delete(b.Arn); }
    return true;
  }

  /**
   * Moves `builder` to `via` now and, after `builderDelayMs`, to `to` (`'gone'` removes it) if it
   * is still in `via` by then. A builder whose name is in `builderFailures` ends FAILED (with
   * ImageBuilderErrors) instead of RUNNING.
   */
  transitionBuilder(accountId: string, region: string, builder: WireObject, via: string, to: string | 'gone'): void {
    builder.State = via;
    this.later(this.builderDelayMs, () => {
      if (builder.State !== via || !this.store(accountId, region).imageBuilders.includes(builder)) { return; }
      if (to === 'gone') {
        this.removeImageBuilder(accountId, region, String(builder.Name));
      } else if (to === 'RUNNING' && (this.builderFailures.has('*') || this.builderFailures.has(String(builder.Name)))) {
        builder.State = 'FAILED';
        builder.StateChangeReason = { Code: 'INTERNAL_ERROR', Message: 'The image builder could not be started.' };
        builder.ImageBuilderErrors = [{ ErrorCode: 'INTERNAL_SERVICE_ERROR', ErrorMessage: 'An internal service error occurred while starting the image builder.', ErrorTimestamp: new Date().toISOString() }];
      } else {
        builder.State = to;
        if (to === 'RUNNING') {
          delete builder.StateChangeReason;
          const vpc = builder.VpcConfig as { SubnetIds?: string[] } | undefined;
          if (vpc?.SubnetIds?.length) {
            builder.NetworkAccessConfiguration = { EniPrivateIpAddress: `10.0.${crypto.randomInt(0, 255)}.${crypto.randomInt(4, 250)}`, EniId: `eni-${crypto.randomBytes(9).toString('hex').slice(0, 17)}` };
          }
        } else if (to === 'STOPPED') {
          delete builder.NetworkAccessConfiguration;
        }
      }
    });
  }

  // ---- managed image updates (CreateUpdatedImage) ----

  /**
   * Adds `image` (PENDING) and the image builder that makes it (UPDATING), then after a third of
   * `updateDelayMs` the image is CREATING, after two thirds the builder is PENDING_QUALIFICATION,
   * and at `updateDelayMs` the image is AVAILABLE (or FAILED, IMAGE_UPDATE_FAILURE, when its name
   * is in `updateFailures` or the source is seeded in `updatesFailing`) and the builder is gone.
   */
  startUpdate(update: Omit<UpdateInFlight, 'startedAt'>, image: WireObject, builder: WireObject): void {
    const entry: UpdateInFlight = { ...update, startedAt: Date.now() };
    const s = this.store(update.accountId, update.region);
    const sourceFails = s.images.get(update.sourceName)?.updateFails === true;
    const stored: StoredImage = { image, shares: [] };
    s.images.set(update.newName, stored);
    s.imageBuilders.push(builder);
    this.updates.push(entry);
    const d = this.updateDelayMs;
    this.later(d / 3, () => { if (stored.image.State === 'PENDING') { stored.image.State = 'CREATING'; } });
    this.later((2 * d) / 3, () => { if (builder.State === 'UPDATING') { builder.State = 'PENDING_QUALIFICATION'; } });
    this.later(d, () => {
      const i = this.updates.indexOf(entry);
      if (i >= 0) { this.updates.splice(i, 1); }
      if (s.imageBuilders.includes(builder)) { this.removeImageBuilder(update.accountId, update.region, update.builderName); }
      if (stored.image.State !== 'PENDING' && stored.image.State !== 'CREATING') { return; }
      if (sourceFails || this.updateFailures.has('*') || this.updateFailures.has(update.newName)) {
        stored.image.State = 'FAILED';
        stored.image.StateChangeReason = { Code: 'IMAGE_UPDATE_FAILURE', Message: `The managed image update of ${update.sourceName} failed.` };
        stored.image.ImageErrors = [{ ErrorCode: 'INTERNAL_SERVICE_ERROR', ErrorMessage: `An internal service error occurred while installing updates on image builder ${update.builderName}.`, ErrorTimestamp: new Date().toISOString() }];
      } else {
        stored.image.State = 'AVAILABLE';
        stored.image.LatestAppstreamAgentVersion = 'TRUE';
      }
    });
  }

  /** Updates in flight of an account in a region. */
  updatesIn(accountId: string, region: string): UpdateInFlight[] {
    return this.updates.filter((u) => u.accountId === accountId && u.region === region);
  }

  /** Marks an own image as having (or not having) a managed update available. */
  setUpdateAvailable(accountId: string, region: string, name: string, available: boolean): boolean {
    const stored = this.store(accountId, region).images.get(name);
    if (!stored) { return false; }
    stored.updateAvailable = available;
    return true;
  }

  // ---- export tasks (CreateExportImageTask, GetExportImageTask, ListExportImageTasks) ----

  /** Export tasks of an account in a region, oldest first (the stored objects). */
  exportTasksIn(accountId: string, region: string): WireObject[] {
    return [...this.exportTasks.values()].filter((t) => t.accountId === accountId && t.region === region).map((t) => t.task);
  }

  exportTask(taskId: string): StoredExportTask | undefined { return this.exportTasks.get(taskId); }

  /** Adds an EXPORTING task; after `exportDelayMs` it is COMPLETED with an `ami-…` id, or FAILED with ErrorDetails when its AMI name is in `exportFailures`. */
  startExport(accountId: string, region: string, task: WireObject): void {
    this.exportTasks.set(String(task.TaskId), { accountId, region, task });
    this.later(this.exportDelayMs, () => {
      if (task.State !== 'EXPORTING') { return; }
      const ami = String(task.AmiName);
      if (this.exportFailures.has('*') || this.exportFailures.has(ami)) {
        task.State = 'FAILED';
        task.ErrorDetails = [{ ErrorCode: 'AMI_CREATION_FAILED', ErrorMessage: `The EC2 AMI ${ami} could not be created: the IAM role could not be assumed or lacks ec2:CopyImage.` }];
      } else {
        task.State = 'COMPLETED';
        task.AmiId = `ami-${crypto.randomBytes(9).toString('hex').slice(0, 17)}`;
      }
    });
  }

  // ---- Service Quotas (appstream2) ----

  /** The applied value of an `appstream2` quota in an account and region (AWS's default unless seeded or set). */
  quota(accountId: string, region: string, code: string): number | undefined {
    return this.quotaValues.get(key(accountId, region))?.get(code) ?? APPSTREAM_QUOTAS.find((q) => q.code === code)?.defaultValue;
  }

  setQuota(accountId: string, region: string, code: string, value: number): void {
    let m = this.quotaValues.get(key(accountId, region));
    if (!m) { m = new Map(); this.quotaValues.set(key(accountId, region), m); }
    m.set(code, value);
  }

  /** Whether the account's principals lack `servicequotas:*` permissions. */
  quotaAccessDenied(accountId: string): boolean { return this.quotaDenied.has(accountId); }

  setQuotaAccessDenied(accountId: string, denied: boolean): void {
    if (denied) { this.quotaDenied.add(accountId); } else { this.quotaDenied.delete(accountId); }
  }

  // ---- SSO portal directory ----

  /** The SSO portal's accounts and roles (the seed's `sso`, else the seeded accounts with role AppStreamImagesTest). */
  get sso(): SeedSso {
    return this.seed.sso ?? {
      sessionName: 'appstream-emulator',
      startUrl: 'https://appstream-emulator.awsapps.com/start',
      region: 'us-east-1',
      accounts: this.seed.accounts.map((a) => ({ accountId: a.accountId, accountName: a.profile, emailAddress: `${a.profile}@example.com`, roles: ['AppStreamImagesTest'] })),
    };
  }

  ssoAccount(accountId: string): SeedSsoAccount | undefined {
    return this.sso.accounts.find((a) => a.accountId === accountId);
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

