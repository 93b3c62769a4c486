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

type Params = Record<string, unknown>;
type Handler = (ctx: OpContext, params: Params) => WireObject;

const IMAGE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$/;
const TIMESTAMP_KEYS = new Set(['CreatedTime', 'PublicBaseImageReleasedDate', 'ErrorTimestamp']);

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

class Validator {
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

  string(field: string, opts: { required?: boolean; pattern?: RegExp; min?: number } = {}): string | undefined {
    const v = this.typed(field, 'string') as string | undefined;
    const member = lowerFirst(field);
    if (v === undefined) {
      if (opts.required) { this.fail(v, member, 'Member must not be null'); }
      return undefined;
    }
    if (opts.min !== undefined && v.length < opts.min) { this.fail(v, member, `Member must have length greater than or equal to ${opts.min}`); }
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

  list(field: string, opts: { min?: number; max?: number; itemPattern?: RegExp; itemMin?: number } = {}): string[] | undefined {
    const v = this.typed(field, 'list') as string[] | undefined;
    if (v === undefined) { return undefined; }
    const member = lowerFirst(field);
    if (opts.min !== undefined && v.length < opts.min) { this.fail(v, member, `Member must have length greater than or equal to ${opts.min}`); }
    if (opts.max !== undefined && v.length > opts.max) { this.fail(v, member, `Member must have length less than or equal to ${opts.max}`); }
    v.forEach((item, i) => {
      if (opts.itemMin !== undefined && item.length < opts.itemMin) { this.fail(item, `${member}.${i + 1}.member`, `Member must have length greater than or equal to ${opts.itemMin}`); }
      if (opts.itemPattern && !opts.itemPattern.test(item)) { this.fail(item, `${member}.${i + 1}.member`, `Member must satisfy regular expression pattern: ${opts.itemPattern.source}`); }
    });
    return v;
  }

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

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

// ---------- paging: opaque tokens bound to the query ----------

function queryHash(ctx: OpContext, query: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify([ctx.op, ctx.accountId, ctx.region, query])).digest('hex').slice(0, 16);
}

/** Returns one page and the token for the next (base64 of JSON {o: offset, h: checksum of the query}). */
function page<T>(ctx: OpContext, items: T[], query: unknown, token: string | undefined, size: number): { items: T[]; next?: string } {
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

interface VisibleImage { image: WireObject; owner: 'self' | 'shared' | 'public' }

function ownView(s: StoredImage): WireObject {
  return { ...s.image, Visibility: 'PRIVATE', ImageSharedWithOthers: s.shares.length ? 'TRUE' : 'FALSE' };
}

function sharedView(s: StoredImage, perms: { allowFleet: boolean; allowImageBuilder: boolean }): WireObject {
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
function visibleImages(ctx: OpContext, type?: string): VisibleImage[] {
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
const ARN = /^arn:aws(?:-cn|-iso-b|-iso|-us-gov)?:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.\\-]{0,1023}$/;

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

export const OPERATIONS: Record<string, Handler> = {
  DescribeImages: describeImages,
  DeleteImage: deleteImage,
  DescribeFleets: describeFleets,
  DescribeImageBuilders: describeImageBuilders,
  DescribeImagePermissions: describeImagePermissions,
};
