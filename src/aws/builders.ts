// Image builders: DescribeImageBuilders (all pages), Start/Stop/DeleteImageBuilder and
// CreateImageBuilderStreamingURL, each action bound to the builder the user saw (its ARN names
// the account). No `vscode` here.
import {
  CreateImageBuilderCommand,
  CreateImageBuilderStreamingURLCommand,
  DeleteImageBuilderCommand,
  DescribeImageBuildersCommand,
  ResourceNotFoundException,
  StartImageBuilderCommand,
  StopImageBuilderCommand,
  type AppStreamClient,
  type ImageBuilder,
} from '@aws-sdk/client-appstream';
import { accountOfBuilderArn, STREAMING_URL_VALIDITY_SECONDS, type BuilderRef } from './builderRules';
import { ImageIdentityChanged, type ServiceCalls } from './service';
import { accountOfImageArn, type ImageRef } from './imageRef';
import { InvalidInput } from './invalidInput';
import { launchPlanProblems, launchRefusal, type BuilderLaunchPlan } from './launchRules';

/** DescribeImageBuilders' page size (its MaxResults; AWS documents no maximum, the emulator pages by 25). */
const PAGE_SIZE = 25;

/** Every image builder of the account in a region, all pages. */
export async function listImageBuilders(calls: ServiceCalls, profile: string, region: string): Promise<ImageBuilder[]> {
  const client = await calls.client(profile, region);
  return calls.allPages(
    profile,
    region,
    'DescribeImageBuilders',
    (token) => client.send(new DescribeImageBuildersCommand({ MaxResults: PAGE_SIZE, NextToken: token })),
    (page) => page.ImageBuilders,
  );
}

/** One builder by name through that client, or undefined when there is none of that name. */
async function describeBuilder(calls: ServiceCalls, client: AppStreamClient, ref: Pick<BuilderRef, 'profile' | 'region' | 'name'>): Promise<ImageBuilder | undefined> {
  try {
    const out = await calls.send(ref.profile, ref.region, 'DescribeImageBuilders', () => client.send(new DescribeImageBuildersCommand({ Names: [ref.name] })));
    return out.ImageBuilders?.find((b) => b.Name === ref.name);
  } catch (err) {
    if (err instanceof ResourceNotFoundException) {
      return undefined;
    }
    throw err;
  }
}

/** The builder as it is now, or undefined when it is gone (for following a transition). */
export async function describeImageBuilder(calls: ServiceCalls, ref: Pick<BuilderRef, 'profile' | 'region' | 'name'>): Promise<ImageBuilder | undefined> {
  return describeBuilder(calls, await calls.client(ref.profile, ref.region), ref);
}

/**
 * The check every builder action makes just before it sends, as deleteImage's does for images:
 * the builder actions take only a name and act in whatever account the credentials sign in to,
 * so through the client the action will use, the builder is described by name and must come
 * back with the confirmed ARN (which names the account). Otherwise ImageIdentityChanged names
 * both accounts (or ResourceNotFoundException when it is gone), ending "Nothing was <past>."
 */
async function confirmBuilder(calls: ServiceCalls, ref: BuilderRef, past: string): Promise<{ client: AppStreamClient; builder: ImageBuilder }> {
  const confirmedAccount = accountOfBuilderArn(ref.arn);
  if (!confirmedAccount) {
    throw new ImageIdentityChanged(`"${ref.name}" has no image builder ARN of an account (${ref.arn}). Nothing was ${past}.`);
  }
  const client = await calls.client(ref.profile, ref.region);
  const current = await describeBuilder(calls, client, ref);
  if (!current || current.Arn !== ref.arn) {
    const signedIn = (current && accountOfBuilderArn(current.Arn)) ?? (await calls.signedInAccount(client, ref.profile, ref.region));
    if (signedIn !== confirmedAccount) {
      throw new ImageIdentityChanged(
        signedIn
          ? `Profile "${ref.profile}" now signs in to account ${signedIn}; the image builder you chose, "${ref.name}", is in account ${confirmedAccount}. Nothing was ${past}.`
          : `Profile "${ref.profile}" no longer signs in to account ${confirmedAccount}, where the image builder you chose, "${ref.name}", is. Nothing was ${past}.`,
      );
    }
    if (!current) {
      throw new ResourceNotFoundException({ message: `The image builder ${ref.arn} no longer exists.`, $metadata: {} });
    }
    throw new ImageIdentityChanged(`"${ref.name}" is not the image builder you chose (${current.Arn ?? 'no ARN'} instead of ${ref.arn}). Nothing was ${past}.`);
  }
  return { client, builder: current };
}

/** StartImageBuilder (STOPPED → PENDING → RUNNING), after the identity check; the builder as AWS answers. */
export async function startImageBuilder(calls: ServiceCalls, ref: BuilderRef): Promise<ImageBuilder | undefined> {
  const { client } = await confirmBuilder(calls, ref, 'started');
  const out = await calls.send(ref.profile, ref.region, 'StartImageBuilder', () => client.send(new StartImageBuilderCommand({ Name: ref.name })));
  return out.ImageBuilder;
}

/** StopImageBuilder (RUNNING → STOPPING → STOPPED), after the identity check. */
export async function stopImageBuilder(calls: ServiceCalls, ref: BuilderRef): Promise<ImageBuilder | undefined> {
  const { client } = await confirmBuilder(calls, ref, 'stopped');
  const out = await calls.send(ref.profile, ref.region, 'StopImageBuilder', () => client.send(new StopImageBuilderCommand({ Name: ref.name })));
  return out.ImageBuilder;
}

/** DeleteImageBuilder (STOPPED or FAILED → DELETING → gone), after the identity check. */
export async function deleteImageBuilder(calls: ServiceCalls, ref: BuilderRef): Promise<ImageBuilder | undefined> {
  const { client } = await confirmBuilder(calls, ref, 'deleted');
  const out = await calls.send(ref.profile, ref.region, 'DeleteImageBuilder', () => client.send(new DeleteImageBuilderCommand({ Name: ref.name })));
  return out.ImageBuilder;
}

/**
 * A streaming URL of a RUNNING builder (CreateImageBuilderStreamingURL), valid `validitySeconds`,
 * after the identity check. The URL is a credential: callers open it and forget it, never log it.
 */
export async function imageBuilderStreamingUrl(calls: ServiceCalls, ref: BuilderRef, validitySeconds = STREAMING_URL_VALIDITY_SECONDS): Promise<{ url: string; expires?: Date }> {
  const { client } = await confirmBuilder(calls, ref, 'opened');
  const out = await calls.send(ref.profile, ref.region, 'CreateImageBuilderStreamingURL', () =>
    client.send(new CreateImageBuilderStreamingURLCommand({ Name: ref.name, Validity: validitySeconds })),
  );
  if (!out.StreamingURL) {
    throw new Error(`AWS answered CreateImageBuilderStreamingURL for "${ref.name}" without a URL: retry.`);
  }
  return { url: out.StreamingURL, expires: out.Expires };
}

/**
 * CreateImageBuilder from the image the user saw (ImageArn: own, public, or shared with
 * allowImageBuilder). The plan is checked again before any request. Just before sending, through
 * the client the call will use, the image is described by its ARN (it must still be there and
 * launchable) and the account the credentials sign in to must be `account`, the one the user
 * confirmed (for an own image, its ARN's account; the image coming back as PRIVATE proves it).
 * The new builder (PENDING) as AWS answers.
 * Requests: DescribeImages 1 (+1 to tell the account of a public or shared image), CreateImageBuilder 1.
 */
export async function launchImageBuilder(calls: ServiceCalls, ref: ImageRef, plan: BuilderLaunchPlan, account: string | undefined): Promise<ImageBuilder> {
  const client = await calls.client(ref.profile, ref.region);
  const current = await calls.describeByArn(client, ref);
  const problems = launchPlanProblems(plan, current ?? {}, account);
  if (problems.length) {
    throw new InvalidInput(`${problems.join(' ')} Nothing was launched.`);
  }
  const own = accountOfImageArn(ref.arn);
  const provenByImage = current?.Visibility === 'PRIVATE' && current.Arn === ref.arn && own !== undefined && own === account;
  if (!provenByImage && account) {
    const signedIn = await calls.signedInAccount(client, ref.profile, ref.region);
    if (signedIn !== account) {
      throw new ImageIdentityChanged(
        signedIn
          ? `Profile "${ref.profile}" now signs in to account ${signedIn}; you confirmed launching the image builder in account ${account}. Nothing was launched.`
          : `Profile "${ref.profile}" no longer signs in to account ${account}, where you confirmed launching the image builder. Nothing was launched.`,
      );
    }
  }
  if (!current) {
    throw new ResourceNotFoundException({ message: `The image ${ref.arn} no longer exists (or profile "${ref.profile}" no longer sees it). Nothing was launched.`, $metadata: {} });
  }
  const refusal = launchRefusal(current);
  if (refusal) {
    throw new InvalidInput(`${refusal} Nothing was launched.`);
  }
  const out = await calls.send(ref.profile, ref.region, 'CreateImageBuilder', () =>
    client.send(
      new CreateImageBuilderCommand({
        Name: plan.name,
        ImageArn: ref.arn,
        InstanceType: plan.instanceType,
        EnableDefaultInternetAccess: plan.internetAccess,
        ...(plan.subnetId ? { VpcConfig: { SubnetIds: [plan.subnetId.trim()], SecurityGroupIds: plan.securityGroupIds.length ? plan.securityGroupIds : undefined } } : {}),
        ...(plan.iamRoleArn ? { IamRoleArn: plan.iamRoleArn.trim() } : {}),
      }),
    ),
  );
  if (!out.ImageBuilder) {
    throw new Error(`AWS answered CreateImageBuilder for "${plan.name}" without the builder: look for it under the region's "Image builders" before launching again.`);
  }
  return out.ImageBuilder;
}
