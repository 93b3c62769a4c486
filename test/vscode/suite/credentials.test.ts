// Assume-role (with and without MFA) and SSO profiles in the tree of a real VS Code, end to end:
// the SDK's own providers get the credentials from the emulator's STS and SSO (run.ts points
// AWS_ENDPOINT_URL_STS / _SSO at it), the AppStream calls go to each profile's endpoint_url.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import {
  answerPrompts,
  children,
  emulator,
  extensionApi,
  labelsAt,
  messageUnder,
  nodeAt,
  restorePrompts,
  setSettings,
  waitFor,
  DEV,
  PROD,
  hideView,
  requestsSettled,
} from './helpers';

suite('credentials: assume-role, MFA and SSO profiles through the SDK\'s own providers', function () {
  this.timeout(120_000);
  let api: ExtensionApi;

  /** The profile row as shown (its description carries the account id once images are listed). */
  async function profileRow(name: string) {
    const row = (await children(api)).find((c) => c.label === name);
    assert.ok(row, `profile ${name} in the tree`);
    return row;
  }

  suiteSetup(async () => {
    api = await extensionApi();
    // The tests ask the provider and count requests and prompts: the view must not load by itself.
    await hideView();
    await requestsSettled();
    await emulator.reset();
  });

  setup(async () => {
    await emulator.setFaults([]);
    // Each test resolves its profiles' credentials itself: none cached by an earlier test or suite (cleanup's uses role-prod and sso-dev).
    api.app.aws().reset();
  });

  teardown(() => {
    restorePrompts(api);
  });

  suiteTeardown(async () => {
    await setSettings({ profiles: [], regions: [] });
    await emulator.reset();
  });

  /** Shows only `profiles` × `regions`, with fresh clients, and an empty request log (credentials: see setup). */
  async function show(profiles: string[], regions: string[]): Promise<void> {
    await setSettings({ profiles, regions });
    await vscode.commands.executeCommand('appstreamImages.refresh');
    await emulator.resetLog();
  }

  test('role-prod (role_arn in 222222222222, source_profile demo-dev) lists prod\'s images and shows the account', async () => {
    await show(['role-prod'], ['eu-west-1']);
    const names = await labelsAt(api, 'role-prod', 'eu-west-1', 'Private');
    assert.ok(names.includes('prod-eu-main') && names.includes('prod-eu-deletable'), names.join());
    assert.ok(!names.includes('dev-eu-app-image'), 'not dev\'s images');
    const row = await waitFor('the account id on the profile', async () => {
      const r = await profileRow('role-prod');
      return r.description.includes(PROD) ? r : undefined;
    });
    assert.match(row.description, /222222222222 · assume role/);
    const assumed = await emulator.requests('AssumeRole');
    assert.strictEqual(assumed.length, 1, JSON.stringify(assumed));
    assert.strictEqual(assumed[0].status, 200);
    assert.strictEqual(assumed[0].accountId, DEV, 'signed with the source profile\'s keys');
    assert.strictEqual(assumed[0].params?.RoleArn, `arn:aws:iam::${PROD}:role/AppStreamAdmin`);
    const listed = await emulator.requests('DescribeImages');
    assert.ok(listed.length >= 1 && listed.every((r) => r.accountId === PROD && r.status === 200), JSON.stringify(listed));
  });

  test('mfa-role with the code 123456: asked exactly once for two regions in view, both list', async () => {
    await show(['mfa-role'], ['us-east-1', 'eu-west-1']);
    const calls = answerPrompts(api, { showInputBox: ['123456'] });
    // Both regions at once, as when the tree opens: the prompt must not come twice.
    const [us, eu] = await Promise.all([
      labelsAt(api, 'mfa-role', 'us-east-1', 'Private'),
      labelsAt(api, 'mfa-role', 'eu-west-1', 'Private'),
    ]);
    assert.ok(us.includes('deletable-1'), us.join());
    assert.ok(eu.includes('dev-eu-app-image'), eu.join());
    const asked = calls.filter((c) => c.kind === 'showInputBox');
    assert.strictEqual(asked.length, 1, 'one prompt for the profile');
    assert.match(asked[0].message, /MFA code for profile mfa-role/);
    const assumed = await emulator.requests('AssumeRole');
    assert.strictEqual(assumed.length, 1);
    assert.strictEqual(assumed[0].status, 200);
    assert.match(String(assumed[0].params?.SerialNumber), /:mfa\/appstream-images-tester$/);
    assert.strictEqual(assumed[0].params?.TokenCode, undefined, 'the emulator does not log MFA codes');
    assert.match((await profileRow('mfa-role')).description, /MFA/);
  });

  test('mfa-role: a Refresh of the whole view and a switch away and back do not ask for the code again', async () => {
    await show(['mfa-role'], ['us-east-1']);
    const calls = answerPrompts(api, { showInputBox: ['123456', '123456', '123456'] });
    assert.ok((await labelsAt(api, 'mfa-role', 'us-east-1', 'Private')).includes('deletable-1'));
    await vscode.commands.executeCommand('appstreamImages.refresh');
    assert.ok((await labelsAt(api, 'mfa-role', 'us-east-1', 'Private')).includes('deletable-1'));
    await show(['demo-dev'], ['us-east-1']);
    await show(['mfa-role'], ['us-east-1']);
    assert.ok((await labelsAt(api, 'mfa-role', 'us-east-1', 'Private')).includes('deletable-1'));
    assert.ok(calls.filter((c) => c.kind === 'showInputBox').length <= 1, `asked ${calls.filter((c) => c.kind === 'showInputBox').length} times`);
  });

  test('role-bad-account (a role in an account STS refuses): an error node about the role, no AppStream request', async () => {
    await show(['role-bad-account'], ['us-east-1']);
    const error = await messageUnder(api, 'role-bad-account', 'us-east-1', 'Private');
    assert.match(error.contextValue, /^message;error/);
    assert.match(error.label, /Access denied: profile "role-bad-account" could not assume its role arn:aws:iam::999999999999:role\/AppStreamAdmin/);
    assert.match((error.item.tooltip as vscode.MarkdownString).value, /role\\?_arn/);
    const sent = await emulator.requests();
    assert.ok(sent.length >= 1 && sent.every((r) => r.op === 'AssumeRole' && r.errorCode === 'AccessDenied'), JSON.stringify(sent));
  });

  test('sso-dev (sso_session, valid cached token) lists dev\'s images', async () => {
    await show(['sso-dev'], ['us-east-1']);
    const names = await labelsAt(api, 'sso-dev', 'us-east-1', 'Private');
    assert.ok(names.includes('deletable-1') && names.includes('many-apps'), names.join());
    const row = await waitFor('the account id on the profile', async () => {
      const r = await profileRow('sso-dev');
      return r.description.includes(DEV) ? r : undefined;
    });
    assert.match(row.description, /SSO/);
    const sso = await emulator.requests('GetRoleCredentials');
    assert.strictEqual(sso.length, 1);
    assert.strictEqual(sso[0].status, 200);
    assert.deepStrictEqual(sso[0].params, { account_id: DEV, role_name: 'AppStreamImagesTest' });
    const listed = await emulator.requests('DescribeImages');
    assert.ok(listed.length >= 1 && listed.every((r) => r.accountId === DEV && r.status === 200));
  });

  test('expired-sso (no cached token) still says to run `aws sso login --profile expired-sso`; nothing sent', async () => {
    await show(['expired-sso'], ['us-east-1']);
    const error = await messageUnder(api, 'expired-sso', 'us-east-1', 'Private');
    assert.match(error.label, /SSO session of profile "expired-sso"/);
    assert.match((error.item.tooltip as vscode.MarkdownString).value, /aws sso login --profile expired-sso/);
    assert.strictEqual((await emulator.requests()).length, 0);
    await nodeAt(api, 'expired-sso', 'us-east-1');
  });
});
