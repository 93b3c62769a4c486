import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { ui } from '../../platform/ui';
import { canBuilder } from '../../aws/builderRules';
import { builderNodeOrPick } from '../../picks/pickBuilder';
import { runBuilderAction, type BuilderQuestion, type ChangingAction } from '../../services/builderActions';

const QUESTIONS: Record<ChangingAction, (q: BuilderQuestion) => { message: string; detail: string; button: string }> = {
  start: (q) => ({
    message: vscode.l10n.t('Start image builder "{0}" in {1} ({2}), {3}?', q.name, q.profile, q.account, q.region),
    detail: vscode.l10n.t('A running image builder is billed by the hour until it is stopped.'),
    button: vscode.l10n.t('Start'),
  }),
  stop: (q) => ({
    message: vscode.l10n.t('Stop image builder "{0}" in {1} ({2}), {3}?', q.name, q.profile, q.account, q.region),
    detail: vscode.l10n.t('Anyone connected to it is disconnected; unsaved work in its session is lost.'),
    button: vscode.l10n.t('Stop'),
  }),
  delete: (q) => ({
    message: vscode.l10n.t('Delete image builder "{0}" in {1} ({2}), {3}?', q.name, q.profile, q.account, q.region),
    detail: vscode.l10n.t('Its instance and everything installed on it are deleted. This cannot be undone.'),
    button: vscode.l10n.t('Delete'),
  }),
};

const PICK_TITLES: Record<ChangingAction, () => string> = {
  start: () => vscode.l10n.t('Start an image builder'),
  stop: () => vscode.l10n.t('Stop an image builder'),
  delete: () => vscode.l10n.t('Delete an image builder'),
};

/**
 * What Start, Stop and Delete Image Builder share: the clicked builder (or a pick of those the
 * action fits), the service's refusal or modal question, then the tree shows AWS's answer and
 * the poller follows the transition.
 */
export async function builderCommand(app: App, action: ChangingAction, node: unknown): Promise<void> {
  const target = await builderNodeOrPick(app, node, { title: PICK_TITLES[action](), filter: (n) => canBuilder(action, n.builder) });
  const ref = target?.ref;
  if (!target || !ref) {
    if (target) {
      throw new Error(vscode.l10n.t('AWS listed the image builder "{0}" without an ARN: nothing can act on it.', target.name));
    }
    return;
  }
  const done = await runBuilderAction(app.aws, {
    confirm: async (q) => {
      const { message, detail, button } = QUESTIONS[action](q);
      return (await ui.showWarningMessage(message, { modal: true, detail }, button)) === button;
    },
  }, action, { ref, builder: target.builder });
  if (done?.builder) {
    target.update(done.builder, done.askedAt);
  }
}
