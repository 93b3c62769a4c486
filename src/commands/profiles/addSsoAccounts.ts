import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import type { SsoAccountRole, SsoSource } from '../../aws';
import { ssoProfileName, type SsoAccountEntry } from '../../aws/ssoNames';
import { plainLabel } from '../../aws/untrusted';
import { readSettings, updateSetting } from '../../platform/settings';
import { ui } from '../../platform/ui';

/** Portal text (account names, emails) for a quick pick: one plain line, no `$(icon)` syntax. */
function pickText(text: string, max = 80): string {
  return plainLabel(text, max).replace(/\$\(/g, '\\$(');
}

/**
 * "Add Accounts from SSO…": pick an [sso-session] (or legacy SSO profile) of the AWS config, list
 * every account and role its cached token allows (with progress, cancellable), and keep the
 * chosen (account, role) pairs in appstreamImages.ssoAccounts: they join the view as profiles
 * `sso:<session>/<accountId>/<role>`. The AWS config is not changed. `sourceName` (palette or
 * tests) names the session (or legacy profile) without asking.
 */
export async function addSsoAccounts(app: App, sourceName?: string): Promise<void> {
  const catalog = await app.aws().profiles();
  const sources = catalog.ssoSources;
  if (sources.length === 0) {
    throw new Error(
      vscode.l10n.t('No SSO session in {0}: add an [sso-session] section (`aws configure sso-session`), sign in with `aws sso login --sso-session NAME`, then retry.', catalog.configFile),
    );
  }
  const source = typeof sourceName === 'string' ? sources.find((s) => s.name === sourceName) : await pickSource(sources);
  if (!source) {
    if (typeof sourceName === 'string') {
      throw new Error(vscode.l10n.t('"{0}" is not an SSO session or SSO profile of {1}.', sourceName, catalog.configFile));
    }
    return;
  }
  if (source.problems.length > 0) {
    throw new Error(vscode.l10n.t('{0} Fix it in {1}, then retry.', source.problems.join(' '), catalog.configFile));
  }

  // Cancel (the notification's button) stops the listing: nothing more is sent, the requests in flight are aborted, nothing is added.
  const found = await ui.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Accounts of SSO session {0}', source.name), cancellable: true },
    async (progress, token) => {
      progress.report({ message: vscode.l10n.t('listing accounts…') });
      let last = 0;
      const abort = new AbortController();
      const onCancel = token.onCancellationRequested(() => abort.abort());
      try {
        return await app.aws().discoverSsoAccounts(source, {
          isCancelled: () => token.isCancellationRequested,
          signal: abort.signal,
          onProgress: (done, total) => {
            const increment = total > 0 ? ((done - last) / total) * 100 : 100;
            last = done;
            progress.report({ message: vscode.l10n.t('roles of {0} of {1} accounts', done, total), increment });
          },
        });
      } finally {
        onCancel.dispose();
      }
    },
  );
  for (const f of found.failures) {
    app.log.warn(`Add Accounts from SSO: the roles of account ${f.accountId} could not be listed: ${(f.error as Error)?.name ?? 'Error'}: ${(f.error as Error)?.message ?? String(f.error)}`);
  }
  app.log.info(
    `Add Accounts from SSO: ${source.name}: ${found.accounts.length} accounts, ${found.roles.length} roles (${found.requests.listAccounts} ListAccounts + ${found.requests.listAccountRoles} ListAccountRoles requests)`,
  );

  const settings = readSettings();
  const inView = new Set(settings.ssoAccounts.map(ssoProfileName));
  const entryOf = (r: SsoAccountRole): SsoAccountEntry => ({
    ...(source.kind === 'session' ? { ssoSession: source.name } : { ssoProfile: source.name }),
    accountId: r.accountId,
    roleName: r.roleName,
    accountName: r.accountName,
  });
  const offered = found.roles.filter((r) => !inView.has(ssoProfileName(entryOf(r))));
  if (offered.length === 0) {
    void ui.showInformationMessage(
      found.roles.length === 0
        ? vscode.l10n.t('SSO session {0} gives you no account and role.', source.name)
        : vscode.l10n.t('Every account and role of SSO session {0} is already in the view.', source.name),
    );
    return;
  }
  const items = offered.map((r) => ({
    label: pickText(r.accountName),
    description: `${r.accountId} · ${pickText(r.roleName, 64)}`,
    detail: r.emailAddress ? pickText(r.emailAddress) : undefined,
    role: r,
  }));
  const failed = found.failures.length > 0 ? ' ' + vscode.l10n.t('(roles of {0} accounts could not be listed: see the log)', found.failures.length) : '';
  const picked = await ui.showQuickPick(items, {
    title: vscode.l10n.t('Add accounts of SSO session {0} to the AppStream view', source.name),
    placeHolder: vscode.l10n.t('{0} accounts, {1} roles: choose the account and role pairs to show{2}', found.accounts.length, offered.length, failed),
    canPickMany: true,
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!picked || picked.length === 0) {
    return; // cancelled: nothing changed, nothing more sent
  }
  const added = picked.map((p) => entryOf(p.role));
  await updateSetting('ssoAccounts', [...readSettings().ssoAccounts, ...added]);
  void ui.showInformationMessage(
    added.length === 1
      ? vscode.l10n.t('Added {0} ({1}, role {2}) to the AppStream view.', pickText(added[0].accountName ?? ''), added[0].accountId, added[0].roleName)
      : vscode.l10n.t('Added {0} accounts of SSO session {1} to the AppStream view.', added.length, source.name),
  );
}

async function pickSource(sources: SsoSource[]): Promise<SsoSource | undefined> {
  if (sources.length === 1) {
    return sources[0];
  }
  const picked = await ui.showQuickPick(
    sources.map((s) => ({
      label: s.name,
      description: s.kind === 'session' ? vscode.l10n.t('sso-session · {0}', s.ssoRegion ?? '?') : vscode.l10n.t('SSO profile · {0}', s.ssoRegion ?? '?'),
      detail: s.problems.length > 0 ? `$(warning) ${s.problems.join(' ')}` : s.startUrl,
      source: s,
    })),
    { title: vscode.l10n.t('Add Accounts from SSO'), placeHolder: vscode.l10n.t('Choose an SSO session of your AWS config') },
  );
  return picked?.source;
}
