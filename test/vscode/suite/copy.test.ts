// Copy to Regions inside VS Code: from the tree, the palette and the details panel; each copy shows
// as COPYING in its destination region and the tree's poller follows it to AVAILABLE or FAILED.
// Requests are counted at the emulator; prompts are answered through the extension's `ui`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { AppStreamClient, CopyImageCommand } from '@aws-sdk/client-appstream';
import type { ExtensionApi } from '../../../src/extension';
import type { CopyOutcome } from '../../../src/services/copyService';
import type { ImageNode } from '../../../src/tree/imageNode';
import type { ImageDetailsPanel } from '../../../src/webview/imageDetailsPanel';
import { answerPrompts, children, emulator, extensionApi, labelsAt, nodeAt, requestsSettled, restorePrompts, setSettings, waitFor } from './helpers';

const REGION = 'us-east-1';
const DEST = 'eu-west-1';

/** Another client of demo-dev (the console, a colleague) starting copies behind our back. */
function otherClient(): AppStreamClient {
  const seedFile = path.resolve(__dirname, '../../../../test/emulator/seed.json');
  const seed = JSON.parse(fs.readFileSync(seedFile, 'utf8')) as { accounts: { profile: string; accessKeyId: string; secretAccessKey: string }[] };
  const dev = seed.accounts.find((a) => a.profile === 'demo-dev')!;
  return new AppStreamClient({ region: REGION, endpoint: process.env.APPSTREAM_EMULATOR_URL, credentials: { accessKeyId: dev.accessKeyId, secretAccessKey: dev.secretAccessKey } });
}

suite('copy: Copy to Regions from the tree, the palette and the panel', function () {
  this.timeout(180_000);
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await extensionApi();
    await setSettings({ profiles: ['demo-dev'], regions: [REGION, DEST] });
    await vscode.commands.executeCommand('workbench.view.extension.appstreamImages');
  });
  setup(async () => {
    await emulator.reset();
    await emulator.config({ copyDelayMs: 1500 });
    await setSettings({ regions: [REGION, DEST] });
    await vscode.commands.executeCommand('appstreamImages.refresh');
    await labelsAt(api, 'demo-dev', REGION, 'Private');
    await labelsAt(api, 'demo-dev', DEST, 'Private');
    await requestsSettled();
    await emulator.resetLog();
  });
  teardown(async () => {
    restorePrompts(api);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  suiteTeardown(async () => {
    await emulator.reset();
    await setSettings({ profiles: [], regions: [] });
  });

  const node = async (name: string, region = REGION) => (await nodeAt(api, 'demo-dev', region, 'Private', name)).node as ImageNode;
  const copyImage = async (arg?: unknown) => (await vscode.commands.executeCommand('appstreamImages.copyImage', arg)) as CopyOutcome | undefined;
  const copies = async () => (await emulator.requests('CopyImage')).length;

  test('the context menu offers it on own AVAILABLE images only (viewItem facet copyable)', async () => {
    const rows = await children(api, (await nodeAt(api, 'demo-dev', REGION, 'Private')).node);
    const facet = (name: string) => /;copyable\b/.test(rows.find((r) => r.label === name)?.contextValue ?? '');
    assert.ok(facet('deletable-1'));
    for (const name of ['failed-image-with-errors', 'state-pending', 'state-copying', 'state-deleting']) {
      assert.ok(!facet(name), name);
    }
    const shared = await children(api, (await nodeAt(api, 'demo-dev', REGION, 'Shared with me')).node);
    assert.ok(shared.every((r) => !/;copyable\b/.test(r.contextValue)));
    const menu = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as { contributes: { menus: Record<string, { command: string; when?: string }[]> } }).contributes.menus['view/item/context'];
    assert.match(menu.find((m) => m.command === 'appstreamImages.copyImage')?.when ?? '', /viewItem =~ \/\^image\.\*;copyable\//);
  });

  test('Escape at each question sends nothing', async () => {
    const answers = [
      { showQuickPick: [undefined] },
      { showQuickPick: [DEST], showInputBox: [undefined] },
      { showQuickPick: [DEST], showInputBox: ['deletable-1', undefined] },
      { showQuickPick: [DEST, undefined], showInputBox: ['deletable-1', ''] },
    ];
    for (const a of answers) {
      answerPrompts(api, a);
      assert.strictEqual(await copyImage(await node('deletable-1')), undefined);
    }
    assert.strictEqual(await copies(), 0);
    const checks = (await emulator.requests('DescribeImages')).filter((r) => JSON.stringify(r.params).includes('image/deletable-1'));
    assert.deepStrictEqual(checks, [], 'not even the identity check');
  });

  test('copy to a region in view: COPYING in that region at once, followed by the tree\'s poller to AVAILABLE, with the tags', async () => {
    const calls = answerPrompts(api, { showQuickPick: [DEST, 'Copy tags too'], showInputBox: ['many-apps-eu', 'The EU copy'] });
    const running = copyImage(await node('many-apps'));
    await waitFor('COPYING in eu-west-1', async () => {
      const rows = await children(api, (await nodeAt(api, 'demo-dev', DEST, 'Private')).node);
      return /COPYING/.test(rows.find((r) => r.label === 'many-apps-eu')?.description ?? '');
    });
    const outcome = await running;
    assert.deepStrictEqual(outcome?.jobs.map((j) => j.state), ['available']);
    const row = (await children(api, (await nodeAt(api, 'demo-dev', DEST, 'Private')).node)).find((r) => r.label === 'many-apps-eu');
    assert.match(row?.description ?? '', /AVAILABLE/);
    assert.strictEqual(await copies(), 1);
    assert.strictEqual((await emulator.requests('TagResource')).length, 1);
    const pick = calls.find((c) => c.kind === 'showQuickPick')!;
    assert.deepStrictEqual(pick.items.slice(0, 2), [REGION, DEST], 'regions in view first');
    await waitFor('the report', () => calls.some((c) => c.kind === 'showInformationMessage' && /Copied "many-apps-eu" to eu-west-1: AVAILABLE\. Tags copied: 3/.test(c.message)));
  });

  test('a region out of view: the copy is offered to the view; Add to View shows it there', async () => {
    const calls = answerPrompts(api, { showQuickPick: ['ap-southeast-2', 'Do not copy tags'], showInputBox: ['deletable-1', ''], showInformationMessage: ['Add to View'] });
    const outcome = await copyImage(await node('deletable-1'));
    assert.deepStrictEqual(outcome?.jobs.map((j) => j.state), ['available']);
    assert.ok(calls.some((c) => c.kind === 'showInformationMessage' && /ap-southeast-2 is not in the view/.test(c.message)));
    const regions = vscode.workspace.getConfiguration('appstreamImages').get<string[]>('regions');
    assert.deepStrictEqual(regions, [REGION, DEST, 'ap-southeast-2']);
    await waitFor('deletable-1 in ap-southeast-2', async () => (await labelsAt(api, 'demo-dev', 'ap-southeast-2', 'Private')).includes('deletable-1'));
  });

  test('from the palette: a quick pick of the copyable images in view', async () => {
    const calls = answerPrompts(api, { showQuickPick: ['deletable-3', DEST, 'Do not copy tags'], showInputBox: ['deletable-3', ''] });
    const outcome = await copyImage();
    assert.deepStrictEqual(outcome?.jobs.map((j) => `${j.destination.region} ${j.destination.name} ${j.state}`), [`${DEST} deletable-3 available`]);
    const images = calls[0].items;
    assert.ok(images.includes('deletable-3') && !images.includes('failed-image-with-errors') && !images.includes('state-pending'), images.join(', '));
  });

  test('from the details panel\'s button', async () => {
    const panel = (await vscode.commands.executeCommand('appstreamImages.showImageDetails', await node('deletable-2'))) as ImageDetailsPanel;
    await waitFor('panel loaded', () => panel.current);
    answerPrompts(api, { showQuickPick: [DEST, 'Do not copy tags'], showInputBox: ['from-the-panel', ''] });
    await (panel as unknown as { onMessage(m: unknown): Promise<void> }).onMessage({ type: 'copyToRegions' });
    await waitFor('the copy', async () => (await emulator.requests('CopyImage')).length === 1);
    await waitFor('AVAILABLE in eu-west-1', async () => {
      const rows = await children(api, (await nodeAt(api, 'demo-dev', DEST, 'Private')).node);
      return /AVAILABLE/.test(rows.find((r) => r.label === 'from-the-panel')?.description ?? '');
    });
  });

  test('a name taken in the destination: explained, another name offered and copied', async () => {
    const calls = answerPrompts(api, { showQuickPick: [DEST, 'Do not copy tags'], showInputBox: ['dev-eu-app-image', '', 'dev-eu-app-image-2'], showErrorMessage: ['Choose Another Name'] });
    const outcome = await copyImage(await node('deletable-1'));
    assert.strictEqual(outcome?.jobs[0].state, 'error');
    await waitFor('the second copy', async () => (await emulator.requests('CopyImage')).filter((r) => r.status === 200).length === 1);
    const error = calls.find((c) => c.kind === 'showErrorMessage')!;
    assert.match(error.message, /already exists.*choose another name/s);
    await waitFor('dev-eu-app-image-2 in the tree', async () => (await labelsAt(api, 'demo-dev', DEST, 'Private')).includes('dev-eu-app-image-2'));
    // The second copy's batch ends with its report; the next test's emulator reset must not remove a copy still followed.
    await waitFor('the second copy\'s report', () => calls.some((c) => c.kind === 'showInformationMessage' && /Copied "dev-eu-app-image-2"/.test(c.message)));
  });

  test('a copy that fails (IMAGE_COPY_FAILURE) ends FAILED in the tree and is explained', async () => {
    await emulator.config({ copyFailures: ['doomed-copy'] });
    const calls = answerPrompts(api, { showQuickPick: [DEST, 'Do not copy tags'], showInputBox: ['doomed-copy', ''] });
    const outcome = await copyImage(await node('deletable-1'));
    assert.strictEqual(outcome?.jobs[0].state, 'failed');
    const row = (await children(api, (await nodeAt(api, 'demo-dev', DEST, 'Private')).node)).find((r) => r.label === 'doomed-copy');
    assert.match(row?.description ?? '', /FAILED/);
    await waitFor('the report', () => calls.some((c) => c.kind === 'showErrorMessage' && /IMAGE_COPY_FAILURE/.test(c.message)));
  });

  for (const [code, expected] of [
    ['IncompatibleImageException', /AWS cannot use this image for that/],
    ['InvalidAccountStatusException', /suspended or not fully set up/],
    ['ResourceNotAvailableException', /must be AVAILABLE/],
  ] as const) {
    test(`${code} from CopyImage is explained`, async () => {
      await emulator.setFaults([{ kind: 'error', op: 'CopyImage', code }]);
      try {
        const calls = answerPrompts(api, { showQuickPick: [DEST, 'Do not copy tags'], showInputBox: ['x-copy', ''] });
        const outcome = await copyImage(await node('deletable-1'));
        assert.strictEqual(outcome?.jobs[0].state, 'error');
        await waitFor('the report', () => calls.some((c) => c.kind === 'showErrorMessage' && expected.test(c.message)));
      } finally {
        await emulator.setFaults([]);
      }
    });
  }

  test('a region full of copies started elsewhere (LimitExceeded): the copy waits for a slot, then goes', async () => {
    const other = otherClient();
    for (const n of ['elsewhere-1', 'elsewhere-2']) {
      await other.send(new CopyImageCommand({ SourceImageName: 'deletable-4', DestinationImageName: n, DestinationRegion: DEST }));
    }
    answerPrompts(api, { showQuickPick: [DEST, 'Do not copy tags'], showInputBox: ['waited', ''] });
    const outcome = await copyImage(await node('deletable-1'));
    assert.strictEqual(outcome?.jobs[0].state, 'available');
    assert.ok((await emulator.requests('CopyImage')).some((r) => r.errorCode === 'LimitExceededException'));
  });
});
