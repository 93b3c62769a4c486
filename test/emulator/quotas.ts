/**
 * The Service Quotas catalog of AppStream 2.0 (service code `appstream2`) that the emulator
 * serves and enforces. Names, codes and defaults are AWS's, from the "Amazon WorkSpaces
 * Applications Service Quotas" page of the administration guide
 * (https://docs.aws.amazon.com/appstream2/latest/developerguide/limits.html), whose
 * "Adjustable" links name each quota's code (…/servicequotas/home/services/appstream2/quotas/L-…).
 */
export const APPSTREAM_SERVICE_CODE = 'appstream2';
export const APPSTREAM_SERVICE_NAME = 'Amazon AppStream 2.0';

/** Quota codes the emulator enforces. */
export const QUOTA_CODES = {
  /** "Images" (default 10): own images per account and Region. */
  images: 'L-E1182CCA',
  /** "Image builders (total)" (default 10). */
  imageBuilders: 'L-DE32F884',
  /** "Concurrent image updates" (default 5): CreateUpdatedImage runs at once. */
  concurrentImageUpdates: 'L-9B6418E0',
} as const;

export interface QuotaDefinition {
  code: string;
  name: string;
  defaultValue: number;
  adjustable: boolean;
}

/** The account-level `appstream2` quotas with a single value (per-instance-type quotas are not modelled). */
export const APPSTREAM_QUOTAS: readonly QuotaDefinition[] = [
  { code: 'L-A8B8B901', name: 'Stacks', defaultValue: 10, adjustable: true },
  { code: 'L-3FEADC0C', name: 'Fleets', defaultValue: 10, adjustable: true },
  { code: QUOTA_CODES.imageBuilders, name: 'Image builders (total)', defaultValue: 10, adjustable: true },
  { code: QUOTA_CODES.images, name: 'Images', defaultValue: 10, adjustable: true },
  { code: 'L-99A44980', name: 'Number of AWS accounts an image can be shared with', defaultValue: 100, adjustable: true },
  { code: 'L-60244546', name: 'Concurrent image copies per destination Region', defaultValue: 2, adjustable: true },
  { code: QUOTA_CODES.concurrentImageUpdates, name: 'Concurrent image updates', defaultValue: 5, adjustable: true },
  { code: 'L-6A8C9986', name: 'Users in the user pool', defaultValue: 50, adjustable: true },
];
