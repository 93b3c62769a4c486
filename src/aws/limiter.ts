/**
 * Bounds how many async tasks run at once; the rest wait in order. Tasks marked `urgent` go
 * before the others: the service marks the next page of a listing that is under way, so a long
 * chain of pages (each waits for the one before, by NextToken) is not sent to the back of the
 * queue after every page while first pages of other groups keep arriving.
 */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly waitingUrgent: (() => void)[] = [];

  constructor(private limit: number) {
    this.limit = Math.max(1, limit);
  }

  setLimit(limit: number): void {
    this.limit = Math.max(1, limit);
    let next: (() => void) | undefined;
    while (this.running < this.limit && (next = this.next())) {
      this.running++;
      next();
    }
  }

  async run<T>(task: () => Promise<T>, urgent = false): Promise<T> {
    if (this.running >= this.limit) {
      // The finishing task hands its slot over, so `running` is already counted for us.
      await new Promise<void>((resolve) => (urgent ? this.waitingUrgent : this.waiting).push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private next(): (() => void) | undefined {
    return this.waitingUrgent.shift() ?? this.waiting.shift();
  }

  private release(): void {
    const next = this.running <= this.limit ? this.next() : undefined;
    if (next) {
      next();
    } else {
      this.running--;
    }
  }
}
