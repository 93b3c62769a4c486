import type * as vscode from 'vscode';
import type { AppStreamService } from '../aws';
import type { Log } from './log';
import type { ProfileStatusBar } from './profileStatusBar';
import type { ExplorerNode } from '../tree/explorerNode';
import type { ExplorerProvider } from '../tree/explorerProvider';
import type { ImagePoller } from '../tree/imagePoller';
import type { DeleteService } from '../services/deleteService';
import type { SharingService } from '../services/sharingService';
import type { ImageChanges } from '../services/imageChanges';

/** The services every command gets. Built once in activate(). */
export interface App {
  readonly context: vscode.ExtensionContext;
  readonly log: Log;
  readonly explorer: ExplorerProvider;
  readonly treeView: vscode.TreeView<ExplorerNode>;
  readonly poller: ImagePoller;
  readonly statusBar: ProfileStatusBar;
  /** The one event about an image changing (polls, deletes): the tree and open panels listen. */
  readonly changes: ImageChanges;
  readonly deletes: DeleteService;
  /** Who an own image is shared with, and changes to it. */
  readonly sharing: SharingService;
  /** The AWS layer; loads the SDK on first use. */
  aws(): AppStreamService;
}
