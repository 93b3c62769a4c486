import type { App } from '../../platform/app';
import { filterImages } from './filterImages';

export async function clearFilter(app: App): Promise<void> {
  await filterImages(app, '');
}
