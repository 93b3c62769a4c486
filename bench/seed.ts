/**
 * The benchmark's seed: several accounts and regions with varied group sizes (one big group
 * to exercise paging, empty groups, shared and public images). Deterministic.
 */
import type { Seed, SeedAccount, SeedImagePermission, SeedRegionResources, WireObject } from '../test/emulator/types';

export type Visibility = 'PRIVATE' | 'SHARED' | 'PUBLIC';
export const VISIBILITIES: readonly Visibility[] = ['PRIVATE', 'SHARED', 'PUBLIC'];

/** DescribeImages' page size, as src/aws/service.ts asks for it (and the emulator's default). */
export const PAGE_SIZE = 25;

export interface BenchGroup {
  profile: string;
  accountId: string;
  region: string;
  visibility: Visibility;
  /** Images the group holds according to the seed. */
  images: number;
  /** DescribeImages requests one listing of it needs: one per page, at least one. */
  pages: number;
}

export interface BenchSeed {
  seed: Seed;
  accounts: SeedAccount[];
  regions: string[];
  groups: BenchGroup[];
  /** The big group (the one with the most images). */
  bigGroup: BenchGroup;
}

export const pagesFor = (images: number): number => Math.max(1, Math.ceil(images / PAGE_SIZE));

/** Small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLATFORMS = ['WINDOWS_SERVER_2019', 'WINDOWS_SERVER_2022', 'WINDOWS_SERVER_2025', 'AMAZON_LINUX2', 'RHEL8', 'ROCKY_LINUX8', 'UBUNTU_PRO_2404'];
const STATES = ['AVAILABLE', 'AVAILABLE', 'AVAILABLE', 'AVAILABLE', 'AVAILABLE', 'AVAILABLE', 'FAILED', 'PENDING', 'CREATING', 'COPYING'];
const WORDS = ['finance', 'design', 'eng', 'sales', 'lab', 'training', 'golden', 'cad', 'gis', 'office', 'dev', 'qa', 'support', 'render', 'analytics'];

function image(rand: () => number, region: string, account: string, name: string): WireObject {
  const platform = PLATFORMS[Math.floor(rand() * PLATFORMS.length)];
  const created = new Date(Date.UTC(2023, 0, 1) + Math.floor(rand() * 900) * 86400_000);
  return {
    Name: name,
    Arn: `arn:aws:appstream:${region}:${account}:image/${name}`,
    BaseImageArn: `arn:aws:appstream:${region}::image/AppStream-WinServer2019-06-17-2024`,
    DisplayName: rand() < 0.7 ? `${name.replace(/-/g, ' ')} (${platform})` : name,
    State: STATES[Math.floor(rand() * STATES.length)],
    Visibility: 'PRIVATE',
    ImageBuilderSupported: true,
    ImageBuilderName: `${name.slice(0, 80)}-builder`,
    Platform: platform,
    Description: `Benchmark image ${name} for ${account} in ${region}.`,
    Applications: [{
      Name: 'firefox', DisplayName: 'Firefox', Enabled: true,
      LaunchPath: 'C:\\Program Files\\Mozilla Firefox\\firefox.exe',
      Metadata: { vendor: 'Mozilla' },
      Arn: `arn:aws:appstream:${region}:${account}:application/firefox`,
    }],
    CreatedTime: created.toISOString(),
    PublicBaseImageReleasedDate: '2024-06-17T00:00:00.000Z',
    AppstreamAgentVersion: '10-08-2024',
    LatestAppstreamAgentVersion: rand() < 0.8 ? 'TRUE' : 'FALSE',
    SupportedInstanceFamilies: ['GENERAL_PURPOSE'],
    DynamicAppProvidersEnabled: 'DISABLED',
    ImageSharedWithOthers: 'FALSE',
    ManagedSoftwareIncluded: false,
    ImageType: 'CUSTOM',
  };
}

function publicImage(region: string, i: number): WireObject {
  const platform = PLATFORMS[i % PLATFORMS.length];
  const d = new Date(Date.UTC(2025, 5, 10) - i * 7 * 86400_000);
  const tag = d.toISOString().slice(0, 10);
  const name = `AppStream-${platform}-${tag}-${i}`;
  return {
    Name: name,
    Arn: `arn:aws:appstream:${region}::image/${name}`,
    DisplayName: `${platform} Base - ${tag}`,
    State: 'AVAILABLE',
    Visibility: 'PUBLIC',
    ImageBuilderSupported: true,
    Platform: platform,
    Description: `Amazon AppStream 2.0 ${platform} base image, released ${tag}.`,
    Applications: [],
    CreatedTime: d.toISOString(),
    PublicBaseImageReleasedDate: d.toISOString(),
    ImageType: 'NATIVE',
  };
}

interface Plan {
  regions: string[];
  /** Per account: private image count per region (same order as regions). */
  privateCounts: number[][];
  /** [owner index, region index, number of its first images shared, target account indexes]. */
  shares: [number, number, number, number[]][];
  publicCounts: number[];
}

const FULL: Plan = {
  regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
  privateCounts: [
    [2000, 40, 7],
    [120, 0, 26],
    [55, 310, 1],
    [0, 3, 75],
  ],
  shares: [
    [0, 0, 30, [1]],
    [0, 0, 5, [2]],
    [2, 1, 60, [0, 3]],
    [1, 2, 26, [3]],
    [3, 2, 10, [0]],
  ],
  publicCounts: [130, 60, 12],
};

const QUICK: Plan = {
  regions: ['us-east-1', 'eu-west-1'],
  privateCounts: [
    [500, 0],
    [30, 12],
  ],
  shares: [[0, 0, 28, [1]]],
  publicCounts: [40, 12],
};

export function generateSeed(quick: boolean): BenchSeed {
  const plan = quick ? QUICK : FULL;
  const rand = rng(20250610);
  const accounts: SeedAccount[] = plan.privateCounts.map((_, i) => {
    const n = String(i + 1);
    return {
      profile: `bench-${String.fromCharCode(97 + i)}`,
      accountId: n.repeat(12).slice(0, 12).replace(/^./, String(4 + i)),
      accessKeyId: `AKIABENCH${n.padStart(11, '0')}`,
      secretAccessKey: `benchSecretKey${n.padStart(26, '0')}`,
      region: plan.regions[i % plan.regions.length],
    };
  });
  const resources: SeedRegionResources[] = [];
  const names: string[][][] = accounts.map(() => plan.regions.map(() => []));
  accounts.forEach((a, ai) => {
    plan.regions.forEach((region, ri) => {
      const images: WireObject[] = [];
      const count = plan.privateCounts[ai][ri];
      for (let i = 0; i < count; i++) {
        // Names in no particular order, so the tree's sort has work to do.
        const name = `${WORDS[Math.floor(rand() * WORDS.length)]}-${WORDS[Math.floor(rand() * WORDS.length)]}-${a.profile}-${String(i).padStart(4, '0')}`;
        names[ai][ri].push(name);
        images.push(image(rand, region, a.accountId, name));
      }
      resources.push({ accountId: a.accountId, region, images, imagePermissions: {} });
    });
  });
  const sharedCounts: number[][] = accounts.map(() => plan.regions.map(() => 0));
  for (const [owner, ri, n, targets] of plan.shares) {
    const res = resources.find((r) => r.accountId === accounts[owner].accountId && r.region === plan.regions[ri])!;
    for (const name of names[owner][ri].slice(0, n)) {
      const perms: SeedImagePermission[] = res.imagePermissions![name] ?? [];
      for (const t of targets) {
        perms.push({ sharedAccountId: accounts[t].accountId, imagePermissions: { allowFleet: true, allowImageBuilder: t % 2 === 0 } });
      }
      res.imagePermissions![name] = perms;
      const img = res.images.find((x) => x.Name === name)!;
      img.ImageSharedWithOthers = 'TRUE';
    }
    for (const t of targets) {
      sharedCounts[t][ri] += Math.min(n, names[owner][ri].length);
    }
  }
  const publicImages: Record<string, WireObject[]> = {};
  plan.regions.forEach((region, ri) => {
    publicImages[region] = Array.from({ length: plan.publicCounts[ri] }, (_, i) => publicImage(region, i));
  });
  const groups: BenchGroup[] = [];
  accounts.forEach((a, ai) => {
    plan.regions.forEach((region, ri) => {
      const counts: Record<Visibility, number> = {
        PRIVATE: plan.privateCounts[ai][ri],
        SHARED: sharedCounts[ai][ri],
        PUBLIC: plan.publicCounts[ri],
      };
      for (const visibility of VISIBILITIES) {
        groups.push({ profile: a.profile, accountId: a.accountId, region, visibility, images: counts[visibility], pages: pagesFor(counts[visibility]) });
      }
    });
  });
  const bigGroup = groups.reduce((m, g) => (g.images > m.images ? g : m));
  return {
    seed: { comment: 'Generated by bench/seed.ts', accounts, regions: plan.regions, publicImages, resources },
    accounts,
    regions: plan.regions,
    groups,
    bigGroup,
  };
}

export const groupKey = (accountId: string, region: string, visibility: string): string => `${accountId}/${region}/${visibility}`;
