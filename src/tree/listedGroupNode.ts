import * as vscode from 'vscode';
import type { AwsErrorInfo } from '../aws';
import { classifyError } from '../aws/errors';
import { ExplorerNode, type ExplorerContext } from './explorerNode';
import { MessageNode } from './messageNode';
import type { RegionNode } from './regionNode';

/** What a listed group holds: rows the poller follows while they change, gone for good once detached. */
interface ListedRow extends ExplorerNode {
  follow(on: boolean): void;
  detach(): void;
}

type ListState<N> =
  | { status: 'idle' }
  | { status: 'loading'; promise: Promise<void> }
  | { status: 'loaded'; nodes: N[] }
  | { status: 'failed'; error: AwsErrorInfo };

/**
 * A group of one region that lists on first expand (or when the first look asks), caches until
 * refreshed, and says so on its row: "N …" once listed, "failed" with an error node below.
 */
export abstract class ListedGroupNode<N extends ListedRow> extends ExplorerNode {
  readonly id: string;
  readonly profile: string;
  readonly region: string;
  protected state: ListState<N> = { status: 'idle' };
  /** Whether VS Code holds this row as drawn before the listing was in (then the count needs a redraw). */
  private drawnWithoutCount = false;

  constructor(
    ctx: ExplorerContext,
    readonly regionNode: RegionNode,
    idSuffix: string,
    /** The AWS operation that lists, and how the log names the group. */
    private readonly listing: { operation: string; name: string },
  ) {
    super(ctx, regionNode);
    this.id = `${regionNode.id}/${idSuffix}`;
    this.profile = regionNode.profile;
    this.region = regionNode.region;
  }

  get isRetired(): boolean {
    return this.regionNode.isRetired;
  }

  /** Whether it was listed: idle (never asked), loading, loaded or failed. */
  get listStatus(): ListState<N>['status'] {
    return this.state.status;
  }

  /** The rows listed so far (none until listed). */
  protected get listed(): readonly N[] {
    return this.state.status === 'loaded' ? this.state.nodes : [];
  }

  /** The rows, from AWS; throws what AWS threw. */
  protected abstract fetch(listedAt: number): Promise<N[]>;

  /** After the rows are in (or failed): what else the row waits for before it is redrawn. */
  protected async afterLoad(): Promise<void> {}

  /** Finishes the group's row: "failed" when listing failed; remembers whether it was drawn before the listing. */
  protected drawn(item: vscode.TreeItem): vscode.TreeItem {
    if (this.state.status === 'failed') {
      item.description = vscode.l10n.t('failed');
    }
    this.drawnWithoutCount = this.state.status === 'idle' || this.state.status === 'loading';
    return item;
  }

  /** Lists unless listed or listing; settles (never rejects) once the rows are in or failed. */
  ensureLoaded(): Promise<void> {
    if (this.state.status === 'idle') {
      const promise = this.load();
      this.state = { status: 'loading', promise };
    }
    return this.state.status === 'loading' ? this.state.promise : Promise.resolve();
  }

  /** Lists if needed; the error node when listing failed, else undefined. */
  protected async failureNode(): Promise<MessageNode | undefined> {
    await this.ensureLoaded();
    const state = this.state as ListState<N>;
    return state.status === 'failed' ? MessageNode.fromError(this.ctx, this, state.error) : undefined;
  }

  override reload(): void {
    this.forget();
    this.ctx.refresh(this);
  }

  /** Lists again if it was listed (or failed); one never opened lists when it is opened. Returns whether it did. */
  reloadIfListed(): boolean {
    if (this.state.status === 'idle') {
      return false;
    }
    this.reload();
    return true;
  }

  /** Takes a row that is gone out of this group. */
  remove(node: N): void {
    if (this.state.status === 'loaded') {
      this.state = { status: 'loaded', nodes: this.state.nodes.filter((n) => n !== node) };
      node.detach();
      this.ctx.refresh(this);
    }
  }

  /** Drops what was listed; its rows leave the tree for good (a poll in flight cannot revive them). */
  forget(): void {
    for (const node of this.listed) {
      node.detach();
    }
    this.state = { status: 'idle' };
  }

  private async load(): Promise<void> {
    try {
      const nodes = await this.fetch(Date.now());
      this.state = { status: 'loaded', nodes };
      for (const node of nodes) {
        node.follow(true); // only while it changes; never for a retired tree
      }
    } catch (err) {
      const error = classifyError(err, { profile: this.profile, region: this.region, operation: this.listing.operation });
      this.ctx.log.warn(`${this.profile} ${this.region} ${this.listing.name}: ${error.code}: ${error.message}`);
      this.state = { status: 'failed', error };
    }
    await this.afterLoad();
    if (this.drawnWithoutCount) {
      this.ctx.redrawWhenSettled(this); // for the count
    }
  }
}
