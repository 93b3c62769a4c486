import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { ui } from '../../platform/ui';
import type { GroupNode } from '../../tree/groupNode';
import { byGoToOrder, goToImageItem, type GoToImageSource } from '../../tree/goToImageItems';
import type { ImageNode } from '../../tree/imageNode';
import { COMMAND } from '../../platform/ids';

const GROUP_NAMES: Record<string, string> = { PRIVATE: 'Private', SHARED: 'Shared with me', PUBLIC: 'Public' };

type Item = vscode.QuickPickItem & { node?: ImageNode; load?: GroupNode[] };

/**
 * "Go to Image…": a quick pick over every image listed in the view (all profiles, regions and
 * groups in view), matched by name, display name, account, profile, region, state and platform.
 * Groups not listed yet can be listed from the pick (one item, with progress; the AWS layer's
 * limiter paces the requests). The chosen image is revealed in the tree and its details open.
 */
export async function goToImage(app: App): Promise<ImageNode | undefined> {
  await app.explorer.getChildren(); // the profiles and regions in view
  for (;;) {
    const groups = app.explorer.profiles.flatMap((p) => p.regions.flatMap((r) => r.groups.map((g) => ({ g, accountId: p.knownAccountId }))));
    const unlisted = groups.filter(({ g }) => g.listStatus === 'idle' || g.listStatus === 'loading').map(({ g }) => g);
    const failed = groups.filter(({ g }) => g.listStatus === 'failed').length;
    const sources = groups
      .flatMap(({ g, accountId }) => g.imageNodes.filter((n) => n.ref !== undefined).map((node) => ({ node, source: sourceOf(node, g, accountId) })))
      .sort((a, b) => byGoToOrder(a.source, b.source));
    const items: Item[] = sources.map(({ node, source }) => ({ ...goToImageItem(source, vscode.l10n.t), node }));
    if (unlisted.length > 0) {
      items.unshift({
        label: `$(cloud-download) ${unlisted.length === 1 ? vscode.l10n.t('Load 1 more group…') : vscode.l10n.t('Load {0} more groups…', unlisted.length)}`,
        description: vscode.l10n.t('not listed yet: {0}', [...new Set(unlisted.map((g) => GROUP_NAMES[g.visibility] ?? g.visibility))].join(', ')),
        alwaysShow: true,
        load: unlisted,
      });
    }
    const picked = await ui.showQuickPick(items, {
      title: vscode.l10n.t('Go to Image'),
      placeHolder:
        failed > 0
          ? vscode.l10n.t('Name, display name, account, region, state or platform ({0} images; {1} groups could not be listed)', sources.length, failed)
          : vscode.l10n.t('Name, display name, account, region, state or platform ({0} images)', sources.length),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked) {
      return undefined;
    }
    if (picked.load) {
      await loadGroups(picked.load);
      continue; // the pick again, with what came in
    }
    const node = picked.node!;
    // Groups just listed (from the pick, or by a refresh a moment ago) redraw their rows (counts)
    // first: a reveal before that redraw would be undone by it.
    await app.explorer.settled();
    for (let attempt = 1; ; attempt++) {
      try {
        await app.treeView.reveal(node, { select: true, focus: true, expand: false });
        break;
      } catch (err) {
        if (attempt < 2) {
          await app.explorer.settled(); // the tree was redrawing its rows: once more when it is quiet
          continue;
        }
        // A tree filter may hide it; the details still open.
        app.log.info(`Go to Image: ${node.name} not revealed in the tree: ${String(err)}`);
        break;
      }
    }
    await vscode.commands.executeCommand(COMMAND.showImageDetails, node);
    return node;
  }
}

function sourceOf(node: ImageNode, group: GroupNode, profileAccountId: string | undefined): GoToImageSource {
  return { image: node.image, profile: node.profile, region: node.region, group: vscode.l10n.t(GROUP_NAMES[group.visibility] ?? group.visibility), profileAccountId };
}

async function loadGroups(groups: GroupNode[]): Promise<void> {
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing {0} groups of AppStream images…', groups.length), cancellable: false },
    async (progress) => {
      let done = 0;
      await Promise.all(
        groups.map((g) =>
          g.ensureLoaded().then(() => progress.report({ increment: 100 / groups.length, message: `${++done}/${groups.length}` })),
        ),
      );
    },
  );
}
