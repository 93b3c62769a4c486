import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { updateSetting } from '../../platform/settings';
import { pickProfile } from '../../picks/pickProfile';

/** Keeps another account in view beside the ones already shown. */
export async function addProfile(app: App, profileName?: string): Promise<void> {
  const inView = app.explorer.profilesInView();
  const picked = typeof profileName === 'string' ? profileName : await pickProfile(app, vscode.l10n.t('Add a profile to the AppStream view'), undefined, inView);
  if (!picked || inView.includes(picked)) {
    return;
  }
  await updateSetting('profiles', [...inView, picked]);
}
