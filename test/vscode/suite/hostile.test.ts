// Cloud data is untrusted: a shared image's name, display name and description are written by
// another account. In the tree they must not disguise themselves (bidi overrides, zero-width
// characters), must not grow without bound, and tooltips must render them as text.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { children, emulator, extensionApi, nodeAt, setSettings, type ShownNode, DEV } from './helpers';

const REGION = 'us-east-1';
/** C0/C1 controls, Arabic letter mark, zero-width, bidi marks/embeddings/overrides/isolates, BOM. */
// eslint-disable-next-line no-control-regex
const DISGUISE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;
/** The same, but markdown has its line breaks. */
// eslint-disable-next-line no-control-regex
const DISGUISE_IN_MARKDOWN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;
const MAX_LABEL = 200;
const MAX_DESCRIPTION = 200;
const MAX_TOOLTIP = 6000;

const BIG = 100 * 1024;
const HUGE_DISPLAY_NAME = `‮exe.txt‬ <b>big</b> $(alert) ${'W'.repeat(BIG)}`;

function codePoints(s: string): number {
  return Array.from(s).length;
}

/** What MarkdownString.appendText makes of `text`: how hostile text must appear in a tooltip. */
function escaped(text: string): string {
  return new vscode.MarkdownString().appendText(text).value;
}

suite('hostile data in the tree: labels, descriptions and tooltips stay text and stay small', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  let images: ShownNode[];

  function shown(name: string): ShownNode {
    const found = images.find((i) => (i.node as unknown as { name: string }).name === name);
    assert.ok(found, `${name.slice(0, 40)} in the tree`);
    return found;
  }

  function assertSafe(image: ShownNode): vscode.MarkdownString {
    const what = image.label.slice(0, 40);
    assert.doesNotMatch(image.label, DISGUISE, `${what}: label`);
    assert.ok(codePoints(image.label) <= MAX_LABEL, `${what}: label of ${codePoints(image.label)} code points`);
    assert.doesNotMatch(image.description, DISGUISE, `${what}: description`);
    assert.ok(codePoints(image.description) <= MAX_DESCRIPTION, `${what}: description of ${codePoints(image.description)} code points`);
    const tooltip = image.item.tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString || (typeof tooltip === 'object' && tooltip !== null && 'value' in tooltip), `${what}: a MarkdownString tooltip`);
    const md = tooltip as vscode.MarkdownString;
    assert.ok(!md.isTrusted, `${what}: tooltip not trusted (no command links)`);
    assert.ok(!md.supportHtml, `${what}: tooltip renders no HTML`);
    assert.ok(!md.supportThemeIcons, `${what}: tooltip renders no $(icons)`);
    assert.doesNotMatch(md.value, DISGUISE_IN_MARKDOWN, `${what}: tooltip`);
    assert.ok(md.value.length <= MAX_TOOLTIP, `${what}: tooltip of ${md.value.length} characters`);
    return md;
  }

  suiteSetup(async () => {
    api = await extensionApi();
    await emulator.reset();
    await emulator.addImage(DEV, REGION, {
      Name: 'hostile-100k-display-name',
      DisplayName: HUGE_DISPLAY_NAME,
      Description: `<script>alert('d')</script>${'D'.repeat(BIG)}`,
      Platform: 'WINDOWS_SERVER_2022',
    });
    // Not a name AWS would allow; the emulator takes it, and the tree must too.
    await emulator.addImage(DEV, REGION, {
      Name: `$(alert) Approved ‮gnp.exe‬ ${'N'.repeat(BIG)}`,
      DisplayName: '$(check) $(alert)',
      Description: '[click me](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>',
    });
    await setSettings({ profiles: ['demo-dev'], regions: [REGION] });
    await vscode.commands.executeCommand('appstreamImages.refresh');
    images = await children(api, (await nodeAt(api, 'demo-dev', REGION, 'Private')).node);
  });

  suiteTeardown(async () => {
    await emulator.reset();
    await setSettings({ profiles: [], regions: [] });
  });

  test('every image of the account, hostile or not, passes the same checks', () => {
    assert.ok(images.length >= 39, `${images.length} images`);
    for (const image of images) {
      assertSafe(image);
    }
  });

  test('hostile-html: markup stays text in the description and, escaped, in the tooltip', () => {
    const image = shown('hostile-html');
    const md = assertSafe(image);
    assert.ok(image.description.startsWith('<img src=x onerror=alert(1)>'), image.description);
    assert.ok(md.value.includes(escaped('<img src=x onerror=alert(1)>')), md.value);
    assert.ok(md.value.includes(escaped(`<script>alert(1)</script> "quotes"`)), md.value);
    assert.ok(!md.value.includes('alert(1)'), 'parentheses escaped: nothing reads as a markdown link or call');
  });

  test('hostile-urls: fine like any image', () => {
    assertSafe(shown('hostile-urls'));
  });

  test('unicode-rtl-emoji: RTL override, zero-width characters and BOM removed; the scripts and emoji kept', () => {
    const image = shown('unicode-rtl-emoji');
    const md = assertSafe(image);
    assert.match(image.description, /صورة التطبيقات 🚀 תמונה gnp\.exe zerowidth joiner 👩💻/u);
    assert.match(md.value, /العربية/u);
    assert.match(md.value, /🧪🔥/u);
  });

  test('long-description-10k: the tooltip shows the start, cut, not 10 KB', () => {
    const md = assertSafe(shown('long-description-10k'));
    assert.ok(md.value.includes('…'), 'cut with an ellipsis');
    assert.ok(md.value.includes(escaped('Lorem ipsum dolor sit amet, <b>not bold</b>')), md.value.slice(0, 400));
  });

  test('a 100 KB display name (with an RTL override and "$(alert)"): bounded everywhere, override gone', () => {
    const image = shown('hostile-100k-display-name');
    const md = assertSafe(image);
    assert.strictEqual(image.label, 'hostile-100k-display-name');
    assert.ok(image.description.startsWith('exe.txt <b>big</b> $(alert) WWW'), image.description.slice(0, 80));
    assert.ok(md.value.includes(escaped('exe.txt <b>big</b> $(alert) WWW')), md.value.slice(0, 300));
  });

  test('a name that looks like a codicon "$(alert)" and is 100 KB long: label literal, bounded, no override', () => {
    const image = images.find((i) => (i.node as unknown as { name: string }).name.startsWith('$(alert)'));
    assert.ok(image, 'in the tree');
    const md = assertSafe(image);
    assert.ok(image.label.startsWith('$(alert) Approved gnp.exe NNN'), image.label.slice(0, 60));
    assert.ok(image.label.endsWith('…'));
    assert.ok(image.description.startsWith('$(check) $(alert)'), image.description);
    // The markdown link in the description is text, not a command link.
    assert.ok(!md.value.includes('](command:'), md.value);
    assert.ok(md.value.includes(escaped('[click me](command:workbench.action.terminal.new)')));
  });

  test('the group still counts, filters and re-renders them', async () => {
    const group = await nodeAt(api, 'demo-dev', REGION, 'Private');
    await children(api, group.node); // loaded (again, if a settings change rebuilt the tree)
    assert.match(String(api.app.explorer.getTreeItem(group.node).description), new RegExp(`^${images.length} images( · quota \\d+)?$`));
    await vscode.commands.executeCommand('appstreamImages.filter', '$(alert)');
    try {
      const filtered = await children(api, group.node);
      assert.deepStrictEqual(
        filtered.map((f) => f.label.slice(0, 8)).sort(),
        ['$(alert)', 'hostile-'],
        filtered.map((f) => f.label.slice(0, 40)).join(' | '),
      );
    } finally {
      await vscode.commands.executeCommand('appstreamImages.clearFilter');
    }
  });
});
