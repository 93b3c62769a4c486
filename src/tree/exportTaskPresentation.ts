// How an export task (Export to an EC2 AMI) looks in the tree and in its details document. Pure
// functions: tested without VS Code.
import type { ExportImageTask } from '@aws-sdk/client-appstream';
import { explainExportError, isExportFailed } from '../aws/exportRules';
import { parseImageArn } from '../aws/imageRef';
import { plainLabel } from '../aws/untrusted';

/** The codicon for a task state: EXPORTING spins, COMPLETED passes, FAILED / TIMED_OUT are errors. */
export function exportTaskStateIcon(state: string | undefined): { id: string; color?: string } {
  switch (state) {
    case 'EXPORTING':
      return { id: 'sync~spin' };
    case 'COMPLETED':
      return { id: 'pass', color: 'testing.iconPassed' };
    default:
      return isExportFailed(state) ? { id: 'error', color: 'errorForeground' } : { id: 'circle-outline' };
  }
}

/** The image a task exports: the name in its ImageArn. */
export function exportTaskImageName(task: ExportImageTask): string | undefined {
  return parseImageArn(task.ImageArn)?.name ?? task.ImageArn;
}

/** `State · ami-… · from <image>` */
export function exportTaskDescription(task: ExportImageTask): string {
  const image = exportTaskImageName(task);
  return [task.State ?? 'unknown', task.AmiId ? plainLabel(task.AmiId, 40) : undefined, image ? `from ${plainLabel(image, 80)}` : undefined].filter(Boolean).join(' · ');
}

/**
 * A task as plain text for its read-only details document: its fields, and each ErrorDetails
 * with what it means and what to do. Plain text is never rendered: hostile messages stay text.
 */
export function exportTaskDetailsText(task: ExportImageTask, where: { profile: string; region: string; account?: string }): string {
  const clean = (v: unknown) => plainLabel(String(v), 2000);
  const lines: string[] = [];
  const line = (label: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== '') {
      lines.push(`${label}: ${clean(value)}`);
    }
  };
  lines.push(`Export to AMI ${clean(task.AmiName ?? '?')}`, '');
  line('State', task.State);
  line('AMI id', task.AmiId);
  line('AMI name', task.AmiName);
  line('AMI description', task.AmiDescription);
  line('Image', task.ImageArn);
  line('Created', task.CreatedDate?.toISOString());
  line('Task id', task.TaskId);
  const tags = Object.entries(task.TagSpecifications ?? {});
  line('Tags', tags.length ? tags.map(([k, v]) => `${k}=${v}`).join(', ') : undefined);
  line('Profile / account / region', `${where.profile} / ${where.account ?? '?'} / ${where.region}`);
  const errors = task.ErrorDetails ?? [];
  if (errors.length || isExportFailed(task.State)) {
    lines.push('', errors.length ? `Errors (${errors.length})` : 'Errors: AWS gave no details');
    errors.forEach((e, i) => {
      lines.push('', `${i + 1}. ${clean(e.ErrorCode ?? 'error')}`, `   ${clean(e.ErrorMessage ?? '')}`, `   What to do: ${explainExportError(e.ErrorCode)}`);
    });
  }
  if (task.State === 'EXPORTING') {
    lines.push('', 'Still exporting: the tree follows it until it is COMPLETED or FAILED.');
  }
  return `${lines.join('\n')}\n`;
}
