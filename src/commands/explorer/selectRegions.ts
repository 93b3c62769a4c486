import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { readSettings, updateSetting } from '../../platform/settings';
import { APPSTREAM_REGIONS } from '../../aws/regions';
import { ui } from '../../platform/ui';

/** A multi-select quick pick of the regions shown for every profile in view. */
export async function selectRegions(app: App, regions?: string[]): Promise<void> {
  if (Array.isArray(regions)) {
    await updateSetting('regions', regions);
    return;
  }
  const current = new Set(readSettings().regions.length > 0 ? readSettings().regions : app.explorer.profiles.flatMap((p) => p.regions.map((r) => r.region)));
  const items = Object.entries(APPSTREAM_REGIONS).map(([id, name]) => ({ label: id, description: name, picked: current.has(id) }));
  for (const region of current) {
    if (!(region in APPSTREAM_REGIONS)) {
      items.push({ label: region, description: vscode.l10n.t('not an AppStream region'), picked: true });
    }
  }
  const picked = await ui.showQuickPick(items, {
    title: vscode.l10n.t('Regions to show for every profile'),
    placeHolder: vscode.l10n.t('None picked: each profile shows its own region'),
    canPickMany: true,
    matchOnDescription: true,
  });
  if (!picked) {
    return;
  }
  await updateSetting('regions', picked.map((p) => p.label));
}
