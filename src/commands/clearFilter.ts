import type { App } from '../app';
import { filterImages } from './filterImages';

export async function clearFilter(app: App): Promise<void> {
  await filterImages(app, '');
}
