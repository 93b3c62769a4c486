import * as vscode from 'vscode';
import type { Prompts } from './prompts';

export type { Prompts };

const real: Prompts = {
  showWarningMessage: vscode.window.showWarningMessage,
  showInformationMessage: vscode.window.showInformationMessage,
  showErrorMessage: vscode.window.showErrorMessage,
  showQuickPick: vscode.window.showQuickPick,
  showInputBox: vscode.window.showInputBox,
  showSaveDialog: vscode.window.showSaveDialog,
  withProgress: vscode.window.withProgress,
  openExternal: (target) => vscode.env.openExternal(target),
};

/** The prompts every part of the extension shows (see Prompts); the in-VS-Code suite replaces some. */
export const ui: Prompts = { ...real };

/** Puts the real prompts back (after a test replaced some). */
export function restorePrompts(): void {
  Object.assign(ui, real);
}
