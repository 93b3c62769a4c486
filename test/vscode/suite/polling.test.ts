import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { ImageNode } from '../../../src/tree/imageNode';
import { emulator, extensionApi, labelsAt, nodeAt, setSettings, sleep, waitFor } from './helpers';

suite('polling: only transitional images, only while the view is visible', function () {
  this.timeout(90_000);
  let api: ExtensionApi;

  const polls = async () => (await emulator.requests('DescribeImages')).filter((r) => Array.isArray(r.params?.Arns));

  suiteSetup(async () => {
    api = await extensionApi();
    await emulator.reset();
    await vscode.commands.executeCommand('workbench.view.extension.appstreamImages');
  });

  suiteTeardown(async () => {
    await setSettings({ profiles: [], regions: [] });
    await vscode.commands.executeCommand('workbench.view.extension.appstreamImages');
  });

  test('a region with only settled images is never polled', async () => {
    await setSettings({ profiles: ['demo-prod'], regions: ['eu-west-1'] });
    await waitFor('prod images', async () => (await labelsAt(api, 'demo-prod', 'eu-west-1', 'Private')).includes('prod-eu-main'));
    await emulator.resetLog();
    await sleep(4000);
    assert.strictEqual(api.app.poller.trackedCount, 0);
    assert.strictEqual(api.app.poller.isScheduled, false);
    assert.deepStrictEqual(await polls(), []);
  });

  test('transitional images are polled while visible, and not at all while the view is hidden', async () => {
    await setSettings({ profiles: ['demo-dev'], regions: ['us-east-1'] });
    await waitFor('dev images', async () => (await labelsAt(api, 'demo-dev', 'us-east-1', 'Private')).includes('state-pending'));
    assert.ok(api.app.poller.trackedCount >= 6, `tracked ${api.app.poller.trackedCount}`);
    await waitFor('a poll of a transitional image', async () => (await polls()).length > 0, 15_000);
    const polled = new Set((await polls()).flatMap((r) => (r.params!.Arns as string[]).map((arn) => arn.slice(arn.indexOf(':image/') + 7))));
    assert.ok([...polled].every((n) => n.startsWith('state-')), `only transitional images polled: ${[...polled].join()}`);
    // One DescribeImages by ARNs for all of them (one profile, one region), not one each.
    const perCall = (await polls()).map((r) => (r.params!.Arns as string[]).length);
    assert.ok(Math.max(...perCall) >= 6, `ARNs per poll: ${perCall.join()}`);

    await vscode.commands.executeCommand('workbench.view.explorer'); // another view container: ours is hidden
    await waitFor('view hidden', () => !api.app.treeView.visible);
    await sleep(500);
    await emulator.resetLog();
    await sleep(5000);
    assert.strictEqual(api.app.poller.isScheduled, false);
    assert.deepStrictEqual(await polls(), [], 'no request while hidden');

    await vscode.commands.executeCommand('workbench.view.extension.appstreamImages');
    await waitFor('polling again once visible', async () => (await polls()).length > 0, 20_000);
  });

  test('an answer to an older request (a details refresh sent before DeleteImage) does not undo DELETING', async () => {
    await setSettings({ profiles: ['demo-dev'], regions: ['us-east-1'] });
    const node = (await nodeAt(api, 'demo-dev', 'us-east-1', 'Private', 'deletable-4')).node as ImageNode;
    const sentFirst = Date.now();
    node.update({ ...node.image, State: 'DELETING' }, sentFirst + 10);
    node.update({ ...node.image, State: 'AVAILABLE' }, sentFirst);
    assert.strictEqual(node.image.State, 'DELETING');
    assert.ok(node.isTransitional && api.app.poller.trackedCount > 0, 'still followed');
    await vscode.commands.executeCommand('appstreamImages.refresh', node.group);
  });
});

