// The emulator's credential services (STS AssumeRole, SSO GetRoleCredentials) through the real,
// unmodified SDK: the inner STS and SSO clients fromIni itself uses (@aws-sdk/nested-clients;
// @aws-sdk/client-sts is not a dependency), fromIni, and src/aws's AppStreamService.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as HttpsModule from 'node:https';
import { createRequire } from 'node:module';
import { AppStreamClient, DescribeImagesCommand, type Image } from '@aws-sdk/client-appstream';
import { fromIni } from '@aws-sdk/credential-providers';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts';
import { GetRoleCredentialsCommand, SSOClient } from '@aws-sdk/nested-clients/sso';
import { CreateTokenCommand, SSOOIDCClient } from '@aws-sdk/nested-clients/sso-oidc';
import type { AwsCredentialIdentity } from '@smithy/types';
import { classifyError } from '../../src/aws/errors';
import { AppStreamService } from '../../src/aws/service';
import { startTrap } from '../support/trap';
import { EMULATOR_SSO_TOKEN, awsConfigText, seedAccounts, startEmulator, type Emulator } from './server';

const ACCOUNTS = seedAccounts();
const DEV = ACCOUNTS.find((a) => a.profile === 'demo-dev')!;
const PROD = ACCOUNTS.find((a) => a.profile === 'demo-prod')!;
const PROD_ROLE = `arn:aws:iam::${PROD.accountId}:role/AppStreamAdmin`;
const UNSEEDED_ROLE = 'arn:aws:iam::999999999999:role/AppStreamAdmin';
const SSO_SESSION = 'appstream-images-test';
/** The real `https` module object (an `import * as` namespace is a copy whose members cannot be replaced). */
const https = createRequire(__filename)('node:https') as typeof HttpsModule;
const names = (images: Image[] | undefined): string[] => (images ?? []).map((i) => i.Name ?? '?').sort();

async function rejection(p: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  assert.fail('expected the call to fail, but it succeeded');
}

describe('emulator credential services (STS AssumeRole, SSO GetRoleCredentials) through the real SDK', function () {
  this.timeout(20_000);
  let emu: Emulator;
  let tmp: string;
  let env: NodeJS.ProcessEnv;
  const clients: { destroy(): void }[] = [];
  const services: AppStreamService[] = [];
  const saved: Record<string, string | undefined> = {};
  const PROCESS_ENV = ['HOME', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_SSO', 'AWS_EC2_METADATA_DISABLED'];

  function sts(credentials: AwsCredentialIdentity, region = 'us-east-1'): STSClient {
    const c = new STSClient({ region, endpoint: emu.url, credentials, maxAttempts: 1 });
    clients.push(c);
    return c;
  }

  function appstream(credentials: AwsCredentialIdentity, region: string): AppStreamClient {
    const c = new AppStreamClient({ region, endpoint: emu.url, credentials, maxAttempts: 1 });
    clients.push(c);
    return c;
  }

  function service(): AppStreamService {
    const s = new AppStreamService({ env, requestTimeoutMs: 5000, maxAttempts: 1, maxConcurrentRequests: 4, mfaCodeProvider: async () => '123456' });
    services.push(s);
    return s;
  }

  const devKeys = (): AwsCredentialIdentity => ({ accessKeyId: DEV.accessKeyId, secretAccessKey: DEV.secretAccessKey });

  async function assumeProd(extra: { SerialNumber?: string; TokenCode?: string; DurationSeconds?: number } = {}) {
    return sts(devKeys()).send(new AssumeRoleCommand({ RoleArn: PROD_ROLE, RoleSessionName: 'unit-test', ...extra }));
  }

  function tempCreds(c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): AwsCredentialIdentity {
    return { accessKeyId: c?.AccessKeyId ?? '', secretAccessKey: c?.SecretAccessKey ?? '', sessionToken: c?.SessionToken };
  }

  before(async () => {
    emu = await startEmulator({ deleteDelayMs: 60_000 });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'appstream-creds-'));
    const url = emu.url;
    const section = (name: string, entries: Record<string, string>): string =>
      `[profile ${name}]\n${Object.entries(entries).map(([k, v]) => `${k} = ${v}`).join('\n')}\n`;
    const configFile = path.join(tmp, 'config');
    fs.writeFileSync(configFile, [
      awsConfigText(url),
      section('role-prod', { role_arn: PROD_ROLE, source_profile: 'demo-dev', region: 'eu-west-1', endpoint_url: url }),
      section('role-bad-account', { role_arn: UNSEEDED_ROLE, source_profile: 'demo-dev', region: 'us-east-1', endpoint_url: url }),
      section('mfa-role', { role_arn: PROD_ROLE, source_profile: 'demo-dev', mfa_serial: `arn:aws:iam::${DEV.accountId}:mfa/tester`, region: 'eu-west-1', endpoint_url: url }),
      // AppStream at the emulator, every other service (the SSO portal) at AWS's own endpoint.
      section('sso-eu', { sso_session: SSO_SESSION, sso_account_id: DEV.accountId, sso_role_name: 'AppStreamImagesTest', region: 'eu-west-1', services: 'appstream-only' }),
      `[services appstream-only]\nappstream =\n  endpoint_url = ${url}\n`,
      section('sso-dev', { sso_session: SSO_SESSION, sso_account_id: DEV.accountId, sso_role_name: 'AppStreamImagesTest', region: 'us-east-1', endpoint_url: url }),
      `[sso-session ${SSO_SESSION}]\nsso_start_url = https://appstream-images-test.awsapps.com/start\nsso_region = us-east-1\n`,
    ].join('\n'));
    env = {
      AWS_CONFIG_FILE: configFile,
      AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'credentials'), // does not exist
      HOME: tmp,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    for (const k of PROCESS_ENV) {
      saved[k] = process.env[k];
    }
    // fromSSO reads process.env.AWS_CONFIG_FILE and HOME (see the SSO note in test/unit/aws/service.test.ts).
    // Endpoints are not set process-wide: every profile carries its own, as a user's would, so a
    // credential sent to another profile's endpoint fails a test instead of being hidden.
    Object.assign(process.env, env);
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_ENDPOINT_URL_STS;
    delete process.env.AWS_ENDPOINT_URL_SSO;
    // The SSO token cache file the SDK reads: ~/.aws/sso/cache/<sha1 of the sso-session name>.json.
    const cache = path.join(tmp, '.aws', 'sso', 'cache');
    fs.mkdirSync(cache, { recursive: true });
    fs.writeFileSync(path.join(cache, `${crypto.createHash('sha1').update(SSO_SESSION).digest('hex')}.json`), JSON.stringify({
      startUrl: 'https://appstream-images-test.awsapps.com/start',
      region: 'us-east-1',
      accessToken: EMULATOR_SSO_TOKEN,
      expiresAt: new Date(Date.now() + 8 * 3600_000).toISOString(),
    }));
  });

  beforeEach(() => emu.state.reset());

  afterEach(() => {
    for (const c of clients.splice(0)) {
      c.destroy();
    }
    for (const s of services.splice(0)) {
      s.reset();
    }
  });

  after(async () => {
    for (const k of PROCESS_ENV) {
      if (saved[k] === undefined) {
        delete process.env[k];
      } else {
        process.env[k] = saved[k];
      }
    }
    await emu.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('STS AssumeRole', () => {
    it('returns temporary credentials (ASIA key, session token, expiry in 1 h) that list account 222222222222\'s images', async () => {
      const before = Date.now();
      const out = await assumeProd();
      const c = out.Credentials;
      assert.match(c?.AccessKeyId ?? '', /^ASIA[A-Z0-9]{16}$/);
      assert.ok((c?.SecretAccessKey ?? '').length >= 40);
      assert.ok((c?.SessionToken ?? '').length > 100);
      const ttl = (c?.Expiration?.getTime() ?? 0) - before;
      assert.ok(ttl > 3590_000 && ttl <= 3601_000, `expires in ${ttl} ms`);
      assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${PROD.accountId}:assumed-role/AppStreamAdmin/unit-test`);
      assert.match(out.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z0-9]+:unit-test$/);

      const images = await appstream(tempCreds(c), 'eu-west-1').send(new DescribeImagesCommand({ Type: 'PRIVATE' }));
      assert.deepEqual(names(images.Images), emu.state.images(PROD.accountId, 'eu-west-1').map((s) => String(s.image.Name)).sort());
      assert.ok(names(images.Images).includes('prod-eu-main'));
      assert.ok((images.Images ?? []).every((i) => i.Arn?.includes(`:${PROD.accountId}:`)));

      const log = emu.state.requests.map((r) => [r.op, r.accountId, r.region, r.status]);
      assert.deepEqual(log, [
        ['AssumeRole', DEV.accountId, 'us-east-1', 200], // signed by demo-dev's key
        ['DescribeImages', PROD.accountId, 'eu-west-1', 200], // the role's account
      ]);
      assert.equal((emu.state.requests[0].params as Record<string, string>).RoleArn, PROD_ROLE);
    });

    it('DurationSeconds sets the expiry; out of 900..43200 → ValidationError', async () => {
      const out = await assumeProd({ DurationSeconds: 900 });
      const ttl = (out.Credentials?.Expiration?.getTime() ?? 0) - Date.now();
      assert.ok(ttl > 890_000 && ttl <= 900_000, `${ttl}`);
      const err = await rejection(assumeProd({ DurationSeconds: 60 }));
      assert.equal(err.name, 'ValidationError');
    });

    it('with MFA: a six-digit code is accepted; any other code → AccessDenied "MultiFactorAuthentication failed"', async () => {
      const SerialNumber = `arn:aws:iam::${DEV.accountId}:mfa/tester`;
      const ok = await assumeProd({ SerialNumber, TokenCode: '123456' });
      assert.match(ok.Credentials?.AccessKeyId ?? '', /^ASIA/);
      for (const TokenCode of ['12345', 'abcdef', '1234567']) {
        const err = await rejection(assumeProd({ SerialNumber, TokenCode }));
        assert.equal(err.name, 'AccessDenied', TokenCode);
        assert.equal(err.$metadata?.httpStatusCode, 403);
        assert.match(err.message, /MultiFactorAuthentication failed with invalid MFA one time pass code/);
      }
      const missing = await rejection(assumeProd({ SerialNumber }));
      assert.equal(missing.name, 'AccessDenied');
      assert.ok(!JSON.stringify(emu.state.requests.map((r) => r.params)).includes('123456'), 'MFA codes are not logged');
    });

    it('a role in an account the emulator does not know → AccessDenied (403), nothing minted', async () => {
      const minted = emu.state.temporaryCredentials().length;
      const err = await rejection(sts(devKeys()).send(new AssumeRoleCommand({ RoleArn: UNSEEDED_ROLE, RoleSessionName: 's1' })));
      assert.equal(err.name, 'AccessDenied');
      assert.equal(err.$metadata?.httpStatusCode, 403);
      assert.match(err.message, /User: arn:aws:iam::111111111111:user\/demo-dev is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::999999999999:role\/AppStreamAdmin/);
      assert.equal(emu.state.temporaryCredentials().length, minted);
      assert.equal(emu.state.count('AssumeRole', { status: 403, errorCode: 'AccessDenied' }), 1);
    });

    it('a request signed with a wrong secret → SignatureDoesNotMatch; an unknown key → InvalidClientTokenId', async () => {
      const bad = await rejection(sts({ accessKeyId: DEV.accessKeyId, secretAccessKey: 'x'.repeat(40) }).send(new AssumeRoleCommand({ RoleArn: PROD_ROLE, RoleSessionName: 's1' })));
      assert.equal(bad.name, 'SignatureDoesNotMatch');
      const unknown = await rejection(sts({ accessKeyId: 'AKIAUNKNOWNTESTKEY00', secretAccessKey: 'x'.repeat(40) }).send(new AssumeRoleCommand({ RoleArn: PROD_ROLE, RoleSessionName: 's1' })));
      assert.equal(unknown.name, 'InvalidClientTokenId');
    });

    it('a temporary key without its session token (or with another one) is refused', async () => {
      const c = tempCreds((await assumeProd()).Credentials);
      const none = await rejection(appstream({ ...c, sessionToken: undefined }, 'eu-west-1').send(new DescribeImagesCommand({})));
      assert.equal(none.name, 'UnrecognizedClientException');
      const other = await rejection(appstream({ ...c, sessionToken: `${c.sessionToken}x` }, 'eu-west-1').send(new DescribeImagesCommand({})));
      assert.equal(other.name, 'UnrecognizedClientException');
      const wrongSecret = await rejection(appstream({ ...c, secretAccessKey: DEV.secretAccessKey }, 'eu-west-1').send(new DescribeImagesCommand({})));
      assert.equal(wrongSecret.name, 'InvalidSignatureException');
      assert.equal(emu.state.count('DescribeImages', { accountId: PROD.accountId, status: 400 }), 3);
    });

    it('expired temporary credentials → ExpiredTokenException, from AppStream and from STS (role chaining)', async () => {
      const c = tempCreds((await assumeProd()).Credentials);
      // Role chaining with live temporary credentials works...
      const chained = await sts(c).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${DEV.accountId}:role/Back`, RoleSessionName: 'chain' }));
      assert.equal(chained.AssumedRoleUser?.Arn, `arn:aws:sts::${DEV.accountId}:assumed-role/Back/chain`);
      assert.equal(emu.state.expireTemporaryCredentials(c.accessKeyId), 1);
      const err = await rejection(appstream(c, 'eu-west-1').send(new DescribeImagesCommand({})));
      assert.equal(err.name, 'ExpiredTokenException');
      assert.equal(err.message, 'The security token included in the request is expired');
      assert.equal(err.$metadata?.httpStatusCode, 400);
      const stsErr = await rejection(sts(c).send(new AssumeRoleCommand({ RoleArn: PROD_ROLE, RoleSessionName: 's2' })));
      assert.equal(stsErr.name, 'ExpiredTokenException'); // STS's modelled error (awsQueryError ExpiredTokenException)
      assert.equal(stsErr.$metadata?.httpStatusCode, 400);
    });

    it('fromIni resolves a role_arn profile through the emulator (STS endpoint given to fromIni)', async () => {
      const creds = await fromIni({ profile: 'role-prod', clientConfig: { region: 'eu-west-1', endpoint: emu.url } })();
      assert.match(creds.accessKeyId, /^ASIA/);
      assert.equal(creds.accountId, PROD.accountId);
      const images = await appstream(creds, 'eu-west-1').send(new DescribeImagesCommand({ Type: 'PRIVATE' }));
      assert.ok(names(images.Images).includes('prod-eu-main'));
      assert.deepEqual(emu.state.requests.map((r) => [r.op, r.region]), [['AssumeRole', 'eu-west-1'], ['DescribeImages', 'eu-west-1']]);
    });
  });

  describe('SSO GetRoleCredentials', () => {
    function sso(): SSOClient {
      const c = new SSOClient({ region: 'us-east-1', endpoint: emu.url, maxAttempts: 1 });
      clients.push(c);
      return c;
    }

    it('the well-known token gets credentials for account 111111111111 that list dev\'s images', async () => {
      const out = await sso().send(new GetRoleCredentialsCommand({ accountId: DEV.accountId, roleName: 'AppStreamImagesTest', accessToken: EMULATOR_SSO_TOKEN }));
      const rc = out.roleCredentials;
      assert.match(rc?.accessKeyId ?? '', /^ASIA/);
      const ttl = (rc?.expiration ?? 0) - Date.now();
      assert.ok(ttl > 3590_000 && ttl <= 3600_000, `${ttl}`);
      const images = await appstream({ accessKeyId: rc!.accessKeyId!, secretAccessKey: rc!.secretAccessKey!, sessionToken: rc!.sessionToken }, 'us-east-1')
        .send(new DescribeImagesCommand({ Type: 'PRIVATE', MaxResults: 25 }));
      assert.ok(names(images.Images).includes('deletable-1'));
      assert.deepEqual(emu.state.requests.map((r) => [r.op, r.accountId, r.status]), [['GetRoleCredentials', DEV.accountId, 200], ['DescribeImages', DEV.accountId, 200]]);
      assert.ok(!JSON.stringify(emu.state.requests).includes(EMULATOR_SSO_TOKEN), 'the bearer token is not logged');
    });

    it('a token minted by POST /__emulator/sso-token works until it expires; an unknown one → UnauthorizedException (401)', async () => {
      const minted = await (await fetch(`${emu.url}/__emulator/sso-token`, { method: 'POST', body: '{}' })).json() as { accessToken: string; expiresAt: string };
      assert.ok(Date.parse(minted.expiresAt) > Date.now() + 3600_000);
      const ok = await sso().send(new GetRoleCredentialsCommand({ accountId: PROD.accountId, roleName: 'r', accessToken: minted.accessToken }));
      assert.match(ok.roleCredentials?.accessKeyId ?? '', /^ASIA/);

      const expired = await (await fetch(`${emu.url}/__emulator/sso-token`, { method: 'POST', body: '{"expiresInSeconds": -60}' })).json() as { accessToken: string };
      for (const accessToken of ['not-a-token', expired.accessToken]) {
        const err = await rejection(sso().send(new GetRoleCredentialsCommand({ accountId: DEV.accountId, roleName: 'r', accessToken })));
        assert.equal(err.name, 'UnauthorizedException');
        assert.equal(err.$metadata?.httpStatusCode, 401);
        assert.equal(err.message, 'Session token not found or invalid');
      }
    });

    it('an account the emulator does not know → ForbiddenException (403)', async () => {
      const err = await rejection(sso().send(new GetRoleCredentialsCommand({ accountId: '999999999999', roleName: 'r', accessToken: EMULATOR_SSO_TOKEN })));
      assert.equal(err.$metadata?.httpStatusCode, 403);
      assert.match(err.message, /No access/);
    });

    it('fromIni resolves an sso_session profile from the token cache through the emulator (SSO endpoint given to fromIni)', async () => {
      const creds = await fromIni({ profile: 'sso-dev', clientConfig: { endpoint: emu.url } })();
      assert.match(creds.accessKeyId, /^ASIA/);
      assert.ok(creds.sessionToken);
      assert.equal(emu.state.count('GetRoleCredentials', { accountId: DEV.accountId, status: 200 }), 1);
    });
  });

  describe('SSO OIDC CreateToken (refresh)', () => {
    const oidc = () => new SSOOIDCClient({ region: 'us-east-1', endpoint: emu.url });
    const fail = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as { name: string; $metadata: { httpStatusCode?: number }; error?: string });

    it('refreshes: a new access token the portal accepts, a rotated refresh token; the old one is used up', async () => {
      const t = emu.state.mintRefreshableSsoToken(-60);
      const out = await oidc().send(new CreateTokenCommand({ clientId: t.clientId, clientSecret: t.clientSecret, grantType: 'refresh_token', refreshToken: t.refreshToken }));
      assert.equal(out.tokenType, 'Bearer');
      assert.equal(out.expiresIn, 3600);
      assert.ok(out.accessToken && out.refreshToken && out.refreshToken !== t.refreshToken);
      assert.ok(emu.state.ssoTokenValid(out.accessToken));
      assert.ok(!emu.state.ssoTokenValid(t.accessToken), 'the expired one stays expired');
      const again = await fail(oidc().send(new CreateTokenCommand({ clientId: t.clientId, clientSecret: t.clientSecret, grantType: 'refresh_token', refreshToken: t.refreshToken })));
      assert.equal(again?.name, 'InvalidGrantException');
      assert.equal(again?.$metadata.httpStatusCode, 400);
      assert.equal(again?.error, 'invalid_grant');
    });

    it('refuses a wrong client secret (InvalidClientException, 401), another grant (UnsupportedGrantTypeException), a missing refresh token (InvalidRequestException); never logs a secret', async () => {
      const t = emu.state.mintRefreshableSsoToken(60);
      const wrong = await fail(oidc().send(new CreateTokenCommand({ clientId: t.clientId, clientSecret: 'nope', grantType: 'refresh_token', refreshToken: t.refreshToken })));
      assert.equal(wrong?.name, 'InvalidClientException');
      assert.equal(wrong?.$metadata.httpStatusCode, 401);
      const grant = await fail(oidc().send(new CreateTokenCommand({ clientId: t.clientId, clientSecret: t.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: 'x' })));
      assert.equal(grant?.name, 'UnsupportedGrantTypeException');
      const missing = await fail(oidc().send(new CreateTokenCommand({ clientId: t.clientId, clientSecret: t.clientSecret, grantType: 'refresh_token' })));
      assert.equal(missing?.name, 'InvalidRequestException');
      const log = JSON.stringify(emu.state.requests.filter((r) => r.op === 'CreateToken'));
      assert.ok(!log.includes(t.clientSecret) && !log.includes(t.refreshToken) && !log.includes(t.accessToken));
      // The refresh token was not used up by the refused requests.
      const ok = await oidc().send(new CreateTokenCommand({ clientId: t.clientId, clientSecret: t.clientSecret, grantType: 'refresh_token', refreshToken: t.refreshToken }));
      assert.ok(ok.accessToken);
    });
  });

  describe('src/aws AppStreamService with assume-role and SSO profiles', () => {
    it('role and SSO profiles send STS and SSO calls to their own endpoint, never to [default]\'s (a trap)', async () => {
      const trap = await startTrap();
      const trapUrl = trap.url;
      const configFile = path.join(tmp, 'config-trap');
      const url = emu.url;
      fs.writeFileSync(configFile, [
        // A LocalStack-style default: the SDK's own lookup sends every profile's inner clients here.
        `[default]\nregion = us-east-1\nendpoint_url = ${trapUrl}\naws_access_key_id = AKIATRAPTRAPTRAP0000\naws_secret_access_key = trap\n`,
        awsConfigText(url),
        `[profile role-prod]\nrole_arn = ${PROD_ROLE}\nsource_profile = demo-dev\nregion = eu-west-1\nendpoint_url = ${url}\n`,
        `[profile sso-dev]\nsso_session = ${SSO_SESSION}\nsso_account_id = ${DEV.accountId}\nsso_role_name = AppStreamImagesTest\nregion = us-east-1\nendpoint_url = ${url}\n`,
        `[sso-session ${SSO_SESSION}]\nsso_start_url = https://appstream-images-test.awsapps.com/start\nsso_region = us-east-1\n`,
      ].join('\n'));
      const savedConfig = process.env.AWS_CONFIG_FILE;
      process.env.AWS_CONFIG_FILE = configFile; // fromSSO reads the process's
      const s = new AppStreamService({ env: { ...env, AWS_CONFIG_FILE: configFile }, requestTimeoutMs: 5000, maxAttempts: 1, maxConcurrentRequests: 4 });
      services.push(s);
      try {
        const prod = await s.listImages('role-prod', 'eu-west-1', 'PRIVATE');
        assert.ok(names(prod).includes('prod-eu-main'), names(prod).join());
        const dev = await s.listImages('sso-dev', 'us-east-1', 'PRIVATE');
        assert.ok(names(dev).includes('deletable-1'));
      } finally {
        process.env.AWS_CONFIG_FILE = savedConfig;
        await trap.stop();
      }
      assert.deepEqual(trap.caught, [], 'no request reached [default]\'s endpoint');
      assert.equal(emu.state.count('AssumeRole', { status: 200 }), 1);
      assert.equal(emu.state.count('GetRoleCredentials', { accountId: DEV.accountId, status: 200 }), 1);
    });

    it('a wrong MFA code → accessDenied "MFA code ... not accepted", retryable', async () => {
      const s = new AppStreamService({ env, requestTimeoutMs: 5000, maxAttempts: 1, maxConcurrentRequests: 4, mfaCodeProvider: async () => '12ab56' });
      services.push(s);
      const err = await rejection(s.listImages('mfa-role', 'eu-west-1', 'PRIVATE'));
      const info = classifyError(err, { profile: 'mfa-role', region: 'eu-west-1', operation: 'DescribeImages' });
      assert.equal(info.kind, 'accessDenied', `${info.code}: ${info.message}`);
      assert.equal(info.message, 'Access denied: the MFA code for profile "mfa-role" was not accepted when assuming its role.');
      assert.equal(info.retryable, true);
    });

    it('role-prod lists prod\'s images (ARNs of account 222222222222), one AssumeRole for two regions', async () => {
      const s = service();
      const eu = await s.listImages('role-prod', 'eu-west-1', 'PRIVATE');
      assert.ok(names(eu).includes('prod-eu-main'), names(eu).join());
      assert.ok(eu.length > 0 && eu.every((i) => i.Arn?.startsWith(`arn:aws:appstream:eu-west-1:${PROD.accountId}:image/`)));
      const us = await s.listImages('role-prod', 'us-east-1', 'PRIVATE');
      assert.ok(names(us).includes('prod-golden-2025'));
      assert.equal(emu.state.count('AssumeRole'), 1, 'credentials shared per profile');
      assert.equal(emu.state.count('DescribeImages', { accountId: PROD.accountId, status: 200 }), 2);
    });

    it('mfa-role asks for a code once and lists prod\'s images', async () => {
      const asked: string[] = [];
      const s = new AppStreamService({ env, requestTimeoutMs: 5000, maxAttempts: 1, maxConcurrentRequests: 4, mfaCodeProvider: async (p, serial) => { asked.push(`${p} ${serial}`); return '654321'; } });
      services.push(s);
      const [a, b] = await Promise.all([s.listImages('mfa-role', 'eu-west-1', 'PRIVATE'), s.listImages('mfa-role', 'us-east-1', 'PRIVATE')]);
      assert.ok(names(a).includes('prod-eu-main') && names(b).includes('prod-golden-2025'));
      assert.deepEqual(asked, [`mfa-role arn:aws:iam::${DEV.accountId}:mfa/tester`]);
      assert.equal(emu.state.count('AssumeRole', { status: 200 }), 1);
    });

    it('role-bad-account → accessDenied that names the role assumption, no AppStream request', async () => {
      const err = await rejection(service().listImages('role-bad-account', 'us-east-1', 'PRIVATE'));
      const info = classifyError(err, { profile: 'role-bad-account', region: 'us-east-1', operation: 'DescribeImages' });
      assert.equal(info.kind, 'accessDenied', `${info.code}: ${info.message}`);
      assert.equal(info.code, 'AccessDenied');
      // Not "may not call appstream:DescribeImages": the role assumption was refused, AppStream never asked.
      assert.equal(info.message, 'Access denied: profile "role-bad-account" could not assume its role arn:aws:iam::999999999999:role/AppStreamAdmin (sts:AssumeRole).');
      assert.match(info.advice, /role_arn and source_profile/);
      assert.equal(emu.state.count('DescribeImages'), 0);
      assert.equal(emu.state.count('AssumeRole', { errorCode: 'AccessDenied' }), 1);
    });

    it('an SSO profile whose region differs from its sso_region asks the portal of the sso_region', async () => {
      // Without an endpoint override the SSO client's host names its region; record it and fail
      // the request there (nothing leaves the machine).
      const hosts: string[] = [];
      const original = https.request;
      (https as { request: unknown }).request = (options: HttpsModule.RequestOptions) => {
        hosts.push(String(options.hostname ?? options.host));
        throw Object.assign(new Error(`connect ECONNREFUSED (blocked by the test: ${options.hostname})`), { code: 'ECONNREFUSED' });
      };
      try {
        await rejection(service().listImages('sso-eu', 'eu-west-1', 'PRIVATE'));
      } finally {
        (https as { request: unknown }).request = original;
      }
      assert.ok(hosts.length > 0, 'the SSO portal was called');
      // The token was issued by the sso-session's region (us-east-1): the portal of eu-west-1 does not know it.
      assert.deepEqual([...new Set(hosts)], ['portal.sso.us-east-1.amazonaws.com']);
    });

    it('sso-dev lists dev\'s images', async () => {
      const images = await service().listImages('sso-dev', 'us-east-1', 'PRIVATE');
      assert.ok(names(images).includes('deletable-1'));
      assert.ok(images.every((i) => i.Arn?.includes(`:${DEV.accountId}:`)));
      assert.equal(emu.state.count('GetRoleCredentials', { status: 200 }), 1);
    });
  });
});
