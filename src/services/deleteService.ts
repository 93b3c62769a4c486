// Deleting images: what the Delete command, the Delete key and the details panel's Delete button
// all call. Looks up what would block the delete, confirms, calls DeleteImage once per image
// (bound to what the user confirmed), says DELETING at once through the one change event, and
// follows each image until it is gone. No `vscode` here: its VS Code side (prompts, progress,
// l10n) comes in as a DeleteHost, so a test drives the whole flow against the emulator.
import type { Image } from '@aws-sdk/client-appstream';
import type { AppStreamService } from '../aws';
import { classifyError, type AwsErrorInfo } from '../aws/errors';
import { accountSuffix, type ImageRef, type SeenImage } from '../aws/imageRef';
import { isDeletable, isImageInUse, type ImageUsage } from '../aws/imageRules';
import { onlySharingBlocksDelete } from '../aws/sharingRules';
import type { Logger } from '../platform/logger';
import type { Prompts } from '../platform/prompts';
import type { ImageChanges } from './imageChanges';
import { referenceLines, type FoundReferences } from './workspaceReferenceLines';

/** What the delete flow needs from VS Code; the extension builds it (platform/deleteHost.ts), a test fakes it. */
export interface DeleteHost {
  readonly prompts: Pick<Prompts, 'showWarningMessage' | 'showInformationMessage' | 'showErrorMessage' | 'showInputBox'>;
  /** vscode.l10n in the extension. */
  readonly l10n: { t(message: string, ...args: Array<string | number | boolean>): string };
  /** The confirmation the user chose (setting deleteConfirmation), read when asking. */
  confirmation(): 'button' | 'typeName';
  /** Runs `task` under a progress notification; with `cancellable`, `cancelled()` says whether the user pressed Cancel. */
  withProgress<T>(title: string, options: { cancellable: boolean }, task: (cancelled: () => boolean) => Promise<T>): Thenable<T>;
  /** Shows progress on the explorer view until `done` settles. */
  showProgressInView(title: string, done: Promise<void>): void;
  showDetails(target: SeenImage): Thenable<unknown>;
  showLog(): void;
  reloadView(): void;
  /** "Unshare and delete" stopped sharing the image with these accounts: their *Shared with me* groups in view are listed again. */
  sharingChanged(ref: ImageRef, accountIds: readonly string[]): void;
  /**
   * The workspace files that reference these images (by ARN, or by name: they are own images),
   * searched within `budgetMs`; `complete` false when the search stopped. The service also stops
   * waiting at the budget and treats a rejection as an incomplete search.
   */
  workspaceReferences(images: readonly ImageRef[], budgetMs: number): Promise<FoundReferences>;
}

export interface DeleteServiceDeps {
  aws(): AppStreamService;
  changes: ImageChanges;
  log: Logger;
  host: DeleteHost;
  /** How long the view's progress follows a delete; the poller keeps following after. Default 10 minutes. */
  followLimitMs?: number;
  /** The wait before a Retry after ConcurrentModificationException. Default 3 s. */
  retryDelayMs?: number;
  /** The time budget of the workspace search for files that reference the images. Default 2 s. */
  referenceSearchMs?: number;
}

/** How long past its budget the confirmation waits for the workspace search before it goes without. */
const SEARCH_GRACE_MS = 250;

/** What became of one image the user asked to delete. */
export interface DeleteOutcome {
  target: SeenImage;
  /** The Image DeleteImage returned (DELETING). */
  deleted?: Image;
  error?: AwsErrorInfo;
  /** What uses it, when that kept it from being deleted. */
  usage?: ImageUsage;
  /** "Unshare from N accounts and delete": the accounts it was unshared from (before the delete, or before a failure). */
  unshared?: string[];
  /** The account whose unshare failed (then nothing was deleted). */
  unshareFailedFor?: string;
}

export interface DeleteOptions {
  /** The confirmation to ask for, instead of the user's setting (the cleanup report always has one typed: "delete 12 images"). */
  confirmation?: 'typeName';
}

interface Checked {
  target: SeenImage;
  usage?: ImageUsage;
  error?: AwsErrorInfo;
}

export class DeleteService {
  /** ARNs whose DeleteImage is under way in this window: a second click (or a second profile of the same account) sends nothing. */
  private readonly inFlight = new Set<string>();

  constructor(private readonly deps: DeleteServiceDeps) {}

  private get host(): DeleteHost {
    return this.deps.host;
  }

  private t(message: string, ...args: Array<string | number | boolean>): string {
    return this.deps.host.l10n.t(message, ...args);
  }

  /** Whether a delete of this image is being asked about or sent right now. */
  isDeleting(ref: Pick<ImageRef, 'arn'>): boolean {
    return this.inFlight.has(ref.arn);
  }

  /**
   * Deletes the images the user picked, after one confirmation. Returns when AWS has answered;
   * the report (a notification, or a modal for a single failure) is shown without waiting for it.
   */
  async deleteImages(seen: readonly SeenImage[], options: DeleteOptions = {}): Promise<DeleteOutcome[]> {
    // One DeleteImage per ARN: two profiles of one account show the same image twice.
    const targets = [...new Map(seen.map((t) => [t.ref.arn, t])).values()];
    if (targets.length === 0) {
      return [];
    }
    const notOwn = targets.filter((t) => !isDeletable(t.image));
    if (notOwn.length > 0) {
      void this.host.prompts.showWarningMessage(
        this.t(
          'Only images your account owns can be deleted, and not while already deleting: {0}',
          notOwn.map((t) => `${t.image.Name} (${t.image.Visibility}, ${t.image.State})`).join(', '),
        ),
      );
    }
    const busy = targets.filter((t) => this.inFlight.has(t.ref.arn));
    if (busy.length > 0) {
      void this.host.prompts.showInformationMessage(this.t('Already being deleted: {0}', busy.map((t) => t.image.Name ?? '').join(', ')));
    }
    const candidates = targets.filter((t) => isDeletable(t.image) && !this.inFlight.has(t.ref.arn));
    if (candidates.length === 0) {
      return [];
    }

    // Hold the images from the first click on, so a double click cannot start a second delete.
    candidates.forEach((t) => this.inFlight.add(t.ref.arn));
    let outcomes: DeleteOutcome[];
    try {
      outcomes = await this.confirmAndDelete(candidates, options);
    } finally {
      candidates.forEach((t) => this.inFlight.delete(t.ref.arn));
    }
    // Reported after releasing the images, so a Retry from the report can start a new delete; not
    // awaited: the delete is done when AWS has answered, not when the user closes a notification.
    if (outcomes.length > 0) {
      this.report(outcomes).catch((err: unknown) => this.deps.log.error(`Delete report: ${String(err)}`));
    }
    return outcomes;
  }

  /**
   * Resolves when the image is gone or has settled in another state than DELETING (as the
   * change event tells), or after followLimitMs.
   */
  follow(ref: Pick<ImageRef, 'profile' | 'arn'>): Promise<void> {
    return new Promise<void>((resolve) => {
      const sub = this.deps.changes.on((change) => {
        if (change.ref.profile !== ref.profile || change.ref.arn !== ref.arn || change.image?.State === 'DELETING') {
          return;
        }
        sub.dispose();
        clearTimeout(giveUp);
        if (!change.image) {
          this.deps.log.info(`${ref.arn} (${ref.profile}) is gone.`);
        }
        resolve();
      });
      const giveUp = setTimeout(() => {
        sub.dispose();
        resolve();
      }, this.deps.followLimitMs ?? 10 * 60_000);
    });
  }

  private async confirmAndDelete(candidates: SeenImage[], options: DeleteOptions): Promise<DeleteOutcome[]> {
    // The workspace search runs while AWS is asked what uses the images: it adds no wait beyond its budget.
    const references = this.searchReferences(candidates);
    const checked = await this.host.withProgress(this.t('Checking what uses {0}…', this.names(candidates)), { cancellable: true }, async (cancelled) => {
      const all = await this.checkUsage(candidates);
      return cancelled() ? undefined : all;
    });
    if (!checked) {
      return [];
    }
    const blocked = checked.filter((c) => c.usage && isImageInUse(c.usage));
    const lookupFailed = checked.filter((c) => c.error);
    const ready = checked.filter((c) => c.usage && !isImageInUse(c.usage)).map((c) => c.target);

    if (ready.length === 0) {
      // One image that only sharing keeps from being deleted: offer to unshare it, then delete it.
      if (checked.length === 1 && blocked.length === 1 && onlySharingBlocksDelete(blocked[0].usage!)) {
        return this.unshareAndDelete(blocked[0].target, blocked[0].usage!, await references);
      }
      await this.explainNothingToDelete(blocked, lookupFailed);
      return [];
    }
    if (!(await this.confirm(ready, blocked, lookupFailed, options, await references))) {
      return [];
    }
    const outcomes = await this.host.withProgress(this.t('Deleting {0}…', this.names(ready)), { cancellable: false }, () =>
      Promise.all(ready.map((target) => this.send(target))),
    );
    const skipped: DeleteOutcome[] = [...blocked, ...lookupFailed].map((c) => ({ target: c.target, usage: c.usage, error: c.error }));
    return [...outcomes, ...skipped];
  }

  /** The workspace files that reference the images, within the budget; never rejects. */
  private async searchReferences(targets: SeenImage[]): Promise<FoundReferences> {
    const budgetMs = this.deps.referenceSearchMs ?? 2000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<FoundReferences>((resolve) => (timer = setTimeout(() => resolve({ references: [], complete: false }), budgetMs + SEARCH_GRACE_MS)));
    const search = this.host.workspaceReferences(
      targets.map((t) => t.ref),
      budgetMs,
    ).then(
      (found) => found,
      (err: unknown) => {
        this.deps.log.warn(`Workspace search for references failed: ${String(err)}`);
        return { references: [], complete: false };
      },
    );
    try {
      return await Promise.race([search, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The reference lines of the confirmation for these images (see referenceLines). */
  private referenceDetail(found: FoundReferences, targets: SeenImage[]): string[] {
    const arns = new Set(targets.map((t) => t.ref.arn));
    return referenceLines({ references: found.references.filter((r) => arns.has(r.arn)), complete: found.complete }, (m, ...a) => this.t(m, ...a), {
      names: new Map(targets.map((t) => [t.ref.arn, t.image.Name ?? t.ref.name])),
      budgetMs: this.deps.referenceSearchMs ?? 2000,
    });
  }

  /**
   * What uses each image, one region at a time: one DescribeFleets chain and one
   * DescribeImageBuilders chain per profile and region however many images, then each own
   * image's permissions. Returned in the order of `targets`.
   */
  private async checkUsage(targets: SeenImage[]): Promise<Checked[]> {
    const regions = new Map<string, SeenImage[]>();
    for (const t of targets) {
      const key = `${t.ref.profile}\u0000${t.ref.region}`;
      regions.set(key, [...(regions.get(key) ?? []), t]);
    }
    const checked = new Map<SeenImage, Checked>();
    await Promise.all(
      [...regions.values()].map(async (group) => {
        const { profile, region } = group[0].ref;
        // classifyError names the look-up that failed (LookupFailed), not this default.
        const failed = (target: SeenImage, err: unknown): Checked => ({ target, error: classifyError(err, { profile, region, operation: 'DescribeFleets' }) });
        try {
          const usages = await this.deps.aws().findImagesUsage(profile, region, group.map((t) => t.image));
          group.forEach((target, i) => {
            const usage = usages[i];
            checked.set(target, usage instanceof Error ? failed(target, usage) : { target, usage });
          });
        } catch (err) {
          group.forEach((target) => checked.set(target, failed(target, err)));
        }
      }),
    );
    return targets.map((t) => checked.get(t)!);
  }

  /** DeleteImage, bound to what the user confirmed: the AWS layer re-checks account and image just before sending. */
  private async send(target: SeenImage): Promise<DeleteOutcome> {
    const { ref } = target;
    const askedAt = Date.now();
    try {
      const deleted = (await this.deps.aws().deleteImage(ref, { createdTime: target.image.CreatedTime })) ?? { ...target.image, State: 'DELETING' };
      this.deps.log.info(`DeleteImage ${ref.arn} (${ref.profile}): ${deleted.State}`);
      // DELETING at once in the tree and in an open details panel; then followed until gone.
      this.deps.changes.fire({ ref, image: deleted, askedAt });
      this.host.showProgressInView(this.t('Deleting {0}', ref.name), this.follow(ref));
      return { target, deleted };
    } catch (err) {
      const error = classifyError(err, { profile: ref.profile, region: ref.region, operation: 'DeleteImage' });
      this.deps.log.warn(`DeleteImage ${ref.arn} (${ref.profile}) not done: ${error.code}: ${error.message}`);
      if (error.kind === 'notFound') {
        // Already gone: the tree drops it.
        this.deps.changes.fire({ ref, image: undefined, askedAt });
      }
      return { target, error };
    }
  }

  /**
   * "Unshare from N accounts and delete": one confirmation listing the accounts and what losing the
   * image does to them; then, in the AWS layer, DeleteImagePermissions for each (stopping at the
   * first failure: nothing is deleted) and the bound DeleteImage. Nothing is sent on a cancel.
   */
  private async unshareAndDelete(target: SeenImage, usage: ImageUsage, references: FoundReferences): Promise<DeleteOutcome[]> {
    const shares = usage.sharedWith.map((s) => ({ accountId: s.sharedAccountId ?? '', fleet: s.imagePermissions?.allowFleet === true, builder: s.imagePermissions?.allowImageBuilder === true }));
    const accounts = shares.map((s) => s.accountId);
    const n = accounts.length;
    const where = `${target.ref.profile}${accountSuffix(target.ref.arn)}`;
    const message =
      n === 1
        ? this.t('Delete image "{0}" in {1}, {2}? It is shared with account {3}.', target.image.Name ?? '', where, target.ref.region, accounts[0])
        : this.t('Delete image "{0}" in {1}, {2}? It is shared with {3} accounts.', target.image.Name ?? '', where, target.ref.region, n);
    const losing = shares.filter((s) => s.fleet).map((s) => s.accountId);
    const detail = [
      this.t('AWS deletes an image only once it is shared with no account. It is shared with:'),
      ...shares.map((s) => `• ${s.accountId} — ${[s.fleet ? this.t('fleets') : '', s.builder ? this.t('image builders') : ''].filter(Boolean).join(', ') || this.t('nothing')}`),
      '',
      this.t('It will stop being shared with these accounts, then be deleted: they can no longer use it.'),
      losing.length
        ? this.t('Fleets of {0} that use this image can no longer launch new instances from it: their desired capacity drops to 0.', losing.join(', '))
        : '',
      ...this.referenceDetail(references, [target]),
      this.t('This cannot be undone.'),
    ]
      .filter((l, i) => l !== '' || i === shares.length + 1)
      .join('\n');
    const yes = n === 1 ? this.t('Unshare from 1 Account and Delete') : this.t('Unshare from {0} Accounts and Delete', n);
    if (this.host.confirmation() === 'typeName') {
      const expected = target.image.Name ?? '';
      const typed = await this.host.prompts.showInputBox({
        title: message,
        prompt: `${detail}\n${this.t('Type "{0}" to unshare it and delete it.', expected)}`,
        placeHolder: expected,
        ignoreFocusOut: true,
        validateInput: (v) => (v === expected ? undefined : this.t('Type "{0}" exactly to delete.', expected)),
      });
      if (typed !== expected) {
        return [];
      }
    } else if ((await this.host.prompts.showWarningMessage(message, { modal: true, detail }, yes)) !== yes) {
      return [];
    }
    const { ref } = target;
    const unshared: string[] = [];
    const askedAt = Date.now();
    const outcome = await this.host.withProgress(this.t('Unsharing "{0}" and deleting it…', ref.name), { cancellable: false }, async (): Promise<DeleteOutcome> => {
      try {
        const result = await this.deps.aws().unshareAndDelete(ref, accounts, { createdTime: target.image.CreatedTime }, (accountId) => unshared.push(accountId));
        const deleted = result.image ?? { ...target.image, State: 'DELETING' };
        this.deps.log.info(`DeleteImagePermissions ${ref.arn} (${ref.profile}) → ${result.unshared.join(', ')}; DeleteImage: ${deleted.State}`);
        this.deps.changes.fire({ ref, image: deleted, askedAt });
        this.host.showProgressInView(this.t('Deleting {0}', ref.name), this.follow(ref));
        return { target, deleted, unshared: result.unshared };
      } catch (err) {
        const failedFor = (err as { name?: string; accountId?: string }).name === 'UnshareFailed' ? (err as { accountId: string }).accountId : undefined;
        const error = classifyError(err, { profile: ref.profile, region: ref.region, operation: failedFor ? 'DeleteImagePermissions' : 'DeleteImage' });
        this.deps.log.warn(`Unshare and delete ${ref.arn} (${ref.profile}) not done${failedFor ? ` (unsharing from ${failedFor})` : ''}: ${error.code}: ${error.message}`);
        if (!failedFor && error.kind === 'notFound') {
          this.deps.changes.fire({ ref, image: undefined, askedAt });
        }
        return { target, error, unshared: [...unshared], unshareFailedFor: failedFor };
      }
    });
    if (unshared.length) {
      this.host.sharingChanged(ref, unshared);
    }
    this.report([outcome]).catch((err: unknown) => this.deps.log.error(`Delete report: ${String(err)}`));
    return [outcome];
  }

  private names(targets: SeenImage[]): string {
    return targets.length === 1 ? `"${targets[0].image.Name}"` : this.t('{0} images', targets.length);
  }

  describeUsage(usage: ImageUsage): string {
    const parts: string[] = [];
    if (usage.fleets.length) {
      parts.push(this.t('fleets {0}', usage.fleets.map((f) => `${f.name} (${f.state ?? '?'})`).join(', ')));
    }
    if (usage.imageBuilders.length) {
      parts.push(this.t('image builders {0}', usage.imageBuilders.map((b) => `${b.name} (${b.state ?? '?'})`).join(', ')));
    }
    if (usage.sharedWith.length) {
      parts.push(this.t('shared with accounts {0}', usage.sharedWith.map((s) => s.sharedAccountId).join(', ')));
    }
    return parts.join('; ');
  }

  private async explainNothingToDelete(blocked: Checked[], failed: Checked[]): Promise<void> {
    const lines = [
      ...blocked.map((b) => this.t('{0} is in use: {1}.', b.target.image.Name ?? '', this.describeUsage(b.usage!))),
      ...failed.map((f) => this.t('{0}: could not check its use: {1}', f.target.image.Name ?? '', f.error!.message)),
    ];
    const detail = [
      ...lines,
      blocked.length ? this.t('AWS refuses to delete an image in use. Stop or change those fleets, delete the image builders, and stop sharing the image; then delete it.') : '',
    ]
      .filter(Boolean)
      .join('\n');
    const first = blocked[0]?.target ?? failed[0]?.target;
    await this.offer('showWarningMessage', this.t('Nothing can be deleted.'), { modal: true, detail }, this.t('Show Details'), () => first && this.host.showDetails(first));
    this.deps.log.info(`Delete not offered: ${lines.join(' ')}`);
  }

  /** One modal for all images; it names each image with its account and region. */
  private async confirm(ready: SeenImage[], blocked: Checked[], failed: Checked[], options: DeleteOptions, references: FoundReferences): Promise<boolean> {
    const listing = ready.map((t) => `• ${t.image.Name} — ${t.ref.profile}${accountSuffix(t.ref.arn)} · ${t.ref.region}`).join('\n');
    const skipped = [
      ...blocked.map((b) => `• ${b.target.image.Name}: ${this.describeUsage(b.usage!)}`),
      ...failed.map((f) => `• ${f.target.image.Name}: ${f.error!.message}`),
    ];
    const referencing = this.referenceDetail(references, ready);
    const detail = [
      listing,
      skipped.length ? `\n${this.t('Not deleted (in use or not checked):')}\n${skipped.join('\n')}` : '',
      referencing.length ? `\n${referencing.join('\n')}` : '',
      `\n${this.t('This cannot be undone.')}`,
    ].join('\n');
    const message =
      ready.length === 1
        ? this.t('Delete image "{0}" in {1}, {2}?', ready[0].image.Name ?? '', `${ready[0].ref.profile}${accountSuffix(ready[0].ref.arn)}`, ready[0].ref.region)
        : this.t('Delete {0} images?', ready.length);

    if ((options.confirmation ?? this.host.confirmation()) === 'typeName') {
      const expected = ready.length === 1 ? ready[0].image.Name ?? '' : this.t('delete {0} images', ready.length);
      const typed = await this.host.prompts.showInputBox({
        title: message,
        prompt: `${detail}\n${this.t('Type "{0}" to confirm.', expected)}`,
        placeHolder: expected,
        ignoreFocusOut: true,
        validateInput: (v) => (v === expected ? undefined : this.t('Type "{0}" exactly to delete.', expected)),
      });
      return typed === expected;
    }
    const yes = ready.length === 1 ? this.t('Delete') : this.t('Delete {0} Images', ready.length);
    const choice = await this.host.prompts.showWarningMessage(message, { modal: true, detail }, yes);
    return choice === yes;
  }

  private async report(outcomes: DeleteOutcome[]): Promise<void> {
    const failed = outcomes.filter((o) => !o.deleted);
    const deleted = outcomes.filter((o) => o.deleted);
    if (outcomes.length === 1 && failed.length === 1) {
      await this.explainFailure(failed[0]);
      return;
    }
    if (failed.length === 0) {
      void this.host.prompts.showInformationMessage(
        deleted.length === 1 && deleted[0].unshared?.length
          ? this.t('"{0}" is no longer shared with {1} and is being deleted. It stays in the tree as DELETING until AWS removes it.', deleted[0].target.image.Name ?? '', deleted[0].unshared.join(', '))
          : deleted.length === 1
          ? this.t('Deleting "{0}". It stays in the tree as DELETING until AWS removes it.', deleted[0].target.image.Name ?? '')
          : this.t('Deleting {0} images: {1}.', deleted.length, deleted.map((o) => o.target.image.Name).join(', ')),
      );
      return;
    }
    const why = failed.map((o) => `${o.target.image.Name}: ${o.error ? `${o.error.message} ${o.error.advice}` : this.describeUsage(o.usage!)}`);
    this.deps.log.info(`Delete summary: deleted ${deleted.map((o) => o.target.image.Name).join(', ') || 'none'}; failed ${why.join(' | ')}`);
    await this.offer(
      'showWarningMessage',
      this.t('Deleted {0} of {1} images. {2} failed.', deleted.length, outcomes.length, failed.length),
      { modal: false, detail: why.join('\n') },
      this.t('Show Log'),
      () => this.host.showLog(),
    );
  }

  /** A message with one button; `then` runs when the user picks it. */
  private async offer(kind: 'showWarningMessage' | 'showErrorMessage', message: string, options: { modal?: boolean; detail?: string }, button: string, then: () => unknown): Promise<void> {
    const choice = await this.host.prompts[kind](message, options, button);
    if (choice === button) {
      await then();
    }
  }

  /** After ConcurrentModification: waits, looks again, and offers the fresh image for deletion (when it is still there). */
  private async retry(target: SeenImage): Promise<void> {
    await new Promise((r) => setTimeout(r, this.deps.retryDelayMs ?? 3000));
    const fresh = await this.deps.aws().describeImage(target.ref);
    if (!fresh) {
      void this.host.prompts.showInformationMessage(this.t('"{0}" is gone now.', target.image.Name ?? ''));
      return;
    }
    await this.deleteImages([{ ...target, image: fresh }]);
  }

  /** Each exception of DeleteImage gets its own message and next step. */
  private async explainFailure(outcome: DeleteOutcome): Promise<void> {
    const { target, error } = outcome;
    const name = target.image.Name ?? '';
    const { prompts } = this.host;
    if (!error) {
      return;
    }
    if (outcome.unshareFailedFor) {
      // UnshareFailed's message names the account, says nothing was deleted and which accounts were unshared.
      await this.offer('showErrorMessage', `${error.message} ${error.advice}`, { modal: true }, this.t('Show Details'), () => this.host.showDetails(target));
      return;
    }
    switch (error.kind) {
      case 'notFound':
        void prompts.showInformationMessage(this.t('"{0}" no longer exists in {1}: it was already deleted. It has been removed from the tree.', name, target.ref.region));
        return;
      case 'identityChanged':
        await this.offer('showErrorMessage', `${error.message} ${error.advice}`, { modal: true }, this.t('Refresh View'), () => this.host.reloadView());
        return;
      case 'inUse':
        await this.offer(
          'showErrorMessage',
          this.t('"{0}" is in use and was not deleted: {1} Stop the fleets or image builders that use it, and stop sharing it, then retry.', name, error.message),
          {},
          this.t('Show Details'),
          () => this.host.showDetails(target),
        );
        return;
      case 'notPermitted':
        void prompts.showErrorMessage(
          this.t('AWS does not allow deleting "{0}": {1} Only private images owned by this account ({2}) can be deleted; shared and public images belong to other accounts.', name, error.message, target.ref.profile),
        );
        return;
      case 'concurrentModification':
        await this.offer(
          'showWarningMessage',
          this.t('"{0}" is being changed by another operation right now ({1}). Wait a few seconds, then retry.', name, error.message),
          {},
          this.t('Retry'),
          () => this.retry(target),
        );
        return;
      default:
        await this.offer('showErrorMessage', this.t('Could not delete "{0}": {1} {2}', name, error.message, error.advice), {}, this.t('Show Log'), () => this.host.showLog());
    }
  }
}
