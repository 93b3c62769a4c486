// The AWS configuration as people really have it: typos, dangling and looping source_profile,
// regions that do not exist, a profile in both files, no ~/.aws at all. The extension reads
// AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE from process.env live, and the extension host is
// this process, so each test points them at files of its own and puts them back afterwards.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { children, emulator, emulatorBaseUrl, extensionApi, labelsAt, messageUnder, nodeAt, seedAccounts, setSettings, tooltipText, waitFor, DEV, hideView, requestsSettled } from './helpers';

suite('config: broken and unusual AWS configuration files', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  let dir: string;
  const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };
  const accounts = seedAccounts();
  const dev = accounts.find((a) => a.profile === 'demo-dev')!;
  const prod = accounts.find((a) => a.profile === 'demo-prod')!;

  function profileLines(name: string, account: typeof dev, region = account.region): string[] {
    return [
      `[profile ${name}]`,
      `aws_access_key_id = ${account.accessKeyId}`,
      `aws_secret_access_key = ${account.secretAccessKey}`,
      `region = ${region}`,
      `endpoint_url = ${emulatorBaseUrl()}`,
    ];
  }

  /** Writes the files (undefined: the file does not exist), points the environment at them and rebuilds the tree. */
  async function useFiles(config: string[] | undefined, credentials?: string[]): Promise<{ configFile: string; credentialsFile: string }> {
    const sub = fs.mkdtempSync(path.join(dir, 'case-'));
    const configFile = path.join(sub, 'config');
    const credentialsFile = path.join(sub, 'credentials');
    if (config) {
      fs.writeFileSync(configFile, config.join('\n') + '\n', { mode: 0o600 });
    }
    if (credentials) {
      fs.writeFileSync(credentialsFile, credentials.join('\n') + '\n', { mode: 0o600 });
    }
    process.env.AWS_CONFIG_FILE = configFile;
    process.env.AWS_SHARED_CREDENTIALS_FILE = credentialsFile;
    await vscode.commands.executeCommand('appstreamImages.refresh');
    return { configFile, credentialsFile };
  }

  suiteSetup(async () => {
    api = await extensionApi();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appstream-config-test-'));
    // The tests ask the provider and count requests and prompts: the view must not load by itself.
    await hideView();
    await requestsSettled();
    await emulator.reset();
  });

  setup(async () => {
    await emulator.resetLog();
  });

  teardown(async () => {
    process.env.AWS_CONFIG_FILE = saved.config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = saved.credentials;
    await setSettings({ profiles: [], regions: [] });
    await vscode.commands.executeCommand('appstreamImages.refresh');
  });

  suiteTeardown(() => {
    fs.rmSync(dir, { recursive: true, force: true }); // the files hold (emulator) keys
  });

  test('syntax errors: a warning per bad line naming file and line; the good profiles still work', async () => {
    const { configFile } = await useFiles([
      '# hand-edited',
      ...profileLines('good-dev', dev), // lines 2-6
      '[profile broken', // line 7
      'garbage', // line 8
      ...profileLines('good-prod', prod), // lines 9-13
    ]);
    await setSettings({ profiles: ['good-dev', 'good-prod'] });
    const root = await children(api);
    const warnings = root.filter((r) => /^message;warning/.test(r.contextValue));
    assert.strictEqual(warnings.length, 2, root.map((r) => r.label).join(' | '));
    assert.ok(warnings[0].label.includes(`${configFile}, line 7`) && warnings[0].label.includes('[profile broken'), warnings[0].label);
    assert.ok(warnings[1].label.includes(`${configFile}, line 8`) && warnings[1].label.includes('garbage'), warnings[1].label);
    assert.deepStrictEqual(root.filter((r) => !/^message;/.test(r.contextValue)).map((r) => r.label), ['good-dev', 'good-prod']);
    assert.ok((await labelsAt(api, 'good-dev', 'us-east-1', 'Private')).includes('deletable-1'));
    assert.ok((await labelsAt(api, 'good-prod', 'eu-west-1', 'Private')).includes('prod-eu-main'));
  });

  test('a source_profile that does not exist: an error node naming it; no request', async () => {
    await useFiles([
      ...profileLines('good-dev', dev),
      '[profile orphan-role]',
      'role_arn = arn:aws:iam::111111111111:role/AppStreamAdmin',
      'source_profile = nowhere-to-be-found',
      'region = us-east-1',
    ]);
    await setSettings({ profiles: ['orphan-role'] });
    const kids = await children(api, (await nodeAt(api, 'orphan-role')).node);
    assert.strictEqual(kids.length, 1, kids.map((k) => k.label).join(' | '));
    assert.match(kids[0].contextValue, /^message;error/);
    assert.match(kids[0].label, /Profile "orphan-role" names source_profile "nowhere-to-be-found", which does not exist/);
    // Nothing for orphan-role (the previous profile's expanded region may still be loading its own images).
    assert.strictEqual((await emulator.requests()).filter((r) => r.op !== 'DescribeImages').length, 0);
    assert.strictEqual((await emulator.requests('AssumeRole')).length, 0);
  });

  test('a source_profile loop: an error node showing the loop; no request', async () => {
    await useFiles([
      '[profile loop-a]',
      'role_arn = arn:aws:iam::111111111111:role/A',
      'source_profile = loop-b',
      '[profile loop-b]',
      'role_arn = arn:aws:iam::111111111111:role/B',
      'source_profile = loop-a',
    ]);
    await setSettings({ profiles: ['loop-a'] });
    const kids = await children(api, (await nodeAt(api, 'loop-a')).node);
    assert.strictEqual(kids.length, 1, kids.map((k) => k.label).join(' | '));
    assert.match(kids[0].contextValue, /^message;error/);
    assert.match(kids[0].label, /source_profile loop: loop-a → loop-b → loop-a/);
    assert.strictEqual((await emulator.requests()).length, 0);
  });

  test('a region that does not exist: no crash; the region says so, and against AWS\'s own endpoint "Cannot reach"', async () => {
    // demo-dev points at the emulator (which answers for any region); aws-endpoint uses the SDK's
    // endpoint for the region, appstream2.mars-north-9.amazonaws.com, which does not resolve.
    await setSettings({ profiles: ['demo-dev', 'aws-endpoint'], regions: ['mars-north-9'] });
    const region = await nodeAt(api, 'demo-dev', 'mars-north-9');
    assert.strictEqual(region.description, 'not a region name'); // AWS region names are xx-word-N
    const emu = await messageUnder(api, 'demo-dev', 'mars-north-9', 'Private');
    assert.strictEqual(emu.label, 'No images');
    const real = await messageUnder(api, 'aws-endpoint', 'mars-north-9', 'Private');
    assert.match(real.contextValue, /^message;error/);
    assert.match(real.label, /Cannot reach AppStream in mars-north-9 \((ENOTFOUND|EAI_AGAIN)\)/);
    assert.match(tooltipText(real.item), /Check the region name/);
    // Its requests went to AWS's endpoint, not to the emulator that AWS_PROFILE (demo-dev) points at.
    const unknownKey = (await emulator.requests()).filter((r) => r.errorCode === 'UnrecognizedClientException');
    assert.strictEqual(unknownKey.length, 0, 'aws-endpoint sent nothing to the emulator');
  });

  test('a region name that is not a region name at all: said so, and an error node, not a crash', async () => {
    await setSettings({ profiles: ['aws-endpoint'], regions: ['Mars North/9'] });
    const region = await nodeAt(api, 'aws-endpoint', 'Mars North/9');
    assert.strictEqual(region.description, 'not a region name');
    const error = await messageUnder(api, 'aws-endpoint', 'Mars North/9', 'Private');
    assert.match(error.contextValue, /^message;error/);
    assert.match(error.label, /Mars North\/9/, error.label);
    console.log(`    Mars North/9 → ${error.label}`);
  });

  test('the same profile in both files: one profile node; the credentials file wins', async () => {
    // config says demo-prod's keys and eu-west-1; the credentials file says demo-dev's and us-east-1.
    await useFiles(profileLines('dup', prod, 'eu-west-1'), [
      '[dup]',
      `aws_access_key_id = ${dev.accessKeyId}`,
      `aws_secret_access_key = ${dev.secretAccessKey}`,
      'region = us-east-1',
    ]);
    const catalog = await api.app.aws().profiles();
    assert.deepStrictEqual(catalog.profiles.map((p) => p.name), ['dup']);
    assert.deepStrictEqual(catalog.profiles[0].definedIn, ['config', 'credentials']);
    assert.deepStrictEqual(await labelsAt(api), ['dup']);
    assert.deepStrictEqual(await labelsAt(api, 'dup'), ['us-east-1']);
    assert.ok((await labelsAt(api, 'dup', 'us-east-1', 'Private')).includes('deletable-1'));
    const sent = await emulator.requests('DescribeImages');
    assert.ok(sent.length > 0 && sent.every((r) => r.accountId === DEV), JSON.stringify(sent.map((r) => r.accountId)));
    await waitFor('account id on the profile', async () => (await nodeAt(api, 'dup')).description.includes(DEV));
  });

  test('no ~/.aws at all (both files missing), or both empty: no profile nodes, no warnings; the welcome view takes over', async () => {
    const contexts: unknown[][] = [];
    const commands = vscode.commands as { executeCommand: typeof vscode.commands.executeCommand };
    const real = commands.executeCommand;
    let spying = false;
    try {
      commands.executeCommand = ((id: string, ...args: unknown[]) => {
        if (id === 'setContext' && args[0] === 'appstreamImages.noProfiles') {
          contexts.push(args);
        }
        return real(id, ...args);
      }) as typeof real;
      spying = true;
    } catch {
      // A frozen API object: the root is checked all the same.
    }
    try {
      await useFiles(undefined, undefined);
      assert.deepStrictEqual(await children(api), []);
      assert.strictEqual(api.app.explorer.profiles.length, 0);
      await useFiles([], []);
      assert.deepStrictEqual(await children(api), []);
    } finally {
      if (spying) {
        commands.executeCommand = real;
      }
    }
    console.log(`    setContext spy: ${spying ? `${contexts.length} calls` : 'not possible'}`);
    if (spying && contexts.length > 0) {
      assert.ok(contexts.every((c) => c[1] === true), JSON.stringify(contexts));
    }
    // And back: the context is cleared again when profiles appear.
    process.env.AWS_CONFIG_FILE = saved.config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = saved.credentials;
    await vscode.commands.executeCommand('appstreamImages.refresh');
    assert.deepStrictEqual(await labelsAt(api), ['demo-dev']);
  });
});
