// Sharing through the AWS layer (src/aws/sharing.ts via AppStreamService), the real SDK over
// HTTP against the emulator: what the consumer account sees, what is sent, and what is not.
import * as assert from 'node:assert/strict';
import { ResourceNotAvailableException } from '@aws-sdk/client-appstream';
import { classifyError } from '../../../src/aws/errors';
import { InvalidInput } from '../../../src/aws/invalidInput';
import { losesFleetAccess, normalizeAccountId, onlySharingBlocksDelete, UnshareFailed, validateAccountId } from '../../../src/aws/sharing';
import type { AppStreamService } from '../../../src/aws/service';
import { DEV, PARTNER, PROD, classified, rejection, useFixture } from './fixture';

describe('sharing (src/aws/sharing.ts) against the emulator', function () {
  this.timeout(20_000);
  const fx = useFixture({ deleteDelayMs: 60_000 });

  /** What demo-prod's *Shared with me* group shows: [arn, permissions] of images owned by demo-dev. */
  async function prodSeesFromDev(s: AppStreamService): Promise<Map<string, unknown>> {
    const shared = await s.listImages('demo-prod', 'us-east-1', 'SHARED');
    return new Map(shared.filter((i) => i.Arn?.includes(`:${DEV.accountId}:`)).map((i) => [i.Arn!, i.ImagePermissions]));
  }

  describe('validateAccountId (as you type)', () => {
    const cases: [string, RegExp | undefined][] = [
      ['222222222222', undefined],
      ['2222-2222-2222', undefined],
      [' 2222 2222 2222 ', undefined],
      ['', /Enter the 12-digit ID/],
      ['22222222222', /12 digits; this has 11/],
      ['2222222222223', /12 digits; this has 13/],
      ['22222222222a', /only digits/],
      ['arn:aws:iam::222222222222:root', /only digits/],
      ['111111111111', /owns the image/],
    ];
    for (const [text, problem] of cases) {
      it(`${JSON.stringify(text)} → ${problem ?? 'valid'}`, () => {
        const got = validateAccountId(text, DEV.accountId);
        if (problem) {
          assert.match(got ?? '', problem);
        } else {
          assert.equal(got, undefined);
          assert.equal(normalizeAccountId(text), '222222222222');
        }
      });
    }

    it('losesFleetAccess and onlySharingBlocksDelete', () => {
      assert.equal(losesFleetAccess({ allowFleet: true }, { allowFleet: false }), true);
      assert.equal(losesFleetAccess({ allowFleet: true }, undefined), true);
      assert.equal(losesFleetAccess({ allowFleet: false }, undefined), false);
      assert.equal(losesFleetAccess(undefined, { allowFleet: true }), false);
      const share = { sharedAccountId: PROD.accountId, imagePermissions: { allowFleet: true } };
      assert.equal(onlySharingBlocksDelete({ fleets: [], imageBuilders: [], sharedWith: [share] }), true);
      assert.equal(onlySharingBlocksDelete({ fleets: [{ name: 'f' }], imageBuilders: [], sharedWith: [share] }), false);
      assert.equal(onlySharingBlocksDelete({ fleets: [], imageBuilders: [], sharedWith: [] }), false);
    });
  });

  it('share, change, unshare: visible in demo-prod\'s SHARED listing; 1 DescribeImages + 1 change request each', async () => {
    const s = fx.service();
    const seen = await fx.seen(s, 'demo-dev', 'us-east-1', 'deletable-1');
    assert.deepEqual(await s.imageShares(seen), []);
    assert.equal((await prodSeesFromDev(s)).has(seen.ref.arn), false);
    fx.emu.state.resetLog();

    await s.shareImage(seen.ref, '2222-2222-2222', { allowFleet: true, allowImageBuilder: false }, { createdTime: seen.image.CreatedTime });
    assert.equal(fx.emu.state.count('DescribeImages', { accountId: DEV.accountId }), 1, 'the identity check');
    assert.equal(fx.emu.state.count('UpdateImagePermissions', { accountId: DEV.accountId, status: 200 }), 1);
    assert.equal(fx.emu.state.requests.length, 2);
    assert.deepEqual((await prodSeesFromDev(s)).get(seen.ref.arn), { allowFleet: true, allowImageBuilder: false });
    assert.deepEqual(await s.imageShares(seen), [{ accountId: PROD.accountId, allowFleet: true, allowImageBuilder: false }]);

    await s.shareImage(seen.ref, PROD.accountId, { allowFleet: false, allowImageBuilder: true });
    assert.deepEqual((await prodSeesFromDev(s)).get(seen.ref.arn), { allowFleet: false, allowImageBuilder: true });
    assert.deepEqual(await s.imageShares(seen), [{ accountId: PROD.accountId, allowFleet: false, allowImageBuilder: true }]);

    fx.emu.state.resetLog();
    await s.unshareImage(seen.ref, PROD.accountId, { createdTime: seen.image.CreatedTime });
    assert.deepEqual(fx.emu.state.requests.map((r) => `${r.op} ${r.status}`), ['DescribeImages 200', 'DeleteImagePermissions 200']);
    assert.equal((await prodSeesFromDev(s)).has(seen.ref.arn), false, 'dropped from demo-prod\'s Shared with me');
    assert.deepEqual(await s.imageShares(seen), []);
  });

  it('profileAccount: the account of each profile in view, to offer by name (one DescribeImages each)', async () => {
    const s = fx.service();
    assert.equal(await s.profileAccount('demo-prod', 'us-east-1'), PROD.accountId);
    assert.equal(await s.profileAccount('demo-partner', 'us-east-1'), PARTNER.accountId);
    assert.equal(await s.profileAccount('demo-empty', 'us-east-1'), undefined, 'no own image there: cannot tell');
    assert.equal(fx.emu.state.count('DescribeImages'), 3);
  });

  it('imageShares of an image shared with me is [] without a request (by name it would find my own common-base)', async () => {
    const s = fx.service();
    const shared = (await s.listImages('demo-dev', 'us-east-1', 'SHARED')).find((i) => i.Name === 'common-base')!;
    fx.emu.state.resetLog();
    assert.deepEqual(await s.imageShares({ ref: { profile: 'demo-dev', region: 'us-east-1', arn: shared.Arn!, name: 'common-base' }, image: shared }), []);
    assert.equal(fx.emu.state.requests.length, 0);
  });

  it('an account id that is not 12 digits, or the owner\'s own, is refused before any request', async () => {
    const s = fx.service();
    const ref = fx.ref('demo-dev', 'us-east-1', 'deletable-1');
    fx.emu.state.resetLog();
    for (const id of ['12345', 'abc', '', DEV.accountId]) {
      const info = await classified(s.shareImage(ref, id, { allowFleet: true, allowImageBuilder: true }), 'demo-dev', 'UpdateImagePermissions');
      assert.ok(info.error instanceof InvalidInput, String(info.error));
      assert.equal(info.kind, 'invalidRequest');
      assert.match(info.advice, /nothing was sent/);
    }
    await rejection(s.unshareImage(ref, '1234'));
    await rejection(s.unshareAndDelete(ref, [PROD.accountId, '1234']));
    assert.equal(fx.emu.state.requests.length, 0, 'nothing reached the emulator');
  });

  it('a 101st account → LimitExceeded, explained with the 100-account quota', async () => {
    const s = fx.service();
    const hundred = Array.from({ length: 100 }, (_, i) => ({ sharedAccountId: String(900000000000 + i), imagePermissions: { allowFleet: true, allowImageBuilder: false } }));
    const stored = fx.emu.state.images(DEV.accountId, 'us-east-1').find((i) => i.image.Name === 'deletable-2')!;
    fx.emu.state.addImage(DEV.accountId, 'us-east-1', { ...stored.image }, hundred);
    const ref = fx.ref('demo-dev', 'us-east-1', 'deletable-2');
    assert.equal((await s.imagePermissions('demo-dev', 'us-east-1', 'deletable-2')).length, 100);
    fx.emu.state.resetLog();
    const info = await classified(s.shareImage(ref, PROD.accountId, { allowFleet: true, allowImageBuilder: false }), 'demo-dev', 'UpdateImagePermissions');
    assert.equal(info.kind, 'limitExceeded');
    assert.equal(info.code, 'LimitExceededException');
    assert.match(info.advice, /at most 100 AWS accounts/);
    assert.equal(fx.emu.state.count('UpdateImagePermissions', { errorCode: 'LimitExceededException' }), 1);
  });

  it('an image not AVAILABLE: refused after the check, without UpdateImagePermissions; explained', async () => {
    const s = fx.service();
    const info = await classified(s.shareImage(fx.ref('demo-dev', 'us-east-1', 'state-creating'), PROD.accountId, { allowFleet: true, allowImageBuilder: false }), 'demo-dev', 'UpdateImagePermissions');
    assert.ok(info.error instanceof ResourceNotAvailableException);
    assert.equal(info.kind, 'notAvailable');
    assert.match(info.advice, /AVAILABLE/);
    assert.equal(fx.emu.state.count('UpdateImagePermissions'), 0);
  });

  it('unsharing an account the image is not shared with → ResourceNotFound from AWS (1 request)', async () => {
    const s = fx.service();
    const info = await classified(s.unshareImage(fx.ref('demo-dev', 'us-east-1', 'deletable-1'), PARTNER.accountId), 'demo-dev', 'DeleteImagePermissions');
    assert.equal(info.kind, 'notFound');
    assert.equal(fx.emu.state.count('DeleteImagePermissions'), 1);
  });

  it('the profile signs in to another account between the confirmation and the share: nothing sent, both accounts named', async () => {
    const { service: s, switchTo } = fx.switchable();
    const seen = (await s.listImages('work', 'us-east-1', 'PRIVATE')).find((i) => i.Name === 'common-base')!;
    const ref = { profile: 'work', region: 'us-east-1', arn: seen.Arn!, name: 'common-base' };
    await switchTo(PROD);
    fx.emu.state.resetLog();
    for (const [op, p] of [
      ['UpdateImagePermissions', s.shareImage(ref, PARTNER.accountId, { allowFleet: true, allowImageBuilder: false }, { createdTime: seen.CreatedTime })],
      ['DeleteImagePermissions', s.unshareImage(ref, PARTNER.accountId, { createdTime: seen.CreatedTime })],
      ['DeleteImagePermissions', s.unshareAndDelete(ref, [PARTNER.accountId], { createdTime: seen.CreatedTime })],
    ] as const) {
      const info = await classified(p, 'work', op);
      assert.equal(info.kind, 'identityChanged', `${info.code}: ${info.message}`);
      assert.match(info.message, new RegExp(`now signs in to account ${PROD.accountId}; .* is in account ${DEV.accountId}\\. Nothing was`));
    }
    assert.deepEqual(fx.emu.state.requests.filter((r) => r.op !== 'DescribeImages').map((r) => r.op), [], 'only the identity checks were sent');
    assert.equal(fx.emu.state.shares(PROD.accountId, 'us-east-1', 'common-base').length, 1, 'demo-prod\'s common-base keeps its share');
  });

  describe('unshare, then delete', () => {
    it('unshares from every account, then deletes: prod\'s Shared with me drops it, the image is DELETING', async () => {
      const s = fx.service();
      const seen = await fx.seen(s, 'demo-dev', 'us-east-1', 'shared-with-prod');
      await s.shareImage(seen.ref, PARTNER.accountId, { allowFleet: false, allowImageBuilder: true });
      const usage = await s.findImageUsage('demo-dev', 'us-east-1', seen.image);
      assert.equal(onlySharingBlocksDelete(usage), true);
      const accounts = usage.sharedWith.map((p) => p.sharedAccountId!);
      assert.deepEqual(accounts, [PROD.accountId, PARTNER.accountId]);
      assert.equal((await prodSeesFromDev(s)).has(seen.ref.arn), true);
      fx.emu.state.resetLog();
      const progress: string[] = [];
      const out = await s.unshareAndDelete(seen.ref, accounts, { createdTime: seen.image.CreatedTime }, (id) => progress.push(id));
      assert.deepEqual(out.unshared, accounts);
      assert.deepEqual(progress, accounts);
      assert.equal(out.image?.State, 'DELETING');
      assert.deepEqual(fx.emu.state.requests.map((r) => `${r.op} ${r.status}`), [
        'DescribeImages 200', // the identity check before the unshares
        'DeleteImagePermissions 200',
        'DeleteImagePermissions 200',
        'DescribeImages 200', // deleteImage's own check
        'DeleteImage 200',
      ]);
      assert.equal((await prodSeesFromDev(s)).has(seen.ref.arn), false);
    });

    it('a failing unshare stops it: the account is named, nothing is deleted, no DeleteImage is sent', async () => {
      const s = fx.service();
      const seen = await fx.seen(s, 'demo-dev', 'us-east-1', 'shared-with-prod');
      await s.shareImage(seen.ref, PARTNER.accountId, { allowFleet: true, allowImageBuilder: false });
      fx.emu.state.resetLog();
      // 555555555555 is not in the list (AWS: ResourceNotFound), so the second unshare fails.
      const info = await classified(s.unshareAndDelete(seen.ref, [PROD.accountId, '555555555555', PARTNER.accountId], { createdTime: seen.image.CreatedTime }), 'demo-dev', 'DeleteImage');
      assert.ok(info.error instanceof UnshareFailed);
      assert.equal((info.error as UnshareFailed).accountId, '555555555555');
      assert.deepEqual((info.error as UnshareFailed).unshared, [PROD.accountId]);
      assert.equal(info.message, `Unsharing "shared-with-prod" from account 555555555555 failed, so the image was not deleted (it is no longer shared with ${PROD.accountId}): The image 'shared-with-prod' is not shared with AWS account 555555555555.`);
      assert.equal(info.kind, 'notFound');
      assert.equal(fx.emu.state.count('DeleteImagePermissions'), 2, 'stopped at the failing account');
      assert.equal(fx.emu.state.count('DeleteImage'), 0);
      assert.equal(fx.emu.state.images(DEV.accountId, 'us-east-1').find((i) => i.image.Name === 'shared-with-prod')?.image.State, 'AVAILABLE');
      assert.deepEqual(fx.emu.state.shares(DEV.accountId, 'us-east-1', 'shared-with-prod').map((x) => x.sharedAccountId), [PARTNER.accountId]);
    });

    it('a failing unshare (AWS keeps failing) → UnshareFailed explained as DeleteImagePermissions', async () => {
      const s = fx.service({ maxAttempts: 1 });
      fx.emu.state.setFaults([{ kind: 'internal', op: 'DeleteImagePermissions' }]);
      const err = await rejection(s.unshareAndDelete(fx.ref('demo-dev', 'us-east-1', 'shared-with-prod'), [PROD.accountId]));
      const info = classifyError(err, { profile: 'demo-dev', region: 'us-east-1', operation: 'DeleteImage' });
      assert.equal(info.kind, 'serviceError');
      assert.match(info.message, /^Unsharing "shared-with-prod" from account 222222222222 failed, so the image was not deleted \(no account was unshared\)/);
      assert.equal(fx.emu.state.count('DeleteImage'), 0);
    });
  });
});
