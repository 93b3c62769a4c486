// The cleanup finder's pure rules (src/aws/cleanupRules.ts) on hand-made lists.
import * as assert from 'node:assert/strict';
import {
  DEFAULT_CLEANUP_SETTINGS,
  ageInDays,
  cleanupSettings,
  csvField,
  describeReason,
  finishVerdict,
  firstPass,
  imageFamily,
  keepTagOf,
  toCsv,
  totalFor,
  type CleanupImage,
  type CleanupRow,
} from '../../../src/aws/cleanupRules';

const NOW = new Date('2026-11-28T00:00:00Z');
const ACCOUNT = '111111111111';
const daysAgo = (d: number): Date => new Date(NOW.getTime() - d * 86_400_000);
const img = (name: string, ageDays: number, extra: Partial<CleanupImage> = {}): CleanupImage => ({
  Name: name,
  Arn: `arn:aws:appstream:us-east-1:${ACCOUNT}:image/${name}`,
  State: 'AVAILABLE',
  Visibility: 'PRIVATE',
  CreatedTime: daysAgo(ageDays),
  ...extra,
});

describe('aws/cleanupRules', () => {
  describe('imageFamily: the name without its trailing date or version', () => {
    const cases: [string, string][] = [
      ['win-base-2024-01-15', 'win-base'],
      ['win-base_20240115', 'win-base'],
      ['win-base-20240115T1200Z', 'win-base'],
      ['win-base-v2', 'win-base'],
      ['win-base-V12', 'win-base'],
      ['win-base-1.4.0', 'win-base'],
      ['win-base-2024-01-15-v3', 'win-base'],
      ['win-base.v1.2', 'win-base'],
      ['deletable-3', 'deletable'],
      ['app-0042', 'app'],
      ['AppStream-WinServer2019-06-17-2024', 'AppStream-WinServer2019'],
      ['ws2019-base', 'ws2019-base'],
      ['image2024', 'image2024'],
      ['x.Odd_name-v1.0..final--', 'x.Odd_name-v1.0..final--'],
      ['2024-01-15', '2024'],
      ['42', '42'],
      ['base-v2-rc', 'base-v2-rc'],
      ['', ''],
    ];
    for (const [name, family] of cases) {
      it(`${JSON.stringify(name)} → ${JSON.stringify(family)}`, () => assert.equal(imageFamily(name), family));
    }
  });

  it('ageInDays counts whole days, never negative', () => {
    assert.equal(ageInDays(daysAgo(90), NOW), 90);
    assert.equal(ageInDays(new Date(NOW.getTime() - 86_399_000), NOW), 0);
    assert.equal(ageInDays(new Date(NOW.getTime() + 5 * 86_400_000), NOW), 0);
  });

  it('settings: defaults 90 days, newest 2, tag keep; nonsense falls back', () => {
    assert.deepEqual(cleanupSettings({}), DEFAULT_CLEANUP_SETTINGS);
    assert.deepEqual(cleanupSettings({ minAgeDays: -1, keepNewest: 'x', keepTag: '  retain ' }), { minAgeDays: 90, keepNewest: 2, keepTag: 'retain' });
    assert.deepEqual(cleanupSettings({ minAgeDays: 0, keepNewest: 0, keepTag: '' }), { minAgeDays: 0, keepNewest: 0, keepTag: '' });
  });

  describe('firstPass', () => {
    const settings = DEFAULT_CLEANUP_SETTINGS;
    const verdicts = (images: CleanupImage[], fleets = [], builders = []) =>
      Object.fromEntries(firstPass(images, fleets, builders, settings, NOW).map((p) => [p.image.Name, p.verdict.kind === 'kept' ? `kept ${p.verdict.reason.code}` : `check ${p.verdict.reason.code}`]));

    it('keeps the newest K of a family, the young and the other states; the rest is checked', () => {
      const images = [
        img('app-2025-01-01', 700),
        img('app-2025-02-01', 600),
        img('app-2025-03-01', 500),
        img('app-2025-04-01', 400),
        img('app-2026-11-01', 27),
        img('solo', 400),
        img('pending-1', 400, { State: 'PENDING' }),
        img('copying-old', 400, { State: 'COPYING' }),
      ];
      assert.deepEqual(verdicts(images), {
        'app-2025-01-01': 'check old',
        'app-2025-02-01': 'check old',
        'app-2025-03-01': 'check old',
        'app-2025-04-01': 'kept newestOfFamily',
        // Young: kept by age, and still the newest of its family (so 04-01 is the 2nd, 03-01 the 3rd).
        'app-2026-11-01': 'kept young',
        solo: 'kept newestOfFamily',
        'pending-1': 'kept state',
        'copying-old': 'kept state',
      });
      const ranks = firstPass(images, [], [], settings, NOW).filter((p) => p.family === 'app').map((p) => (p.verdict.reason as { rank?: number }).rank);
      assert.deepEqual(ranks, [5, 4, 3, 2, undefined]);
    });

    it('equal creation times: the higher version counts as newer (-10 after -9)', () => {
      const t = daysAgo(200);
      const images = ['b-9', 'b-10', 'b-1', 'b-2'].map((n) => img(n, 0, { CreatedTime: t }));
      assert.deepEqual(verdicts(images), { 'b-9': 'kept newestOfFamily', 'b-10': 'kept newestOfFamily', 'b-1': 'check old', 'b-2': 'check old' });
    });

    it('FAILED older than a day is checked whatever its age and family; younger is kept; FAILED does not count among the newest', () => {
      const images = [img('f-1', 2, { State: 'FAILED' }), img('f-2', 0, { State: 'FAILED' }), img('f-3', 300), img('f-4', 300, { State: 'FAILED' })];
      assert.deepEqual(verdicts(images), { 'f-1': 'check failed', 'f-2': 'kept failedRecently', 'f-3': 'kept newestOfFamily', 'f-4': 'check failed' });
    });

    it('in use by a fleet or an image builder: by ARN when both carry one, else by name', () => {
      const images = [img('a', 400), img('b', 400), img('c', 400), img('d', 400, { State: 'FAILED' })];
      const other = `arn:aws:appstream:us-east-1:222222222222:image/a`;
      const fleets = [
        { Name: 'fleet-other', ImageName: 'a', ImageArn: other }, // runs another account's "a": not ours
        { Name: 'fleet-b', ImageName: 'b' },
        { Name: 'fleet-d', ImageArn: images[3].Arn },
      ];
      const builders = [{ Name: 'builder-c', ImageArn: images[2].Arn }];
      const passes = firstPass(images, fleets, builders, { ...settings, keepNewest: 0 }, NOW);
      assert.deepEqual(
        passes.map((p) => (p.verdict.kind === 'kept' ? describeReason(p.verdict.reason, p.family) : p.verdict.kind)),
        ['check', 'used by fleet fleet-b', 'used by image builder builder-c', 'used by fleet fleet-d'],
      );
    });

    it('an image without a creation time, or not own, is kept', () => {
      assert.deepEqual(verdicts([img('x', 0, { CreatedTime: undefined }), img('y', 400, { Visibility: 'SHARED' }), img('z', 400, { CreatedTime: 'not a date' })]), {
        x: 'kept noCreatedTime',
        y: 'kept notOwn',
        z: 'kept noCreatedTime',
      });
    });

    it('minAgeDays 0 and keepNewest 0 make every old AVAILABLE image a candidate', () => {
      const passes = firstPass([img('k-1', 0), img('k-2', 1)], [], [], { minAgeDays: 0, keepNewest: 0, keepTag: 'keep' }, NOW);
      assert.deepEqual(passes.map((p) => p.verdict.kind), ['check', 'check']);
    });
  });

  it('finishVerdict: shared → kept; keep tag (key without case, any value) → kept; else candidate', () => {
    const reason = { code: 'old' as const, ageDays: 100, minAgeDays: 90, rank: 3, keepNewest: 2 };
    assert.deepEqual(finishVerdict(reason, 2, undefined, 'keep'), { kind: 'kept', reason: { code: 'shared', accounts: 2 } });
    assert.deepEqual(finishVerdict(reason, 0, { Keep: '' }, 'keep'), { kind: 'kept', reason: { code: 'keepTag', tag: 'Keep', value: '' } });
    assert.deepEqual(finishVerdict(reason, 0, { keeper: 'x' }, 'keep'), { kind: 'candidate', reason });
    assert.equal(keepTagOf({ keep: 'x' }, ''), undefined, 'an empty keep tag setting keeps nothing');
    assert.equal(describeReason({ code: 'keepTag', tag: 'keep', value: 'until-2027' }, 'f'), 'tagged keep=until-2027');
    assert.match(describeReason(reason, 'app'), /100 days old .*number 3 of family "app" \(the newest 2 are kept\)/);
  });

  it('CSV: RFC 4180 quoting and no formulas from cloud data', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('line\nbreak'), '"line\nbreak"');
    assert.equal(csvField('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvField('+1'), "'+1");
    assert.equal(csvField('-cmd'), "'-cmd");
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvField('\tx'), "'\tx");
    assert.equal(csvField(undefined), '');
    assert.equal(csvField(12), '12');
    const row: CleanupRow = { profile: 'p', accountId: ACCOUNT, region: 'us-east-1', name: 'n', arn: 'arn', family: 'n', ageDays: 3, state: 'FAILED', candidate: true, why: 'x, y', code: 'failed' };
    assert.equal(toCsv([row]), 'profile,accountId,region,name,arn,family,ageDays,createdTime,state,candidate,why\r\np,111111111111,us-east-1,n,arn,n,3,,FAILED,true,"x, y"\r\n');
  });

  it('totals: candidates and the quota headroom they free', () => {
    const row = (name: string, candidate: boolean): CleanupRow => ({ profile: 'p', accountId: ACCOUNT, region: 'r', name, arn: name, family: name, state: 'AVAILABLE', candidate, why: '', code: '' });
    const rows = [row('a', true), row('b', true), row('c', false), { ...row('d', true), region: 'other' }];
    assert.deepEqual(totalFor(rows, { profile: 'p', accountId: ACCOUNT, region: 'r' }, 5), { profile: 'p', accountId: ACCOUNT, region: 'r', ownImages: 3, candidates: 2, quota: 5, headroomNow: 2, headroomAfter: 4 });
    assert.equal(totalFor(rows, { profile: 'p', accountId: ACCOUNT, region: 'r' }, undefined).headroomAfter, undefined);
  });
});
