import type { App } from '../../platform/app';
import { MessageNode } from '../../tree/messageNode';
import { refresh } from './refresh';

/** Clicking an error node retries what failed: its parent, or the whole tree for config errors. */
export async function retry(app: App, node?: unknown): Promise<void> {
  const parent = node instanceof MessageNode ? node.parent : undefined;
  if (parent && parent.parent) {
    parent.reload();
  } else {
    await refresh(app);
  }
}
