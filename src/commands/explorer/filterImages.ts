import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { ui } from '../../platform/ui';

/**
 * Filters the images by name, display name, state or platform (e.g. "failed", "linux"), and by
 * tags: `tag:Key` (has the tag) or `tag:Key=Value`. Tags cost one request per own image (shared and
 * public images have none to read): fetched only while such a term is in the filter, cached until a refresh.
 */
export async function filterImages(app: App, text?: string): Promise<void> {
  const value =
    typeof text === 'string'
      ? text
      : await ui.showInputBox({
          title: vscode.l10n.t('Filter AppStream images'),
          prompt: vscode.l10n.t('Part of a name, display name, state or platform, and tag:Key or tag:Key=Value for own images\' tags; empty shows all'),
          placeHolder: vscode.l10n.t('e.g. windows tag:team=streaming'),
          value: app.explorer.filterText,
        });
  if (value === undefined) {
    return;
  }
  app.explorer.setFilter(value.trim());
  app.treeView.description = value.trim() ? vscode.l10n.t('filter: {0}', value.trim()) : undefined;
}
