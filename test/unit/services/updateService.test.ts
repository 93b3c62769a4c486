// The update service (src/services/updateService.ts) without VS Code: the real AppStreamService,
// through the real SDK, over HTTP, against the emulator (an update takes 300 ms); the prompts are
// the fake of our own Prompts; the host's "tree" re-describes the new image and says what it
// learned on the one change event, as the real poller does while the view is visible.
import * as assert from 'node:assert/strict';
import { imageRefOf, type ImageRef, type SeenImage } from '../../../src/aws/imageRef';
import type { AppStreamService } from '../../../src/aws/service';
import { isUpdateCheckable } from '../../../src/aws/updateRules';
import { ImageChanges } from '../../../src/services/imageChanges';
import { UpdateService, type UpdateHost } from '../../../src/services/updateService';
import { DEV, useFixture } from '../aws/fixture';
import { FakePrompts, l10n, silentLog, waitFor, type Kind } from './fakes';

const REGION = 'us-east-1';

describe('services/updateService against the emulator', function () {
  this.timeout(30_000);
  const fx = useFixture({ updateDelayMs: 300 });
  let aws: AppStreamService;
  beforeEach(() => {
    aws = fx.service({ maxAttempts: 1 });
    fx.emu.state.updateDelayMs = 300;
  });

  function harness(answers: Partial<Record<Kind, (string | undefined)[]>>, cancelAfter?: number) {
    const fake = new FakePrompts(answers);
    const changes = new ImageChanges();
    const progress = { titles: [] as string[], messages: [] as string[] };
    const redrawn: string[] = [];
    const shown: string[] = [];
    const timers: NodeJS.Timeout[] = [];
    const host: UpdateHost = {
      prompts: fake.prompts,
      l10n,
      withProgress: async (title, task) => {
        progress.titles.push(title);
        let cancel: (() => void) | undefined;
        return task(
          (message) => {
            progress.messages.push(message);
            if (cancelAfter !== undefined && progress.messages.length >= cancelAfter) {
              cancel?.();
            }
          },
          (listener) => (cancel = listener),
        );
      },
      showCheck: (ref) => redrawn.push(ref.name),
      showNewImage: async (ref) => {
        shown.push(ref.name);
        // One describe at a time, like the real poller (a describe per tick would pile up on a busy machine).
        let asking = false;
        const timer = setInterval(() => {
          if (asking) {
            return;
          }
          asking = true;
          const askedAt = Date.now();
          void aws.describeImage(ref).then((image) => changes.fire({ ref, image, askedAt }), () => undefined).finally(() => (asking = false));
        }, 50);
        timers.push(timer);
      },
      showLog: () => undefined,
    };
    const service = new UpdateService({ aws: () => aws, changes, log: silentLog(), host });
    return { fake, service, progress, redrawn, shown, stop: () => timers.forEach(clearInterval) };
  }

  async function privateImages(): Promise<SeenImage[]> {
    const images = await aws.listImages('demo-dev', REGION, 'PRIVATE');
    return images.map((image) => ({ ref: imageRefOf('demo-dev', REGION, image)!, image }));
  }

  it('Check for Updates: the count in the progress title, one dry run per own AVAILABLE image, rows redrawn, a summary', async () => {
    const h = harness({});
    const seen = await privateImages();
    const own = seen.filter((s) => isUpdateCheckable(s.image)).length;
    fx.emu.state.resetLog();
    const summary = await h.service.checkImages(seen, 'demo-dev us-east-1');
    assert.deepEqual(h.progress.titles, [`Checking ${own} images for updates`]);
    assert.equal(fx.emu.state.count('CreateUpdatedImage'), own);
    assert.equal(summary.available, 6);
    assert.equal(summary.notSupported, 3, 'platform-amazon-linux2, platform-ubuntu-pro-2404, minimal-fields (no platform)');
    assert.equal(h.redrawn.length, own);
    const many = seen.find((s) => s.ref.name === 'many-apps')!;
    assert.equal(h.service.peek(many.ref)?.kind, 'available');
    assert.equal(h.service.peek(seen.find((s) => s.ref.name === 'deletable-1')!.ref)?.kind, 'upToDate');
    await waitFor('the summary', () => h.fake.of('info').length > 0);
    assert.match(h.fake.of('info')[0].message, new RegExp(`^6 of ${own} images have an update\\. 3 not supported by managed updates`));
    h.service.forget();
    assert.equal(h.service.peek(many.ref), undefined, 'a refresh forgets the answers');
  });

  it('a cancelled check stops the dry runs not sent yet and says how many were not checked', async () => {
    const h = harness({}, 1);
    const seen = await privateImages();
    fx.emu.state.resetLog();
    const summary = await h.service.checkImages(seen, 'demo-dev us-east-1');
    assert.ok(summary.skipped > 0, `skipped ${summary.skipped}`);
    assert.equal(fx.emu.state.count('CreateUpdatedImage'), summary.checked);
    await waitFor('the summary', () => h.fake.of('info').length > 0);
    assert.match(h.fake.of('info')[0].message, new RegExp(`${summary.skipped} not checked \\(cancelled\\)`));
  });

  it('Create Updated Image…: default name, validated as typed, AWS\'s facts before the modal yes; the new image shown and its end said', async () => {
    const h = harness({ input: [undefined], pick: [] });
    const seen = (await privateImages()).find((s) => s.ref.name === 'outdated-agent')!;
    // First: look at the name box (Escape), and what it says as the user types.
    assert.equal(await h.service.createUpdatedImage(seen), undefined);
    const box = h.fake.of('input')[0];
    assert.match(box.value ?? '', /^outdated-agent-updated-\d{8}$/);
    assert.equal(box.validate?.('outdated-agent-v2'), undefined);
    assert.match(String(box.validate?.('bad name')), /only letters/);
    assert.match(String(box.validate?.('AWS-image')), /"Amazon", "AWS" or "AppStream"/);
    assert.match(String(box.validate?.('outdated-agent')), /source image's name/);

    const go = harness({ input: ['outdated-agent-v2', 'Outdated agent v2', 'patched'], pick: ['Copy tags too'], warning: ['Create Updated Image'] });
    fx.emu.state.resetLog();
    const made = await go.service.createUpdatedImage(seen);
    try {
      assert.equal(made?.ref.name, 'outdated-agent-v2');
      const modal = go.fake.of('warning')[0];
      assert.match(modal.message, /Create "outdated-agent-v2" from "outdated-agent" with the latest updates in demo-dev \(111111111111\), us-east-1\?/);
      assert.match(modal.detail ?? '', /launches an image builder.*billed.*"Image builders" quota.*at most 5 image updates run at once.*several hours/);
      assert.deepEqual(go.shown, ['outdated-agent-v2']);
      assert.deepEqual(fx.emu.state.requests.map((r) => r.op), ['DescribeImages', 'ListTagsForResource', 'CreateUpdatedImage']);
      await waitFor('AVAILABLE said', () => go.fake.of('info').some((a) => /The updated image "outdated-agent-v2" is AVAILABLE\./.test(a.message)), 10_000);
    } finally {
      go.stop();
    }
  });

  it('each cancel sends nothing: the name, the display name, the description, the tags, the modal', async () => {
    const seen = (await privateImages()).find((s) => s.ref.name === 'deletable-4')!;
    const cancels: Partial<Record<Kind, (string | undefined)[]>>[] = [
      { input: [undefined] },
      { input: ['d4-new', undefined] },
      { input: ['d4-new', '', undefined] },
      { input: ['d4-new', '', ''], pick: [undefined] },
      { input: ['d4-new', '', ''], pick: ['Do not copy tags'], warning: [undefined] },
    ];
    fx.emu.state.resetLog();
    for (const answers of cancels) {
      const h = harness(answers);
      assert.equal(await h.service.createUpdatedImage(seen), undefined);
    }
    assert.equal(fx.emu.state.requests.length, 0, 'not even the identity check');
  });

  it('a failed update is explained (IMAGE_UPDATE_FAILURE) once the poller sees it', async () => {
    const h = harness({ input: ['managed-software-v2', '', ''], pick: ['Do not copy tags'], warning: ['Create Updated Image'] });
    const seen = (await privateImages()).find((s) => s.ref.name === 'managed-software')!;
    try {
      await h.service.createUpdatedImage(seen);
      await waitFor('FAILED explained', () => h.fake.of('error').length > 0, 10_000);
      assert.match(h.fake.of('error')[0].message, /"managed-software-v2" ended FAILED \(IMAGE_UPDATE_FAILURE: .*\): A managed update of the image .* start the update again/);
    } finally {
      h.stop();
    }
  });

  it('a shared image is refused before any question', async () => {
    const h = harness({});
    const shared = (await aws.listImages('demo-dev', REGION, 'SHARED'))[0];
    const ref: ImageRef = imageRefOf('demo-dev', REGION, shared)!;
    assert.notEqual(ref.arn.split(':')[4], DEV.accountId);
    fx.emu.state.resetLog();
    assert.equal(await h.service.createUpdatedImage({ ref, image: shared }), undefined);
    assert.match(h.fake.of('warning')[0].message, /Only an own image that is AVAILABLE can be updated/);
    assert.equal(h.fake.of('input').length, 0);
    assert.equal(fx.emu.state.requests.length, 0);
  });
});
