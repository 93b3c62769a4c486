import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { AppStreamClient, DeleteImageCommand } from '@aws-sdk/client-appstream';
import type { ExtensionApi } from '../../../src/extension';
import type { ImageNode } from '../../../src/tree/imageNode';
import { answerPrompts, freshDevTreeEachTest, children, emulator, labelsAt, nodeAt, setSettings, sleep, waitFor, DEV } from './helpers';

const REGION = 'us-east-1';

/** Another client (the console, a colleague) acting on the same account behind our back. */
function otherClient(): AppStreamClient {
  const seedFile = path.resolve(__dirname, '../../../../test/emulator/seed.json');
  const seed = JSON.parse(fs.readFileSync(seedFile, 'utf8')) as { accounts: { profile: string; accessKeyId: string; secretAccessKey: string }[] };
  const dev = seed.accounts.find((a) => a.profile === 'demo-dev')!;
  return new AppStreamClient({
    region: REGION,
    endpoint: process.env.APPSTREAM_EMULATOR_URL,
    credentials: { accessKeyId: dev.accessKeyId, secretAccessKey: dev.secretAccessKey },
  });
}

suite('delete: confirm, call DeleteImage once, follow until gone, explain failures', function () {
  this.timeout(120_000);
  let api: ExtensionApi;

  async function imageNode(name: string): Promise<ImageNode> {
    const shown = await nodeAt(api, 'demo-dev', REGION, 'Private', name);
    return shown.node as ImageNode;
  }

  async function deletes() {
    return emulator.requests('DeleteImage');
  }

  const devTree = freshDevTreeEachTest(REGION);
  suiteSetup(() => {
    api = devTree();
  });


  test('cancelling the confirmation sends no DeleteImage; the modal names image, account and region', async () => {
    const calls = answerPrompts(api, { showWarningMessage: [undefined] });
    await vscode.commands.executeCommand('appstreamImages.deleteImage', await imageNode('deletable-1'));
    assert.strictEqual((await deletes()).length, 0);
    const modal = calls.find((c) => c.kind === 'showWarningMessage')!;
    assert.match(modal.message, /Delete image "deletable-1" in demo-dev \(111111111111\), us-east-1\?/);
    assert.match(modal.detail ?? '', /cannot be undone/);
    assert.deepStrictEqual(modal.items, ['Delete']);
    // The usage look-up ran before asking.
    assert.strictEqual((await emulator.requests('DescribeFleets')).length, 1);
    assert.strictEqual((await emulator.requests('DescribeImageBuilders')).length, 1);
  });

  test('confirming sends exactly one DeleteImage; the tree shows DELETING at once, then the image is gone', async () => {
    answerPrompts(api, { showWarningMessage: ['Delete'] });
    await vscode.commands.executeCommand('appstreamImages.deleteImage', await imageNode('deletable-2'));
    const sent = await deletes();
    assert.strictEqual(sent.length, 1);
    assert.deepStrictEqual(sent[0].params, { Name: 'deletable-2' });
    assert.strictEqual(sent[0].accountId, DEV);
    assert.strictEqual(sent[0].region, REGION);
    assert.strictEqual(sent[0].status, 200);

    const shown = await nodeAt(api, 'demo-dev', REGION, 'Private', 'deletable-2');
    assert.match(shown.description, /DELETING/);
    assert.strictEqual((shown.item.iconPath as vscode.ThemeIcon).id, 'loading~spin');
    assert.ok(!/deletable/.test(shown.contextValue), 'no second delete offered');

    await waitFor('deletable-2 gone from the tree', async () => !(await labelsAt(api, 'demo-dev', REGION, 'Private')).includes('deletable-2'), 30_000);
    assert.strictEqual((await deletes()).length, 1, 'still exactly one DeleteImage');
    const polls = (await emulator.requests('DescribeImages')).filter((r) => JSON.stringify(r.params).includes('deletable-2'));
    assert.ok(polls.length >= 1, 'followed by DescribeImages polls');
  });

  test('with deleteConfirmation = typeName the user types the name', async () => {
    await setSettings({ deleteConfirmation: 'typeName' });
    try {
      const wrong = answerPrompts(api, { showInputBox: ['deletable-'] });
      await vscode.commands.executeCommand('appstreamImages.deleteImage', await imageNode('deletable-3'));
      assert.strictEqual((await deletes()).length, 0, 'a wrong name deletes nothing');
      assert.match(wrong[0].detail ?? '', /Type "deletable-3" to confirm/);
      answerPrompts(api, { showInputBox: ['deletable-3'] });
      await vscode.commands.executeCommand('appstreamImages.deleteImage', await imageNode('deletable-3'));
      assert.strictEqual((await deletes()).length, 1);
    } finally {
      await setSettings({ deleteConfirmation: 'button' });
    }
  });

  test('the confirmation lists the workspace templates that reference the image (file:line), with the button and with the typed name', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the runner opens a workspace folder');
    const dir = path.join(folder.uri.fsPath, 'delete-refs');
    fs.mkdirSync(dir, { recursive: true });
    // A fleet naming deletable-1 (line 6) and a Terraform builder giving its ARN (line 3); a comment naming it is no reference.
    fs.writeFileSync(
      path.join(dir, 'fleet.yaml'),
      ['Resources:', '  # deletable-1 is the old one', '  Fleet:', '    Type: AWS::AppStream::Fleet', '    Properties:', '      ImageName: deletable-1', ''].join('\n'),
    );
    fs.writeFileSync(
      path.join(dir, 'builder.tf'),
      ['resource "aws_appstream_image_builder" "b" {', '  name      = "b"', `  image_arn = "arn:aws:appstream:${REGION}:${DEV}:image/deletable-1"`, '}', ''].join('\n'),
    );
    try {
      const calls = answerPrompts(api, { showWarningMessage: [undefined] });
      await vscode.commands.executeCommand('appstreamImages.deleteImage', await imageNode('deletable-1'));
      const modal = calls.find((c) => c.kind === 'showWarningMessage')!;
      assert.match(modal.detail ?? '', /Workspace files that reference it:\n• delete-refs\/builder\.tf:3\n• delete-refs\/fleet\.yaml:6\n/);
      assert.doesNotMatch(modal.detail ?? '', /stopped after/);
      assert.strictEqual((await deletes()).length, 0);

      await setSettings({ deleteConfirmation: 'typeName' });
      const typed = answerPrompts(api, { showInputBox: [undefined] });
      await vscode.commands.executeCommand('appstreamImages.deleteImage', await imageNode('deletable-1'), [await imageNode('deletable-1'), await imageNode('deletable-2')]);
      assert.match(typed[0].detail ?? '', /Workspace files that reference these images:\n• delete-refs\/builder\.tf:3 — deletable-1\n• delete-refs\/fleet\.yaml:6 — deletable-1\n[\s\S]*Type "delete 2 images" to confirm/);
      assert.strictEqual((await deletes()).length, 0);
    } finally {
      await setSettings({ deleteConfirmation: 'button' });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an image in use by a fleet or a builder is not offered for deletion; it says what uses it (shared only: sharing.test.ts)', async () => {
    for (const [name, what] of [
      ['in-use-by-fleet', /demo-fleet \(RUNNING|demo-fleet \(/],
      ['in-use-by-fleet-arn', /demo-fleet-arn/],
      ['in-use-by-builder', /demo-builder/],
    ] as const) {
      const calls = answerPrompts(api, { showWarningMessage: [undefined] });
      await vscode.commands.executeCommand('appstreamImages.deleteImage', await imageNode(name));
      const modal = calls.find((c) => c.kind === 'showWarningMessage');
      assert.ok(modal, `${name}: a message`);
      assert.match(modal.message, /Nothing can be deleted/);
      assert.match(modal.detail ?? '', what, `${name}: ${modal.detail}`);
      assert.deepStrictEqual(modal.items, ['Show Details']);
    }
    assert.strictEqual((await deletes()).length, 0);
  });

  test('an image deleted meanwhile by someone else: "already deleted", and it leaves the tree', async () => {
    const stale = await imageNode('deletable-4');
    await otherClient().send(new DeleteImageCommand({ Name: 'deletable-4' }));
    await sleep(2000); // gone at the emulator; our tree still shows it AVAILABLE
    await emulator.resetLog();
    const calls = answerPrompts(api, { showWarningMessage: ['Delete'] });
    await vscode.commands.executeCommand('appstreamImages.deleteImage', stale);
    // The bound delete describes the confirmed ARN first: gone, so no DeleteImage is sent at all.
    assert.strictEqual((await deletes()).length, 0);
    const info = calls.find((c) => c.kind === 'showInformationMessage');
    assert.match(info?.message ?? '', /no longer exists.*already deleted/);
    assert.ok(!(await labelsAt(api, 'demo-dev', REGION, 'Private')).includes('deletable-4'));
  });

  test('a delete already under way elsewhere: ConcurrentModification explained, with a Retry', async () => {
    await emulator.config({ deleteDelayMs: 60_000 });
    const stale = await imageNode('deletable-5');
    await otherClient().send(new DeleteImageCommand({ Name: 'deletable-5' }));
    await emulator.resetLog();
    const calls = answerPrompts(api, { showWarningMessage: ['Delete', undefined] });
    await vscode.commands.executeCommand('appstreamImages.deleteImage', stale);
    const sent = await deletes();
    assert.strictEqual(sent.length, 1);
    assert.strictEqual(sent[0].errorCode, 'ConcurrentModificationException');
    const warning = calls.filter((c) => c.kind === 'showWarningMessage')[1];
    assert.match(warning.message, /being changed by another operation/);
    assert.deepStrictEqual(warning.items, ['Retry']);
  });

  test('an image this account does not own, presented as own by stale data: nothing sent, both accounts named', async () => {
    // A shared-with-me image (account 222222222222) that stale data presented as our own.
    const arn = `arn:aws:appstream:${REGION}:222222222222:image/prod-shared-with-dev`;
    const calls = answerPrompts(api, { showWarningMessage: ['Delete'] });
    await vscode.commands.executeCommand('appstreamImages.deleteImage', {
      ref: { profile: 'demo-dev', region: REGION, arn, name: 'prod-shared-with-dev' },
      image: { Name: 'prod-shared-with-dev', Arn: arn, Visibility: 'PRIVATE', State: 'AVAILABLE' },
    });
    assert.strictEqual((await deletes()).length, 0, 'the check before DeleteImage caught it');
    const error = calls.find((c) => c.kind === 'showErrorMessage');
    assert.match(error?.message ?? '', /now signs in to account 111111111111; the image you confirmed, "prod-shared-with-dev", is in account 222222222222\. Nothing was deleted/);
  });

  test('shared and public images are never offered: no request at all', async () => {
    const shared = (await children(api, (await nodeAt(api, 'demo-dev', REGION, 'Shared with me')).node))[0];
    const calls = answerPrompts(api, { showWarningMessage: ['Delete'] });
    await vscode.commands.executeCommand('appstreamImages.deleteImage', shared.node);
    assert.strictEqual((await deletes()).length, 0);
    assert.match(calls[0].message, /Only images your account owns can be deleted/);
  });

  test('several at once: one confirmation listing them, then a summary of what was deleted and what was not', async () => {
    const nodes = [await imageNode('deletable-1'), await imageNode('deletable-3'), await imageNode('in-use-by-builder')];
    const calls = answerPrompts(api, { showWarningMessage: ['Delete 2 Images', undefined] });
    await vscode.commands.executeCommand('appstreamImages.deleteImage', nodes[0], nodes);
    const confirmations = calls.filter((c) => c.kind === 'showWarningMessage');
    assert.match(confirmations[0].message, /Delete 2 images\?/);
    assert.match(confirmations[0].detail ?? '', /deletable-1[\s\S]*deletable-3/);
    assert.match(confirmations[0].detail ?? '', /in-use-by-builder: image builders demo-builder/);
    const sent = await deletes();
    assert.deepStrictEqual(sent.map((r) => (r.params as { Name: string }).Name).sort(), ['deletable-1', 'deletable-3']);
    assert.match(confirmations[1].message, /Deleted 2 of 3 images\. 1 failed\./);
    assert.match(confirmations[1].detail ?? '', /in-use-by-builder/);
  });

  test('a second invocation while the first is still asking sends nothing more', async () => {
    let asked = 0;
    api.ui.showWarningMessage = (async (..._args: unknown[]) => {
      asked++;
      await sleep(500);
      return 'Delete';
    }) as typeof api.ui.showWarningMessage;
    const infos: string[] = [];
    api.ui.showInformationMessage = (async (message: string) => {
      infos.push(message);
      return undefined;
    }) as typeof api.ui.showInformationMessage;
    const node = await imageNode('deletable-2');
    await Promise.all([
      vscode.commands.executeCommand('appstreamImages.deleteImage', node),
      sleep(50).then(() => vscode.commands.executeCommand('appstreamImages.deleteImage', node)),
    ]);
    assert.strictEqual(asked, 1, 'asked once');
    assert.strictEqual((await deletes()).length, 1, 'one DeleteImage');
    assert.ok(infos.some((m) => /Already being deleted: deletable-2/.test(m)), infos.join(' | '));
  });

  test('from the palette: a quick pick of deletable images across the view', async () => {
    const calls = answerPrompts(api, { showQuickPick: ['deletable-4'], showWarningMessage: [undefined] });
    await vscode.commands.executeCommand('appstreamImages.deleteImage');
    const pick = calls.find((c) => c.kind === 'showQuickPick')!;
    assert.ok(pick.items.includes('deletable-4') && pick.items.includes('failed-image-with-errors'));
    assert.ok(!pick.items.includes('state-deleting'), 'DELETING images are not offered');
    assert.ok(!pick.items.includes('prod-shared-with-dev') && !pick.items.some((i) => i.startsWith('AppStream-')), 'only own images');
    assert.strictEqual((await deletes()).length, 0, 'cancelled at the confirmation');
  });

  test('the Delete key acts on the image selected in the tree', async () => {
    const node = await imageNode('deletable-3');
    await api.app.treeView.reveal(node, { select: true, focus: true });
    await waitFor('selected', () => api.app.treeView.selection.includes(node));
    const calls = answerPrompts(api, { showWarningMessage: [undefined] });
    await vscode.commands.executeCommand('appstreamImages.deleteImage', { useSelection: true });
    assert.match(calls[0]?.message ?? '', /Delete image "deletable-3"/);
    assert.strictEqual((await deletes()).length, 0);
  });
});
