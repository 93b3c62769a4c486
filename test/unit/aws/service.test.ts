// The AWS layer (src/aws) through the real SDK, over HTTP, against the emulator. Every profile
// lives in temp AWS config files passed through `env`; HOME points at a temp dir for the whole
// suite (SSO token cache, credential_process children, the SDK's own default-profile look-ups).
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Image } from '@aws-sdk/client-appstream';
import { AppStreamService, ProfileConfigError } from '../../../src/aws/service';
import { isImageInUse } from '../../../src/aws/imageRules';
import { classifyError, type AwsErrorInfo } from '../../../src/aws/errors';
import type { AwsServiceOptions, ImageVisibility, RequestLogEntry } from '../../../src/aws/types';
import type { ImageRef } from '../../../src/aws/imageRef';
import { awsConfigText, seedAccounts, startEmulator, type Emulator } from '../../emulator/server';

const ACCOUNTS = seedAccounts();
const DEV = ACCOUNTS.find((a) => a.profile === 'demo-dev')!;
const PROD = ACCOUNTS.find((a) => a.profile === 'demo-prod')!;
const EMPTY = ACCOUNTS.find((a) => a.profile === 'demo-empty')!;
const UNKNOWN_KEY = 'AKIAUNKNOWNTESTKEY00';
const NODE = process.execPath;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const names = (images: Image[]): string[] => images.map((i) => i.Name ?? '?').sort();

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  assert.fail('expected the call to fail, but it succeeded');
}

async function classified(p: Promise<unknown>, profile: string, region = 'us-east-1', operation = 'DescribeImages'): Promise<AwsErrorInfo & { error: unknown }> {
  const error = await rejection(p);
  return { ...classifyError(error, { profile, region, operation }), error };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('AppStreamService (src/aws) against the emulator', function () {
  this.timeout(20_000);
  let emu: Emulator;
  let tmp: string;
  let env: NodeJS.ProcessEnv;
  const savedHome = process.env.HOME;
  const services: AppStreamService[] = [];
  const startedPids: number[] = [];

  /** Scripts for credential_process profiles, written once. */
  let credScript: string;
  let failScript: string;
  let hangScript: string;

  function service(opts: Partial<AwsServiceOptions> = {}, useEnv: NodeJS.ProcessEnv = env): AppStreamService {
    const s = new AppStreamService({ env: useEnv, requestTimeoutMs: 5000, maxAttempts: 3, maxConcurrentRequests: 8, ...opts });
    services.push(s);
    return s;
  }

  /** The ref of a seeded image, by the account that owns it (undefined: AWS's public images). */
  function ref(profile: string, region: string, name: string, owner?: { accountId: string } | 'public'): ImageRef {
    const account = owner === 'public' ? undefined : (owner ?? ACCOUNTS.find((a) => a.profile === profile)!).accountId;
    const wire = account ? emu.state.images(account, region).find((i) => i.image.Name === name)?.image : emu.state.publicImages(region).find((i) => i.Name === name);
    const arn = (wire?.Arn as string | undefined) ?? `arn:aws:appstream:${region}:${account ?? ''}:image/${name}`;
    return { profile, region, arn, name };
  }

  function section(name: string, entries: Record<string, string>): string {
    return `[profile ${name}]\n${Object.entries(entries).map(([k, v]) => `${k} = ${v}`).join('\n')}\n`;
  }

  function lineCount(file: string): number {
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
  }

  before(async () => {
    emu = await startEmulator({ deleteDelayMs: 60_000 });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'appstream-service-'));
    process.env.HOME = tmp;

    credScript = path.join(tmp, 'cred.js');
    fs.writeFileSync(credScript, [
      "const fs = require('fs');",
      'const [counter, ttlSeconds, key, secret] = process.argv.slice(2);',
      "fs.appendFileSync(counter, 'ran\\n');",
      'const Expiration = new Date(Date.now() + Number(ttlSeconds) * 1000).toISOString();',
      "process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: key, SecretAccessKey: secret, SessionToken: 'tok', Expiration }));",
    ].join('\n'));
    failScript = path.join(tmp, 'fail.js');
    fs.writeFileSync(failScript, "process.stderr.write('token broker unavailable for ' + process.argv.slice(2).join(' ') + '\\n'); process.exit(1);\n");
    hangScript = path.join(tmp, 'hang.js');
    fs.writeFileSync(hangScript, "require('fs').writeFileSync(process.argv[2], String(process.pid)); setInterval(() => undefined, 1000);\n");

    const url = emu.url;
    const profiles = [
      awsConfigText(url),
      section('bad-key', { aws_access_key_id: UNKNOWN_KEY, aws_secret_access_key: 'notARealSecretKeyForTheAppStreamEmulator0', region: 'us-east-1', endpoint_url: url }),
      section('no-creds', { region: 'us-east-1', endpoint_url: url }),
      section('proc-1h', { credential_process: `${NODE} ${credScript} ${path.join(tmp, 'count-1h')} 3600 ${DEV.accessKeyId} ${DEV.secretAccessKey}`, region: 'us-east-1', endpoint_url: url }),
      section('proc-1min', { credential_process: `${NODE} ${credScript} ${path.join(tmp, 'count-1min')} 60 ${DEV.accessKeyId} ${DEV.secretAccessKey}`, region: 'us-east-1', endpoint_url: url }),
      section('proc-fail', { credential_process: `${NODE} ${failScript} ${DEV.accessKeyId} ${DEV.secretAccessKey}`, region: 'us-east-1', endpoint_url: url }),
      section('proc-hang', { credential_process: `${NODE} ${hangScript} ${path.join(tmp, 'hang.pid')}`, region: 'us-east-1', endpoint_url: url }),
      section('sso-dev', { sso_session: 'appstream-images-test', sso_account_id: DEV.accountId, sso_role_name: 'Dev', region: 'us-east-1', endpoint_url: url }),
      '[sso-session appstream-images-test]\nsso_start_url = https://appstream-images-test.awsapps.com/start\nsso_region = us-east-1\n',
      section('sso-stale', { sso_session: 'appstream-images-stale', sso_account_id: DEV.accountId, sso_role_name: 'Dev', region: 'us-east-1', endpoint_url: url }),
      '[sso-session appstream-images-stale]\nsso_start_url = https://appstream-images-stale.awsapps.com/start\nsso_region = us-east-1\n',
      section('loop-a', { role_arn: 'arn:aws:iam::111111111111:role/a', source_profile: 'loop-b', endpoint_url: url }),
      section('loop-b', { role_arn: 'arn:aws:iam::111111111111:role/b', source_profile: 'loop-a', endpoint_url: url }),
    ];
    const configFile = path.join(tmp, 'config');
    fs.writeFileSync(configFile, profiles.join('\n'));
    env = {
      AWS_CONFIG_FILE: configFile,
      AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'credentials'), // does not exist
      HOME: tmp,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  });

  beforeEach(() => {
    emu.state.reset(); // seed, faults and request log
  });

  afterEach(() => {
    for (const s of services.splice(0)) {
      s.reset(); // destroys the clients
    }
    for (const pid of startedPids.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  after(async () => {
    await emu.stop();
    if (savedHome === undefined) {
      delete process.env.HOME;
    } else {
      process.env.HOME = savedHome;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('profiles()', () => {
    it('lists the temp config profiles with their emulator endpoint, never ~/.aws', async () => {
      const catalog = await service().profiles();
      assert.equal(catalog.configFile, env.AWS_CONFIG_FILE);
      const dev = catalog.profiles.find((p) => p.name === 'demo-dev');
      assert.equal(dev?.endpointUrl, emu.url);
      assert.equal(dev?.region, 'us-east-1');
      assert.equal(catalog.profiles.find((p) => p.name === 'proc-1h')?.credentialKind, 'process');
      assert.equal(catalog.profiles.find((p) => p.name === 'sso-dev')?.credentialKind, 'sso');
      assert.ok(catalog.profiles.find((p) => p.name === 'loop-a')?.problems.length);
    });
  });

  describe('listing', () => {
    const storedPrivate = (accountId: string, region: string): string[] =>
      emu.state.images(accountId, region).map((s) => String(s.image.Name)).sort();

    it('PRIVATE for demo-dev in us-east-1 is exactly what the emulator holds for that account', async () => {
      const images = await service().listImages('demo-dev', 'us-east-1', 'PRIVATE');
      assert.ok(images.length > 25, `more than one page (${images.length})`);
      assert.deepEqual(names(images), storedPrivate(DEV.accountId, 'us-east-1'));
      assert.ok(images.every((i) => i.Visibility === 'PRIVATE'));
      assert.ok(names(images).includes('deletable-1'));
      assert.ok(names(images).includes('failed-image-with-errors'));
      assert.equal(emu.state.count('DescribeImages', { accountId: DEV.accountId, region: 'us-east-1' }), Math.ceil(images.length / 25));
    });

    it('SHARED for demo-dev is the images demo-prod and demo-partner share with it', async () => {
      const images = await service().listImages('demo-dev', 'us-east-1', 'SHARED');
      const expected = emu.state.sharedWith(DEV.accountId, 'us-east-1').map((s) => String(s.stored.image.Name)).sort();
      assert.deepEqual(names(images), expected);
      assert.deepEqual(names(images), ['common-base', 'prod-shared-with-dev', 'team-base', 'team-base']);
      assert.equal(images[0].Visibility, 'SHARED');
    });

    it('PUBLIC pages through all 120+ images with exactly ceil(n/25) DescribeImages requests', async () => {
      const expected = emu.state.publicImages('us-east-1').map((i) => String(i.Name)).sort();
      assert.ok(expected.length > 120);
      const log: RequestLogEntry[] = [];
      const images = await service({ onRequest: (e) => log.push(e) }).listImages('demo-dev', 'us-east-1', 'PUBLIC');
      assert.deepEqual(names(images), expected);
      assert.equal(new Set(names(images)).size, images.length, 'no duplicates across pages');
      const pages = Math.ceil(expected.length / 25);
      assert.equal(emu.state.count('DescribeImages'), pages);
      assert.equal(log.length, pages);
      assert.ok(log.every((e) => e.operation === 'DescribeImages' && e.errorName === undefined && e.attempts === 1));
      assert.ok(emu.state.requests.every((r) => (r.params as { MaxResults?: number }).MaxResults === 25));
    });

    it('demo-prod sees its own private images, not demo-dev ones (two accounts)', async () => {
      const s = service();
      const [dev, prod] = await Promise.all([
        s.listImages('demo-dev', 'us-east-1', 'PRIVATE'),
        s.listImages('demo-prod', 'us-east-1', 'PRIVATE'),
      ]);
      assert.deepEqual(names(prod), storedPrivate(PROD.accountId, 'us-east-1'));
      assert.ok(names(prod).includes('prod-golden-2025'));
      assert.equal(prod.filter((p) => dev.some((d) => d.Arn === p.Arn)).length, 0);
      assert.ok(prod.every((i) => i.Arn?.includes(`:${PROD.accountId}:`)));
      assert.ok(emu.state.count('DescribeImages', { accountId: PROD.accountId }) >= 1);
      // and what demo-dev shares with it
      assert.deepEqual(names(await s.listImages('demo-prod', 'us-east-1', 'SHARED')), ['shared-with-prod']);
      assert.deepEqual(await s.listImages('demo-empty', 'us-east-1', 'PRIVATE'), []);
      assert.equal(emu.state.count('DescribeImages', { accountId: EMPTY.accountId }), 1);
    });

    it('another region gives other images', async () => {
      const s = service();
      const eu = await s.listImages('demo-dev', 'eu-west-1', 'PRIVATE');
      assert.deepEqual(names(eu), storedPrivate(DEV.accountId, 'eu-west-1'));
      assert.deepEqual(names(eu), ['dev-eu-app-image', 'dev-eu-pending']);
      const euPublic = await s.listImages('demo-dev', 'eu-west-1', 'PUBLIC');
      assert.equal(euPublic.length, emu.state.publicImages('eu-west-1').length);
      assert.notEqual(euPublic.length, emu.state.publicImages('us-east-1').length);
      assert.ok(euPublic.every((i) => i.Arn?.startsWith('arn:aws:appstream:eu-west-1:')));
      assert.equal(emu.state.count('DescribeImages', { region: 'eu-west-1' }), 2);
      assert.equal(emu.state.count('DescribeImages', { region: 'us-east-1' }), 0);
    });

    it('parses timestamps and keeps the newer fields', async () => {
      const img = await service().describeImage(ref('demo-dev', 'us-east-1', 'failed-image-with-errors'));
      assert.ok(img?.CreatedTime instanceof Date);
      assert.equal(img?.State, 'FAILED');
      assert.equal(img?.ImageErrors?.length, 4);
      assert.equal(img?.LatestAppstreamAgentVersion, 'TRUE');
    });
  });

  describe('clients and credentials are reused', () => {
    const groups: ImageVisibility[] = ['PRIVATE', 'SHARED', 'PUBLIC'];
    /** One region after the other (so each region's client asks for credentials on its own), groups at once. */
    const listAll = async (s: AppStreamService, profile: string): Promise<Image[][]> => {
      const out: Image[][] = [];
      for (const region of ['us-east-1', 'eu-west-1']) {
        out.push(...(await Promise.all(groups.map((g) => s.listImages(profile, region, g)))));
      }
      return out;
    };

    it('3 groups × 2 regions run a credential_process once; reset() runs it again', async () => {
      const counter = path.join(tmp, 'count-1h');
      fs.rmSync(counter, { force: true });
      const s = service();
      const lists = await listAll(s, 'proc-1h');
      assert.equal(lists.length, 6);
      assert.deepEqual(names(lists[0]), names(await s.listImages('demo-dev', 'us-east-1', 'PRIVATE')), 'signed as demo-dev');
      assert.equal(lineCount(counter), 1, 'credential_process ran once');
      await listAll(s, 'proc-1h');
      assert.equal(lineCount(counter), 1, 'still once on the second round');
      assert.equal(emu.state.count('DescribeImages', { accountId: DEV.accountId, status: 200 }), emu.state.count('DescribeImages'));
      s.reset();
      await s.listImages('proc-1h', 'us-east-1', 'PRIVATE');
      assert.equal(lineCount(counter), 2, 'reset() forgets cached credentials');
    });

    it('one connection pool for every profile and region: 2 profiles × 2 regions, one request at a time, reuse one connection', async () => {
      const s = service();
      const before = emu.connections();
      for (const profile of ['demo-dev', 'demo-prod']) {
        for (const region of ['us-east-1', 'eu-west-1']) {
          await s.listFleets(profile, region);
          await s.imageQuota(profile, region);
        }
      }
      assert.equal(emu.state.count('DescribeFleets') + emu.state.count('ListServiceQuotas'), 8);
      // Each of the 8 clients (AppStream and Service Quotas, per profile and region) with its own
      // agent would open its own connection.
      assert.equal(emu.connections() - before, 1, 'requests to one endpoint share the kept-alive connection');
    });

    it('credentials that expire soon (1 minute) are fetched again on the next call, not cached forever', async () => {
      const counter = path.join(tmp, 'count-1min');
      fs.rmSync(counter, { force: true });
      const s = service();
      await s.listImages('proc-1min', 'us-east-1', 'PRIVATE');
      const first = lineCount(counter);
      assert.ok(first >= 1);
      await s.listImages('proc-1min', 'eu-west-1', 'PRIVATE');
      assert.ok(lineCount(counter) > first, `ran ${lineCount(counter)} times after two calls`);
    });
  });

  describe('credential failures', () => {
    it('a credential_process that exits 1 → noCredentials naming the profile, secrets redacted, no request sent', async () => {
      const info = await classified(service().listImages('proc-fail', 'us-east-1', 'PRIVATE'), 'proc-fail');
      assert.equal(info.kind, 'noCredentials', `${info.code}: ${info.message}`);
      assert.match(info.message, /profile "proc-fail"/);
      assert.match(info.message, /token broker unavailable/, 'the process stderr is shown');
      assert.ok(!info.message.includes(DEV.secretAccessKey), info.message);
      assert.ok(!info.message.includes(DEV.accessKeyId), info.message);
      assert.equal(emu.state.requests.length, 0);
    });

    it('a profile without any credentials → noCredentials', async () => {
      const info = await classified(service().listImages('no-creds', 'us-east-1', 'PRIVATE'), 'no-creds');
      assert.equal(info.kind, 'noCredentials', `${info.code}: ${info.message}`);
      assert.equal(emu.state.requests.length, 0);
    });

    it('a profile that does not exist → noCredentials', async () => {
      const info = await classified(service().listImages('no-such-profile', 'us-east-1', 'PRIVATE'), 'no-such-profile');
      assert.equal(info.kind, 'noCredentials', `${info.code}: ${info.message}`);
    });

    it('a credential_process that hangs → noCredentials after requestTimeoutMs, no request sent', async function () {
      // The SDK itself execs credential_process with no time limit (it would wait forever);
      // the service bounds credential resolution by requestTimeoutMs (CredentialsTimeout).
      this.timeout(15_000);
      const pidFile = path.join(tmp, 'hang.pid');
      fs.rmSync(pidFile, { force: true });
      const s = service({ requestTimeoutMs: 1000, maxAttempts: 1, maxConcurrentRequests: 1 });
      const started = Date.now();
      const outcome = s.listImages('proc-hang', 'us-east-1', 'PRIVATE').then(() => 'resolved' as const, (err: unknown) => err);
      const settled = await Promise.race([outcome, sleep(5000).then(() => 'still pending' as const)]);
      const elapsed = Date.now() - started;
      for (let i = 0; i < 50 && !fs.existsSync(pidFile); i++) {
        await sleep(100);
      }
      if (fs.existsSync(pidFile)) {
        const pid = Number(fs.readFileSync(pidFile, 'utf8'));
        startedPids.push(pid); // the SDK leaves it running after the timeout: killed in afterEach
      }
      assert.notEqual(settled, 'still pending', 'credential resolution is not bounded');
      assert.notEqual(settled, 'resolved');
      assert.ok(elapsed >= 900 && elapsed < 3000, `failed after ${elapsed} ms`);
      const info = classifyError(settled, { profile: 'proc-hang', region: 'us-east-1', operation: 'DescribeImages' });
      assert.equal(info.kind, 'noCredentials', `${info.code}: ${info.message}`);
      assert.match(info.message, /profile "proc-hang"/);
      assert.equal(emu.state.requests.length, 0);
      // the slot of the limiter is free again: the next call of another profile goes through
      assert.equal((await s.listImages('demo-dev', 'eu-west-1', 'PRIVATE')).length, 2);
    });

    // fromIni hands an SSO profile to fromSSO without the configFilepath/filepath it was given
    // (@aws-sdk/credential-provider-ini resolveSsoCredentials), so fromSSO reads the process's
    // AWS_CONFIG_FILE. An sso_session profile no longer goes that way (ssoProfileCredentials); a
    // legacy one does, and the extension passes process.env, so the two agree there; here we
    // make them agree for the legacy profile's test.
    let savedConfigFile: string | undefined;
    const useConfigFileInProcess = (): void => {
      savedConfigFile = process.env.AWS_CONFIG_FILE;
      process.env.AWS_CONFIG_FILE = env.AWS_CONFIG_FILE;
    };
    afterEach(() => {
      if (savedConfigFile === undefined) {
        delete process.env.AWS_CONFIG_FILE;
      } else {
        process.env.AWS_CONFIG_FILE = savedConfigFile;
      }
      savedConfigFile = undefined;
    });

    it('an SSO profile (sso_session) given only through env, not process.env: read from those files (fromSSO with them, not fromIni\'s SSO path); no cached token → ssoExpired with `aws sso login --profile X`', async () => {
      if (process.env.AWS_CONFIG_FILE === env.AWS_CONFIG_FILE) {
        assert.fail('process.env.AWS_CONFIG_FILE leaked from another test');
      }
      assert.ok(!fs.existsSync(path.join(tmp, '.aws', 'sso', 'cache')));
      const info = await classified(service().listImages('sso-dev', 'us-east-1', 'PRIVATE'), 'sso-dev');
      assert.equal(info.kind, 'ssoExpired', `${info.code}: ${info.message}`);
      assert.equal(info.fixCommand, 'aws sso login --profile sso-dev');
      assert.doesNotMatch(info.message, /was not found/);
      assert.equal(emu.state.requests.length, 0);
    });

    it('an SSO profile whose cached token expired → ssoExpired', async () => {
      const cache = path.join(tmp, '.aws', 'sso', 'cache');
      fs.mkdirSync(cache, { recursive: true });
      const file = path.join(cache, `${crypto.createHash('sha1').update('appstream-images-stale').digest('hex')}.json`);
      fs.writeFileSync(file, JSON.stringify({
        startUrl: 'https://appstream-images-stale.awsapps.com/start',
        region: 'us-east-1',
        accessToken: 'stale-token',
        expiresAt: new Date(Date.now() - 3600_000).toISOString(),
      }));
      useConfigFileInProcess();
      try {
        const info = await classified(service().listImages('sso-stale', 'us-east-1', 'PRIVATE'), 'sso-stale');
        assert.equal(info.kind, 'ssoExpired', `${info.code}: ${info.message}`);
        assert.equal(info.fixCommand, 'aws sso login --profile sso-stale');
      } finally {
        fs.rmSync(path.join(tmp, '.aws'), { recursive: true, force: true });
      }
    });

    it('an unknown access key → invalidCredentials (not retried)', async () => {
      const info = await classified(service().listImages('bad-key', 'us-east-1', 'PRIVATE'), 'bad-key');
      assert.equal(info.kind, 'invalidCredentials', `${info.code}: ${info.message}`);
      assert.equal(info.code, 'UnrecognizedClientException');
      assert.equal(emu.state.count('DescribeImages', { errorCode: 'UnrecognizedClientException' }), 1);
    });

    it('a profile with a source_profile loop → invalidConfig before any request', async () => {
      const error = await rejection(service().listImages('loop-a', 'us-east-1', 'PRIVATE'));
      assert.ok(error instanceof ProfileConfigError);
      const info = classifyError(error, { profile: 'loop-a', region: 'us-east-1', operation: 'DescribeImages' });
      assert.equal(info.kind, 'invalidConfig');
      assert.match(info.message, /loop-a → loop-b → loop-a/);
      assert.equal(emu.state.requests.length, 0);
    });
  });

  describe('retries and transport failures', () => {
    it('a region-scoped ThrottlingException burst (2) is retried through with maxAttempts 3', async () => {
      emu.state.setFaults([{ kind: 'throttle', region: 'us-east-1', count: 2 }]);
      const log: RequestLogEntry[] = [];
      const s = service({ maxAttempts: 3, onRequest: (e) => log.push(e) });
      const images = await s.listImages('demo-dev', 'us-east-1', 'SHARED');
      assert.deepEqual(names(images), ['common-base', 'prod-shared-with-dev', 'team-base', 'team-base']);
      assert.equal(emu.state.count('DescribeImages', { fault: 'throttle' }), 2);
      assert.equal(emu.state.count('DescribeImages', { status: 200 }), 1);
      assert.equal(log[0].attempts, 3);
      // the other region was not throttled
      emu.state.setFaults([{ kind: 'throttle', region: 'us-east-1' }]);
      assert.deepEqual(names(await s.listImages('demo-dev', 'eu-west-1', 'PRIVATE')), ['dev-eu-app-image', 'dev-eu-pending']);
    });

    it('throttling beyond the retry budget → throttled, after maxAttempts requests', async () => {
      emu.state.setFaults([{ kind: 'throttle', region: 'us-east-1' }]);
      const info = await classified(service({ maxAttempts: 2 }).listImages('demo-dev', 'us-east-1', 'PRIVATE'), 'demo-dev');
      assert.equal(info.kind, 'throttled', `${info.code}: ${info.message}`);
      assert.equal(emu.state.count('DescribeImages'), 2);
    });

    it('a 500 → serviceError after maxAttempts attempts', async () => {
      emu.state.setFaults([{ kind: 'internal', op: 'DescribeImages' }]);
      const info = await classified(service({ maxAttempts: 3 }).listImages('demo-dev', 'us-east-1', 'PRIVATE'), 'demo-dev');
      assert.equal(info.kind, 'serviceError', `${info.code}: ${info.message}`);
      assert.equal(emu.state.count('DescribeImages', { status: 500 }), 3);
      assert.equal((info.error as { $metadata?: { attempts?: number } }).$metadata?.attempts, 3);
    });

    it('a 503 is retried through when it stops', async () => {
      emu.state.setFaults([{ kind: 'internal', status: 503, count: 1 }]);
      assert.equal((await service().listImages('demo-dev', 'eu-west-1', 'PRIVATE')).length, 2);
      assert.equal(emu.state.count('DescribeImages'), 2);
    });

    it('a hung response with requestTimeoutMs 500 → timeout, in well under 3 s', async () => {
      emu.state.setFaults([{ kind: 'hang' }]);
      const started = Date.now();
      const info = await classified(service({ requestTimeoutMs: 500, maxAttempts: 2 }).listImages('demo-dev', 'us-east-1', 'PRIVATE'), 'demo-dev');
      const elapsed = Date.now() - started;
      assert.equal(info.kind, 'timeout', `${info.code}: ${info.message}`);
      assert.ok(elapsed < 3000, `took ${elapsed} ms`);
      assert.ok(elapsed >= 500, `took ${elapsed} ms`);
      assert.equal(emu.state.count('DescribeImages', { fault: 'hang' }), 2, 'a timed-out attempt is retried');
    });

    it('a malformed body → badResponse', async () => {
      emu.state.setFaults([{ kind: 'malformed', op: 'DescribeImages' }]);
      const info = await classified(service({ maxAttempts: 3 }).listImages('demo-dev', 'us-east-1', 'PRIVATE'), 'demo-dev');
      assert.equal(info.kind, 'badResponse', `${info.code}: ${info.message}`);
      assert.ok(emu.state.count('DescribeImages', { fault: 'malformed' }) >= 1);
    });

    it('connection refused (endpoint on a closed port) → unreachable', async () => {
      const port = await closedPort();
      const envClosed = { ...env, AWS_ENDPOINT_URL_APPSTREAM: `http://127.0.0.1:${port}` };
      const s = service({ maxAttempts: 2 }, envClosed);
      assert.equal((await s.profile('demo-dev'))?.endpointUrl, `http://127.0.0.1:${port}`);
      const info = await classified(s.listImages('demo-dev', 'us-east-1', 'PRIVATE'), 'demo-dev');
      assert.equal(info.kind, 'unreachable', `${info.code}: ${info.message}`);
      assert.match(info.message, /ECONNREFUSED/);
      assert.equal(emu.state.requests.length, 0);
    });
  });

  describe('describeImage, deleteImage, findImageUsage', () => {
    it('describeImage of a missing name → undefined; of a present one → the image', async () => {
      const s = service();
      assert.equal(await s.describeImage(ref('demo-dev', 'us-east-1', 'no-such-image')), undefined);
      assert.equal((await s.describeImage(ref('demo-dev', 'us-east-1', 'deletable-1')))?.State, 'AVAILABLE');
      assert.equal((await s.describeImage(ref('demo-dev', 'us-east-1', 'prod-shared-with-dev', PROD)))?.Visibility, 'SHARED');
      assert.equal((await s.describeImage(ref('demo-dev', 'us-east-1', 'AppStream-WinServer2019-06-17-2024', 'public')))?.Visibility, 'PUBLIC');
    });

    it('describeImagesByArn: 25 ARNs a call; ARNs AWS does not find are undefined, the rest asked again without them', async () => {
      const s = service();
      const own = emu.state.images(DEV.accountId, 'us-east-1').map((i) => String(i.image.Arn));
      assert.ok(own.length >= 27, `${own.length} own images`); // two calls, the second with room for the gone ones
      const shared = ref('demo-dev', 'us-east-1', 'prod-shared-with-dev', PROD).arn;
      const publicArn = ref('demo-dev', 'us-east-1', 'AppStream-WinServer2019-06-17-2024', 'public').arn;
      const gone = [`arn:aws:appstream:us-east-1:${DEV.accountId}:image/gone-1`, `arn:aws:appstream:us-east-1:${DEV.accountId}:image/gone-2`];
      const arns = [shared, publicArn, ...own, ...gone];
      emu.state.resetLog();
      const found = await s.describeImagesByArn('demo-dev', 'us-east-1', [...arns, shared]); // a duplicate costs nothing
      assert.deepEqual([...found.keys()].sort(), [...arns].sort());
      for (const arn of arns) {
        assert.equal(found.get(arn)?.Arn, gone.includes(arn) ? undefined : arn, arn);
      }
      assert.equal(found.get(shared)?.Visibility, 'SHARED');
      assert.equal(found.get(publicArn)?.Visibility, 'PUBLIC');
      const calls = emu.state.requests.filter((r) => r.op === 'DescribeImages').map((r) => ((r.params as { Arns: string[] }).Arns ?? []).length);
      const batches = Math.ceil(arns.length / 25);
      // Each call's ARNs ≤ 25; one more call for the batch that held the gone ones (AWS names them).
      assert.equal(calls.length, batches + 1, JSON.stringify(calls));
      assert.ok(calls.every((n) => n <= 25), JSON.stringify(calls));
      assert.equal(emu.state.count('DescribeImages', { errorCode: 'ResourceNotFoundException' }), 1);
    });

    it('deleteImage of a deletable image → DELETING, with exactly one DeleteImage', async () => {
      const s = service();
      const out = await s.deleteImage(ref('demo-dev', 'us-east-1', 'deletable-1'));
      assert.equal(out?.Name, 'deletable-1');
      assert.equal(out?.State, 'DELETING');
      assert.equal(emu.state.count('DeleteImage'), 1);
      assert.equal(emu.state.count('DeleteImage', { accountId: DEV.accountId, region: 'us-east-1', status: 200 }), 1);
      assert.equal((await s.describeImage(ref('demo-dev', 'us-east-1', 'deletable-1')))?.State, 'DELETING');
      assert.equal((await s.describeImage(ref('demo-dev', 'us-east-1', 'deletable-2')))?.State, 'AVAILABLE');
    });

    // [image, owner, kind, code, DeleteImage requests]: refusals the bound delete catches itself send nothing.
    const refusals: [string, { accountId: string } | 'public' | undefined, string, string, number][] = [
      ['in-use-by-fleet', undefined, 'inUse', 'ResourceInUseException', 1],
      ['in-use-by-fleet-arn', undefined, 'inUse', 'ResourceInUseException', 1],
      ['in-use-by-builder', undefined, 'inUse', 'ResourceInUseException', 1],
      ['shared-with-prod', undefined, 'inUse', 'ResourceInUseException', 1],
      ['no-such-image', undefined, 'notFound', 'ResourceNotFoundException', 0],
      ['prod-shared-with-dev', PROD, 'identityChanged', 'ImageIdentityChanged', 0],
      ['AppStream-WinServer2019-06-17-2024', 'public', 'identityChanged', 'ImageIdentityChanged', 0],
      ['state-deleting', undefined, 'concurrentModification', 'ConcurrentModificationException', 1],
    ];
    for (const [image, owner, kind, code, sent] of refusals) {
      it(`deleteImage of ${image} → ${kind} (${sent} DeleteImage, not retried)`, async () => {
        const info = await classified(service().deleteImage(ref('demo-dev', 'us-east-1', image, owner)), 'demo-dev', 'us-east-1', 'DeleteImage');
        assert.equal(info.kind, kind, `${info.code}: ${info.message}`);
        assert.equal(info.code, code);
        assert.equal(emu.state.count('DeleteImage'), sent);
        assert.equal(emu.state.images(DEV.accountId, 'us-east-1').find((s) => s.image.Name === image)?.image.State,
          image === 'state-deleting' ? 'DELETING' : image.startsWith('in-use') || image === 'shared-with-prod' ? 'AVAILABLE' : undefined);
      });
    }

    it('the profile is rewritten to another account after the confirmation: no DeleteImage, the error names both accounts', async () => {
      const configFile = path.join(tmp, 'config-rewrite');
      const write = (keys: { accessKeyId: string; secretAccessKey: string }) =>
        fs.writeFileSync(configFile, section('work', { aws_access_key_id: keys.accessKeyId, aws_secret_access_key: keys.secretAccessKey, region: 'us-east-1', endpoint_url: emu.url }));
      write(DEV);
      const s = service({}, { ...env, AWS_CONFIG_FILE: configFile });
      const seen = (await s.listImages('work', 'us-east-1', 'PRIVATE')).find((i) => i.Name === 'common-base');
      assert.ok(seen?.Arn?.includes(`:${DEV.accountId}:`) && seen.Arn);
      // saml2aws / granted / a rotation script points the profile at another account meanwhile.
      write(PROD);
      assert.deepEqual(await s.configChanged(), ['work'], 'only the changed profile forgets its credentials');
      emu.state.requests.length = 0;
      const info = await classified(s.deleteImage({ profile: 'work', region: 'us-east-1', arn: seen!.Arn!, name: 'common-base' }, { createdTime: seen!.CreatedTime }), 'work', 'us-east-1', 'DeleteImage');
      assert.equal(info.kind, 'identityChanged', `${info.code}: ${info.message}`);
      assert.equal(info.message, `Profile "work" now signs in to account ${PROD.accountId}; the image you confirmed, "common-base", is in account ${DEV.accountId}. Nothing was deleted.`);
      assert.equal(emu.state.count('DeleteImage'), 0, 'no DeleteImage in any account');
      assert.ok(emu.state.images(PROD.accountId, 'us-east-1').some((i) => i.image.Name === 'common-base' && i.image.State === 'AVAILABLE'));
    });

    it('an image deleted and re-created under the same name after the confirmation: nothing sent', async () => {
      const s = service();
      const r = ref('demo-dev', 'us-east-1', 'deletable-1');
      const info = await classified(s.deleteImage(r, { createdTime: new Date('2001-01-01T00:00:00Z') }), 'demo-dev', 'us-east-1', 'DeleteImage');
      assert.equal(info.kind, 'identityChanged');
      assert.match(info.message, /was re-created/);
      assert.equal(emu.state.count('DeleteImage'), 0);
    });

    it('a throttled DeleteImage is retried and deletes once', async () => {
      emu.state.setFaults([{ kind: 'throttle', op: 'DeleteImage', count: 1 }]);
      const out = await service().deleteImage(ref('demo-dev', 'us-east-1', 'deletable-3'));
      assert.equal(out?.State, 'DELETING');
      assert.equal(emu.state.count('DeleteImage'), 2);
      assert.equal(emu.state.count('DeleteImage', { status: 200 }), 1);
    });

    it('a retried DeleteImage that meets ConcurrentModification resolves to the image, in DELETING', async () => {
      emu.state.setFaults([{ kind: 'internal', op: 'DeleteImage', count: 1 }]);
      const out = await service().deleteImage(ref('demo-dev', 'us-east-1', 'state-deleting'));
      assert.equal(out?.Name, 'state-deleting');
      assert.equal(out?.State, 'DELETING');
      assert.equal(emu.state.count('DeleteImage', { errorCode: 'ConcurrentModificationException' }), 1);
    });

    async function usage(profile: string, region: string, name: string): Promise<ReturnType<AppStreamService['findImageUsage']>> {
      const s = service();
      const image = await s.describeImage(ref(profile, region, name, name.startsWith('AppStream-') ? 'public' : undefined));
      assert.ok(image, name);
      return s.findImageUsage(profile, region, image);
    }

    it('findImageUsage finds the fleet that uses an image by name, and by ARN', async () => {
      const byName = await usage('demo-dev', 'us-east-1', 'in-use-by-fleet');
      assert.deepEqual(byName, { fleets: [{ name: 'demo-fleet', state: 'RUNNING' }], imageBuilders: [], sharedWith: [] });
      const byArn = await usage('demo-dev', 'us-east-1', 'in-use-by-fleet-arn');
      assert.deepEqual(byArn.fleets, [{ name: 'demo-fleet-arn', state: 'STOPPED' }]);
      assert.ok(isImageInUse(byName) && isImageInUse(byArn));
    });

    it('findImageUsage finds the image builder and the accounts an image is shared with', async () => {
      const builder = await usage('demo-dev', 'us-east-1', 'in-use-by-builder');
      assert.deepEqual(builder, { fleets: [], imageBuilders: [{ name: 'demo-builder', state: 'RUNNING' }], sharedWith: [] });
      const shared = await usage('demo-dev', 'us-east-1', 'shared-with-prod');
      assert.deepEqual(shared.fleets, []);
      assert.deepEqual(shared.sharedWith, [{ sharedAccountId: PROD.accountId, imagePermissions: { allowFleet: true, allowImageBuilder: false } }]);
      assert.deepEqual(await service().imagePermissions('demo-dev', 'us-east-1', 'shared-with-prod'), shared.sharedWith);
      const prod = await usage('demo-prod', 'eu-west-1', 'prod-eu-builder-source');
      assert.deepEqual(prod.imageBuilders, [{ name: 'prod-eu-builder', state: 'STOPPED' }]);
    });

    it('findImageUsage finds nothing for deletable images', async () => {
      for (const name of ['deletable-1', 'deletable-5', 'failed-copy']) {
        const u = await usage('demo-dev', 'us-east-1', name);
        assert.deepEqual(u, { fleets: [], imageBuilders: [], sharedWith: [] }, name);
        assert.equal(isImageInUse(u), false);
      }
      assert.deepEqual(await usage('demo-prod', 'us-east-1', 'prod-deletable-1'), { fleets: [], imageBuilders: [], sharedWith: [] });
    });

    it('findImageUsage of a public image finds the fleet on it without asking for permissions', async () => {
      const u = await usage('demo-dev', 'us-east-1', 'AppStream-WinServer2019-06-17-2024');
      assert.deepEqual(u.fleets.map((f) => f.name), ['public-base-fleet']);
      assert.deepEqual(u.sharedWith, []);
      assert.equal(emu.state.count('DescribeImagePermissions'), 0);
    });

    it('usage found agrees with what DeleteImage refuses', async () => {
      const s = service();
      for (const img of await s.listImages('demo-dev', 'us-east-1', 'PRIVATE')) {
        if (img.State === 'DELETING') {
          continue;
        }
        const inUse = isImageInUse(await s.findImageUsage('demo-dev', 'us-east-1', img));
        const expected = ['in-use-by-fleet', 'in-use-by-fleet-arn', 'in-use-by-builder', 'shared-with-prod'].includes(img.Name!);
        assert.equal(inUse, expected, img.Name);
      }
    });
  });

  describe('updateOptions', () => {
    it('applies new maxAttempts to new clients', async () => {
      const s = service({ maxAttempts: 1 });
      emu.state.setFaults([{ kind: 'internal', count: 1 }]);
      await rejection(s.listImages('demo-dev', 'us-east-1', 'PRIVATE'));
      s.updateOptions({ maxAttempts: 2 });
      emu.state.setFaults([{ kind: 'internal', count: 1 }]);
      assert.ok((await s.listImages('demo-dev', 'us-east-1', 'SHARED')).length === 4);
    });

    it('never runs more than maxConcurrentRequests requests at once', async () => {
      const s = service({ maxConcurrentRequests: 2 });
      emu.state.setFaults([{ kind: 'latency', ms: 50 }]);
      await Promise.all(['PRIVATE', 'SHARED', 'PUBLIC'].flatMap((g) =>
        ['us-east-1', 'eu-west-1'].map((r) => s.listImages('demo-dev', r, g as ImageVisibility))));
      const reqs = emu.state.requests;
      let max = 0;
      for (const r of reqs) {
        // requests arriving within 50 ms of another are concurrent
        max = Math.max(max, reqs.filter((o) => o.at <= r.at && r.at < o.at + 45).length);
      }
      assert.ok(max <= 2, `saw ${max} at once`);
      assert.ok(max >= 2, 'and it did run two at once');
    });
  });
});
