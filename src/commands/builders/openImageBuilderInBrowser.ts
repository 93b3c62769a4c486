import * as vscode from 'vscode';
import type { App } from '../../platform/app';
import { ui } from '../../platform/ui';
import { builderActionRefusal, canBuilder, STREAMING_URL_VALIDITY_SECONDS } from '../../aws/builderRules';
import { builderNodeOrPick } from '../../picks/pickBuilder';
import { BuilderActionRefused } from '../../services/builderActions';

/**
 * Open in Browser: a short-lived streaming URL of a RUNNING builder (CreateImageBuilderStreamingURL),
 * handed to the browser. The URL is a credential: it is never logged, shown or kept.
 */
export async function openImageBuilderInBrowser(app: App, node?: unknown): Promise<boolean> {
  const target = await builderNodeOrPick(app, node, { title: vscode.l10n.t('Open an image builder in the browser'), filter: (n) => canBuilder('connect', n.builder) });
  if (!target) {
    return false;
  }
  const refusal = builderActionRefusal('connect', target.builder);
  const ref = target.ref;
  if (refusal || !ref) {
    throw new BuilderActionRefused(refusal ?? target.name);
  }
  const { url } = await app.aws().imageBuilderStreamingUrl(ref, STREAMING_URL_VALIDITY_SECONDS);
  const opened = await ui.openExternal(vscode.Uri.parse(url, true));
  app.log.info(`Opened image builder ${ref.name} (${ref.profile} ${ref.region}) in the browser${opened ? '' : ': the browser did not open'}`);
  return opened;
}
