// Export to an EC2 AMI, the rules without the SDK: the AMI name AppStream accepts, an export
// task's states, its row's menu facets, and what its ErrorDetails mean. exports.ts sends the
// requests. Pure: no `vscode`.

/**
 * CreateExportImageTask's AmiName pattern (the SDK's model, AWS's API reference):
 * `^[a-zA-Z0-9().\-/_]{3,128}$`. EC2 itself also allows spaces, [ ] ' and @ in AMI names, but
 * AppStream refuses them (ValidationException), so they are refused here as the user types.
 */
export const AMI_NAME_PATTERN = /^[a-zA-Z0-9().\-/_]{3,128}$/;
export const MAX_AMI_DESCRIPTION_LENGTH = 256;

/** Why AppStream would refuse this AMI name, or undefined. */
export function validateAmiName(text: string): string | undefined {
  if (text.length < 3) {
    return 'An AMI name has at least 3 characters.';
  }
  if (text.length > 128) {
    return `An AMI name has at most 128 characters; this has ${text.length}.`;
  }
  if (!AMI_NAME_PATTERN.test(text)) {
    const c = Array.from(text).find((ch) => !/[a-zA-Z0-9().\-/_]/.test(ch));
    return `An AMI name exported by AppStream may contain only letters, digits and ( ) . - / _${c ? ` (not ${JSON.stringify(c)})` : ''}; EC2's spaces, [ ] ' and @ are refused by AppStream.`;
  }
  return undefined;
}

export function validateAmiDescription(text: string): string | undefined {
  return text.length > MAX_AMI_DESCRIPTION_LENGTH ? `An AMI description has at most ${MAX_AMI_DESCRIPTION_LENGTH} characters; this has ${text.length}.` : undefined;
}

/** An export task as the user saw it: through `profile`, in `region`, by its TaskId. */
export interface ExportTaskRef {
  profile: string;
  region: string;
  taskId: string;
}

/** The parts of an ExportImageTask these rules read. */
interface TaskFacts {
  State?: unknown;
  AmiId?: unknown;
  ErrorDetails?: { ErrorCode?: string; ErrorMessage?: string }[];
}

/** EXPORTING is followed by the poller; COMPLETED, FAILED (and TIMED_OUT, which AWS's answers also show) are final. */
export function isExportTransitional(state: unknown): boolean {
  return state === 'EXPORTING';
}

/** contextValue facets for menus: `exportTask;<state>[;hasAmiId][;hasErrors][;transitional]`, sorted. */
export function exportTaskContextValue(task: TaskFacts): string {
  const facets = [
    String(task.State ?? 'unknown').toLowerCase(),
    ...(typeof task.AmiId === 'string' && task.AmiId ? ['hasAmiId'] : []),
    ...(task.ErrorDetails?.length ? ['hasErrors'] : []),
    ...(isExportTransitional(task.State) ? ['transitional'] : []),
  ].sort();
  return ['exportTask', ...facets].join(';');
}

/**
 * What an export task's error code means and what to do next. AWS documents no list of codes;
 * these are the ones its answers carry (the AMI step, the role, a time-out); others get the
 * general advice.
 */
export function explainExportError(code: string | undefined): string {
  switch (code) {
    case 'IAM_ROLE_INVALID':
    case 'INVALID_ROLE':
      return 'AppStream could not use the IAM role: check that it exists in this account, that its trust policy lets appstream.amazonaws.com assume it, and that you may pass it (iam:PassRole). Then export again.';
    case 'AMI_CREATION_FAILED':
      return 'EC2 did not create the AMI: check that the role may copy, describe and tag images (ec2:CopyImage, ec2:DescribeImages, ec2:CreateTags), that the AMI name is not taken, and the account\'s AMI quota. Then export again.';
    case 'EXPORT_TIMED_OUT':
      return 'The export did not finish in time: export again; if it keeps timing out, contact AWS Support with the task id.';
    default:
      return 'Export again; if it fails the same way, contact AWS Support with the task id and this message.';
  }
}

/** A final state without an AMI: FAILED or TIMED_OUT. */
export function isExportFailed(state: unknown): boolean {
  return state === 'FAILED' || state === 'TIMED_OUT';
}

/**
 * Tags typed as `key=value` pairs separated by commas or semicolons (`key=` is an empty value):
 * the tags, or why they cannot be read. Keys and values are checked by validateTags after this.
 */
export function parseTagText(text: string): { tags: Record<string, string> } | { problem: string } {
  const tags: Record<string, string> = {};
  for (const part of text.split(/[,;]/).map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 1) {
      return { problem: `Write each tag as key=value (separated by commas); ${JSON.stringify(part)} has no key=.` };
    }
    const key = part.slice(0, eq).trim();
    if (key in tags) {
      return { problem: `The key ${JSON.stringify(key)} is given twice.` };
    }
    tags[key] = part.slice(eq + 1).trim();
  }
  return { tags };
}

/** Tags as parseTagText reads them back: `key=value, key2=value2`. */
export function tagText(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}
