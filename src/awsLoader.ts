// The AWS SDK costs ~90 ms to load: keep it off the activation path. In the bundle, './aws'
// is dist/aws.js (esbuild keeps it external); under tsc it is src/aws/index.ts.
import type * as AwsModule from './aws';

export type Aws = typeof AwsModule;

let loaded: Aws | undefined;

export function loadAws(): Aws {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./aws') as Aws;
  return loaded;
}
