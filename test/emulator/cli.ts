/**
 * `npm run emulator -- --port N [--seed FILE] [--latency MS] [--jitter MS] [--delete-delay MS] [--copy-delay MS] [--copy-fail NAME]
 *   [--update-delay MS] [--update-fail NAME] [--builder-delay MS] [--builder-fail NAME] [--export-delay MS] [--export-fail AMI]`
 * Prints `listening on http://127.0.0.1:PORT` and one AWS config block per seeded account.
 */
import { EMULATOR_SSO_TOKEN, awsConfigText, ssoSessionConfigText, startEmulator } from './server';

function usage(msg?: string): never {
  if (msg) { console.error(`error: ${msg}`); }
  console.error('usage: npm run emulator -- [--port N] [--seed FILE] [--latency MS] [--jitter MS] [--delete-delay MS] [--copy-delay MS] [--copy-fail NAME] [--update-delay MS] [--update-fail NAME] [--builder-delay MS] [--builder-fail NAME] [--export-delay MS] [--export-fail AMI]');
  process.exit(2);
}

export interface CliArgs {
  port: number; seed?: string; latencyMs?: number; jitterMs?: number; deleteDelayMs?: number; copyDelayMs?: number; copyFailures?: string[];
  updateDelayMs?: number; updateFailures?: string[]; builderDelayMs?: number; builderFailures?: string[]; exportDelayMs?: number; exportFailures?: string[];
}

export function parseArgs(argv: string[]): CliArgs {
  const out: CliArgs = { port: 0 };
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
      case '--update-delay': out.updateDelayMs = num(); break;
      case '--update-fail': (out.updateFailures ??= []).push(value()); break;
      case '--builder-delay': out.builderDelayMs = num(); break;
      case '--builder-fail': (out.builderFailures ??= []).push(value()); break;
      case '--export-delay': out.exportDelayMs = num(); break;
      case '--export-fail': (out.exportFailures ??= []).push(value()); break;
      case '-h': case '--help': return usage();
      default: return usage(`unknown argument '${argv[i]}'`);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { seed, ...rest } = args;
  const emu = await startEmulator({ ...rest, seed });
  const sso = ssoSessionConfigText(args.seed);
  process.stdout.write(`listening on ${emu.url}\n\n${awsConfigText(emu.url, args.seed)}`);
  if (sso) {
    process.stdout.write(`\n# The SSO portal (ListAccounts / ListAccountRoles / GetRoleCredentials at ${emu.url}; token: ${EMULATOR_SSO_TOKEN} or POST /__emulator/sso-token):\n${sso}`);
  }
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
