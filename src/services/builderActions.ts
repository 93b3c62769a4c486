// Start, stop and delete an image builder: refuse what its state does not allow (say to wait
// while it is busy), ask the user (modal) naming builder, profile, account and region, then send
// the one action, bound to the builder's ARN (the AWS layer re-checks the account just before).
// No `vscode`: the prompt comes in as a parameter.
import type { ImageBuilder } from '@aws-sdk/client-appstream';
import type { AppStreamService } from '../aws';
import { accountOfBuilderArn, builderActionRefusal, type BuilderAction, type BuilderRef } from '../aws/builderRules';

/** Raised (nothing sent) when the builder's state does not allow the action; the message says why and what to do. */
export class BuilderActionRefused extends Error {
  override readonly name = 'BuilderActionRefused';
}

export type ChangingAction = Exclude<BuilderAction, 'connect'>;

/** The question the user answers: the command words it (l10n) from these facts. */
export interface BuilderQuestion {
  action: ChangingAction;
  name: string;
  profile: string;
  account: string;
  region: string;
}

export interface BuilderActionHost {
  /** A modal question; true only for an explicit yes. */
  confirm(question: BuilderQuestion): Promise<boolean>;
}

/** What the tree showed when the user chose the action. */
export interface SeenBuilder {
  ref: BuilderRef;
  builder: ImageBuilder;
}

/**
 * Runs one start/stop/delete: undefined when the user said no (nothing sent), else the builder
 * as AWS answered and when it was asked. Throws BuilderActionRefused (nothing sent, no question)
 * when the state seen does not allow it, and AWS's errors as they come.
 */
export async function runBuilderAction(
  aws: () => AppStreamService,
  host: BuilderActionHost,
  action: ChangingAction,
  seen: SeenBuilder,
): Promise<{ builder: ImageBuilder | undefined; askedAt: number } | undefined> {
  const refusal = builderActionRefusal(action, seen.builder);
  if (refusal) {
    throw new BuilderActionRefused(refusal);
  }
  const { ref } = seen;
  const yes = await host.confirm({ action, name: ref.name, profile: ref.profile, account: accountOfBuilderArn(ref.arn) ?? '?', region: ref.region });
  if (!yes) {
    return undefined;
  }
  const askedAt = Date.now();
  const service = aws();
  const builder =
    action === 'start' ? await service.startImageBuilder(ref) : action === 'stop' ? await service.stopImageBuilder(ref) : await service.deleteImageBuilder(ref);
  return { builder, askedAt };
}
