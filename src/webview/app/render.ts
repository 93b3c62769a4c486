// Renders one image's details into the page. Pure DOM: no acquireVsCodeApi here, actions go
// through `opts.post`. All cloud data is written with textContent (see dom.ts and values.ts).

import { isCopyable, isDeletable, isTransitional } from '../../aws/imageRules';
import { renderTags } from './tagsEditor';
import { renderUpdate } from './updateSection';
import { explainImageError, explainStateChangeReason, type ErrorHelp } from '../imageErrorHelp';
import type { FromWebview, ImageDetailsData, ImageRef } from '../protocol';
import { append, button, h, text, type Child } from './dom';
import { anyValue, boolValue, dateValue, enumFlag, isRecord, longText, missing, str, stringList } from './values';
import { hasHiddenChars, httpsUrl } from '../../aws/untrusted';

export interface RenderOptions {
  post(message: FromWebview): void;
  busy?: boolean;
  busyLabel?: string;
}

/** Every Image field this renderer knows; anything else goes to "Other fields". */
export const KNOWN_IMAGE_FIELDS: readonly string[] = [
  'Name', 'Arn', 'BaseImageArn', 'DisplayName', 'State', 'Visibility', 'ImageBuilderSupported', 'ImageBuilderName',
  'Platform', 'Description', 'StateChangeReason', 'Applications', 'CreatedTime', 'PublicBaseImageReleasedDate',
  'AppstreamAgentVersion', 'ImagePermissions', 'ImageErrors', 'LatestAppstreamAgentVersion', 'SupportedInstanceFamilies',
  'DynamicAppProvidersEnabled', 'ImageSharedWithOthers', 'ManagedSoftwareIncluded', 'ImageType',
];

const KNOWN_APPLICATION_FIELDS: readonly string[] = [
  'Name', 'DisplayName', 'IconURL', 'LaunchPath', 'LaunchParameters', 'Enabled', 'Metadata', 'WorkingDirectory',
  'Description', 'Arn', 'AppBlockArn', 'IconS3Location', 'Platforms', 'InstanceFamilies', 'CreatedTime',
];

const KNOWN_ERROR_FIELDS: readonly string[] = ['ErrorCode', 'ErrorMessage', 'ErrorTimestamp'];

/** States with a color of their own; anything else is shown neutral. */
const STATE_CLASSES: Readonly<Record<string, string>> = {
  AVAILABLE: 'state-available',
  FAILED: 'state-failed',
  PENDING: 'state-pending',
  CREATING: 'state-pending',
  COPYING: 'state-pending',
  IMPORTING: 'state-pending',
  VALIDATING: 'state-pending',
  DELETING: 'state-deleting',
};

/** States AWS moves out of by itself: the badge says "in progress". */

function unknownKeys(obj: Record<string, unknown>, known: readonly string[]): string[] {
  return Object.keys(obj).filter((k) => !known.includes(k));
}

function has(obj: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

function section(id: string, title: string, ...children: Child[]): HTMLElement {
  const heading = h('h2', { attrs: { id: `${id}-heading` } }, title);
  return h('section', { className: `section ${id}`, attrs: { id, 'aria-labelledby': `${id}-heading` } }, heading, ...children);
}

/** A definition list from [label, value] rows. */
function fields(rows: [string, Node][], className = 'fields'): HTMLDListElement {
  const dl = h('dl', { className });
  for (const [label, value] of rows) {
    const dt = h('dt');
    dt.textContent = label;
    dl.append(dt, h('dd', null, value));
  }
  return dl;
}

function withCopy(value: unknown, what: string, opts: RenderOptions): Node {
  const s = str(value);
  if (s === undefined) {
    return anyValue(value);
  }
  const copy = button('Copy', () => {
    opts.post({ type: 'copy', text: s });
    flashCopied(copy);
  }, { className: 'button secondary small', ariaLabel: `Copy the ${what}` });
  return h('span', { className: 'with-copy' }, text(s, 'mono'), copy);
}

function flashCopied(b: HTMLButtonElement): void {
  const label = b.textContent;
  b.textContent = 'Copied ✓';
  setTimeout(() => {
    b.textContent = label;
  }, 1500);
}

function docsLink(url: string | undefined, opts: RenderOptions): Node | undefined {
  const safe = httpsUrl(url);
  if (!safe) {
    return undefined;
  }
  // A button styled as a link: the extension opens it; the webview never navigates.
  return button('AWS documentation ↗', () => opts.post({ type: 'openExternal', url: safe }), { className: 'link-button', title: safe });
}

function helpBlock(help: ErrorHelp, opts: RenderOptions): HTMLElement {
  const title = h('p', { className: 'help-title' });
  title.textContent = help.title;
  const cause = h('p', null, h('strong', null, 'Cause: '), help.cause);
  const fix = h('p', null, h('strong', null, 'Fix: '), help.fix);
  return h('div', { className: 'help' }, title, cause, fix, docsLink(help.docs, opts));
}

function stateBadge(state: unknown): HTMLElement {
  const s = typeof state === 'string' ? state : undefined;
  const known = s !== undefined && has(STATE_CLASSES, s) ? STATE_CLASSES[s] : 'state-other';
  const transitional = isTransitional(s);
  const badge = h('span', {
    className: `badge state ${known}${transitional ? ' transitional' : ''}`,
    attrs: { title: transitional ? 'In progress: AWS changes this state by itself. Refresh to follow it.' : undefined },
  });
  if (transitional) {
    badge.append(h('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }));
  }
  badge.append(text(s ?? 'UNKNOWN STATE'));
  if (transitional) {
    badge.append(h('span', { className: 'sr-only' }, ' (in progress)'));
  }
  return badge;
}

function plainBadge(label: string, value: unknown): HTMLElement | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  const badge = h('span', { className: 'badge', attrs: { title: label } });
  badge.append(h('span', { className: 'sr-only' }, `${label}: `), text(typeof value === 'string' ? value : JSON.stringify(value)));
  return badge;
}

function invisibleWarning(values: unknown[]): HTMLElement | undefined {
  if (!values.some((v) => typeof v === 'string' && hasHiddenChars(v))) {
    return undefined;
  }
  const p = h('p', { className: 'warning-note' });
  p.textContent = '⚠ The name contains invisible or text-direction control characters: it may look like another name.';
  return p;
}

function renderBanners(data: ImageDetailsData): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (data.gone) {
    out.push(h('div', { className: 'banner banner-gone', attrs: { role: 'status' } }, 'This image has been deleted.'));
  }
  if (data.error !== undefined) {
    const banner = h('div', { className: 'banner banner-error', attrs: { role: 'alert' } });
    // The extension words the error ("Refresh failed: …", "Delete failed: …").
    banner.append(h('span', { className: 'banner-icon', attrs: { 'aria-hidden': 'true' } }, '⚠'), longText(String(data.error)));
    if (isRecord(data.image) && Object.keys(data.image).length > 0) {
      banner.append(' ', h('span', { className: 'muted' }, 'The data below is from the last successful load.'));
    }
    out.push(banner);
  }
  return out;
}

function renderImageErrors(image: Record<string, unknown>, opts: RenderOptions): HTMLElement | undefined {
  const errors = image.ImageErrors;
  if (errors === undefined || errors === null || (Array.isArray(errors) && errors.length === 0)) {
    return undefined;
  }
  const count = Array.isArray(errors) ? errors.length : 1;
  const heading = `⚠ Image errors (${count})`;
  const body: Child[] = [];
  if (!Array.isArray(errors)) {
    body.push(anyValue(errors));
  } else {
    const ol = h('ol', { className: 'error-list' });
    for (const err of errors) {
      const li = h('li', { className: 'error-item' });
      if (!isRecord(err)) {
        li.append(anyValue(err));
        ol.append(li);
        continue;
      }
      const code = h('code', { className: 'error-code', attrs: { dir: 'auto' } });
      code.textContent = str(err.ErrorCode) ?? (err.ErrorCode === undefined ? 'No error code' : JSON.stringify(err.ErrorCode));
      const head = h('div', { className: 'error-head' }, code);
      if (err.ErrorTimestamp !== undefined) {
        head.append(h('span', { className: 'error-time' }, dateValue(err.ErrorTimestamp)));
      }
      const message = h('p', { className: 'error-message' }, err.ErrorMessage === undefined ? missing() : anyValue(err.ErrorMessage));
      li.append(head, message, helpBlock(explainImageError(err.ErrorCode), opts));
      const extra = unknownKeys(err, KNOWN_ERROR_FIELDS);
      if (extra.length > 0) {
        li.append(fields(extra.map((k) => [k, anyValue(err[k])]), 'fields compact'));
      }
      ol.append(li);
    }
    body.push(ol);
  }
  const s = section('image-errors', heading, ...body);
  s.classList.add('alert-section');
  s.setAttribute('role', 'alert');
  return s;
}

function renderHeader(data: ImageDetailsData, image: Record<string, unknown>): HTMLElement {
  const name = str(image.Name) ?? data.key.name;
  const display = str(image.DisplayName);
  const h1 = h('h1', { attrs: { dir: 'auto' } });
  h1.textContent = display ?? name;
  const header = h('header', { className: 'header' }, h1);
  if (display !== undefined) {
    header.append(h('p', { className: 'subtitle' }, 'Name: ', text(name, 'mono')));
  }
  append(header, invisibleWarning([image.Name, image.DisplayName]));
  const badges = h('div', { className: 'badges' }, stateBadge(image.State));
  append(badges, plainBadge('Visibility', image.Visibility), plainBadge('Platform', image.Platform), plainBadge('Image type', image.ImageType));
  header.append(badges);
  const context = h('p', { className: 'context muted' });
  context.append('Profile ', text(data.key.profile), ' · Region ', text(data.key.region));
  if (data.accountId !== undefined) {
    context.append(' · Account ', text(String(data.accountId)));
  }
  context.append(' · Loaded ', dateValue(data.fetchedAt));
  header.append(context);
  return header;
}

function renderActions(data: ImageDetailsData, image: Record<string, unknown>, opts: RenderOptions): HTMLElement {
  const bar = h('div', { className: 'actions', attrs: { role: 'group', 'aria-label': 'Actions' } });
  bar.append(button('⟳ Refresh', () => opts.post({ type: 'refresh' }), { action: 'refresh', className: 'button secondary' }));
  // Offered on own images; enabled while the one deletable rule (src/aws/imageRules.ts) allows it.
  if (image.Visibility === 'PRIVATE') {
    // The panel shows the image of its key's ARN.
    const reason = data.gone ? 'This image has been deleted.' : isDeletable({ ...image, Arn: data.key.arn }) ? undefined : 'This image is already being deleted.';
    const del = button('Delete…', () => opts.post({ type: 'delete' }), {
      action: 'delete',
      className: 'button danger',
      title: reason ?? 'Delete this image (asks for confirmation)',
      disabled: reason !== undefined,
    });
    if (reason !== undefined) {
      del.dataset.locked = 'true';
    }
    bar.append(del);
  }
  if (image.Visibility === 'PRIVATE') {
    // Copy to other regions: own AVAILABLE images (the one rule in src/aws/imageRules.ts).
    const copyable = !data.gone && isCopyable({ ...image, Arn: data.key.arn });
    const copy = button('Copy to Regions…', () => opts.post({ type: 'copyToRegions' }), {
      action: 'copyToRegions',
      className: 'button secondary',
      title: copyable ? 'Copy this image to other regions of this account' : 'Only an AVAILABLE image can be copied.',
      disabled: !copyable,
    });
    if (!copyable) {
      copy.dataset.locked = 'true';
    }
    bar.append(copy);
  }
  const arn = str(image.Arn);
  const copyArn = button('Copy ARN', () => {
    if (arn !== undefined) {
      opts.post({ type: 'copy', text: arn });
      flashCopied(copyArn);
    }
  }, { action: 'copyArn', className: 'button secondary', disabled: arn === undefined });
  if (arn === undefined) {
    copyArn.dataset.locked = 'true';
  }
  bar.append(copyArn);
  bar.append(button('Open in AWS Console ↗', () => opts.post({ type: 'openConsole' }), { action: 'openConsole', className: 'button secondary' }));
  append(bar, pinButton(data, opts));
  const status = h('span', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  bar.append(status);
  return bar;
}

/**
 * Pin / Unpin: the label says what a click does (the icons of the tree's commands: pin, pinned).
 * It posts `pin` or `unpin`, not a toggle: a page a step behind cannot do the opposite of what it
 * says. A deleted image can still be unpinned, not pinned. Absent when the view keeps no pins.
 */
function pinButton(data: ImageDetailsData, opts: RenderOptions): HTMLButtonElement | undefined {
  if (data.pinned === undefined) {
    return undefined;
  }
  const pinned = data.pinned === true;
  const locked = !pinned && data.gone === true;
  const b = button(pinned ? 'Unpin' : 'Pin', () => opts.post({ type: pinned ? 'unpin' : 'pin' }), {
    action: 'pin',
    className: 'button secondary pin-button',
    title: locked
      ? 'This image has been deleted.'
      : pinned
        ? 'Unpin: remove this image from the Pinned section of the AppStream view'
        : 'Pin: show this image in the Pinned section at the top of the AppStream view',
    disabled: locked,
  });
  if (locked) {
    b.dataset.locked = 'true';
  }
  b.dataset.pinned = pinned ? 'true' : 'false';
  b.prepend(h('span', { className: `codicon-mask codicon-${pinned ? 'pinned' : 'pin'}`, attrs: { 'aria-hidden': 'true' } }));
  return b;
}

function renderOverview(image: Record<string, unknown>, opts: RenderOptions): HTMLElement {
  const rows: [string, Node][] = [
    ['Name', text(str(image.Name) ?? String(image.Name ?? '—'), 'mono')],
    ['Display name', anyValue(image.DisplayName)],
    ['ARN', withCopy(image.Arn, 'ARN', opts)],
    ['Base image ARN', withCopy(image.BaseImageArn, 'base image ARN', opts)],
    ['State', anyValue(image.State)],
    ['Visibility', anyValue(image.Visibility)],
    ['Platform', anyValue(image.Platform)],
    ['Image type', anyValue(image.ImageType)],
    ['Image builder name', anyValue(image.ImageBuilderName)],
    ['Image builder supported', boolValue(image.ImageBuilderSupported)],
    ['Created', dateValue(image.CreatedTime)],
    ['Base image released', dateValue(image.PublicBaseImageReleasedDate)],
    ['Agent version', anyValue(image.AppstreamAgentVersion)],
    ['Latest agent version', enumFlag(image.LatestAppstreamAgentVersion, { TRUE: 'Yes, uses the latest agent', FALSE: 'No, a newer agent is available' })],
    ['Supported instance families', stringList(image.SupportedInstanceFamilies)],
    ['Dynamic app providers', enumFlag(image.DynamicAppProvidersEnabled, { ENABLED: 'Enabled', DISABLED: 'Disabled' })],
    ['Managed software included', boolValue(image.ManagedSoftwareIncluded)],
    ['Description', anyValue(image.Description)],
  ];
  return section('overview', 'Overview', fields(rows));
}

function renderStateChangeReason(image: Record<string, unknown>, opts: RenderOptions): HTMLElement | undefined {
  const reason = image.StateChangeReason;
  if (reason === undefined || reason === null) {
    return undefined;
  }
  if (!isRecord(reason)) {
    return section('state-reason', 'State change reason', anyValue(reason));
  }
  const rows: [string, Node][] = [
    ['Code', reason.Code === undefined ? missing() : anyValue(reason.Code)],
    ['Message', anyValue(reason.Message)],
  ];
  for (const k of unknownKeys(reason, ['Code', 'Message'])) {
    rows.push([k, anyValue(reason[k])]);
  }
  const s = section('state-reason', 'State change reason', fields(rows));
  if (reason.Code !== undefined) {
    s.append(helpBlock(explainStateChangeReason(reason.Code), opts));
  }
  if (image.State === 'FAILED') {
    s.classList.add('warning-section');
  }
  return s;
}

function renderPermissions(data: ImageDetailsData, image: Record<string, unknown>, opts: RenderOptions): HTMLElement {
  const perms = image.ImagePermissions;
  const rows: [string, Node][] = [];
  if (isRecord(perms)) {
    rows.push(['Allow fleets', boolValue(perms.allowFleet)]);
    rows.push(['Allow image builders', boolValue(perms.allowImageBuilder)]);
    for (const k of unknownKeys(perms, ['allowFleet', 'allowImageBuilder'])) {
      rows.push([k, anyValue(perms[k])]);
    }
  } else {
    rows.push(['Image permissions', anyValue(perms)]);
  }
  rows.push(['Shared with other accounts', enumFlag(image.ImageSharedWithOthers, { TRUE: 'Yes', FALSE: 'No' })]);
  const s = section('permissions', 'Permissions', fields(rows));

  const shared = data.sharedWith;
  const count = Array.isArray(shared) ? shared.length : undefined;
  const sub = h('h3', null, count ? `Accounts this image is shared with (${count === 1 ? '1 account' : `${count} accounts`})` : 'Accounts this image is shared with');
  s.append(sub);
  // Sharing is changed by the owning account, on an image that is still there.
  const canShare = image.Visibility === 'PRIVATE' && data.gone !== true && str(data.key.arn) !== undefined;
  if (canShare) {
    s.append(h('div', { className: 'section-tools' },
      button('Share with Account…', () => opts.post({ type: 'sharing', action: { action: 'add' } }), { action: 'shareAdd', className: 'button secondary small' }),
      button('Manage Sharing…', () => opts.post({ type: 'sharing' }), { action: 'manageSharing', className: 'button secondary small' })));
  }
  if (shared === undefined) {
    const p = h('p', { className: 'muted' });
    p.textContent = image.Visibility === 'PRIVATE' ? 'Not looked up.' : 'Only the owning account can see who an image is shared with.';
    s.append(p);
  } else if (!Array.isArray(shared) || shared.length === 0) {
    s.append(h('p', { className: 'muted' }, 'Not shared with any account.'));
  } else {
    const table = h('table', { className: 'grid' });
    table.append(h('thead', null, h('tr', null, th('Account'), th('Fleets'), th('Image builders'), ...(canShare ? [th('Actions')] : []))));
    const tbody = h('tbody');
    for (const entry of shared) {
      const e: Record<string, unknown> = isRecord(entry) ? entry : {};
      const p: Record<string, unknown> = isRecord(e.imagePermissions) ? e.imagePermissions : {};
      const row = h('tr', null, td(anyValue(e.sharedAccountId)), td(boolValue(p.allowFleet)), td(boolValue(p.allowImageBuilder)));
      const account = str(e.sharedAccountId);
      if (canShare && account !== undefined) {
        row.append(td(
          button('Change…', () => opts.post({ type: 'sharing', action: { action: 'change', accountId: account } }), { action: `shareChange-${account}`, className: 'button secondary small', ariaLabel: `Change what account ${account} may do` }),
          ' ',
          button('Stop Sharing…', () => opts.post({ type: 'sharing', action: { action: 'remove', accountIds: [account] } }), { action: `shareRemove-${account}`, className: 'button secondary small', ariaLabel: `Stop sharing with account ${account}` }),
        ));
      }
      tbody.append(row);
    }
    table.append(tbody);
    s.append(h('div', { className: 'table-scroll' }, table));
  }
  return s;
}

function th(label: string): HTMLTableCellElement {
  return h('th', { attrs: { scope: 'col' } }, label);
}

function td(...children: Child[]): HTMLTableCellElement {
  return h('td', null, ...children);
}

/** A cell for long values (ARNs, paths, key/value lists). */
function wide(...children: Child[]): HTMLTableCellElement {
  return h('td', { className: 'wide' }, ...children);
}

function appIcon(app: Record<string, unknown>, allowed: boolean): HTMLElement {
  const url = allowed ? httpsUrl(app.IconURL) : undefined;
  const placeholder = (): HTMLElement => {
    const name = str(app.DisplayName) ?? str(app.Name) ?? '';
    const first = Array.from(name)[0] ?? '';
    const ph = h('span', {
      className: 'icon-placeholder',
      attrs: {
        role: 'img',
        'aria-label': 'No icon',
        title: app.IconURL === undefined ? 'No icon URL' : !allowed ? 'Icon not loaded: it is hosted by another account' : url === undefined ? 'Icon not shown: only https: icon URLs are loaded' : 'The icon could not be loaded',
      },
    });
    ph.textContent = /^[\p{L}\p{N}]$/u.test(first) ? first.toUpperCase() : '?';
    return ph;
  };
  if (url === undefined) {
    return placeholder();
  }
  const img = document.createElement('img');
  img.className = 'app-icon';
  img.referrerPolicy = 'no-referrer';
  img.alt = '';
  img.width = 32;
  img.height = 32;
  img.decoding = 'async';
  img.addEventListener('error', () => img.replaceWith(placeholder()), { once: true });
  img.src = url;
  return img;
}

function metadataList(value: unknown): Node {
  if (!isRecord(value)) {
    return anyValue(value);
  }
  const keys = Object.keys(value);
  if (keys.length === 0) {
    return h('span', { className: 'muted' }, 'None');
  }
  return fields(keys.map((k) => [k, anyValue(value[k])]), 'fields compact');
}

function s3Location(value: unknown): Node {
  if (!isRecord(value)) {
    return anyValue(value);
  }
  const rows: [string, Node][] = [['Bucket', anyValue(value.S3Bucket)], ['Key', anyValue(value.S3Key)]];
  for (const k of unknownKeys(value, ['S3Bucket', 'S3Key'])) {
    rows.push([k, anyValue(value[k])]);
  }
  return fields(rows, 'fields compact');
}

function launch(app: Record<string, unknown>): Node {
  const cell = h('div', { className: 'launch' });
  cell.append(app.LaunchPath === undefined ? missing() : anyValue(app.LaunchPath));
  if (app.LaunchParameters !== undefined && app.LaunchParameters !== '') {
    cell.append(h('div', { className: 'launch-params' }, h('span', { className: 'muted' }, 'Parameters: '), anyValue(app.LaunchParameters)));
  }
  return cell;
}

function renderApplications(image: Record<string, unknown>, data: ImageDetailsData, opts: RenderOptions): HTMLElement {
  // Another account's icon URLs are not fetched until the user asks: a fetch tells that account the user's IP address.
  const iconsAllowed = image.Visibility === 'PRIVATE' || data.iconsAllowed === true;
  const apps = image.Applications;
  if (apps === undefined || apps === null || (Array.isArray(apps) && apps.length === 0)) {
    return section('applications', 'Applications (0)', h('p', { className: 'muted' }, 'No applications.'));
  }
  if (!Array.isArray(apps)) {
    return section('applications', 'Applications', anyValue(apps));
  }
  const records = apps.map((a): Record<string, unknown> => (isRecord(a) ? a : { Name: undefined, Value: a }));
  const withExtra = records.some((a) => unknownKeys(a, KNOWN_APPLICATION_FIELDS).length > 0);
  const columns = ['Icon', 'Name', 'Display name', 'Launch path and parameters', 'Working directory', 'Platforms', 'Instance families', 'Enabled',
    'Metadata', 'App block ARN', 'Icon S3 location', 'Created', 'Description', 'ARN'];
  if (withExtra) {
    columns.push('Other fields');
  }
  const table = h('table', { className: 'grid apps' });
  table.append(h('thead', null, h('tr', null, ...columns.map(th))));
  const tbody = h('tbody');
  for (const app of records) {
    const nameCell = h('th', { attrs: { scope: 'row' } }, app.Name === undefined ? missing() : anyValue(app.Name));
    const row = h('tr', null,
      td(appIcon(app, iconsAllowed)),
      nameCell,
      td(anyValue(app.DisplayName)),
      wide(launch(app)),
      td(anyValue(app.WorkingDirectory)),
      td(stringList(app.Platforms)),
      td(stringList(app.InstanceFamilies)),
      td(boolValue(app.Enabled)),
      wide(metadataList(app.Metadata)),
      wide(anyValue(app.AppBlockArn)),
      wide(s3Location(app.IconS3Location)),
      td(dateValue(app.CreatedTime)),
      wide(anyValue(app.Description)),
      wide(anyValue(app.Arn)),
    );
    if (withExtra) {
      const extra = unknownKeys(app, KNOWN_APPLICATION_FIELDS);
      row.append(td(extra.length > 0 ? fields(extra.map((k) => [k, anyValue(app[k])]), 'fields compact') : missing()));
    }
    tbody.append(row);
  }
  table.append(tbody);
  const scroll = h('div', { className: 'table-scroll', attrs: { tabindex: '0', role: 'region', 'aria-label': 'Applications table, scrolls horizontally' } }, table);
  const remoteIcons = !iconsAllowed && records.some((a) => httpsUrl(a.IconURL) !== undefined);
  if (remoteIcons) {
    const load = h('button', { className: 'secondary', attrs: { type: 'button' } }, 'Load icons');
    load.addEventListener('click', () => opts.post({ type: 'loadIcon' }));
    const note = h('p', { className: 'muted icons-note' }, 'Icons of this image are hosted by another account; loading them tells it your IP address. ', load);
    return section('applications', `Applications (${apps.length})`, note, scroll);
  }
  return section('applications', `Applications (${apps.length})`, scroll);
}

function renderOtherFields(image: Record<string, unknown>): HTMLElement | undefined {
  const extra = unknownKeys(image, KNOWN_IMAGE_FIELDS);
  if (extra.length === 0) {
    return undefined;
  }
  const note = h('p', { className: 'muted' }, 'Fields AWS returned that this version of the extension does not know yet.');
  return section('other-fields', 'Other fields', note, fields(extra.map((k) => [k, anyValue(image[k])])));
}

function renderRaw(image: Record<string, unknown>, opts: RenderOptions): HTMLElement {
  const json = JSON.stringify(image, null, 2) ?? '';
  const copy = button('Copy JSON', () => {
    opts.post({ type: 'copy', text: json });
    flashCopied(copy);
  }, { action: 'copyJson', className: 'button secondary small' });
  const pre = h('pre', { className: 'json raw', attrs: { dir: 'ltr' } });
  pre.textContent = json;
  const summary = h('summary', null, `Show the Image as returned by AWS (${json.length.toLocaleString()} characters)`);
  const details = h('details', null, summary, pre);
  return section('raw-json', 'Raw JSON', h('div', { className: 'section-tools' }, copy), details);
}

/** Replaces root's content with the details of data.image. */
export function render(root: HTMLElement, data: ImageDetailsData, opts: RenderOptions): void {
  const image: Record<string, unknown> = isRecord(data.image) ? data.image : {};
  // Name and state first (the header), then the ImageErrors box right under it.
  const parts: Child[] = [
    renderHeader(data, image),
    renderImageErrors(image, opts),
    ...renderBanners(data),
    renderActions(data, image, opts),
    renderUpdate(data, opts.post),
    renderOverview(image, opts),
    renderStateChangeReason(image, opts),
    renderPermissions(data, image, opts),
    renderTags(data, image, opts.post),
    renderApplications(image, data, opts),
    renderOtherFields(image),
    renderRaw(image, opts),
  ];
  root.replaceChildren();
  append(root, ...parts);
  setBusy(root, opts.busy ?? false, opts.busyLabel);
}

/** Shown when loading failed and there is no data yet. */
export function renderLoadError(root: HTMLElement, key: ImageRef, error: string, opts: RenderOptions): void {
  const h1 = h('h1', { attrs: { dir: 'auto' } });
  h1.textContent = key.name;
  const context = h('p', { className: 'context muted' }, 'Profile ', text(key.profile), ' · Region ', text(key.region));
  const banner = h('div', { className: 'banner banner-error', attrs: { role: 'alert' } }, h('strong', null, 'Could not load the image: '), longText(error));
  const bar = h('div', { className: 'actions', attrs: { role: 'group', 'aria-label': 'Actions' } },
    button('⟳ Retry', () => opts.post({ type: 'refresh' }), { action: 'refresh', className: 'button' }),
    h('span', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } }));
  root.replaceChildren(h('header', { className: 'header' }, h1, context), banner, bar);
  setBusy(root, opts.busy ?? false, opts.busyLabel);
}

/** Disables the actions while the extension works, without re-rendering (keeps focus and scroll). */
export function setBusy(root: HTMLElement, busy: boolean, label?: string): void {
  root.setAttribute('aria-busy', busy ? 'true' : 'false');
  for (const b of Array.from(root.querySelectorAll<HTMLButtonElement>('button[data-action]'))) {
    b.disabled = busy || b.dataset.locked === 'true';
  }
  const status = root.querySelector('.status');
  if (status) {
    status.textContent = busy ? (label ?? 'Working…') : '';
  }
}
