// Every id this extension shares with package.json, once. No `vscode`: a unit test checks these
// against package.json's contributions (test/unit/platform/ids.test.ts).

/** The settings section, and the prefix of every id below. */
export const SECTION = 'appstreamImages';

export const COMMAND = {
  refresh: 'appstreamImages.refresh',
  retry: 'appstreamImages.retry',
  switchProfile: 'appstreamImages.switchProfile',
  addProfile: 'appstreamImages.addProfile',
  removeProfile: 'appstreamImages.removeProfile',
  selectRegions: 'appstreamImages.selectRegions',
  filter: 'appstreamImages.filter',
  clearFilter: 'appstreamImages.clearFilter',
  copyArn: 'appstreamImages.copyArn',
  copyName: 'appstreamImages.copyName',
  openInConsole: 'appstreamImages.openInConsole',
  showImageDetails: 'appstreamImages.showImageDetails',
  deleteImage: 'appstreamImages.deleteImage',
  copyImage: 'appstreamImages.copyImage',
  showLog: 'appstreamImages.showLog',
  openConfigFile: 'appstreamImages.openConfigFile',
  runFixCommand: 'appstreamImages.runFixCommand',
  manageSharing: 'appstreamImages.manageSharing',
  startImageBuilder: 'appstreamImages.startImageBuilder',
  stopImageBuilder: 'appstreamImages.stopImageBuilder',
  deleteImageBuilder: 'appstreamImages.deleteImageBuilder',
  openImageBuilderInBrowser: 'appstreamImages.openImageBuilderInBrowser',
  showImageBuilderDetails: 'appstreamImages.showImageBuilderDetails',
  // Accounts from an SSO session
  addSsoAccounts: 'appstreamImages.addSsoAccounts',
  // launch an image builder, export to AMI
  launchImageBuilder: 'appstreamImages.launchImageBuilder',
  exportImage: 'appstreamImages.exportImage',
  copyAmiId: 'appstreamImages.copyAmiId',
  showExportTaskDetails: 'appstreamImages.showExportTaskDetails',
  // cleanup finder
  findUnusedImages: 'appstreamImages.findUnusedImages',
  goToImage: 'appstreamImages.goToImage',
  // managed image updates
  checkForUpdates: 'appstreamImages.checkForUpdates',
  createUpdatedImage: 'appstreamImages.createUpdatedImage',
  // pinned images
  pinImage: 'appstreamImages.pinImage',
  unpinImage: 'appstreamImages.unpinImage',
} as const;

export type CommandName = keyof typeof COMMAND;

export const VIEW = {
  explorer: 'appstreamImages.explorer',
} as const;

/** The webview panel type; also the `onWebviewPanel:` activation event that lets VS Code restore panels. */
export const IMAGE_DETAILS_VIEW_TYPE = 'appstreamImages.imageDetails';

/** The cleanup finder's report panel; also its `onWebviewPanel:` activation event (restored after a reload). */
export const CLEANUP_REPORT_VIEW_TYPE = 'appstreamImages.cleanupReport';

/** Context keys that package.json's `when` clauses read. */
export const CONTEXT = {
  filtered: 'appstreamImages.filtered',
  noProfiles: 'appstreamImages.noProfiles',
} as const;

/** The read-only documents of image builder details (plain text, never rendered). */
export const BUILDER_DETAILS_SCHEME = 'appstream-image-builder';

/** The read-only documents of export task details (plain text, never rendered). */
export const EXPORT_TASK_DETAILS_SCHEME = 'appstream-export-task';

export const STATUS_BAR_PROFILE = 'appstreamImages.profile';
