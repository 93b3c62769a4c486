// The details panel's HTML document. No `vscode` import, so tests load the very same page.
// No cloud data goes into this HTML: the browser script receives it by postMessage.

export interface PanelHtmlOptions {
  /** webview.cspSource */
  cspSource: string;
  /** A fresh nonce per document, from crypto.randomBytes. */
  nonce: string;
  /** webview.asWebviewUri of dist/webview/main.js */
  scriptUri: string;
  /** webview.asWebviewUri of media/details.css */
  styleUri: string;
  /** The document's title; default "Image details". */
  title?: string;
  /** What the page says until its script has drawn it; default "Loading…". */
  loadingText?: string;
  /** The document's language (vscode.env.language); default "en". */
  lang?: string;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} https:`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function panelHtml(o: PanelHtmlOptions): string {
  const csp = escapeAttribute(contentSecurityPolicy(o.cspSource, o.nonce));
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(o.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="referrer" content="no-referrer">
<link rel="stylesheet" href="${escapeAttribute(o.styleUri)}">
<title>${escapeAttribute(o.title ?? 'Image details')}</title>
</head>
<body>
<main id="root" aria-busy="true" aria-live="off"><p class="muted">${escapeAttribute(o.loadingText ?? 'Loading…')}</p></main>
<script nonce="${escapeAttribute(o.nonce)}" src="${escapeAttribute(o.scriptUri)}"></script>
</body>
</html>`;
}
