import * as vscode from 'vscode';
import type { Image } from '@aws-sdk/client-appstream';
import { ExplorerNode, type ExplorerContext } from './explorerNode';
import type { GroupNode } from './groupNode';
import { imageRefOf, type ImageRef } from '../aws/imageRef';
import { isTransitional } from '../aws/imageRules';
import { cleanLabel, imageContextValue, imageDescription, platformLabel, sharingText, stateIcon } from './imagePresentation';
import { COMMAND } from '../platform/ids';

export class ImageNode extends ExplorerNode {
  readonly id: string;
  private detached = false;
  /** When the request that gave us `current` was sent (the listing's, at first). */
  private askedAt: number;
  /** How many accounts it is shared with, once a permission list was read (the Image says only whether). */
  private shareCount: number | undefined;

  constructor(
    ctx: ExplorerContext,
    readonly group: GroupNode,
    private current: Image,
    listedAt: number,
  ) {
    super(ctx, group);
    this.askedAt = listedAt;
    // By ARN: two accounts may share images of the same name with us.
    this.id = `${group.id}/${current.Arn ?? current.Name}`;
  }

  /** Who the image is: its ARN, seen through this profile in this region. Undefined if AWS gave no ARN. */
  get ref(): ImageRef | undefined {
    return imageRefOf(this.profile, this.region, this.current);
  }

  get image(): Image {
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

  get isTransitional(): boolean {
    return isTransitional(this.current.State);
  }

  /** True once the node left the tree (refresh, profile switch, image gone): no more updates or polls. */
  get isDetached(): boolean {
    return this.detached || this.group.isRetired;
  }

  detach(): void {
    this.detached = true;
    this.ctx.poller.untrack(this);
  }

  /**
   * Shows a newer copy of the image (after a poll, a delete or a details refresh) and keeps
   * polling if it still changes. `askedAt` is when that request was sent: an answer to an older
   * request (a details refresh that overtook a DeleteImage) must not undo a newer one.
   */
  update(image: Image, askedAt: number): void {
    if (this.isDetached || askedAt < this.askedAt || (image.Arn !== undefined && image.Arn !== this.current.Arn)) {
      return;
    }
    this.askedAt = askedAt;
    this.current = image;
    this.ctx.poller.track(this);
    this.ctx.refresh(this);
  }

  /** The accounts it is shared with were read: "shared with N accounts". */
  setShareCount(count: number): void {
    if (!this.isDetached && count !== this.shareCount) {
      this.shareCount = count;
      this.ctx.refresh(this);
    }
  }

  /** Re-reads this one image; gone images leave the tree. */
  override reload(): void {
    if (this.current.Arn) {
      this.ctx.tags.forget(this.current.Arn);
    }
    void this.ctx.poller.pollNow(this);
  }

  getTreeItem(): vscode.TreeItem {
    const image = this.current;
    const item = new vscode.TreeItem(cleanLabel(image.Name ?? '?'), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = [imageDescription(image), sharingText(image, this.shareCount)].filter(Boolean).join(' · ');
    const icon = stateIcon(image.State);
    item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    item.contextValue = imageContextValue(image);
    item.tooltip = this.tooltip();
    item.accessibilityInformation = {
      label: `${cleanLabel(image.Name ?? '?')}, ${image.State ?? 'unknown state'}, ${platformLabel(image.Platform)}`,
    };
    return item;
  }

  override clickCommand(): vscode.Command {
    return { command: COMMAND.showImageDetails, title: vscode.l10n.t('Show Image Details'), arguments: [this] };
  }

  private tooltip(): vscode.MarkdownString {
    const image = this.current;
    const md = new vscode.MarkdownString();
    // appendText escapes: names and descriptions are written by other accounts.
    const line = (label: string, value: string | undefined) => {
      if (value) {
        md.appendMarkdown(`**${label}:** `);
        md.appendText(cleanLabel(value, 300));
        md.appendMarkdown('  \n');
      }
    };
    line(vscode.l10n.t('Name'), image.Name);
    line(vscode.l10n.t('Display name'), image.DisplayName);
    line(vscode.l10n.t('State'), image.State);
    line(vscode.l10n.t('Platform'), platformLabel(image.Platform));
    line(vscode.l10n.t('Visibility'), image.Visibility);
    line(vscode.l10n.t('Sharing'), sharingText(image, this.shareCount));
    line(vscode.l10n.t('Created'), image.CreatedTime?.toISOString());
    line(vscode.l10n.t('ARN'), image.Arn);
    line(vscode.l10n.t('Description'), image.Description);
    if (image.ImageErrors?.length) {
      line(vscode.l10n.t('Errors'), image.ImageErrors.map((e) => e.ErrorCode).join(', '));
    }
    line(vscode.l10n.t('Profile / region'), `${this.profile} / ${this.region}`);
    return md;
  }
}
