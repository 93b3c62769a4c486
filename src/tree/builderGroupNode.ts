import * as vscode from 'vscode';
import type { ImageBuilder } from '@aws-sdk/client-appstream';
import type { ExplorerContext, ExplorerNode } from './explorerNode';
import { BuilderNode } from './builderNode';
import { ListedGroupNode } from './listedGroupNode';
import { MessageNode } from './messageNode';
import type { RegionNode } from './regionNode';

/** "Image builders" in one region, beside Private / Shared with me / Public: collapsed, loads on expand, cached until refreshed. */
export class BuilderGroupNode extends ListedGroupNode<BuilderNode> {
  constructor(ctx: ExplorerContext, regionNode: RegionNode) {
    super(ctx, regionNode, 'BUILDERS', { operation: 'DescribeImageBuilders', name: 'image builders' });
  }

  get builderNodes(): readonly BuilderNode[] {
    return this.listed;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Image builders'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('tools');
    item.contextValue = 'group;builders';
    if (this.state.status === 'loaded') {
      item.description = vscode.l10n.t('{0} builders', this.state.nodes.length);
    }
    return this.drawn(item);
  }

  async getChildren(): Promise<ExplorerNode[]> {
    const failed = await this.failureNode();
    if (failed) {
      return [failed];
    }
    const nodes = this.builderNodes;
    return nodes.length > 0 ? [...nodes] : [new MessageNode(this.ctx, this, 'empty', vscode.l10n.t('No image builders'))];
  }

  findBuilder(name: string): BuilderNode | undefined {
    return this.builderNodes.find((n) => n.name === name);
  }

  /** A builder just launched: shown at once (PENDING) and followed to RUNNING; a group not listed yet lists (and so shows it) instead. */
  async addBuilder(builder: ImageBuilder, askedAt: number): Promise<BuilderNode | undefined> {
    if (this.state.status !== 'loaded') {
      await this.ensureLoaded();
      this.ctx.refresh(this);
      return builder.Name ? this.findBuilder(builder.Name) : undefined;
    }
    const existing = builder.Name ? this.findBuilder(builder.Name) : undefined;
    if (existing) {
      existing.update(builder, askedAt);
      return existing;
    }
    const node = new BuilderNode(this.ctx, this, builder, askedAt);
    this.state = { status: 'loaded', nodes: [...this.state.nodes, node].sort((a, b) => byName(a.builder, b.builder)) };
    node.follow(true);
    this.ctx.refresh(this);
    return node;
  }

  protected async fetch(listedAt: number): Promise<BuilderNode[]> {
    const builders = await this.ctx.aws().listImageBuilders(this.profile, this.region);
    return builders.sort(byName).map((b) => new BuilderNode(this.ctx, this, b, listedAt));
  }
}

function byName(a: ImageBuilder, b: ImageBuilder): number {
  return (a.Name ?? '').localeCompare(b.Name ?? '');
}
