import type { Image } from '@aws-sdk/client-appstream';
import { describeEach, DESCRIBE_IMAGES_MAX } from '../aws/describeEach';
import { parseImageArn } from '../aws/imageRef';

// Resolves the image names and ARNs written in templates, through one profile, with a cache:
// no `vscode` here. Cost: DescribeImages with up to 25 Names (or Arns) per call, per region; a
// call that fails with ResourceNotFoundException (AWS's answer when any one of them is not
// found) is retried without the ones AWS's message names, else split in two; names not found
// are looked for once among the images shared with the account (one DescribeImages listing of
// Type SHARED per profile and region). Answers, found or not, are kept `ttlMs`.

/** What the resolver needs of the AWS layer (AppStreamService has it). */
export interface ImageLookupSource {
  describeImagesBy(profile: string, region: string, by: { Names: string[] } | { Arns: string[] }): Promise<Image[]>;
  listImages(profile: string, region: string, visibility: 'SHARED'): Promise<Image[]>;
}

export interface LookupItem {
  kind: 'name' | 'arn';
  value: string;
  /** The region to look in: an ARN's own, else the profile's. */
  region: string;
}

export type Resolution =
  /** AWS answered with this image (for a name: the own or public image AWS resolves it to). */
  | { status: 'found'; image: Image }
  /** Not found; for a name, the images of that name shared with the account (which a name cannot reach). */
  | { status: 'missing'; sharedByOthers: Image[] }
  /** An ARN that is not an AppStream image ARN (nothing was asked). */
  | { status: 'invalid' };

/** AWS's `Arn` pattern (the model's), which DescribeImages checks before anything else. */
const AWS_ARN = /^arn:aws(?:-cn|-iso-b|-iso|-us-gov)?:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.\\-]{0,1023}$/;

export function lookupKey(profile: string, item: LookupItem): string {
  return `${profile}\u0000${item.region}\u0000${item.kind}\u0000${item.value}`;
}

/** The region to look a reference up in: an image ARN's region, else the profile's. */
export function lookupRegion(kind: 'name' | 'arn', value: string, profileRegion: string): string {
  return kind === 'arn' ? (parseImageArn(value)?.region ?? profileRegion) : profileRegion;
}

interface Entry {
  at: number;
  value: Promise<Resolution>;
  /** Settled (for peek). */
  settled?: Resolution;
}

export class ImageResolver {
  private readonly entries = new Map<string, Entry>();
  private readonly shared = new Map<string, { at: number; value: Promise<Image[]> }>();

  constructor(
    private readonly source: () => ImageLookupSource,
    private readonly options: { ttlMs: number; now?: () => number },
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** What is known (and still fresh) without asking. */
  peek(profile: string, item: LookupItem): Resolution | undefined {
    const entry = this.entries.get(lookupKey(profile, item));
    return entry && this.fresh(entry.at) ? entry.settled : undefined;
  }

  /** Forgets everything (a refresh, a profile or config change). */
  clear(): void {
    this.entries.clear();
    this.shared.clear();
  }

  /**
   * Forgets one image (the tree saw it change), by ARN and by name; the listing of shared images
   * too when `shared` (an own image's change does not change what is shared with the account).
   */
  forget(arn: string, name: string, shared = false): void {
    for (const [key, entry] of this.entries) {
      const resolved = entry.settled;
      if (key.endsWith(`\u0000arn\u0000${arn}`) || key.endsWith(`\u0000name\u0000${name}`) || (resolved?.status === 'found' && resolved.image.Arn === arn)) {
        this.entries.delete(key);
      }
    }
    if (shared) {
      this.shared.clear();
    }
  }

  private fresh(at: number): boolean {
    return this.now() - at < this.options.ttlMs;
  }

  /**
   * Resolves every item (duplicates cost nothing), asking AWS only for what is not cached.
   * Rejects with AWS's error when a lookup fails for any other reason than not found.
   */
  async resolve(profile: string, items: LookupItem[]): Promise<Map<string, Resolution>> {
    const wanted = new Map<string, LookupItem>();
    for (const item of items) {
      wanted.set(lookupKey(profile, item), item);
    }
    // What is not cached, grouped per region and kind, goes out in batches.
    const groups = new Map<string, { region: string; kind: 'name' | 'arn'; values: string[] }>();
    for (const [key, item] of wanted) {
      const entry = this.entries.get(key);
      if (entry && this.fresh(entry.at)) {
        continue;
      }
      if (item.kind === 'arn' && (!parseImageArn(item.value) || !AWS_ARN.test(item.value))) {
        this.store(key, Promise.resolve({ status: 'invalid' }));
        continue;
      }
      const groupKey = `${item.region}\u0000${item.kind}`;
      const group = groups.get(groupKey) ?? { region: item.region, kind: item.kind, values: [] };
      group.values.push(item.value);
      groups.set(groupKey, group);
    }
    for (const group of groups.values()) {
      for (let i = 0; i < group.values.length; i += DESCRIBE_IMAGES_MAX) {
        const values = group.values.slice(i, i + DESCRIBE_IMAGES_MAX);
        const batch = this.lookupBatch(profile, group.region, group.kind, values);
        for (const value of values) {
          const key = lookupKey(profile, { kind: group.kind, value, region: group.region });
          this.store(
            key,
            batch.then((found) => this.resolution(profile, group.region, group.kind, value, found.get(value))),
          );
        }
      }
    }
    const out = new Map<string, Resolution>();
    await Promise.all(
      [...wanted.keys()].map(async (key) => {
        out.set(key, await this.entries.get(key)!.value);
      }),
    );
    return out;
  }

  private store(key: string, value: Promise<Resolution>): void {
    const entry: Entry = { at: this.now(), value };
    this.entries.set(key, entry);
    value.then(
      (r) => (entry.settled = r),
      () => {
        // A failed lookup is not cached: the next check asks again.
        if (this.entries.get(key) === entry) {
          this.entries.delete(key);
        }
      },
    );
  }

  private async resolution(profile: string, region: string, kind: 'name' | 'arn', value: string, image: Image | undefined): Promise<Resolution> {
    if (image) {
      return { status: 'found', image };
    }
    if (kind === 'arn') {
      return { status: 'missing', sharedByOthers: [] };
    }
    const shared = await this.sharedImages(profile, region);
    return { status: 'missing', sharedByOthers: shared.filter((s) => s.Name === value) };
  }

  private sharedImages(profile: string, region: string): Promise<Image[]> {
    const key = `${profile}\u0000${region}`;
    const cached = this.shared.get(key);
    if (cached && this.fresh(cached.at)) {
      return cached.value;
    }
    const value = this.source().listImages(profile, region, 'SHARED');
    const entry = { at: this.now(), value };
    this.shared.set(key, entry);
    value.catch(() => {
      if (this.shared.get(key) === entry) {
        this.shared.delete(key);
      }
    });
    return value;
  }

  /** One batch: value → the image AWS answered with, or undefined when it is not found. */
  private lookupBatch(profile: string, region: string, kind: 'name' | 'arn', values: string[]): Promise<Map<string, Image | undefined>> {
    return describeEach(
      values,
      (batch) => this.source().describeImagesBy(profile, region, kind === 'name' ? { Names: batch } : { Arns: batch }),
      (images, value) => pickImage(images, kind, value),
    );
  }
}

/** For a name, AWS's own resolution: the account's image, else the public one. */
function pickImage(images: Image[], kind: 'name' | 'arn', value: string): Image | undefined {
  if (kind === 'arn') {
    return images.find((i) => i.Arn === value);
  }
  const named = images.filter((i) => i.Name === value);
  return named.find((i) => i.Visibility === 'PRIVATE') ?? named[0];
}

