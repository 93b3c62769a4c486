import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AppStreamService, ProfileCatalog } from '../aws';
import { defaultProfileName } from '../aws/profileNames';
import type { Log } from '../platform/log';
import type { Settings } from '../platform/settings';
import type { ExplorerContext, ExplorerNode } from './explorerNode';
import { accountOfImageArn, type ImageRef } from '../aws/imageRef';
import type { Image } from '@aws-sdk/client-appstream';
import type { ImageNode } from './imageNode';
import type { ImagePoller } from './imagePoller';
import type { Disposable, ImageChange, ImageChanges } from '../services/imageChanges';
import type { TagService } from '../services/tagService';
import { FIRST_LOOK_WAIT_MS, settledWithin } from './explorerNode';
import { MessageNode } from './messageNode';
import type { RegionNode } from './regionNode';
import { ProfileNode } from './profileNode';
import { classifyError } from '../aws/errors';
import { CONTEXT } from '../platform/ids';
import { parseImageFilter } from '../aws/tagRules';
import { ssoProfileName } from '../aws/ssoNames';
import { PinnedSectionNode } from './pinnedNode';
import type { PinStore } from './pinStore';

/**
 * The profiles actually in view: the setting, or AWS_PROFILE/default, or the first profile there
 * is; then the accounts added from SSO sessions (appstreamImages.ssoAccounts) not listed yet.
 */
export function profilesInView(settings: Settings, catalog: ProfileCatalog, env: NodeJS.ProcessEnv): string[] {
  const base = configProfilesInView(settings, catalog, env);
  return [...new Set([...base, ...settings.ssoAccounts.map(ssoProfileName)])];
}

function configProfilesInView(settings: Settings, catalog: ProfileCatalog, env: NodeJS.ProcessEnv): string[] {
  if (settings.profiles.length > 0) {
    return [...new Set(settings.profiles)];
  }
  if (settings.ssoAccounts.length > 0 && catalog.profiles.every((p) => p.ssoAccount)) {
    return []; // only added SSO accounts: no config profile to fall back to
  }
  const names = catalog.profiles.filter((p) => !p.ssoAccount).map((p) => p.name);
  const preferred = defaultProfileName(env);
  if (names.includes(preferred)) {
    return [preferred];
  }
  return names.length > 0 ? [names[0]] : [];
}

/** Quiet time after the last fetch before queued redraws go out. */
const SETTLE_MS = 150;
/** Regions that open expanded: all of them when there are few, else the active profile's first. */
export const EXPAND_ALL_REGIONS_UP_TO = 3;
function expandFirstRegions(profileNodes: ProfileNode[]): void {
  const regions = profileNodes.flatMap((p) => p.regions);
  const open = regions.length <= EXPAND_ALL_REGIONS_UP_TO ? regions : (profileNodes[0]?.regions ?? []).slice(0, 1);
  open.forEach((r) => (r.expanded = true));
}

/** The tree: profile → region → Private / Shared with me / Public → image. */
export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly reloaded = new vscode.EventEmitter<void>();
  /** The whole tree was rebuilt (Refresh, settings, an AWS config edit): caches of what AWS said are stale. */
  readonly onDidReloadAll = this.reloaded.event;
  private readonly pinsEmitter = new vscode.EventEmitter<void>();
  /** The pins changed (Pin / Unpin from a row, the palette or a details panel): open panels follow. */
  readonly onDidChangePins = this.pinsEmitter.event;
  private roots: Promise<ExplorerNode[]> | undefined;
  private profileNodes: ProfileNode[] = [];
  /** The AWS config as last read for the tree. */
  private catalog: ProfileCatalog | undefined;
  private filter = '';
  private watchedFiles = '';
  /** Bumped by every rebuild, so a build that was overtaken retires what it made. */
  private generation = 0;
  private watchers: vscode.Disposable[] = [];
  private reloadTimer: NodeJS.Timeout | undefined;
  private readonly changeSubscription: Disposable;
  private readonly tagSubscription: Disposable;
  /** getChildren calls in flight, and the redraws that wait for none to be (see redrawWhenSettled). */
  private fetching = 0;
  private readonly pendingRedraws = new Set<ExplorerNode>();
  private redrawTimer: NodeJS.Timeout | undefined;
  readonly context: ExplorerContext;

  constructor(
    private readonly deps: {
      aws(): AppStreamService;
      settings(): Settings;
      env: NodeJS.ProcessEnv;
      poller: ImagePoller;
      /** Polls and deletes say here what became of an image; the tree shows it. */
      changes: ImageChanges;
      /** Tags for `tag:` filter terms; edits of tags re-apply such a filter. */
      tags: TagService;
      /** Check for Updates' answers, shown in the rows; forgotten by a refresh. */
      updates?: ExplorerContext['updates'];
      log: Log;
      /** Told which profile is active once the tree knows (the fallback may differ from the setting). */
      onActiveProfile?: (profile: string | undefined) => void;
      /** Pinned images (kept in globalState): the *Pinned* section at the top. */
      pins?: PinStore;
    },
  ) {
    this.context = {
      aws: deps.aws,
      settings: deps.settings,
      poller: deps.poller,
      log: deps.log,
      tags: deps.tags,
      updates: deps.updates,
      pins: deps.pins,
      filterText: () => this.filter,
      refresh: (node) => this.changed.fire(node),
      redrawWhenSettled: (node) => {
        this.pendingRedraws.add(node);
        this.redrawWhenSettled();
      },
    };
    this.changeSubscription = deps.changes.on((change) => this.applyChange(change));
    // An image's tags changed (the details panel): a tag filter may now show or hide it.
    this.tagSubscription = deps.tags.onDidChange(() => {
      if (parseImageFilter(this.filter).tags.length) {
        this.changed.fire(undefined);
      }
    });
  }

  get filterText(): string {
    return this.filter;
  }

  setFilter(text: string): void {
    this.filter = text;
    void vscode.commands.executeCommand('setContext', CONTEXT.filtered, text !== '');
    this.changed.fire(undefined);
  }

  /** Rebuilds the whole tree from the settings and a fresh read of the AWS config files. */
  reloadAll(): void {
    this.generation++;
    this.deps.tags.forget(); // tags are cached until a refresh
    this.deps.updates?.forget(); // so are the answers of Check for Updates
    this.profileNodes.forEach((p) => p.retire());
    this.retirePinned();
    this.roots = undefined;
    this.profileNodes = [];
    this.changed.fire(undefined);
    this.reloaded.fire();
  }

  /** The profiles in view (see the function profilesInView): what the profile commands change. */
  profilesInView(): string[] {
    const settings = this.deps.settings();
    return this.catalog ? profilesInView(settings, this.catalog, this.deps.env) : [...new Set([...settings.profiles, ...settings.ssoAccounts.map(ssoProfileName)])];
  }

  /** The profile nodes currently shown (after the first getChildren). */
  get profiles(): readonly ProfileNode[] {
    return this.profileNodes;
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  resolveTreeItem(item: vscode.TreeItem, node: ExplorerNode): vscode.TreeItem {
    item.command = node.clickCommand();
    return item;
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    this.fetching++;
    try {
      if (node) {
        return await node.getChildren();
      }
      this.roots ??= this.buildRoots();
      return this.withPinned(await this.roots);
    } finally {
      this.fetching--;
      this.redrawWhenSettled();
    }
  }

  /** Sends the queued redraws once VS Code has had SETTLE_MS without a fetch in flight. */
  private redrawWhenSettled(): void {
    clearTimeout(this.redrawTimer);
    if (this.pendingRedraws.size === 0 || this.fetching > 0) {
      return; // the last fetch to finish schedules it
    }
    this.redrawTimer = setTimeout(() => {
      if (this.fetching > 0) {
        return;
      }
      const nodes = [...this.pendingRedraws];
      this.pendingRedraws.clear();
      nodes.forEach((n) => this.changed.fire(n));
    }, SETTLE_MS);
  }

  /**
   * Resolves once the tree has been quiet for `quietMs` (no fetch in flight, no redraw queued), or
   * after `timeoutMs`: a reveal sent while a group's row is still to be redrawn is undone by that redraw.
   */
  async settled(quietMs = 250, timeoutMs = 3000): Promise<void> {
    const until = Date.now() + timeoutMs;
    let quietSince = Date.now();
    while (Date.now() < until) {
      if (this.fetching > 0 || this.pendingRedraws.size > 0) {
        quietSince = Date.now();
      } else if (Date.now() - quietSince >= quietMs) {
        return;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** The loaded nodes of one image (by ARN) under one profile, in whatever groups show it. */
  findImageNodes(ref: Pick<ImageRef, 'profile' | 'arn'>): ImageNode[] {
    const found: ImageNode[] = [];
    for (const p of this.profileNodes) {
      if (p.profile !== ref.profile) {
        continue;
      }
      for (const r of p.regions) {
        for (const g of r.groups) {
          const n = g.findImage(ref.arn);
          if (n) {
            found.push(n);
          }
        }
      }
    }
    return found;
  }

  /** The regions shown for a profile (none when it is not in view). */
  regionsInView(profile: string): string[] {
    return this.profileNodes.find((p) => p.profile === profile)?.regions.map((r) => r.region) ?? [];
  }

  /** A new own image (a copy that just started) in the Private group of its region under that profile, if in view. */
  async addImage(ref: Pick<ImageRef, 'profile' | 'region'>, image: Image, askedAt: number): Promise<void> {
    const region = this.profileNodes.find((p) => p.profile === ref.profile)?.regions.find((r) => r.region === ref.region);
    await region?.privateGroup.addImage(image, askedAt);
  }

  /** A region node in view, if that profile and region are shown. */
  regionNode(profile: string, region: string): RegionNode | undefined {
    return this.profileNodes.find((p) => p.profile === profile)?.regions.find((r) => r.region === region);
  }

  /** The account a profile in view signs in to, once the tree learned it from its images' ARNs. */
  knownAccountOf(profile: string): string | undefined {
    return this.profileNodes.find((p) => p.profile === profile)?.knownAccountId;
  }

  /** The accounts an own image is shared with were read: its rows say "shared with N accounts". */
  showShareCount(ref: Pick<ImageRef, 'profile' | 'arn'>, count: number): void {
    this.findImageNodes(ref).forEach((n) => n.setShareCount(count));
  }

  /**
   * Sharing of an image changed for these accounts: the *Shared with me* group of the image's
   * region is listed again under every profile in view that signs in to one of them (or whose
   * account is not known yet), if it was listed; the owner's row follows the image change event.
   * Returns the profiles whose group was listed again.
   */
  sharingChanged(ref: Pick<ImageRef, 'region' | 'arn'>, accountIds: readonly string[]): string[] {
    const owner = accountOfImageArn(ref.arn);
    const refreshed: string[] = [];
    for (const p of this.profileNodes) {
      const account = p.knownAccountId;
      if (p.isRetired || account === owner || (account !== undefined && !accountIds.includes(account))) {
        continue;
      }
      const shared = p.regions.find((r) => r.region === ref.region)?.groups.find((g) => g.visibility === 'SHARED');
      if (shared?.reloadIfListed()) {
        refreshed.push(p.profile);
      }
    }
    return refreshed;
  }

  // --- Pinned images (issue 15): the section at the top while something is pinned ---
  private pinnedSection: PinnedSectionNode | undefined;

  /** The pin store, when the tree was built with one. */
  get pins(): PinStore | undefined {
    return this.deps.pins;
  }

  /** The *Pinned* section as shown (undefined while nothing is pinned). */
  get pinned(): PinnedSectionNode | undefined {
    return this.pinnedSection;
  }

  /** The pins changed: the section is described again (or leaves), and the image rows redraw (Pin ↔ Unpin). */
  pinsChanged(refs: readonly Pick<ImageRef, 'profile' | 'arn'>[]): void {
    this.retirePinned();
    refs.forEach((ref) => this.findImageNodes(ref).forEach((n) => this.changed.fire(n)));
    this.changed.fire(undefined);
    this.pinsEmitter.fire();
  }

  private withPinned(roots: ExplorerNode[]): ExplorerNode[] {
    const pins = this.deps.pins;
    if (!pins || pins.list().length === 0 || !roots.some((r) => r instanceof ProfileNode)) {
      return roots;
    }
    this.pinnedSection ??= new PinnedSectionNode(this.context, pins, {
      profileInView: (profile) => this.profileNodes.some((p) => p.profile === profile),
      regionNode: (profile, region) => this.regionNode(profile, region),
    });
    return [this.pinnedSection, ...roots];
  }

  private retirePinned(): void {
    this.pinnedSection?.retire();
    this.pinnedSection = undefined;
  }
  // --- end of pinned images ---

  /** Shows what became of an image in every node of it under that profile: a newer copy, or gone. */
  applyChange({ ref, image, askedAt }: ImageChange): void {
    this.pinnedSection?.applyChange({ ref, image, askedAt });
    for (const node of this.findImageNodes(ref)) {
      if (image) {
        node.update(image, askedAt);
      } else {
        node.group.remove(node);
      }
    }
  }

  dispose(): void {
    this.changeSubscription.dispose();
    this.tagSubscription.dispose();
    clearTimeout(this.reloadTimer);
    clearTimeout(this.redrawTimer);
    this.watchers.forEach((w) => w.dispose());
    this.changed.dispose();
    this.reloaded.dispose();
    this.pinsEmitter.dispose();
  }

  /**
   * Edits of the AWS config or credentials file show up without a manual refresh; so do files
   * that appear later (~/.aws created after start) and edits behind a symlink (dotfile managers).
   */
  private watchAwsFiles(files: string[]): void {
    const key = files.join('\n');
    if (key === this.watchedFiles) {
      return;
    }
    this.watchedFiles = key;
    this.rewatch(files);
  }

  private rewatch(files: string[]): void {
    this.watchers.forEach((w) => w.dispose());
    const changed = (file: string) => {
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => {
        // A file or folder may have appeared or a symlink may point elsewhere now: watch anew.
        this.rewatch(files);
        void this.deps
          .aws()
          .configChanged()
          .then((profiles) => {
            this.deps.log.info(`${file} changed: reloading profiles${profiles.length ? `; credentials forgotten for ${profiles.join(', ')}` : ''}`);
            this.reloadAll();
          });
      }, 300);
    };
    // Node's own watcher: VS Code's file watcher does not see files outside the workspace in
    // every host (code-server), and ~/.aws is never in the workspace.
    this.watchers = files.flatMap((file) => watchTargets(file).flatMap(({ dir, names }) => {
      try {
        const watcher = fs.watch(dir, (_event, name) => {
          if (name !== null && names.includes(name.toString())) {
            changed(file);
          }
        });
        watcher.on('error', () => watcher.close());
        return [{ dispose: () => watcher.close() }];
      } catch {
        return [];
      }
    }));
  }

  private async buildRoots(): Promise<ExplorerNode[]> {
    const generation = this.generation;
    const settings = this.deps.settings();
    let catalog: ProfileCatalog;
    try {
      catalog = await this.deps.aws().profiles();
    } catch (err) {
      const error = classifyError(err, { profile: '(config)', region: '-', operation: 'LoadConfig' });
      this.deps.log.error(`Reading the AWS config failed: ${error.message}`);
      return [new MessageNode(this.context, undefined, 'error', vscode.l10n.t('Cannot read the AWS configuration: {0}', error.message), error.advice)];
    }
    this.catalog = catalog;
    this.watchAwsFiles([catalog.configFile, catalog.credentialsFile]);
    await vscode.commands.executeCommand('setContext', CONTEXT.noProfiles, catalog.profiles.length === 0);
    if (catalog.profiles.length === 0) {
      this.profileNodes = [];
      this.deps.onActiveProfile?.(undefined);
      return []; // viewsWelcome explains how to add a profile.
    }
    const names = profilesInView(settings, catalog, this.deps.env);
    const profileNodes = names.map((name, index) => {
      const info = catalog.profiles.find((p) => p.name === name);
      const regions = settings.regions.length > 0 ? settings.regions : [info?.region ?? 'us-east-1'];
      return new ProfileNode(this.context, name, info, [...new Set(regions)], index === 0, catalog.configFile);
    });
    if (generation !== this.generation) {
      // Settings changed while we read the config: a newer build is coming; this one holds nothing.
      profileNodes.forEach((p) => p.retire());
      return profileNodes;
    }
    this.profileNodes = profileNodes;
    expandFirstRegions(profileNodes);
    // The first look arrives whole (account ids, counts, rows) rather than redrawn row by row as
    // listings come in: redraws while VS Code takes in rows lose their clicks. A slow account
    // does not hold the others back for long.
    await settledWithin(FIRST_LOOK_WAIT_MS, profileNodes.flatMap((p) => p.regions.filter((r) => r.expanded).map((r) => r.privateGroup.ensureLoaded())));
    this.deps.onActiveProfile?.(names[0]);
    const warnings = catalog.problems.map(
      (p) => new MessageNode(this.context, undefined, 'warning', p, vscode.l10n.t('Other lines and profiles still work.')),
    );
    return [...warnings, ...this.profileNodes];
  }
}

/**
 * The folders to watch for one file: its folder (or, while that does not exist yet, the nearest
 * existing ancestor, for the first missing component) and, for a symlink, the folder of its target.
 */
function watchTargets(file: string): { dir: string; names: string[] }[] {
  const targets: { dir: string; names: string[] }[] = [];
  let dir = path.dirname(file);
  let name = path.basename(file);
  while (!fs.existsSync(dir)) {
    const up = path.dirname(dir);
    if (up === dir) {
      return [];
    }
    name = path.basename(dir);
    dir = up;
  }
  targets.push({ dir, names: [name] });
  try {
    const real = fs.realpathSync(file);
    if (real !== file) {
      targets.push({ dir: path.dirname(real), names: [path.basename(real)] });
    }
  } catch {
    // Not there yet, or a dangling link: the folder watch above sees it appear.
  }
  return targets;
}
