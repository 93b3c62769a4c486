import type { App } from '../../platform/app';
import { builderCommand } from './builderCommand';

/** Delete Image Builder: from the tree or the palette (a pick of the builders it fits); asks first (modal). */
export function deleteImageBuilder(app: App, node?: unknown): Promise<void> {
  return builderCommand(app, 'delete', node);
}
