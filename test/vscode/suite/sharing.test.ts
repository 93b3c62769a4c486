import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { AppStreamClient, DeleteImageCommand } from '@aws-sdk/client-appstream';
import type { ExtensionApi } from '../../../src/extension';
import type { ImageNode } from '../../../src/tree/imageNode';
import type { ImageDetailsPanel } from '../../../src/webview/imageDetailsPanel';
import { answerPrompts, children, emulator, extensionApi, labelsAt, nodeAt, restorePrompts, seedAccounts, setSettings, sleep, waitFor, DEV, PROD } from './helpers';

const REGION = 'us-east-1';

/** The package.json `when` clause of Manage Sharing in the tree's context menu, as a RegExp on contextValue. */
function sharingMenuRegex(): RegExp {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
    contributes: { menus: Record<string, { command: string; when?: string }[]> };
  };
  const entry = manifest.contributes.menus['view/item/context'].find((m) => m.command === 'appstreamImages.manageSharing');
  const m = /viewItem =~ \/(.+?)\//.exec(entry?.when ?? '');
  assert.ok(m, `a viewItem regex in ${entry?.when}`);
  return new RegExp(m[1]);
}

suite('sharing: Manage Sharing…, unshare and delete, Shared with me of the consumer', function () {
  this.timeout(120_000);
  let api: ExtensionApi;

  const changeRequests = async () => [...(await emulator.requests('UpdateImagePermissions')), ...(await emulator.requests('DeleteImagePermissions'))];

  async function own(name: string): Promise<ImageNode> {
    return (await nodeAt(api, 'demo-dev', REGION, 'Private', name)).node as ImageNode;
  }

  /** What demo-prod's *Shared with me* shows of demo-dev's image `name` now (listing it if it is not listed). */
  async function prodSharedRow(name: string) {
    return (await children(api, (await nodeAt(api, 'demo-prod', REGION, 'Shared with me')).node)).find(
      (c) => c.label === name && ((c.node as ImageNode).image.Arn ?? '').includes(`:${DEV}:`),
    );
  }

  suiteSetup(async () => {
    api = await extensionApi();
    // Both accounts in view, one region: the consumer's Shared with me beside the owner's Private.
    await setSettings({ profiles: ['demo-dev', 'demo-prod'], regions: [REGION], deleteConfirmation: 'button' });
    await vscode.commands.executeCommand('workbench.view.extension.appstreamImages');
  });

  setup(async () => {
    await emulator.reset();
    await emulator.config({ deleteDelayMs: 1500 });
    await vscode.commands.executeCommand('appstreamImages.refresh');
    await labelsAt(api, 'demo-dev', REGION, 'Private');
    await labelsAt(api, 'demo-prod', REGION, 'Private');
    // The profiles learned their accounts from their images' ARNs: offered by name.
    await waitFor('both accounts known', () => api.app.explorer.profiles.every((p) => p.knownAccountId));
    await emulator.resetLog();
  });

  teardown(() => restorePrompts(api));

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await emulator.reset();
    await setSettings({ profiles: [], regions: [], deleteConfirmation: 'button' });
  });

  test('the context menu offers it on own images with an ARN only', async () => {
    const menu = sharingMenuRegex();
    const privateRows = await children(api, (await nodeAt(api, 'demo-dev', REGION, 'Private')).node);
    const sharedRows = await children(api, (await nodeAt(api, 'demo-dev', REGION, 'Shared with me')).node);
    assert.ok(privateRows.length > 5 && privateRows.every((r) => menu.test(r.contextValue)), privateRows.map((r) => r.contextValue).join(' | '));
    assert.ok(sharedRows.length > 0 && sharedRows.every((r) => !menu.test(r.contextValue)), sharedRows.map((r) => r.contextValue).join(' | '));
  });

  test('share deletable-1 with demo-prod (offered by name): demo-prod\'s Shared with me shows it; unshare: it drops it; the row says "shared with 1 account"', async () => {
    assert.strictEqual(await prodSharedRow('deletable-1'), undefined, 'not shared yet');
    const calls = answerPrompts(api, {
      showQuickPick: ['$(add) Share with an Account…', '$(account) demo-prod', 'Fleets', undefined],
      showWarningMessage: ['Share'],
    });
    assert.strictEqual(await vscode.commands.executeCommand('appstreamImages.manageSharing', await own('deletable-1')), 1);
    const offered = calls.filter((c) => c.kind === 'showQuickPick')[1];
    assert.deepStrictEqual(offered.items, ['$(account) demo-prod', '$(edit) Enter an Account ID…'], 'demo-dev (the owner) is not offered');
    const modal = calls.find((c) => c.kind === 'showWarningMessage')!;
    assert.strictEqual(modal.message, 'Share "deletable-1" with account 222222222222 (demo-prod)?');
    const sent = await emulator.requests('UpdateImagePermissions');
    assert.deepStrictEqual(sent.map((r) => [r.accountId, r.params]), [
      [DEV, { Name: 'deletable-1', SharedAccountId: PROD, ImagePermissions: { allowFleet: true, allowImageBuilder: false } }],
    ]);
    // Listed again by the share (no Refresh): demo-prod's Shared with me shows it.
    const row = await waitFor('deletable-1 under demo-prod / Shared with me', () => prodSharedRow('deletable-1'));
    assert.deepStrictEqual((row.node as ImageNode).image.ImagePermissions, { allowFleet: true, allowImageBuilder: false });
    const owner = await nodeAt(api, 'demo-dev', REGION, 'Private', 'deletable-1');
    assert.match(owner.description, /shared with 1 account/);

    await emulator.resetLog();
    const unshare = answerPrompts(api, {
      showQuickPick: [`$(account) ${PROD}`, `$(close) Stop Sharing with ${PROD}…`, undefined],
      showWarningMessage: ['Stop Sharing'],
    });
    await vscode.commands.executeCommand('appstreamImages.manageSharing', await own('deletable-1'));
    const stop = unshare.find((c) => c.kind === 'showWarningMessage')!;
    assert.strictEqual(stop.message, `Stop sharing "deletable-1" with account ${PROD} (demo-prod)?`);
    assert.match(stop.detail ?? '', /can no longer launch new instances from it: their desired capacity drops to 0/);
    assert.deepStrictEqual((await emulator.requests('DeleteImagePermissions')).map((r) => r.params), [{ Name: 'deletable-1', SharedAccountId: PROD }]);
    await waitFor('deletable-1 gone from demo-prod / Shared with me', async () => (await prodSharedRow('deletable-1')) === undefined);
    assert.doesNotMatch((await nodeAt(api, 'demo-dev', REGION, 'Private', 'deletable-1')).description, /shared/);
  });

  test('every cancel sends nothing: the list, the account, the permissions, the modal, a typed id that is not 12 digits', async () => {
    const node = await own('deletable-2');
    for (const answers of [
      { showQuickPick: [undefined] },
      { showQuickPick: ['$(add) Share with an Account…', undefined, undefined] },
      { showQuickPick: ['$(add) Share with an Account…', '$(account) demo-prod', undefined, undefined] },
      { showQuickPick: ['$(add) Share with an Account…', '$(account) demo-prod', 'Fleets', undefined], showWarningMessage: [undefined] },
      { showQuickPick: ['$(add) Share with an Account…', '$(edit) Enter an Account ID…', undefined], showInputBox: ['1234'] },
    ]) {
      answerPrompts(api, answers);
      assert.strictEqual(await vscode.commands.executeCommand('appstreamImages.manageSharing', node), 0, JSON.stringify(answers));
    }
    assert.deepStrictEqual(await changeRequests(), []);
    // Only reads: the permission list each time the list opens.
    assert.deepStrictEqual([...new Set((await emulator.requests()).map((r) => r.op))], ['DescribeImagePermissions']);
  });

  test('the typed id is validated as you type', async () => {
    let validate: ((v: string) => unknown) | undefined;
    answerPrompts(api, { showQuickPick: ['$(add) Share with an Account…', '$(edit) Enter an Account ID…', undefined] });
    api.ui.showInputBox = (async (options?: vscode.InputBoxOptions) => {
      validate = options?.validateInput as typeof validate;
      return undefined;
    }) as typeof api.ui.showInputBox;
    await vscode.commands.executeCommand('appstreamImages.manageSharing', await own('deletable-2'));
    assert.ok(validate);
    assert.match(String(validate('1234')), /12 digits; this has 4/);
    assert.match(String(validate('12345678901a')), /only digits/);
    assert.match(String(validate(DEV)), /owns the image/);
    assert.strictEqual(validate('5555 6666 7777'), undefined);
  });

  test('from the palette: a quick pick of own images, then the list with the account and its permissions', async () => {
    const calls = answerPrompts(api, { showQuickPick: ['shared-with-prod', undefined] });
    await vscode.commands.executeCommand('appstreamImages.manageSharing');
    const [images, list] = calls.filter((c) => c.kind === 'showQuickPick');
    assert.ok(images.items.includes('shared-with-prod') && images.items.includes('deletable-1'));
    const own = new Set([...(await labelsAt(api, 'demo-dev', REGION, 'Private')), ...(await labelsAt(api, 'demo-prod', REGION, 'Private'))]);
    assert.deepStrictEqual(images.items.filter((label) => !own.has(label)), [], 'only own images (of both profiles in view)');
    assert.deepStrictEqual(list.items, ['$(add) Share with an Account…', `$(account) ${PROD}`]);
    assert.match(list.message, /Sharing of "shared-with-prod" \(demo-dev, us-east-1\)/);
    assert.match((await nodeAt(api, 'demo-dev', REGION, 'Private', 'shared-with-prod')).description, /shared with 1 account/);
  });

  test('take the fleet permission away: the modal names the account and the consequence; Cancel sends nothing', async () => {
    const calls = answerPrompts(api, { showQuickPick: [`$(account) ${PROD}`, '$(edit) Change Permissions…', 'Image builders', undefined], showWarningMessage: [undefined] });
    await vscode.commands.executeCommand('appstreamImages.manageSharing', await own('shared-with-prod'));
    const modal = calls.find((c) => c.kind === 'showWarningMessage')!;
    assert.match(modal.message, /Change what account 222222222222 \(demo-prod\) may do with "shared-with-prod"\?/);
    assert.match(modal.detail ?? '', /Now: fleets\. After: image builders\.\nFleets of account 222222222222 that use this image can no longer launch new instances from it: their desired capacity drops to 0/);
    assert.deepStrictEqual(await changeRequests(), []);
  });

  test('delete of an image only sharing blocks: "Unshare from 1 Account and Delete"; Cancel sends nothing; yes unshares, deletes, and demo-prod drops it', async () => {
    assert.ok(await prodSharedRow('shared-with-prod'), 'demo-prod sees it before');
    const cancel = answerPrompts(api, { showWarningMessage: [undefined] });
    await vscode.commands.executeCommand('appstreamImages.deleteImage', await own('shared-with-prod'));
    const modal = cancel.find((c) => c.kind === 'showWarningMessage')!;
    assert.strictEqual(modal.message, `Delete image "shared-with-prod" in demo-dev (${DEV}), ${REGION}? It is shared with account ${PROD}.`);
    assert.deepStrictEqual(modal.items, ['Unshare from 1 Account and Delete']);
    assert.match(modal.detail ?? '', /• 222222222222 — fleets[\s\S]*desired capacity drops to 0[\s\S]*cannot be undone/);
    assert.deepStrictEqual(await changeRequests(), []);
    assert.strictEqual((await emulator.requests('DeleteImage')).length, 0);

    answerPrompts(api, { showWarningMessage: ['Unshare from 1 Account and Delete'] });
    await vscode.commands.executeCommand('appstreamImages.deleteImage', await own('shared-with-prod'));
    assert.deepStrictEqual((await emulator.requests('DeleteImagePermissions')).map((r) => [r.params, r.status]), [[{ Name: 'shared-with-prod', SharedAccountId: PROD }, 200]]);
    assert.deepStrictEqual((await emulator.requests('DeleteImage')).map((r) => [r.params, r.status]), [[{ Name: 'shared-with-prod' }, 200]]);
    assert.match((await nodeAt(api, 'demo-dev', REGION, 'Private', 'shared-with-prod')).description, /DELETING/);
    await waitFor('shared-with-prod gone from demo-prod / Shared with me', async () => (await prodSharedRow('shared-with-prod')) === undefined);
    await waitFor('shared-with-prod gone from demo-dev / Private', async () => !(await labelsAt(api, 'demo-dev', REGION, 'Private')).includes('shared-with-prod'), 30_000);
  });

  test('LimitExceeded: the 101st account is explained with the 100-account quota', async () => {
    const node = await own('deletable-3');
    const hundred = Array.from({ length: 100 }, (_, i) => ({ sharedAccountId: String(900000000000 + i), imagePermissions: { allowFleet: true, allowImageBuilder: false } }));
    await emulator.addImage(DEV, REGION, JSON.parse(JSON.stringify(node.image)) as Record<string, unknown>, hundred);
    await emulator.resetLog();
    const calls = answerPrompts(api, { showQuickPick: ['$(add) Share with an Account…', '$(account) demo-prod', 'Fleets', undefined], showWarningMessage: ['Share'] });
    await vscode.commands.executeCommand('appstreamImages.manageSharing', node);
    assert.strictEqual((await emulator.requests('UpdateImagePermissions'))[0]?.errorCode, 'LimitExceededException');
    const error = await waitFor('the explanation', () => calls.find((c) => c.kind === 'showErrorMessage'));
    assert.match(error.message, /^Could not share "deletable-3" with 222222222222 \(demo-prod\): .*at most 100 AWS accounts/);
  });

  test('ResourceNotAvailable: an image that is no longer AVAILABLE is explained, and nothing is sent', async () => {
    const node = await own('deletable-4');
    await emulator.addImage(DEV, REGION, { ...(JSON.parse(JSON.stringify(node.image)) as Record<string, unknown>), State: 'PENDING' });
    await emulator.resetLog();
    const calls = answerPrompts(api, { showQuickPick: ['$(add) Share with an Account…', '$(account) demo-prod', 'Fleets', undefined], showWarningMessage: ['Share'] });
    await vscode.commands.executeCommand('appstreamImages.manageSharing', node);
    assert.deepStrictEqual(await changeRequests(), []);
    const error = await waitFor('the explanation', () => calls.find((c) => c.kind === 'showErrorMessage'));
    assert.match(error.message, /is PENDING.*must be AVAILABLE/);
  });

  test('not found: an image deleted by someone else meanwhile is explained, nothing is sent, and it leaves the tree', async () => {
    const node = await own('deletable-5');
    const dev = seedAccounts().find((a) => a.profile === 'demo-dev')!;
    const other = new AppStreamClient({ region: REGION, endpoint: process.env.APPSTREAM_EMULATOR_URL, credentials: { accessKeyId: dev.accessKeyId, secretAccessKey: dev.secretAccessKey } });
    const calls = answerPrompts(api, { showQuickPick: ['$(add) Share with an Account…', '$(account) demo-prod', 'Fleets', undefined] });
    api.ui.showWarningMessage = (async () => {
      await other.send(new DeleteImageCommand({ Name: 'deletable-5' }));
      await sleep(2000); // gone after the emulator's delete delay
      return 'Share';
    }) as typeof api.ui.showWarningMessage;
    await vscode.commands.executeCommand('appstreamImages.manageSharing', node);
    assert.deepStrictEqual(await changeRequests(), []);
    const error = await waitFor('the explanation', () => calls.find((c) => c.kind === 'showErrorMessage'));
    assert.match(error.message, /Could not share "deletable-5".*no longer exists/);
    await waitFor('deletable-5 gone from the tree', async () => !(await labelsAt(api, 'demo-dev', REGION, 'Private')).includes('deletable-5'));
  });

  test('the details panel lists the accounts; its Stop Sharing button runs the same flow and the panel reloads', async () => {
    const panel = (await vscode.commands.executeCommand('appstreamImages.showImageDetails', await own('shared-with-prod'))) as ImageDetailsPanel;
    await waitFor('sharing loaded', () => panel.current?.sharedWith?.length === 1);
    const calls = answerPrompts(api, { showWarningMessage: ['Stop Sharing'] });
    // What the page posts for the row's "Stop Sharing…" button (render.test.ts checks the page posts it).
    await (panel as unknown as { onMessage(m: unknown): Promise<void> }).onMessage({ type: 'sharing', action: { action: 'remove', accountIds: [PROD] } });
    assert.match(calls.find((c) => c.kind === 'showWarningMessage')?.message ?? '', /Stop sharing "shared-with-prod" with account 222222222222/);
    assert.strictEqual((await emulator.requests('DeleteImagePermissions')).length, 1);
    await waitFor('the panel shows no account', () => panel.current?.sharedWith?.length === 0);
    assert.strictEqual((panel.current?.image as { ImageSharedWithOthers?: string }).ImageSharedWithOthers, 'FALSE');
  });
});
