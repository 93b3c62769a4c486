// The delete service (src/services/deleteService.ts) without VS Code: the real AppStreamService,
// through the real SDK, over HTTP, against the emulator; the prompts are a small fake of our own
// Prompts interface that answers in order and records what was asked.
import * as assert from 'node:assert/strict';
import type { Image } from '@aws-sdk/client-appstream';
import { imageRefOf, type SeenImage } from '../../../src/aws/imageRef';
import type { AppStreamService } from '../../../src/aws/service';
import { FakePrompts, l10n, waitFor } from './fakes';
import { DeleteService, type DeleteHost } from '../../../src/services/deleteService';
import { ImageChanges, type ImageChange } from '../../../src/services/imageChanges';
import type { FoundReferences } from '../../../src/services/workspaceReferenceLines';
import { seedAccounts } from '../../emulator/server';
import { useFixture } from '../aws/fixture';

const DEV = seedAccounts().find((a) => a.profile === 'demo-dev')!;
const REGION = 'us-east-1';

describe('services/deleteService against the emulator', function () {
  this.timeout(20_000);
  const fx = useFixture({ deleteDelayMs: 60_000 });
  let aws: AppStreamService;

  beforeEach(() => {
    aws = fx.service({ maxAttempts: 1 });
  });

  interface Harness {
    service: DeleteService;
    fake: FakePrompts;
    changes: ImageChange[];
    events: ImageChanges;
    calls: string[];
    logged: string[];
  }

  /** What the workspace search of a harness answers (none found, complete, by default). */
  type Search = DeleteHost['workspaceReferences'];
  const nothingReferenced: Search = async () => ({ references: [], complete: true });

  function harness(answers: ConstructorParameters<typeof FakePrompts>[0] = {}, confirmation: 'button' | 'typeName' = 'button', search: Search = nothingReferenced, referenceSearchMs = 2000): Harness {
    // The typed name is re-checked by the service: a refused one may reach it here.
    const fake = new FakePrompts(answers, { acceptRefusedInput: true });
    const events = new ImageChanges();
    const changes: ImageChange[] = [];
    events.on((c) => changes.push(c));
    const calls: string[] = [];
    const logged: string[] = [];
    const host: DeleteHost = {
      prompts: fake.prompts,
      l10n,
      confirmation: () => confirmation,
      withProgress: async (title, _options, task) => {
        calls.push(`progress ${title}`);
        return task(() => false);
      },
      showProgressInView: (title) => calls.push(`view progress ${title}`),
      showDetails: async (target) => calls.push(`details ${target.image.Name}`),
      showLog: () => calls.push('log'),
      reloadView: () => calls.push('reload'),
      sharingChanged: (ref, accountIds) => calls.push(`sharing changed ${ref.name} ${accountIds.join(',')}`),
      workspaceReferences: (images, budgetMs) => {
        calls.push(`search ${images.map((i) => i.name).join(',')} within ${budgetMs} ms`);
        return search(images, budgetMs);
      },
    };
    const log = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
    return { service: new DeleteService({ aws: () => aws, changes: events, log, host, retryDelayMs: 0, followLimitMs: 1000, referenceSearchMs }), fake, changes, events, calls, logged };
  }

  /** An image as the tree shows it: listed by demo-dev (or another profile) in us-east-1. */
  async function seen(name: string, visibility: 'PRIVATE' | 'SHARED' = 'PRIVATE', profile = 'demo-dev'): Promise<SeenImage> {
    const image = (await aws.listImages(profile, REGION, visibility)).find((i) => i.Name === name);
    assert.ok(image, `${name} is listed`);
    return { ref: imageRefOf(profile, REGION, image)!, image };
  }

  const deletes = () => fx.emu.state.count('DeleteImage', { accountId: DEV.accountId });

  it('cancelling the confirmation sends no DeleteImage; the modal names the image, its account and region', async () => {
    const h = harness({ warning: [undefined] });
    const target = await seen('deletable-1');
    const outcomes = await h.service.deleteImages([target]);
    assert.deepEqual(outcomes, []);
    assert.equal(deletes(), 0);
    const [modal] = h.fake.of('warning');
    assert.equal(modal.message, `Delete image "deletable-1" in demo-dev (${DEV.accountId}), ${REGION}?`);
    assert.deepEqual(modal.items, ['Delete']);
    assert.match(modal.detail ?? '', /This cannot be undone/);
    assert.equal(h.service.isDeleting(target.ref), false);
  });

  it('confirming sends one DeleteImage, says DELETING on the change event at once, and follows the image until a change says it is gone', async () => {
    const h = harness({ warning: ['Delete'] });
    const target = await seen('deletable-2');
    const [outcome] = await h.service.deleteImages([target]);
    assert.equal(outcome.deleted?.State, 'DELETING');
    assert.equal(deletes(), 1);
    assert.equal(h.changes.length, 1);
    assert.equal(h.changes[0].ref.arn, target.ref.arn);
    assert.equal(h.changes[0].image?.State, 'DELETING');
    assert.ok(h.calls.includes('view progress Deleting deletable-2'), h.calls.join(' | '));
    await waitFor('the report', () => h.fake.of('info').length > 0);
    assert.match(h.fake.of('info')[0].message, /^Deleting "deletable-2"\. It stays in the tree as DELETING/);

    // follow(): still DELETING keeps following; gone ends it.
    let done = false;
    const followed = h.service.follow(target.ref).then(() => (done = true));
    h.events.fire({ ref: target.ref, image: { ...target.image, State: 'DELETING' } as Image, askedAt: Date.now() });
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(done, false, 'still DELETING: still followed');
    h.events.fire({ ref: target.ref, image: undefined, askedAt: Date.now() });
    await followed;
    assert.ok(h.logged.some((l) => l === `${target.ref.arn} (demo-dev) is gone.`), h.logged.join(' | '));
  });

  it('with deleteConfirmation = typeName only the exact name deletes', async () => {
    const wrong = harness({ input: ['deletable-'] }, 'typeName');
    await wrong.service.deleteImages([await seen('deletable-3')]);
    assert.equal(deletes(), 0);
    assert.match(wrong.fake.of('input')[0].detail ?? '', /Type "deletable-3" to confirm\./);
    const right = harness({ input: ['deletable-3'] }, 'typeName');
    await right.service.deleteImages([await seen('deletable-3')]);
    assert.equal(deletes(), 1);
  });

  it('an image in use by a fleet or a builder is not offered: it says what uses it, and sends nothing', async () => {
    for (const [name, uses] of [
      ['in-use-by-fleet', /fleets demo-fleet/],
      ['in-use-by-builder', /image builders demo-builder/],
    ] as const) {
      const h = harness({ warning: ['Show Details'] });
      assert.deepEqual(await h.service.deleteImages([await seen(name)]), []);
      const [modal] = h.fake.of('warning');
      assert.equal(modal.message, 'Nothing can be deleted.');
      assert.match(modal.detail ?? '', uses);
      assert.deepEqual(h.calls.filter((c) => c.startsWith('details')), [`details ${name}`]);
    }
    assert.equal(deletes(), 0);
  });

  it('shared and public images, and images already DELETING, are refused before any request', async () => {
    const h = harness();
    const shared = await seen('prod-shared-with-dev', 'SHARED');
    const deleting = await seen('state-deleting');
    fx.emu.state.resetLog();
    assert.deepEqual(await h.service.deleteImages([shared, deleting]), []);
    assert.equal(fx.emu.state.requests.length, 0);
    assert.match(h.fake.of('warning')[0].message, /^Only images your account owns can be deleted.*prod-shared-with-dev \(SHARED, AVAILABLE\), state-deleting \(PRIVATE, DELETING\)/);
  });

  it('a second call while the first is still asking sends nothing more: "Already being deleted"', async () => {
    let answer: (value: string | undefined) => void = () => undefined;
    const h = harness();
    (h.fake.prompts as { showWarningMessage: unknown }).showWarningMessage = () => new Promise<string | undefined>((r) => (answer = r));
    const target = await seen('deletable-4');
    const first = h.service.deleteImages([target]);
    await waitFor('the confirmation', () => h.service.isDeleting(target.ref) && answer.length === 1);
    assert.deepEqual(await h.service.deleteImages([target]), []);
    assert.equal(h.fake.of('info')[0].message, 'Already being deleted: deletable-4');
    answer('Delete');
    assert.equal((await first).length, 1);
    assert.equal(deletes(), 1);
    assert.equal(h.service.isDeleting(target.ref), false, 'released once AWS answered');
  });

  it('the same image under two profiles of one account is deleted once', async () => {
    const h = harness({ warning: ['Delete'] });
    const a = await seen('deletable-5');
    const b = { ...a, ref: { ...a.ref, profile: 'demo-dev-alias' } };
    const outcomes = await h.service.deleteImages([b, a]);
    assert.equal(outcomes.length, 1);
    assert.equal(deletes(), 1);
  });

  it('an image deleted meanwhile: "already deleted", and a change says it is gone', async () => {
    const h = harness({ warning: ['Delete'] });
    const stale = await seen('deletable-1');
    fx.emu.state.removeImage(DEV.accountId, REGION, 'deletable-1');
    const [outcome] = await h.service.deleteImages([stale]);
    assert.equal(outcome.error?.kind, 'notFound');
    assert.deepEqual(h.changes.map((c) => [c.ref.arn, c.image]), [[stale.ref.arn, undefined]]);
    await waitFor('the report', () => h.fake.of('info').length > 0);
    assert.match(h.fake.of('info')[0].message, /"deletable-1" no longer exists in us-east-1: it was already deleted/);
  });

  it('stale data that presents another account\'s image as own: nothing sent, both accounts named, Refresh View offered', async () => {
    const h = harness({ warning: ['Delete'], error: ['Refresh View'] });
    const prodImage = (await aws.listImages('demo-prod', REGION, 'PRIVATE')).find((i) => i.Name === 'prod-deletable-1')!;
    // demo-dev is asked to delete what demo-prod owns, as if demo-dev had listed it.
    const [outcome] = await h.service.deleteImages([{ ref: imageRefOf('demo-dev', REGION, prodImage)!, image: prodImage }]);
    assert.equal(outcome.error?.kind, 'identityChanged');
    assert.equal(fx.emu.state.count('DeleteImage'), 0);
    await waitFor('the explanation', () => h.calls.includes('reload'));
    assert.match(h.fake.of('error')[0].message, new RegExp(`${DEV.accountId}.*222222222222|222222222222.*${DEV.accountId}`));
  });

  it('several at once: one confirmation listing them, then one summary of what was deleted and what was not', async () => {
    const h = harness({ warning: ['Delete 2 Images', 'Show Log'] });
    const targets = [await seen('deletable-1'), await seen('deletable-2'), await seen('in-use-by-fleet')];
    fx.emu.state.resetLog();
    const outcomes = await h.service.deleteImages(targets);
    assert.equal(outcomes.length, 3);
    assert.equal(deletes(), 1 + 1);
    // One look-up of the region's fleets and builders for the three, not one per image.
    assert.deepEqual(['DescribeFleets', 'DescribeImageBuilders', 'DescribeImagePermissions'].map((op) => fx.emu.state.count(op)), [1, 1, 3]);
    const [confirm, summary] = await (async () => {
      await waitFor('the summary', () => h.fake.of('warning').length === 2);
      return h.fake.of('warning');
    })();
    assert.equal(confirm.message, 'Delete 2 images?');
    assert.match(confirm.detail ?? '', /• deletable-1 — demo-dev \(111111111111\) · us-east-1\n• deletable-2/);
    assert.match(confirm.detail ?? '', /Not deleted \(in use or not checked\):\n• in-use-by-fleet: fleets demo-fleet/);
    assert.equal(summary.message, 'Deleted 2 of 3 images. 1 failed.');
    await waitFor('Show Log', () => h.calls.includes('log'));
  });

  it('a delete already under way elsewhere: ConcurrentModification explained; its Retry looks again and finds it DELETING', async () => {
    const h = harness({ warning: ['Delete', 'Retry'] });
    const stale = await seen('deletable-3');
    await aws.deleteImage(stale.ref); // someone else, a moment ago
    const [outcome] = await h.service.deleteImages([stale]);
    assert.equal(outcome.error?.kind, 'concurrentModification');
    await waitFor('the retry', () => h.fake.of('warning').length === 3);
    const [, explained, retried] = h.fake.of('warning');
    assert.match(explained.message, /"deletable-3" is being changed by another operation right now/);
    assert.match(retried.message, /^Only images your account owns can be deleted, and not while already deleting: deletable-3 \(PRIVATE, DELETING\)/);
    assert.equal(deletes(), 2, 'the other delete and ours; the retry sent none');
  });

  it('a usage look-up that fails is named in the explanation, and nothing is sent', async () => {
    const h = harness({ warning: [undefined] });
    fx.emu.state.setFaults([{ kind: 'internal', op: 'DescribeImageBuilders' }]);
    await h.service.deleteImages([await seen('deletable-4')]);
    assert.equal(deletes(), 0);
    const [modal] = h.fake.of('warning');
    assert.equal(modal.message, 'Nothing can be deleted.');
    assert.match(modal.detail ?? '', /deletable-4: could not check its use: AppStream in us-east-1 failed \(InternalFailure, HTTP 500\)/);
  });

  describe('"Unshare from N accounts and delete" when only sharing blocks the delete', () => {
    const unshares = () => fx.emu.state.count('DeleteImagePermissions', { accountId: DEV.accountId });

    /** deletable-1 shared with demo-prod (fleets) and demo-partner (image builders). */
    function shareTwice(name = 'deletable-1'): void {
      const stored = fx.emu.state.images(DEV.accountId, REGION).find((i) => i.image.Name === name)!;
      fx.emu.state.addImage(DEV.accountId, REGION, { ...stored.image, ImageSharedWithOthers: 'TRUE' }, [
        { sharedAccountId: '222222222222', imagePermissions: { allowFleet: true, allowImageBuilder: false } },
        { sharedAccountId: '444444444444', imagePermissions: { allowFleet: false, allowImageBuilder: true } },
      ]);
    }

    it('cancel: one confirmation listing the account and the consequence; nothing unshared, nothing deleted', async () => {
      const h = harness({ warning: [undefined] });
      await h.service.deleteImages([await seen('shared-with-prod')]);
      const [modal] = h.fake.of('warning');
      assert.equal(modal.message, `Delete image "shared-with-prod" in demo-dev (${DEV.accountId}), ${REGION}? It is shared with account 222222222222.`);
      assert.deepEqual(modal.items, ['Unshare from 1 Account and Delete']);
      assert.match(modal.detail ?? '', /• 222222222222 — fleets\n/);
      assert.match(modal.detail ?? '', /Fleets of 222222222222 that use this image can no longer launch new instances from it: their desired capacity drops to 0\./);
      assert.match(modal.detail ?? '', /This cannot be undone\./);
      assert.equal(unshares(), 0);
      assert.equal(deletes(), 0);
      assert.equal(fx.emu.state.shares(DEV.accountId, REGION, 'shared-with-prod').length, 1);
    });

    it('yes: DeleteImagePermissions for each account in order, then the bound DeleteImage; consumers refreshed; DELETING at once', async () => {
      shareTwice();
      const h = harness({ warning: ['Unshare from 2 Accounts and Delete'] });
      const target = await seen('deletable-1');
      fx.emu.state.resetLog();
      const [outcome] = await h.service.deleteImages([target]);
      assert.equal(h.fake.of('warning')[0].message, `Delete image "deletable-1" in demo-dev (${DEV.accountId}), ${REGION}? It is shared with 2 accounts.`);
      assert.match(h.fake.of('warning')[0].detail ?? '', /• 222222222222 — fleets\n• 444444444444 — image builders\n/);
      assert.match(h.fake.of('warning')[0].detail ?? '', /Fleets of 222222222222 that use/, 'only the account with the fleet permission loses fleets');
      assert.deepEqual(outcome.unshared, ['222222222222', '444444444444']);
      assert.equal(outcome.deleted?.State, 'DELETING');
      const sent = fx.emu.state.requests.filter((r) => !/^Describe(Fleets|ImageBuilders|ImagePermissions)$/.test(r.op)).map((r) => `${r.op} ${(r.params as { SharedAccountId?: string }).SharedAccountId ?? ''}`.trim());
      assert.deepEqual(sent, ['DescribeImages', 'DeleteImagePermissions 222222222222', 'DeleteImagePermissions 444444444444', 'DescribeImages', 'DeleteImage']);
      assert.ok(h.calls.includes('sharing changed deletable-1 222222222222,444444444444'), h.calls.join(' | '));
      assert.equal(h.changes[0].image?.State, 'DELETING');
      await waitFor('the report', () => h.fake.of('info').length > 0);
      assert.match(h.fake.of('info')[0].message, /"deletable-1" is no longer shared with 222222222222, 444444444444 and is being deleted/);
      assert.equal((await aws.listImages('demo-prod', REGION, 'SHARED')).some((i) => i.Arn === target.ref.arn), false, 'gone from demo-prod\'s Shared with me');
    });

    it('an unshare that fails: nothing deleted, the report names the account (and the one already unshared)', async () => {
      shareTwice();
      const h = harness({ error: [undefined] });
      const target = await seen('deletable-1');
      // While the user reads the confirmation, someone else stops sharing with 444444444444 (AWS
      // then refuses that account's DeleteImagePermissions).
      (h.fake.prompts as { showWarningMessage: unknown }).showWarningMessage = async () => {
        const stored = fx.emu.state.images(DEV.accountId, REGION).find((i) => i.image.Name === 'deletable-1')!;
        fx.emu.state.addImage(DEV.accountId, REGION, { ...stored.image }, [{ sharedAccountId: '222222222222', imagePermissions: { allowFleet: true, allowImageBuilder: false } }]);
        return 'Unshare from 2 Accounts and Delete';
      };
      const [outcome] = await h.service.deleteImages([target]);
      assert.equal(deletes(), 0);
      assert.equal(outcome.unshareFailedFor, '444444444444');
      assert.deepEqual(outcome.unshared, ['222222222222']);
      assert.ok(h.calls.includes('sharing changed deletable-1 222222222222'), h.calls.join(' | '));
      await waitFor('the report', () => h.fake.of('error').length > 0);
      const [report] = h.fake.of('error');
      assert.match(report.message, /Unsharing "deletable-1" from account 444444444444 failed, so the image was not deleted \(it is no longer shared with 222222222222\)/);
      assert.equal(fx.emu.state.images(DEV.accountId, REGION).some((i) => i.image.Name === 'deletable-1'), true, 'not deleted');
    });

    it('with deleteConfirmation = typeName, only the exact name unshares and deletes', async () => {
      const wrong = harness({ input: ['shared-with'] }, 'typeName');
      await wrong.service.deleteImages([await seen('shared-with-prod')]);
      assert.equal(unshares() + deletes(), 0);
      assert.match(wrong.fake.of('input')[0].detail ?? '', /• 222222222222 — fleets[\s\S]*Type "shared-with-prod" to unshare it and delete it\./);
      const right = harness({ input: ['shared-with-prod'] }, 'typeName');
      await right.service.deleteImages([await seen('shared-with-prod')]);
      assert.equal(unshares(), 1);
      assert.equal(deletes(), 1);
    });

    it('among several images, a shared one is listed as not deleted (what it is shared with), the others are deleted', async () => {
      const h = harness({ warning: ['Delete'] });
      await h.service.deleteImages([await seen('deletable-2'), await seen('shared-with-prod')]);
      assert.match(h.fake.of('warning')[0].detail ?? '', /Not deleted \(in use or not checked\):\n• shared-with-prod: shared with accounts 222222222222/);
      assert.equal(unshares(), 0);
      assert.equal(deletes(), 1);
    });
  });
  describe('workspace files that reference the images, in the confirmation', () => {
    const arnOf = (name: string) => `arn:aws:appstream:${REGION}:${DEV.accountId}:image/${name}`;
    /** `count` references to each image, in files infra/f<i>.yaml at line 3. */
    const found = (names: string[], count: number, complete = true): Search => async () => ({
      references: names.flatMap((n) => Array.from({ length: count }, (_, i) => ({ arn: arnOf(n), path: `infra/f${String(i).padStart(2, '0')}.yaml`, line: 3 }))),
      complete,
    });

    it('one image: file:line of each reference, at most 10, then "and N more"; the search is asked once, for that image, within the budget', async () => {
      const h = harness({ warning: [undefined] }, 'button', found(['deletable-1'], 12));
      await h.service.deleteImages([await seen('deletable-1')]);
      assert.deepEqual(h.calls.filter((c) => c.startsWith('search')), ['search deletable-1 within 2000 ms']);
      const detail = h.fake.of('warning')[0].detail ?? '';
      const lines = detail.split('\n');
      const at = lines.indexOf('Workspace files that reference it:');
      assert.ok(at > 0, detail);
      assert.deepEqual(lines.slice(at + 1, at + 12), [...Array.from({ length: 10 }, (_, i) => `• infra/f${String(i).padStart(2, '0')}.yaml:3`), 'and 2 more']);
      assert.match(detail, /and 2 more\n\nThis cannot be undone\./);
      assert.equal(deletes(), 0);
    });

    it('several images: each line names its image; only the images offered for deletion are listed', async () => {
      const h = harness({ warning: [undefined] }, 'button', found(['deletable-1', 'deletable-2', 'in-use-by-fleet'], 1));
      await h.service.deleteImages([await seen('deletable-1'), await seen('deletable-2'), await seen('in-use-by-fleet')]);
      const detail = h.fake.of('warning')[0].detail ?? '';
      assert.match(detail, /Workspace files that reference these images:\n• infra\/f00\.yaml:3 — deletable-1\n• infra\/f00\.yaml:3 — deletable-2\n\nThis cannot be undone/);
      assert.doesNotMatch(detail, /f00\.yaml:3 — in-use-by-fleet/);
    });

    it('the typed-name confirmation carries the same lines (one image and several)', async () => {
      const one = harness({ input: [undefined] }, 'typeName', found(['deletable-3'], 1));
      await one.service.deleteImages([await seen('deletable-3')]);
      assert.match(one.fake.of('input')[0].detail ?? '', /Workspace files that reference it:\n• infra\/f00\.yaml:3\n[\s\S]*Type "deletable-3" to confirm\./);
      const two = harness({ input: [undefined] }, 'typeName', found(['deletable-3', 'deletable-4'], 1));
      await two.service.deleteImages([await seen('deletable-3'), await seen('deletable-4')]);
      assert.match(two.fake.of('input')[0].detail ?? '', /• infra\/f00\.yaml:3 — deletable-4\n[\s\S]*Type "delete 2 images" to confirm\./);
      assert.equal(deletes(), 0);
    });

    it('nothing found: no such line; a search that stopped says after how long, even with nothing found', async () => {
      const none = harness({ warning: [undefined] });
      await none.service.deleteImages([await seen('deletable-1')]);
      assert.doesNotMatch(none.fake.of('warning')[0].detail ?? '', /Workspace|search/);
      const cut = harness({ warning: [undefined] }, 'button', found(['deletable-1'], 0, false), 1500);
      await cut.service.deleteImages([await seen('deletable-1')]);
      assert.match(cut.fake.of('warning')[0].detail ?? '', /The workspace search stopped after 1\.5 s: files it did not read may reference it\./);
      const partial = harness({ warning: [undefined] }, 'button', found(['deletable-1'], 1, false), 1500);
      await partial.service.deleteImages([await seen('deletable-1')]);
      assert.match(partial.fake.of('warning')[0].detail ?? '', /• infra\/f00\.yaml:3\nThe workspace search stopped after 1\.5 s: other files may reference it too\./);
    });

    it('a search that never answers does not hold the confirmation past its budget; one that throws is an incomplete search', async () => {
      const hung = harness({ warning: [undefined] }, 'button', () => new Promise<FoundReferences>(() => undefined), 300);
      const started = Date.now();
      await hung.service.deleteImages([await seen('deletable-1')]);
      const waited = Date.now() - started;
      assert.ok(waited < 3000, `${waited} ms`);
      assert.match(hung.fake.of('warning')[0].detail ?? '', /stopped after 0\.3 s/);
      const broken = harness({ warning: ['Delete'] }, 'button', async () => {
        throw new Error('search failed');
      });
      const [outcome] = await broken.service.deleteImages([await seen('deletable-1')]);
      assert.equal(outcome.deleted?.State, 'DELETING', 'the delete goes on');
      assert.match(broken.fake.of('warning')[0].detail ?? '', /stopped after 2 s/);
      assert.ok(broken.logged.some((l) => /Workspace search for references failed: Error: search failed/.test(l)), broken.logged.join(' | '));
    });

    it('"Unshare and delete" lists them too', async () => {
      const h = harness({ warning: [undefined] }, 'button', found(['shared-with-prod'], 1));
      await h.service.deleteImages([await seen('shared-with-prod')]);
      assert.match(h.fake.of('warning')[0].detail ?? '', /Workspace files that reference it:\n• infra\/f00\.yaml:3\nThis cannot be undone\./);
    });
  });
});
