// The copy service (src/services/copyService.ts) without VS Code: the real AppStreamService,
// through the real SDK, over HTTP, against the emulator (copies take 300 ms); the prompts are the
// fake of our own Prompts, and the host's "tree" is a stand-in for the tree's poller: it
// re-describes each copy it was shown and says what it learned on the one change event, as the
// real poller does while the view is visible.
import * as assert from 'node:assert/strict';
import { CopyImageCommand } from '@aws-sdk/client-appstream';
import { imageRefOf, type ImageRef, type SeenImage } from '../../../src/aws/imageRef';
import type { AppStreamService } from '../../../src/aws/service';
import { CopyService, type CopyHost } from '../../../src/services/copyService';
import { ImageChanges } from '../../../src/services/imageChanges';
import { seedAccounts } from '../../emulator/server';
import { useFixture } from '../aws/fixture';
import { FakePrompts, l10n, waitFor, type Kind } from './fakes';

const DEV = seedAccounts().find((a) => a.profile === 'demo-dev')!;
const REGION = 'us-east-1';

describe('services/copyService against the emulator', function () {
  this.timeout(30_000);
  const fx = useFixture({ copyDelayMs: 300 });
  let aws: AppStreamService;

  // What the service logged and sent, printed when a test fails (a hang is otherwise silent).
  let logLines: string[] = [];
  const started = Date.now();
  const stamp = (line: string): string => `${((Date.now() - started) / 1000).toFixed(2)} ${line}`;
  beforeEach(() => {
    aws = fx.service({ maxAttempts: 1 });
    logLines = [];
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') {
      const requests = fx.emu.state.requests.map((r) => `${((r.at - started) / 1000).toFixed(2)} ${r.op} ${r.region ?? ''} ${r.status}${r.errorCode ? ` ${r.errorCode}` : ''}`);
      console.log(`  the service's log:\n    ${logLines.join('\n    ')}\n  requests since the last reset:\n    ${requests.join('\n    ')}`);
    }
  });

  interface Harness {
    service: CopyService;
    fake: FakePrompts;
    shown: string[];
    added: string[][];
    progress: { title: string; messages: string[]; cancel?: () => void };
    stop(): void;
  }

  function harness(answers: Partial<Record<Kind, (string | undefined)[]>>, inView = [REGION, 'eu-west-1'], batch = {}): Harness {
    const fake = new FakePrompts(answers);
    const changes = new ImageChanges();
    const shown: string[] = [];
    const added: string[][] = [];
    const tracked = new Set<ImageRef>();
    // The tree's poller, as far as the service can tell: follows what it was shown, fires changes.
    // Like the real poller, one describe per image at a time: on a busy machine, a describe per
    // tick regardless would pile up in the service's limiter ahead of the batch's own requests.
    const asking = new Set<ImageRef>();
    const timer = setInterval(() => {
      for (const ref of [...tracked].filter((r) => !asking.has(r))) {
        const askedAt = Date.now();
        asking.add(ref);
        void aws.describeImage(ref).then((image) => {
          if (image?.State !== 'COPYING') {
            tracked.delete(ref);
          }
          changes.fire({ ref, image, askedAt });
        }, () => undefined).finally(() => asking.delete(ref));
      }
    }, 50);
    const progress: Harness['progress'] = { title: '', messages: [] };
    const host: CopyHost = {
      prompts: fake.prompts,
      l10n,
      regionsInView: () => inView,
      addRegionsToView: async (_profile, regions) => {
        added.push(regions);
      },
      showNewImage: async (ref, image) => {
        shown.push(`${ref.region} ${image.Name} ${image.State}`);
        if (inView.includes(ref.region)) {
          tracked.add(ref);
        }
      },
      withProgress: async (title, task) => {
        progress.title = title;
        return task(
          (m) => {
            progress.messages.push(m);
            logLines.push(stamp(`progress: ${m}`));
          },
          (listener) => (progress.cancel = listener),
        );
      },
      pollIntervalMs: () => 50,
      showLog: () => undefined,
    };
    const log = { info: (m: string) => logLines.push(stamp(m)), warn: (m: string) => logLines.push(stamp(`warn ${m}`)), error: (m: string) => logLines.push(stamp(`error ${m}`)) };
    const service = new CopyService({ aws: () => aws, changes, log, host, batch: { pollIntervalMs: 50, limitRetryMs: 100, unobservedPollMs: 500, ...batch } });
    return { service, fake, shown, added, progress, stop: () => clearInterval(timer) };
  }

  async function seen(name: string): Promise<SeenImage> {
    const image = (await aws.listImages('demo-dev', REGION, 'PRIVATE')).find((i) => i.Name === name);
    assert.ok(image, `${name} is listed`);
    return { ref: imageRefOf('demo-dev', REGION, image)!, image };
  }

  const copies = () => fx.emu.state.count('CopyImage');

  const cancels: [string, Partial<Record<Kind, (string | undefined)[]>>][] = [
    ['the region pick', { pick: [undefined] }],
    ['the name', { pick: ['eu-west-1'], input: [undefined] }],
    ['the description', { pick: ['eu-west-1'], input: ['deletable-1', undefined] }],
    ['the tags question', { pick: ['eu-west-1', undefined], input: ['deletable-1', ''] }],
  ];
  for (const [step, answers] of cancels) {
    it(`cancelling at ${step} sends nothing`, async () => {
      const h = harness(answers);
      try {
        const target = await seen('deletable-1');
        fx.emu.state.resetLog();
        assert.equal(await h.service.copyImage(target), undefined);
        assert.equal(fx.emu.state.requests.length, 0, `requests: ${fx.emu.state.requests.map((r) => r.op).join(', ')}`);
        assert.equal(h.progress.title, '', 'no progress shown');
      } finally {
        h.stop();
      }
    });
  }

  it('asks with regions in view first, validates the name as typed; an image that is not AVAILABLE is explained without a request', async () => {
    const h = harness({ pick: ['eu-west-1|us-east-1'], input: [undefined] });
    try {
      await h.service.copyImage(await seen('deletable-1'));
      const pick = h.fake.of('pick')[0];
      assert.deepEqual(pick.items.slice(0, 2), [REGION, 'eu-west-1'], 'in view first');
      assert.ok(pick.items.includes('ap-southeast-2') && pick.items.length > 10, 'all of AppStream\'s regions');
      assert.match(pick.descriptions?.[REGION] ?? '', /own region.*in view/);
      const name = h.fake.of('input')[0];
      assert.equal(name.value, 'deletable-1', 'prefilled with the source name');
      assert.match(String(name.validate?.('deletable-1')), /itself has this name in us-east-1/, 'the same name in the source region');
      assert.match(String(name.validate?.('-x')), /starts with a letter/);
      assert.match(String(name.validate?.('a b')), /not " "/);
      assert.match(String(name.validate?.('a'.repeat(102))), /at most 101/);
      assert.equal(name.validate?.('deletable-1-eu'), undefined);
      fx.emu.state.resetLog();
      const failed = await seen('failed-copy');
      fx.emu.state.resetLog();
      const h2 = harness({});
      await h2.service.copyImage(failed);
      h2.stop();
      assert.match(h2.fake.of('warning')[0].message, /Only an own image that is AVAILABLE can be copied; "failed-copy" is FAILED/);
      assert.equal(fx.emu.state.requests.length, 0);
    } finally {
      h.stop();
    }
  });

  it('copies to two regions with its tags: COPYING shown, followed to AVAILABLE, tags put on each copy; a region out of view is offered', async () => {
    const h = harness({ pick: ['eu-west-1|ap-southeast-2', 'Copy tags too'], input: ['many-apps-copy', 'Copied by the test'], info: ['Add to View'] });
    try {
      const target = await seen('many-apps');
      fx.emu.state.resetLog();
      const outcome = await h.service.copyImage(target);
      assert.ok(outcome);
      assert.deepEqual(outcome.jobs.map((j) => `${j.destination.region} ${j.state}`), ['eu-west-1 available', 'ap-southeast-2 available']);
      assert.equal(copies(), 2);
      for (const region of ['eu-west-1', 'ap-southeast-2']) {
        const arn = `arn:aws:appstream:${region}:${DEV.accountId}:image/many-apps-copy`;
        assert.deepEqual(fx.emu.state.tags(arn), { team: 'desktop-apps', env: 'dev', 'cost-center': 'CC-1234' }, `tags of the copy in ${region}`);
        const copy = fx.emu.state.images(DEV.accountId, region).find((s) => s.image.Name === 'many-apps-copy');
        assert.equal(copy?.image.Description, 'Copied by the test');
      }
      assert.equal(fx.emu.state.count('ListTagsForResource'), 1, 'the source\'s tags read once');
      assert.equal(fx.emu.state.count('TagResource'), 2);
      assert.deepEqual(h.shown.sort(), ['ap-southeast-2 many-apps-copy COPYING', 'eu-west-1 many-apps-copy COPYING']);
      assert.deepEqual(h.added, [['ap-southeast-2']], 'the region out of view was offered and added');
      assert.match(h.progress.title, /Copying "many-apps-copy" to 2 regions/);
      assert.ok(h.progress.messages.some((m) => /eu-west-1: COPYING/.test(m)), h.progress.messages.join(' / '));
      await waitFor('the report', () => h.fake.of('info').some((a) => /Copied "many-apps-copy" to eu-west-1, ap-southeast-2: AVAILABLE\. Tags copied: 3/.test(a.message)));
    } finally {
      h.stop();
    }
  });

  it('a region full of copies this batch did not start: the copy waits for a slot (LimitExceeded), then goes; Cancel while waiting sends no more', async function () {
    this.timeout(90_000); // two rounds of AWS's copy-slot backoff; slow on a busy machine
    const client = await (aws as unknown as { client(p: string, r: string): Promise<{ send(c: unknown): Promise<unknown> }> }).client('demo-dev', REGION);
    fx.emu.state.copyDelayMs = 2500; // the other copies hold their slots well past any scheduling delay of a busy machine
    for (const n of ['other-1', 'other-2']) {
      await client.send(new CopyImageCommand({ SourceImageName: 'deletable-3', DestinationImageName: n, DestinationRegion: 'eu-west-1' }));
    }
    const h = harness({ pick: ['eu-west-1', 'Do not copy tags'], input: ['waits-for-a-slot', ''] });
    try {
      fx.emu.state.resetLog();
      const outcome = await h.service.copyImage(await seen('deletable-1'));
      assert.equal(outcome?.jobs[0].state, 'available');
      assert.ok((outcome?.jobs[0].limitWaits ?? 0) >= 1, 'it waited');
      assert.ok(fx.emu.state.count('CopyImage', { errorCode: 'LimitExceededException' }) >= 1);
      assert.ok(h.progress.messages.some((m) => /waiting for a free copy slot/.test(m)));
      assert.equal(fx.emu.state.count('TagResource') + fx.emu.state.count('ListTagsForResource'), 0, 'no tags asked for');
    } finally {
      h.stop();
    }
    // Again, and cancel while it waits: nothing more is sent.
    for (const n of ['other-3', 'other-4']) {
      await client.send(new CopyImageCommand({ SourceImageName: 'deletable-3', DestinationImageName: n, DestinationRegion: 'eu-west-1' }));
    }
    const h2 = harness({ pick: ['eu-west-1', 'Do not copy tags'], input: ['cancelled-copy', ''] });
    try {
      fx.emu.state.resetLog();
      const running = h2.service.copyImage(await seen('deletable-2'));
      await waitFor('the first refusal', () => fx.emu.state.count('CopyImage', { errorCode: 'LimitExceededException' }) >= 1);
      h2.progress.cancel?.();
      const outcome = await running;
      assert.equal(outcome?.jobs[0].state, 'cancelled');
      const sent = fx.emu.state.count('CopyImage');
      await new Promise((r) => setTimeout(r, 1200));
      assert.equal(fx.emu.state.count('CopyImage'), sent, 'no CopyImage after the cancel');
      assert.equal(fx.emu.state.images(DEV.accountId, 'eu-west-1').some((s) => s.image.Name === 'cancelled-copy'), false);
    } finally {
      h2.stop();
    }
  });

  it('ResourceAlreadyExists: says the name is taken and offers another name, which is copied', async () => {
    const h = harness({ pick: ['eu-west-1', 'Do not copy tags'], input: ['dev-eu-app-image', '', 'dev-eu-app-image-2'], error: ['Choose Another Name'] });
    try {
      const outcome = await h.service.copyImage(await seen('deletable-1'));
      assert.equal(outcome?.jobs[0].state, 'error');
      await waitFor('the second copy', () => fx.emu.state.images(DEV.accountId, 'eu-west-1').some((s) => s.image.Name === 'dev-eu-app-image-2'));
      const error = h.fake.of('error')[0];
      assert.match(error.message, /"dev-eu-app-image" was not copied\. eu-west-1: .*already exists.*choose another name/s);
      assert.deepEqual(error.items, ['Choose Another Name', 'Show Log']);
      const rename = h.fake.of('input')[2];
      assert.equal(rename.value, 'dev-eu-app-image-copy');
      assert.match(String(rename.validate?.('dev-eu-app-image')), /taken/);
    } finally {
      h.stop();
    }
  });

  it('a copy that ends FAILED is explained (IMAGE_COPY_FAILURE)', async () => {
    fx.emu.state.copyFailures = new Set(['doomed']);
    const h = harness({ pick: ['eu-west-1', 'Do not copy tags'], input: ['doomed', ''] });
    try {
      const outcome = await h.service.copyImage(await seen('deletable-1'));
      assert.equal(outcome?.jobs[0].state, 'failed');
      await waitFor('the report', () => h.fake.of('error').length > 0);
      assert.match(h.fake.of('error')[0].message, /eu-west-1: the copy ended FAILED \(IMAGE_COPY_FAILURE: The image copy to eu-west-1 failed\.\): Copying the image .* failed.*copy again/s);
    } finally {
      h.stop();
    }
  });

  for (const [code, expected] of [
    ['IncompatibleImageException', /AWS cannot use this image for that/],
    ['InvalidAccountStatusException', /suspended or not fully set up/],
  ] as const) {
    it(`${code} is explained`, async () => {
      fx.emu.state.setFaults([{ kind: 'error', op: 'CopyImage', code }]);
      const h = harness({ pick: ['eu-west-1', 'Do not copy tags'], input: ['x-copy', ''] });
      try {
        const outcome = await h.service.copyImage(await seen('deletable-1'));
        assert.equal(outcome?.jobs[0].state, 'error');
        await waitFor('the report', () => h.fake.of('error').length > 0);
        assert.match(h.fake.of('error')[0].message, expected);
      } finally {
        h.stop();
      }
    });
  }

  it('LimitExceeded that does not clear is explained; ResourceNotAvailable (the source changed state) stops the batch before CopyImage', async () => {
    const client = await (aws as unknown as { client(p: string, r: string): Promise<{ send(c: unknown): Promise<unknown> }> }).client('demo-dev', REGION);
    fx.emu.state.copyDelayMs = 5000;
    for (const n of ['other-1', 'other-2']) {
      await client.send(new CopyImageCommand({ SourceImageName: 'deletable-3', DestinationImageName: n, DestinationRegion: 'eu-west-1' }));
    }
    const h = harness({ pick: ['eu-west-1', 'Do not copy tags'], input: ['no-slot', ''] }, [REGION, 'eu-west-1'], { maxLimitWaits: 0 });
    try {
      const outcome = await h.service.copyImage(await seen('deletable-1'));
      assert.equal(outcome?.jobs[0].state, 'error');
      await waitFor('the report', () => h.fake.of('error').length > 0);
      assert.match(h.fake.of('error')[0].message, /at most 2 images into one region at a time/);
    } finally {
      h.stop();
    }
    const target = await seen('deletable-2');
    const stored = fx.emu.state.images(DEV.accountId, REGION).find((s) => s.image.Name === 'deletable-2')!;
    fx.emu.state.addImage(DEV.accountId, REGION, { ...stored.image, State: 'PENDING' });
    const h2 = harness({ pick: [`eu-west-1|ap-southeast-2`, 'Do not copy tags'], input: ['late', ''], info: [undefined] });
    try {
      fx.emu.state.resetLog();
      const outcome = await h2.service.copyImage(target);
      // Both start at once (two regions) and both are refused by the check before CopyImage.
      assert.deepEqual(outcome?.jobs.map((j) => j.state), ['error', 'error']);
      assert.equal(fx.emu.state.count('CopyImage'), 0, 'checked before sending');
      await waitFor('the report', () => h2.fake.of('error').length > 0);
      assert.match(h2.fake.of('error')[0].message, /is PENDING: AWS copies only an AVAILABLE image/);
    } finally {
      h2.stop();
    }
  });
});
