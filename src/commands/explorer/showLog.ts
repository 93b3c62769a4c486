import type { App } from '../../platform/app';

export function showLog(app: App): void {
  app.log.channel.show(true);
}
