import * as vscode from 'vscode';
import type { Image } from '@aws-sdk/client-appstream';
import type { AwsErrorInfo, ImageQuota, ImageVisibility } from '../aws';
import { quotaIncreaseUrl, quotaLevel } from '../aws/quotaRules';
import { classifyError } from '../aws/errors';
import { settledWithin, type ExplorerContext, type ExplorerNode } from './explorerNode';
import { ListedGroupNode } from './listedGroupNode';
import { ImageNode } from './imageNode';
import { matchesFilter } from './imagePresentation';
import { matchesTagTerms, parseImageFilter } from '../aws/tagRules';
import { MessageNode } from './messageNode';
import type { RegionNode } from './regionNode';

const GROUP_LABELS: Record<ImageVisibility, string> = {
  PRIVATE: 'Private',
  SHARED: 'Shared with me',
  PUBLIC: 'Public',
};

const GROUP_ICONS: Record<ImageVisibility, string> = {
  PRIVATE: 'lock',
  SHARED: 'organization',
  PUBLIC: 'globe',
};

/** Private / Shared with me / Public in one region: loads on expand, caches until refreshed. */
export class GroupNode extends ListedGroupNode<ImageNode> {
  /** The last tag filter applied: images whose tags could not be read for it. */
  private tagFailures: { filter: string; count: number; error?: AwsErrorInfo } | undefined;
  /** The quota look-up started beside the listing under way (Private only). */
  private quotaLookUp: Promise<void> | undefined;

  constructor(
    ctx: ExplorerContext,
    regionNode: RegionNode,
    readonly visibility: ImageVisibility,
  ) {
    super(ctx, regionNode, visibility, { operation: 'DescribeImages', name: visibility });
  }

  /** The images loaded so far (empty until expanded). */
  get imageNodes(): readonly ImageNode[] {
    return this.listed;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      vscode.l10n.t(GROUP_LABELS[this.visibility]),
      this.visibility === 'PRIVATE' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(GROUP_ICONS[this.visibility]);
    item.contextValue = `group;${this.visibility.toLowerCase()}`;
    if (this.state.status === 'loaded') {
      const total = this.state.nodes.length;
      const shown = this.visibleNodes().length;
      item.description = shown === total ? vscode.l10n.t('{0} images', total) : vscode.l10n.t('{0} of {1} images', shown, total);
      if (this.quota) {
        this.describeQuota(item, total, this.quota);
      }
    }
    return this.drawn(item);
  }

  /** "· quota 45" after the count; near or at it, a warning icon and a tooltip with the increase link. */
  private describeQuota(item: vscode.TreeItem, own: number, quota: ImageQuota): void {
    const level = quotaLevel(own, quota);
    item.description = `${String(item.description)} · ${vscode.l10n.t('quota {0}', quota.value)}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(vscode.l10n.t('{0} own images of {1} allowed in {2} (Service Quotas: "{3}", {4}).', own, quota.value, this.region, quota.name, quota.code));
    if (level !== 'ok') {
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      tooltip.appendMarkdown('\n\n');
      tooltip.appendText(level === 'at' ? vscode.l10n.t('At the limit: new images (copies, updates, image builders snapshots) will fail.') : vscode.l10n.t('Near the limit.'));
      if (quota.adjustable) {
        tooltip.appendMarkdown(`\n\n[${vscode.l10n.t('Request a quota increase')}](${quotaIncreaseUrl(this.region, quota.code)})`);
      }
    }
    item.tooltip = tooltip;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    const failed = await this.failureNode();
    if (failed) {
      return [failed];
    }
    await this.loadTagsForFilter();
    const nodes = this.visibleNodes();
    const failures = this.tagFailures?.filter === this.ctx.filterText() && this.tagFailures.count > 0 ? this.tagFailures : undefined;
    const warning = failures
      ? new MessageNode(
          this.ctx,
          this,
          'warning',
          vscode.l10n.t('The tags of {0} images could not be read: {1}', failures.count, failures.error?.message ?? ''),
          failures.error?.advice,
        )
      : undefined;
    if (nodes.length === 0) {
      const filtered = this.imageNodes.length > 0;
      return [new MessageNode(this.ctx, this, 'empty', filtered ? vscode.l10n.t('No images match the filter') : vscode.l10n.t('No images')), ...(warning ? [warning] : [])];
    }
    return warning ? [...nodes, warning] : nodes;
  }

  /**
   * A filter with `tag:` terms needs the tags of the own images that pass its other terms: one
   * ListTagsForResource each, through the limiter, cached until a refresh (none when cached).
   */
  private async loadTagsForFilter(): Promise<void> {
    const filter = this.ctx.filterText();
    const { text, tags } = parseImageFilter(filter);
    if (!tags.length || this.state.status !== 'loaded') {
      return;
    }
    const candidates = this.state.nodes.filter((n) => matchesFilter(n.image, text));
    const uncached = candidates.filter((n) => n.ref && this.ctx.tags.canRead(n.image, n.ref) && this.ctx.tags.peek(n.ref.arn) === undefined).length;
    const result = await this.ctx.tags.filter(candidates, tags);
    const first = result.failed[0];
    this.tagFailures = {
      filter,
      count: result.failed.length,
      error: first ? classifyError(first.error, { profile: this.profile, region: this.region, operation: 'ListTagsForResource' }) : undefined,
    };
    if (result.fetched > 0) {
      this.ctx.log.info(`Filter "${filter}": ${this.profile} ${this.region} ${this.visibility}: ListTagsForResource ${result.fetched} (of ${candidates.length} images; ${uncached} not cached)`);
      if (result.failed.length) {
        this.ctx.log.warn(`Filter "${filter}": tags of ${result.failed.length} images not read: ${this.tagFailures.error?.code}`);
      }
      this.ctx.redrawWhenSettled(this); // for the count
    }
  }

  /**
   * Shows an image that just appeared in this group (a copy, COPYING): loads the group if it was
   * not (the listing has it then), else adds it in name order; the poller follows it from here.
   */
  async addImage(image: Image, askedAt: number): Promise<void> {
    if (this.state.status !== 'loaded') {
      await this.ensureLoaded();
      this.ctx.refresh(this);
      return;
    }
    const existing = image.Arn ? this.findImage(image.Arn) : undefined;
    if (existing) {
      existing.update(image, askedAt);
      return;
    }
    const node = new ImageNode(this.ctx, this, image, askedAt);
    this.state = { status: 'loaded', nodes: [...this.state.nodes, node].sort((a, b) => byName(a.image, b.image)) };
    node.follow(true);
    this.ctx.refresh(this);
  }

  findImage(arn: string): ImageNode | undefined {
    return this.imageNodes.find((n) => n.image.Arn === arn);
  }

  /** Drops what was loaded; its image nodes leave the tree for good (a poll in flight cannot revive them). */
  override forget(): void {
    for (const node of this.imageNodes) {
      if (node.image.Arn) {
        this.ctx.tags.forget(node.image.Arn); // a refresh reads tags again too
      }
      const ref = node.ref;
      if (ref) {
        this.ctx.updates?.forget(ref); // and Check for Updates is asked again
      }
    }
    this.tagFailures = undefined;
    super.forget();
  }

  /** The account's image quota here, once known (Private only); no figure without permission. */
  private quota: ImageQuota | undefined;

  private lookUpQuota(): Promise<void> {
    return this.ctx
      .aws()
      .imageQuota(this.profile, this.region)
      .then(
        (status) => {
          this.quota = status.kind === 'known' ? status.quota : undefined;
          if (status.kind === 'unavailable') {
            logOnce(this.ctx, `${this.profile} ${this.region}: no image quota figure (${status.reason})`);
          }
        },
        (err: unknown) => {
          const error = classifyError(err, { profile: this.profile, region: this.region, operation: 'ListServiceQuotas' });
          logOnce(this.ctx, `${this.profile} ${this.region}: no image quota figure: ${error.code}: ${error.message}`);
        },
      );
  }

  private visibleNodes(): ImageNode[] {
    if (this.state.status !== 'loaded') {
      return [];
    }
    const filter = this.ctx.filterText();
    if (!filter) {
      return this.state.nodes;
    }
    // `tag:Key` / `tag:Key=Value` terms match the cached tags (loadTagsForFilter fetched them).
    const { text, tags } = parseImageFilter(filter);
    return this.state.nodes.filter((n) => matchesFilter(n.image, text) && (!tags.length || matchesTagTerms(n.ref ? this.ctx.tags.peek(n.ref.arn) : undefined, tags)));
  }

  protected async fetch(listedAt: number): Promise<ImageNode[]> {
    // Own images are counted against the account's image quota: asked beside the listing.
    this.quotaLookUp = this.visibility === 'PRIVATE' ? this.lookUpQuota() : undefined;
    const images = await this.ctx.aws().listImages(this.profile, this.region, this.visibility);
    this.regionNode.learnAccount(images);
    return images.sort(byName).map((image) => new ImageNode(this.ctx, this, image, listedAt));
  }

  protected override async afterLoad(): Promise<void> {
    const quota = this.quotaLookUp;
    if (quota) {
      // A slow Service Quotas does not hold the images back; its figure then comes in a redraw.
      let known = false;
      await settledWithin(QUOTA_GRACE_MS, [quota.then(() => (known = true))]);
      if (!known) {
        void quota.then(() => this.ctx.redrawWhenSettled(this));
      }
    }
  }

}

/** How long a listing waits for the quota figure before it shows without it. */
const QUOTA_GRACE_MS = 500;
const logged = new Set<string>();

/** Quota figures are extra: their absence is one log line per profile and region, not a tree error. */
function logOnce(ctx: ExplorerContext, line: string): void {
  if (!logged.has(line)) {
    logged.add(line);
    ctx.log.info(line);
  }
}

function byName(a: Image, b: Image): number {
  return (a.Name ?? '').localeCompare(b.Name ?? '');
}
