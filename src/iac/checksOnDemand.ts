// The template checks (./templateChecks, with their resolver, hover and quick fix) are in the
// features bundle. On activation only this watches documents: the first one that carries a marker
// of `mayReferenceImages` loads the checks, which then check every open document themselves.
import * as vscode from 'vscode';
import type { App } from '../platform/app';
import { loadFeatures } from '../platform/featuresLoader';
import { mayReferenceImages } from './references/sniff';
import type { TemplateChecks } from './templateChecks';

/** As the checks themselves: a keystroke costs a timer, not a scan. */
const DEBOUNCE_MS = 400;

export interface IacChecks {
  /** The checks, loaded now if no document loaded them yet. */
  readonly checks: TemplateChecks;
}

export function registerIacChecks(app: App): IacChecks {
  let checks: TemplateChecks | undefined;
  const timers = new Map<string, NodeJS.Timeout>();
  const stopWatching = (): void => {
    timers.forEach((t) => clearTimeout(t));
    timers.clear();
    watchers.forEach((d) => d.dispose());
  };
  const start = (): TemplateChecks => {
    if (!checks) {
      stopWatching();
      checks = loadFeatures().registerTemplateChecks(app);
    }
    return checks;
  };
  const look = (doc: vscode.TextDocument, delayMs: number): void => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        if (!checks && !doc.isClosed && mayReferenceImages(doc.getText())) {
          start();
        }
      }, delayMs),
    );
  };
  const watchers: vscode.Disposable[] = [
    vscode.workspace.onDidOpenTextDocument((doc) => look(doc, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) {
        look(e.document, DEBOUNCE_MS);
      }
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      clearTimeout(timers.get(doc.uri.toString()));
      timers.delete(doc.uri.toString());
    }),
  ];
  app.context.subscriptions.push({ dispose: stopWatching });
  for (const doc of vscode.workspace.textDocuments) {
    look(doc, 0);
  }
  return {
    get checks() {
      return start();
    },
  };
}
