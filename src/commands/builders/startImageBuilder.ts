import type { App } from '../../platform/app';
import { builderCommand } from './builderCommand';

/** Start Image Builder: from the tree or the palette (a pick of the builders it fits); asks first (modal). */
export function startImageBuilder(app: App, node?: unknown): Promise<void> {
  return builderCommand(app, 'start', node);
}
