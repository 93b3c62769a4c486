import type * as vscode from 'vscode';
import type { Image } from '@aws-sdk/client-appstream';
import type { AppStreamService } from '../aws';
import type { ImageNode } from './imageNode';
import { byPlace, type ImageRef, type Place } from '../aws/imageRef';
import { isTransitional } from '../aws/imageRules';
import type { ImageChanges } from '../services/imageChanges';

const MAX_INTERVAL_MS = 30_000;

/**
 * Something else the poller follows on the same clock (an image builder): it re-reads itself and
 * shows what it learned; `poll` resolves true while it is still transitional.
 */
export interface Followed {
  readonly isTransitional: boolean;
  readonly isDetached: boolean;
  poll(): Promise<boolean>;
}

/**
 * Follows images in transitional states (PENDING, DELETING...) until they settle or vanish.
 * Polls only while the view is visible and something is transitional, with backoff; costs
 * nothing otherwise.
 */
export class ImagePoller implements vscode.Disposable {
  private readonly tracked = new Set<ImageNode | Followed>();
  private timer: NodeJS.Timeout | undefined;
  private intervalMs: number;
  private visible = false;
  private polling = false;

  /** What a poll learns goes out on `changes`; the tree (and an open panel) apply it. */
  constructor(
    private readonly aws: () => AppStreamService,
    private readonly baseIntervalMs: () => number,
    private readonly changes: ImageChanges,
  ) {
    this.intervalMs = baseIntervalMs();
  }

  get trackedCount(): number {
    return this.tracked.size;
  }

  get isScheduled(): boolean {
    return this.timer !== undefined;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.schedule();
  }

  /** Starts following a node if its image is transitional; a fresh transition polls soon. */
  track(node: ImageNode | Followed): void {
    if (!node.isTransitional || node.isDetached) {
      this.tracked.delete(node);
      return;
    }
    if (!this.tracked.has(node)) {
      this.tracked.add(node);
      this.intervalMs = this.baseIntervalMs();
      this.reschedule();
    }
  }

  untrack(node: ImageNode | Followed): void {
    this.tracked.delete(node);
    if (this.tracked.size === 0) {
      this.cancel();
    }
  }

  /** Re-reads one image at once (a Refresh on an image node). */
  async pollNow(node: ImageNode | Followed): Promise<void> {
    await this.pollOne(node);
  }

  dispose(): void {
    this.cancel();
    this.tracked.clear();
  }

  private reschedule(): void {
    this.cancel();
    this.schedule();
  }

  private schedule(): void {
    if (!this.visible || this.tracked.size === 0) {
      this.cancel();
      return;
    }
    if (this.timer || this.polling) {
      return;
    }
    this.timer = setTimeout(() => void this.tick(), this.intervalMs);
  }

  private cancel(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.polling = true;
    try {
      const nodes = [...this.tracked];
      const followed = nodes.filter((node): node is Followed => 'poll' in node);
      const images = nodes.filter((node): node is ImageNode => !('poll' in node));
      await Promise.all([...followed.map((node) => this.pollFollowed(node)), ...byPlace(images).map((place) => this.pollImages(place))]);
    } finally {
      this.polling = false;
      this.intervalMs = Math.min(MAX_INTERVAL_MS, Math.round(this.intervalMs * 1.5));
      this.schedule();
    }
  }

  private pollOne(node: ImageNode | Followed): Promise<void> {
    return 'poll' in node ? this.pollFollowed(node) : this.pollImages(byPlace([node])[0]);
  }

  private async pollFollowed(node: Followed): Promise<void> {
    if (node.isDetached) {
      this.tracked.delete(node);
      return;
    }
    const stillChanging = await node.poll().catch(() => true); // transient: the next tick tries again
    if (!stillChanging || node.isDetached) {
      this.tracked.delete(node);
    }
  }

  /** The images of one profile and region: one DescribeImages by ARNs (25 a call) for all of them. */
  private async pollImages({ profile, region, items: nodes }: Place<ImageNode>): Promise<void> {
    const polled: { node: ImageNode; ref: ImageRef }[] = [];
    for (const node of nodes) {
      const ref = node.ref;
      if (node.isDetached || !ref) {
        this.tracked.delete(node); // gone from the tree; or no ARN: not re-described by guessing a name
      } else {
        polled.push({ node, ref });
      }
    }
    if (polled.length === 0) {
      return;
    }
    const askedAt = Date.now();
    let found: Map<string, Image | undefined>;
    try {
      found = await this.aws().describeImagesByArn(profile, region, polled.map(({ ref }) => ref.arn));
    } catch {
      return; // Transient: the next tick tries again; the group's refresh shows lasting errors.
    }
    const told = new Set<string>();
    for (const { node, ref } of polled) {
      const image = found.get(ref.arn);
      if (node.isDetached || !image || !isTransitional(image.State)) {
        this.tracked.delete(node); // settled, gone, or left the tree while we asked
      }
      // One change per image: it reaches every node showing it (a pinned row and its group's).
      if (!node.isDetached && !told.has(ref.arn)) {
        told.add(ref.arn);
        this.changes.fire({ ref, image, askedAt });
      }
    }
  }
}
