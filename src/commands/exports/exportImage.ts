import * as vscode from 'vscode';
import type { ExportImageTask } from '@aws-sdk/client-appstream';
import type { App } from '../../platform/app';
import { ui } from '../../platform/ui';
import { isSeenImage, type SeenImage } from '../../aws/imageRef';
import { isCopyable } from '../../aws/imageRules';
import { imageNodeOrPick, seenImageOf } from '../../picks/pickImage';
import { exportImageToAmi } from '../../services/exportService';

/**
 * Export to AMI…: from an own AVAILABLE image's row or the palette (a pick of those in view). The
 * export service asks and sends; the task shows under its region's "Export tasks", followed while
 * EXPORTING until COMPLETED (its AMI id) or FAILED.
 */
export async function exportImage(app: App, node?: unknown): Promise<ExportImageTask | undefined> {
  let seen: SeenImage | undefined;
  if (isSeenImage(node)) {
    seen = node;
  } else {
    const picked = await imageNodeOrPick(app, node, { title: vscode.l10n.t('Export an image to an EC2 AMI'), visibilities: ['PRIVATE'], filter: (n) => isCopyable(n.image) });
    seen = picked && seenImageOf(picked);
  }
  if (!seen) {
    return undefined;
  }
  const done = await exportImageToAmi(app.aws, { prompts: ui, l10n: vscode.l10n, peekTags: (arn) => app.tags.peek(arn) }, seen);
  if (!done) {
    app.log.info(`Export of ${seen.ref.arn} cancelled before sending anything.`);
    return undefined;
  }
  app.log.info(`Export of ${seen.ref.arn} to AMI ${done.plan.amiName} started (${seen.ref.profile} ${seen.ref.region}): task ${done.task.TaskId ?? '?'}, ${done.task.State ?? '?'}`);
  await app.explorer.regionNode(seen.ref.profile, seen.ref.region)?.exportTasks.addTask(done.task, done.askedAt);
  void ui.showInformationMessage(
    vscode.l10n.t('Exporting "{0}" to the AMI "{1}": followed under "Export tasks" of {2}, {3} until it completes.', seen.image.Name ?? seen.ref.name, done.plan.amiName, seen.ref.profile, seen.ref.region),
  );
  return done.task;
}
