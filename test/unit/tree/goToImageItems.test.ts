// "Go to Image…" items (no VS Code): everything one may type is in label, description or detail.
import * as assert from 'node:assert/strict';
import type { Image } from '@aws-sdk/client-appstream';
import { byGoToOrder, goToImageItem, type GoToImageSource } from '../../../src/tree/goToImageItems';

const own: Image = {
  Name: 'win-2024-10',
  Arn: 'arn:aws:appstream:us-east-1:111111111111:image/win-2024-10',
  DisplayName: 'Windows desktop (October)',
  State: 'AVAILABLE',
  Platform: 'WINDOWS_SERVER_2022',
  Visibility: 'PRIVATE',
};
const shared: Image = { ...own, Name: 'team-base', Arn: 'arn:aws:appstream:us-east-1:222222222222:image/team-base', DisplayName: undefined, State: 'FAILED', Platform: 'AMAZON_LINUX2', Visibility: 'SHARED' };

describe('tree/goToImageItems', () => {
  it('name as label; display name, state and platform as description; profile (account), region, group as detail', () => {
    const item = goToImageItem({ image: own, profile: 'demo-dev', region: 'us-east-1', group: 'Private', profileAccountId: '111111111111' });
    assert.equal(item.label, 'win-2024-10');
    assert.match(item.description, /^Windows desktop \(October\) · AVAILABLE · Windows Server 2022$/);
    assert.equal(item.detail, 'demo-dev (111111111111) · us-east-1 · Private');
  });

  it("a shared image names its owner's account; an account not known yet is left out", () => {
    const item = goToImageItem({ image: shared, profile: 'demo-dev', region: 'us-east-1', group: 'Shared with me', profileAccountId: '111111111111' });
    assert.equal(item.detail, 'demo-dev (111111111111) · us-east-1 · Shared with me · owner 222222222222');
    assert.match(item.description, /^FAILED · /);
    const unknown = goToImageItem({ image: own, profile: 'demo-dev', region: 'us-east-1', group: 'Private' });
    assert.equal(unknown.detail, 'demo-dev · us-east-1 · Private · owner 111111111111');
  });

  it('cloud text is cleaned: no codicons, no control characters, long display names cut', () => {
    const item = goToImageItem({ image: { ...own, Name: '$(alert) evil\u202Egnp.exe', DisplayName: 'D'.repeat(500) }, profile: 'p', region: 'r', group: 'Private' });
    assert.equal(item.label, '\\$(alert) evilgnp.exe', 'the codicon escaped, the bidi override gone');
    assert.ok(item.description.length < 200, item.description);
  });

  it('sorted by name, then profile, region and group', () => {
    const s = (name: string, profile: string, region: string): GoToImageSource => ({ image: { Name: name }, profile, region, group: 'Private' });
    const sorted = [s('b', 'p1', 'r1'), s('a', 'p2', 'r1'), s('a', 'p1', 'r2'), s('a', 'p1', 'r1')].sort(byGoToOrder);
    assert.deepEqual(sorted.map((x) => `${x.image.Name} ${x.profile} ${x.region}`), ['a p1 r1', 'a p1 r2', 'a p2 r1', 'b p1 r1']);
  });
});
