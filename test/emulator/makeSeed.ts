/**
 * Generates test/emulator/seed.json (deterministic; the JSON is committed and is what the
 * emulator reads). Run: `npx tsc -p tsconfig.test.json && node out/test/emulator/makeSeed.js`.
 */
import * as fs from 'fs';
import { defaultSeedPath } from './state';
import { QUOTA_CODES } from './quotas';
import type { Seed, SeedAccount, SeedImagePermission, SeedRegionResources, SeedServiceQuotas, SeedSso, WireObject } from './types';

export const DEV = '111111111111';
export const PROD = '222222222222';
export const EMPTY = '333333333333';
export const PARTNER = '444444444444';
export const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

const accounts: SeedAccount[] = [
  { profile: 'demo-dev', accountId: DEV, accessKeyId: 'AKIAEMULATORDEV00001', secretAccessKey: 'emulatorDevSecretKey/0000000000000000001', region: 'us-east-1' },
  { profile: 'demo-prod', accountId: PROD, accessKeyId: 'AKIAEMULATORPROD0001', secretAccessKey: 'emulatorProdSecretKey+000000000000000001', region: 'eu-west-1' },
  { profile: 'demo-empty', accountId: EMPTY, accessKeyId: 'AKIAEMULATOREMPTY001', secretAccessKey: 'emulatorEmptySecretKey00000000000000001', region: 'ap-southeast-2' },
  { profile: 'demo-partner', accountId: PARTNER, accessKeyId: 'AKIAEMULATORPARTNER1', secretAccessKey: 'emulatorPartnerSecretKey000000000000001', region: 'us-east-1' },
];

const PLATFORMS: { platform: string; tag: string; label: string; families: string[] }[] = [
  { platform: 'WINDOWS', tag: 'Win2012R2', label: 'Windows Server 2012 R2', families: ['GENERAL_PURPOSE'] },
  { platform: 'WINDOWS_SERVER_2016', tag: 'WinServer2016', label: 'Windows Server 2016', families: ['GENERAL_PURPOSE', 'MEMORY_OPTIMIZED'] },
  { platform: 'WINDOWS_SERVER_2019', tag: 'WinServer2019', label: 'Windows Server 2019', families: ['GENERAL_PURPOSE', 'MEMORY_OPTIMIZED', 'COMPUTE_OPTIMIZED'] },
  { platform: 'WINDOWS_SERVER_2022', tag: 'WinServer2022', label: 'Windows Server 2022', families: ['GENERAL_PURPOSE', 'MEMORY_OPTIMIZED', 'COMPUTE_OPTIMIZED', 'GRAPHICS_G4DN'] },
  { platform: 'WINDOWS_SERVER_2025', tag: 'WinServer2025', label: 'Windows Server 2025', families: ['GENERAL_PURPOSE', 'GRAPHICS_G5'] },
  { platform: 'AMAZON_LINUX2', tag: 'AmazonLinux2', label: 'Amazon Linux 2', families: ['GENERAL_PURPOSE'] },
  { platform: 'RHEL8', tag: 'RHEL8', label: 'Red Hat Enterprise Linux 8', families: ['GENERAL_PURPOSE'] },
  { platform: 'ROCKY_LINUX8', tag: 'RockyLinux8', label: 'Rocky Linux 8', families: ['GENERAL_PURPOSE'] },
  { platform: 'UBUNTU_PRO_2404', tag: 'UbuntuPro2404', label: 'Ubuntu Pro 24.04 LTS', families: ['GENERAL_PURPOSE'] },
];

const pad = (n: number): string => String(n).padStart(2, '0');
const arn = (region: string, account: string, name: string): string => `arn:aws:appstream:${region}:${account}:image/${name}`;

/** Deterministic dates: the i-th release, going back two weeks at a time from 2025-06-10. */
function releaseDate(i: number): Date {
  return new Date(Date.UTC(2025, 5, 10) - i * 14 * 86400_000);
}

/** Public images every region has, with stable names (fleets, builders and BaseImageArn refer to them). */
export const WELL_KNOWN_PUBLIC = ['AppStream-WinServer2019-06-17-2024', 'AppStream-WinServer2022-06-17-2024', 'AppStream-AmazonLinux2-06-17-2024'];

function publicImages(region: string, count: number): WireObject[] {
  const out: WireObject[] = [];
  const fixed = new Date(Date.UTC(2024, 5, 17));
  for (let i = 0; out.length < count; i++) {
    const wk = i < WELL_KNOWN_PUBLIC.length;
    const p = wk ? PLATFORMS[[2, 3, 5][i]] : PLATFORMS[i % PLATFORMS.length];
    const d = wk ? fixed : releaseDate(Math.floor(i / PLATFORMS.length) + (i % 3));
    const graphics = !wk && i % 11 === 5 && p.platform.startsWith('WINDOWS_SERVER');
    const dateTag = `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}-${d.getUTCFullYear()}`;
    const name = `AppStream-${graphics ? 'Graphics-G4dn-' : ''}${p.tag}-${dateTag}`;
    if (out.some((x) => x.Name === name)) { continue; }
    out.push({
      Name: name,
      Arn: `arn:aws:appstream:${region}::image/${name}`,
      DisplayName: `${p.label}${graphics ? ' Graphics G4dn' : ''} Base - ${dateTag}`,
      State: 'AVAILABLE',
      Visibility: 'PUBLIC',
      ImageBuilderSupported: true,
      Platform: p.platform,
      Description: `Amazon AppStream 2.0 ${p.label} base image, released ${dateTag}. Includes the latest operating system updates.`,
      Applications: [],
      CreatedTime: d.toISOString(),
      PublicBaseImageReleasedDate: d.toISOString(),
      AppstreamAgentVersion: `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}-${d.getUTCFullYear()}`,
      LatestAppstreamAgentVersion: i < 20 && !wk ? 'TRUE' : 'FALSE',
      SupportedInstanceFamilies: graphics ? ['GRAPHICS_G4DN'] : p.families,
      DynamicAppProvidersEnabled: p.platform.startsWith('WINDOWS') ? 'ENABLED' : 'DISABLED',
      ManagedSoftwareIncluded: i % 7 === 0,
      ImageType: 'NATIVE',
    });
  }
  return out;
}

function app(region: string, account: string, i: number, overrides: WireObject = {}): WireObject {
  const names = ['Firefox', 'Notepad++', 'VSCode', 'GIMP', 'LibreOffice', 'PuTTY', '7-Zip', 'Chrome', 'Blender', 'Inkscape', 'Audacity', 'VLC'];
  const n = names[i % names.length];
  const slug = n.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  return {
    Name: `${slug}${i >= names.length ? i : ''}`,
    DisplayName: n,
    IconURL: i % 3 === 2 ? `http://insecure.example.com/icons/${slug}.png` : `https://appstream2.example.com/icons/${slug}.png?X-Amz-Expires=3600&X-Amz-Signature=abc${i}`,
    LaunchPath: `C:\\Program Files\\${n}\\${slug}.exe`,
    LaunchParameters: i % 2 ? `--profile "C:\\Users\\PhotonUser\\My Files\\${slug}" --no-first-run` : '',
    Enabled: i % 5 !== 4,
    Metadata: { vendor: `${n} Inc.`, version: `${i + 1}.0.${i * 3}`, category: i % 2 ? 'productivity' : 'graphics' },
    WorkingDirectory: `C:\\Users\\PhotonUser\\Documents\\${slug}`,
    Description: `${n} packaged for AppStream (app ${i + 1}).`,
    Arn: `arn:aws:appstream:${region}:${account}:application/${slug}${i}`,
    AppBlockArn: `arn:aws:appstream:${region}:${account}:app-block/${slug}-block`,
    IconS3Location: { S3Bucket: `appstream-app-icons-${account}`, S3Key: `icons/${slug}.png` },
    Platforms: ['WINDOWS_SERVER_2019', 'WINDOWS_SERVER_2022'],
    InstanceFamilies: ['GENERAL_PURPOSE', 'MEMORY_OPTIMIZED'],
    CreatedTime: new Date(Date.UTC(2025, 0, 15 + i, 9, 30)).toISOString(),
    ...overrides,
  };
}

function privateImage(region: string, account: string, name: string, extra: WireObject = {}): WireObject {
  const base = PLATFORMS[2];
  return {
    Name: name,
    Arn: arn(region, account, name),
    BaseImageArn: `arn:aws:appstream:${region}::image/AppStream-WinServer2019-06-17-2024`,
    DisplayName: name,
    State: 'AVAILABLE',
    Visibility: 'PRIVATE',
    ImageBuilderSupported: true,
    ImageBuilderName: `${name.slice(0, 80)}-builder`,
    Platform: base.platform,
    Description: `Private image ${name}.`,
    Applications: [app(region, account, 0)],
    CreatedTime: '2025-03-01T12:00:00.000Z',
    PublicBaseImageReleasedDate: '2024-06-17T00:00:00.000Z',
    AppstreamAgentVersion: '10-08-2024',
    LatestAppstreamAgentVersion: 'TRUE',
    SupportedInstanceFamilies: base.families,
    DynamicAppProvidersEnabled: 'DISABLED',
    ImageSharedWithOthers: 'FALSE',
    ManagedSoftwareIncluded: false,
    ImageType: 'CUSTOM',
    ...extra,
  };
}

const HOSTILE_LONG = `${'Lorem ipsum dolor sit amet, <b>not bold</b> & "quoted" \'single\' — '.repeat(160)}END-OF-LONG-DESCRIPTION`;

function devUsEast1(): SeedRegionResources {
  const r = 'us-east-1';
  const img = (name: string, extra: WireObject = {}): WireObject => privateImage(r, DEV, name, extra);
  const images: WireObject[] = [];
  for (let i = 1; i <= 5; i++) { images.push(img(`deletable-${i}`, { DisplayName: `Deletable ${i}`, Description: `Free to delete in tests (${i} of 5).` })); }
  images.push(
    img('in-use-by-fleet', { Description: 'Used by fleet demo-fleet (by ImageName).' }),
    img('in-use-by-fleet-arn', { Description: 'Used by fleet demo-fleet-arn (by ImageArn).' }),
    img('in-use-by-builder', { Description: 'Used by image builder demo-builder (by ImageArn).' }),
    img('shared-with-prod', { Description: 'Shared with demo-prod (222222222222): allowFleet, not allowImageBuilder.', ImageSharedWithOthers: 'TRUE' }),
    img('failed-image-with-errors', {
      State: 'FAILED',
      DisplayName: 'Failed image (several ImageErrors)',
      Description: 'Image creation failed; ImageErrors and StateChangeReason are filled in.',
      StateChangeReason: { Code: 'INTERNAL_ERROR', Message: 'The image could not be created because the image builder reported errors. See ImageErrors.' },
      ImageErrors: [
        { ErrorCode: 'IAM_SERVICE_ROLE_IS_MISSING', ErrorMessage: 'The AmazonAppStreamServiceAccess service role is missing from the account.', ErrorTimestamp: '2025-04-02T08:15:00.000Z' },
        { ErrorCode: 'NETWORK_INTERFACE_LIMIT_EXCEEDED', ErrorMessage: 'The network interface limit for the account has been exceeded.', ErrorTimestamp: '2025-04-02T08:16:30.000Z' },
        { ErrorCode: 'SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES', ErrorMessage: 'Subnet subnet-0abc1234 has insufficient IP addresses.', ErrorTimestamp: '2025-04-02T08:17:45.000Z' },
        { ErrorCode: 'DOMAIN_JOIN_ERROR_ACCESS_DENIED', ErrorMessage: 'Access is denied when joining corp.example.com.', ErrorTimestamp: '2025-04-02T08:18:00.000Z' },
      ],
    }),
    img('failed-copy', {
      State: 'FAILED',
      Description: 'A failed image copy: one ImageError, IMAGE_COPY_FAILURE.',
      StateChangeReason: { Code: 'IMAGE_COPY_FAILURE', Message: 'The image copy to us-east-1 failed.' },
      ImageErrors: [{ ErrorCode: 'INTERNAL_SERVICE_ERROR', ErrorMessage: 'An internal service error occurred.', ErrorTimestamp: '2025-04-03T10:00:00.000Z' }],
    }),
  );
  for (const st of ['PENDING', 'CREATING', 'COPYING', 'DELETING', 'IMPORTING', 'VALIDATING']) {
    images.push(img(`state-${st.toLowerCase()}`, { State: st, Description: `An image in state ${st}.`, ...(st === 'IMPORTING' ? { ImageType: 'BYOL' } : {}) }));
  }
  for (const p of PLATFORMS) {
    images.push(img(`platform-${p.platform.toLowerCase().replace(/_/g, '-')}`, {
      Platform: p.platform, DisplayName: `${p.label} custom image`, SupportedInstanceFamilies: p.families,
      Description: `A private ${p.label} image (Platform ${p.platform}).`,
      Applications: p.platform.startsWith('WINDOWS') ? [app(r, DEV, 1)] : [app(r, DEV, 2, { LaunchPath: '/usr/bin/firefox', WorkingDirectory: '/home/as2-streaming-user', Platforms: [p.platform] })],
    }));
  }
  images.push(
    img('many-apps', { DisplayName: 'Image with twelve applications', Description: 'Every Application field filled in; https and http icons.', Applications: Array.from({ length: 12 }, (_, i) => app(r, DEV, i)) }),
    img('hostile-html', {
      DisplayName: '<img src=x onerror=alert(1)>',
      Description: '<script>alert(1)</script> "quotes" \'apostrophes\' & ampersands </textarea><svg onload=alert(2)>',
      Applications: [
        app(r, DEV, 0, {
          Name: 'hostile-app',
          DisplayName: '<img src=x onerror=alert(1)>',
          Description: '<script>alert(document.cookie)</script>',
          IconURL: 'javascript:alert(1)',
          LaunchPath: 'C:\\evil\\"><script>alert(1)</script>.exe',
          LaunchParameters: '"; rm -rf / #',
          WorkingDirectory: '<iframe src=javascript:alert(1)>',
          Metadata: { '<b>key</b>': '<img src=x onerror=alert(1)>', 'javascript:alert(1)': 'x' },
        }),
      ],
    }),
    img('hostile-urls', {
      DisplayName: 'Icons with odd URLs',
      Description: 'Icon URLs: javascript:, data:, http:, protocol-relative, very long.',
      Applications: [
        app(r, DEV, 0, { Name: 'js-icon', IconURL: 'javascript:alert(1)' }),
        app(r, DEV, 1, { Name: 'data-icon', IconURL: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' }),
        app(r, DEV, 2, { Name: 'http-icon', IconURL: 'http://insecure.example.com/icon.png' }),
        app(r, DEV, 3, { Name: 'relative-icon', IconURL: '//evil.example.com/icon.png' }),
        app(r, DEV, 4, { Name: 'long-icon', IconURL: `https://example.com/${'a'.repeat(3000)}.png` }),
        app(r, DEV, 5, { Name: 'no-icon', IconURL: undefined, IconS3Location: undefined }),
      ],
    }),
    img('unicode-rtl-emoji', {
      DisplayName: 'صورة التطبيقات 🚀 תמונה \u202Egnp.exe\u202C zero\u200Bwidth\u200D joiner 👩‍💻',
      Description: 'Mixed scripts: العربية, עברית, 日本語, Ελληνικά, emoji 🧪🔥, combining e\u0301, zero-width\u200B\u200C\u200Dspaces, RTL override \u202Eevil\u202C, BOM \uFEFF.',
      Applications: [app(r, DEV, 6, { Name: 'unicode-app', DisplayName: '📊 Excel‮ (RTL)‬', Description: 'تطبيق 🎉', Metadata: { 'ключ': 'значение 🌍', '名前': '値' } })],
    }),
    img('long-description-10k', { DisplayName: 'Image with a 10 KB+ description', Description: HOSTILE_LONG }),
    img('x.Odd_name-v1.0..final--', { DisplayName: 'Unusual but valid image name', Description: 'Name uses dots, underscores and dashes, ends in dashes.' }),
    { Name: 'minimal-fields', Arn: arn(r, DEV, 'minimal-fields'), State: 'AVAILABLE', Visibility: 'PRIVATE' },
    img('byol-image', { ImageType: 'BYOL', Description: 'Bring-your-own-license image.' }),
    img('managed-software', { ManagedSoftwareIncluded: true, Description: 'Includes license-included managed software.' }),
    img('dynamic-app-providers', { DynamicAppProvidersEnabled: 'ENABLED', Description: 'Dynamic app providers enabled.' }),
    img('outdated-agent', { LatestAppstreamAgentVersion: 'FALSE', AppstreamAgentVersion: '02-19-2023', Description: 'Agent is not the latest.' }),
    img('common-base', {
      DisplayName: 'Common base (own)',
      Description: 'Own image named like demo-prod\'s common-base, which demo-prod shares with demo-dev. Fleet shared-common-base-fleet runs demo-prod\'s (by ARN), not this one: this one is free to delete.',
    }),
  );
  const fleetBase = (name: string, extra: WireObject): WireObject => ({
    Arn: `arn:aws:appstream:${r}:${DEV}:fleet/${name}`,
    Name: name,
    DisplayName: name,
    Description: `Fleet ${name}`,
    InstanceType: 'stream.standard.medium',
    FleetType: 'ON_DEMAND',
    ComputeCapacityStatus: { Desired: 1, Running: 1, InUse: 0, Available: 1 },
    MaxUserDurationInSeconds: 57600,
    DisconnectTimeoutInSeconds: 900,
    State: 'RUNNING',
    VpcConfig: { SubnetIds: ['subnet-0abc1234'], SecurityGroupIds: ['sg-0abc1234'] },
    CreatedTime: '2025-03-05T09:00:00.000Z',
    EnableDefaultInternetAccess: false,
    IdleDisconnectTimeoutInSeconds: 600,
    StreamView: 'APP',
    Platform: 'WINDOWS_SERVER_2019',
    ...extra,
  });
  const builderBase = (name: string, extra: WireObject): WireObject => ({
    Name: name,
    Arn: `arn:aws:appstream:${r}:${DEV}:image-builder/${name}`,
    Description: `Image builder ${name}`,
    DisplayName: name,
    InstanceType: 'stream.standard.large',
    Platform: 'WINDOWS_SERVER_2019',
    State: 'RUNNING',
    CreatedTime: '2025-03-06T09:00:00.000Z',
    EnableDefaultInternetAccess: true,
    AppstreamAgentVersion: '10-08-2024',
    LatestAppstreamAgentVersion: 'TRUE',
    ...extra,
  });
  return {
    accountId: DEV,
    region: r,
    images,
    fleets: [
      fleetBase('demo-fleet', { ImageName: 'in-use-by-fleet', ImageArn: arn(r, DEV, 'in-use-by-fleet') }),
      fleetBase('demo-fleet-arn', { ImageArn: arn(r, DEV, 'in-use-by-fleet-arn'), State: 'STOPPED', ComputeCapacityStatus: { Desired: 0, Running: 0, InUse: 0, Available: 0 } }),
      fleetBase('public-base-fleet', { ImageName: 'AppStream-WinServer2019-06-17-2024', ImageArn: 'arn:aws:appstream:us-east-1::image/AppStream-WinServer2019-06-17-2024', FleetType: 'ALWAYS_ON' }),
      // Runs demo-prod's shared common-base: same ImageName as dev's own common-base, another ARN.
      fleetBase('shared-common-base-fleet', { ImageName: 'common-base', ImageArn: arn(r, PROD, 'common-base') }),
    ],
    imageBuilders: [
      builderBase('demo-builder', { ImageArn: arn(r, DEV, 'in-use-by-builder') }),
      builderBase('public-builder', { ImageArn: 'arn:aws:appstream:us-east-1::image/AppStream-WinServer2022-06-17-2024', Platform: 'WINDOWS_SERVER_2022', State: 'STOPPED' }),
      // One builder per state the tree must draw; all run public images, so no private image becomes "in use".
      ...devBuilders(builderBase),
    ],
    updatesAvailable: ['outdated-agent', 'platform-windows-server-2019', 'many-apps', 'managed-software', 'in-use-by-fleet', 'deletable-4'],
    // Its update ends FAILED (IMAGE_UPDATE_FAILURE) whatever the new name: the demo shows the explanation.
    updatesFailing: ['managed-software'],
    exportImageTasks: [
      { TaskId: '0f5e3c2a-1b4d-4e6f-8a9b-0c1d2e3f4a5b', ImageArn: arn(r, DEV, 'many-apps'), AmiName: 'many-apps-ami-2025-05', AmiDescription: 'Exported for the EC2 build farm.', CreatedDate: '2025-05-02T10:00:00.000Z', State: 'COMPLETED', AmiId: 'ami-0a1b2c3d4e5f60718', TagSpecifications: { team: 'desktop-apps' } },
      { TaskId: '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d', ImageArn: arn(r, DEV, 'platform-windows-server-2019'), AmiName: 'ws2019-ami', CreatedDate: '2025-05-03T11:00:00.000Z', State: 'FAILED', ErrorDetails: [{ ErrorCode: 'IAM_ROLE_INVALID', ErrorMessage: 'The IAM role arn:aws:iam::111111111111:role/AppStreamExport could not be assumed by appstream.amazonaws.com.' }, { ErrorCode: 'AMI_CREATION_FAILED', ErrorMessage: 'The AMI <b>ws2019-ami</b> was not created.' }] },
      { TaskId: '2b3c4d5e-6f7a-4b9c-8d1e-2f3a4b5c6d7e', ImageArn: arn(r, DEV, 'common-base'), AmiName: 'common-base-ami', CreatedDate: '2025-05-04T12:00:00.000Z', State: 'TIMED_OUT', ErrorDetails: [{ ErrorCode: 'EXPORT_TIMED_OUT', ErrorMessage: 'The export did not complete within 24 hours.' }] },
    ],
    imagePermissions: {
      'shared-with-prod': [perm(PROD, true, false)],
    },
    tags: {
      [arn(r, DEV, 'platform-windows-server-2022')]: { keep: 'true', owner: 'platform-team' },
      // The cleanup finder keeps it (keep tag) although it is old, unused and not among the newest 2 of family "deletable".
      [arn(r, DEV, 'deletable-3')]: { keep: 'until-2027' },
      [arn(r, DEV, 'many-apps')]: { team: 'desktop-apps', env: 'dev', 'cost-center': 'CC-1234' },
      [arn(r, DEV, 'in-use-by-fleet')]: { team: 'streaming', env: 'prod' },
      [`arn:aws:appstream:${r}:${DEV}:fleet/demo-fleet`]: { team: 'streaming' },
    },
  };
}

/** demo-dev's image builders in us-east-1 beyond demo-builder and public-builder: one per state worth drawing. */
function devBuilders(builderBase: (name: string, extra: WireObject) => WireObject): WireObject[] {
  const pub = (name: string): string => `arn:aws:appstream:us-east-1::image/${name}`;
  const ws2019 = pub('AppStream-WinServer2019-06-17-2024');
  return [
    builderBase('builder-stopped-vpc', {
      ImageArn: ws2019, State: 'STOPPED', DisplayName: 'Stopped builder in a VPC',
      VpcConfig: { SubnetIds: ['subnet-0abc1234'], SecurityGroupIds: ['sg-0abc1234'] },
      IamRoleArn: `arn:aws:iam::${DEV}:role/AppStreamBuilderRole`, EnableDefaultInternetAccess: false,
      DomainJoinInfo: { DirectoryName: 'corp.example.com', OrganizationalUnitDistinguishedName: 'OU=AppStream,DC=corp,DC=example,DC=com' },
      AccessEndpoints: [{ EndpointType: 'STREAMING', VpceId: 'vpce-0abc1234def567890' }], RootVolumeConfig: { VolumeSizeInGb: 300 },
    }),
    builderBase('builder-running-linux', {
      ImageArn: pub('AppStream-AmazonLinux2-06-17-2024'), Platform: 'AMAZON_LINUX2', InstanceType: 'stream.standard.medium',
      VpcConfig: { SubnetIds: ['subnet-0def5678'], SecurityGroupIds: [] },
      NetworkAccessConfiguration: { EniPrivateIpAddress: '10.0.1.25', EniId: 'eni-0123456789abcdef0' },
    }),
    builderBase('builder-pending', { ImageArn: ws2019, State: 'PENDING', DisplayName: 'Starting builder' }),
    builderBase('builder-snapshotting', { ImageArn: ws2019, State: 'SNAPSHOTTING', DisplayName: 'Builder creating an image' }),
    builderBase('builder-stopping', { ImageArn: ws2019, State: 'STOPPING' }),
    builderBase('builder-updating-agent', { ImageArn: ws2019, State: 'UPDATING_AGENT', LatestAppstreamAgentVersion: 'FALSE', AppstreamAgentVersion: '02-19-2023' }),
    builderBase('builder-rebooting', { ImageArn: ws2019, State: 'REBOOTING' }),
    builderBase('builder-failed', {
      ImageArn: ws2019, State: 'FAILED', DisplayName: '<img src=x onerror=alert(1)> failed builder', Description: '<script>alert(1)</script> builder that failed',
      StateChangeReason: { Code: 'INTERNAL_ERROR', Message: 'The image builder could not be launched. See ImageBuilderErrors.' },
      ImageBuilderErrors: [
        { ErrorCode: 'SUBNET_NOT_FOUND', ErrorMessage: 'The subnet subnet-0nothere could not be found.', ErrorTimestamp: '2025-04-10T09:00:00.000Z' },
        { ErrorCode: 'IAM_SERVICE_ROLE_MISSING_ENI_CREATE_ACTION', ErrorMessage: 'The AmazonAppStreamServiceAccess role lacks ec2:CreateNetworkInterface <b>(markup stays text)</b>.', ErrorTimestamp: '2025-04-10T09:01:00.000Z' },
      ],
    }),
    builderBase('builder-deleting', { ImageArn: ws2019, State: 'DELETING' }),
  ];
}

function perm(account: string, allowFleet: boolean, allowImageBuilder: boolean): SeedImagePermission {
  return { sharedAccountId: account, imagePermissions: { allowFleet, allowImageBuilder } };
}

const SSO_TEAMS = ['payments', 'checkout', 'catalog', 'search', 'identity', 'analytics', 'data-platform', 'ml-research', 'support-desk', 'finance', 'hr-apps', 'design-studio', 'cad-workstations', 'training', 'sandbox'];
const SSO_ENVS = ['dev', 'prod'];

/** SSO accounts that own images (so GetRoleCredentials for them lists something). */
export const SSO_IMAGE_ACCOUNTS = ['510000000001', '510000000002', '510000000007', '510000000013'];

/** The SSO portal: the four profile accounts and 30 more (names, emails, roles). */
function ssoDirectory(): SeedSso {
  const accounts: SeedSso['accounts'] = [
    { accountId: DEV, accountName: 'Demo Dev', emailAddress: 'aws+demo-dev@example.com', roles: ['AppStreamImagesTest', 'AdministratorAccess', 'ReadOnlyAccess'] },
    { accountId: PROD, accountName: 'Demo Prod', emailAddress: 'aws+demo-prod@example.com', roles: ['AppStreamImagesTest', 'ReadOnlyAccess'] },
    { accountId: EMPTY, accountName: 'Demo Empty', emailAddress: 'aws+demo-empty@example.com', roles: ['AppStreamImagesTest'] },
    { accountId: PARTNER, accountName: 'Demo Partner', emailAddress: 'aws+demo-partner@example.com', roles: ['AppStreamImagesTest'] },
  ];
  for (let i = 1; i <= 30; i++) {
    const team = SSO_TEAMS[Math.floor((i - 1) / 2)];
    const env = SSO_ENVS[(i - 1) % 2];
    const accountId = `5100000000${pad(i)}`;
    const roles = i === 3 ? Array.from({ length: 12 }, (_, k) => `Role${pad(k + 1)}-${team}`)
      : i % 5 === 0 ? ['ReadOnlyAccess']
        : ['AdministratorAccess', 'AppStreamImageAdmin', 'ReadOnlyAccess'];
    const name = i === 29 ? 'Sandbox <img src=x onerror=alert(1)> & "quotes"' : i === 30 ? 'Sandbox — 実験 🧪' : `${team} ${env}`;
    accounts.push({ accountId, accountName: name, emailAddress: `aws+${team}-${env}@example.com`, roles });
  }
  return { sessionName: 'demo-sso', startUrl: 'https://demo-estate.awsapps.com/start', region: 'us-east-1', accounts };
}

/** Images owned by some SSO accounts. */
function ssoResources(): SeedRegionResources[] {
  return SSO_IMAGE_ACCOUNTS.map((account, k) => ({
    accountId: account,
    region: k === 3 ? 'eu-west-1' : 'us-east-1',
    images: Array.from({ length: 2 + k }, (_, j) => privateImage(k === 3 ? 'eu-west-1' : 'us-east-1', account, `sso-${account.slice(-2)}-image-${j + 1}`, {
      Description: `Image ${j + 1} of SSO account ${account}.`,
      CreatedTime: releaseDate(j * 4).toISOString(),
    })),
    updatesAvailable: [`sso-${account.slice(-2)}-image-1`],
  }));
}

/** Service Quotas (appstream2) that differ from AWS's defaults, and accounts without servicequotas permission. */
function serviceQuotas(): SeedServiceQuotas {
  return {
    values: [
      // 38 own images of 45: near the limit; room for the tests' updates and builders.
      { accountId: DEV, region: 'us-east-1', quotas: { [QUOTA_CODES.images]: 45, [QUOTA_CODES.imageBuilders]: 20 } },
      { accountId: DEV, region: 'eu-west-1', quotas: { [QUOTA_CODES.images]: 25 } },
      // 5 of 5: at the limit.
      { accountId: PROD, region: 'us-east-1', quotas: { [QUOTA_CODES.images]: 5 } },
      // 4 of 5: near the limit.
      { accountId: PROD, region: 'eu-west-1', quotas: { [QUOTA_CODES.images]: 5, [QUOTA_CODES.imageBuilders]: 2 } },
      { accountId: '510000000002', region: 'us-east-1', quotas: { [QUOTA_CODES.images]: 3 } },
    ],
    deniedAccounts: [PARTNER, '510000000005', '510000000010'],
  };
}

function build(): Seed {
  const publicImagesByRegion: Record<string, WireObject[]> = {
    'us-east-1': publicImages('us-east-1', 130),
    'eu-west-1': publicImages('eu-west-1', 12),
    'ap-southeast-2': publicImages('ap-southeast-2', 6),
  };
  const resources: SeedRegionResources[] = [
    devUsEast1(),
    {
      accountId: DEV,
      region: 'eu-west-1',
      images: [
        privateImage('eu-west-1', DEV, 'dev-eu-app-image', { Description: 'A dev image in eu-west-1.' }),
        privateImage('eu-west-1', DEV, 'dev-eu-pending', { State: 'PENDING' }),
      ],
      updatesAvailable: ['dev-eu-app-image'],
    },
    {
      accountId: PROD,
      region: 'us-east-1',
      images: [
        privateImage('us-east-1', PROD, 'prod-shared-with-dev', { Description: 'Owned by demo-prod, shared with demo-dev (allowFleet + allowImageBuilder).', ImageSharedWithOthers: 'TRUE' }),
        privateImage('us-east-1', PROD, 'prod-golden-2025', { Description: 'Used by fleet prod-fleet.' }),
        privateImage('us-east-1', PROD, 'prod-deletable-1', { Description: 'Free to delete in tests (prod).' }),
        privateImage('us-east-1', PROD, 'common-base', {
          DisplayName: 'Common base (demo-prod)',
          Description: 'Owned by demo-prod, shared with demo-dev (allowFleet), which owns an image of the same name; demo-dev\'s fleet shared-common-base-fleet runs this one.',
          ImageSharedWithOthers: 'TRUE',
        }),
        privateImage('us-east-1', PROD, 'team-base', {
          DisplayName: 'Team base (demo-prod)',
          Description: 'Owned by demo-prod, shared with demo-dev (allowFleet + allowImageBuilder); demo-partner shares a team-base with demo-dev too.',
          ImageSharedWithOthers: 'TRUE',
        }),
      ],
      fleets: [{
        Arn: `arn:aws:appstream:us-east-1:${PROD}:fleet/prod-fleet`, Name: 'prod-fleet', ImageName: 'prod-golden-2025',
        ImageArn: arn('us-east-1', PROD, 'prod-golden-2025'), InstanceType: 'stream.standard.large', FleetType: 'ALWAYS_ON',
        ComputeCapacityStatus: { Desired: 5, Running: 5, InUse: 2, Available: 3 }, State: 'RUNNING', CreatedTime: '2025-02-01T00:00:00.000Z',
      }],
      imagePermissions: {
        'prod-shared-with-dev': [perm(DEV, true, true)],
        'common-base': [perm(DEV, true, false)],
        'team-base': [perm(DEV, true, true)],
      },
      updatesAvailable: ['prod-golden-2025'],
    },
    {
      accountId: PARTNER,
      region: 'us-east-1',
      images: [
        privateImage('us-east-1', PARTNER, 'team-base', {
          DisplayName: 'Team base (demo-partner)',
          Description: 'Owned by demo-partner, shared with demo-dev (allowImageBuilder only); same name as demo-prod\'s team-base.',
          Platform: 'WINDOWS_SERVER_2022',
          SupportedInstanceFamilies: PLATFORMS[3].families,
          ImageSharedWithOthers: 'TRUE',
        }),
      ],
      imagePermissions: { 'team-base': [perm(DEV, false, true)] },
    },
    {
      accountId: PROD,
      region: 'eu-west-1',
      images: [
        privateImage('eu-west-1', PROD, 'prod-eu-main', { Description: 'Main production image in eu-west-1, used by fleet prod-eu-fleet.' }),
        privateImage('eu-west-1', PROD, 'prod-eu-builder-source', { Description: 'Used by image builder prod-eu-builder.' }),
        privateImage('eu-west-1', PROD, 'prod-eu-failed', {
          State: 'FAILED',
          StateChangeReason: { Code: 'IMAGE_BUILDER_NOT_AVAILABLE', Message: 'The image builder prod-eu-builder is not available.' },
          ImageErrors: [{ ErrorCode: 'FLEET_INSTANCE_PROVISIONING_FAILURE', ErrorMessage: 'Instance provisioning failed.', ErrorTimestamp: '2025-05-01T00:00:00.000Z' }],
        }),
        privateImage('eu-west-1', PROD, 'prod-eu-deletable', { Description: 'Free to delete in tests (prod, eu-west-1).' }),
      ],
      fleets: [{
        Arn: `arn:aws:appstream:eu-west-1:${PROD}:fleet/prod-eu-fleet`, Name: 'prod-eu-fleet', ImageName: 'prod-eu-main',
        ImageArn: arn('eu-west-1', PROD, 'prod-eu-main'), InstanceType: 'stream.standard.medium', FleetType: 'ELASTIC',
        ComputeCapacityStatus: { Desired: 2, Running: 2, InUse: 1, Available: 1 }, State: 'RUNNING', CreatedTime: '2025-02-01T00:00:00.000Z',
      }],
      updatesAvailable: ['prod-eu-main'],
      imageBuilders: [{
        Name: 'prod-eu-builder', Arn: `arn:aws:appstream:eu-west-1:${PROD}:image-builder/prod-eu-builder`,
        ImageArn: arn('eu-west-1', PROD, 'prod-eu-builder-source'), InstanceType: 'stream.standard.large', Platform: 'WINDOWS_SERVER_2019',
        State: 'STOPPED', CreatedTime: '2025-02-02T00:00:00.000Z',
      }],
    },
  ];
  return {
    comment: 'Generated by test/emulator/makeSeed.ts; see test/emulator/README.md for what each image is for.',
    accounts,
    regions: REGIONS,
    publicImages: publicImagesByRegion,
    resources: [...resources, ...ssoResources()],
    sso: ssoDirectory(),
    serviceQuotas: serviceQuotas(),
  };
}

if (require.main === module) {
  const seed = build();
  const file = process.argv[2] ?? defaultSeedPath();
  fs.writeFileSync(file, `${JSON.stringify(seed, null, 2)}\n`);
  const n = seed.resources.reduce((s, r) => s + r.images.length, 0);
  console.log(`wrote ${file}: ${seed.accounts.length} accounts, ${n} private images, public: ${Object.entries(seed.publicImages).map(([r, i]) => `${r}=${i.length}`).join(' ')}`);
}

export { build as buildSeed };
