// Managed image updates inside VS Code: Check for Updates on an image, the Private group, a region
// and from the palette (one CreateUpdatedImage dry run per own AVAILABLE image, only when asked);
// "update available" in the row, its menu facet and the details panel; Create Updated Image… from
// the tree, the panel and the palette, each cancel sending nothing, and AWS's refusals explained.
// Requests are counted at the emulator; prompts are answered through the extension's `ui`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { CheckSummary } from '../../../src/services/updateService';
import type { ImageNode } from '../../../src/tree/imageNode';
import type { ImageDetailsPanel } from '../../../src/webview/imageDetailsPanel';
import { answerPrompts, children, emulator, extensionApi, labelsAt, nodeAt, requestsSettled, restorePrompts, setSettings, waitFor } from './helpers';

const REGION = 'us-east-1';
/** The seed's own AVAILABLE images of demo-dev in us-east-1 with an update (test/emulator/README.md). */
const WITH_UPDATE = ['deletable-4', 'in-use-by-fleet', 'managed-software', 'many-apps', 'outdated-agent', 'platform-windows-server-2019'];

suite('updates: Check for Updates and Create Updated Image…', function () {
  this.timeout(180_000);
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await extensionApi();
    await setSettings({ profiles: ['demo-dev'], regions: [REGION] });
    await vscode.commands.executeCommand('workbench.view.extension.appstreamImages');
  });
  setup(async () => {
    await emulator.reset();
    await emulator.config({ updateDelayMs: 1500 });
    await vscode.commands.executeCommand('appstreamImages.refresh');
    await labelsAt(api, 'demo-dev', REGION, 'Private');
    await requestsSettled();
  });
  teardown(async () => {
    restorePrompts(api);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  suiteTeardown(async () => {
    await emulator.reset();
    await setSettings({ profiles: [], regions: [] });
  });

  const privateNode = async () => (await nodeAt(api, 'demo-dev', REGION, 'Private')).node;
  const rows = async () => children(api, await privateNode());
  const row = async (name: string) => (await rows()).find((r) => r.label === name);
  const node = async (name: string) => (await row(name))!.node as ImageNode;
  const check = async (arg?: unknown) => (await vscode.commands.executeCommand('appstreamImages.checkForUpdates', arg)) as CheckSummary | undefined;
  const create = async (arg?: unknown) => (await vscode.commands.executeCommand('appstreamImages.createUpdatedImage', arg)) as { ref: { name: string } } | undefined;
  const updates = async () => (await emulator.requests('CreateUpdatedImage')).filter((r) => (r.params as { dryRun?: boolean }).dryRun !== true);

  test('nothing is checked on a plain expand; the menus match the facets', async () => {
    assert.strictEqual((await emulator.requests('CreateUpdatedImage')).length, 0, 'listing and expanding send no dry run');
    assert.ok((await rows()).every((r) => !/update available/.test(r.description) && !/updateAvailable/.test(r.contextValue)));
    assert.match((await row('deletable-1'))!.contextValue, /;updatable\b/);
    assert.doesNotMatch((await row('state-pending'))!.contextValue, /;updatable\b/);
    const menus = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as { contributes: { menus: Record<string, { command: string; when?: string }[]> } }).contributes.menus['view/item/context'];
    const when = (cmd: string) => menus.find((m) => m.command === cmd)?.when ?? '';
    assert.match(when('appstreamImages.checkForUpdates'), /image\.\*;updatable\|group;private\$\|region\$/);
    assert.match(when('appstreamImages.createUpdatedImage'), /viewItem =~ \/\^image\.\*;updateAvailable\//);
  });

  test('on the Private group: one dry run per own AVAILABLE image, "update available" in those rows, a summary', async () => {
    const calls = answerPrompts(api, {});
    const own = (await rows()).filter((r) => /;updatable\b/.test(r.contextValue)).length;
    const summary = await check(await privateNode());
    assert.strictEqual(summary?.checked, own);
    assert.strictEqual(summary?.available, WITH_UPDATE.length);
    const dryRuns = await emulator.requests('CreateUpdatedImage');
    assert.strictEqual(dryRuns.length, own);
    assert.ok(dryRuns.every((r) => (r.params as { dryRun?: boolean }).dryRun === true));
    await waitFor('rows redrawn', async () => (await rows()).filter((r) => /update available/.test(r.description)).length === WITH_UPDATE.length);
    const shown = (await rows()).filter((r) => /update available/.test(r.description)).map((r) => r.label).sort();
    assert.deepStrictEqual(shown, WITH_UPDATE);
    assert.match((await row('many-apps'))!.contextValue, /;updateAvailable\b/);
    assert.doesNotMatch((await row('deletable-1'))!.contextValue, /;updateAvailable\b/);
    await waitFor('the summary', () => calls.some((c) => c.kind === 'showInformationMessage' && new RegExp(`^6 of ${own} images have an update\\.`).test(c.message)));
    // Cached until a refresh: a second look sends nothing, a refresh forgets.
    await emulator.resetLog();
    await rows();
    assert.strictEqual((await emulator.requests('CreateUpdatedImage')).length, 0);
    await vscode.commands.executeCommand('appstreamImages.refresh');
    await waitFor('forgotten after refresh', async () => (await rows()).every((r) => !/update available/.test(r.description)));
  });

  test('on one image and on the region node; the details panel says it and offers Create Updated Image…', async () => {
    answerPrompts(api, {});
    const one = await check(await node('outdated-agent'));
    assert.strictEqual(one?.checked, 1);
    assert.strictEqual(one?.available, 1);
    const panel = (await vscode.commands.executeCommand('appstreamImages.showImageDetails', await node('outdated-agent'))) as ImageDetailsPanel;
    await waitFor('the panel says update available', () => panel.current?.update?.available === true);
    assert.match(panel.current?.update?.text ?? '', /^update available/);
    await emulator.resetLog();
    const region = await check((await nodeAt(api, 'demo-dev', REGION)).node);
    assert.ok((region?.checked ?? 0) > 1);
    assert.strictEqual((await emulator.requests('CreateUpdatedImage')).length, region?.checked);
    // From the panel's button: the same flow (cancelled at the name here: nothing sent).
    await emulator.resetLog();
    const calls = answerPrompts(api, { showInputBox: [undefined] });
    await (panel as unknown as { onMessage(m: unknown): Promise<void> }).onMessage({ type: 'createUpdatedImage' });
    assert.ok(calls.some((c) => c.kind === 'showInputBox' && /Create updated image of "outdated-agent": name of the new image/.test(c.message)));
    assert.strictEqual((await updates()).length, 0);
  });

  test('each cancel path sends no CreateUpdatedImage', async () => {
    await check(await node('deletable-4'));
    await emulator.resetLog();
    const paths = [
      { showInputBox: [undefined] },
      { showInputBox: ['deletable-4-new', undefined] },
      { showInputBox: ['deletable-4-new', '', undefined] },
      { showInputBox: ['deletable-4-new', '', ''], showQuickPick: [undefined] },
      { showInputBox: ['deletable-4-new', '', ''], showQuickPick: ['Do not copy tags'], showWarningMessage: [undefined] },
    ];
    for (const answers of paths) {
      answerPrompts(api, answers);
      assert.strictEqual(await create(await node('deletable-4')), undefined);
    }
    assert.strictEqual((await emulator.requests('CreateUpdatedImage')).length, 0);
    const identityChecks = (await emulator.requests('DescribeImages')).filter((r) => JSON.stringify(r.params).includes('image/deletable-4'));
    assert.deepStrictEqual(identityChecks, [], 'not even the identity check');
  });

  test('create from the tree: AWS\'s facts before the yes, the new image PENDING in Private, followed to AVAILABLE', async () => {
    await check(await node('outdated-agent'));
    await emulator.resetLog();
    const calls = answerPrompts(api, { showInputBox: ['outdated-agent-v2', 'Outdated agent v2', ''], showQuickPick: ['Copy tags too'], showWarningMessage: ['Create Updated Image'] });
    const made = await create(await node('outdated-agent'));
    assert.strictEqual(made?.ref.name, 'outdated-agent-v2');
    const modal = calls.find((c) => c.kind === 'showWarningMessage')!;
    assert.match(modal.message, /Create "outdated-agent-v2" from "outdated-agent" with the latest updates in demo-dev \(111111111111\), us-east-1\?/);
    assert.match(modal.detail ?? '', /image builder.*billed.*"Image builders" quota.*at most 5.*several hours/);
    assert.strictEqual((await updates()).length, 1);
    const pending = await row('outdated-agent-v2');
    assert.match(pending?.description ?? '', /PENDING|CREATING/);
    await waitFor('AVAILABLE', async () => /AVAILABLE/.test((await row('outdated-agent-v2'))?.description ?? ''), 30_000);
    await waitFor('said AVAILABLE', () => calls.some((c) => c.kind === 'showInformationMessage' && /"outdated-agent-v2" is AVAILABLE/.test(c.message)));
  });

  test('a failing update ends FAILED, explained; a taken name is explained with what to do', async () => {
    const calls = answerPrompts(api, {
      showInputBox: ['managed-software-v2', '', '', 'deletable-1', '', ''],
      showQuickPick: ['Do not copy tags', 'Do not copy tags'],
      showWarningMessage: ['Create Updated Image', 'Create Updated Image'],
    });
    await create(await node('managed-software'));
    await waitFor('FAILED', async () => /FAILED/.test((await row('managed-software-v2'))?.description ?? ''), 30_000);
    await waitFor('explained', () => calls.some((c) => c.kind === 'showErrorMessage' && /"managed-software-v2" ended FAILED \(IMAGE_UPDATE_FAILURE/.test(c.message)));
    assert.strictEqual(await create(await node('outdated-agent')), undefined);
    await waitFor('the name taken explained', () =>
      calls.some((c) => c.kind === 'showErrorMessage' && /already exists.*choose another name for the updated image/.test(c.message)),
    );
  });

  test('from the palette: a pick of the own AVAILABLE images', async () => {
    const calls = answerPrompts(api, { showQuickPick: ['deletable-4'], showInputBox: [undefined] });
    assert.strictEqual(await create(), undefined);
    const pick = calls.find((c) => c.kind === 'showQuickPick')!;
    assert.ok(pick.items.includes('deletable-4') && !pick.items.includes('state-pending') && !pick.items.includes('failed-copy'), pick.items.join(', '));
    assert.strictEqual((await emulator.requests('CreateUpdatedImage')).length, 0);
  });
});
