// Tags inside VS Code: the details panel reads an own image's tags once (cached until a refresh)
// and saves edits; the tree filter takes tag:Key and tag:Key=Value. Requests are counted at the
// emulator.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { ImageNode } from '../../../src/tree/imageNode';
import type { ImageDetailsPanel } from '../../../src/webview/imageDetailsPanel';
import { answerPrompts, children, emulator, freshDevTreeEachTest, labelsAt, nodeAt, waitFor, DEV } from './helpers';

const REGION = 'us-east-1';
const arnOf = (name: string) => `arn:aws:appstream:${REGION}:${DEV}:image/${name}`;

suite('tags: the details panel and the tree filter', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  const devTree = freshDevTreeEachTest(REGION);
  suiteSetup(() => {
    api = devTree();
  });
  teardown(async () => {
    await vscode.commands.executeCommand('appstreamImages.clearFilter');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function open(name: string, group = 'Private'): Promise<ImageDetailsPanel> {
    const node = (await nodeAt(api, 'demo-dev', REGION, group, name)).node as ImageNode;
    const panel = (await vscode.commands.executeCommand('appstreamImages.showImageDetails', node)) as ImageDetailsPanel;
    await waitFor(`the panel of ${name} loaded`, () => panel.current);
    return panel;
  }

  /** What the browser script posts when the user presses Save (the same handler the webview reaches). */
  async function postFromWebview(panel: ImageDetailsPanel, message: unknown): Promise<void> {
    await (panel as unknown as { onMessage(m: unknown): Promise<void> }).onMessage(message);
  }

  const count = async (op: string) => (await emulator.requests(op)).length;

  test('the panel of an own image shows its tags, read once; the panel\'s Refresh reads them again', async () => {
    const panel = await open('many-apps');
    await waitFor('tags', () => panel.current?.tags);
    assert.deepStrictEqual(panel.current?.tags, { team: 'desktop-apps', env: 'dev', 'cost-center': 'CC-1234' });
    assert.strictEqual(panel.current?.tagsEditable, true);
    assert.strictEqual(await count('ListTagsForResource'), 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await open('many-apps');
    assert.strictEqual(await count('ListTagsForResource'), 1, 'cached: reopening reads nothing');
    const again = await open('many-apps');
    await postFromWebview(again, { type: 'refresh' });
    assert.strictEqual(await count('ListTagsForResource'), 2, 'Refresh reads them again');
  });

  test('Save sends Untag and Tag after the identity check; the panel and the cache show the new tags', async () => {
    const panel = await open('many-apps');
    await waitFor('tags', () => panel.current?.tags);
    await emulator.resetLog();
    await postFromWebview(panel, { type: 'saveTags', before: panel.current!.tags, after: { team: 'desktop', env: 'dev', owner: 'me' } });
    const ops = (await emulator.requests()).filter((r) => r.op !== 'DescribeImages' || (r.params as { Arns?: string[] })?.Arns?.[0] === arnOf('many-apps')).map((r) => r.op);
    assert.deepStrictEqual(ops, ['DescribeImages', 'UntagResource', 'TagResource']);
    assert.deepStrictEqual(panel.current?.tags, { team: 'desktop', env: 'dev', owner: 'me' });
    assert.strictEqual(panel.current?.tagsError, undefined);
    assert.deepStrictEqual(api.app.tags.peek(arnOf('many-apps')), { team: 'desktop', env: 'dev', owner: 'me' });
  });

  test('tags AWS would refuse, or no change, send nothing; the panel says why', async () => {
    const panel = await open('deletable-1');
    await waitFor('tags', () => panel.current?.tags);
    await emulator.resetLog();
    await postFromWebview(panel, { type: 'saveTags', before: {}, after: { 'aws:mine': 'x' } });
    assert.match(panel.current?.tagsError ?? '', /Tags not saved: .*reserved for AWS.*nothing was sent/s);
    await postFromWebview(panel, { type: 'saveTags', before: {}, after: {} });
    assert.strictEqual(await count('TagResource') + (await count('UntagResource')), 0);
    assert.strictEqual((await emulator.requests('DescribeImages')).filter((r) => (r.params as { Arns?: string[] })?.Arns?.[0] === arnOf('deletable-1')).length, 0, 'not even the identity check');
  });

  test('a failed save (TagResource: the image gone meanwhile) is explained in the panel and the tags are read again next time', async () => {
    const panel = await open('deletable-2');
    await waitFor('tags', () => panel.current?.tags);
    await emulator.setFaults([{ kind: 'error', op: 'TagResource', code: 'ResourceNotFoundException', message: 'gone meanwhile' }]);
    try {
      await postFromWebview(panel, { type: 'saveTags', before: {}, after: { team: 'x' } });
    } finally {
      await emulator.setFaults([]);
    }
    assert.match(panel.current?.tagsError ?? '', /Tags not saved: gone meanwhile/);
    assert.strictEqual(api.app.tags.peek(arnOf('deletable-2')), undefined, 'forgotten');
  });

  test('a shared image\'s panel reads no tags (another account\'s resource)', async () => {
    const shared = await labelsAt(api, 'demo-dev', REGION, 'Shared with me');
    const panel = await open(shared[0], 'Shared with me');
    assert.strictEqual(panel.current?.tags, undefined);
    assert.strictEqual(await count('ListTagsForResource'), 0);
  });

  test('filter tag:team on demo-dev us-east-1 Private (38 images): 38 ListTagsForResource, then none for other tag terms; a refresh reads again', async () => {
    const started = Date.now();
    await vscode.commands.executeCommand('appstreamImages.filter', 'tag:team');
    const rows = await labelsAt(api, 'demo-dev', REGION, 'Private');
    const ms = Date.now() - started;
    assert.deepStrictEqual(rows, ['in-use-by-fleet', 'many-apps']);
    const first = await count('ListTagsForResource');
    assert.strictEqual(first, 38);
    console.log(`      filter tag:team on 38 images: ListTagsForResource ${first}, ${ms} ms`);
    const group = (await children(api, (await nodeAt(api, 'demo-dev', REGION)).node)).find((c) => c.label === 'Private');
    assert.match(group?.description ?? '', /2 of 38 images/);
    await vscode.commands.executeCommand('appstreamImages.filter', 'tag:team=STREAMING');
    assert.deepStrictEqual(await labelsAt(api, 'demo-dev', REGION, 'Private'), ['in-use-by-fleet']);
    await vscode.commands.executeCommand('appstreamImages.filter', 'windows tag:keep=true');
    assert.deepStrictEqual(await labelsAt(api, 'demo-dev', REGION, 'Private'), ['platform-windows-server-2022']);
    assert.strictEqual(await count('ListTagsForResource'), 38, 'cached');
    await vscode.commands.executeCommand('appstreamImages.refresh');
    await vscode.commands.executeCommand('appstreamImages.filter', 'fleet tag:env=prod');
    assert.deepStrictEqual(await labelsAt(api, 'demo-dev', REGION, 'Private'), ['in-use-by-fleet']);
    const fleetNamed = (await emulator.requests('ListTagsForResource')).length - 38;
    assert.ok(fleetNamed > 0 && fleetNamed <= 3, `after a refresh, only the images matching "fleet" are read: ${fleetNamed}`);
  });

  test('tags that cannot be read are said in the group; a tag saved in the panel shows under a tag filter at once', async () => {
    await emulator.setFaults([{ kind: 'error', op: 'ListTagsForResource', code: 'ResourceNotFoundException', count: 2 }]);
    await vscode.commands.executeCommand('appstreamImages.filter', 'tag:owner');
    const kids = await children(api, (await nodeAt(api, 'demo-dev', REGION, 'Private')).node);
    await emulator.setFaults([]);
    const warning = kids.find((k) => k.contextValue.startsWith('message;warning'));
    assert.ok(warning, kids.map((k) => k.label).join(', '));
    assert.match(warning.label, /tags of 2 images could not be read/);
    // Save owner=me on deletable-3: it appears under the filter without another listing of tags.
    const panel = await open('deletable-3').catch(async () => {
      await vscode.commands.executeCommand('appstreamImages.clearFilter');
      return open('deletable-3');
    });
    await waitFor('tags', () => panel.current?.tags);
    await vscode.commands.executeCommand('appstreamImages.filter', 'tag:owner');
    await labelsAt(api, 'demo-dev', REGION, 'Private');
    const before = await count('ListTagsForResource');
    await postFromWebview(panel, { type: 'saveTags', before: panel.current!.tags, after: { owner: 'me' } });
    await waitFor('deletable-3 under tag:owner', async () => (await labelsAt(api, 'demo-dev', REGION, 'Private')).includes('deletable-3'));
    assert.strictEqual(await count('ListTagsForResource'), before, 'no tags read again');
  });

  test('the filter prompt says how to filter by tags; Escape changes nothing and sends nothing', async () => {
    const calls = answerPrompts(api, { showInputBox: [undefined] });
    await vscode.commands.executeCommand('appstreamImages.filter');
    assert.match(calls[0].detail ?? '', /tag:Key or tag:Key=Value/);
    assert.strictEqual(api.app.explorer.filterText, '');
    assert.strictEqual(await count('ListTagsForResource'), 0);
  });
});
