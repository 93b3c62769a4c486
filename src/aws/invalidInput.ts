/**
 * Raised before any request when what the user typed cannot be sent (an account id that is not
 * 12 digits, an image name AWS's pattern refuses, a tag AWS would refuse). The message says
 * what is wrong; the validators in sharing.ts, copy.ts and tags.ts give the same text as you type.
 */
export class InvalidInput extends Error {
  override readonly name = 'InvalidInput';
}
