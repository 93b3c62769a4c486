import * as vscode from 'vscode';
import { ExplorerNode, type ExplorerContext } from './explorerNode';
import { cleanLabel } from './imagePresentation';

/** What a resource row needs of the group that lists it. */
export interface ResourceGroup extends ExplorerNode {
  readonly profile: string;
  readonly region: string;
  readonly isRetired: boolean;
}

/**
 * One listed AWS resource (an image, an image builder) in a group: identified by its ARN, kept
 * current by newer answers only, and dropped for good once detached.
 */
export abstract class ResourceNode<T extends { Arn?: string; Name?: string }, G extends ResourceGroup> extends ExplorerNode {
  readonly id: string;
  private detached = false;
  /** When the request that gave us `current` was sent (the listing's, at first). */
  private askedAt: number;

  constructor(
    ctx: ExplorerContext,
    readonly group: G,
    protected current: T,
    listedAt: number,
  ) {
    super(ctx, group);
    this.askedAt = listedAt;
    // By ARN: two accounts may share resources of the same name with us.
    this.id = `${group.id}/${current.Arn ?? current.Name}`;
  }

  get name(): string {
    return this.current.Name ?? '';
  }

  get profile(): string {
    return this.group.profile;
  }

  get region(): string {
    return this.group.region;
  }

  /** True once the node left the tree (refresh, profile switch, resource gone): no more updates or polls. */
  get isDetached(): boolean {
    return this.detached || this.group.isRetired;
  }

  detach(): void {
    this.detached = true;
    this.follow(false);
  }

  /** Has the poller follow this node while it changes state (or stop following it). */
  abstract follow(on: boolean): void;

  /**
   * Shows a newer copy (after a poll, an action or a details refresh) and keeps polling if it still
   * changes. `askedAt` is when that request was sent: an answer to an older request (a details
   * refresh that overtook a DeleteImage) must not undo a newer one.
   */
  update(resource: T, askedAt: number): void {
    if (this.isDetached || askedAt < this.askedAt || (resource.Arn !== undefined && resource.Arn !== this.current.Arn)) {
      return;
    }
    this.askedAt = askedAt;
    this.current = resource;
    this.follow(true);
    this.ctx.refresh(this);
  }

  /** A tooltip of "**Label:** value" lines; values are text (written by other accounts), cut at 300 characters. */
  protected tooltipOf(lines: [label: string, value: string | undefined][]): vscode.MarkdownString {
    const md = new vscode.MarkdownString();
    for (const [label, value] of lines) {
      if (value) {
        md.appendMarkdown(`**${label}:** `);
        md.appendText(cleanLabel(value, 300));
        md.appendMarkdown('  \n');
      }
    }
    return md;
  }
}
