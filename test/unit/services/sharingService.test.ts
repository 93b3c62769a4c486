// The sharing service (src/services/sharingService.ts) without VS Code: the real AppStreamService,
// through the real SDK, over HTTP, against the emulator; the prompts are a small fake of our own
// Prompts interface that answers in order and records what was asked.
import * as assert from 'node:assert/strict';
import type { SeenImage } from '../../../src/aws/imageRef';
import type { AppStreamService } from '../../../src/aws/service';
import { SharingService, type KnownAccount, type SharingHost } from '../../../src/services/sharingService';
import { ImageChanges, type ImageChange } from '../../../src/services/imageChanges';
import { DEV, PARTNER, PROD, useFixture } from '../aws/fixture';
import { FakePrompts, l10n } from './fakes';

const REGION = 'us-east-1';

describe('services/sharingService against the emulator', function () {
  this.timeout(20_000);
  const fx = useFixture({ deleteDelayMs: 60_000 });
  let aws: AppStreamService;

  beforeEach(() => {
    aws = fx.service();
  });

  interface Harness {
    service: SharingService;
    fake: FakePrompts;
    changes: ImageChange[];
    calls: string[];
  }

  /** The tree knows demo-dev, demo-prod and demo-partner (their accounts learned). */
  const KNOWN: KnownAccount[] = [
    { profile: 'demo-dev', accountId: DEV.accountId },
    { profile: 'demo-prod', accountId: PROD.accountId },
    { profile: 'demo-partner', accountId: PARTNER.accountId },
  ];

  function harness(answers: ConstructorParameters<typeof FakePrompts>[0] = {}, known: KnownAccount[] = KNOWN): Harness {
    // The account id is re-checked by the service: a refused one may reach it here.
    const fake = new FakePrompts(answers, { acceptRefusedInput: true });
    const events = new ImageChanges();
    const changes: ImageChange[] = [];
    events.on((c) => changes.push(c));
    const calls: string[] = [];
    const host: SharingHost = {
      prompts: fake.prompts,
      l10n,
      withProgress: (_title, task) => task(),
      knownAccounts: () => known,
      sharesKnown: (ref, shares) => calls.push(`known ${ref.name} ${shares.length}`),
      sharingChanged: (ref, accountIds) => calls.push(`changed ${ref.name} ${accountIds.join(',')}`),
      showLog: () => calls.push('log'),
    };
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    return { service: new SharingService({ aws: () => aws, changes: events, log, host }), fake, changes, calls };
  }

  const seen = (name: string): Promise<SeenImage> => fx.seen(aws, 'demo-dev', REGION, name);
  const changesSent = () => fx.emu.state.requests.filter((r) => r.op === 'UpdateImagePermissions' || r.op === 'DeleteImagePermissions');
  const prodSees = async (arn: string) => (await aws.listImages('demo-prod', REGION, 'SHARED')).find((i) => i.Arn === arn)?.ImagePermissions;

  it('the list: accounts with their permissions, the profiles in view by name; Escape sends nothing', async () => {
    const h = harness({ pick: [undefined] });
    const target = await seen('shared-with-prod');
    fx.emu.state.resetLog();
    assert.equal(await h.service.manage(target), 0);
    const [list] = h.fake.of('pick');
    assert.equal(list.message, 'Sharing of "shared-with-prod" (demo-dev, us-east-1)');
    assert.deepEqual(list.items, ['Share with an Account…', '222222222222']);
    assert.deepEqual(fx.emu.state.requests.map((r) => r.op), ['DescribeImagePermissions']);
    assert.deepEqual(h.calls, ['known shared-with-prod 1']);
  });

  it('add a profile in view by name: the owner and accounts already shared are not offered; fleets picked by default; a modal yes; then demo-prod sees it', async () => {
    const h = harness({ pick: ['Share with an Account…', 'demo-prod', 'Fleets|Image builders', undefined], warning: ['Share'] });
    const target = await seen('deletable-1');
    fx.emu.state.resetLog();
    assert.equal(await h.service.manage(target), 1);
    const [, accounts, permissions, again] = h.fake.of('pick');
    assert.deepEqual(accounts.items, ['demo-prod', 'demo-partner', 'Enter an Account ID…']);
    assert.deepEqual(permissions.items, ['Fleets', 'Image builders']);
    assert.deepEqual(permissions.picked, ['Fleets']);
    const [modal] = h.fake.of('warning');
    assert.equal(modal.message, 'Share "deletable-1" with account 222222222222 (demo-prod)?');
    assert.match(modal.detail ?? '', /222222222222 may use it for: fleets, image builders\./);
    assert.deepEqual(modal.items, ['Share']);
    assert.deepEqual(changesSent().map((r) => [r.op, r.params]), [
      ['UpdateImagePermissions', { Name: 'deletable-1', SharedAccountId: PROD.accountId, ImagePermissions: { allowFleet: true, allowImageBuilder: true } }],
    ]);
    assert.deepEqual(await prodSees(target.ref.arn), { allowFleet: true, allowImageBuilder: true });
    // The owner's row learns ImageSharedWithOthers; demo-prod's Shared with me is listed again.
    assert.ok(h.calls.includes('changed deletable-1 222222222222'), h.calls.join(' | '));
    assert.equal(h.changes.at(-1)?.image?.ImageSharedWithOthers, 'TRUE');
    assert.deepEqual(again.items, ['Share with an Account…', '222222222222'], 'the list comes back, read again');
    assert.match(h.fake.of('info')[0].message, /"deletable-1" is shared with 222222222222 \(demo-prod\) \(fleets, image builders\)\./);
  });

  it('add by typing: validated as you type; a dashed id works; cancelling the modal sends nothing', async () => {
    const h = harness({ pick: ['Share with an Account…', 'Enter an Account ID…', 'Fleets', undefined], input: ['5555-6666-7777'], warning: [undefined] });
    const target = await seen('deletable-2');
    fx.emu.state.resetLog();
    assert.equal(await h.service.manage(target), 0);
    const [input] = h.fake.of('input');
    assert.match(String(input.validate?.('12345')), /12 digits; this has 5/);
    assert.match(String(input.validate?.('12345678901x')), /only digits/);
    assert.match(String(input.validate?.(DEV.accountId)), /owns the image/);
    assert.equal(input.validate?.('5555-6666-7777'), undefined);
    assert.match(h.fake.of('warning')[0].message, /Share "deletable-2" with account 555566667777\?/);
    assert.deepEqual(changesSent(), [], 'cancelled: nothing sent');
  });

  it('with no profile account known, "add" goes straight to the id; an id that is not 12 digits is never sent', async () => {
    const h = harness({ pick: ['Share with an Account…', undefined], input: ['1234'] }, []);
    const target = await seen('deletable-3');
    fx.emu.state.resetLog();
    await h.service.manage(target);
    assert.equal(h.fake.of('input').length, 1);
    assert.deepEqual(fx.emu.state.requests.map((r) => r.op), ['DescribeImagePermissions', 'DescribeImagePermissions']);
  });

  it('remove an account: a modal naming it and what AWS documents (fleets, desired capacity 0); Cancel sends nothing, Stop Sharing unshares', async () => {
    const target = await seen('shared-with-prod');
    const cancel = harness({ pick: ['222222222222', 'Stop Sharing with 222222222222…', undefined], warning: [undefined] });
    fx.emu.state.resetLog();
    await cancel.service.manage(target);
    const [modal] = cancel.fake.of('warning');
    assert.equal(modal.message, 'Stop sharing "shared-with-prod" with account 222222222222 (demo-prod)?');
    assert.match(modal.detail ?? '', /• 222222222222 \(demo-prod\) — fleets/);
    assert.match(modal.detail ?? '', /Fleets of account 222222222222 that use this image can no longer launch new instances from it: their desired capacity drops to 0\./);
    assert.deepEqual(modal.items, ['Stop Sharing']);
    assert.deepEqual(changesSent(), []);

    const yes = harness({ pick: ['222222222222', 'Stop Sharing with 222222222222…', undefined], warning: ['Stop Sharing'] });
    assert.equal(await yes.service.manage(target), 1);
    assert.deepEqual(changesSent().map((r) => [r.op, r.params]), [['DeleteImagePermissions', { Name: 'shared-with-prod', SharedAccountId: PROD.accountId }]]);
    assert.equal(await prodSees(target.ref.arn), undefined, 'gone from demo-prod\'s Shared with me');
    assert.ok(yes.calls.includes('changed shared-with-prod 222222222222'));
    assert.equal(yes.changes.at(-1)?.image?.ImageSharedWithOthers, 'FALSE');
  });

  it('change permissions: granting image builders asks without the fleet warning; taking fleets away names the consequence', async () => {
    const target = await seen('shared-with-prod');
    const grant = harness({ pick: ['222222222222', 'Change Permissions…', 'Fleets|Image builders', undefined], warning: ['Change Permissions'] });
    await grant.service.manage(target);
    assert.doesNotMatch(grant.fake.of('warning')[0].detail ?? '', /desired capacity/);
    assert.match(grant.fake.of('warning')[0].detail ?? '', /Now: fleets\. After: fleets, image builders\./);
    assert.deepEqual(await prodSees(target.ref.arn), { allowFleet: true, allowImageBuilder: true });

    fx.emu.state.resetLog();
    const revoke = harness({ pick: ['222222222222', 'Change Permissions…', 'Image builders', undefined], warning: [undefined] });
    await revoke.service.manage(target);
    assert.deepEqual(revoke.fake.of('pick')[2].picked, ['Fleets', 'Image builders'], 'the current permissions are picked');
    assert.match(revoke.fake.of('warning')[0].detail ?? '', /Fleets of account 222222222222 that use this image can no longer launch new instances from it: their desired capacity drops to 0\./);
    assert.deepEqual(changesSent(), [], 'cancelled');

    // Unpicking both is no longer sharing: it becomes a removal (with its warning).
    const none = harness({ pick: ['222222222222', 'Change Permissions…', '', undefined], warning: ['Stop Sharing'] });
    await none.service.manage(target);
    assert.match(none.fake.of('warning')[0].message, /Stop sharing "shared-with-prod" with account 222222222222/);
    assert.deepEqual(changesSent().map((r) => r.op), ['DeleteImagePermissions']);
  });

  it('stop sharing with all accounts: one modal listing them; each unshared', async () => {
    const stored = fx.emu.state.images(DEV.accountId, REGION).find((i) => i.image.Name === 'deletable-4')!;
    fx.emu.state.addImage(DEV.accountId, REGION, { ...stored.image, ImageSharedWithOthers: 'TRUE' }, [
      { sharedAccountId: PROD.accountId, imagePermissions: { allowFleet: false, allowImageBuilder: true } },
      { sharedAccountId: PARTNER.accountId, imagePermissions: { allowFleet: true, allowImageBuilder: false } },
    ]);
    const h = harness({ pick: ['Stop Sharing with All 2 Accounts…', undefined], warning: ['Stop Sharing with 2 Accounts'] });
    await h.service.manage(await seen('deletable-4'));
    const [modal] = h.fake.of('warning');
    assert.equal(modal.message, 'Stop sharing "deletable-4" with 2 accounts?');
    assert.match(modal.detail ?? '', /Fleets of account 444444444444 that use/, 'only the one with fleets');
    assert.deepEqual(changesSent().map((r) => (r.params as { SharedAccountId: string }).SharedAccountId), [PROD.accountId, PARTNER.accountId]);
    assert.ok(h.calls.includes(`changed deletable-4 ${PROD.accountId},${PARTNER.accountId}`));
  });

  it('from the panel: one action (add, change, remove) without the list', async () => {
    const h = harness({ pick: ['demo-partner', 'Image builders'], warning: ['Share'] });
    assert.equal(await h.service.run(await seen('deletable-5'), { action: 'add' }), true);
    assert.deepEqual(changesSent().map((r) => (r.params as { SharedAccountId: string }).SharedAccountId), [PARTNER.accountId]);
    const gone = harness();
    assert.equal(await gone.service.run(await seen('deletable-5'), { action: 'remove', accountIds: [PROD.accountId] }), false);
    assert.match(gone.fake.of('info')[0].message, /not shared with 222222222222/);
  });

  it('a shared-with-me image: only its owner manages its sharing; no request', async () => {
    const h = harness();
    const shared = (await aws.listImages('demo-dev', REGION, 'SHARED')).find((i) => i.Name === 'prod-shared-with-dev')!;
    fx.emu.state.resetLog();
    await h.service.manage({ ref: { profile: 'demo-dev', region: REGION, arn: shared.Arn!, name: shared.Name! }, image: shared });
    assert.equal(fx.emu.state.requests.length, 0);
    assert.match(h.fake.of('info')[0].message, /shared with you by account 222222222222: only that account/);
  });

  describe('errors explained', () => {
    it('LimitExceeded: the 101st account, with the 100-account quota', async () => {
      const hundred = Array.from({ length: 100 }, (_, i) => ({ sharedAccountId: String(900000000000 + i), imagePermissions: { allowFleet: true, allowImageBuilder: false } }));
      const stored = fx.emu.state.images(DEV.accountId, REGION).find((i) => i.image.Name === 'deletable-1')!;
      fx.emu.state.addImage(DEV.accountId, REGION, { ...stored.image }, hundred);
      const h = harness({ pick: ['demo-prod', 'Fleets'], warning: ['Share'] });
      assert.equal(await h.service.run(await seen('deletable-1'), { action: 'add' }), false);
      assert.equal(changesSent()[0].errorCode, 'LimitExceededException');
      assert.match(h.fake.of('error')[0].message, /^Could not share "deletable-1" with 222222222222 \(demo-prod\): .*An image can be shared with at most 100 AWS accounts/);
    });

    it('ResourceNotAvailable: an image that is no longer AVAILABLE is not shared (said before sending)', async () => {
      const h = harness({ pick: ['demo-prod', 'Fleets'], warning: ['Share'] });
      const target = await seen('deletable-2');
      const stored = fx.emu.state.images(DEV.accountId, REGION).find((i) => i.image.Name === 'deletable-2')!;
      fx.emu.state.addImage(DEV.accountId, REGION, { ...stored.image, State: 'PENDING' });
      fx.emu.state.resetLog();
      await h.service.run(target, { action: 'add' });
      assert.deepEqual(changesSent(), []);
      assert.match(h.fake.of('error')[0].message, /is PENDING.*The image must be AVAILABLE for this/);
    });

    it('not found: an image deleted meanwhile is not shared, and it leaves the tree', async () => {
      const h = harness({ pick: ['demo-prod', 'Fleets'], warning: ['Share'] });
      const target = await seen('deletable-3');
      const shares = await aws.imageShares(target);
      assert.deepEqual(shares, []);
      // Deleted while the user picks.
      (h.fake.prompts as { showWarningMessage: unknown }).showWarningMessage = async () => {
        fx.emu.state.removeImage(DEV.accountId, REGION, 'deletable-3');
        return 'Share';
      };
      await h.service.run(target, { action: 'add' });
      assert.deepEqual(changesSent(), []);
      assert.match(h.fake.of('error')[0].message, /Could not share "deletable-3".*no longer exists.*refresh/);
      assert.deepEqual(h.changes.map((c) => [c.ref.arn, c.image]), [[target.ref.arn, undefined]]);
    });
  });
});
