import * as vscode from 'vscode';
import type { Image } from '@aws-sdk/client-appstream';
import type { AwsErrorInfo, ImageVisibility } from '../aws';
import { classifyError } from '../aws/errors';
import { ExplorerNode, type ExplorerContext } from './explorerNode';
import { ImageNode } from './imageNode';
import { matchesFilter } from './imagePresentation';
import { MessageNode } from './messageNode';
import type { RegionNode } from './regionNode';

const GROUP_LABELS: Record<ImageVisibility, string> = {
  PRIVATE: 'Private',
  SHARED: 'Shared with me',
  PUBLIC: 'Public',
};

const GROUP_ICONS: Record<ImageVisibility, string> = {
  PRIVATE: 'lock',
  SHARED: 'organization',
  PUBLIC: 'globe',
};

type GroupState =
  | { status: 'idle' }
  | { status: 'loading'; promise: Promise<void> }
  | { status: 'loaded'; nodes: ImageNode[] }
  | { status: 'failed'; error: AwsErrorInfo };

/** Private / Shared with me / Public in one region: loads on expand, caches until refreshed. */
export class GroupNode extends ExplorerNode {
  readonly id: string;
  readonly profile: string;
  readonly region: string;
  private state: GroupState = { status: 'idle' };
  /** Whether VS Code holds this row as drawn before the images were in (then the count needs a redraw). */
  private drawnWithoutCount = false;

  constructor(
    ctx: ExplorerContext,
    readonly regionNode: RegionNode,
    readonly visibility: ImageVisibility,
  ) {
    super(ctx, regionNode);
    this.id = `${regionNode.id}/${visibility}`;
    this.profile = regionNode.profile;
    this.region = regionNode.region;
  }

  /** The images loaded so far (empty until expanded). */
  get imageNodes(): readonly ImageNode[] {
    return this.state.status === 'loaded' ? this.state.nodes : [];
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      vscode.l10n.t(GROUP_LABELS[this.visibility]),
      this.visibility === 'PRIVATE' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(GROUP_ICONS[this.visibility]);
    item.contextValue = `group;${this.visibility.toLowerCase()}`;
    if (this.state.status === 'loaded') {
      const total = this.state.nodes.length;
      const shown = this.visibleNodes().length;
      item.description = shown === total ? vscode.l10n.t('{0} images', total) : vscode.l10n.t('{0} of {1} images', shown, total);
    } else if (this.state.status === 'failed') {
      item.description = vscode.l10n.t('failed');
    }
    this.drawnWithoutCount = this.state.status === 'idle' || this.state.status === 'loading';
    return item;
  }

  /** Loads the images unless they are loaded or loading; settles (never rejects) once they are in or failed. */
  ensureLoaded(): Promise<void> {
    if (this.state.status === 'idle') {
      const promise = this.load();
      this.state = { status: 'loading', promise };
    }
    return this.state.status === 'loading' ? this.state.promise : Promise.resolve();
  }

  async getChildren(): Promise<ExplorerNode[]> {
    await this.ensureLoaded();
    const state = this.state as GroupState;
    if (state.status === 'failed') {
      return [MessageNode.fromError(this.ctx, this, state.error)];
    }
    const nodes = this.visibleNodes();
    if (nodes.length === 0) {
      const filtered = state.status === 'loaded' && state.nodes.length > 0;
      return [new MessageNode(this.ctx, this, 'empty', filtered ? vscode.l10n.t('No images match the filter') : vscode.l10n.t('No images'))];
    }
    return nodes;
  }

  override reload(): void {
    this.forget();
    this.ctx.refresh(this);
  }

  /** Lists again if it was listed (or failed); one never opened lists when it is opened. Returns whether it did. */
  reloadIfListed(): boolean {
    if (this.state.status === 'idle') {
      return false;
    }
    this.reload();
    return true;
  }

  /** Takes an image that is gone out of this group. */
  remove(node: ImageNode): void {
    if (this.state.status === 'loaded') {
      this.state = { status: 'loaded', nodes: this.state.nodes.filter((n) => n !== node) };
      node.detach();
      this.ctx.refresh(this);
    }
  }

  findImage(arn: string): ImageNode | undefined {
    return this.imageNodes.find((n) => n.image.Arn === arn);
  }

  get isRetired(): boolean {
    return this.regionNode.isRetired;
  }

  /** Drops what was loaded; its image nodes leave the tree for good (a poll in flight cannot revive them). */
  forget(): void {
    for (const node of this.imageNodes) {
      node.detach();
    }
    this.state = { status: 'idle' };
  }

  private visibleNodes(): ImageNode[] {
    if (this.state.status !== 'loaded') {
      return [];
    }
    const filter = this.ctx.filterText();
    return filter ? this.state.nodes.filter((n) => matchesFilter(n.image, filter)) : this.state.nodes;
  }

  private async load(): Promise<void> {
    try {
      const listedAt = Date.now();
      const images = await this.ctx.aws().listImages(this.profile, this.region, this.visibility);
      const nodes = images.sort(byName).map((image) => new ImageNode(this.ctx, this, image, listedAt));
      this.state = { status: 'loaded', nodes };
      this.regionNode.learnAccount(images);
      for (const node of nodes) {
        this.ctx.poller.track(node); // ignores nodes of a retired (replaced) tree
      }
    } catch (err) {
      const error = classifyError(err, { profile: this.profile, region: this.region, operation: 'DescribeImages' });
      this.ctx.log.warn(`${this.profile} ${this.region} ${this.visibility}: ${error.code}: ${error.message}`);
      this.state = { status: 'failed', error };
    }
    if (this.drawnWithoutCount) {
      this.ctx.redrawWhenSettled(this); // for the count
    }
  }

}

function byName(a: Image, b: Image): number {
  return (a.Name ?? '').localeCompare(b.Name ?? '');
}
