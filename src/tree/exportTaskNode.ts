import * as vscode from 'vscode';
import type { ExportImageTask } from '@aws-sdk/client-appstream';
import { ExplorerNode, type ExplorerContext } from './explorerNode';
import type { ExportTaskGroupNode } from './exportTaskGroupNode';
import { explainExportError, exportTaskContextValue, isExportTransitional, type ExportTaskRef } from '../aws/exportRules';
import { exportTaskDescription, exportTaskImageName, exportTaskStateIcon } from './exportTaskPresentation';
import { cleanLabel } from './imagePresentation';
import type { Followed } from './imagePoller';
import { COMMAND } from '../platform/ids';

/**
 * One export task in a region's "Export tasks" group, by its TaskId; while EXPORTING it is
 * followed by the poller (GetExportImageTask) until COMPLETED or FAILED. Newer answers only.
 */
export class ExportTaskNode extends ExplorerNode implements Followed {
  readonly id: string;
  private detached = false;
  private askedAt: number;

  constructor(
    ctx: ExplorerContext,
    readonly group: ExportTaskGroupNode,
    private current: ExportImageTask,
    listedAt: number,
  ) {
    super(ctx, group);
    this.askedAt = listedAt;
    this.id = `${group.id}/${current.TaskId ?? current.AmiName}`;
  }

  get task(): ExportImageTask {
    return this.current;
  }

  get profile(): string {
    return this.group.profile;
  }

  get region(): string {
    return this.group.region;
  }

  get ref(): ExportTaskRef | undefined {
    return this.current.TaskId ? { profile: this.profile, region: this.region, taskId: this.current.TaskId } : undefined;
  }

  get isTransitional(): boolean {
    return isExportTransitional(this.current.State);
  }

  get isDetached(): boolean {
    return this.detached || this.group.isRetired;
  }

  detach(): void {
    this.detached = true;
    this.follow(false);
  }

  follow(on: boolean): void {
    if (on) {
      this.ctx.poller.track(this);
    } else {
      this.ctx.poller.untrack(this);
    }
  }

  /** A newer copy (a poll, the create's answer); an older answer or another task's is ignored. */
  update(task: ExportImageTask, askedAt: number): void {
    if (this.isDetached || askedAt < this.askedAt || (task.TaskId !== undefined && task.TaskId !== this.current.TaskId)) {
      return;
    }
    this.askedAt = askedAt;
    this.current = task;
    this.follow(true);
    this.ctx.refresh(this);
  }

  /** Re-reads the task (the poller calls this). True while it is still EXPORTING. */
  async poll(): Promise<boolean> {
    const ref = this.ref;
    if (!ref) {
      return false;
    }
    const askedAt = Date.now();
    const now = await this.ctx.aws().getExportImageTask(ref);
    if (this.isDetached) {
      return false;
    }
    if (!now) {
      this.group.remove(this);
      return false;
    }
    this.update(now, askedAt);
    return isExportTransitional(now.State);
  }

  override reload(): void {
    void this.ctx.poller.pollNow(this);
  }

  getTreeItem(): vscode.TreeItem {
    const task = this.current;
    const item = new vscode.TreeItem(cleanLabel(task.AmiName ?? task.TaskId ?? '?'), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = exportTaskDescription(task);
    const icon = exportTaskStateIcon(task.State);
    item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    item.contextValue = exportTaskContextValue(task);
    item.tooltip = this.tooltip();
    item.accessibilityInformation = { label: `${cleanLabel(task.AmiName ?? '?')}, export to AMI, ${task.State ?? 'unknown state'}` };
    return item;
  }

  override clickCommand(): vscode.Command {
    return { command: COMMAND.showExportTaskDetails, title: vscode.l10n.t('Show Export Task Details'), arguments: [this] };
  }

  private tooltip(): vscode.MarkdownString {
    const t = this.current;
    const md = new vscode.MarkdownString();
    const line = (label: string, value: string | undefined) => {
      if (value) {
        md.appendMarkdown(`**${label}:** `);
        md.appendText(cleanLabel(value, 300));
        md.appendMarkdown('  \n');
      }
    };
    line(vscode.l10n.t('AMI name'), t.AmiName);
    line(vscode.l10n.t('State'), t.State);
    line(vscode.l10n.t('AMI id'), t.AmiId);
    line(vscode.l10n.t('Image'), exportTaskImageName(t));
    line(vscode.l10n.t('Created'), t.CreatedDate?.toISOString());
    line(vscode.l10n.t('Task id'), t.TaskId);
    for (const e of t.ErrorDetails ?? []) {
      line(vscode.l10n.t('Error {0}', e.ErrorCode ?? ''), `${e.ErrorMessage ?? ''} — ${explainExportError(e.ErrorCode)}`);
    }
    line(vscode.l10n.t('Profile / region'), `${this.profile} / ${this.region}`);
    return md;
  }
}
