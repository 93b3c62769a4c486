import {
  AppStreamClient,
  DeleteImageCommand,
  type ExportImageTask,
  DescribeFleetsCommand,
  DescribeImageBuildersCommand,
  DescribeImagesCommand,
  ResourceNotFoundException,
  type Fleet,
  type Image,
  type ImageBuilder,
  type SharedImagePermissions,
} from '@aws-sdk/client-appstream';
import { fromIni } from '@aws-sdk/credential-providers';
import * as http from 'http';
import * as https from 'https';
import { getDefaultRoleAssumer, getDefaultRoleAssumerWithWebIdentity } from '@aws-sdk/nested-clients/sts';
import type { AwsCredentialIdentity, RetryStrategy, RetryStrategyV2 } from '@smithy/types';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { redactSecrets } from './errors';
import { listAppStreamQuotas } from './quotas';
import { IMAGE_QUOTA_NAME, isQuotaUnavailable, pickImageQuota, type ImageQuotaStatus } from './quotaRules';
import { CopyBatch, copyImage, serviceCopyRunner, type CopyBatchOptions, type CopyDestination } from './copy';
import { PausableDeadline } from './deadline';
import { describeEach } from './describeEach';
import { accountOfImageArn, type ImageRef, type SeenImage } from './imageRef';
import type { ImageUsage } from './imageRules';
import { usesImage } from './cleanupRules';
import { ConcurrencyLimiter } from './limiter';
import { configFilePath, credentialsFilePath, loadProfiles } from './profiles';
import { imageShares, listImagePermissions, shareImage, unshareAndDelete, unshareImage, type ImageShare, type SharePermissions, type UnshareAndDeleteResult } from './sharing';
import { deleteImageBuilder, describeImageBuilder, imageBuilderStreamingUrl, launchImageBuilder, listImageBuilders, startImageBuilder, stopImageBuilder } from './builders';
import type { BuilderRef } from './builderRules';
import type { BuilderLaunchPlan } from './launchRules';
import { exportImage, getExportImageTask, listExportImageTasks, type ExportPlan } from './exports';
import type { ExportTaskRef } from './exportRules';
import { listTags, updateImageTags, type TagUpdate, type Tags } from './tags';
import type { AwsServiceOptions, ImageVisibility, ProfileCatalog, ProfileInfo, SsoSource } from './types';
import { discoverSsoAccounts, refreshSsoToken, ssoAccountCredentials, ssoProfileCredentials, type SsoDiscovery } from './ssoAccounts';
import { checkForUpdate, checkForUpdates, createUpdatedImage, type UpdatedImageOptions } from './updates';
import type { UpdateCheck } from './updateRules';

const PAGE_SIZE = 25; // DescribeImages' maximum

/** The SDK's retry strategy, except that a LimitExceededException (a quota, not a rate) is not retried. */
function withoutQuotaRetries(strategy: RetryStrategy | RetryStrategyV2): RetryStrategy | RetryStrategyV2 {
  if (!('refreshRetryTokenForRetry' in strategy)) {
    return strategy;
  }
  return {
    acquireInitialRetryToken: (scope) => strategy.acquireInitialRetryToken(scope),
    refreshRetryTokenForRetry: (token, info) =>
      (info.error as { name?: string } | undefined)?.name === 'LimitExceededException' ? Promise.reject(info.error) : strategy.refreshRetryTokenForRetry(token, info),
    recordSuccess: (token) => strategy.recordSuccess(token),
  };
}

/** Raised instead of the SDK's own error when a profile is misconfigured before any request. */
export class ProfileConfigError extends Error {
  override readonly name = 'ProfileConfigError';
}

/** Raised when getting a profile's credentials (credential_process, role assumption) takes longer than a request may. */
export class CredentialsTimeout extends Error {
  override readonly name = 'CredentialsTimeout';
  constructor(readonly timeoutMs: number) {
    super(`getting them did not finish within ${Math.round(timeoutMs / 1000)} s (a credential_process or role assumption that does not answer)`);
  }
}

/**
 * Raised instead of sending DeleteImage when the credentials the request would use no longer see
 * the confirmed image as their own (the profile now signs in to another account), or the image
 * is not the one confirmed any more (deleted and re-created under the same name).
 */
export class ImageIdentityChanged extends Error {
  override readonly name = 'ImageIdentityChanged';
}

/** A usage look-up failed: names the operation that did, with AWS's error as `cause`. */
export class LookupFailed extends Error {
  override readonly name = 'LookupFailed';
  constructor(
    readonly operation: string,
    override readonly cause: unknown,
  ) {
    super(`${operation} failed: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/** Raised by the MFA prompt when the user dismisses it. */
export class MfaCancelled extends Error {
  override readonly name = 'MfaCancelled';
}

/**
 * What the operation modules (sharing.ts, copy.ts, tags.ts) use of the service: its clients, its
 * limiter and request log (`send`), its paging, and the check a change makes just before it
 * sends. Not for the UI: it goes through AppStreamService's methods.
 */
export interface ServiceCalls {
  client(profile: string, region: string): Promise<AppStreamClient>;
  send<T extends object>(profile: string, region: string, operation: string, call: () => Promise<T>): Promise<T>;
  allPages<T, O extends { NextToken?: string }>(
    profile: string,
    region: string,
    operation: string,
    fetchPage: (token: string | undefined) => Promise<O>,
    itemsOf: (page: O) => T[] | undefined,
  ): Promise<T[]>;
  /** The image by its ARN through that client, or undefined when the profile no longer sees it. */
  describeByArn(client: AppStreamClient, ref: Pick<ImageRef, 'profile' | 'region' | 'arn'>): Promise<Image | undefined>;
  /** See AppStreamService.confirmOwnImage; `past` completes "Nothing was …" ("changed", "copied"). */
  confirmOwnImage(ref: ImageRef, confirmed: { createdTime?: Date }, past: string): Promise<{ client: AppStreamClient; image: Image }>;
  /** See AppStreamService.signedInAccount: to explain a mismatch found by another check (builders.ts). */
  signedInAccount(client: AppStreamClient, profile: string, region: string): Promise<string | undefined>;
}

/**
 * Everything the extension asks of AppStream, for any profile and region. One client per
 * (profile, region), reused, with credentials from the SDK's own providers.
 */
export class AppStreamService {
  private readonly clients = new Map<string, AppStreamClient>();
  private readonly quotaClients = new Map<string, ServiceQuotasClient>();
  /** Image quota per profile and region, until the next refresh (one listing each). */
  private readonly imageQuotas = new Map<string, Promise<ImageQuotaStatus>>();
  private readonly credentialProviders = new Map<string, () => Promise<AwsCredentialIdentity>>();
  private readonly limiter: ConcurrencyLimiter;
  private catalog: Promise<ProfileCatalog> | undefined;
  /** sso-session name → listings of its accounts under way. */
  private readonly discovering = new Map<string, number>();
  /**
   * One keep-alive connection pool for every AppStream and Service Quotas client of this service
   * (see sharedAgents()); rebuilt with the clients.
   */
  private agents: { httpAgent: http.Agent; httpsAgent: https.Agent } | undefined;

  /** Handed to sharing.ts, copy.ts and tags.ts. */
  private readonly calls: ServiceCalls = {
    client: (profile, region) => this.client(profile, region),
    send: (profile, region, operation, call) => this.send(profile, region, operation, call),
    allPages: (profile, region, operation, fetchPage, itemsOf) => this.allPages(profile, region, operation, fetchPage, itemsOf),
    describeByArn: (client, ref) => this.describeByArn(client, ref),
    confirmOwnImage: (ref, confirmed, past) => this.confirmOwnImage(ref, confirmed, past),
    signedInAccount: (client, profile, region) => this.signedInAccount(client, profile, region),
  };

  constructor(private options: AwsServiceOptions) {
    this.limiter = new ConcurrencyLimiter(options.maxConcurrentRequests);
  }

  /** New settings; clients are rebuilt only if their request options changed, credentials stay. */
  updateOptions(options: Partial<AwsServiceOptions>): void {
    const before = this.options;
    this.options = { ...this.options, ...options };
    this.limiter.setLimit(this.options.maxConcurrentRequests);
    if (JSON.stringify(before.ssoAccounts ?? []) !== JSON.stringify(this.options.ssoAccounts ?? [])) {
      this.catalog = undefined; // the added SSO accounts are profiles of the catalog
    }
    if (before.requestTimeoutMs !== this.options.requestTimeoutMs || before.maxAttempts !== this.options.maxAttempts) {
      this.dropClients();
    }
  }

  /**
   * Reads the AWS config files again on the next call. Credentials already resolved stay, so a
   * refresh or a profile switch does not ask for an MFA code or a role again.
   */
  reloadConfig(): void {
    this.dropClients();
    this.catalog = undefined;
  }

  /** Forgets clients, cached credentials and the parsed config: the next call starts fresh. */
  reset(): void {
    this.reloadConfig();
    this.credentialProviders.clear();
  }

  /**
   * The AWS files changed: reads them again and forgets the cached credentials of the profiles
   * whose configuration changed (others keep theirs: no new MFA prompt). Returns those profiles.
   */
  async configChanged(): Promise<string[]> {
    const before = await this.catalog?.catch(() => undefined);
    this.reloadConfig();
    const after = await this.profiles().catch(() => undefined);
    if (!before || !after) {
      const all = [...this.credentialProviders.keys()];
      this.credentialProviders.clear();
      return all;
    }
    const was = new Map(before.profiles.map((p) => [p.name, p.fingerprint]));
    const now = new Map(after.profiles.map((p) => [p.name, p.fingerprint]));
    const changed = [...new Set([...was.keys(), ...now.keys()])].filter((name) => was.get(name) !== now.get(name));
    for (const name of changed) {
      this.credentialProviders.delete(name);
    }
    return changed;
  }

  private dropClients(): void {
    for (const client of [...this.clients.values(), ...this.quotaClients.values()]) {
      client.destroy();
    }
    // The SDK leaves an agent it was given alone: close its connections as it closed its own.
    this.agents?.httpAgent.destroy();
    this.agents?.httpsAgent.destroy();
    this.agents = undefined;
    this.clients.clear();
    this.quotaClients.clear();
    this.imageQuotas.clear();
  }

  /**
   * The account's image quota in a region (Service Quotas, service appstream2, found by name),
   * read once until the next refresh. Without the servicequotas permission it is 'unavailable'
   * (the caller logs it once); other failures reject.
   */
  imageQuota(profile: string, region: string): Promise<ImageQuotaStatus> {
    const key = `${profile}\u0000${region}`;
    let status = this.imageQuotas.get(key);
    if (!status) {
      status = this.readImageQuota(profile, region).catch((err: unknown): ImageQuotaStatus => {
        if (isQuotaUnavailable(err)) {
          return { kind: 'unavailable', reason: `${(err as Error).name}: ${redactSecrets((err as Error).message ?? '')}` };
        }
        this.imageQuotas.delete(key); // a failure is not remembered: the next look asks again
        throw err;
      });
      this.imageQuotas.set(key, status);
    }
    return status;
  }

  private async readImageQuota(profile: string, region: string): Promise<ImageQuotaStatus> {
    const client = await this.quotaClient(profile, region);
    const quotas = await listAppStreamQuotas(client, (call, continuation) => this.send(profile, region, 'ListServiceQuotas', call, continuation));
    const quota = pickImageQuota(quotas);
    return quota ? { kind: 'known', quota } : { kind: 'unavailable', reason: `no quota named "${IMAGE_QUOTA_NAME}" among ${quotas.length} appstream2 quotas` };
  }

  private async quotaClient(profileName: string, region: string): Promise<ServiceQuotasClient> {
    const key = `${profileName}\u0000${region}`;
    const existing = this.quotaClients.get(key);
    if (existing) {
      return existing;
    }
    const appstream = await this.client(profileName, region); // checks the profile; shares its credentials
    const profile = await this.profile(profileName);
    const client =
      this.quotaClients.get(key) ??
      new ServiceQuotasClient({
        region,
        endpoint: profile?.endpoints.serviceQuotas,
        ignoreConfiguredEndpointUrls: true, // this profile's endpoint, not the process-wide profile's (see client())
        maxAttempts: this.options.maxAttempts,
        requestHandler: { ...this.sharedAgents(), requestTimeout: this.options.requestTimeoutMs, throwOnRequestTimeout: true, connectionTimeout: Math.min(this.options.requestTimeoutMs, 10_000) },
        credentials: appstream.config.credentials,
      });
    this.quotaClients.set(key, client);
    return client;
  }

  /**
   * The connection pool every AppStream and Service Quotas client of this service is given. Left
   * to itself the SDK gives each client its own agent, so each (profile, region) opened its own
   * connections (its own TLS handshakes against AWS): a scan of 20 accounts × 8 regions opened
   * 640 to 1,100 connections for 1,440 requests, and paid a connect on most of them. Pooled by
   * host (Node's Agent keys sockets by host and port), a socket only ever carries requests to
   * the endpoint it was opened to, and each request is signed by its own client: sharing the
   * connection shares no credential and sends nothing to another endpoint. No socket cap: the
   * limiter bounds the requests in flight (maxConcurrentRequests, up to 64).
   */
  private sharedAgents(): { httpAgent: http.Agent; httpsAgent: https.Agent } {
    this.agents ??= { httpAgent: new http.Agent({ keepAlive: true }), httpsAgent: new https.Agent({ keepAlive: true }) };
    return this.agents;
  }

  profiles(): Promise<ProfileCatalog> {
    this.catalog ??= loadProfiles(this.options.env, this.options.ssoAccounts ?? []).catch((err) => {
      this.catalog = undefined;
      throw err;
    });
    return this.catalog;
  }

  async profile(name: string): Promise<ProfileInfo | undefined> {
    return (await this.profiles()).profiles.find((p) => p.name === name);
  }

  /**
   * Every account and role an SSO session's cached token allows (see ssoAccounts.ts): ListAccounts
   * (all pages), then one ListAccountRoles chain per account in parallel, under the limiter and in
   * the request log as profile `sso-session:<name>` (or `sso-profile:<name>`) in the SSO region.
   */
  discoverSsoAccounts(
    source: SsoSource,
    options: { onProgress?: (done: number, total: number) => void; isCancelled?: () => boolean; signal?: AbortSignal; pageSize?: number } = {},
  ): Promise<SsoDiscovery> {
    const logAs = `${source.kind === 'session' ? 'sso-session' : 'sso-profile'}:${source.name}`;
    const session = source.kind === 'session' ? source.name : undefined;
    if (session !== undefined) {
      this.discovering.set(session, (this.discovering.get(session) ?? 0) + 1);
    }
    return discoverSsoAccounts(source, {
      ...options,
      configDir: this.options.ssoConfigDir,
      requestTimeoutMs: this.options.requestTimeoutMs,
      maxAttempts: this.options.maxAttempts,
      send: (operation, call, continuation) => this.send(logAs, source.ssoRegion ?? '-', operation, call, continuation),
    }).finally(() => {
      if (session !== undefined) {
        const left = (this.discovering.get(session) ?? 1) - 1;
        if (left > 0) {
          this.discovering.set(session, left);
        } else {
          this.discovering.delete(session);
        }
      }
    });
  }

  /** The sso-sessions whose accounts are being listed now (their config files are in use: see ssoConfigFiles.ts). */
  ssoSessionsInUse(): string[] {
    return [...this.discovering.keys()];
  }

  /** Every image of one group, all pages. Pages are sequential because NextToken forces it. */
  async listImages(profile: string, region: string, visibility: ImageVisibility): Promise<Image[]> {
    const client = await this.client(profile, region);
    return this.allPages(
      profile,
      region,
      'DescribeImages',
      (token) => client.send(new DescribeImagesCommand({ Type: visibility, MaxResults: PAGE_SIZE, NextToken: token })),
      (page) => page.Images,
    );
  }

  /**
   * One image by its ARN, or undefined when this profile no longer sees it. `Arns` finds own,
   * shared and public images; `Names` would find only own and public ones (AWS's model), so a
   * shared image re-described by name vanishes, or turns into an own image of the same name.
   */
  async describeImage(ref: Pick<ImageRef, 'profile' | 'region' | 'arn'>): Promise<Image | undefined> {
    const client = await this.client(ref.profile, ref.region);
    return this.describeByArn(client, ref);
  }

  /**
   * DescribeImages for up to 25 names or ARNs in one call (all pages). AWS answers
   * ResourceNotFoundException for the whole call when any of them is not found, and `Names`
   * finds only own and public images: the caller (src/iac/resolver.ts) splits what failed.
   */
  async describeImagesBy(profile: string, region: string, by: { Names: string[] } | { Arns: string[] }): Promise<Image[]> {
    const client = await this.client(profile, region);
    return this.allPages(
      profile,
      region,
      'DescribeImages',
      (token) => client.send(new DescribeImagesCommand({ ...by, MaxResults: PAGE_SIZE, NextToken: token })),
      (page) => page.Images,
    );
  }

  /**
   * Each ARN (of one profile and region) → its image, or undefined when AWS does not find it
   * (gone): 25 ARNs a DescribeImages, the not-found ones taken apart (src/aws/describeEach.ts).
   */
  describeImagesByArn(profile: string, region: string, arns: readonly string[]): Promise<Map<string, Image | undefined>> {
    return describeEach(
      arns,
      (batch) => this.describeImagesBy(profile, region, { Arns: batch }),
      (images, arn) => images.find((image) => image.Arn === arn),
    );
  }

  private async describeByArn(client: AppStreamClient, ref: Pick<ImageRef, 'profile' | 'region' | 'arn'>): Promise<Image | undefined> {
    try {
      const out = await this.send(ref.profile, ref.region, 'DescribeImages', () => client.send(new DescribeImagesCommand({ Arns: [ref.arn] })));
      return out.Images?.find((image) => image.Arn === ref.arn);
    } catch (err) {
      if (err instanceof ResourceNotFoundException) {
        return undefined;
      }
      throw err;
    }
  }

  /**
   * DeleteImage, bound to the image the user confirmed. DeleteImage takes only a name and acts
   * in whatever account the credentials sign in to, so just before sending, through the same
   * client (the same credentials), the image is described by the confirmed ARN: it must come
   * back as this account's own (PRIVATE) image with the same ARN and, when known, the same
   * CreatedTime. That one request proves the account and the image with the permission the
   * user already needs (appstream:DescribeImages); STS GetCallerIdentity would prove only the
   * account, and not catch an image re-created under the same name. On any mismatch nothing is
   * sent and ImageIdentityChanged says what changed.
   *
   * The SDK retries only throttled or failed attempts; a retry that meets
   * ConcurrentModification counts as ours only if the image is then DELETING.
   */
  async deleteImage(ref: ImageRef, confirmed: { createdTime?: Date } = {}): Promise<Image | undefined> {
    const { client, image: current } = await this.confirmOwnImage(ref, confirmed, 'deleted');
    try {
      const out = await this.send(ref.profile, ref.region, 'DeleteImage', () => client.send(new DeleteImageCommand({ Name: current.Name })));
      return out.Image;
    } catch (err) {
      const e = err as { name?: string; $metadata?: { attempts?: number } };
      if (e.name === 'ConcurrentModificationException' && (e.$metadata?.attempts ?? 1) > 1) {
        // Our first attempt may have gone through before it failed; or someone else is changing it.
        const after = await this.describeByArn(client, ref);
        if (after?.State === 'DELETING') {
          return after;
        }
      }
      throw err;
    }
  }

  /**
   * The check every change makes just before it sends (deleteImage's, above): through the client
   * the change will use, the image described by the confirmed ARN must come back as this
   * account's own (PRIVATE) image with that ARN and, when known, the same CreatedTime. Returns
   * that client and the image as it is now; otherwise throws ImageIdentityChanged naming both
   * accounts (or ResourceNotFoundException when the image is gone), ending "Nothing was <past>."
   */
  private async confirmOwnImage(ref: ImageRef, confirmed: { createdTime?: Date }, past: string): Promise<{ client: AppStreamClient; image: Image }> {
    const confirmedAccount = accountOfImageArn(ref.arn);
    if (!confirmedAccount) {
      throw new ImageIdentityChanged(`"${ref.name}" is a public image (${ref.arn}): it belongs to AWS and cannot be ${past}.`);
    }
    const client = await this.client(ref.profile, ref.region);
    const current = await this.describeByArn(client, ref);
    if (!current || current.Visibility !== 'PRIVATE') {
      const signedIn = await this.signedInAccount(client, ref.profile, ref.region);
      if (signedIn !== confirmedAccount) {
        throw new ImageIdentityChanged(
          signedIn
            ? `Profile "${ref.profile}" now signs in to account ${signedIn}; the image you confirmed, "${ref.name}", is in account ${confirmedAccount}. Nothing was ${past}.`
            : `Profile "${ref.profile}" no longer signs in to account ${confirmedAccount}, where the image you confirmed, "${ref.name}", is. Nothing was ${past}.`,
        );
      }
      if (!current) {
        throw new ResourceNotFoundException({ message: `The image ${ref.arn} no longer exists.`, $metadata: {} });
      }
      throw new ImageIdentityChanged(`"${ref.name}" is no longer an image of account ${confirmedAccount} (${current.Visibility}). Nothing was ${past}.`);
    }
    if (confirmed.createdTime && current.CreatedTime && current.CreatedTime.getTime() !== confirmed.createdTime.getTime()) {
      throw new ImageIdentityChanged(
        `"${ref.name}" in account ${confirmedAccount} was re-created (created ${current.CreatedTime.toISOString()}, you confirmed the one created ${confirmed.createdTime.toISOString()}). Nothing was ${past}: refresh and look again.`,
      );
    }
    return { client, image: current };
  }

  /**
   * The account these credentials sign in to, to explain a mismatch: the credentials' own
   * accountId (SSO and role credentials carry it), else the account in an own image's ARN.
   */
  private async signedInAccount(client: AppStreamClient, profile: string, region: string): Promise<string | undefined> {
    try {
      const identity = await client.config.credentials();
      if (identity.accountId) {
        return identity.accountId;
      }
      const out = await this.send(profile, region, 'DescribeImages', () => client.send(new DescribeImagesCommand({ Type: 'PRIVATE', MaxResults: 1 })));
      return accountOfImageArn(out.Images?.[0]?.Arn);
    } catch {
      return undefined;
    }
  }

  /** Fleets and image builders that use the image, and the accounts it is shared with. */
  async findImageUsage(profile: string, region: string, image: Image): Promise<ImageUsage> {
    const [usage] = await this.findImagesUsage(profile, region, [image]);
    if (usage instanceof Error) {
      throw usage;
    }
    return usage;
  }

  /**
   * The usage of several images of one profile and region, with one DescribeFleets chain and one
   * DescribeImageBuilders chain for all of them (the multi-image delete, the cleanup finder's
   * cost) and, per own image, its DescribeImagePermissions. A failed listing rejects (it concerns
   * every image); a failed permission look-up is that image's LookupFailed, in its place.
   */
  async findImagesUsage(profile: string, region: string, images: readonly Image[]): Promise<(ImageUsage | LookupFailed)[]> {
    const client = await this.client(profile, region);
    const named = <T>(operation: string, p: Promise<T>): Promise<T> =>
      p.catch((err: unknown) => {
        throw new LookupFailed(operation, err);
      });
    const [fleets, builders, shares] = await Promise.all([
      named('DescribeFleets', this.listFleets(profile, region)),
      named('DescribeImageBuilders', this.allPages(profile, region, 'DescribeImageBuilders', (token) => client.send(new DescribeImageBuildersCommand({ NextToken: token, MaxResults: 25 })), (page) => page.ImageBuilders)),
      Promise.all(
        images.map((image) =>
          image.Visibility === 'PRIVATE'
            ? named(
                'DescribeImagePermissions',
                this.imagePermissions(profile, region, image.Name ?? '').catch((err: unknown) => {
                  // Not ours or gone: DeleteImage itself will say which, with AWS's own words.
                  if (err instanceof ResourceNotFoundException) {
                    return [];
                  }
                  throw err;
                }),
              ).catch((err: LookupFailed) => err)
            : Promise.resolve([]),
        ),
      ),
    ]);
    // By ARN whenever both sides carry one: a fleet running a shared image named like our own
    // does not block deleting ours. By name otherwise (a name resolves among own and public images).
    return images.map((image, i) => {
      const sharedWith = shares[i];
      if (sharedWith instanceof LookupFailed) {
        return sharedWith;
      }
      return {
        fleets: fleets.filter((f) => usesImage(f, image)).map((f) => ({ name: f.Name ?? '?', state: f.State })),
        imageBuilders: builders.filter((b) => usesImage(b, image)).map((b) => ({ name: b.Name ?? '?', state: b.State })),
        sharedWith,
      };
    });
  }

  /** Every fleet of the profile's account in a region (DescribeFleets, all pages): what runs which image. */
  async listFleets(profile: string, region: string): Promise<Fleet[]> {
    const client = await this.client(profile, region);
    return this.allPages(profile, region, 'DescribeFleets', (token) => client.send(new DescribeFleetsCommand({ NextToken: token })), (page) => page.Fleets);
  }

  /** Accounts an own image is shared with (DescribeImagePermissions, by name, all pages). */
  imagePermissions(profile: string, region: string, name: string): Promise<SharedImagePermissions[]> {
    return listImagePermissions(this.calls, profile, region, name);
  }

  // ---- sharing (sharing.ts) ----

  /** The accounts an image the user sees is shared with; [] without a request unless it is own. */
  imageShares(seen: SeenImage): Promise<ImageShare[]> {
    return imageShares(this.calls, seen);
  }

  /** Shares an own image with an account or changes its permissions, after the identity check. */
  shareImage(ref: ImageRef, accountId: string, permissions: SharePermissions, confirmed: { createdTime?: Date } = {}): Promise<void> {
    return shareImage(this.calls, ref, accountId, permissions, confirmed);
  }

  /** Stops sharing an own image with an account, after the identity check. */
  unshareImage(ref: ImageRef, accountId: string, confirmed: { createdTime?: Date } = {}): Promise<void> {
    return unshareImage(this.calls, ref, accountId, confirmed);
  }

  /** Unshares from each account (stops at the first failure: UnshareFailed, nothing deleted), then the bound deleteImage. */
  unshareAndDelete(ref: ImageRef, accountIds: readonly string[], confirmed: { createdTime?: Date } = {}, onUnshared?: (accountId: string, index: number) => void): Promise<UnshareAndDeleteResult> {
    return unshareAndDelete(this.calls, ref, accountIds, confirmed, (r, c) => this.deleteImage(r, c), onUnshared);
  }

  // ---- copies (copy.ts) ----

  /** CopyImage of an own AVAILABLE image, after the identity check; the destination's ref. */
  copyImage(source: ImageRef, destination: CopyDestination, confirmed: { createdTime?: Date } = {}): Promise<ImageRef> {
    return copyImage(this.calls, source, destination, confirmed);
  }

  /** A batch of copies of one image (≤ 2 in flight per destination region); call `run()` to start it. */
  copyBatch(source: ImageRef, destinations: readonly CopyDestination[], options: CopyBatchOptions & { confirmed?: { createdTime?: Date }; copyTags?: boolean }): CopyBatch {
    return new CopyBatch(destinations, serviceCopyRunner(this.calls, source, options.confirmed ?? {}, options.copyTags === true), options);
  }

  // ---- tags (tags.ts) ----

  /** An image's tags (ListTagsForResource by ARN); {} without a request for AWS's public images. */
  imageTags(ref: ImageRef): Promise<Tags> {
    return accountOfImageArn(ref.arn) ? listTags(this.calls, ref) : Promise.resolve({});
  }

  /** Gives an own image the tags `after` (edited from `before`); validated before any request, then the identity check. */
  updateImageTags(ref: ImageRef, before: Tags, after: Tags, confirmed: { createdTime?: Date } = {}): Promise<TagUpdate> {
    return updateImageTags(this.calls, ref, before, after, confirmed);
  }

  // ---- managed image updates (updates.ts) ----

  /** CreateUpdatedImage with dryRun for one own image (no identity check: a check changes nothing); 1 request. */
  checkForUpdate(ref: ImageRef): Promise<UpdateCheck> {
    return checkForUpdate(this.calls, ref);
  }

  /** One dry run per image through the limiter, after one account check per profile and region. */
  checkForUpdates(refs: readonly ImageRef[], onResult: (ref: ImageRef, check: UpdateCheck) => void, cancelled?: () => boolean): Promise<void> {
    return checkForUpdates(this.calls, refs, onResult, cancelled);
  }

  /** CreateUpdatedImage of an own AVAILABLE image after the identity check: the new image (PENDING) and its ref. */
  createUpdatedImage(source: ImageRef, options: UpdatedImageOptions, confirmed: { createdTime?: Date } = {}): Promise<{ ref: ImageRef; image: Image }> {
    return createUpdatedImage(this.calls, source, options, confirmed);
  }

  // ---- image builders (builders.ts) ----

  /** Every image builder of the profile's account in a region (DescribeImageBuilders, all pages). */
  listImageBuilders(profile: string, region: string): Promise<ImageBuilder[]> {
    return listImageBuilders(this.calls, profile, region);
  }

  /** One builder as it is now (by name), or undefined when it is gone. */
  describeImageBuilder(ref: Pick<BuilderRef, 'profile' | 'region' | 'name'>): Promise<ImageBuilder | undefined> {
    return describeImageBuilder(this.calls, ref);
  }

  /** StartImageBuilder after the identity check (the builder's ARN names the account the user saw). */
  startImageBuilder(ref: BuilderRef): Promise<ImageBuilder | undefined> {
    return startImageBuilder(this.calls, ref);
  }

  /** StopImageBuilder after the identity check. */
  stopImageBuilder(ref: BuilderRef): Promise<ImageBuilder | undefined> {
    return stopImageBuilder(this.calls, ref);
  }

  /** DeleteImageBuilder after the identity check. */
  deleteImageBuilder(ref: BuilderRef): Promise<ImageBuilder | undefined> {
    return deleteImageBuilder(this.calls, ref);
  }

  /** CreateImageBuilderStreamingURL after the identity check. The URL is a credential: never log it. */
  imageBuilderStreamingUrl(ref: BuilderRef, validitySeconds?: number): Promise<{ url: string; expires?: Date }> {
    return imageBuilderStreamingUrl(this.calls, ref, validitySeconds);
  }

  // ---- launch an image builder, export to an AMI (builders.ts, exports.ts) ----

  /** CreateImageBuilder from the image the user saw, after re-checking the image and that the profile still signs in to `account`. */
  launchImageBuilder(ref: ImageRef, plan: BuilderLaunchPlan, account: string | undefined): Promise<ImageBuilder> {
    return launchImageBuilder(this.calls, ref, plan, account);
  }

  /** Every export task of the profile's account in a region (ListExportImageTasks, all pages). */
  listExportImageTasks(profile: string, region: string): Promise<ExportImageTask[]> {
    return listExportImageTasks(this.calls, profile, region);
  }

  /** One export task as it is now, or undefined when there is none of that id. */
  getExportImageTask(ref: ExportTaskRef): Promise<ExportImageTask | undefined> {
    return getExportImageTask(this.calls, ref);
  }

  /** CreateExportImageTask of an own AVAILABLE image, after the identity check. */
  exportImage(ref: ImageRef, plan: ExportPlan, confirmed: { createdTime?: Date } = {}): Promise<ExportImageTask> {
    return exportImage(this.calls, ref, plan, confirmed);
  }

  /**
   * The account a profile's credentials name, without an AppStream request: resolves them
   * through the profile's own provider (an SSO role's or an assumed role's credentials carry
   * their account, as do static keys with `aws_account_id`, or a credential_process that prints
   * `AccountId`); undefined for credentials that do not say. Throws what resolving them throws
   * (a misconfigured profile, an expired SSO token), as the profile's first request would.
   */
  async credentialsAccount(profile: string, region: string): Promise<string | undefined> {
    const client = await this.client(profile, region);
    return (await client.config.credentials()).accountId || undefined;
  }

  /**
   * The account a profile signs in to, as far as one request tells (the credentials' accountId,
   * else the ARN of an own image in `region`); undefined when that cannot tell. For offering the
   * accounts of the profiles in view by name.
   */
  async profileAccount(profile: string, region: string): Promise<string | undefined> {
    return this.signedInAccount(await this.client(profile, region), profile, region);
  }

  /**
   * Every page of a NextToken listing. `fetchPage` returns the SDK's output as it is (its
   * $metadata reaches the request log); `itemsOf` picks the items from a page.
   */
  private async allPages<T, O extends { NextToken?: string }>(
    profile: string,
    region: string,
    operation: string,
    fetchPage: (token: string | undefined) => Promise<O>,
    itemsOf: (page: O) => T[] | undefined,
  ): Promise<T[]> {
    const all: T[] = [];
    let token: string | undefined;
    do {
      const page = await this.send(profile, region, operation, () => fetchPage(token), token !== undefined);
      all.push(...(itemsOf(page) ?? []));
      token = page.NextToken;
    } while (token);
    return all;
  }

  /** `continuation`: a next page of a listing under way; it waits ahead of new calls (see ConcurrencyLimiter). */
  private async send<T extends object>(
    profile: string,
    region: string,
    operation: string,
    call: () => Promise<T>,
    continuation = false,
  ): Promise<T> {
    return this.limiter.run(async () => {
      const started = Date.now();
      try {
        const out = await call();
        const meta = (out as { $metadata?: { attempts?: number; requestId?: string } }).$metadata;
        this.options.onRequest?.({ profile, region, operation, durationMs: Date.now() - started, attempts: meta?.attempts, requestId: meta?.requestId });
        return out;
      } catch (err) {
        const e = err as { name?: string; $metadata?: { attempts?: number; requestId?: string } };
        this.options.onRequest?.({
          profile,
          region,
          operation,
          durationMs: Date.now() - started,
          attempts: e.$metadata?.attempts,
          requestId: e.$metadata?.requestId,
          errorName: e.name ?? 'Error',
        });
        throw err;
      }
    }, continuation);
  }

  private async client(profileName: string, region: string): Promise<AppStreamClient> {
    const key = `${profileName}\u0000${region}`;
    const existing = this.clients.get(key);
    if (existing) {
      return existing;
    }
    const profile = await this.profile(profileName);
    if (profile?.problems.length) {
      throw new ProfileConfigError(profile.problems.join(' '));
    }
    // Another call may have built it while we read the profile: one client per (profile, region).
    const built = this.clients.get(key);
    if (built) {
      return built;
    }
    const client = new AppStreamClient({
      region,
      endpoint: profile?.endpointUrl,
      // profiles.ts resolved this profile's endpoint (env, services section, endpoint_url). Left
      // to itself the SDK would read endpoint_url of the process-wide profile (AWS_PROFILE) and
      // send a profile without one to another profile's endpoint.
      ignoreConfiguredEndpointUrls: true,
      maxAttempts: this.options.maxAttempts,
      requestHandler: {
        ...this.sharedAgents(),
        requestTimeout: this.options.requestTimeoutMs,
        // Without this the handler only warns and a hung endpoint spins forever.
        throwOnRequestTimeout: true,
        connectionTimeout: Math.min(this.options.requestTimeoutMs, 10_000),
      },
      credentials: this.credentials(profileName, profile?.region ?? region, profile?.endpoints ?? {}, profile),
    });
    // AppStream's LimitExceededException is a quota (100 accounts per image, 2 copies in flight
    // into a region, 50 tags), not a rate, but the SDK counts it as throttling and would send
    // the request maxAttempts times.
    const retryStrategy = client.config.retryStrategy;
    client.config.retryStrategy = async () => withoutQuotaRetries(await retryStrategy());
    this.clients.set(key, client);
    return client;
  }

  /**
   * One credential provider per profile, shared by its clients in every region, so an SSO
   * login, a role assumption or an MFA prompt happens once per profile, not once per region.
   * Temporary credentials are refreshed five minutes before they expire.
   */
  private credentials(profile: string, stsRegion: string, endpoints: ProfileInfo['endpoints'], info?: ProfileInfo): () => Promise<AwsCredentialIdentity> {
    const existing = this.credentialProviders.get(profile);
    if (existing) {
      return existing;
    }
    // Each resolution is bounded like a request; the MFA prompt stops the clock (the user types).
    const deadline = new PausableDeadline();
    const resolve = this.credentialSource(profile, stsRegion, endpoints, info, deadline);
    let cached: AwsCredentialIdentity | undefined;
    let pending: Promise<AwsCredentialIdentity> | undefined;
    const provider = async (): Promise<AwsCredentialIdentity> => {
      if (cached && (!cached.expiration || cached.expiration.getTime() - Date.now() > 5 * 60_000)) {
        return cached;
      }
      // Unbounded, a credential helper that hangs would keep the tree loading and a request slot taken forever.
      pending ??= deadline
        .run(this.options.requestTimeoutMs, resolve, (ms) => new CredentialsTimeout(ms))
        .then((c) => (cached = c))
        .finally(() => (pending = undefined));
      return pending;
    };
    this.credentialProviders.set(profile, provider);
    return provider;
  }

  /**
   * Where a profile's credentials come from, through the SDK's own providers. An account added
   * from an SSO session has no profile in the config files: fromSSO with its values. An SSO
   * profile (or a role with one as its source) has its token refreshed where it says
   * (ssoAccounts.ts). Every other profile: fromIni.
   */
  private credentialSource(profile: string, stsRegion: string, endpoints: ProfileInfo['endpoints'], info: ProfileInfo | undefined, deadline: PausableDeadline): () => Promise<AwsCredentialIdentity> {
    const { env, mfaCodeProvider } = this.options;
    if (info?.ssoAccount) {
      return ssoAccountCredentials(info.ssoAccount, { configDir: this.options.ssoConfigDir });
    }
    const files = { configFilepath: configFilePath(env), filepath: credentialsFilePath(env) };
    if (info?.ssoTokenProfile === profile) {
      return ssoProfileCredentials(profile, files, endpoints, stsRegion);
    }
    // The inner clients that resolve credentials go to this profile's own endpoints (or AWS's
    // default), never to the endpoint_url of the process-wide profile, which is where the SDK's
    // own lookup would send a role assumption or an SSO token (see profiles.ts).
    const sts = { endpoint: endpoints.sts, ignoreConfiguredEndpointUrls: true, parentClientConfig: { region: stsRegion } };
    const viaIni = fromIni({
      profile,
      ...files,
      ignoreCache: true,
      roleAssumer: getDefaultRoleAssumer(sts),
      roleAssumerWithWebIdentity: getDefaultRoleAssumerWithWebIdentity(sts),
      // The SSO portal client (of a legacy SSO profile, or of a role's SSO source profile) gets
      // this: the profile's SSO endpoint.
      clientConfig: { endpoint: endpoints.sso, ignoreConfiguredEndpointUrls: true },
      mfaCodeProvider: mfaCodeProvider ? (serial) => deadline.paused(() => mfaCodeProvider(profile, serial)) : undefined,
      // parentClientConfig, not clientConfig: fromIni hands clientConfig to every inner client, and
      // its region would override the SSO portal's (sso_region) with the profile's, where the
      // cached token is unknown. As the parent's region it is only the STS fallback (after the
      // role profile's own region), as for a client that resolves its own credentials.
      parentClientConfig: { region: stsRegion },
    });
    const tokenProfile = info?.ssoTokenProfile;
    if (!tokenProfile) {
      return viaIni;
    }
    // A role whose source is an SSO profile: that token refreshed at this profile's sso_oidc first.
    return async () => {
      await refreshSsoToken(tokenProfile, files, endpoints.ssoOidc);
      return viaIni();
    };
  }
}
