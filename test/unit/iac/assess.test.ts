// What a reference's resolution means (src/iac/assess.ts), pure.
import * as assert from 'node:assert/strict';
import type { Image } from '@aws-sdk/client-appstream';
import { assess, FINDING_SEVERITY, resourceUse } from '../../../src/iac/assess';
import type { ImageReference } from '../../../src/iac/references';

function ref(kind: 'name' | 'arn', value: string, resourceType = 'AWS::AppStream::Fleet'): ImageReference {
  return { format: 'cloudformation-yaml', kind, value, start: 0, end: value.length, key: kind === 'name' ? 'ImageName' : 'ImageArn', keyStart: 0, keyEnd: 0, arnKey: 'ImageArn', resourceType, hasArnKey: false };
}

const shared = (account: string, allowFleet: boolean, allowImageBuilder: boolean): Image => ({
  Name: 'team-base',
  Arn: `arn:aws:appstream:us-east-1:${account}:image/team-base`,
  State: 'AVAILABLE',
  Visibility: 'SHARED',
  ImagePermissions: { allowFleet, allowImageBuilder },
});

describe('iac assess', () => {
  it('knows what each resource type needs of a share', () => {
    assert.deepEqual(
      ['AWS::AppStream::Fleet', 'AWS::AppStream::ImageBuilder', 'aws_appstream_fleet', 'aws_appstream_image_builder', 'CfnImageBuilder', 'data.aws_appstream_image'].map(resourceUse),
      ['fleet', 'builder', 'fleet', 'builder', 'builder', 'any'],
    );
  });

  it('a name only shared with the account: the candidates are the shares allowing this use', () => {
    const resolution = { status: 'missing' as const, sharedByOthers: [shared('222222222222', true, true), shared('444444444444', false, true)] };
    const [fleet] = assess(ref('name', 'team-base'), resolution, 'us-east-1', 'us-east-1');
    assert.equal(fleet.code, 'shared-image-by-name');
    assert.deepEqual(fleet.candidates?.map((i) => i.Arn), ['arn:aws:appstream:us-east-1:222222222222:image/team-base']);
    const [builder] = assess(ref('name', 'team-base', 'aws_appstream_image_builder'), resolution, 'us-east-1', 'us-east-1');
    assert.equal(builder.candidates?.length, 2);
    assert.equal(assess(ref('name', 'x'), { status: 'missing', sharedByOthers: [] }, 'us-east-1', 'us-east-1')[0].code, 'image-not-found');
  });

  it('states, shares, regions and invalid ARNs', () => {
    const codes = (r: ImageReference, image: Image | 'invalid' | 'missing', profileRegion = 'us-east-1') =>
      assess(r, image === 'invalid' ? { status: 'invalid' } : image === 'missing' ? { status: 'missing', sharedByOthers: [] } : { status: 'found', image }, 'us-east-1', profileRegion).map((f) => f.code);
    assert.deepEqual(codes(ref('name', 'a'), { Name: 'a', State: 'AVAILABLE', Visibility: 'PRIVATE' }), []);
    assert.deepEqual(codes(ref('name', 'a'), { Name: 'a', State: 'FAILED' }), ['image-failed']);
    assert.deepEqual(codes(ref('name', 'a'), { Name: 'a', State: 'DELETING' }), ['image-deleting']);
    const partnerArn = 'arn:aws:appstream:us-east-1:444444444444:image/team-base';
    assert.deepEqual(codes(ref('arn', partnerArn), shared('444444444444', false, true)), ['image-not-shared-for-use']);
    assert.deepEqual(codes(ref('arn', partnerArn, 'CfnImageBuilder'), shared('444444444444', false, true)), []);
    assert.deepEqual(codes(ref('arn', 'arn:aws:appstream:eu-west-1:111111111111:image/x'), 'missing'), ['image-other-region', 'image-not-found']);
    assert.deepEqual(codes(ref('arn', 'arn:aws:s3:::b'), 'invalid'), ['invalid-image-arn']);
    assert.equal(FINDING_SEVERITY['image-other-region'], 'warning');
    assert.equal(FINDING_SEVERITY['shared-image-by-name'], 'error');
  });
});
