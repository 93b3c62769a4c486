// Find Unused Images… inside VS Code: the pick of profiles and regions, the scan's requests, the
// report panel (its page renders hostile names as text), export as CSV, and deleting two
// candidates with the one typed confirmation.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { CleanupScan } from '../../../src/services/cleanupService';
import { answerPrompts, emulator, extensionApi, labelsAt, requestsSettled, restorePrompts, setSettings, waitFor, DEV, PROD } from './helpers';

const REGION = 'us-east-1';
const HOSTILE = '<img src=x onerror=alert(1)>';
const FORMULA = '=HYPERLINK("https://evil.example")';
const OLD = '2024-01-01T00:00:00.000Z';

suite('cleanup finder: scan, report, export, delete', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  let tmp: string;

  const report = () => {
    const panel = api.cleanupReport();
    assert.ok(panel, 'the report panel is open');
    return panel;
  };
  const keyOf = (scan: CleanupScan, name: string): string => {
    const row = scan.rows.find((r) => r.name === name && r.profile === 'demo-dev');
    assert.ok(row, `${name} in the report`);
    return `${row.profile}\u0000${row.arn}`;
  };

  suiteSetup(async () => {
    api = await extensionApi();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'appstream-cleanup-'));
    await setSettings({ profiles: ['demo-dev', 'demo-prod'], regions: [REGION], deleteConfirmation: 'button' });
    await vscode.commands.executeCommand('workbench.view.extension.appstreamImages');
  });

  setup(async () => {
    await emulator.reset();
    await emulator.config({ deleteDelayMs: 1500 });
    await vscode.commands.executeCommand('appstreamImages.refresh');
    await labelsAt(api, 'demo-dev', REGION, 'Private');
    await labelsAt(api, 'demo-prod', REGION, 'Private');
    // Rows show after a group's first page: let the last pages arrive before the log is reset.
    await requestsSettled();
    await emulator.resetLog();
  });

  teardown(() => restorePrompts(api));

  suiteTeardown(async () => {
    api.cleanupReport()?.dispose();
    await emulator.reset();
    await setSettings({ profiles: [], regions: [], deleteConfirmation: 'button' });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('cancelling the pick of regions scans nothing', async () => {
    const calls = answerPrompts(api, { showQuickPick: [undefined] });
    const scan = await vscode.commands.executeCommand<CleanupScan | undefined>('appstreamImages.findUnusedImages');
    assert.strictEqual(scan, undefined);
    assert.deepStrictEqual(calls.find((c) => c.kind === 'showQuickPick')?.items, ['demo-dev · us-east-1', 'demo-prod · us-east-1']);
    assert.strictEqual((await emulator.requests('DescribeFleets')).length, 0);
  });

  test('the picked region is scanned with one listing chain each and per-image checks only for those that pass; the page renders the report', async () => {
    answerPrompts(api, { showQuickPick: ['demo-dev · us-east-1'] });
    const scan = await vscode.commands.executeCommand<CleanupScan | undefined>('appstreamImages.findUnusedImages');
    assert.ok(scan);
    assert.strictEqual(scan.rows.length, 38);
    const candidates = scan.rows.filter((r) => r.candidate).map((r) => r.name).sort();
    assert.deepStrictEqual(candidates, ['deletable-1', 'deletable-2', 'failed-copy', 'failed-image-with-errors', 'platform-windows-server-2016', 'platform-windows-server-2019']);
    assert.strictEqual(scan.rows.find((r) => r.name === 'deletable-3')?.why, 'tagged keep=until-2027');
    assert.strictEqual(scan.totals.length, 1);
    assert.strictEqual(scan.totals[0].quota, 45);
    const requests = (await emulator.requests()).filter((r) => r.accountId === DEV);
    const count = (op: string) => requests.filter((r) => r.op === op).length;
    assert.deepStrictEqual(
      ['DescribeImages', 'DescribeFleets', 'DescribeImageBuilders', 'DescribeImagePermissions', 'ListTagsForResource'].map((op) => [op, count(op)]),
      [['DescribeImages', 2], ['DescribeFleets', 1], ['DescribeImageBuilders', 1], ['DescribeImagePermissions', 7], ['ListTagsForResource', 7]],
    );
    assert.strictEqual((await emulator.requests()).filter((r) => r.accountId === PROD).length, 0, 'demo-prod was not picked');
    const panel = report();
    await waitFor('the page rendered the report', () => panel.isReady && panel.lastRendered?.rows === 6);
    assert.deepStrictEqual([...(panel.lastRendered?.names ?? [])].sort(), candidates);
  });

  test('hostile strings reach the page as text; names AWS would refuse are kept, not checked; the CSV export keeps them from being formulas', async () => {
    for (const family of [HOSTILE, FORMULA]) {
      for (const n of [1, 2, 3]) {
        await emulator.addImage(DEV, REGION, { Name: `${family}-${n}`, CreatedTime: OLD, State: 'AVAILABLE' });
      }
    }
    // Another region fails with a message carrying markup: it is shown in the report's banner.
    await emulator.setFaults([{ kind: 'error', op: 'DescribeFleets', accountId: PROD, status: 400, code: 'ResourceNotFoundException', message: `gone ${HOSTILE} <script>alert(2)</script>` }]);
    const scan = await vscode.commands.executeCommand<CleanupScan | undefined>('appstreamImages.findUnusedImages', [
      { profile: 'demo-dev', region: REGION },
      { profile: 'demo-prod', region: REGION },
    ]);
    await emulator.setFaults([]);
    assert.ok(scan);
    const hostile = scan.rows.find((r) => r.name === `${HOSTILE}-1`);
    // DescribeImagePermissions refuses a name outside AWS's pattern: the image is kept, and says why.
    assert.deepStrictEqual([hostile?.candidate, hostile?.family], [false, HOSTILE]);
    assert.match(hostile?.why ?? '', /^not checked: ValidationException/);
    assert.deepStrictEqual(scan.failures.map((f) => f.profile), ['demo-prod']);
    const panel = report();
    await waitFor('the page rendered the failure', () => panel.lastRendered?.failures.length === 1);
    assert.match(panel.lastRendered!.failures[0], /^demo-prod us-east-1: ResourceNotFoundException: gone <img src=x onerror=alert\(1\)> <script>alert\(2\)<\/script>/);
    assert.strictEqual(panel.lastRendered!.injected, 0, 'no element made of the data');

    const file = vscode.Uri.file(path.join(tmp, 'report.csv'));
    answerPrompts(api, {});
    const ui = api.ui as unknown as Record<string, unknown>;
    ui.showSaveDialog = async () => file;
    await panel.onMessage({ type: 'export', format: 'csv' });
    const csv = fs.readFileSync(file.fsPath, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    assert.strictEqual(lines[0], 'profile,accountId,region,name,arn,family,ageDays,createdTime,state,candidate,why');
    assert.strictEqual(lines.length, scan.rows.length + 1);
    assert.ok(lines.some((l) => l.includes(`demo-dev,${DEV},${REGION},${HOSTILE}-1,`)), 'the hostile name as it is');
    assert.ok(lines.some((l) => l.includes(`,"'=HYPERLINK(""https://evil.example"")-1",`)), 'a formula-looking name is quoted and prefixed');
    assert.ok(!lines.some((l) => /,=/.test(l)), 'no field starts with =');

    // A cancelled save dialog writes nothing.
    fs.rmSync(file.fsPath);
    ui.showSaveDialog = async () => undefined;
    await panel.onMessage({ type: 'export', format: 'json' });
    assert.ok(!fs.existsSync(file.fsPath));
  });

  test('Delete selected: a wrong or cancelled typed confirmation deletes nothing; "delete 2 images" deletes the two candidates, one DeleteImage each', async () => {
    const scan = await vscode.commands.executeCommand<CleanupScan | undefined>('appstreamImages.findUnusedImages', [{ profile: 'demo-dev', region: REGION }]);
    assert.ok(scan);
    const panel = report();
    const keys = [keyOf(scan, 'deletable-1'), keyOf(scan, 'deletable-2'), keyOf(scan, 'deletable-4')]; // the last is kept: ignored
    const asked = answerPrompts(api, { showInputBox: ['delete 3 images', undefined] });
    await panel.onMessage({ type: 'delete', keys });
    await panel.onMessage({ type: 'delete', keys });
    assert.strictEqual((await emulator.requests('DeleteImage')).length, 0);
    const box = asked.find((c) => c.kind === 'showInputBox');
    assert.match(box?.detail ?? '', /Type "delete 2 images" to confirm/);
    assert.match(box?.detail ?? '', /deletable-1[\s\S]*deletable-2/);
    assert.doesNotMatch(box?.detail ?? '', /deletable-4/);

    answerPrompts(api, { showInputBox: ['delete 2 images'] });
    await panel.onMessage({ type: 'delete', keys });
    const sent = await emulator.requests('DeleteImage');
    assert.deepStrictEqual(sent.map((r) => (r.params as { Name: string }).Name).sort(), ['deletable-1', 'deletable-2']);
    const rows = panel.data!.rows.filter((r) => r.deleteResult);
    assert.deepStrictEqual(rows.map((r) => [r.name, r.deleteResult]).sort(), [['deletable-1', 'deleting (DeleteImage sent)'], ['deletable-2', 'deleting (DeleteImage sent)']]);
    await waitFor('the tree shows them going', async () => !(await labelsAt(api, 'demo-dev', REGION, 'Private')).includes('deletable-1'));
  });
});

suite('cleanup finder: two profiles of one account', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  // In view order: an SSO profile and a static-key profile of demo-dev's account, a role profile
  // and a static-key profile of demo-prod's.
  const PROFILES = ['sso-dev', 'demo-dev', 'role-prod', 'demo-prod'];

  suiteSetup(async () => {
    api = await extensionApi();
    await emulator.reset();
    await setSettings({ profiles: PROFILES, regions: [REGION], deleteConfirmation: 'button' });
    await vscode.commands.executeCommand('workbench.view.extension.appstreamImages');
    await vscode.commands.executeCommand('appstreamImages.refresh');
  });

  teardown(() => restorePrompts(api));

  suiteTeardown(async () => {
    api.cleanupReport()?.dispose();
    await emulator.reset();
    await setSettings({ profiles: [], regions: [], deleteConfirmation: 'button' });
  });

  test('each account is scanned once, through the first of its profiles in view; the report names the profiles skipped as duplicates', async () => {
    // The tree learns demo-dev's and demo-prod's accounts from their own images' ARNs; role-prod's
    // assumed-role credentials name theirs (sso-dev's account is learned from its images too).
    for (const profile of ['sso-dev', 'demo-dev', 'demo-prod']) {
      await labelsAt(api, profile, REGION, 'Private');
    }
    await emulator.resetLog();
    const calls = answerPrompts(api, { showQuickPick: [PROFILES.map((p) => `${p} · ${REGION}`).join('|')] });
    const scan = await vscode.commands.executeCommand<CleanupScan | undefined>('appstreamImages.findUnusedImages');
    assert.ok(scan);
    assert.deepStrictEqual(calls.find((c) => c.kind === 'showQuickPick')?.items, PROFILES.map((p) => `${p} · ${REGION}`));
    assert.deepStrictEqual(scan.skipped, [
      { profile: 'demo-dev', region: REGION, accountId: DEV, scannedAs: 'sso-dev' },
      { profile: 'demo-prod', region: REGION, accountId: PROD, scannedAs: 'role-prod' },
    ]);
    assert.deepStrictEqual([...new Set(scan.rows.map((r) => `${r.profile} ${r.accountId}`))], [`sso-dev ${DEV}`, `role-prod ${PROD}`]);
    assert.strictEqual(scan.rows.filter((r) => r.accountId === DEV).length, 38, 'each of dev\'s images once');
    assert.deepStrictEqual(scan.totals.map((t) => t.profile), ['sso-dev', 'role-prod']);
    // One listing per account: the skipped profiles cost no DescribeImages, DescribeFleets or DescribeImageBuilders.
    const requests = await emulator.requests();
    const listings = (account: string) =>
      ['DescribeFleets', 'DescribeImageBuilders'].map((op) => requests.filter((r) => r.op === op && r.accountId === account).length).concat(
        requests.filter((r) => r.op === 'DescribeImages' && r.accountId === account && r.params?.Type === 'PRIVATE').length,
      );
    assert.deepStrictEqual(listings(DEV), [1, 1, 2]);
    assert.deepStrictEqual(listings(PROD), [1, 1, 1]);

    const panel = api.cleanupReport();
    assert.ok(panel, 'the report panel is open');
    await waitFor('the page rendered the skipped profiles', () => panel.isReady && panel.lastRendered?.skipped.length === 2);
    assert.deepStrictEqual(panel.lastRendered?.skipped, [
      `demo-dev ${REGION}: account ${DEV}, scanned through profile sso-dev`,
      `demo-prod ${REGION}: account ${PROD}, scanned through profile role-prod`,
    ]);
  });
});
