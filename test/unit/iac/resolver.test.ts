// The template checks' look-ups (src/iac/resolver.ts + assess.ts) through the real AWS layer and
// SDK, over HTTP, against the emulator: what each reference resolves to, and what it costs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppStreamService } from '../../../src/aws/service';
import { assess } from '../../../src/iac/assess';
import { findInCloudFormationYaml } from '../../../src/iac/references';
import { ImageResolver, lookupKey, lookupRegion, type LookupItem } from '../../../src/iac/resolver';
import { useFixture } from '../aws/fixture';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/iac');
const PROFILE = 'demo-dev';
const REGION = 'us-east-1';

describe('iac resolver against the emulator', function () {
  this.timeout(20_000);
  const fx = useFixture();
  let aws: AppStreamService;

  beforeEach(() => {
    aws = fx.service({ maxAttempts: 1 });
  });

  const describes = () => fx.emu.state.requests.filter((r) => r.op === 'DescribeImages');
  const item = (kind: 'name' | 'arn', value: string): LookupItem => ({ kind, value, region: lookupRegion(kind, value, REGION) });

  it('resolves the CloudFormation fixture: found, missing, shared by name, FAILED, other region', async () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'cloudformation.yaml'), 'utf8');
    const refs = findInCloudFormationYaml(text).references;
    const resolver = new ImageResolver(() => aws, { ttlMs: 60_000 });
    const items = refs.map((r) => item(r.kind, r.value));
    const resolved = await resolver.resolve(PROFILE, items);
    const codes = refs.map((r, i) => `${r.value.replace(/^arn:.*image\//, 'arn…/')}: ${assess(r, resolved.get(lookupKey(PROFILE, items[i]))!, items[i].region, REGION).map((f) => f.code).join(',') || 'ok'}`);
    assert.deepEqual(codes, [
      'in-use-by-fleet: ok',
      'team-base: shared-image-by-name',
      'no-such-image: image-not-found',
      'arn…/failed-image-with-errors: image-failed',
      'arn…/dev-eu-app-image: image-other-region',
    ]);
    const shared = assess(refs[1], resolved.get(lookupKey(PROFILE, items[1]))!, REGION, REGION)[0];
    // team-base is shared by demo-prod (fleets and builders) and demo-partner (builders only): a fleet may use only demo-prod's.
    assert.deepEqual(shared.candidates?.map((i) => i.Arn), ['arn:aws:appstream:us-east-1:222222222222:image/team-base']);
    assert.deepEqual(shared.unusable?.map((i) => i.Arn), ['arn:aws:appstream:us-east-1:444444444444:image/team-base']);
    // Names in one call (AWS named the missing ones), the rest again, one SHARED listing, and one call per region for the ARNs.
    const calls = describes().map((r) => `${r.region} ${JSON.stringify(r.params)}`);
    assert.ok(calls.length <= new Set(refs.map((r) => r.value)).size, calls.join('\n'));
    assert.deepEqual(calls.sort(), [
      'eu-west-1 {"Arns":["arn:aws:appstream:eu-west-1:111111111111:image/dev-eu-app-image"],"MaxResults":25}',
      'us-east-1 {"Arns":["arn:aws:appstream:us-east-1:111111111111:image/failed-image-with-errors"],"MaxResults":25}',
      'us-east-1 {"Names":["in-use-by-fleet","team-base","no-such-image"],"MaxResults":25}',
      'us-east-1 {"Names":["in-use-by-fleet"],"MaxResults":25}',
      'us-east-1 {"Type":"SHARED","MaxResults":25}',
    ].sort());
  });

  it('50 references to 30 distinct names: 2 calls of ≤ 25 names, then nothing while nothing changed', async () => {
    const own = fx.emu.state.images('111111111111', REGION).map((s) => String(s.image.Name)).slice(0, 30);
    const items = Array.from({ length: 50 }, (_, i) => item('name', own[i % own.length]));
    const resolver = new ImageResolver(() => aws, { ttlMs: 60_000 });
    const resolved = await resolver.resolve(PROFILE, items);
    assert.equal(resolved.size, 30);
    assert.ok([...resolved.values()].every((r) => r.status === 'found'));
    const calls = describes();
    assert.equal(calls.length, 2);
    assert.deepEqual(calls.map((c) => ((c.params as { Names?: string[] }).Names ?? []).length).sort(), [25, 5]);
    fx.emu.state.resetLog();
    await resolver.resolve(PROFILE, items);
    await resolver.resolve(PROFILE, items.slice(3));
    assert.equal(describes().length, 0, 'answered from the cache');
    assert.ok(resolver.peek(PROFILE, items[0]));
  });

  it('concurrent checks of the same names share one request; a failure is not cached', async () => {
    const resolver = new ImageResolver(() => aws, { ttlMs: 60_000 });
    const items = [item('name', 'deletable-1'), item('name', 'deletable-2')];
    await Promise.all([resolver.resolve(PROFILE, items), resolver.resolve(PROFILE, items), resolver.resolve(PROFILE, items.slice(0, 1))]);
    assert.equal(describes().length, 1);

    fx.emu.state.setFaults([{ kind: 'internal', op: 'DescribeImages', status: 503 }]);
    const fresh = new ImageResolver(() => aws, { ttlMs: 60_000 });
    await assert.rejects(fresh.resolve(PROFILE, [item('name', 'deletable-3')]), (err: Error) => /ServiceUnavailable|InternalFailure/.test(err.name));
    fx.emu.state.setFaults([]);
    const again = await fresh.resolve(PROFILE, [item('name', 'deletable-3')]);
    assert.equal([...again.values()][0].status, 'found');
  });

  it('an answer expires after the TTL; an invalid ARN costs no request', async () => {
    let now = 1_000;
    const resolver = new ImageResolver(() => aws, { ttlMs: 10_000, now: () => now });
    await resolver.resolve(PROFILE, [item('name', 'deletable-1')]);
    now += 5_000;
    await resolver.resolve(PROFILE, [item('name', 'deletable-1')]);
    assert.equal(describes().length, 1);
    now += 6_000;
    await resolver.resolve(PROFILE, [item('name', 'deletable-1')]);
    assert.equal(describes().length, 2);
    const invalid = await resolver.resolve(PROFILE, [item('arn', 'arn:aws:s3:::bucket'), item('arn', 'not an arn')]);
    assert.deepEqual([...invalid.values()].map((r) => r.status), ['invalid', 'invalid']);
    assert.equal(describes().length, 2);
  });

  it('forget() drops one image (the tree saw it change); the shared listing only when asked', async () => {
    const resolver = new ImageResolver(() => aws, { ttlMs: 60_000 });
    const items = [item('name', 'deletable-1'), item('name', 'team-base')];
    await resolver.resolve(PROFILE, items);
    const before = describes().length;
    resolver.forget('arn:aws:appstream:us-east-1:111111111111:image/deletable-1', 'deletable-1');
    await resolver.resolve(PROFILE, items);
    assert.deepEqual(describes().slice(before).map((r) => JSON.stringify(r.params)), ['{"Names":["deletable-1"],"MaxResults":25}']);
    resolver.forget('arn:aws:appstream:us-east-1:222222222222:image/team-base', 'team-base', true);
    await resolver.resolve(PROFILE, items);
    assert.deepEqual(describes().slice(before + 1).map((r) => JSON.stringify(r.params)), ['{"Names":["team-base"],"MaxResults":25}', '{"Type":"SHARED","MaxResults":25}']);
  });

  it('when AWS does not say which name is missing, the batch is halved', async () => {
    const messages: string[] = [];
    const source = {
      describeImagesBy: async (p: string, r: string, by: { Names: string[] } | { Arns: string[] }) => {
        try {
          return await aws.describeImagesBy(p, r, by);
        } catch (err) {
          messages.push((err as Error).message);
          (err as Error).message = 'The specified resource was not found.'; // as terse as AWS may be
          throw err;
        }
      },
      listImages: (p: string, r: string, v: 'SHARED') => aws.listImages(p, r, v),
    };
    const resolver = new ImageResolver(() => source, { ttlMs: 60_000 });
    const names = ['deletable-1', 'deletable-2', 'deletable-3', 'nope-1'];
    const resolved = await resolver.resolve(PROFILE, names.map((n) => item('name', n)));
    assert.deepEqual([...resolved.values()].map((r) => r.status), ['found', 'found', 'found', 'missing']);
    const nameCalls = describes().filter((c) => (c.params as { Names?: string[] }).Names).map((c) => ((c.params as { Names?: string[] }).Names ?? []).join(','));
    assert.deepEqual(nameCalls.sort(), ['deletable-1,deletable-2', 'deletable-1,deletable-2,deletable-3,nope-1', 'deletable-3', 'deletable-3,nope-1', 'nope-1'].sort());
    assert.ok(messages.length >= 2);
  });
});
