import * as vscode from 'vscode';
import type { Image } from '@aws-sdk/client-appstream';
import type { App } from '../platform/app';
import { classifyError } from '../aws/errors';
import { accountOfImageArn, type ImageRef } from '../aws/imageRef';
import type { ImageUsage } from '../aws/imageRules';
import { SECTION } from '../platform/ids';
import { readSettings } from '../platform/settings';
import { profilesInView } from '../tree/explorerProvider';
import { cleanLabel, platformLabel } from '../tree/imagePresentation';
import { imageToJson } from '../webview/protocol';
import { assess, FINDING_SEVERITY, type Finding, type FindingCode } from './assess';
import { loadReferences } from './parsers';
import type { ImageReference } from './references/types';
import { mayReferenceImages } from './references/sniff';
import { ImageResolver, lookupKey, lookupRegion, type LookupItem, type Resolution } from './resolver';

// Image references in CloudFormation, Terraform and CDK files: diagnostics (debounced, on open
// and edit), a hover, and a quick fix for a shared image named by ImageName. Nothing here loads
// the parsers or the SDK until a document carries one of the markers of `mayReferenceImages`.

export const TEMPLATE_CHECKS_SETTING = 'checkTemplates';
const DOCS = 'https://github.com/appstream-images/vscode-appstream-images#image-references-in-templates';
const DEBOUNCE_MS = 400;
/** How long an answer of AWS is reused; a document edited within it costs no request. */
const CACHE_TTL_MS = 5 * 60_000;
/** After a lookup failed (offline, signed out), edits do not ask again before this. */
const RETRY_AFTER_FAILURE_MS = 30_000;

const SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml' },
  { language: 'json' },
  { language: 'jsonc' },
  { language: 'terraform' },
  { pattern: '**/*.{tf,tofu}' },
  { language: 'typescript' },
  { language: 'javascript' },
  { language: 'typescriptreact' },
  { language: 'javascriptreact' },
];

/** Documents of other schemes (output channels, git, diff views) are not checked. */
const CHECKED_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs']);

/** Where the checks look: the active profile (the tree's first) and its region. */
interface CheckContext {
  profile: string;
  region: string;
}

interface CheckedReference {
  ref: ImageReference;
  item: LookupItem;
  findings: Finding[];
}

interface DocumentState {
  version: number;
  context: CheckContext;
  checked: CheckedReference[];
}

/** What the in-VS-Code suite and the delete confirmation see of the checks. */
export interface TemplateChecks {
  readonly diagnostics: vscode.DiagnosticCollection;
  readonly resolver: ImageResolver;
  /** Why checks are paused (not signed in, offline...), or undefined while they run. */
  readonly pausedReason: string | undefined;
  /** Resolves once no check is scheduled or running. */
  idle(): Promise<void>;
}

export function registerTemplateChecks(app: App): TemplateChecks {
  const checks = new TemplateChecker(app);
  app.context.subscriptions.push(checks);
  return checks;
}

class TemplateChecker implements TemplateChecks, vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('appstreamImages');
  readonly resolver: ImageResolver;
  private readonly status = vscode.window.createStatusBarItem('appstreamImages.templateChecks', vscode.StatusBarAlignment.Left, 49);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private readonly states = new Map<string, DocumentState>();
  private readonly usage = new Map<string, { at: number; value: Promise<ImageUsage> }>();
  private readonly disposables: vscode.Disposable[] = [];
  private paused: { reason: string; until: number } | undefined;

  constructor(private readonly app: App) {
    this.resolver = new ImageResolver(() => app.aws(), { ttlMs: CACHE_TTL_MS });
    this.status.name = vscode.l10n.t('AppStream template checks');
    this.status.command = 'appstreamImages.showLog';
    this.disposables.push(
      this.diagnostics,
      this.status,
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) {
          this.schedule(e.document, DEBOUNCE_MS);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      // A document VS Code kept after its tab closed opens again without onDidOpenTextDocument.
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of editors) {
          const key = editor.document.uri.toString();
          if (!this.states.has(key) && !this.timers.has(key)) {
            this.schedule(editor.document, 0);
          }
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) {
          this.paused = undefined;
          this.recheckAll();
        }
      }),
      // The tree's Refresh (and any rebuild of it) asks AWS again: so do the checks and the hovers.
      app.explorer.onDidReloadAll(() => {
        this.resolver.clear();
        this.usage.clear();
        this.paused = undefined;
        this.recheckAll();
      }),
      app.changes.on((change) => {
        this.resolver.forget(change.ref.arn, change.ref.name, change.image?.Visibility !== 'PRIVATE');
        this.recheckAll();
      }),
      vscode.languages.registerHoverProvider(SELECTOR, { provideHover: (doc, pos) => this.hover(doc, pos) }),
      vscode.languages.registerCodeActionsProvider(
        SELECTOR,
        { provideCodeActions: (doc, range, ctx) => this.codeActions(doc, range, ctx) },
        { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
      ),
    );
    this.recheckAll();
  }

  get pausedReason(): string | undefined {
    return this.paused?.reason;
  }

  async idle(): Promise<void> {
    while (this.timers.size > 0 || this.running.size > 0) {
      await Promise.all([...this.running]);
      if (this.timers.size > 0) {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
    this.disposables.forEach((d) => d.dispose());
  }

  private enabled(): boolean {
    return vscode.workspace.getConfiguration(SECTION).get<boolean>(TEMPLATE_CHECKS_SETTING, true);
  }

  /**
   * Re-checks the documents open in an editor tab. Not every one of workspace.textDocuments: VS Code
   * keeps a closed file's document for minutes, and re-checking it would ask AWS for nothing seen.
   */
  private recheckAll(): void {
    const inTabs = new Set(
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .map((tab) => (tab.input instanceof vscode.TabInputText ? tab.input.uri.toString() : undefined))
        .filter((uri): uri is string => uri !== undefined),
    );
    for (const doc of vscode.workspace.textDocuments) {
      if (inTabs.has(doc.uri.toString())) {
        this.schedule(doc, 0);
      } else {
        this.forget(doc.uri); // checked again when it shows in an editor (onDidChangeVisibleTextEditors)
      }
    }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.states.delete(key);
    this.diagnostics.delete(uri);
  }

  private schedule(doc: vscode.TextDocument, delayMs: number): void {
    if (!CHECKED_SCHEMES.has(doc.uri.scheme)) {
      return; // output channels, git and diff views
    }
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (doc.isClosed) {
          return;
        }
        // The cheap test first (after the debounce: a keystroke costs a timer, not a scan): a
        // document without a marker never loads the parsers or the SDK.
        if (!this.enabled() || !mayReferenceImages(doc.getText())) {
          this.states.delete(key);
          if (this.diagnostics.has(doc.uri)) {
            this.diagnostics.delete(doc.uri);
          }
          return;
        }
        const run = this.check(doc).catch((err: unknown) => this.app.log.warn(`Template check of ${doc.uri.fsPath} failed: ${(err as Error)?.message ?? String(err)}`));
        this.running.add(run);
        void run.finally(() => this.running.delete(run));
      }, delayMs),
    );
  }

  /** The references of a document as it is now (parsed on demand; the parsers load here). */
  private references(doc: vscode.TextDocument): ImageReference[] {
    const text = doc.getText();
    if (!mayReferenceImages(text)) {
      return [];
    }
    const parsers = loadReferences();
    const format = parsers.templateFormatOf(doc.fileName, doc.languageId);
    return format ? parsers.findImageReferences(text, format).references : [];
  }

  private async activeContext(): Promise<CheckContext> {
    const catalog = await this.app.aws().profiles();
    const profile = this.app.explorer.profiles[0]?.profile ?? profilesInView(readSettings(), catalog, process.env)[0];
    if (!profile) {
      throw new PausedError(vscode.l10n.t('no AWS profile is configured'));
    }
    const info = catalog.profiles.find((p) => p.name === profile);
    if (!info || info.problems.length > 0) {
      throw new PausedError(vscode.l10n.t('profile {0} is not usable: {1}', profile, info?.problems.join('; ') ?? vscode.l10n.t('not found')));
    }
    if (info.usesMfa) {
      // Checks run while typing: they must not ask for an MFA code.
      throw new PausedError(vscode.l10n.t('profile {0} asks for an MFA code; checks do not prompt while you type', profile));
    }
    return { profile, region: info.region ?? readSettings().regions[0] ?? 'us-east-1' };
  }

  private async check(doc: vscode.TextDocument): Promise<void> {
    const version = doc.version;
    const refs = this.references(doc);
    if (refs.length === 0 || doc.isClosed) {
      this.states.delete(doc.uri.toString());
      this.diagnostics.delete(doc.uri);
      return;
    }
    if (this.paused && Date.now() < this.paused.until) {
      return;
    }
    let context: CheckContext;
    let resolved: Map<string, Resolution>;
    const items = refs.map((ref): LookupItem => ({ kind: ref.kind, value: ref.value, region: '' }));
    try {
      context = await this.activeContext();
      items.forEach((item) => (item.region = lookupRegion(item.kind, item.value, context.region)));
      // The profile's region decides whether checks run at all; a failure in another region (an
      // ARN with a mistyped region does not resolve) leaves only those ARNs unchecked.
      const home = items.filter((item) => item.region === context.region);
      const away = items.filter((item) => item.region !== context.region);
      const [near, ...far] = await Promise.all([
        this.resolver.resolve(context.profile, home),
        ...[...new Set(away.map((item) => item.region))].map((region) =>
          this.resolver.resolve(context.profile, away.filter((item) => item.region === region)).catch((err: unknown) => {
            this.app.log.warn(`Template check: DescribeImages in ${region} failed: ${classifyError(err, { profile: context.profile, region, operation: 'DescribeImages' }).message}`);
            return new Map<string, Resolution>();
          }),
        ),
      ]);
      resolved = new Map([near, ...far].flatMap((m) => [...m]));
    } catch (err) {
      this.pause(err, this.app.explorer.profiles[0]?.profile ?? '?');
      return;
    }
    this.resume();
    if (doc.isClosed || doc.version !== version) {
      return; // a newer check is scheduled
    }
    const checked = refs.map((ref, i): CheckedReference => {
      const item = items[i];
      const resolution = resolved.get(lookupKey(context.profile, item));
      // Not resolved (its region could not be asked): what the ARN itself says still shows.
      const findings = resolution ? assess(ref, resolution, item.region, context.region) : item.region !== context.region ? [{ code: 'image-other-region' as const, region: item.region }] : [];
      return { ref, item, findings };
    });
    this.states.set(doc.uri.toString(), { version, context, checked });
    this.diagnostics.set(
      doc.uri,
      checked.flatMap((c) => c.findings.map((f) => this.diagnostic(doc, c.ref, f, context))),
    );
  }

  private pause(err: unknown, profile: string): void {
    const reason =
      err instanceof PausedError
        ? err.message
        : (() => {
            const info = classifyError(err, { profile, region: '-', operation: 'DescribeImages' });
            return `${info.message} ${info.advice}`.trim();
          })();
    if (this.paused?.reason !== reason) {
      this.app.log.warn(`Template checks paused: ${reason}`);
    }
    this.paused = { reason, until: Date.now() + RETRY_AFTER_FAILURE_MS };
    // Nothing stale stays: no diagnostics at all while AWS cannot be asked.
    this.diagnostics.clear();
    this.states.clear();
    this.status.text = `$(debug-pause) ${vscode.l10n.t('AppStream checks paused')}`;
    this.status.tooltip = vscode.l10n.t('Image references in templates are not checked: {0} Click for the log.', reason);
    this.status.show();
  }

  private resume(): void {
    if (this.paused) {
      this.app.log.info('Template checks resumed');
      this.paused = undefined;
      this.status.hide();
    }
  }

  private diagnostic(doc: vscode.TextDocument, ref: ImageReference, finding: Finding, context: CheckContext): vscode.Diagnostic {
    const range = new vscode.Range(doc.positionAt(ref.start), doc.positionAt(ref.end));
    const severity = FINDING_SEVERITY[finding.code] === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
    const d = new vscode.Diagnostic(range, findingMessage(ref, finding, context), severity);
    d.source = 'AppStream Images';
    d.code = { value: finding.code, target: vscode.Uri.parse(`${DOCS}`) };
    return d;
  }

  /** The state of a document's check, if it is current; else undefined (hover then resolves itself). */
  private currentState(doc: vscode.TextDocument): DocumentState | undefined {
    const state = this.states.get(doc.uri.toString());
    return state && state.version === doc.version ? state : undefined;
  }

  private async hover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!this.enabled() || !mayReferenceImages(doc.getText())) {
      return undefined;
    }
    const offset = doc.offsetAt(pos);
    const state = this.currentState(doc);
    let found = state?.checked.find((c) => c.ref.start <= offset && offset <= c.ref.end);
    let context = state?.context;
    if (!found) {
      const ref = this.references(doc).find((r) => r.start <= offset && offset <= r.end);
      if (!ref) {
        return undefined;
      }
      if (this.paused) {
        return new vscode.Hover(new vscode.MarkdownString().appendText(vscode.l10n.t('AppStream image checks are paused: {0}', this.paused.reason)));
      }
      try {
        context = await this.activeContext();
      } catch (err) {
        return new vscode.Hover(new vscode.MarkdownString().appendText(vscode.l10n.t('AppStream image checks are paused: {0}', (err as Error).message)));
      }
      found = { ref, item: { kind: ref.kind, value: ref.value, region: lookupRegion(ref.kind, ref.value, context.region) }, findings: [] };
    }
    if (!context) {
      return undefined;
    }
    let resolution = this.resolver.peek(context.profile, found.item);
    if (!resolution) {
      try {
        resolution = (await this.resolver.resolve(context.profile, [found.item])).get(lookupKey(context.profile, found.item));
      } catch (err) {
        const info = classifyError(err, { profile: context.profile, region: found.item.region, operation: 'DescribeImages' });
        return new vscode.Hover(new vscode.MarkdownString().appendText(vscode.l10n.t('AppStream image checks are paused: {0}', info.message)));
      }
    }
    if (!resolution) {
      return undefined;
    }
    const range = new vscode.Range(doc.positionAt(found.ref.start), doc.positionAt(found.ref.end));
    const usage = resolution.status === 'found' ? await this.usageOf(context.profile, found.item.region, resolution.image) : undefined;
    return new vscode.Hover(hoverMarkdown(found.ref, found.item, resolution, context, usage), range);
  }

  /** Fleets and builders using an image (cached like the lookups); an error is shown, not thrown. */
  private async usageOf(profile: string, region: string, image: Image): Promise<ImageUsage | Error> {
    const key = `${profile}\u0000${image.Arn}`;
    let entry = this.usage.get(key);
    if (!entry || Date.now() - entry.at > CACHE_TTL_MS) {
      entry = { at: Date.now(), value: this.app.aws().findImageUsage(profile, region, image) };
      this.usage.set(key, entry);
      entry.value.catch(() => this.usage.delete(key));
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Error>((resolve) => (timer = setTimeout(() => resolve(new Error(vscode.l10n.t('still looking'))), 4000)));
    try {
      return await Promise.race([entry.value.catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private codeActions(doc: vscode.TextDocument, _range: vscode.Range | vscode.Selection, ctx: vscode.CodeActionContext): vscode.CodeAction[] {
    const state = this.currentState(doc);
    if (!state) {
      return [];
    }
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ctx.diagnostics) {
      const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
      if (code !== 'shared-image-by-name') {
        continue;
      }
      const checked = state.checked.find((c) => doc.offsetAt(diagnostic.range.start) === c.ref.start && doc.offsetAt(diagnostic.range.end) === c.ref.end);
      const finding = checked?.findings.find((f) => f.code === 'shared-image-by-name');
      if (!checked || !finding || checked.ref.hasArnKey) {
        continue;
      }
      const candidates = finding.candidates ?? [];
      for (const image of candidates) {
        if (!image.Arn) {
          continue;
        }
        const owner = accountOfImageArn(image.Arn) ?? '?';
        const action = new vscode.CodeAction(
          vscode.l10n.t('Use {0} {1} (shared by account {2})', checked.ref.arnKey, image.Arn, owner),
          vscode.CodeActionKind.QuickFix,
        );
        const edit = new vscode.WorkspaceEdit();
        edit.replace(doc.uri, new vscode.Range(doc.positionAt(checked.ref.keyStart), doc.positionAt(checked.ref.keyEnd)), checked.ref.arnKey);
        edit.replace(doc.uri, new vscode.Range(doc.positionAt(checked.ref.start), doc.positionAt(checked.ref.end)), image.Arn);
        action.edit = edit;
        action.diagnostics = [diagnostic];
        action.isPreferred = candidates.length === 1;
        actions.push(action);
      }
    }
    return actions;
  }
}

class PausedError extends Error {
  override readonly name = 'PausedError';
}

function findingMessage(ref: ImageReference, finding: Finding, context: CheckContext): string {
  const what = ref.kind === 'arn' ? ref.value : `"${ref.value}"`;
  const code: FindingCode = finding.code;
  switch (code) {
    case 'image-not-found':
      return ref.kind === 'name'
        ? vscode.l10n.t('Image {0} not found in {1} through profile {2}: AWS resolves an image name among the account\'s own images and public images only. The deploy will fail.', what, finding.region, context.profile)
        : vscode.l10n.t('Image {0} not found through profile {1}: it does not exist, or is not shared with this account. The deploy will fail.', what, context.profile);
    case 'shared-image-by-name': {
      const owners = [...(finding.candidates ?? []), ...(finding.unusable ?? [])].map((i) => accountOfImageArn(i.Arn) ?? '?').join(', ');
      const fix = (finding.candidates ?? []).length > 0 ? vscode.l10n.t('Use {0} with its ARN.', ref.arnKey) : vscode.l10n.t('None of them is shared for this use.');
      return vscode.l10n.t('Image {0} is shared with this account (by {1}), but AWS resolves {2} among own and public images only: the deploy will fail. {3}', what, owners, ref.key, fix);
    }
    case 'image-failed':
      return vscode.l10n.t('Image {0} is FAILED{1}: a fleet or builder cannot start from it.', what, finding.image?.StateChangeReason?.Code ? ` (${finding.image.StateChangeReason.Code})` : '');
    case 'image-deleting':
      return vscode.l10n.t('Image {0} is being deleted (DELETING): it will be gone before a deploy can use it.', what);
    case 'image-other-region':
      return vscode.l10n.t('This ARN is in {0}, but profile {1} works in {2}: a fleet or builder uses images of its own region only.', finding.region, context.profile, context.region);
    case 'image-not-shared-for-use':
      return vscode.l10n.t('Image {0} is shared with this account, but not for {1}: the deploy will fail.', what, /builder/i.test(ref.resourceType) ? vscode.l10n.t('image builders') : vscode.l10n.t('fleets'));
    case 'invalid-image-arn':
      return vscode.l10n.t('{0} is not an AppStream image ARN (arn:aws:appstream:<region>:<account>:image/<name>).', what);
  }
}

function hoverMarkdown(ref: ImageReference, item: LookupItem, resolution: Resolution, context: CheckContext, usage: ImageUsage | Error | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: ['appstreamImages.showImageDetails'] };
  const line = (label: string, value: string | undefined) => {
    if (value) {
      md.appendMarkdown(`- ${label}: `);
      md.appendText(cleanLabel(value));
      md.appendMarkdown('\n');
    }
  };
  if (resolution.status === 'invalid') {
    md.appendText(vscode.l10n.t('Not an AppStream image ARN.'));
    return md;
  }
  if (resolution.status === 'missing') {
    md.appendMarkdown('$(error) **');
    md.appendText(cleanLabel(ref.value));
    md.appendMarkdown('**\n\n');
    md.appendText(vscode.l10n.t('Not found in {0} through profile {1}.', item.region, context.profile));
    md.appendMarkdown('\n\n');
    for (const shared of resolution.sharedByOthers) {
      line(vscode.l10n.t('Shared with this account'), `${shared.Arn ?? ''} (${shared.State ?? '?'})`);
    }
    return md;
  }
  const image = resolution.image;
  md.appendMarkdown('**');
  md.appendText(cleanLabel(image.Name ?? ref.value));
  md.appendMarkdown('** — ');
  md.appendText(image.State ?? '?');
  md.appendMarkdown('\n\n');
  line(vscode.l10n.t('State'), (image.State ?? '?') + (image.StateChangeReason?.Code ? ` (${image.StateChangeReason.Code})` : ''));
  line(vscode.l10n.t('Platform'), image.Platform ? platformLabel(image.Platform) : undefined);
  line(vscode.l10n.t('Created'), image.CreatedTime ? new Date(image.CreatedTime).toISOString() : undefined);
  line(vscode.l10n.t('Agent version'), image.AppstreamAgentVersion);
  line(vscode.l10n.t('Display name'), image.DisplayName);
  const owner = accountOfImageArn(image.Arn);
  line(
    vscode.l10n.t('Found in'),
    vscode.l10n.t('{0}, account {1} ({2}), through profile {3}', item.region, owner ?? 'AWS', (image.Visibility ?? '?').toLowerCase(), context.profile),
  );
  if (usage instanceof Error) {
    line(vscode.l10n.t('Used by'), vscode.l10n.t('not known ({0})', usage.message));
  } else if (usage) {
    const users = [
      ...usage.fleets.map((f) => vscode.l10n.t('fleet {0}', f.name)),
      ...usage.imageBuilders.map((b) => vscode.l10n.t('image builder {0}', b.name)),
    ];
    line(vscode.l10n.t('Used by'), users.length > 0 ? users.join(', ') : vscode.l10n.t('no fleet or image builder of this account'));
  }
  if (image.Arn) {
    const ref: ImageRef = { profile: context.profile, region: item.region, arn: image.Arn, name: image.Name ?? '' };
    // Parentheses too: an unbalanced one in cloud text (a description) would end the link early.
    const args = encodeURIComponent(JSON.stringify([{ ref, image: imageToJson(image) }])).replace(/\(/g, '%28').replace(/\)/g, '%29');
    md.appendMarkdown(`\n[$(open-preview) ${vscode.l10n.t('Open details')}](command:appstreamImages.showImageDetails?${args})`);
  }
  return md;
}
