import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { ui } from '../../platform/ui';
import type { CleanupScan, ScanTarget } from '../../services/cleanupService';
import { runCleanupScan } from '../../platform/cleanupHost';

/**
 * Find Unused Images…: over the profiles and regions in view (or the ones picked of them), which
 * own images look safe to retire and why the others are kept; the result opens in the report
 * panel. `targets` (from a test or another command) skips the pick. Each account and region is
 * scanned once: of two profiles that sign in to one account, the first in view order scans it
 * and the other is named in the report as skipped. Returns the scan, or undefined when the user
 * cancelled.
 */
export async function findUnusedImages(app: App, targets?: unknown): Promise<CleanupScan | undefined> {
  const inView: ScanTarget[] = app.explorer.profiles.filter((p) => !p.isRetired).flatMap((p) => p.regions.map((r) => ({ profile: p.profile, region: r.region })));
  let chosen = isTargets(targets) ? targets : inView;
  if (chosen.length === 0) {
    throw new Error(vscode.l10n.t('No profile and region in view to scan. Open the AppStream Images view, add a profile (Add Profile…) and pick regions (Select Regions…), then try again.'));
  }
  if (!isTargets(targets) && chosen.length > 1) {
    const items = chosen.map((t) => ({ label: `${t.profile} · ${t.region}`, picked: true, target: t }));
    const picked = await ui.showQuickPick(items, {
      title: vscode.l10n.t('Find unused images in'),
      placeHolder: vscode.l10n.t('The profiles and regions to scan (all of those in view are chosen)'),
      canPickMany: true,
      ignoreFocusOut: true,
    });
    if (!picked || picked.length === 0) {
      return undefined;
    }
    // In the view's order: of two profiles of one account, the first in view scans it.
    chosen = items.filter((i) => picked.includes(i)).map((i) => i.target);
  }
  return runCleanupScan(app, chosen);
}

function isTargets(value: unknown): value is ScanTarget[] {
  return Array.isArray(value) && value.length > 0 && value.every((t) => typeof (t as ScanTarget)?.profile === 'string' && typeof (t as ScanTarget)?.region === 'string');
}
