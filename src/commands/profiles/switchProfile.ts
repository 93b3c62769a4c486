import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { updateSetting } from '../../platform/settings';
import { pickProfile } from '../../picks/pickProfile';

/** Makes another profile the active one (first in view); other profiles in view stay. */
export async function switchProfile(app: App, profileName?: string): Promise<void> {
  const inView = app.explorer.profilesInView();
  const picked = typeof profileName === 'string' ? profileName : await pickProfile(app, vscode.l10n.t('Switch AppStream profile'), inView[0]);
  if (!picked) {
    return;
  }
  const rest = inView.slice(1).filter((p) => p !== picked);
  await updateSetting('profiles', [picked, ...rest]);
  // The configuration listener rebuilds the tree; no node of the old account survives.
}
