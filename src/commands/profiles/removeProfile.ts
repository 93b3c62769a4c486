import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { updateSetting } from '../../platform/settings';
import { ProfileNode } from '../../tree/profileNode';
import { ui } from '../../platform/ui';

/** Takes a profile out of the view (never out of the AWS config). */
export async function removeProfile(app: App, node?: unknown): Promise<void> {
  const inView = app.explorer.profilesInView();
  let name = node instanceof ProfileNode ? node.profile : typeof node === 'string' ? node : undefined;
  if (!name) {
    const picked = await ui.showQuickPick(inView, { title: vscode.l10n.t('Remove a profile from the AppStream view') });
    name = picked;
  }
  if (!name) {
    return;
  }
  await updateSetting('profiles', inView.filter((p) => p !== name));
}
