import * as vscode from 'vscode';
import type { ImageBuilder } from '@aws-sdk/client-appstream';
import type { AwsErrorInfo } from '../aws';
import { classifyError } from '../aws/errors';
import { ExplorerNode, type ExplorerContext } from './explorerNode';
import { BuilderNode } from './builderNode';
import { MessageNode } from './messageNode';
import type { RegionNode } from './regionNode';

type BuilderGroupState =
  | { status: 'idle' }
  | { status: 'loading'; promise: Promise<void> }
  | { status: 'loaded'; nodes: BuilderNode[] }
  | { status: 'failed'; error: AwsErrorInfo };

/** "Image builders" in one region, beside Private / Shared with me / Public: collapsed, loads on expand, cached until refreshed. */
export class BuilderGroupNode extends ExplorerNode {
  readonly id: string;
  readonly profile: string;
  readonly region: string;
  private state: BuilderGroupState = { status: 'idle' };
  /** Whether VS Code holds this row as drawn before the builders were in (then the count needs a redraw). */
  private drawnWithoutCount = false;

  constructor(
    ctx: ExplorerContext,
    readonly regionNode: RegionNode,
  ) {
    super(ctx, regionNode);
    this.id = `${regionNode.id}/BUILDERS`;
    this.profile = regionNode.profile;
    this.region = regionNode.region;
  }

  get builderNodes(): readonly BuilderNode[] {
    return this.state.status === 'loaded' ? this.state.nodes : [];
  }

  get isRetired(): boolean {
    return this.regionNode.isRetired;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Image builders'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('tools');
    item.contextValue = 'group;builders';
    if (this.state.status === 'loaded') {
      item.description = vscode.l10n.t('{0} builders', this.state.nodes.length);
    } else if (this.state.status === 'failed') {
      item.description = vscode.l10n.t('failed');
    }
    this.drawnWithoutCount = this.state.status === 'idle' || this.state.status === 'loading';
    return item;
  }

  ensureLoaded(): Promise<void> {
    if (this.state.status === 'idle') {
      const promise = this.load();
      this.state = { status: 'loading', promise };
    }
    return this.state.status === 'loading' ? this.state.promise : Promise.resolve();
  }

  async getChildren(): Promise<ExplorerNode[]> {
    await this.ensureLoaded();
    const state = this.state as BuilderGroupState;
    if (state.status === 'failed') {
      return [MessageNode.fromError(this.ctx, this, state.error)];
    }
    const nodes = this.builderNodes;
    return nodes.length > 0 ? [...nodes] : [new MessageNode(this.ctx, this, 'empty', vscode.l10n.t('No image builders'))];
  }

  override reload(): void {
    this.forget();
    this.ctx.refresh(this);
  }

  /** Takes a builder that is gone out of the group. */
  remove(node: BuilderNode): void {
    if (this.state.status === 'loaded') {
      this.state = { status: 'loaded', nodes: this.state.nodes.filter((n) => n !== node) };
      node.detach();
      this.ctx.refresh(this);
    }
  }

  findBuilder(name: string): BuilderNode | undefined {
    return this.builderNodes.find((n) => n.name === name);
  }

  forget(): void {
    for (const node of this.builderNodes) {
      node.detach();
    }
    this.state = { status: 'idle' };
  }

  private async load(): Promise<void> {
    try {
      const listedAt = Date.now();
      const builders = await this.ctx.aws().listImageBuilders(this.profile, this.region);
      const nodes = builders.sort(byName).map((b) => new BuilderNode(this.ctx, this, b, listedAt));
      this.state = { status: 'loaded', nodes };
      for (const node of nodes) {
        this.ctx.poller.track(node);
      }
    } catch (err) {
      const error = classifyError(err, { profile: this.profile, region: this.region, operation: 'DescribeImageBuilders' });
      this.ctx.log.warn(`${this.profile} ${this.region} image builders: ${error.code}: ${error.message}`);
      this.state = { status: 'failed', error };
    }
    if (this.drawnWithoutCount) {
      this.ctx.redrawWhenSettled(this); // for the count
    }
  }
}

function byName(a: ImageBuilder, b: ImageBuilder): number {
  return (a.Name ?? '').localeCompare(b.Name ?? '');
}
