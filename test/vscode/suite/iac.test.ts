// Image references in templates (issue 16): the fixtures of test/fixtures/iac/ copied into the
// test workspace's infra/, opened in the editor; diagnostics, hover and the quick fix against the
// emulator (profile demo-dev, us-east-1), and the DescribeImages requests they cost.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { findWorkspaceReferences, findWorkspaceReferencesOfImages, type WorkspaceReferences } from '../../../src/iac/workspaceReferences';
import type { ImageDetailsPanel } from '../../../src/webview/imageDetailsPanel';
import { answerPrompts, emulator, extensionApi, EXTENSION_ID, hideView, requestsSettled, restorePrompts, setSetting, setSettings, waitFor, DEV, PROD } from './helpers';

const REGION = 'us-east-1';
const FIXTURES = ['cloudformation.yaml', 'cloudformation.json', 'main.tf', 'stack.ts'];

interface Shown {
  code: string;
  severity: string;
  line: number;
  text: string;
}

suite('iac: image references in CloudFormation, Terraform and CDK files', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  let infra: string;

  const uriOf = (name: string) => vscode.Uri.file(path.join(infra, name));

  /** Diagnostics of ours as [code, severity, 1-based line, the text they cover]. */
  function shown(doc: vscode.TextDocument): Shown[] {
    return vscode.languages
      .getDiagnostics(doc.uri)
      .filter((d) => d.source === 'AppStream Images')
      .map((d) => ({
        code: String(typeof d.code === 'object' ? d.code.value : d.code),
        severity: vscode.DiagnosticSeverity[d.severity],
        line: d.range.start.line + 1,
        text: doc.getText(d.range),
      }))
      .sort((a, b) => a.line - b.line || a.code.localeCompare(b.code));
  }

  async function open(name: string): Promise<vscode.TextDocument> {
    const doc = await vscode.workspace.openTextDocument(uriOf(name));
    await vscode.window.showTextDocument(doc);
    await waitFor(`checks of ${name}`, async () => {
      await api.iac.idle();
      return shown(doc).length > 0 || undefined;
    });
    return doc;
  }

  const describeImages = () => emulator.requests('DescribeImages');

  function position(doc: vscode.TextDocument, text: string): vscode.Position {
    const at = doc.getText().indexOf(text);
    assert.ok(at >= 0, `${text} in ${doc.fileName}`);
    return doc.positionAt(at + 1);
  }

  async function hoverText(doc: vscode.TextDocument, text: string): Promise<string> {
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, position(doc, text))) as vscode.Hover[];
    // MarkdownString.appendText's escaping (`\-`, `&nbsp;`) undone, for matching.
    return hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
      .join('\n---\n')
      .replace(/&nbsp;/g, ' ')
      .replace(/\\([\\`*_{}[\]()#+\-.!~<>|])/g, '$1');
  }

  suiteSetup(async () => {
    api = await extensionApi();
    await setSettings({ profiles: ['demo-dev'], regions: [REGION] });
    await hideView();
    await emulator.reset();
    await requestsSettled();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the runner opens a workspace folder');
    infra = path.join(folder.uri.fsPath, 'infra');
    fs.mkdirSync(infra, { recursive: true });
    const source = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test', 'fixtures', 'iac');
    for (const name of FIXTURES) {
      fs.copyFileSync(path.join(source, name), path.join(infra, name));
    }
  });

  setup(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.iac.idle();
    api.iac.resolver.clear();
    await emulator.reset();
    await emulator.resetLog();
  });

  teardown(() => restorePrompts(api));

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSettings({ profiles: [], regions: [] });
    fs.rmSync(infra, { recursive: true, force: true });
  });

  test('CloudFormation YAML: a diagnostic per problem, with its code, severity and the literal as range; an edit costs no request', async () => {
    const calls = answerPrompts(api, {});
    const doc = await open('cloudformation.yaml');
    await waitFor('all four diagnostics', () => shown(doc).length === 4 || undefined);
    assert.deepStrictEqual(shown(doc), [
      { code: 'shared-image-by-name', severity: 'Error', line: 21, text: 'team-base' },
      { code: 'image-not-found', severity: 'Error', line: 26, text: 'no-such-image' },
      { code: 'image-failed', severity: 'Error', line: 31, text: `arn:aws:appstream:${REGION}:${DEV}:image/failed-image-with-errors` },
      { code: 'image-other-region', severity: 'Warning', line: 48, text: `arn:aws:appstream:eu-west-1:${DEV}:image/dev-eu-app-image` },
    ]);
    const sharedDiag = vscode.languages.getDiagnostics(doc.uri).find((d) => typeof d.code === 'object' && d.code.value === 'shared-image-by-name')!;
    assert.match(sharedDiag.message, new RegExp(`shared with this account \\(by ${PROD}, 444444444444\\)`));
    assert.ok(typeof sharedDiag.code === 'object' && sharedDiag.code.target.toString().startsWith('https://'), 'the code links to the docs');

    // 5 distinct literals (3 names, 2 ARNs in two regions), at most one DescribeImages each.
    const first = await describeImages();
    assert.ok(first.length <= 5, JSON.stringify(first.map((r) => r.params)));
    assert.ok(first.every((r) => ((r.params?.Names as string[] | undefined)?.length ?? 0) <= 25));

    // Typing elsewhere re-checks (debounced) but asks AWS nothing: every answer is cached.
    const editor = await vscode.window.showTextDocument(doc);
    for (const ch of ['#', ' ', 'x']) {
      await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount - 1, 0), ch));
    }
    await api.iac.idle();
    assert.strictEqual(shown(doc).length, 4);
    assert.strictEqual((await describeImages()).length, first.length, 'no request while the references did not change');
    assert.deepStrictEqual(calls, [], 'no prompt, no popup');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('hover: state, platform, created, agent, display name, where it was found, who uses it, and a working details link', async () => {
    const doc = await open('cloudformation.yaml');
    const own = await hoverText(doc, 'in-use-by-fleet');
    for (const expected of ['**in-use-by-fleet**', 'AVAILABLE', 'Platform', 'Created', 'Agent version', 'Display name', `account ${DEV}`, 'through profile demo-dev', 'fleet demo-fleet']) {
      assert.ok(own.includes(expected), `"${expected}" in ${own}`);
    }
    const link = /\(command:appstreamImages\.showImageDetails\?([^)]+)\)/.exec(own);
    assert.ok(link, own);
    const args = JSON.parse(decodeURIComponent(link[1])) as unknown[];
    const panel = (await vscode.commands.executeCommand('appstreamImages.showImageDetails', ...args)) as ImageDetailsPanel;
    assert.strictEqual((panel.current?.image as { Arn?: string }).Arn, `arn:aws:appstream:${REGION}:${DEV}:image/in-use-by-fleet`);
    // The next setup closes it with every editor.

    const failed = await hoverText(doc, 'arn:aws:appstream:us-east-1:111111111111:image/failed');
    assert.match(failed, /FAILED/);
    const missing = await hoverText(doc, 'no-such-image');
    assert.match(missing, /Not found in us-east-1 through profile demo-dev/);
    const shared = await hoverText(doc, 'team-base');
    assert.ok(shared.includes(`arn:aws:appstream:${REGION}:${PROD}:image/team-base`), shared);
  });

  test('quick fix: a shared image named by ImageName becomes ImageArn with the ARN the fleet may use', async () => {
    const doc = await open('cloudformation.yaml');
    await waitFor('diagnostics', () => shown(doc).length === 4 || undefined);
    const diag = vscode.languages.getDiagnostics(doc.uri).find((d) => typeof d.code === 'object' && d.code.value === 'shared-image-by-name')!;
    const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value)) as vscode.CodeAction[];
    const ours = actions.filter((a) => a.title.startsWith('Use ImageArn'));
    // team-base is shared by demo-prod for fleets and by demo-partner for image builders only.
    assert.deepStrictEqual(ours.map((a) => a.title), [`Use ImageArn arn:aws:appstream:${REGION}:${PROD}:image/team-base (shared by account ${PROD})`]);
    assert.strictEqual(ours[0].isPreferred, true);
    assert.ok(ours[0].edit && (await vscode.workspace.applyEdit(ours[0].edit)));
    assert.strictEqual(doc.lineAt(20).text, `      ImageArn: "arn:aws:appstream:${REGION}:${PROD}:image/team-base"`);
    await waitFor('the shared-by-name diagnostic gone', async () => {
      await api.iac.idle();
      return shown(doc).every((d) => d.line !== 21) || undefined;
    });
    assert.deepStrictEqual(shown(doc).map((d) => d.code), ['image-not-found', 'image-failed', 'image-other-region']);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('JSON, Terraform and CDK: the same checks; 50 references cost no more than their distinct literals', async () => {
    const json = await open('cloudformation.json');
    await waitFor('json diagnostics', () => shown(json).length === 2 || undefined);
    assert.deepStrictEqual(shown(json), [
      { code: 'image-deleting', severity: 'Warning', line: 17, text: 'state-deleting' },
      { code: 'shared-image-by-name', severity: 'Error', line: 24, text: 'prod-shared-with-dev' },
    ]);
    const tf = await open('main.tf');
    // No Terraform extension here: our languages contribution makes .tf "terraform", so onLanguage:terraform activates lazily.
    assert.strictEqual(tf.languageId, 'terraform');
    assert.strictEqual(vscode.extensions.all.filter((e) => e.id !== EXTENSION_ID && JSON.stringify(e.packageJSON?.contributes?.languages ?? []).includes('"terraform"')).length, 0, 'no other extension contributes terraform');
    await waitFor('terraform diagnostics', () => shown(tf).length === 2 || undefined);
    assert.deepStrictEqual(shown(tf), [
      { code: 'shared-image-by-name', severity: 'Error', line: 36, text: 'prod-shared-with-dev' },
      { code: 'image-not-found', severity: 'Error', line: 59, text: 'missing-from-terraform' },
    ]);
    const tfFix = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', tf.uri, new vscode.Range(35, 18, 35, 38), vscode.CodeActionKind.QuickFix.value)) as vscode.CodeAction[];
    assert.ok(tfFix.some((a) => a.title === `Use image_arn arn:aws:appstream:${REGION}:${PROD}:image/prod-shared-with-dev (shared by account ${PROD})`), tfFix.map((a) => a.title).join());
    const cdk = await open('stack.ts');
    await waitFor('cdk diagnostics', () => shown(cdk).length === 1 || undefined);
    assert.deepStrictEqual(shown(cdk), [{ code: 'image-not-found', severity: 'Error', line: 25, text: 'missing-from-cdk' }]);

    // A generated template with 50 fleets over 7 names: one DescribeImages for all of them.
    await emulator.resetLog();
    const big = ['Resources:'];
    for (let i = 0; i < 50; i++) {
      big.push(`  Fleet${i}:`, '    Type: AWS::AppStream::Fleet', '    Properties:', `      ImageName: deletable-${(i % 5) + 1}`, `      InstanceType: stream.standard.small`);
    }
    big.push('  Two:', '    Type: AWS::AppStream::Fleet', '    Properties:', '      ImageName: platform-windows', '  Three:', '    Type: AWS::AppStream::Fleet', '    Properties:', '      ImageName: many-apps');
    const generated = await vscode.workspace.openTextDocument({ language: 'yaml', content: big.join('\n') });
    await vscode.window.showTextDocument(generated);
    await waitFor('the generated template checked', async () => {
      await api.iac.idle();
      return (await describeImages()).length > 0 || undefined;
    });
    await api.iac.idle();
    assert.deepStrictEqual(shown(generated), []);
    const sent = await describeImages();
    assert.strictEqual(sent.length, 1, JSON.stringify(sent.map((r) => r.params)));
    assert.strictEqual((sent[0].params?.Names as string[]).length, 7);
  });

  test('not signed in or offline: no diagnostics, one status line, no popup; back when the profile works', async () => {
    const calls = answerPrompts(api, {});
    await setSettings({ profiles: ['refused-endpoint'] });
    try {
      const doc = await vscode.workspace.openTextDocument(uriOf('cloudformation.yaml'));
      await vscode.window.showTextDocument(doc);
      await waitFor('paused', async () => {
        await api.iac.idle();
        return api.iac.pausedReason;
      }, 60_000);
      assert.match(api.iac.pausedReason ?? '', /ECONNREFUSED|reach/i);
      assert.deepStrictEqual(shown(doc), []);
      assert.deepStrictEqual(calls, []);
    } finally {
      await setSettings({ profiles: ['demo-dev'] });
    }
    const doc = vscode.window.activeTextEditor!.document;
    await waitFor('checks back', async () => {
      await api.iac.idle();
      return (api.iac.pausedReason === undefined && shown(doc).length === 4) || undefined;
    });
  });

  test('AWS failing in another region leaves only the ARNs of that region unchecked; nothing pauses', async () => {
    const doc = await open('cloudformation.yaml');
    await emulator.setFaults([{ kind: 'internal', op: 'DescribeImages', region: 'eu-west-1' }]);
    try {
      // An edit makes the check run again, with nothing cached.
      api.iac.resolver.clear();
      await emulator.resetLog();
      const editor = await vscode.window.showTextDocument(doc);
      await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount - 1, 0), '#'));
      await waitFor('the check after the edit', async () => {
        await api.iac.idle();
        return (await describeImages()).some((r) => r.region === 'eu-west-1') || undefined;
      });
      await api.iac.idle();
      assert.deepStrictEqual(shown(doc).map((d) => d.code), ['shared-image-by-name', 'image-not-found', 'image-failed', 'image-other-region']);
      assert.strictEqual(api.iac.pausedReason, undefined);
      const eu = (await describeImages()).filter((r) => r.region === 'eu-west-1');
      assert.ok(eu.length > 0 && eu.every((r) => r.status === 500), JSON.stringify(eu));
    } finally {
      await emulator.setFaults([]);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('the setting turns the checks off and on', async () => {
    const doc = await open('cloudformation.yaml');
    await setSetting('checkTemplates', false);
    try {
      await waitFor('diagnostics cleared', async () => {
        await api.iac.idle();
        return shown(doc).length === 0 || undefined;
      });
      assert.strictEqual(await hoverText(doc, 'no-such-image').then((t) => t.includes('Not found')), false);
    } finally {
      await setSetting('checkTemplates', undefined);
    }
    await waitFor('diagnostics back', async () => {
      await api.iac.idle();
      return shown(doc).length === 4 || undefined;
    });
  });

  test("the tree's Refresh forgets what the checks know: an image that appeared since shows at once", async () => {
    const doc = await open('cloudformation.yaml');
    const editor = await vscode.window.showTextDocument(doc);
    // An edit makes sure the checks ran since this test's setup cleared the cache (the document may have stayed open).
    await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount - 1, 0), '#'));
    await waitFor('all four diagnostics', async () => {
      await api.iac.idle();
      return shown(doc).length === 4 || undefined;
    });
    assert.ok(shown(doc).some((d) => d.code === 'image-not-found' && d.text === 'no-such-image'));
    await emulator.addImage(DEV, REGION, { Name: 'no-such-image', Platform: 'WINDOWS_SERVER_2022' });
    // Another edit re-checks from the cache: still not found, no request.
    const before = (await describeImages()).length;
    await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount - 1, 0), ' '));
    await api.iac.idle();
    assert.ok(shown(doc).some((d) => d.code === 'image-not-found'), `cached: still not found: ${JSON.stringify(shown(doc))}`);
    assert.strictEqual((await describeImages()).length, before);
    await vscode.commands.executeCommand('appstreamImages.refresh');
    await waitFor('no-such-image found after Refresh', async () => {
      await api.iac.idle();
      return !shown(doc).some((d) => d.code === 'image-not-found') || undefined;
    });
    assert.ok((await describeImages()).slice(before).some((r) => JSON.stringify(r.params).includes('no-such-image')), 'asked AWS again');
    assert.strictEqual(shown(doc).length, 3);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  const at = (found: WorkspaceReferences) => found.references.map((r) => `${r.path}:${r.line}`);

  test('findWorkspaceReferences: file:line of every template naming an image, within a time budget', async () => {
    const found = await findWorkspaceReferences({ name: 'in-use-by-fleet', arn: `arn:aws:appstream:${REGION}:${DEV}:image/in-use-by-fleet` }, 5000);
    assert.strictEqual(found.complete, true);
    assert.deepStrictEqual(at(found), ['infra/cloudformation.yaml:14', 'infra/main.tf:25']);
    // A shared image: only its ARN reaches it (the ImageName: team-base of the YAML does not).
    const byArn = await findWorkspaceReferences({ name: 'team-base', arn: `arn:aws:appstream:${REGION}:${PROD}:image/team-base`, byName: false }, 5000);
    assert.deepStrictEqual(at(byArn), ['infra/stack.ts:30']);
    const none = await findWorkspaceReferences({ name: 'deletable-1', arn: `arn:aws:appstream:${REGION}:${DEV}:image/deletable-1` }, 5000);
    assert.deepStrictEqual(none.references, [], 'the Default of a parameter is not a reference');
    const both = await findWorkspaceReferencesOfImages([{ name: 'in-use-by-fleet', arn: `arn:aws:appstream:${REGION}:${DEV}:image/in-use-by-fleet` }, { name: 'state-deleting', arn: `arn:aws:appstream:${REGION}:${DEV}:image/state-deleting` }], 5000);
    assert.deepStrictEqual([...both.values()].map((f) => at(f)), [['infra/cloudformation.yaml:14', 'infra/main.tf:25'], ['infra/cloudformation.json:17']]);
    const cut = await findWorkspaceReferences({ name: 'in-use-by-fleet', arn: 'x' }, 0);
    assert.strictEqual(cut.complete, false);
  });
});
