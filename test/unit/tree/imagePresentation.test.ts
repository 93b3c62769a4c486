// Pure tree helpers (no VS Code): how an image, its state and its region look in the explorer.
import * as assert from 'node:assert/strict';
import type { Image, ImageState } from '@aws-sdk/client-appstream';
import {
  ageText,
  cleanLabel,
  imageContextValue,
  imageDescription,
  matchesFilter,
  platformLabel,
  sharingText,
  stateIcon,
} from '../../../src/tree/imagePresentation';
import { TRANSITIONAL_STATES, isDeletable, isTransitional } from '../../../src/aws/imageRules';

const ALL_STATES = ['PENDING', 'AVAILABLE', 'FAILED', 'COPYING', 'DELETING', 'CREATING', 'IMPORTING', 'VALIDATING'] as ImageState[];
const ARN = 'arn:aws:appstream:us-east-1:111111111111:image/my-image';

function image(extra: Partial<Image> = {}): Image {
  return { Name: 'my-image', Arn: ARN, State: 'AVAILABLE', Visibility: 'PRIVATE', Platform: 'WINDOWS_SERVER_2019', ...extra } as Image;
}

describe('image presentation helpers', () => {
  describe('imageContextValue / isDeletable', () => {
    it('builds "image;" + facets sorted', () => {
      assert.equal(imageContextValue(image()), 'image;available;copyable;deletable;exportable;hasArn;launchable;private;updatable');
      assert.equal(imageContextValue(image({ Visibility: 'SHARED', ImagePermissions: { allowImageBuilder: true } })), 'image;available;hasArn;launchable;shared');
      assert.equal(imageContextValue(image({ Visibility: 'PUBLIC' })), 'image;available;hasArn;launchable;public');
      // Pin / Unpin: only in a tree with pins, and only images with an ARN can be pinned.
      assert.equal(imageContextValue(image({ Visibility: 'PUBLIC' }), undefined, false), 'image;available;hasArn;launchable;public;unpinned');
      assert.equal(imageContextValue(image({ Visibility: 'PUBLIC' }), undefined, true), 'image;available;hasArn;launchable;pinned;public');
      assert.equal(imageContextValue(image({ Visibility: 'PUBLIC', Arn: undefined }), undefined, false), 'image;available;public');
      assert.equal(imageContextValue(image({ Visibility: 'SHARED' })), 'image;available;hasArn;shared');
      assert.equal(imageContextValue(image({ Visibility: 'PUBLIC', Arn: undefined })), 'image;available;public');
      assert.equal(imageContextValue(image({ State: 'DELETING' })), 'image;deleting;hasArn;private;transitional');
      assert.equal(imageContextValue(image({ State: 'PENDING' })), 'image;deletable;hasArn;pending;private;transitional');
      assert.equal(imageContextValue({} as Image), 'image;unknown;unknown');
    });

    it('facets after "image" are always in sorted order, for every state and visibility', () => {
      for (const State of ALL_STATES) {
        for (const Visibility of ['PRIVATE', 'SHARED', 'PUBLIC'] as const) {
          const facets = imageContextValue(image({ State, Visibility })).split(';');
          assert.equal(facets[0], 'image');
          assert.deepEqual(facets.slice(1), [...facets.slice(1)].sort(), facets.join(';'));
        }
      }
    });

    it('is deletable only for PRIVATE images not already DELETING (matching the package.json menu regex)', () => {
      for (const State of ALL_STATES) {
        for (const Visibility of ['PRIVATE', 'SHARED', 'PUBLIC'] as const) {
          const img = image({ State, Visibility });
          const expected = Visibility === 'PRIVATE' && State !== 'DELETING';
          assert.equal(isDeletable(img), expected, `${Visibility} ${State}`);
          assert.equal(/^image.*;deletable/.test(imageContextValue(img)), expected, `${Visibility} ${State} contextValue`);
        }
      }
    });

    it('is copyable only for AVAILABLE PRIVATE images with an ARN (matching the package.json menu regex)', () => {
      for (const State of ALL_STATES) {
        for (const Visibility of ['PRIVATE', 'SHARED', 'PUBLIC'] as const) {
          const expected = Visibility === 'PRIVATE' && State === 'AVAILABLE';
          assert.equal(/^image.*;copyable/.test(imageContextValue(image({ State, Visibility }))), expected, `${Visibility} ${State} contextValue`);
        }
      }
      assert.equal(/;copyable/.test(imageContextValue(image({ Arn: undefined }))), false, 'without an ARN');
    });

    it('an image with no Visibility is not deletable', () => {
      assert.equal(isDeletable({ Name: 'x', State: 'AVAILABLE' } as Image), false);
    });
  });

  describe('stateIcon', () => {
    it('spins for every transitional state of the AWS layer', () => {
      assert.ok(TRANSITIONAL_STATES.size >= 6);
      for (const state of TRANSITIONAL_STATES) {
        assert.equal(stateIcon(state).id, 'loading~spin', state);
      }
    });

    it('agrees with the AWS layer on which states are transitional', () => {
      for (const state of [...ALL_STATES, 'SOMETHING_NEW', undefined]) {
        assert.equal(stateIcon(state).id === 'loading~spin', isTransitional(state), String(state));
      }
    });

    it('shows pass / error / a neutral circle for settled and unknown states', () => {
      assert.deepEqual(stateIcon('AVAILABLE'), { id: 'pass', color: 'testing.iconPassed' });
      assert.deepEqual(stateIcon('FAILED'), { id: 'error', color: 'errorForeground' });
      assert.equal(stateIcon('DELETING').color, 'errorForeground');
      assert.deepEqual(stateIcon(undefined), { id: 'circle-outline' });
      assert.deepEqual(stateIcon('SOMETHING_NEW'), { id: 'circle-outline' });
    });
  });

  describe('ageText', () => {
    const now = new Date('2025-06-10T12:00:00Z');
    const ago = (seconds: number): Date => new Date(now.getTime() - seconds * 1000);

    it('rounds down to the largest unit, singular for 1', () => {
      const cases: [number, string][] = [
        [0, 'just now'],
        [59, 'just now'],
        [60, '1 minute'],
        [119, '1 minute'],
        [45 * 60, '45 minutes'],
        [3600, '1 hour'],
        [23 * 3600 + 3599, '23 hours'],
        [86400, '1 day'],
        [6 * 86400, '6 days'],
        [7 * 86400, '1 week'],
        [29 * 86400, '4 weeks'],
        [30 * 86400, '1 month'],
        [364 * 86400, '12 months'],
        [365 * 86400, '1 year'],
        [3 * 365 * 86400, '3 years'],
      ];
      for (const [seconds, text] of cases) {
        assert.equal(ageText(ago(seconds), now), text, `${seconds}s`);
      }
    });

    it('says "just now" for a time in the future (clock skew) and nothing for no or an invalid date', () => {
      assert.equal(ageText(new Date(now.getTime() + 3600_000), now), 'just now');
      assert.equal(ageText(undefined, now), '');
      assert.equal(ageText(new Date('not a date'), now), '');
    });

    it('feeds imageDescription: display name, state, platform, age', () => {
      const img = image({ DisplayName: 'My image', CreatedTime: ago(2 * 86400) });
      assert.equal(imageDescription(img, now), 'My image · AVAILABLE · Windows Server 2019 · 2 days');
      assert.equal(imageDescription(image({ DisplayName: 'my-image', Platform: undefined }), now), 'AVAILABLE · unknown platform');
      assert.equal(platformLabel('SOME_NEW_OS'), 'SOME_NEW_OS');
    });
  });

  describe('sharingText', () => {
    it('"shared" from ImageSharedWithOthers, "shared with N accounts" once the list was read; nothing for images not own or not shared', () => {
      assert.equal(sharingText(image({ ImageSharedWithOthers: 'TRUE' })), 'shared');
      assert.equal(sharingText(image({ ImageSharedWithOthers: 'TRUE' }), 1), 'shared with 1 account');
      assert.equal(sharingText(image({ ImageSharedWithOthers: 'TRUE' }), 3), 'shared with 3 accounts');
      assert.equal(sharingText(image({ ImageSharedWithOthers: 'FALSE' }), 3), '', 'the Image is newer than the count');
      assert.equal(sharingText(image({ ImageSharedWithOthers: 'FALSE' })), '');
      assert.equal(sharingText(image({}), 2), 'shared with 2 accounts', 'an Image without the field: the list tells');
      assert.equal(sharingText(image({ Visibility: 'SHARED', ImageSharedWithOthers: 'TRUE' })), '');
    });
  });

  describe('cleanLabel', () => {
    it('strips bidi overrides, isolates, marks and zero-width characters', () => {
      assert.equal(cleanLabel('invoice\u202Egnp.exe\u202C'), 'invoicegnp.exe');
      assert.equal(cleanLabel('zero\u200Bwidth\u200C\u200Djoiner\uFEFF'), 'zerowidthjoiner');
      assert.equal(cleanLabel('\u2066iso\u2069\u200E\u200F'), 'iso');
    });

    it('leaves no Bidi_Control, control or zero-width character, whatever the input', () => {
      let all = 'x';
      for (let cp = 0; cp <= 0xffff; cp++) {
        const ch = String.fromCharCode(cp);
        if (/[\p{Bidi_Control}\p{Cc}\u200B-\u200D\uFEFF]/u.test(ch)) {
          all += ch;
        }
      }
      const cleaned = cleanLabel(all, 10_000);
      assert.equal(cleaned, 'x', `left: ${[...cleaned].map((c) => c.codePointAt(0)!.toString(16)).join(' ')}`);
    });

    it('keeps ordinary text, other scripts and emoji', () => {
      assert.equal(cleanLabel('صورة 🚀 日本語 e\u0301'), 'صورة 🚀 日本語 e\u0301');
    });

    it('truncates to max characters with an ellipsis', () => {
      assert.equal(cleanLabel('abcdef', 6), 'abcdef');
      const cut = cleanLabel('abcdefg', 6);
      assert.equal(cut, 'abcde…');
      assert.equal(cleanLabel('x'.repeat(500)).length, 200);
      // Cleaning happens before measuring: hidden characters do not count.
      assert.equal(cleanLabel('\u200B'.repeat(10) + 'abc', 3), 'abc');
    });

    it('never cuts an emoji in half when truncating', () => {
      const cut = cleanLabel(`a${'🚀'.repeat(10)}`, 3);
      assert.doesNotMatch(cut, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/, 'lone surrogate');
      assert.ok(cut.endsWith('…'));
    });
  });

  describe('matchesFilter', () => {
    const img = image({ Name: 'Golden-Win2022', DisplayName: 'Golden image', State: 'FAILED', Platform: 'WINDOWS_SERVER_2022' });

    it('matches name, display name, state, platform code and platform label, case-insensitively', () => {
      for (const needle of ['golden-win', 'GOLDEN IMAGE', 'failed', 'windows_server_2022', 'server 2022', '  Golden  ']) {
        assert.equal(matchesFilter(img, needle), true, needle);
      }
    });

    it('does not match other text, and matches everything for an empty filter', () => {
      assert.equal(matchesFilter(img, 'linux'), false);
      assert.equal(matchesFilter(img, 'available'), false);
      assert.equal(matchesFilter(img, ''), true);
      assert.equal(matchesFilter(img, '   '), true);
      assert.equal(matchesFilter({ Name: 'bare' } as Image, 'unknown'), true, 'platform label of no platform');
    });
  });
});
