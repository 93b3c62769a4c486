// Accounts from an SSO session, against the emulator's SSO portal through the real SDK: the
// sessions of the config file, discovery (ListAccounts / ListAccountRoles, all pages), the
// cached token (missing, expired), and added accounts as profiles with fromSSO credentials.
// Endpoints come from the session's [services] section, never a process-wide variable.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppStreamService } from '../../../src/aws/service';
import { classifyError } from '../../../src/aws/errors';
import { SsoDiscoveryCancelled, SsoLoginRequired } from '../../../src/aws/ssoAccounts';
import { pruneSsoConfigFiles, sessionConfigFile } from '../../../src/aws/ssoConfigFiles';
import { parseSsoProfileName, ssoProfileName, validSsoAccountEntries, type SsoAccountEntry } from '../../../src/aws/ssoNames';
import type { AwsServiceOptions } from '../../../src/aws/types';
import { awsConfigText, loadSeed, startEmulator, type Emulator } from '../../emulator/server';
import { ssoTokenCacheFile, writeSsoDirectorySession } from '../../support/awsConfig';
import { startRecordingProxy } from '../../support/trap';

const SSO = loadSeed().sso!;
const LEGACY_START_URL = 'https://legacy.awsapps.com/start';

describe('SSO accounts (AWS layer, emulator portal)', function () {
  this.timeout(20_000);
  let emu: Emulator;
  let tmp: string;
  let env: NodeJS.ProcessEnv;
  const savedHome = process.env.HOME;
  const services: AppStreamService[] = [];

  const service = (opts: Partial<AwsServiceOptions> = {}): AppStreamService => {
    const s = new AppStreamService({ env, requestTimeoutMs: 5000, maxAttempts: 2, maxConcurrentRequests: 8, ssoConfigDir: path.join(tmp, 'sso-config'), ...opts });
    services.push(s);
    return s;
  };
  const source = async (s: AppStreamService, name: string) => {
    const found = (await s.profiles()).ssoSources.find((x) => x.name === name);
    assert.ok(found, `source ${name}`);
    return found;
  };

  before(async () => {
    emu = await startEmulator({});
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'appstream-sso-'));
    process.env.HOME = tmp; // the SDK reads the SSO token cache of the process's HOME
    const token = emu.state.mintSsoToken(12 * 3600);
    const good = writeSsoDirectorySession({ emulatorUrl: emu.url, home: tmp, name: SSO.sessionName, startUrl: SSO.startUrl, ssoRegion: SSO.region, accessToken: token.accessToken });
    const expired = writeSsoDirectorySession({
      emulatorUrl: emu.url, home: tmp, name: 'expired-session', startUrl: 'https://expired.awsapps.com/start', ssoRegion: 'us-east-1',
      accessToken: emu.state.mintSsoToken(-60).accessToken, expiresAt: new Date(Date.now() - 60_000).toISOString(),
    });
    const never = writeSsoDirectorySession({ emulatorUrl: emu.url, home: tmp, name: 'never-signed-in', startUrl: 'https://never.awsapps.com/start', ssoRegion: 'us-east-1' });
    // A token that looks valid (expires in 8 h) but the portal does not know (signed out elsewhere).
    const revoked = writeSsoDirectorySession({ emulatorUrl: emu.url, home: tmp, name: 'revoked', startUrl: 'https://revoked.awsapps.com/start', ssoRegion: 'us-east-1', accessToken: 'a-token-the-portal-never-issued' });
    // Expired a minute ago, with what `aws sso login` caches to refresh it (SSO OIDC CreateToken at the session's sso_oidc endpoint).
    const refreshableToken = emu.state.mintRefreshableSsoToken(-60);
    const refreshable = writeSsoDirectorySession({
      emulatorUrl: emu.url, home: tmp, name: 'refreshable', startUrl: 'https://refreshable.awsapps.com/start', ssoRegion: 'us-east-1',
      accessToken: refreshableToken.accessToken, expiresAt: refreshableToken.expiresAt, refresh: refreshableToken,
    });
    const forAccountToken = emu.state.mintRefreshableSsoToken(60); // within the SDK's 5-minute window: refreshed before use
    const forAccount = writeSsoDirectorySession({
      emulatorUrl: emu.url, home: tmp, name: 'refreshable-account', startUrl: 'https://refreshable-account.awsapps.com/start', ssoRegion: 'us-east-1',
      accessToken: forAccountToken.accessToken, expiresAt: forAccountToken.expiresAt, refresh: forAccountToken,
    });
    const revokedRefreshToken = emu.state.mintRefreshableSsoToken(-60);
    const revokedRefresh = writeSsoDirectorySession({
      emulatorUrl: emu.url, home: tmp, name: 'refresh-revoked', startUrl: 'https://refresh-revoked.awsapps.com/start', ssoRegion: 'us-east-1',
      accessToken: revokedRefreshToken.accessToken, expiresAt: revokedRefreshToken.expiresAt, refresh: { ...revokedRefreshToken, refreshToken: 'aor-a-refresh-token-never-issued' },
    });
    const configFile = path.join(tmp, 'config');
    fs.writeFileSync(configFile, [awsConfigText(emu.url), ...good.sections, ...expired.sections, ...never.sections, ...revoked.sections,
      ...refreshable.sections, ...forAccount.sections, ...revokedRefresh.sections,
      // A legacy SSO profile (no sso_session): its token is cached under sha1(start URL); endpoints from the demo session's services.
      `[profile legacy-sso]\nsso_start_url = ${LEGACY_START_URL}\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = Admin\nservices = ${SSO.sessionName}-endpoints\n`].join('\n'));
    const legacyToken = ssoTokenCacheFile(tmp, LEGACY_START_URL);
    fs.writeFileSync(legacyToken, JSON.stringify({ startUrl: LEGACY_START_URL, region: 'us-east-1', accessToken: token.accessToken, expiresAt: token.expiresAt }));
    env = { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'credentials'), HOME: tmp, AWS_EC2_METADATA_DISABLED: 'true' };
  });

  beforeEach(() => emu.state.reset());
  afterEach(() => services.splice(0).forEach((s) => s.reset()));
  after(async () => {
    await emu.stop();
    process.env.HOME = savedHome;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lists the config file\'s sso-sessions and legacy SSO profiles, with the endpoints of the session\'s services section', async () => {
    const sources = (await service().profiles()).ssoSources;
    assert.deepEqual(sources.map((s) => `${s.kind}:${s.name}`), [
      'session:demo-sso', 'session:expired-session', 'session:never-signed-in', 'session:refresh-revoked', 'session:refreshable', 'session:refreshable-account', 'session:revoked', 'profile:legacy-sso',
    ]);
    const demo = sources[0];
    assert.equal(demo.startUrl, SSO.startUrl);
    assert.equal(demo.ssoRegion, SSO.region);
    assert.equal(demo.endpoints.sso, emu.url.replace(/\/+$/, ''));
    assert.equal(demo.endpoints.ssoOidc, emu.url.replace(/\/+$/, ''), 'sso_oidc of the session\'s services section');
    assert.equal(demo.endpoints.appstream, emu.url.replace(/\/+$/, ''));
    assert.equal(sources[7].endpoints.sso, emu.url.replace(/\/+$/, ''), 'the legacy profile\'s own services section');
    assert.equal(sources[7].startUrl, LEGACY_START_URL);
  });

  it('finds all 34 accounts (30 of them team accounts) and every role, all pages, one ListAccountRoles chain per account', async () => {
    const s = service();
    const progress: [number, number][] = [];
    const found = await s.discoverSsoAccounts(await source(s, 'demo-sso'), { onProgress: (done, total) => progress.push([done, total]) });
    assert.equal(found.accounts.length, SSO.accounts.length);
    assert.equal(SSO.accounts.length, 34);
    assert.equal(found.accounts.filter((a) => a.accountId.startsWith('5100000000')).length, 30);
    const expectedRoles = SSO.accounts.reduce((n, a) => n + a.roles.length, 0);
    assert.equal(found.roles.length, expectedRoles);
    assert.equal(found.roles.filter((r) => r.accountId === '510000000003').length, 12);
    assert.equal(found.roles.find((r) => r.accountId === '510000000029')?.accountName, 'Sandbox <img src=x onerror=alert(1)> & "quotes"');
    assert.deepEqual(found.failures, []);
    // Requests: pages of ListAccounts (20 a page by default: 2) + one chain per account (1 page each).
    assert.deepEqual(found.requests, { listAccounts: 2, listAccountRoles: 34 });
    assert.equal(emu.state.count('ListAccounts'), 2);
    assert.equal(emu.state.count('ListAccountRoles'), 34);
    assert.equal(emu.state.count('GetRoleCredentials'), 0, 'discovery asks for no credentials');
    assert.deepEqual(progress[0], [0, 34]);
    assert.deepEqual(progress.at(-1), [34, 34]);
  });

  it('follows nextToken with small pages (ListAccounts and the 12-role account)', async () => {
    const s = service();
    const found = await s.discoverSsoAccounts(await source(s, 'demo-sso'), { pageSize: 5 });
    assert.equal(found.accounts.length, 34);
    assert.equal(found.roles.filter((r) => r.accountId === '510000000003').length, 12);
    const rolePages = SSO.accounts.reduce((n, a) => n + Math.max(1, Math.ceil(a.roles.length / 5)), 0);
    assert.deepEqual(found.requests, { listAccounts: 7, listAccountRoles: rolePages });
    assert.equal(emu.state.count('ListAccountRoles'), rolePages);
  });

  it('runs the roles chains in parallel under the limiter', async () => {
    emu.state.setFaults([{ kind: 'latency', op: 'ListAccountRoles', ms: 40 }]);
    const s = service({ maxConcurrentRequests: 4 });
    const started = Date.now();
    await s.discoverSsoAccounts(await source(s, 'demo-sso'));
    const ms = Date.now() - started;
    // 34 chains of one 40 ms page: 9 rounds of 4 in parallel (≈ 360 ms), not 34 in a row (≈ 1360 ms).
    assert.ok(ms < 1000, `took ${ms} ms`);
  });

  it('a cancel stops the listing: no request after it (not even one the limiter held back), those in flight aborted', async () => {
    emu.state.setFaults([{ kind: 'latency', op: 'ListAccountRoles', ms: 300 }]);
    const s = service({ maxConcurrentRequests: 4 });
    const abort = new AbortController();
    const run = s.discoverSsoAccounts(await source(s, 'demo-sso'), { isCancelled: () => abort.signal.aborted, signal: abort.signal });
    assert.deepEqual(s.ssoSessionsInUse(), ['demo-sso'], 'a listing under way keeps its session\'s config file');
    while (emu.state.count('ListAccountRoles') < 4) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const before = emu.state.count('ListAccountRoles');
    const cancelledAt = Date.now();
    abort.abort();
    const err = await run.then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof SsoDiscoveryCancelled, String(err));
    assert.equal((err as Error).name, 'Canceled', 'the command wrapper stays silent');
    assert.ok(Date.now() - cancelledAt < 250, 'the requests in flight were aborted, not waited for');
    await new Promise((r) => setTimeout(r, 800)); // more than two rounds of 300 ms
    assert.equal(before, 4);
    assert.equal(emu.state.count('ListAccountRoles'), before, 'ListAccountRoles sent after the cancel');
    assert.deepEqual(s.ssoSessionsInUse(), []);
  });

  it('the config files written for sessions: pruned when no account uses their session, older versions of a session\'s file too; others\' files stay; a pruned file comes back on use', async () => {
    const dir = path.join(tmp, 'prune-test');
    const s = service({ ssoConfigDir: dir });
    const demo = await source(s, 'demo-sso');
    const expired = await source(s, 'expired-session');
    await s.discoverSsoAccounts(demo);
    const demoFile = await sessionConfigFile(demo, dir);
    const expiredFile = await sessionConfigFile(expired, dir);
    // An older [sso-session demo-sso] (another start URL) left its file.
    const oldDemoFile = await sessionConfigFile({ ...demo, startUrl: 'https://old.awsapps.com/start' }, dir);
    const past = new Date(Date.now() - 3600_000);
    fs.utimesSync(oldDemoFile, past, past);
    fs.utimesSync(demoFile, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    assert.notEqual(oldDemoFile, demoFile);
    // Not ours: another name, or our name pattern without our header.
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'keep me');
    const lookalike = path.join(dir, `${'a'.repeat(24)}.config`);
    fs.writeFileSync(lookalike, '[profile x]\nsso_session = expired-session\n');
    const removed = await pruneSsoConfigFiles(dir, ['demo-sso']);
    assert.deepEqual(removed.sort(), [expiredFile, oldDemoFile].sort());
    assert.deepEqual(fs.readdirSync(dir).sort(), [path.basename(demoFile), path.basename(lookalike), 'notes.txt'].sort());
    // Nothing kept: demo-sso's goes too; the next listing writes it again and works.
    assert.deepEqual(await pruneSsoConfigFiles(dir, []), [demoFile]);
    const found = await s.discoverSsoAccounts(demo);
    assert.equal(found.accounts.length, 34);
    assert.ok(fs.existsSync(demoFile));
    assert.deepEqual(await pruneSsoConfigFiles(path.join(tmp, 'no-such-dir'), []), []);
  });

  for (const [name, what] of [['expired-session', 'has expired'], ['never-signed-in', 'has expired or was never started']] as const) {
    it(`${name}: SsoLoginRequired with the aws sso login --sso-session fix, and nothing sent`, async () => {
      const s = service();
      const err = await s.discoverSsoAccounts(await source(s, name)).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof SsoLoginRequired, String(err));
      assert.equal(err.loginCommand, `aws sso login --sso-session ${name}`);
      assert.match(err.message, new RegExp(what));
      const info = classifyError(err, { profile: '?', region: '?', operation: 'AddSsoAccounts' });
      assert.equal(info.kind, 'ssoExpired');
      assert.equal(info.fixCommand, `aws sso login --sso-session ${name}`);
      assert.equal(emu.state.requests.length, 0);
    });
  }

  it('an expired token with a refresh token: the SDK refreshes it through the session\'s SSO OIDC endpoint (CreateToken), caches the new one, and the listing works', async () => {
    const s = service();
    const tokenFile = ssoTokenCacheFile(tmp, 'refreshable');
    const before = JSON.parse(fs.readFileSync(tokenFile, 'utf8')) as { accessToken: string; refreshToken: string; expiresAt: string; clientId: string };
    assert.ok(new Date(before.expiresAt).getTime() < Date.now(), 'expired');
    const found = await s.discoverSsoAccounts(await source(s, 'refreshable'));
    assert.equal(found.accounts.length, 34);
    const oidc = emu.state.requests.filter((r) => r.op === 'CreateToken');
    assert.equal(oidc.length, 1);
    assert.equal(oidc[0].status, 200);
    assert.equal((oidc[0].params as { grantType: string }).grantType, 'refresh_token');
    assert.ok(!JSON.stringify(emu.state.requests).includes(before.refreshToken), 'the refresh token is not logged');
    const after = JSON.parse(fs.readFileSync(tokenFile, 'utf8')) as { accessToken: string; refreshToken: string; expiresAt: string; clientId: string };
    assert.notEqual(after.accessToken, before.accessToken);
    assert.notEqual(after.refreshToken, before.refreshToken, 'the refresh token rotates');
    assert.ok(new Date(after.expiresAt).getTime() > Date.now() + 50 * 60_000, 'about an hour ahead');
    assert.equal(after.clientId, before.clientId);
    assert.equal(emu.state.count('ListAccounts', { status: 200 }), 2, 'the portal took the refreshed token');
  });

  it('an added account of a session whose token is about to expire: refreshed first (SSO OIDC), then fromSSO gets the role credentials', async () => {
    const s = service({ ssoAccounts: [{ ssoSession: 'refreshable-account', accountId: '510000000002', roleName: 'ReadOnlyAccess' }] });
    const images = await s.listImages('sso:refreshable-account/510000000002/ReadOnlyAccess', 'us-east-1', 'PRIVATE');
    assert.equal(images.length, 3);
    assert.equal(emu.state.count('CreateToken', { status: 200 }), 1);
    assert.equal(emu.state.count('GetRoleCredentials', { status: 200 }), 1);
    assert.ok(emu.state.requests.findIndex((r) => r.op === 'CreateToken') < emu.state.requests.findIndex((r) => r.op === 'GetRoleCredentials'));
  });

  /** A config file of its own: an [sso-session] whose cached token expires in 60 s (within the SDK's 5-minute window, refreshable), then `sections`. */
  const configWithRefreshableSession = (session: string, fileName: string, sections: string[]) => {
    const token = emu.state.mintRefreshableSsoToken(60);
    const written = writeSsoDirectorySession({
      emulatorUrl: emu.url, home: tmp, name: session, startUrl: `https://${session}.awsapps.com/start`, ssoRegion: 'us-east-1',
      accessToken: token.accessToken, expiresAt: token.expiresAt, refresh: token,
    });
    const configFile = path.join(tmp, fileName);
    fs.writeFileSync(configFile, [written.sections[0], ...sections].join('\n'));
    return { configFile, token, tokenFile: written.tokenFile };
  };

  it('an SSO profile of the config file whose token is about to expire: refreshed through the profile\'s own sso_oidc endpoint (not its SSO portal endpoint), then its role credentials', async () => {
    const url = emu.url.replace(/\/+$/, '');
    const oidc = await startRecordingProxy(url); // leads to the emulator too: shows where CreateToken went
    try {
      const { configFile, token, tokenFile } = configWithRefreshableSession('refreshable-profile', 'config-sso-profile', [
        '[profile sso-refreshing]\nsso_session = refreshable-profile\nsso_account_id = 510000000002\nsso_role_name = ReadOnlyAccess\nregion = us-east-1\nservices = sso-refreshing-endpoints\n',
        `[services sso-refreshing-endpoints]\nappstream =\n  endpoint_url = ${url}\nsso =\n  endpoint_url = ${url}\nsso_oidc =\n  endpoint_url = ${oidc.url}\n`,
      ]);
      const s = service({ env: { ...env, AWS_CONFIG_FILE: configFile } });
      const profile = (await s.profiles()).profiles.find((p) => p.name === 'sso-refreshing');
      assert.equal(profile?.ssoTokenProfile, 'sso-refreshing');
      assert.equal(profile?.endpoints.ssoOidc, oidc.url);
      const images = await s.listImages('sso-refreshing', 'us-east-1', 'PRIVATE');
      assert.equal(images.length, 3);
      assert.deepEqual(oidc.caught, ['POST /token'], 'the refresh went to the profile\'s sso_oidc endpoint, and only it');
      assert.equal(emu.state.count('CreateToken', { status: 200 }), 1, 'one refresh');
      assert.equal(emu.state.count('GetRoleCredentials', { status: 200 }), 1);
      assert.ok(emu.state.requests.findIndex((r) => r.op === 'CreateToken') < emu.state.requests.findIndex((r) => r.op === 'GetRoleCredentials'));
      const cached = JSON.parse(fs.readFileSync(tokenFile, 'utf8')) as { accessToken: string; expiresAt: string };
      assert.notEqual(cached.accessToken, token.accessToken, 'the new token is cached');
    } finally {
      await oidc.stop();
    }
  });

  it('a role (in demo-dev) whose source profile is an SSO profile: the token refreshed at the role profile\'s sso_oidc endpoint, then the portal, then AssumeRole', async () => {
    const url = emu.url.replace(/\/+$/, '');
    const oidc = await startRecordingProxy(url);
    const savedConfigFile = process.env.AWS_CONFIG_FILE;
    try {
      const { configFile } = configWithRefreshableSession('refreshable-role-source', 'config-sso-role', [
        // The source has no endpoints of its own: a call resolved with them would go to AWS (and fail here).
        '[profile sso-role-source]\nsso_session = refreshable-role-source\nsso_account_id = 510000000002\nsso_role_name = ReadOnlyAccess\nregion = us-east-1\n',
        '[profile sso-role]\nrole_arn = arn:aws:iam::111111111111:role/AppStreamImageAdmin\nsource_profile = sso-role-source\nregion = us-east-1\nservices = sso-role-endpoints\n',
        `[services sso-role-endpoints]\nappstream =\n  endpoint_url = ${url}\nsts =\n  endpoint_url = ${url}\nsso =\n  endpoint_url = ${url}\nsso_oidc =\n  endpoint_url = ${oidc.url}\n`,
      ]);
      // fromIni's SSO step reads the process's config file (an SDK limitation; the extension passes process.env).
      process.env.AWS_CONFIG_FILE = configFile;
      const s = service({ env: { ...env, AWS_CONFIG_FILE: configFile } });
      const catalog = await s.profiles();
      assert.equal(catalog.profiles.find((p) => p.name === 'sso-role')?.ssoTokenProfile, 'sso-role-source');
      const images = await s.listImages('sso-role', 'us-east-1', 'PRIVATE');
      assert.ok(images.length > 0 && images.every((i) => i.Arn?.includes(':111111111111:')), 'the role\'s account (demo-dev)');
      assert.deepEqual(oidc.caught, ['POST /token'], 'the refresh went to the role profile\'s sso_oidc endpoint');
      const order = ['CreateToken', 'GetRoleCredentials', 'AssumeRole'].map((op) => emu.state.requests.findIndex((r) => r.op === op && r.status === 200));
      assert.ok(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1])), `CreateToken, GetRoleCredentials, AssumeRole in order: ${emu.state.requests.map((r) => `${r.op} ${r.status}`).join(', ')}`);
      assert.equal(emu.state.count('CreateToken'), 1, 'one refresh');
    } finally {
      if (savedConfigFile === undefined) {
        delete process.env.AWS_CONFIG_FILE;
      } else {
        process.env.AWS_CONFIG_FILE = savedConfigFile;
      }
      await oidc.stop();
    }
  });

  it('a refresh SSO OIDC refuses (InvalidGrantException): SsoLoginRequired with the login fix; nothing sent to the portal', async () => {
    const s = service();
    const err = await s.discoverSsoAccounts(await source(s, 'refresh-revoked')).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof SsoLoginRequired, String(err));
    assert.equal(err.loginCommand, 'aws sso login --sso-session refresh-revoked');
    assert.equal(emu.state.count('CreateToken', { status: 400, errorCode: 'InvalidGrantException' }), 1);
    assert.equal(emu.state.count('ListAccounts'), 0);
  });

  it('a token the portal refuses (signed out elsewhere): SsoLoginRequired', async () => {
    const s = service();
    const err = await s.discoverSsoAccounts(await source(s, 'revoked')).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof SsoLoginRequired, String(err));
    assert.equal(err.loginCommand, 'aws sso login --sso-session revoked');
    assert.equal(emu.state.count('ListAccounts', { status: 401 }), 1);
    assert.equal(emu.state.count('ListAccountRoles'), 0);
  });

  it('added accounts are profiles named sso:<session>/<account>/<role>, with their session\'s endpoints and fromSSO credentials', async () => {
    const entries: SsoAccountEntry[] = [
      { ssoSession: 'demo-sso', accountId: '510000000002', roleName: 'ReadOnlyAccess', accountName: 'payments prod' },
      { ssoSession: 'demo-sso', accountId: '510000000013', roleName: 'AppStreamImageAdmin', accountName: 'x', region: 'eu-west-1' },
    ];
    const s = service({ ssoAccounts: entries });
    const catalog = await s.profiles();
    const names = entries.map(ssoProfileName);
    assert.deepEqual(names, ['sso:demo-sso/510000000002/ReadOnlyAccess', 'sso:demo-sso/510000000013/AppStreamImageAdmin']);
    const p = catalog.profiles.find((x) => x.name === names[0]);
    assert.ok(p?.ssoAccount);
    assert.equal(p.credentialKind, 'sso');
    assert.deepEqual(p.definedIn, ['setting']);
    assert.equal(p.region, 'us-east-1', 'the session\'s sso_region when the entry names none');
    assert.equal(catalog.profiles.find((x) => x.name === names[1])?.region, 'eu-west-1');
    assert.equal(p.endpointUrl, emu.url.replace(/\/+$/, ''));

    const images = await s.listImages(names[0], 'us-east-1', 'PRIVATE');
    assert.deepEqual(images.map((i) => i.Name).sort(), ['sso-02-image-1', 'sso-02-image-2', 'sso-02-image-3']);
    const creds = emu.state.requests.filter((r) => r.op === 'GetRoleCredentials');
    assert.equal(creds.length, 1);
    assert.equal(creds[0].accountId, '510000000002');
    assert.equal(emu.state.count('DescribeImages', { accountId: '510000000002' }), 1);
    const other = await s.listImages(names[1], 'eu-west-1', 'PRIVATE');
    assert.equal(other.length, 5);
    assert.equal(await s.profileAccount(names[1], 'eu-west-1'), '510000000013');
  });

  it('an added account whose session token expired explains the --sso-session login; a missing session is a profile problem', async () => {
    const s = service({
      ssoAccounts: [
        { ssoSession: 'expired-session', accountId: '510000000002', roleName: 'ReadOnlyAccess' },
        { ssoSession: 'gone', accountId: '510000000002', roleName: 'ReadOnlyAccess' },
      ],
    });
    const name = 'sso:expired-session/510000000002/ReadOnlyAccess';
    const err = await s.listImages(name, 'us-east-1', 'PRIVATE').then(() => undefined, (e: unknown) => e);
    const info = classifyError(err, { profile: name, region: 'us-east-1', operation: 'DescribeImages' });
    assert.equal(info.kind, 'ssoExpired', `${info.kind}: ${info.message}`);
    assert.equal(info.fixCommand, 'aws sso login --sso-session expired-session');
    assert.equal(emu.state.count('DescribeImages'), 0);
    const gone = (await s.profiles()).profiles.find((p) => p.name === 'sso:gone/510000000002/ReadOnlyAccess');
    assert.match(gone?.problems.join(' ') ?? '', /sso-session "gone", which is not in/);
  });

  it('a legacy SSO profile: discovery with the token cached under its start URL, added accounts named sso-profile:…, fromSSO credentials', async () => {
    const entry: SsoAccountEntry = { ssoProfile: 'legacy-sso', accountId: '510000000001', roleName: 'AppStreamImageAdmin', accountName: 'payments dev' };
    const s = service({ ssoAccounts: [entry] });
    const found = await s.discoverSsoAccounts(await source(s, 'legacy-sso'));
    assert.equal(found.accounts.length, 34);
    const name = ssoProfileName(entry);
    assert.equal(name, 'sso-profile:legacy-sso/510000000001/AppStreamImageAdmin');
    const images = await s.listImages(name, 'us-east-1', 'PRIVATE');
    assert.deepEqual(images.map((i) => i.Name).sort(), ['sso-01-image-1', 'sso-01-image-2']);
    assert.equal(emu.state.requests.filter((r) => r.op === 'GetRoleCredentials' && r.accountId === '510000000001').length, 1);
  });

  it('names round-trip; the setting keeps only well-formed entries, once', () => {
    assert.deepEqual(parseSsoProfileName('sso:a/b/111111111111/Role'), { ssoSession: 'a/b', accountId: '111111111111', roleName: 'Role' });
    assert.deepEqual(parseSsoProfileName('sso-profile:legacy/111111111111/R'), { ssoProfile: 'legacy', accountId: '111111111111', roleName: 'R' });
    assert.equal(parseSsoProfileName('demo-dev'), undefined);
    const valid = validSsoAccountEntries([
      { ssoSession: 's', accountId: '111111111111', roleName: 'R' },
      { ssoSession: 's', accountId: '111111111111', roleName: 'R', accountName: 'dup' },
      { ssoSession: 's', accountId: '12', roleName: 'R' },
      { accountId: '111111111111', roleName: 'R' },
      'junk',
      null,
    ]);
    assert.deepEqual(valid, [{ ssoSession: 's', accountId: '111111111111', roleName: 'R' }]);
  });
});
