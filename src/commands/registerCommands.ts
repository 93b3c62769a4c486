import * as vscode from 'vscode';
import type { App } from '../platform/app';
import { redactSecrets } from '../aws/errors';
import { COMMAND, type CommandName } from '../platform/ids';
import { addProfile } from './profiles/addProfile';
import { clearFilter } from './explorer/clearFilter';
import { copyArn } from './images/copyArn';
import { copyName } from './images/copyName';
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
import { switchProfile } from './profiles/switchProfile';

/** Thrown (or rejected) when the user backs out; the wrapper stays silent about it. */
export class UserCancelled extends Error {
  override readonly name = 'UserCancelled';
}

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
  showLog,
  openConfigFile,
  runFixCommand,
};

/** Registers every command behind one wrapper that reports errors and ignores cancels. */
export function registerCommands(app: App): void {
  for (const name of Object.keys(HANDLERS) as CommandName[]) {
    const id = COMMAND[name];
    const fn = HANDLERS[name];
    app.context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await (fn as (app: App, ...a: unknown[]) => unknown)(app, ...args);
        } catch (err) {
          if (err instanceof UserCancelled || (err as Error)?.name === 'Canceled') {
            return undefined;
          }
          const message = redactSecrets(err instanceof Error ? err.message : String(err));
          app.log.error(`${id}: ${message}`);
          void vscode.window.showErrorMessage(vscode.l10n.t('AppStream Images: {0}', message));
          return undefined;
        }
      }),
    );
  }
}
