import * as vscode from 'vscode';
import type { App } from '../platform/app';
import { ui } from '../platform/ui';
import { plainLabel } from '../aws/untrusted';

/** A quick pick of every profile in the AWS config and credentials files. */
export async function pickProfile(app: App, title: string, current?: string, exclude: string[] = []): Promise<string | undefined> {
  const catalog = await app.aws().profiles();
  const items = catalog.profiles
    .filter((p) => !exclude.includes(p.name))
    .map((p) => ({
      label: p.name,
      // An account added from SSO: its account name (portal text, no $(icon) syntax) and role.
      description: [p.ssoAccount ? plainLabel(`${p.ssoAccount.accountName ?? p.ssoAccount.accountId} · ${p.ssoAccount.roleName}`, 80).replace(/\$\(/g, '\\$(') : undefined, p.region, p.credentialKind, p.name === current ? vscode.l10n.t('active') : undefined].filter(Boolean).join(' · '),
      detail: p.problems.length > 0 ? `$(warning) ${p.problems.join(' ')}` : p.endpointUrl ? vscode.l10n.t('endpoint {0}', p.endpointUrl) : undefined,
    }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('No AWS profiles found in {0} or {1}.', catalog.configFile, catalog.credentialsFile),
    );
    return undefined;
  }
  const picked = await ui.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Choose an AWS profile'), matchOnDescription: true });
  return picked?.label;
}
