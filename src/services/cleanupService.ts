// The cleanup finder's scan: over chosen (profile, region) pairs, which own images look safe to
// retire (src/aws/cleanupRules.ts) and why the others are kept. No `vscode`: the command gives
// progress and cancellation as functions, so a fast test drives the scan against the emulator.
//
// Requests (the cost formula of cleanupRules.ts), all through the AWS layer's one limiter:
// per (account, region) the Private group's DescribeImages chain, one DescribeFleets chain, one
// DescribeImageBuilders chain (the three in parallel) and the Images quota (ListServiceQuotas,
// cached until a refresh); then, as soon as that region's three chains are in, per image that
// passed the first rules, DescribeImagePermissions (the same look-up as the delete flow's "in
// use" check) and, when it is not shared, ListTagsForResource.
//
// Each account and region is scanned once. Two profiles can sign in to one account (a role
// profile and an SSO profile of it): before any listing, each profile's account is read from
// what AWS told already, the credentials' own account (SSO and assumed-role credentials carry
// it) or else the account the tree learned from the profile's own images' ARNs; the first
// profile in the order given (the view's) scans that account's region, a later one is skipped
// as a duplicate without a request. A profile whose account nothing told yet is scanned; if its
// own images' ARNs then name an account and region scanned through a profile before it, the
// later of the two in that order is dropped from the report as a duplicate (its requests were
// made: nothing could tell before).
import type { AppStreamService } from '../aws';
import {
  describeReason,
  finishVerdict,
  firstPass,
  totalFor,
  type CleanupRow,
  type CleanupSettings,
  type CleanupTotal,
  type CandidateReason,
  type KeptReason,
} from '../aws/cleanupRules';
import { accountOfImageArn, imageRefKey, imageRefOf, type SeenImage } from '../aws/imageRef';
import type { Logger } from '../platform/logger';

export interface ScanTarget {
  profile: string;
  region: string;
}

export interface ScanOptions {
  settings: CleanupSettings;
  /** Ages are counted to this moment; default now. */
  now?: Date;
  /** Polled between requests: once true, nothing new is sent and the scan rejects with ScanCancelled. */
  cancelled?: () => boolean;
  /**
   * The account a profile signs in to, as the caller learned it from AWS's answers (the tree,
   * from its own images' ARNs); used when the profile's credentials do not name their account.
   */
  knownAccount?: (profile: string) => string | undefined;
  /** After each region's listing and each image checked: how far the scan is. */
  onProgress?: (progress: { regionsDone: number; regions: number; imagesChecked: number; imagesToCheck: number }) => void;
}

/** A (profile, region) whose listing failed: its images are not in the report. */
export interface ScanFailure {
  profile: string;
  region: string;
  message: string;
}

/** A (profile, region) not scanned because an earlier profile scans the same account there. */
export interface SkippedDuplicate {
  profile: string;
  region: string;
  accountId: string;
  /** The profile that scanned that account and region. */
  scannedAs: string;
}

export interface CleanupScan {
  scannedAt: string;
  settings: CleanupSettings;
  rows: CleanupRow[];
  totals: CleanupTotal[];
  failures: ScanFailure[];
  /** Duplicates of an account and region already scanned through another profile, in the order given. */
  skipped: SkippedDuplicate[];
  /** The image behind each row (by imageRefKey), for the bound delete. */
  seen: Map<string, SeenImage>;
  /** Why each row is a candidate or kept (by imageRefKey), for the report's words in the user's language. */
  reasons: Map<string, KeptReason | CandidateReason>;
  /** The (profile, region) pairs scanned, for Scan Again (also from a report restored after a reload). */
  targets: ScanTarget[];
}

/** The user cancelled the scan. Named like VS Code's cancellation, so the command wrapper stays quiet. */
export class ScanCancelled extends Error {
  override readonly name = 'Canceled';
  constructor() {
    super('The scan was cancelled.');
  }
}

export interface CleanupServiceDeps {
  aws(): AppStreamService;
  log: Logger;
}

function messageOf(err: unknown): string {
  const e = err as { name?: string; message?: string };
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`;
}

export class CleanupService {
  constructor(private readonly deps: CleanupServiceDeps) {}

  async scan(targets: readonly ScanTarget[], options: ScanOptions): Promise<CleanupScan> {
    const now = options.now ?? new Date();
    const { settings } = options;
    const cancelled = options.cancelled ?? (() => false);
    const aws = this.deps.aws();
    const unique = [...new Map(targets.map((t) => [`${t.profile}\u0000${t.region}`, t])).values()];
    const checkCancel = (): void => {
      if (cancelled()) {
        throw new ScanCancelled();
      }
    };
    const failures: ScanFailure[] = [];
    const skipped: SkippedDuplicate[] = [];

    // Each profile's account before any listing (no AppStream request: its credentials are
    // resolved now rather than by its first request). Credentials that fail fail its regions.
    const accounts = new Map<string, { accountId?: string; error?: unknown }>();
    await Promise.all(
      [...new Map(unique.map((t) => [t.profile, t.region])).entries()].map(async ([profile, region]) => {
        try {
          accounts.set(profile, { accountId: (await aws.credentialsAccount(profile, region)) ?? options.knownAccount?.(profile) });
        } catch (err) {
          accounts.set(profile, { error: err });
        }
      }),
    );
    checkCancel();
    const claimBefore = accountClaims();
    const toScan: ScanTarget[] = [];
    for (const t of unique) {
      const { accountId, error } = accounts.get(t.profile) ?? {};
      if (error !== undefined) {
        failures.push({ profile: t.profile, region: t.region, message: messageOf(error) });
        this.deps.log.warn(`Cleanup: ${t.profile} ${t.region} not scanned: ${messageOf(error)}`);
        continue;
      }
      const first = claimBefore(t, accountId);
      if (accountId && first !== undefined) {
        skipped.push({ profile: t.profile, region: t.region, accountId, scannedAs: first });
        continue;
      }
      toScan.push(t);
    }

    const progress = { regionsDone: 0, regions: toScan.length, imagesChecked: 0, imagesToCheck: 0 };
    const report = (): void => options.onProgress?.({ ...progress });

    interface Scanned {
      target: ScanTarget;
      accountId?: string;
      rows: CleanupRow[];
      total?: CleanupTotal;
      seen: Map<string, SeenImage>;
      reasons: Map<string, KeptReason | CandidateReason>;
    }
    const scanRegion = async (t: ScanTarget): Promise<Scanned> => {
      checkCancel();
      const seen = new Map<string, SeenImage>();
      const reasons = new Map<string, KeptReason | CandidateReason>();
      const quota = aws.imageQuota(t.profile, t.region).then(
        (s) => (s.kind === 'known' ? s.quota.value : undefined),
        (err: unknown) => {
          this.deps.log.info(`Cleanup: no quota figure for ${t.profile} ${t.region}: ${messageOf(err)}`);
          return undefined;
        },
      );
      let listed;
      try {
        listed = await Promise.all([aws.listImages(t.profile, t.region, 'PRIVATE'), aws.listFleets(t.profile, t.region), aws.listImageBuilders(t.profile, t.region)]);
      } catch (err) {
        checkCancel();
        failures.push({ profile: t.profile, region: t.region, message: messageOf(err) });
        this.deps.log.warn(`Cleanup: ${t.profile} ${t.region} not scanned: ${messageOf(err)}`);
        progress.regionsDone++;
        report();
        return { target: t, rows: [], seen, reasons };
      }
      const [images, fleets, builders] = listed;
      const own = images.filter((i) => i.Visibility === 'PRIVATE' && i.Arn);
      const accountId = accountOfImageArn(own[0]?.Arn) ?? accounts.get(t.profile)?.accountId ?? '';
      const first = firstPass(own, fleets, builders, settings, now);
      progress.regionsDone++;
      progress.imagesToCheck += first.filter((f) => f.verdict.kind === 'check').length;
      report();
      const rows = await Promise.all(
        first.map(async (f): Promise<CleanupRow> => {
          const ref = imageRefOf(t.profile, t.region, f.image)!;
          seen.set(imageRefKey(ref), { ref, image: f.image });
          let verdict: { kind: 'kept'; reason: KeptReason } | { kind: 'candidate'; reason: CandidateReason };
          if (f.verdict.kind === 'kept') {
            verdict = f.verdict;
          } else {
            const reason = f.verdict.reason;
            try {
              checkCancel();
              const sharedWith = await aws.imagePermissions(t.profile, t.region, ref.name);
              checkCancel();
              const tags = sharedWith.length ? undefined : await aws.imageTags(ref);
              verdict = finishVerdict(reason, sharedWith.length, tags, settings.keepTag);
            } catch (err) {
              if (err instanceof ScanCancelled) {
                throw err;
              }
              verdict = { kind: 'kept', reason: { code: 'notChecked', error: messageOf(err) } };
            }
            progress.imagesChecked++;
            report();
          }
          reasons.set(imageRefKey(ref), verdict.reason);
          return {
            profile: t.profile,
            accountId: accountOfImageArn(ref.arn) ?? accountId,
            region: t.region,
            name: ref.name,
            arn: ref.arn,
            family: f.family,
            ageDays: f.ageDays,
            createdTime: f.image.CreatedTime ? new Date(f.image.CreatedTime).toISOString() : undefined,
            state: f.image.State ?? '',
            candidate: verdict.kind === 'candidate',
            why: describeReason(verdict.reason, f.family),
            code: verdict.reason.code,
          };
        }),
      );
      return { target: t, accountId: accountId || undefined, rows, total: totalFor(rows, { profile: t.profile, accountId, region: t.region }, await quota), seen, reasons };
    };

    const scanned = await Promise.all(toScan.map(scanRegion));
    checkCancel();
    // A profile whose account nothing told before may turn out to share one with another: the
    // first in the order given stays, whichever of the two was known before.
    const kept: Scanned[] = [];
    const claimAfter = accountClaims();
    for (const r of scanned) {
      const first = claimAfter(r.target, r.accountId);
      if (r.accountId && first !== undefined) {
        skipped.push({ profile: r.target.profile, region: r.target.region, accountId: r.accountId, scannedAs: first });
        continue;
      }
      kept.push(r);
    }
    const order = new Map(unique.map((t, i) => [`${t.profile}\u0000${t.region}`, i]));
    skipped.sort((a, b) => order.get(`${a.profile}\u0000${a.region}`)! - order.get(`${b.profile}\u0000${b.region}`)!);
    for (const d of skipped) {
      this.deps.log.info(`Cleanup: ${d.profile} ${d.region} skipped: account ${d.accountId} is scanned there through ${d.scannedAs}.`);
    }
    const rows = kept.flatMap((r) => r.rows);
    const totals = kept.flatMap((r) => (r.total ? [r.total] : []));
    const seen = new Map(kept.flatMap((r) => [...r.seen]));
    const reasons = new Map(kept.flatMap((r) => [...r.reasons]));
    const candidates = rows.filter((r) => r.candidate).length;
    this.deps.log.info(
      `Cleanup scan: ${kept.length} regions, ${rows.length} own images, ${candidates} candidates, ${failures.length} regions failed, ${skipped.length} skipped as duplicates of an account scanned through another profile.`,
    );
    // targets: every pair asked for (Scan Again decides the duplicates anew).
    return { scannedAt: now.toISOString(), settings, rows, totals, failures, skipped, seen, reasons, targets: unique };
  }
}

/**
 * Who scans each account and region: the first profile (in the order asked) to claim it. A later
 * claim gets that first profile back (a duplicate); an unknown account claims nothing.
 */
function accountClaims(): (target: ScanTarget, accountId: string | undefined) => string | undefined {
  const first = new Map<string, string>();
  return ({ profile, region }, accountId) => {
    if (!accountId) {
      return undefined;
    }
    const key = `${accountId}\u0000${region}`;
    const owner = first.get(key);
    if (owner === undefined) {
      first.set(key, profile);
    }
    return owner;
  };
}
