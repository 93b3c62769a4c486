import * as vscode from 'vscode';
import { ExplorerNode, type ExplorerContext } from './explorerNode';
import { cleanLabel } from './imagePresentation';

/** What a resource row needs of the group that lists it. */
export interface ResourceGroup extends ExplorerNode {
  readonly profile: string;
  readonly region: string;
  readonly isRetired: boolean;
  /** Takes a row whose resource is gone out of the group. */
  remove(node: ExplorerNode): void;
}

/**
 * One listed AWS resource (an image, an image builder, an export task) in a group: identified by
 * what AWS identifies it by (its ARN; an export task, which has none, by its TaskId), kept current
 * by newer answers only, and dropped for good once detached.
 */
export abstract class ResourceNode<T extends object, G extends ResourceGroup> extends ExplorerNode {
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
    this.id = `${group.id}/${this.identityOf(current) ?? this.nameOf(current)}`;
  }

  /** Who a copy of the resource is about (its ARN, or the id AWS gives it): an answer about another one is ignored. */
  protected abstract identityOf(resource: T): string | undefined;

  /** Its name as AWS gives it ('' when none). */
  protected abstract nameOf(resource: T): string;

  get name(): string {
    return this.nameOf(this.current);
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
    const identity = this.identityOf(resource);
    if (this.isDetached || askedAt < this.askedAt || (identity !== undefined && identity !== this.identityOf(this.current))) {
      return;
    }
    const wasChanging = this.isTransitional;
    this.askedAt = askedAt;
    this.current = resource;
    this.follow(true);
    this.ctx.refresh(this);
    if (wasChanging && !this.isTransitional) {
      // It just reached its end state, what the user waits for; a redraw that reaches VS Code
      // while it fetches rows can be lost: sent once more when the tree is quiet.
      this.ctx.redrawWhenSettled(this);
    }
  }

  /** While it changes state (PENDING, DELETING, EXPORTING…): followed by the poller. */
  abstract get isTransitional(): boolean;

  /**
   * Re-reads the resource with `read` (the poller's `poll`): a gone one leaves its group, an answer
   * that arrives after the node left the tree is dropped. True while it still changes.
   */
  protected async pollWith(read: () => Promise<T | undefined>, stillChanging: (resource: T) => boolean): Promise<boolean> {
    const askedAt = Date.now();
    const now = await read();
    if (this.isDetached) {
      return false;
    }
    if (!now) {
      this.group.remove(this);
      return false;
    }
    this.update(now, askedAt);
    return stillChanging(now);
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
