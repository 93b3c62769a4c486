// Sharing an own image with other AWS accounts: what the Manage Sharing command and the details
// panel's sharing buttons call. Lists the accounts the image is shared with, adds an account
// (offering the accounts of the profiles in view by name), changes an account's permissions and
// removes accounts, each change after a modal yes that says what it does (removing an account or
// its fleet permission: that account's fleets can no longer launch new instances from the image).
// No `vscode` here: its VS Code side comes in as a SharingHost (platform/sharingHost.ts), so a
// fast test drives the whole flow against the emulator.
import type { AppStreamService } from '../aws';
import { classifyError, type AwsErrorInfo } from '../aws/errors';
import { accountOfImageArn, type ImageRef, type SeenImage } from '../aws/imageRef';
import { losesFleetAccess, normalizeAccountId, validateAccountId, type ImageShare, type SharePermissions } from '../aws/sharingRules';
import type { Logger } from '../platform/logger';
import type { Prompts } from '../platform/prompts';
import type { ImageChanges } from './imageChanges';

/** A profile in view whose account is known (learned from its images' ARNs). */
export interface KnownAccount {
  profile: string;
  accountId: string;
}

/** What the sharing flow needs from VS Code; the extension builds it (platform/sharingHost.ts), a test fakes it. */
export interface SharingHost {
  readonly prompts: Pick<Prompts, 'showQuickPick' | 'showInputBox' | 'showWarningMessage' | 'showInformationMessage' | 'showErrorMessage'>;
  /** vscode.l10n in the extension. */
  readonly l10n: { t(message: string, ...args: Array<string | number | boolean>): string };
  /** Runs `task` under a progress notification. */
  withProgress<T>(title: string, task: () => Promise<T>): Thenable<T>;
  /** The profiles in view whose account id the tree has learned: offered by name when adding an account. */
  knownAccounts(): KnownAccount[];
  /** The accounts an image is shared with were just read: the tree shows "shared with N accounts". */
  sharesKnown(ref: ImageRef, shares: readonly ImageShare[]): void;
  /**
   * The image's sharing changed for these accounts: the consumers' *Shared with me* groups in view
   * are listed again, and an open details panel of the image reloads.
   */
  sharingChanged(ref: ImageRef, accountIds: readonly string[]): void;
  showLog(): void;
}

export interface SharingServiceDeps {
  aws(): AppStreamService;
  changes: ImageChanges;
  log: Logger;
  host: SharingHost;
}

/** What the user can ask for from the panel's buttons (or a command argument) without the list. */
export type SharingAction = { action: 'add' } | { action: 'change'; accountId: string } | { action: 'remove'; accountIds: readonly string[] };

type Change =
  | { kind: 'share'; accountId: string; before?: ImageShare; after: SharePermissions }
  | { kind: 'unshare'; shares: ImageShare[] };

interface Item {
  label: string;
  description?: string;
  detail?: string;
  picked?: boolean;
  /** What picking it does. */
  id: string;
}

export class SharingService {
  constructor(private readonly deps: SharingServiceDeps) {}

  private get host(): SharingHost {
    return this.deps.host;
  }

  private t(message: string, ...args: Array<string | number | boolean>): string {
    return this.deps.host.l10n.t(message, ...args);
  }

  /**
   * Manage Sharing: the accounts the image is shared with, and what can be done about each. After
   * a change the list comes back (read again); Escape ends. Returns the changes made.
   */
  async manage(target: SeenImage): Promise<number> {
    if (!this.isOwn(target)) {
      return 0;
    }
    let current = target;
    let changes = 0;
    for (;;) {
      const shares = await this.readShares(current);
      const choice = await this.host.prompts.showQuickPick(this.listItems(current, shares), {
        title: this.t('Sharing of "{0}" ({1}, {2})', current.ref.name, current.ref.profile, current.ref.region),
        placeHolder: shares.length
          ? this.t('Shared with {0} of at most 100 accounts: pick an account to change or remove it', shares.length)
          : this.t('Not shared with any account'),
        matchOnDescription: true,
        // Several steps: a click elsewhere (the tree taking the focus back from its context menu) must not end them.
        ignoreFocusOut: true,
      });
      if (!choice) {
        return changes;
      }
      let action: SharingAction | undefined;
      if (choice.id === 'add') {
        action = { action: 'add' };
      } else if (choice.id === 'removeAll') {
        action = { action: 'remove', accountIds: shares.map((s) => s.accountId) };
      } else {
        action = await this.pickAccountAction(current, shares.find((s) => s.accountId === choice.id)!);
      }
      if (!action) {
        continue;
      }
      const done = await this.act(current, action, shares);
      if (!done) {
        return changes;
      }
      changes += done.changed ? 1 : 0;
      current = done.target;
    }
  }

  /** One action from the panel (Share with Account…, Change…, Stop Sharing…): the same steps as from the list. */
  async run(target: SeenImage, action: SharingAction): Promise<boolean> {
    if (!this.isOwn(target)) {
      return false;
    }
    const shares = await this.readShares(target);
    return (await this.act(target, action, shares))?.changed === true;
  }

  /** Only the owning account sees and changes who an image is shared with. */
  private isOwn(target: SeenImage): boolean {
    if (target.image.Visibility === 'PRIVATE' && accountOfImageArn(target.ref.arn)) {
      return true;
    }
    const owner = accountOfImageArn(target.ref.arn);
    void this.host.prompts.showInformationMessage(
      owner
        ? this.t('"{0}" is shared with you by account {1}: only that account can see and change who it is shared with.', target.ref.name, owner)
        : this.t('"{0}" is a public image of AWS: it cannot be shared.', target.ref.name),
    );
    return false;
  }

  private async readShares(target: SeenImage): Promise<ImageShare[]> {
    const shares = await this.host.withProgress(this.t('Looking up who "{0}" is shared with…', target.ref.name), () => this.deps.aws().imageShares(target));
    this.host.sharesKnown(target.ref, shares);
    return shares;
  }

  /** "demo-prod" for an account of a profile in view; several profiles of one account are all named. */
  private profilesOf(accountId: string): string {
    return [...new Set(this.host.knownAccounts().filter((k) => k.accountId === accountId).map((k) => k.profile))].join(', ');
  }

  /** "222222222222 (demo-prod)", or the id alone for an account not in view. */
  private accountLabel(accountId: string): string {
    const profiles = this.profilesOf(accountId);
    return profiles ? `${accountId} (${profiles})` : accountId;
  }

  private permissionsText(p: SharePermissions): string {
    const parts = [p.allowFleet ? this.t('fleets') : undefined, p.allowImageBuilder ? this.t('image builders') : undefined].filter(Boolean);
    return parts.length ? parts.join(', ') : this.t('nothing');
  }

  private listItems(target: SeenImage, shares: ImageShare[]): Item[] {
    const items: Item[] = [{ id: 'add', label: `$(add) ${this.t('Share with an Account…')}`, detail: this.t('Another AWS account may launch fleets or image builders from "{0}".', target.ref.name) }];
    for (const share of shares) {
      items.push({
        id: share.accountId,
        label: `$(account) ${share.accountId}`,
        description: this.profilesOf(share.accountId),
        detail: this.t('Fleets: {0} · Image builders: {1}', share.allowFleet ? this.t('yes') : this.t('no'), share.allowImageBuilder ? this.t('yes') : this.t('no')),
      });
    }
    if (shares.length > 1) {
      items.push({ id: 'removeAll', label: `$(close-all) ${this.t('Stop Sharing with All {0} Accounts…', shares.length)}` });
    }
    return items;
  }

  private async pickAccountAction(target: SeenImage, share: ImageShare): Promise<SharingAction | undefined> {
    const choice = await this.host.prompts.showQuickPick(
      [
        { id: 'change', label: `$(edit) ${this.t('Change Permissions…')}`, detail: this.t('Now: {0}', this.permissionsText(share)) },
        { id: 'remove', label: `$(close) ${this.t('Stop Sharing with {0}…', share.accountId)}` },
      ] satisfies Item[],
      { title: this.t('Account {0} and "{1}"', this.accountLabel(share.accountId), target.ref.name), ignoreFocusOut: true },
    );
    if (!choice) {
      return undefined;
    }
    return choice.id === 'change' ? { action: 'change', accountId: share.accountId } : { action: 'remove', accountIds: [share.accountId] };
  }

  /** Asks what is missing, confirms, sends. undefined: the flow ended (a failure, or the image is gone). */
  private async act(target: SeenImage, action: SharingAction, shares: ImageShare[]): Promise<{ target: SeenImage; changed: boolean } | undefined> {
    const change = await this.ask(target, action, shares);
    if (!change || !(await this.confirm(target, change))) {
      return { target, changed: false };
    }
    return this.send(target, change);
  }

  private async ask(target: SeenImage, action: SharingAction, shares: ImageShare[]): Promise<Change | undefined> {
    switch (action.action) {
      case 'remove': {
        const chosen = shares.filter((s) => action.accountIds.includes(s.accountId));
        if (chosen.length === 0) {
          void this.host.prompts.showInformationMessage(this.t('"{0}" is not shared with {1} (any more).', target.ref.name, action.accountIds.join(', ')));
          return undefined;
        }
        return { kind: 'unshare', shares: chosen };
      }
      case 'change': {
        const before = shares.find((s) => s.accountId === action.accountId);
        if (!before) {
          void this.host.prompts.showInformationMessage(this.t('"{0}" is not shared with {1} (any more).', target.ref.name, action.accountId));
          return undefined;
        }
        return this.askPermissions(target, before.accountId, before);
      }
      case 'add': {
        const accountId = await this.askAccount(target, shares);
        if (!accountId) {
          return undefined;
        }
        return this.askPermissions(target, accountId, shares.find((s) => s.accountId === accountId));
      }
    }
  }

  /** The account to share with: a profile in view (by name), or a typed 12-digit id, validated as you type. */
  private async askAccount(target: SeenImage, shares: ImageShare[]): Promise<string | undefined> {
    const owner = accountOfImageArn(target.ref.arn);
    const offered = new Map<string, string[]>();
    for (const k of this.host.knownAccounts()) {
      if (k.accountId !== owner && !shares.some((s) => s.accountId === k.accountId)) {
        offered.set(k.accountId, [...(offered.get(k.accountId) ?? []), k.profile]);
      }
    }
    if (offered.size > 0) {
      const items: Item[] = [...offered].map(([accountId, profiles]) => ({ id: accountId, label: `$(account) ${[...new Set(profiles)].join(', ')}`, description: accountId }));
      items.push({ id: 'type', label: `$(edit) ${this.t('Enter an Account ID…')}`, detail: this.t('Any AWS account, by its 12-digit ID') });
      const choice = await this.host.prompts.showQuickPick(items, { title: this.t('Share "{0}" with', target.ref.name), matchOnDescription: true, ignoreFocusOut: true });
      if (!choice) {
        return undefined;
      }
      if (choice.id !== 'type') {
        return choice.id;
      }
    }
    const typed = await this.host.prompts.showInputBox({
      title: this.t('Share "{0}" with', target.ref.name),
      prompt: this.t('The 12-digit ID of the AWS account (1111-2222-3333 works too)'),
      placeHolder: '123456789012',
      ignoreFocusOut: true,
      validateInput: (text) => validateAccountId(text, owner),
    });
    // Checked again: an answer that did not pass the as-you-type check sends nothing.
    if (typed === undefined || validateAccountId(typed, owner)) {
      return undefined;
    }
    return normalizeAccountId(typed);
  }

  private async askPermissions(target: SeenImage, accountId: string, before: ImageShare | undefined): Promise<Change | undefined> {
    const picked = await this.host.prompts.showQuickPick(
      [
        { id: 'allowFleet', label: this.t('Fleets'), description: 'allowFleet', detail: this.t('Fleets of {0} may launch streaming instances from the image.', accountId), picked: before?.allowFleet ?? true },
        {
          id: 'allowImageBuilder',
          label: this.t('Image builders'),
          description: 'allowImageBuilder',
          detail: this.t('{0} may launch image builders from the image (and make images of its own from it).', accountId),
          picked: before?.allowImageBuilder ?? false,
        },
      ] satisfies Item[],
      { title: this.t('What may {0} do with "{1}"?', this.accountLabel(accountId), target.ref.name), canPickMany: true, ignoreFocusOut: true },
    );
    if (!picked) {
      return undefined;
    }
    const after = { allowFleet: picked.some((p) => p.id === 'allowFleet'), allowImageBuilder: picked.some((p) => p.id === 'allowImageBuilder') };
    if (!after.allowFleet && !after.allowImageBuilder) {
      if (before) {
        // Nothing left to allow: that is no longer sharing.
        return { kind: 'unshare', shares: [before] };
      }
      void this.host.prompts.showInformationMessage(this.t('Nothing was shared: pick fleets, image builders or both.'));
      return undefined;
    }
    if (before && before.allowFleet === after.allowFleet && before.allowImageBuilder === after.allowImageBuilder) {
      void this.host.prompts.showInformationMessage(this.t('No change: {0} may already use it for {1}.', this.accountLabel(accountId), this.permissionsText(after)));
      return undefined;
    }
    return { kind: 'share', accountId, before, after };
  }

  /** What AWS documents about an account losing the fleet permission. */
  private fleetConsequence(accounts: string[]): string {
    return accounts.length === 1
      ? this.t("Fleets of account {0} that use this image can no longer launch new instances from it: their desired capacity drops to 0. Running streaming instances are not stopped.", accounts[0])
      : this.t("Fleets of accounts {0} that use this image can no longer launch new instances from it: their desired capacity drops to 0. Running streaming instances are not stopped.", accounts.join(', '));
  }

  /** The explicit yes: a modal naming the image, the account(s) and what the change does. */
  private async confirm(target: SeenImage, change: Change): Promise<boolean> {
    const where = `${target.ref.profile} (${accountOfImageArn(target.ref.arn)}) · ${target.ref.region}`;
    let message: string;
    let detail: string[];
    let yes: string;
    if (change.kind === 'unshare') {
      const accounts = change.shares.map((s) => s.accountId);
      const losing = change.shares.filter((s) => s.allowFleet).map((s) => s.accountId);
      message =
        accounts.length === 1
          ? this.t('Stop sharing "{0}" with account {1}?', target.ref.name, this.accountLabel(accounts[0]))
          : this.t('Stop sharing "{0}" with {1} accounts?', target.ref.name, accounts.length);
      detail = [
        ...change.shares.map((s) => `• ${this.accountLabel(s.accountId)} — ${this.permissionsText(s)}`),
        '',
        this.t('The image leaves their Shared with me list; they can no longer use it.'),
        losing.length ? this.fleetConsequence(losing) : '',
        this.t('Image: {0}', where),
      ];
      yes = accounts.length === 1 ? this.t('Stop Sharing') : this.t('Stop Sharing with {0} Accounts', accounts.length);
    } else if (!change.before) {
      message = this.t('Share "{0}" with account {1}?', target.ref.name, this.accountLabel(change.accountId));
      detail = [
        this.t('{0} may use it for: {1}.', change.accountId, this.permissionsText(change.after)),
        this.t('That account sees the image (its name, description and applications) in its Shared with me list.'),
        this.t('Image: {0}', where),
      ];
      yes = this.t('Share');
    } else {
      message = this.t('Change what account {0} may do with "{1}"?', this.accountLabel(change.accountId), target.ref.name);
      detail = [
        this.t('Now: {0}. After: {1}.', this.permissionsText(change.before), this.permissionsText(change.after)),
        losesFleetAccess(change.before, change.after) ? this.fleetConsequence([change.accountId]) : '',
        this.t('Image: {0}', where),
      ];
      yes = this.t('Change Permissions');
    }
    const choice = await this.host.prompts.showWarningMessage(message, { modal: true, detail: detail.filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== '')).join('\n').trim() }, yes);
    return choice === yes;
  }

  /** Sends the confirmed change (each request after the AWS layer's identity check), then shows its effect. */
  private async send(target: SeenImage, change: Change): Promise<{ target: SeenImage; changed: boolean } | undefined> {
    const { ref } = target;
    const aws = this.deps.aws();
    const confirmed = { createdTime: target.image.CreatedTime };
    const done: string[] = [];
    let operation = change.kind === 'share' ? 'UpdateImagePermissions' : 'DeleteImagePermissions';
    let failedAccount: string | undefined;
    try {
      await this.host.withProgress(this.t('Changing the sharing of "{0}"…', ref.name), async () => {
        if (change.kind === 'share') {
          failedAccount = change.accountId;
          await aws.shareImage(ref, change.accountId, change.after, confirmed);
          done.push(change.accountId);
          this.deps.log.info(`UpdateImagePermissions ${ref.arn} (${ref.profile}) → ${change.accountId}: fleet ${change.after.allowFleet}, image builder ${change.after.allowImageBuilder}`);
          return;
        }
        operation = 'DeleteImagePermissions';
        for (const share of change.shares) {
          failedAccount = share.accountId;
          await aws.unshareImage(ref, share.accountId, confirmed);
          done.push(share.accountId);
          this.deps.log.info(`DeleteImagePermissions ${ref.arn} (${ref.profile}) → ${share.accountId}`);
        }
      });
    } catch (err) {
      const error = classifyError(err, { profile: ref.profile, region: ref.region, operation });
      this.deps.log.warn(`${operation} ${ref.arn} (${ref.profile}) → ${failedAccount}: ${error.code}: ${error.message}`);
      this.explainFailure(target, change, failedAccount ?? '', done, error);
      if (error.kind === 'identityChanged') {
        return undefined;
      }
      // Whatever went through, and whether the image is still there (not found: it is, or it is gone).
      const after = await this.refreshImage(target, done);
      return after && { target: after, changed: done.length > 0 };
    }
    const after = await this.refreshImage(target, done);
    if (!after) {
      return undefined;
    }
    void this.host.prompts.showInformationMessage(
      change.kind === 'share'
        ? change.before
          ? this.t('{0} may now use "{1}" for: {2}.', this.accountLabel(change.accountId), ref.name, this.permissionsText(change.after))
          : this.t('"{0}" is shared with {1} ({2}).', ref.name, this.accountLabel(change.accountId), this.permissionsText(change.after))
        : this.t('"{0}" is no longer shared with {1}.', ref.name, done.map((a) => this.accountLabel(a)).join(', ')),
    );
    return { target: after, changed: true };
  }

  /**
   * After a change: the image as AWS has it now (ImageSharedWithOthers) through the one change
   * event, and the consumers' views. undefined when the image is gone.
   */
  private async refreshImage(target: SeenImage, accountIds: string[]): Promise<SeenImage | undefined> {
    const askedAt = Date.now();
    let after: SeenImage | undefined = target;
    try {
      const image = await this.deps.aws().describeImage(target.ref);
      this.deps.changes.fire({ ref: target.ref, image, askedAt });
      after = image ? { ref: target.ref, image } : undefined;
    } catch (err) {
      // The change went through; the tree catches up on its next refresh.
      this.deps.log.warn(`DescribeImages ${target.ref.arn} after a sharing change: ${String(err)}`);
    }
    // After the change event: an open panel reloads its permission list after it showed the new Image.
    if (accountIds.length) {
      this.host.sharingChanged(target.ref, accountIds);
    }
    return after;
  }

  private explainFailure(target: SeenImage, change: Change, accountId: string, done: string[], error: AwsErrorInfo): void {
    const name = target.ref.name;
    const { prompts } = this.host;
    const what =
      change.kind === 'share'
        ? change.before
          ? this.t('Could not change what {0} may do with "{1}": {2}', this.accountLabel(accountId), name, error.message)
          : this.t('Could not share "{0}" with {1}: {2}', name, this.accountLabel(accountId), error.message)
        : this.t('Could not stop sharing "{0}" with {1}: {2}', name, this.accountLabel(accountId), error.message);
    const partly = done.length ? ` ${this.t('It is no longer shared with {0}.', done.join(', '))}` : '';
    const advice = error.kind === 'limitExceeded' && change.kind === 'share' ? this.t('An image can be shared with at most 100 AWS accounts: stop sharing it with an account that no longer needs it, then add this one.') : error.advice;
    void prompts.showErrorMessage(`${what}${partly} ${advice}`, this.t('Show Log')).then((choice) => {
      if (choice === this.t('Show Log')) {
        this.host.showLog();
      }
    });
  }
}
