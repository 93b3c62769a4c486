// AWS's tagging rules and the tree filter's tag terms, without the SDK: the webview checks tags
// as the user types, the services and the tree filter use the cache. tags.ts sends the requests
// (and re-exports all of this). No `vscode` here.
import { accountOfImageArn, type ImageRef } from './imageRef';
import type { Image } from '@aws-sdk/client-appstream';

export type Tags = Record<string, string>;

/** "Maximum number of tags per resource: 50" (AWS's tagging rules; TagResource takes 1..50). */
export const MAX_TAGS = 50;
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;

// AWS's TagKey and TagValue patterns (the API reference of TagResource; the SDK's model docs
// list the same characters: letters, numbers and spaces representable in UTF-8, and _ . : / = + - @).
// Java's \p classes; JS needs the u flag. The first character of a key is free, as in AWS's pattern.
const TAG_KEY = /^(^(?!aws:).[\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;
const TAG_VALUE = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;
const ALLOWED_CHAR = /[\p{L}\p{Z}\p{N}_.:/=+\-@]/u;

/** The first character AWS's pattern would refuse (after the free first character of a key). */
function badChar(text: string, from: number): string | undefined {
  return Array.from(text).slice(from).find((c) => !ALLOWED_CHAR.test(c));
}

const ALLOWED_TEXT = 'letters, digits, spaces and _ . : / = + - @';

/** Why AWS would refuse this tag key, or undefined. */
export function validateTagKey(key: string): string | undefined {
  if (key.length < 1) {
    return 'A tag key cannot be empty.';
  }
  if (key.length > MAX_TAG_KEY_LENGTH) {
    return `A tag key has at most ${MAX_TAG_KEY_LENGTH} characters; this one has ${key.length}.`;
  }
  if (key.toLowerCase().startsWith('aws:')) {
    return 'Tag keys starting with "aws:" are reserved for AWS.';
  }
  if (!TAG_KEY.test(key)) {
    const c = badChar(key, 1);
    return `A tag key may contain only ${ALLOWED_TEXT}${c ? ` (not ${JSON.stringify(c)})` : ''}.`;
  }
  return undefined;
}

/** Why AWS would refuse this tag value, or undefined (an empty value is allowed). */
export function validateTagValue(value: string): string | undefined {
  if (value.length > MAX_TAG_VALUE_LENGTH) {
    return `A tag value has at most ${MAX_TAG_VALUE_LENGTH} characters; this one has ${value.length}.`;
  }
  if (!TAG_VALUE.test(value)) {
    const c = badChar(value, 0);
    return `A tag value may contain only ${ALLOWED_TEXT}${c ? ` (not ${JSON.stringify(c)})` : ''}.`;
  }
  return undefined;
}

/** A tag AWS (or CloudFormation, …) put there: users cannot add, change or remove it. */
export function isSystemTagKey(key: string): boolean {
  return key.toLowerCase().startsWith('aws:');
}

/**
 * Every reason AWS would refuse an image to have exactly `tags`, each naming its key ([] = fine).
 * `before`: its tags now; their `aws:` tags (added by AWS) may stay unchanged and do not count
 * towards the 50 (AWS's tagging rules), but cannot be changed or removed.
 */
export function validateTags(tags: Tags, before: Tags = {}): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(tags)) {
    if (isSystemTagKey(key) && before[key] === value) {
      continue;
    }
    const keyProblem = validateTagKey(key);
    if (keyProblem) {
      problems.push(`${JSON.stringify(key)}: ${keyProblem}`);
      continue;
    }
    const valueProblem = validateTagValue(value);
    if (valueProblem) {
      problems.push(`${JSON.stringify(key)}: ${valueProblem}`);
    }
  }
  for (const key of Object.keys(before)) {
    if (isSystemTagKey(key) && !(key in tags)) {
      problems.push(`${JSON.stringify(key)}: tags starting with "aws:" are AWS's and cannot be removed.`);
    }
  }
  const counted = Object.keys(tags).filter((k) => !isSystemTagKey(k)).length;
  if (counted > MAX_TAGS) {
    problems.push(`An image can have at most ${MAX_TAGS} tags; this would give it ${counted}.`);
  }
  return problems;
}

/** What turns `before` into `after`: keys to remove (UntagResource) and tags to set (TagResource). */
export function tagChanges(before: Tags, after: Tags): { set: Tags; remove: string[] } {
  const set: Tags = {};
  for (const [k, v] of Object.entries(after)) {
    if (before[k] !== v) {
      set[k] = v;
    }
  }
  return { set, remove: Object.keys(before).filter((k) => !(k in after)) };
}

/**
 * Tags can be read only for images the profile's account owns: a shared or public image's ARN is
 * another account's resource (ListTagsForResource refuses it), so it has no tags to show or filter by.
 */
export function hasReadableTags(image: Pick<Image, 'Visibility'>, ref: Pick<ImageRef, 'arn'>): boolean {
  return image.Visibility === 'PRIVATE' && accountOfImageArn(ref.arn) !== undefined;
}

// ---------- the tree filter: tag terms and a per-ARN cache ----------

/** `tag:Key` (has the key) or `tag:Key=Value` (has it with that value). */
export interface TagTerm {
  key: string;
  value?: string;
}

export interface ParsedFilter {
  /** What is left for the name/state/platform filter, terms joined by one space. */
  text: string;
  tags: TagTerm[];
}

/**
 * Splits a filter into tag terms and the rest. Terms are separated by spaces; double quotes
 * keep spaces inside one (`tag:"cost center"=CC-1` or `"tag:cost center=CC 1"`). `tag:` is
 * case-insensitive; the first `=` separates key and value; `tag:` alone is not a tag term.
 */
export function parseImageFilter(filter: string): ParsedFilter {
  const terms: string[] = [];
  let current = '';
  let quoted = false;
  let started = false;
  for (const c of filter) {
    if (c === '"') {
      quoted = !quoted;
      started = true;
    } else if (!quoted && /\s/.test(c)) {
      if (started) {
        terms.push(current);
      }
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) {
    terms.push(current);
  }
  const tags: TagTerm[] = [];
  const rest: string[] = [];
  for (const term of terms) {
    const m = /^tag:(.+)$/is.exec(term);
    if (!m) {
      rest.push(term);
      continue;
    }
    const eq = m[1].indexOf('=');
    if (eq < 0) {
      tags.push({ key: m[1] });
    } else if (eq > 0) {
      tags.push({ key: m[1].slice(0, eq), value: m[1].slice(eq + 1) });
    } else {
      rest.push(term);
    }
  }
  return { text: rest.join(' '), tags };
}

/**
 * Whether tags satisfy every term. Keys and values compare without regard to case (like the
 * rest of the filter): `tag:env=prod` matches `Env: Prod`. No tags known (undefined) matches no term.
 */
export function matchesTagTerms(tags: Tags | undefined, terms: readonly TagTerm[]): boolean {
  if (!terms.length) {
    return true;
  }
  if (!tags) {
    return false;
  }
  const entries = Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()] as const);
  return terms.every((t) => {
    const key = t.key.toLowerCase();
    const value = t.value?.toLowerCase();
    return entries.some(([k, v]) => k === key && (value === undefined || v === value));
  });
}

/**
 * Tags per image ARN, fetched on demand (a tag filter, a panel) and kept until forgotten (a
 * refresh). One fetch per ARN at a time; a fetch that a `forget` or `set` overtook is not stored.
 * `fetch` goes through the service (its limiter): AppStreamService.imageTags.
 */
export class TagCache {
  private readonly entries = new Map<string, Tags>();
  private readonly pending = new Map<string, Promise<Tags>>();

  constructor(private readonly fetch: (ref: ImageRef) => Promise<Tags>) {}

  /** The cached tags, without fetching. */
  peek(arn: string): Tags | undefined {
    return this.entries.get(arn);
  }

  /** The tags, from the cache or fetched once. */
  get(ref: ImageRef): Promise<Tags> {
    const cached = this.entries.get(ref.arn);
    if (cached) {
      return Promise.resolve(cached);
    }
    const running = this.pending.get(ref.arn);
    if (running) {
      return running;
    }
    // Stored only while it is still the current fetch: `forget` and `set` meanwhile win.
    const p: Promise<Tags> = this.fetch(ref).then(
      (tags) => {
        if (this.pending.get(ref.arn) === p) {
          this.pending.delete(ref.arn);
          this.entries.set(ref.arn, tags);
        }
        return tags;
      },
      (err: unknown) => {
        if (this.pending.get(ref.arn) === p) {
          this.pending.delete(ref.arn);
        }
        throw err;
      },
    );
    this.pending.set(ref.arn, p);
    return p;
  }

  /** After an edit: the tags the image has now. */
  set(arn: string, tags: Tags): void {
    this.pending.delete(arn);
    this.entries.set(arn, { ...tags });
  }

  /** One image's tags (its ARN), or all (a refresh). */
  forget(arn?: string): void {
    if (arn === undefined) {
      this.entries.clear();
      this.pending.clear();
    } else {
      this.entries.delete(arn);
      this.pending.delete(arn);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
