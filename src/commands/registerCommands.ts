// The command handlers, by name. They are in the features bundle (src/features/index.ts);
// src/commands/registerLazyCommands.ts registers every id on activation and loads them on first use.
import type { App } from '../platform/app';
import type { CommandName } from '../platform/ids';
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
export const HANDLERS: Record<CommandName, (app: App, ...args: never[]) => unknown> = {
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
