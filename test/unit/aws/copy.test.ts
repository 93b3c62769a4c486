// Copies through the AWS layer (src/aws/copy.ts via AppStreamService) against the emulator, and
// the batch scheduler on its own (a runner that records what it was asked).
import * as assert from 'node:assert/strict';
import type { Image } from '@aws-sdk/client-appstream';
import { CopyBatch, validateImageName, type CopyDestination, type CopyJobState, type CopyRunner } from '../../../src/aws/copy';
import { classifyError } from '../../../src/aws/errors';
import type { ImageRef } from '../../../src/aws/imageRef';
import { InvalidInput } from '../../../src/aws/invalidInput';
import { DEV, PROD, classified, sleep, useFixture } from './fixture';

/** An image as a poller elsewhere described it. */
const seenAs = (arn: string, state: string): Image => ({ Name: arn.split('/').pop(), Arn: arn, State: state }) as Image;

const dests = (spec: Record<string, number>, prefix = 'copy'): CopyDestination[] =>
  Object.entries(spec).flatMap(([region, n]) => Array.from({ length: n }, (_, i) => ({ region, name: `${prefix}-${region}-${i}` })));

/** A runner whose copies take `copyMs`; counts what was started and how many copies per region were in flight at once. */
function fakeRunner(copyMs: number, refuse: (d: CopyDestination, startedInRegion: number) => Error | undefined = () => undefined) {
  const started: string[] = [];
  const ends = new Map<string, number>();
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const runner: CopyRunner = {
    async start(d) {
      await sleep(1);
      const err = refuse(d, started.filter((n) => n.startsWith(`${d.region}/`)).length);
      if (err) {
        throw err;
      }
      started.push(`${d.region}/${d.name}`);
      ends.set(d.name, Date.now() + copyMs);
      inFlight.set(d.region, (inFlight.get(d.region) ?? 0) + 1);
      maxInFlight.set(d.region, Math.max(maxInFlight.get(d.region) ?? 0, inFlight.get(d.region)!));
      return { profile: 'p', region: d.region, arn: `arn:aws:appstream:${d.region}:111111111111:image/${d.name}`, name: d.name };
    },
    async describe(ref) {
      const copying = Date.now() < ends.get(ref.name)!;
      if (!copying && ends.has(ref.name)) {
        ends.delete(ref.name);
        inFlight.set(ref.region, inFlight.get(ref.region)! - 1);
      }
      return { Name: ref.name, Arn: ref.arn, State: copying ? 'COPYING' : 'AVAILABLE' } as Image;
    },
  };
  return { runner, started, maxInFlight };
}

describe('CopyBatch (the scheduler on its own)', () => {
  it('at most 2 in flight per region; the rest start as slots free; other regions are not held up', async () => {
    const { runner, started, maxInFlight } = fakeRunner(40);
    const progress: [number, CopyJobState][] = [];
    const batch = new CopyBatch(dests({ 'eu-west-1': 5, 'ap-southeast-2': 2, 'us-east-1': 1 }), runner, {
      pollIntervalMs: 5,
      onProgress: (p) => progress.push([p.changed.index, p.changed.state]),
    });
    const jobs = await batch.run();
    assert.deepEqual(jobs.map((j) => j.state), Array(8).fill('available'));
    assert.equal(started.length, 8);
    assert.deepEqual(Object.fromEntries(maxInFlight), { 'eu-west-1': 2, 'ap-southeast-2': 2, 'us-east-1': 1 });
    // every job went queued → starting → copying → available, reported once each
    for (let i = 0; i < 8; i++) {
      assert.deepEqual(progress.filter(([j]) => j === i).map(([, s]) => s), ['starting', 'copying', 'available']);
    }
    assert.equal(batch.finished, 8);
  });

  it('cancel() cancels the copies not started: start is never called for them; copies in flight finish', async () => {
    const { runner, started } = fakeRunner(60);
    let cancelled = -1;
    const batch = new CopyBatch(dests({ 'eu-west-1': 5 }), runner, {
      pollIntervalMs: 5,
      onProgress: (p) => {
        if (p.changed.state === 'copying' && p.changed.index === 1) {
          cancelled = batch.cancel();
        }
      },
    });
    const jobs = await batch.run();
    assert.equal(cancelled, 3);
    assert.deepEqual(jobs.map((j) => j.state), ['available', 'available', 'cancelled', 'cancelled', 'cancelled']);
    assert.deepEqual(started, ['eu-west-1/copy-eu-west-1-0', 'eu-west-1/copy-eu-west-1-1']);
  });

  it('LimitExceeded (copies the batch did not start fill the region): waits and tries again, without losing its place', async () => {
    const limit = Object.assign(new Error('limit'), { name: 'LimitExceededException' });
    let refusals = 0;
    const { runner, started } = fakeRunner(10, (_d, n) => {
      if (n === 0 && refusals < 2) {
        refusals++;
        return limit;
      }
      return undefined;
    });
    const batch = new CopyBatch(dests({ 'eu-west-1': 2 }), runner, { pollIntervalMs: 5, limitRetryMs: 20 });
    const jobs = await batch.run();
    assert.deepEqual(jobs.map((j) => j.state), ['available', 'available']);
    assert.equal(refusals, 2);
    assert.ok(jobs[0].limitWaits + jobs[1].limitWaits >= 2);
    assert.equal(started.length, 2);
  });

  it('LimitExceeded when the wall clock lags the timers (a busy event loop): the wait still ends in a retry', async () => {
    // Node counts a timer from the loop's cached time, so it can fire while Date.now() still reads
    // before the end of the wait. A frozen Date.now() is the extreme of that: a retry that compared
    // Date.now() with the end of the block never came (the copy waited for a slot forever).
    const limit = Object.assign(new Error('limit'), { name: 'LimitExceededException' });
    let refusals = 0;
    const { runner, started } = fakeRunner(0, () => (refusals++ < 2 ? limit : undefined));
    const realNow = Date.now;
    const frozen = realNow();
    Date.now = () => frozen;
    try {
      const batch = new CopyBatch(dests({ 'eu-west-1': 1 }), runner, { pollIntervalMs: 5, limitRetryMs: 20 });
      const outcome = await Promise.race([batch.run(), sleep(3000).then(() => 'stalled' as const)]);
      batch.dispose();
      assert.notEqual(outcome, 'stalled', 'the copy never left "waiting for a free copy slot"');
      assert.equal(started.length, 1);
      assert.equal(refusals, 3, 'two refusals, then the start');
    } finally {
      Date.now = realNow;
    }
  });

  it('an error about the source (identity changed) stops the batch: the others are cancelled without a start', async () => {
    const changed = Object.assign(new Error('now signs in to another account'), { name: 'ImageIdentityChanged' });
    const { runner, started } = fakeRunner(10, () => changed);
    const jobs = await new CopyBatch(dests({ 'eu-west-1': 4 }), runner, { pollIntervalMs: 5 }).run();
    assert.deepEqual(jobs.map((j) => j.state), ['error', 'error', 'cancelled', 'cancelled']);
    assert.equal(jobs[3].error, changed);
    assert.equal(started.length, 0);
  });

  it('a destination refused (name taken) is that copy\'s error only', async () => {
    const taken = Object.assign(new Error('exists'), { name: 'ResourceAlreadyExistsException' });
    const { runner } = fakeRunner(10, (d) => (d.name.endsWith('-1') ? taken : undefined));
    const jobs = await new CopyBatch(dests({ 'eu-west-1': 3 }), runner, { pollIntervalMs: 5 }).run();
    assert.deepEqual(jobs.map((j) => j.state), ['available', 'error', 'available']);
  });

  it('poll: false: no describes of its own; the tree poller\'s observations free the slots', async () => {
    const { runner, started } = fakeRunner(0);
    let describes = 0;
    const counting: CopyRunner = { ...runner, describe: (r) => (describes++, runner.describe(r)) };
    const batch = new CopyBatch(dests({ 'eu-west-1': 3 }), counting, { pollIntervalMs: 5, poll: false });
    const done = batch.run();
    await sleep(30);
    assert.deepEqual(batch.jobs.map((j) => j.state), ['copying', 'copying', 'queued'], 'nothing observed yet: the slots stay taken');
    assert.equal(batch.observe(seenAs('arn:aws:appstream:eu-west-1:111111111111:image/unrelated', 'AVAILABLE')), false);
    assert.equal(batch.observe(seenAs(batch.jobs[0].ref!.arn, 'COPYING')), true);
    await sleep(10);
    assert.equal(batch.jobs[0].state, 'copying');
    batch.observe(seenAs(batch.jobs[1].ref!.arn, 'AVAILABLE'));
    await sleep(10);
    assert.deepEqual(batch.jobs.map((j) => j.state), ['copying', 'available', 'copying'], 'the freed slot went to the queued copy');
    batch.observe(seenAs(batch.jobs[0].ref!.arn, 'FAILED'));
    batch.observe(seenAs(batch.jobs[2].ref!.arn, 'AVAILABLE'));
    const jobs = await done;
    assert.deepEqual(jobs.map((j) => j.state), ['failed', 'available', 'available']);
    assert.equal(describes, 0);
    assert.equal(started.length, 3);
  });

  it('poll: false: a copy nothing was observed of (the view hidden, or it settled before the tree listed it) is described by the batch after unobservedPollMs', async () => {
    const { runner } = fakeRunner(0);
    let describes = 0;
    const counting: CopyRunner = { ...runner, describe: (r) => (describes++, runner.describe(r)) };
    const batch = new CopyBatch(dests({ 'eu-west-1': 1 }), counting, { pollIntervalMs: 5, poll: false, unobservedPollMs: 40 });
    const done = batch.run();
    await sleep(20);
    assert.equal(describes, 0, 'not before unobservedPollMs');
    const jobs = await done;
    assert.deepEqual(jobs.map((j) => j.state), ['available']);
    assert.equal(describes, 1);
  });

  it('a cancel while a retry after LimitExceeded is in flight: that copy is refused again and cancelled, nothing more is sent', async () => {
    let attempts = 0;
    const full = Object.assign(new Error('the region is full of copies'), { name: 'LimitExceededException' });
    const runner: CopyRunner = {
      start: async () => {
        attempts++;
        await sleep(30); // the cancel lands while this attempt is in flight
        throw full;
      },
      describe: async () => undefined,
    };
    const batch = new CopyBatch(dests({ 'eu-west-1': 1 }), runner, { pollIntervalMs: 5, limitRetryMs: 20 });
    const done = batch.run();
    await sleep(60); // refused once, waiting 20 ms, then the second attempt is in flight
    assert.equal(batch.jobs[0].state, 'starting');
    assert.equal(batch.cancel(), 0, 'nothing queued at the cancel');
    const jobs = await done;
    assert.deepEqual(jobs.map((j) => j.state), ['cancelled']);
    const sent = attempts;
    await sleep(80);
    assert.equal(attempts, sent, 'no CopyImage after the cancel');
  });

  it('dispose() stops following: no more describes, run() resolves', async () => {
    const { runner } = fakeRunner(10_000);
    let describes = 0;
    const counting: CopyRunner = { ...runner, describe: (r) => (describes++, runner.describe(r)) };
    const batch = new CopyBatch(dests({ 'eu-west-1': 3 }), counting, { pollIntervalMs: 5 });
    const done = batch.run();
    await sleep(40);
    batch.dispose();
    const jobs = await done;
    assert.deepEqual(jobs.map((j) => j.state), ['copying', 'copying', 'cancelled']);
    const seen = describes;
    await sleep(40);
    assert.equal(describes, seen);
  });
});

describe('copies (src/aws/copy.ts) against the emulator', function () {
  this.timeout(30_000);
  const fx = useFixture({ copyDelayMs: 250 });

  /** Samples the emulator's copies in flight per destination region of demo-dev. */
  function sampleCopies(regions: string[]): { stop(): Record<string, number> } {
    const max: Record<string, number> = Object.fromEntries(regions.map((r) => [r, 0]));
    const t = setInterval(() => {
      for (const r of regions) {
        max[r] = Math.max(max[r], fx.emu.state.copiesInto(DEV.accountId, r).length);
      }
    }, 2);
    return { stop: () => (clearInterval(t), max) };
  }

  it('validateImageName follows CopyImage\'s pattern', () => {
    assert.equal(validateImageName('deletable-1'), undefined);
    assert.equal(validateImageName('x.Odd_name-v1.0..final--'), undefined);
    assert.equal(validateImageName('a'.repeat(101)), undefined);
    assert.match(validateImageName('') ?? '', /Enter a name/);
    assert.match(validateImageName('a'.repeat(102)) ?? '', /at most 101 characters; this has 102/);
    assert.match(validateImageName('-copy') ?? '', /starts with a letter/);
    assert.match(validateImageName('my copy') ?? '', /not " "/);
    assert.match(validateImageName('bild-ä') ?? '', /not "ä"/);
  });

  it('a batch of 6 copies into 3 regions: never more than 2 in flight per region, all AVAILABLE, no LimitExceeded', async () => {
    const s = fx.service();
    const seen = await fx.seen(s, 'demo-dev', 'us-east-1', 'deletable-1');
    const destinations = [
      ...dests({ 'eu-west-1': 3, 'ap-southeast-2': 2 }, 'deletable-1'),
      { region: 'us-east-1', name: 'deletable-1-copy', description: 'same region' },
    ];
    fx.emu.state.resetLog();
    const sampler = sampleCopies(['eu-west-1', 'ap-southeast-2', 'us-east-1']);
    let reportedMax = 0;
    const batch = s.copyBatch(seen.ref, destinations, {
      confirmed: { createdTime: seen.image.CreatedTime },
      pollIntervalMs: 25,
      onProgress: (p) => {
        reportedMax = Math.max(reportedMax, p.jobs.filter((j) => j.destination.region === 'eu-west-1' && (j.state === 'starting' || j.state === 'copying')).length);
      },
    });
    const jobs = await batch.run();
    const max = sampler.stop();
    assert.deepEqual(jobs.map((j) => j.state), Array(6).fill('available'), JSON.stringify(jobs.map((j) => [j.state, String(j.error)])));
    assert.deepEqual(max, { 'eu-west-1': 2, 'ap-southeast-2': 2, 'us-east-1': 1 }, 'most copies in flight at the emulator, per region');
    assert.equal(reportedMax, 2);
    assert.equal(fx.emu.state.count('CopyImage'), 6);
    assert.equal(fx.emu.state.count('CopyImage', { status: 200 }), 6);
    assert.equal(fx.emu.state.count('CopyImage', { errorCode: 'LimitExceededException' }), 0);
    for (const j of jobs) {
      const stored = fx.emu.state.images(DEV.accountId, j.destination.region).find((i) => i.image.Name === j.destination.name)?.image;
      assert.equal(stored?.State, 'AVAILABLE');
      assert.equal(stored?.Arn, j.ref?.arn);
      assert.equal(j.image?.State, 'AVAILABLE');
    }
    assert.equal(fx.emu.state.images(DEV.accountId, 'us-east-1').find((i) => i.image.Name === 'deletable-1-copy')?.image.Description, 'same region');
    const describes = fx.emu.state.count('DescribeImages');
    console.log(`      6 copies (3 eu-west-1, 2 ap-southeast-2, 1 us-east-1), 250 ms each, poll 25 ms: CopyImage ${fx.emu.state.count('CopyImage')}, DescribeImages ${describes} (6 identity checks + polls), max in flight ${JSON.stringify(max)}`);
  });

  it('cancel of the queued copies sends nothing for them', async () => {
    fx.emu.state.copyDelayMs = 600;
    const s = fx.service();
    const seen = await fx.seen(s, 'demo-dev', 'us-east-1', 'deletable-2');
    fx.emu.state.resetLog();
    let cancelled = 0;
    const batch = s.copyBatch(seen.ref, dests({ 'eu-west-1': 5 }, 'deletable-2'), {
      pollIntervalMs: 50,
      onProgress: (p) => {
        if (p.changed.state === 'copying' && p.jobs.filter((j) => j.state === 'copying').length === 2) {
          cancelled = batch.cancel();
        }
      },
    });
    const jobs = await batch.run();
    assert.equal(cancelled, 3);
    assert.deepEqual(jobs.map((j) => j.state), ['available', 'available', 'cancelled', 'cancelled', 'cancelled']);
    assert.equal(fx.emu.state.count('CopyImage'), 2);
    assert.deepEqual(fx.emu.state.images(DEV.accountId, 'eu-west-1').map((i) => String(i.image.Name)).filter((n) => n.startsWith('deletable-2')).sort(), ['deletable-2-eu-west-1-0', 'deletable-2-eu-west-1-1']);
  });

  it('copy tags too: the source\'s tags on every copy (ListTagsForResource 1, TagResource 1 per copy); without it the copy has none', async () => {
    const s = fx.service();
    const seen = await fx.seen(s, 'demo-dev', 'us-east-1', 'many-apps');
    const sourceTags = fx.emu.state.tags(seen.ref.arn);
    assert.ok(Object.keys(sourceTags).length >= 3);
    fx.emu.state.resetLog();
    const jobs = await s.copyBatch(seen.ref, [{ region: 'eu-west-1', name: 'many-apps' }, { region: 'ap-southeast-2', name: 'many-apps' }], { pollIntervalMs: 25, copyTags: true }).run();
    assert.deepEqual(jobs.map((j) => [j.state, j.tagError]), [['available', undefined], ['available', undefined]]);
    for (const j of jobs) {
      assert.deepEqual(fx.emu.state.tags(j.ref!.arn), sourceTags);
      assert.deepEqual(j.tagged, sourceTags);
    }
    assert.equal(fx.emu.state.count('ListTagsForResource'), 1);
    assert.equal(fx.emu.state.count('TagResource'), 2);
    assert.equal(fx.emu.state.count('TagResource', { region: 'eu-west-1' }), 1, 'sent to the destination region');

    const plain = await s.copyBatch(seen.ref, [{ region: 'eu-west-1', name: 'many-apps-plain' }], { pollIntervalMs: 25 }).run();
    assert.deepEqual(fx.emu.state.tags(plain[0].ref!.arn), {}, 'AWS does not copy tags');
  });

  it('name taken in the region → that copy\'s error, explained (offer another name); a failed copy ends FAILED with IMAGE_COPY_FAILURE', async () => {
    fx.emu.state.copyFailures.add('deletable-3-broken');
    const s = fx.service();
    const seen = await fx.seen(s, 'demo-dev', 'us-east-1', 'deletable-3');
    const jobs = await s.copyBatch(seen.ref, [
      { region: 'eu-west-1', name: 'dev-eu-app-image' },
      { region: 'eu-west-1', name: 'deletable-3-broken' },
      { region: 'eu-west-1', name: 'deletable-3-ok' },
    ], { pollIntervalMs: 25 }).run();
    assert.deepEqual(jobs.map((j) => j.state), ['error', 'failed', 'available']);
    const info = classifyError(jobs[0].error, { profile: 'demo-dev', region: 'us-east-1', operation: 'CopyImage' });
    assert.equal(info.kind, 'alreadyExists');
    assert.match(info.advice, /choose another name/);
    assert.equal(jobs[1].image?.StateChangeReason?.Code, 'IMAGE_COPY_FAILURE');
  });

  it('copies the batch did not start fill the region: LimitExceeded once each time (not retried by the SDK), then it waits and starts', async () => {
    fx.emu.state.copyDelayMs = 300;
    const s = fx.service();
    const seen = await fx.seen(s, 'demo-dev', 'us-east-1', 'deletable-4');
    // Two copies into eu-west-1 started elsewhere (another window, the console).
    await s.copyImage(seen.ref, { region: 'eu-west-1', name: 'other-1' });
    await s.copyImage(seen.ref, { region: 'eu-west-1', name: 'other-2' });
    fx.emu.state.resetLog();
    const jobs = await s.copyBatch(seen.ref, [{ region: 'eu-west-1', name: 'deletable-4-eu' }], { pollIntervalMs: 25, limitRetryMs: 100 }).run();
    assert.equal(jobs[0].state, 'available');
    assert.ok(jobs[0].limitWaits >= 1);
    assert.equal(fx.emu.state.count('CopyImage', { errorCode: 'LimitExceededException' }), jobs[0].limitWaits, 'one request per refusal');
    assert.equal(fx.emu.state.count('CopyImage', { status: 200 }), 1);
    const limit = classifyError(Object.assign(new Error('x'), { name: 'LimitExceededException' }), { profile: 'demo-dev', region: 'us-east-1', operation: 'CopyImage' });
    assert.match(limit.advice, /at most 2 images into one region at a time/);
  });

  it('refused before any request: a bad name; after the check only: a source not AVAILABLE (the batch stops)', async () => {
    const s = fx.service();
    fx.emu.state.resetLog();
    const bad = await classified(s.copyImage(fx.ref('demo-dev', 'us-east-1', 'deletable-1'), { region: 'eu-west-1', name: 'has space' }), 'demo-dev', 'CopyImage');
    assert.ok(bad.error instanceof InvalidInput);
    assert.equal(fx.emu.state.requests.length, 0);
    const jobs = await s.copyBatch(fx.ref('demo-dev', 'us-east-1', 'state-creating'), dests({ 'eu-west-1': 3 }, 'creating'), { pollIntervalMs: 25 }).run();
    assert.deepEqual(jobs.map((j) => j.state), ['error', 'error', 'cancelled']);
    const info = classifyError(jobs[0].error, { profile: 'demo-dev', region: 'us-east-1', operation: 'CopyImage' });
    assert.equal(info.kind, 'notAvailable');
    assert.equal(fx.emu.state.count('CopyImage'), 0);
    assert.equal(fx.emu.state.count('DescribeImages'), 2, 'the two started copies checked the source; the third was never started');
  });

  it('the profile signs in to another account between the confirmation and the copy: no CopyImage', async () => {
    const { service: s, switchTo } = fx.switchable();
    const seen = (await s.listImages('work', 'us-east-1', 'PRIVATE')).find((i) => i.Name === 'common-base')!;
    const ref: ImageRef = { profile: 'work', region: 'us-east-1', arn: seen.Arn!, name: 'common-base' };
    await switchTo(PROD);
    fx.emu.state.resetLog();
    const jobs = await s.copyBatch(ref, dests({ 'eu-west-1': 3 }, 'common-base'), { confirmed: { createdTime: seen.CreatedTime }, pollIntervalMs: 25 }).run();
    assert.deepEqual(jobs.map((j) => j.state), ['error', 'error', 'cancelled']);
    const info = classifyError(jobs[0].error, { profile: 'work', region: 'us-east-1', operation: 'CopyImage' });
    assert.equal(info.kind, 'identityChanged');
    assert.match(info.message, /now signs in to account 222222222222; .*Nothing was copied\./);
    assert.equal(fx.emu.state.count('CopyImage'), 0, 'no CopyImage in any account');
    assert.equal(fx.emu.state.copies.length, 0);
  });
});
