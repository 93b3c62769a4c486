// Export to an EC2 AMI through the AWS layer (src/aws/exports.ts via AppStreamService) against the
// emulator, and the pure rules (src/aws/exportRules.ts) the tree and the commands use.
import * as assert from 'node:assert/strict';
import { explainExportError, exportTaskContextValue, isExportFailed, isExportTransitional, validateAmiName } from '../../../src/aws/exportRules';
import { exportPlanProblems, type ExportPlan } from '../../../src/aws/exports';
import { DEV, PROD, classified, rejection, sleep, useFixture } from './fixture';

const REGION = 'us-east-1';
const ROLE = `arn:aws:iam::${DEV.accountId}:role/AppStreamExport`;

describe('export to AMI: rules (pure)', () => {
  it('AMI names: AppStream\'s pattern (3..128 of letters, digits, ( ) . - / _), EC2-only characters refused with a reason', () => {
    for (const ok of ['abc', 'golden-ami_2025.05', 'team/app(1)', 'a'.repeat(128)]) {
      assert.equal(validateAmiName(ok), undefined, ok);
    }
    assert.match(validateAmiName('ab') ?? '', /at least 3/);
    assert.match(validateAmiName('a'.repeat(129)) ?? '', /at most 128 characters; this has 129/);
    assert.match(validateAmiName('my ami') ?? '', /not " "/);
    assert.match(validateAmiName('ami[1]') ?? '', /not "\["/);
    assert.match(validateAmiName("it's") ?? '', /not "'"/);
    assert.match(validateAmiName('a@b') ?? '', /not "@"/);
  });

  it('a plan is checked whole: role pattern and account, description length, tags', () => {
    const plan: ExportPlan = { amiName: 'ok-ami', iamRoleArn: ROLE, tags: {} };
    assert.deepEqual(exportPlanProblems(plan, DEV.accountId), []);
    assert.match(exportPlanProblems({ ...plan, iamRoleArn: '' }).join(), /Enter the ARN of an IAM role/);
    assert.match(exportPlanProblems({ ...plan, iamRoleArn: 'arn:aws:iam::1234:role/x' }).join(), /looks like arn:aws:iam::111111111111:role\/NAME/);
    assert.match(exportPlanProblems({ ...plan, iamRoleArn: `arn:aws:iam::${PROD.accountId}:role/x` }, DEV.accountId).join(), /in account 222222222222; it must be a role of account 111111111111/);
    assert.match(exportPlanProblems({ ...plan, description: 'd'.repeat(257) }).join(), /at most 256 characters/);
    assert.match(exportPlanProblems({ ...plan, tags: { 'aws:x': 'y' } }).join(), /reserved for AWS/);
  });

  it('states, menu facets and what an error code means', () => {
    assert.ok(isExportTransitional('EXPORTING'));
    assert.ok(!isExportTransitional('COMPLETED') && !isExportTransitional('FAILED'));
    assert.ok(isExportFailed('FAILED') && isExportFailed('TIMED_OUT') && !isExportFailed('COMPLETED'));
    assert.equal(exportTaskContextValue({ State: 'COMPLETED', AmiId: 'ami-0123' }), 'exportTask;completed;hasAmiId');
    assert.equal(exportTaskContextValue({ State: 'EXPORTING' }), 'exportTask;exporting;transitional');
    assert.equal(exportTaskContextValue({ State: 'FAILED', ErrorDetails: [{ ErrorCode: 'X' }] }), 'exportTask;failed;hasErrors');
    assert.match(explainExportError('IAM_ROLE_INVALID'), /trust policy lets appstream\.amazonaws\.com assume it/);
    assert.match(explainExportError('AMI_CREATION_FAILED'), /ec2:CopyImage/);
    assert.match(explainExportError('SOMETHING_NEW'), /contact AWS Support with the task id/);
  });
});

describe('export to AMI: AWS layer against the emulator', function () {
  this.timeout(30_000);
  const fx = useFixture({ exportDelayMs: 150 });
  beforeEach(() => {
    fx.emu.state.exportDelayMs = 150;
    fx.emu.state.exportFailures.clear();
    fx.emu.state.maxConcurrentExports = 5;
  });

  it('lists every task of the account in the region, all pages (pages of 50)', async () => {
    const service = fx.service();
    const seeded = await service.listExportImageTasks('demo-dev', REGION);
    assert.deepEqual(seeded.map((t) => [t.AmiName, t.State]), [
      ['many-apps-ami-2025-05', 'COMPLETED'],
      ['ws2019-ami', 'FAILED'],
      ['common-base-ami', 'TIMED_OUT'],
    ]);
    assert.equal(seeded[0].AmiId, 'ami-0a1b2c3d4e5f60718');
    assert.equal(seeded[1].ErrorDetails?.length, 2);
    assert.deepEqual(await service.listExportImageTasks('demo-prod', REGION), [], 'another account sees none of them');

    fx.emu.state.maxConcurrentExports = 100;
    const seen = await fx.seen(service, 'demo-dev', REGION, 'deletable-1');
    for (let i = 0; i < 52; i++) {
      await service.exportImage(seen.ref, { amiName: `page-${i}`, iamRoleArn: ROLE, tags: {} });
    }
    fx.emu.state.resetLog();
    const all = await service.listExportImageTasks('demo-dev', REGION);
    assert.equal(all.length, 55);
    assert.equal(fx.emu.state.count('ListExportImageTasks'), 2, 'two pages');
  });

  it('exports an own image: one DescribeImages (the identity check), one CreateExportImageTask by name; EXPORTING → COMPLETED with an AMI id', async () => {
    const service = fx.service();
    const seen = await fx.seen(service, 'demo-dev', REGION, 'many-apps');
    fx.emu.state.resetLog();
    const task = await service.exportImage(seen.ref, { amiName: 'many-apps-ami', iamRoleArn: ROLE, description: 'from the test', tags: { team: 'desktop' } }, { createdTime: seen.image.CreatedTime });
    assert.equal(task.State, 'EXPORTING');
    assert.equal(task.ImageArn, seen.ref.arn);
    assert.deepEqual(fx.emu.state.requests.map((r) => r.op), ['DescribeImages', 'CreateExportImageTask']);
    assert.deepEqual(fx.emu.state.requests[1].params, { ImageName: 'many-apps', AmiName: 'many-apps-ami', IamRoleArn: ROLE, AmiDescription: 'from the test', TagSpecifications: { team: 'desktop' } });
    await sleep(300);
    const done = await service.getExportImageTask({ profile: 'demo-dev', region: REGION, taskId: task.TaskId! });
    assert.equal(done?.State, 'COMPLETED');
    assert.match(done?.AmiId ?? '', /^ami-[0-9a-f]{17}$/);
    assert.equal(await service.getExportImageTask({ profile: 'demo-prod', region: REGION, taskId: task.TaskId! }), undefined, 'another account: none of that id');
  });

  it('a failed export ends FAILED with its ErrorDetails', async () => {
    fx.emu.state.exportFailures.add('doomed-ami');
    const service = fx.service();
    const seen = await fx.seen(service, 'demo-dev', REGION, 'deletable-2');
    const task = await service.exportImage(seen.ref, { amiName: 'doomed-ami', iamRoleArn: ROLE, tags: {} });
    await sleep(300);
    const failed = await service.getExportImageTask({ profile: 'demo-dev', region: REGION, taskId: task.TaskId! });
    assert.equal(failed?.State, 'FAILED');
    assert.equal(failed?.ErrorDetails?.[0].ErrorCode, 'AMI_CREATION_FAILED');
  });

  it('refuses before any request what AppStream would refuse; AWS errors come through classified', async () => {
    const service = fx.service();
    const seen = await fx.seen(service, 'demo-dev', REGION, 'deletable-3');
    fx.emu.state.resetLog();
    const bad = await rejection(service.exportImage(seen.ref, { amiName: 'my ami', iamRoleArn: ROLE, tags: {} }));
    assert.equal((bad as Error).name, 'InvalidInput');
    assert.match((bad as Error).message, /not " ".*Nothing was exported\./);
    assert.equal(fx.emu.state.requests.length, 0, 'nothing sent');

    // A name already taken by a COMPLETED task: AWS's error, explained by the classifier.
    const taken = await classified(service.exportImage(seen.ref, { amiName: 'many-apps-ami-2025-05', iamRoleArn: ROLE, tags: {} }), 'demo-dev', 'CreateExportImageTask');
    assert.equal(taken.code, 'OperationNotPermittedException');
    assert.match(taken.message, /must be unique/);

    // A shared image is not ours: refused by the identity check, nothing sent.
    const shared = { profile: 'demo-dev', region: REGION, arn: `arn:aws:appstream:${REGION}:${PROD.accountId}:image/prod-shared-with-dev`, name: 'prod-shared-with-dev' };
    fx.emu.state.resetLog();
    const notOwn = await rejection(service.exportImage(shared, { amiName: 'shared-ami', iamRoleArn: `arn:aws:iam::${PROD.accountId}:role/x`, tags: {} }));
    assert.equal((notOwn as Error).name, 'ImageIdentityChanged');
    assert.equal(fx.emu.state.count('CreateExportImageTask'), 0);
  });

  it('the profile now signs in to another account: nothing is exported, the message names both accounts', async () => {
    const { service, switchTo } = fx.switchable();
    const ref = { ...fx.ref('demo-dev', REGION, 'deletable-4'), profile: 'work' };
    assert.ok(await service.describeImage(ref), 'seen as demo-dev\'s');
    await switchTo(PROD);
    const err = await rejection(service.exportImage(ref, { amiName: 'switched-ami', iamRoleArn: ROLE, tags: {} }));
    assert.equal((err as Error).name, 'ImageIdentityChanged');
    assert.match((err as Error).message, /now signs in to account 222222222222.*account 111111111111\. Nothing was exported\./);
    assert.equal(fx.emu.state.count('CreateExportImageTask'), 0);
  });
});
