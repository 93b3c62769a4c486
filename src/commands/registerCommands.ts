import * as vscode from 'vscode';
import type { App } from '../platform/app';
import { ui } from '../platform/ui';
import { commandFailure } from './commandErrors';
import { COMMAND, type CommandName } from '../platform/ids';
import { addProfile } from './profiles/addProfile';
import { clearFilter } from './explorer/clearFilter';
import { copyArn } from './images/copyArn';
import { copyName } from './images/copyName';
import { copyImage } from './copy/copyImage';
import { deleteImage } from './images/deleteImage';
import { filterImages } from './explorer/filterImages';
import { openConfigFile } from './profiles/openConfigFile';
import { openInConsole } from './images/openInConsole';
import { refresh } from './explorer/refresh';
import { removeProfile } from './profiles/removeProfile';
import { retry } from './explorer/retry';
import { runFixCommand } from './explorer/runFixCommand';
import { selectRegions } from './explorer/selectRegions';
import { showImageDetails } from './images/showImageDetails';
import { showLog } from './explorer/showLog';
import { manageSharing } from './sharing/manageSharing';
import { switchProfile } from './profiles/switchProfile';
import { deleteImageBuilder } from './builders/deleteImageBuilder';
import { openImageBuilderInBrowser } from './builders/openImageBuilderInBrowser';
import { showImageBuilderDetails } from './builders/showImageBuilderDetails';
import { startImageBuilder } from './builders/startImageBuilder';
import { addSsoAccounts } from './profiles/addSsoAccounts';
import { stopImageBuilder } from './builders/stopImageBuilder';
import { launchImageBuilder } from './builders/launchImageBuilder';
import { exportImage } from './exports/exportImage';
import { copyAmiId } from './exports/copyAmiId';
import { showExportTaskDetails } from './exports/showExportTaskDetails';
import { findUnusedImages } from './cleanup/findUnusedImages';
import { goToImage } from './explorer/goToImage';
import { checkForUpdates } from './updates/checkForUpdates';
import { createUpdatedImage } from './updates/createUpdatedImage';
import { pinImage } from './images/pinImage';
import { unpinImage } from './images/unpinImage';

/** Every command of package.json (COMMAND) and its handler; the type makes the table complete. */
const HANDLERS: Record<CommandName, (app: App, ...args: never[]) => unknown> = {
  refresh,
  retry,
  switchProfile,
  addProfile,
  removeProfile,
  selectRegions,
  filter: filterImages,
  clearFilter,
  copyArn,
  copyName,
  openInConsole,
  showImageDetails,
  deleteImage,
  copyImage,
  showLog,
  openConfigFile,
  runFixCommand,
  manageSharing,
  startImageBuilder,
  stopImageBuilder,
  deleteImageBuilder,
  openImageBuilderInBrowser,
  showImageBuilderDetails,
  addSsoAccounts,
  launchImageBuilder,
  exportImage,
  copyAmiId,
  showExportTaskDetails,
  // cleanup finder
  findUnusedImages,
  goToImage,
  checkForUpdates,
  createUpdatedImage,
  // pinned images
  pinImage,
  unpinImage,
};

/** The error, with buttons that run or copy its fix (`aws sso login …`) when it has one. */
async function showFailure(failure: { show: string; fixCommand?: string }): Promise<void> {
  const message = vscode.l10n.t('AppStream Images: {0}', failure.show);
  if (!failure.fixCommand) {
    await ui.showErrorMessage(message);
    return;
  }
  const run = vscode.l10n.t('Run in Terminal');
  const copy = vscode.l10n.t('Copy Command');
  const choice = await ui.showErrorMessage(message, run, copy);
  if (choice === run) {
    const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('AWS sign-in') });
    terminal.show();
    terminal.sendText(failure.fixCommand, false);
  } else if (choice === copy) {
    await vscode.env.clipboard.writeText(failure.fixCommand);
  }
}

/** Registers every command behind one wrapper that explains errors (as the tree does), logs them with their stack, and ignores cancels. */
export function registerCommands(app: App): void {
  for (const name of Object.keys(HANDLERS) as CommandName[]) {
    const id = COMMAND[name];
    const fn = HANDLERS[name];
    app.context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await (fn as (app: App, ...a: unknown[]) => unknown)(app, ...args);
        } catch (err) {
          const failure = commandFailure(id, err, args[0]);
          if (failure) {
            app.log.error(failure.log);
            void showFailure(failure);
          }
          return undefined;
        }
      }),
    );
  }
}
