// The AWS SDK costs ~90 ms to load: keep it off the activation path. This is the one place that
// loads the AWS layer's index by value (lint enforces it). In the bundle, '../aws' becomes
// './aws', dist/aws.js (see esbuild.js); under tsc it is src/aws/index.ts.
import type * as AwsModule from '../aws';

export type Aws = typeof AwsModule;

let loaded: Aws | undefined;

export function loadAws(): Aws {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('../aws') as Aws;
  return loaded;
}
