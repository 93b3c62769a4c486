// How an export task looks (src/tree/exportTaskPresentation.ts): pure, without VS Code.
import * as assert from 'node:assert/strict';
import { exportTaskDescription, exportTaskDetailsText, exportTaskStateIcon } from '../../../src/tree/exportTaskPresentation';

describe('tree/exportTaskPresentation', () => {
  const arn = 'arn:aws:appstream:us-east-1:111111111111:image/many-apps';
  it('icons and descriptions per state', () => {
    assert.equal(exportTaskStateIcon('EXPORTING').id, 'sync~spin');
    assert.equal(exportTaskStateIcon('COMPLETED').id, 'pass');
    assert.equal(exportTaskStateIcon('FAILED').id, 'error');
    assert.equal(exportTaskStateIcon('TIMED_OUT').id, 'error');
    assert.equal(exportTaskDescription({ TaskId: 't', ImageArn: arn, AmiName: 'a', CreatedDate: new Date(), State: 'COMPLETED', AmiId: 'ami-0a1b2c3d4e5f60718' }), 'COMPLETED · ami-0a1b2c3d4e5f60718 · from many-apps');
  });

  it('the details explain each error and keep hostile text as text, hidden characters removed', () => {
    const text = exportTaskDetailsText(
      {
        TaskId: '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
        ImageArn: arn,
        AmiName: 'ws2019-ami',
        CreatedDate: new Date('2025-05-03T11:00:00Z'),
        State: 'FAILED',
        ErrorDetails: [
          { ErrorCode: 'IAM_ROLE_INVALID', ErrorMessage: 'could not be assumed' },
          { ErrorCode: 'AMI_CREATION_FAILED', ErrorMessage: 'The AMI <b>ws2019-ami</b>\u202e was not created.' },
        ],
      },
      { profile: 'demo-dev', region: 'us-east-1', account: '111111111111' },
    );
    assert.match(text, /^Export to AMI ws2019-ami\n/);
    assert.match(text, /Errors \(2\)/);
    assert.match(text, /1\. IAM_ROLE_INVALID\n {3}could not be assumed\n {3}What to do: .*iam:PassRole/);
    assert.match(text, /The AMI <b>ws2019-ami<\/b> was not created\./);
    assert.ok(!text.includes('\u202e'));
    assert.match(text, /Profile \/ account \/ region: demo-dev \/ 111111111111 \/ us-east-1/);
  });
});
