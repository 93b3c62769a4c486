import * as vscode from 'vscode';
import { SECTION } from './ids';
import { validSsoAccountEntries, type SsoAccountEntry } from '../aws/ssoNames';


export type DeleteConfirmation = 'button' | 'typeName';

/** The extension's settings, read fresh each time (they are cheap to read). */
export function readSettings() {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    profiles: c.get<string[]>('profiles', []).filter((p) => typeof p === 'string' && p.trim() !== ''),
    /** Accounts added from SSO sessions: in view beside `profiles` (see explorerProvider's profilesInView). */
    ssoAccounts: validSsoAccountEntries(c.get<unknown>('ssoAccounts', [])),
    regions: c.get<string[]>('regions', []).filter((r) => typeof r === 'string' && r.trim() !== ''),
    // Application scope, and read from the user's own settings only: a workspace's
    // .vscode/settings.json (a cloned repo) must not be able to weaken the delete confirmation.
    deleteConfirmation: c.inspect<DeleteConfirmation>('deleteConfirmation')?.globalValue === 'typeName' ? ('typeName' as const) : ('button' as const),
    requestTimeoutMs: Math.max(1, c.get<number>('requestTimeoutSeconds', 20)) * 1000,
    maxAttempts: Math.max(1, c.get<number>('maxAttempts', 3)),
    maxConcurrentRequests: Math.max(1, c.get<number>('maxConcurrentRequests', 8)),
    pollIntervalMs: Math.max(1, c.get<number>('pollIntervalSeconds', 2)) * 1000,
  };
}

export type Settings = ReturnType<typeof readSettings>;

/**
 * Writes a setting where its value comes from (workspace folder, workspace, else user), so the
 * change takes effect: a user-level write under a workspace value would change nothing.
 */
export async function updateSetting(key: 'profiles' | 'regions', value: string[]): Promise<void>;
export async function updateSetting(key: 'ssoAccounts', value: SsoAccountEntry[]): Promise<void>;
export async function updateSetting(key: 'profiles' | 'regions' | 'ssoAccounts', value: unknown[]): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const defined = config.inspect(key);
  const target =
    defined?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : defined?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await config.update(key, value, target);
}
