// "Go to Image…" (issue 15, search and pins): a quick pick over the images listed in the view; it
// can list the groups not listed yet; the chosen image is revealed in the tree and its details open.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { ImageNode } from '../../../src/tree/imageNode';
import { answerPrompts, emulator, freshDevTreeEachTest, requestsSettled, waitFor } from './helpers';

const REGION = 'us-east-1';

function detailsTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && /imageDetails/.test(t.input.viewType));
}

suite('go to image: a quick pick over the view, load more groups, reveal and details', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  const devTree = freshDevTreeEachTest(REGION);
  suiteSetup(() => {
    api = devTree();
  });
  setup(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));
  // The selection reaches the extension host as an event after the reveal resolved.
  const selected = (id: string) =>
    waitFor(`${id} selected in the tree`, () => api.app.treeView.selection.map((n) => n.id).join() === id, 10_000).catch((err: unknown) => {
      throw new Error(`${String(err)} (view visible: ${api.app.treeView.visible}; selection: ${api.app.treeView.selection.map((n) => n.id).join() || 'none'})`);
    });

  test('an image of a listed group: picked, revealed (selected in the tree) and its details open; no request to find it', async () => {
    // The setup's listing of Private shows rows after its first page: let its last page arrive before counting.
    await requestsSettled();
    await emulator.resetLog();
    const calls = answerPrompts(api, { showQuickPick: ['deletable-2'] });
    const node = (await vscode.commands.executeCommand('appstreamImages.goToImage')) as ImageNode | undefined;
    assert.ok(node, 'an image was chosen');
    assert.strictEqual(node.name, 'deletable-2');
    const [pick] = calls.filter((c) => c.kind === 'showQuickPick');
    assert.strictEqual(pick.message, 'Go to Image');
    // Private is listed by the first look; Shared with me and Public are not: one item offers them.
    assert.strictEqual(pick.items[0], '$(cloud-download) Load 2 more groups…');
    assert.ok(pick.items.includes('deletable-1') && pick.items.includes('in-use-by-fleet'), pick.items.join(', '));
    assert.ok(!pick.items.includes('prod-shared-with-dev'), 'shared images are not listed yet');
    await selected(node.id);
    await waitForTab(/Deletable 2|deletable-2/); // the panel's title is the display name
    assert.strictEqual((await emulator.requests('DescribeImages')).filter((r) => (r.params as { Type?: string })?.Type !== undefined).length, 0, 'no listing');
  });

  test('"Load 2 more groups…" lists Shared with me and Public (once each), then the pick shows them; a shared image is revealed under Shared with me', async () => {
    const calls = answerPrompts(api, { showQuickPick: ['$(cloud-download) Load 2 more groups…', 'prod-shared-with-dev'] });
    const node = (await vscode.commands.executeCommand('appstreamImages.goToImage')) as ImageNode | undefined;
    assert.strictEqual(node?.name, 'prod-shared-with-dev');
    const picks = calls.filter((c) => c.kind === 'showQuickPick');
    assert.strictEqual(picks.length, 2);
    assert.ok(!picks[1].items.some((i) => i.includes('Load')), 'nothing left to load');
    assert.ok(picks[1].items.includes('prod-shared-with-dev'), picks[1].items.join(', '));
    const listings = (await emulator.requests('DescribeImages')).map((r) => (r.params as { Type?: string })?.Type).filter(Boolean);
    assert.deepStrictEqual([...new Set(listings)].sort(), ['PUBLIC', 'SHARED']);
    assert.strictEqual(node.group.visibility, 'SHARED');
    await selected(node.id);
    await waitForTab(/prod-shared-with-dev|Prod shared/i);
  });

  test('Escape: nothing revealed, no panel', async () => {
    answerPrompts(api, { showQuickPick: [undefined] });
    assert.strictEqual(await vscode.commands.executeCommand('appstreamImages.goToImage'), undefined);
    assert.strictEqual(detailsTabs().length, 0);
  });
});

async function waitForTab(name: RegExp): Promise<void> {
  const until = Date.now() + 20_000;
  while (!detailsTabs().some((t) => name.test(t.label))) {
    assert.ok(Date.now() < until, `a details tab for ${name}: ${detailsTabs().map((t) => t.label).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
