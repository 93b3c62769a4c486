// The credential resolution's time limit (src/aws/deadline.ts): the service's use of it, with a
// hanging credential_process and an MFA prompt, is tested in aws/service.test.ts and emulatorCredentials.
import * as assert from 'node:assert/strict';
import { PausableDeadline } from '../../../src/aws/deadline';

const sleep = <T>(ms: number, value?: T): Promise<T> => new Promise((r) => setTimeout(() => r(value as T), ms));
const timedOut = (ms: number) => new Error(`timed out after ${ms} ms`);

describe('aws/deadline PausableDeadline', () => {
  it('passes the task\'s result and its failure through', async () => {
    const d = new PausableDeadline();
    assert.equal(await d.run(200, () => sleep(5, 'ok'), timedOut), 'ok');
    await assert.rejects(d.run(200, () => Promise.reject(new Error('boom')), timedOut), /boom/);
  });

  it('rejects with the timeout error when the task runs longer', async () => {
    const d = new PausableDeadline();
    await assert.rejects(d.run(30, () => sleep(300, 'late'), timedOut), /timed out after 30 ms/);
  });

  it('a prompt in the middle stops the clock; it restarts in full after', async () => {
    const d = new PausableDeadline();
    // 40 ms of work, a 150 ms prompt, 40 ms more: over 60 ms in all, under 60 ms on either side of the prompt.
    const task = async () => {
      await sleep(40);
      const code = await d.paused(() => sleep(150, '123456'));
      await sleep(40);
      return code;
    };
    assert.equal(await d.run(60, task, timedOut), '123456');
  });

  it('paused() outside a run just runs the prompt', async () => {
    assert.equal(await new PausableDeadline().paused(() => sleep(1, 'x')), 'x');
  });
});
