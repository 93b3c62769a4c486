/**
 * Export to an EC2 AMI: CreateExportImageTask, GetExportImageTask, ListExportImageTasks (in
 * @aws-sdk/client-appstream 3.1112.0; not in the Debian AWS CLI 2.9's model). A task is
 * EXPORTING, then COMPLETED with an `ami-…` id or FAILED with ErrorDetails (state.ts).
 */
import * as crypto from 'crypto';
import { ARN, ApiError, IMAGE_NAME, Validator, page, tagMap, toWire, type Handler } from './ops';
import { checkRole } from './builderOps';
import type { WireObject } from './types';

const AMI_NAME = /^[a-zA-Z0-9().\-/_]{3,128}$/;
const UUID = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;
const FILTER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$/;
const FILTER_VALUE = /^[a-zA-Z0-9][a-zA-Z0-9_:/.-]{0,200}$/;
/** Filter names ListExportImageTasks understands (emulator's reading: AWS documents none by name). */
const FILTERS: Record<string, (t: WireObject) => string> = {
  State: (t) => String(t.State),
  ImageArn: (t) => String(t.ImageArn),
  AmiName: (t) => String(t.AmiName),
};

const createExportImageTask: Handler = (ctx, p) => {
  const v = new Validator(p);
  const imageName = v.string('ImageName', { required: true, pattern: IMAGE_NAME }) as string;
  const amiName = v.string('AmiName', { required: true, pattern: AMI_NAME }) as string;
  const roleArn = v.string('IamRoleArn', { required: true, pattern: ARN }) as string;
  const tags = tagMap(v, 'TagSpecifications');
  const description = v.string('AmiDescription', { max: 256 });
  v.done();
  checkRole(ctx, roleArn, 'exporting an image');
  const own = ctx.state.store(ctx.accountId, ctx.region).images.get(imageName);
  if (!own) {
    const notOwned = ctx.state.sharedWith(ctx.accountId, ctx.region).some((x) => x.stored.image.Name === imageName)
      || ctx.state.publicImages(ctx.region).some((i) => i.Name === imageName);
    if (notOwned) {
      throw new ApiError(400, 'OperationNotPermittedException', `The image '${imageName}' is not owned by this account. Only an image you own can be exported.`);
    }
    throw new ApiError(400, 'ResourceNotFoundException', `The image '${imageName}' could not be found.`);
  }
  if (own.image.State !== 'AVAILABLE') {
    throw new ApiError(400, 'ResourceNotAvailableException', `The image '${imageName}' is in state ${String(own.image.State)}; only an AVAILABLE image can be exported.`);
  }
  const tasks = ctx.state.exportTasksIn(ctx.accountId, ctx.region);
  const taken = tasks.find((t) => t.AmiName === amiName && (t.State === 'EXPORTING' || t.State === 'COMPLETED'));
  if (taken) {
    throw new ApiError(400, 'OperationNotPermittedException',
      `An AMI named '${amiName}' already exists or is being exported in this account and Region (task ${String(taken.TaskId)}). The AMI name must be unique.`);
  }
  const exporting = tasks.filter((t) => t.State === 'EXPORTING');
  if (exporting.length >= ctx.state.maxConcurrentExports) {
    throw new ApiError(400, 'LimitExceededException',
      `${exporting.length} export tasks are running in ${ctx.region}; at most ${ctx.state.maxConcurrentExports} run at once. Wait until one completes.`);
  }
  const task: WireObject = {
    TaskId: crypto.randomUUID(),
    ImageArn: own.image.Arn,
    AmiName: amiName,
    CreatedDate: new Date().toISOString(),
    ...(description !== undefined ? { AmiDescription: description } : {}),
    State: 'EXPORTING',
    ...(tags ? { TagSpecifications: tags } : {}),
  };
  ctx.state.startExport(ctx.accountId, ctx.region, task);
  return { ExportImageTask: toWire(task) };
};

const getExportImageTask: Handler = (ctx, p) => {
  const v = new Validator(p);
  const id = v.string('TaskId', { pattern: UUID });
  v.done();
  if (id === undefined) {
    throw new ApiError(400, 'ValidationException', '1 validation error detected: Value null at \'taskId\' failed to satisfy constraint: Member must not be null');
  }
  const found = ctx.state.exportTask(id);
  if (!found || found.accountId !== ctx.accountId || found.region !== ctx.region) {
    throw new ApiError(400, 'ResourceNotFoundException', `The export image task '${id}' could not be found.`);
  }
  return { ExportImageTask: toWire(found.task) };
};

const listExportImageTasks: Handler = (ctx, p) => {
  const v = new Validator(p);
  const max = v.integer('MaxResults', 0, 500);
  const token = v.string('NextToken', { min: 1 });
  const raw = p.Filters;
  const filters: { Name: string; Values: string[] }[] = [];
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw)) { throw new ApiError(400, 'SerializationException', 'Unexpected value for Filters: expected a list'); }
    raw.forEach((f: unknown, i) => {
      const fv = new Validator((f && typeof f === 'object' ? f : {}) as Record<string, unknown>);
      const name = fv.string('Name', { required: true, pattern: FILTER_NAME });
      const values = fv.list('Values', { required: true, itemPattern: FILTER_VALUE });
      try { fv.done(); } catch (e) {
        if (e instanceof ApiError) { v.custom(e.message.replace(/^\d+ validation errors? detected: /, '').replace(/at '(name|values)/g, `at 'filters.${i + 1}.member.$1`)); return; }
        throw e;
      }
      if (name !== undefined && !FILTERS[name]) {
        v.custom(`Value '${name}' at 'filters.${i + 1}.member.name' failed to satisfy constraint: Member must be one of [${Object.keys(FILTERS).join(', ')}]`);
      }
      filters.push({ Name: name ?? '', Values: values ?? [] });
    });
  }
  v.done();
  const tasks = ctx.state.exportTasksIn(ctx.accountId, ctx.region)
    .filter((t) => filters.every((f) => f.Values.includes(FILTERS[f.Name](t))));
  const r = page(ctx, tasks, { filters }, token, max || 50);
  return { ExportImageTasks: r.items.map(toWire), ...(r.next ? { NextToken: r.next } : {}) };
};

export const EXPORT_OPERATIONS: Record<string, Handler> = {
  CreateExportImageTask: createExportImageTask,
  GetExportImageTask: getExportImageTask,
  ListExportImageTasks: listExportImageTasks,
};
