// The image quota through the AWS layer (src/aws/quotas.ts via AppStreamService.imageQuota), the
// real Service Quotas SDK client over HTTP against the emulator's Service Quotas, per profile.
import * as assert from 'node:assert/strict';
import { IMAGE_QUOTA_NAME, pickImageQuota, quotaIncreaseUrl, quotaLevel } from '../../../src/aws/quotaRules';
import { PARTNER, useFixture } from './fixture';

describe('image quota (src/aws/quotas.ts) against the emulator', function () {
  this.timeout(20_000);
  const fx = useFixture();

  it('finds "Images" by name among appstream2\'s quotas: demo-dev in us-east-1 has 45 (the seed), one listing, cached until refresh', async () => {
    const s = fx.service();
    const first = await s.imageQuota('demo-dev', 'us-east-1');
    assert.equal(first.kind, 'known');
    assert.equal(first.kind === 'known' && first.quota.name, IMAGE_QUOTA_NAME);
    assert.equal(first.kind === 'known' && first.quota.value, 45);
    assert.equal(first.kind === 'known' && first.quota.code, 'L-E1182CCA');
    await s.imageQuota('demo-dev', 'us-east-1');
    const listings = fx.emu.state.requests.filter((r) => r.op === 'ListServiceQuotas');
    assert.equal(listings.length, 1, 'one ListServiceQuotas for two looks');
    assert.equal(listings[0].accountId, '111111111111', 'signed by demo-dev');
    s.reloadConfig(); // what a refresh does
    await s.imageQuota('demo-dev', 'us-east-1');
    assert.equal(fx.emu.state.requests.filter((r) => r.op === 'ListServiceQuotas').length, 2, 'read again after a refresh');
  });

  it('demo-prod is at its limit in us-east-1 (5 own images, quota 5)', async () => {
    const status = await fx.service().imageQuota('demo-prod', 'us-east-1');
    assert.ok(status.kind === 'known');
    assert.equal(quotaLevel(5, status.quota), 'at');
    assert.equal(quotaLevel(4, status.quota), 'near');
    assert.equal(quotaLevel(3, status.quota), 'ok');
  });

  it('without the servicequotas permission (demo-partner): unavailable, not an error, and asked once', async () => {
    const s = fx.service();
    const status = await s.imageQuota(PARTNER.profile, 'us-east-1');
    assert.equal(status.kind, 'unavailable');
    assert.match(status.kind === 'unavailable' ? status.reason : '', /AccessDenied/);
    await s.imageQuota(PARTNER.profile, 'us-east-1');
    assert.equal(fx.emu.state.requests.filter((r) => r.op === 'ListServiceQuotas').length, 1);
  });

  it('a failing endpoint rejects (and is asked again next time), unlike a refusal', async () => {
    const s = fx.service({ maxAttempts: 1 });
    fx.emu.state.setFaults([{ kind: 'internal', op: 'ListServiceQuotas' }]);
    await assert.rejects(s.imageQuota('demo-dev', 'us-east-1'));
    fx.emu.state.setFaults([]);
    const again = await s.imageQuota('demo-dev', 'us-east-1');
    assert.equal(again.kind, 'known');
  });

  it('pickImageQuota matches the name, not a code; no such quota → undefined', () => {
    assert.equal(pickImageQuota([{ QuotaName: 'Image builders (total)', QuotaCode: 'L-DE32F884', Value: 10 }]), undefined);
    assert.deepEqual(pickImageQuota([{ QuotaName: 'Images', QuotaCode: 'L-NEW', Value: 12, Adjustable: true }]), { name: 'Images', code: 'L-NEW', value: 12, adjustable: true });
    assert.equal(quotaIncreaseUrl('eu-west-1', 'L-E1182CCA'), 'https://eu-west-1.console.aws.amazon.com/servicequotas/home/services/appstream2/quotas/L-E1182CCA');
  });
});
