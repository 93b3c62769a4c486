import * as vscode from 'vscode';
import type { ExportImageTask } from '@aws-sdk/client-appstream';
import { ResourceNode } from './resourceNode';
import type { ExportTaskGroupNode } from './exportTaskGroupNode';
import { explainExportError, exportTaskContextValue, isExportTransitional, type ExportTaskRef } from '../aws/exportRules';
import { exportTaskDescription, exportTaskImageName, exportTaskStateIcon } from './exportTaskPresentation';
import { cleanLabel } from './imagePresentation';
import type { Followed } from './imagePoller';
import { COMMAND } from '../platform/ids';

/**
 * One export task in a region's "Export tasks" group, by its TaskId (AWS gives a task no ARN);
 * while EXPORTING it is followed by the poller (GetExportImageTask) until COMPLETED or FAILED.
 */
export class ExportTaskNode extends ResourceNode<ExportImageTask, ExportTaskGroupNode> implements Followed {
  protected identityOf(task: ExportImageTask): string | undefined {
    return task.TaskId;
  }

  protected nameOf(task: ExportImageTask): string {
    return task.AmiName ?? '';
  }

  get task(): ExportImageTask {
    return this.current;
  }

  get ref(): ExportTaskRef | undefined {
    return this.current.TaskId ? { profile: this.profile, region: this.region, taskId: this.current.TaskId } : undefined;
  }

  get isTransitional(): boolean {
    return isExportTransitional(this.current.State);
  }

  follow(on: boolean): void {
    if (on) {
      this.ctx.poller.track(this);
    } else {
      this.ctx.poller.untrack(this);
    }
  }

  /** Re-reads the task (the poller calls this); a gone task leaves the group. True while it is still EXPORTING. */
  poll(): Promise<boolean> {
    const ref = this.ref;
    if (!ref) {
      return Promise.resolve(false);
    }
    return this.pollWith(
      () => this.ctx.aws().getExportImageTask(ref),
      (now) => isExportTransitional(now.State),
    );
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
    return this.tooltipOf([
      [vscode.l10n.t('AMI name'), t.AmiName],
      [vscode.l10n.t('State'), t.State],
      [vscode.l10n.t('AMI id'), t.AmiId],
      [vscode.l10n.t('Image'), exportTaskImageName(t)],
      [vscode.l10n.t('Created'), t.CreatedDate?.toISOString()],
      [vscode.l10n.t('Task id'), t.TaskId],
      ...(t.ErrorDetails ?? []).map((e): [string, string] => [vscode.l10n.t('Error {0}', e.ErrorCode ?? ''), `${e.ErrorMessage ?? ''} — ${explainExportError(e.ErrorCode)}`]),
      [vscode.l10n.t('Profile / region'), `${this.profile} / ${this.region}`],
    ]);
  }
}
