// The AWS SDK costs ~90 ms to load: keep it off the activation path. This is the one place that
// loads the AWS layer's index by value (lint enforces it). In the bundle, '../aws' becomes
// './aws', dist/aws.js (see esbuild.js); under tsc it is src/aws/index.ts.
import * as path from 'path';
import * as vscode from 'vscode';
import type * as AwsModule from '../aws';
import type { AppStreamService } from '../aws';
import type { Log } from './log';
import { readSettings } from './settings';
import { ui } from './ui';

export type Aws = typeof AwsModule;

let loaded: Aws | undefined;

export function loadAws(): Aws {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('../aws') as Aws;
  return loaded;
}

/** The folder of the config files naming an sso-session for the SDK's SSO providers (src/aws/ssoConfigFiles.ts). */
export function ssoConfigDirOf(storageDir: string): string {
  return path.join(storageDir, 'sso-sessions');
}

/** The AWS layer's service for the extension: settings, the request log, and the MFA prompt. Loads the SDK. */
export function createAwsService(log: Log, storageDir?: string): AppStreamService {
  const settings = readSettings();
  const { AppStreamService, MfaCancelled } = loadAws();
  return new AppStreamService({
    env: process.env,
    requestTimeoutMs: settings.requestTimeoutMs,
    maxAttempts: settings.maxAttempts,
    maxConcurrentRequests: settings.maxConcurrentRequests,
    ssoAccounts: settings.ssoAccounts,
    // The config files naming an sso-session for the SDK's SSO providers (see src/aws/ssoAccounts.ts).
    ssoConfigDir: storageDir ? ssoConfigDirOf(storageDir) : undefined,
    onRequest: (r) =>
      log.info(
        `${r.operation} ${r.profile} ${r.region} ${r.durationMs} ms${r.attempts && r.attempts > 1 ? ` (${r.attempts} attempts)` : ''}${r.errorName ? ` → ${r.errorName}` : ''}${r.requestId ? ` [${r.requestId}]` : ''}`,
      ),
    mfaCodeProvider: async (profile, serial) => {
      const code = await ui.showInputBox({
        title: vscode.l10n.t('MFA code for profile {0}', profile),
        prompt: vscode.l10n.t('Enter the code from MFA device {0}', serial),
        ignoreFocusOut: true,
        password: false,
        validateInput: (v) => (/^\d{6}$/.test(v) ? undefined : vscode.l10n.t('Six digits')),
      });
      if (!code) {
        throw new MfaCancelled(vscode.l10n.t('MFA code not given for profile {0}', profile));
      }
      return code;
    },
  });
}
