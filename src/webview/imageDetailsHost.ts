import * as vscode from 'vscode';
import type { App } from '../platform/app';
import { imageConsoleUrl } from '../aws/consoleUrl';
import { accountOfImageArn, type ImageRef } from '../aws/imageRef';
import { httpsUrl } from '../aws/untrusted';
import type { ImageDetailsHost } from './imageDetailsPanel';
import { imageToJson, type ImageDetailsData, type PanelSharingAction } from './protocol';
import { COMMAND } from '../platform/ids';

/** What the details panel asks of the extension, answered through the AWS layer and the shared commands. */
export function createImageDetailsHost(app: App): ImageDetailsHost {
  return {
    async load(key: ImageRef): Promise<ImageDetailsData> {
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
      // Keep the tree in step with what the panel shows.
      app.explorer.applyChange({ ref: key, image, askedAt });
      return {
        key,
        accountId: accountOfImageArn(image.Arn),
        image: imageToJson(image),
        sharedWith,
        fetchedAt: new Date().toISOString(),
      };
    },
    async deleteImage(key: ImageRef): Promise<void> {
      const node = app.explorer.findImageNodes(key)[0];
      const image = node?.image ?? (await app.aws().describeImage(key));
      if (!image) {
        throw new Error(vscode.l10n.t('Image "{0}" no longer exists.', key.name));
      }
      await app.deletes.deleteImages([{ ref: key, image }]);
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
