// The image identity (src/aws/imageRef.ts).
import * as assert from 'node:assert/strict';
import { accountOfImageArn, accountSuffix, imageRefKey, imageRefOf, isImageRef } from '../../../src/aws/imageRef';

const ARN = 'arn:aws:appstream:us-east-1:111111111111:image/my-image';

describe('aws/imageRef', () => {
  describe('accountIdFromArn', () => {
    it('reads the 12-digit account of an own or shared image', () => {
      assert.equal(accountOfImageArn(ARN), '111111111111');
    });

    it('gives undefined for public images (empty account), odd ARNs and nothing', () => {
      assert.equal(accountOfImageArn('arn:aws:appstream:us-east-1::image/AppStream-WinServer2019-06-17-2024'), undefined);
      assert.equal(accountOfImageArn('arn:aws:appstream:us-east-1:12345:image/x'), undefined);
      assert.equal(accountOfImageArn('not-an-arn'), undefined);
      assert.equal(accountOfImageArn(undefined), undefined);
    });
  });

  it('one key per profile and ARN; a ref only for an image with an ARN; refs that crossed a boundary are checked', () => {
    assert.notEqual(imageRefKey({ profile: 'a', arn: ARN }), imageRefKey({ profile: 'b', arn: ARN }));
    assert.deepEqual(imageRefOf('p', 'us-east-1', { Arn: ARN }), { profile: 'p', region: 'us-east-1', arn: ARN, name: 'my-image' });
    assert.equal(imageRefOf('p', 'us-east-1', { Name: 'no-arn' }), undefined);
    assert.equal(isImageRef({ profile: 'p', region: 'r', name: 'n', arn: ARN }), true);
    assert.equal(isImageRef({ profile: 'p', region: 'r', name: 'n', arn: 'arn:aws:s3:::bucket' }), false);
    assert.equal(accountSuffix(ARN), ' (111111111111)');
    assert.equal(accountSuffix('arn:aws:appstream:us-east-1::image/public'), '');
  });
});
