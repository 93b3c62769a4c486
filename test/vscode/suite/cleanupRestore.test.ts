// The cleanup report after a window reload, inside VS Code: the serializer VS Code calls is
// registered for the report's view type; a saved report comes back marked as an older scan, its
// "Delete selected…" still goes through the bound delete (a row of an image re-created since
// deletes nothing), Scan Again replaces it with a scan of now; a saved state that is malformed or
// hostile gives a page that says so, as text. And the page's words are the extension's l10n table.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { CleanupScan } from '../../../src/services/cleanupService';
import type { CleanupReportData, CleanupWebviewState } from '../../../src/webview/cleanupProtocol';
import { answerPrompts, emulator, EXTENSION_ID, freshDevTreeEachTest, waitFor, DEV, PROD } from './helpers';

const REGION = 'us-east-1';
const VIEW_TYPE = 'appstreamImages.cleanupReport';
const HOSTILE = '<img src=x onerror=alert(1)>';

suite('cleanup report: restored after a window reload, words from the l10n table', function () {
  this.timeout(120_000);
  let api: ExtensionApi;

  const report = () => {
    const panel = api.cleanupReport();
    assert.ok(panel, 'the report panel is open');
    return panel;
  };

  /** A scan of demo-dev's us-east-1 and the report its page got (what the page saves with setState). */
  async function scanned(): Promise<{ scan: CleanupScan; data: CleanupReportData }> {
    const scan = await vscode.commands.executeCommand<CleanupScan | undefined>('appstreamImages.findUnusedImages', [{ profile: 'demo-dev', region: REGION }]);
    assert.ok(scan);
    const panel = report();
    await waitFor('the page rendered the scan', () => panel.isReady && panel.lastRendered?.rows === 6 && panel.lastRendered.texts.notice === '');
    return { scan, data: JSON.parse(JSON.stringify(panel.data)) as CleanupReportData };
  }

  /** What VS Code does after a reload: a new panel of the view type, handed to the registered serializer with the saved state. */
  async function reloadWith(state: unknown) {
    api.cleanupReport()?.dispose();
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Unused Images', vscode.ViewColumn.Active, {});
    await api.serializers[VIEW_TYPE].deserializeWebviewPanel(panel, state);
    const restored = report();
    assert.strictEqual(restored.panel, panel, 'the restored panel is the one VS Code gave');
    assert.ok(restored.restored);
    return restored;
  }

  const devTree = freshDevTreeEachTest(REGION);
  suiteSetup(() => {
    api = devTree();
  });
  suiteTeardown(() => api.cleanupReport()?.dispose());

  test('the report\'s view type has a serializer registered with VS Code and an onWebviewPanel activation event', () => {
    const events = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { activationEvents?: string[] }).activationEvents ?? [];
    assert.ok(events.includes(`onWebviewPanel:${VIEW_TYPE}`), 'activation event');
    assert.ok(api.serializers[VIEW_TYPE], 'the extension has a serializer for it');
    // VS Code refuses a second serializer for a view type: ours is the one it calls after a reload.
    assert.throws(() => vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, { deserializeWebviewPanel: async () => undefined }), /already registered/);
  });

  test('the page\'s words are the host\'s l10n table: heading, column headers, buttons, the reasons in the user\'s language', async () => {
    await scanned();
    const panel = report();
    const s = panel.strings;
    assert.strictEqual(s.title, vscode.l10n.t('Unused images'));
    const texts = panel.lastRendered!.texts;
    assert.strictEqual(texts.heading, s.title);
    assert.deepStrictEqual(texts.columns, [
      s.colAccount, s.colRegion, s.colOwnImages, s.colCandidates, s.colQuota, s.colFreeNow, s.colFreeAfter,
      s.colAccount, s.colRegion, s.colImage, s.colFamily, `${s.colAge} ▼`, s.colState, s.colWhy,
    ]);
    assert.deepStrictEqual(texts.buttons, [s.exportCsv, s.exportJson, s.deleteSelected.replace('{0}', '0'), s.scanAgain]);
    const row = panel.data!.rows.find((r) => r.name === 'deletable-3');
    assert.deepStrictEqual([row?.reasonText, row?.why], [vscode.l10n.t('tagged {0}={1}', 'keep', 'until-2027'), 'tagged keep=until-2027'], 'shown in the user\'s language; exported in English');
  });

  test('a saved report comes back marked as the older scan it is; Delete selected… goes through the bound delete (a row of an image re-created since deletes nothing); Scan Again makes it a scan of now', async () => {
    const { scan, data } = await scanned();
    const one = data.rows.find((r) => r.name === 'deletable-1')!;
    const two = data.rows.find((r) => r.name === 'deletable-2')!;
    // As if deletable-1 had been deleted and made again under its name since the scan: the saved
    // row's creation time is not the image's any more.
    one.createdTime = new Date(Date.parse(one.createdTime!) - 86_400_000).toISOString();
    const state: CleanupWebviewState = { version: 1, data, showKept: false, sort: { column: 'name', descending: false }, selected: [one.key, two.key] };
    const panel = await reloadWith(state);
    assert.strictEqual(panel.scan, undefined, 'no scan of this session behind it');
    await waitFor('the page rendered the restored report', () => panel.isReady && panel.lastRendered?.texts.notice !== '' && panel.lastRendered?.rows === 6);
    const scannedAt = new Date(scan.scannedAt);
    assert.match(panel.lastRendered!.texts.notice, /^Restored after a window reload: this is the scan of .+, and images may have changed since\. Scan Again for a current report\./);
    assert.ok(panel.lastRendered!.texts.notice.includes(String(scannedAt.getFullYear())), 'says when it was scanned');
    assert.deepStrictEqual([...panel.lastRendered!.names].sort(), scan.rows.filter((r) => r.candidate).map((r) => r.name).sort());
    assert.ok(panel.lastRendered!.texts.buttons.includes(panel.strings.scanAgain));

    answerPrompts(api, { showInputBox: ['delete 2 images'] });
    await panel.onMessage({ type: 'delete', keys: [one.key, two.key, data.rows.find((r) => !r.candidate)!.key] });
    const sent = (await emulator.requests('DeleteImage')).filter((r) => r.accountId === DEV);
    assert.deepStrictEqual(sent.map((r) => (r.params as { Name: string }).Name), ['deletable-2'], 'the re-created image is not deleted; the kept row is ignored');
    const results = Object.fromEntries(panel.data!.rows.filter((r) => r.deleteResult).map((r) => [r.name, r.deleteResult]));
    assert.strictEqual(results['deletable-2'], 'deleting (DeleteImage sent)');
    assert.match(results['deletable-1'] ?? '', /^not deleted: .*re-created/);

    await panel.onMessage({ type: 'rescan' });
    await waitFor('Scan Again replaced the restored report', () => !panel.restored && panel.lastRendered?.texts.notice === '');
    const now = report().scan;
    assert.ok(now, 'a scan of now');
    assert.ok(!now.rows.some((r) => r.name === 'deletable-2' && r.state === 'AVAILABLE'), 'the deleted image is no AVAILABLE candidate any more');
  });

  test('Scan Again from a restored report scans only profiles still in the view (its saved targets are not trusted)', async () => {
    const { data } = await scanned();
    // demo-prod is in the config but not in this suite's view.
    const panel = await reloadWith({ version: 1, data: { ...data, targets: [{ profile: 'demo-prod', region: REGION }] }, showKept: false, sort: { column: 'age', descending: true }, selected: [] });
    await waitFor('the page rendered the restored report', () => panel.isReady && panel.lastRendered?.texts.notice !== '');
    await emulator.resetLog();
    await panel.onMessage({ type: 'rescan' });
    await waitFor('Scan Again replaced the restored report', () => !panel.restored && panel.lastRendered?.texts.notice === '');
    const fleets = await emulator.requests('DescribeFleets');
    assert.deepStrictEqual([fleets.filter((r) => r.accountId === PROD).length, fleets.filter((r) => r.accountId === DEV).length], [0, 1], 'the view\'s demo-dev, not the saved demo-prod');
  });

  test('a malformed or hostile saved state: the page says the report could not be restored, as text, with Scan Again; nothing can be deleted from it', async () => {
    const { data } = await scanned();
    const candidate = data.rows.find((r) => r.candidate)!;
    const states: unknown[] = [
      undefined,
      'not an object',
      { version: 2, data },
      { version: 1, data: { ...data, rows: `<script>alert(1)</script>` } },
      { version: 1, data: { ...data, scannedAt: HOSTILE } },
      // A candidate that names an image of another account than its row says: not a report we made.
      { version: 1, data: { ...data, rows: [{ ...candidate, arn: candidate.arn.replace(DEV, '222222222222'), key: candidate.key.replace(DEV, '222222222222') }] } },
    ];
    for (const state of states) {
      const panel = await reloadWith(state);
      await waitFor('the page said it could not restore', () => panel.isReady && panel.lastRendered?.texts.notice.startsWith('The report could not be restored after the window reload'));
      assert.strictEqual(panel.data, undefined);
      assert.deepStrictEqual([panel.lastRendered!.texts.heading, panel.lastRendered!.texts.buttons, panel.lastRendered!.injected], [panel.strings.title, [panel.strings.scanAgain], 0]);
      await panel.onMessage({ type: 'delete', keys: [candidate.key] });
    }
    assert.strictEqual((await emulator.requests('DeleteImage')).length, 0);

    // Hostile strings in a state that reads back are shown as text.
    const hostile: CleanupReportData = {
      ...data,
      rows: data.rows.map((r) => (r.candidate ? r : { ...r, why: HOSTILE, reasonText: `${HOSTILE} <script>alert(2)</script>`, family: HOSTILE })),
      failures: [`demo-prod ${REGION}: ${HOSTILE}`],
    };
    const panel = await reloadWith({ version: 1, data: hostile, showKept: true, sort: { column: 'age', descending: true }, selected: [] });
    await waitFor('the page rendered the restored report', () => panel.isReady && panel.lastRendered?.failures.length === 1);
    assert.strictEqual(panel.lastRendered!.failures[0], `demo-prod ${REGION}: ${HOSTILE}`);
    assert.strictEqual(panel.lastRendered!.injected, 0, 'no element made of the data');
  });
});
