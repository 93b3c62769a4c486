import type { App } from '../app';

export function showLog(app: App): void {
  app.log.channel.show(true);
}
