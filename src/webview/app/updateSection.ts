// The details panel's "Managed updates" section: what Check for Updates said about the image
// (shown only once it was asked), and "Create Updated Image…" when AWS has an update. DOM and
// textContent only.
import type { FromWebview, ImageDetailsData } from '../protocol';
import { button, h, text } from './dom';

export function renderUpdate(data: ImageDetailsData, post: (message: FromWebview) => void): HTMLElement | undefined {
  const update = data.update;
  if (!update || data.gone) {
    return undefined;
  }
  const heading = h('h2', { attrs: { id: 'managed-update-heading' } }, 'Managed updates');
  const line = h('p', { className: update.available ? 'update-available' : 'muted' }, text(update.text));
  const children: Node[] = [heading, line];
  if (update.available) {
    children.push(
      button('Create Updated Image…', () => post({ type: 'createUpdatedImage' }), {
        action: 'createUpdatedImage',
        className: 'button',
        title: 'Create a new image with the latest updates (AWS launches an image builder; asks first)',
      }),
    );
  }
  return h('section', { className: 'section managed-update', attrs: { id: 'managed-update', 'aria-labelledby': 'managed-update-heading' } }, ...children);
}
