// Managed image updates: CreateUpdatedImage with dryRun (does AWS have an update for this image?)
// and for real (a new image, PENDING, made by an image builder AWS launches in the account).
// Both take only a name and act in whatever account the credentials sign in to, so a check first
// makes sure the profile still signs in to the account of the images it asks about, and a real
// update makes the identity check every change makes (AppStreamService.confirmOwnImage). The
// pure rules are in updateRules.ts (re-exported). No `vscode` here.
import { CreateUpdatedImageCommand, ResourceNotAvailableException, type Image } from '@aws-sdk/client-appstream';
import { accountOfImageArn, type ImageRef } from './imageRef';
import { InvalidInput } from './invalidInput';
import { ImageIdentityChanged, type ServiceCalls } from './service';
import { isSystemTagKey, listTags, validateTags, type Tags } from './tags';
import { defaultUpdatedName, validateUpdatedDescription, validateUpdatedDisplayName, validateUpdatedImageName, type UpdateCheck } from './updateRules';

export * from './updateRules';

/** Dry runs in flight at once per profile and region (the limiter bounds all requests anyway). */
const CHECK_WORKERS = 4;

/** Raised when AWS answers a real CreateUpdatedImage with canUpdateImage false: nothing was created. */
export class NoUpdateAvailable extends Error {
  override readonly name = 'NoUpdateAvailable';
}

/**
 * Throws ImageIdentityChanged unless `profile` still signs in to `account` in `region` (the
 * credentials' accountId, else an own image's ARN: at most one DescribeImages). Before a batch
 * of checks, once per profile and region.
 */
export async function confirmSignedInAccount(calls: ServiceCalls, profile: string, region: string, account: string, past: string): Promise<void> {
  const client = await calls.client(profile, region);
  const signedIn = await calls.signedInAccount(client, profile, region);
  if (signedIn !== account) {
    throw new ImageIdentityChanged(
      signedIn
        ? `Profile "${profile}" now signs in to account ${signedIn}; the images you chose are in account ${account}. Nothing was ${past}.`
        : `Profile "${profile}" no longer signs in to account ${account}, where the images you chose are. Nothing was ${past}.`,
    );
  }
}

/**
 * CreateUpdatedImage with dryRun true for one own image: AWS says (canUpdateImage) whether a
 * managed update is available and creates nothing. IncompatibleImageException is an answer too
 * (managed updates do not apply); other errors are the check's failure. Requests: 1.
 */
export async function checkForUpdate(calls: ServiceCalls, ref: ImageRef): Promise<UpdateCheck> {
  const client = await calls.client(ref.profile, ref.region);
  try {
    const out = await calls.send(ref.profile, ref.region, 'CreateUpdatedImage', () =>
      client.send(new CreateUpdatedImageCommand({ existingImageName: ref.name, newImageName: defaultUpdatedName(ref.name), dryRun: true })),
    );
    return { kind: out.canUpdateImage === true ? 'available' : 'upToDate', checkedAt: Date.now() };
  } catch (err) {
    const e = err as { name?: string; message?: string };
    if (e.name === 'IncompatibleImageException') {
      return { kind: 'notSupported', checkedAt: Date.now(), reason: e.message ?? 'AWS has no managed updates for this image.' };
    }
    return { kind: 'failed', checkedAt: Date.now(), error: err };
  }
}

/**
 * Checks each image (one dry run each, through the limiter, all at once up to its limit), after
 * confirming once per profile and region that the profile still signs in to the images' account.
 * `onResult` hears each as it comes; `cancelled()` stops the checks not sent yet (they get no
 * result). A profile that signs in elsewhere now gives its images a 'failed' result, unsent.
 */
export async function checkForUpdates(
  calls: ServiceCalls,
  refs: readonly ImageRef[],
  onResult: (ref: ImageRef, check: UpdateCheck) => void,
  cancelled: () => boolean = () => false,
): Promise<void> {
  const groups = new Map<string, ImageRef[]>();
  for (const ref of refs) {
    const key = `${ref.profile}\u0000${ref.region}\u0000${accountOfImageArn(ref.arn) ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), ref]);
  }
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const { profile, region, arn } = group[0];
      const account = accountOfImageArn(arn);
      try {
        if (!account) {
          throw new ImageIdentityChanged(`"${group[0].name}" has no image ARN of an account (${arn}): only own images can be updated. Nothing was checked.`);
        }
        await confirmSignedInAccount(calls, profile, region, account, 'checked');
      } catch (err) {
        group.forEach((ref) => onResult(ref, { kind: 'failed', checkedAt: Date.now(), error: err }));
        return;
      }
      // A few workers feed the limiter, so a cancel stops what is not sent yet (the limiter's queue would not).
      const queue = [...group];
      const worker = async (): Promise<void> => {
        for (let ref = queue.shift(); ref && !cancelled(); ref = queue.shift()) {
          onResult(ref, await checkForUpdate(calls, ref));
        }
      };
      await Promise.all(Array.from({ length: Math.min(CHECK_WORKERS, queue.length) }, worker));
    }),
  );
}

/** What the user chose for the new image. */
export interface UpdatedImageOptions {
  newName: string;
  description?: string;
  displayName?: string;
  /** Tags for the new image (with copyTags, over the source's). */
  tags?: Tags;
  /** Put the source's tags (but AWS's own `aws:` ones) on the new image too. */
  copyTags?: boolean;
}

/**
 * CreateUpdatedImage of an own AVAILABLE image, after the identity check every change makes (see
 * AppStreamService.deleteImage): the new image, PENDING, and its ref. Validated before any request
 * (InvalidInput). Requests: DescribeImages 1, ListTagsForResource 0..1 (copyTags), CreateUpdatedImage 1.
 * AWS answers canUpdateImage false (and creates nothing) when there is no update: NoUpdateAvailable.
 */
export async function createUpdatedImage(calls: ServiceCalls, source: ImageRef, options: UpdatedImageOptions, confirmed: { createdTime?: Date } = {}): Promise<{ ref: ImageRef; image: Image }> {
  const problem =
    validateUpdatedImageName(options.newName) ??
    (options.description !== undefined ? validateUpdatedDescription(options.description) : undefined) ??
    (options.displayName !== undefined ? validateUpdatedDisplayName(options.displayName) : undefined);
  if (problem) {
    throw new InvalidInput(problem);
  }
  if (options.tags) {
    const tagProblems = validateTags(options.tags, {});
    if (tagProblems.length) {
      throw new InvalidInput(tagProblems.join(' '));
    }
  }
  const { client, image } = await calls.confirmOwnImage(source, confirmed, 'updated');
  if (image.State !== 'AVAILABLE') {
    throw new ResourceNotAvailableException({
      message: `The image "${image.Name ?? source.name}" is ${image.State ?? 'in an unknown state'}: AWS updates only an AVAILABLE image. Nothing was created.`,
      $metadata: {},
    });
  }
  let tags: Tags | undefined = options.tags ? { ...options.tags } : undefined;
  if (options.copyTags) {
    const own = await listTags(calls, source);
    const copied = Object.fromEntries(Object.entries(own).filter(([k]) => !isSystemTagKey(k)));
    tags = { ...copied, ...(tags ?? {}) };
  }
  const out = await calls.send(source.profile, source.region, 'CreateUpdatedImage', () =>
    client.send(
      new CreateUpdatedImageCommand({
        existingImageName: image.Name ?? source.name,
        newImageName: options.newName,
        newImageDescription: options.description || undefined,
        newImageDisplayName: options.displayName || undefined,
        newImageTags: tags && Object.keys(tags).length ? tags : undefined,
        dryRun: false,
      }),
    ),
  );
  if (!out.image) {
    throw new NoUpdateAvailable(
      out.canUpdateImage === false
        ? `AWS has no managed update for "${source.name}" now (canUpdateImage false): it has the latest updates. Nothing was created.`
        : `AWS answered CreateUpdatedImage for "${source.name}" without the new image: refresh Private to see whether "${options.newName}" exists.`,
    );
  }
  const arn = out.image.Arn ?? source.arn.replace(/image\/.+$/, `image/${options.newName}`);
  return { ref: { profile: source.profile, region: source.region, arn, name: out.image.Name ?? options.newName }, image: out.image };
}
