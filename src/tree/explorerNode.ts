import type * as vscode from 'vscode';
import type { AppStreamService } from '../aws';
import type { Log } from '../platform/log';
import type { Settings } from '../platform/settings';
import type { ImagePoller } from './imagePoller';

/** What every node needs from its surroundings. */
export interface ExplorerContext {
  aws(): AppStreamService;
  /** Redraws one node (or the whole tree). */
  refresh(node?: ExplorerNode): void;
  settings(): Settings;
  filterText(): string;
  readonly poller: ImagePoller;
  readonly log: Log;
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

  /** Forgets what this node loaded and redraws it; the next expand fetches again. */
  reload(): void {
    this.ctx.refresh(this);
  }
}
