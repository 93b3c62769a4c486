import type { App } from '../../platform/app';
import { builderCommand } from './builderCommand';

/** Stop Image Builder: from the tree or the palette (a pick of the builders it fits); asks first (modal). */
export function stopImageBuilder(app: App, node?: unknown): Promise<void> {
  return builderCommand(app, 'stop', node);
}
