import type { Image } from '@aws-sdk/client-appstream';

// DescribeImages for many names or ARNs at once, with AWS's all-or-nothing answer taken apart.
// One place for it: the poller, the Pinned section and the template checks all describe lists.

/** DescribeImages' `Names` / `Arns` maximum. */
export const DESCRIBE_IMAGES_MAX = 25;

/**
 * Describes each of `values` (names, or ARNs: one kind) with as few DescribeImages as AWS
 * allows: up to 25 a call, the calls at once. AWS fails the whole call with
 * ResourceNotFoundException when any one of them is not found, and names those ("The images
 * 'a', 'b' could not be found."): they are not found, and the rest is asked again. When it does
 * not say which, the call is halved. Any other error rejects.
 * Returns value → the image `pick` takes from AWS's answer, or undefined when it is not found.
 */
export async function describeEach(
  values: readonly string[],
  describe: (batch: string[]) => Promise<Image[]>,
  pick: (images: Image[], value: string) => Image | undefined,
): Promise<Map<string, Image | undefined>> {
  const unique = [...new Set(values)];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += DESCRIBE_IMAGES_MAX) {
    batches.push(unique.slice(i, i + DESCRIBE_IMAGES_MAX));
  }
  const answers = await Promise.all(batches.map((batch) => describeBatch(batch, describe, pick)));
  return new Map(answers.flatMap((answer) => [...answer]));
}

async function describeBatch(
  values: string[],
  describe: (batch: string[]) => Promise<Image[]>,
  pick: (images: Image[], value: string) => Image | undefined,
): Promise<Map<string, Image | undefined>> {
  const out = new Map<string, Image | undefined>();
  let pending = values;
  while (pending.length > 0) {
    try {
      const images = await describe(pending);
      for (const value of pending) {
        out.set(value, pick(images, value));
      }
      return out;
    } catch (err) {
      if ((err as Error)?.name !== 'ResourceNotFoundException') {
        throw err;
      }
      if (pending.length === 1) {
        out.set(pending[0], undefined);
        return out;
      }
      const named = quotedIn((err as Error).message ?? '').filter((v) => pending.includes(v));
      if (named.length > 0) {
        named.forEach((v) => out.set(v, undefined));
        pending = pending.filter((v) => !named.includes(v));
        continue;
      }
      const half = Math.ceil(pending.length / 2);
      const [a, b] = await Promise.all([describeBatch(pending.slice(0, half), describe, pick), describeBatch(pending.slice(half), describe, pick)]);
      return new Map([...out, ...a, ...b]);
    }
  }
  return out;
}

function quotedIn(message: string): string[] {
  return [...message.matchAll(/'([^']+)'/g)].map((m) => m[1]);
}
