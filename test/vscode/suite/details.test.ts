import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { ImageNode } from '../../../src/tree/imageNode';
import type { ImageDetailsPanel } from '../../../src/webview/imageDetailsPanel';
import { answerPrompts, emulator, extensionApi, labelsAt, nodeAt, restorePrompts, setSettings, waitFor } from './helpers';

const REGION = 'us-east-1';

function detailsTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && /imageDetails/.test(t.input.viewType));
}

suite('details panel in VS Code', function () {
  this.timeout(90_000);
  let api: ExtensionApi;

  async function open(name: string): Promise<ImageDetailsPanel> {
    const node = (await nodeAt(api, 'demo-dev', REGION, 'Private', name)).node as ImageNode;
    const panel = (await vscode.commands.executeCommand('appstreamImages.showImageDetails', node)) as ImageDetailsPanel;
    assert.ok(panel, 'the command returns the panel');
    return panel;
  }

  suiteSetup(async () => {
    api = await extensionApi();
    await emulator.reset();
    await emulator.config({ deleteDelayMs: 1500 });
    await setSettings({ profiles: ['demo-dev'], regions: [REGION] });
    await vscode.commands.executeCommand('workbench.view.extension.appstreamImages');
    await vscode.commands.executeCommand('appstreamImages.refresh');
  });

  teardown(() => restorePrompts(api));

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await emulator.reset();
    await setSettings({ profiles: [], regions: [] });
  });

  test('clicking a FAILED image opens its panel; the page loads under the CSP and gets the Image with its ImageErrors', async () => {
    const panel = await open('failed-image-with-errors');
    await waitFor('the webview said ready', () => panel.isReady, 30_000);
    const image = panel.current?.image as { Name: string; State: string; ImageErrors: { ErrorCode: string }[]; StateChangeReason?: { Code: string } };
    assert.strictEqual(image.Name, 'failed-image-with-errors');
    assert.strictEqual(image.State, 'FAILED');
    assert.ok(image.ImageErrors.length >= 2, JSON.stringify(image.ImageErrors));
    assert.ok(image.StateChangeReason?.Code);
    assert.match(panel.panel.title, /^Image: /);
    const tab = detailsTabs().find((t) => t.label === panel.panel.title);
    assert.ok(tab, `a tab ${panel.panel.title} among ${detailsTabs().map((t) => t.label).join(', ')}`);
  });

  test('opening it again reveals the same panel; another image gets its own', async () => {
    const first = await open('failed-image-with-errors');
    const again = await open('failed-image-with-errors');
    assert.strictEqual(again, first);
    const other = await open('many-apps');
    assert.notStrictEqual(other, first);
    await waitFor('two details tabs', () => detailsTabs().length === 2, 10_000);
  });

  test('for an own image it loads the accounts the image is shared with', async () => {
    const panel = await open('shared-with-prod');
    await waitFor('sharing loaded', () => panel.current?.sharedWith);
    assert.deepStrictEqual(panel.current?.sharedWith?.map((s) => s.sharedAccountId), ['222222222222']);
  });

  test('after a delete the open panel shows the Image DeleteImage returned (DELETING), then that it is gone', async () => {
    const panel = await open('deletable-1');
    answerPrompts(api, { showWarningMessage: ['Delete'] });
    await vscode.commands.executeCommand('appstreamImages.deleteImage', (await nodeAt(api, 'demo-dev', REGION, 'Private', 'deletable-1')).node);
    assert.strictEqual((panel.current?.image as { State: string }).State, 'DELETING');
    await waitFor('panel says gone', () => panel.current?.gone, 30_000);
    assert.ok(!(await labelsAt(api, 'demo-dev', REGION, 'Private')).includes('deletable-1'));
  });
});
