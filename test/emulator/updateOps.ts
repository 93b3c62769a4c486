/**
 * CreateUpdatedImage (managed image updates), as the model and AWS's "Update an Image by Using
 * Managed … Image Updates" page describe it: you must own the image; AWS launches an image
 * builder in the account (it counts against the builder quota) that installs the updates and
 * creates the new image; at most "Concurrent image updates" (5) run at once; managed updates are
 * for Windows Server, Red Hat Enterprise Linux and Rocky Linux images created from a base image
 * released on or after 2017-07-24; the new name is unique in the account and Region and can't
 * begin with "Amazon", "AWS" or "AppStream".
 */
import * as crypto from 'crypto';
import { ApiError, IMAGE_NAME, Validator, ownView, tagMap, toWire, type Handler } from './ops';
import { QUOTA_CODES } from './quotas';
import { smallestInstanceType } from './builderOps';
import type { WireObject } from './types';

const UPDATABLE_PLATFORMS = new Set(['WINDOWS', 'WINDOWS_SERVER_2016', 'WINDOWS_SERVER_2019', 'WINDOWS_SERVER_2022', 'WINDOWS_SERVER_2025', 'RHEL8', 'ROCKY_LINUX8']);
const OLDEST_BASE = Date.parse('2017-07-24T00:00:00Z');
const RESERVED_PREFIX = /^(Amazon|AWS|AppStream)/;
const TRANSITIONAL = new Set(['PENDING', 'CREATING', 'COPYING', 'DELETING', 'IMPORTING', 'VALIDATING']);
/** Fields of the source image a new image does not inherit. */
const RESET_FIELDS = ['StateChangeReason', 'ImageErrors', 'ImagePermissions'];

const createUpdatedImage: Handler = (ctx, p) => {
  const v = new Validator(p);
  const existing = v.string('existingImageName', { required: true, pattern: IMAGE_NAME }) as string;
  const newName = v.string('newImageName', { required: true, pattern: IMAGE_NAME }) as string;
  const description = v.string('newImageDescription', { max: 256 });
  const displayName = v.string('newImageDisplayName', { max: 100 });
  const tags = tagMap(v, 'newImageTags');
  const dryRun = v.boolean('dryRun') ?? false;
  if (newName !== undefined && RESERVED_PREFIX.test(newName)) {
    v.custom(`Value '${newName}' at 'newImageName' failed to satisfy constraint: The image name can't begin with "Amazon", "AWS" or "AppStream"`);
  }
  v.done();
  const s = ctx.state.store(ctx.accountId, ctx.region);
  const own = s.images.get(existing);
  if (!own) {
    if (ctx.state.sharedWith(ctx.accountId, ctx.region).some((x) => x.stored.image.Name === existing)) {
      throw new ApiError(400, 'OperationNotPermittedException', `The image '${existing}' is shared with this account by another account. You must own the image that you update.`);
    }
    if (ctx.state.publicImages(ctx.region).some((i) => i.Name === existing)) {
      throw new ApiError(400, 'OperationNotPermittedException', `The image '${existing}' is a public image. You must own the image that you update.`);
    }
    throw new ApiError(400, 'ResourceNotFoundException', `The image '${existing}' could not be found.`);
  }
  const img = own.image;
  const platform = String(img.Platform ?? '');
  if (!UPDATABLE_PLATFORMS.has(platform)) {
    throw new ApiError(400, 'IncompatibleImageException',
      `The image '${existing}' (platform ${platform || 'unknown'}) can't be updated: managed image updates are available for Windows Server, Red Hat Enterprise Linux and Rocky Linux images.`);
  }
  const base = typeof img.PublicBaseImageReleasedDate === 'string' ? Date.parse(img.PublicBaseImageReleasedDate) : NaN;
  if (!Number.isNaN(base) && base < OLDEST_BASE) {
    throw new ApiError(400, 'IncompatibleImageException',
      `The image '${existing}' can't be updated: it was created from a base image released before 2017-07-24.`);
  }
  const state = String(img.State);
  const busy = ctx.state.updatesIn(ctx.accountId, ctx.region).find((u) => u.sourceName === existing);
  if (TRANSITIONAL.has(state) || busy) {
    throw new ApiError(400, 'ConcurrentModificationException',
      busy ? `The image '${existing}' is already being updated (new image '${busy.newName}'). Wait until that update completes and try again.`
        : `The image '${existing}' is in state ${state}. Wait until it is AVAILABLE and try again.`);
  }
  if (state !== 'AVAILABLE') {
    throw new ApiError(400, 'OperationNotPermittedException', `The image '${existing}' is in state ${state}; only an AVAILABLE image can be updated.`);
  }
  const canUpdateImage = own.updateAvailable === true;
  if (dryRun || !canUpdateImage) {
    return { canUpdateImage };
  }
  if (s.images.has(newName)) {
    throw new ApiError(400, 'ResourceAlreadyExistsException', `An image named '${newName}' already exists in ${ctx.region}.`);
  }
  const running = ctx.state.updatesIn(ctx.accountId, ctx.region);
  const maxUpdates = ctx.state.quota(ctx.accountId, ctx.region, QUOTA_CODES.concurrentImageUpdates) ?? 5;
  if (running.length >= maxUpdates) {
    throw new ApiError(400, 'LimitExceededException',
      `${running.length} image updates are running in ${ctx.region} (${running.map((u) => u.newName).join(', ')}); the quota "Concurrent image updates" (${QUOTA_CODES.concurrentImageUpdates}) is ${maxUpdates}. Wait until one completes.`);
  }
  const maxImages = ctx.state.quota(ctx.accountId, ctx.region, QUOTA_CODES.images) ?? 10;
  if (s.images.size >= maxImages) {
    throw new ApiError(400, 'LimitExceededException',
      `The account has ${s.images.size} images in ${ctx.region}; the quota "Images" (${QUOTA_CODES.images}) is ${maxImages}. Delete an image or request a quota increase.`);
  }
  const maxBuilders = ctx.state.quota(ctx.accountId, ctx.region, QUOTA_CODES.imageBuilders) ?? 10;
  if (s.imageBuilders.length >= maxBuilders) {
    throw new ApiError(400, 'LimitExceededException',
      `The update needs an image builder, but the account has ${s.imageBuilders.length} in ${ctx.region}; the quota "Image builders (total)" (${QUOTA_CODES.imageBuilders}) is ${maxBuilders}.`);
  }
  const digits = String(crypto.randomInt(0, 1e9)).padStart(9, '0') + String(crypto.randomInt(0, 10));
  const builderName = `${existing.slice(0, 90)}-${digits}`;
  const families = Array.isArray(img.SupportedInstanceFamilies) ? img.SupportedInstanceFamilies as string[] : [];
  const now = new Date().toISOString();
  const builder: WireObject = {
    Name: builderName,
    Arn: `arn:aws:appstream:${ctx.region}:${ctx.accountId}:image-builder/${builderName}`,
    ImageArn: img.Arn,
    Description: `Managed image update of ${existing} into ${newName}.`,
    DisplayName: builderName,
    InstanceType: smallestInstanceType(families[0]),
    ...(img.Platform !== undefined ? { Platform: img.Platform } : {}),
    State: 'UPDATING',
    CreatedTime: now,
    EnableDefaultInternetAccess: true,
    AppstreamAgentVersion: 'LATEST',
    LatestAppstreamAgentVersion: 'TRUE',
  };
  const image: WireObject = JSON.parse(JSON.stringify(img)) as WireObject;
  for (const k of RESET_FIELDS) { delete image[k]; }
  Object.assign(image, {
    Name: newName,
    Arn: `arn:aws:appstream:${ctx.region}:${ctx.accountId}:image/${newName}`,
    BaseImageArn: img.Arn,
    DisplayName: displayName ?? newName,
    ...(description !== undefined ? { Description: description } : {}),
    State: 'PENDING',
    Visibility: 'PRIVATE',
    ImageBuilderName: builderName,
    ImageSharedWithOthers: 'FALSE',
    CreatedTime: now,
  });
  ctx.state.startUpdate({ accountId: ctx.accountId, region: ctx.region, sourceName: existing, newName, builderName }, image, builder);
  if (tags) { ctx.state.setTags(String(image.Arn), tags); }
  const stored = s.images.get(newName);
  return { image: toWire(stored ? ownView(stored) : image), canUpdateImage: true };
};

export const UPDATE_OPERATIONS: Record<string, Handler> = {
  CreateUpdatedImage: createUpdatedImage,
};
