// The cleanup scan (src/services/cleanupService.ts) against the emulator, through the real SDK:
// the verdicts on the demo seed and on a family added for the test, and the requests it makes
// (the cost formula of src/aws/cleanupRules.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CLEANUP_SETTINGS, firstPass, type CleanupRow } from '../../../src/aws/cleanupRules';
import { CleanupService, ScanCancelled, type ScanTarget } from '../../../src/services/cleanupService';
import { DEV, PROD, useFixture } from '../aws/fixture';
import { awsConfigText } from '../../emulator/server';

const NOW = new Date('2026-11-28T00:00:00Z');
const daysAgo = (d: number): string => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const pages = (n: number, size = 25): number => Math.max(1, Math.ceil(n / size));

describe('services/cleanupService against the emulator', function () {
  this.timeout(30_000);
  const fx = useFixture();
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const TARGETS: ScanTarget[] = [
    { profile: 'demo-dev', region: 'us-east-1' },
    { profile: 'demo-dev', region: 'eu-west-1' },
    { profile: 'demo-prod', region: 'us-east-1' },
    { profile: 'demo-prod', region: 'eu-west-1' },
  ];
  const byName = (rows: CleanupRow[], profile: string, region: string) => new Map(rows.filter((r) => r.profile === profile && r.region === region).map((r) => [r.name, r]));

  /** The formula, from what the emulator holds (its own paging: 25 a page for all three listings). */
  function expectedRequests(targets: ScanTarget[]): Record<string, number> {
    const e = { DescribeImages: 0, DescribeFleets: 0, DescribeImageBuilders: 0, ListServiceQuotas: 0, DescribeImagePermissions: 0, ListTagsForResource: 0 };
    for (const t of targets) {
      const account = [DEV, PROD].find((a) => a.profile === t.profile)!.accountId;
      const images = fx.emu.state.images(account, t.region).map((s) => ({ ...s.image, Visibility: 'PRIVATE' }) as { Name?: string; Arn?: string; State?: string; Visibility: string; CreatedTime?: string });
      const fleets = fx.emu.state.fleets(account, t.region);
      const builders = fx.emu.state.imageBuilders(account, t.region);
      e.DescribeImages += pages(images.length);
      e.DescribeFleets += pages(fleets.length);
      e.DescribeImageBuilders += pages(builders.length);
      e.ListServiceQuotas += 1;
      for (const p of firstPass(images, fleets, builders, DEFAULT_CLEANUP_SETTINGS, NOW)) {
        if (p.verdict.kind === 'check') {
          e.DescribeImagePermissions += 1;
          e.ListTagsForResource += fx.emu.state.shares(account, t.region, p.image.Name!).length ? 0 : 1;
        }
      }
    }
    return e;
  }

  it('on the demo seed: candidates, kept images with their reasons, totals with the quota; requests as the formula says', async () => {
    const service = new CleanupService({ aws: () => aws, log });
    const aws = fx.service();
    const expected = expectedRequests(TARGETS);
    fx.emu.state.resetLog();
    const progress: number[] = [];
    const scan = await service.scan(TARGETS, { settings: DEFAULT_CLEANUP_SETTINGS, now: NOW, onProgress: (p) => progress.push(p.regionsDone) });
    const dev = byName(scan.rows, 'demo-dev', 'us-east-1');
    assert.equal(dev.size, 38);
    const candidates = [...dev.values()].filter((r) => r.candidate).map((r) => r.name).sort();
    assert.deepEqual(candidates, ['deletable-1', 'deletable-2', 'failed-copy', 'failed-image-with-errors', 'platform-windows-server-2016', 'platform-windows-server-2019']);
    assert.equal(dev.get('deletable-3')?.why, 'tagged keep=until-2027');
    assert.equal(dev.get('deletable-5')?.why, 'newest 2 of family "deletable" (number 1)');
    assert.equal(dev.get('deletable-1')?.family, 'deletable');
    assert.match(dev.get('deletable-1')!.why, /^636 days old \(≥ 90\), not used, not shared, number 5 of family "deletable"/);
    assert.equal(dev.get('in-use-by-fleet')?.why, 'used by fleet demo-fleet');
    assert.equal(dev.get('in-use-by-fleet-arn')?.why, 'used by fleet demo-fleet-arn');
    assert.equal(dev.get('in-use-by-builder')?.why, 'used by image builder demo-builder');
    assert.equal(dev.get('common-base')?.why, 'newest 2 of family "common-base" (number 1)', 'the fleet runs demo-prod\'s common-base (by ARN), not ours');
    assert.equal(dev.get('state-pending')?.code, 'state');
    assert.match(dev.get('failed-copy')!.why, /^FAILED for \d+ days/);
    assert.equal(dev.get('deletable-1')?.accountId, DEV.accountId);
    const prodEu = byName(scan.rows, 'demo-prod', 'eu-west-1');
    assert.equal(prodEu.get('prod-eu-failed')?.candidate, true);
    assert.equal(prodEu.get('prod-eu-main')?.why, 'used by fleet prod-eu-fleet');

    const total = scan.totals.find((t) => t.profile === 'demo-dev' && t.region === 'us-east-1')!;
    assert.deepEqual(total, { profile: 'demo-dev', accountId: DEV.accountId, region: 'us-east-1', ownImages: 38, candidates: 6, quota: 45, headroomNow: 7, headroomAfter: 13 });
    assert.equal(scan.failures.length, 0);
    assert.equal(scan.seen.size, scan.rows.length);
    assert.deepEqual(progress.filter((n, i) => progress.indexOf(n) === i).sort(), [1, 2, 3, 4]);

    const counted = Object.fromEntries(Object.keys(expected).map((op) => [op, fx.emu.state.count(op)]));
    assert.deepEqual(counted, expected);
    assert.equal(fx.emu.state.count(), Object.values(expected).reduce((a, b) => a + b, 0), 'no other request');
    console.log(`      demo seed, 4 regions: ${JSON.stringify(counted)}`);
  });

  it('a family of its own: shared and keep-tagged old images are kept, after one DescribeImagePermissions (and one ListTagsForResource when not shared) each', async () => {
    const region = 'eu-west-1';
    const shared = [{ sharedAccountId: PROD.accountId, imagePermissions: { allowFleet: true, allowImageBuilder: false } }];
    const add = (name: string, age: number) =>
      fx.emu.state.addImage(
        DEV.accountId,
        region,
        { Name: name, Arn: `arn:aws:appstream:${region}:${DEV.accountId}:image/${name}`, State: 'AVAILABLE', Visibility: 'PRIVATE', CreatedTime: daysAgo(age) },
        name === 'team-app-2024-06-01' ? shared : [],
      );
    for (const [name, age] of [['team-app-2024-01-01', 1000], ['team-app-2024-06-01', 900], ['team-app-v7', 800], ['team-app-v8', 10], ['team-app-v9', 5]] as const) {
      add(name, age);
    }
    fx.emu.state.setTags(`arn:aws:appstream:${region}:${DEV.accountId}:image/team-app-v7`, { KEEP: 'yes' });
    const aws = fx.service();
    fx.emu.state.resetLog();
    const scan = await new CleanupService({ aws: () => aws, log }).scan([{ profile: 'demo-dev', region }], { settings: DEFAULT_CLEANUP_SETTINGS, now: NOW });
    const rows = byName(scan.rows, 'demo-dev', region);
    assert.deepEqual(
      ['team-app-2024-01-01', 'team-app-2024-06-01', 'team-app-v7', 'team-app-v8', 'team-app-v9'].map((n) => [n, rows.get(n)?.family, rows.get(n)?.candidate, rows.get(n)?.why]),
      [
        ['team-app-2024-01-01', 'team-app', true, '1000 days old (≥ 90), not used, not shared, number 5 of family "team-app" (the newest 2 are kept)'],
        ['team-app-2024-06-01', 'team-app', false, 'shared with 1 account'],
        ['team-app-v7', 'team-app', false, 'tagged KEEP=yes'],
        ['team-app-v8', 'team-app', false, '10 days old (younger than 90)'],
        ['team-app-v9', 'team-app', false, '5 days old (younger than 90)'],
      ],
    );
    assert.equal(fx.emu.state.count('DescribeImagePermissions'), 3);
    assert.equal(fx.emu.state.count('ListTagsForResource'), 2, 'not for the shared one');
  });

  it('a region that fails is reported, the others are scanned; cancel stops before the per-image checks', async () => {
    fx.emu.state.addFault({ kind: 'error', op: 'DescribeFleets', region: 'eu-west-1', status: 400, code: 'AccessDeniedException', message: 'not allowed' } as never);
    const aws = fx.service({ maxAttempts: 1 });
    const scan = await new CleanupService({ aws: () => aws, log }).scan(TARGETS.slice(0, 2), { settings: DEFAULT_CLEANUP_SETTINGS, now: NOW });
    assert.deepEqual(scan.failures.map((f) => [f.profile, f.region]), [['demo-dev', 'eu-west-1']]);
    assert.match(scan.failures[0].message, /AccessDenied/);
    assert.equal(byName(scan.rows, 'demo-dev', 'us-east-1').size, 38);

    fx.emu.state.clearFaults();
    fx.emu.state.resetLog();
    let stop = false;
    const scanning = new CleanupService({ aws: () => aws, log }).scan(TARGETS, {
      settings: DEFAULT_CLEANUP_SETTINGS,
      now: NOW,
      cancelled: () => stop,
      onProgress: (p) => {
        if (p.regionsDone >= 1) {
          stop = true;
        }
      },
    });
    await assert.rejects(scanning, (err: unknown) => err instanceof ScanCancelled && (err as Error).name === 'Canceled');
    assert.equal(fx.emu.state.count('ListTagsForResource'), 0, 'no tags read after the cancel');
    assert.equal(fx.emu.state.count('DescribeImagePermissions'), 0);
  });
  describe('two profiles of one account', () => {
    /** demo-dev's account under two more names: `dev-named` whose static keys say their account (aws_account_id), `dev-again` whose do not. */
    const twoNames = () => {
      const file = path.join(path.dirname(fx.env.AWS_CONFIG_FILE!), 'config-two-names');
      const section = (name: string, extra: string) =>
        `[profile ${name}]\naws_access_key_id = ${DEV.accessKeyId}\naws_secret_access_key = ${DEV.secretAccessKey}\nregion = us-east-1\nendpoint_url = ${fx.emu.url}\n${extra}`;
      fs.writeFileSync(file, [awsConfigText(fx.emu.url), section('dev-named', `aws_account_id = ${DEV.accountId}\n`), section('dev-again', '')].join('\n'));
      return fx.service({}, { ...fx.env, AWS_CONFIG_FILE: file });
    };
    const listings = (region: string) =>
      ['DescribeImages', 'DescribeFleets', 'DescribeImageBuilders', 'ListServiceQuotas'].map((op) => [op, fx.emu.state.count(op, { region })]);
    const oneScan = [['DescribeImages', pages(38)], ['DescribeFleets', 1], ['DescribeImageBuilders', 1], ['ListServiceQuotas', 1]];

    it('known before listing (the credentials say it, or the tree learned it): the first in order scans it, the other costs no request; another region of it is scanned', async () => {
      const aws = twoNames();
      fx.emu.state.resetLog();
      const scan = await new CleanupService({ aws: () => aws, log }).scan(
        [{ profile: 'dev-named', region: 'us-east-1' }, { profile: 'demo-dev', region: 'us-east-1' }, { profile: 'demo-dev', region: 'eu-west-1' }],
        { settings: DEFAULT_CLEANUP_SETTINGS, now: NOW, knownAccount: (p) => (p === 'demo-dev' ? DEV.accountId : undefined) },
      );
      assert.deepEqual(scan.skipped, [{ profile: 'demo-dev', region: 'us-east-1', accountId: DEV.accountId, scannedAs: 'dev-named' }]);
      assert.deepEqual(listings('us-east-1'), oneScan, 'one listing of the account in us-east-1');
      assert.equal(fx.emu.state.count('DescribeFleets', { region: 'eu-west-1' }), 1);
      assert.deepEqual([...new Set(scan.rows.map((r) => `${r.profile} ${r.region}`))], ['dev-named us-east-1', 'demo-dev eu-west-1']);
      assert.equal(scan.rows.filter((r) => r.region === 'us-east-1').length, 38, 'each image once');
      assert.deepEqual(scan.totals.map((t) => [t.profile, t.region, t.accountId]), [['dev-named', 'us-east-1', DEV.accountId], ['demo-dev', 'eu-west-1', DEV.accountId]]);
      assert.ok([...scan.seen.values()].every((s) => s.ref.profile === (s.ref.region === 'us-east-1' ? 'dev-named' : 'demo-dev')));

      // The other order: the other profile scans it.
      const again = await new CleanupService({ aws: () => aws, log }).scan([{ profile: 'demo-dev', region: 'us-east-1' }, { profile: 'dev-named', region: 'us-east-1' }], {
        settings: DEFAULT_CLEANUP_SETTINGS,
        now: NOW,
        knownAccount: (p) => (p === 'demo-dev' ? DEV.accountId : undefined),
      });
      assert.deepEqual(again.skipped, [{ profile: 'dev-named', region: 'us-east-1', accountId: DEV.accountId, scannedAs: 'demo-dev' }]);
      assert.deepEqual([...new Set(again.rows.map((r) => r.profile))], ['demo-dev']);
    });

    it('known only from the listing (static keys, nothing learned yet): both are listed, the first in order stays in the report', async () => {
      const aws = twoNames();
      fx.emu.state.resetLog();
      const scan = await new CleanupService({ aws: () => aws, log }).scan([{ profile: 'dev-again', region: 'us-east-1' }, { profile: 'demo-dev', region: 'us-east-1' }, { profile: 'demo-prod', region: 'us-east-1' }], {
        settings: DEFAULT_CLEANUP_SETTINGS,
        now: NOW,
      });
      assert.deepEqual(scan.skipped, [{ profile: 'demo-dev', region: 'us-east-1', accountId: DEV.accountId, scannedAs: 'dev-again' }]);
      assert.equal(fx.emu.state.count('DescribeFleets', { accountId: DEV.accountId }), 2, 'nothing could tell before listing');
      assert.deepEqual([...new Set(scan.rows.map((r) => r.profile))], ['dev-again', 'demo-prod']);
      assert.equal(scan.rows.filter((r) => r.accountId === DEV.accountId).length, 38);
      assert.deepEqual(scan.totals.map((t) => t.profile), ['dev-again', 'demo-prod']);
      assert.ok([...scan.seen.values()].every((s) => s.ref.profile !== 'demo-dev'));
    });

    it('a profile whose credentials fail is reported for each of its regions without a listing', async () => {
      const aws = twoNames();
      fx.emu.state.resetLog();
      const scan = await new CleanupService({ aws: () => aws, log }).scan([{ profile: 'no-such-profile', region: 'us-east-1' }, { profile: 'no-such-profile', region: 'eu-west-1' }, { profile: 'demo-dev', region: 'us-east-1' }], {
        settings: DEFAULT_CLEANUP_SETTINGS,
        now: NOW,
      });
      assert.deepEqual(scan.failures.map((f) => `${f.profile} ${f.region}`), ['no-such-profile us-east-1', 'no-such-profile eu-west-1']);
      assert.equal(fx.emu.state.count('DescribeFleets'), 1);
      assert.equal(scan.rows.length, 38);
    });
  });
});
