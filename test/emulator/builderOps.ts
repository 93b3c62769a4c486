/**
 * Image builders: CreateImageBuilder, StartImageBuilder, StopImageBuilder, DeleteImageBuilder and
 * CreateImageBuilderStreamingURL (DescribeImageBuilders is in ops.ts). State rules are AWS's
 * "Image Builder Actions" page: Start needs STOPPED, Stop and Connect need RUNNING, Delete needs
 * STOPPED (the emulator also deletes a FAILED builder), and nothing is possible in an intermediate
 * state (PENDING, SNAPSHOTTING, STOPPING, DELETING, UPDATING, PENDING_QUALIFICATION, …).
 */
import * as crypto from 'crypto';
import { ARN, ApiError, IMAGE_NAME, Validator, tagMap, toWire, visibleImages, type Handler, type OpContext } from './ops';
import { QUOTA_CODES } from './quotas';
import type { WireObject } from './types';

/** The instance types CreateImageBuilder's model documentation lists. */
export const INSTANCE_TYPES: readonly string[] = [
  'stream.standard.small', 'stream.standard.medium', 'stream.standard.large',
  'stream.compute.large', 'stream.compute.xlarge', 'stream.compute.2xlarge', 'stream.compute.4xlarge', 'stream.compute.8xlarge',
  'stream.memory.large', 'stream.memory.xlarge', 'stream.memory.2xlarge', 'stream.memory.4xlarge', 'stream.memory.8xlarge',
  'stream.memory.z1d.large', 'stream.memory.z1d.xlarge', 'stream.memory.z1d.2xlarge', 'stream.memory.z1d.3xlarge', 'stream.memory.z1d.6xlarge', 'stream.memory.z1d.12xlarge',
  'stream.graphics.g4dn.xlarge', 'stream.graphics.g4dn.2xlarge', 'stream.graphics.g4dn.4xlarge', 'stream.graphics.g4dn.8xlarge', 'stream.graphics.g4dn.12xlarge', 'stream.graphics.g4dn.16xlarge',
  'stream.graphics.g5.xlarge', 'stream.graphics.g5.2xlarge', 'stream.graphics.g5.4xlarge', 'stream.graphics.g5.8xlarge', 'stream.graphics.g5.16xlarge', 'stream.graphics.g5.12xlarge', 'stream.graphics.g5.24xlarge',
  'stream.graphics.g6.xlarge', 'stream.graphics.g6.2xlarge', 'stream.graphics.g6.4xlarge', 'stream.graphics.g6.8xlarge', 'stream.graphics.g6.16xlarge', 'stream.graphics.g6.12xlarge', 'stream.graphics.g6.24xlarge',
  'stream.graphics.gr6.4xlarge', 'stream.graphics.gr6.8xlarge',
  'stream.graphics.g6f.large', 'stream.graphics.g6f.xlarge', 'stream.graphics.g6f.2xlarge', 'stream.graphics.g6f.4xlarge', 'stream.graphics.gr6f.4xlarge',
];

/** The image's SupportedInstanceFamilies value an instance type belongs to. */
export function instanceFamily(instanceType: string): string {
  if (instanceType.startsWith('stream.standard.')) { return 'GENERAL_PURPOSE'; }
  if (instanceType.startsWith('stream.compute.')) { return 'COMPUTE_OPTIMIZED'; }
  if (instanceType.startsWith('stream.memory.')) { return 'MEMORY_OPTIMIZED'; }
  if (instanceType.startsWith('stream.graphics.g4dn.')) { return 'GRAPHICS_G4DN'; }
  if (instanceType.startsWith('stream.graphics.g5.')) { return 'GRAPHICS_G5'; }
  return 'GRAPHICS_G6';
}

/** The smallest instance type of a family (what a managed image update's builder runs on). */
export function smallestInstanceType(family: string | undefined): string {
  return INSTANCE_TYPES.find((t) => instanceFamily(t) === (family ?? 'GENERAL_PURPOSE')) ?? 'stream.standard.small';
}

/** States in which no action is possible ("intermediate states" in AWS's Image Builder Actions). */
export const INTERMEDIATE_BUILDER_STATES = new Set([
  'PENDING', 'SNAPSHOTTING', 'STOPPING', 'DELETING', 'UPDATING', 'UPDATING_AGENT', 'REBOOTING',
  'PENDING_QUALIFICATION', 'PENDING_SYNCING_APPS', 'SYNCING_APPS', 'PENDING_IMAGE_IMPORT',
]);

const SUBNET_ID = /^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
/** An IAM role of the caller's own account: `arn:aws:iam::<account>:role/<path/name>`. */
const IAM_ROLE = /^arn:aws(?:-cn|-iso-b|-iso|-us-gov)?:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

/** IamRoleArn: ARN pattern (ValidationException, at validation) and an IAM role of the caller's account (InvalidRoleException). */
export function checkRole(ctx: OpContext, roleArn: string | undefined, what: string): void {
  if (roleArn === undefined || !ARN.test(roleArn)) { return; }
  const m = IAM_ROLE.exec(roleArn);
  if (!m || m[1] !== ctx.accountId) {
    throw new ApiError(400, 'InvalidRoleException',
      `The role '${roleArn}' is not valid for ${what}: it must be an IAM role of account ${ctx.accountId} (arn:aws:iam::${ctx.accountId}:role/NAME) that appstream.amazonaws.com can assume.`);
  }
}

function builderOf(ctx: OpContext, name: string): WireObject {
  const b = ctx.state.imageBuilder(ctx.accountId, ctx.region, name);
  if (!b) { throw new ApiError(400, 'ResourceNotFoundException', `The image builder '${name}' could not be found.`); }
  return b;
}

function refuseIntermediate(b: WireObject, action: string, needed: string): void {
  const state = String(b.State);
  if (INTERMEDIATE_BUILDER_STATES.has(state)) {
    throw new ApiError(400, 'ConcurrentModificationException',
      `The image builder '${String(b.Name)}' is in state ${state}; it can be ${action} only in state ${needed}. Wait until the current operation completes and try again.`);
  }
}

/** The image a CreateImageBuilder names (ImageName: own or public; ImageArn: public, own, or shared with allowImageBuilder). */
function builderImage(ctx: OpContext, imageName: string | undefined, imageArn: string | undefined): WireObject {
  const visible = visibleImages(ctx);
  if (imageArn !== undefined) {
    const found = visible.find((x) => x.image.Arn === imageArn);
    if (!found) { throw new ApiError(400, 'ResourceNotFoundException', `The image '${imageArn}' could not be found.`); }
    const perms = found.image.ImagePermissions as { allowImageBuilder?: boolean } | undefined;
    if (found.owner === 'shared' && perms?.allowImageBuilder !== true) {
      throw new ApiError(400, 'OperationNotPermittedException',
        `The image '${imageArn}' is shared with this account without permission to launch image builders (allowImageBuilder is false).`);
    }
    return found.image;
  }
  const found = visible.find((x) => x.owner !== 'shared' && x.image.Name === imageName);
  if (!found) { throw new ApiError(400, 'ResourceNotFoundException', `The image '${String(imageName)}' could not be found.`); }
  return found.image;
}

const createImageBuilder: Handler = (ctx, p) => {
  const v = new Validator(p);
  const name = v.string('Name', { required: true, pattern: IMAGE_NAME }) as string;
  const imageName = v.string('ImageName', { min: 1 });
  const imageArn = v.string('ImageArn', { pattern: ARN });
  const instanceType = v.string('InstanceType', { required: true, min: 1 });
  const description = v.string('Description', { max: 256 });
  const displayName = v.string('DisplayName', { max: 100 });
  const vpc = v.struct('VpcConfig');
  const roleArn = v.string('IamRoleArn', { pattern: ARN });
  const internet = v.boolean('EnableDefaultInternetAccess');
  const domain = v.struct('DomainJoinInfo');
  const agent = v.string('AppstreamAgentVersion', { min: 1, max: 100 });
  const tags = tagMap(v, 'Tags');
  const endpoints = p.AccessEndpoints;
  const root = v.struct('RootVolumeConfig');
  const imds = v.boolean('DisableIMDSV1');
  let subnets: string[] = [];
  let groups: string[] = [];
  if (vpc) {
    const sub = new Validator(vpc);
    subnets = sub.list('SubnetIds', { itemPattern: SUBNET_ID }) ?? [];
    groups = sub.list('SecurityGroupIds', { max: 5, itemPattern: SECURITY_GROUP_ID }) ?? [];
    try { sub.done(); } catch (e) { throw e instanceof ApiError ? new ApiError(400, e.code, e.message.replace(/at '(subnetIds|securityGroupIds)/g, "at 'vpcConfig.$1")) : e; }
  }
  if (instanceType !== undefined && instanceType.length >= 1 && !INSTANCE_TYPES.includes(instanceType)) {
    v.custom(`Value '${instanceType}' at 'instanceType' failed to satisfy constraint: Member must be one of the supported instance types (${INSTANCE_TYPES.slice(0, 3).join(', ')}, …)`);
  }
  if (endpoints !== undefined && endpoints !== null) {
    if (!Array.isArray(endpoints)) { throw new ApiError(400, 'SerializationException', 'Unexpected value for AccessEndpoints: expected a list'); }
    if (endpoints.length < 1 || endpoints.length > 4) { v.custom(`Value '[…${endpoints.length} items]' at 'accessEndpoints' failed to satisfy constraint: Member must have length between 1 and 4`); }
    endpoints.forEach((e: unknown, i) => {
      if (!e || typeof e !== 'object' || (e as WireObject).EndpointType !== 'STREAMING') {
        v.custom(`Value at 'accessEndpoints.${i + 1}.member.endpointType' failed to satisfy constraint: Member must satisfy enum value set: [STREAMING]`);
      }
    });
  }
  if (root && root.VolumeSizeInGb !== undefined) {
    const size = root.VolumeSizeInGb;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 200 || size > 500) {
      v.custom(`Value '${String(size)}' at 'rootVolumeConfig.volumeSizeInGb' failed to satisfy constraint: Valid range is 200-500 GB`);
    }
  }
  v.done();
  if ((imageName === undefined) === (imageArn === undefined)) {
    throw new ApiError(400, 'InvalidParameterCombinationException',
      imageName === undefined ? 'Either ImageName or ImageArn must be specified.' : 'ImageName and ImageArn cannot both be specified.');
  }
  if (subnets.length > 1) {
    throw new ApiError(400, 'InvalidParameterCombinationException', `An image builder uses one subnet; ${subnets.length} were given (${subnets.join(', ')}).`);
  }
  if (groups.length && !subnets.length) {
    throw new ApiError(400, 'InvalidParameterCombinationException', 'SecurityGroupIds require a subnet in VpcConfig.SubnetIds.');
  }
  checkRole(ctx, roleArn, 'an image builder');
  const image = builderImage(ctx, imageName, imageArn);
  if (image.State !== 'AVAILABLE') {
    throw new ApiError(400, 'ResourceNotAvailableException', `The image '${String(image.Name)}' is in state ${String(image.State)}; an image builder can be launched only from an AVAILABLE image.`);
  }
  if (image.ImageBuilderSupported === false) {
    throw new ApiError(400, 'IncompatibleImageException', `The image '${String(image.Name)}' does not support image builders (ImageBuilderSupported is false).`);
  }
  const families = image.SupportedInstanceFamilies;
  if (Array.isArray(families) && families.length && !families.includes(instanceFamily(instanceType as string))) {
    throw new ApiError(400, 'IncompatibleImageException',
      `The instance type ${String(instanceType)} (${instanceFamily(instanceType as string)}) is not supported by the image '${String(image.Name)}', which supports ${families.join(', ')}.`);
  }
  const store = ctx.state.store(ctx.accountId, ctx.region);
  if (store.imageBuilders.some((b) => b.Name === name)) {
    throw new ApiError(400, 'ResourceAlreadyExistsException', `An image builder named '${name}' already exists.`);
  }
  const quota = ctx.state.quota(ctx.accountId, ctx.region, QUOTA_CODES.imageBuilders) ?? 10;
  if (store.imageBuilders.length >= quota) {
    throw new ApiError(400, 'LimitExceededException',
      `The account has ${store.imageBuilders.length} image builders in ${ctx.region}; the quota "Image builders (total)" (${QUOTA_CODES.imageBuilders}) is ${quota}. Delete an image builder or request a quota increase.`);
  }
  const arn = `arn:aws:appstream:${ctx.region}:${ctx.accountId}:image-builder/${name}`;
  const builder: WireObject = {
    Name: name,
    Arn: arn,
    ImageArn: image.Arn,
    ...(description !== undefined ? { Description: description } : {}),
    ...(displayName !== undefined ? { DisplayName: displayName } : {}),
    ...(subnets.length ? { VpcConfig: { SubnetIds: subnets, SecurityGroupIds: groups } } : {}),
    InstanceType: instanceType,
    ...(image.Platform !== undefined ? { Platform: image.Platform } : {}),
    ...(roleArn !== undefined ? { IamRoleArn: roleArn } : {}),
    State: 'PENDING',
    CreatedTime: new Date().toISOString(),
    EnableDefaultInternetAccess: internet ?? false,
    ...(domain ? { DomainJoinInfo: domain } : {}),
    AppstreamAgentVersion: agent ?? (typeof image.AppstreamAgentVersion === 'string' ? image.AppstreamAgentVersion : 'LATEST'),
    ...(Array.isArray(endpoints) ? { AccessEndpoints: endpoints } : {}),
    RootVolumeConfig: { VolumeSizeInGb: typeof root?.VolumeSizeInGb === 'number' ? root.VolumeSizeInGb : 200 },
    LatestAppstreamAgentVersion: 'TRUE',
    DisableIMDSV1: imds ?? false,
  };
  store.imageBuilders.push(builder);
  if (tags) { ctx.state.setTags(arn, tags); }
  ctx.state.transitionBuilder(ctx.accountId, ctx.region, builder, 'PENDING', 'RUNNING');
  return { ImageBuilder: toWire(builder) };
};

const startImageBuilder: Handler = (ctx, p) => {
  const v = new Validator(p);
  const name = v.string('Name', { required: true, min: 1 }) as string;
  const agent = v.string('AppstreamAgentVersion', { min: 1, max: 100 });
  v.done();
  const b = builderOf(ctx, name);
  refuseIntermediate(b, 'started', 'STOPPED');
  if (b.State !== 'STOPPED') {
    throw new ApiError(400, 'ResourceNotAvailableException', `The image builder '${name}' is in state ${String(b.State)}; only a STOPPED image builder can be started.`);
  }
  if (agent !== undefined) { b.AppstreamAgentVersion = agent; }
  delete b.ImageBuilderErrors;
  ctx.state.transitionBuilder(ctx.accountId, ctx.region, b, 'PENDING', 'RUNNING');
  return { ImageBuilder: toWire(b) };
};

const stopImageBuilder: Handler = (ctx, p) => {
  const v = new Validator(p);
  const name = v.string('Name', { required: true, min: 1 }) as string;
  v.done();
  const b = builderOf(ctx, name);
  refuseIntermediate(b, 'stopped', 'RUNNING');
  if (b.State !== 'RUNNING') {
    throw new ApiError(400, 'OperationNotPermittedException', `The image builder '${name}' is in state ${String(b.State)}; only a RUNNING image builder can be stopped.`);
  }
  ctx.state.transitionBuilder(ctx.accountId, ctx.region, b, 'STOPPING', 'STOPPED');
  return { ImageBuilder: toWire(b) };
};

const deleteImageBuilder: Handler = (ctx, p) => {
  const v = new Validator(p);
  const name = v.string('Name', { required: true, pattern: IMAGE_NAME }) as string;
  v.done();
  const b = builderOf(ctx, name);
  refuseIntermediate(b, 'deleted', 'STOPPED');
  if (b.State !== 'STOPPED' && b.State !== 'FAILED') {
    throw new ApiError(400, 'OperationNotPermittedException', `The image builder '${name}' is in state ${String(b.State)}; stop it before deleting it (only a STOPPED or FAILED image builder can be deleted).`);
  }
  ctx.state.transitionBuilder(ctx.accountId, ctx.region, b, 'DELETING', 'gone');
  return { ImageBuilder: toWire(b) };
};

/** "Specify a value between 1 and 604800 seconds. The default is 3600 seconds." */
export const STREAMING_URL_MAX_VALIDITY = 604800;

const createImageBuilderStreamingUrl: Handler = (ctx, p) => {
  const v = new Validator(p);
  const name = v.string('Name', { required: true, min: 1 }) as string;
  const validity = v.integer('Validity', 1, STREAMING_URL_MAX_VALIDITY);
  v.done();
  const b = builderOf(ctx, name);
  if (b.State !== 'RUNNING') {
    throw new ApiError(400, 'OperationNotPermittedException', `The image builder '${name}' is in state ${String(b.State)}; you can connect only to a RUNNING image builder.`);
  }
  const expires = Date.now() + (validity ?? 3600) * 1000;
  const parameters = Buffer.from(JSON.stringify({
    type: 'IMAGE_BUILDER', expires: String(Math.floor(expires / 1000)), awsAccountId: ctx.accountId, region: ctx.region,
    imageBuilderName: name, token: crypto.randomBytes(24).toString('base64url'),
  })).toString('base64url');
  const url = `https://appstream2.${ctx.region}.aws.amazon.com/authenticate?parameters=${parameters}&signature=${crypto.randomBytes(32).toString('base64url')}`;
  ctx.state.streamingUrls.push({ url, accountId: ctx.accountId, region: ctx.region, builderName: name, expires });
  return { StreamingURL: url, Expires: Math.floor(expires / 1000) };
};

export const BUILDER_OPERATIONS: Record<string, Handler> = {
  CreateImageBuilder: createImageBuilder,
  StartImageBuilder: startImageBuilder,
  StopImageBuilder: stopImageBuilder,
  DeleteImageBuilder: deleteImageBuilder,
  CreateImageBuilderStreamingURL: createImageBuilderStreamingUrl,
};
