// Managed image updates through the AWS layer (src/aws/updates.ts via AppStreamService) against
// the emulator, and the pure rules (src/aws/updateRules.ts) the tree, the commands and the panel use.
import * as assert from 'node:assert/strict';
import type { Image } from '@aws-sdk/client-appstream';
import { classifyError } from '../../../src/aws/errors';
import type { ImageRef } from '../../../src/aws/imageRef';
import { defaultUpdatedName, isUpdateCheckable, updateCheckText, validateUpdatedDisplayName, validateUpdatedImageName, type UpdateCheck } from '../../../src/aws/updateRules';
import { imageContextValue } from '../../../src/tree/imagePresentation';
import { DEV, PROD, classified, sleep, useFixture } from './fixture';

const REGION = 'us-east-1';

describe('managed image updates: rules (pure)', () => {
  it('the new name follows AWS\'s pattern and refuses the reserved prefixes; the default is <name>-updated-<yyyymmdd>', () => {
    assert.equal(validateUpdatedImageName('golden-2026.1_a'), undefined);
    assert.match(validateUpdatedImageName('') ?? '', /Enter a name for the updated image/);
    assert.match(validateUpdatedImageName('-x') ?? '', /starts with a letter/);
    assert.match(validateUpdatedImageName('a b') ?? '', /only letters.*\(not " "\)/);
    assert.match(validateUpdatedImageName('x'.repeat(102)) ?? '', /at most 101/);
    assert.match(validateUpdatedImageName('AppStream-mine') ?? '', /"Amazon", "AWS" or "AppStream"/);
    assert.match(validateUpdatedImageName('awsome') ?? '', /"AWS"/);
    assert.match(validateUpdatedDisplayName('d'.repeat(101)) ?? '', /at most 100/);
    const now = new Date('2026-11-28T01:00:00Z');
    assert.equal(defaultUpdatedName('outdated-agent', now), 'outdated-agent-updated-20261128');
    const long = defaultUpdatedName('n'.repeat(101), now);
    assert.equal(long.length, 101);
    assert.ok(long.endsWith('-updated-20261128'));
    assert.equal(validateUpdatedImageName(long), undefined);
    assert.equal(validateUpdatedImageName(defaultUpdatedName('AWS-thing', now)), undefined, 'a reserved prefix is not kept');
  });

  it('only own AVAILABLE images with an ARN are checked; the row facets', () => {
    const arn = `arn:aws:appstream:${REGION}:${DEV.accountId}:image/x`;
    const own: Image = { Name: 'x', Arn: arn, Visibility: 'PRIVATE', State: 'AVAILABLE' };
    assert.ok(isUpdateCheckable(own));
    assert.ok(!isUpdateCheckable({ ...own, Visibility: 'SHARED' }));
    assert.ok(!isUpdateCheckable({ ...own, State: 'PENDING' }));
    assert.ok(!isUpdateCheckable({ ...own, Arn: undefined }));
    const available: UpdateCheck = { kind: 'available', checkedAt: 1 };
    assert.equal(imageContextValue(own), 'image;available;copyable;deletable;exportable;hasArn;launchable;private;updatable');
    assert.equal(imageContextValue(own, available), 'image;available;copyable;deletable;exportable;hasArn;launchable;private;updatable;updateAvailable');
    assert.equal(imageContextValue(own, { kind: 'upToDate', checkedAt: 1 }), 'image;available;copyable;deletable;exportable;hasArn;launchable;private;updatable');
    assert.equal(imageContextValue({ ...own, State: 'PENDING' }, available), 'image;deletable;hasArn;pending;private;transitional', 'no longer AVAILABLE: no update offered');
    assert.match(updateCheckText(available), /^update available/);
    assert.match(updateCheckText({ kind: 'notSupported', checkedAt: 1, reason: 'platform AMAZON_LINUX2' }), /do not apply: platform AMAZON_LINUX2/);
  });

  it('an access denial of Check for Updates names the IAM action it needs', () => {
    const denied = classifyError({ name: 'AccessDeniedException', message: 'not authorized', $metadata: { httpStatusCode: 403 } }, { profile: 'p', region: REGION, operation: 'CheckForUpdates' });
    assert.equal(denied.kind, 'accessDenied');
    assert.match(denied.advice, /allow the IAM action appstream:CreateUpdatedImage/);
  });
});

describe('managed image updates: AWS layer against the emulator', function () {
  this.timeout(30_000);
  const fx = useFixture({ updateDelayMs: 300 });
  beforeEach(() => {
    fx.emu.state.updateDelayMs = 300;
    fx.emu.state.updateFailures.clear();
  });

  async function waitForState(service: ReturnType<typeof fx.service>, ref: ImageRef, states: string[]): Promise<Image> {
    for (let i = 0; i < 100; i++) {
      const image = await service.describeImage(ref);
      if (image && states.includes(image.State ?? '')) {
        return image;
      }
      await sleep(50);
    }
    assert.fail(`${ref.name} never reached ${states.join('/')}`);
  }

  it('checks every own AVAILABLE image with one dry run each (after one account check) and creates nothing', async () => {
    const service = fx.service();
    const images = await service.listImages('demo-dev', REGION, 'PRIVATE');
    const targets = images.filter(isUpdateCheckable).map((i): ImageRef => ({ profile: 'demo-dev', region: REGION, arn: i.Arn!, name: i.Name! }));
    const before = fx.emu.state.images(DEV.accountId, REGION).length;
    fx.emu.state.resetLog();
    const results = new Map<string, UpdateCheck>();
    await service.checkForUpdates(targets, (ref, check) => results.set(ref.name, check));
    assert.equal(results.size, targets.length);
    assert.equal(fx.emu.state.count('CreateUpdatedImage'), targets.length, 'one request per image');
    assert.equal(fx.emu.state.count('DescribeImages'), 1, 'one account check for the profile and region');
    assert.ok(fx.emu.state.requests.filter((r) => r.op === 'CreateUpdatedImage').every((r) => (r.params as { dryRun?: boolean }).dryRun === true));
    const available = [...results].filter(([, c]) => c.kind === 'available').map(([n]) => n).sort();
    assert.deepEqual(available, ['deletable-4', 'in-use-by-fleet', 'managed-software', 'many-apps', 'outdated-agent', 'platform-windows-server-2019']);
    assert.equal(results.get('deletable-1')?.kind, 'upToDate');
    assert.equal(results.get('platform-amazon-linux2')?.kind, 'notSupported');
    assert.equal(results.get('platform-ubuntu-pro-2404')?.kind, 'notSupported');
    assert.ok(![...results.values()].some((c) => c.kind === 'failed'));
    assert.equal(fx.emu.state.images(DEV.accountId, REGION).length, before, 'a dry run creates nothing');
    assert.equal(fx.emu.state.updates.length, 0);
  });

  it('cancelling stops the checks not sent yet', async () => {
    const service = fx.service();
    const names = ['deletable-1', 'deletable-2', 'deletable-3', 'deletable-4', 'deletable-5', 'outdated-agent', 'many-apps', 'managed-software', 'in-use-by-fleet', 'common-base'];
    const refs = names.map((n) => fx.ref('demo-dev', REGION, n));
    fx.emu.state.resetLog();
    let got = 0;
    await service.checkForUpdates(refs, () => got++, () => got >= 1);
    const sent = fx.emu.state.count('CreateUpdatedImage');
    assert.ok(sent <= 4 && sent < names.length, `only those in flight when cancelled were sent (${sent})`);
    assert.equal(got, sent, 'each one sent has its answer');
  });

  it('creates the updated image (PENDING → AVAILABLE) with the source\'s tags, after the identity check', async () => {
    const service = fx.service();
    const seen = await fx.seen(service, 'demo-dev', REGION, 'many-apps');
    const sourceTags = fx.emu.state.tags(seen.ref.arn);
    assert.ok(Object.keys(sourceTags).length > 0, 'many-apps is seeded with tags');
    fx.emu.state.resetLog();
    const made = await service.createUpdatedImage(seen.ref, { newName: 'many-apps-updated', displayName: 'Many apps (updated)', description: 'patched', copyTags: true, tags: { patched: 'yes' } }, { createdTime: seen.image.CreatedTime });
    assert.equal(made.ref.arn, `arn:aws:appstream:${REGION}:${DEV.accountId}:image/many-apps-updated`);
    assert.equal(made.image.State, 'PENDING');
    assert.deepEqual(
      fx.emu.state.requests.map((r) => r.op),
      ['DescribeImages', 'ListTagsForResource', 'CreateUpdatedImage'],
      'the identity check, the tags, the update',
    );
    const sent = fx.emu.state.requests[2].params as Record<string, unknown>;
    assert.equal(sent.existingImageName, 'many-apps');
    assert.equal(sent.dryRun, false);
    assert.equal(sent.newImageDisplayName, 'Many apps (updated)');
    assert.deepEqual(fx.emu.state.tags(made.ref.arn), { ...sourceTags, patched: 'yes' });
    const done = await waitForState(service, made.ref, ['AVAILABLE', 'FAILED']);
    assert.equal(done.State, 'AVAILABLE');
    assert.equal(done.BaseImageArn, seen.ref.arn);
  });

  it('the seeded failing update ends FAILED with IMAGE_UPDATE_FAILURE', async () => {
    const service = fx.service();
    const seen = await fx.seen(service, 'demo-dev', REGION, 'managed-software');
    const made = await service.createUpdatedImage(seen.ref, { newName: 'managed-software-updated' });
    const done = await waitForState(service, made.ref, ['AVAILABLE', 'FAILED']);
    assert.equal(done.State, 'FAILED');
    assert.equal(done.StateChangeReason?.Code, 'IMAGE_UPDATE_FAILURE');
  });

  it('an up-to-date image: AWS answers canUpdateImage false and nothing is created (explained)', async () => {
    const service = fx.service();
    const ref = fx.ref('demo-dev', REGION, 'deletable-1');
    const info = await classified(service.createUpdatedImage(ref, { newName: 'deletable-1-updated' }), 'demo-dev', 'CreateUpdatedImage');
    assert.equal(info.code, 'NoUpdateAvailable');
    assert.match(info.message, /has the latest updates\. Nothing was created\./);
    assert.match(info.advice, /Check for Updates again later/);
    assert.ok(!fx.emu.state.images(DEV.accountId, REGION).some((i) => i.image.Name === 'deletable-1-updated'));
  });

  it('AWS\'s refusals are explained with what to do next', async () => {
    const service = fx.service();
    const taken = await classified(service.createUpdatedImage(fx.ref('demo-dev', REGION, 'outdated-agent'), { newName: 'deletable-1' }), 'demo-dev', 'CreateUpdatedImage');
    assert.equal(taken.code, 'ResourceAlreadyExistsException');
    assert.match(taken.advice, /choose another name for the updated image/);

    const first = await service.createUpdatedImage(fx.ref('demo-dev', REGION, 'outdated-agent'), { newName: 'outdated-agent-u1' });
    assert.equal(first.image.State, 'PENDING');
    const again = await classified(service.createUpdatedImage(fx.ref('demo-dev', REGION, 'outdated-agent'), { newName: 'outdated-agent-u2' }), 'demo-dev', 'CreateUpdatedImage');
    assert.equal(again.code, 'ConcurrentModificationException');
    assert.match(again.advice, /already being updated: wait until that finishes/);

    const linux = await classified(service.createUpdatedImage(fx.ref('demo-dev', REGION, 'platform-amazon-linux2'), { newName: 'al2-updated' }), 'demo-dev', 'CreateUpdatedImage');
    assert.equal(linux.code, 'IncompatibleImageException');
    assert.match(linux.advice, /Windows Server, Red Hat Enterprise Linux and Rocky Linux.*2017-07-24.*image builder/);

    // demo-prod in us-east-1 is at its Images quota (5 of 5).
    const full = await classified(service.createUpdatedImage(fx.ref('demo-prod', REGION, 'prod-golden-2025'), { newName: 'prod-golden-updated' }), 'demo-prod', 'CreateUpdatedImage');
    assert.equal(full.code, 'LimitExceededException');
    assert.match(full.advice, /At most 5 image updates run at once.*"Images" and "Image builders" quotas/);
    assert.equal(fx.emu.state.count('CreateUpdatedImage', { accountId: PROD.accountId, errorCode: 'LimitExceededException' }), 1, 'a quota is not retried');

    fx.emu.state.addFault({ kind: 'error', op: 'CreateUpdatedImage', code: 'OperationNotPermittedException', message: 'You must own the image.', count: 1 });
    const notOwn = await classified(service.createUpdatedImage(fx.ref('demo-dev', REGION, 'deletable-4'), { newName: 'deletable-4-updated' }), 'demo-dev', 'CreateUpdatedImage');
    assert.equal(notOwn.code, 'OperationNotPermittedException');
    assert.match(notOwn.advice, /Only an image your account owns/);

    const bad = await classified(service.createUpdatedImage(fx.ref('demo-dev', REGION, 'deletable-4'), { newName: 'AWS-nope' }), 'demo-dev', 'CreateUpdatedImage');
    assert.equal(bad.code, 'InvalidInput');
    assert.match(bad.advice, /nothing was sent/);
  });

  it('a profile that now signs in to another account: nothing is checked or created there', async () => {
    const { service, switchTo } = fx.switchable();
    const seen = (await service.listImages('work', REGION, 'PRIVATE')).find((i) => i.Name === 'common-base')!;
    const ref: ImageRef = { profile: 'work', region: REGION, arn: seen.Arn!, name: 'common-base' };
    await switchTo(PROD);
    fx.emu.state.resetLog();
    const results: UpdateCheck[] = [];
    await service.checkForUpdates([ref], (_r, c) => results.push(c));
    assert.equal(results[0].kind, 'failed');
    const checkInfo = classifyError(results[0].kind === 'failed' ? results[0].error : undefined, { profile: 'work', region: REGION, operation: 'CreateUpdatedImage' });
    assert.equal(checkInfo.kind, 'identityChanged');
    assert.match(checkInfo.message, /now signs in to account 222222222222.*Nothing was checked\./);
    const info = await classified(service.createUpdatedImage(ref, { newName: 'common-base-updated' }, { createdTime: seen.CreatedTime }), 'work', 'CreateUpdatedImage');
    assert.equal(info.kind, 'identityChanged');
    assert.match(info.message, /Nothing was updated\./);
    assert.equal(fx.emu.state.count('CreateUpdatedImage'), 0, 'no CreateUpdatedImage in any account');
  });
});
