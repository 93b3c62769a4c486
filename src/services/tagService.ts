// Tags of images: what the details panel and the tree filter share. One cache per window (by ARN,
// kept until a refresh), filled through the AWS layer's limiter only when a panel or a tag filter
// needs it; edits go through the AWS layer (validated, then the identity check). No `vscode`.
import type { Image } from '@aws-sdk/client-appstream';
import type { AppStreamService } from '../aws';
import type { ImageRef, SeenImage } from '../aws/imageRef';
import { TagCache, hasReadableTags, matchesTagTerms, type TagTerm, type Tags } from '../aws/tagRules';
import type { TagUpdate } from '../aws/tags';
import type { Logger } from '../platform/logger';
import type { Disposable } from './imageChanges';

export interface TagServiceDeps {
  aws(): AppStreamService;
  log: Logger;
}

/** What the tree filter got for a list of images: those whose tags match, and those whose tags could not be read. */
export interface TagFilterResult<T> {
  matching: T[];
  failed: { item: T; error: unknown }[];
  /** ListTagsForResource requests this filter sent (0 when everything was cached). */
  fetched: number;
}

export class TagService implements Disposable {
  private readonly cache: TagCache;
  private readonly listeners = new Set<(arn: string, tags: Tags) => void>();
  /** ListTagsForResource sent through this service since it was made (for the log and the tests). */
  fetchCount = 0;

  constructor(private readonly deps: TagServiceDeps) {
    this.cache = new TagCache((ref) => {
      this.fetchCount++;
      return this.deps.aws().imageTags(ref);
    });
  }

  /** Whether an image has tags this profile can read: own images only (another account's ARN is its resource). */
  canRead(image: Pick<Image, 'Visibility'>, ref: Pick<ImageRef, 'arn'> | undefined): boolean {
    return ref !== undefined && hasReadableTags(image, ref);
  }

  /** The cached tags of an image, without a request. */
  peek(arn: string): Tags | undefined {
    return this.cache.peek(arn);
  }

  /** An image's tags: cached, or one ListTagsForResource (through the limiter). */
  tagsOf(ref: ImageRef): Promise<Tags> {
    return this.cache.get(ref);
  }

  /** Forgets one image's tags, or all (a refresh): the next look fetches them again. */
  forget(arn?: string): void {
    this.cache.forget(arn);
  }

  /** Told when an edit changed an image's tags (the tree re-applies a tag filter). */
  onDidChange(listener: (arn: string, tags: Tags) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Gives an own image the tags `after`, edited from `before` (the tags the user saw). The AWS
   * layer checks AWS's rules before any request and re-checks the account and the image just
   * before it sends. Afterwards the cache holds the new tags; after a failure it forgets them
   * (a TagResource may have failed after an UntagResource went through).
   */
  async update(seen: SeenImage, before: Tags, after: Tags): Promise<TagUpdate> {
    const { ref } = seen;
    try {
      const result = await this.deps.aws().updateImageTags(ref, before, after, { createdTime: seen.image.CreatedTime });
      if (result.set.length || result.removed.length) {
        this.deps.log.info(`Tags of ${ref.arn} (${ref.profile}): set ${result.set.join(', ') || 'none'}; removed ${result.removed.join(', ') || 'none'}`);
        this.cache.set(ref.arn, result.tags);
        for (const listener of [...this.listeners]) {
          listener(ref.arn, result.tags);
        }
      }
      return result;
    } catch (err) {
      this.cache.forget(ref.arn);
      throw err;
    }
  }

  /**
   * The items whose image's tags satisfy every term. Tags are fetched (once per ARN, through
   * the limiter) only for own images not cached yet; shared and public images have no tags this
   * profile can read, so they match no term and cost nothing.
   */
  async filter<T extends { ref: ImageRef | undefined; image: Image }>(items: readonly T[], terms: readonly TagTerm[]): Promise<TagFilterResult<T>> {
    if (!terms.length) {
      return { matching: [...items], failed: [], fetched: 0 };
    }
    const before = this.fetchCount;
    const failed: TagFilterResult<T>['failed'] = [];
    const looked = await Promise.all(
      items.map(async (item) => {
        if (!item.ref || !this.canRead(item.image, item.ref)) {
          return undefined;
        }
        try {
          return await this.cache.get(item.ref);
        } catch (error) {
          failed.push({ item, error });
          return undefined;
        }
      }),
    );
    const matching = items.filter((_item, i) => matchesTagTerms(looked[i], terms));
    return { matching, failed, fetched: this.fetchCount - before };
  }

  dispose(): void {
    this.listeners.clear();
    this.cache.forget();
  }
}
