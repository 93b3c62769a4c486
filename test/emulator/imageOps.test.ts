/**
 * The emulator's sharing, copy and tag operations (UpdateImagePermissions, DeleteImagePermissions,
 * DescribeImagePermissions, CopyImage, ListTagsForResource, TagResource, UntagResource), through
 * the real @aws-sdk/client-appstream over HTTP.
 */
import * as assert from 'assert';
import {
  AppStreamClient, AppStreamServiceException, CopyImageCommand, DeleteImageCommand, DeleteImagePermissionsCommand,
  DescribeFleetsCommand, DescribeImagePermissionsCommand, DescribeImagesCommand, LimitExceededException,
  ListTagsForResourceCommand, ResourceAlreadyExistsException, ResourceNotAvailableException, ResourceNotFoundException,
  TagResourceCommand, UntagResourceCommand, UpdateImagePermissionsCommand, paginateDescribeImagePermissions,
} from '@aws-sdk/client-appstream';
import type { Image, ImagePermissions } from '@aws-sdk/client-appstream';
import { seedAccounts, startEmulator } from './server';
import type { Emulator } from './server';
import { client, rejectsWith } from './testClient';

const DEV = seedAccounts().find((a) => a.profile === 'demo-dev')!;
const PROD = seedAccounts().find((a) => a.profile === 'demo-prod')!;
const DEV_ID = DEV.accountId;
const PROD_ID = PROD.accountId;
const devArn = (name: string, region = 'us-east-1'): string => `arn:aws:appstream:${region}:${DEV_ID}:image/${name}`;
const prodArn = (name: string): string => `arn:aws:appstream:us-east-1:${PROD_ID}:image/${name}`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));


const validation = (p: Promise<unknown>): Promise<AppStreamServiceException> => rejectsWith(p, AppStreamServiceException, 'ValidationException');

async function sharedWithMe(c: AppStreamClient): Promise<Image[]> {
  const out: Image[] = [];
  let token: string | undefined;
  do {
    const r = await c.send(new DescribeImagesCommand({ Type: 'SHARED', NextToken: token }));
    out.push(...(r.Images ?? []));
    token = r.NextToken;
  } while (token);
  return out;
}

async function one(c: AppStreamClient, input: { Names?: string[]; Arns?: string[] }): Promise<Image> {
  const r = await c.send(new DescribeImagesCommand(input));
  assert.strictEqual(r.Images?.length, 1, JSON.stringify(input));
  return r.Images[0];
}

const twelve = (i: number): string => String(900000000000 + i);

describe('AppStream emulator: sharing, copy and tags (through @aws-sdk/client-appstream)', () => {
  let emu: Emulator;
  beforeEach(async () => { emu = await startEmulator({ deleteDelayMs: 200, copyDelayMs: 200 }); });
  afterEach(async () => { await emu.stop(); });

  describe('UpdateImagePermissions / DeleteImagePermissions / DescribeImagePermissions', () => {
    it('a new share appears in the consumer\'s SHARED listing with its ImagePermissions, and updating changes them in place', async () => {
      const dev = client(emu);
      const prod = client(emu, PROD);
      assert.ok(!(await sharedWithMe(prod)).some((i) => i.Arn === devArn('deletable-1')));
      await dev.send(new UpdateImagePermissionsCommand({ Name: 'deletable-1', SharedAccountId: PROD_ID, ImagePermissions: { allowFleet: true, allowImageBuilder: false } }));
      let seen = (await sharedWithMe(prod)).find((i) => i.Arn === devArn('deletable-1'));
      assert.ok(seen, 'prod sees deletable-1 shared');
      assert.deepStrictEqual([seen.Visibility, seen.ImagePermissions], ['SHARED', { allowFleet: true, allowImageBuilder: false }]);
      assert.strictEqual((await one(dev, { Names: ['deletable-1'] })).ImageSharedWithOthers, 'TRUE');

      await dev.send(new UpdateImagePermissionsCommand({ Name: 'deletable-1', SharedAccountId: PROD_ID, ImagePermissions: { allowFleet: false, allowImageBuilder: true } }));
      seen = (await sharedWithMe(prod)).find((i) => i.Arn === devArn('deletable-1'));
      assert.deepStrictEqual(seen?.ImagePermissions, { allowFleet: false, allowImageBuilder: true });
      const perms = await dev.send(new DescribeImagePermissionsCommand({ Name: 'deletable-1' }));
      assert.deepStrictEqual(perms.SharedImagePermissionsList, [{ sharedAccountId: PROD_ID, imagePermissions: { allowFleet: false, allowImageBuilder: true } }]);
      // and now DeleteImage refuses it, as shared
      await rejectsWith(dev.send(new DeleteImageCommand({ Name: 'deletable-1' })), AppStreamServiceException, 'ResourceInUseException');
    });

    it('removing a share drops the image from the consumer\'s SHARED listing; then the owner can delete it', async () => {
      const dev = client(emu);
      const prod = client(emu, PROD);
      assert.ok((await sharedWithMe(prod)).some((i) => i.Arn === devArn('shared-with-prod')));
      const r = await dev.send(new DeleteImagePermissionsCommand({ Name: 'shared-with-prod', SharedAccountId: PROD_ID }));
      assert.strictEqual(r.$metadata.httpStatusCode, 200);
      assert.ok(!(await sharedWithMe(prod)).some((i) => i.Arn === devArn('shared-with-prod')));
      await rejectsWith(prod.send(new DescribeImagesCommand({ Arns: [devArn('shared-with-prod')] })), ResourceNotFoundException);
      assert.strictEqual((await one(dev, { Names: ['shared-with-prod'] })).ImageSharedWithOthers, 'FALSE');
      assert.deepStrictEqual((await dev.send(new DescribeImagePermissionsCommand({ Name: 'shared-with-prod' }))).SharedImagePermissionsList, []);
      // a second removal: the account is no longer in the list
      const again = await rejectsWith(dev.send(new DeleteImagePermissionsCommand({ Name: 'shared-with-prod', SharedAccountId: PROD_ID })), ResourceNotFoundException);
      assert.match(again.message, /not shared with AWS account 222222222222/);
      assert.strictEqual((await dev.send(new DeleteImageCommand({ Name: 'shared-with-prod' }))).Image?.State, 'DELETING');
    });

    it('removing fleet permission sets the desired capacity of the consumer\'s fleets on the image to 0', async () => {
      const dev = client(emu);
      const before = (await dev.send(new DescribeFleetsCommand({ Names: ['shared-common-base-fleet'] }))).Fleets![0];
      assert.strictEqual(before.ComputeCapacityStatus?.Desired, 1);
      await client(emu, PROD).send(new DeleteImagePermissionsCommand({ Name: 'common-base', SharedAccountId: DEV_ID }));
      const after = (await dev.send(new DescribeFleetsCommand({ Names: ['shared-common-base-fleet'] }))).Fleets![0];
      assert.strictEqual(after.ComputeCapacityStatus?.Desired, 0);
      assert.strictEqual((await dev.send(new DescribeFleetsCommand({ Names: ['demo-fleet'] }))).Fleets![0].ComputeCapacityStatus?.Desired, 1, 'other fleets untouched');
      const shared = await sharedWithMe(dev);
      assert.ok(!shared.some((i) => i.Arn === prodArn('common-base')));
      assert.strictEqual((await one(dev, { Names: ['common-base'] })).Arn, devArn('common-base'), 'own common-base still there');
    });

    it('at most 100 accounts per image → LimitExceededException; DescribeImagePermissions pages with MaxResults and filters by SharedAwsAccountIds', async () => {
      const dev = client(emu);
      for (let i = 0; i < 100; i++) {
        await dev.send(new UpdateImagePermissionsCommand({ Name: 'deletable-2', SharedAccountId: twelve(i), ImagePermissions: { allowFleet: true } }));
      }
      const e = await rejectsWith(dev.send(new UpdateImagePermissionsCommand({ Name: 'deletable-2', SharedAccountId: twelve(100), ImagePermissions: { allowFleet: true } })), LimitExceededException);
      assert.match(e.message, /100/);
      // updating one of the 100 is still fine
      await dev.send(new UpdateImagePermissionsCommand({ Name: 'deletable-2', SharedAccountId: twelve(7), ImagePermissions: { allowFleet: true, allowImageBuilder: true } }));

      const sizes: number[] = [];
      const ids: string[] = [];
      for await (const page of paginateDescribeImagePermissions({ client: dev, pageSize: 30 }, { Name: 'deletable-2' })) {
        sizes.push(page.SharedImagePermissionsList!.length);
        ids.push(...page.SharedImagePermissionsList!.map((s) => s.sharedAccountId!));
        assert.strictEqual(page.Name, 'deletable-2');
      }
      assert.deepStrictEqual(sizes, [30, 30, 30, 10]);
      assert.deepStrictEqual(ids, Array.from({ length: 100 }, (_, i) => twelve(i)));
      const all = await dev.send(new DescribeImagePermissionsCommand({ Name: 'deletable-2' }));
      assert.strictEqual(all.SharedImagePermissionsList!.length, 100, 'no MaxResults: up to 500 in one page');
      assert.strictEqual(all.NextToken, undefined);
      const page1 = await dev.send(new DescribeImagePermissionsCommand({ Name: 'deletable-2', MaxResults: 1 }));
      assert.strictEqual(page1.SharedImagePermissionsList!.length, 1);
      assert.ok(page1.NextToken);

      const some = await dev.send(new DescribeImagePermissionsCommand({ Name: 'deletable-2', SharedAwsAccountIds: [twelve(7), twelve(3), '123456789012'] }));
      assert.deepStrictEqual(some.SharedImagePermissionsList, [
        { sharedAccountId: twelve(3), imagePermissions: { allowFleet: true, allowImageBuilder: false } },
        { sharedAccountId: twelve(7), imagePermissions: { allowFleet: true, allowImageBuilder: true } },
      ]);
      const six = await validation(dev.send(new DescribeImagePermissionsCommand({ Name: 'deletable-2', SharedAwsAccountIds: [1, 2, 3, 4, 5, 6].map(twelve) })));
      assert.match(six.message, /'sharedAwsAccountIds' failed to satisfy constraint: Member must have length less than or equal to 5/);
      await validation(dev.send(new DescribeImagePermissionsCommand({ Name: 'deletable-2', SharedAwsAccountIds: ['12a'] })));
      await validation(dev.send(new DescribeImagePermissionsCommand({ Name: 'deletable-2', MaxResults: 501 })));
    });

    it('the account id must be 12 digits and not the owner\'s; ImagePermissions is required (ValidationException)', async () => {
      const dev = client(emu);
      const letters = await validation(dev.send(new UpdateImagePermissionsCommand({ Name: 'deletable-1', SharedAccountId: '12345678901a', ImagePermissions: { allowFleet: true } })));
      assert.match(letters.message, /'sharedAccountId' failed to satisfy constraint: Member must satisfy regular expression pattern: \^\\d\+\$/);
      const short = await validation(dev.send(new UpdateImagePermissionsCommand({ Name: 'deletable-1', SharedAccountId: '12345', ImagePermissions: { allowFleet: true } })));
      assert.match(short.message, /12-digit/);
      await validation(dev.send(new UpdateImagePermissionsCommand({ Name: 'deletable-1', SharedAccountId: '1234567890123', ImagePermissions: { allowFleet: true } })));
      await validation(dev.send(new UpdateImagePermissionsCommand({ Name: 'deletable-1', SharedAccountId: DEV_ID, ImagePermissions: { allowFleet: true } })));
      const missing = await validation(dev.send(new UpdateImagePermissionsCommand({ Name: 'deletable-1', SharedAccountId: PROD_ID, ImagePermissions: undefined as unknown as ImagePermissions })));
      assert.match(missing.message, /'imagePermissions' failed to satisfy constraint: Member must not be null/);
      await validation(dev.send(new DeleteImagePermissionsCommand({ Name: 'deletable-1', SharedAccountId: '42' })));
      await validation(dev.send(new UpdateImagePermissionsCommand({ Name: 'bad name', SharedAccountId: PROD_ID, ImagePermissions: {} })));
      assert.strictEqual(emu.state.shares(DEV_ID, 'us-east-1', 'deletable-1').length, 0, 'nothing was shared');
    });

    it('an image that is not own (missing, shared with me, public) → ResourceNotFoundException', async () => {
      const dev = client(emu);
      for (const name of ['no-such-image', 'prod-shared-with-dev', 'team-base', 'AppStream-WinServer2019-06-17-2024']) {
        await rejectsWith(dev.send(new UpdateImagePermissionsCommand({ Name: name, SharedAccountId: PROD_ID, ImagePermissions: { allowFleet: true } })), ResourceNotFoundException);
        await rejectsWith(dev.send(new DeleteImagePermissionsCommand({ Name: name, SharedAccountId: PROD_ID })), ResourceNotFoundException);
      }
      // the owner of prod-shared-with-dev is another account: dev cannot unshare it from itself
      assert.strictEqual(emu.state.shares(PROD_ID, 'us-east-1', 'prod-shared-with-dev').length, 1);
    });

    it('an image that is not AVAILABLE → ResourceNotAvailableException', async () => {
      const dev = client(emu);
      for (const name of ['failed-copy', 'state-pending', 'state-copying', 'state-deleting']) {
        const e = await rejectsWith(dev.send(new UpdateImagePermissionsCommand({ Name: name, SharedAccountId: PROD_ID, ImagePermissions: { allowFleet: true } })), ResourceNotAvailableException);
        assert.match(e.message, /AVAILABLE/);
      }
      emu.state.addImage(DEV_ID, 'us-east-1', { Name: 'shared-but-pending', State: 'PENDING' }, [{ sharedAccountId: PROD_ID, imagePermissions: { allowFleet: true, allowImageBuilder: false } }]);
      await rejectsWith(dev.send(new DeleteImagePermissionsCommand({ Name: 'shared-but-pending', SharedAccountId: PROD_ID })), ResourceNotAvailableException);
      assert.strictEqual(emu.state.shares(DEV_ID, 'us-east-1', 'shared-but-pending').length, 1);
    });
  });

  describe('CopyImage', () => {
    it('creates the destination image COPYING with its own ARN, AVAILABLE after copyDelayMs; tags and shares are not copied', async () => {
      const dev = client(emu);
      await dev.send(new TagResourceCommand({ ResourceArn: devArn('shared-with-prod'), Tags: { team: 'x' } }));
      const r = await dev.send(new CopyImageCommand({ SourceImageName: 'shared-with-prod', DestinationImageName: 'copied-to-eu', DestinationRegion: 'eu-west-1', DestinationImageDescription: 'A copy in Ireland' }));
      assert.strictEqual(r.DestinationImageName, 'copied-to-eu');
      const eu = client(emu, DEV, 'eu-west-1');
      const copying = await one(eu, { Names: ['copied-to-eu'] });
      assert.deepStrictEqual([copying.State, copying.Arn, copying.Description, copying.Visibility, copying.ImageSharedWithOthers],
        ['COPYING', devArn('copied-to-eu', 'eu-west-1'), 'A copy in Ireland', 'PRIVATE', 'FALSE']);
      assert.ok(copying.CreatedTime instanceof Date && Date.now() - copying.CreatedTime.getTime() < 60_000);
      assert.strictEqual(copying.Platform, 'WINDOWS_SERVER_2019');
      assert.deepStrictEqual((await eu.send(new DescribeImagePermissionsCommand({ Name: 'copied-to-eu' }))).SharedImagePermissionsList, []);
      assert.deepStrictEqual((await eu.send(new ListTagsForResourceCommand({ ResourceArn: devArn('copied-to-eu', 'eu-west-1') }))).Tags, {});
      await sleep(350);
      assert.strictEqual((await one(eu, { Names: ['copied-to-eu'] })).State, 'AVAILABLE');
      const source = await one(dev, { Names: ['shared-with-prod'] });
      assert.deepStrictEqual([source.State, source.ImageSharedWithOthers], ['AVAILABLE', 'TRUE']);
      await rejectsWith(dev.send(new DescribeImagesCommand({ Names: ['copied-to-eu'] })), ResourceNotFoundException);
    });

    it('copies within the same region (DestinationRegion is still required) and keeps the source description when none is given', async () => {
      const dev = client(emu);
      await dev.send(new CopyImageCommand({ SourceImageName: 'deletable-1', DestinationImageName: 'deletable-1-copy', DestinationRegion: 'us-east-1' }));
      const copy = await one(dev, { Arns: [devArn('deletable-1-copy')] });
      assert.deepStrictEqual([copy.State, copy.Description], ['COPYING', 'Free to delete in tests (1 of 5).']);
      const e = await validation(dev.send(new CopyImageCommand({ SourceImageName: 'deletable-1', DestinationImageName: 'x', DestinationRegion: undefined as unknown as string })));
      assert.match(e.message, /'destinationRegion' failed to satisfy constraint: Member must not be null/);
    });

    it('a copy made to fail ends FAILED with StateChangeReason IMAGE_COPY_FAILURE', async () => {
      emu.state.copyFailures = new Set(['doomed-copy']);
      const dev = client(emu);
      await dev.send(new CopyImageCommand({ SourceImageName: 'deletable-2', DestinationImageName: 'doomed-copy', DestinationRegion: 'ap-southeast-2' }));
      await dev.send(new CopyImageCommand({ SourceImageName: 'deletable-2', DestinationImageName: 'fine-copy', DestinationRegion: 'ap-southeast-2' }));
      await sleep(350);
      const syd = client(emu, DEV, 'ap-southeast-2');
      const failed = await one(syd, { Names: ['doomed-copy'] });
      assert.strictEqual(failed.State, 'FAILED');
      assert.strictEqual(failed.StateChangeReason?.Code, 'IMAGE_COPY_FAILURE');
      assert.match(failed.StateChangeReason?.Message ?? '', /ap-southeast-2/);
      assert.ok(failed.ImageErrors?.[0]?.ErrorTimestamp instanceof Date);
      assert.strictEqual((await one(syd, { Names: ['fine-copy'] })).State, 'AVAILABLE');
    });

    it('a third concurrent copy into one destination region → LimitExceededException; other regions and finished copies do not count', async () => {
      emu.state.copyDelayMs = 400;
      const dev = client(emu);
      const copy = (dest: string, region: string): Promise<unknown> =>
        dev.send(new CopyImageCommand({ SourceImageName: 'deletable-3', DestinationImageName: dest, DestinationRegion: region }));
      await copy('c1', 'eu-west-1');
      await copy('c2', 'eu-west-1');
      const e = await rejectsWith(copy('c3', 'eu-west-1'), LimitExceededException);
      assert.match(e.message, /2 concurrent image copies to eu-west-1/);
      await rejectsWith(client(emu, DEV, 'eu-west-1').send(new DescribeImagesCommand({ Names: ['c3'] })), ResourceNotFoundException);
      await copy('c3', 'ap-southeast-2');
      await sleep(550);
      await copy('c3', 'eu-west-1');
      assert.strictEqual(emu.state.count('CopyImage', { errorCode: 'LimitExceededException' }), 1);
    });

    it('a name taken in the destination → ResourceAlreadyExistsException', async () => {
      const dev = client(emu);
      await rejectsWith(dev.send(new CopyImageCommand({ SourceImageName: 'deletable-1', DestinationImageName: 'dev-eu-app-image', DestinationRegion: 'eu-west-1' })), ResourceAlreadyExistsException);
      await rejectsWith(dev.send(new CopyImageCommand({ SourceImageName: 'deletable-1', DestinationImageName: 'deletable-1', DestinationRegion: 'us-east-1' })), ResourceAlreadyExistsException);
      await dev.send(new CopyImageCommand({ SourceImageName: 'deletable-1', DestinationImageName: 'twice', DestinationRegion: 'eu-west-1' }));
      await rejectsWith(dev.send(new CopyImageCommand({ SourceImageName: 'deletable-2', DestinationImageName: 'twice', DestinationRegion: 'eu-west-1' })), ResourceAlreadyExistsException);
      // the name is free in another account: prod copying into its own eu-west-1 under dev's name is fine
      await client(emu, PROD).send(new CopyImageCommand({ SourceImageName: 'prod-deletable-1', DestinationImageName: 'dev-eu-app-image', DestinationRegion: 'eu-west-1' }));
    });

    it('a source that is not AVAILABLE → ResourceNotAvailableException; one that is not own → ResourceNotFoundException; bad names → ValidationException', async () => {
      const dev = client(emu);
      for (const name of ['state-pending', 'failed-copy', 'state-deleting']) {
        await rejectsWith(dev.send(new CopyImageCommand({ SourceImageName: name, DestinationImageName: `${name}-copy`, DestinationRegion: 'eu-west-1' })), ResourceNotAvailableException);
      }
      for (const name of ['no-such-image', 'prod-shared-with-dev', 'AppStream-WinServer2019-06-17-2024']) {
        await rejectsWith(dev.send(new CopyImageCommand({ SourceImageName: name, DestinationImageName: 'copy-of-other', DestinationRegion: 'eu-west-1' })), ResourceNotFoundException);
      }
      const bad = await validation(dev.send(new CopyImageCommand({ SourceImageName: 'deletable-1', DestinationImageName: '-starts-with-dash', DestinationRegion: 'eu-west-1' })));
      assert.match(bad.message, /'destinationImageName' failed to satisfy constraint: Member must satisfy regular expression pattern: \^\[a-zA-Z0-9\]\[a-zA-Z0-9_\.-\]\{0,100\}\$/);
      await validation(dev.send(new CopyImageCommand({ SourceImageName: 'deletable-1', DestinationImageName: `a${'b'.repeat(101)}`, DestinationRegion: 'eu-west-1' })));
      await validation(dev.send(new CopyImageCommand({ SourceImageName: 'deletable-1', DestinationImageName: 'ok', DestinationRegion: 'eu-west-1', DestinationImageDescription: 'd'.repeat(257) })));
      await validation(dev.send(new CopyImageCommand({ SourceImageName: 'deletable-1', DestinationImageName: 'ok', DestinationRegion: 'r'.repeat(33) })));
      await dev.send(new CopyImageCommand({ SourceImageName: 'deletable-1', DestinationImageName: `a${'b'.repeat(100)}`, DestinationRegion: 'eu-west-1', DestinationImageDescription: 'd'.repeat(256) }));
      assert.strictEqual(emu.state.count('CopyImage', { status: 200 }), 1);
    });
  });

  describe('ListTagsForResource / TagResource / UntagResource', () => {
    it('lists seeded tags (keep=true, team=...), and {} for an untagged image', async () => {
      const dev = client(emu);
      const keep = await dev.send(new ListTagsForResourceCommand({ ResourceArn: devArn('platform-windows-server-2022') }));
      assert.strictEqual(keep.Tags?.keep, 'true');
      const team = await dev.send(new ListTagsForResourceCommand({ ResourceArn: devArn('many-apps') }));
      assert.strictEqual(team.Tags?.team, 'desktop-apps');
      assert.deepStrictEqual((await dev.send(new ListTagsForResourceCommand({ ResourceArn: devArn('deletable-4') }))).Tags, {});
      const fleet = await dev.send(new ListTagsForResourceCommand({ ResourceArn: `arn:aws:appstream:us-east-1:${DEV_ID}:fleet/demo-fleet` }));
      assert.deepStrictEqual(fleet.Tags, { team: 'streaming' });
    });

    it('TagResource adds and overwrites, UntagResource removes (keys it does not have are ignored)', async () => {
      const dev = client(emu);
      const arn = devArn('many-apps');
      await dev.send(new TagResourceCommand({ ResourceArn: arn, Tags: { team: 'renamed', 'Ünïcode key 1': 'välue: a/b=c+d-e@f_g.h', empty: '' } }));
      assert.deepStrictEqual((await dev.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags,
        { team: 'renamed', env: 'dev', 'cost-center': 'CC-1234', 'Ünïcode key 1': 'välue: a/b=c+d-e@f_g.h', empty: '' });
      await dev.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['env', 'empty', 'never-there'] }));
      assert.deepStrictEqual(Object.keys((await dev.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags ?? {}).sort(), ['cost-center', 'team', 'Ünïcode key 1']);
      const builderArn = `arn:aws:appstream:us-east-1:${DEV_ID}:image-builder/demo-builder`;
      await dev.send(new TagResourceCommand({ ResourceArn: builderArn, Tags: { purpose: 'tests' } }));
      assert.deepStrictEqual((await dev.send(new ListTagsForResourceCommand({ ResourceArn: builderArn }))).Tags, { purpose: 'tests' });
    });

    it('at most 50 tags: 51 in one call → ValidationException; going over 50 in total → LimitExceededException', async () => {
      const dev = client(emu);
      const arn = devArn('deletable-4');
      const tags = (n: number, prefix: string): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, String(i)]));
      const e = await validation(dev.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags(51, 'k') })));
      assert.match(e.message, /'tags' failed to satisfy constraint: Member must have length less than or equal to 50/);
      await validation(dev.send(new TagResourceCommand({ ResourceArn: arn, Tags: {} })));
      await dev.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags(49, 'k') }));
      await dev.send(new TagResourceCommand({ ResourceArn: arn, Tags: { k0: 'overwritten', k48: 'x', extra: 'fiftieth' } }));
      const l = await rejectsWith(dev.send(new TagResourceCommand({ ResourceArn: arn, Tags: { k1: 'y', oneTooMany: 'z' } })), LimitExceededException);
      assert.match(l.message, /51 tags.*at most 50/);
      const now = (await dev.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags ?? {};
      assert.strictEqual(Object.keys(now).length, 50);
      assert.deepStrictEqual([now.k0, now.k1, now.oneTooMany], ['overwritten', '1', undefined], 'a refused call changes nothing');
      await validation(dev.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: Object.keys(tags(51, 'k')) })));
    });

    it('keys: 1–128 characters, no aws: prefix, letters/numbers/spaces and _ . : / = + - @; values ≤ 256 of the same characters', async () => {
      const dev = client(emu);
      const arn = devArn('deletable-4');
      const cases: [Record<string, string>, RegExp][] = [
        [{ 'aws:owner': 'me' }, /Map keys must satisfy constraint: \[Member must satisfy regular expression pattern/],
        [{ ['k'.repeat(129)]: 'v' }, /Map keys must satisfy constraint: \[Member must have length less than or equal to 128\]/],
        [{ '': 'v' }, /Member must have length greater than or equal to 1/],
        [{ 'a<b': 'v' }, /Map keys must satisfy constraint/],
        [{ k: 'v'.repeat(257) }, /Map value must satisfy constraint: \[Member must have length less than or equal to 256\]/],
        [{ k: '<script>' }, /Map value must satisfy constraint: \[Member must satisfy regular expression pattern/],
      ];
      for (const [tags, message] of cases) {
        const e = await validation(dev.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags })));
        assert.match(e.message, message, JSON.stringify(tags).slice(0, 60));
      }
      await dev.send(new TagResourceCommand({ ResourceArn: arn, Tags: { ['k'.repeat(128)]: 'v'.repeat(256), 'AWSish:x': 'aws:value' } }));
      assert.strictEqual(Object.keys((await dev.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags ?? {}).length, 2);
      const u = await validation(dev.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['aws:owner'] })));
      assert.match(u.message, /'tagKeys\.1\.member' failed to satisfy constraint/);
    });

    it('a resource that is not the caller\'s (shared, public, other account or region, missing) → ResourceNotFoundException; a malformed ARN → ValidationException', async () => {
      const dev = client(emu);
      const arns = [
        prodArn('prod-shared-with-dev'),
        prodArn('team-base'),
        'arn:aws:appstream:us-east-1::image/AppStream-WinServer2019-06-17-2024',
        prodArn('prod-golden-2025'),
        devArn('dev-eu-app-image', 'eu-west-1'),
        devArn('no-such-image'),
        `arn:aws:appstream:us-east-1:${DEV_ID}:fleet/no-such-fleet`,
        `arn:aws:appstream:us-east-1:${DEV_ID}:stack/any-stack`,
      ];
      for (const arn of arns) {
        await rejectsWith(dev.send(new ListTagsForResourceCommand({ ResourceArn: arn })), ResourceNotFoundException);
        await rejectsWith(dev.send(new TagResourceCommand({ ResourceArn: arn, Tags: { a: 'b' } })), ResourceNotFoundException);
        await rejectsWith(dev.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['a'] })), ResourceNotFoundException);
      }
      await validation(dev.send(new ListTagsForResourceCommand({ ResourceArn: 'deletable-1' })));
      // the owner can tag its shared image; the consumer does not see the owner's tags
      await client(emu, PROD).send(new TagResourceCommand({ ResourceArn: prodArn('team-base'), Tags: { owner: 'prod' } }));
      await rejectsWith(dev.send(new ListTagsForResourceCommand({ ResourceArn: prodArn('team-base') })), ResourceNotFoundException);
    });

    it('tags are cleared when the image is deleted', async () => {
      const dev = client(emu);
      const arn = devArn('deletable-5');
      await dev.send(new TagResourceCommand({ ResourceArn: arn, Tags: { keep: 'false' } }));
      await dev.send(new DeleteImageCommand({ Name: 'deletable-5' }));
      assert.deepStrictEqual((await dev.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, { keep: 'false' }, 'still there while DELETING');
      await sleep(350);
      await rejectsWith(dev.send(new ListTagsForResourceCommand({ ResourceArn: arn })), ResourceNotFoundException);
      emu.state.addImage(DEV_ID, 'us-east-1', { Name: 'deletable-5' });
      assert.deepStrictEqual((await dev.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, {}, 'a new image of the same name starts untagged');
      assert.deepStrictEqual(emu.state.tags(arn), {});
    });
  });

  describe('control', () => {
    it('POST /__emulator/config sets copyDelayMs and copyFailures; reset clears copies and restores seeded tags', async () => {
      const res = await fetch(`${emu.url}/__emulator/config`, { method: 'POST', body: JSON.stringify({ copyDelayMs: 60_000, copyFailures: ['x'] }) });
      const config = await res.json() as Record<string, unknown>;
      assert.deepStrictEqual([config.deleteDelayMs, config.copyDelayMs, config.copyFailures], [200, 60_000, ['x']]);
      const dev = client(emu);
      await dev.send(new CopyImageCommand({ SourceImageName: 'deletable-1', DestinationImageName: 'slow', DestinationRegion: 'eu-west-1' }));
      assert.strictEqual(emu.state.copies.length, 1);
      await dev.send(new UntagResourceCommand({ ResourceArn: devArn('platform-windows-server-2022'), TagKeys: ['keep'] }));
      emu.state.reset();
      assert.strictEqual(emu.state.copies.length, 0);
      assert.strictEqual(emu.state.tags(devArn('platform-windows-server-2022')).keep, 'true');
    });
  });
});
