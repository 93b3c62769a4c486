// Pins (issue 15, search and pins): kept by ARN in a Memento (globalState), batched ≤ 25 ARNs per profile and region.
import * as assert from 'node:assert/strict';
import type { ImageRef } from '../../../src/aws/imageRef';
import { PINS_KEY, PinStore, pinBatches, type PinMemento } from '../../../src/tree/pinStore';

class Memory implements PinMemento {
  readonly values = new Map<string, unknown>();
  writes = 0;
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.writes++;
    // What globalState keeps is JSON: a later session reads a copy, not the same objects.
    this.values.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

const ref = (profile: string, region: string, account: string, name: string): ImageRef => ({
  profile,
  region,
  name,
  arn: `arn:aws:appstream:${region}:${account}:image/${name}`,
});

describe('pin store', () => {
  const a = ref('dev', 'us-east-1', '111111111111', 'many-apps');
  const sharedSameName = ref('dev', 'us-east-1', '222222222222', 'many-apps');
  const otherProfile = { ...a, profile: 'prod' };

  it('pins by profile and ARN, in pin order; a second pin of the same image adds nothing', async () => {
    const m = new Memory();
    const store = new PinStore(m);
    assert.equal(await store.pin([a, sharedSameName]), 2);
    assert.equal(await store.pin([a]), 0);
    assert.equal(m.writes, 1, 'no write when nothing changed');
    assert.equal(await store.pin([otherProfile]), 1, 'the same ARN through another profile is another row');
    assert.deepEqual(store.list(), [a, sharedSameName, otherProfile]);
    assert.ok(store.has(sharedSameName));
    assert.ok(!store.has({ profile: 'dev', arn: a.arn.replace('many-apps', 'other') }));
  });

  it('survives a restart: a new store over the same memento has the pins (as plain ImageRefs)', async () => {
    const m = new Memory();
    await new PinStore(m).pin([{ ...a, extra: 'not kept' } as ImageRef]);
    const again = new PinStore(m);
    assert.deepEqual(again.list(), [a]);
    assert.deepEqual(Object.keys(again.list()[0]).sort(), ['arn', 'name', 'profile', 'region']);
  });

  it('unpins by profile and ARN only', async () => {
    const m = new Memory();
    const store = new PinStore(m);
    await store.pin([a, sharedSameName, otherProfile]);
    assert.equal(await store.unpin([{ profile: 'dev', arn: a.arn }]), 1);
    assert.deepEqual(store.list(), [sharedSameName, otherProfile]);
    assert.equal(await store.unpin([{ profile: 'dev', arn: a.arn }]), 0);
  });

  it('ignores stored values that are not image refs (a hand-edited or older state)', () => {
    const m = new Memory();
    m.values.set(PINS_KEY, [a, { profile: 'x' }, 'nonsense', { ...a, arn: 'arn:aws:s3:::bucket' }, a, null]);
    assert.deepEqual(new PinStore(m).list(), [a]);
    m.values.set(PINS_KEY, { not: 'an array' });
    assert.deepEqual(new PinStore(m).list(), []);
  });
});

describe('pin batches', () => {
  it('one batch per profile and region, at most 25 ARNs each', () => {
    const many = Array.from({ length: 30 }, (_, i) => ref('dev', 'us-east-1', '111111111111', `img-${i}`));
    const eu = ref('dev', 'eu-west-1', '111111111111', 'eu');
    const prod = ref('prod', 'us-east-1', '222222222222', 'p');
    const batches = pinBatches([many[0], eu, prod, ...many.slice(1)]);
    assert.deepEqual(
      batches.map((b) => [b.profile, b.region, b.pins.length]),
      [
        ['dev', 'us-east-1', 25],
        ['dev', 'us-east-1', 5],
        ['dev', 'eu-west-1', 1],
        ['prod', 'us-east-1', 1],
      ],
    );
    assert.deepEqual(batches[0].pins[0], many[0]);
    assert.deepEqual(pinBatches([]), []);
  });
});
