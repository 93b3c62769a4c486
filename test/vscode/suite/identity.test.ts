// "Act only on what the user saw": an image is its ARN, a delete is bound to the account the user
// confirmed, and a profile's credentials go only to its own endpoints. Real profiles in the
// config file the runner wrote (AWS_CONFIG_FILE of this extension host), the emulator's request log.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { ImageNode } from '../../../src/tree/imageNode';
import type { ImageDetailsPanel } from '../../../src/webview/imageDetailsPanel';
import { answerPrompts, freshDevTreeEachTest, children, emulator, labelsAt, nodeAt, setSettings, waitFor, DEV, PROD } from './helpers';

const REGION = 'us-east-1';
const PARTNER = '444444444444';

suite('identity: an image is its ARN; deletes act only in the account the user saw', function () {
  this.timeout(120_000);
  let api: ExtensionApi;

  const devTree = freshDevTreeEachTest(REGION);
  suiteSetup(() => {
    api = devTree();
  });

  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('two same-named shared images from two accounts both show, each with its own details', async () => {
    const shared = await children(api, (await nodeAt(api, 'demo-dev', REGION, 'Shared with me')).node);
    const teamBase = shared.filter((s) => s.label === 'team-base');
    assert.strictEqual(teamBase.length, 2, shared.map((s) => s.label).join());
    const arns = teamBase.map((s) => (s.node as ImageNode).image.Arn).sort();
    assert.deepStrictEqual(arns, [`arn:aws:appstream:${REGION}:${PROD}:image/team-base`, `arn:aws:appstream:${REGION}:${PARTNER}:image/team-base`]);
    assert.notStrictEqual(teamBase[0].item.id, teamBase[1].item.id, 'distinct tree ids');
    assert.ok(teamBase.every((s) => !/deletable/.test(s.contextValue)));

    const panels: ImageDetailsPanel[] = [];
    for (const s of teamBase) {
      panels.push((await vscode.commands.executeCommand('appstreamImages.showImageDetails', s.node)) as ImageDetailsPanel);
    }
    assert.notStrictEqual(panels[0], panels[1], 'two panels, not one revealed twice');
    for (const [i, panel] of panels.entries()) {
      await panel.refresh();
      const image = panel.current?.image as { Arn?: string; Visibility?: string };
      assert.strictEqual(image.Arn, (teamBase[i].node as ImageNode).image.Arn);
      assert.strictEqual(image.Visibility, 'SHARED', 'a shared image stays shared after a refresh (described by ARN)');
      assert.strictEqual(panel.current?.error, undefined);
    }
    // Re-described by ARN, never by name (Names finds only own and public images).
    const describes = await emulator.requests('DescribeImages');
    assert.ok(describes.length >= 2);
    assert.ok(describes.every((r) => !(r.params && 'Names' in r.params)), JSON.stringify(describes.map((r) => r.params)));
  });

  test('deleting own common-base is not blocked by a fleet running the shared common-base, and leaves the shared one alone', async () => {
    const own = (await nodeAt(api, 'demo-dev', REGION, 'Private', 'common-base')).node as ImageNode;
    const sharedNode = (await children(api, (await nodeAt(api, 'demo-dev', REGION, 'Shared with me')).node)).find((s) => s.label === 'common-base')!.node as ImageNode;
    assert.strictEqual(sharedNode.image.Arn, `arn:aws:appstream:${REGION}:${PROD}:image/common-base`);
    const calls = answerPrompts(api, { showWarningMessage: ['Delete'] });
    await vscode.commands.executeCommand('appstreamImages.deleteImage', own);
    assert.ok(calls.some((c) => c.kind === 'showWarningMessage' && /common-base/.test(c.message)), JSON.stringify(calls));
    const deletes = await emulator.requests('DeleteImage');
    assert.deepStrictEqual(deletes.map((d) => [d.accountId, d.params?.Name, d.status]), [[DEV, 'common-base', 200]]);
    assert.strictEqual(own.image.State, 'DELETING');
    assert.strictEqual(sharedNode.image.State, 'AVAILABLE', 'the shared node did not follow the own image');
    await waitFor('own common-base gone', async () => ((await labelsAt(api, 'demo-dev', REGION, 'Private')).includes('common-base') ? undefined : true), 30_000);
    await vscode.commands.executeCommand('appstreamImages.refresh');
    const sharedAfter = await labelsAt(api, 'demo-dev', REGION, 'Shared with me');
    assert.ok(sharedAfter.includes('common-base'), sharedAfter.join());
  });

  test('the same image selected under two profiles of one account is deleted once', async () => {
    await setSettings({ profiles: ['demo-dev', 'acme.dev'] });
    try {
      const viaDev = (await nodeAt(api, 'demo-dev', REGION, 'Private', 'deletable-3')).node as ImageNode;
      const viaAcme = (await nodeAt(api, 'acme.dev', REGION, 'Private', 'deletable-3')).node as ImageNode;
      assert.strictEqual(viaDev.image.Arn, viaAcme.image.Arn);
      await emulator.resetLog();
      const calls = answerPrompts(api, { showWarningMessage: ['Delete'] });
      await vscode.commands.executeCommand('appstreamImages.deleteImage', viaDev, [viaDev, viaAcme]);
      assert.strictEqual(calls.filter((c) => c.kind === 'showWarningMessage').length, 1, 'one confirmation');
      const deletes = await emulator.requests('DeleteImage');
      assert.deepStrictEqual(deletes.map((d) => [d.accountId, d.params?.Name, d.status]), [[DEV, 'deletable-3', 200]]);
    } finally {
      await setSettings({ profiles: ['demo-dev'] });
    }
  });

  test('a profile whose name has a dot lists its images', async () => {
    await setSettings({ profiles: ['acme.dev'] });
    try {
      const labels = await labelsAt(api, 'acme.dev', REGION, 'Private');
      assert.ok(labels.includes('deletable-1'), labels.join());
    } finally {
      await setSettings({ profiles: ['demo-dev'] });
    }
  });

  test('role and SSO profiles list with a trap on the process-wide profile\'s STS/SSO endpoints: the trap counts 0', async () => {
    await setSettings({ profiles: ['role-prod', 'sso-dev'] });
    try {
      const prod = await labelsAt(api, 'role-prod', REGION, 'Private');
      assert.ok(prod.length > 0 && !prod.some((l) => /^No images|failed/.test(l)), prod.join());
      const dev = await labelsAt(api, 'sso-dev', REGION, 'Private');
      assert.ok(dev.includes('deletable-1'), dev.join());
      // Credentials may be cached from the credentials suite; the listing proves which account they are for.
      const requests = await emulator.requests('DescribeImages');
      assert.ok(requests.some((r) => r.accountId === PROD && r.status === 200), 'role-prod listed account 222222222222');
      assert.ok(requests.some((r) => r.accountId === DEV && r.status === 200), 'sso-dev listed account 111111111111');
      const trapUrl = process.env.APPSTREAM_TRAP_URL;
      assert.ok(trapUrl, 'the runner set APPSTREAM_TRAP_URL');
      const caught = (await (await fetch(`${trapUrl}/__trap/requests`)).json()) as string[];
      assert.deepStrictEqual(caught, [], 'no request reached the process-wide profile\'s STS/SSO endpoints');
    } finally {
      await setSettings({ profiles: ['demo-dev'] });
    }
  });
});
