import type * as vscode from 'vscode';

/**
 * The prompts the extension shows. Everything goes through one object of this type (`ui` in
 * ui.ts) so the in-VS-Code test suite can answer modals and quick picks (as aws-toolkit-vscode's
 * test window does), and the fast tests give the services a small fake of it; the end-to-end
 * suite clicks the real ones. Types only here: no `vscode` at run time.
 */
export interface Prompts {
  showWarningMessage: typeof vscode.window.showWarningMessage;
  showInformationMessage: typeof vscode.window.showInformationMessage;
  showErrorMessage: typeof vscode.window.showErrorMessage;
  showQuickPick: typeof vscode.window.showQuickPick;
  showInputBox: typeof vscode.window.showInputBox;
  /** Where to save a file (the cleanup report's Export). */
  showSaveDialog: typeof vscode.window.showSaveDialog;
  /** A progress notification; the suite wraps it to cancel (as the notification's Cancel button does). */
  withProgress: typeof vscode.window.withProgress;
  /** Opens a link outside VS Code (a streaming URL is a credential: the suite checks it without a browser). */
  openExternal: typeof vscode.env.openExternal;
}
