// Managed image updates: what the commands, the tree and the details panel share. "Check for
// Updates" sends one CreateUpdatedImage dry run per own AVAILABLE image, only when asked, through
// the AWS layer's limiter, under a progress notification that says how many; the answers are kept
// per image (ARN, seen through a profile) until a refresh and shown in the rows and the panel.
// "Create Updated Image…" asks the new name (validated as typed), display name, description and
// whether to copy the tags, says what AWS documents before the modal yes, then sends the one
// CreateUpdatedImage; the new image shows PENDING in Private and the tree's poller follows it.
// No `vscode` here: its VS Code side comes in as an UpdateHost, so a test drives the flow.
import type { Image } from '@aws-sdk/client-appstream';
import type { AppStreamService } from '../aws';
import { classifyError } from '../aws/errors';
import { accountOfImageArn, imageRefKey, type ImageRef, type SeenImage } from '../aws/imageRef';
import { isTransitional } from '../aws/imageRules';
import {
  UPDATE_FACTS,
  defaultUpdatedName,
  isUpdateCheckable,
  validateUpdatedDescription,
  validateUpdatedDisplayName,
  validateUpdatedImageName,
  type UpdateCheck,
} from '../aws/updateRules';
import type { Logger } from '../platform/logger';
import type { Prompts } from '../platform/prompts';
import { explainStateChangeReason } from '../webview/imageErrorHelp';
import type { Disposable, ImageChanges } from './imageChanges';

/** What the update flows need from VS Code; the extension builds it (platform/updateHost.ts), a test fakes it. */
export interface UpdateHost {
  readonly prompts: Pick<Prompts, 'showQuickPick' | 'showInputBox' | 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage'>;
  readonly l10n: { t(message: string, ...args: Array<string | number | boolean>): string };
  /** Runs `task` under a cancellable progress notification. */
  withProgress<T>(title: string, task: (report: (message: string, increment?: number) => void, onCancel: (listener: () => void) => void) => Promise<T>): Thenable<T>;
  /** A check's answer is in: redraw the image's rows (description, menu facet). */
  showCheck(ref: ImageRef): void;
  /** The new image (PENDING): show it in its region's Private group, where the poller follows it. */
  showNewImage(ref: ImageRef, image: Image, askedAt: number): Promise<void>;
  showLog(): void;
}

export interface UpdateServiceDeps {
  aws(): AppStreamService;
  changes: ImageChanges;
  log: Logger;
  host: UpdateHost;
}

export interface CheckSummary {
  checked: number;
  available: number;
  upToDate: number;
  notSupported: number;
  failed: number;
  /** The user cancelled before these were sent. */
  skipped: number;
}

/** What the user chose for the new image; nothing was sent before all of it was known. */
export interface UpdatePlan {
  newName: string;
  displayName?: string;
  description?: string;
  copyTags: boolean;
}

export class UpdateService implements Disposable {
  private readonly checks = new Map<string, UpdateCheck>();
  private readonly listeners = new Set<(ref: ImageRef, check: UpdateCheck | undefined) => void>();
  private readonly following = new Set<Disposable>();

  constructor(private readonly deps: UpdateServiceDeps) {}

  private t(message: string, ...args: Array<string | number | boolean>): string {
    return this.deps.host.l10n.t(message, ...args);
  }

  /** What the last check said about an image in view, without a request. */
  peek(ref: Pick<ImageRef, 'profile' | 'arn'>): UpdateCheck | undefined {
    return this.checks.get(imageRefKey(ref));
  }

  /** Forgets one image's answer, or all (a refresh): they show no update state until checked again. */
  forget(ref?: Pick<ImageRef, 'profile' | 'arn'>): void {
    if (ref) {
      this.checks.delete(imageRefKey(ref));
    } else {
      this.checks.clear();
    }
  }

  /** Told when an image's answer changes (the details panel shows it). */
  onDidChange(listener: (ref: ImageRef, check: UpdateCheck | undefined) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private record(ref: ImageRef, check: UpdateCheck | undefined): void {
    if (check) {
      this.checks.set(imageRefKey(ref), check);
    } else {
      this.checks.delete(imageRefKey(ref));
    }
    this.deps.host.showCheck(ref);
    for (const listener of [...this.listeners]) {
      listener(ref, check);
    }
  }

  /**
   * Check for Updates on these images (a row, a Private group, a region): only the own AVAILABLE
   * ones are asked about, one dry run each. Resolves with the figures once all are in (or the user
   * cancelled those not sent yet); the summary is shown without waiting for the user to read it.
   */
  async checkImages(images: readonly SeenImage[], where: string): Promise<CheckSummary> {
    const targets = images.filter((s) => isUpdateCheckable(s.image));
    const summary: CheckSummary = { checked: 0, available: 0, upToDate: 0, notSupported: 0, failed: 0, skipped: 0 };
    if (targets.length === 0) {
      void this.deps.host.prompts.showInformationMessage(this.t('No own AVAILABLE images to check for updates in {0}.', where));
      return summary;
    }
    const total = targets.length;
    const title = total === 1 ? this.t('Checking 1 image for updates') : this.t('Checking {0} images for updates', total);
    const failures: { ref: ImageRef; error: unknown }[] = [];
    this.deps.log.info(`Check for updates in ${where}: ${total} images (CreateUpdatedImage dryRun, one each)`);
    await this.deps.host.withProgress(title, async (report, onCancel) => {
      let cancelled = false;
      onCancel(() => (cancelled = true));
      await this.deps.aws().checkForUpdates(
        targets.map((s) => s.ref),
        (ref, check) => {
          summary.checked++;
          if (check.kind === 'available') {
            summary.available++;
          } else if (check.kind === 'upToDate') {
            summary.upToDate++;
          } else if (check.kind === 'notSupported') {
            summary.notSupported++;
          } else {
            summary.failed++;
            failures.push({ ref, error: check.error });
          }
          this.record(ref, check);
          report(this.t('{0} of {1} checked · {2} with an update', summary.checked, total, summary.available), 100 / total);
        },
        () => cancelled,
      );
    });
    summary.skipped = total - summary.checked;
    this.deps.log.info(
      `Check for updates in ${where}: ${summary.available} available, ${summary.upToDate} up to date, ${summary.notSupported} not supported, ${summary.failed} failed, ${summary.skipped} not checked`,
    );
    void this.showSummary(summary, failures, total, targets[0]);
    return summary;
  }

  private async showSummary(summary: CheckSummary, failures: { ref: ImageRef; error: unknown }[], total: number, only: SeenImage): Promise<void> {
    const head =
      total === 1
        ? summary.available
          ? this.t('"{0}" has an update.', only.ref.name)
          : summary.upToDate
            ? this.t('"{0}" has no update: it has the latest updates.', only.ref.name)
            : ''
        : this.t('{0} of {1} images have an update.', summary.available, total);
    const notes = [
      summary.notSupported ? this.t('{0} not supported by managed updates (platform or base image).', summary.notSupported) : '',
      summary.skipped ? this.t('{0} not checked (cancelled).', summary.skipped) : '',
    ].filter(Boolean);
    const line = [head, ...notes].filter(Boolean).join(' ');
    if (failures.length === 0) {
      void this.deps.host.prompts.showInformationMessage(line);
      return;
    }
    const first = failures[0];
    const info = classifyError(first.error, { profile: first.ref.profile, region: first.ref.region, operation: 'CreateUpdatedImage' });
    for (const f of failures) {
      this.deps.log.warn(`Check for updates of ${f.ref.arn}: ${(f.error as Error)?.name ?? 'Error'}`);
    }
    const showLog = this.t('Show Log');
    const choice = await this.deps.host.prompts.showWarningMessage(
      `${line} ${this.t('{0} could not be checked ("{1}": {2} {3})', failures.length, first.ref.name, info.message, info.advice)}`,
      showLog,
    );
    if (choice === showLog) {
      this.deps.host.showLog();
    }
  }

  /**
   * Create Updated Image… for one image the user saw: asks, says what AWS documents, and only
   * after the modal yes sends CreateUpdatedImage. Undefined when the user cancelled (nothing sent).
   */
  async createUpdatedImage(seen: SeenImage): Promise<{ ref: ImageRef; image: Image } | undefined> {
    if (!isUpdateCheckable(seen.image)) {
      void this.deps.host.prompts.showWarningMessage(
        this.t(
          'Only an own image that is AVAILABLE can be updated; "{0}" is {1} ({2}). Nothing was created.',
          seen.image.Name ?? seen.ref.name,
          seen.image.State ?? '?',
          seen.image.Visibility ?? '?',
        ),
      );
      return undefined;
    }
    const plan = await this.ask(seen);
    if (!plan || !(await this.confirm(seen, plan))) {
      this.deps.log.info(`Create updated image of ${seen.ref.arn} cancelled before sending anything.`);
      return undefined;
    }
    const askedAt = Date.now();
    const made = await this.deps.aws().createUpdatedImage(
      seen.ref,
      { newName: plan.newName, displayName: plan.displayName, description: plan.description, copyTags: plan.copyTags },
      { createdTime: seen.image.CreatedTime },
    );
    this.deps.log.info(`CreateUpdatedImage ${seen.ref.arn} → ${made.ref.arn}: ${made.image.State ?? '?'}`);
    this.follow(made.ref);
    await this.deps.host.showNewImage(made.ref, made.image, askedAt);
    void this.deps.host.prompts.showInformationMessage(
      this.t('AWS is updating "{0}" into "{1}" ({2}): it shows in Private and is followed until it is AVAILABLE. This can take hours.', seen.ref.name, made.ref.name, made.image.State ?? 'PENDING'),
    );
    return made;
  }

  /** The questions, in order; undefined as soon as one is cancelled. */
  async ask(seen: SeenImage): Promise<UpdatePlan | undefined> {
    const name = seen.image.Name ?? seen.ref.name;
    const prompts = this.deps.host.prompts;
    const newName = await prompts.showInputBox({
      title: this.t('Create updated image of "{0}": name of the new image', name),
      prompt: this.t('Letters, digits, _ . - (starting with a letter or digit), at most 101 characters, unique in {0}.', seen.ref.region),
      value: defaultUpdatedName(name),
      ignoreFocusOut: true,
      validateInput: (v) => validateUpdatedImageName(v) ?? (v === name ? this.t('That is the source image\'s name: choose a new one.') : undefined),
    });
    if (newName === undefined) {
      return undefined;
    }
    const displayName = await prompts.showInputBox({
      title: this.t('Create updated image of "{0}": display name', name),
      prompt: this.t('At most 100 characters; empty: none.'),
      value: seen.image.DisplayName && seen.image.DisplayName !== name ? seen.image.DisplayName : '',
      ignoreFocusOut: true,
      validateInput: (v) => validateUpdatedDisplayName(v),
    });
    if (displayName === undefined) {
      return undefined;
    }
    const description = await prompts.showInputBox({
      title: this.t('Create updated image of "{0}": description', name),
      prompt: this.t('At most 256 characters; empty: none.'),
      value: seen.image.Description ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => validateUpdatedDescription(v),
    });
    if (description === undefined) {
      return undefined;
    }
    const withTags = { label: this.t('Copy tags too'), detail: this.t('The source\'s tags are read (ListTagsForResource) and given to the new image.') };
    const withoutTags = { label: this.t('Do not copy tags'), detail: this.t('The new image starts without tags.') };
    const choice = await prompts.showQuickPick([withTags, withoutTags], {
      title: this.t('Create updated image of "{0}": tags', name),
      placeHolder: this.t('Copy the tags of "{0}" to "{1}"?', name, newName),
      ignoreFocusOut: true,
    });
    if (!choice) {
      return undefined;
    }
    return { newName, displayName: displayName || undefined, description: description || undefined, copyTags: choice.label === withTags.label };
  }

  /** The modal question, with what AWS documents; true only for an explicit yes. */
  private async confirm(seen: SeenImage, plan: UpdatePlan): Promise<boolean> {
    const button = this.t('Create Updated Image');
    const answer = await this.deps.host.prompts.showWarningMessage(
      this.t(
        'Create "{0}" from "{1}" with the latest updates in {2} ({3}), {4}?',
        plan.newName,
        seen.ref.name,
        seen.ref.profile,
        accountOfImageArn(seen.ref.arn) ?? '?',
        seen.ref.region,
      ),
      { modal: true, detail: this.t(UPDATE_FACTS) + (plan.copyTags ? ` ${this.t('The source\'s tags are copied to the new image.')}` : '') },
      button,
    );
    return answer === button;
  }

  /** Says once how the new image ended (AVAILABLE, or FAILED explained), as the poller learns it. */
  private follow(ref: ImageRef): void {
    const subscription = this.deps.changes.on((change) => {
      if (change.ref.arn !== ref.arn || change.ref.profile !== ref.profile) {
        return;
      }
      const image = change.image;
      if (image && isTransitional(image.State)) {
        return;
      }
      subscription.dispose();
      this.following.delete(subscription);
      if (!image) {
        return;
      }
      if (image.State === 'AVAILABLE') {
        void this.deps.host.prompts.showInformationMessage(this.t('The updated image "{0}" is AVAILABLE.', ref.name));
      } else if (image.State === 'FAILED') {
        const reason = image.StateChangeReason;
        const help = explainStateChangeReason(reason?.Code ?? 'IMAGE_UPDATE_FAILURE');
        const message = this.t('The updated image "{0}" ended FAILED ({1}{2}): {3} {4}', ref.name, reason?.Code ?? '?', reason?.Message ? `: ${reason.Message}` : '', help.cause, help.fix);
        this.deps.log.warn(message);
        void this.deps.host.prompts.showErrorMessage(message);
      }
    });
    this.following.add(subscription);
  }

  dispose(): void {
    this.following.forEach((s) => s.dispose());
    this.following.clear();
    this.listeners.clear();
  }
}
