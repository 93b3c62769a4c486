import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { readSettings, updateSetting } from '../../platform/settings';
import { ssoProfileName } from '../../aws/ssoNames';
import { ProfileNode } from '../../tree/profileNode';
import { ui } from '../../platform/ui';

/** Takes a profile out of the view (never out of the AWS config); an account added from SSO leaves appstreamImages.ssoAccounts. */
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
  const settings = readSettings();
  if (settings.ssoAccounts.some((e) => ssoProfileName(e) === name)) {
    await updateSetting('ssoAccounts', settings.ssoAccounts.filter((e) => ssoProfileName(e) !== name));
    if (!settings.profiles.includes(name)) {
      return;
    }
  }
  await updateSetting('profiles', settings.profiles.length > 0 ? settings.profiles.filter((p) => p !== name) : inView.filter((p) => p !== name && !settings.ssoAccounts.some((e) => ssoProfileName(e) === p)));
}
