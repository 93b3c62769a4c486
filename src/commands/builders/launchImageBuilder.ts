import * as vscode from 'vscode';
import type { ImageBuilder } from '@aws-sdk/client-appstream';
import type { App } from '../../platform/app';
import { ui } from '../../platform/ui';
import { accountOfImageArn, isSeenImage, type SeenImage } from '../../aws/imageRef';
import { isLaunchable } from '../../aws/launchRules';
import { imageNodeOrPick, seenImageOf } from '../../picks/pickImage';
import { launchImageBuilder as runLaunch } from '../../services/launchService';

/** The account the new builder will be in: an own image's ARN says it; else what the tree learned of the profile, else one look. */
async function accountFor(app: App, seen: SeenImage): Promise<string | undefined> {
  if (seen.image.Visibility === 'PRIVATE') {
    return accountOfImageArn(seen.ref.arn);
  }
  return app.explorer.knownAccountOf(seen.ref.profile) ?? (await app.aws().profileAccount(seen.ref.profile, seen.ref.region).catch(() => undefined));
}

/**
 * Launch Image Builder…: from an image row (own, public, or shared with permission to launch
 * image builders) or the palette (a pick of those images in view). The launch service asks and
 * sends; the new builder shows under its region's "Image builders", followed to RUNNING.
 */
export async function launchImageBuilder(app: App, node?: unknown): Promise<ImageBuilder | undefined> {
  let seen: SeenImage | undefined;
  if (isSeenImage(node)) {
    seen = node;
  } else {
    const picked = await imageNodeOrPick(app, node, { title: vscode.l10n.t('Launch an image builder from an image'), filter: (n) => isLaunchable(n.image) });
    seen = picked && seenImageOf(picked);
  }
  if (!seen) {
    return undefined;
  }
  const account = await accountFor(app, seen);
  const done = await runLaunch(app.aws, { prompts: ui, l10n: vscode.l10n }, seen, account);
  if (!done) {
    app.log.info(`Launch of an image builder from ${seen.ref.arn} cancelled before sending anything.`);
    return undefined;
  }
  app.log.info(`Launched image builder ${done.builder.Name ?? done.plan.name} (${seen.ref.profile} ${seen.ref.region}) from ${seen.ref.arn}: ${done.builder.State ?? '?'}`);
  await app.explorer.regionNode(seen.ref.profile, seen.ref.region)?.builders.addBuilder(done.builder, done.askedAt);
  void ui.showInformationMessage(
    vscode.l10n.t('Image builder "{0}" is {1}; it is followed under "Image builders" of {2}, {3}. It is billed while it runs: stop it when you are done.', done.builder.Name ?? done.plan.name, done.builder.State ?? 'PENDING', seen.ref.profile, seen.ref.region),
  );
  return done.builder;
}
