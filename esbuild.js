// Bundles the extension. Several bundles so activation stays cheap:
//  dist/extension.js   what VS Code loads on activation (no AWS SDK inside): the tree, the status
//                      bar, settings and the commands' registration
//  dist/features.js    src/features: the command handlers, services, panels' hosts and template
//                      checks, required on first use (a command, a restored panel, a template)
//  dist/aws.js         src/aws with the AWS SDK, required on the first AWS call
//  dist/references.js  src/iac/references with the yaml and jsonc parsers, required when a
//                      document first looks like a template that names an AppStream image
//  dist/webview/main.js  the details panel's browser script
//  dist/webview/cleanup.js  the cleanup report's browser script
const fs = require('fs');
const path = require('path');
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

/** The same for the features bundle: its one loader (src/platform/featuresLoader.ts) requires '../features'. */
const featuresExternal = {
  name: 'features-external',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/features$/ }, (args) =>
      /[\\/]platform[\\/]featuresLoader\.ts$/.test(args.importer) ? { path: './features', external: true } : undefined,
    );
  },
};

const SRC = path.join(__dirname, 'src');
/** 'src/tree/imageNode.ts' → 'tree/imageNode': how HOST_MODULES in src/platform/featuresLoader.ts names a module. */
const moduleKey = (file) => path.relative(SRC, path.resolve(__dirname, file)).replace(/\\/g, '/').replace(/\.ts$/, '');

/**
 * What must stay out of dist/extension.js (the build fails otherwise): it is the features bundle's.
 * Activation keeps only the tree's own services (image changes, tags) and the commands' registration.
 */
const NOT_ON_ACTIVATION = [/^features\//, /^commands\/(?!registerLazyCommands$|commandErrors$)/, /^services\/(?!imageChanges$|tagService$)/, /^webview\//, /^iac\/(?!index$|checksOnDemand$|references\/sniff$)/, /^picks\//];

/**
 * dist/features.js carries no copy of a module of dist/extension.js: a copy would be a second `ui`
 * (the tests' prompts), a second ImageNode class (`instanceof`), a second cache. It takes them at run
 * time from the table HOST_MODULES that src/platform/featuresLoader.ts fills before requiring it; the
 * build fails when that table lacks one. `activationModules`: the keys of dist/extension.js's sources.
 */
function hostModules(activationModules) {
  const loaderFile = path.join(SRC, 'platform', 'featuresLoader.ts');
  return {
    name: 'host-modules',
    setup(build) {
      const used = new Set();
      build.onStart(() => used.clear());
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.namespace !== 'file' || !args.importer.startsWith(SRC + path.sep)) {
          return undefined;
        }
        const base = path.resolve(args.resolveDir, args.path);
        const file = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
        const key = file && moduleKey(file);
        if (!key || !activationModules.has(key)) {
          return undefined;
        }
        used.add(key);
        return { path: key, namespace: 'host' };
      });
      build.onLoad({ filter: /.*/, namespace: 'host' }, (args) => ({
        contents: `module.exports = globalThis[Symbol.for('appstreamImages.hostModules')][${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
      build.onEnd(() => {
        const table = fs.readFileSync(loaderFile, 'utf8');
        const missing = [...used].filter((key) => !table.includes(`'${key}': `)).sort();
        return {
          errors: missing.map((key) => ({
            text: `dist/features.js uses src/${key}.ts, which dist/extension.js has: add it to HOST_MODULES in src/platform/featuresLoader.ts`,
          })),
        };
      });
    },
  };
}

/** dist/extension.js: what VS Code loads on activation. Built first: the features bundle needs its list of sources. */
const activation = {
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // The AWS layer stays a runtime require of dist/aws.js (see awsLayerExternal), the features one
  // of dist/features.js (see featuresExternal); './references' of dist/references.js (see
  // src/iac/parsers.ts).
  external: ['vscode', './references'],
  plugins: [awsLayerExternal, featuresExternal],
  metafile: true,
};

const features = (activationModules) => ({
  ...common,
  entryPoints: ['src/features/index.ts'],
  outfile: 'dist/features.js',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode', './references'],
  plugins: [hostModules(activationModules)],
});

const builds = [
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
  fs.rmSync('dist', { recursive: true, force: true });
  // The activation bundle first (in watch mode too: its list of sources is taken once, at start).
  const first = await esbuild.build(activation);
  const activationModules = new Set(Object.keys(first.metafile.inputs).filter((f) => f.startsWith('src/')).map(moduleKey));
  const misplaced = [...activationModules].filter((key) => NOT_ON_ACTIVATION.some((re) => re.test(key))).sort();
  if (misplaced.length) {
    throw new Error(`dist/extension.js must not contain (they belong in dist/features.js): ${misplaced.map((k) => `src/${k}.ts`).join(', ')}`);
  }
  const contexts = await Promise.all(
    [...(watch ? [activation] : []), features(activationModules), ...builds].map((b) => esbuild.context(b)),
  );
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
