// Image builders through the AWS layer (src/aws/builders.ts via AppStreamService) against the
// emulator, and the pure rules (src/aws/builderRules.ts) the tree and the commands use.
import * as assert from 'node:assert/strict';
import { builderActionRefusal, builderContextValue, builderRefOf, canBuilder, isBuilderTransitional, type BuilderRef } from '../../../src/aws/builderRules';
import { DEV, PROD, classified, sleep, useFixture } from './fixture';

const REGION = 'us-east-1';

describe('image builders: rules (pure)', () => {
  it('what each action needs, and the refusal says to wait while it is busy', () => {
    const arn = `arn:aws:appstream:${REGION}:${DEV.accountId}:image-builder/b`;
    assert.ok(canBuilder('stop', { State: 'RUNNING', Arn: arn }));
    assert.ok(canBuilder('connect', { State: 'RUNNING', Arn: arn }));
    assert.ok(canBuilder('start', { State: 'STOPPED', Arn: arn }));
    assert.ok(canBuilder('delete', { State: 'STOPPED', Arn: arn }));
    assert.ok(canBuilder('delete', { State: 'FAILED', Arn: arn }));
    assert.ok(!canBuilder('delete', { State: 'RUNNING', Arn: arn }));
    assert.ok(!canBuilder('stop', { State: 'RUNNING' }), 'no ARN, no action');
    assert.equal(builderActionRefusal('stop', { State: 'RUNNING', Arn: arn, Name: 'b' }), undefined);
    assert.match(builderActionRefusal('delete', { State: 'SNAPSHOTTING', Arn: arn, Name: 'b' }) ?? '', /"b" is creating an image \(SNAPSHOTTING\).*Wait until it is STOPPED or FAILED again, then retry/);
    assert.match(builderActionRefusal('stop', { State: 'PENDING', Arn: arn, Name: 'b' }) ?? '', /is PENDING.*Wait until it is RUNNING/);
    assert.match(builderActionRefusal('start', { State: 'RUNNING', Arn: arn, Name: 'b' }) ?? '', /can be started only when it is STOPPED/);
    for (const s of ['PENDING', 'UPDATING_AGENT', 'STOPPING', 'REBOOTING', 'SNAPSHOTTING', 'DELETING', 'UPDATING', 'PENDING_QUALIFICATION']) {
      assert.ok(isBuilderTransitional(s), s);
    }
    assert.ok(!isBuilderTransitional('RUNNING') && !isBuilderTransitional('STOPPED') && !isBuilderTransitional('FAILED'));
    assert.equal(builderContextValue({ State: 'RUNNING', Arn: arn }), 'builder;canConnect;canStop;hasArn;running');
    assert.equal(builderContextValue({ State: 'SNAPSHOTTING', Arn: arn }), 'builder;hasArn;snapshotting;transitional');
    assert.equal(builderContextValue({ State: 'FAILED', Arn: arn }), 'builder;canDelete;failed;hasArn');
  });
});

describe('image builders: AWS layer against the emulator', function () {
  this.timeout(30_000);
  const fx = useFixture({ builderDelayMs: 100 });
  beforeEach(() => {
    fx.emu.state.builderDelayMs = 100;
  });

  const ref = (name: string, profile = 'demo-dev', account = DEV.accountId): BuilderRef => ({ profile, region: REGION, name, arn: `arn:aws:appstream:${REGION}:${account}:image-builder/${name}` });

  it('lists every builder of the account, all pages, with their states', async () => {
    const service = fx.service();
    const builders = await service.listImageBuilders('demo-dev', REGION);
    const states = new Map(builders.map((b) => [b.Name, b.State]));
    assert.equal(states.get('demo-builder'), 'RUNNING');
    assert.equal(states.get('builder-snapshotting'), 'SNAPSHOTTING');
    assert.equal(states.get('builder-failed'), 'FAILED');
    assert.equal(builders.length, fx.emu.state.imageBuilders(DEV.accountId, REGION).length);
    assert.ok(builders.every((b) => builderRefOf('demo-dev', REGION, b)?.arn === `arn:aws:appstream:${REGION}:${DEV.accountId}:image-builder/${b.Name}`));
    const failed = builders.find((b) => b.Name === 'builder-failed')!;
    assert.equal(failed.ImageBuilderErrors?.length, 2);

    // Pages: 30 more builders make it two pages of 25.
    for (let i = 0; i < 30; i++) {
      fx.emu.state.imageBuilders(DEV.accountId, REGION).push({ ...fx.emu.state.imageBuilder(DEV.accountId, REGION, 'public-builder')!, Name: `extra-${i}`, Arn: `arn:aws:appstream:${REGION}:${DEV.accountId}:image-builder/extra-${i}` });
    }
    fx.emu.state.resetLog();
    const all = await service.listImageBuilders('demo-dev', REGION);
    assert.equal(all.length, builders.length + 30);
    assert.ok(fx.emu.state.count('DescribeImageBuilders') >= 2, 'several pages');
  });

  it('stop: checks the builder (one describe), then one StopImageBuilder; STOPPING → STOPPED', async () => {
    const service = fx.service();
    fx.emu.state.resetLog();
    const answered = await service.stopImageBuilder(ref('demo-builder'));
    assert.equal(answered?.State, 'STOPPING');
    assert.deepEqual(
      fx.emu.state.requests.map((r) => r.op),
      ['DescribeImageBuilders', 'StopImageBuilder'],
    );
    assert.deepEqual(fx.emu.state.requests[0].params, { Names: ['demo-builder'] });
    await sleep(400);
    assert.equal((await service.describeImageBuilder(ref('demo-builder')))?.State, 'STOPPED');
    const started = await service.startImageBuilder(ref('demo-builder'));
    assert.equal(started?.State, 'PENDING');
    await sleep(400);
    assert.equal((await service.describeImageBuilder(ref('demo-builder')))?.State, 'RUNNING');
  });

  it('delete: a STOPPED builder goes DELETING, then is gone', async () => {
    const service = fx.service();
    assert.equal((await service.deleteImageBuilder(ref('public-builder')))?.State, 'DELETING');
    await sleep(400);
    assert.equal(await service.describeImageBuilder(ref('public-builder')), undefined);
  });

  it('a builder that is SNAPSHOTTING refuses stop and delete: the explanation says to wait', async () => {
    const service = fx.service();
    for (const [call, op] of [
      [() => service.stopImageBuilder(ref('builder-snapshotting')), 'StopImageBuilder'],
      [() => service.deleteImageBuilder(ref('builder-snapshotting')), 'DeleteImageBuilder'],
    ] as const) {
      const info = await classified(call(), 'demo-dev', op);
      assert.equal(info.kind, 'concurrentModification');
      assert.match(info.message, /SNAPSHOTTING/);
      assert.match(info.advice, /busy \(creating an image while SNAPSHOTTING.*wait until it is (RUNNING|STOPPED \(or FAILED\))/);
    }
    const wrongState = await classified(service.startImageBuilder(ref('demo-builder')), 'demo-dev', 'StartImageBuilder');
    assert.equal(wrongState.kind, 'notAvailable');
    assert.match(wrongState.advice, /needs the image builder to be STOPPED/);
    const url = await classified(service.imageBuilderStreamingUrl(ref('public-builder')), 'demo-dev', 'OpenImageBuilderInBrowser');
    assert.equal(url.kind, 'notPermitted');
    assert.match(url.advice, /needs the image builder to be RUNNING/);
  });

  it('streaming URL: Validity sent, a fresh URL each time, never in the request log', async () => {
    const service = fx.service();
    fx.emu.state.resetLog();
    const first = await service.imageBuilderStreamingUrl(ref('demo-builder'), 120);
    const second = await service.imageBuilderStreamingUrl(ref('demo-builder'));
    // Never printed, not even by a failing assertion: the URL is a credential.
    assert.ok(/^https:\/\/appstream2\.us-east-1\.aws\.amazon\.com\/authenticate\?parameters=/.test(first.url), 'a streaming URL of us-east-1');
    assert.ok(first.url !== second.url, 'a fresh URL each call');
    assert.ok(fx.emu.state.streamingUrls.some((m) => m.url === first.url), 'the one the emulator handed out');
    assert.ok(first.expires instanceof Date);
    const sent = fx.emu.state.requests.filter((r) => r.op === 'CreateImageBuilderStreamingURL');
    assert.deepEqual(sent.map((r) => r.params), [{ Name: 'demo-builder', Validity: 120 }, { Name: 'demo-builder', Validity: 300 }]);
    assert.ok(!JSON.stringify(fx.emu.state.requests).includes(first.url));
  });

  it('acts only in the account the user saw: a profile now signed in to another account sends nothing', async () => {
    const { service, switchTo } = fx.switchable();
    const seen = builderRefOf('work', REGION, (await service.listImageBuilders('work', REGION)).find((b) => b.Name === 'demo-builder')!)!;
    await switchTo(PROD);
    fx.emu.state.resetLog();
    const info = await classified(service.stopImageBuilder(seen), 'work', 'StopImageBuilder');
    assert.equal(info.kind, 'identityChanged');
    assert.match(info.message, /now signs in to account 222222222222.*"demo-builder", is in account 111111111111\. Nothing was stopped\./);
    assert.equal(fx.emu.state.count('StopImageBuilder'), 0);
    assert.equal(fx.emu.state.imageBuilder(DEV.accountId, REGION, 'demo-builder')?.State, 'RUNNING');
  });

  it('a builder deleted meanwhile: not found, nothing sent', async () => {
    const service = fx.service();
    fx.emu.state.removeImageBuilder(DEV.accountId, REGION, 'public-builder');
    const info = await classified(service.startImageBuilder(ref('public-builder')), 'demo-dev', 'StartImageBuilder');
    assert.equal(info.kind, 'notFound');
    assert.match(info.message, /no longer exists/);
    assert.equal(fx.emu.state.count('StartImageBuilder'), 0);
  });
});
