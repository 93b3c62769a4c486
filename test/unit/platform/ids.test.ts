// The ids in src/platform/ids.ts are the ones package.json contributes, and none is missing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMAND, CONTEXT, IMAGE_DETAILS_VIEW_TYPE, SECTION, STATUS_BAR_PROFILE, VIEW } from '../../../src/platform/ids';

// out/test/unit/platform/ → the repository root.
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));

describe('platform/ids', () => {
  it('names every command package.json contributes, and only those', () => {
    const contributed = (manifest.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    assert.deepEqual(Object.values(COMMAND).sort(), contributed);
  });

  it('names the view, the panel type (an activation event), the settings section and the context keys package.json uses', () => {
    const views = Object.values(manifest.contributes.views as Record<string, { id: string }[]>).flat().map((v) => v.id);
    assert.deepEqual(Object.values(VIEW), views);
    assert.ok((manifest.activationEvents as string[]).includes(`onWebviewPanel:${IMAGE_DETAILS_VIEW_TYPE}`));
    assert.ok(Object.keys(manifest.contributes.configuration.properties).every((k) => k.startsWith(`${SECTION}.`)));
    const whens = JSON.stringify(manifest.contributes);
    for (const key of Object.values(CONTEXT)) {
      assert.ok(whens.includes(key), `${key} is read by a when clause`);
    }
    for (const id of [...Object.values(COMMAND), ...Object.values(VIEW), IMAGE_DETAILS_VIEW_TYPE, STATUS_BAR_PROFILE]) {
      assert.ok(id.startsWith(`${SECTION}.`), id);
    }
  });
});
