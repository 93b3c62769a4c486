// The reference finders: pure (no `vscode`, no SDK), loaded lazily (dist/references.js) by
// src/iac/parsers.ts when a document first looks like a template that names an image.
import { findInCdk } from './cdk';
import { findInCloudFormationJson, findInCloudFormationYaml } from './cloudFormation';
import { findInTerraform } from './terraform';
import type { FindResult, TemplateFormat } from './types';

export { findInCdk, findInCloudFormationJson, findInCloudFormationYaml, findInTerraform };
export type { FindResult, ImageReference, TemplateFormat } from './types';

/** Which finder reads a file, from its VS Code language id and/or its name. */
export function templateFormatOf(fileName: string, languageId?: string): TemplateFormat | undefined {
  const lower = fileName.toLowerCase();
  if (languageId === 'terraform' || /\.(tf|tofu)$/.test(lower)) {
    return 'terraform';
  }
  if (languageId === 'yaml' || /\.(ya?ml)$/.test(lower)) {
    return 'cloudformation-yaml';
  }
  if (languageId === 'json' || languageId === 'jsonc' || /\.json$/.test(lower)) {
    return 'cloudformation-json';
  }
  if (['typescript', 'javascript', 'typescriptreact', 'javascriptreact'].includes(languageId ?? '') || /\.(m|c)?(t|j)sx?$/.test(lower)) {
    return lower.endsWith('.d.ts') ? undefined : 'cdk';
  }
  return undefined;
}

/** The image references in a template's text. */
export function findImageReferences(text: string, format: TemplateFormat): FindResult {
  switch (format) {
    case 'cloudformation-yaml':
      return findInCloudFormationYaml(text);
    case 'cloudformation-json':
      return findInCloudFormationJson(text);
    case 'terraform':
      return findInTerraform(text);
    case 'cdk':
      return findInCdk(text);
  }
}
