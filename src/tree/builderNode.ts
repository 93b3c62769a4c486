import * as vscode from 'vscode';
import type { ImageBuilder } from '@aws-sdk/client-appstream';
import { ResourceNode } from './resourceNode';
import type { BuilderGroupNode } from './builderGroupNode';
import { builderContextValue, builderRefOf, isBuilderTransitional, type BuilderRef } from '../aws/builderRules';
import { builderDescription, builderImageName, builderStateIcon } from './builderPresentation';
import { cleanLabel, platformLabel } from './imagePresentation';
import type { Followed } from './imagePoller';
import { COMMAND } from '../platform/ids';

/** One image builder in a region's "Image builders" group; followed by the poller while it changes. */
export class BuilderNode extends ResourceNode<ImageBuilder, BuilderGroupNode> implements Followed {
  protected identityOf(builder: ImageBuilder): string | undefined {
    return builder.Arn;
  }

  protected nameOf(builder: ImageBuilder): string {
    return builder.Name ?? '';
  }

  get builder(): ImageBuilder {
    return this.current;
  }

  /** Who the builder is (its ARN names the account), seen through this profile in this region. */
  get ref(): BuilderRef | undefined {
    return builderRefOf(this.profile, this.region, this.current);
  }

  get isTransitional(): boolean {
    return isBuilderTransitional(this.current.State);
  }

  follow(on: boolean): void {
    if (on) {
      this.ctx.poller.track(this);
    } else {
      this.ctx.poller.untrack(this);
    }
  }

  /** Re-reads the builder (the poller calls this); gone builders leave the group. True while it still changes. */
  poll(): Promise<boolean> {
    return this.pollWith(
      () => this.ctx.aws().describeImageBuilder({ profile: this.profile, region: this.region, name: this.name }),
      (now) => isBuilderTransitional(now.State),
    );
  }

  override reload(): void {
    void this.ctx.poller.pollNow(this);
  }

  getTreeItem(): vscode.TreeItem {
    const b = this.current;
    const item = new vscode.TreeItem(cleanLabel(b.Name ?? '?'), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = builderDescription(b);
    const icon = builderStateIcon(b.State);
    item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    item.contextValue = builderContextValue(b);
    item.tooltip = this.tooltip();
    item.accessibilityInformation = { label: `${cleanLabel(b.Name ?? '?')}, image builder, ${b.State ?? 'unknown state'}` };
    return item;
  }

  override clickCommand(): vscode.Command {
    return { command: COMMAND.showImageBuilderDetails, title: vscode.l10n.t('Show Image Builder Details'), arguments: [this] };
  }

  private tooltip(): vscode.MarkdownString {
    const b = this.current;
    return this.tooltipOf([
      [vscode.l10n.t('Name'), b.Name],
      [vscode.l10n.t('Display name'), b.DisplayName],
      [vscode.l10n.t('State'), b.State],
      [vscode.l10n.t('Instance type'), b.InstanceType],
      [vscode.l10n.t('Platform'), b.Platform ? platformLabel(b.Platform) : undefined],
      [vscode.l10n.t('Image'), builderImageName(b)],
      [vscode.l10n.t('ARN'), b.Arn],
      [vscode.l10n.t('Errors'), b.ImageBuilderErrors?.length ? b.ImageBuilderErrors.map((e) => e.ErrorCode).join(', ') : undefined],
      [vscode.l10n.t('Profile / region'), `${this.profile} / ${this.region}`],
    ]);
  }
}
