import * as vscode from 'vscode';
import type { ImageBuilder } from '@aws-sdk/client-appstream';
import { ExplorerNode, type ExplorerContext } from './explorerNode';
import type { BuilderGroupNode } from './builderGroupNode';
import { builderContextValue, builderRefOf, isBuilderTransitional, type BuilderRef } from '../aws/builderRules';
import { builderDescription, builderImageName, builderStateIcon } from './builderPresentation';
import { cleanLabel, platformLabel } from './imagePresentation';
import type { Followed } from './imagePoller';
import { COMMAND } from '../platform/ids';

/** One image builder in a region's "Image builders" group; followed by the poller while it changes. */
export class BuilderNode extends ExplorerNode implements Followed {
  readonly id: string;
  private detached = false;
  private askedAt: number;

  constructor(
    ctx: ExplorerContext,
    readonly group: BuilderGroupNode,
    private current: ImageBuilder,
    listedAt: number,
  ) {
    super(ctx, group);
    this.askedAt = listedAt;
    this.id = `${group.id}/${current.Arn ?? current.Name}`;
  }

  get builder(): ImageBuilder {
    return this.current;
  }

  get name(): string {
    return this.current.Name ?? '';
  }

  get profile(): string {
    return this.group.profile;
  }

  get region(): string {
    return this.group.region;
  }

  /** Who the builder is (its ARN names the account), seen through this profile in this region. */
  get ref(): BuilderRef | undefined {
    return builderRefOf(this.profile, this.region, this.current);
  }

  get isTransitional(): boolean {
    return isBuilderTransitional(this.current.State);
  }

  get isDetached(): boolean {
    return this.detached || this.group.isRetired;
  }

  detach(): void {
    this.detached = true;
    this.ctx.poller.untrack(this);
  }

  /** Shows a newer copy (after an action or a poll); an answer older than the one shown is ignored. */
  update(builder: ImageBuilder, askedAt: number): void {
    if (this.isDetached || askedAt < this.askedAt || (builder.Arn !== undefined && builder.Arn !== this.current.Arn)) {
      return;
    }
    this.askedAt = askedAt;
    this.current = builder;
    this.ctx.poller.track(this);
    this.ctx.refresh(this);
  }

  /** Re-reads the builder (the poller calls this); gone builders leave the group. True while it still changes. */
  async poll(): Promise<boolean> {
    const askedAt = Date.now();
    const now = await this.ctx.aws().describeImageBuilder({ profile: this.profile, region: this.region, name: this.name });
    if (this.isDetached) {
      return false;
    }
    if (!now) {
      this.group.remove(this);
      return false;
    }
    this.update(now, askedAt);
    return isBuilderTransitional(now.State);
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
    const md = new vscode.MarkdownString();
    const line = (label: string, value: string | undefined) => {
      if (value) {
        md.appendMarkdown(`**${label}:** `);
        md.appendText(cleanLabel(value, 300));
        md.appendMarkdown('  \n');
      }
    };
    line(vscode.l10n.t('Name'), b.Name);
    line(vscode.l10n.t('Display name'), b.DisplayName);
    line(vscode.l10n.t('State'), b.State);
    line(vscode.l10n.t('Instance type'), b.InstanceType);
    line(vscode.l10n.t('Platform'), b.Platform ? platformLabel(b.Platform) : undefined);
    line(vscode.l10n.t('Image'), builderImageName(b));
    line(vscode.l10n.t('ARN'), b.Arn);
    if (b.ImageBuilderErrors?.length) {
      line(vscode.l10n.t('Errors'), b.ImageBuilderErrors.map((e) => e.ErrorCode).join(', '));
    }
    line(vscode.l10n.t('Profile / region'), `${this.profile} / ${this.region}`);
    return md;
  }
}
