// Error explanations and secret redaction of the AWS layer (src/aws/errors.ts).
import * as assert from 'node:assert/strict';
import { classifyError, redactSecrets } from '../../../src/aws/errors';
import { seedAccounts } from '../../emulator/server';

const ACCOUNTS = seedAccounts();
const DEV = ACCOUNTS.find((a) => a.profile === 'demo-dev')!;
const PROD = ACCOUNTS.find((a) => a.profile === 'demo-prod')!;

describe('redactSecrets', () => {
  const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const TOKEN = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexampleToken';

  it('removes access key ids (AKIA and ASIA)', () => {
    const out = redactSecrets('keys AKIAIOSFODNN7EXAMPLE and ASIAIOSFODNN7EXAMPLE.');
    assert.ok(!out.includes('IOSFODNN7EXAMPLE'), out);
    assert.equal(out, 'keys AKIA**** and ASIA****.');
  });

  it('removes 40-character secrets in free text', () => {
    for (const s of [SECRET, DEV.secretAccessKey, PROD.secretAccessKey]) {
      const out = redactSecrets(`Command failed: get-creds ${s}\nmore`);
      assert.ok(!out.includes(s), out);
    }
  });

  it('removes secrets and session tokens in key=value form', () => {
    const text = `aws_secret_access_key=${SECRET}\naws_session_token = ${TOKEN}\nx-amz-security-token: ${TOKEN}`;
    const out = redactSecrets(text);
    assert.ok(!out.includes(SECRET) && !out.includes(TOKEN), out);
    assert.match(out, /aws_secret_access_key=\*\*\*\*/);
    assert.match(out, /aws_session_token = \*\*\*\*/);
  });

  it('removes secrets and tokens in JSON (credential_process output, SSO cache)', () => {
    const json = JSON.stringify({ Version: 1, AccessKeyId: 'ASIAIOSFODNN7EXAMPLE', SecretAccessKey: 'short-secret', SessionToken: 'tok-123', accessToken: 'sso-token-xyz' });
    const out = redactSecrets(json);
    for (const s of ['IOSFODNN7EXAMPLE', 'short-secret', 'tok-123', 'sso-token-xyz']) {
      assert.ok(!out.includes(s), `${s} left in ${out}`);
    }
    assert.match(out, /"SecretAccessKey":"\*\*\*\*"/);
    assert.match(out, /"Version":1/);
  });

  it('removes very long tokens wherever they are', () => {
    const long = 'A'.repeat(60) + 'b'.repeat(60);
    assert.ok(!redactSecrets(`token ${long} end`).includes(long));
  });

  it('leaves ordinary messages alone', () => {
    const text = "The image 'deletable-1' (arn:aws:appstream:us-east-1:111111111111:image/deletable-1) is in use by fleet 'demo-fleet'.";
    assert.equal(redactSecrets(text), text);
  });

  it('classifyError messages are redacted', () => {
    const info = classifyError(new Error(`Could not load credentials: ${SECRET} AKIAIOSFODNN7EXAMPLE`), { profile: 'p', region: 'r', operation: 'DescribeImages' });
    assert.equal(info.kind, 'noCredentials');
    assert.ok(!info.message.includes(SECRET) && !info.message.includes('IOSFODNN7EXAMPLE'), info.message);
  });
});

describe('classifyError', () => {
  const ctx = { profile: 'demo-dev', region: 'eu-west-1', operation: 'DeleteImage' };
  const error = (name: string, message: string, extra: object = {}) => Object.assign(new Error(message), { name }, extra);

  it('explains each kind of failure by the first rule that matches, in the user\'s terms', () => {
    const cases: [unknown, string, RegExp][] = [
      [error('ResourceInUseException', 'The image is in use'), 'inUse', /^The image is in use$/],
      [error('ConcurrentModificationException', 'busy'), 'concurrentModification', /^busy$/],
      [error('ExpiredTokenException', 'expired'), 'invalidCredentials', /rejected the credentials of profile "demo-dev" \(ExpiredTokenException\)/],
      [error('AccessDenied', 'not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::1:role/r'), 'accessDenied', /could not assume its role arn:aws:iam::1:role\/r/],
      [error('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.'), 'accessDenied', /MFA code .* was not accepted/],
      [error('AccessDeniedException', 'no'), 'accessDenied', /may not call appstream:DeleteImage in eu-west-1/],
      [error('Whatever', 'x', { $metadata: { httpStatusCode: 429 } }), 'throttled', /throttling/],
      [error('CredentialsProviderError', 'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login'), 'ssoExpired', /SSO session of profile "demo-dev"/],
      [error('CredentialsProviderError', 'Could not load credentials from any providers'), 'noCredentials', /No usable credentials/],
      [error('Error', 'connect ECONNREFUSED 127.0.0.1:1'), 'unreachable', /Cannot reach AppStream in eu-west-1 \(ECONNREFUSED\)/],
      [error('TimeoutError', 'x'), 'timeout', /did not answer in time/],
      [error('SyntaxError', 'Unexpected token'), 'badResponse', /could not be read/],
      [error('InternalFailure', 'x', { $metadata: { httpStatusCode: 500 } }), 'serviceError', /failed \(InternalFailure, HTTP 500\)/],
      [error('Mystery', 'what now'), 'unknown', /^Mystery: what now$/],
    ];
    for (const [err, kind, message] of cases) {
      const info = classifyError(err, ctx);
      assert.equal(info.kind, kind, (err as Error).name);
      assert.match(info.message, message, kind);
      assert.ok(info.advice.length > 0, `${kind} says what to do next`);
    }
  });

  it('an AWS exception\'s name wins over a network code in its message', () => {
    assert.equal(classifyError(error('ResourceNotFoundException', 'ECONNRESET in the name'), ctx).kind, 'notFound');
  });

  it('a failed usage look-up is explained as the operation that failed', () => {
    const lookup = { name: 'LookupFailed', operation: 'DescribeImageBuilders', cause: error('AccessDeniedException', 'no') };
    assert.match(classifyError(lookup, ctx).message, /may not call appstream:DescribeImageBuilders/);
  });

  it('an SSO login is offered as a command to run', () => {
    assert.equal(classifyError(error('UnauthorizedException', 'Session token not found or invalid'), ctx).fixCommand, 'aws sso login --profile demo-dev');
  });
});
