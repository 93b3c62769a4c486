// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layers (README, Development): what each folder may import. typescript-eslint's
// no-restricted-imports with allowTypeImports: a type-only import costs nothing at run time.
const NO_VSCODE = {
  name: 'vscode',
  message: 'No `vscode` here: this layer runs (and is tested) without VS Code. Take what you need as a parameter.',
};
const AWS_INDEX = {
  // '../aws', '../../aws', '../aws/index' ...: the AWS layer's index, which carries the AWS SDK.
  regex: '^(\\.\\.?/)+(\\.\\./)*aws(/index)?$',
  allowTypeImports: true,
  message: 'The AWS layer (and the SDK) loads lazily: import its types (`import type`), and reach it at run time through app.aws() or loadAws() (src/platform/awsLoader.ts). Pure rules are in their own files (src/aws/imageRef.ts ...).',
};
const FEATURES_INDEX = {
  // '../features', '../../features/index' ...: the features bundle's entry (command handlers, services, panels, template checks).
  regex: '^(\\.\\.?/)+(\\.\\./)*features(/index)?$',
  allowTypeImports: true,
  message: 'The features bundle loads lazily: import its types (`import type`), and reach it at run time through loadFeatures() (src/platform/featuresLoader.ts).',
};
const layer = (paths, patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] });

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', '.vscode-test/**', 'node_modules/**', 'bench/out/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'curly': 'warn',
      'eqeqeq': ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/naming-convention': ['warn', { selector: 'import', format: ['camelCase', 'PascalCase'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Everywhere in src/: the AWS layer's index and the features entry only by type.
  { files: ['src/**/*.ts'], rules: layer([], [AWS_INDEX, FEATURES_INDEX]) },
  // The AWS layer: no `vscode` at all (not even types: it builds and is tested without it).
  { files: ['src/aws/**/*.ts'], rules: layer([{ ...NO_VSCODE }], [FEATURES_INDEX]) },
  // So is what the browser script shares, and the services' core (their VS Code side comes in as a parameter).
  { files: ['src/webview/app/**/*.ts', 'src/webview/protocol.ts', 'src/webview/cleanupProtocol.ts', 'src/webview/imageErrorHelp.ts', 'src/services/**/*.ts', 'src/commands/commandErrors.ts', 'src/platform/ids.ts', 'src/platform/logger.ts'], rules: layer([{ ...NO_VSCODE }], [AWS_INDEX, FEATURES_INDEX]) },
  // Fast tests run in plain Node: no `vscode`.
  { files: ['test/unit/**/*.ts', 'test/emulator/**/*.ts'], rules: layer([{ ...NO_VSCODE }], []) },
  // The one lazy loader of the AWS layer, and the one of the features bundle.
  { files: ['src/platform/awsLoader.ts'], rules: layer([], [FEATURES_INDEX]) },
  { files: ['src/platform/featuresLoader.ts'], rules: layer([], [AWS_INDEX]) },
  {
    files: ['esbuild.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly', console: 'readonly', __dirname: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
