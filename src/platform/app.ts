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
import type { TagService } from '../services/tagService';
import type { CopyService } from '../services/copyService';
import type { CleanupService } from '../services/cleanupService';
import type { UpdateService } from '../services/updateService';

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
  /** Image tags, cached per ARN until a refresh: the details panel and `tag:` filter terms. */
  readonly tags: TagService;
  /** Copy to Regions…: asks, runs a batch of copies, follows them in the tree. */
  readonly copies: CopyService;
  /** Who an own image is shared with, and changes to it. */
  readonly sharing: SharingService;
  /** Find Unused Images…: the scan behind the cleanup report. */
  readonly cleanup: CleanupService;
  /** Managed image updates: Check for Updates' answers (until a refresh) and Create Updated Image…. */
  readonly updates: UpdateService;
  /** The AWS layer; loads the SDK on first use. */
  aws(): AppStreamService;
}
