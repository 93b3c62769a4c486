import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { accountOfBuilderArn } from '../../aws/builderRules';
import { BUILDER_DETAILS_SCHEME } from '../../platform/ids';
import { builderNodeOrPick } from '../../picks/pickBuilder';
import { builderDetailsText } from '../../tree/builderPresentation';

/** The documents' text by URI; a read-only provider serves them (registered on first use). */
const documents = new Map<string, string>();
const changed = new vscode.EventEmitter<vscode.Uri>();
let registered = false;

/**
 * Show Image Builder Details: its fields and its ImageBuilderErrors in a read-only plain-text
 * document. Plain text is never rendered: names and error messages (written by AWS, or by
 * whoever named the builder) stay text, with no webview, script or markup to escape.
 */
export async function showImageBuilderDetails(app: App, node?: unknown): Promise<vscode.TextDocument | undefined> {
  const target = await builderNodeOrPick(app, node, { title: vscode.l10n.t('Show the details of an image builder') });
  if (!target) {
    return undefined;
  }
  if (!registered) {
    registered = true;
    app.context.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(BUILDER_DETAILS_SCHEME, { onDidChange: changed.event, provideTextDocumentContent: (uri) => documents.get(uri.toString()) ?? '' }),
      { dispose: () => (registered = false) },
    );
  }
  const uri = vscode.Uri.from({ scheme: BUILDER_DETAILS_SCHEME, path: `/${target.profile}/${target.region}/${encodeURIComponent(target.name)}.txt` });
  documents.set(uri.toString(), builderDetailsText(target.builder, { profile: target.profile, region: target.region, account: accountOfBuilderArn(target.builder.Arn) }));
  changed.fire(uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: true });
  return doc;
}
