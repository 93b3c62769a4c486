// Copy rules without the SDK: AWS's image name and description rules (checked as the user
// types, and again before any request) and the ARN a copy will have. copy.ts sends the requests
// (and re-exports all of this). No `vscode` here.
import { parseImageArn, type ImageRef } from './imageRef';

/** AWS's quota: "Concurrent image copies: 2 per destination Region". */
export const MAX_CONCURRENT_COPIES_PER_REGION = 2;
export const MAX_IMAGE_NAME_LENGTH = 101;
export const MAX_IMAGE_DESCRIPTION_LENGTH = 256;

/** CopyImage's DestinationImageName pattern (the SDK's model, AWS's API reference). */
export const IMAGE_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$/;

/** Why AWS would refuse this image name, or undefined. For as-you-type validation, and checked again before any request. */
export function validateImageName(text: string): string | undefined {
  if (!text) {
    return 'Enter a name for the copy.';
  }
  if (text.length > MAX_IMAGE_NAME_LENGTH) {
    return `An image name has at most ${MAX_IMAGE_NAME_LENGTH} characters; this has ${text.length}.`;
  }
  if (!/^[a-zA-Z0-9]/.test(text)) {
    return 'An image name starts with a letter (a-z, A-Z) or a digit.';
  }
  if (!IMAGE_NAME_PATTERN.test(text)) {
    const c = Array.from(text).find((ch) => !/[a-zA-Z0-9_.-]/.test(ch));
    return `An image name may contain only letters a-z and A-Z, digits, and _ . -${c ? ` (not ${JSON.stringify(c)})` : ''}.`;
  }
  return undefined;
}

/** Why AWS would refuse this description, or undefined. */
export function validateImageDescription(text: string): string | undefined {
  return text.length > MAX_IMAGE_DESCRIPTION_LENGTH ? `A description has at most ${MAX_IMAGE_DESCRIPTION_LENGTH} characters; this has ${text.length}.` : undefined;
}

/** One copy: where, under which name, with which description (absent: the source's). */
export interface CopyDestination {
  region: string;
  name: string;
  description?: string;
}

/** The ARN the copy will have: same partition and account, the destination's region and name. */
export function destinationArn(source: Pick<ImageRef, 'arn'>, dest: Pick<CopyDestination, 'region' | 'name'>): string | undefined {
  const parts = parseImageArn(source.arn);
  return parts?.account ? `arn:${parts.partition}:appstream:${dest.region}:${parts.account}:image/${dest.name}` : undefined;
}
