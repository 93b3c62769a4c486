// The cleanup report's words in the user's language (vscode.l10n.t, bundles in l10n/): the page's
// strings table, sent with each report, and the "why" of each row. The page has no words of its
// own. A placeholder the page fills in is passed through as itself ('{0}'), so it survives
// vscode.l10n.t's own formatting.
import * as vscode from 'vscode';
import type { CandidateReason, KeptReason } from '../aws/cleanupRules';
import type { CleanupStrings } from './cleanupProtocol';

const P0 = '{0}';
const P1 = '{1}';
const P2 = '{2}';
const P3 = '{3}';

export function cleanupStrings(): CleanupStrings {
  return {
    title: vscode.l10n.t('Unused images'),
    loading: vscode.l10n.t('Loading the report…'),
    scannedAt: vscode.l10n.t('Scanned {0}', P0),
    summary: vscode.l10n.t('Candidates: {0} of {1} own images (regions scanned: {2}). Kept: {3}.', P0, P1, P2, P3),
    rules: vscode.l10n.t(
      'Rules: older than {0} days, not among the newest {1} of its family, not used, not shared, not tagged "{2}"; FAILED images older than a day.',
      P0,
      P1,
      P2,
    ),
    restored: vscode.l10n.t(
      'Restored after a window reload: this is the scan of {0}, and images may have changed since. Scan Again for a current report. Delete selected… still checks each image just before it deletes it.',
      P0,
    ),
    unrestorable: vscode.l10n.t('The report could not be restored after the window reload'),
    exportCsv: vscode.l10n.t('Export CSV…'),
    exportJson: vscode.l10n.t('Export JSON…'),
    deleteSelected: vscode.l10n.t('Delete selected ({0})…', P0),
    scanAgain: vscode.l10n.t('Scan Again'),
    showKept: vscode.l10n.t('Show kept images ({0}) with the reason', P0),
    working: vscode.l10n.t('Working…'),
    notScanned: vscode.l10n.t('Not scanned:'),
    scannedOnce: vscode.l10n.t('Scanned once per account: these profiles sign in to an account already scanned in that region, through the profile named:'),
    perAccountRegion: vscode.l10n.t('Per account and region'),
    candidates: vscode.l10n.t('Candidates'),
    candidatesAndKept: vscode.l10n.t('Candidates and kept images'),
    colAccount: vscode.l10n.t('Account'),
    colRegion: vscode.l10n.t('Region'),
    colImage: vscode.l10n.t('Image'),
    colFamily: vscode.l10n.t('Family'),
    colAge: vscode.l10n.t('Age (days)'),
    colState: vscode.l10n.t('State'),
    colWhy: vscode.l10n.t('Why'),
    colOwnImages: vscode.l10n.t('Own images'),
    colCandidates: vscode.l10n.t('Candidates'),
    colQuota: vscode.l10n.t('Images quota'),
    colFreeNow: vscode.l10n.t('Free now'),
    colFreeAfter: vscode.l10n.t('Free after deleting'),
    selectAll: vscode.l10n.t('Select all candidates shown'),
    selectRow: vscode.l10n.t('Select {0}', P0),
    noImages: vscode.l10n.t('No images to show.'),
    noCandidates: vscode.l10n.t('No candidates: every image is kept. Show kept images to see why.'),
    noRegions: vscode.l10n.t('No own images in the scanned regions.'),
    none: vscode.l10n.t('—'),
    sortedAscending: vscode.l10n.t('sorted ascending'),
    sortedDescending: vscode.l10n.t('sorted descending'),
  };
}

/** One line of why an image is a candidate or was kept, in the user's language (the export keeps the English of describeReason). */
export function reasonText(reason: KeptReason | CandidateReason, family: string): string {
  switch (reason.code) {
    case 'failed':
      return vscode.l10n.t('FAILED for {0} days (FAILED images older than a day are always candidates)', reason.ageDays);
    case 'old':
      return vscode.l10n.t('{0} days old (≥ {1}), not used, not shared, number {2} of family "{3}" (the newest {4} are kept)', reason.ageDays, reason.minAgeDays, reason.rank, family, reason.keepNewest);
    case 'state':
      return vscode.l10n.t('state {0}: only AVAILABLE and FAILED images are candidates', reason.state);
    case 'noCreatedTime':
      return vscode.l10n.t('no creation time: its age is unknown');
    case 'notOwn':
      return vscode.l10n.t('not an own image');
    case 'usedByFleet':
      return vscode.l10n.t('used by fleet {0}', reason.names.join(', '));
    case 'usedByBuilder':
      return vscode.l10n.t('used by image builder {0}', reason.names.join(', '));
    case 'young':
      return vscode.l10n.t('{0} days old (younger than {1})', reason.ageDays, reason.minAgeDays);
    case 'failedRecently':
      return vscode.l10n.t('FAILED less than a day ago');
    case 'newestOfFamily':
      return vscode.l10n.t('newest {0} of family "{1}" (number {2})', reason.keepNewest, family, reason.rank);
    case 'shared':
      return reason.accounts === 1 ? vscode.l10n.t('shared with 1 account') : vscode.l10n.t('shared with {0} accounts', reason.accounts);
    case 'keepTag':
      return reason.value ? vscode.l10n.t('tagged {0}={1}', reason.tag, reason.value) : vscode.l10n.t('tagged {0}', reason.tag);
    case 'notChecked':
      return vscode.l10n.t('not checked: {0}', reason.error);
  }
}
