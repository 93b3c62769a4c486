// "Copy to Regions…": what the command, the tree's context menu and the details panel's button
// call. Asks where (regions, those in view first), under which name (validated as the user types),
// with which description and whether to copy the tags too; nothing is sent until every answer is
// in. Then runs one CopyBatch (≤ 2 copies in flight per destination region, the rest queued) under
// one progress notification, cancellable for the copies not started yet. Each copy shows up as
// COPYING in its destination region's node and is followed there by the tree's poller (only while
// the view is visible); the batch learns their states from the one change event. No `vscode`
// here: its VS Code side comes in as a CopyHost, so a test drives the flow against the emulator.
import type { Image } from '@aws-sdk/client-appstream';
import type { AppStreamService, CopyBatchOptions, CopyDestination, CopyJobStatus } from '../aws';
import { validateImageDescription, validateImageName } from '../aws/copyRules';
import { classifyError } from '../aws/errors';
import { accountSuffix, type ImageRef, type SeenImage } from '../aws/imageRef';
import { isCopyable } from '../aws/imageRules';
import { APPSTREAM_REGIONS } from '../aws/regions';
import type { Logger } from '../platform/logger';
import type { Prompts } from '../platform/prompts';
import { explainStateChangeReason } from '../webview/imageErrorHelp';
import type { ImageChanges } from './imageChanges';

/** What the copy flow needs from VS Code; the extension builds it (platform/copyHost.ts), a test fakes it. */
export interface CopyHost {
  readonly prompts: Pick<Prompts, 'showQuickPick' | 'showInputBox' | 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage'>;
  /** vscode.l10n in the extension. */
  readonly l10n: { t(message: string, ...args: Array<string | number | boolean>): string };
  /** The regions the tree shows for this profile. */
  regionsInView(profile: string): string[];
  /** Adds regions to the view (the regions setting). */
  addRegionsToView(profile: string, regions: string[]): Promise<void>;
  /** A copy just started: show it (COPYING) in its region's Private group, where the poller follows it while the view is visible. */
  showNewImage(ref: ImageRef, image: Image, askedAt: number): Promise<void>;
  /** Runs `task` under a cancellable progress notification; `report` sets its message, `onCancel` is told when the user cancels. */
  withProgress<T>(title: string, task: (report: (message: string, increment?: number) => void, onCancel: (listener: () => void) => void) => Promise<T>): Thenable<T>;
  /** The poller's first interval (setting pollIntervalSeconds). */
  pollIntervalMs(): number;
  showLog(): void;
}

export interface CopyServiceDeps {
  aws(): AppStreamService;
  changes: ImageChanges;
  log: Logger;
  host: CopyHost;
  /** Cached tags of the source (for "copy tags too (N tags)"), without a request. */
  peekTags?(arn: string): Record<string, string> | undefined;
  /** Overrides of the batch's timing (tests). */
  batch?: Partial<Omit<CopyBatchOptions, 'onProgress' | 'poll'>>;
}

/** What the user chose; nothing was sent before all of it was known. */
export interface CopyPlan {
  regions: string[];
  name: string;
  /** undefined: the source's description. */
  description?: string;
  copyTags: boolean;
}

export interface CopyOutcome {
  plan: CopyPlan;
  jobs: readonly CopyJobStatus[];
}

/** Copy to Regions… (see the top of this file). */
export class CopyService {
  constructor(private readonly deps: CopyServiceDeps) {}

  private get host(): CopyHost {
    return this.deps.host;
  }

  private t(message: string, ...args: Array<string | number | boolean>): string {
    return this.deps.host.l10n.t(message, ...args);
  }

  /**
   * Copy to Regions… for one image the user saw: asks, then copies and follows. Resolves when
   * every copy is AVAILABLE, FAILED, refused or cancelled (undefined when the user cancelled
   * before anything was sent); the report is shown without waiting for the user to read it.
   */
  async copyImage(seen: SeenImage): Promise<CopyOutcome | undefined> {
    if (!isCopyable(seen.image)) {
      void this.host.prompts.showWarningMessage(
        this.t(
          'Only an own image that is AVAILABLE can be copied; "{0}" is {1} ({2}). Nothing was copied.',
          seen.image.Name ?? seen.ref.name,
          seen.image.State ?? '?',
          seen.image.Visibility ?? '?',
        ),
      );
      return undefined;
    }
    const plan = await this.ask(seen);
    if (!plan) {
      this.deps.log.info(`Copy of ${seen.ref.arn} cancelled before sending anything.`);
      return undefined;
    }
    return this.run(seen, plan);
  }

  /** The questions, in order; undefined as soon as one is cancelled. */
  async ask(seen: SeenImage): Promise<CopyPlan | undefined> {
    const { ref, image } = seen;
    const name = image.Name ?? ref.name;
    const regions = await this.pickRegions(seen);
    if (!regions?.length) {
      return undefined;
    }
    const newName = await this.host.prompts.showInputBox({
      title: this.t('Copy "{0}": name of the copy', name),
      prompt: this.t('Letters, digits, _ . - (starting with a letter or digit), at most 101 characters. The same name in every region.'),
      value: name,
      ignoreFocusOut: true,
      validateInput: (v) => this.nameProblem(v, seen, regions),
    });
    if (newName === undefined) {
      return undefined;
    }
    const description = await this.host.prompts.showInputBox({
      title: this.t('Copy "{0}": description of the copy', name),
      prompt: this.t('At most 256 characters; empty keeps the source\'s description.'),
      value: image.Description ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => validateImageDescription(v),
    });
    if (description === undefined) {
      return undefined;
    }
    const known = this.deps.peekTags?.(ref.arn);
    const withTags = {
      label: this.t('Copy tags too'),
      description: known ? this.t('{0} tags', Object.keys(known).length) : undefined,
      detail: this.t('AWS does not copy tags: they are put on each copy once it exists (ListTagsForResource, then TagResource per copy).'),
    };
    const withoutTags = { label: this.t('Do not copy tags'), detail: this.t('The copies start without tags.') };
    const tagsChoice = await this.host.prompts.showQuickPick([withTags, withoutTags], {
      title: this.t('Copy "{0}" to {1}: tags', name, regions.join(', ')),
      placeHolder: this.t('Copy the tags of "{0}" too?', name),
      ignoreFocusOut: true,
    });
    if (!tagsChoice) {
      return undefined;
    }
    return { regions, name: newName, description: description === '' ? undefined : description, copyTags: tagsChoice.label === withTags.label };
  }

  private nameProblem(value: string, seen: SeenImage, regions: readonly string[]): string | undefined {
    const problem = validateImageName(value);
    if (problem) {
      return problem;
    }
    if (regions.includes(seen.ref.region) && value === (seen.image.Name ?? seen.ref.name)) {
      return this.t('The image itself has this name in {0}: choose another name to copy it within its own region.', seen.ref.region);
    }
    return undefined;
  }

  /** AppStream's regions, those in view first; several can be picked. */
  private async pickRegions(seen: SeenImage): Promise<string[] | undefined> {
    const inView = this.host.regionsInView(seen.ref.profile);
    const all = [...new Set([...inView.filter((r) => r in APPSTREAM_REGIONS), ...Object.keys(APPSTREAM_REGIONS)])];
    const items = all.map((region) => ({
      label: region,
      description: [
        APPSTREAM_REGIONS[region],
        region === seen.ref.region ? this.t('the image\'s own region') : undefined,
        inView.includes(region) ? this.t('in view') : undefined,
      ]
        .filter(Boolean)
        .join(' · '),
      region,
    }));
    const picked = await this.host.prompts.showQuickPick(items, {
      title: this.t('Copy "{0}" ({1}{2}, {3}) to regions', seen.image.Name ?? seen.ref.name, seen.ref.profile, accountSuffix(seen.ref.arn), seen.ref.region),
      placeHolder: this.t('Pick one or more destination regions (the same account)'),
      canPickMany: true,
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    return picked?.map((p) => p.region);
  }

  /** Runs the copies of a plan and follows them; resolves when all have ended. */
  async run(seen: SeenImage, plan: CopyPlan): Promise<CopyOutcome> {
    const { ref } = seen;
    const inView = this.host.regionsInView(ref.profile);
    const notInView = plan.regions.filter((r) => !inView.includes(r));
    const destinations: CopyDestination[] = plan.regions.map((region) => ({ region, name: plan.name, description: plan.description }));
    const interval = this.host.pollIntervalMs();
    const total = destinations.length;
    let reported = 0;
    let report: ((message: string, increment?: number) => void) | undefined;
    const shown = new Set<number>();
    const batch = this.deps.aws().copyBatch(ref, destinations, {
      pollIntervalMs: interval,
      ...this.deps.batch,
      // Copies into regions in view are followed by the tree's poller (while the view is visible);
      // only copies into regions out of view make the batch ask AWS itself.
      poll: notInView.length > 0,
      confirmed: { createdTime: seen.image.CreatedTime },
      copyTags: plan.copyTags,
      onProgress: (p) => {
        const job = p.changed;
        this.deps.log.info(`Copy ${plan.name} → ${job.destination.region}: ${job.state}${job.error ? ` (${(job.error as Error).name ?? 'error'})` : ''}`);
        if (job.state === 'copying' && job.ref && !shown.has(job.index)) {
          shown.add(job.index);
          void this.showCopy(job.ref, (image) => batch.observe(image));
        }
        const increment = ((p.finished - reported) / p.total) * 100;
        reported = p.finished;
        report?.(this.progressText(p.jobs), increment > 0 ? increment : undefined);
      },
    });
    // What the tree's poller (or a panel refresh) learns about a copy reaches the batch.
    const subscription = this.deps.changes.on((change) => {
      if (change.image) {
        batch.observe(change.image);
      }
    });
    const done = batch.run().finally(() => subscription.dispose());
    if (notInView.length > 0) {
      void this.offerAddRegions(ref.profile, notInView);
    }
    const title = total === 1 ? this.t('Copying "{0}" to {1}', plan.name, plan.regions[0]) : this.t('Copying "{0}" to {1} regions', plan.name, total);
    await this.host.withProgress(title, async (r, onCancel) => {
      report = r;
      r(this.progressText(batch.jobs));
      let cancelled = false;
      let wake: (() => void) | undefined;
      onCancel(() => {
        cancelled = true;
        const n = batch.cancel();
        this.deps.log.info(`Copy ${plan.name}: cancelled ${n} not started; copies already sent go on.`);
        wake?.();
      });
      // After a cancel the notification goes once nothing is waiting to start; the copies in flight are followed in the tree.
      const startedAll = new Promise<void>((resolve) => (wake = resolve));
      await Promise.race([done, startedAll.then(() => (cancelled ? undefined : done))]);
    });
    const jobs = await done;
    this.report(seen, plan, jobs).catch((err: unknown) => this.deps.log.error(`Copy report: ${String(err)}`));
    return { plan, jobs };
  }

  /** Describes a copy that just started (one DescribeImages by its ARN) and shows it in the tree. */
  private async showCopy(ref: ImageRef, observe: (image: Image) => void): Promise<void> {
    const askedAt = Date.now();
    try {
      const image = await this.deps.aws().describeImage(ref);
      if (image) {
        observe(image);
        await this.host.showNewImage(ref, image, askedAt);
      }
    } catch (err) {
      this.deps.log.warn(`Describing the copy ${ref.arn}: ${(err as Error).name ?? String(err)}`);
    }
  }

  private progressText(jobs: readonly CopyJobStatus[]): string {
    const finished = jobs.filter((j) => ['available', 'failed', 'error', 'cancelled'].includes(j.state)).length;
    const states = jobs.map((j) => `${j.destination.region}: ${this.stateText(j)}`).join(' · ');
    return this.t('{0} of {1} done · {2}', finished, jobs.length, states);
  }

  private stateText(job: CopyJobStatus): string {
    switch (job.state) {
      case 'queued':
        return job.limitWaits > 0 ? this.t('waiting for a free copy slot') : this.t('queued');
      case 'starting':
        return this.t('starting');
      case 'copying':
        return 'COPYING';
      case 'available':
        return 'AVAILABLE';
      case 'failed':
        return 'FAILED';
      case 'error':
        return this.t('refused');
      case 'cancelled':
        return this.t('cancelled');
    }
  }

  private async offerAddRegions(profile: string, regions: string[]): Promise<void> {
    const add = this.t('Add to View');
    const choice = await this.host.prompts.showInformationMessage(
      this.t('{0} is not in the view: add it to see the copy there (COPYING until it is AVAILABLE)?', regions.join(', ')),
      add,
    );
    if (choice === add) {
      await this.host.addRegionsToView(profile, regions);
    }
  }

  /** Why one copy did not become AVAILABLE, in the user's terms. */
  explain(job: CopyJobStatus): string {
    if (job.state === 'failed') {
      const reason = job.image?.StateChangeReason;
      const help = explainStateChangeReason(reason?.Code ?? 'IMAGE_COPY_FAILURE');
      return this.t('the copy ended FAILED ({0}{1}): {2} {3}', reason?.Code ?? '?', reason?.Message ? `: ${reason.Message}` : '', help.cause, help.fix);
    }
    if (job.state === 'cancelled') {
      return job.error ? this.t('not started: {0}', this.errorText(job.error)) : this.t('not started (cancelled)');
    }
    return this.errorText(job.error);
  }

  private errorText(err: unknown): string {
    const info = classifyError(err, { profile: '?', region: '?', operation: 'CopyImage' });
    return `${info.message} ${info.advice}`;
  }

  private async report(seen: SeenImage, plan: CopyPlan, jobs: readonly CopyJobStatus[]): Promise<void> {
    const ok = jobs.filter((j) => j.state === 'available');
    const bad = jobs.filter((j) => j.state !== 'available');
    const tagProblems = jobs.filter((j) => j.tagError !== undefined);
    const tagNote = tagProblems.length
      ? ' ' + this.t('The tags were not copied to {0}: {1}', tagProblems.map((j) => j.destination.region).join(', '), this.errorText(tagProblems[0].tagError))
      : plan.copyTags && ok.length
        ? ' ' + this.t('Tags copied: {0}.', Object.keys(ok.find((j) => j.tagged)?.tagged ?? {}).length)
        : '';
    if (bad.length === 0) {
      void this.host.prompts.showInformationMessage(this.t('Copied "{0}" to {1}: AVAILABLE.', plan.name, ok.map((j) => j.destination.region).join(', ')) + tagNote);
      return;
    }
    const lines = bad.map((j) => `${j.destination.region}: ${this.explain(j)}`);
    this.deps.log.warn(`Copy ${plan.name} of ${seen.ref.arn}: ${lines.join(' | ')}`);
    const taken = bad.filter((j) => j.state === 'error' && (j.error as { name?: string } | undefined)?.name === 'ResourceAlreadyExistsException');
    const head = ok.length
      ? this.t('Copied "{0}" to {1} of {2} regions.', plan.name, ok.length, jobs.length)
      : this.t('"{0}" was not copied.', plan.name);
    const message = `${head} ${lines.join(' ')}${tagNote}`;
    const rename = this.t('Choose Another Name');
    const showLog = this.t('Show Log');
    const buttons = taken.length ? [rename, showLog] : [showLog];
    const choice = await this.host.prompts.showErrorMessage(message, ...buttons);
    if (choice === showLog) {
      this.host.showLog();
    } else if (choice === rename) {
      await this.retryWithAnotherName(seen, plan, taken.map((j) => j.destination.region));
    }
  }

  /** After ResourceAlreadyExists: asks for another name (validated as typed) and copies to those regions again. */
  private async retryWithAnotherName(seen: SeenImage, plan: CopyPlan, regions: string[]): Promise<CopyOutcome | undefined> {
    const name = await this.host.prompts.showInputBox({
      title: this.t('An image named "{0}" already exists in {1}: another name for the copy', plan.name, regions.join(', ')),
      value: `${plan.name}-copy`,
      ignoreFocusOut: true,
      validateInput: (v) => this.nameProblem(v, seen, regions) ?? (v === plan.name ? this.t('That name is taken in {0}.', regions.join(', ')) : undefined),
    });
    if (name === undefined) {
      return undefined;
    }
    return this.run(seen, { ...plan, regions, name });
  }
}
