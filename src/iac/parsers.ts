// The template parsers (yaml, jsonc-parser and the tokenizers) load only when a document first
// looks like a template that names an AppStream image. In the bundle, './references' is
// dist/references.js (esbuild keeps it external); under tsc it is src/iac/references/index.ts.
import type * as ReferencesModule from './references';

export type References = typeof ReferencesModule;

let loaded: References | undefined;

export function loadReferences(): References {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./references') as References;
  return loaded;
}
