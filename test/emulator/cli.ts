/**
 * `npm run emulator -- --port N [--seed FILE] [--latency MS] [--jitter MS] [--delete-delay MS] [--copy-delay MS] [--copy-fail NAME]`
 * Prints `listening on http://127.0.0.1:PORT` and one AWS config block per seeded account.
 */
import { awsConfigText, startEmulator } from './server';

function usage(msg?: string): never {
  if (msg) { console.error(`error: ${msg}`); }
  console.error('usage: npm run emulator -- [--port N] [--seed FILE] [--latency MS] [--jitter MS] [--delete-delay MS] [--copy-delay MS] [--copy-fail NAME]');
  process.exit(2);
}

export function parseArgs(argv: string[]): { port: number; seed?: string; latencyMs?: number; jitterMs?: number; deleteDelayMs?: number; copyDelayMs?: number; copyFailures?: string[] } {
  const out: { port: number; seed?: string; latencyMs?: number; jitterMs?: number; deleteDelayMs?: number; copyDelayMs?: number; copyFailures?: string[] } = { port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) { usage(`${flag} needs a value`); }
      return v;
    };
    const num = (): number => {
      const raw = value();
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 0) { usage(`${flag} needs a non-negative integer, got '${raw}'`); }
      return n;
    };
    switch (flag) {
      case '--port': out.port = num(); break;
      case '--seed': out.seed = value(); break;
      case '--latency': out.latencyMs = num(); break;
      case '--jitter': out.jitterMs = num(); break;
      case '--delete-delay': out.deleteDelayMs = num(); break;
      case '--copy-delay': out.copyDelayMs = num(); break;
      case '--copy-fail': (out.copyFailures ??= []).push(value()); break;
      case '-h': case '--help': return usage();
      default: return usage(`unknown argument '${argv[i]}'`);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const emu = await startEmulator({ port: args.port, seed: args.seed, latencyMs: args.latencyMs, jitterMs: args.jitterMs, deleteDelayMs: args.deleteDelayMs, copyDelayMs: args.copyDelayMs, copyFailures: args.copyFailures });
  process.stdout.write(`listening on ${emu.url}\n\n${awsConfigText(emu.url, args.seed)}`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) { return; }
    stopping = true;
    process.stderr.write(`${signal}: stopping emulator\n`);
    emu.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
