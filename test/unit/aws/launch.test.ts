// "Launch Image Builder…" through the AWS layer (launchImageBuilder in src/aws/builders.ts) against
// the emulator, and its pure rules (src/aws/launchRules.ts).
import * as assert from 'node:assert/strict';
import {
  instanceFamilyOf,
  instanceTypesFor,
  isLaunchable,
  launchRefusal,
  validateBuilderName,
  validateIamRoleArn,
  validateSecurityGroupIds,
  validateSubnetId,
  type BuilderLaunchPlan,
} from '../../../src/aws/launchRules';
import { DEV, PROD, classified, rejection, sleep, useFixture } from './fixture';

const REGION = 'us-east-1';
const PUBLIC_WS2019 = `arn:aws:appstream:${REGION}::image/AppStream-WinServer2019-06-17-2024`;

describe('launch image builder: rules (pure)', () => {
  it('instance types follow the image\'s SupportedInstanceFamilies (all of them when it lists none)', () => {
    assert.equal(instanceFamilyOf('stream.standard.small'), 'GENERAL_PURPOSE');
    assert.equal(instanceFamilyOf('stream.memory.z1d.large'), 'MEMORY_OPTIMIZED');
    assert.equal(instanceFamilyOf('stream.graphics.g4dn.xlarge'), 'GRAPHICS_G4DN');
    assert.equal(instanceFamilyOf('stream.graphics.gr6.4xlarge'), 'GRAPHICS_G6');
    const general = instanceTypesFor({ SupportedInstanceFamilies: ['GENERAL_PURPOSE'] });
    assert.deepEqual(general, ['stream.standard.small', 'stream.standard.medium', 'stream.standard.large']);
    const ws = instanceTypesFor({ SupportedInstanceFamilies: ['GENERAL_PURPOSE', 'COMPUTE_OPTIMIZED'] });
    assert.ok(ws.includes('stream.compute.8xlarge') && !ws.some((t) => t.startsWith('stream.memory') || t.startsWith('stream.graphics')));
    assert.ok(instanceTypesFor({}).length > 40);
  });

  it('which images a builder can be launched from, and why not', () => {
    const arn = `arn:aws:appstream:${REGION}:${DEV.accountId}:image/x`;
    assert.ok(isLaunchable({ State: 'AVAILABLE', Visibility: 'PRIVATE', Arn: arn }));
    assert.ok(isLaunchable({ State: 'AVAILABLE', Visibility: 'PUBLIC', Arn: PUBLIC_WS2019 }));
    assert.ok(isLaunchable({ State: 'AVAILABLE', Visibility: 'SHARED', Arn: arn, ImagePermissions: { allowImageBuilder: true } }));
    assert.ok(!isLaunchable({ State: 'AVAILABLE', Visibility: 'SHARED', Arn: arn, ImagePermissions: { allowImageBuilder: false } }));
    assert.ok(!isLaunchable({ State: 'PENDING', Visibility: 'PRIVATE', Arn: arn }));
    assert.ok(!isLaunchable({ State: 'AVAILABLE', Visibility: 'PRIVATE', Arn: arn, ImageBuilderSupported: false }));
    assert.match(launchRefusal({ Name: 'x', State: 'AVAILABLE', Visibility: 'SHARED', Arn: arn }) ?? '', /ask its owner to allow "Image builders"/);
    assert.match(launchRefusal({ Name: 'x', State: 'FAILED', Visibility: 'PRIVATE', Arn: arn }) ?? '', /"x" is FAILED: .*only from an AVAILABLE image/);
  });

  it('name, subnet, security groups and role are validated as typed', () => {
    assert.equal(validateBuilderName('my-builder_1.0'), undefined);
    assert.match(validateBuilderName('') ?? '', /Enter a name/);
    assert.match(validateBuilderName('-x') ?? '', /starts with a letter/);
    assert.match(validateBuilderName('a b') ?? '', /not " "/);
    assert.equal(validateSubnetId(''), undefined);
    assert.equal(validateSubnetId('subnet-0a1b2c3d'), undefined);
    assert.equal(validateSubnetId('subnet-0a1b2c3d4e5f60718'), undefined);
    assert.match(validateSubnetId('subnet-xyz') ?? '', /8 or 17 hex digits/);
    assert.equal(validateSecurityGroupIds('sg-0a1b2c3d, sg-0a1b2c3e', true), undefined);
    assert.match(validateSecurityGroupIds('sg-0a1b2c3d', false) ?? '', /need a subnet/);
    assert.match(validateSecurityGroupIds('sg-1', true) ?? '', /not "sg-1"/);
    assert.match(validateSecurityGroupIds('sg-0a1b2c31 sg-0a1b2c32 sg-0a1b2c33 sg-0a1b2c34 sg-0a1b2c35 sg-0a1b2c36', true) ?? '', /At most 5/);
    assert.equal(validateIamRoleArn('', { optional: true }), undefined);
    assert.equal(validateIamRoleArn(`arn:aws:iam::${DEV.accountId}:role/service-role/AppStreamBuilder`, { optional: true, account: DEV.accountId }), undefined);
    assert.match(validateIamRoleArn('arn:aws:iam::1:role/x', { optional: true }) ?? '', /looks like/);
    assert.match(validateIamRoleArn(`arn:aws:iam::${PROD.accountId}:role/x`, { optional: true, account: DEV.accountId }) ?? '', /must be a role of account 111111111111/);
  });
});

describe('launch image builder: AWS layer against the emulator', function () {
  this.timeout(30_000);
  const fx = useFixture({ builderDelayMs: 100 });
  beforeEach(() => {
    fx.emu.state.builderDelayMs = 100;
    fx.emu.state.builderFailures.clear();
  });

  const plan = (over: Partial<BuilderLaunchPlan> = {}): BuilderLaunchPlan => ({ name: 'new-builder', instanceType: 'stream.standard.medium', securityGroupIds: [], internetAccess: false, ...over });

  it('from an own image: DescribeImages by ARN (the identity check), then one CreateImageBuilder with ImageArn; PENDING → RUNNING', async () => {
    const service = fx.service();
    const seen = await fx.seen(service, 'demo-dev', REGION, 'many-apps');
    fx.emu.state.resetLog();
    const builder = await service.launchImageBuilder(
      seen.ref,
      plan({ subnetId: 'subnet-0a1b2c3d', securityGroupIds: ['sg-0a1b2c3d'], internetAccess: true, iamRoleArn: `arn:aws:iam::${DEV.accountId}:role/Builder` }),
      DEV.accountId,
    );
    assert.equal(builder.State, 'PENDING');
    assert.equal(builder.Arn, `arn:aws:appstream:${REGION}:${DEV.accountId}:image-builder/new-builder`);
    assert.deepEqual(fx.emu.state.requests.map((r) => r.op), ['DescribeImages', 'CreateImageBuilder']);
    assert.deepEqual(fx.emu.state.requests[1].params, {
      Name: 'new-builder',
      ImageArn: seen.ref.arn,
      InstanceType: 'stream.standard.medium',
      EnableDefaultInternetAccess: true,
      VpcConfig: { SubnetIds: ['subnet-0a1b2c3d'], SecurityGroupIds: ['sg-0a1b2c3d'] },
      IamRoleArn: `arn:aws:iam::${DEV.accountId}:role/Builder`,
    });
    await sleep(300);
    assert.equal((await service.describeImageBuilder({ profile: 'demo-dev', region: REGION, name: 'new-builder' }))?.State, 'RUNNING');
  });

  it('from a public image and from a shared one with allowImageBuilder; the account is checked before sending', async () => {
    const service = fx.service();
    const pub = { profile: 'demo-dev', region: REGION, arn: PUBLIC_WS2019, name: 'AppStream-WinServer2019-06-17-2024' };
    fx.emu.state.resetLog();
    const b1 = await service.launchImageBuilder(pub, plan({ name: 'from-public', instanceType: 'stream.compute.large' }), DEV.accountId);
    assert.equal(b1.ImageArn, PUBLIC_WS2019);
    assert.deepEqual(fx.emu.state.requests.map((r) => r.op), ['DescribeImages', 'DescribeImages', 'CreateImageBuilder'], 'by ARN, then the account it signs in to');
    const shared = { profile: 'demo-dev', region: REGION, arn: `arn:aws:appstream:${REGION}:${PROD.accountId}:image/prod-shared-with-dev`, name: 'prod-shared-with-dev' };
    const b2 = await service.launchImageBuilder(shared, plan({ name: 'from-shared' }), DEV.accountId);
    assert.equal(b2.ImageArn, shared.arn);

    // The user confirmed account 222222222222, but demo-dev signs in to 111111111111: nothing sent.
    fx.emu.state.resetLog();
    const err = await rejection(service.launchImageBuilder(pub, plan({ name: 'wrong-account' }), PROD.accountId));
    assert.equal((err as Error).name, 'ImageIdentityChanged');
    assert.match((err as Error).message, /now signs in to account 111111111111; you confirmed launching the image builder in account 222222222222\. Nothing was launched\./);
    assert.equal(fx.emu.state.count('CreateImageBuilder'), 0);
  });

  it('refuses before sending: an instance type the image does not support, a shared image without allowImageBuilder', async () => {
    const service = fx.service();
    const linux = { profile: 'demo-dev', region: REGION, arn: `arn:aws:appstream:${REGION}::image/AppStream-AmazonLinux2-06-17-2024`, name: 'AppStream-AmazonLinux2-06-17-2024' };
    const bad = await rejection(service.launchImageBuilder(linux, plan({ instanceType: 'stream.memory.large' }), DEV.accountId));
    assert.equal((bad as Error).name, 'InvalidInput');
    assert.match((bad as Error).message, /does not run on instance type "stream\.memory\.large".*Nothing was launched\./);
    const partner = { profile: 'demo-dev', region: REGION, arn: `arn:aws:appstream:${REGION}:444444444444:image/team-base`, name: 'team-base' };
    const okPartner = await service.launchImageBuilder(partner, plan({ name: 'from-partner' }), DEV.accountId);
    assert.equal(okPartner.State, 'PENDING', 'demo-partner shares team-base with allowImageBuilder');
    const prodCommon = { profile: 'demo-dev', region: REGION, arn: `arn:aws:appstream:${REGION}:${PROD.accountId}:image/common-base`, name: 'common-base' };
    const refused = await rejection(service.launchImageBuilder(prodCommon, plan({ name: 'from-common' }), DEV.accountId));
    assert.match((refused as Error).message, /without permission to launch image builders/);
    assert.equal(fx.emu.state.count('CreateImageBuilder'), 1);
  });

  it('AWS\'s errors come through: a name taken (ResourceAlreadyExists), a role of another kind (InvalidRole)', async () => {
    const service = fx.service();
    const seen = await fx.seen(service, 'demo-dev', REGION, 'deletable-1');
    const taken = await classified(service.launchImageBuilder(seen.ref, plan({ name: 'demo-builder' }), DEV.accountId), 'demo-dev', 'CreateImageBuilder');
    assert.equal(taken.code, 'ResourceAlreadyExistsException');
  });
});
