// The details panel's browser script (bundled by esbuild as an IIFE to dist/webview/main.js).
// Posts {type:'ready'} once listening, renders each {type:'show'} it gets, keeps the ImageRef
// with setState so the extension's serializer can restore the panel after a reload.

import { isImageRef } from '../../aws/imageRef';
import { type FromWebview, type ImageDetailsData, type WebviewState } from '../protocol';
import { h } from './dom';
import { render, renderLoadError, setBusy } from './render';
import { isRecord } from './values';

export { render, renderLoadError, setBusy, KNOWN_IMAGE_FIELDS, type RenderOptions } from './render';

/** The part of the webview API this script uses. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

function isDetailsData(value: unknown): value is ImageDetailsData {
  return isRecord(value) && isImageRef(value.key) && isRecord(value.image);
}

/** Wires the page to the extension. Exported for tests; runs by itself inside a webview. */
export function start(api: VsCodeApi, root: HTMLElement): void {
  let busy = false;
  let busyLabel: string | undefined;
  const post = (message: FromWebview): void => api.postMessage(message);
  const opts = () => ({ post, busy, busyLabel });

  const saved = api.getState();
  if (isRecord(saved) && isImageRef(saved.key) && root.childElementCount === 0) {
    root.append(h('p', { className: 'muted' }, `Loading ${saved.key.name}…`));
  }

  /** Re-renders, keeping keyboard focus on the same control when it still exists. */
  const withFocusKept = (draw: () => void): void => {
    const active = document.activeElement;
    const focusId = active instanceof HTMLElement ? active.dataset.focusId : undefined;
    draw();
    if (focusId !== undefined) {
      root.querySelector<HTMLElement>(`[data-focus-id="${CSS.escape(focusId)}"]`)?.focus();
    }
  };

  window.addEventListener('message', (event: MessageEvent) => {
    const msg: unknown = event.data;
    if (!isRecord(msg)) {
      return;
    }
    switch (msg.type) {
      case 'show':
        if (isDetailsData(msg.data)) {
          const data = msg.data;
          withFocusKept(() => render(root, data, opts()));
          const state: WebviewState = { key: { profile: data.key.profile, region: data.key.region, arn: data.key.arn, name: data.key.name } };
          api.setState(state);
        }
        break;
      case 'loadError':
        if (isImageRef(msg.key)) {
          const key = msg.key;
          withFocusKept(() => renderLoadError(root, key, String(msg.error), opts()));
          api.setState({ key: { profile: key.profile, region: key.region, arn: key.arn, name: key.name } } satisfies WebviewState);
        }
        break;
      case 'busy':
        busy = msg.busy === true;
        busyLabel = typeof msg.label === 'string' ? msg.label : undefined;
        setBusy(root, busy, busyLabel);
        break;
      default:
        break;
    }
  });
  post({ type: 'ready' });
}

if (typeof acquireVsCodeApi === 'function') {
  start(acquireVsCodeApi(), document.getElementById('root') ?? document.body);
}
