import * as vscode from 'vscode';
import type { Image } from '@aws-sdk/client-appstream';
import { ResourceNode } from './resourceNode';
import type { GroupNode } from './groupNode';
import { imageRefOf, type ImageRef } from '../aws/imageRef';
import { isTransitional } from '../aws/imageRules';
import { cleanLabel, imageContextValue, imageDescription, platformLabel, sharingText, stateIcon } from './imagePresentation';
import { updateCheckText, type UpdateCheck } from '../aws/updateRules';
import { COMMAND } from '../platform/ids';

export class ImageNode extends ResourceNode<Image, GroupNode> {
  /** How many accounts it is shared with, once a permission list was read (the Image says only whether). */
  private shareCount: number | undefined;

  protected identityOf(image: Image): string | undefined {
    return image.Arn;
  }

  protected nameOf(image: Image): string {
    return image.Name ?? '';
  }

  /** Who the image is: its ARN, seen through this profile in this region. Undefined if AWS gave no ARN. */
  get ref(): ImageRef | undefined {
    return imageRefOf(this.profile, this.region, this.current);
  }

  get image(): Image {
    return this.current;
  }

  get isTransitional(): boolean {
    return isTransitional(this.current.State);
  }

  follow(on: boolean): void {
    if (on) {
      this.ctx.poller.track(this);
    } else {
      this.ctx.poller.untrack(this);
    }
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
    const ref = this.ref;
    if (ref) {
      this.ctx.updates?.forget(ref);
    }
    void this.ctx.poller.pollNow(this);
  }

  /** What the last Check for Updates said about this image (until a refresh), if it was asked. */
  get updateCheck(): UpdateCheck | undefined {
    const ref = this.ref;
    return ref ? this.ctx.updates?.peek(ref) : undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const image = this.current;
    const update = this.updateCheck;
    const item = new vscode.TreeItem(cleanLabel(image.Name ?? '?'), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    // "update available" first: the rest of a long description is cut off in a narrow side bar.
    item.description = [update?.kind === 'available' ? vscode.l10n.t('update available') : '', imageDescription(image), sharingText(image, this.shareCount)].filter(Boolean).join(' · ');
    const icon = stateIcon(image.State);
    item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    const ref = this.ref;
    item.contextValue = imageContextValue(image, update, ref && this.ctx.pins ? this.ctx.pins.has(ref) : undefined);
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
    return this.tooltipOf([
      [vscode.l10n.t('Name'), image.Name],
      [vscode.l10n.t('Display name'), image.DisplayName],
      [vscode.l10n.t('State'), image.State],
      [vscode.l10n.t('Platform'), platformLabel(image.Platform)],
      [vscode.l10n.t('Visibility'), image.Visibility],
      [vscode.l10n.t('Sharing'), sharingText(image, this.shareCount)],
      [vscode.l10n.t('Created'), image.CreatedTime?.toISOString()],
      [vscode.l10n.t('ARN'), image.Arn],
      [vscode.l10n.t('Description'), image.Description],
      [vscode.l10n.t('Errors'), image.ImageErrors?.length ? image.ImageErrors.map((e) => e.ErrorCode).join(', ') : undefined],
      [vscode.l10n.t('Managed updates'), this.updateCheck && updateCheckText(this.updateCheck)],
      [vscode.l10n.t('Profile / region'), `${this.profile} / ${this.region}`],
    ]);
  }
}
