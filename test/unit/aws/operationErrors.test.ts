// classifyError for the errors of sharing, copying and tagging: each kind, with what to do next.
import * as assert from 'node:assert/strict';
import {
  IncompatibleImageException,
  InvalidAccountStatusException,
  LimitExceededException,
  ResourceAlreadyExistsException,
  ResourceNotAvailableException,
} from '@aws-sdk/client-appstream';
import { classifyError } from '../../../src/aws/errors';
import { InvalidInput } from '../../../src/aws/invalidInput';

const ctx = (operation: string) => ({ profile: 'demo-dev', region: 'us-east-1', operation });
const aws = <T>(cls: new (o: { message: string; $metadata: object }) => T, message = 'from AWS'): T => new cls({ message, $metadata: { httpStatusCode: 400 } });

describe('classifyError: sharing, copy and tag errors', () => {
  const cases: [string, unknown, string, string, RegExp, boolean][] = [
    ['share a 101st account', aws(LimitExceededException), 'UpdateImagePermissions', 'limitExceeded', /at most 100 AWS accounts/, false],
    ['a third copy into a region', aws(LimitExceededException), 'CopyImage', 'limitExceeded', /at most 2 images into one region at a time/, true],
    ['a 51st tag', aws(LimitExceededException), 'TagResource', 'limitExceeded', /at most 50 tags/, false],
    ['another quota', aws(LimitExceededException), 'CreateImageBuilder', 'limitExceeded', /Service Quotas/, false],
    ['not AVAILABLE', aws(ResourceNotAvailableException), 'CopyImage', 'notAvailable', /must be AVAILABLE/, true],
    ['name taken in the region', aws(ResourceAlreadyExistsException), 'CopyImage', 'alreadyExists', /choose another name for the copy/, false],
    ['incompatible image', aws(IncompatibleImageException), 'CopyImage', 'incompatibleImage', /choose another image or region/, false],
    ['account suspended', aws(InvalidAccountStatusException), 'CopyImage', 'accountStatus', /contact AWS Support/, false],
    ['typed input', new InvalidInput('An AWS account ID has 12 digits; this has 5.'), 'UpdateImagePermissions', 'invalidRequest', /nothing was sent/, false],
  ];
  for (const [what, error, operation, kind, advice, retryable] of cases) {
    it(`${what} (${operation}) → ${kind}`, () => {
      const info = classifyError(error, ctx(operation));
      assert.equal(info.kind, kind);
      assert.match(info.advice, advice);
      assert.equal(info.retryable, retryable);
      assert.equal(info.message, (error as Error).message, 'AWS\'s own words stay the message');
    });
  }
});
