import * as vscode from 'vscode';
import type { App } from '../platform/app';
import { imageConsoleUrl } from '../aws/consoleUrl';
import { accountOfImageArn, type ImageRef } from '../aws/imageRef';
import { httpsUrl } from '../aws/untrusted';
import type { ImageDetailsHost } from './imageDetailsPanel';
import { imageToJson, type ImageDetailsData, type PanelSharingAction } from './protocol';
import type { Image } from '@aws-sdk/client-appstream';
import { classifyError } from '../aws/errors';
import { isTaggable } from '../aws/imageRules';
import { COMMAND } from '../platform/ids';
import { updateCheckText } from '../aws/updateRules';

/** The panel's tags: read (through the cache, or again when `fresh`) for images this profile owns. */
async function loadTags(app: App, key: ImageRef, image: Image, fresh: boolean): Promise<Pick<ImageDetailsData, 'tags' | 'tagsError' | 'tagsEditable'>> {
  if (!app.tags.canRead(image, key)) {
    return {};
  }
  if (fresh) {
    app.tags.forget(key.arn);
  }
  try {
    return { tags: await app.tags.tagsOf(key), tagsEditable: isTaggable({ ...image, Arn: key.arn }) };
  } catch (err) {
    const info = classifyError(err, { profile: key.profile, region: key.region, operation: 'ListTagsForResource' });
    app.log.warn(`ListTagsForResource ${key.arn} (${key.profile}): ${info.code}`);
    return { tagsError: `Tags not read: ${info.message} ${info.advice}` };
  }
}

/** What the details panel asks of the extension, answered through the AWS layer and the shared commands. */
export function createImageDetailsHost(app: App): ImageDetailsHost {
  return {
    async load(key: ImageRef, options: { fresh?: boolean } = {}): Promise<ImageDetailsData> {
      const aws = app.aws();
      const askedAt = Date.now();
      const image = await aws.describeImage(key);
      if (!image) {
        throw new Error(vscode.l10n.t('Image "{0}" ({1}) no longer exists or is no longer visible to profile {2}.', key.name, key.arn, key.profile));
      }
      let sharedWith: ImageDetailsData['sharedWith'];
      if (image.Visibility === 'PRIVATE') {
        try {
          sharedWith = (await aws.imagePermissions(key.profile, key.region, key.name)).map((p) => ({
            sharedAccountId: p.sharedAccountId ?? '?',
            imagePermissions: p.imagePermissions,
          }));
          // The tree says "shared with N accounts" too.
          app.explorer.showShareCount(key, sharedWith.length);
        } catch (err) {
          app.log.warn(`DescribeImagePermissions ${key.name}: ${(err as Error).name}`);
        }
      }
      const tags = await loadTags(app, key, image, options.fresh === true);
      const check = app.updates.peek(key);
      // Keep the tree in step with what the panel shows.
      app.explorer.applyChange({ ref: key, image, askedAt });
      return {
        key,
        accountId: accountOfImageArn(image.Arn),
        image: imageToJson(image),
        sharedWith,
        ...tags,
        update: check ? { available: check.kind === 'available', text: updateCheckText(check) } : undefined,
        fetchedAt: new Date().toISOString(),
      };
    },
    async saveTags(key, before, after, createdTime) {
      const created = createdTime ? new Date(createdTime) : undefined;
      try {
        const result = await app.tags.update({ ref: key, image: { Name: key.name, CreatedTime: created && !isNaN(created.getTime()) ? created : undefined } }, before, after);
        return result.tags;
      } catch (err) {
        const info = classifyError(err, { profile: key.profile, region: key.region, operation: 'TagResource' });
        app.log.warn(`Tags of ${key.arn} (${key.profile}) not saved: ${info.code}: ${info.message}`);
        throw new Error(`${info.message} ${info.advice}`, { cause: err });
      }
    },
    async copyToRegions(key: ImageRef): Promise<void> {
      const node = app.explorer.findImageNodes(key)[0];
      const image = node?.image ?? (await app.aws().describeImage(key));
      if (!image) {
        throw new Error(vscode.l10n.t('Image "{0}" no longer exists.', key.name));
      }
      await vscode.commands.executeCommand(COMMAND.copyImage, { ref: key, image });
    },
    async createUpdatedImage(key: ImageRef): Promise<void> {
      const node = app.explorer.findImageNodes(key)[0];
      const image = node?.image ?? (await app.aws().describeImage(key));
      if (!image) {
        throw new Error(vscode.l10n.t('Image "{0}" no longer exists.', key.name));
      }
      // Through the command: its one wrapper explains what fails.
      await vscode.commands.executeCommand(COMMAND.createUpdatedImage, { ref: key, image });
    },
    async deleteImage(key: ImageRef): Promise<void> {
      const node = app.explorer.findImageNodes(key)[0];
      const image = node?.image ?? (await app.aws().describeImage(key));
      if (!image) {
        throw new Error(vscode.l10n.t('Image "{0}" no longer exists.', key.name));
      }
      await app.deletes.deleteImages([{ ref: key, image }]);
    },
    isPinned(key: ImageRef): boolean | undefined {
      return app.explorer.pins?.has(key);
    },
    async setPinned(key: ImageRef, pinned: boolean, image: Record<string, unknown>): Promise<void> {
      // The same commands as the tree's, given the image the panel shows (a SeenImage: its ARN, this profile and region).
      await vscode.commands.executeCommand(pinned ? COMMAND.pinImage : COMMAND.unpinImage, { ref: key, image });
    },
    async manageSharing(key: ImageRef, action?: PanelSharingAction): Promise<void> {
      const node = app.explorer.findImageNodes(key)[0];
      const image = node?.image ?? (await app.aws().describeImage(key));
      if (!image) {
        throw new Error(vscode.l10n.t('Image "{0}" no longer exists.', key.name));
      }
      // Through the command: its one wrapper explains what fails.
      await vscode.commands.executeCommand(COMMAND.manageSharing, { ref: key, image }, action);
    },
    async openConsole(key: ImageRef): Promise<void> {
      await vscode.env.openExternal(vscode.Uri.parse(imageConsoleUrl(key.region, key.name)));
    },
    async copy(text: string): Promise<void> {
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied to the clipboard'), 2000);
    },
    async openExternal(url: string): Promise<void> {
      const https = httpsUrl(url);
      if (!https) {
        throw new Error(vscode.l10n.t('Only https links are opened.'));
      }
      await vscode.env.openExternal(vscode.Uri.parse(https, true));
    },
  };
}
