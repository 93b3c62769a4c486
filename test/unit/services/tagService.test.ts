// The tag service (src/services/tagService.ts) without VS Code: the real AppStreamService, through
// the real SDK, over HTTP, against the emulator. What the tree filter and the details panel use:
// the cache (one ListTagsForResource per own image, none for shared/public ones, none when cached),
// and edits (validated before any request, the identity check, then Untag/Tag).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Image } from '@aws-sdk/client-appstream';
import { imageRefOf, type ImageRef, type SeenImage } from '../../../src/aws/imageRef';
import type { AppStreamService } from '../../../src/aws/service';
import { parseImageFilter } from '../../../src/aws/tagRules';
import { TagService } from '../../../src/services/tagService';
import { awsConfigText, seedAccounts } from '../../emulator/server';
import { useFixture } from '../aws/fixture';
import { silentLog } from './fakes';

const DEV = seedAccounts().find((a) => a.profile === 'demo-dev')!;
const REGION = 'us-east-1';

describe('services/tagService against the emulator', function () {
  this.timeout(20_000);
  const fx = useFixture();
  let aws: AppStreamService;
  let tags: TagService;

  beforeEach(() => {
    aws = fx.service({ maxAttempts: 1 });
    tags = new TagService({ aws: () => aws, log: silentLog() });
  });

  async function listed(visibility: 'PRIVATE' | 'SHARED' | 'PUBLIC' = 'PRIVATE'): Promise<{ ref: ImageRef | undefined; image: Image }[]> {
    return (await aws.listImages('demo-dev', REGION, visibility)).map((image) => ({ ref: imageRefOf('demo-dev', REGION, image), image }));
  }

  const listTagsCalls = () => fx.emu.state.count('ListTagsForResource');

  it('filtering the largest group (demo-dev us-east-1 Private, 38 images) by tag:team costs 38 ListTagsForResource once, then none', async () => {
    const items = await listed();
    assert.equal(items.length, 38);
    fx.emu.state.resetLog();
    const first = await tags.filter(items, parseImageFilter('tag:team').tags);
    assert.deepEqual(first.matching.map((i) => i.image.Name).sort(), ['in-use-by-fleet', 'many-apps']);
    assert.equal(first.fetched, 38);
    assert.equal(listTagsCalls(), 38, 'one ListTagsForResource per own image');
    assert.equal(fx.emu.state.requests.length, 38, 'and nothing else');
    // Another tag filter, or the same again: all cached.
    const second = await tags.filter(items, parseImageFilter('tag:team=streaming tag:env=PROD').tags);
    assert.deepEqual(second.matching.map((i) => i.image.Name), ['in-use-by-fleet']);
    assert.equal(second.fetched, 0);
    assert.equal(listTagsCalls(), 38);
    // A refresh forgets them.
    tags.forget();
    await tags.filter(items, parseImageFilter('tag:keep=true').tags);
    assert.equal(listTagsCalls(), 76);
  });

  it('a filter without tag terms sends nothing; shared and public images cost no request and match no tag term', async () => {
    const own = await listed();
    fx.emu.state.resetLog();
    assert.equal((await tags.filter(own, [])).matching.length, 38);
    const others = [...(await listed('SHARED')), ...(await listed('PUBLIC'))];
    fx.emu.state.resetLog();
    const r = await tags.filter(others, parseImageFilter('tag:team').tags);
    assert.deepEqual(r.matching, []);
    assert.equal(listTagsCalls(), 0);
  });

  it('an image whose tags cannot be read is reported, not matched; the others still are', async () => {
    const items = (await listed()).filter((i) => ['many-apps', 'in-use-by-fleet'].includes(i.image.Name ?? ''));
    fx.emu.state.setFaults([{ kind: 'throttle', op: 'ListTagsForResource', count: 1 }]);
    const r = await tags.filter(items, parseImageFilter('tag:team').tags);
    assert.equal(r.failed.length, 1);
    assert.equal((r.failed[0].error as Error).name, 'ThrottlingException');
    assert.equal(r.matching.length, 1);
    // Failures are not cached: the next filter asks again for that one only.
    fx.emu.state.resetLog();
    assert.equal((await tags.filter(items, parseImageFilter('tag:team').tags)).matching.length, 2);
    assert.equal(listTagsCalls(), 1);
  });

  it('update: add, change and remove in one save; the cache holds the result and listeners hear it', async () => {
    const image = (await listed()).find((i) => i.image.Name === 'many-apps')!;
    const seen: SeenImage = { ref: image.ref!, image: image.image };
    const before = await tags.tagsOf(seen.ref);
    assert.deepEqual(before, { team: 'desktop-apps', env: 'dev', 'cost-center': 'CC-1234' });
    const heard: string[] = [];
    tags.onDidChange((arn, t) => heard.push(`${arn} ${Object.keys(t).length}`));
    fx.emu.state.resetLog();
    await tags.update(seen, before, { team: 'desktop', env: 'dev', owner: 'me' });
    assert.deepEqual(fx.emu.state.tags(seen.ref.arn), { team: 'desktop', env: 'dev', owner: 'me' });
    assert.deepEqual(fx.emu.state.requests.map((r) => r.op), ['DescribeImages', 'UntagResource', 'TagResource'], 'the identity check, then Untag and Tag');
    assert.deepEqual((fx.emu.state.requests[1].params as { TagKeys: string[] }).TagKeys, ['cost-center']);
    assert.deepEqual(tags.peek(seen.ref.arn), { team: 'desktop', env: 'dev', owner: 'me' });
    assert.deepEqual(heard, [`${seen.ref.arn} 3`]);
    fx.emu.state.resetLog();
    assert.deepEqual(await tags.tagsOf(seen.ref), { team: 'desktop', env: 'dev', owner: 'me' });
    assert.equal(fx.emu.state.requests.length, 0, 'read from the cache');
  });

  it('update: invalid tags and no change send nothing', async () => {
    const image = (await listed()).find((i) => i.image.Name === 'deletable-1')!;
    const seen: SeenImage = { ref: image.ref!, image: image.image };
    fx.emu.state.resetLog();
    await assert.rejects(tags.update(seen, {}, { 'aws:x': '1' }), (e: Error) => e.name === 'InvalidInput' && /reserved for AWS/.test(e.message));
    await assert.rejects(tags.update(seen, {}, { 'bad#key': '1', ok: 'x'.repeat(257) }), (e: Error) => /"bad#key".*"ok"/s.test(e.message));
    const fiftyOne = Object.fromEntries(Array.from({ length: 51 }, (_v, i) => [`k${i}`, 'v']));
    await assert.rejects(tags.update(seen, {}, fiftyOne), /at most 50 tags/);
    await tags.update(seen, { a: '1' }, { a: '1' });
    assert.equal(fx.emu.state.requests.length, 0);
  });

  it('update: the profile now signs in to another account: nothing is tagged, the cache forgets the image', async () => {
    const image = (await listed()).find((i) => i.image.Name === 'deletable-2')!;
    const seen: SeenImage = { ref: image.ref!, image: image.image };
    await tags.tagsOf(seen.ref);
    const prod = seedAccounts().find((a) => a.profile === 'demo-prod')!;
    fs.writeFileSync(fx.env.AWS_CONFIG_FILE!, awsConfigText(fx.emu.url).replace(DEV.accessKeyId, prod.accessKeyId).replace(DEV.secretAccessKey, prod.secretAccessKey));
    try {
      aws.reset();
      fx.emu.state.resetLog();
      await assert.rejects(tags.update(seen, {}, { team: 'x' }), (e: Error) => e.name === 'ImageIdentityChanged' && /Nothing was changed/.test(e.message));
      assert.equal(fx.emu.state.count('TagResource') + fx.emu.state.count('UntagResource'), 0);
      assert.equal(tags.peek(seen.ref.arn), undefined);
    } finally {
      fs.writeFileSync(fx.env.AWS_CONFIG_FILE!, awsConfigText(fx.emu.url));
    }
  });
});
