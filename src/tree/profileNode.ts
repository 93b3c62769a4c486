import * as vscode from 'vscode';
import type { ProfileInfo } from '../aws/types';
import { ExplorerNode, type ExplorerContext } from './explorerNode';
import { MessageNode } from './messageNode';
import { RegionNode } from './regionNode';
import { plainLabel } from '../aws/untrusted';

const KIND_LABELS: Record<ProfileInfo['credentialKind'], string> = {
  static: 'access keys',
  sso: 'SSO',
  assumeRole: 'assume role',
  process: 'credential process',
  webIdentity: 'web identity',
  none: 'no credentials',
};

/** One AWS profile (one account) in view, with its regions. */
export class ProfileNode extends ExplorerNode {
  readonly id: string;
  readonly regions: RegionNode[];
  private accountId: string | undefined;
  /** The account id VS Code was last given for this row ('' for none yet); undefined until drawn. */
  private drawnAccountId: string | undefined;
  private retired = false;

  constructor(
    ctx: ExplorerContext,
    readonly profile: string,
    readonly info: ProfileInfo | undefined,
    regions: string[],
    readonly active: boolean,
    readonly configFile: string,
  ) {
    super(ctx, undefined);
    this.id = `profile:${profile}`;
    this.regions = info && info.problems.length === 0 ? regions.map((r) => new RegionNode(ctx, this, this, r)) : [];
  }

  /** True once a rebuild of the tree replaced this node: nothing under it is loaded or polled again. */
  get isRetired(): boolean {
    return this.retired;
  }

  retire(): void {
    this.retired = true;
    for (const region of this.regions) {
      region.groups.forEach((group) => group.forget());
      region.builders.forget();
      region.exportTasks.forget();
    }
  }

  /** The account this profile signs in to, once learned from its images' ARNs. */
  get knownAccountId(): string | undefined {
    return this.accountId;
  }

  setAccountId(accountId: string): void {
    if (this.accountId !== accountId) {
      this.accountId = accountId;
      if (this.drawnAccountId !== undefined && this.drawnAccountId !== accountId) {
        this.ctx.redrawWhenSettled(this);
      }
    }
  }

  getTreeItem(): vscode.TreeItem {
    const sso = this.info?.ssoAccount;
    // An account added from SSO shows its name from ListAccounts (portal text: plain, one line).
    const label = sso ? plainLabel(sso.accountName ?? sso.accountId, 80) : this.profile;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.active ? 'account' : 'person');
    const kind = this.info ? KIND_LABELS[this.info.credentialKind] : vscode.l10n.t('not found');
    item.description = [sso ? sso.accountId : this.accountId, sso ? sso.roleName : undefined, sso ? `SSO ${sso.source.name}` : kind, this.info?.usesMfa ? 'MFA' : undefined, this.active ? vscode.l10n.t('active') : undefined]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = sso
      ? vscode.l10n.t('Account {0} ({1}), role {2}, from SSO session {3}: profile {4}', plainLabel(sso.accountName ?? '', 80), sso.accountId, sso.roleName, sso.source.name, this.profile)
      : this.info?.endpointUrl
      ? vscode.l10n.t('Profile {0}, endpoint {1}', this.profile, this.info.endpointUrl)
      : vscode.l10n.t('Profile {0}', this.profile);
    item.contextValue = [this.active ? 'profile;active' : 'profile', sso ? 'sso' : undefined].filter(Boolean).join(';');
    this.drawnAccountId = this.accountId ?? '';
    return item;
  }

  getChildren(): ExplorerNode[] {
    if (!this.info) {
      return [
        new MessageNode(
          this.ctx,
          this,
          'error',
          vscode.l10n.t('Profile "{0}" is not in {1} or the credentials file.', this.profile, this.configFile),
          vscode.l10n.t('Switch to another profile or remove it from the view.'),
        ),
      ];
    }
    if (this.info.problems.length > 0) {
      return this.info.problems.map((p) => new MessageNode(this.ctx, this, 'error', p, vscode.l10n.t('Fix the profile in {0}, then retry.', this.configFile)));
    }
    return this.regions;
  }

  override reload(): void {
    for (const region of this.regions) {
      region.reload();
    }
    this.ctx.refresh(this);
  }
}
