// The image details webview panel, extension side: one panel per image key (profile/region/name),
// create-or-reveal, restore after a window reload, and the message handshake with the browser script.

import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { panelHtml } from './panelHtml';
import { accountOfImageArn, imageRefKey, isImageRef, type ImageRef } from '../aws/imageRef';
import { httpsUrl, plainLabel } from '../aws/untrusted';
import { isCancellation } from '../commands/commandErrors';
import type { ImageChange } from '../services/imageChanges';
import { imageToJson, type ImageDetailsData, type PanelSharingAction, type ToWebview } from './protocol';
import { IMAGE_DETAILS_VIEW_TYPE } from '../platform/ids';


/** What the panel needs from the rest of the extension. */
export interface ImageDetailsHost {
  /** DescribeImages + DescribeImagePermissions (+ the tags, cached; `fresh`: read again); may throw. */
  load(key: ImageRef, options?: { fresh?: boolean }): Promise<ImageDetailsData>;
  /** Gives the image the tags `after` (edited from `before`); resolves to its tags now. Throws what went wrong. */
  saveTags(key: ImageRef, before: Record<string, string>, after: Record<string, string>, createdTime?: string): Promise<Record<string, string>>;
  /** Runs "Create Updated Image…" for the image. */
  createUpdatedImage(key: ImageRef): Promise<void>;
  /** Runs "Copy to Regions…" for the image. */
  copyToRegions(key: ImageRef): Promise<void>;
  /** Runs the same delete flow as the tree (confirmation etc.). */
  deleteImage(key: ImageRef): Promise<void>;
  /** Whether the image is pinned now (undefined: the view keeps no pins). */
  isPinned(key: ImageRef): boolean | undefined;
  /** Runs the Pin (or Unpin) command on the image the panel shows (its ARN, through this profile). */
  setPinned(key: ImageRef, pinned: boolean, image: Record<string, unknown>): Promise<void>;
  /** Runs the Manage Sharing command on the image (the list, or one action). */
  manageSharing(key: ImageRef, action?: PanelSharingAction): Promise<void>;
  openConsole(key: ImageRef): Promise<void>;
  copy(text: string): Promise<void>;
  /** Opens an https: URL (anything else is refused). */
  openExternal(url: string): Promise<void>;
}

const TITLE_MAX = 60;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function panelTitle(key: ImageRef, data?: ImageDetailsData): string {
  const image = data && isRecord(data.image) ? data.image : {};
  const display = typeof image.DisplayName === 'string' && image.DisplayName.trim() !== '' ? image.DisplayName : undefined;
  const name = typeof image.Name === 'string' && image.Name !== '' ? image.Name : key.name;
  // A title is plain text: no hidden characters, and short.
  return `Image: ${plainLabel(display ?? name, TITLE_MAX)}`;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === 'string');
}

/** A sharing action from the page, checked (the page is the extension's own, but its messages cross a boundary). */
function sharingAction(value: unknown): PanelSharingAction | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  if (value.action === 'add') {
    return { action: 'add' };
  }
  if (value.action === 'change' && typeof value.accountId === 'string') {
    return { action: 'change', accountId: value.accountId };
  }
  if (value.action === 'remove' && Array.isArray(value.accountIds) && value.accountIds.every((a) => typeof a === 'string')) {
    return { action: 'remove', accountIds: value.accountIds as string[] };
  }
  return undefined;
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) {
    return e.message || e.name;
  }
  return String(e);
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class ImageDetailsPanel {
  private static readonly panels = new Map<string, ImageDetailsPanel>();

  /** True once the browser script said `ready`; false again when its document goes away (hidden). */
  private ready = false;
  /** The last data shown (the last good image, with `error` when the last refresh failed). */
  private data: ImageDetailsData | undefined;
  /** A load error while there is no data yet. */
  private loadError: string | undefined;
  private busy: { busy: boolean; label?: string } = { busy: false };
  /** Increments per load, so a slow older load cannot overwrite newer data. */
  private loadSeq = 0;
  private disposed = false;
  /** The user asked to load the icons of this (another account's) image. */
  private iconsAllowed = false;
  private readonly disposables: vscode.Disposable[] = [];

  /** Opens the panel of this image, or reveals it when already open (and shows `initial` if given). */
  static createOrShow(extensionUri: vscode.Uri, host: ImageDetailsHost, key: ImageRef, initial?: ImageDetailsData): ImageDetailsPanel {
    const existing = ImageDetailsPanel.panels.get(imageRefKey(key));
    if (existing) {
      existing.panel.reveal();
      if (initial) {
        existing.show(initial);
      }
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(IMAGE_DETAILS_VIEW_TYPE, panelTitle(key, initial), vscode.ViewColumn.Active, webviewOptions(extensionUri));
    return new ImageDetailsPanel(panel, extensionUri, host, key, initial);
  }

  /**
   * Shows what became of an image in its open panel, if any: after a delete the Image DeleteImage
   * returned (DELETING), and whatever the poller learns later (gone, or settled).
   */
  static showChange({ ref, image }: ImageChange): void {
    const panel = ImageDetailsPanel.panels.get(imageRefKey(ref));
    const shown = panel?.data;
    if (!panel || (!shown && !image)) {
      return;
    }
    // Newer than any load in flight.
    panel.loadSeq++;
    panel.setBusy(false);
    panel.show({
      ...(shown ?? { key: ref, accountId: accountOfImageArn(ref.arn) }),
      image: image ? imageToJson(image) : shown!.image,
      gone: image === undefined,
      error: undefined,
      fetchedAt: new Date().toISOString(),
    });
  }

  /** The pins changed (from the tree, the palette or a panel): every open panel's Pin / Unpin button follows. */
  static pinsChanged(): void {
    for (const panel of ImageDetailsPanel.panels.values()) {
      panel.syncPinned();
    }
  }

  /** Reloads the open panel of this image, if any (after its sharing changed: the permission list). */
  static reloadOpen(ref: ImageRef): void {
    void ImageDetailsPanel.panels.get(imageRefKey(ref))?.refresh();
  }

  /** Restores a panel after a window reload from the key the browser script saved with setState (the serializer is registered on activation, see extension.ts). */
  static restore(context: vscode.ExtensionContext, host: ImageDetailsHost, panel: vscode.WebviewPanel, state: unknown): void {
    // Panels saved before images were keyed by ARN carry no ARN: they cannot say which image they showed.
    const key = isRecord(state) && isImageRef(state.key) ? { profile: state.key.profile, region: state.key.region, arn: state.key.arn, name: state.key.name } : undefined;
    if (!key) {
      panel.dispose();
      return;
    }
    const existing = ImageDetailsPanel.panels.get(imageRefKey(key));
    if (existing) {
      panel.dispose();
      existing.panel.reveal();
      return;
    }
    panel.webview.options = webviewOptions(context.extensionUri);
    new ImageDetailsPanel(panel, context.extensionUri, host, key);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly host: ImageDetailsHost,
    readonly key: ImageRef,
    initial?: ImageDetailsData,
  ) {
    ImageDetailsPanel.panels.set(imageRefKey(key), this);
    const webview = panel.webview;
    panel.title = panelTitle(key, initial);
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'details.css')).toString(),
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      panel.onDidChangeViewState(() => {
        // Without retainContextWhenHidden the document is destroyed when hidden; it says ready again when shown.
        if (!panel.visible) {
          this.ready = false;
        }
      }),
    );
    if (initial) {
      this.show(initial);
    } else {
      void this.refresh();
    }
  }

  /** Whether the browser script has said `ready` (its page loaded under the CSP) and gets our data. */
  get isReady(): boolean {
    return this.ready;
  }

  /** The data shown now, if any. */
  get current(): ImageDetailsData | undefined {
    return this.data;
  }

  /** Reloads through host.load (`fresh`: the user's Refresh, which reads the tags again too); on failure keeps the last good data and shows the error with it. */
  async refresh(fresh = false): Promise<void> {
    const seq = ++this.loadSeq;
    this.setBusy(true, 'Refreshing…');
    try {
      const data = await this.host.load(this.key, { fresh });
      if (this.disposed || seq !== this.loadSeq) {
        return;
      }
      this.show(data);
    } catch (e) {
      if (this.disposed || seq !== this.loadSeq) {
        return;
      }
      this.showError(`Refresh failed: ${errorMessage(e)}`);
    } finally {
      if (!this.disposed && seq === this.loadSeq) {
        this.setBusy(false);
      }
    }
  }

  /** Shows new data (replacing any error). */
  show(data: ImageDetailsData): void {
    if (this.disposed) {
      return;
    }
    // Once the user allowed another account's icons for this panel, they stay allowed.
    data = this.iconsAllowed ? { ...data, iconsAllowed: true } : data;
    // Whether it is pinned is the store's answer now, whatever the data came from.
    data = { ...data, pinned: this.host.isPinned(this.key) };
    this.data = data;
    this.loadError = undefined;
    this.panel.title = panelTitle(this.key, data);
    this.post({ type: 'show', data });
  }

  /** Shows the pin state again when it changed. */
  private syncPinned(): void {
    if (this.data && !this.disposed && this.data.pinned !== this.host.isPinned(this.key)) {
      this.show(this.data);
    }
  }

  private showError(message: string): void {
    if (this.data) {
      this.show({ ...this.data, error: message });
    } else {
      this.loadError = message;
      this.post({ type: 'loadError', key: this.key, error: message });
    }
  }

  private setBusy(busy: boolean, label?: string): void {
    this.busy = { busy, label };
    this.post({ type: 'busy', busy, label });
  }

  /** Posts only after the ready handshake; what is not posted is replayed from the state on `ready`. */
  private post(message: ToWebview): void {
    if (this.ready && !this.disposed) {
      void this.panel.webview.postMessage(message);
    }
  }

  private flush(): void {
    if (this.data) {
      this.post({ type: 'show', data: this.data });
    } else if (this.loadError !== undefined) {
      this.post({ type: 'loadError', key: this.key, error: this.loadError });
    }
    if (this.busy.busy) {
      this.post({ type: 'busy', busy: true, label: this.busy.label });
    }
  }

  private async onMessage(message: unknown): Promise<void> {
    if (!isRecord(message) || this.disposed) {
      return;
    }
    try {
      switch (message.type) {
        case 'ready':
          this.ready = true;
          this.flush();
          break;
        case 'refresh':
          await this.refresh(true);
          break;
        case 'saveTags':
          if (isStringRecord(message.before) && isStringRecord(message.after)) {
            await this.saveTags(message.before, message.after);
          }
          break;
        case 'copyToRegions':
          await this.host.copyToRegions(this.key);
          break;
        case 'createUpdatedImage':
          await this.host.createUpdatedImage(this.key);
          break;
        case 'delete':
          try {
            await this.host.deleteImage(this.key);
          } catch (e) {
            if (!isCancellation(e)) {
              this.showError(`Delete failed: ${errorMessage(e)}`);
            }
          }
          break;
        case 'pin':
        case 'unpin':
          await this.host.setPinned(this.key, message.type === 'pin', this.data?.image ?? { Name: this.key.name, Arn: this.key.arn });
          this.syncPinned();
          break;
        case 'sharing':
          await this.host.manageSharing(this.key, sharingAction(message.action));
          break;
        case 'copy':
          if (typeof message.text === 'string') {
            await this.host.copy(message.text);
          }
          break;
        case 'openConsole':
          await this.host.openConsole(this.key);
          break;
        case 'openExternal':
          if (httpsUrl(message.url) !== undefined) {
            await this.host.openExternal(message.url as string);
          }
          break;
        case 'loadIcon':
          this.iconsAllowed = true;
          if (this.data) {
            this.show(this.data);
          }
          break;
        default:
          break;
      }
    } catch (e) {
      if (!isCancellation(e)) {
        void vscode.window.showErrorMessage(errorMessage(e));
      }
    }
  }

  /** Saves edited tags; the panel shows the tags as they are then, or why they were not saved. */
  private async saveTags(before: Record<string, string>, after: Record<string, string>): Promise<void> {
    const created = this.data?.image.CreatedTime;
    this.setBusy(true, 'Saving tags…');
    try {
      const tags = await this.host.saveTags(this.key, before, after, typeof created === 'string' ? created : undefined);
      if (this.data && !this.disposed) {
        this.show({ ...this.data, tags, tagsError: undefined });
      }
    } catch (e) {
      if (this.data && !this.disposed && !isCancellation(e)) {
        this.show({ ...this.data, tagsError: `Tags not saved: ${errorMessage(e)}` });
      }
    } finally {
      if (!this.disposed) {
        this.setBusy(false);
      }
    }
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    if (ImageDetailsPanel.panels.get(imageRefKey(this.key)) === this) {
      ImageDetailsPanel.panels.delete(imageRefKey(this.key));
    }
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}
