import * as path from 'path';
import * as os from 'os';
import * as vscode from 'vscode';
import type { App } from '../../platform/app';

/** Opens the AWS config file (creating an empty one, never overwriting). */
export async function openConfigFile(_app: App): Promise<void> {
  const file = process.env.AWS_CONFIG_FILE || path.join(os.homedir(), '.aws', 'config');
  const uri = vscode.Uri.file(file);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(file)));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('# AWS profiles: https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html\n'));
  }
  await vscode.window.showTextDocument(uri);
}
