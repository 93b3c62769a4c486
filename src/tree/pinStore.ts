import { byPlace, imageRefKey, isImageRef, type ImageRef } from '../aws/imageRef';

// Pinned images, kept across restarts by ARN (as the ImageRef the user pinned: profile, region,
// ARN, name). No `vscode` here: the store reads and writes a Memento-like object
// (context.globalState in the extension), so it is tested without VS Code.

/** The part of vscode.Memento the store needs. */
export interface PinMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export const PINS_KEY = 'appstreamImages.pinnedImages';

/** ≤ 25 ARNs per DescribeImages call (the API's limit for `Arns`). */
export const PIN_BATCH_SIZE = 25;

export class PinStore {
  constructor(private readonly memento: PinMemento) {}

  /** The pins in the order they were pinned; anything stored that is not an ImageRef is ignored. */
  list(): ImageRef[] {
    const stored = this.memento.get<unknown>(PINS_KEY);
    const seen = new Set<string>();
    const pins: ImageRef[] = [];
    for (const value of Array.isArray(stored) ? stored : []) {
      if (isImageRef(value) && !seen.has(imageRefKey(value))) {
        seen.add(imageRefKey(value));
        pins.push({ profile: value.profile, region: value.region, arn: value.arn, name: value.name });
      }
    }
    return pins;
  }

  has(ref: Pick<ImageRef, 'profile' | 'arn'>): boolean {
    const key = imageRefKey(ref);
    return this.list().some((p) => imageRefKey(p) === key);
  }

  /** Pins these images (already pinned ones stay where they are). Returns how many were added. */
  async pin(refs: readonly ImageRef[]): Promise<number> {
    const pins = this.list();
    const keys = new Set(pins.map(imageRefKey));
    let added = 0;
    for (const ref of refs) {
      if (isImageRef(ref) && !keys.has(imageRefKey(ref))) {
        keys.add(imageRefKey(ref));
        pins.push({ profile: ref.profile, region: ref.region, arn: ref.arn, name: ref.name });
        added++;
      }
    }
    if (added > 0) {
      await this.memento.update(PINS_KEY, pins);
    }
    return added;
  }

  /** Unpins these images (by profile and ARN). Returns how many were removed. */
  async unpin(refs: readonly Pick<ImageRef, 'profile' | 'arn'>[]): Promise<number> {
    const drop = new Set(refs.map(imageRefKey));
    const pins = this.list();
    const kept = pins.filter((p) => !drop.has(imageRefKey(p)));
    if (kept.length !== pins.length) {
      await this.memento.update(PINS_KEY, kept);
    }
    return pins.length - kept.length;
  }
}

/** One DescribeImages call's worth of pins: same profile and region, ≤ 25 ARNs. */
export interface PinBatch {
  profile: string;
  region: string;
  pins: ImageRef[];
}

/** Groups pins per profile and region (in first-seen order) into calls of ≤ `size` ARNs. */
export function pinBatches(pins: readonly ImageRef[], size = PIN_BATCH_SIZE): PinBatch[] {
  const batches: PinBatch[] = [];
  for (const { profile, region, items } of byPlace(pins)) {
    for (let i = 0; i < items.length; i += size) {
      batches.push({ profile, region, pins: items.slice(i, i + size) });
    }
  }
  return batches;
}
