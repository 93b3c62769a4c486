// Pinned images (issue 15, search and pins): Pin / Unpin on image rows, a *Pinned* section at the
// top of the tree kept in globalState by ARN, described by ARN (≤ 25 per call, per profile and
// region), rows that behave like image rows, and rows for pins that cannot be shown.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { ImageRef } from '../../../src/aws/imageRef';
import type { PinnedImageNode, PinnedMissingNode } from '../../../src/tree/pinnedNode';
import type { ImageDetailsPanel } from '../../../src/webview/imageDetailsPanel';
import { PinStore, PINS_KEY } from '../../../src/tree/pinStore';
import { DEV, PROD, answerPrompts, children, emulator, freshDevTreeEachTest, nodeAt, waitFor, type ShownNode } from './helpers';

const REGION = 'us-east-1';
const devArn = (name: string) => `arn:aws:appstream:${REGION}:${DEV}:image/${name}`;

/** The `viewItem =~ /…/` regex of a command's entry in the tree's context menu (package.json). */
function menuRegex(command: string): RegExp {
  const menus = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as { contributes: { menus: Record<string, { command: string; when?: string }[]> } }).contributes.menus['view/item/context'];
  const when = menus.find((m) => m.command === command)?.when ?? '';
  const m = /viewItem =~ \/(.*)\//.exec(when);
  assert.ok(m, `${command}: ${when}`);
  return new RegExp(m[1]);
}

function detailsTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && /imageDetails/.test(t.input.viewType));
}

suite('pins: Pin / Unpin, the Pinned section, kept across restarts, gone images', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  const devTree = freshDevTreeEachTest(REGION);
  const clearPins = async () => {
    const pins = api.app.explorer.pins!;
    await pins.unpin(pins.list());
    api.app.explorer.pinsChanged([]);
  };
  suiteSetup(() => {
    api = devTree();
  });
  setup(async () => {
    await clearPins();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  suiteTeardown(() => clearPins());

  const roots = () => children(api);
  const pinnedRows = async (): Promise<ShownNode[]> => {
    const section = (await roots()).find((r) => r.label === 'Pinned');
    assert.ok(section, 'a Pinned section');
    return children(api, section.node);
  };
  // The suite's copy of src/ is not the bundled extension's: classes are told apart by shape, not instanceof.
  const isImageRow = (n: unknown): n is PinnedImageNode => typeof (n as PinnedImageNode).image === 'object' && (n as PinnedImageNode).id.startsWith('pinned/');
  const isMissingRow = (n: unknown): n is PinnedMissingNode => typeof (n as PinnedMissingNode).kind === 'string' && (n as PinnedMissingNode).id.startsWith('pinned/');
  // The poller re-reads the demo's transitional images by ARN on its own clock: those calls are not the section's.
  const describedByArns = async (...arns: string[]) =>
    (await emulator.requests('DescribeImages')).filter((r) => {
      const sent = (r.params as { Arns?: string[] })?.Arns;
      return sent !== undefined && (arns.length === 0 || sent.some((a) => arns.includes(a)));
    });

  test('no pins: no section; Pin on two rows (multi-select): the section tops the tree, one DescribeImages by ARN for both, rows show profile · region and state', async () => {
    assert.ok(!(await roots()).some((r) => r.label === 'Pinned'));
    const row = await nodeAt(api, 'demo-dev', REGION, 'Private', 'many-apps');
    assert.match(row.contextValue, /;unpinned/, 'a listed image offers Pin');
    const other = await nodeAt(api, 'demo-dev', REGION, 'Private', 'deletable-2');
    const pinned = (await vscode.commands.executeCommand('appstreamImages.pinImage', row.node, [row.node, other.node])) as ImageRef[];
    assert.deepStrictEqual(pinned.map((r) => r.arn), [devArn('many-apps'), devArn('deletable-2')]);
    await emulator.resetLog();
    const top = await roots();
    assert.strictEqual(top[0].label, 'Pinned');
    assert.strictEqual(top[0].description, '2 images');
    assert.strictEqual((top[0].item.iconPath as vscode.ThemeIcon).id, 'pinned');
    const rows = await pinnedRows();
    assert.deepStrictEqual(rows.map((r) => r.label), ['many-apps', 'deletable-2']);
    assert.match(rows[0].description, /^demo-dev · us-east-1 · .*AVAILABLE/);
    assert.match(rows[0].contextValue, /^image;.*;pinned/);
    assert.ok(!/unpinned/.test(rows[0].contextValue));
    assert.ok(isImageRow(rows[0].node));
    const sent = await describedByArns(devArn('many-apps'), devArn('deletable-2'));
    assert.strictEqual(sent.length, 1, 'one call for both pins of demo-dev us-east-1');
    assert.deepStrictEqual((sent[0].params as { Arns: string[] }).Arns, [devArn('many-apps'), devArn('deletable-2')]);
    assert.strictEqual(sent[0].accountId, DEV);
    // The menus: Pin on a row not pinned, Unpin on the pinned row and on the listed row of a pinned image.
    const pin = menuRegex('appstreamImages.pinImage');
    const unpin = menuRegex('appstreamImages.unpinImage');
    const listed = (await nodeAt(api, 'demo-dev', REGION, 'Private', 'many-apps')).contextValue;
    const notPinned = (await nodeAt(api, 'demo-dev', REGION, 'Private', 'deletable-1')).contextValue;
    assert.ok(unpin.test(listed) && !pin.test(listed), listed);
    assert.ok(unpin.test(rows[0].contextValue) && !pin.test(rows[0].contextValue), rows[0].contextValue);
    assert.ok(pin.test(notPinned) && !unpin.test(notPinned), notPinned);
  });

  test('a pinned row behaves like an image row: a click opens its details; image commands take it; reveal walks up to Pinned', async () => {
    await vscode.commands.executeCommand('appstreamImages.pinImage', (await nodeAt(api, 'demo-dev', REGION, 'Private', 'many-apps')).node);
    const [row] = await pinnedRows();
    assert.ok(row.item.command, 'a click runs a command');
    assert.strictEqual(row.item.command.command, 'appstreamImages.showImageDetails');
    await vscode.commands.executeCommand(row.item.command.command, ...(row.item.command.arguments ?? []));
    await waitFor('the details tab', () => detailsTabs().some((t) => /many-apps|Twelve|twelve/i.test(t.label)) || undefined);
    const node = row.node as PinnedImageNode;
    assert.deepStrictEqual(node.ref, { profile: 'demo-dev', region: REGION, arn: devArn('many-apps'), name: 'many-apps' });
    assert.strictEqual(api.app.explorer.getParent(node)?.id, 'pinned');
    await api.app.treeView.reveal(node, { select: true, focus: false });
    // The selection reaches the extension host as an event after the reveal resolved.
    await waitFor('the pinned row selected', () => api.app.treeView.selection.map((n) => n.id).join() === node.id, 10_000);
  });

  test('kept across restarts: the pins are in globalState by ARN; a new store reads them and a rebuilt tree shows them', async () => {
    await vscode.commands.executeCommand('appstreamImages.pinImage', (await nodeAt(api, 'demo-dev', REGION, 'Private', 'deletable-2')).node);
    const stored = api.app.context.globalState.get<ImageRef[]>(PINS_KEY);
    assert.deepStrictEqual(stored, [{ profile: 'demo-dev', region: REGION, arn: devArn('deletable-2'), name: 'deletable-2' }]);
    assert.deepStrictEqual(new PinStore(api.app.context.globalState).list(), stored);
    await vscode.commands.executeCommand('appstreamImages.refresh'); // the whole tree rebuilt, as after a restart
    assert.deepStrictEqual((await pinnedRows()).map((r) => r.label), ['deletable-2']);
  });

  test('Unpin from the pinned row: the pin leaves globalState and the section leaves the tree', async () => {
    await vscode.commands.executeCommand('appstreamImages.pinImage', (await nodeAt(api, 'demo-dev', REGION, 'Private', 'deletable-2')).node);
    const [row] = await pinnedRows();
    const unpinned = (await vscode.commands.executeCommand('appstreamImages.unpinImage', row.node)) as ImageRef[];
    assert.deepStrictEqual(unpinned.map((r) => r.arn), [devArn('deletable-2')]);
    assert.deepStrictEqual(api.app.context.globalState.get(PINS_KEY), []);
    assert.ok(!(await roots()).some((r) => r.label === 'Pinned'));
    assert.match((await nodeAt(api, 'demo-dev', REGION, 'Private', 'deletable-2')).contextValue, /;unpinned/);
  });

  test('pins that cannot be shown: a gone image (the others of its call still show), a profile not in view; each can be unpinned', async () => {
    const pins = api.app.explorer.pins!;
    await pins.pin([
      { profile: 'demo-dev', region: REGION, arn: devArn('many-apps'), name: 'many-apps' },
      { profile: 'demo-dev', region: REGION, arn: devArn('no-such-image'), name: 'no-such-image' },
      { profile: 'demo-prod', region: REGION, arn: `arn:aws:appstream:${REGION}:${PROD}:image/prod-golden-2025`, name: 'prod-golden-2025' },
    ]);
    api.app.explorer.pinsChanged([]);
    await emulator.resetLog();
    const rows = await pinnedRows();
    assert.deepStrictEqual(rows.map((r) => r.label), ['many-apps', 'no-such-image', 'prod-golden-2025']);
    assert.ok(isImageRow(rows[0].node));
    assert.match(rows[1].description, /gone/);
    assert.match(rows[2].description, /demo-prod · us-east-1 · profile not in view/);
    assert.ok(isMissingRow(rows[1].node) && isMissingRow(rows[2].node));
    assert.strictEqual((rows[1].node as PinnedMissingNode).kind, 'gone');
    assert.strictEqual((rows[2].node as PinnedMissingNode).kind, 'profileNotInView');
    assert.match(rows[1].contextValue, /;pinned(;|$)/, 'Unpin is offered');
    // Not a request for the profile not in view.
    assert.ok((await describedByArns()).every((r) => r.accountId === DEV));
    await vscode.commands.executeCommand('appstreamImages.unpinImage', rows[2].node);
    assert.deepStrictEqual((await pinnedRows()).map((r) => r.label), ['many-apps', 'no-such-image']);
  });

  test('a pinned image deleted from its pinned row: DELETING there, then the row says it is gone', async () => {
    await vscode.commands.executeCommand('appstreamImages.pinImage', (await nodeAt(api, 'demo-dev', REGION, 'Private', 'deletable-2')).node);
    const [row] = await pinnedRows();
    answerPrompts(api, { showWarningMessage: ['Delete'] });
    await vscode.commands.executeCommand('appstreamImages.deleteImage', row.node);
    assert.strictEqual((await emulator.requests('DeleteImage')).length, 1);
    await waitFor('the pinned row says gone', async () => {
      const [r] = await pinnedRows();
      return /gone/.test(r.description) ? r : undefined;
    }, 30_000);
    const [gone] = await pinnedRows();
    await vscode.commands.executeCommand('appstreamImages.unpinImage', gone.node);
    assert.ok(!(await roots()).some((r) => r.label === 'Pinned'));
  });

  test('the details panel\'s Pin / Unpin button: Pin pins the panel\'s image by ARN and the button says Unpin; Unpin or Pin from the tree flips it', async () => {
    const panel = (await vscode.commands.executeCommand('appstreamImages.showImageDetails', (await nodeAt(api, 'demo-dev', REGION, 'Private', 'deletable-3')).node)) as ImageDetailsPanel;
    await waitFor('the panel shows the image', () => (panel.isReady && panel.current?.image.Name === 'deletable-3' ? true : undefined), 30_000);
    assert.strictEqual(panel.current?.pinned, false, 'the button says Pin');
    // What the button posts (the suite cannot reach into the webview's DOM; the page's side is in test/unit/webview/render.test.ts).
    const post = (message: unknown) => (panel as unknown as { onMessage(m: unknown): Promise<void> }).onMessage(message);
    await post({ type: 'pin' });
    const ref = { profile: 'demo-dev', region: REGION, arn: devArn('deletable-3'), name: 'deletable-3' };
    assert.deepStrictEqual(api.app.explorer.pins!.list(), [ref], 'pinned by ARN through the panel\'s profile and region');
    assert.deepStrictEqual(api.app.context.globalState.get(PINS_KEY), [ref]);
    assert.strictEqual(panel.current?.pinned, true, 'the button says Unpin');
    assert.deepStrictEqual((await pinnedRows()).map((r) => r.label), ['deletable-3']);
    await post({ type: 'pin' }); // a second Pin (a page a step behind) changes nothing
    assert.strictEqual(api.app.explorer.pins!.list().length, 1);
    // Unpin from the tree's pinned row: the panel's button follows.
    const [row] = await pinnedRows();
    await vscode.commands.executeCommand('appstreamImages.unpinImage', row.node);
    await waitFor('the panel says Pin again', () => (panel.current?.pinned === false ? true : undefined), 10_000);
    // Pin from the tree's listed row: so does it.
    await vscode.commands.executeCommand('appstreamImages.pinImage', (await nodeAt(api, 'demo-dev', REGION, 'Private', 'deletable-3')).node);
    await waitFor('the panel says Unpin', () => (panel.current?.pinned === true ? true : undefined), 10_000);
    // Unpin from the panel: the section leaves the tree.
    await post({ type: 'unpin' });
    assert.deepStrictEqual(api.app.explorer.pins!.list(), []);
    assert.strictEqual(panel.current?.pinned, false);
    assert.ok(!(await roots()).some((r) => r.label === 'Pinned'));
  });

  test('Pin and Unpin from the palette: quick picks', async () => {
    answerPrompts(api, { showQuickPick: ['deletable-1'] });
    const pinned = (await vscode.commands.executeCommand('appstreamImages.pinImage')) as ImageRef[];
    assert.deepStrictEqual(pinned.map((r) => r.name), ['deletable-1']);
    answerPrompts(api, { showQuickPick: ['deletable-1'] });
    const unpinned = (await vscode.commands.executeCommand('appstreamImages.unpinImage')) as ImageRef[];
    assert.deepStrictEqual(unpinned.map((r) => r.name), ['deletable-1']);
  });
});
