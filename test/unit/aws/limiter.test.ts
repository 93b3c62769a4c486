// The request limiter of the AWS layer (src/aws/limiter.ts).
import * as assert from 'node:assert/strict';
import { ConcurrencyLimiter } from '../../../src/aws/limiter';

describe('ConcurrencyLimiter', () => {
  interface Gate { started: boolean; done: () => void }

  function gatedTasks(limiter: ConcurrencyLimiter, n: number, order: number[], live: { now: number; max: number }): { gates: Gate[]; results: Promise<number>[] } {
    const gates: Gate[] = [];
    const results: Promise<number>[] = [];
    for (let i = 0; i < n; i++) {
      const gate: Gate = { started: false, done: () => undefined };
      gates.push(gate);
      results.push(limiter.run(async () => {
        gate.started = true;
        order.push(i);
        live.now++;
        live.max = Math.max(live.max, live.now);
        await new Promise<void>((resolve) => (gate.done = resolve));
        live.now--;
        return i;
      }));
    }
    return { gates, results };
  }

  const settle = (): Promise<void> => new Promise((r) => setImmediate(r));
  const startedCount = (gates: Gate[]): number => gates.filter((g) => g.started).length;

  it('never runs more than N at once and starts tasks in the order given', async () => {
    const limiter = new ConcurrencyLimiter(3);
    const order: number[] = [];
    const live = { now: 0, max: 0 };
    const { gates, results } = gatedTasks(limiter, 10, order, live);
    await settle();
    assert.equal(startedCount(gates), 3);
    // finish in a scrambled order
    for (const i of [2, 0, 1, 4, 3, 5, 6, 9, 8, 7]) {
      while (!gates[i].started) {
        await settle();
      }
      gates[i].done();
      await settle();
      assert.ok(live.now <= 3);
    }
    assert.deepEqual(await Promise.all(results), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(live.max, 3);
  });

  it('setLimit up starts waiting tasks at once', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const live = { now: 0, max: 0 };
    const { gates, results } = gatedTasks(limiter, 5, [], live);
    await settle();
    assert.equal(startedCount(gates), 1);
    limiter.setLimit(4);
    await settle();
    assert.equal(startedCount(gates), 4);
    gates.forEach((g) => g.done());
    await settle();
    gates.forEach((g) => g.done());
    await Promise.all(results);
    assert.equal(live.max, 4);
  });

  it('setLimit down lets running tasks finish but starts no more until below the new limit', async () => {
    const limiter = new ConcurrencyLimiter(3);
    const live = { now: 0, max: 0 };
    const { gates, results } = gatedTasks(limiter, 6, [], live);
    await settle();
    assert.equal(startedCount(gates), 3);
    limiter.setLimit(1);
    gates[0].done();
    await settle();
    gates[1].done();
    await settle();
    assert.equal(startedCount(gates), 3, 'two finished, one still running: nothing new starts');
    gates[2].done();
    await settle();
    assert.equal(startedCount(gates), 4);
    assert.equal(live.now, 1);
    gates[3].done();
    await settle();
    assert.equal(live.now, 1);
    gates[4].done();
    await settle();
    gates[5].done();
    assert.deepEqual(await Promise.all(results), [0, 1, 2, 3, 4, 5]);
  });

  it('urgent tasks (next pages of a listing under way) start before waiting ordinary ones, each kind in order', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const order: string[] = [];
    let release: () => void = () => undefined;
    const first = limiter.run(async () => {
      order.push('a');
      await new Promise<void>((r) => (release = r));
    });
    const queued = [
      limiter.run(async () => void order.push('b')),
      limiter.run(async () => void order.push('u1'), true),
      limiter.run(async () => void order.push('c')),
      limiter.run(async () => void order.push('u2'), true),
    ];
    await settle();
    release();
    await Promise.all([first, ...queued]);
    assert.deepEqual(order, ['a', 'u1', 'u2', 'b', 'c']);
  });

  it('a failing task frees its slot and rejects to its caller; a limit below 1 counts as 1', async () => {
    const limiter = new ConcurrencyLimiter(0);
    const failed = limiter.run(() => Promise.reject(new Error('boom')));
    const next = limiter.run(async () => 'ran');
    await assert.rejects(failed, /boom/);
    assert.equal(await next, 'ran');
    limiter.setLimit(-5);
    assert.equal(await limiter.run(async () => 42), 42);
  });
});
