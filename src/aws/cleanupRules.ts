// The cleanup finder's rules: which own images look safe to retire, and why every other one is
// kept. Pure: no `vscode`, no SDK at run time (the scan service, the report's browser script,
// the bench and the tests use these). The requests these rules need are made by
// src/services/cleanupService.ts: DescribeImages (the Private group), DescribeFleets and
// DescribeImageBuilders once per account and region, then, only for the images that pass the
// rules below, DescribeImagePermissions and (when not shared) ListTagsForResource.

export interface CleanupSettings {
  /** An AVAILABLE image must be at least this many days old. */
  minAgeDays: number;
  /** The newest K AVAILABLE images of each family are kept. */
  keepNewest: number;
  /** A tag with this key (any value, key compared without case) keeps an image. */
  keepTag: string;
}

export const DEFAULT_CLEANUP_SETTINGS: CleanupSettings = { minAgeDays: 90, keepNewest: 2, keepTag: 'keep' };

/** A FAILED image older than this is a candidate whatever its age and family. */
export const FAILED_GRACE_DAYS = 1;

const DAY_MS = 86_400_000;

/** Settings as read from anywhere (a setting can hold anything): sane values or the defaults. */
export function cleanupSettings(raw: Partial<Record<keyof CleanupSettings, unknown>>): CleanupSettings {
  const int = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : d);
  const keepTag = typeof raw.keepTag === 'string' ? raw.keepTag.trim() : DEFAULT_CLEANUP_SETTINGS.keepTag;
  return {
    minAgeDays: int(raw.minAgeDays, DEFAULT_CLEANUP_SETTINGS.minAgeDays),
    keepNewest: int(raw.keepNewest, DEFAULT_CLEANUP_SETTINGS.keepNewest),
    keepTag,
  };
}

// A trailing date or version, after a separator: "-2024-01-15" is taken off in three steps
// ("-15", "-01", "-2024"), "-v1.2.3" in three, "_20240115T1200Z" in one.
const TRAILING_VERSION = /[-_. ](?:\d{8}T\d{4,6}Z?|[vV]?\d+)$/;

/**
 * The family of an image name: the name without its trailing date or version. Repeatedly, a
 * separator (`-`, `_`, `.`, space) followed by a number (`7`, `0042`, `2024`), a `v`-number
 * (`v3`) or a compact timestamp (`20240115T1200Z`) is removed from the end. So
 * `win-base-2024-01-15`, `win-base-v2`, `win-base_20240301` and `win-base-1.4.0` are all family
 * `win-base`; `ws2019-base` stays `ws2019-base` (nothing trails). A name that would become empty
 * is its own family.
 */
export function imageFamily(name: string): string {
  let family = name;
  for (;;) {
    const m = TRAILING_VERSION.exec(family);
    if (!m || m.index === 0) {
      return family;
    }
    family = family.slice(0, m.index);
  }
}

/** Whole days between `created` and `now` (0 for the future). */
export function ageInDays(created: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - created.getTime()) / DAY_MS));
}

/** What the rules read of an image (the SDK's Image fits). */
export interface CleanupImage {
  Name?: string;
  Arn?: string;
  State?: string;
  Visibility?: string;
  CreatedTime?: Date | string;
}

/** What the rules read of a fleet or an image builder: the image it runs. */
export interface ImageUser {
  Name?: string;
  ImageName?: string;
  ImageArn?: string;
  State?: string;
}

/** By ARN whenever both sides carry one (a shared image can be named like an own one), else by name. */
export function usesImage(user: ImageUser, image: CleanupImage): boolean {
  return user.ImageArn && image.Arn ? user.ImageArn === image.Arn : user.ImageName !== undefined && user.ImageName === image.Name;
}

export type KeptReason =
  | { code: 'state'; state: string }
  | { code: 'noCreatedTime' }
  | { code: 'notOwn' }
  | { code: 'usedByFleet'; names: string[] }
  | { code: 'usedByBuilder'; names: string[] }
  | { code: 'young'; ageDays: number; minAgeDays: number }
  | { code: 'failedRecently'; ageDays: number }
  | { code: 'newestOfFamily'; rank: number; keepNewest: number }
  | { code: 'shared'; accounts: number }
  | { code: 'keepTag'; tag: string; value: string }
  /** The check of sharing or tags failed: kept, the error says why. */
  | { code: 'notChecked'; error: string };

export type CandidateReason =
  | { code: 'failed'; ageDays: number }
  | { code: 'old'; ageDays: number; minAgeDays: number; rank: number; keepNewest: number };

/** An image after the rules that need no request per image: kept, or to be checked for sharing and tags. */
export type FirstVerdict = { kind: 'kept'; reason: KeptReason } | { kind: 'check'; reason: CandidateReason };

export interface FirstPass<T extends CleanupImage> {
  image: T;
  family: string;
  ageDays?: number;
  verdict: FirstVerdict;
}

function createdOf(image: CleanupImage): Date | undefined {
  const t = image.CreatedTime instanceof Date ? image.CreatedTime : typeof image.CreatedTime === 'string' ? new Date(image.CreatedTime) : undefined;
  return t && !Number.isNaN(t.getTime()) ? t : undefined;
}

/** Newest first; equal times: the higher version ("-10" after "-9") first. */
function newestFirst(a: CleanupImage, b: CleanupImage): number {
  const ta = createdOf(a)?.getTime() ?? 0;
  const tb = createdOf(b)?.getTime() ?? 0;
  return tb - ta || (b.Name ?? '').localeCompare(a.Name ?? '', 'en', { numeric: true });
}

/**
 * The rules that need no request per image, for the own images of one account and region and
 * that region's fleets and image builders:
 * - only AVAILABLE and FAILED own images can be candidates (others: kept, with their state);
 * - one that a fleet or an image builder uses is kept (by ARN, else by name);
 * - a FAILED image older than a day is to be checked (age and family do not matter);
 * - an AVAILABLE image younger than minAgeDays is kept, and so are the newest keepNewest
 *   AVAILABLE images of each family (imageFamily);
 * - the rest are to be checked for sharing and the keep tag (finishVerdict).
 */
export function firstPass<T extends CleanupImage>(images: readonly T[], fleets: readonly ImageUser[], builders: readonly ImageUser[], settings: CleanupSettings, now: Date): FirstPass<T>[] {
  const ranks = new Map<T, number>();
  const byFamily = new Map<string, T[]>();
  for (const image of images) {
    if (image.State === 'AVAILABLE' && image.Visibility === 'PRIVATE' && createdOf(image)) {
      const f = imageFamily(image.Name ?? '');
      byFamily.set(f, [...(byFamily.get(f) ?? []), image]);
    }
  }
  for (const members of byFamily.values()) {
    [...members].sort(newestFirst).forEach((image, i) => ranks.set(image, i + 1));
  }
  return images.map((image): FirstPass<T> => {
    const family = imageFamily(image.Name ?? '');
    const created = createdOf(image);
    const ageDays = created ? ageInDays(created, now) : undefined;
    const kept = (reason: KeptReason): FirstPass<T> => ({ image, family, ageDays, verdict: { kind: 'kept', reason } });
    if (image.Visibility !== 'PRIVATE' || !image.Arn) {
      return kept({ code: 'notOwn' });
    }
    if (image.State !== 'AVAILABLE' && image.State !== 'FAILED') {
      return kept({ code: 'state', state: image.State ?? 'unknown' });
    }
    const fleetNames = fleets.filter((f) => usesImage(f, image)).map((f) => f.Name ?? '?');
    if (fleetNames.length) {
      return kept({ code: 'usedByFleet', names: fleetNames });
    }
    const builderNames = builders.filter((b) => usesImage(b, image)).map((b) => b.Name ?? '?');
    if (builderNames.length) {
      return kept({ code: 'usedByBuilder', names: builderNames });
    }
    if (ageDays === undefined) {
      return kept({ code: 'noCreatedTime' });
    }
    if (image.State === 'FAILED') {
      return ageDays >= FAILED_GRACE_DAYS ? { image, family, ageDays, verdict: { kind: 'check', reason: { code: 'failed', ageDays } } } : kept({ code: 'failedRecently', ageDays });
    }
    if (ageDays < settings.minAgeDays) {
      return kept({ code: 'young', ageDays, minAgeDays: settings.minAgeDays });
    }
    const rank = ranks.get(image) ?? 1;
    if (rank <= settings.keepNewest) {
      return kept({ code: 'newestOfFamily', rank, keepNewest: settings.keepNewest });
    }
    return { image, family, ageDays, verdict: { kind: 'check', reason: { code: 'old', ageDays, minAgeDays: settings.minAgeDays, rank, keepNewest: settings.keepNewest } } };
  });
}

/** The keep tag among an image's tags (key without case), or undefined. */
export function keepTagOf(tags: Readonly<Record<string, string>>, keepTag: string): { tag: string; value: string } | undefined {
  if (!keepTag) {
    return undefined;
  }
  const key = Object.keys(tags).find((k) => k.toLowerCase() === keepTag.toLowerCase());
  return key === undefined ? undefined : { tag: key, value: tags[key] };
}

/** After the per-image checks: shared → kept; tagged with the keep tag → kept; else a candidate. */
export function finishVerdict(
  reason: CandidateReason,
  sharedWith: number,
  tags: Readonly<Record<string, string>> | undefined,
  keepTag: string,
): { kind: 'kept'; reason: KeptReason } | { kind: 'candidate'; reason: CandidateReason } {
  if (sharedWith > 0) {
    return { kind: 'kept', reason: { code: 'shared', accounts: sharedWith } };
  }
  const keep = tags ? keepTagOf(tags, keepTag) : undefined;
  if (keep) {
    return { kind: 'kept', reason: { code: 'keepTag', ...keep } };
  }
  return { kind: 'candidate', reason };
}

/** One line, in English, of why an image is a candidate or was kept (the report's "why"). */
export function describeReason(reason: KeptReason | CandidateReason, family: string): string {
  switch (reason.code) {
    case 'failed':
      return `FAILED for ${reason.ageDays} days (FAILED images older than a day are always candidates)`;
    case 'old':
      return `${reason.ageDays} days old (≥ ${reason.minAgeDays}), not used, not shared, number ${reason.rank} of family "${family}" (the newest ${reason.keepNewest} are kept)`;
    case 'state':
      return `state ${reason.state}: only AVAILABLE and FAILED images are candidates`;
    case 'noCreatedTime':
      return 'no creation time: its age is unknown';
    case 'notOwn':
      return 'not an own image';
    case 'usedByFleet':
      return `used by fleet ${reason.names.join(', ')}`;
    case 'usedByBuilder':
      return `used by image builder ${reason.names.join(', ')}`;
    case 'young':
      return `${reason.ageDays} days old (younger than ${reason.minAgeDays})`;
    case 'failedRecently':
      return 'FAILED less than a day ago';
    case 'newestOfFamily':
      return `newest ${reason.keepNewest} of family "${family}" (number ${reason.rank})`;
    case 'shared':
      return `shared with ${reason.accounts} account${reason.accounts === 1 ? '' : 's'}`;
    case 'keepTag':
      return `tagged ${reason.tag}${reason.value ? `=${reason.value}` : ''}`;
    case 'notChecked':
      return `not checked: ${reason.error}`;
  }
}

/**
 * The requests a scan makes (the cost formula): per account and region (a second profile of an
 * account already scanned in that region costs none, when its account is known before listing),
 * the DescribeImages
 * pages of its Private group, the DescribeFleets pages and the DescribeImageBuilders pages, and
 * one ListServiceQuotas (the quota figure, once per refresh); per image that passes firstPass,
 * its DescribeImagePermissions pages; per one of those not shared, one ListTagsForResource.
 */
export interface ScanCost {
  describeImages: number;
  describeFleets: number;
  describeImageBuilders: number;
  listServiceQuotas: number;
  describeImagePermissions: number;
  listTagsForResource: number;
}

export function totalRequests(cost: ScanCost): number {
  return cost.describeImages + cost.describeFleets + cost.describeImageBuilders + cost.listServiceQuotas + cost.describeImagePermissions + cost.listTagsForResource;
}

/** One row of the report, as exported and as the webview gets it (JSON-safe). */
export interface CleanupRow {
  profile: string;
  accountId: string;
  region: string;
  name: string;
  arn: string;
  family: string;
  /** Whole days; undefined when AWS gave no creation time. */
  ageDays?: number;
  createdTime?: string;
  state: string;
  candidate: boolean;
  /** Why it is a candidate, or why it was kept. */
  why: string;
  code: string;
}

/** Per account and region: own images, candidates, the quota and what deleting the candidates frees. */
export interface CleanupTotal {
  profile: string;
  accountId: string;
  region: string;
  ownImages: number;
  candidates: number;
  /** The Images quota, when Service Quotas told it. */
  quota?: number;
  /** Free places in the quota now, and after deleting every candidate. */
  headroomNow?: number;
  headroomAfter?: number;
}

export function totalFor(rows: readonly CleanupRow[], group: { profile: string; accountId: string; region: string }, quota: number | undefined): CleanupTotal {
  const mine = rows.filter((r) => r.profile === group.profile && r.region === group.region);
  const candidates = mine.filter((r) => r.candidate).length;
  return {
    ...group,
    ownImages: mine.length,
    candidates,
    quota,
    headroomNow: quota === undefined ? undefined : Math.max(0, quota - mine.length),
    headroomAfter: quota === undefined ? undefined : Math.max(0, quota - mine.length + candidates),
  };
}

// ---- export ----

export const CSV_COLUMNS: readonly (keyof CleanupRow)[] = ['profile', 'accountId', 'region', 'name', 'arn', 'family', 'ageDays', 'createdTime', 'state', 'candidate', 'why'];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. Cloud data is
 * untrusted and CSV files are opened in spreadsheets: a field starting with =, +, -, @, tab or
 * carriage return is prefixed with an apostrophe so it is text, never a formula.
 */
export function csvField(value: unknown): string {
  let s = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) {
    s = `'${s}`;
  }
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly CleanupRow[]): string {
  const lines = [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvField(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

export function toJson(rows: readonly CleanupRow[], totals: readonly CleanupTotal[], settings: CleanupSettings, scannedAt: string): string {
  return `${JSON.stringify({ scannedAt, settings, totals, images: rows }, null, 2)}\n`;
}
