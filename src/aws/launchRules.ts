// What "Launch Image Builder…" may send (CreateImageBuilder), checked as the user types and again
// before any request: AWS's name pattern, the instance types the SDK's model documents (limited to
// the image's SupportedInstanceFamilies when it lists them), subnet and security group ids, and an
// IAM role ARN. Pure: no `vscode`, no SDK at run time.
import { IMAGE_NAME_PATTERN, MAX_IMAGE_NAME_LENGTH } from './copyRules';

/** The instance types CreateImageBuilder's InstanceType documentation lists (the SDK's model). */
export const BUILDER_INSTANCE_TYPES: readonly string[] = [
  'stream.standard.small', 'stream.standard.medium', 'stream.standard.large',
  'stream.compute.large', 'stream.compute.xlarge', 'stream.compute.2xlarge', 'stream.compute.4xlarge', 'stream.compute.8xlarge',
  'stream.memory.large', 'stream.memory.xlarge', 'stream.memory.2xlarge', 'stream.memory.4xlarge', 'stream.memory.8xlarge',
  'stream.memory.z1d.large', 'stream.memory.z1d.xlarge', 'stream.memory.z1d.2xlarge', 'stream.memory.z1d.3xlarge', 'stream.memory.z1d.6xlarge', 'stream.memory.z1d.12xlarge',
  'stream.graphics.g4dn.xlarge', 'stream.graphics.g4dn.2xlarge', 'stream.graphics.g4dn.4xlarge', 'stream.graphics.g4dn.8xlarge', 'stream.graphics.g4dn.12xlarge', 'stream.graphics.g4dn.16xlarge',
  'stream.graphics.g5.xlarge', 'stream.graphics.g5.2xlarge', 'stream.graphics.g5.4xlarge', 'stream.graphics.g5.8xlarge', 'stream.graphics.g5.12xlarge', 'stream.graphics.g5.16xlarge', 'stream.graphics.g5.24xlarge',
  'stream.graphics.g6.xlarge', 'stream.graphics.g6.2xlarge', 'stream.graphics.g6.4xlarge', 'stream.graphics.g6.8xlarge', 'stream.graphics.g6.12xlarge', 'stream.graphics.g6.16xlarge', 'stream.graphics.g6.24xlarge',
  'stream.graphics.gr6.4xlarge', 'stream.graphics.gr6.8xlarge',
  'stream.graphics.g6f.large', 'stream.graphics.g6f.xlarge', 'stream.graphics.g6f.2xlarge', 'stream.graphics.g6f.4xlarge', 'stream.graphics.gr6f.4xlarge',
];

/** The image's SupportedInstanceFamilies value an instance type belongs to (GENERAL_PURPOSE, …, GRAPHICS_G6). */
export function instanceFamilyOf(instanceType: string): string | undefined {
  const prefixes: [string, string][] = [
    ['stream.standard.', 'GENERAL_PURPOSE'],
    ['stream.compute.', 'COMPUTE_OPTIMIZED'],
    ['stream.memory.', 'MEMORY_OPTIMIZED'],
    ['stream.graphics.g4dn.', 'GRAPHICS_G4DN'],
    ['stream.graphics.g5.', 'GRAPHICS_G5'],
    ['stream.graphics.g6', 'GRAPHICS_G6'],
    ['stream.graphics.gr6', 'GRAPHICS_G6'],
  ];
  return prefixes.find(([p]) => instanceType.startsWith(p))?.[1];
}

/** The instance types a builder of this image can run on: all when the image lists no families. */
export function instanceTypesFor(image: { SupportedInstanceFamilies?: string[] }): string[] {
  const families = image.SupportedInstanceFamilies;
  if (!families?.length) {
    return [...BUILDER_INSTANCE_TYPES];
  }
  return BUILDER_INSTANCE_TYPES.filter((t) => families.includes(instanceFamilyOf(t) ?? ''));
}

/**
 * Whether an image builder can be launched from this image (CreateImageBuilder's ImageArn): an
 * AVAILABLE image that is own, public, or shared with us with allowImageBuilder, and that does
 * not say it cannot run on a builder.
 */
export function isLaunchable(image: { State?: string; Visibility?: string; Arn?: string; ImageBuilderSupported?: boolean; ImagePermissions?: { allowImageBuilder?: boolean } }): boolean {
  if (image.State !== 'AVAILABLE' || typeof image.Arn !== 'string' || image.ImageBuilderSupported === false) {
    return false;
  }
  if (image.Visibility === 'SHARED') {
    return image.ImagePermissions?.allowImageBuilder === true;
  }
  return image.Visibility === 'PRIVATE' || image.Visibility === 'PUBLIC';
}

/** Why an image builder cannot be launched from this image (in the user's terms), or undefined. */
export function launchRefusal(image: { Name?: string; State?: string; Visibility?: string; Arn?: string; ImageBuilderSupported?: boolean; ImagePermissions?: { allowImageBuilder?: boolean } }): string | undefined {
  if (isLaunchable(image)) {
    return undefined;
  }
  const name = image.Name ?? '?';
  if (typeof image.Arn !== 'string') {
    return `AWS listed the image "${name}" without an ARN: an image builder is launched from an image's ARN, so nothing is sent.`;
  }
  if (image.State !== 'AVAILABLE') {
    return `The image "${name}" is ${image.State ?? 'in an unknown state'}: an image builder can be launched only from an AVAILABLE image.`;
  }
  if (image.ImageBuilderSupported === false) {
    return `The image "${name}" does not support image builders (ImageBuilderSupported is false).`;
  }
  return `The image "${name}" is shared with this account without permission to launch image builders: ask its owner to allow "Image builders" in its sharing.`;
}

/** Why AWS would refuse this image builder name (CreateImageBuilder's Name pattern), or undefined. */
export function validateBuilderName(text: string): string | undefined {
  if (!text) {
    return 'Enter a name for the image builder.';
  }
  if (text.length > MAX_IMAGE_NAME_LENGTH) {
    return `An image builder name has at most ${MAX_IMAGE_NAME_LENGTH} characters; this has ${text.length}.`;
  }
  if (!/^[a-zA-Z0-9]/.test(text)) {
    return 'An image builder name starts with a letter (a-z, A-Z) or a digit.';
  }
  if (!IMAGE_NAME_PATTERN.test(text)) {
    const c = Array.from(text).find((ch) => !/[a-zA-Z0-9_.-]/.test(ch));
    return `An image builder name may contain only letters a-z and A-Z, digits, and _ . -${c ? ` (not ${JSON.stringify(c)})` : ''}.`;
  }
  return undefined;
}

const SUBNET_ID = /^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
export const MAX_SECURITY_GROUPS = 5;

/** An optional subnet id: empty (no VPC) or `subnet-` and 8 or 17 hex digits. */
export function validateSubnetId(text: string): string | undefined {
  const t = text.trim();
  return t === '' || SUBNET_ID.test(t) ? undefined : `A subnet id is "subnet-" followed by 8 or 17 hex digits (0-9, a-f), e.g. subnet-0a1b2c3d; not ${JSON.stringify(t)}.`;
}

/** Security group ids, separated by commas or spaces, in the words of a list ([] when empty). */
export function parseSecurityGroupIds(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Optional security group ids (with a subnet only): at most 5, each `sg-` and 8 or 17 hex digits. */
export function validateSecurityGroupIds(text: string, hasSubnet: boolean): string | undefined {
  const ids = parseSecurityGroupIds(text);
  if (ids.length === 0) {
    return undefined;
  }
  if (!hasSubnet) {
    return 'Security groups need a subnet: leave this empty, or go back and give a subnet id.';
  }
  if (ids.length > MAX_SECURITY_GROUPS) {
    return `At most ${MAX_SECURITY_GROUPS} security groups; this lists ${ids.length}.`;
  }
  const bad = ids.find((id) => !SECURITY_GROUP_ID.test(id));
  return bad ? `A security group id is "sg-" followed by 8 or 17 hex digits (0-9, a-f), e.g. sg-0a1b2c3d; not ${JSON.stringify(bad)}.` : undefined;
}

/** An IAM role ARN: `arn:<partition>:iam::<12-digit account>:role/<path/>name`. */
const IAM_ROLE_ARN = /^arn:aws(?:-cn|-us-gov|-iso|-iso-b)?:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/**
 * Why this IAM role ARN cannot be sent, or undefined. `optional`: empty is fine. `account`: the
 * account the role must be in (AWS uses a role of the caller's own account), when known.
 */
export function validateIamRoleArn(text: string, options: { optional: boolean; account?: string }): string | undefined {
  const t = text.trim();
  if (t === '') {
    return options.optional ? undefined : 'Enter the ARN of an IAM role, e.g. arn:aws:iam::111111111111:role/AppStreamExport.';
  }
  if (t.length > 1600) {
    return 'An IAM role ARN is shorter than that.';
  }
  const m = IAM_ROLE_ARN.exec(t);
  if (!m) {
    return 'An IAM role ARN looks like arn:aws:iam::111111111111:role/NAME (letters, digits and + = , . @ _ - in the name, paths separated by /).';
  }
  if (options.account && m[1] !== options.account) {
    return `The role is in account ${m[1]}; it must be a role of account ${options.account}, the account you act in.`;
  }
  return undefined;
}

/** What the user chose for a new image builder; nothing was sent before all of it was known. */
export interface BuilderLaunchPlan {
  name: string;
  instanceType: string;
  subnetId?: string;
  securityGroupIds: string[];
  internetAccess: boolean;
  iamRoleArn?: string;
}

/** Every reason the plan cannot be sent ([] = fine): the same checks as the input boxes, again before any request. */
export function launchPlanProblems(plan: BuilderLaunchPlan, image: { SupportedInstanceFamilies?: string[] }, account?: string): string[] {
  const problems = [
    validateBuilderName(plan.name),
    instanceTypesFor(image).includes(plan.instanceType) ? undefined : `The image does not run on instance type ${JSON.stringify(plan.instanceType)}: choose one of ${instanceTypesFor(image).slice(0, 3).join(', ')}, …`,
    validateSubnetId(plan.subnetId ?? ''),
    validateSecurityGroupIds(plan.securityGroupIds.join(' '), Boolean(plan.subnetId)),
    plan.iamRoleArn !== undefined ? validateIamRoleArn(plan.iamRoleArn, { optional: true, account }) : undefined,
  ];
  return problems.filter((p): p is string => Boolean(p));
}
