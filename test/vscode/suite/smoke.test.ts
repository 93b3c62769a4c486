import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'appstream-images.appstream-images';

suite('smoke', () => {
  test('runs in a real VS Code extension host', () => {
    console.log(`VS Code ${vscode.version}, Node ${process.versions.node}`);
    assert.ok(vscode.version, 'vscode.version is set');
    // The runner says which VS Code it started and on which Node (the server's, see installCodeServer.ts).
    const expectedVscode = process.env.APPSTREAM_EXPECT_VSCODE;
    const expectedNode = process.env.APPSTREAM_EXPECT_NODE ?? '20';
    if (expectedVscode) {
      assert.strictEqual(vscode.version, expectedVscode, 'the VS Code the runner installed');
    }
    assert.ok(process.versions.node.startsWith(`${expectedNode}.`), `Node ${process.versions.node}, expected ${expectedNode}.x`);
  });

  test(`the extension ${EXTENSION_ID} is installed (as the development extension)`, () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} not found among ${vscode.extensions.all.length} extensions`);
    assert.strictEqual(ext.packageJSON.name, 'appstream-images');
  });

  test('the extension activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  test('the AWS environment points at the test config, not the real ~/.aws', () => {
    assert.ok(process.env.AWS_CONFIG_FILE, 'AWS_CONFIG_FILE');
    assert.ok(process.env.AWS_SHARED_CREDENTIALS_FILE, 'AWS_SHARED_CREDENTIALS_FILE');
    assert.strictEqual(process.env.AWS_PROFILE, 'demo-dev');
    assert.strictEqual(process.env.AWS_EC2_METADATA_DISABLED, 'true');
    assert.ok(!process.env.AWS_ACCESS_KEY_ID, 'no ambient AWS_ACCESS_KEY_ID');
  });

  test('the emulator control API answers GET /__emulator/requests', async () => {
    const url = process.env.APPSTREAM_EMULATOR_URL;
    assert.ok(url, 'APPSTREAM_EMULATOR_URL is set');
    const res = await fetch(`${url}/__emulator/requests`);
    assert.strictEqual(res.status, 200);
    const body: unknown = await res.json();
    assert.ok(body !== null && typeof body === 'object', `JSON answer, got ${JSON.stringify(body)}`);
  });
});
