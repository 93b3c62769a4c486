// "Launch Image Builder…" from an image the user saw (own, public, or shared with permission to
// launch image builders): asks the name (validated as typed), the instance type (those of the
// image's SupportedInstanceFamilies), an optional subnet and security groups, internet access and
// an optional IAM role; then a modal yes that says a builder is billed while it runs; then one
// CreateImageBuilder with the image's ARN (the AWS layer re-checks image and account first).
// Nothing is sent before every answer is in; a cancel at any step sends nothing. No `vscode`
// here: its VS Code side comes in as a LaunchHost, so a fast test drives it against the emulator.
import type { ImageBuilder } from '@aws-sdk/client-appstream';
import type { AppStreamService } from '../aws';
import type { SeenImage } from '../aws/imageRef';
import { InvalidInput } from '../aws/invalidInput';
import {
  instanceFamilyOf,
  instanceTypesFor,
  launchRefusal,
  parseSecurityGroupIds,
  validateBuilderName,
  validateIamRoleArn,
  validateSecurityGroupIds,
  validateSubnetId,
  type BuilderLaunchPlan,
} from '../aws/launchRules';
import type { Prompts } from '../platform/prompts';

/** What the launch flow needs from VS Code (the shared prompts and l10n); a test fakes it. */
export interface LaunchHost {
  readonly prompts: Pick<Prompts, 'showQuickPick' | 'showInputBox' | 'showWarningMessage'>;
  readonly l10n: { t(message: string, ...args: Array<string | number | boolean>): string };
}

/** A default builder name from the image's: `<image>-builder`, kept to AWS's pattern. */
export function defaultBuilderName(imageName: string): string {
  const base = imageName.replace(/[^a-zA-Z0-9_.-]/g, '-').replace(/^[^a-zA-Z0-9]+/, '') || 'image';
  return `${base.slice(0, 101 - '-builder'.length)}-builder`;
}

/** The questions, in order; undefined as soon as one is cancelled. `account`: the account the builder will be in, when known. */
export async function askLaunchPlan(host: LaunchHost, seen: SeenImage, account: string | undefined): Promise<BuilderLaunchPlan | undefined> {
  const t = (m: string, ...a: Array<string | number | boolean>) => host.l10n.t(m, ...a);
  const imageName = seen.image.Name ?? seen.ref.name;
  const title = (step: number, what: string) => t('Launch an image builder from "{0}" ({1}/6): {2}', imageName, step, what);
  const name = await host.prompts.showInputBox({
    title: title(1, t('name')),
    prompt: t('Letters, digits, _ . - (starting with a letter or digit), at most 101 characters; unique among the image builders of {0} in {1}.', seen.ref.profile, seen.ref.region),
    value: defaultBuilderName(imageName),
    ignoreFocusOut: true,
    validateInput: (v) => validateBuilderName(v),
  });
  if (name === undefined) {
    return undefined;
  }
  const families = seen.image.SupportedInstanceFamilies;
  const types = instanceTypesFor(seen.image).map((type) => ({ label: type, description: instanceFamilyOf(type) }));
  const type = await host.prompts.showQuickPick(types, {
    title: title(2, t('instance type')),
    placeHolder: families?.length
      ? t('The image runs on {0}: the instance types of those families', families.join(', '))
      : t('The image does not say which instance families it supports: every instance type'),
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!type) {
    return undefined;
  }
  const subnet = await host.prompts.showInputBox({
    title: title(3, t('subnet (optional)')),
    prompt: t('A subnet id (subnet-…) of a VPC in {0}; empty: no VPC, the builder reaches the internet only through default internet access.', seen.ref.region),
    value: '',
    ignoreFocusOut: true,
    validateInput: (v) => validateSubnetId(v),
  });
  if (subnet === undefined) {
    return undefined;
  }
  const subnetId = subnet.trim() || undefined;
  let securityGroupIds: string[] = [];
  if (subnetId) {
    const groups = await host.prompts.showInputBox({
      title: title(4, t('security groups (optional)')),
      prompt: t('Up to 5 security group ids (sg-…) of the subnet\'s VPC, separated by commas or spaces; empty: the VPC\'s default.'),
      value: '',
      ignoreFocusOut: true,
      validateInput: (v) => validateSecurityGroupIds(v, true),
    });
    if (groups === undefined) {
      return undefined;
    }
    securityGroupIds = parseSecurityGroupIds(groups);
  }
  const yes = { label: t('Yes: default internet access'), detail: t('The builder gets a public IP and reaches the internet directly.') };
  const no = { label: t('No internet access'), detail: subnetId ? t('Only what the subnet\'s VPC routes to.') : t('Without a subnet the builder then has no internet at all.') };
  const internet = await host.prompts.showQuickPick([no, yes], { title: title(5, t('internet access')), ignoreFocusOut: true });
  if (!internet) {
    return undefined;
  }
  const role = await host.prompts.showInputBox({
    title: title(6, t('IAM role (optional)')),
    prompt: account
      ? t('The ARN of an IAM role of account {0} that the builder may assume (arn:aws:iam::{0}:role/NAME); empty: none.', account)
      : t('The ARN of an IAM role of your account that the builder may assume (arn:aws:iam::ACCOUNT:role/NAME); empty: none.'),
    value: '',
    ignoreFocusOut: true,
    validateInput: (v) => validateIamRoleArn(v, { optional: true, account }),
  });
  if (role === undefined) {
    return undefined;
  }
  return {
    name,
    instanceType: type.label,
    subnetId,
    securityGroupIds,
    internetAccess: internet === yes,
    iamRoleArn: role.trim() || undefined,
  };
}

/**
 * The whole flow for one image: undefined when the user cancelled (nothing sent), else the new
 * builder as AWS answered and when it was asked. Throws InvalidInput (nothing asked or sent) when
 * no builder can be launched from the image, and AWS's errors as they come.
 */
export async function launchImageBuilder(
  aws: () => AppStreamService,
  host: LaunchHost,
  seen: SeenImage,
  account: string | undefined,
): Promise<{ builder: ImageBuilder; askedAt: number; plan: BuilderLaunchPlan } | undefined> {
  const refusal = launchRefusal(seen.image);
  if (refusal) {
    throw new InvalidInput(`${refusal} Nothing was launched.`);
  }
  const plan = await askLaunchPlan(host, seen, account);
  if (!plan) {
    return undefined;
  }
  const t = (m: string, ...a: Array<string | number | boolean>) => host.l10n.t(m, ...a);
  const where = `${seen.ref.profile}${account ? ` (${account})` : ''}, ${seen.ref.region}`;
  const button = t('Launch');
  const details = [
    t('An image builder is billed by the hour while it is running, from launch until you stop or delete it, and counts against the account\'s image builder quota.'),
    t('Instance type {0}; {1}; {2}.', plan.instanceType, plan.subnetId ? t('subnet {0}', plan.subnetId) + (plan.securityGroupIds.length ? `, ${plan.securityGroupIds.join(', ')}` : '') : t('no VPC'), plan.internetAccess ? t('default internet access') : t('no default internet access')),
    plan.iamRoleArn ? t('IAM role {0}.', plan.iamRoleArn) : undefined,
  ].filter(Boolean);
  const answer = await host.prompts.showWarningMessage(
    t('Launch image builder "{0}" from "{1}" in {2}?', plan.name, seen.image.Name ?? seen.ref.name, where),
    { modal: true, detail: details.join('\n') },
    button,
  );
  if (answer !== button) {
    return undefined;
  }
  const askedAt = Date.now();
  const builder = await aws().launchImageBuilder(seen.ref, plan, account);
  return { builder, askedAt, plan };
}
