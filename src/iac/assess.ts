import type { Image } from '@aws-sdk/client-appstream';
import { parseImageArn } from '../aws/imageRef';
import type { ImageReference } from './references/types';
import type { Resolution } from './resolver';

// What is wrong with one reference, given what AWS said about it. Pure: the VS Code part turns
// findings into diagnostics (messages, severities, the quick fix).

export type FindingCode =
  | 'image-not-found'
  | 'shared-image-by-name'
  | 'image-failed'
  | 'image-deleting'
  | 'image-other-region'
  | 'image-not-shared-for-use'
  | 'invalid-image-arn';

export type FindingSeverity = 'error' | 'warning';

export const FINDING_SEVERITY: Record<FindingCode, FindingSeverity> = {
  'image-not-found': 'error',
  'shared-image-by-name': 'error',
  'image-failed': 'error',
  'image-deleting': 'warning',
  'image-other-region': 'warning',
  'image-not-shared-for-use': 'error',
  'invalid-image-arn': 'error',
};

export interface Finding {
  code: FindingCode;
  /** The region looked in. */
  region: string;
  image?: Image;
  /** shared-image-by-name: the shared images of that name the resource may use (their ARNs go in the quick fix). */
  candidates?: Image[];
  /** shared-image-by-name: shared images of that name the resource may not use (shared for the other use only). */
  unusable?: Image[];
}

/** What the resource does with its image: a fleet needs allowFleet, a builder allowImageBuilder. */
export function resourceUse(resourceType: string): 'fleet' | 'builder' | 'any' {
  if (/image_?builder/i.test(resourceType)) {
    return 'builder';
  }
  return /fleet/i.test(resourceType) ? 'fleet' : 'any';
}

function mayUse(image: Image, use: 'fleet' | 'builder' | 'any'): boolean {
  if (use === 'any' || image.Visibility !== 'SHARED' || !image.ImagePermissions) {
    return true;
  }
  return use === 'fleet' ? image.ImagePermissions.allowFleet === true : image.ImagePermissions.allowImageBuilder === true;
}

export function assess(ref: ImageReference, resolution: Resolution, region: string, profileRegion: string): Finding[] {
  const findings: Finding[] = [];
  if (resolution.status === 'invalid') {
    return [{ code: 'invalid-image-arn', region }];
  }
  if (ref.kind === 'arn') {
    const arnRegion = parseImageArn(ref.value)?.region;
    if (arnRegion && arnRegion !== profileRegion) {
      findings.push({ code: 'image-other-region', region: arnRegion });
    }
  }
  const use = resourceUse(ref.resourceType);
  if (resolution.status === 'missing') {
    const shared = resolution.sharedByOthers;
    if (ref.kind === 'name' && shared.length > 0) {
      findings.push({
        code: 'shared-image-by-name',
        region,
        candidates: shared.filter((s) => mayUse(s, use)),
        unusable: shared.filter((s) => !mayUse(s, use)),
      });
    } else {
      findings.push({ code: 'image-not-found', region });
    }
    return findings;
  }
  const image = resolution.image;
  if (image.State === 'FAILED') {
    findings.push({ code: 'image-failed', region, image });
  } else if (image.State === 'DELETING') {
    findings.push({ code: 'image-deleting', region, image });
  }
  if (!mayUse(image, use)) {
    findings.push({ code: 'image-not-shared-for-use', region, image });
  }
  return findings;
}
