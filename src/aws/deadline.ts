/**
 * A time limit that a prompt can stop: the SDK waits for a credential_process or a role
 * assumption without any limit, so the service bounds each resolution like a request, and an MFA
 * prompt in the middle stops the clock while the user types (it restarts in full after).
 */
export class PausableDeadline {
  /** The clock of the run under way, if any. */
  private clock: { pause(): void; resume(): void } | undefined;

  /** Runs `task`; rejects with `timedOut(ms)` when it runs longer than `ms` (paused time not counted). */
  run<T>(ms: number, task: () => Promise<T>, timedOut: (ms: number) => Error): Promise<T> {
    return new Promise<T>((ok, fail) => {
      let timer: NodeJS.Timeout | undefined;
      const clock = {
        pause: () => clearTimeout(timer),
        resume: () => {
          clearTimeout(timer);
          timer = setTimeout(() => fail(timedOut(ms)), ms);
        },
      };
      this.clock = clock;
      clock.resume();
      task()
        .then(ok, fail)
        .finally(() => {
          clearTimeout(timer);
          if (this.clock === clock) {
            this.clock = undefined;
          }
        });
    });
  }

  /** Runs `during` (a prompt) with the clock of the run under way stopped; it restarts after. */
  async paused<T>(during: () => Promise<T>): Promise<T> {
    const clock = this.clock;
    clock?.pause();
    try {
      return await during();
    } finally {
      clock?.resume();
    }
  }
}
