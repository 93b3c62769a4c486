import * as vscode from 'vscode';

/** Redacts key-, secret- and token-looking text before it reaches the output channel. */
function redact(text: string): string {
  return text
    .replace(/\b(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g, '$1****')
    .replace(/(secret|token|password|authorization|signature)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1$2****')
    .replace(/\b[A-Za-z0-9/+]{40}\b/g, '****');
}

export class Log implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('AppStream Images', { log: true });

  info(message: string): void {
    this.channel.info(redact(message));
  }

  warn(message: string): void {
    this.channel.warn(redact(message));
  }

  error(message: string): void {
    this.channel.error(redact(message));
  }

  dispose(): void {
    this.channel.dispose();
  }
}
