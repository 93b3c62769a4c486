// How an image builder looks in the tree and in its details document (pure functions).
import * as assert from 'node:assert/strict';
import type { ImageBuilder } from '@aws-sdk/client-appstream';
import { builderDescription, builderDetailsText, builderStateIcon } from '../../../src/tree/builderPresentation';

describe('tree/builderPresentation', () => {
  it('a codicon per state; transitional states spin', () => {
    assert.equal(builderStateIcon('RUNNING').id, 'vm-running');
    assert.equal(builderStateIcon('STOPPED').id, 'vm-outline');
    assert.equal(builderStateIcon('FAILED').id, 'error');
    for (const s of ['PENDING', 'UPDATING_AGENT', 'REBOOTING', 'SNAPSHOTTING', 'UPDATING', 'PENDING_QUALIFICATION']) {
      assert.equal(builderStateIcon(s).id, 'sync~spin', s);
    }
    assert.equal(builderStateIcon('STOPPING').id, 'loading~spin');
    assert.equal(builderStateIcon('DELETING').id, 'loading~spin');
  });

  it('description: state, instance type, platform, image; details: every error, hidden characters removed', () => {
    const builder: ImageBuilder = {
      Name: 'b',
      DisplayName: 'Evil\u202e<img src=x onerror=alert(1)>',
      State: 'FAILED',
      InstanceType: 'stream.standard.medium',
      Platform: 'WINDOWS_SERVER_2019',
      ImageArn: 'arn:aws:appstream:us-east-1::image/AppStream-WinServer2019-06-17-2024',
      ImageBuilderErrors: [
        { ErrorCode: 'IAM_SERVICE_ROLE_MISSING_ENI_CREATE_ACTION', ErrorMessage: 'first <b>bold</b>', ErrorTimestamp: new Date('2025-01-02T03:04:05Z') },
        { ErrorCode: 'SUBNET_NOT_FOUND', ErrorMessage: 'second' },
      ],
    };
    assert.equal(builderDescription(builder), 'Evil<img src=x onerror=alert(1)> · FAILED · stream.standard.medium · Windows Server 2019 · AppStream-WinServer2019-06-17-2024');
    const text = builderDetailsText(builder, { profile: 'demo-dev', region: 'us-east-1', account: '111111111111' });
    assert.match(text, /Errors \(2\)/);
    assert.match(text, /1\. IAM_SERVICE_ROLE_MISSING_ENI_CREATE_ACTION at 2025-01-02T03:04:05\.000Z\n {3}first <b>bold<\/b>/);
    assert.match(text, /2\. SUBNET_NOT_FOUND\n {3}second/);
    assert.match(text, /Profile \/ account \/ region: demo-dev \/ 111111111111 \/ us-east-1/);
    assert.ok(!text.includes('\u202e'));
  });
});
