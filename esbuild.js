// Bundles the extension. Four bundles so activation stays cheap:
//  dist/extension.js   what VS Code loads on activation (no AWS SDK inside)
//  dist/aws.js         src/aws with the AWS SDK, required on the first AWS call
//  dist/references.js  src/iac/references with the yaml and jsonc parsers, required when a
//                      document first looks like a template that names an AppStream image
//  dist/webview/main.js  the details panel's browser script
//  dist/webview/cleanup.js  the cleanup report's browser script
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * The AWS layer (src/aws/index.ts) is its own bundle, dist/aws.js, beside dist/extension.js. The
 * one lazy loader (src/platform/awsLoader.ts) requires it as '../aws' (right under tsc, where
 * out/src/platform/ sits beside out/src/aws/); in the bundle that require becomes './aws'.
 */
const awsLayerExternal = {
  name: 'aws-layer-external',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/aws$/ }, (args) =>
      /[\\/]platform[\\/]awsLoader\.ts$/.test(args.importer) ? { path: './aws', external: true } : undefined,
    );
  },
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // The AWS layer stays a runtime require of dist/aws.js (see awsLayerExternal); './references'
    // of dist/references.js (see src/iac/parsers.ts).
    external: ['vscode', './references'],
    plugins: [awsLayerExternal],
  },
  {
    ...common,
    entryPoints: ['src/iac/references/index.ts'],
    outfile: 'dist/references.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
  },
  {
    ...common,
    entryPoints: ['src/aws/index.ts'],
    outfile: 'dist/aws.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    mainFields: ['module', 'main'],
  },
  {
    ...common,
    entryPoints: ['src/webview/app/main.ts'],
    outfile: 'dist/webview/main.js',
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
  },
  {
    // The cleanup report's browser script (src/webview/cleanupPanel.ts opens it).
    ...common,
    entryPoints: ['src/webview/app/cleanup.ts'],
    outfile: 'dist/webview/cleanup.js',
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
  },
];

async function main() {
  // Stale files (e.g. source maps of a development build) must not end up in the package.
  require('fs').rmSync('dist', { recursive: true, force: true });
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
