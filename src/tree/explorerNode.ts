import type * as vscode from 'vscode';
import type { AppStreamService } from '../aws';
import type { Log } from '../platform/log';
import type { Settings } from '../platform/settings';
import type { ImagePoller } from './imagePoller';
import type { TagService } from '../services/tagService';
import type { ImageRef } from '../aws/imageRef';
import type { UpdateCheck } from '../aws/updateRules';

/** What every node needs from its surroundings. */
export interface ExplorerContext {
  aws(): AppStreamService;
  /** Redraws one node (or the whole tree). */
  refresh(node?: ExplorerNode): void;
  /**
   * Redraws a node whose own row changed (a count, an account id) once VS Code has fetched and
   * taken in what it asked for. A redraw makes VS Code forget the rows below the node until it
   * asks again; one that arrives while it is still taking them in is lost, and the rows it keeps
   * then answer no click.
   */
  redrawWhenSettled(node: ExplorerNode): void;
  settings(): Settings;
  filterText(): string;
  readonly poller: ImagePoller;
  readonly log: Log;
  /** Image tags (cached per ARN until a refresh), for `tag:` filter terms. */
  readonly tags: TagService;
  /** What Check for Updates said per image (until a refresh); absent in trees built without it. */
  readonly updates?: { peek(ref: Pick<ImageRef, 'profile' | 'arn'>): UpdateCheck | undefined; forget(ref?: Pick<ImageRef, 'profile' | 'arn'>): void };
  /** Which images are pinned (image rows offer Pin or Unpin); absent in trees built without pins. */
  readonly pins?: { has(ref: Pick<ImageRef, 'profile' | 'arn'>): boolean };
}

/** What the nodes under a profile need of it: its name, whether the tree replaced it, and where to say which account it is. */
export interface ProfileScope {
  readonly profile: string;
  readonly isRetired: boolean;
  setAccountId(accountId: string): void;
}

export abstract class ExplorerNode {
  abstract readonly id: string;

  constructor(
    protected readonly ctx: ExplorerContext,
    readonly parent: ExplorerNode | undefined,
  ) {}

  abstract getTreeItem(): vscode.TreeItem;

  getChildren(): Promise<ExplorerNode[]> | ExplorerNode[] {
    return [];
  }

  /**
   * What a click (or Enter) on the row runs. Asked for at click time (TreeDataProvider.resolveTreeItem),
   * not put on the TreeItem: VS Code caches a command's arguments under an id that a refresh of the
   * parent disposes, and a row rendered before that refresh would then run a command that is gone.
   */
  clickCommand(): vscode.Command | undefined {
    return undefined;
  }

  /** Forgets what this node loaded and redraws it; the next expand fetches again. */
  reload(): void {
    this.ctx.refresh(this);
  }
}

/** How long a first look waits for the open Private groups before it shows what it has. */
export const FIRST_LOOK_WAIT_MS = 3000;

/** Waits for all of `promises` to settle, or `ms`, whichever comes first. */
export function settledWithin(ms: number, promises: Promise<unknown>[]): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([Promise.allSettled(promises), deadline]).finally(() => clearTimeout(timer));
}
