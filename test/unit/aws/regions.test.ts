// AppStream's regions and their names (src/aws/regions.ts).
import * as assert from 'node:assert/strict';
import { APPSTREAM_REGIONS, isRegionName, regionLabel } from '../../../src/aws/regions';

describe('aws/regions', () => {
  it('names the AppStream regions', () => {
    assert.equal(regionLabel('us-east-1'), 'US East (N. Virginia)');
    assert.equal(regionLabel('eu-west-1'), 'Europe (Ireland)');
    for (const r of Object.keys(APPSTREAM_REGIONS)) {
      assert.ok(isRegionName(r), r);
    }
  });

  it('tells a real region without AppStream from a typo', () => {
    assert.equal(regionLabel('me-south-1'), 'AppStream may not be offered here');
    assert.equal(regionLabel('us-east1'), 'not a region name');
    assert.equal(isRegionName('us-gov-west-1'), true);
    assert.equal(isRegionName('US-EAST-1'), false);
    assert.equal(isRegionName('us-east-1 '), false);
  });
});
