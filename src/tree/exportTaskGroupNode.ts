import * as vscode from 'vscode';
import type { ExportImageTask } from '@aws-sdk/client-appstream';
import type { ExplorerContext, ExplorerNode } from './explorerNode';
import { ExportTaskNode } from './exportTaskNode';
import { ListedGroupNode } from './listedGroupNode';
import { MessageNode } from './messageNode';
import type { RegionNode } from './regionNode';

/** "Export tasks" in one region, beside "Image builders": collapsed, loads on expand (all pages), newest first, cached until refreshed. */
export class ExportTaskGroupNode extends ListedGroupNode<ExportTaskNode> {
  constructor(ctx: ExplorerContext, regionNode: RegionNode) {
    super(ctx, regionNode, 'EXPORTS', { operation: 'ListExportImageTasks', name: 'export tasks' });
  }

  get taskNodes(): readonly ExportTaskNode[] {
    return this.listed;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Export tasks'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('export');
    item.contextValue = 'group;exportTasks';
    if (this.state.status === 'loaded') {
      item.description = vscode.l10n.t('{0} tasks', this.state.nodes.length);
    }
    return this.drawn(item);
  }

  async getChildren(): Promise<ExplorerNode[]> {
    const failed = await this.failureNode();
    if (failed) {
      return [failed];
    }
    const nodes = this.taskNodes;
    return nodes.length > 0 ? [...nodes] : [new MessageNode(this.ctx, this, 'empty', vscode.l10n.t('No export tasks'))];
  }

  findTask(taskId: string): ExportTaskNode | undefined {
    return this.taskNodes.find((n) => n.task.TaskId === taskId);
  }

  /** A task just created: shown at once (EXPORTING) and followed; a group not listed yet lists (and so shows it) instead. */
  async addTask(task: ExportImageTask, askedAt: number): Promise<ExportTaskNode | undefined> {
    if (this.state.status !== 'loaded') {
      await this.ensureLoaded();
      this.ctx.refresh(this);
      return task.TaskId ? this.findTask(task.TaskId) : undefined;
    }
    const existing = task.TaskId ? this.findTask(task.TaskId) : undefined;
    if (existing) {
      existing.update(task, askedAt);
      return existing;
    }
    const node = new ExportTaskNode(this.ctx, this, task, askedAt);
    this.state = { status: 'loaded', nodes: [...this.state.nodes, node].sort(newestFirst) };
    node.follow(true);
    this.ctx.refresh(this);
    return node;
  }

  protected async fetch(listedAt: number): Promise<ExportTaskNode[]> {
    const tasks = await this.ctx.aws().listExportImageTasks(this.profile, this.region);
    return tasks.map((t) => new ExportTaskNode(this.ctx, this, t, listedAt)).sort(newestFirst);
  }
}

function newestFirst(a: ExportTaskNode, b: ExportTaskNode): number {
  return (b.task.CreatedDate?.getTime() ?? 0) - (a.task.CreatedDate?.getTime() ?? 0);
}
