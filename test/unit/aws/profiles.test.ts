// loadProfiles: the shared config + credentials files read with the SDK's own loader, from temp
// files passed through `env` (never ~/.aws).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadProfiles } from '../../../src/aws/profiles';
import type { ProfileCatalog, ProfileInfo } from '../../../src/aws/types';

interface TempAws {
  dir: string;
  configFile: string;
  credentialsFile: string;
  env: NodeJS.ProcessEnv;
}

const dirs: string[] = [];

function tempAws(config: string | undefined, credentials: string | undefined, extraEnv: NodeJS.ProcessEnv = {}): TempAws {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appstream-profiles-'));
  dirs.push(dir);
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  if (config !== undefined) {
    fs.writeFileSync(configFile, config);
  }
  if (credentials !== undefined) {
    fs.writeFileSync(credentialsFile, credentials);
  }
  return {
    dir,
    configFile,
    credentialsFile,
    env: { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile, HOME: dir, ...extraEnv },
  };
}

function profile(catalog: ProfileCatalog, name: string): ProfileInfo {
  const p = catalog.profiles.find((x) => x.name === name);
  assert.ok(p, `profile ${name} not in ${catalog.profiles.map((x) => x.name).join(', ')}`);
  return p;
}

const CONFIG = `# a comment
[default]
region = us-west-2
endpoint_url = http://default.example

[profile static-dev]
aws_access_key_id = AKIAEMULATORDEV00001
aws_secret_access_key = emulatorDevSecretKey/0000000000000000001
region = us-east-1

[profile sso-user]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
region = eu-west-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile role]
role_arn = arn:aws:iam::222222222222:role/Admin
source_profile = static-dev
mfa_serial = arn:aws:iam::111111111111:mfa/me
region = ap-southeast-2

[profile role-no-mfa]
role_arn = arn:aws:iam::222222222222:role/ReadOnly
source_profile = static-dev

[profile proc]
credential_process = /usr/local/bin/get-creds --profile proc
region = eu-west-1

[profile bare]
region = sa-east-1

[profile web]
role_arn = arn:aws:iam::222222222222:role/Web
web_identity_token_file = /tmp/token
`;

const CREDENTIALS = `[static-dev]
aws_access_key_id = AKIAEMULATORDEV00001
aws_secret_access_key = emulatorDevSecretKey/0000000000000000001

[only-in-credentials]
aws_access_key_id = AKIAEMULATORPROD0001
aws_secret_access_key = emulatorProdSecretKey+000000000000000001
`;

describe('loadProfiles (shared config via the SDK loader)', () => {
  after(() => {
    for (const d of dirs) {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  describe('a config and a credentials file', () => {
    let catalog: ProfileCatalog;
    before(async () => {
      const t = tempAws(CONFIG, CREDENTIALS);
      catalog = await loadProfiles(t.env);
      assert.equal(catalog.configFile, t.configFile);
      assert.equal(catalog.credentialsFile, t.credentialsFile);
    });

    it('lists every profile of both files, once each, sorted, and no sso-session/services sections', () => {
      assert.deepEqual(
        catalog.profiles.map((p) => p.name),
        ['bare', 'default', 'only-in-credentials', 'proc', 'role', 'role-no-mfa', 'sso-user', 'static-dev', 'web'],
      );
      assert.deepEqual(catalog.problems, []);
    });

    it('records which file defines a profile', () => {
      assert.deepEqual(profile(catalog, 'only-in-credentials').definedIn, ['credentials']);
      assert.deepEqual(profile(catalog, 'static-dev').definedIn, ['config', 'credentials']);
      assert.deepEqual(profile(catalog, 'bare').definedIn, ['config']);
    });

    it('reads each profile region (none for a credentials-only profile)', () => {
      assert.equal(profile(catalog, 'default').region, 'us-west-2');
      assert.equal(profile(catalog, 'static-dev').region, 'us-east-1');
      assert.equal(profile(catalog, 'sso-user').region, 'eu-west-1');
      assert.equal(profile(catalog, 'role').region, 'ap-southeast-2');
      assert.equal(profile(catalog, 'bare').region, 'sa-east-1');
      assert.equal(profile(catalog, 'only-in-credentials').region, undefined);
      assert.equal(profile(catalog, 'role-no-mfa').region, undefined);
    });

    it('detects how each profile gets credentials', () => {
      const kinds = Object.fromEntries(catalog.profiles.map((p) => [p.name, p.credentialKind]));
      assert.deepEqual(kinds, {
        'bare': 'none',
        'default': 'none',
        'only-in-credentials': 'static',
        'proc': 'process',
        'role': 'assumeRole',
        'role-no-mfa': 'assumeRole',
        'sso-user': 'sso',
        'static-dev': 'static',
        'web': 'webIdentity',
      });
    });

    it('flags MFA only where mfa_serial is set', () => {
      assert.equal(profile(catalog, 'role').usesMfa, true);
      assert.equal(profile(catalog, 'role-no-mfa').usesMfa, false);
      assert.equal(profile(catalog, 'static-dev').usesMfa, false);
    });

    it('finds no problems in a healthy profile', () => {
      for (const p of catalog.profiles) {
        assert.deepEqual(p.problems, [], `${p.name}: ${p.problems.join(' ')}`);
      }
    });

    it('takes the profile endpoint_url for its own profile only', () => {
      assert.equal(profile(catalog, 'default').endpointUrl, 'http://default.example');
      assert.equal(profile(catalog, 'static-dev').endpointUrl, undefined);
    });
  });

  it('reads an sso profile in the legacy form (sso_start_url, no sso_session) as sso', async () => {
    const t = tempAws('[profile legacy]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = r\n', undefined);
    const p = profile(await loadProfiles(t.env), 'legacy');
    assert.equal(p.credentialKind, 'sso');
    assert.deepEqual(p.problems, []);
  });

  it('lets credentials-file keys win over config-file values of the same profile', async () => {
    const t = tempAws('[profile both]\nregion = us-east-1\ncredential_process = /bin/false\n', '[both]\nregion = eu-west-1\n');
    const p = profile(await loadProfiles(t.env), 'both');
    assert.equal(p.region, 'eu-west-1');
    assert.equal(p.credentialKind, 'process');
  });

  it('takes AWS_REGION over every profile region', async () => {
    const t = tempAws('[profile r]\nregion = us-east-1\n', undefined, { AWS_REGION: 'eu-north-1' });
    assert.equal(profile(await loadProfiles(t.env), 'r').region, 'eu-north-1');
  });

  describe('endpoint precedence for AppStream', () => {
    const config = `[profile all]
endpoint_url = http://profile-level
services = local

[profile svc-only]
services = local

[profile other-service]
services = s3only
endpoint_url = http://profile-level

[services local]
appstream =
  endpoint_url = http://services-level
s3 =
  endpoint_url = http://s3-level

[services s3only]
s3 =
  endpoint_url = http://s3-level
`;

    it('AWS_ENDPOINT_URL_APPSTREAM wins over everything', async () => {
      const t = tempAws(config, undefined, { AWS_ENDPOINT_URL_APPSTREAM: 'http://env-service', AWS_ENDPOINT_URL: 'http://env-global' });
      const c = await loadProfiles(t.env);
      assert.equal(profile(c, 'all').endpointUrl, 'http://env-service');
      assert.equal(profile(c, 'svc-only').endpointUrl, 'http://env-service');
    });

    it('AWS_ENDPOINT_URL comes next, over the config file', async () => {
      const t = tempAws(config, undefined, { AWS_ENDPOINT_URL: 'http://env-global' });
      assert.equal(profile(await loadProfiles(t.env), 'all').endpointUrl, 'http://env-global');
    });

    it('then the appstream entry of the profile services section', async () => {
      const t = tempAws(config, undefined);
      const c = await loadProfiles(t.env);
      assert.equal(profile(c, 'all').endpointUrl, 'http://services-level');
      assert.equal(profile(c, 'svc-only').endpointUrl, 'http://services-level');
      assert.deepEqual(c.problems, [], 'nested services lines are not garbage');
    });

    it('then the profile endpoint_url (a services section for other services does not count)', async () => {
      const t = tempAws(config, undefined);
      assert.equal(profile(await loadProfiles(t.env), 'other-service').endpointUrl, 'http://profile-level');
    });

    it('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS switches all of them off', async () => {
      const t = tempAws(config, undefined, { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', AWS_ENDPOINT_URL: 'http://env-global' });
      const c = await loadProfiles(t.env);
      assert.equal(profile(c, 'all').endpointUrl, undefined);
      assert.equal(profile(c, 'other-service').endpointUrl, undefined);
    });
  });

  describe('problems', () => {
    it('reports a source_profile that does not exist', async () => {
      const t = tempAws('[profile orphan]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = ghost\n', undefined);
      const p = profile(await loadProfiles(t.env), 'orphan');
      assert.equal(p.problems.length, 1);
      assert.match(p.problems[0], /"orphan".*source_profile "ghost".*does not exist/);
    });

    it('reports a source_profile loop a → b → a on both profiles', async () => {
      const t = tempAws(
        '[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n',
        undefined,
      );
      const c = await loadProfiles(t.env);
      assert.deepEqual(profile(c, 'a').problems, ['Profiles form a source_profile loop: a → b → a.']);
      assert.deepEqual(profile(c, 'b').problems, ['Profiles form a source_profile loop: b → a → b.']);
    });

    it('reports a loop further down a chain (c → a → b → a)', async () => {
      const t = tempAws(
        '[profile c]\nrole_arn = arn:aws:iam::1:role/c\nsource_profile = a\n[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n',
        undefined,
      );
      assert.match(profile(await loadProfiles(t.env), 'c').problems.join(' '), /loop: c → a → b → a/);
    });

    it('accepts a role profile that names itself as source_profile when it holds keys', async () => {
      const t = tempAws('[profile self]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = self\naws_access_key_id = AKIAEMULATORDEV00001\naws_secret_access_key = x\n', undefined);
      assert.deepEqual(profile(await loadProfiles(t.env), 'self').problems, []);
    });

    it('reports an sso_session with no [sso-session] section', async () => {
      const t = tempAws('[profile lost]\nsso_session = nowhere\nsso_account_id = 1\nsso_role_name = r\n', undefined);
      const p = profile(await loadProfiles(t.env), 'lost');
      assert.equal(p.credentialKind, 'sso');
      assert.deepEqual(p.problems, ['Profile "lost" names sso_session "nowhere", which has no [sso-session] section.']);
    });

    it('reports lines the loader ignores, with file and line number, and still reads the rest', async () => {
      const t = tempAws(
        '[profile ok]\nregion = us-east-1\nthis line is garbage\n[profile later]\nregion = eu-west-1\n',
        '[creds]\naws_access_key_id = AKIAEMULATORDEV00001\n\nnot = ok\n[broken section\n',
      );
      const c = await loadProfiles(t.env);
      assert.equal(c.problems.length, 2, c.problems.join('\n'));
      assert.ok(c.problems[0].startsWith(`${t.configFile}, line 3:`), c.problems[0]);
      assert.match(c.problems[0], /this line is garbage/);
      assert.ok(c.problems[1].startsWith(`${t.credentialsFile}, line 5:`), c.problems[1]);
      assert.equal(profile(c, 'ok').region, 'us-east-1');
      assert.equal(profile(c, 'later').region, 'eu-west-1');
    });

    it('accepts comments, blank lines, CRLF line ends and inline section comments', async () => {
      const t = tempAws('; comment\r\n# another\r\n\r\n[profile crlf] # note\r\nregion = us-east-1\r\n', undefined);
      const c = await loadProfiles(t.env);
      assert.deepEqual(c.problems, []);
      assert.equal(profile(c, 'crlf').region, 'us-east-1');
    });
  });

  describe('missing files', () => {
    it('gives an empty catalog without throwing when neither file exists', async () => {
      const t = tempAws(undefined, undefined);
      const c = await loadProfiles(t.env);
      assert.deepEqual(c.profiles, []);
      assert.deepEqual(c.problems, []);
      assert.equal(c.configFile, t.configFile);
    });

    it('reads the credentials file alone when there is no config file', async () => {
      const t = tempAws(undefined, '[default]\naws_access_key_id = AKIAEMULATORDEV00001\naws_secret_access_key = s\n');
      const c = await loadProfiles(t.env);
      assert.deepEqual(c.profiles.map((p) => [p.name, p.credentialKind]), [['default', 'static']]);
    });

    it('without AWS_CONFIG_FILE, looks in the HOME given in env (not the process HOME)', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appstream-home-'));
      dirs.push(dir);
      fs.mkdirSync(path.join(dir, '.aws'));
      fs.writeFileSync(path.join(dir, '.aws', 'config'), '[profile from-home]\nregion = eu-west-3\n');
      const c = await loadProfiles({ HOME: dir, USERPROFILE: dir });
      assert.equal(c.configFile, path.join(dir, '.aws', 'config'));
      assert.equal(c.credentialsFile, path.join(dir, '.aws', 'credentials'));
      assert.deepEqual(c.profiles.map((p) => p.name), ['from-home']);
    });

    it('reports an unreadable config file as a problem instead of throwing', async () => {
      // A directory where the file should be: unreadable even for root (chmod 000 is not).
      const t = tempAws('[profile x]\nregion = us-east-1\n', undefined);
      fs.rmSync(t.configFile);
      fs.mkdirSync(t.configFile);
      const c = await loadProfiles(t.env);
      assert.match(c.problems.join('\n'), /Cannot read .*config: EISDIR/);
      assert.deepEqual(c.profiles, []);
    });
  });
});
