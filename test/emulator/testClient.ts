// Shared by the emulator's unit suites: a real SDK client for one seeded account, and a check of
// the exception class (and name) a call is refused with.
import * as assert from 'assert';
import { AppStreamClient } from '@aws-sdk/client-appstream';
import type { AccountProfile } from './state';
import { seedAccounts, type Emulator } from './server';

const DEMO_DEV = seedAccounts().find((a) => a.profile === 'demo-dev')!;

/** demo-dev in us-east-1 unless told otherwise; one attempt, so a refusal is seen as sent. */
export function client(emu: Emulator, acct: AccountProfile = DEMO_DEV, region = 'us-east-1', extra: Partial<ConstructorParameters<typeof AppStreamClient>[0]> = {}): AppStreamClient {
  return new AppStreamClient({
    region,
    endpoint: emu.url,
    credentials: { accessKeyId: acct.accessKeyId, secretAccessKey: acct.secretAccessKey },
    maxAttempts: 1,
    ...extra,
  });
}

export async function rejectsWith<T>(p: Promise<unknown>, cls: abstract new (...args: never[]) => T, name?: string): Promise<T> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    if (name) { assert.strictEqual((e as Error).name, name); }
    return e as T;
  }
  assert.fail(`expected ${cls.name}${name ? ` (${name})` : ''}, but the call succeeded`);
}
