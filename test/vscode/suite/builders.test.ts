// Image builders in VS Code: the region's "Image builders" group (loads on expand only), Start,
// Stop and Delete with their modal (a cancel sends nothing), the refusal while SNAPSHOTTING,
// Open in Browser (the streaming URL goes to openExternal and nowhere else), and the details.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { BuilderNode } from '../../../src/tree/builderNode';
import { answerPrompts, children, emulator, freshDevTreeEachTest, labelsAt, nodeAt, waitFor, DEV, type ShownNode } from './helpers';

const REGION = 'us-east-1';

suite('builders: the Image builders group, start/stop/delete, open in browser, details', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  const devTree = freshDevTreeEachTest(REGION);
  suiteSetup(() => {
    api = devTree();
  });
  setup(async () => {
    await emulator.config({ builderDelayMs: 1500 });
  });

  const builder = (name: string): Promise<ShownNode> => nodeAt(api, 'demo-dev', REGION, 'Image builders', name);
  const sent = async (op: string) => emulator.requests(op);

  test('the group sits beside the image groups, collapsed, asks nothing until expanded; then lists every builder with its state', async () => {
    const groups = await children(api, (await nodeAt(api, 'demo-dev', REGION)).node);
    assert.deepStrictEqual(groups.map((g) => g.label), ['Private', 'Shared with me', 'Public', 'Image builders', 'Export tasks']);
    const group = groups[3];
    assert.strictEqual(group.item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.strictEqual(group.contextValue, 'group;builders');
    assert.strictEqual((await sent('DescribeImageBuilders')).length, 0, 'no request before the expand');

    const rows = await children(api, group.node);
    assert.strictEqual((await sent('DescribeImageBuilders')).length, 1);
    const byName = new Map(rows.map((r) => [r.label, r]));
    for (const name of ['demo-builder', 'public-builder', 'builder-stopped-vpc', 'builder-running-linux', 'builder-pending', 'builder-snapshotting', 'builder-stopping', 'builder-updating-agent', 'builder-rebooting', 'builder-deleting', 'builder-failed']) {
      assert.ok(byName.has(name), `${name} listed: ${[...byName.keys()].join(', ')}`);
    }
    const icon = (name: string) => (byName.get(name)!.item.iconPath as vscode.ThemeIcon).id;
    assert.strictEqual(icon('demo-builder'), 'vm-running');
    assert.strictEqual(icon('public-builder'), 'vm-outline');
    assert.strictEqual(icon('builder-failed'), 'error');
    for (const spinning of ['builder-pending', 'builder-snapshotting', 'builder-updating-agent', 'builder-rebooting']) {
      assert.strictEqual(icon(spinning), 'sync~spin', spinning);
    }
    assert.strictEqual(icon('builder-stopping'), 'loading~spin');
    assert.strictEqual(icon('builder-deleting'), 'loading~spin');
    assert.match(byName.get('demo-builder')!.description, /^RUNNING · stream\.\S+ · .+ · in-use-by-builder$/);
    assert.strictEqual(byName.get('demo-builder')!.contextValue, 'builder;canConnect;canStop;hasArn;running');
    assert.strictEqual(byName.get('public-builder')!.contextValue, 'builder;canDelete;canStart;hasArn;stopped');
    assert.strictEqual(byName.get('builder-snapshotting')!.contextValue, 'builder;hasArn;snapshotting;transitional');
    const group2 = await nodeAt(api, 'demo-dev', REGION, 'Image builders');
    assert.match(group2.description, /^\d+ builders$/);
  });

  test('stop: a cancel sends nothing; yes sends one StopImageBuilder, the row goes STOPPING, then STOPPED; start brings it back', async () => {
    const calls = answerPrompts(api, { showWarningMessage: [undefined] });
    await vscode.commands.executeCommand('appstreamImages.stopImageBuilder', (await builder('demo-builder')).node);
    assert.strictEqual((await sent('StopImageBuilder')).length, 0, 'cancel: nothing sent');
    const modal = calls.find((c) => c.kind === 'showWarningMessage')!;
    assert.strictEqual(modal.message, `Stop image builder "demo-builder" in demo-dev (${DEV}), ${REGION}?`);
    assert.deepStrictEqual(modal.items, ['Stop']);

    answerPrompts(api, { showWarningMessage: ['Stop'] });
    await vscode.commands.executeCommand('appstreamImages.stopImageBuilder', (await builder('demo-builder')).node);
    const stops = await sent('StopImageBuilder');
    assert.strictEqual(stops.length, 1);
    assert.deepStrictEqual(stops[0].params, { Name: 'demo-builder' });
    assert.strictEqual(stops[0].accountId, DEV);
    const stopping = await builder('demo-builder');
    assert.match(stopping.description, /^STOPPING/);
    assert.strictEqual((stopping.item.iconPath as vscode.ThemeIcon).id, 'loading~spin');
    assert.ok(!/canStop|canDelete|canStart/.test(stopping.contextValue), 'nothing offered while it stops');
    await waitFor('STOPPED in the tree (the poller)', async () => /^STOPPED/.test((await builder('demo-builder')).description), 30_000);
    assert.strictEqual((await sent('StopImageBuilder')).length, 1, 'still one StopImageBuilder');

    answerPrompts(api, { showWarningMessage: ['Start'] });
    await vscode.commands.executeCommand('appstreamImages.startImageBuilder', (await builder('demo-builder')).node);
    assert.strictEqual((await sent('StartImageBuilder')).length, 1);
    assert.match((await builder('demo-builder')).description, /^PENDING/);
    await waitFor('RUNNING again', async () => /^RUNNING/.test((await builder('demo-builder')).description), 30_000);
  });

  test('delete refuses clearly while the builder is SNAPSHOTTING: no question, nothing sent', async () => {
    const node = (await builder('builder-snapshotting')).node;
    await emulator.resetLog();
    const calls = answerPrompts(api, {});
    await vscode.commands.executeCommand('appstreamImages.deleteImageBuilder', node);
    await vscode.commands.executeCommand('appstreamImages.stopImageBuilder', node);
    assert.deepStrictEqual(await emulator.requests(), [], 'no request at all');
    assert.ok(!calls.some((c) => c.kind === 'showWarningMessage'), 'no confirmation offered');
    const errors = calls.filter((c) => c.kind === 'showErrorMessage');
    assert.strictEqual(errors.length, 2);
    assert.match(errors[0].message, /"builder-snapshotting" is creating an image \(SNAPSHOTTING\): it cannot be deleted until that finishes\. Wait until it is STOPPED or FAILED again, then retry\./);
    assert.match(errors[1].message, /cannot be stopped until that finishes/);
  });

  test('delete: a cancel sends nothing; yes sends one DeleteImageBuilder naming builder, profile, account and region; the builder leaves the tree', async () => {
    const calls = answerPrompts(api, { showWarningMessage: [undefined] });
    await vscode.commands.executeCommand('appstreamImages.deleteImageBuilder', (await builder('public-builder')).node);
    assert.strictEqual((await sent('DeleteImageBuilder')).length, 0);
    const modal = calls.find((c) => c.kind === 'showWarningMessage')!;
    assert.strictEqual(modal.message, `Delete image builder "public-builder" in demo-dev (${DEV}), ${REGION}?`);
    assert.match(modal.detail ?? '', /cannot be undone/);

    answerPrompts(api, { showWarningMessage: ['Delete'] });
    await vscode.commands.executeCommand('appstreamImages.deleteImageBuilder', (await builder('public-builder')).node);
    assert.deepStrictEqual((await sent('DeleteImageBuilder')).map((r) => r.params), [{ Name: 'public-builder' }]);
    assert.match((await builder('public-builder')).description, /^DELETING/);
    await waitFor('public-builder gone', async () => !(await labelsAt(api, 'demo-dev', REGION, 'Image builders')).includes('public-builder'), 30_000);
  });

  test('Open in Browser: one streaming URL (short validity) to openExternal, in no notification, log or request log', async () => {
    const calls = answerPrompts(api, {});
    const opened: vscode.Uri[] = [];
    api.ui.openExternal = async (uri) => {
      opened.push(uri as vscode.Uri);
      return true;
    };
    const node = (await builder('demo-builder')).node as BuilderNode;
    await emulator.resetLog();
    const result = await vscode.commands.executeCommand('appstreamImages.openImageBuilderInBrowser', node);
    assert.strictEqual(result, true);
    assert.strictEqual(opened.length, 1);
    const url = opened[0].toString(true);
    // Never printed, not even by a failing assertion: the URL is a credential.
    assert.ok(/^https:\/\/appstream2\.us-east-1\.aws\.amazon\.com\/authenticate\?parameters=[\w-]+&signature=\S+$/.test(url), 'a streaming URL of us-east-1, passed on unchanged');
    const requests = await emulator.requests();
    assert.deepStrictEqual(requests.filter((r) => r.op === 'CreateImageBuilderStreamingURL').map((r) => r.params), [{ Name: 'demo-builder', Validity: 300 }]);
    assert.ok(!JSON.stringify(requests).includes(url), 'not in the request log');
    assert.strictEqual(calls.length, 0, 'no notification');

    // A builder that is not RUNNING: refused before any request.
    await emulator.resetLog();
    await vscode.commands.executeCommand('appstreamImages.openImageBuilderInBrowser', (await builder('builder-stopped-vpc')).node);
    assert.strictEqual(opened.length, 1);
    assert.deepStrictEqual(await emulator.requests(), []);
    assert.match(calls.find((c) => c.kind === 'showErrorMessage')?.message ?? '', /"builder-stopped-vpc" is STOPPED: it can be opened in the browser only when it is RUNNING/);
  });

  test('details: the ImageBuilderErrors in a read-only plain-text document; hostile text stays text', async () => {
    const doc = (await vscode.commands.executeCommand('appstreamImages.showImageBuilderDetails', (await builder('builder-failed')).node)) as vscode.TextDocument;
    assert.ok(doc, 'a document');
    assert.strictEqual(doc.uri.scheme, 'appstream-image-builder');
    assert.strictEqual(doc.languageId, 'plaintext');
    const text = doc.getText();
    assert.match(text, /State: FAILED/);
    assert.match(text, /State change reason: INTERNAL_ERROR The image builder could not be launched/);
    assert.match(text, /Errors \(2\)/);
    assert.match(text, /1\. SUBNET_NOT_FOUND at 2025-04-10T09:00:00\.000Z\n {3}The subnet subnet-0nothere could not be found\./);
    assert.match(text, /2\. IAM_SERVICE_ROLE_MISSING_ENI_CREATE_ACTION .*\n {3}.*<b>\(markup stays text\)<\/b>/);
    assert.match(text, /Display name: <img src=x onerror=alert\(1\)> failed builder/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
