import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * What a runner (tests, e2e, demo) started and must stop: clean-ups run once, newest first,
 * each bounded in time, errors only logged, so one stuck step never keeps the others running.
 */
export class Cleanups {
  private readonly steps: { name: string; fn: () => Promise<void> | void }[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly tag: string,
    private readonly timeoutMs = 15_000,
  ) {}

  get started(): boolean {
    return this.running !== undefined;
  }

  add(name: string, fn: () => Promise<void> | void): void {
    this.steps.push({ name, fn });
  }

  /** A fresh temp dir, removed at the end unless the environment variable `keepVar` is set. */
  tempDir(prefix: string, keepVar: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    this.add('temp dir', () => {
      if (process.env[keepVar]) {
        console.log(`[${this.tag}] kept ${dir} (${keepVar} is set)`);
      } else {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
    return dir;
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const { name, fn } of [...this.steps].reverse()) {
        try {
          await Promise.race([
            Promise.resolve().then(fn),
            new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), this.timeoutMs).unref()),
          ]);
        } catch (e) {
          console.error(`[${this.tag}] stopping ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    })();
    return this.running;
  }
}
