// Launch an image builder and export to an AMI in VS Code: the region's "Export tasks" group
// (loads on expand only, every state drawn, ErrorDetails explained in the tooltip and the
// details), Copy AMI ID, Export to AMI… and Launch Image Builder… from image rows (each cancel
// sends nothing; yes sends one request; the new row is followed to COMPLETED / RUNNING), and an
// AWS error explained.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { answerPrompts, children, emulator, freshDevTreeEachTest, labelsAt, nodeAt, tooltipText, waitFor, DEV, type ShownNode } from './helpers';

const REGION = 'us-east-1';
const ROLE = `arn:aws:iam::${DEV}:role/AppStreamExport`;

suite('export to AMI and launch image builder', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  const devTree = freshDevTreeEachTest(REGION);
  suiteSetup(() => {
    api = devTree();
  });
  setup(async () => {
    await emulator.config({ builderDelayMs: 1500, exportDelayMs: 1500, exportFailures: [] });
  });

  const task = (name: string): Promise<ShownNode> => nodeAt(api, 'demo-dev', REGION, 'Export tasks', name);
  const image = (name: string): Promise<ShownNode> => nodeAt(api, 'demo-dev', REGION, 'Private', name);
  const sent = async (op: string) => emulator.requests(op);

  test('"Export tasks" sits after "Image builders", asks nothing until expanded; then lists every task, newest first, with its state', async () => {
    assert.deepStrictEqual(await labelsAt(api, 'demo-dev', REGION), ['Private', 'Shared with me', 'Public', 'Image builders', 'Export tasks']);
    const group = await nodeAt(api, 'demo-dev', REGION, 'Export tasks');
    assert.strictEqual(group.item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.strictEqual(group.contextValue, 'group;exportTasks');
    assert.strictEqual((await sent('ListExportImageTasks')).length, 0, 'no request before the expand');
    const rows = await children(api, group.node);
    assert.strictEqual((await sent('ListExportImageTasks')).length, 1);
    assert.deepStrictEqual(rows.map((r) => r.label), ['common-base-ami', 'ws2019-ami', 'many-apps-ami-2025-05']);
    const [timedOut, failed, completed] = rows;
    assert.strictEqual(completed.description, 'COMPLETED · ami-0a1b2c3d4e5f60718 · from many-apps');
    assert.strictEqual(completed.contextValue, 'exportTask;completed;hasAmiId');
    assert.strictEqual((completed.item.iconPath as vscode.ThemeIcon).id, 'pass');
    assert.strictEqual(failed.contextValue, 'exportTask;failed;hasErrors');
    assert.strictEqual((failed.item.iconPath as vscode.ThemeIcon).id, 'error');
    assert.strictEqual((timedOut.item.iconPath as vscode.ThemeIcon).id, 'error');
    const tip = tooltipText(failed.item);
    assert.match(tip, /Error IAM_ROLE_INVALID:\*\* The IAM role .* could not be assumed .* — AppStream could not use the IAM role: .*trust policy/);
    assert.match(tip, /Error AMI_CREATION_FAILED:\*\* The AMI <b>ws2019-ami<\/b> was not created\./);
    assert.match((await nodeAt(api, 'demo-dev', REGION, 'Export tasks')).description, /^3 tasks$/);
  });

  test('Copy AMI ID puts the COMPLETED task\'s AMI id on the clipboard; the details of a FAILED task explain each error, as text', async () => {
    await vscode.env.clipboard.writeText('');
    const copied = await vscode.commands.executeCommand('appstreamImages.copyAmiId', (await task('many-apps-ami-2025-05')).node);
    assert.strictEqual(copied, 'ami-0a1b2c3d4e5f60718');
    assert.strictEqual(await vscode.env.clipboard.readText(), 'ami-0a1b2c3d4e5f60718');

    const doc = (await vscode.commands.executeCommand('appstreamImages.showExportTaskDetails', (await task('ws2019-ami')).node)) as vscode.TextDocument;
    assert.strictEqual(doc.uri.scheme, 'appstream-export-task');
    assert.strictEqual(doc.languageId, 'plaintext');
    const text = doc.getText();
    assert.match(text, /State: FAILED/);
    assert.match(text, /Errors \(2\)/);
    assert.match(text, /1\. IAM_ROLE_INVALID\n {3}The IAM role .*\n {3}What to do: AppStream could not use the IAM role/);
    assert.match(text, /2\. AMI_CREATION_FAILED\n {3}The AMI <b>ws2019-ami<\/b> was not created\.\n {3}What to do: EC2 did not create the AMI/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Export to AMI…: a cancel sends nothing; yes sends one CreateExportImageTask; the task shows EXPORTING and is followed to COMPLETED with its AMI id', async () => {
    const many = await image('many-apps');
    assert.match(many.contextValue, /;exportable;.*;launchable;/);
    const calls = answerPrompts(api, { showInputBox: ['golden-many-apps', ROLE, '', ''], showWarningMessage: [undefined] });
    await vscode.commands.executeCommand('appstreamImages.exportImage', many.node);
    assert.strictEqual((await sent('CreateExportImageTask')).length, 0, 'cancel at the modal: nothing sent');
    assert.deepStrictEqual(calls.filter((c) => c.kind === 'showInputBox').map((c) => c.message), [
      'Export "many-apps" to an EC2 AMI (1/4): AMI name',
      'Export "many-apps" to an EC2 AMI (2/4): IAM role',
      'Export "many-apps" to an EC2 AMI (3/4): description (optional)',
      'Export "many-apps" to an EC2 AMI (4/4): tags (optional)',
    ]);
    const modal = calls.find((c) => c.kind === 'showWarningMessage')!;
    assert.strictEqual(modal.message, `Export "many-apps" of demo-dev (${DEV}), ${REGION} to an EC2 AMI named "golden-many-apps"?`);
    assert.deepStrictEqual(modal.items, ['Export']);

    answerPrompts(api, { showInputBox: [undefined] });
    await vscode.commands.executeCommand('appstreamImages.exportImage', many.node);
    assert.strictEqual((await sent('CreateExportImageTask')).length, 0, 'cancel at the first question: nothing sent');

    answerPrompts(api, { showInputBox: ['golden-many-apps', ROLE, 'golden', 'team=desktop'], showWarningMessage: ['Export'] });
    await vscode.commands.executeCommand('appstreamImages.exportImage', (await image('many-apps')).node);
    const creates = await sent('CreateExportImageTask');
    assert.deepStrictEqual(creates.map((r) => r.params), [{ ImageName: 'many-apps', AmiName: 'golden-many-apps', IamRoleArn: ROLE, AmiDescription: 'golden', TagSpecifications: { team: 'desktop' } }]);
    assert.strictEqual(creates[0].accountId, DEV);
    const exporting = await task('golden-many-apps');
    assert.match(exporting.description, /^EXPORTING · from many-apps$/);
    assert.strictEqual((exporting.item.iconPath as vscode.ThemeIcon).id, 'sync~spin');
    const done = await waitFor('COMPLETED in the tree (the poller)', async () => {
      const row = await task('golden-many-apps');
      return /^COMPLETED · ami-[0-9a-f]{17}/.test(row.description) ? row : undefined;
    }, 30_000);
    assert.match(done.contextValue, /hasAmiId/);
    assert.ok((await sent('GetExportImageTask')).length >= 1, 'followed with GetExportImageTask');
    assert.strictEqual((await sent('CreateExportImageTask')).length, 1, 'still one CreateExportImageTask');
  });

  test('Export to AMI…: an AMI name already used is AWS\'s error, explained with what to do', async () => {
    const calls = answerPrompts(api, { showInputBox: ['many-apps-ami-2025-05', ROLE, '', ''], showWarningMessage: ['Export'] });
    await vscode.commands.executeCommand('appstreamImages.exportImage', (await image('many-apps')).node);
    const creates = await sent('CreateExportImageTask');
    assert.strictEqual(creates.length, 1);
    assert.strictEqual(creates[0].errorCode, 'OperationNotPermittedException');
    const error = calls.find((c) => c.kind === 'showErrorMessage');
    assert.ok(error, 'an error shown');
    assert.match(error.message, /already exists or is being exported.*choose another AMI name/);
  });

  test('Launch Image Builder…: a cancel sends nothing; yes sends one CreateImageBuilder with the image\'s ARN; the builder shows PENDING, then RUNNING', async () => {
    const many = await image('many-apps');
    const arn = (many.node as unknown as { image: { Arn: string } }).image.Arn;
    const calls = answerPrompts(api, {
      showInputBox: ['many-apps-builder', '', ''],
      showQuickPick: ['stream.standard.medium', 'No internet access'],
      showWarningMessage: [undefined],
    });
    await vscode.commands.executeCommand('appstreamImages.launchImageBuilder', many.node);
    assert.strictEqual((await sent('CreateImageBuilder')).length, 0, 'cancel at the modal: nothing sent');
    const types = calls.find((c) => c.kind === 'showQuickPick')!;
    assert.ok(types.items.includes('stream.standard.medium'), types.items.join(', '));
    const modal = calls.find((c) => c.kind === 'showWarningMessage')!;
    assert.strictEqual(modal.message, `Launch image builder "many-apps-builder" from "many-apps" in demo-dev (${DEV}), ${REGION}?`);
    assert.match(modal.detail ?? '', /billed by the hour while it is running/);

    answerPrompts(api, { showInputBox: ['many-apps-builder'], showQuickPick: [undefined] });
    await vscode.commands.executeCommand('appstreamImages.launchImageBuilder', many.node);
    assert.strictEqual((await sent('CreateImageBuilder')).length, 0, 'cancel at the instance type: nothing sent');

    answerPrompts(api, { showInputBox: ['many-apps-builder', '', ''], showQuickPick: ['stream.standard.medium', 'No internet access'], showWarningMessage: ['Launch'] });
    await vscode.commands.executeCommand('appstreamImages.launchImageBuilder', (await image('many-apps')).node);
    const creates = await sent('CreateImageBuilder');
    assert.deepStrictEqual(creates.map((r) => r.params), [{ Name: 'many-apps-builder', ImageArn: arn, InstanceType: 'stream.standard.medium', EnableDefaultInternetAccess: false }]);
    const row = await nodeAt(api, 'demo-dev', REGION, 'Image builders', 'many-apps-builder');
    assert.match(row.description, /^PENDING/);
    await waitFor('RUNNING in the tree (the poller)', async () => /^RUNNING/.test((await nodeAt(api, 'demo-dev', REGION, 'Image builders', 'many-apps-builder')).description), 30_000);
  });

  test('Launch Image Builder…: a name already taken is AWS\'s error, explained', async () => {
    const calls = answerPrompts(api, { showInputBox: ['demo-builder', '', ''], showQuickPick: ['stream.standard.small', 'No internet access'], showWarningMessage: ['Launch'] });
    await vscode.commands.executeCommand('appstreamImages.launchImageBuilder', (await image('deletable-1')).node);
    assert.strictEqual((await sent('CreateImageBuilder'))[0]?.errorCode, 'ResourceAlreadyExistsException');
    assert.match(calls.find((c) => c.kind === 'showErrorMessage')?.message ?? '', /demo-builder.*already exists.*Choose another name/);
  });
});
