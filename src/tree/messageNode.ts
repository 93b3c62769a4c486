import * as vscode from 'vscode';
import type { AwsErrorInfo } from '../aws';
import { ExplorerNode, type ExplorerContext } from './explorerNode';
import { COMMAND } from '../platform/ids';

/** A leaf that says something: "No images", or an error that retries its parent on click. */
export class MessageNode extends ExplorerNode {
  readonly id: string;

  constructor(
    ctx: ExplorerContext,
    parent: ExplorerNode | undefined,
    readonly kind: 'empty' | 'error' | 'warning',
    readonly label: string,
    readonly detail?: string,
    readonly fixCommand?: string,
  ) {
    super(ctx, parent);
    this.id = `${parent?.id ?? ''}/#${kind}:${label.slice(0, 80)}`;
  }

  static fromError(ctx: ExplorerContext, parent: ExplorerNode, error: AwsErrorInfo): MessageNode {
    return new MessageNode(ctx, parent, 'error', error.message, error.advice, error.fixCommand);
  }

  override clickCommand(): vscode.Command | undefined {
    return this.kind === 'error' ? { command: COMMAND.retry, title: vscode.l10n.t('Retry'), arguments: [this] } : undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = this.fixCommand ? `message;${this.kind};hasFix` : `message;${this.kind}`;
    if (this.kind === 'empty') {
      item.iconPath = new vscode.ThemeIcon('info');
      return item;
    }
    item.iconPath = new vscode.ThemeIcon(
      this.kind === 'error' ? 'error' : 'warning',
      new vscode.ThemeColor(this.kind === 'error' ? 'errorForeground' : 'editorWarning.foreground'),
    );
    if (this.kind === 'error') {
      item.description = vscode.l10n.t('click to retry');
    }
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(this.label);
    if (this.detail) {
      tooltip.appendMarkdown('\n\n');
      tooltip.appendText(this.detail);
    }
    if (this.fixCommand) {
      tooltip.appendMarkdown('\n\n');
      tooltip.appendCodeblock(this.fixCommand, 'shell');
    }
    item.tooltip = tooltip;
    return item;
  }
}
