import * as vscode from 'vscode';
import type { Image } from '@aws-sdk/client-appstream';
import { imageRefKey, type ImageRef } from '../aws/imageRef';
import { classifyError } from '../aws/errors';
import { ExplorerNode, type ExplorerContext } from './explorerNode';
import type { GroupNode } from './groupNode';
import { ImageNode } from './imageNode';
import { cleanLabel } from './imagePresentation';
import type { RegionNode } from './regionNode';
import { pinBatches, type PinStore } from './pinStore';
import type { ImageChange } from '../services/imageChanges';

/** Where the pinned section finds the tree's profiles and regions. */
export interface PinPlaces {
  profileInView(profile: string): boolean;
  regionNode(profile: string, region: string): RegionNode | undefined;
}

/**
 * A pinned image that AWS answered for: a real ImageNode of its profile's region and visibility
 * group (so every image command, the poller and the image change event treat it as the image row
 * it is, by the same ARN), shown under *Pinned* with its own id and parent.
 */
export class PinnedImageNode extends ImageNode {
  override readonly id: string;

  constructor(ctx: ExplorerContext, section: PinnedSectionNode, group: GroupNode, image: Image, askedAt: number) {
    super(ctx, group, image, askedAt);
    // In the tree it sits under Pinned (reveal walks up from here), not under its group.
    (this as { parent: ExplorerNode | undefined }).parent = section;
    this.id = `${section.id}/${group.profile}/${image.Arn ?? image.Name}`;
  }

  override getTreeItem(): vscode.TreeItem {
    const item = super.getTreeItem();
    item.id = this.id;
    item.description = [`${this.profile} · ${this.region}`, item.description].filter(Boolean).join(' · ');
    return item;
  }
}

type MissingKind = 'gone' | 'profileNotInView' | 'regionNotInView' | 'error';

/** A pinned image the tree cannot show: gone, its profile or region not in view, or not described. It can be unpinned. */
export class PinnedMissingNode extends ExplorerNode {
  readonly id: string;

  constructor(
    ctx: ExplorerContext,
    section: PinnedSectionNode,
    readonly ref: ImageRef,
    readonly kind: MissingKind,
    readonly detail?: string,
  ) {
    super(ctx, section);
    this.id = `${section.id}/${ref.profile}/${ref.arn}`;
  }

  get reason(): string {
    switch (this.kind) {
      case 'gone':
        return vscode.l10n.t('gone (deleted, or no longer visible to this profile)');
      case 'profileNotInView':
        return vscode.l10n.t('profile not in view');
      case 'regionNotInView':
        return vscode.l10n.t('region not in view');
      default:
        return vscode.l10n.t('could not be described');
    }
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(cleanLabel(this.ref.name || this.ref.arn), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `${this.ref.profile} · ${this.ref.region} · ${this.reason}`;
    item.iconPath = new vscode.ThemeIcon(this.kind === 'error' ? 'warning' : 'circle-slash', this.kind === 'error' ? new vscode.ThemeColor('editorWarning.foreground') : undefined);
    item.contextValue = `pinnedMissing;${this.kind};pinned`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(`${this.ref.arn}\n\n${this.reason}${this.detail ? `: ${this.detail}` : ''}\n\n`);
    tooltip.appendText(
      this.kind === 'profileNotInView' || this.kind === 'regionNotInView'
        ? vscode.l10n.t('Add its profile or region to the view to see it again, or unpin it.')
        : this.kind === 'gone'
          ? vscode.l10n.t('Unpin it to remove this row.')
          : vscode.l10n.t('Refresh the view to try again, or unpin it.'),
    );
    item.tooltip = tooltip;
    return item;
  }
}

/**
 * *Pinned*, at the top of the tree while something is pinned: the pinned images described by ARN
 * (DescribeImages `Arns`, ≤ 25 per call, one batch per profile and region, through the AWS
 * layer's limiter), loaded on expand and kept until the pins change or the view is refreshed.
 */
export class PinnedSectionNode extends ExplorerNode {
  readonly id = 'pinned';
  private rows: Promise<ExplorerNode[]> | undefined;
  private retired = false;

  constructor(
    ctx: ExplorerContext,
    private readonly pins: PinStore,
    private readonly places: PinPlaces,
  ) {
    super(ctx, undefined);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Pinned'), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('pinned');
    item.contextValue = 'pinnedSection';
    const count = this.pins.list().length;
    item.description = count === 1 ? vscode.l10n.t('1 image') : vscode.l10n.t('{0} images', count);
    return item;
  }

  getChildren(): Promise<ExplorerNode[]> {
    this.rows ??= this.load();
    return this.rows;
  }

  /** The pins changed, or the view was refreshed: the rows are described again on the next look. */
  forget(): void {
    const old = this.rows;
    this.rows = undefined;
    void old?.then((rows) => rows.forEach((r) => r instanceof PinnedImageNode && r.detach()));
  }

  override reload(): void {
    this.forget();
    this.ctx.refresh(this);
  }

  retire(): void {
    this.retired = true;
    this.forget();
  }

  /** What became of an image (a poll, a delete): its pinned row shows it, or says it is gone. */
  applyChange({ ref, image, askedAt }: ImageChange): void {
    const rows = this.rows;
    if (!rows) {
      return;
    }
    const key = imageRefKey(ref);
    void rows.then((current) => {
      if (this.rows !== rows || this.retired) {
        return;
      }
      const index = current.findIndex((r) => r instanceof PinnedImageNode && r.ref && imageRefKey(r.ref) === key);
      if (index < 0) {
        return;
      }
      const node = current[index] as PinnedImageNode;
      if (image) {
        node.update(image, askedAt);
        return;
      }
      node.detach();
      const next = [...current];
      next[index] = new PinnedMissingNode(this.ctx, this, node.ref ?? { ...ref }, 'gone');
      this.rows = Promise.resolve(next);
      this.ctx.refresh(this);
    });
  }

  private async load(): Promise<ExplorerNode[]> {
    const pins = this.pins.list();
    const rows = new Map<string, ExplorerNode>();
    const toDescribe: ImageRef[] = [];
    for (const pin of pins) {
      if (!this.places.profileInView(pin.profile)) {
        rows.set(imageRefKey(pin), new PinnedMissingNode(this.ctx, this, pin, 'profileNotInView'));
      } else if (!this.places.regionNode(pin.profile, pin.region)) {
        rows.set(imageRefKey(pin), new PinnedMissingNode(this.ctx, this, pin, 'regionNotInView'));
      } else {
        toDescribe.push(pin);
      }
    }
    await Promise.all(
      pinBatches(toDescribe).map(async (batch) => {
        for (const [pin, row] of await this.describe(batch.profile, batch.region, batch.pins)) {
          rows.set(imageRefKey(pin), row);
        }
      }),
    );
    return pins.map((p) => rows.get(imageRefKey(p))).filter((r): r is ExplorerNode => r !== undefined);
  }

  /** One DescribeImages by ARNs (AWS's not-found answer taken apart by the AWS layer). */
  private async describe(profile: string, region: string, pins: ImageRef[]): Promise<[ImageRef, ExplorerNode][]> {
    const askedAt = Date.now();
    let found: Map<string, Image | undefined>;
    try {
      found = await this.ctx.aws().describeImagesByArn(profile, region, pins.map((p) => p.arn));
    } catch (err) {
      return this.failed(profile, region, pins, err);
    }
    const images = pins.map((pin) => found.get(pin.arn));
    this.ctx.log.info(`Pinned: ${profile} ${region}: described ${pins.length} pinned images by ARN (${images.filter(Boolean).length} found)`);
    return pins.map((pin, i) => [pin, this.rowFor(pin, images[i], askedAt)]);
  }

  private failed(profile: string, region: string, pins: ImageRef[], err: unknown): [ImageRef, ExplorerNode][] {
    const error = classifyError(err, { profile, region, operation: 'DescribeImages' });
    this.ctx.log.warn(`Pinned: ${profile} ${region}: ${error.code}: ${error.message}`);
    return pins.map((pin) => [pin, new PinnedMissingNode(this.ctx, this, pin, 'error', error.message)]);
  }

  private rowFor(pin: ImageRef, image: Image | undefined, askedAt: number): ExplorerNode {
    const region = this.places.regionNode(pin.profile, pin.region);
    if (!region || region.isRetired) {
      return new PinnedMissingNode(this.ctx, this, pin, 'regionNotInView');
    }
    if (!image?.Arn) {
      return new PinnedMissingNode(this.ctx, this, pin, 'gone');
    }
    const visibility = image.Visibility === 'SHARED' || image.Visibility === 'PUBLIC' ? image.Visibility : 'PRIVATE';
    const group = region.groups.find((g) => g.visibility === visibility) ?? region.privateGroup;
    const node = new PinnedImageNode(this.ctx, this, group, image, askedAt);
    node.follow(true);
    return node;
  }
}
