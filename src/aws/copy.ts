// Copying an own image to other regions (CopyImage), and a batch of copies that keeps to AWS's
// limit of 2 concurrent copies per destination region. No `vscode` here.
import { CopyImageCommand, ResourceNotAvailableException, type Image } from '@aws-sdk/client-appstream';
import type { ImageRef } from './imageRef';
import { InvalidInput } from './invalidInput';
import type { ServiceCalls } from './service';
import { isSystemTagKey, listTags, sendTags, type Tags } from './tags';
import { MAX_CONCURRENT_COPIES_PER_REGION, destinationArn, validateImageDescription, validateImageName, type CopyDestination } from './copyRules';

export * from './copyRules';

function checkedDestination(dest: CopyDestination): void {
  const problem =
    validateImageName(dest.name) ??
    (dest.description !== undefined ? validateImageDescription(dest.description) : undefined) ??
    (/^[a-z0-9-]{1,32}$/.test(dest.region) ? undefined : `"${dest.region}" is not a region name.`);
  if (problem) {
    throw new InvalidInput(problem);
  }
}

/**
 * CopyImage of an own AVAILABLE image (the same account; AWS does not copy tags), after the
 * identity check every change makes (see AppStreamService.deleteImage). Returns the
 * destination's ref (its image is COPYING in the destination region).
 * Requests: DescribeImages 1 (source region), CopyImage 1.
 */
export async function copyImage(calls: ServiceCalls, source: ImageRef, dest: CopyDestination, confirmed: { createdTime?: Date } = {}): Promise<ImageRef> {
  checkedDestination(dest);
  const { client, image } = await calls.confirmOwnImage(source, confirmed, 'copied');
  if (image.State !== 'AVAILABLE') {
    throw new ResourceNotAvailableException({
      message: `The image "${image.Name ?? source.name}" is ${image.State ?? 'in an unknown state'}: AWS copies only an AVAILABLE image. Nothing was copied.`,
      $metadata: {},
    });
  }
  const out = await calls.send(source.profile, source.region, 'CopyImage', () =>
    client.send(
      new CopyImageCommand({
        SourceImageName: image.Name,
        DestinationImageName: dest.name,
        DestinationRegion: dest.region,
        DestinationImageDescription: dest.description,
      }),
    ),
  );
  const name = out.DestinationImageName ?? dest.name;
  return { profile: source.profile, region: dest.region, arn: destinationArn(source, { region: dest.region, name }) ?? '', name };
}

// ---------- a batch of copies ----------

export type CopyJobState =
  /** Waiting for a slot in its region (or, after LimitExceeded, for copies we did not start). */
  | 'queued'
  /** CopyImage (and its identity check) under way. */
  | 'starting'
  /** Sent; the destination image is followed until it leaves COPYING. */
  | 'copying'
  | 'available'
  /** The destination image ended FAILED (StateChangeReason IMAGE_COPY_FAILURE). */
  | 'failed'
  /** CopyImage was refused, or following the copy failed: see `error`. */
  | 'error'
  /** Never started: cancelled by the user, or the batch stopped (see `error`). */
  | 'cancelled';

export interface CopyJobStatus {
  readonly index: number;
  readonly destination: CopyDestination;
  state: CopyJobState;
  /** The copy's ref once CopyImage answered. */
  ref?: ImageRef;
  /** The destination image as last described. */
  image?: Image;
  error?: unknown;
  /** "Copy tags too" failed for this copy (the copy itself went on). */
  tagError?: unknown;
  /** The tags put on the copy. */
  tagged?: Tags;
  /** How often CopyImage met LimitExceeded (copies into that region this batch did not start). */
  limitWaits: number;
}

export interface CopyBatchProgress {
  changed: CopyJobStatus;
  jobs: readonly CopyJobStatus[];
  /** Jobs that reached an end state (available, failed, error, cancelled). */
  finished: number;
  total: number;
}

/** What the batch does for one copy; the service's implementation sends the requests. */
export interface CopyRunner {
  /** Sends CopyImage (after the identity check); resolves to the destination's ref. */
  start(dest: CopyDestination): Promise<ImageRef>;
  /** The destination image now (DescribeImages by its ARN), undefined when not found. */
  describe(ref: ImageRef): Promise<Image | undefined>;
  /** "Copy tags too": puts the source's tags on the destination once it exists. */
  tag?(ref: ImageRef): Promise<Tags | undefined>;
}

export interface CopyBatchOptions {
  /** Between two DescribeImages of one copy. */
  pollIntervalMs: number;
  /**
   * false: the batch sends no DescribeImages of its own and learns a copy's state only from
   * `observe` (the tree's poller, which follows COPYING images anyway). Default true.
   */
  poll?: boolean;
  /**
   * poll false: a copy nothing was observed of for this long is described by the batch itself
   * (the tree's poller stops while the view is hidden, and a copy that settled before the tree
   * listed it is never reported by it). Longer than the tree poller's longest interval (30 s).
   */
  unobservedPollMs?: number;
  /** Copies in flight per destination region (AWS: 2). */
  maxPerRegion?: number;
  /** After LimitExceeded (copies this batch did not start fill the region): wait this long, then try again… */
  limitRetryMs?: number;
  /** …at most this often per copy. */
  maxLimitWaits?: number;
  /** A destination image not found this many times in a row is an error (AWS is eventually consistent). */
  missingPolls?: number;
  /** Failed DescribeImages in a row before the copy is given up as an error (the copy itself may go on). */
  maxPollErrors?: number;
  onProgress?: (progress: CopyBatchProgress) => void;
}

const END_STATES: ReadonlySet<CopyJobState> = new Set(['available', 'failed', 'error', 'cancelled']);

/** Errors about the source (or the account), which every other copy would meet too: the batch stops. */
const SOURCE_ERRORS = new Set(['ImageIdentityChanged', 'ResourceNotFoundException', 'ResourceNotAvailableException', 'InvalidAccountStatusException']);

const errorName = (err: unknown): string | undefined => (err as { name?: string } | undefined)?.name;

/**
 * Runs copies with at most `maxPerRegion` in flight per destination region: the rest wait, in
 * order, and each starts when a copy into its region leaves COPYING (AVAILABLE or FAILED) or is
 * refused. `cancel()` cancels the copies not started yet (nothing is sent for them); copies
 * already sent go on (AWS cannot stop them) and are followed to their end. An error about the
 * source (identity changed, gone, not AVAILABLE) stops the batch: the rest are cancelled with it.
 * Pure scheduling: the requests are the runner's.
 */
export class CopyBatch {
  readonly jobs: CopyJobStatus[];
  private readonly inFlight = new Map<string, number>();
  /** Regions waiting after LimitExceeded, each with the wait that lifts its block (a later refusal replaces it). */
  private readonly blocked = new Map<string, object>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly wakers = new Set<() => void>();
  /** Per job: its state as someone else saw it (observe), and how to wake its wait. */
  private readonly observed = new Map<number, Image>();
  private readonly jobWakers = new Map<number, () => void>();
  private stopped = false;
  /** The user cancelled: a copy refused for want of a slot (LimitExceeded) is not tried again. */
  private cancelRequested = false;
  private done: Promise<CopyJobStatus[]> | undefined;
  private resolveDone: ((jobs: CopyJobStatus[]) => void) | undefined;
  private readonly opts: Required<Omit<CopyBatchOptions, 'onProgress'>> & Pick<CopyBatchOptions, 'onProgress'>;

  constructor(
    destinations: readonly CopyDestination[],
    private readonly runner: CopyRunner,
    options: CopyBatchOptions,
  ) {
    this.jobs = destinations.map((destination, index) => ({ index, destination, state: 'queued', limitWaits: 0 }));
    this.opts = {
      maxPerRegion: MAX_CONCURRENT_COPIES_PER_REGION,
      limitRetryMs: Math.max(options.pollIntervalMs, 1) * 5,
      maxLimitWaits: 60,
      poll: true,
      unobservedPollMs: 35_000,
      missingPolls: 3,
      maxPollErrors: 5,
      ...options,
    };
  }

  /** Starts the batch (once); resolves when every copy reached an end state (or `dispose`). */
  run(): Promise<CopyJobStatus[]> {
    this.done ??= new Promise<CopyJobStatus[]>((resolve) => {
      this.resolveDone = resolve;
      this.pump();
    });
    return this.done;
  }

  /** Cancels the copies not started yet; returns how many. Copies in flight go on. */
  cancel(): number {
    this.cancelRequested = true;
    return this.cancelQueued(undefined);
  }

  /** Stops following: no more requests, queued copies cancelled, `run()` resolves with the states as they are. */
  dispose(): void {
    this.cancelQueued(undefined);
    this.stopped = true;
    for (const t of this.timers) {
      clearTimeout(t);
    }
    this.timers.clear();
    for (const wake of [...this.wakers]) {
      wake();
    }
    this.finishIfDone(true);
  }

  /**
   * A destination image as someone else just described it (the tree's poller): a copy of this
   * batch with that ARN takes it as its state at once (a slot frees without waiting for the
   * batch's own poll). Returns whether it was one of this batch's copies in flight.
   */
  observe(image: Image): boolean {
    const job = this.jobs.find((j) => j.state === 'copying' && j.ref?.arn !== undefined && j.ref.arn === image.Arn);
    if (!job) {
      return false;
    }
    this.observed.set(job.index, image);
    this.jobWakers.get(job.index)?.();
    return true;
  }

  get finished(): number {
    return this.jobs.filter((j) => END_STATES.has(j.state)).length;
  }

  private cancelQueued(reason: unknown): number {
    let n = 0;
    for (const job of this.jobs) {
      if (job.state === 'queued') {
        job.state = 'cancelled';
        if (reason !== undefined) {
          job.error = reason;
        }
        n++;
        this.emit(job);
      }
    }
    this.finishIfDone();
    return n;
  }

  private emit(job: CopyJobStatus): void {
    try {
      this.opts.onProgress?.({ changed: job, jobs: this.jobs, finished: this.finished, total: this.jobs.length });
    } catch {
      // A listener's failure must not stop the copies it reports on.
    }
  }

  private finishIfDone(force = false): void {
    if (this.resolveDone && (force || this.jobs.every((j) => END_STATES.has(j.state)))) {
      const resolve = this.resolveDone;
      this.resolveDone = undefined;
      resolve(this.jobs);
    }
  }

  /** Starts every queued copy that has a free slot in its region, in order. */
  private pump(): void {
    if (this.stopped) {
      return;
    }
    for (const job of this.jobs) {
      const region = job.destination.region;
      if (job.state !== 'queued' || (this.inFlight.get(region) ?? 0) >= this.opts.maxPerRegion || this.blocked.has(region)) {
        continue;
      }
      this.inFlight.set(region, (this.inFlight.get(region) ?? 0) + 1);
      job.state = 'starting';
      this.emit(job);
      void this.follow(job).finally(() => {
        this.inFlight.set(region, (this.inFlight.get(region) ?? 1) - 1);
        this.pump();
        this.finishIfDone();
      });
    }
    this.finishIfDone();
  }

  /** Resolves after `ms` (never when undefined), at dispose, or when `wakeKey`'s waker is called. */
  private wait(ms: number | undefined, wakeKey?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.stopped) {
        resolve();
        return;
      }
      let t: NodeJS.Timeout | undefined;
      const wake = (): void => {
        if (t) {
          clearTimeout(t);
          this.timers.delete(t);
        }
        this.wakers.delete(wake);
        if (wakeKey !== undefined && this.jobWakers.get(wakeKey) === wake) {
          this.jobWakers.delete(wakeKey);
        }
        resolve();
      };
      if (ms !== undefined) {
        t = setTimeout(wake, ms);
        this.timers.add(t);
      }
      this.wakers.add(wake);
      if (wakeKey !== undefined) {
        this.jobWakers.set(wakeKey, wake);
      }
    });
  }

  /** One copy, from CopyImage until its destination leaves COPYING; holds its region's slot meanwhile. */
  private async follow(job: CopyJobStatus): Promise<void> {
    let ref: ImageRef;
    try {
      ref = await this.runner.start(job.destination);
    } catch (err) {
      if (errorName(err) === 'LimitExceededException' && (this.cancelRequested || this.stopped)) {
        // Its CopyImage was in flight at the cancel and was refused: nothing was copied, nothing more is sent.
        job.state = 'cancelled';
        this.emit(job);
        return;
      }
      if (errorName(err) === 'LimitExceededException' && job.limitWaits < this.opts.maxLimitWaits) {
        // Copies this batch did not start fill the region: wait, then try again (the slot is freed now).
        job.limitWaits++;
        job.state = 'queued';
        this.emit(job);
        const region = job.destination.region;
        // The block is lifted by its own timer, not by comparing Date.now() with an end time: a
        // timer can fire while Date.now() still reads a little before it (Node counts timers from
        // the event loop's cached time), and the copy then waited for a slot forever.
        const block = {};
        this.blocked.set(region, block);
        void this.wait(this.opts.limitRetryMs).then(() => {
          if (this.blocked.get(region) === block) {
            this.blocked.delete(region);
          }
          this.pump();
        });
        return;
      }
      job.state = 'error';
      job.error = err;
      this.emit(job);
      if (SOURCE_ERRORS.has(errorName(err) ?? '')) {
        this.cancelQueued(err);
      }
      return;
    }
    job.ref = ref;
    job.state = 'copying';
    this.emit(job);
    let missing = 0;
    let pollErrors = 0;
    let tagged = !this.runner.tag;
    while (!this.stopped) {
      let image = this.observed.get(job.index);
      if (!image) {
        await this.wait(this.opts.poll ? this.opts.pollIntervalMs : this.opts.unobservedPollMs, job.index);
        if (this.stopped) {
          return;
        }
        image = this.observed.get(job.index);
      }
      if (image) {
        this.observed.delete(job.index);
      } else {
        try {
          image = await this.runner.describe(ref);
          pollErrors = 0;
        } catch (err) {
          if (++pollErrors >= this.opts.maxPollErrors) {
            job.state = 'error';
            job.error = err;
            this.emit(job);
            return;
          }
          continue;
        }
        if (!image) {
          if (++missing >= this.opts.missingPolls) {
            job.state = 'error';
            job.error = new Error(`The copy ${ref.arn} was not found in ${ref.region} (deleted meanwhile?).`);
            this.emit(job);
            return;
          }
          continue;
        }
      }
      missing = 0;
      job.image = image;
      if (!tagged && (image.State === 'COPYING' || image.State === 'AVAILABLE')) {
        tagged = true;
        try {
          job.tagged = await this.runner.tag?.(ref);
        } catch (err) {
          job.tagError = err;
        }
      }
      if (image.State === 'COPYING') {
        continue;
      }
      job.state = image.State === 'AVAILABLE' ? 'available' : 'failed';
      this.emit(job);
      return;
    }
  }
}

/**
 * The service's runner for a batch: CopyImage with the identity check for each copy (a queued
 * copy may start minutes later), DescribeImages by the destination ARN in the destination region,
 * and, with `copyTags`, the source's tags (read once, at the first copy that exists) put on each
 * copy with TagResource. The describe that saw the copy as this profile's own image is the
 * identity check of that TagResource (same client, same ARN), so none is added for it.
 * Requests per copy: DescribeImages 1 + CopyImage 1 + DescribeImages per poll + (copyTags, source
 * has tags) TagResource 1; per batch with copyTags: ListTagsForResource 1.
 */
export function serviceCopyRunner(calls: ServiceCalls, source: ImageRef, confirmed: { createdTime?: Date }, copyTags: boolean): CopyRunner {
  let sourceTags: Promise<Tags> | undefined;
  return {
    start: (dest) => copyImage(calls, source, dest, confirmed),
    describe: async (ref) => {
      const image = await calls.describeByArn(await calls.client(ref.profile, ref.region), ref);
      return image?.Visibility === 'PRIVATE' ? image : undefined;
    },
    tag: copyTags
      ? async (ref) => {
          sourceTags ??= listTags(calls, source);
          const all = await sourceTags.catch((err: unknown) => {
            sourceTags = undefined; // the next copy tries again
            throw err;
          });
          // aws: tags are AWS's own (CloudFormation, …): TagResource refuses them.
          const tags = Object.fromEntries(Object.entries(all).filter(([k]) => !isSystemTagKey(k)));
          if (Object.keys(tags).length) {
            await sendTags(calls, ref, tags);
          }
          return tags;
        }
      : undefined,
  };
}
