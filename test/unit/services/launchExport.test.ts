// The launch and export flows (src/services/launchService.ts, exportService.ts) without VS Code:
// the real AppStreamService, through the real SDK, over HTTP, against the emulator; the prompts
// are the fake of our own Prompts. Every cancel sends nothing; the questions say what AWS says.
import * as assert from 'node:assert/strict';
import type { AppStreamService } from '../../../src/aws/service';
import { defaultBuilderName, launchImageBuilder } from '../../../src/services/launchService';
import { defaultAmiName, exportImageToAmi } from '../../../src/services/exportService';
import { DEV, PROD, rejection, useFixture } from '../aws/fixture';
import { FakePrompts, l10n, type Kind } from './fakes';

const REGION = 'us-east-1';
const ROLE = `arn:aws:iam::${DEV.accountId}:role/AppStreamExport`;

describe('services/launchService and exportService against the emulator', function () {
  this.timeout(30_000);
  const fx = useFixture({ builderDelayMs: 100, exportDelayMs: 150 });
  let aws: AppStreamService;
  beforeEach(() => {
    aws = fx.service({ maxAttempts: 1 });
    fx.emu.state.builderDelayMs = 100;
    fx.emu.state.exportDelayMs = 150;
  });
  const host = (answers: Partial<Record<Kind, (string | undefined)[]>>) => {
    const fake = new FakePrompts(answers);
    return { fake, host: { prompts: fake.prompts, l10n } };
  };
  const sent = (op: string) => fx.emu.state.count(op);

  it('defaults follow AWS\'s patterns', () => {
    assert.equal(defaultBuilderName('many-apps'), 'many-apps-builder');
    assert.equal(defaultBuilderName('AppStream-WinServer2019-06-17-2024'), 'AppStream-WinServer2019-06-17-2024-builder');
    assert.equal(defaultBuilderName('x'.repeat(101)).length, 101);
    assert.equal(defaultAmiName('x.Odd_name-v1.0..final--'), 'x.Odd_name-v1.0..final---ami');
  });

  it('launch from an own image: six questions, the instance types of its families, a modal that says it is billed, one CreateImageBuilder', async () => {
    const seen = await fx.seen(aws, 'demo-dev', REGION, 'many-apps');
    const { fake, host: h } = host({
      input: ['my-builder', 'subnet-0a1b2c3d', 'sg-0a1b2c3d, sg-0a1b2c3e', ''],
      pick: ['stream.standard.large', 'Yes: default internet access'],
      warning: ['Launch'],
    });
    fx.emu.state.resetLog();
    const done = await launchImageBuilder(() => aws, h, seen, DEV.accountId);
    assert.equal(done?.builder.State, 'PENDING');
    const picks = fake.of('pick');
    const families = seen.image.SupportedInstanceFamilies ?? [];
    assert.ok(picks[0].items.length > 0 && picks[0].items.every((t) => families.some((f) => picks[0].descriptions?.[t] === f)), `only ${families.join(', ')}: ${picks[0].items.join(', ')}`);
    assert.equal(fake.of('input')[0].value, 'many-apps-builder');
    assert.match(String(fake.of('input')[0].validate?.('bad name')), /not " "/);
    assert.match(String(fake.of('input')[1].validate?.('subnet-1')), /8 or 17 hex digits/);
    const modal = fake.of('warning')[0];
    assert.equal(modal.message, `Launch image builder "my-builder" from "many-apps" in demo-dev (${DEV.accountId}), ${REGION}?`);
    assert.match(modal.detail ?? '', /billed by the hour while it is running/);
    assert.match(modal.detail ?? '', /subnet subnet-0a1b2c3d, sg-0a1b2c3d, sg-0a1b2c3e; default internet access/);
    const create = fx.emu.state.requests.find((r) => r.op === 'CreateImageBuilder')!;
    assert.deepEqual(create.params, {
      Name: 'my-builder',
      ImageArn: seen.ref.arn,
      InstanceType: 'stream.standard.large',
      EnableDefaultInternetAccess: true,
      VpcConfig: { SubnetIds: ['subnet-0a1b2c3d'], SecurityGroupIds: ['sg-0a1b2c3d', 'sg-0a1b2c3e'] },
    });
    assert.deepEqual(fx.emu.state.requests.map((r) => r.op), ['DescribeImages', 'CreateImageBuilder'], 'nothing before every answer was in');
  });

  it('launch: a cancel at any step sends nothing (no subnet: the security groups are not asked)', async () => {
    const seen = await fx.seen(aws, 'demo-dev', REGION, 'deletable-1');
    const steps: Partial<Record<Kind, (string | undefined)[]>>[] = [
      { input: [undefined] },
      { input: ['b1'], pick: [undefined] },
      { input: ['b1', undefined], pick: ['stream.standard.small'] },
      { input: ['b1', ''], pick: ['stream.standard.small', undefined] },
      { input: ['b1', '', undefined], pick: ['stream.standard.small', 'No internet access'] },
      { input: ['b1', '', ''], pick: ['stream.standard.small', 'No internet access'], warning: [undefined] },
    ];
    fx.emu.state.resetLog();
    for (const answers of steps) {
      const { fake, host: h } = host(answers);
      assert.equal(await launchImageBuilder(() => aws, h, seen, DEV.accountId), undefined);
      assert.ok(fake.of('input').length <= 3, 'no security group question without a subnet');
    }
    assert.equal(fx.emu.state.requests.length, 0, 'no request at all');
  });

  it('launch is refused before any question for a shared image without allowImageBuilder; an AWS error comes through', async () => {
    const common = await aws.describeImage({ profile: 'demo-dev', region: REGION, arn: `arn:aws:appstream:${REGION}:${PROD.accountId}:image/common-base` });
    const seen = { ref: { profile: 'demo-dev', region: REGION, arn: common!.Arn!, name: 'common-base' }, image: common! };
    const { fake, host: h } = host({});
    const err = await rejection(launchImageBuilder(() => aws, h, seen, DEV.accountId));
    assert.match((err as Error).message, /without permission to launch image builders.*Nothing was launched\./);
    assert.equal(fake.asked.length, 0);

    const own = await fx.seen(aws, 'demo-dev', REGION, 'deletable-2');
    const taken = host({ input: ['demo-builder', '', ''], pick: ['stream.standard.small', 'No internet access'], warning: ['Launch'] });
    const e2 = await rejection(launchImageBuilder(() => aws, taken.host, own, DEV.accountId));
    assert.equal((e2 as Error).name, 'ResourceAlreadyExistsException');
    assert.equal(sent('CreateImageBuilder'), 1);
  });

  it('export: four questions (AMI name, role of the account, description, tags), a modal, one CreateExportImageTask', async () => {
    const seen = await fx.seen(aws, 'demo-dev', REGION, 'many-apps');
    const { fake, host: h } = host({ input: ['many-apps-golden', ROLE, 'golden AMI', 'team=desktop, env=prod'], warning: ['Export'] });
    fx.emu.state.resetLog();
    const done = await exportImageToAmi(() => aws, h, seen);
    assert.equal(done?.task.State, 'EXPORTING');
    const inputs = fake.of('input');
    assert.equal(inputs[0].value, 'many-apps-ami');
    assert.match(String(inputs[0].validate?.('my ami')), /not " "/);
    assert.equal(inputs[1].value, `arn:aws:iam::${DEV.accountId}:role/`);
    assert.match(String(inputs[1].validate?.(`arn:aws:iam::${PROD.accountId}:role/x`)), /must be a role of account 111111111111/);
    assert.match(String(inputs[3].validate?.('novalue')), /key=value/);
    const modal = fake.of('warning')[0];
    assert.equal(modal.message, `Export "many-apps" of demo-dev (${DEV.accountId}), ${REGION} to an EC2 AMI named "many-apps-golden"?`);
    assert.match(modal.detail ?? '', /billed by EC2/);
    assert.deepEqual(fx.emu.state.requests.map((r) => r.op), ['DescribeImages', 'CreateExportImageTask']);
    assert.deepEqual(fx.emu.state.requests[1].params, { ImageName: 'many-apps', AmiName: 'many-apps-golden', IamRoleArn: ROLE, AmiDescription: 'golden AMI', TagSpecifications: { team: 'desktop', env: 'prod' } });
  });

  it('export: a cancel at any step sends nothing; a shared image is refused before any question', async () => {
    const seen = await fx.seen(aws, 'demo-dev', REGION, 'deletable-3');
    const steps: Partial<Record<Kind, (string | undefined)[]>>[] = [
      { input: [undefined] },
      { input: ['a-ami', undefined] },
      { input: ['a-ami', ROLE, undefined] },
      { input: ['a-ami', ROLE, '', undefined] },
      { input: ['a-ami', ROLE, '', ''], warning: [undefined] },
    ];
    fx.emu.state.resetLog();
    for (const answers of steps) {
      assert.equal(await exportImageToAmi(() => aws, host(answers).host, seen), undefined);
    }
    assert.equal(fx.emu.state.requests.length, 0, 'no request at all');
    const shared = await aws.describeImage({ profile: 'demo-dev', region: REGION, arn: `arn:aws:appstream:${REGION}:${PROD.accountId}:image/prod-shared-with-dev` });
    const { fake, host: h } = host({});
    const err = await rejection(exportImageToAmi(() => aws, h, { ref: { profile: 'demo-dev', region: REGION, arn: shared!.Arn!, name: shared!.Name! }, image: shared! }));
    assert.match((err as Error).message, /Only an own image that is AVAILABLE can be exported.*SHARED/);
    assert.equal(fake.asked.length, 0);
  });
});
