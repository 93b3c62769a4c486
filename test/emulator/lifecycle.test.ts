/**
 * The emulator's long-running jobs, through the real @aws-sdk/client-appstream over HTTP:
 * managed image updates (CreateUpdatedImage), the image builder lifecycle (Create/Start/Stop/
 * DeleteImageBuilder, CreateImageBuilderStreamingURL, DescribeImageBuilders) and export to an
 * AMI (CreateExportImageTask, GetExportImageTask, ListExportImageTasks).
 */
import * as assert from 'assert';
import {
  AppStreamServiceException, ConcurrentModificationException, CreateExportImageTaskCommand, CreateImageBuilderCommand,
  CreateImageBuilderStreamingURLCommand, CreateUpdatedImageCommand, DeleteImageBuilderCommand, DescribeImageBuildersCommand,
  DescribeImagesCommand, GetExportImageTaskCommand, IncompatibleImageException, InvalidParameterCombinationException,
  InvalidRoleException, LimitExceededException, ListExportImageTasksCommand, ListTagsForResourceCommand,
  OperationNotPermittedException, ResourceAlreadyExistsException, ResourceNotAvailableException, ResourceNotFoundException,
  StartImageBuilderCommand, StopImageBuilderCommand,
} from '@aws-sdk/client-appstream';
import type { AppStreamClient, ExportImageTask, ImageBuilder } from '@aws-sdk/client-appstream';
import { QUOTA_CODES, seedAccounts, startEmulator } from './server';
import type { Emulator } from './server';
import { client, rejectsWith } from './testClient';

const DEV = seedAccounts().find((a) => a.profile === 'demo-dev')!;
const PROD = seedAccounts().find((a) => a.profile === 'demo-prod')!;
const DEV_ID = DEV.accountId;
const R = 'us-east-1';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const validation = (p: Promise<unknown>): Promise<AppStreamServiceException> => rejectsWith(p, AppStreamServiceException, 'ValidationException');
const ROLE = `arn:aws:iam::${DEV_ID}:role/AppStreamBuilderRole`;
const WS2019 = `arn:aws:appstream:${R}::image/AppStream-WinServer2019-06-17-2024`;

async function builder(c: AppStreamClient, name: string): Promise<ImageBuilder | undefined> {
  try {
    return (await c.send(new DescribeImageBuildersCommand({ Names: [name] }))).ImageBuilders?.[0];
  } catch (e) {
    if (e instanceof ResourceNotFoundException) { return undefined; }
    throw e;
  }
}

async function imageState(c: AppStreamClient, name: string): Promise<string | undefined> {
  return (await c.send(new DescribeImagesCommand({ Names: [name] }))).Images?.[0]?.State;
}

/** Polls until `probe` returns `want` (or fails after `ms`). */
async function until<T>(probe: () => Promise<T>, want: T, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await probe();
    if (last === want) { return; }
    await sleep(20);
  }
  assert.fail(`still ${String(last)} after ${ms} ms, expected ${String(want)}`);
}

describe('AppStream emulator: managed updates, image builders, export (through @aws-sdk/client-appstream)', () => {
  let emu: Emulator;
  beforeEach(async () => { emu = await startEmulator({ updateDelayMs: 300, builderDelayMs: 100, exportDelayMs: 150 }); });
  afterEach(async () => { await emu.stop(); });

  describe('CreateUpdatedImage', () => {
    it('dryRun tells canUpdateImage per image and changes nothing', async () => {
      const c = client(emu);
      const before = emu.state.images(DEV_ID, R).length;
      const buildersBefore = emu.state.imageBuilders(DEV_ID, R).length;
      const yes = await c.send(new CreateUpdatedImageCommand({ existingImageName: 'outdated-agent', newImageName: 'outdated-agent-new', dryRun: true }));
      assert.strictEqual(yes.canUpdateImage, true);
      assert.strictEqual(yes.image, undefined);
      const no = await c.send(new CreateUpdatedImageCommand({ existingImageName: 'deletable-1', newImageName: 'deletable-1-new', dryRun: true }));
      assert.strictEqual(no.canUpdateImage, false);
      assert.strictEqual(emu.state.images(DEV_ID, R).length, before);
      assert.strictEqual(emu.state.imageBuilders(DEV_ID, R).length, buildersBefore);
      assert.strictEqual(emu.state.updates.length, 0);
    });

    it('creates the new image PENDING with a managed image builder, then CREATING, then AVAILABLE; the builder is gone', async () => {
      const c = client(emu);
      const r = await c.send(new CreateUpdatedImageCommand({
        existingImageName: 'platform-windows-server-2019', newImageName: 'ws2019-updated', newImageDisplayName: 'WS2019 updated',
        newImageDescription: 'patched', newImageTags: { team: 'platform', keep: '' },
      }));
      assert.strictEqual(r.canUpdateImage, true);
      assert.deepStrictEqual([r.image?.Name, r.image?.State, r.image?.Visibility, r.image?.DisplayName, r.image?.Description],
        ['ws2019-updated', 'PENDING', 'PRIVATE', 'WS2019 updated', 'patched']);
      assert.strictEqual(r.image?.Arn, `arn:aws:appstream:${R}:${DEV_ID}:image/ws2019-updated`);
      assert.strictEqual(r.image?.BaseImageArn, `arn:aws:appstream:${R}:${DEV_ID}:image/platform-windows-server-2019`);
      assert.ok(r.image?.CreatedTime instanceof Date);
      const builderName = r.image?.ImageBuilderName ?? '';
      assert.match(builderName, /^platform-windows-server-2019-\d{10}$/, 'the builder name ends in a random 10-digit suffix');
      const b = await builder(c, builderName);
      assert.deepStrictEqual([b?.State, b?.InstanceType, b?.VpcConfig], ['UPDATING', 'stream.standard.small', undefined]);
      assert.deepStrictEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: r.image!.Arn! }))).Tags, { team: 'platform', keep: '' });
      await until(() => imageState(c, 'ws2019-updated'), 'CREATING');
      await until(async () => (await builder(c, builderName))?.State, 'PENDING_QUALIFICATION');
      await until(() => imageState(c, 'ws2019-updated'), 'AVAILABLE');
      assert.strictEqual(await builder(c, builderName), undefined, 'the managed builder is deleted at the end');
      assert.strictEqual(emu.state.updates.length, 0);
      const fresh = await c.send(new CreateUpdatedImageCommand({ existingImageName: 'ws2019-updated', newImageName: 'again', dryRun: true }));
      assert.strictEqual(fresh.canUpdateImage, false, 'the updated image is up to date');
    });

    it('ends FAILED with IMAGE_UPDATE_FAILURE when configured to fail', async () => {
      emu.state.updateFailures.add('will-fail');
      const c = client(emu);
      await c.send(new CreateUpdatedImageCommand({ existingImageName: 'many-apps', newImageName: 'will-fail' }));
      await until(() => imageState(c, 'will-fail'), 'FAILED');
      const img = (await c.send(new DescribeImagesCommand({ Names: ['will-fail'] }))).Images![0];
      assert.strictEqual(img.StateChangeReason?.Code, 'IMAGE_UPDATE_FAILURE');
      assert.strictEqual(img.ImageErrors?.length, 1);
      assert.ok(img.ImageErrors?.[0].ErrorTimestamp instanceof Date);
    });

    it('without an update available (dryRun false) answers canUpdateImage false and creates nothing', async () => {
      const r = await client(emu).send(new CreateUpdatedImageCommand({ existingImageName: 'deletable-2', newImageName: 'deletable-2-new' }));
      assert.deepStrictEqual([r.canUpdateImage, r.image], [false, undefined]);
      assert.ok(!emu.state.images(DEV_ID, R).some((s) => s.image.Name === 'deletable-2-new'));
    });

    it('errors: not own image, incompatible, name taken, busy source, bad names', async () => {
      const c = client(emu);
      const e1 = await rejectsWith(c.send(new CreateUpdatedImageCommand({ existingImageName: 'prod-shared-with-dev', newImageName: 'x1' })), OperationNotPermittedException);
      assert.match(e1.message, /must own the image/);
      await rejectsWith(c.send(new CreateUpdatedImageCommand({ existingImageName: 'AppStream-WinServer2019-06-17-2024', newImageName: 'x2', dryRun: true })), OperationNotPermittedException);
      await rejectsWith(c.send(new CreateUpdatedImageCommand({ existingImageName: 'no-such-image', newImageName: 'x3' })), ResourceNotFoundException);
      const inc = await rejectsWith(c.send(new CreateUpdatedImageCommand({ existingImageName: 'platform-amazon-linux2', newImageName: 'x4', dryRun: true })), IncompatibleImageException);
      assert.match(inc.message, /AMAZON_LINUX2/);
      await rejectsWith(c.send(new CreateUpdatedImageCommand({ existingImageName: 'outdated-agent', newImageName: 'deletable-1' })), ResourceAlreadyExistsException);
      await rejectsWith(c.send(new CreateUpdatedImageCommand({ existingImageName: 'state-pending', newImageName: 'x5', dryRun: true })), ConcurrentModificationException);
      await rejectsWith(c.send(new CreateUpdatedImageCommand({ existingImageName: 'failed-copy', newImageName: 'x6', dryRun: true })), OperationNotPermittedException);
      await c.send(new CreateUpdatedImageCommand({ existingImageName: 'outdated-agent', newImageName: 'x7' }));
      const busy = await rejectsWith(c.send(new CreateUpdatedImageCommand({ existingImageName: 'outdated-agent', newImageName: 'x8' })), ConcurrentModificationException);
      assert.match(busy.message, /already being updated/);
      const v = await validation(c.send(new CreateUpdatedImageCommand({ existingImageName: 'outdated-agent', newImageName: 'AppStream-mine' })));
      assert.match(v.message, /can't begin with/);
      await validation(c.send(new CreateUpdatedImageCommand({ existingImageName: 'outdated-agent', newImageName: '-bad' })));
      await validation(c.send(new CreateUpdatedImageCommand({ existingImageName: 'outdated-agent', newImageName: 'ok', newImageTags: { 'aws:x': 'y' } })));
    });

    it('at most 5 updates run at once per account and Region (the "Concurrent image updates" quota)', async () => {
      emu.state.updateDelayMs = 60_000;
      const c = client(emu);
      const sources = ['outdated-agent', 'platform-windows-server-2019', 'many-apps', 'managed-software', 'in-use-by-fleet'];
      for (const [i, s] of sources.entries()) {
        await c.send(new CreateUpdatedImageCommand({ existingImageName: s, newImageName: `upd-${i}` }));
      }
      assert.strictEqual(emu.state.updatesIn(DEV_ID, R).length, 5);
      const e = await rejectsWith(c.send(new CreateUpdatedImageCommand({ existingImageName: 'deletable-4', newImageName: 'upd-5' })), LimitExceededException);
      assert.match(e.message, /Concurrent image updates.*L-9B6418E0.*5/);
      // the dry run still answers: it launches nothing
      assert.strictEqual((await c.send(new CreateUpdatedImageCommand({ existingImageName: 'deletable-4', newImageName: 'upd-5', dryRun: true }))).canUpdateImage, true);
      // another region is not affected
      await client(emu, DEV, 'eu-west-1').send(new CreateUpdatedImageCommand({ existingImageName: 'dev-eu-app-image', newImageName: 'eu-upd' }));
    });

    it('needs room under the Images and Image builders quotas', async () => {
      const prod = client(emu, PROD);
      const full = await rejectsWith(prod.send(new CreateUpdatedImageCommand({ existingImageName: 'prod-golden-2025', newImageName: 'golden-new' })), LimitExceededException);
      assert.match(full.message, /"Images" \(L-E1182CCA\) is 5/);
      emu.state.setQuota(DEV_ID, R, QUOTA_CODES.imageBuilders, emu.state.imageBuilders(DEV_ID, R).length);
      const b = await rejectsWith(client(emu).send(new CreateUpdatedImageCommand({ existingImageName: 'many-apps', newImageName: 'no-builder' })), LimitExceededException);
      assert.match(b.message, /Image builders \(total\)/);
    });
  });

  describe('image builders', () => {
    it('CreateImageBuilder: PENDING, then RUNNING; Stop → STOPPING → STOPPED; Start → PENDING → RUNNING; Delete from STOPPED → DELETING → gone', async () => {
      const c = client(emu);
      const r = await c.send(new CreateImageBuilderCommand({
        Name: 'new-builder', ImageName: 'platform-windows-server-2022', InstanceType: 'stream.memory.large', Description: 'mine', DisplayName: 'New builder',
        VpcConfig: { SubnetIds: ['subnet-0123abcd'], SecurityGroupIds: ['sg-0123abcd'] }, IamRoleArn: ROLE, EnableDefaultInternetAccess: true,
        Tags: { team: 'images' },
      }));
      const b = r.ImageBuilder!;
      assert.deepStrictEqual([b.State, b.ImageArn, b.Platform, b.InstanceType, b.IamRoleArn, b.EnableDefaultInternetAccess, b.Arn],
        ['PENDING', `arn:aws:appstream:${R}:${DEV_ID}:image/platform-windows-server-2022`, 'WINDOWS_SERVER_2022', 'stream.memory.large', ROLE, true,
          `arn:aws:appstream:${R}:${DEV_ID}:image-builder/new-builder`]);
      assert.deepStrictEqual(b.VpcConfig, { SubnetIds: ['subnet-0123abcd'], SecurityGroupIds: ['sg-0123abcd'] });
      assert.ok(b.CreatedTime instanceof Date);
      await until(async () => (await builder(c, 'new-builder'))?.State, 'RUNNING');
      assert.match((await builder(c, 'new-builder'))?.NetworkAccessConfiguration?.EniId ?? '', /^eni-[0-9a-f]{17}$/);
      assert.deepStrictEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: b.Arn }))).Tags, { team: 'images' });
      // the image is now in use by the builder
      await rejectsWith(c.send(new DeleteImageBuilderCommand({ Name: 'new-builder' })), OperationNotPermittedException);
      assert.strictEqual((await c.send(new StopImageBuilderCommand({ Name: 'new-builder' }))).ImageBuilder?.State, 'STOPPING');
      await rejectsWith(c.send(new StopImageBuilderCommand({ Name: 'new-builder' })), ConcurrentModificationException);
      await until(async () => (await builder(c, 'new-builder'))?.State, 'STOPPED');
      assert.strictEqual((await c.send(new StartImageBuilderCommand({ Name: 'new-builder' }))).ImageBuilder?.State, 'PENDING');
      await until(async () => (await builder(c, 'new-builder'))?.State, 'RUNNING');
      await c.send(new StopImageBuilderCommand({ Name: 'new-builder' }));
      await until(async () => (await builder(c, 'new-builder'))?.State, 'STOPPED');
      assert.strictEqual((await c.send(new DeleteImageBuilderCommand({ Name: 'new-builder' }))).ImageBuilder?.State, 'DELETING');
      await until(async () => (await builder(c, 'new-builder'))?.State, undefined);
      await rejectsWith(c.send(new ListTagsForResourceCommand({ ResourceArn: b.Arn })), ResourceNotFoundException);
    });

    it('a builder configured to fail ends FAILED with ImageBuilderErrors', async () => {
      emu.state.builderFailures.add('doomed');
      const c = client(emu);
      await c.send(new CreateImageBuilderCommand({ Name: 'doomed', ImageArn: WS2019, InstanceType: 'stream.standard.medium' }));
      await until(async () => (await builder(c, 'doomed'))?.State, 'FAILED');
      const b = await builder(c, 'doomed');
      assert.strictEqual(b?.StateChangeReason?.Code, 'INTERNAL_ERROR');
      assert.ok(b?.ImageBuilderErrors?.[0].ErrorTimestamp instanceof Date);
      assert.strictEqual((await c.send(new DeleteImageBuilderCommand({ Name: 'doomed' }))).ImageBuilder?.State, 'DELETING', 'a FAILED builder can be deleted');
    });

    it('the seed has builders in every state, with ImageBuilderErrors on the failed one; intermediate states refuse stop, start and delete', async () => {
      const c = client(emu);
      const all = (await c.send(new DescribeImageBuildersCommand({}))).ImageBuilders!;
      const states = new Set(all.map((b) => b.State));
      for (const s of ['RUNNING', 'STOPPED', 'PENDING', 'SNAPSHOTTING', 'STOPPING', 'UPDATING_AGENT', 'REBOOTING', 'FAILED', 'DELETING']) {
        assert.ok(states.has(s as ImageBuilder['State']), `a seeded builder in ${s}`);
      }
      const failed = all.find((b) => b.Name === 'builder-failed')!;
      assert.deepStrictEqual(failed.ImageBuilderErrors?.map((e) => e.ErrorCode), ['SUBNET_NOT_FOUND', 'IAM_SERVICE_ROLE_MISSING_ENI_CREATE_ACTION']);
      for (const name of ['builder-snapshotting', 'builder-pending', 'builder-rebooting', 'builder-updating-agent']) {
        const e = await rejectsWith(c.send(new StopImageBuilderCommand({ Name: name })), ConcurrentModificationException);
        assert.match(e.message, /Wait until/);
        await rejectsWith(c.send(new DeleteImageBuilderCommand({ Name: name })), ConcurrentModificationException);
      }
      const snap = await rejectsWith(c.send(new DeleteImageBuilderCommand({ Name: 'builder-snapshotting' })), ConcurrentModificationException);
      assert.match(snap.message, /SNAPSHOTTING/);
      await rejectsWith(c.send(new StartImageBuilderCommand({ Name: 'demo-builder' })), ResourceNotAvailableException);
      await rejectsWith(c.send(new StopImageBuilderCommand({ Name: 'public-builder' })), OperationNotPermittedException);
      await rejectsWith(c.send(new StopImageBuilderCommand({ Name: 'nope' })), ResourceNotFoundException);
      assert.strictEqual(emu.state.imageBuilder(DEV_ID, R, 'builder-snapshotting')?.State, 'SNAPSHOTTING', 'nothing changed');
    });

    it('CreateImageBuilder validation and errors', async () => {
      const c = client(emu);
      const base = { Name: 'b1', ImageArn: WS2019, InstanceType: 'stream.standard.medium' };
      await validation(c.send(new CreateImageBuilderCommand({ ...base, Name: 'bad name' })));
      const it = await validation(c.send(new CreateImageBuilderCommand({ ...base, InstanceType: 'stream.standard.huge' })));
      assert.match(it.message, /instanceType/);
      await validation(c.send(new CreateImageBuilderCommand({ ...base, VpcConfig: { SubnetIds: ['subnet-xyz'] } })));
      await validation(c.send(new CreateImageBuilderCommand({ ...base, VpcConfig: { SubnetIds: ['subnet-0123abcd'], SecurityGroupIds: ['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5', 'sg-6'] } })));
      await validation(c.send(new CreateImageBuilderCommand({ ...base, IamRoleArn: 'not-an-arn' })));
      await validation(c.send(new CreateImageBuilderCommand({ ...base, DisplayName: 'x'.repeat(101) })));
      await rejectsWith(c.send(new CreateImageBuilderCommand({ ...base, VpcConfig: { SubnetIds: ['subnet-0123abcd', 'subnet-0123abce'] } })), InvalidParameterCombinationException);
      await rejectsWith(c.send(new CreateImageBuilderCommand({ ...base, ImageName: 'many-apps' })), InvalidParameterCombinationException);
      await rejectsWith(c.send(new CreateImageBuilderCommand({ Name: 'b1', InstanceType: 'stream.standard.medium' })), InvalidParameterCombinationException);
      await rejectsWith(c.send(new CreateImageBuilderCommand({ ...base, IamRoleArn: `arn:aws:iam::${PROD.accountId}:role/Other` })), InvalidRoleException);
      await rejectsWith(c.send(new CreateImageBuilderCommand({ ...base, IamRoleArn: `arn:aws:s3:::bucket` })), InvalidRoleException);
      await rejectsWith(c.send(new CreateImageBuilderCommand({ ...base, ImageArn: undefined, ImageName: 'nope' })), ResourceNotFoundException);
      await rejectsWith(c.send(new CreateImageBuilderCommand({ ...base, ImageArn: undefined, ImageName: 'state-pending' })), ResourceNotAvailableException);
      const fam = await rejectsWith(c.send(new CreateImageBuilderCommand({ ...base, ImageArn: undefined, ImageName: 'platform-amazon-linux2', InstanceType: 'stream.compute.large' })), IncompatibleImageException);
      assert.match(fam.message, /COMPUTE_OPTIMIZED/);
      // shared images: by ARN only, and only with allowImageBuilder
      await rejectsWith(c.send(new CreateImageBuilderCommand({ ...base, ImageArn: `arn:aws:appstream:${R}:${PROD.accountId}:image/common-base` })), OperationNotPermittedException);
      const ok = await c.send(new CreateImageBuilderCommand({ ...base, ImageArn: `arn:aws:appstream:${R}:${PROD.accountId}:image/team-base` }));
      assert.strictEqual(ok.ImageBuilder?.ImageArn, `arn:aws:appstream:${R}:${PROD.accountId}:image/team-base`);
      await rejectsWith(c.send(new CreateImageBuilderCommand(base)), ResourceAlreadyExistsException);
      emu.state.setQuota(DEV_ID, R, QUOTA_CODES.imageBuilders, emu.state.imageBuilders(DEV_ID, R).length);
      const lim = await rejectsWith(c.send(new CreateImageBuilderCommand({ ...base, Name: 'b2' })), LimitExceededException);
      assert.match(lim.message, /L-DE32F884/);
    });

    it('CreateImageBuilderStreamingURL: only for a RUNNING builder, a URL with a token, Expires = now + Validity (1..604800, default 3600)', async () => {
      const c = client(emu);
      const t0 = Date.now();
      const r = await c.send(new CreateImageBuilderStreamingURLCommand({ Name: 'demo-builder', Validity: 60 }));
      const url = new URL(r.StreamingURL!);
      assert.strictEqual(url.origin, 'https://appstream2.us-east-1.aws.amazon.com');
      const params = JSON.parse(Buffer.from(url.searchParams.get('parameters')!, 'base64url').toString('utf8')) as { token: string; imageBuilderName: string };
      assert.ok(params.token.length >= 20);
      assert.strictEqual(params.imageBuilderName, 'demo-builder');
      assert.ok(url.searchParams.get('signature'));
      assert.ok(r.Expires instanceof Date);
      assert.ok(Math.abs(r.Expires.getTime() - (t0 + 60_000)) < 2000, `Expires ${r.Expires.toISOString()}`);
      const def = await c.send(new CreateImageBuilderStreamingURLCommand({ Name: 'demo-builder' }));
      assert.ok(Math.abs(def.Expires!.getTime() - (Date.now() + 3_600_000)) < 2000);
      assert.notStrictEqual(def.StreamingURL, r.StreamingURL, 'a new token each time');
      assert.deepStrictEqual(emu.state.streamingUrls.map((u) => u.url), [r.StreamingURL, def.StreamingURL]);
      await validation(c.send(new CreateImageBuilderStreamingURLCommand({ Name: 'demo-builder', Validity: 0 })));
      await validation(c.send(new CreateImageBuilderStreamingURLCommand({ Name: 'demo-builder', Validity: 604_801 })));
      await rejectsWith(c.send(new CreateImageBuilderStreamingURLCommand({ Name: 'public-builder' })), OperationNotPermittedException);
      await rejectsWith(c.send(new CreateImageBuilderStreamingURLCommand({ Name: 'builder-snapshotting' })), OperationNotPermittedException);
      await rejectsWith(c.send(new CreateImageBuilderStreamingURLCommand({ Name: 'nope' })), ResourceNotFoundException);
      const logged = JSON.stringify(emu.state.requests);
      assert.ok(!logged.includes(params.token), 'the request log never holds a streaming URL');
    });
  });

  describe('export image tasks', () => {
    it('CreateExportImageTask → EXPORTING, then COMPLETED with an AMI id; Get and List show it', async () => {
      const c = client(emu);
      const r = await c.send(new CreateExportImageTaskCommand({
        ImageName: 'deletable-3', AmiName: 'deletable-3(export)/v1', IamRoleArn: `arn:aws:iam::${DEV_ID}:role/AppStreamExport`,
        AmiDescription: 'for EC2', TagSpecifications: { team: 'images' },
      }));
      const t = r.ExportImageTask!;
      assert.match(t.TaskId!, /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/);
      assert.deepStrictEqual([t.State, t.ImageArn, t.AmiName, t.AmiDescription, t.AmiId, t.TagSpecifications],
        ['EXPORTING', `arn:aws:appstream:${R}:${DEV_ID}:image/deletable-3`, 'deletable-3(export)/v1', 'for EC2', undefined, { team: 'images' }]);
      assert.ok(t.CreatedDate instanceof Date);
      await until(async () => (await c.send(new GetExportImageTaskCommand({ TaskId: t.TaskId }))).ExportImageTask?.State, 'COMPLETED');
      const done = (await c.send(new GetExportImageTaskCommand({ TaskId: t.TaskId }))).ExportImageTask!;
      assert.match(done.AmiId ?? '', /^ami-[0-9a-f]{17}$/);
      assert.strictEqual(done.ErrorDetails, undefined);
      const all: ExportImageTask[] = [];
      let token: string | undefined;
      let pages = 0;
      do { // the SDK has no paginator for ListExportImageTasks
        const page = await c.send(new ListExportImageTasksCommand({ MaxResults: 2, NextToken: token }));
        all.push(...(page.ExportImageTasks ?? []));
        token = page.NextToken;
        pages++;
      } while (token);
      assert.strictEqual(pages, 2);
      assert.deepStrictEqual(all.map((x) => x.State), ['COMPLETED', 'FAILED', 'TIMED_OUT', 'COMPLETED'], 'three seeded tasks, then the new one');
      const failedOnly = await c.send(new ListExportImageTasksCommand({ Filters: [{ Name: 'State', Values: ['FAILED', 'TIMED_OUT'] }] }));
      assert.deepStrictEqual(failedOnly.ExportImageTasks?.map((x) => x.AmiName), ['ws2019-ami', 'common-base-ami']);
      assert.deepStrictEqual(failedOnly.ExportImageTasks?.[0].ErrorDetails?.map((e) => e.ErrorCode), ['IAM_ROLE_INVALID', 'AMI_CREATION_FAILED']);
      // other accounts and regions do not see them
      assert.deepStrictEqual((await client(emu, PROD).send(new ListExportImageTasksCommand({}))).ExportImageTasks, []);
      await rejectsWith(client(emu, PROD).send(new GetExportImageTaskCommand({ TaskId: t.TaskId })), ResourceNotFoundException);
      await rejectsWith(client(emu, DEV, 'eu-west-1').send(new GetExportImageTaskCommand({ TaskId: t.TaskId })), ResourceNotFoundException);
    });

    it('an export configured to fail ends FAILED with ErrorDetails', async () => {
      emu.state.exportFailures.add('doomed-ami');
      const c = client(emu);
      const t = (await c.send(new CreateExportImageTaskCommand({ ImageName: 'many-apps', AmiName: 'doomed-ami', IamRoleArn: `arn:aws:iam::${DEV_ID}:role/R` }))).ExportImageTask!;
      await until(async () => (await c.send(new GetExportImageTaskCommand({ TaskId: t.TaskId }))).ExportImageTask?.State, 'FAILED');
      const f = (await c.send(new GetExportImageTaskCommand({ TaskId: t.TaskId }))).ExportImageTask!;
      assert.strictEqual(f.AmiId, undefined);
      assert.strictEqual(f.ErrorDetails?.[0].ErrorCode, 'AMI_CREATION_FAILED');
    });

    it('errors: not own, not available, bad AMI name, bad role, AMI name taken, too many at once, bad task id and filters', async () => {
      const c = client(emu);
      const role = `arn:aws:iam::${DEV_ID}:role/R`;
      await rejectsWith(c.send(new CreateExportImageTaskCommand({ ImageName: 'prod-shared-with-dev', AmiName: 'a-1', IamRoleArn: role })), OperationNotPermittedException);
      await rejectsWith(c.send(new CreateExportImageTaskCommand({ ImageName: 'nope', AmiName: 'a-1', IamRoleArn: role })), ResourceNotFoundException);
      await rejectsWith(c.send(new CreateExportImageTaskCommand({ ImageName: 'state-creating', AmiName: 'a-1', IamRoleArn: role })), ResourceNotAvailableException);
      await validation(c.send(new CreateExportImageTaskCommand({ ImageName: 'many-apps', AmiName: 'ab', IamRoleArn: role })));
      await validation(c.send(new CreateExportImageTaskCommand({ ImageName: 'many-apps', AmiName: 'has space!', IamRoleArn: role })));
      await validation(c.send(new CreateExportImageTaskCommand({ ImageName: 'many-apps', AmiName: 'a-1', IamRoleArn: 'role' })));
      await rejectsWith(c.send(new CreateExportImageTaskCommand({ ImageName: 'many-apps', AmiName: 'a-1', IamRoleArn: `arn:aws:iam::${PROD.accountId}:role/R` })), InvalidRoleException);
      const taken = await rejectsWith(c.send(new CreateExportImageTaskCommand({ ImageName: 'deletable-1', AmiName: 'many-apps-ami-2025-05', IamRoleArn: role })), OperationNotPermittedException);
      assert.match(taken.message, /unique/);
      emu.state.exportDelayMs = 60_000;
      for (let i = 0; i < 5; i++) {
        await c.send(new CreateExportImageTaskCommand({ ImageName: 'many-apps', AmiName: `ami-run-${i}`, IamRoleArn: role }));
      }
      await rejectsWith(c.send(new CreateExportImageTaskCommand({ ImageName: 'many-apps', AmiName: 'ami-run-5', IamRoleArn: role })), LimitExceededException);
      await validation(c.send(new GetExportImageTaskCommand({ TaskId: 'not-a-uuid' })));
      await validation(c.send(new GetExportImageTaskCommand({})));
      await rejectsWith(c.send(new GetExportImageTaskCommand({ TaskId: '00000000-0000-4000-8000-000000000000' })), ResourceNotFoundException);
      await validation(c.send(new ListExportImageTasksCommand({ Filters: [{ Name: 'Color', Values: ['red'] }] })));
      await validation(c.send(new ListExportImageTasksCommand({ MaxResults: 501 })));
      await rejectsWith(c.send(new ListExportImageTasksCommand({ NextToken: 'garbage' })), AppStreamServiceException, 'InvalidParameterCombinationException');
    });
  });
});
