// The one event about an image changing: the poller (PENDING → AVAILABLE, DELETING → gone) and
// the delete service (DELETING at once, or already gone) fire it; the tree and the open details
// panels listen. No `vscode`: the delete service and its tests use it as it is.
import type { Image } from '@aws-sdk/client-appstream';
import type { ImageRef } from '../aws/imageRef';

export interface ImageChange {
  ref: ImageRef;
  /** What AWS said about the image now; undefined: it is gone. */
  image: Image | undefined;
  /** When the request that said so was sent: an answer to an older request must not undo a newer one. */
  askedAt: number;
}

export interface Disposable {
  dispose(): void;
}

export class ImageChanges implements Disposable {
  private readonly listeners = new Set<(change: ImageChange) => void>();

  /** Calls `listener` with every change until the returned handle is disposed. */
  on(listener: (change: ImageChange) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  fire(change: ImageChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (err) {
        // One failing listener must not keep the others from hearing it (as vscode.EventEmitter).
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
