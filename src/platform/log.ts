import * as vscode from 'vscode';
import { redactSecrets as redact } from '../aws/errors';
import type { Logger } from './logger';

export class Log implements Logger, vscode.Disposable {
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
