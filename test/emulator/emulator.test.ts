import * as assert from 'assert';
import * as http from 'http';
import {
  AppStreamClient, AppStreamServiceException, ConcurrentModificationException, DeleteImageCommand, DescribeFleetsCommand,
  DescribeImageBuildersCommand, DescribeImagePermissionsCommand, DescribeImagesCommand, InvalidParameterCombinationException,
  OperationNotPermittedException, ResourceInUseException, ResourceNotFoundException, paginateDescribeImages,
} from '@aws-sdk/client-appstream';
import type { Image } from '@aws-sdk/client-appstream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { awsConfigText, seedAccounts, startEmulator } from './server';
import type { Emulator } from './server';
import { client, rejectsWith } from './testClient';

const DEV = seedAccounts().find((a) => a.profile === 'demo-dev')!;
const PROD = seedAccounts().find((a) => a.profile === 'demo-prod')!;
const EMPTY = seedAccounts().find((a) => a.profile === 'demo-empty')!;


async function allImages(c: AppStreamClient, input: { Type?: 'PUBLIC' | 'PRIVATE' | 'SHARED'; MaxResults?: number }): Promise<Image[]> {
  const out: Image[] = [];
  for await (const page of paginateDescribeImages({ client: c }, input)) { out.push(...(page.Images ?? [])); }
  return out;
}

function raw(emu: Emulator, opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${emu.url}${opts.path ?? '/'}`, { method: opts.method ?? 'POST', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body ?? '');
  });
}

describe('AppStream emulator (through @aws-sdk/client-appstream over HTTP)', () => {
  let emu: Emulator;
  beforeEach(async () => { emu = await startEmulator({ deleteDelayMs: 300 }); });
  afterEach(async () => { await emu.stop(); });

  describe('DescribeImages', () => {
    it('pages through all 120+ public images in us-east-1 with MaxResults', async () => {
      const c = client(emu);
      const pages: number[] = [];
      const names: string[] = [];
      let token: string | undefined;
      do {
        const r = await c.send(new DescribeImagesCommand({ Type: 'PUBLIC', MaxResults: 10, NextToken: token }));
        pages.push(r.Images!.length);
        names.push(...r.Images!.map((i) => i.Name!));
        token = r.NextToken;
      } while (token);
      assert.ok(names.length >= 120, `only ${names.length} public images`);
      assert.strictEqual(new Set(names).size, names.length, 'no duplicates across pages');
      assert.ok(pages.slice(0, -1).every((n) => n === 10), `pages: ${pages.join(',')}`);
      assert.strictEqual(emu.state.count('DescribeImages'), pages.length);
      const withPaginator = await allImages(c, { Type: 'PUBLIC' });
      assert.strictEqual(withPaginator.length, names.length);
      assert.ok(withPaginator.every((i) => i.Visibility === 'PUBLIC' && i.Arn!.startsWith('arn:aws:appstream:us-east-1::image/')));
    });

    it('defaults to pages of 25 and parses timestamps as Dates', async () => {
      const r = await client(emu).send(new DescribeImagesCommand({ Type: 'PUBLIC' }));
      assert.strictEqual(r.Images!.length, 25);
      assert.ok(r.NextToken);
      const img = r.Images![0];
      assert.ok(img.CreatedTime instanceof Date && img.CreatedTime.getUTCFullYear() >= 2024, String(img.CreatedTime));
      assert.ok(img.PublicBaseImageReleasedDate instanceof Date);
    });

    it('without Type returns private, shared-with-me and public images', async () => {
      const imgs = await allImages(client(emu), {});
      const vis = new Set(imgs.map((i) => i.Visibility));
      assert.deepStrictEqual([...vis].sort(), ['PRIVATE', 'PUBLIC', 'SHARED']);
      const priv = await allImages(client(emu), { Type: 'PRIVATE' });
      const shared = await allImages(client(emu), { Type: 'SHARED' });
      const pub = await allImages(client(emu), { Type: 'PUBLIC' });
      assert.strictEqual(imgs.length, priv.length + shared.length + pub.length);
      assert.ok(priv.length > 25, 'private images page too');
    });

    it('returns every field of a failed image, with ImageErrors and the newer fields', async () => {
      const r = await client(emu).send(new DescribeImagesCommand({ Names: ['failed-image-with-errors'] }));
      const img = r.Images![0];
      assert.strictEqual(img.State, 'FAILED');
      assert.strictEqual(img.StateChangeReason?.Code, 'INTERNAL_ERROR');
      assert.ok(img.ImageErrors!.length >= 3);
      assert.ok(img.ImageErrors!.every((e) => e.ErrorCode && e.ErrorMessage && e.ErrorTimestamp instanceof Date));
      assert.strictEqual(img.ImageSharedWithOthers, 'FALSE');
      assert.strictEqual(img.ImageType, 'CUSTOM');
      assert.strictEqual(img.LatestAppstreamAgentVersion, 'TRUE');
      assert.ok(img.SupportedInstanceFamilies!.length > 0);
    });

    it('seeds every image state and every platform of the SDK', async () => {
      const imgs = await allImages(client(emu), {});
      for (const s of ['AVAILABLE', 'PENDING', 'CREATING', 'COPYING', 'DELETING', 'IMPORTING', 'VALIDATING', 'FAILED']) {
        assert.ok(imgs.some((i) => i.State === s), `no image in state ${s}`);
      }
      for (const p of ['WINDOWS', 'WINDOWS_SERVER_2016', 'WINDOWS_SERVER_2019', 'WINDOWS_SERVER_2022', 'WINDOWS_SERVER_2025', 'AMAZON_LINUX2', 'RHEL8', 'ROCKY_LINUX8', 'UBUNTU_PRO_2404']) {
        assert.ok(imgs.some((i) => i.Platform === p && i.Visibility === 'PRIVATE'), `no private image with platform ${p}`);
      }
      const many = imgs.find((i) => i.Name === 'many-apps')!;
      assert.strictEqual(many.Applications!.length, 12);
      const a = many.Applications![0];
      for (const k of ['Name', 'DisplayName', 'IconURL', 'LaunchPath', 'WorkingDirectory', 'Metadata', 'Arn', 'AppBlockArn', 'IconS3Location', 'Platforms', 'InstanceFamilies', 'CreatedTime', 'Enabled'] as const) {
        assert.notStrictEqual(a[k], undefined, `application field ${k}`);
      }
      assert.ok(a.CreatedTime instanceof Date);
      const hostile = imgs.find((i) => i.Name === 'hostile-html')!;
      assert.strictEqual(hostile.DisplayName, '<img src=x onerror=alert(1)>');
      assert.ok(imgs.find((i) => i.Name === 'long-description-10k')!.Description!.length > 10_000);
    });

    it('Names that do not exist → ResourceNotFoundException; Names and Arns look-ups work', async () => {
      const c = client(emu);
      const e = await rejectsWith(c.send(new DescribeImagesCommand({ Names: ['deletable-1', 'no-such-image'] })), ResourceNotFoundException);
      assert.match(e.message, /no-such-image/);
      const byArn = await c.send(new DescribeImagesCommand({ Arns: ['arn:aws:appstream:us-east-1:111111111111:image/deletable-2', 'arn:aws:appstream:us-east-1::image/AppStream-WinServer2019-06-17-2024'] }));
      assert.deepStrictEqual(byArn.Images!.map((i) => i.Name).sort(), ['AppStream-WinServer2019-06-17-2024', 'deletable-2']);
      await rejectsWith(c.send(new DescribeImagesCommand({ Names: ['deletable-1'], Arns: ['arn:aws:appstream:us-east-1:111111111111:image/deletable-2'] })), InvalidParameterCombinationException);
    });

    it('a bad or foreign NextToken → InvalidParameterCombinationException', async () => {
      const c = client(emu);
      await rejectsWith(c.send(new DescribeImagesCommand({ Type: 'PUBLIC', NextToken: 'not-a-token' })), InvalidParameterCombinationException);
      const first = await c.send(new DescribeImagesCommand({ Type: 'PUBLIC', MaxResults: 5 }));
      // same token, other query / other account → refused
      await rejectsWith(c.send(new DescribeImagesCommand({ Type: 'PRIVATE', NextToken: first.NextToken })), InvalidParameterCombinationException);
      await rejectsWith(client(emu, PROD).send(new DescribeImagesCommand({ Type: 'PUBLIC', NextToken: first.NextToken })), InvalidParameterCombinationException);
      const second = await c.send(new DescribeImagesCommand({ Type: 'PUBLIC', MaxResults: 5, NextToken: first.NextToken }));
      assert.notStrictEqual(second.Images![0].Name, first.Images![0].Name);
    });

    it('MaxResults out of range → ValidationException naming the constraint', async () => {
      for (const [max, constraint] of [[26, 'less than or equal to 25'], [-1, 'greater than or equal to 0']] as const) {
        const e = await rejectsWith(client(emu).send(new DescribeImagesCommand({ MaxResults: max })), AppStreamServiceException, 'ValidationException');
        assert.match(e.message, new RegExp(`'maxResults' failed to satisfy constraint: Member must have value ${constraint}`));
        assert.strictEqual(e.$metadata.httpStatusCode, 400);
      }
      const e = await rejectsWith(client(emu).send(new DescribeImagesCommand({ Type: 'BOGUS' as 'PUBLIC' })), AppStreamServiceException, 'ValidationException');
      assert.match(e.message, /enum value set: \[PUBLIC, PRIVATE, SHARED\]/);
    });
  });

  describe('accounts, regions and sharing', () => {
    it('two keys see different accounts; region comes from the signature', async () => {
      const dev = await allImages(client(emu, DEV), { Type: 'PRIVATE' });
      const prod = await allImages(client(emu, PROD), { Type: 'PRIVATE' });
      assert.ok(dev.every((i) => i.Arn!.includes(':111111111111:')));
      assert.ok(prod.length > 0 && prod.every((i) => i.Arn!.includes(':222222222222:')));
      assert.ok(!dev.some((i) => prod.some((p) => p.Arn === i.Arn)));
      const devEu = await allImages(client(emu, DEV, 'eu-west-1'), { Type: 'PRIVATE' });
      assert.deepStrictEqual(devEu.map((i) => i.Name).sort(), ['dev-eu-app-image', 'dev-eu-pending']);
      assert.ok(devEu.every((i) => i.Arn!.startsWith('arn:aws:appstream:eu-west-1:')));
      assert.strictEqual((await allImages(client(emu, EMPTY, 'ap-southeast-2'), { Type: 'PRIVATE' })).length, 0);
      assert.strictEqual(emu.state.count('DescribeImages', { region: 'eu-west-1', accountId: '111111111111' }), 1);
      const pubSyd = await allImages(client(emu, EMPTY, 'ap-southeast-2'), { Type: 'PUBLIC' });
      assert.ok(pubSyd.length > 0 && pubSyd.length < 120);
    });

    it('a shared image is SHARED for the other account and PRIVATE + ImageSharedWithOthers for the owner', async () => {
      const owner = (await client(emu, DEV).send(new DescribeImagesCommand({ Names: ['shared-with-prod'] }))).Images![0];
      assert.strictEqual(owner.Visibility, 'PRIVATE');
      assert.strictEqual(owner.ImageSharedWithOthers, 'TRUE');
      const shared = await allImages(client(emu, PROD, 'us-east-1'), { Type: 'SHARED' });
      const s = shared.find((i) => i.Name === 'shared-with-prod')!;
      assert.ok(s, 'prod sees shared-with-prod');
      assert.strictEqual(s.Visibility, 'SHARED');
      assert.deepStrictEqual(s.ImagePermissions, { allowFleet: true, allowImageBuilder: false });
      assert.strictEqual(s.ImageBuilderName, undefined);
      const devShared = await allImages(client(emu, DEV), { Type: 'SHARED' });
      assert.deepStrictEqual(devShared.map((i) => i.Name), ['prod-shared-with-dev', 'common-base', 'team-base', 'team-base']);
    });

    it('DescribeImagePermissions lists the accounts an own image is shared with', async () => {
      const c = client(emu);
      const r = await c.send(new DescribeImagePermissionsCommand({ Name: 'shared-with-prod' }));
      assert.strictEqual(r.Name, 'shared-with-prod');
      assert.deepStrictEqual(r.SharedImagePermissionsList, [{ sharedAccountId: '222222222222', imagePermissions: { allowFleet: true, allowImageBuilder: false } }]);
      const none = await c.send(new DescribeImagePermissionsCommand({ Name: 'shared-with-prod', SharedAwsAccountIds: ['333333333333'] }));
      assert.deepStrictEqual(none.SharedImagePermissionsList, []);
      await rejectsWith(c.send(new DescribeImagePermissionsCommand({ Name: 'prod-shared-with-dev' })), ResourceNotFoundException);
      await rejectsWith(c.send(new DescribeImagePermissionsCommand({ Name: 'x', MaxResults: 501 })), AppStreamServiceException, 'ValidationException');
    });
  });

  describe('identity: an image is its ARN', () => {
    const devArn = (name: string): string => `arn:aws:appstream:us-east-1:111111111111:image/${name}`;
    const prodArn = (name: string): string => `arn:aws:appstream:us-east-1:222222222222:image/${name}`;
    const partnerArn = (name: string): string => `arn:aws:appstream:us-east-1:444444444444:image/${name}`;
    const publicArn = (region: string, name: string): string => `arn:aws:appstream:${region}::image/${name}`;

    it('Names finds own and public images', async () => {
      const r = await client(emu).send(new DescribeImagesCommand({ Names: ['deletable-1', 'AppStream-WinServer2019-06-17-2024'] }));
      assert.deepStrictEqual(r.Images!.map((i) => [i.Name, i.Visibility, i.Arn]), [
        ['deletable-1', 'PRIVATE', devArn('deletable-1')],
        ['AppStream-WinServer2019-06-17-2024', 'PUBLIC', publicArn('us-east-1', 'AppStream-WinServer2019-06-17-2024')],
      ]);
    });

    it('Names does not find an image that is only shared with the caller: ResourceNotFoundException, as for a missing name', async () => {
      const c = client(emu);
      for (const name of ['prod-shared-with-dev', 'team-base']) {
        const e = await rejectsWith(c.send(new DescribeImagesCommand({ Names: [name] })), ResourceNotFoundException);
        assert.strictEqual(e.message, `The image '${name}' could not be found.`);
      }
      const missing = await rejectsWith(c.send(new DescribeImagesCommand({ Names: ['no-such-image'] })), ResourceNotFoundException);
      assert.strictEqual(missing.message, "The image 'no-such-image' could not be found.");
      // one shared name among found ones fails the whole call
      await rejectsWith(c.send(new DescribeImagesCommand({ Names: ['deletable-1', 'prod-shared-with-dev'] })), ResourceNotFoundException);
      // and the owner finds it by name
      const own = await client(emu, PROD).send(new DescribeImagesCommand({ Names: ['prod-shared-with-dev'] }));
      assert.deepStrictEqual(own.Images!.map((i) => [i.Visibility, i.Arn]), [['PRIVATE', prodArn('prod-shared-with-dev')]]);
    });

    it('Names of a name that is both own and shared with the caller gives only the own image', async () => {
      const r = await client(emu).send(new DescribeImagesCommand({ Names: ['common-base'] }));
      assert.deepStrictEqual(r.Images!.map((i) => [i.Arn, i.Visibility]), [[devArn('common-base'), 'PRIVATE']]);
    });

    it('Arns finds public, private and shared images; two same-named shared images are told apart by ARN', async () => {
      const c = client(emu);
      const arns = [prodArn('team-base'), partnerArn('team-base'), prodArn('common-base'), devArn('common-base'), publicArn('us-east-1', 'AppStream-AmazonLinux2-06-17-2024')];
      const r = await c.send(new DescribeImagesCommand({ Arns: arns }));
      const byArn = new Map(r.Images!.map((i) => [i.Arn, i]));
      assert.deepStrictEqual([...byArn.keys()].sort(), [...arns].sort());
      const prodTeam = byArn.get(prodArn('team-base'))!;
      const partnerTeam = byArn.get(partnerArn('team-base'))!;
      assert.deepStrictEqual([prodTeam.Name, prodTeam.Visibility], ['team-base', 'SHARED']);
      assert.deepStrictEqual([partnerTeam.Name, partnerTeam.Visibility], ['team-base', 'SHARED']);
      assert.deepStrictEqual(prodTeam.ImagePermissions, { allowFleet: true, allowImageBuilder: true });
      assert.deepStrictEqual(partnerTeam.ImagePermissions, { allowFleet: false, allowImageBuilder: true });
      assert.notStrictEqual(prodTeam.DisplayName, partnerTeam.DisplayName);
      assert.strictEqual(byArn.get(prodArn('common-base'))!.Visibility, 'SHARED');
      assert.strictEqual(byArn.get(devArn('common-base'))!.Visibility, 'PRIVATE');
      // one ARN asks for exactly one image
      const one = await c.send(new DescribeImagesCommand({ Arns: [partnerArn('team-base')] }));
      assert.deepStrictEqual(one.Images!.map((i) => i.Arn), [partnerArn('team-base')]);
    });

    it('Arns does not find another account\'s image that is not shared with the caller, nor a malformed ARN', async () => {
      const c = client(emu);
      const e = await rejectsWith(c.send(new DescribeImagesCommand({ Arns: [prodArn('prod-golden-2025')] })), ResourceNotFoundException);
      assert.match(e.message, /prod-golden-2025/);
      // the right name in the wrong account field
      await rejectsWith(c.send(new DescribeImagesCommand({ Arns: [prodArn('deletable-1')] })), ResourceNotFoundException);
      await rejectsWith(c.send(new DescribeImagesCommand({ Arns: [devArn('AppStream-WinServer2019-06-17-2024')] })), ResourceNotFoundException);
      const v = await rejectsWith(c.send(new DescribeImagesCommand({ Arns: ['team-base'] })), AppStreamServiceException, 'ValidationException');
      assert.match(v.message, /'arns\.1\.member' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    });

    it('Type narrows what Names and Arns find', async () => {
      const c = client(emu);
      await rejectsWith(c.send(new DescribeImagesCommand({ Type: 'SHARED', Names: ['team-base'] })), ResourceNotFoundException);
      await rejectsWith(c.send(new DescribeImagesCommand({ Type: 'PUBLIC', Names: ['deletable-1'] })), ResourceNotFoundException);
      await rejectsWith(c.send(new DescribeImagesCommand({ Type: 'PRIVATE', Arns: [prodArn('team-base')] })), ResourceNotFoundException);
      const shared = await c.send(new DescribeImagesCommand({ Type: 'SHARED', Arns: [prodArn('common-base')] }));
      assert.deepStrictEqual(shared.Images!.map((i) => i.Arn), [prodArn('common-base')]);
      const own = await c.send(new DescribeImagesCommand({ Type: 'PRIVATE', Names: ['common-base'] }));
      assert.deepStrictEqual(own.Images!.map((i) => i.Arn), [devArn('common-base')]);
    });

    it('public ARNs have an empty account field; own and shared ARNs name the owner', async () => {
      for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) {
        const pub = await allImages(client(emu, EMPTY, region), { Type: 'PUBLIC' });
        assert.ok(pub.length > 0);
        for (const i of pub) { assert.strictEqual(i.Arn, publicArn(region, i.Name!)); }
      }
      const all = await allImages(client(emu), {});
      for (const i of all) {
        const owner = i.Visibility === 'PUBLIC' ? '' : i.Visibility === 'PRIVATE' ? '111111111111' : /^(222222222222|444444444444)$/;
        const m = /^arn:aws:appstream:us-east-1:(\d*):image\/(.+)$/.exec(i.Arn!);
        assert.ok(m, i.Arn);
        assert.strictEqual(m[2], i.Name);
        if (typeof owner === 'string') { assert.strictEqual(m[1], owner, i.Arn); } else { assert.match(m[1], owner, i.Arn); }
      }
      assert.strictEqual(new Set(all.map((i) => i.Arn)).size, all.length, 'ARNs are unique where names are not');
      assert.ok(new Set(all.map((i) => i.Name)).size < all.length, 'the seed has same-named images');
    });

    it('DeleteImage of own common-base is not blocked by the fleet on the shared common-base, and leaves that one alone', async () => {
      const c = client(emu);
      const fleet = (await c.send(new DescribeFleetsCommand({ Names: ['shared-common-base-fleet'] }))).Fleets![0];
      assert.deepStrictEqual([fleet.ImageName, fleet.ImageArn], ['common-base', prodArn('common-base')]);
      const r = await c.send(new DeleteImageCommand({ Name: 'common-base' }));
      assert.deepStrictEqual([r.Image!.Arn, r.Image!.State], [devArn('common-base'), 'DELETING']);
      await new Promise((res) => setTimeout(res, 450));
      await rejectsWith(c.send(new DescribeImagesCommand({ Names: ['common-base'] })), ResourceNotFoundException);
      await rejectsWith(c.send(new DescribeImagesCommand({ Arns: [devArn('common-base')] })), ResourceNotFoundException);
      const stillShared = await c.send(new DescribeImagesCommand({ Arns: [prodArn('common-base')] }));
      assert.deepStrictEqual(stillShared.Images!.map((i) => [i.State, i.Visibility]), [['AVAILABLE', 'SHARED']]);
      const prodOwn = await client(emu, PROD).send(new DescribeImagesCommand({ Names: ['common-base'] }));
      assert.deepStrictEqual(prodOwn.Images!.map((i) => [i.Arn, i.State]), [[prodArn('common-base'), 'AVAILABLE']]);
      // now the name is only shared with dev: deleting it is not permitted
      await rejectsWith(c.send(new DeleteImageCommand({ Name: 'common-base' })), OperationNotPermittedException);
    });

    it('a fleet without ImageArn is matched by ImageName; one with ImageArn by ARN only', async () => {
      const c = client(emu);
      emu.state.fleets('111111111111', 'us-east-1').push({ Name: 'by-name-only', ImageName: 'deletable-1', State: 'RUNNING' });
      emu.state.fleets('111111111111', 'us-east-1').push({ Name: 'other-arn', ImageName: 'deletable-2', ImageArn: prodArn('deletable-2'), State: 'RUNNING' });
      const e = await rejectsWith(c.send(new DeleteImageCommand({ Name: 'deletable-1' })), ResourceInUseException);
      assert.match(e.message, /by-name-only/);
      assert.strictEqual((await c.send(new DeleteImageCommand({ Name: 'deletable-2' }))).Image!.State, 'DELETING');
    });
  });

  describe('DescribeFleets and DescribeImageBuilders', () => {
    it('lists fleets, by name, and ResourceNotFoundException for unknown names', async () => {
      const c = client(emu);
      const all = await c.send(new DescribeFleetsCommand({}));
      assert.deepStrictEqual(all.Fleets!.map((f) => f.Name).sort(), ['demo-fleet', 'demo-fleet-arn', 'public-base-fleet', 'shared-common-base-fleet']);
      assert.ok(all.Fleets![0].CreatedTime instanceof Date);
      const one = await c.send(new DescribeFleetsCommand({ Names: ['demo-fleet'] }));
      assert.strictEqual(one.Fleets![0].ImageName, 'in-use-by-fleet');
      await rejectsWith(c.send(new DescribeFleetsCommand({ Names: ['nope'] })), ResourceNotFoundException);
      assert.strictEqual((await client(emu, PROD, 'eu-west-1').send(new DescribeFleetsCommand({}))).Fleets![0].Name, 'prod-eu-fleet');
    });

    it('lists image builders with MaxResults paging', async () => {
      const c = client(emu);
      const names: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const p = await c.send(new DescribeImageBuildersCommand({ MaxResults: 4, NextToken: token }));
        assert.ok(p.ImageBuilders!.length <= 4);
        names.push(...p.ImageBuilders!.map((b) => b.Name!));
        token = p.NextToken;
        pages++;
      } while (token);
      const seeded = emu.state.imageBuilders('111111111111', 'us-east-1').map((b) => String(b.Name));
      assert.ok(seeded.length > 8, 'demo-dev has image builders in several states');
      assert.deepStrictEqual(names, seeded);
      assert.strictEqual(pages, Math.ceil(seeded.length / 4));
      assert.ok(names.includes('demo-builder') && names.includes('public-builder'));
      await rejectsWith(c.send(new DescribeImageBuildersCommand({ Names: ['nope'] })), ResourceNotFoundException);
    });
  });

  describe('DeleteImage', () => {
    it('returns the image DELETING, and it is gone after the delay', async () => {
      const c = client(emu);
      const r = await c.send(new DeleteImageCommand({ Name: 'deletable-1' }));
      assert.strictEqual(r.Image!.Name, 'deletable-1');
      assert.strictEqual(r.Image!.State, 'DELETING');
      assert.ok(r.Image!.CreatedTime instanceof Date);
      const during = await c.send(new DescribeImagesCommand({ Names: ['deletable-1'] }));
      assert.strictEqual(during.Images![0].State, 'DELETING');
      await rejectsWith(c.send(new DeleteImageCommand({ Name: 'deletable-1' })), ConcurrentModificationException);
      await new Promise((res) => setTimeout(res, 450));
      await rejectsWith(c.send(new DescribeImagesCommand({ Names: ['deletable-1'] })), ResourceNotFoundException);
      await rejectsWith(c.send(new DeleteImageCommand({ Name: 'deletable-1' })), ResourceNotFoundException);
    });

    it('raises each exception class', async () => {
      const c = client(emu);
      for (const name of ['in-use-by-fleet', 'in-use-by-fleet-arn', 'in-use-by-builder', 'shared-with-prod']) {
        const e = await rejectsWith(c.send(new DeleteImageCommand({ Name: name })), ResourceInUseException);
        assert.match(e.message, new RegExp(name.replace(/[.-]/g, '\\$&')));
      }
      await rejectsWith(c.send(new DeleteImageCommand({ Name: 'no-such-image' })), ResourceNotFoundException);
      await rejectsWith(c.send(new DeleteImageCommand({ Name: 'AppStream-WinServer2019-06-17-2024' })), OperationNotPermittedException);
      await rejectsWith(c.send(new DeleteImageCommand({ Name: 'prod-shared-with-dev' })), OperationNotPermittedException);
      await rejectsWith(c.send(new DeleteImageCommand({ Name: 'state-deleting' })), ConcurrentModificationException);
      const v = await rejectsWith(c.send(new DeleteImageCommand({ Name: '<bad name>' })), AppStreamServiceException, 'ValidationException');
      assert.match(v.message, /regular expression pattern/);
      // the same name in another account/region is not ours
      await rejectsWith(client(emu, PROD).send(new DeleteImageCommand({ Name: 'deletable-2' })), ResourceNotFoundException);
      assert.strictEqual(emu.state.count('DeleteImage', { errorCode: 'ResourceInUseException' }), 4);
    });

    it('addImage (and POST /__emulator/images) add deletable images', async () => {
      emu.state.addImage('111111111111', 'us-east-1', { Name: 'added-by-test', Platform: 'WINDOWS_SERVER_2022' });
      const r = await raw(emu, { path: '/__emulator/images', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accountId: '111111111111', region: 'us-east-1', image: { Name: 'added-over-http', CreatedTime: '2025-01-01T00:00:00Z' } }) });
      assert.strictEqual(r.status, 200);
      const got = await client(emu).send(new DescribeImagesCommand({ Names: ['added-by-test', 'added-over-http'] }));
      assert.strictEqual(got.Images!.length, 2);
      assert.strictEqual(got.Images![1].CreatedTime!.toISOString(), '2025-01-01T00:00:00.000Z');
      assert.strictEqual((await client(emu).send(new DeleteImageCommand({ Name: 'added-over-http' }))).Image!.State, 'DELETING');
      emu.state.reset();
      await rejectsWith(client(emu).send(new DescribeImagesCommand({ Names: ['added-by-test'] })), ResourceNotFoundException);
    });
  });

  describe('auth and protocol errors', () => {
    it('refuses an unknown access key and a wrong secret', async () => {
      const e = await rejectsWith(client(emu, { ...DEV, accessKeyId: 'AKIANOTKNOWN00000000' }).send(new DescribeImagesCommand({})), AppStreamServiceException, 'UnrecognizedClientException');
      assert.strictEqual(e.message, 'The security token included in the request is invalid.');
      const s = await rejectsWith(client(emu, { ...DEV, secretAccessKey: 'wrong' }).send(new DescribeImagesCommand({})), AppStreamServiceException, 'InvalidSignatureException');
      assert.match(s.message, /signature we calculated does not match/);
    });

    it('accepts a session token for a known key', async () => {
      const c = new AppStreamClient({ region: 'us-east-1', endpoint: emu.url, credentials: { accessKeyId: DEV.accessKeyId, secretAccessKey: DEV.secretAccessKey, sessionToken: 'FwoGZXIvYXdzEXAMPLE' } });
      assert.strictEqual((await c.send(new DescribeImagesCommand({ Names: ['deletable-3'] }))).Images!.length, 1);
    });

    it('refuses a request without Authorization', async () => {
      const r = await raw(emu, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'PhotonAdminProxyService.DescribeImages' }, body: '{}' });
      assert.strictEqual(r.status, 400);
      assert.strictEqual(JSON.parse(r.body).__type, 'MissingAuthenticationTokenException');
      assert.strictEqual(r.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
    });

    it('names an unknown operation, a bad content type, a wrong path or method', async () => {
      // signed by the SDK: override the target with a middleware so the signature is still valid
      const c = client(emu);
      c.middlewareStack.add((next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-amz-target'] = 'PhotonAdminProxyService.CreateStack';
        return next(args);
      }, { step: 'build', name: 'retarget' });
      const e = await rejectsWith(c.send(new DescribeImagesCommand({})), AppStreamServiceException, 'UnknownOperationException');
      assert.match(e.message, /Unknown operation 'PhotonAdminProxyService\.CreateStack'/);

      const ct = await raw(emu, { headers: { 'content-type': 'application/xml' }, body: '<x/>' });
      assert.strictEqual(ct.status, 415);
      assert.strictEqual(JSON.parse(ct.body).message, "Unsupported content type 'application/xml'; the emulator speaks application/x-amz-json-1.1");
      const get = await raw(emu, { method: 'GET', path: '/' });
      assert.match(JSON.parse(get.body).message, /got GET \//);
      const path = await raw(emu, { path: '/images' });
      assert.strictEqual(path.status, 404);
      assert.match(JSON.parse(path.body).message, /got POST \/images/);
    });
  });

  describe('faults', () => {
    it('a throttling burst is retried through by the SDK (counted)', async () => {
      emu.state.setFaults([{ kind: 'throttle', op: 'DescribeImages', count: 2 }]);
      const c = client(emu, DEV, 'us-east-1', { maxAttempts: 3 });
      const r = await c.send(new DescribeImagesCommand({ Names: ['deletable-1'] }));
      assert.strictEqual(r.Images!.length, 1);
      assert.strictEqual(r.$metadata.attempts, 3);
      assert.strictEqual(emu.state.count('DescribeImages'), 3);
      assert.strictEqual(emu.state.count('DescribeImages', { errorCode: 'ThrottlingException' }), 2);
      assert.strictEqual(emu.state.faults.length, 0, 'used-up faults are removed');
    });

    it('throttling beyond maxAttempts surfaces ThrottlingException', async () => {
      emu.state.setFaults([{ kind: 'throttle' }]);
      const e = await rejectsWith(client(emu, DEV, 'us-east-1', { maxAttempts: 2 }).send(new DescribeFleetsCommand({})), AppStreamServiceException, 'ThrottlingException');
      assert.strictEqual(e.message, 'Rate exceeded');
      assert.strictEqual(emu.state.count('DescribeFleets'), 2);
    });

    it('a 500 is retried', async () => {
      emu.state.setFaults([{ kind: 'internal', count: 1 }]);
      const r = await client(emu, DEV, 'us-east-1', { maxAttempts: 2 }).send(new DescribeImagesCommand({ Type: 'PRIVATE' }));
      assert.ok(r.Images!.length > 0);
      assert.strictEqual(emu.state.count('DescribeImages', { status: 500 }), 1);
      assert.strictEqual(emu.state.count('DescribeImages', { status: 200 }), 1);
    });

    it('faults are scoped by op, region and account', async () => {
      emu.state.setFaults([{ kind: 'internal', region: 'eu-west-1' }, { kind: 'throttle', accountId: '222222222222' }, { kind: 'internal', op: 'DeleteImage' }]);
      await client(emu, DEV, 'us-east-1').send(new DescribeImagesCommand({ MaxResults: 1 }));
      await rejectsWith(client(emu, DEV, 'eu-west-1').send(new DescribeImagesCommand({ MaxResults: 1 })), AppStreamServiceException, 'InternalFailure');
      await rejectsWith(client(emu, PROD, 'us-east-1').send(new DescribeImagesCommand({ MaxResults: 1 })), AppStreamServiceException, 'ThrottlingException');
      await rejectsWith(client(emu).send(new DeleteImageCommand({ Name: 'deletable-5' })), AppStreamServiceException, 'InternalFailure');
      emu.state.clearFaults();
      assert.strictEqual((await client(emu).send(new DeleteImageCommand({ Name: 'deletable-5' }))).Image!.State, 'DELETING');
    });

    it('a hung response makes a client with a short requestTimeout fail', async () => {
      emu.state.setFaults([{ kind: 'hang', count: 1 }]);
      const c = client(emu, DEV, 'us-east-1', { requestHandler: new NodeHttpHandler({ requestTimeout: 300, throwOnRequestTimeout: true }) });
      const t0 = Date.now();
      await assert.rejects(c.send(new DescribeImagesCommand({})), (e: Error) => /timeout|timed out/i.test(`${e.name} ${e.message}`));
      assert.ok(Date.now() - t0 < 3000);
      assert.strictEqual(emu.state.count('DescribeImages', { fault: 'hang', status: 0 }), 1);
    });

    it('a malformed body is an SDK error', async () => {
      emu.state.setFaults([{ kind: 'malformed', count: 1 }]);
      await assert.rejects(client(emu).send(new DescribeImagesCommand({})), (e: Error) => !(e instanceof ResourceNotFoundException) && /JSON|Unexpected|Unterminated|parse/i.test(`${e.name} ${e.message}`));
      assert.strictEqual(emu.state.count('DescribeImages', { fault: 'malformed' }), 1);
    });

    it('latency (fixed and jittered) is added', async () => {
      emu.state.setFaults([{ kind: 'latency', ms: 200, jitterMs: 50, count: 1 }]);
      const c = client(emu);
      let t0 = Date.now();
      await c.send(new DescribeImagesCommand({ MaxResults: 1 }));
      assert.ok(Date.now() - t0 >= 190, `took ${Date.now() - t0} ms`);
      t0 = Date.now();
      await c.send(new DescribeImagesCommand({ MaxResults: 1 }));
      assert.ok(Date.now() - t0 < 150, 'count: 1 means the second call is fast');
    });

    it('latencyMs option and faults option at start', async () => {
      const slow = await startEmulator({ latencyMs: 150, faults: [{ kind: 'throttle', count: 1 }] });
      try {
        const t0 = Date.now();
        const r = await client(slow, DEV, 'us-east-1', { maxAttempts: 2 }).send(new DescribeImagesCommand({ MaxResults: 1 }));
        assert.strictEqual(r.$metadata.attempts, 2);
        assert.ok(Date.now() - t0 >= 290, `took ${Date.now() - t0} ms`);
      } finally {
        await slow.stop();
      }
    });
  });

  describe('control endpoints and helpers', () => {
    it('GET requests, POST faults, reset-log and reset', async () => {
      await client(emu).send(new DescribeFleetsCommand({}));
      const log = JSON.parse((await raw(emu, { method: 'GET', path: '/__emulator/requests' })).body) as { op: string; accountId: string; status: number }[];
      assert.deepStrictEqual(log.map((l) => [l.op, l.accountId, l.status]), [['DescribeFleets', '111111111111', 200]]);
      assert.strictEqual((await raw(emu, { path: '/__emulator/faults', body: JSON.stringify([{ kind: 'throttle', count: 1 }]) })).status, 200);
      await rejectsWith(client(emu).send(new DescribeFleetsCommand({})), AppStreamServiceException, 'ThrottlingException');
      await raw(emu, { path: '/__emulator/reset-log' });
      assert.strictEqual(emu.state.requests.length, 0);
      await client(emu).send(new DeleteImageCommand({ Name: 'deletable-4' }));
      emu.state.setFaults([{ kind: 'internal' }]);
      await raw(emu, { path: '/__emulator/reset' });
      assert.strictEqual(emu.state.faults.length, 0);
      assert.strictEqual(emu.state.requests.length, 0);
      const back = await client(emu).send(new DescribeImagesCommand({ Names: ['deletable-4'] }));
      assert.strictEqual(back.Images![0].State, 'AVAILABLE');
      assert.strictEqual((await raw(emu, { method: 'GET', path: '/__emulator/nope' })).status, 404);
    });

    it('awsConfigText writes one profile per seeded account with the endpoint', () => {
      const text = awsConfigText('http://127.0.0.1:1234');
      assert.match(text, /\[profile demo-dev\]\naws_access_key_id = AKIAEMULATORDEV00001\naws_secret_access_key = \S+\nregion = us-east-1\nendpoint_url = http:\/\/127\.0\.0\.1:1234\n/);
      assert.strictEqual((text.match(/\[profile /g) ?? []).length, seedAccounts().length);
      assert.ok(seedAccounts().length >= 2);
    });
  });
});
