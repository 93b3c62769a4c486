// Tags through the AWS layer (src/aws/tags.ts via AppStreamService) against the emulator, and the
// pure parts the tree filter uses (tag terms, matching, the per-ARN cache).
import * as assert from 'node:assert/strict';
import { InvalidInput } from '../../../src/aws/invalidInput';
import { TagCache, hasReadableTags, matchesTagTerms, parseImageFilter, tagChanges, validateTagKey, validateTagValue, validateTags, type Tags } from '../../../src/aws/tags';
import type { ImageRef } from '../../../src/aws/imageRef';
import { imageRefOf } from '../../../src/aws/imageRef';
import { DEV, PROD, classified, rejection, useFixture } from './fixture';

describe('tags: validation, filter terms and cache (pure)', () => {
  it('validateTagKey / validateTagValue follow AWS\'s rules', () => {
    assert.equal(validateTagKey('team'), undefined);
    assert.equal(validateTagKey('cost center/2025:q1=+-@_.'), undefined);
    assert.equal(validateTagKey('Ünïcödé ключ 名前 ٣'), undefined, 'letters, spaces and numbers of any script');
    assert.equal(validateTagKey('#first-char-is-free'), undefined, 'AWS\'s pattern: the first character is free');
    assert.match(validateTagKey('') ?? '', /cannot be empty/);
    assert.match(validateTagKey('k'.repeat(129)) ?? '', /at most 128 characters; this one has 129/);
    assert.equal(validateTagKey('k'.repeat(128)), undefined);
    assert.match(validateTagKey('aws:cloudformation') ?? '', /reserved for AWS/);
    assert.match(validateTagKey('AWS:x') ?? '', /reserved for AWS/);
    assert.match(validateTagKey('team#1') ?? '', /only letters, digits, spaces and _ \. : \/ = \+ - @ \(not "#"\)/);
    assert.match(validateTagKey('a<b>') ?? '', /not "<"/);
    assert.equal(validateTagValue(''), undefined, 'an empty value is allowed');
    assert.equal(validateTagValue('v'.repeat(256)), undefined);
    assert.match(validateTagValue('v'.repeat(257)) ?? '', /at most 256 characters; this one has 257/);
    assert.match(validateTagValue('a;b') ?? '', /not ";"/);
    assert.match(validateTagValue('#') ?? '', /not "#"/, 'no free first character in values');
  });

  it('validateTags: every problem, by key; at most 50; existing aws: tags may stay but not change', () => {
    assert.deepEqual(validateTags({ team: 'x', env: '' }), []);
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    assert.deepEqual(validateTags(fifty), []);
    assert.deepEqual(validateTags({ ...fifty, k50: 'v' }), ['An image can have at most 50 tags; this would give it 51.']);
    assert.deepEqual(validateTags({ 'bad#': 'x', good: 'bad;' }), [
      '"bad#": A tag key may contain only letters, digits, spaces and _ . : / = + - @ (not "#").',
      '"good": A tag value may contain only letters, digits, spaces and _ . : / = + - @ (not ";").',
    ]);
    const before = { 'aws:cloudformation:stack-name': 'base', team: 'x' };
    assert.deepEqual(validateTags({ ...fifty, 'aws:cloudformation:stack-name': 'base' }, before), [], 'aws: tags do not count');
    assert.deepEqual(validateTags({ 'aws:cloudformation:stack-name': 'other' }, before), ['"aws:cloudformation:stack-name": Tag keys starting with "aws:" are reserved for AWS.']);
    assert.deepEqual(validateTags({ team: 'x' }, before), ['"aws:cloudformation:stack-name": tags starting with "aws:" are AWS\'s and cannot be removed.']);
  });

  it('tagChanges: what to untag and what to tag', () => {
    assert.deepEqual(tagChanges({ a: '1', b: '2', c: '3' }, { a: '1', b: '20', d: '4' }), { set: { b: '20', d: '4' }, remove: ['c'] });
    assert.deepEqual(tagChanges({ a: '1' }, { a: '1' }), { set: {}, remove: [] });
  });

  it('parseImageFilter separates tag:Key and tag:Key=Value terms from the rest', () => {
    assert.deepEqual(parseImageFilter(''), { text: '', tags: [] });
    assert.deepEqual(parseImageFilter('failed'), { text: 'failed', tags: [] });
    assert.deepEqual(parseImageFilter('tag:team'), { text: '', tags: [{ key: 'team' }] });
    assert.deepEqual(parseImageFilter('  linux   TAG:env=prod tag:team=  '), { text: 'linux', tags: [{ key: 'env', value: 'prod' }, { key: 'team', value: '' }] });
    assert.deepEqual(parseImageFilter('tag:"cost center"=CC-1 "tag:owner=platform team"'), { text: '', tags: [{ key: 'cost center', value: 'CC-1' }, { key: 'owner', value: 'platform team' }] });
    assert.deepEqual(parseImageFilter('tag:a=b=c'), { text: '', tags: [{ key: 'a', value: 'b=c' }] }, 'the first = splits');
    assert.deepEqual(parseImageFilter('tag: tag:=x windows 2019'), { text: 'tag: tag:=x windows 2019', tags: [] }, 'no key: not a tag term');
  });

  it('matchesTagTerms: every term, key and value without regard to case; unknown tags match no term', () => {
    const tags: Tags = { Team: 'Streaming', env: 'prod', empty: '' };
    assert.equal(matchesTagTerms(tags, []), true);
    assert.equal(matchesTagTerms(undefined, []), true);
    assert.equal(matchesTagTerms(undefined, [{ key: 'team' }]), false);
    assert.equal(matchesTagTerms(tags, [{ key: 'team' }]), true);
    assert.equal(matchesTagTerms(tags, [{ key: 'team', value: 'streaming' }, { key: 'ENV', value: 'PROD' }]), true);
    assert.equal(matchesTagTerms(tags, [{ key: 'team', value: 'stream' }]), false, 'values match whole');
    assert.equal(matchesTagTerms(tags, [{ key: 'team' }, { key: 'owner' }]), false);
    assert.equal(matchesTagTerms(tags, [{ key: 'empty', value: '' }]), true);
  });

  it('TagCache: one fetch per ARN at a time, cached until forgotten; a fetch overtaken by forget or set is not stored', async () => {
    const calls: string[] = [];
    let answer: Tags = { a: '1' };
    let gate: Promise<void> = Promise.resolve();
    const cache = new TagCache(async (ref) => {
      calls.push(ref.arn);
      const tags = { ...answer };
      await gate;
      return tags;
    });
    const ref: ImageRef = { profile: 'p', region: 'r', arn: 'arn:aws:appstream:r:111111111111:image/x', name: 'x' };
    const [x, y] = await Promise.all([cache.get(ref), cache.get(ref)]);
    assert.deepEqual([x, y, calls.length], [{ a: '1' }, { a: '1' }, 1]);
    assert.deepEqual(await cache.get(ref), { a: '1' });
    assert.equal(calls.length, 1);
    cache.set(ref.arn, { a: '2' });
    assert.deepEqual(cache.peek(ref.arn), { a: '2' });
    cache.forget();
    assert.equal(cache.peek(ref.arn), undefined);
    let open!: () => void;
    gate = new Promise((r) => (open = r));
    const pending = cache.get(ref);
    cache.forget(ref.arn); // a refresh while the fetch is under way
    answer = { a: '3' };
    open();
    assert.deepEqual(await pending, { a: '1' });
    assert.equal(cache.peek(ref.arn), undefined, 'the overtaken fetch was not stored');
    assert.deepEqual(await cache.get(ref), { a: '3' });
    assert.equal(calls.length, 3);
    const failing = new TagCache(() => Promise.reject(new Error('boom')));
    await rejection(failing.get(ref));
    assert.equal(failing.peek(ref.arn), undefined);
  });
});

describe('tags (src/aws/tags.ts) against the emulator', function () {
  this.timeout(20_000);
  const fx = useFixture();

  it('round trip: list, add/change/remove in one update (DescribeImages 1 + UntagResource 1 + TagResource 1), list again', async () => {
    const s = fx.service();
    const seen = await fx.seen(s, 'demo-dev', 'us-east-1', 'many-apps');
    fx.emu.state.resetLog();
    const before = await s.imageTags(seen.ref);
    assert.deepEqual(before, { team: 'desktop-apps', env: 'dev', 'cost-center': 'CC-1234' });
    assert.equal(fx.emu.state.count('ListTagsForResource'), 1);
    const after = { team: 'desktop-apps', env: 'staging', owner: 'Zoë Müller', 'cost center': '' };
    fx.emu.state.resetLog();
    const update = await s.updateImageTags(seen.ref, before, after, { createdTime: seen.image.CreatedTime });
    assert.deepEqual(update, { set: ['env', 'owner', 'cost center'], removed: ['cost-center'], tags: after });
    assert.deepEqual(fx.emu.state.requests.map((r) => `${r.op} ${r.status}`), ['DescribeImages 200', 'UntagResource 200', 'TagResource 200']);
    assert.deepEqual(fx.emu.state.tags(seen.ref.arn), after);
    assert.deepEqual(await s.imageTags(seen.ref), after);
  });

  it('no change sends nothing; invalid tags are refused before any request', async () => {
    const s = fx.service();
    const ref = fx.ref('demo-dev', 'us-east-1', 'many-apps');
    const before = fx.emu.state.tags(ref.arn);
    fx.emu.state.resetLog();
    assert.deepEqual((await s.updateImageTags(ref, before, { ...before })).set, []);
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    for (const after of [{ ...before, 'aws:x': 'y' }, { ...before, 'k#': 'v' }, { ...before, k: 'v'.repeat(257) }, { ...before, ['k'.repeat(129)]: '' }, tooMany]) {
      const info = await classified(s.updateImageTags(ref, before, after), 'demo-dev', 'TagResource');
      assert.ok(info.error instanceof InvalidInput, String(info.error));
      assert.equal(info.kind, 'invalidRequest');
    }
    assert.equal(fx.emu.state.requests.length, 0, 'nothing reached the emulator');
    assert.deepEqual(fx.emu.state.tags(ref.arn), before);
  });

  it('the profile signs in to another account between the edit and the save: no TagResource/UntagResource', async () => {
    const { service: s, switchTo } = fx.switchable();
    const seen = (await s.listImages('work', 'us-east-1', 'PRIVATE')).find((i) => i.Name === 'in-use-by-fleet')!;
    const ref = imageRefOf('work', 'us-east-1', seen)!;
    const before = await s.imageTags(ref);
    await switchTo(PROD);
    fx.emu.state.resetLog();
    const info = await classified(s.updateImageTags(ref, before, { ...before, env: 'test' }, { createdTime: seen.CreatedTime }), 'work', 'TagResource');
    assert.equal(info.kind, 'identityChanged');
    assert.match(info.message, /now signs in to account 222222222222; .*account 111111111111\. Nothing was changed\./);
    assert.equal(fx.emu.state.count('TagResource') + fx.emu.state.count('UntagResource'), 0);
    assert.deepEqual(fx.emu.state.tags(ref.arn), before);
  });

  it('an image deleted and re-created under the same ARN since it was listed: nothing sent (CreatedTime differs)', async () => {
    const s = fx.service();
    const ref = fx.ref('demo-dev', 'us-east-1', 'many-apps');
    fx.emu.state.resetLog();
    const info = await classified(s.updateImageTags(ref, {}, { a: 'b' }, { createdTime: new Date('2001-01-01T00:00:00Z') }), 'demo-dev', 'TagResource');
    assert.match(info.message, /was re-created/);
    assert.equal(fx.emu.state.count('TagResource'), 0);
  });

  it('a 51st tag on the image (AWS counts) → LimitExceeded once, explained', async () => {
    const s = fx.service();
    const ref = fx.ref('demo-dev', 'us-east-1', 'deletable-3');
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    fx.emu.state.setTags(ref.arn, fifty);
    // The editor's `before` is stale (someone added tags meanwhile): AWS refuses.
    const info = await classified(s.updateImageTags(ref, {}, { extra: 'x' }), 'demo-dev', 'TagResource');
    assert.equal(info.kind, 'limitExceeded');
    assert.match(info.advice, /at most 50 tags/);
    assert.equal(fx.emu.state.count('TagResource'), 1, 'not retried');
  });

  it('public images: {} without a request; shared images are not readable (hasReadableTags)', async () => {
    const s = fx.service();
    fx.emu.state.resetLog();
    assert.deepEqual(await s.imageTags({ profile: 'demo-dev', region: 'us-east-1', arn: 'arn:aws:appstream:us-east-1::image/AppStream-WinServer2019-06-17-2024', name: 'x' }), {});
    assert.equal(fx.emu.state.requests.length, 0);
    const shared = (await s.listImages('demo-dev', 'us-east-1', 'SHARED'))[0];
    assert.equal(hasReadableTags(shared, imageRefOf('demo-dev', 'us-east-1', shared)!), false);
    const own = (await s.listImages('demo-dev', 'us-east-1', 'PRIVATE'))[0];
    assert.equal(hasReadableTags(own, imageRefOf('demo-dev', 'us-east-1', own)!), true);
  });

  it('filtering demo-dev\'s private us-east-1 group by tag: one ListTagsForResource per image, through the limiter, none the second time', async () => {
    fx.emu.state.setFaults([{ kind: 'latency', op: 'ListTagsForResource', ms: 50 }]);
    const s = fx.service({ maxConcurrentRequests: 4 });
    const images = await s.listImages('demo-dev', 'us-east-1', 'PRIVATE');
    const cache = new TagCache((ref) => s.imageTags(ref));
    const { tags: terms } = parseImageFilter('tag:team=streaming');
    fx.emu.state.resetLog();
    const filter = async (): Promise<string[]> => {
      const readable = images.filter((i) => hasReadableTags(i, imageRefOf('demo-dev', 'us-east-1', i)!));
      const tagged = await Promise.all(readable.map(async (i) => [i.Name!, await cache.get(imageRefOf('demo-dev', 'us-east-1', i)!)] as const));
      return tagged.filter(([, t]) => matchesTagTerms(t, terms)).map(([n]) => n);
    };
    const started = Date.now();
    assert.deepEqual(await filter(), ['in-use-by-fleet']);
    const elapsed = Date.now() - started;
    const n = images.length;
    assert.equal(n, fx.emu.state.images(DEV.accountId, 'us-east-1').length);
    assert.equal(fx.emu.state.count('ListTagsForResource'), n, `one per image (${n})`);
    // All asked at once, but through the limiter (4 at a time), each answered after 50 ms: at least ceil(n/4) rounds.
    assert.ok(elapsed >= Math.ceil(n / 4) * 50 - 10, `${elapsed} ms for ${n} requests 4 at a time`);
    console.log(`      tag filter over demo-dev us-east-1 PRIVATE: ${n} images → ${fx.emu.state.count('ListTagsForResource')} ListTagsForResource in ${elapsed} ms (4 at a time); again: 0`);
    fx.emu.state.resetLog();
    assert.deepEqual(await filter(), ['in-use-by-fleet']);
    assert.equal(fx.emu.state.requests.length, 0, 'cached until refresh');
  });
});
