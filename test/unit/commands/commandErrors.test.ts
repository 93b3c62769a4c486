// The command wrapper's decisions (src/commands/commandErrors.ts), without VS Code.
import * as assert from 'node:assert/strict';
import { commandFailure, isCancellation, targetOf } from '../../../src/commands/commandErrors';

describe('commands/commandErrors', () => {
  it('a cancel (VS Code\'s CancellationError is named "Canceled") is silent', () => {
    const canceled = Object.assign(new Error('Canceled'), { name: 'Canceled' });
    assert.equal(isCancellation(canceled), true);
    assert.equal(commandFailure('appstreamImages.deleteImage', canceled), undefined);
    assert.equal(isCancellation(new Error('Canceled')), false, 'by name, not by message');
  });

  it('an AWS error gets the explanation the tree gives, in the profile and region of the command\'s target', () => {
    const denied = Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    const failure = commandFailure('appstreamImages.deleteImage', denied, { ref: { profile: 'demo-dev', region: 'eu-west-1', arn: 'x', name: 'n' } });
    assert.equal(failure?.show, 'Access denied: profile "demo-dev" may not call appstream:DeleteImage in eu-west-1. Ask your administrator to allow the IAM action appstream:DeleteImage.');
  });

  it('any other error shows its own message; the log line has the code and the stack, without secrets', () => {
    const err = new Error('Image "x" no longer exists. key AKIAIOSFODNN7EXAMPLE');
    const failure = commandFailure('appstreamImages.copyArn', err)!;
    assert.equal(failure.show, 'Image "x" no longer exists. key AKIA****');
    assert.match(failure.log, /^appstreamImages\.copyArn: Error: Image "x" no longer exists\. key AKIA\*\*\*\*\n/);
    assert.match(failure.log, /at .*commandErrors\.test\.js/, 'the stack');
    assert.ok(!failure.log.includes('AKIAIOSFODNN7EXAMPLE'));
  });

  it('finds the target in a tree node or an image the user saw, else none', () => {
    assert.deepEqual(targetOf({ profile: 'p', region: 'r', other: 1 }), { profile: 'p', region: 'r' });
    assert.deepEqual(targetOf({ ref: { profile: 'p', region: 'r' } }), { profile: 'p', region: 'r' });
    assert.equal(targetOf('demo-dev'), undefined);
    assert.equal(targetOf(undefined), undefined);
  });
});
