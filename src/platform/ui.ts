import * as vscode from 'vscode';

/**
 * The prompts the extension shows. Everything goes through here so the in-VS-Code test suite
 * can answer modals and quick picks (as aws-toolkit-vscode's test window does); the
 * end-to-end suite clicks the real ones.
 */
export interface Prompts {
  showWarningMessage: typeof vscode.window.showWarningMessage;
  showInformationMessage: typeof vscode.window.showInformationMessage;
  showErrorMessage: typeof vscode.window.showErrorMessage;
  showQuickPick: typeof vscode.window.showQuickPick;
  showInputBox: typeof vscode.window.showInputBox;
}

const real: Prompts = {
  showWarningMessage: vscode.window.showWarningMessage,
  showInformationMessage: vscode.window.showInformationMessage,
  showErrorMessage: vscode.window.showErrorMessage,
  showQuickPick: vscode.window.showQuickPick,
  showInputBox: vscode.window.showInputBox,
};

export const ui: Prompts = { ...real };

/** Puts the real prompts back (after a test replaced some). */
export function restorePrompts(): void {
  Object.assign(ui, real);
}
