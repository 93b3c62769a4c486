// "Export to AMI…" of an own AVAILABLE image: asks the AMI name (AppStream's rules, validated as
// typed), the IAM role AppStream uses to create the AMI, a description and tags; then a modal yes;
// then one CreateExportImageTask (the AWS layer re-checks the account and the image first). A
// cancel at any step sends nothing. No `vscode` here: its VS Code side comes in as an ExportHost.
import type { ExportImageTask } from '@aws-sdk/client-appstream';
import type { AppStreamService } from '../aws';
import type { ExportPlan } from '../aws/exports';
import { parseTagText, tagText, validateAmiDescription, validateAmiName } from '../aws/exportRules';
import { accountOfImageArn, type SeenImage } from '../aws/imageRef';
import { isCopyable } from '../aws/imageRules';
import { InvalidInput } from '../aws/invalidInput';
import { validateIamRoleArn } from '../aws/launchRules';
import { isSystemTagKey, validateTags } from '../aws/tagRules';
import type { Prompts } from '../platform/prompts';

/** What the export flow needs from VS Code (the shared prompts and l10n); a test fakes it. */
export interface ExportHost {
  readonly prompts: Pick<Prompts, 'showInputBox' | 'showWarningMessage'>;
  readonly l10n: { t(message: string, ...args: Array<string | number | boolean>): string };
  /** The image's tags if already read (no request): offered as the AMI's. */
  peekTags?(arn: string): Record<string, string> | undefined;
}

/** A default AMI name from the image's: `<image>-ami`, kept to AppStream's AMI name pattern. */
export function defaultAmiName(imageName: string): string {
  const base = imageName.replace(/[^a-zA-Z0-9().\-/_]/g, '-') || 'image';
  return `${base.slice(0, 128 - '-ami'.length)}-ami`;
}

function tagProblem(text: string): string | undefined {
  const parsed = parseTagText(text);
  if ('problem' in parsed) {
    return parsed.problem;
  }
  return validateTags(parsed.tags)[0];
}

/** The questions, in order; undefined as soon as one is cancelled. */
export async function askExportPlan(host: ExportHost, seen: SeenImage): Promise<ExportPlan | undefined> {
  const t = (m: string, ...a: Array<string | number | boolean>) => host.l10n.t(m, ...a);
  const imageName = seen.image.Name ?? seen.ref.name;
  const account = accountOfImageArn(seen.ref.arn);
  const title = (step: number, what: string) => t('Export "{0}" to an EC2 AMI ({1}/4): {2}', imageName, step, what);
  const amiName = await host.prompts.showInputBox({
    title: title(1, t('AMI name')),
    prompt: t('3 to 128 letters, digits and ( ) . - / _ ; unique among the AMIs of the account in {0}.', seen.ref.region),
    value: defaultAmiName(imageName),
    ignoreFocusOut: true,
    validateInput: (v) => validateAmiName(v),
  });
  if (amiName === undefined) {
    return undefined;
  }
  const role = await host.prompts.showInputBox({
    title: title(2, t('IAM role')),
    prompt: t('The ARN of an IAM role of account {0} that appstream.amazonaws.com may assume, allowed to copy, describe and tag EC2 images.', account ?? '?'),
    value: account ? `arn:aws:iam::${account}:role/` : '',
    ignoreFocusOut: true,
    validateInput: (v) => validateIamRoleArn(v, { optional: false, account }),
  });
  if (role === undefined) {
    return undefined;
  }
  const description = await host.prompts.showInputBox({
    title: title(3, t('description (optional)')),
    prompt: t('At most 256 characters.'),
    value: '',
    ignoreFocusOut: true,
    validateInput: (v) => validateAmiDescription(v),
  });
  if (description === undefined) {
    return undefined;
  }
  const known = Object.fromEntries(Object.entries(host.peekTags?.(seen.ref.arn) ?? {}).filter(([k]) => !isSystemTagKey(k)));
  const tags = await host.prompts.showInputBox({
    title: title(4, t('tags (optional)')),
    prompt: t('Tags for the AMI as key=value pairs, separated by commas; empty: none.'),
    value: tagText(known),
    ignoreFocusOut: true,
    validateInput: (v) => tagProblem(v),
  });
  if (tags === undefined) {
    return undefined;
  }
  const parsed = parseTagText(tags);
  if ('problem' in parsed) {
    throw new InvalidInput(`${parsed.problem} Nothing was exported.`);
  }
  return { amiName, iamRoleArn: role.trim(), description: description || undefined, tags: parsed.tags };
}

/**
 * The whole flow for one image: undefined when the user cancelled (nothing sent), else the new
 * task (EXPORTING) and when it was asked. Throws InvalidInput (nothing asked or sent) for an image
 * that cannot be exported, and AWS's errors as they come.
 */
export async function exportImageToAmi(
  aws: () => AppStreamService,
  host: ExportHost,
  seen: SeenImage,
): Promise<{ task: ExportImageTask; askedAt: number; plan: ExportPlan } | undefined> {
  if (!isCopyable(seen.image)) {
    throw new InvalidInput(
      `Only an own image that is AVAILABLE can be exported to an AMI; "${seen.image.Name ?? seen.ref.name}" is ${seen.image.State ?? '?'} (${seen.image.Visibility ?? '?'}). Nothing was exported.`,
    );
  }
  const plan = await askExportPlan(host, seen);
  if (!plan) {
    return undefined;
  }
  const t = (m: string, ...a: Array<string | number | boolean>) => host.l10n.t(m, ...a);
  const account = accountOfImageArn(seen.ref.arn) ?? '?';
  const button = t('Export');
  const tagCount = Object.keys(plan.tags).length;
  const answer = await host.prompts.showWarningMessage(
    t('Export "{0}" of {1} ({2}), {3} to an EC2 AMI named "{4}"?', seen.image.Name ?? seen.ref.name, seen.ref.profile, account, seen.ref.region, plan.amiName),
    {
      modal: true,
      detail: [
        t('AppStream creates the AMI in account {0} with the role {1}; the task stays EXPORTING until the AMI exists (it can take a while).', account, plan.iamRoleArn),
        t('The AMI and its snapshots are then billed by EC2 until you deregister them.'),
        tagCount ? t('{0} tags on the AMI.', tagCount) : t('No tags on the AMI.'),
      ].join('\n'),
    },
    button,
  );
  if (answer !== button) {
    return undefined;
  }
  const askedAt = Date.now();
  const task = await aws().exportImage(seen.ref, plan, { createdTime: seen.image.CreatedTime });
  return { task, askedAt, plan };
}
