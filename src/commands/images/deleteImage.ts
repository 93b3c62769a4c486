import * as vscode from 'vscode';
import type { Image } from '@aws-sdk/client-appstream';
import type { App } from '../../platform/app';
import type { AwsErrorInfo, ImageUsage } from '../../aws';
import { classifyError } from '../../aws/errors';
import { accountOfImageArn, isSeenImage, type SeenImage } from '../../aws/imageRef';
import { readSettings } from '../../platform/settings';
import { ImageNode } from '../../tree/imageNode';
import { accountSuffix } from '../../tree/imagePresentation';
import { isDeletable, isImageInUse } from '../../aws/imageRules';
import { ui } from '../../platform/ui';
import { ImageDetailsPanel } from '../../webview/imageDetailsPanel';
import { imageToJson } from '../../webview/protocol';
import { pickImageNodes, seenImageOf } from '../../picks/pickImage';
import { COMMAND, VIEW } from '../../platform/ids';

/** ARNs whose DeleteImage is under way in this window: a second click (or a second profile of the same account) sends nothing. */
const inFlight = new Set<string>();

interface Outcome {
  target: SeenImage;
  deleted?: Image;
  error?: AwsErrorInfo;
  usage?: ImageUsage;
}

/**
 * Delete Image: from the tree (one or several selected), the palette (a quick pick) or the
 * details panel. Looks up what would block the delete, confirms, calls DeleteImage once per
 * image, shows DELETING at once and follows each image until it is gone.
 */
export async function deleteImage(app: App, node?: unknown, nodes?: unknown): Promise<Outcome[]> {
  const resolved = await resolveTargets(app, node, nodes);
  // One DeleteImage per ARN: two profiles of one account show the same image twice.
  const targets = resolved && [...new Map(resolved.map((t) => [t.ref.arn, t])).values()];
  if (!targets || targets.length === 0) {
    return [];
  }
  const notOwn = targets.filter((t) => !isDeletable(t.image));
  if (notOwn.length > 0) {
    void ui.showWarningMessage(
      vscode.l10n.t(
        'Only images your account owns can be deleted, and not while already deleting: {0}',
        notOwn.map((t) => `${t.image.Name} (${t.image.Visibility}, ${t.image.State})`).join(', '),
      ),
    );
  }
  const busy = targets.filter((t) => inFlight.has(t.ref.arn));
  if (busy.length > 0) {
    void ui.showInformationMessage(vscode.l10n.t('Already being deleted: {0}', busy.map((t) => t.image.Name).join(', ')));
  }
  const candidates = targets.filter((t) => isDeletable(t.image) && !inFlight.has(t.ref.arn));
  if (candidates.length === 0) {
    return [];
  }

  // Hold the images from the first click on, so a double click cannot start a second delete.
  candidates.forEach((t) => inFlight.add(t.ref.arn));
  let outcomes: Outcome[];
  try {
    outcomes = await confirmAndDelete(app, candidates);
  } finally {
    candidates.forEach((t) => inFlight.delete(t.ref.arn));
  }
  // Reported after releasing the images, so a Retry from the report can start a new delete; not
  // awaited: the command is done when AWS has answered, not when the user closes a notification.
  if (outcomes.length > 0) {
    report(app, outcomes).catch((err: unknown) => app.log.error(`Delete report: ${String(err)}`));
  }
  return outcomes;
}

async function confirmAndDelete(app: App, candidates: SeenImage[]): Promise<Outcome[]> {
  const usages = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking what uses {0}…', names(candidates)), cancellable: true },
    (_progress, token) =>
      Promise.all(
        candidates.map(async (target): Promise<{ target: SeenImage; usage?: ImageUsage; error?: AwsErrorInfo }> => {
          try {
            const usage = await app.aws().findImageUsage(target.ref.profile, target.ref.region, target.image);
            return { target, usage };
          } catch (err) {
            // classifyError names the look-up that failed (LookupFailed), not this default.
            return { target, error: classify(err, target, 'DescribeFleets') };
          }
        }),
      ).then((r) => (token.isCancellationRequested ? undefined : r)),
  );
  if (!usages) {
    return [];
  }
  const blocked = usages.filter((u) => u.usage && isImageInUse(u.usage));
  const lookupFailed = usages.filter((u) => u.error);
  const ready = usages.filter((u) => u.usage && !isImageInUse(u.usage)).map((u) => u.target);

  if (ready.length === 0) {
    await explainNothingToDelete(app, blocked, lookupFailed);
    return [];
  }
  if (!(await confirm(ready, blocked, lookupFailed))) {
    return [];
  }

  const outcomes = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deleting {0}…', names(ready)) },
    () => Promise.all(ready.map((target) => sendDelete(app, target))),
  );
  const skipped: Outcome[] = [...blocked, ...lookupFailed].map((u) => ({ target: u.target, usage: u.usage, error: u.error }));
  return [...outcomes, ...skipped];
}

async function resolveTargets(app: App, node: unknown, nodes: unknown): Promise<SeenImage[] | undefined> {
  // The Delete key passes { useSelection: true }: act on what is selected in the tree.
  if ((node as { useSelection?: boolean } | undefined)?.useSelection) {
    const selected = app.treeView.selection.filter((n): n is ImageNode => n instanceof ImageNode);
    return selected.length > 0 ? toTargets(selected) : undefined;
  }
  if (Array.isArray(nodes) && nodes.length > 1) {
    return toTargets(nodes.filter((n): n is ImageNode => n instanceof ImageNode));
  }
  if (node instanceof ImageNode) {
    return toTargets([node]);
  }
  if (isSeenImage(node)) {
    return [node];
  }
  const picked = await pickImageNodes(app, {
    title: vscode.l10n.t('Delete AppStream images'),
    visibilities: ['PRIVATE'],
    filter: (n) => isDeletable(n.image),
    canPickMany: true,
  });
  return picked && toTargets(picked);
}

/** Nodes without an ARN cannot be bound to an account: they are not deletable (see isDeletable). */
function toTargets(nodes: ImageNode[]): SeenImage[] {
  return nodes.map(seenImageOf).filter((t): t is SeenImage => t !== undefined);
}

function names(targets: SeenImage[]): string {
  return targets.length === 1 ? `"${targets[0].image.Name}"` : vscode.l10n.t('{0} images', targets.length);
}

function classify(err: unknown, t: SeenImage, operation: string): AwsErrorInfo {
  return classifyError(err, { profile: t.ref.profile, region: t.ref.region, operation });
}

export function describeUsage(usage: ImageUsage): string {
  const parts: string[] = [];
  if (usage.fleets.length) {
    parts.push(vscode.l10n.t('fleets {0}', usage.fleets.map((f) => `${f.name} (${f.state ?? '?'})`).join(', ')));
  }
  if (usage.imageBuilders.length) {
    parts.push(vscode.l10n.t('image builders {0}', usage.imageBuilders.map((b) => `${b.name} (${b.state ?? '?'})`).join(', ')));
  }
  if (usage.sharedWith.length) {
    parts.push(vscode.l10n.t('shared with accounts {0}', usage.sharedWith.map((s) => s.sharedAccountId).join(', ')));
  }
  return parts.join('; ');
}

async function explainNothingToDelete(
  app: App,
  blocked: { target: SeenImage; usage?: ImageUsage }[],
  failed: { target: SeenImage; error?: AwsErrorInfo }[],
): Promise<void> {
  const lines = [
    ...blocked.map((b) => vscode.l10n.t('{0} is in use: {1}.', b.target.image.Name ?? '', describeUsage(b.usage!))),
    ...failed.map((f) => vscode.l10n.t('{0}: could not check its use: {1}', f.target.image.Name ?? '', f.error!.message)),
  ];
  const detail = [
    ...lines,
    blocked.length ? vscode.l10n.t('AWS refuses to delete an image in use. Stop or change those fleets, delete the image builders, and stop sharing the image; then delete it.') : '',
  ]
    .filter(Boolean)
    .join('\n');
  const showDetails = vscode.l10n.t('Show Details');
  const choice = await ui.showWarningMessage(vscode.l10n.t('Nothing can be deleted.'), { modal: true, detail }, showDetails);
  if (choice === showDetails) {
    const first = blocked[0]?.target ?? failed[0]?.target;
    if (first) {
      await vscode.commands.executeCommand(COMMAND.showImageDetails, first);
    }
  }
  app.log.info(`Delete not offered: ${lines.join(' ')}`);
}

/** One modal for all images; it names each image with its account and region. */
async function confirm(
  ready: SeenImage[],
  blocked: { target: SeenImage; usage?: ImageUsage }[],
  failed: { target: SeenImage; error?: AwsErrorInfo }[],
): Promise<boolean> {
  const listing = ready.map((t) => `• ${t.image.Name} — ${t.ref.profile}${accountSuffix(t.ref.arn)} · ${t.ref.region}`).join('\n');
  const skipped = [
    ...blocked.map((b) => `• ${b.target.image.Name}: ${describeUsage(b.usage!)}`),
    ...failed.map((f) => `• ${f.target.image.Name}: ${f.error!.message}`),
  ];
  const detail = [
    listing,
    skipped.length ? `\n${vscode.l10n.t('Not deleted (in use or not checked):')}\n${skipped.join('\n')}` : '',
    `\n${vscode.l10n.t('This cannot be undone.')}`,
  ].join('\n');
  const message =
    ready.length === 1
      ? vscode.l10n.t('Delete image "{0}" in {1}, {2}?', ready[0].image.Name ?? '', `${ready[0].ref.profile}${accountSuffix(ready[0].ref.arn)}`, ready[0].ref.region)
      : vscode.l10n.t('Delete {0} images?', ready.length);

  if (readSettings().deleteConfirmation === 'typeName') {
    const expected = ready.length === 1 ? ready[0].image.Name ?? '' : vscode.l10n.t('delete {0} images', ready.length);
    const typed = await ui.showInputBox({
      title: message,
      prompt: `${detail}\n${vscode.l10n.t('Type "{0}" to confirm.', expected)}`,
      placeHolder: expected,
      ignoreFocusOut: true,
      validateInput: (v) => (v === expected ? undefined : vscode.l10n.t('Type "{0}" exactly to delete.', expected)),
    });
    return typed === expected;
  }
  const yes = ready.length === 1 ? vscode.l10n.t('Delete') : vscode.l10n.t('Delete {0} Images', ready.length);
  const choice = await ui.showWarningMessage(message, { modal: true, detail }, yes);
  return choice === yes;
}


async function sendDelete(app: App, target: SeenImage): Promise<Outcome> {
  const { ref } = target;
  const askedAt = Date.now();
  try {
    // Bound to what the user confirmed: the AWS layer re-checks account and image just before sending.
    const deleted = (await app.aws().deleteImage(ref, { createdTime: target.image.CreatedTime })) ?? { ...target.image, State: 'DELETING' };
    app.log.info(`DeleteImage ${ref.arn} (${ref.profile}): ${deleted.State}`);
    showDeleting(app, target, deleted, askedAt);
    return { target, deleted };
  } catch (err) {
    const error = classify(err, target, 'DeleteImage');
    app.log.warn(`DeleteImage ${ref.arn} (${ref.profile}) not done: ${error.code}: ${error.message}`);
    if (error.kind === 'notFound') {
      // Already gone: say so and drop it from the tree.
      for (const node of app.explorer.findImageNodes(ref)) {
        node.group.remove(node);
      }
    }
    return { target, error };
  }
}

/** DELETING at once in the tree and in an open details panel; then followed until gone. */
function showDeleting(app: App, target: SeenImage, deleted: Image, askedAt: number): void {
  for (const node of app.explorer.findImageNodes(target.ref)) {
    node.update(deleted, askedAt);
  }
  const key = target.ref;
  ImageDetailsPanel.update(key, { key, accountId: accountOfImageArn(key.arn), image: imageToJson(deleted), fetchedAt: new Date().toISOString() });
  followUntilGone(app, target);
}

function followUntilGone(app: App, target: SeenImage): void {
  const { ref } = target;
  const name = ref.name;
  void vscode.window.withProgress(
    { location: { viewId: VIEW.explorer }, title: vscode.l10n.t('Deleting {0}', name) },
    () =>
      new Promise<void>((resolve) => {
        const sub = app.poller.onDidChangeImage((change) => {
          if (change.ref.profile !== ref.profile || change.ref.arn !== ref.arn) {
            return;
          }
          if (change.image && change.image.State === 'DELETING') {
            return;
          }
          sub.dispose();
          clearTimeout(giveUp);
          // An open details panel follows the poller by itself (see extension.ts).
          if (!change.image) {
            app.log.info(`${ref.arn} (${ref.profile}) is gone.`);
          }
          resolve();
        });
        // Progress is not forever: the tree keeps following while the view is visible.
        const giveUp = setTimeout(() => {
          sub.dispose();
          resolve();
        }, 10 * 60_000);
      }),
  );
}

async function report(app: App, outcomes: Outcome[]): Promise<void> {
  const failed = outcomes.filter((o) => !o.deleted);
  const deleted = outcomes.filter((o) => o.deleted);
  if (outcomes.length === 1 && failed.length === 1) {
    await explainFailure(app, failed[0]);
    return;
  }
  if (failed.length === 0) {
    void ui.showInformationMessage(
      deleted.length === 1
        ? vscode.l10n.t('Deleting "{0}". It stays in the tree as DELETING until AWS removes it.', deleted[0].target.image.Name ?? '')
        : vscode.l10n.t('Deleting {0} images: {1}.', deleted.length, deleted.map((o) => o.target.image.Name).join(', ')),
    );
    return;
  }
  const why = failed.map((o) => `${o.target.image.Name}: ${o.error ? `${o.error.message} ${o.error.advice}` : describeUsage(o.usage!)}`);
  const showLog = vscode.l10n.t('Show Log');
  const choice = await ui.showWarningMessage(
    vscode.l10n.t('Deleted {0} of {1} images. {2} failed.', deleted.length, outcomes.length, failed.length),
    { modal: false, detail: why.join('\n') },
    showLog,
  );
  app.log.info(`Delete summary: deleted ${deleted.map((o) => o.target.image.Name).join(', ') || 'none'}; failed ${why.join(' | ')}`);
  if (choice === showLog) {
    app.log.channel.show(true);
  }
}

/** Each exception of DeleteImage gets its own message and next step. */
async function explainFailure(app: App, outcome: Outcome): Promise<void> {
  const { target, error } = outcome;
  const name = target.image.Name ?? '';
  if (!error) {
    return;
  }
  switch (error.kind) {
    case 'notFound':
      void ui.showInformationMessage(vscode.l10n.t('"{0}" no longer exists in {1}: it was already deleted. It has been removed from the tree.', name, target.ref.region));
      return;
    case 'identityChanged': {
      const refresh = vscode.l10n.t('Refresh View');
      const choice = await ui.showErrorMessage(`${error.message} ${error.advice}`, { modal: true }, refresh);
      if (choice === refresh) {
        app.explorer.reloadAll();
      }
      return;
    }
    case 'inUse': {
      const showDetails = vscode.l10n.t('Show Details');
      const choice = await ui.showErrorMessage(
        vscode.l10n.t('"{0}" is in use and was not deleted: {1} Stop the fleets or image builders that use it, and stop sharing it, then retry.', name, error.message),
        showDetails,
      );
      if (choice === showDetails) {
        await vscode.commands.executeCommand(COMMAND.showImageDetails, target);
      }
      return;
    }
    case 'notPermitted':
      void ui.showErrorMessage(
        vscode.l10n.t('AWS does not allow deleting "{0}": {1} Only private images owned by this account ({2}) can be deleted; shared and public images belong to other accounts.', name, error.message, target.ref.profile),
      );
      return;
    case 'concurrentModification': {
      const retry = vscode.l10n.t('Retry');
      const choice = await ui.showWarningMessage(
        vscode.l10n.t('"{0}" is being changed by another operation right now ({1}). Wait a few seconds, then retry.', name, error.message),
        retry,
      );
      if (choice === retry) {
        await new Promise((r) => setTimeout(r, 3000));
        const fresh = await app.aws().describeImage(target.ref);
        if (!fresh) {
          void ui.showInformationMessage(vscode.l10n.t('"{0}" is gone now.', name));
          return;
        }
        await deleteImage(app, { ...target, image: fresh });
      }
      return;
    }
    default: {
      const showLog = vscode.l10n.t('Show Log');
      const choice = await ui.showErrorMessage(vscode.l10n.t('Could not delete "{0}": {1} {2}', name, error.message, error.advice), showLog);
      if (choice === showLog) {
        app.log.channel.show(true);
      }
    }
  }
}
