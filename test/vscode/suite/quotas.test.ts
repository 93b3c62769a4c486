// The image quota on the Private group: own images against the account's "Images" quota (Service
// Quotas, appstream2) per profile and region, from the emulator's Service Quotas, in a real tree.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { emulator, extensionApi, labelsAt, nodeAt, setSettings } from './helpers';

const REGION = 'us-east-1';

/** The tooltip as a person reads it (appendText escapes spaces and punctuation). */
function tooltipText(item: vscode.TreeItem): string {
  return (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
}

suite('quotas: own images against the image quota, per account and region', function () {
  this.timeout(120_000);
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await extensionApi();
    await emulator.reset();
    await setSettings({ profiles: ['demo-dev', 'demo-prod', 'demo-partner'], regions: [REGION] });
    await vscode.commands.executeCommand('workbench.view.extension.appstreamImages');
  });

  setup(async () => {
    await vscode.commands.executeCommand('appstreamImages.refresh');
    await emulator.resetLog();
  });

  suiteTeardown(async () => {
    await emulator.reset();
    await setSettings({ profiles: [], regions: [] });
  });

  test('demo-dev near its limit (38 of 45): "38 images · quota 45", a warning; one ListServiceQuotas per account and region', async () => {
    const own = (await labelsAt(api, 'demo-dev', REGION, 'Private')).length;
    const group = await nodeAt(api, 'demo-dev', REGION, 'Private');
    assert.strictEqual(group.description, `${own} images · quota 45`);
    assert.strictEqual((group.item.iconPath as vscode.ThemeIcon).id, 'warning');
    assert.match(tooltipText(group.item), /Near the limit/);
    const listings = await emulator.requests('ListServiceQuotas');
    assert.deepStrictEqual([...new Set(listings.filter((r) => r.region === REGION).map((r) => r.accountId))].sort(), ['111111111111', '222222222222', '444444444444']);
    assert.strictEqual(listings.filter((r) => r.accountId === '111111111111').length, 1);
  });

  test('demo-prod at its limit (5 of 5): a warning icon and a tooltip with the increase link', async () => {
    await labelsAt(api, 'demo-prod', REGION, 'Private');
    const group = await nodeAt(api, 'demo-prod', REGION, 'Private');
    assert.strictEqual(group.description, '5 images · quota 5');
    assert.strictEqual((group.item.iconPath as vscode.ThemeIcon).id, 'warning');
    const tooltip = tooltipText(group.item);
    assert.match(tooltip, /At the limit/);
    assert.match(tooltip, /https:\/\/us-east-1\.console\.aws\.amazon\.com\/servicequotas\/home\/services\/appstream2\/quotas\/L-E1182CCA/);
  });

  test('demo-dev in eu-west-1, far from its limit (2 of 25): the figure, the lock icon, no link', async () => {
    await setSettings({ regions: [REGION, 'eu-west-1'] });
    try {
      await labelsAt(api, 'demo-dev', 'eu-west-1', 'Private');
      const group = await nodeAt(api, 'demo-dev', 'eu-west-1', 'Private');
      assert.strictEqual(group.description, '2 images · quota 25');
      assert.strictEqual((group.item.iconPath as vscode.ThemeIcon).id, 'lock');
      assert.doesNotMatch(tooltipText(group.item), /servicequotas\/home/);
    } finally {
      await setSettings({ regions: [REGION] });
    }
  });

  test('demo-partner may not read quotas: no figure and no error node, its images listed as usual', async () => {
    const images = await labelsAt(api, 'demo-partner', REGION, 'Private');
    assert.deepStrictEqual(images, ['team-base']);
    const group = await nodeAt(api, 'demo-partner', REGION, 'Private');
    assert.strictEqual(group.description, '1 images');
    const denied = (await emulator.requests('ListServiceQuotas')).filter((r) => r.accountId === '444444444444');
    assert.strictEqual(denied.length, 1);
    assert.strictEqual(denied[0].errorCode, 'AccessDeniedException');
  });
});
