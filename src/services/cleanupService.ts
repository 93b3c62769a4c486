// The cleanup finder's scan: over chosen (profile, region) pairs, which own images look safe to
// retire (src/aws/cleanupRules.ts) and why the others are kept. No `vscode`: the command gives
// progress and cancellation as functions, so a fast test drives the scan against the emulator.
//
// Requests (the cost formula of cleanupRules.ts), all through the AWS layer's one limiter:
// per (profile, region) the Private group's DescribeImages chain, one DescribeFleets chain, one
// DescribeImageBuilders chain (the three in parallel) and the Images quota (ListServiceQuotas,
// cached until a refresh); then, as soon as that region's three chains are in, per image that
// passed the first rules, DescribeImagePermissions (the same look-up as the delete flow's "in
// use" check) and, when it is not shared, ListTagsForResource.
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
  /** After each region's listing and each image checked: how far the scan is. */
  onProgress?: (progress: { regionsDone: number; regions: number; imagesChecked: number; imagesToCheck: number }) => void;
}

/** A (profile, region) whose listing failed: its images are not in the report. */
export interface ScanFailure {
  profile: string;
  region: string;
  message: string;
}

export interface CleanupScan {
  scannedAt: string;
  settings: CleanupSettings;
  rows: CleanupRow[];
  totals: CleanupTotal[];
  failures: ScanFailure[];
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
    const progress = { regionsDone: 0, regions: unique.length, imagesChecked: 0, imagesToCheck: 0 };
    const report = (): void => options.onProgress?.({ ...progress });
    const checkCancel = (): void => {
      if (cancelled()) {
        throw new ScanCancelled();
      }
    };
    const failures: ScanFailure[] = [];
    const seen = new Map<string, SeenImage>();
    const reasons = new Map<string, KeptReason | CandidateReason>();

    const scanRegion = async (t: ScanTarget): Promise<{ rows: CleanupRow[]; total?: CleanupTotal }> => {
      checkCancel();
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
        return { rows: [] };
      }
      const [images, fleets, builders] = listed;
      const own = images.filter((i) => i.Visibility === 'PRIVATE' && i.Arn);
      const accountId = accountOfImageArn(own[0]?.Arn) ?? '';
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
      return { rows, total: totalFor(rows, { profile: t.profile, accountId, region: t.region }, await quota) };
    };

    const results = await Promise.all(unique.map(scanRegion));
    checkCancel();
    const rows = results.flatMap((r) => r.rows);
    const totals = results.flatMap((r) => (r.total ? [r.total] : []));
    const candidates = rows.filter((r) => r.candidate).length;
    this.deps.log.info(`Cleanup scan: ${unique.length} regions, ${rows.length} own images, ${candidates} candidates, ${failures.length} regions failed.`);
    return { scannedAt: now.toISOString(), settings, rows, totals, failures, seen, reasons, targets: unique };
  }
}
