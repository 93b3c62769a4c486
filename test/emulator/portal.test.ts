/**
 * The emulator's SSO portal (ListAccounts, ListAccountRoles, GetRoleCredentials) through the real
 * @aws-sdk/client-sso, and Service Quotas (ListServiceQuotas, GetServiceQuota for `appstream2`)
 * through the real @aws-sdk/client-service-quotas, over HTTP; and that credentials from the
 * portal act in their account at AppStream.
 */
import * as assert from 'assert';
import { AppStreamClient, DescribeImagesCommand } from '@aws-sdk/client-appstream';
import {
  AccessDeniedException, GetServiceQuotaCommand, InvalidPaginationTokenException, ListServiceQuotasCommand, NoSuchResourceException,
  ServiceQuotasClient, ServiceQuotasServiceException, paginateListServiceQuotas,
} from '@aws-sdk/client-service-quotas';
import type { ServiceQuota } from '@aws-sdk/client-service-quotas';
import {
  GetRoleCredentialsCommand, InvalidRequestException, ListAccountRolesCommand, ListAccountsCommand, SSOClient, SSOServiceException,
  TooManyRequestsException, UnauthorizedException, paginateListAccountRoles, paginateListAccounts,
} from '@aws-sdk/client-sso';
import type { AccountInfo } from '@aws-sdk/client-sso';
import { EMULATOR_SSO_TOKEN, QUOTA_CODES, seedAccounts, startEmulator } from './server';
import type { AccountProfile, Emulator } from './server';
import { client as appstream, rejectsWith } from './testClient';

const DEV = seedAccounts().find((a) => a.profile === 'demo-dev')!;
const PROD = seedAccounts().find((a) => a.profile === 'demo-prod')!;
const PARTNER = seedAccounts().find((a) => a.profile === 'demo-partner')!;

function sso(emu: Emulator): SSOClient {
  return new SSOClient({ region: 'us-east-1', endpoint: emu.url, maxAttempts: 1 });
}

function quotas(emu: Emulator, acct: AccountProfile | { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = DEV, region = 'us-east-1'): ServiceQuotasClient {
  return new ServiceQuotasClient({
    region,
    endpoint: emu.url,
    credentials: { accessKeyId: acct.accessKeyId, secretAccessKey: acct.secretAccessKey, ...('sessionToken' in acct ? { sessionToken: acct.sessionToken } : {}) },
    maxAttempts: 1,
  });
}

async function allAccounts(c: SSOClient, accessToken: string, pageSize?: number): Promise<AccountInfo[]> {
  const out: AccountInfo[] = [];
  for await (const page of paginateListAccounts({ client: c, pageSize }, { accessToken })) { out.push(...(page.accountList ?? [])); }
  return out;
}

describe('SSO portal and Service Quotas emulation (through @aws-sdk/client-sso and @aws-sdk/client-service-quotas)', () => {
  let emu: Emulator;
  beforeEach(async () => { emu = await startEmulator(); });
  afterEach(async () => { await emu.stop(); });

  describe('SSO portal', () => {
    it('ListAccounts pages through ≥ 30 accounts with names and emails (default page 20, maxResults 1..100)', async () => {
      const c = sso(emu);
      const all = await allAccounts(c, EMULATOR_SSO_TOKEN);
      assert.ok(all.length >= 30, `${all.length} accounts`);
      assert.strictEqual(new Set(all.map((a) => a.accountId)).size, all.length);
      assert.ok(all.every((a) => /^\d{12}$/.test(a.accountId!) && a.accountName && /@/.test(a.emailAddress!)));
      assert.deepStrictEqual(all.slice(0, 2).map((a) => [a.accountId, a.accountName]), [[DEV.accountId, 'Demo Dev'], [PROD.accountId, 'Demo Prod']]);
      assert.ok(all.some((a) => a.accountName!.includes('<img')), 'a hostile account name for the UI');
      assert.strictEqual(emu.state.count('ListAccounts'), Math.ceil(all.length / 20));
      const first = await c.send(new ListAccountsCommand({ accessToken: EMULATOR_SSO_TOKEN }));
      assert.strictEqual(first.accountList!.length, 20, 'pages of 20 without maxResults');
      assert.ok(first.nextToken);
      emu.state.requests.pop();
      assert.deepStrictEqual(emu.state.requests.map((r) => r.params), [{}, { next_token: (emu.state.requests[1].params as { next_token: string }).next_token }]);
      emu.state.resetLog();
      const small = await allAccounts(c, EMULATOR_SSO_TOKEN, 7);
      assert.deepStrictEqual(small.map((a) => a.accountId), all.map((a) => a.accountId));
      assert.strictEqual(emu.state.count('ListAccounts'), Math.ceil(all.length / 7));
      assert.ok(emu.state.requests.every((r) => (r.params as { max_result?: string }).max_result === '7'));
      assert.ok(!JSON.stringify(emu.state.requests).includes(EMULATOR_SSO_TOKEN), 'the log never holds the token');
      await rejectsWith(c.send(new ListAccountsCommand({ accessToken: EMULATOR_SSO_TOKEN, maxResults: 101 })), InvalidRequestException);
      await rejectsWith(c.send(new ListAccountsCommand({ accessToken: EMULATOR_SSO_TOKEN, nextToken: 'garbage' })), InvalidRequestException);
    });

    it('checks the bearer token: unknown or expired → UnauthorizedException; minted tokens work until they expire', async () => {
      const c = sso(emu);
      await rejectsWith(c.send(new ListAccountsCommand({ accessToken: 'nope' })), UnauthorizedException);
      const expired = emu.state.mintSsoToken(-10);
      await rejectsWith(c.send(new ListAccountRolesCommand({ accessToken: expired.accessToken, accountId: DEV.accountId })), UnauthorizedException);
      const fresh = emu.state.mintSsoToken(600);
      assert.ok((await c.send(new ListAccountsCommand({ accessToken: fresh.accessToken }))).accountList!.length > 0);
    });

    it('ListAccountRoles lists one account\'s roles, all pages; an account not in the directory → 403 ForbiddenException', async () => {
      const c = sso(emu);
      const many = '510000000003';
      const roles: string[] = [];
      for await (const page of paginateListAccountRoles({ client: c, pageSize: 5 }, { accessToken: EMULATOR_SSO_TOKEN, accountId: many })) {
        roles.push(...(page.roleList ?? []).map((r) => { assert.strictEqual(r.accountId, many); return r.roleName!; }));
      }
      assert.strictEqual(roles.length, 12);
      assert.strictEqual(emu.state.count('ListAccountRoles', { accountId: many }), 3);
      const one = await c.send(new ListAccountRolesCommand({ accessToken: EMULATOR_SSO_TOKEN, accountId: '510000000005' }));
      assert.deepStrictEqual(one.roleList, [{ roleName: 'ReadOnlyAccess', accountId: '510000000005' }]);
      const e = await rejectsWith(c.send(new ListAccountRolesCommand({ accessToken: EMULATOR_SSO_TOKEN, accountId: '999999999999' })), SSOServiceException);
      assert.deepStrictEqual([e.name, e.$metadata.httpStatusCode], ['ForbiddenException', 403]);
    });

    it('GetRoleCredentials for a portal account acts in that account at AppStream; an unassigned role → ForbiddenException', async () => {
      const c = sso(emu);
      const acct = '510000000002';
      const creds = (await c.send(new GetRoleCredentialsCommand({ accessToken: EMULATOR_SSO_TOKEN, accountId: acct, roleName: 'AppStreamImageAdmin' }))).roleCredentials!;
      const as = new AppStreamClient({
        region: 'us-east-1', endpoint: emu.url, maxAttempts: 1,
        credentials: { accessKeyId: creds.accessKeyId!, secretAccessKey: creds.secretAccessKey!, sessionToken: creds.sessionToken! },
      });
      const images = (await as.send(new DescribeImagesCommand({ Type: 'PRIVATE' }))).Images!;
      assert.deepStrictEqual(images.map((i) => i.Arn), [1, 2, 3].map((j) => `arn:aws:appstream:us-east-1:${acct}:image/sso-02-image-${j}`));
      assert.strictEqual(emu.state.requests.at(-1)?.accountId, acct);
      const e = await rejectsWith(c.send(new GetRoleCredentialsCommand({ accessToken: EMULATOR_SSO_TOKEN, accountId: acct, roleName: 'NotMine' })), SSOServiceException);
      assert.deepStrictEqual([e.name, e.$metadata.httpStatusCode], ['ForbiddenException', 403]);
      // the four profile accounts keep accepting any role name (the test profiles use several)
      await c.send(new GetRoleCredentialsCommand({ accessToken: EMULATOR_SSO_TOKEN, accountId: DEV.accountId, roleName: 'Dev' }));
    });

    it('faults apply to the listings: a throttle is 429 TooManyRequestsException', async () => {
      emu.state.setFaults([{ kind: 'throttle', op: 'ListAccounts', count: 1 }]);
      const c = sso(emu);
      await rejectsWith(c.send(new ListAccountsCommand({ accessToken: EMULATOR_SSO_TOKEN })), TooManyRequestsException);
      assert.ok((await c.send(new ListAccountsCommand({ accessToken: EMULATOR_SSO_TOKEN }))).accountList!.length > 0);
      assert.strictEqual(emu.state.count('ListAccounts', { fault: 'throttle' }), 1);
    });
  });

  describe('Service Quotas (appstream2)', () => {
    it('ListServiceQuotas lists AWS\'s appstream2 quotas with the seeded values of the account and Region, in pages', async () => {
      const c = quotas(emu);
      const all: ServiceQuota[] = [];
      for await (const page of paginateListServiceQuotas({ client: c, pageSize: 3 }, { ServiceCode: 'appstream2' })) { all.push(...(page.Quotas ?? [])); }
      assert.strictEqual(emu.state.count('ListServiceQuotas'), Math.ceil(all.length / 3));
      const images = all.find((q) => q.QuotaName === 'Images')!;
      assert.deepStrictEqual([images.QuotaCode, images.Value, images.ServiceCode, images.Adjustable, images.GlobalQuota, images.QuotaArn],
        [QUOTA_CODES.images, 45, 'appstream2', true, false, `arn:aws:servicequotas:us-east-1:${DEV.accountId}:appstream2/L-E1182CCA`]);
      assert.strictEqual(all.find((q) => q.QuotaName === 'Concurrent image updates')?.Value, 5);
      assert.strictEqual(all.find((q) => q.QuotaName === 'Image builders (total)')?.Value, 20);
      // other account / region: their own values, else AWS's default 10
      const prodEu = (await quotas(emu, PROD, 'eu-west-1').send(new ListServiceQuotasCommand({ ServiceCode: 'appstream2', QuotaCode: QUOTA_CODES.images }))).Quotas!;
      assert.deepStrictEqual(prodEu.map((q) => q.Value), [5]);
      const devAp = await quotas(emu, DEV, 'ap-southeast-2').send(new GetServiceQuotaCommand({ ServiceCode: 'appstream2', QuotaCode: QUOTA_CODES.images }));
      assert.deepStrictEqual([devAp.Quota?.QuotaName, devAp.Quota?.Value], ['Images', 10]);
      const logged = emu.state.requests.at(-1)!;
      assert.deepStrictEqual([logged.op, logged.accountId, logged.region, logged.status], ['GetServiceQuota', DEV.accountId, 'ap-southeast-2', 200]);
    });

    it('an account without servicequotas permission gets AccessDeniedException; bad codes and tokens are refused', async () => {
      const denied = quotas(emu, PARTNER);
      const e = await rejectsWith(denied.send(new ListServiceQuotasCommand({ ServiceCode: 'appstream2' })), AccessDeniedException);
      assert.match(e.message, /not authorized to perform: servicequotas:ListServiceQuotas/);
      await rejectsWith(denied.send(new GetServiceQuotaCommand({ ServiceCode: 'appstream2', QuotaCode: QUOTA_CODES.images })), AccessDeniedException);
      const c = quotas(emu);
      await rejectsWith(c.send(new GetServiceQuotaCommand({ ServiceCode: 'appstream2', QuotaCode: 'L-00000000' })), NoSuchResourceException);
      await rejectsWith(c.send(new ListServiceQuotasCommand({ ServiceCode: 'ec2' })), NoSuchResourceException);
      await rejectsWith(c.send(new ListServiceQuotasCommand({ ServiceCode: 'appstream2', NextToken: 'Z2FyYmFnZQ==' })), InvalidPaginationTokenException);
      const v = await rejectsWith(c.send(new ListServiceQuotasCommand({ ServiceCode: 'appstream2', MaxResults: 101 })), ServiceQuotasServiceException);
      assert.strictEqual(v.name, 'ValidationException');
      // a portal account's role credentials: denied there too (510000000005 is in deniedAccounts)
      const creds = (await sso(emu).send(new GetRoleCredentialsCommand({ accessToken: EMULATOR_SSO_TOKEN, accountId: '510000000005', roleName: 'ReadOnlyAccess' }))).roleCredentials!;
      await rejectsWith(quotas(emu, { accessKeyId: creds.accessKeyId!, secretAccessKey: creds.secretAccessKey!, sessionToken: creds.sessionToken! })
        .send(new ListServiceQuotasCommand({ ServiceCode: 'appstream2' })), AccessDeniedException);
      // state knobs
      emu.state.setQuotaAccessDenied(PARTNER.accountId, false);
      emu.state.setQuota(PARTNER.accountId, 'us-east-1', QUOTA_CODES.images, 3);
      assert.strictEqual((await denied.send(new GetServiceQuotaCommand({ ServiceCode: 'appstream2', QuotaCode: QUOTA_CODES.images }))).Quota?.Value, 3);
    });

    it('routes by X-Amz-Target and by the signing service: a target and scope that disagree are refused', async () => {
      // Service Quotas client, AppStream target: signed for servicequotas → the AppStream route refuses the scope
      const sq = quotas(emu);
      sq.middlewareStack.add((next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-amz-target'] = 'PhotonAdminProxyService.DescribeImages';
        return next(args);
      }, { step: 'build', name: 'retarget' });
      const e = await rejectsWith(sq.send(new ListServiceQuotasCommand({ ServiceCode: 'appstream2' })), ServiceQuotasServiceException);
      assert.strictEqual(e.name, 'InvalidSignatureException');
      assert.match(e.message, /scoped to correct service: 'appstream'/);
      // no target, signed for servicequotas: Service Quotas answers (unknown operation, its prefix)
      const none = quotas(emu);
      none.middlewareStack.add((next) => async (args) => {
        delete (args.request as { headers: Record<string, string> }).headers['x-amz-target'];
        return next(args);
      }, { step: 'build', name: 'untarget' });
      const u = await rejectsWith(none.send(new ListServiceQuotasCommand({ ServiceCode: 'appstream2' })), ServiceQuotasServiceException);
      assert.strictEqual(u.name, 'UnknownOperationException');
      assert.match(u.message, /ServiceQuotasV20190624\.<Operation>/);
      // AppStream keeps working beside it
      assert.ok((await appstream(emu).send(new DescribeImagesCommand({ MaxResults: 1 }))).Images!.length === 1);
    });
  });
});
