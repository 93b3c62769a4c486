// Shared by the AWS layer's sharing, copy and tag suites: one emulator, the seeded profiles in a
// temp AWS config passed through `env` (never ~/.aws, never a process-wide endpoint variable),
// services that are reset after each test, refs of seeded images, and a profile that can be
// pointed at another account between the confirmation and the action.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppStreamService } from '../../../src/aws/service';
import { classifyError, type AwsErrorInfo } from '../../../src/aws/errors';
import type { AwsServiceOptions } from '../../../src/aws/types';
import type { ImageRef, SeenImage } from '../../../src/aws/imageRef';
import { awsConfigText, seedAccounts, startEmulator, type Emulator } from '../../emulator/server';

export const ACCOUNTS = seedAccounts();
export const DEV = ACCOUNTS.find((a) => a.profile === 'demo-dev')!;
export const PROD = ACCOUNTS.find((a) => a.profile === 'demo-prod')!;
export const PARTNER = ACCOUNTS.find((a) => a.profile === 'demo-partner')!;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  assert.fail('expected the call to fail, but it succeeded');
}

export async function classified(p: Promise<unknown>, profile: string, operation: string, region = 'us-east-1'): Promise<AwsErrorInfo & { error: unknown }> {
  const error = await rejection(p);
  return { ...classifyError(error, { profile, region, operation }), error };
}

export interface Fixture {
  readonly emu: Emulator;
  readonly env: NodeJS.ProcessEnv;
  service(opts?: Partial<AwsServiceOptions>, env?: NodeJS.ProcessEnv): AppStreamService;
  /** The ref of a seeded own image of `profile` (by the emulator's stored ARN). */
  ref(profile: string, region: string, name: string): ImageRef;
  /** The ref and the image as the profile lists it now. */
  seen(service: AppStreamService, profile: string, region: string, name: string): Promise<SeenImage>;
  /**
   * A service whose profile "work" signs in to demo-dev, and `switchTo(account)` rewrites it to
   * another account's keys (saml2aws, granted, a rotation script) and tells the service.
   */
  switchable(): { service: AppStreamService; switchTo(account: { accessKeyId: string; secretAccessKey: string }): Promise<void> };
}

/** Call at the top of a `describe`: starts the emulator before, resets it before each test. */
export function useFixture(emulatorOptions: Parameters<typeof startEmulator>[0] = {}): Fixture {
  let emu: Emulator | undefined;
  let tmp = '';
  let env: NodeJS.ProcessEnv = {};
  const services: AppStreamService[] = [];
  const savedHome = process.env.HOME;
  const defaults = { copyDelayMs: emulatorOptions.copyDelayMs, deleteDelayMs: emulatorOptions.deleteDelayMs };

  before(async () => {
    emu = await startEmulator(emulatorOptions);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'appstream-aws-'));
    process.env.HOME = tmp;
    const configFile = path.join(tmp, 'config');
    fs.writeFileSync(configFile, awsConfigText(emu.url));
    env = { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'credentials'), HOME: tmp, AWS_EC2_METADATA_DISABLED: 'true' };
  });

  beforeEach(() => {
    emu!.state.reset();
    if (defaults.copyDelayMs !== undefined) {
      emu!.state.copyDelayMs = defaults.copyDelayMs;
    }
    if (defaults.deleteDelayMs !== undefined) {
      emu!.state.deleteDelayMs = defaults.deleteDelayMs;
    }
    emu!.state.copyFailures.clear();
  });

  afterEach(() => {
    for (const s of services.splice(0)) {
      s.reset();
    }
  });

  after(async () => {
    await emu?.stop();
    if (savedHome === undefined) {
      delete process.env.HOME;
    } else {
      process.env.HOME = savedHome;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const fixture: Fixture = {
    get emu() {
      return emu!;
    },
    get env() {
      return env;
    },
    service(opts = {}, useEnv = env) {
      const s = new AppStreamService({ env: useEnv, requestTimeoutMs: 5000, maxAttempts: 3, maxConcurrentRequests: 8, ...opts });
      services.push(s);
      return s;
    },
    ref(profile, region, name) {
      const account = ACCOUNTS.find((a) => a.profile === profile)!.accountId;
      const arn = emu!.state.images(account, region).find((i) => i.image.Name === name)?.image.Arn as string | undefined;
      return { profile, region, arn: arn ?? `arn:aws:appstream:${region}:${account}:image/${name}`, name };
    },
    async seen(service, profile, region, name) {
      const r = fixture.ref(profile, region, name);
      const image = await service.describeImage(r);
      assert.ok(image, `${profile} sees ${name}`);
      return { ref: r, image };
    },
    switchable() {
      const configFile = path.join(tmp, `config-work-${services.length}`);
      const write = (keys: { accessKeyId: string; secretAccessKey: string }): void =>
        fs.writeFileSync(configFile, `[profile work]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\nregion = us-east-1\nendpoint_url = ${emu!.url}\n`);
      write(DEV);
      const service = fixture.service({}, { ...env, AWS_CONFIG_FILE: configFile });
      return {
        service,
        async switchTo(keys) {
          write(keys);
          assert.deepEqual(await service.configChanged(), ['work']);
        },
      };
    },
  };
  return fixture;
}
