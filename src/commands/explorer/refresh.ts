import type { App } from '../../platform/app';
import { ExplorerNode } from '../../tree/explorerNode';

/** Refresh one node (only it is refetched), or, from the view title, everything (the AWS files are read again). */
export async function refresh(app: App, node?: unknown): Promise<void> {
  if (node instanceof ExplorerNode) {
    node.reload();
    return;
  }
  app.aws().reloadConfig();
  app.explorer.reloadAll();
}
