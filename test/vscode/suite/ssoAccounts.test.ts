// "Add Accounts from SSO…" in a real VS Code: the runner's config has `[sso-session demo-sso]`
// (the emulator's 34-account portal, a valid cached token, endpoints in its [services] section)
// and `[sso-session expired-sso-session]` (an expired token). Added accounts live in the
// appstreamImages.ssoAccounts setting and show as profiles named by account.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { answerPrompts, emulator, extensionApi, labelsAt, restorePrompts, setSetting, setSettings, sleep, waitFor, type PromptCall } from './helpers';

const REGION = 'us-east-1';
const SESSION = 'demo-sso';

interface SsoSeed { accounts: { accountId: string; accountName: string; roles: string[] }[] }
const SSO = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../test/emulator/seed.json'), 'utf8')) as { sso: SsoSeed }).sso;
const nameOf = (accountId: string): string => SSO.accounts.find((a) => a.accountId === accountId)!.accountName;

/** Answers the account quick pick with the items whose description is `<accountId> · <role>` (labels repeat: one per role). */
function pickPairs(api: ExtensionApi, pairs: string[] | undefined): { items: string[]; descriptions: string[] } {
  const seen = { items: [] as string[], descriptions: [] as string[] };
  (api.ui as unknown as { showQuickPick: unknown }).showQuickPick = async (items: unknown, options?: { canPickMany?: boolean }) => {
    const list = (await items) as vscode.QuickPickItem[];
    seen.items = list.map((i) => i.label);
    seen.descriptions = list.map((i) => i.description ?? '');
    assert.ok(options?.canPickMany, 'a multi-select');
    return pairs === undefined ? undefined : list.filter((i) => pairs.includes(i.description ?? ''));
  };
  return seen;
}

suite('Add Accounts from SSO…', function () {
  this.timeout(120_000);
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await extensionApi();
    await emulator.reset();
    await setSettings({ profiles: ['demo-dev'], regions: [REGION] });
    await setSetting('ssoAccounts', []);
    await vscode.commands.executeCommand('workbench.view.extension.appstreamImages');
  });

  setup(async () => {
    await emulator.resetLog();
  });

  teardown(() => restorePrompts(api));

  suiteTeardown(async () => {
    await setSetting('ssoAccounts', []);
    await setSettings({ profiles: [], regions: [] });
  });

  test('adds two accounts of demo-sso: all 34 accounts listed, the two show by name with their images, in the status bar switch; Remove takes them out', async () => {
    const seen = pickPairs(api, ['510000000002 · ReadOnlyAccess', '510000000007 · AppStreamImageAdmin']);
    await vscode.commands.executeCommand('appstreamImages.addSsoAccounts', SESSION);
    const expectedRoles = SSO.accounts.reduce((n, a) => n + a.roles.length, 0);
    assert.strictEqual(seen.items.length, expectedRoles, 'every (account, role) pair offered');
    assert.ok(seen.items.includes('Sandbox <img src=x onerror=alert(1)> & "quotes"'), 'portal text shown as text');
    // Requests: ListAccounts pages (20 a page: 2) + one ListAccountRoles chain per account (34).
    assert.strictEqual((await emulator.requests('ListAccounts')).length, 2);
    assert.strictEqual((await emulator.requests('ListAccountRoles')).length, 34);

    const entries = vscode.workspace.getConfiguration('appstreamImages').get<{ accountId: string; roleName: string; ssoSession: string; accountName: string }[]>('ssoAccounts') ?? [];
    assert.deepStrictEqual(
      entries.map((e) => `${e.ssoSession}/${e.accountId}/${e.roleName}/${e.accountName}`),
      [`demo-sso/510000000002/ReadOnlyAccess/${nameOf('510000000002')}`, `demo-sso/510000000007/AppStreamImageAdmin/${nameOf('510000000007')}`],
    );

    // They join the view after demo-dev, by account name, and list their own images through fromSSO credentials.
    const roots = await waitFor('the SSO accounts in the tree', async () => {
      const labels = await labelsAt(api);
      return labels.includes(nameOf('510000000007')) ? labels : undefined;
    });
    assert.deepStrictEqual(roots, ['demo-dev', nameOf('510000000002'), nameOf('510000000007')]);
    const prod = api.app.explorer.profiles.find((p) => p.profile === 'sso:demo-sso/510000000002/ReadOnlyAccess');
    assert.ok(prod, 'the profile sso:demo-sso/510000000002/ReadOnlyAccess');
    assert.match(String(prod.getTreeItem().description), /510000000002 · ReadOnlyAccess · SSO demo-sso/);
    assert.deepStrictEqual((await labelsAt(api, nameOf('510000000002'), REGION, 'Private')).sort(), ['sso-02-image-1', 'sso-02-image-2', 'sso-02-image-3']);
    assert.strictEqual((await labelsAt(api, nameOf('510000000007'), REGION, 'Private')).length, 4);
    const creds = await emulator.requests('GetRoleCredentials');
    assert.deepStrictEqual([...new Set(creds.map((r) => r.accountId))].sort(), ['510000000002', '510000000007']);
    // The SDK's SSO provider read the session through a config file of ours, in the extension's storage.
    const configDir = path.join(api.app.context.globalStorageUri.fsPath, 'sso-sessions');
    const sessionFiles = (): string[] =>
      (fs.existsSync(configDir) ? fs.readdirSync(configDir) : []).filter((n) => /\.config$/.test(n) && fs.readFileSync(path.join(configDir, n), 'utf8').includes(`sso_session = ${SESSION}\n`));
    assert.strictEqual(sessionFiles().length, 1, `one config file for ${SESSION} in ${configDir}`);

    // The status bar counts them; Switch Profile lists them, and the switched-to account shows by name.
    assert.match(api.app.statusBar.text, /demo-dev \(\+2\)/);
    const calls = answerPrompts(api, { showQuickPick: ['sso:demo-sso/510000000007/AppStreamImageAdmin'] });
    await vscode.commands.executeCommand('appstreamImages.switchProfile');
    assert.ok(calls[0].items.includes('sso:demo-sso/510000000002/ReadOnlyAccess'));
    await waitFor('the status bar on the SSO account', () => api.app.statusBar.text.includes(`${nameOf('510000000007')} (AppStreamImageAdmin)`) || undefined);
    assert.strictEqual(api.app.explorer.profilesInView()[0], 'sso:demo-sso/510000000007/AppStreamImageAdmin');

    // Remove Profile from View: out of the setting, out of the tree.
    await vscode.commands.executeCommand('appstreamImages.removeProfile', 'sso:demo-sso/510000000007/AppStreamImageAdmin');
    await vscode.commands.executeCommand('appstreamImages.removeProfile', 'sso:demo-sso/510000000002/ReadOnlyAccess');
    assert.deepStrictEqual(vscode.workspace.getConfiguration('appstreamImages').get('ssoAccounts'), []);
    // The switch made them the profiles setting (the active one replaced demo-dev); now it is empty: AWS_PROFILE (demo-dev) again.
    assert.deepStrictEqual(vscode.workspace.getConfiguration('appstreamImages').get('profiles'), []);
    await waitFor('the tree without them', async () => ((await labelsAt(api)).join() === 'demo-dev' ? true : undefined));
    // No account comes from demo-sso any more: its config file is removed.
    await waitFor('the session\'s config file removed', () => (sessionFiles().length === 0 ? true : undefined), 10_000);
  });

  test('cancel at the pick: nothing added, and nothing sent beyond the listing', async () => {
    const seen = pickPairs(api, undefined);
    await vscode.commands.executeCommand('appstreamImages.addSsoAccounts', SESSION);
    assert.ok(seen.items.length > 34);
    assert.deepStrictEqual(vscode.workspace.getConfiguration('appstreamImages').get('ssoAccounts'), []);
    const ops = [...new Set((await emulator.requests()).map((r) => r.op))].sort();
    assert.deepStrictEqual(ops, ['ListAccountRoles', 'ListAccounts']);
  });

  test('cancel while the accounts are listed (a slow portal): no ListAccountRoles is sent after the cancel, nothing is added, no pick, no error', async () => {
    // 1 s per ListAccountRoles: with 8 requests at a time the 34 chains take five waves.
    await emulator.setFaults([{ kind: 'latency', op: 'ListAccountRoles', ms: 1000 }]);
    try {
      const calls = answerPrompts(api, {});
      const seen = pickPairs(api, ['510000000002 · ReadOnlyAccess']);
      // The notification's Cancel button, pressed by the suite: the real notification shows; its task gets our token.
      const cancel = new vscode.CancellationTokenSource();
      const realWithProgress = api.ui.withProgress;
      let options: vscode.ProgressOptions | undefined;
      api.ui.withProgress = ((o: vscode.ProgressOptions, task: (p: vscode.Progress<unknown>, t: vscode.CancellationToken) => Thenable<unknown>) =>
        realWithProgress(o, (progress, token) => {
          options = o;
          token.onCancellationRequested(() => cancel.cancel());
          return task(progress, cancel.token);
        })) as typeof api.ui.withProgress;
      const run = vscode.commands.executeCommand('appstreamImages.addSsoAccounts', SESSION);
      await waitFor('the first roles being listed', async () => ((await emulator.requests('ListAccountRoles')).length > 0 ? true : undefined), 15_000);
      await sleep(300); // in the middle of the first wave: its requests are waiting for their answers
      const before = (await emulator.requests('ListAccountRoles')).length;
      cancel.cancel();
      await run;
      assert.strictEqual(options?.cancellable, true, 'the progress notification has a Cancel button');
      await sleep(2500); // longer than two waves would take
      const after = await emulator.requests('ListAccountRoles');
      assert.ok(before < 34, `the listing was under way (${before} of 34)`);
      assert.strictEqual(after.length, before, 'ListAccountRoles sent after the cancel');
      assert.deepStrictEqual(seen.items, [], 'no pick after a cancel');
      assert.deepStrictEqual(vscode.workspace.getConfiguration('appstreamImages').get('ssoAccounts'), []);
      assert.deepStrictEqual(calls.filter((c) => c.kind === 'showErrorMessage'), [], 'a cancel is not an error');
    } finally {
      await emulator.setFaults([]);
    }
  });

  test('an expired token: the error names the session and offers `aws sso login --sso-session`; nothing is sent', async () => {
    const calls: PromptCall[] = answerPrompts(api, { showErrorMessage: ['Copy Command'] });
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('appstreamImages.addSsoAccounts', 'expired-sso-session');
    const error = await waitFor('the error', () => calls.find((c) => c.kind === 'showErrorMessage'));
    assert.match(error.message, /SSO session "expired-sso-session" has expired/);
    assert.match(error.message, /aws sso login --sso-session expired-sso-session/);
    assert.deepStrictEqual(error.items, ['Run in Terminal', 'Copy Command']);
    await waitFor('the command on the clipboard', async () => ((await vscode.env.clipboard.readText()) === 'aws sso login --sso-session expired-sso-session' ? true : undefined));
    assert.deepStrictEqual(await emulator.requests(), []);
  });
});
