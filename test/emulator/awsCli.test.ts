/**
 * The AWS CLI (Debian's awscli at /usr/bin/aws, an independent botocore client) against the
 * emulator: proves the wire protocol, SigV4 and paging are spoken truly, not just as our SDK
 * version happens to send them.
 */
import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { awsConfigText, seedAccounts, startEmulator } from './server';
import type { Emulator } from './server';

const AWS = '/usr/bin/aws';
/** The appstream model of Debian's awscli 2.9 (the one /usr/bin/aws loads). */
const DEBIAN_APPSTREAM_MODEL = '/usr/lib/python3/dist-packages/awscli/botocore/data/appstream/2016-12-01/service-2.json';
/** AWS's model of the export operations (test/emulator/fixtures, next to the sources; the tests run from out/). */
const EXPORT_MODEL = path.join(__dirname, '..', '..', '..', 'test', 'emulator', 'fixtures', 'appstream-export-model.json');
const DEV = seedAccounts().find((a) => a.profile === 'demo-dev')!;

interface CliResult { code: number; stdout: string; stderr: string }

describe('AWS CLI against the emulator', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let home: string;
  let env: NodeJS.ProcessEnv;

  before(function () {
    if (!fs.existsSync(AWS)) {
      throw new Error(`The AWS CLI is missing at ${AWS}: install Debian's awscli (apt-get install -y awscli). `
        + 'The pyenv aws on PATH is an unrelated 1.x and is not used.');
    }
  });

  beforeEach(async () => {
    emu = await startEmulator({ deleteDelayMs: 60_000 });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-awscli-'));
    const config = path.join(home, 'config');
    fs.writeFileSync(config, awsConfigText(emu.url));
    const credentials = path.join(home, 'credentials');
    fs.writeFileSync(credentials, '');
    env = {
      PATH: process.env.PATH,
      HOME: home,
      LANG: 'C.UTF-8',
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: credentials,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
      AWS_CLI_AUTO_PROMPT: 'off',
      AWS_ACCESS_KEY_ID: DEV.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DEV.secretAccessKey,
    };
  });

  afterEach(async () => {
    await emu.stop();
    fs.rmSync(home, { recursive: true, force: true });
  });

  /** `aws <service> <args> --endpoint-url <emulator> --output json [--region us-east-1]`. */
  function cli(service: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    const full = [service, ...args, '--endpoint-url', emu.url, '--output', 'json'];
    if (!args.includes('--region')) { full.push('--region', 'us-east-1'); }
    return run(full, extraEnv);
  }

  function run(full: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    return new Promise((resolve) => {
      execFile(AWS, full, { env: { ...env, ...extraEnv }, timeout: 45_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  const aws = (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> => cli('appstream', args, extraEnv);
  const json = <T>(r: CliResult): T => {
    assert.strictEqual(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as T;
  };

  it('describe-images --type PUBLIC auto-paginates through every public image', async () => {
    const r = await aws(['describe-images', '--type', 'PUBLIC']);
    assert.strictEqual(r.code, 0, r.stderr);
    const images = (JSON.parse(r.stdout) as { Images: { Name: string; Visibility: string; CreatedTime: string }[] }).Images;
    const expected = emu.state.publicImages('us-east-1').length;
    assert.ok(expected >= 120);
    assert.strictEqual(images.length, expected);
    assert.strictEqual(new Set(images.map((i) => i.Name)).size, expected);
    assert.ok(images.every((i) => i.Visibility === 'PUBLIC'));
    assert.match(images[0].CreatedTime, /^20\d\d-\d\d-\d\dT/, 'the CLI parsed epoch seconds as a timestamp');
    assert.strictEqual(emu.state.count('DescribeImages', { status: 200 }), Math.ceil(expected / 25));
  });

  it('--max-items / --page-size / --starting-token page the way the CLI does', async () => {
    const first = await aws(['describe-images', '--type', 'PUBLIC', '--max-items', '7', '--page-size', '3']);
    assert.strictEqual(first.code, 0, first.stderr);
    const p1 = JSON.parse(first.stdout) as { Images: { Name: string }[]; NextToken?: string };
    assert.strictEqual(p1.Images.length, 7);
    assert.ok(p1.NextToken, 'CLI returns a NextToken for the rest');
    assert.strictEqual(emu.state.count('DescribeImages'), 3, 'pages of 3 → 3 requests for 7 items');
    assert.ok(emu.state.requests.every((q) => (q.params as { MaxResults?: number }).MaxResults === 3));
    const second = await aws(['describe-images', '--type', 'PUBLIC', '--max-items', '7', '--page-size', '3', '--starting-token', p1.NextToken]);
    assert.strictEqual(second.code, 0, second.stderr);
    const p2 = JSON.parse(second.stdout) as { Images: { Name: string }[] };
    assert.strictEqual(p2.Images.length, 7);
    const all = emu.state.publicImages('us-east-1').map((i) => i.Name);
    assert.deepStrictEqual([...p1.Images, ...p2.Images].map((i) => i.Name), all.slice(0, 14));
  });

  it('delete-image of a deletable image returns it DELETING', async () => {
    const r = await aws(['delete-image', '--name', 'deletable-2']);
    assert.strictEqual(r.code, 0, r.stderr);
    const img = (JSON.parse(r.stdout) as { Image: { Name: string; State: string } }).Image;
    assert.deepStrictEqual([img.Name, img.State], ['deletable-2', 'DELETING']);
    assert.strictEqual(emu.state.images('111111111111', 'us-east-1').find((s) => s.image.Name === 'deletable-2')?.image.State, 'DELETING');
  });

  it('delete-image of an in-use image prints ResourceInUseException', async () => {
    const r = await aws(['delete-image', '--name', 'in-use-by-fleet']);
    assert.ok(r.code === 254 || r.code === 255, `exit code ${r.code}`);
    assert.match(r.stderr, /ResourceInUseException/);
    assert.match(r.stderr, /demo-fleet/);
  });

  it('a profile from awsConfigText selects the other account', async () => {
    const r = await aws(['describe-images', '--type', 'PRIVATE', '--profile', 'demo-prod', '--region', 'us-east-1'],
      { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    assert.strictEqual(r.code, 0, r.stderr);
    const names = (JSON.parse(r.stdout) as { Images: { Name: string }[] }).Images.map((i) => i.Name).sort();
    assert.deepStrictEqual(names, ['common-base', 'prod-deletable-1', 'prod-golden-2025', 'prod-shared-with-dev', 'team-base']);
    assert.strictEqual(emu.state.requests[0].accountId, '222222222222');
  });

  it('update-image-permissions, describe-image-permissions, delete-image-permissions share and unshare an image', async () => {
    const up = await aws(['update-image-permissions', '--name', 'deletable-1', '--shared-account-id', '222222222222',
      '--image-permissions', 'allowFleet=true,allowImageBuilder=false']);
    assert.strictEqual(up.code, 0, up.stderr);
    assert.deepStrictEqual(emu.state.shares(DEV.accountId, 'us-east-1', 'deletable-1'),
      [{ sharedAccountId: '222222222222', imagePermissions: { allowFleet: true, allowImageBuilder: false } }]);
    const desc = await aws(['describe-image-permissions', '--name', 'deletable-1']);
    assert.strictEqual(desc.code, 0, desc.stderr);
    assert.deepStrictEqual(JSON.parse(desc.stdout), {
      Name: 'deletable-1',
      SharedImagePermissionsList: [{ sharedAccountId: '222222222222', imagePermissions: { allowFleet: true, allowImageBuilder: false } }],
    });
    const del = await aws(['delete-image-permissions', '--name', 'deletable-1', '--shared-account-id', '222222222222']);
    assert.strictEqual(del.code, 0, del.stderr);
    assert.deepStrictEqual(emu.state.shares(DEV.accountId, 'us-east-1', 'deletable-1'), []);
    const bad = await aws(['update-image-permissions', '--name', 'deletable-1', '--shared-account-id', '12345', '--image-permissions', 'allowFleet=true']);
    assert.notStrictEqual(bad.code, 0);
    assert.match(bad.stderr, /ValidationException/);
  });

  it('copy-image creates the destination image COPYING and prints its name', async () => {
    const r = await aws(['copy-image', '--source-image-name', 'deletable-1', '--destination-image-name', 'cli-copy',
      '--destination-region', 'eu-west-1', '--destination-image-description', 'copied by the CLI']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual(JSON.parse(r.stdout), { DestinationImageName: 'cli-copy' });
    const copy = emu.state.images(DEV.accountId, 'eu-west-1').find((s) => s.image.Name === 'cli-copy')?.image;
    assert.deepStrictEqual([copy?.State, copy?.Arn, copy?.Description], ['COPYING', `arn:aws:appstream:eu-west-1:${DEV.accountId}:image/cli-copy`, 'copied by the CLI']);
    const taken = await aws(['copy-image', '--source-image-name', 'deletable-1', '--destination-image-name', 'cli-copy', '--destination-region', 'eu-west-1']);
    assert.notStrictEqual(taken.code, 0);
    assert.match(taken.stderr, /ResourceAlreadyExistsException/);
  });

  it('tag-resource, list-tags-for-resource and untag-resource', async () => {
    const arn = `arn:aws:appstream:us-east-1:${DEV.accountId}:image/deletable-3`;
    const tag = await aws(['tag-resource', '--resource-arn', arn, '--tags', 'team=cli,keep=true']);
    assert.strictEqual(tag.code, 0, tag.stderr);
    const list = await aws(['list-tags-for-resource', '--resource-arn', arn]);
    assert.strictEqual(list.code, 0, list.stderr);
    assert.deepStrictEqual(JSON.parse(list.stdout), { Tags: { team: 'cli', keep: 'true' } });
    const untag = await aws(['untag-resource', '--resource-arn', arn, '--tag-keys', 'keep']);
    assert.strictEqual(untag.code, 0, untag.stderr);
    assert.deepStrictEqual(emu.state.tags(arn), { team: 'cli' });
    const reserved = await aws(['tag-resource', '--resource-arn', arn, '--tags', 'aws:owner=me']);
    assert.notStrictEqual(reserved.code, 0);
    assert.match(reserved.stderr, /ValidationException/);
  });

  it('create-updated-image: --dry-run tells canUpdateImage, then a real update creates the image PENDING', async () => {
    const dry = json<{ canUpdateImage: boolean; image?: unknown }>(await aws(['create-updated-image', '--existing-image-name', 'outdated-agent', '--new-image-name', 'cli-updated', '--dry-run']));
    assert.deepStrictEqual(dry, { canUpdateImage: true });
    const r = json<{ canUpdateImage: boolean; image: { Name: string; State: string; ImageBuilderName: string; CreatedTime: string } }>(
      await aws(['create-updated-image', '--existing-image-name', 'outdated-agent', '--new-image-name', 'cli-updated', '--new-image-tags', 'team=cli']));
    assert.deepStrictEqual([r.canUpdateImage, r.image.Name, r.image.State], [true, 'cli-updated', 'PENDING']);
    assert.match(r.image.CreatedTime, /^20\d\d-/);
    assert.ok(emu.state.imageBuilder(DEV.accountId, 'us-east-1', r.image.ImageBuilderName), 'the managed image builder exists');
    const shared = await aws(['create-updated-image', '--existing-image-name', 'prod-shared-with-dev', '--new-image-name', 'x', '--dry-run']);
    assert.notStrictEqual(shared.code, 0);
    assert.match(shared.stderr, /OperationNotPermittedException/);
  });

  it('describe-image-builders, create-image-builder, stop-, start-, delete-image-builder and create-image-builder-streaming-url', async () => {
    emu.state.builderDelayMs = 50;
    const listed = json<{ ImageBuilders: { Name: string; State: string }[] }>(await aws(['describe-image-builders', '--page-size', '3']));
    assert.deepStrictEqual(listed.ImageBuilders.map((b) => b.Name), emu.state.imageBuilders(DEV.accountId, 'us-east-1').map((b) => b.Name));
    assert.strictEqual(emu.state.count('DescribeImageBuilders'), Math.ceil(listed.ImageBuilders.length / 3));
    const created = json<{ ImageBuilder: { Name: string; State: string; VpcConfig: unknown; IamRoleArn: string; EnableDefaultInternetAccess: boolean } }>(await aws([
      'create-image-builder', '--name', 'cli-builder', '--image-name', 'platform-windows-server-2022', '--instance-type', 'stream.standard.large',
      '--vpc-config', 'SubnetIds=subnet-0123abcd,SecurityGroupIds=sg-0123abcd', '--iam-role-arn', `arn:aws:iam::${DEV.accountId}:role/Builder`,
      '--enable-default-internet-access',
    ]));
    assert.deepStrictEqual([created.ImageBuilder.State, created.ImageBuilder.EnableDefaultInternetAccess, created.ImageBuilder.VpcConfig],
      ['PENDING', true, { SubnetIds: ['subnet-0123abcd'], SecurityGroupIds: ['sg-0123abcd'] }]);
    const state = (): unknown => emu.state.imageBuilder(DEV.accountId, 'us-east-1', 'cli-builder')?.State;
    const wait = async (want: unknown): Promise<void> => {
      for (let i = 0; i < 100 && state() !== want; i++) { await new Promise((r) => setTimeout(r, 20)); }
      assert.strictEqual(state(), want);
    };
    await wait('RUNNING');
    const url = json<{ StreamingURL: string; Expires: string }>(await aws(['create-image-builder-streaming-url', '--name', 'cli-builder', '--validity', '120']));
    assert.match(url.StreamingURL, /^https:\/\/appstream2\.us-east-1\.aws\.amazon\.com\/authenticate\?parameters=/);
    assert.ok(Math.abs(Date.parse(url.Expires) - (Date.now() + 120_000)) < 5000, url.Expires);
    assert.strictEqual(json<{ ImageBuilder: { State: string } }>(await aws(['stop-image-builder', '--name', 'cli-builder'])).ImageBuilder.State, 'STOPPING');
    await wait('STOPPED');
    assert.strictEqual(json<{ ImageBuilder: { State: string } }>(await aws(['start-image-builder', '--name', 'cli-builder'])).ImageBuilder.State, 'PENDING');
    await wait('RUNNING');
    const running = await aws(['delete-image-builder', '--name', 'cli-builder']);
    assert.notStrictEqual(running.code, 0);
    assert.match(running.stderr, /OperationNotPermittedException/);
    await aws(['stop-image-builder', '--name', 'cli-builder']);
    await wait('STOPPED');
    assert.strictEqual(json<{ ImageBuilder: { State: string } }>(await aws(['delete-image-builder', '--name', 'cli-builder'])).ImageBuilder.State, 'DELETING');
    await wait(undefined);
    const snap = await aws(['stop-image-builder', '--name', 'builder-snapshotting']);
    assert.match(snap.stderr, /ConcurrentModificationException/);
  });

  it('create-export-image-task, get-export-image-task, list-export-image-tasks (CLI 2.9 plus AWS\'s model of the export operations)', async () => {
    // Debian's CLI 2.9 predates the export operations: merge AWS's model of them into its appstream model, in this HOME only.
    const base = JSON.parse(fs.readFileSync(DEBIAN_APPSTREAM_MODEL, 'utf8')) as { operations: Record<string, unknown>; shapes: Record<string, unknown> };
    const patch = JSON.parse(fs.readFileSync(EXPORT_MODEL, 'utf8')) as { operations: Record<string, unknown>; shapes: Record<string, unknown> };
    const merged = { ...base, operations: { ...base.operations, ...patch.operations }, shapes: { ...base.shapes, ...patch.shapes } };
    const modelFile = path.join(home, 'appstream-model.json');
    fs.writeFileSync(modelFile, JSON.stringify(merged));
    const add = await run(['configure', 'add-model', '--service-model', `file://${modelFile}`, '--service-name', 'appstream']);
    assert.strictEqual(add.code, 0, add.stderr);
    emu.state.exportDelayMs = 50;
    const created = json<{ ExportImageTask: { TaskId: string; State: string; AmiName: string; CreatedDate: string } }>(await aws([
      'create-export-image-task', '--image-name', 'many-apps', '--ami-name', 'cli-ami', '--iam-role-arn', `arn:aws:iam::${DEV.accountId}:role/Export`,
      '--tag-specifications', 'team=cli',
    ]));
    assert.deepStrictEqual([created.ExportImageTask.State, created.ExportImageTask.AmiName], ['EXPORTING', 'cli-ami']);
    assert.match(created.ExportImageTask.CreatedDate, /^20\d\d-/);
    await new Promise((r) => setTimeout(r, 150));
    const got = json<{ ExportImageTask: { State: string; AmiId: string } }>(await aws(['get-export-image-task', '--task-id', created.ExportImageTask.TaskId]));
    assert.strictEqual(got.ExportImageTask.State, 'COMPLETED');
    assert.match(got.ExportImageTask.AmiId, /^ami-[0-9a-f]{17}$/);
    const listed = json<{ ExportImageTasks: { AmiName: string }[] }>(await aws(['list-export-image-tasks', '--filters', 'Name=State,Values=COMPLETED']));
    assert.deepStrictEqual(listed.ExportImageTasks.map((t) => t.AmiName), ['many-apps-ami-2025-05', 'cli-ami']);
  });

  it('sso list-accounts, list-account-roles and get-role-credentials (bearer token, paging)', async () => {
    const token = emu.state.mintSsoToken(600).accessToken;
    const accounts = json<{ accountList: { accountId: string; accountName: string }[] }>(await cli('sso', ['list-accounts', '--access-token', token, '--page-size', '10']));
    assert.strictEqual(accounts.accountList.length, emu.state.sso.accounts.length);
    assert.ok(accounts.accountList.length >= 30);
    assert.strictEqual(emu.state.count('ListAccounts'), Math.ceil(accounts.accountList.length / 10));
    const roles = json<{ roleList: { roleName: string }[] }>(await cli('sso', ['list-account-roles', '--access-token', token, '--account-id', '510000000003', '--page-size', '5']));
    assert.strictEqual(roles.roleList.length, 12);
    const creds = json<{ roleCredentials: { accessKeyId: string } }>(await cli('sso', ['get-role-credentials', '--access-token', token, '--account-id', '510000000001', '--role-name', 'AdministratorAccess']));
    assert.strictEqual(emu.state.knownKey(creds.roleCredentials.accessKeyId)?.accountId, '510000000001');
    const bad = await cli('sso', ['list-accounts', '--access-token', 'not-a-token']);
    assert.notStrictEqual(bad.code, 0);
    assert.match(bad.stderr, /UnauthorizedException/);
  });

  it('service-quotas list-service-quotas and get-service-quota for appstream2; an account without permission gets AccessDeniedException', async () => {
    const all = json<{ Quotas: { QuotaName: string; QuotaCode: string; Value: number }[] }>(await cli('service-quotas', ['list-service-quotas', '--service-code', 'appstream2', '--page-size', '3']));
    assert.ok(all.Quotas.length >= 8);
    assert.deepStrictEqual(all.Quotas.find((q) => q.QuotaName === 'Images'), { ...all.Quotas.find((q) => q.QuotaName === 'Images'), QuotaCode: 'L-E1182CCA', Value: 45 });
    assert.strictEqual(emu.state.count('ListServiceQuotas'), Math.ceil(all.Quotas.length / 3));
    const one = json<{ Quota: { QuotaName: string; Value: number } }>(await cli('service-quotas', ['get-service-quota', '--service-code', 'appstream2', '--quota-code', 'L-E1182CCA', '--region', 'eu-west-1', '--profile', 'demo-prod'],
      { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined }));
    assert.deepStrictEqual([one.Quota.QuotaName, one.Quota.Value], ['Images', 5]);
    const denied = await cli('service-quotas', ['list-service-quotas', '--service-code', 'appstream2', '--profile', 'demo-partner'], { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    assert.notStrictEqual(denied.code, 0);
    assert.match(denied.stderr, /AccessDeniedException/);
  });

  it('a wrong secret is refused with InvalidSignatureException', async () => {
    const r = await aws(['describe-images', '--max-results', '1'], { AWS_SECRET_ACCESS_KEY: 'not-the-secret' });
    assert.notStrictEqual(r.code, 0);
    assert.match(r.stderr, /InvalidSignatureException/);
  });
});
