/** Where the services write what they did (the output channel, in the extension: see log.ts). No `vscode`. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
