// An image's tags (ListTagsForResource, TagResource, UntagResource, by its ARN), AWS's rules
// checked before sending, and what the tree filter needs: `tag:Key` / `tag:Key=Value` terms and a
// per-ARN cache (those pure parts live in tagRules.ts, re-exported here). The Image carries no
// tags, so they cost one request per image. No `vscode` here.
import { ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-appstream';
import type { ImageRef } from './imageRef';
import { InvalidInput } from './invalidInput';
import type { ServiceCalls } from './service';
import { tagChanges, validateTags, type Tags } from './tagRules';

export * from './tagRules';

/** ListTagsForResource by the image's ARN (through the limiter). Requests: 1. */
export async function listTags(calls: ServiceCalls, ref: Pick<ImageRef, 'profile' | 'region' | 'arn'>): Promise<Tags> {
  const client = await calls.client(ref.profile, ref.region);
  const out = await calls.send(ref.profile, ref.region, 'ListTagsForResource', () => client.send(new ListTagsForResourceCommand({ ResourceArn: ref.arn })));
  return { ...(out.Tags ?? {}) };
}

/** TagResource without the identity check: for an image just seen as own through this profile (a copy's destination). */
export async function sendTags(calls: ServiceCalls, ref: Pick<ImageRef, 'profile' | 'region' | 'arn'>, tags: Tags): Promise<void> {
  const client = await calls.client(ref.profile, ref.region);
  await calls.send(ref.profile, ref.region, 'TagResource', () => client.send(new TagResourceCommand({ ResourceArn: ref.arn, Tags: tags })));
}

export interface TagUpdate {
  /** Keys added or given a new value. */
  set: string[];
  removed: string[];
  /** The tags the image has now, as far as this update knows (`after`). */
  tags: Tags;
}

/**
 * Gives an own image the tags `after`, where `before` is what the user edited (the tags as
 * listed). Validated before any request (InvalidInput lists every problem); nothing to change
 * sends nothing; otherwise the identity check every change makes (see
 * AppStreamService.deleteImage), then UntagResource for removed keys and TagResource for new or
 * changed ones (in that order, so a full image can swap tags). Requests: 0, or DescribeImages 1
 * + UntagResource 0..1 + TagResource 0..1. If TagResource fails after UntagResource went
 * through, the removed keys are gone: list the tags again before the next edit.
 */
export async function updateImageTags(calls: ServiceCalls, ref: ImageRef, before: Tags, after: Tags, confirmed: { createdTime?: Date } = {}): Promise<TagUpdate> {
  const problems = validateTags(after, before);
  if (problems.length) {
    throw new InvalidInput(problems.join(' '));
  }
  const { set, remove } = tagChanges(before, after);
  const result: TagUpdate = { set: Object.keys(set), removed: remove, tags: { ...after } };
  if (!remove.length && !result.set.length) {
    return result;
  }
  const { client } = await calls.confirmOwnImage(ref, confirmed, 'changed');
  if (remove.length) {
    await calls.send(ref.profile, ref.region, 'UntagResource', () => client.send(new UntagResourceCommand({ ResourceArn: ref.arn, TagKeys: remove })));
  }
  if (result.set.length) {
    await calls.send(ref.profile, ref.region, 'TagResource', () => client.send(new TagResourceCommand({ ResourceArn: ref.arn, Tags: set })));
  }
  return result;
}
