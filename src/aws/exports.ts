// Export to an EC2 AMI: ListExportImageTasks (all pages), GetExportImageTask and
// CreateExportImageTask, the last bound to the own image the user saw (its ARN names the
// account; CreateExportImageTask takes only a name). No `vscode` here.
import {
  CreateExportImageTaskCommand,
  GetExportImageTaskCommand,
  ListExportImageTasksCommand,
  ResourceNotAvailableException,
  ResourceNotFoundException,
  type ExportImageTask,
} from '@aws-sdk/client-appstream';
import { validateAmiDescription, validateAmiName, type ExportTaskRef } from './exportRules';
import { accountOfImageArn, type ImageRef } from './imageRef';
import { InvalidInput } from './invalidInput';
import { validateIamRoleArn } from './launchRules';
import type { ServiceCalls } from './service';
import { validateTags, type Tags } from './tagRules';

/** ListExportImageTasks' page size (AWS: 1..500, default 50). */
const PAGE_SIZE = 50;

/** What the user chose for an export; nothing was sent before all of it was known. */
export interface ExportPlan {
  amiName: string;
  iamRoleArn: string;
  description?: string;
  tags: Tags;
}

/** Every reason the plan cannot be sent ([] = fine): the input boxes' checks, again before any request. */
export function exportPlanProblems(plan: ExportPlan, account?: string): string[] {
  return [
    validateAmiName(plan.amiName),
    validateIamRoleArn(plan.iamRoleArn, { optional: false, account }),
    plan.description !== undefined ? validateAmiDescription(plan.description) : undefined,
    ...validateTags(plan.tags),
  ].filter((p): p is string => Boolean(p));
}

/** Every export task of the account in a region (ListExportImageTasks, all pages, oldest first as AWS answers). */
export async function listExportImageTasks(calls: ServiceCalls, profile: string, region: string): Promise<ExportImageTask[]> {
  const client = await calls.client(profile, region);
  return calls.allPages(
    profile,
    region,
    'ListExportImageTasks',
    (token) => client.send(new ListExportImageTasksCommand({ MaxResults: PAGE_SIZE, NextToken: token })),
    (page) => page.ExportImageTasks,
  );
}

/** One task as it is now (GetExportImageTask), or undefined when there is none of that id. */
export async function getExportImageTask(calls: ServiceCalls, ref: ExportTaskRef): Promise<ExportImageTask | undefined> {
  const client = await calls.client(ref.profile, ref.region);
  try {
    const out = await calls.send(ref.profile, ref.region, 'GetExportImageTask', () => client.send(new GetExportImageTaskCommand({ TaskId: ref.taskId })));
    return out.ExportImageTask;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) {
      return undefined;
    }
    throw err;
  }
}

/**
 * CreateExportImageTask of an own AVAILABLE image, after the check every change makes just
 * before it sends (the image described by its ARN through the same client must be this
 * account's own, created when it was). The new task (EXPORTING).
 * Requests: DescribeImages 1, CreateExportImageTask 1.
 */
export async function exportImage(calls: ServiceCalls, ref: ImageRef, plan: ExportPlan, confirmed: { createdTime?: Date } = {}): Promise<ExportImageTask> {
  const problems = exportPlanProblems(plan, accountOfImageArn(ref.arn));
  if (problems.length) {
    throw new InvalidInput(`${problems.join(' ')} Nothing was exported.`);
  }
  const { client, image } = await calls.confirmOwnImage(ref, confirmed, 'exported');
  if (image.State !== 'AVAILABLE') {
    throw new ResourceNotAvailableException({
      message: `The image "${image.Name ?? ref.name}" is ${image.State ?? 'in an unknown state'}: AWS exports only an AVAILABLE image. Nothing was exported.`,
      $metadata: {},
    });
  }
  const out = await calls.send(ref.profile, ref.region, 'CreateExportImageTask', () =>
    client.send(
      new CreateExportImageTaskCommand({
        ImageName: image.Name,
        AmiName: plan.amiName,
        IamRoleArn: plan.iamRoleArn.trim(),
        AmiDescription: plan.description || undefined,
        TagSpecifications: Object.keys(plan.tags).length ? plan.tags : undefined,
      }),
    ),
  );
  if (!out.ExportImageTask?.TaskId) {
    throw new Error(`AWS answered CreateExportImageTask for "${ref.name}" without a task: look for it under the region's "Export tasks" before exporting again.`);
  }
  return out.ExportImageTask;
}
