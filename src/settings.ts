import * as vscode from 'vscode';

export const SECTION = 'appstreamImages';

export type DeleteConfirmation = 'button' | 'typeName';

/** The extension's settings, read fresh each time (they are cheap to read). */
export function readSettings() {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    profiles: c.get<string[]>('profiles', []).filter((p) => typeof p === 'string' && p.trim() !== ''),
    regions: c.get<string[]>('regions', []).filter((r) => typeof r === 'string' && r.trim() !== ''),
    deleteConfirmation: c.get<DeleteConfirmation>('deleteConfirmation', 'button'),
    requestTimeoutMs: Math.max(1, c.get<number>('requestTimeoutSeconds', 20)) * 1000,
    maxAttempts: Math.max(1, c.get<number>('maxAttempts', 3)),
    maxConcurrentRequests: Math.max(1, c.get<number>('maxConcurrentRequests', 8)),
    pollIntervalMs: Math.max(1, c.get<number>('pollIntervalSeconds', 2)) * 1000,
  };
}

export type Settings = ReturnType<typeof readSettings>;

export async function updateSetting(key: 'profiles' | 'regions', value: string[]): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}
