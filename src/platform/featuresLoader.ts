// Activation loads the tree, the status bar, settings and the commands' registration; the command
// handlers, services, webview hosts and template checks are in the features bundle
// (src/features/index.ts), required on first use. This is the one place that loads it by value
// (lint enforces it). In the bundle, '../features' becomes './features', dist/features.js (see
// esbuild.js); under tsc it is src/features/index.ts.
import type * as FeaturesModule from '../features';
// The modules of dist/extension.js that the features bundle uses: it takes them from here instead
// of carrying copies (one `ui` that tests can replace, one ImageNode class for `instanceof` ...).
// esbuild.js fails the build when the features bundle needs a module of dist/extension.js that is
// missing here. Under tsc this table is unused (Node's module cache already shares them).
import * as awsBuilderRules from '../aws/builderRules';
import * as awsCopyRules from '../aws/copyRules';
import * as awsErrors from '../aws/errors';
import * as awsExportRules from '../aws/exportRules';
import * as awsImageRef from '../aws/imageRef';
import * as awsImageRules from '../aws/imageRules';
import * as awsLaunchRules from '../aws/launchRules';
import * as awsRegions from '../aws/regions';
import * as awsSsoNames from '../aws/ssoNames';
import * as awsTagRules from '../aws/tagRules';
import * as awsUntrusted from '../aws/untrusted';
import * as awsUpdateRules from '../aws/updateRules';
import * as commandErrors from '../commands/commandErrors';
import * as sniff from '../iac/references/sniff';
import * as awsLoader from './awsLoader';
import * as ids from './ids';
import * as settings from './settings';
import * as ui from './ui';
import * as builderNode from '../tree/builderNode';
import * as builderPresentation from '../tree/builderPresentation';
import * as explorerNode from '../tree/explorerNode';
import * as explorerProvider from '../tree/explorerProvider';
import * as exportTaskNode from '../tree/exportTaskNode';
import * as exportTaskPresentation from '../tree/exportTaskPresentation';
import * as groupNode from '../tree/groupNode';
import * as imageNode from '../tree/imageNode';
import * as imagePresentation from '../tree/imagePresentation';
import * as messageNode from '../tree/messageNode';
import * as pinnedNode from '../tree/pinnedNode';
import * as profileNode from '../tree/profileNode';
import * as regionNode from '../tree/regionNode';

export type Features = typeof FeaturesModule;

/** Where dist/features.js finds the modules it shares with dist/extension.js (see esbuild.js). */
export const HOST_MODULES_KEY = Symbol.for('appstreamImages.hostModules');

const HOST_MODULES: Record<string, unknown> = {
  'aws/builderRules': awsBuilderRules,
  'aws/copyRules': awsCopyRules,
  'aws/errors': awsErrors,
  'aws/exportRules': awsExportRules,
  'aws/imageRef': awsImageRef,
  'aws/imageRules': awsImageRules,
  'aws/launchRules': awsLaunchRules,
  'aws/regions': awsRegions,
  'aws/ssoNames': awsSsoNames,
  'aws/tagRules': awsTagRules,
  'aws/untrusted': awsUntrusted,
  'aws/updateRules': awsUpdateRules,
  'commands/commandErrors': commandErrors,
  'iac/references/sniff': sniff,
  'platform/awsLoader': awsLoader,
  'platform/ids': ids,
  'platform/settings': settings,
  'platform/ui': ui,
  'tree/builderNode': builderNode,
  'tree/builderPresentation': builderPresentation,
  'tree/explorerNode': explorerNode,
  'tree/explorerProvider': explorerProvider,
  'tree/exportTaskNode': exportTaskNode,
  'tree/exportTaskPresentation': exportTaskPresentation,
  'tree/groupNode': groupNode,
  'tree/imageNode': imageNode,
  'tree/imagePresentation': imagePresentation,
  'tree/messageNode': messageNode,
  'tree/pinnedNode': pinnedNode,
  'tree/profileNode': profileNode,
  'tree/regionNode': regionNode,
};

let loaded: Features | undefined;

export function loadFeatures(): Features {
  if (!loaded) {
    (globalThis as Record<symbol, unknown>)[HOST_MODULES_KEY] = HOST_MODULES;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('../features') as Features;
  }
  return loaded;
}

/** The features bundle if something already loaded it; undefined costs nothing. */
export function loadedFeatures(): Features | undefined {
  return loaded;
}
