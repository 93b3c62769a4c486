// The image quota's pure rules (no SDK, no vscode): the tree imports these; quotas.ts lists.
import type { ServiceQuota } from '@aws-sdk/client-service-quotas';

/** Service Quotas' code for AppStream 2.0 (WorkSpaces Applications). */
export const APPSTREAM_SERVICE_CODE = 'appstream2';

/**
 * The image quota is found by its name, as AWS's quotas page and the console show it ("Images",
 * per account and Region); quota codes are opaque ids that AWS does not promise to keep.
 */
export const IMAGE_QUOTA_NAME = 'Images';

/** Share of the quota from which a region is shown as near its limit. */
export const NEAR_QUOTA_SHARE = 0.8;

export interface ImageQuota {
  name: string;
  code: string;
  value: number;
  adjustable: boolean;
}

/** What a region shows about its image quota. */
export type ImageQuotaStatus =
  | { kind: 'known'; quota: ImageQuota }
  /** No servicequotas permission (or the service refused): no figure, never an error node. */
  | { kind: 'unavailable'; reason: string };

export type QuotaLevel = 'ok' | 'near' | 'at';

/** How close `own` images are to the quota. */
export function quotaLevel(own: number, quota: ImageQuota): QuotaLevel {
  if (own >= quota.value) {
    return 'at';
  }
  return own >= Math.ceil(quota.value * NEAR_QUOTA_SHARE) ? 'near' : 'ok';
}

/** The console page where an increase of this quota is requested (Service Quotas, that region). */
export function quotaIncreaseUrl(region: string, quotaCode: string): string {
  return `https://${region}.console.aws.amazon.com/servicequotas/home/services/${APPSTREAM_SERVICE_CODE}/quotas/${encodeURIComponent(quotaCode)}`;
}

/** The image quota among a listing of appstream2's quotas, by name. */
export function pickImageQuota(quotas: readonly ServiceQuota[]): ImageQuota | undefined {
  const found = quotas.find((q) => q.QuotaName?.trim().toLowerCase() === IMAGE_QUOTA_NAME.toLowerCase());
  if (!found?.QuotaCode || typeof found.Value !== 'number') {
    return undefined;
  }
  return { name: found.QuotaName ?? IMAGE_QUOTA_NAME, code: found.QuotaCode, value: found.Value, adjustable: found.Adjustable ?? false };
}

/** Errors that mean "no quota figure here" (not allowed to read quotas, or no such quota), not "something broke". */
export function isQuotaUnavailable(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return ['AccessDeniedException', 'AccessDenied', 'NoSuchResourceException', 'IllegalArgumentException'].includes(e?.name ?? '') || e?.$metadata?.httpStatusCode === 403;
}
