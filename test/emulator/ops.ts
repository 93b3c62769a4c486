import * as crypto from 'crypto';
import type { EmulatorState, StoredImage } from './state';
import type { WireObject } from './types';

/** An AWS error answer: HTTP status, `__type` code and message. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export interface OpContext {
  state: EmulatorState;
  accountId: string;
  region: string;
  op: string;
}

export type Params = Record<string, unknown>;
export type Handler = (ctx: OpContext, params: Params) => WireObject;

export const IMAGE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$/;
const TIMESTAMP_KEYS = new Set(['CreatedTime', 'PublicBaseImageReleasedDate', 'ErrorTimestamp', 'CreatedDate', 'Expires']);

/** Deep copy for the wire: timestamps (ISO strings in the seed) become epoch seconds. */
export function toWire<T>(value: T): T {
  const walk = (v: unknown, k?: string): unknown => {
    if (Array.isArray(v)) { return v.map((x) => walk(x)); }
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const [kk, vv] of Object.entries(v)) { o[kk] = walk(vv, kk); }
      return o;
    }
    if (k && TIMESTAMP_KEYS.has(k) && typeof v === 'string') {
      const ms = Date.parse(v);
      return Number.isNaN(ms) ? v : ms / 1000;
    }
    return v;
  };
  return walk(value) as T;
}

// ---------- validation, AWS style ("1 validation error detected: Value '30' at 'maxResults' ...") ----------

export class Validator {
  private errors: string[] = [];
  constructor(private readonly params: Params) {}

  private fail(value: unknown, member: string, constraint: string): void {
    const shown = value === undefined || value === null ? 'null' : `'${Array.isArray(value) ? `[${value.join(', ')}]` : String(value)}'`;
    this.errors.push(`Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
  }

  private typed(field: string, expected: 'string' | 'integer' | 'list'): unknown {
    const v = this.params[field];
    if (v === undefined || v === null) { return undefined; }
    const ok = expected === 'string' ? typeof v === 'string'
      : expected === 'integer' ? typeof v === 'number' && Number.isInteger(v)
        : Array.isArray(v) && v.every((x) => typeof x === 'string');
    if (!ok) {
      throw new ApiError(400, 'SerializationException', `Unexpected value for ${field}: expected ${expected === 'list' ? 'a list of strings' : `a ${expected}`}, got ${JSON.stringify(v)}`);
    }
    return v;
  }

  string(field: string, opts: { required?: boolean; pattern?: RegExp; min?: number; max?: number } = {}): string | undefined {
    const v = this.typed(field, 'string') as string | undefined;
    const member = lowerFirst(field);
    if (v === undefined) {
      if (opts.required) { this.fail(v, member, 'Member must not be null'); }
      return undefined;
    }
    if (opts.min !== undefined && v.length < opts.min) { this.fail(v, member, `Member must have length greater than or equal to ${opts.min}`); }
    if (opts.max !== undefined && v.length > opts.max) { this.fail(v, member, `Member must have length less than or equal to ${opts.max}`); }
    if (opts.pattern && !opts.pattern.test(v)) { this.fail(v, member, `Member must satisfy regular expression pattern: ${opts.pattern.source}`); }
    return v;
  }

  integer(field: string, min?: number, max?: number): number | undefined {
    const v = this.typed(field, 'integer') as number | undefined;
    if (v === undefined) { return undefined; }
    const member = lowerFirst(field);
    if (min !== undefined && v < min) { this.fail(v, member, `Member must have value greater than or equal to ${min}`); }
    if (max !== undefined && v > max) { this.fail(v, member, `Member must have value less than or equal to ${max}`); }
    return v;
  }

  list(field: string, opts: { required?: boolean; min?: number; max?: number; itemPattern?: RegExp; itemMin?: number } = {}): string[] | undefined {
    const v = this.typed(field, 'list') as string[] | undefined;
    const member = lowerFirst(field);
    if (v === undefined) {
      if (opts.required) { this.fail(v, member, 'Member must not be null'); }
      return undefined;
    }
    if (opts.min !== undefined && v.length < opts.min) { this.fail(v, member, `Member must have length greater than or equal to ${opts.min}`); }
    if (opts.max !== undefined && v.length > opts.max) { this.fail(v, member, `Member must have length less than or equal to ${opts.max}`); }
    v.forEach((item, i) => {
      if (opts.itemMin !== undefined && item.length < opts.itemMin) { this.fail(item, `${member}.${i + 1}.member`, `Member must have length greater than or equal to ${opts.itemMin}`); }
      if (opts.itemPattern && !opts.itemPattern.test(item)) { this.fail(item, `${member}.${i + 1}.member`, `Member must satisfy regular expression pattern: ${opts.itemPattern.source}`); }
    });
    return v;
  }

  /** A structure member: an object whose listed members, when present, are booleans. */
  struct(field: string, opts: { required?: boolean; booleans?: string[] } = {}): Record<string, unknown> | undefined {
    const v = this.params[field];
    if (v === undefined || v === null) {
      if (opts.required) { this.fail(undefined, lowerFirst(field), 'Member must not be null'); }
      return undefined;
    }
    if (typeof v !== 'object' || Array.isArray(v)) {
      throw new ApiError(400, 'SerializationException', `Unexpected value for ${field}: expected a structure, got ${JSON.stringify(v)}`);
    }
    for (const b of opts.booleans ?? []) {
      const x = (v as Record<string, unknown>)[b];
      if (x !== undefined && x !== null && typeof x !== 'boolean') {
        throw new ApiError(400, 'SerializationException', `Unexpected value for ${field}.${b}: expected a boolean, got ${JSON.stringify(x)}`);
      }
    }
    return v as Record<string, unknown>;
  }

  /** A map of strings to strings, with its entry count checked. */
  stringMap(field: string, opts: { required?: boolean; min?: number; max?: number } = {}): Record<string, string> | undefined {
    const v = this.params[field];
    const member = lowerFirst(field);
    if (v === undefined || v === null) {
      if (opts.required) { this.fail(undefined, member, 'Member must not be null'); }
      return undefined;
    }
    if (typeof v !== 'object' || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string')) {
      throw new ApiError(400, 'SerializationException', `Unexpected value for ${field}: expected a map of strings, got ${JSON.stringify(v)}`);
    }
    const map = v as Record<string, string>;
    const n = Object.keys(map).length;
    const shown = `{${Object.entries(map).map(([k, x]) => `${k}=${x}`).join(', ')}}`;
    if (opts.min !== undefined && n < opts.min) { this.errors.push(`Value '${shown}' at '${member}' failed to satisfy constraint: Member must have length greater than or equal to ${opts.min}`); }
    if (opts.max !== undefined && n > opts.max) { this.errors.push(`Value '${shown}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${opts.max}`); }
    return map;
  }

  /** A boolean member (absent = undefined). */
  boolean(field: string): boolean | undefined {
    const v = this.params[field];
    if (v === undefined || v === null) { return undefined; }
    if (typeof v !== 'boolean') {
      throw new ApiError(400, 'SerializationException', `Unexpected value for ${field}: expected a boolean, got ${JSON.stringify(v)}`);
    }
    return v;
  }

  /** Adds a validation error worded by the caller. */
  custom(message: string): void { this.errors.push(message); }

  enumValue(field: string, values: string[]): string | undefined {
    const v = this.typed(field, 'string') as string | undefined;
    if (v !== undefined && !values.includes(v)) { this.fail(v, lowerFirst(field), `Member must satisfy enum value set: [${values.join(', ')}]`); }
    return v;
  }

  done(): void {
    if (this.errors.length) {
      const n = this.errors.length;
      throw new ApiError(400, 'ValidationException', `${n} validation error${n > 1 ? 's' : ''} detected: ${this.errors.join('; ')}`);
    }
  }
}

export const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

// ---------- paging: opaque tokens bound to the query ----------

function queryHash(ctx: OpContext, query: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify([ctx.op, ctx.accountId, ctx.region, query])).digest('hex').slice(0, 16);
}

/** Returns one page and the token for the next (base64 of JSON {o: offset, h: checksum of the query}). */
export function page<T>(ctx: OpContext, items: T[], query: unknown, token: string | undefined, size: number): { items: T[]; next?: string } {
  let offset = 0;
  if (token !== undefined) {
    let parsed: { v?: unknown; o?: unknown; h?: unknown } | undefined;
    try {
      parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as typeof parsed;
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.v !== 1 || typeof parsed.o !== 'number' || !Number.isInteger(parsed.o) || parsed.o < 0
      || parsed.h !== queryHash(ctx, query)) {
      throw new ApiError(400, 'InvalidParameterCombinationException',
        'The NextToken is not valid: it is malformed, or was issued for a different request, account or region.');
    }
    offset = parsed.o;
  }
  const slice = items.slice(offset, offset + size);
  const nextOffset = offset + size;
  const next = nextOffset < items.length
    ? Buffer.from(JSON.stringify({ v: 1, o: nextOffset, h: queryHash(ctx, query) })).toString('base64')
    : undefined;
  return { items: slice, next };
}

// ---------- image views ----------

export interface VisibleImage { image: WireObject; owner: 'self' | 'shared' | 'public' }

export function ownView(s: StoredImage): WireObject {
  return { ...s.image, Visibility: 'PRIVATE', ImageSharedWithOthers: s.shares.length ? 'TRUE' : 'FALSE' };
}

export function sharedView(s: StoredImage, perms: { allowFleet: boolean; allowImageBuilder: boolean }): WireObject {
  const img: WireObject = { ...s.image, Visibility: 'SHARED', ImagePermissions: { ...perms } };
  delete img.ImageBuilderName; // "If the image is shared, this value is null."
  delete img.ImageSharedWithOthers;
  return img;
}

/**
 * The images an account sees in a region. Without `Type` this is what AWS returns for a
 * DescribeImages without a type: its private images, then images shared with it, then the
 * region's public images.
 */
export function visibleImages(ctx: OpContext, type?: string): VisibleImage[] {
  const out: VisibleImage[] = [];
  if (!type || type === 'PRIVATE') {
    for (const s of ctx.state.images(ctx.accountId, ctx.region)) { out.push({ image: ownView(s), owner: 'self' }); }
  }
  if (!type || type === 'SHARED') {
    for (const s of ctx.state.sharedWith(ctx.accountId, ctx.region)) {
      out.push({ image: sharedView(s.stored, s.permission.imagePermissions), owner: 'shared' });
    }
  }
  if (!type || type === 'PUBLIC') {
    for (const img of ctx.state.publicImages(ctx.region)) { out.push({ image: { ...img, Visibility: 'PUBLIC' }, owner: 'public' }); }
  }
  return out;
}

/** AWS's `Arn` shape pattern (every ARN parameter of AppStream). */
export const ARN = /^arn:aws(?:-cn|-iso-b|-iso|-us-gov)?:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.\\-]{0,1023}$/;

function notFound(what: string[]): ApiError {
  return new ApiError(400, 'ResourceNotFoundException', `The image${what.length > 1 ? 's' : ''} ${what.map((n) => `'${n}'`).join(', ')} could not be found.`);
}

/**
 * DescribeImages. Per the model: `Names` are "the names of the public or private images to
 * describe" (own and public images only: a name that is only shared with the caller is not
 * found, like a missing one); `Arns` are "the ARNs of the public, private, and shared images".
 * `Type`, when given, narrows what either can find.
 */
const describeImages: Handler = (ctx, p) => {
  const v = new Validator(p);
  const names = v.list('Names', { itemMin: 1 });
  const arns = v.list('Arns', { itemPattern: ARN });
  const type = v.enumValue('Type', ['PUBLIC', 'PRIVATE', 'SHARED']);
  const token = v.string('NextToken', { min: 1 });
  const max = v.integer('MaxResults', 0, 25);
  v.done();
  if (names?.length && arns?.length) {
    throw new ApiError(400, 'InvalidParameterCombinationException', 'Names and Arns cannot both be specified. Specify image names or image ARNs.');
  }
  const visible = visibleImages(ctx, type);
  let images = visible.map((x) => x.image);
  if (names?.length) {
    const byName = visible.filter((x) => x.owner !== 'shared').map((x) => x.image);
    const missing = names.filter((n) => !byName.some((i) => i.Name === n));
    if (missing.length) { throw notFound(missing); }
    images = byName.filter((i) => names.includes(String(i.Name)));
  } else if (arns?.length) {
    const missing = arns.filter((a) => !images.some((i) => i.Arn === a));
    if (missing.length) { throw notFound(missing); }
    images = images.filter((i) => arns.includes(String(i.Arn)));
  }
  const r = page(ctx, images, { names, arns, type }, token, max || 25);
  return { Images: r.items.map(toWire), ...(r.next ? { NextToken: r.next } : {}) };
};

/**
 * Whether a fleet or image builder runs the image `arn` (named `name`). A resource that names its
 * image by ARN is matched by ARN only: a fleet on another account's shared image of the same name
 * does not use ours. Only a resource with no ImageArn at all is matched by ImageName.
 */
export function runsImage(resource: WireObject, arn: unknown, name: string): boolean {
  if (typeof resource.ImageArn === 'string' && resource.ImageArn !== '') { return resource.ImageArn === arn; }
  return resource.ImageName === name;
}

const deleteImage: Handler = (ctx, p) => {
  const v = new Validator(p);
  const name = v.string('Name', { required: true, pattern: IMAGE_NAME }) as string;
  v.done();
  const own = ctx.state.store(ctx.accountId, ctx.region).images.get(name);
  if (!own) {
    if (ctx.state.sharedWith(ctx.accountId, ctx.region).some((s) => s.stored.image.Name === name)) {
      throw new ApiError(400, 'OperationNotPermittedException', `The image '${name}' is shared with this account by another account. Only the owner of an image can delete it.`);
    }
    if (ctx.state.publicImages(ctx.region).some((i) => i.Name === name)) {
      throw new ApiError(400, 'OperationNotPermittedException', `The image '${name}' is a public image. Public images cannot be deleted.`);
    }
    throw new ApiError(400, 'ResourceNotFoundException', `The image '${name}' could not be found.`);
  }
  if (own.image.State === 'DELETING') {
    throw new ApiError(400, 'ConcurrentModificationException', `The image '${name}' is already being deleted.`);
  }
  const arn = own.image.Arn;
  const fleets = ctx.state.fleets(ctx.accountId, ctx.region).filter((f) => runsImage(f, arn, name));
  if (fleets.length) {
    throw new ApiError(400, 'ResourceInUseException', `The image '${name}' is in use by fleet${fleets.length > 1 ? 's' : ''} ${fleets.map((f) => `'${String(f.Name)}'`).join(', ')}. Update or delete the fleet before deleting the image.`);
  }
  const builders = ctx.state.imageBuilders(ctx.accountId, ctx.region).filter((b) => runsImage(b, arn, name));
  if (builders.length) {
    throw new ApiError(400, 'ResourceInUseException', `The image '${name}' is in use by image builder${builders.length > 1 ? 's' : ''} ${builders.map((b) => `'${String(b.Name)}'`).join(', ')}. Delete the image builder before deleting the image.`);
  }
  if (own.shares.length) {
    throw new ApiError(400, 'ResourceInUseException', `The image '${name}' is shared with other AWS accounts (${own.shares.map((s) => s.sharedAccountId).join(', ')}). Remove its image permissions before deleting the image.`);
  }
  ctx.state.scheduleDelete(ctx.accountId, ctx.region, name);
  return { Image: toWire(ownView(own)) };
};

const describeFleets: Handler = (ctx, p) => {
  const v = new Validator(p);
  const names = v.list('Names', { itemMin: 1 });
  const token = v.string('NextToken', { min: 1 });
  v.done();
  let fleets = ctx.state.fleets(ctx.accountId, ctx.region);
  if (names?.length) {
    const missing = names.filter((n) => !fleets.some((f) => f.Name === n));
    if (missing.length) { throw new ApiError(400, 'ResourceNotFoundException', `The fleet '${missing[0]}' could not be found.`); }
    fleets = fleets.filter((f) => names.includes(String(f.Name)));
  }
  const r = page(ctx, fleets, { names }, token, 25);
  return { Fleets: r.items.map(toWire), ...(r.next ? { NextToken: r.next } : {}) };
};

const describeImageBuilders: Handler = (ctx, p) => {
  const v = new Validator(p);
  const names = v.list('Names', { itemMin: 1 });
  const max = v.integer('MaxResults', 0);
  const token = v.string('NextToken', { min: 1 });
  v.done();
  let builders = ctx.state.imageBuilders(ctx.accountId, ctx.region);
  if (names?.length) {
    const missing = names.filter((n) => !builders.some((b) => b.Name === n));
    if (missing.length) { throw new ApiError(400, 'ResourceNotFoundException', `The image builder '${missing[0]}' could not be found.`); }
    builders = builders.filter((b) => names.includes(String(b.Name)));
  }
  const r = page(ctx, builders, { names }, token, max || 25);
  return { ImageBuilders: r.items.map(toWire), ...(r.next ? { NextToken: r.next } : {}) };
};

const describeImagePermissions: Handler = (ctx, p) => {
  const v = new Validator(p);
  const name = v.string('Name', { required: true, pattern: IMAGE_NAME }) as string;
  const max = v.integer('MaxResults', 0, 500);
  const ids = v.list('SharedAwsAccountIds', { min: 1, max: 5, itemPattern: /^\d+$/ });
  const token = v.string('NextToken', { min: 1 });
  v.done();
  const own = ctx.state.store(ctx.accountId, ctx.region).images.get(name);
  if (!own) { throw new ApiError(400, 'ResourceNotFoundException', `The image '${name}' could not be found. The image must be a private image that you own.`); }
  const list = own.shares.filter((s) => !ids || ids.includes(s.sharedAccountId));
  const r = page(ctx, list, { name, ids }, token, max || 500);
  return {
    Name: name,
    SharedImagePermissionsList: r.items.map((s) => ({ sharedAccountId: s.sharedAccountId, imagePermissions: { ...s.imagePermissions } })),
    ...(r.next ? { NextToken: r.next } : {}),
  };
};

// ---------- sharing: UpdateImagePermissions, DeleteImagePermissions ----------

/** AWS's limit: "Number of AWS accounts an image can be shared with: 100". */
export const MAX_SHARES_PER_IMAGE = 100;

/**
 * `SharedAccountId`: the model's pattern is `^\d+$` and its documentation says "the 12-digit
 * identifier of the AWS account": both are checked (ValidationException).
 */
function accountId(v: Validator, field: string): string {
  const id = v.string(field, { required: true, pattern: /^\d+$/ });
  if (id !== undefined && /^\d+$/.test(id) && id.length !== 12) {
    v.custom(`Value '${id}' at '${lowerFirst(field)}' failed to satisfy constraint: Member must be a 12-digit AWS account ID`);
  }
  return id ?? '';
}

/** An own private image of the caller in its region, for the sharing and copy operations. */
export function ownImage(ctx: OpContext, name: string, what: string): StoredImage {
  const own = ctx.state.store(ctx.accountId, ctx.region).images.get(name);
  if (!own) {
    throw new ApiError(400, 'ResourceNotFoundException', `The image '${name}' could not be found. ${what}`);
  }
  return own;
}

export function requireAvailable(stored: StoredImage, action: string): void {
  if (stored.image.State !== 'AVAILABLE') {
    throw new ApiError(400, 'ResourceNotAvailableException',
      `The image '${String(stored.image.Name)}' is in state ${String(stored.image.State)}. ${action} is possible only for an image in state AVAILABLE.`);
  }
}

/** "If you remove these [fleet] permissions later … the desired capacity is set to 0" (AWS's sharing guide). */
function stopConsumerFleets(ctx: OpContext, consumerId: string, arn: unknown): void {
  for (const f of ctx.state.fleets(consumerId, ctx.region)) {
    if (f.ImageArn === arn) {
      const cap = (f.ComputeCapacityStatus && typeof f.ComputeCapacityStatus === 'object' ? f.ComputeCapacityStatus : {}) as WireObject;
      f.ComputeCapacityStatus = { ...cap, Desired: 0 };
    }
  }
}

const updateImagePermissions: Handler = (ctx, p) => {
  const v = new Validator(p);
  const name = v.string('Name', { required: true, pattern: IMAGE_NAME }) as string;
  const shared = accountId(v, 'SharedAccountId');
  const perms = v.struct('ImagePermissions', { required: true, booleans: ['allowFleet', 'allowImageBuilder'] });
  v.done();
  if (shared === ctx.accountId) {
    throw new ApiError(400, 'ValidationException', `The image '${name}' cannot be shared with the account that owns it (${shared}).`);
  }
  const own = ownImage(ctx, name, 'The image must be a private image that you own.');
  requireAvailable(own, 'Sharing an image');
  const imagePermissions = { allowFleet: perms?.allowFleet === true, allowImageBuilder: perms?.allowImageBuilder === true };
  const existing = own.shares.find((s) => s.sharedAccountId === shared);
  if (existing) {
    if (existing.imagePermissions.allowFleet && !imagePermissions.allowFleet) { stopConsumerFleets(ctx, shared, own.image.Arn); }
    existing.imagePermissions = imagePermissions;
  } else {
    if (own.shares.length >= MAX_SHARES_PER_IMAGE) {
      throw new ApiError(400, 'LimitExceededException',
        `The image '${name}' is already shared with ${own.shares.length} AWS accounts, the maximum. Remove the permissions of an account before sharing with another.`);
    }
    own.shares.push({ sharedAccountId: shared, imagePermissions });
  }
  return {};
};

const deleteImagePermissions: Handler = (ctx, p) => {
  const v = new Validator(p);
  const name = v.string('Name', { required: true, pattern: IMAGE_NAME }) as string;
  const shared = accountId(v, 'SharedAccountId');
  v.done();
  const own = ownImage(ctx, name, 'The image must be a private image that you own.');
  requireAvailable(own, 'Changing the permissions of an image');
  const i = own.shares.findIndex((s) => s.sharedAccountId === shared);
  if (i < 0) {
    throw new ApiError(400, 'ResourceNotFoundException', `The image '${name}' is not shared with AWS account ${shared}.`);
  }
  const [removed] = own.shares.splice(i, 1);
  if (removed.imagePermissions.allowFleet) { stopConsumerFleets(ctx, shared, own.image.Arn); }
  return {};
};

// ---------- CopyImage ----------

/** AWS's limit: "Concurrent image copies: 2 per destination Region". */
export const MAX_CONCURRENT_COPIES = 2;

const COPY_RESET_FIELDS = ['StateChangeReason', 'ImageErrors', 'ImagePermissions'];

const copyImage: Handler = (ctx, p) => {
  const v = new Validator(p);
  const source = v.string('SourceImageName', { required: true, pattern: IMAGE_NAME }) as string;
  const destName = v.string('DestinationImageName', { required: true, pattern: IMAGE_NAME }) as string;
  const destRegion = v.string('DestinationRegion', { required: true, min: 1, max: 32 }) as string;
  const description = v.string('DestinationImageDescription', { max: 256 });
  v.done();
  // "Copies the image within the same region or to a new region within the same AWS account."
  const src = ownImage(ctx, source, 'Only a private image that you own can be copied.');
  requireAvailable(src, 'Copying an image');
  if (ctx.state.store(ctx.accountId, destRegion).images.has(destName)) {
    throw new ApiError(400, 'ResourceAlreadyExistsException', `An image named '${destName}' already exists in ${destRegion}.`);
  }
  const inFlight = ctx.state.copiesInto(ctx.accountId, destRegion);
  if (inFlight.length >= MAX_CONCURRENT_COPIES) {
    throw new ApiError(400, 'LimitExceededException',
      `The limit of ${MAX_CONCURRENT_COPIES} concurrent image copies to ${destRegion} is reached (copying: ${inFlight.map((c) => c.destinationName).join(', ')}). Wait until a copy completes.`);
  }
  const image: WireObject = { ...JSON.parse(JSON.stringify(src.image)) as WireObject };
  for (const k of COPY_RESET_FIELDS) { delete image[k]; }
  Object.assign(image, {
    Name: destName,
    Arn: `arn:aws:appstream:${destRegion}:${ctx.accountId}:image/${destName}`,
    State: 'COPYING',
    Visibility: 'PRIVATE',
    ImageSharedWithOthers: 'FALSE',
    CreatedTime: new Date().toISOString(),
    ...(description !== undefined ? { Description: description } : {}),
  });
  ctx.state.startCopy({ accountId: ctx.accountId, sourceRegion: ctx.region, sourceName: source, destinationRegion: destRegion, destinationName: destName }, image);
  return { DestinationImageName: destName };
};

// ---------- tags ----------

/** AWS's TagKey and TagValue patterns (Java's \p classes; JS needs the u flag). */
const TAG_KEY = /^(^(?!aws:).[\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;
const TAG_VALUE = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;
const TAG_KEY_SOURCE = '^(^(?!aws:).[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$';
const TAG_VALUE_SOURCE = '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$';
/** "You can tag AppStream 2.0 image builders, images, fleets, and stacks"; the emulator has no stacks. */
const MAX_TAGS = 50;

function tagKeyProblems(key: string): string[] {
  const out: string[] = [];
  if (key.length < 1) { out.push('Member must have length greater than or equal to 1'); }
  if (key.length > 128) { out.push('Member must have length less than or equal to 128'); }
  if (!TAG_KEY.test(key)) { out.push(`Member must satisfy regular expression pattern: ${TAG_KEY_SOURCE}`); }
  return out;
}

/** The resource a tag operation names: an own image, fleet or image builder in the caller's account and region. */
function taggableResource(ctx: OpContext, arn: string): string {
  const m = /^arn:aws:appstream:([^:]*):([^:]*):(image|fleet|image-builder|stack)\/(.+)$/.exec(arn);
  const notFound = new ApiError(400, 'ResourceNotFoundException', `The resource '${arn}' could not be found.`);
  if (!m || m[1] !== ctx.region || m[2] !== ctx.accountId) { throw notFound; }
  const [, , , kind, name] = m;
  const found = kind === 'image' ? ctx.state.store(ctx.accountId, ctx.region).images.get(name)?.image
    : kind === 'fleet' ? ctx.state.fleets(ctx.accountId, ctx.region).find((f) => f.Name === name)
      : kind === 'image-builder' ? ctx.state.imageBuilders(ctx.accountId, ctx.region).find((b) => b.Name === name)
        : undefined;
  if (!found || found.Arn !== arn) { throw notFound; }
  return arn;
}

/** A `Tags` map member (1..50 entries, AWS's key and value constraints), as TagResource and the Create operations take it. */
export function tagMap(v: Validator, field: string, required = false): Record<string, string> | undefined {
  const tags = v.stringMap(field, { required, min: 1, max: MAX_TAGS });
  if (tags) {
    const member = lowerFirst(field);
    const shown = `{${Object.entries(tags).map(([k, x]) => `${k}=${x}`).join(', ')}}`;
    const keyProblems = [...new Set(Object.keys(tags).flatMap(tagKeyProblems))];
    if (keyProblems.length) { v.custom(`Value '${shown}' at '${member}' failed to satisfy constraint: Map keys must satisfy constraint: [${keyProblems.join(', ')}]`); }
    const valueProblems = [...new Set(Object.values(tags).flatMap((x) => [
      ...(x.length > 256 ? ['Member must have length less than or equal to 256'] : []),
      ...(!TAG_VALUE.test(x) ? [`Member must satisfy regular expression pattern: ${TAG_VALUE_SOURCE}`] : []),
    ]))];
    if (valueProblems.length) { v.custom(`Value '${shown}' at '${member}' failed to satisfy constraint: Map value must satisfy constraint: [${valueProblems.join(', ')}]`); }
  }
  return tags;
}

const listTagsForResource: Handler = (ctx, p) => {
  const v = new Validator(p);
  const arn = v.string('ResourceArn', { required: true, pattern: ARN }) as string;
  v.done();
  return { Tags: ctx.state.tags(taggableResource(ctx, arn)) };
};

const tagResource: Handler = (ctx, p) => {
  const v = new Validator(p);
  const arn = v.string('ResourceArn', { required: true, pattern: ARN }) as string;
  const tags = tagMap(v, 'Tags', true);
  v.done();
  const resource = taggableResource(ctx, arn);
  const merged = { ...ctx.state.tags(resource), ...tags };
  if (Object.keys(merged).length > MAX_TAGS) {
    throw new ApiError(400, 'LimitExceededException',
      `The resource '${resource}' would have ${Object.keys(merged).length} tags; a resource can have at most ${MAX_TAGS}.`);
  }
  ctx.state.setTags(resource, tags ?? {});
  return {};
};

const untagResource: Handler = (ctx, p) => {
  const v = new Validator(p);
  const arn = v.string('ResourceArn', { required: true, pattern: ARN }) as string;
  const keys = v.list('TagKeys', { required: true, min: 1, max: MAX_TAGS });
  keys?.forEach((k, i) => {
    for (const problem of tagKeyProblems(k)) { v.custom(`Value '${k}' at 'tagKeys.${i + 1}.member' failed to satisfy constraint: ${problem}`); }
  });
  v.done();
  ctx.state.untag(taggableResource(ctx, arn), keys ?? []);
  return {};
};

export const OPERATIONS: Record<string, Handler> = {
  DescribeImages: describeImages,
  DeleteImage: deleteImage,
  DescribeFleets: describeFleets,
  DescribeImageBuilders: describeImageBuilders,
  DescribeImagePermissions: describeImagePermissions,
  UpdateImagePermissions: updateImagePermissions,
  DeleteImagePermissions: deleteImagePermissions,
  CopyImage: copyImage,
  ListTagsForResource: listTagsForResource,
  TagResource: tagResource,
  UntagResource: untagResource,
};
