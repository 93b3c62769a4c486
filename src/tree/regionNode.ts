import * as vscode from 'vscode';
import type { Image } from '@aws-sdk/client-appstream';
import { IMAGE_VISIBILITIES } from '../aws/types';
import { ExplorerNode, FIRST_LOOK_WAIT_MS, settledWithin, type ExplorerContext, type ProfileScope } from './explorerNode';
import { GroupNode } from './groupNode';
import { BuilderGroupNode } from './builderGroupNode';
import { ExportTaskGroupNode } from './exportTaskGroupNode';
import { accountOfImageArn } from '../aws/imageRef';
import { regionLabel } from '../aws/regions';

/** One region of one profile: the three visibility groups, and its image builders. */
export class RegionNode extends ExplorerNode {
  readonly id: string;
  readonly groups: GroupNode[];
  /** "Image builders", after the image groups: collapsed, loads on expand. */
  readonly builders: BuilderGroupNode;
  /** "Export tasks", after "Image builders": collapsed, loads on expand. */
  readonly exportTasks: ExportTaskGroupNode;
  /** Opens expanded (so its Private group loads at once); set by the provider from how many regions are in view. */
  expanded = false;

  readonly profile: string;

  /** `parent` is the profile's node; `owner` what of it the nodes below need. */
  constructor(
    ctx: ExplorerContext,
    parent: ExplorerNode,
    private readonly owner: ProfileScope,
    readonly region: string,
  ) {
    super(ctx, parent);
    this.profile = owner.profile;
    this.id = `${parent.id}/${region}`;
    this.groups = IMAGE_VISIBILITIES.map((v) => new GroupNode(ctx, this, v));
    this.builders = new BuilderGroupNode(ctx, this);
    this.exportTasks = new ExportTaskGroupNode(ctx, this);
  }

  get isRetired(): boolean {
    return this.owner.isRetired;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.region, this.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = regionLabel(this.region);
    item.iconPath = new vscode.ThemeIcon('globe');
    item.contextValue = 'region';
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    // Private opens expanded: its rows come with the group's count, not redrawn after them.
    await settledWithin(FIRST_LOOK_WAIT_MS, [this.privateGroup.ensureLoaded()]);
    return [...this.groups, this.builders, this.exportTasks];
  }

  override reload(): void {
    for (const group of this.groups) {
      group.reload();
    }
    this.builders.reload();
    this.exportTasks.reload();
  }

  get privateGroup(): GroupNode {
    return this.groups.find((g) => g.visibility === 'PRIVATE')!;
  }

  /** Private images carry the account id in their ARN: show it on the profile. */
  learnAccount(images: Image[]): void {
    for (const image of images) {
      if (image.Visibility === 'PRIVATE') {
        const account = accountOfImageArn(image.Arn);
        if (account) {
          this.owner.setAccountId(account);
          return;
        }
      }
    }
  }
}
