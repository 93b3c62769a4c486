import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { answerPrompts, children, emulator, restorePrompts, extensionApi, labelsAt, nodeAt, requestsSettled, setSettings, waitFor, DEV, PROD } from './helpers';

suite('explorer: profiles, regions and images from the emulator', function () {
  this.timeout(120_000);
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await extensionApi();
    await emulator.reset();
    await setSettings({ profiles: [], regions: [] });
    await vscode.commands.executeCommand('workbench.view.extension.appstreamImages');
  });

  teardown(async () => {
    await emulator.setFaults([]);
    await api.app.explorer.setFilter('');
  });

  suiteTeardown(async () => {
    await setSettings({ profiles: [], regions: [] });
  });

  test('without settings it shows AWS_PROFILE (demo-dev) in its own region, and the status bar names it', async () => {
    assert.deepStrictEqual(await labelsAt(api), ['demo-dev']);
    assert.deepStrictEqual(await labelsAt(api, 'demo-dev'), ['us-east-1']);
    assert.deepStrictEqual(await labelsAt(api, 'demo-dev', 'us-east-1'), ['Private', 'Shared with me', 'Public', 'Image builders', 'Export tasks']);
    assert.match(api.app.statusBar.text, /demo-dev/);
  });

  test('the first look: up to three regions open expanded and the shown view loads Private by itself; with more, the active profile\'s first region', async () => {
    const expanded = async (...path: string[]) =>
      (await nodeAt(api, ...path)).item.collapsibleState === vscode.TreeItemCollapsibleState.Expanded;
    // Nobody but the view asks for the tree here: a Private request means VS Code expanded the region.
    await emulator.resetLog();
    api.app.explorer.reloadAll();
    await waitFor('the view to load demo-dev / us-east-1 / Private by itself', async () =>
      (await emulator.requests('DescribeImages')).some((r) => r.accountId === DEV && r.region === 'us-east-1' && r.params?.Type === 'PRIVATE'),
    );
    assert.ok(await expanded('demo-dev', 'us-east-1'), 'the only region opens expanded');

    await setSettings({ regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'] });
    await waitFor('three regions', async () => (await labelsAt(api, 'demo-dev')).length === 3);
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) {
      assert.ok(await expanded('demo-dev', region), `${region} of three opens expanded`);
    }

    await setSettings({ profiles: ['demo-dev', 'demo-prod'], regions: ['us-east-1', 'eu-west-1'] });
    await waitFor('two profiles', async () => (await labelsAt(api)).join() === 'demo-dev,demo-prod');
    const states = [];
    for (const profile of ['demo-dev', 'demo-prod']) {
      for (const region of ['us-east-1', 'eu-west-1']) {
        states.push(`${profile}/${region}:${(await expanded(profile, region)) ? 'expanded' : 'collapsed'}`);
      }
    }
    assert.deepStrictEqual(states, ['demo-dev/us-east-1:expanded', 'demo-dev/eu-west-1:collapsed', 'demo-prod/us-east-1:collapsed', 'demo-prod/eu-west-1:collapsed']);
    await setSettings({ profiles: [], regions: [] });
    await waitFor('demo-dev alone', async () => (await labelsAt(api)).join() === 'demo-dev');
    await requestsSettled(); // what the view loads by itself must not reach the next test's count
  });

  test('Private lists the account\'s own images, with state, platform and facets', async () => {
    await emulator.resetLog();
    const group = await nodeAt(api, 'demo-dev', 'us-east-1', 'Private');
    group.node.reload(); // the visible view may have loaded it already: fetch it again, counted
    const images = await children(api, group.node);
    const names = images.map((i) => i.label);
    for (const expected of ['deletable-1', 'in-use-by-fleet', 'failed-image-with-errors', 'state-deleting', 'platform-rhel8']) {
      assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
    }
    assert.ok(!names.includes('prod-golden-2025'), 'no image of the other account');
    const requests = await emulator.requests('DescribeImages');
    assert.ok(requests.length >= 1 && requests.every((r) => r.accountId === DEV && r.region === 'us-east-1'), JSON.stringify(requests));

    const failed = images.find((i) => i.label === 'failed-image-with-errors')!;
    assert.match(failed.description, /FAILED/);
    assert.strictEqual((failed.item.iconPath as vscode.ThemeIcon).id, 'error');
    assert.strictEqual(failed.contextValue, 'image;deletable;failed;hasArn;private;unpinned'); // unpinned: Pin is offered

    const deleting = images.find((i) => i.label === 'state-deleting')!;
    assert.strictEqual((deleting.item.iconPath as vscode.ThemeIcon).id, 'loading~spin');
    assert.ok(!/deletable/.test(deleting.contextValue), deleting.contextValue);

    const rhel = images.find((i) => i.label === 'platform-rhel8')!;
    assert.match(rhel.description, /RHEL 8/);
    assert.match(rhel.description, /AVAILABLE/);
    assert.match(rhel.description, /(day|week|month|year|hour|minute)s?$/, 'age at the end');
    const tooltip = rhel.item.tooltip as vscode.MarkdownString;
    // VS Code 1.99 escapes "-" in appendText, 1.139 does not: either renders as the ARN.
    assert.match(tooltip.value, /111111111111:image\/platform\\?-rhel8/, "ARN in the tooltip (markdown-escaped)");
  });

  test('Shared with me and Public: shared images are read-only, public pages through every image', async () => {
    const shared = await children(api, (await nodeAt(api, 'demo-dev', 'us-east-1', 'Shared with me')).node);
    assert.deepStrictEqual(shared.map((s) => s.label).sort(), ['common-base', 'prod-shared-with-dev', 'team-base', 'team-base']);
    assert.ok(!/deletable/.test(shared[0].contextValue), shared[0].contextValue);

    await emulator.resetLog();
    const publicGroup = await nodeAt(api, 'demo-dev', 'us-east-1', 'Public');
    publicGroup.node.reload();
    const publicImages = await children(api, publicGroup.node);
    assert.ok(publicImages.length >= 120, `${publicImages.length} public images`);
    const pages = (await emulator.requests('DescribeImages')).filter((r) => r.params?.Type === 'PUBLIC');
    assert.strictEqual(pages.length, Math.ceil(publicImages.length / 25), 'one request per page of 25');
  });

  test('a group loads once and is served from cache until refreshed; refreshing it refetches only it', async () => {
    const privateGroup = await nodeAt(api, 'demo-dev', 'us-east-1', 'Private');
    await children(api, privateGroup.node);
    await emulator.resetLog();
    await children(api, privateGroup.node);
    assert.strictEqual((await emulator.requests('DescribeImages')).length, 0, 'cached');
    await vscode.commands.executeCommand('appstreamImages.refresh', privateGroup.node);
    await children(api, privateGroup.node);
    const after = await emulator.requests('DescribeImages');
    assert.ok(after.length >= 1 && after.every((r) => r.params?.Type === 'PRIVATE'), JSON.stringify(after.map((r) => r.params)));
  });

  test('Switch Profile shows the other account at once, never the old one', async () => {
    await emulator.resetLog();
    await vscode.commands.executeCommand('appstreamImages.switchProfile', 'demo-prod');
    await waitFor('demo-prod at the root', async () => (await labelsAt(api)).join() === 'demo-prod');
    assert.match(api.app.statusBar.text, /demo-prod/);
    assert.deepStrictEqual(await labelsAt(api, 'demo-prod'), ['eu-west-1']);
    const names = await labelsAt(api, 'demo-prod', 'eu-west-1', 'Private');
    assert.deepStrictEqual(names.sort(), ['prod-eu-builder-source', 'prod-eu-deletable', 'prod-eu-failed', 'prod-eu-main']);
    // The listing shown came from demo-prod's account (an open panel may still poll a demo-dev image).
    const listings = (await emulator.requests('DescribeImages')).filter((r) => r.region === 'eu-west-1' && (r.params as { Type?: string }).Type === 'PRIVATE');
    assert.ok(listings.length > 0, 'eu-west-1 was listed');
    assert.deepStrictEqual([...new Set(listings.map((r) => r.accountId))], [PROD]);
  });

  test('Switch Profile from the palette picks from every profile of the config', async () => {
    const calls = answerPrompts(api, { showQuickPick: ['demo-dev'] });
    try {
      await vscode.commands.executeCommand('appstreamImages.switchProfile');
    } finally {
      restorePrompts(api);
    }
    const offered = calls[0].items;
    assert.ok(offered.includes('demo-prod') && offered.includes('demo-dev') && offered.includes('broken-no-creds'), offered.join());
    await waitFor('demo-dev at the root', async () => (await labelsAt(api)).join() === 'demo-dev');
  });

  test('Add Profile keeps two accounts side by side; Select Regions applies to both; Remove takes one out', async () => {
    await vscode.commands.executeCommand('appstreamImages.addProfile', 'demo-prod');
    await waitFor('two profiles', async () => (await labelsAt(api)).join() === 'demo-dev,demo-prod');
    await vscode.commands.executeCommand('appstreamImages.selectRegions', ['us-east-1', 'eu-west-1']);
    await waitFor('two regions each', async () => (await labelsAt(api, 'demo-prod')).join() === 'us-east-1,eu-west-1');
    assert.deepStrictEqual(await labelsAt(api, 'demo-dev'), ['us-east-1', 'eu-west-1']);
    assert.deepStrictEqual((await labelsAt(api, 'demo-dev', 'eu-west-1', 'Private')).sort(), ['dev-eu-app-image', 'dev-eu-pending']);
    assert.ok((await labelsAt(api, 'demo-prod', 'us-east-1', 'Private')).includes('prod-golden-2025'));

    const prod = (await children(api)).find((c) => c.label === 'demo-prod')!;
    await vscode.commands.executeCommand('appstreamImages.removeProfile', prod.node);
    await waitFor('demo-dev alone', async () => (await labelsAt(api)).join() === 'demo-dev');
    await setSettings({ profiles: [], regions: [] });
  });

  test('a failing region shows an error node that retries on click; the other region keeps its images', async () => {
    await setSettings({ regions: ['us-east-1', 'eu-west-1'] });
    await emulator.setFaults([{ kind: 'internal', region: 'eu-west-1' }]);
    const eu = await children(api, (await nodeAt(api, 'demo-dev', 'eu-west-1', 'Private')).node);
    assert.strictEqual(eu.length, 1);
    assert.match(eu[0].contextValue, /^message;error/);
    assert.match(eu[0].label, /AppStream in eu-west-1 failed/);
    assert.strictEqual(eu[0].item.command?.command, 'appstreamImages.retry');
    assert.ok((await labelsAt(api, 'demo-dev', 'us-east-1', 'Private')).includes('deletable-1'), 'us-east-1 unaffected');

    await emulator.setFaults([]);
    await vscode.commands.executeCommand(eu[0].item.command!.command, ...(eu[0].item.command!.arguments ?? []));
    const retried = await labelsAt(api, 'demo-dev', 'eu-west-1', 'Private');
    assert.deepStrictEqual(retried.sort(), ['dev-eu-app-image', 'dev-eu-pending']);
    await setSettings({ regions: [] });
  });

  test('broken profiles explain themselves; the good profile beside them keeps working', async () => {
    await setSettings({ profiles: ['demo-dev', 'broken-no-creds', 'expired-sso', 'bad-key', 'no-such-profile'], regions: ['us-east-1'] });
    await waitFor('five profiles', async () => (await labelsAt(api)).length === 5);
    const errorOf = async (profile: string) => {
      const kids = await children(api, (await nodeAt(api, profile, 'us-east-1', 'Private')).node);
      assert.strictEqual(kids.length, 1, `${profile}: ${kids.map((k) => k.label).join()}`);
      assert.match(kids[0].contextValue, /^message;error/);
      return kids[0];
    };
    assert.match((await errorOf('broken-no-creds')).label, /No usable credentials for profile "broken-no-creds"/);
    const sso = await errorOf('expired-sso');
    assert.match(sso.label, /SSO session of profile "expired-sso"/);
    assert.match((sso.item.tooltip as vscode.MarkdownString).value, /aws sso login --profile expired-sso/);
    assert.match(sso.contextValue, /hasFix/);
    assert.match((await errorOf('bad-key')).label, /rejected the credentials of profile "bad-key"/);
    const missing = await children(api, (await nodeAt(api, 'no-such-profile')).node);
    assert.match(missing[0].label, /Profile "no-such-profile" is not in/);
    assert.ok((await labelsAt(api, 'demo-dev', 'us-east-1', 'Private')).includes('deletable-1'));
    await setSettings({ profiles: [], regions: [] });
  });

  test('the filter narrows images by state or platform and says so', async () => {
    await vscode.commands.executeCommand('appstreamImages.filter', 'failed');
    const group = await nodeAt(api, 'demo-dev', 'us-east-1', 'Private');
    const shown = await labelsAt(api, 'demo-dev', 'us-east-1', 'Private');
    assert.deepStrictEqual(shown.sort(), ['failed-copy', 'failed-image-with-errors']);
    assert.match(String(api.app.explorer.getTreeItem(group.node).description), /2 of \d+ images/);
    await vscode.commands.executeCommand('appstreamImages.filter', 'linux');
    assert.ok((await labelsAt(api, 'demo-dev', 'us-east-1', 'Private')).includes('platform-amazon-linux2'));
    await vscode.commands.executeCommand('appstreamImages.clearFilter');
    assert.ok((await labelsAt(api, 'demo-dev', 'us-east-1', 'Private')).length > 20);
  });

  test('an edit of the AWS config file is picked up without a manual refresh', async () => {
    const file = process.env.AWS_CONFIG_FILE!;
    const original = fs.readFileSync(file, 'utf8');
    try {
      await api.app.aws().profiles(); // cached now
      fs.appendFileSync(file, '\n[profile added-later]\nregion = eu-west-1\n');
      await waitFor('the new profile in the catalog', async () => (await api.app.aws().profiles()).profiles.some((p) => p.name === 'added-later'), 15_000);
    } finally {
      fs.writeFileSync(file, original);
      // The watcher reloads the tree once more (300 ms after the write): the next test starts after it.
      await waitFor('the catalog as it was', async () => !(await api.app.aws().profiles()).profiles.some((p) => p.name === 'added-later'), 15_000);
      await waitFor('the tree rebuilt', async () => (await labelsAt(api)).includes('demo-dev'), 15_000);
    }
  });

  test('Copy Name and Copy ARN put the image\'s name and ARN on the clipboard', async () => {
    const node = (await nodeAt(api, 'demo-dev', 'us-east-1', 'Private', 'platform-rhel8')).node;
    await vscode.commands.executeCommand('appstreamImages.copyName', node);
    assert.strictEqual(await vscode.env.clipboard.readText(), 'platform-rhel8');
    await vscode.commands.executeCommand('appstreamImages.copyArn', node);
    assert.strictEqual(await vscode.env.clipboard.readText(), 'arn:aws:appstream:us-east-1:111111111111:image/platform-rhel8');
  });
});

