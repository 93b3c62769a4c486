import * as vscode from 'vscode';
import { defaultProfileName } from '../aws/profileNames';
import { readSettings } from './settings';
import { ssoProfileName } from '../aws/ssoNames';
import { plainLabel } from '../aws/untrusted';
import { COMMAND, STATUS_BAR_PROFILE } from './ids';

/** Shows the active profile (the first in view); a click switches it. */
export class ProfileStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(STATUS_BAR_PROFILE, vscode.StatusBarAlignment.Left, 50);

  constructor(private readonly env: NodeJS.ProcessEnv) {
    this.item.name = vscode.l10n.t('AppStream Profile');
    this.item.command = COMMAND.switchProfile;
    this.update();
    this.item.show();
  }

  /** The profile shown; without a setting it is AWS_PROFILE or `default` (the tree may fall back further). */
  get text(): string {
    return this.item.text;
  }

  update(activeProfile?: string): void {
    const settings = readSettings();
    // The accounts added from SSO are in view too (after the profiles setting's).
    const inView = [...new Set([...settings.profiles, ...settings.ssoAccounts.map(ssoProfileName)])];
    const active = activeProfile ?? inView[0] ?? defaultProfileName(this.env);
    const others = inView.filter((p) => p !== active).length;
    // An added SSO account shows by its account name (portal text: plain, no $(icon) syntax).
    const sso = settings.ssoAccounts.find((e) => ssoProfileName(e) === active);
    const shown = sso ? plainLabel(`${sso.accountName ?? sso.accountId} (${sso.roleName})`, 60).replace(/\$\(/g, '\\$(') : active;
    this.item.text = others > 0 ? `$(account) ${shown} (+${others})` : `$(account) ${shown}`;
    this.item.tooltip = vscode.l10n.t('AppStream Images: active AWS profile {0}. Click to switch.', active);
    this.item.accessibilityInformation = { label: vscode.l10n.t('AppStream profile {0}, switch profile', active) };
  }

  dispose(): void {
    this.item.dispose();
  }
}
