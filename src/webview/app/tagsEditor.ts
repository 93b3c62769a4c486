// The Tags section of the details panel: the image's tags, and for an own image an editor (add,
// change, remove) that checks AWS's rules as the user types. Keys and values are untrusted cloud
// data: they go into input values and textContent only. Nothing is sent until Save.

import { MAX_TAGS, isSystemTagKey, tagChanges, validateTagKey, validateTagValue, validateTags } from '../../aws/tagRules';
import type { FromWebview, ImageDetailsData } from '../protocol';
import { button, h, text } from './dom';
import { isRecord } from './values';

type Tags = Record<string, string>;

interface Row {
  key: string;
  value: string;
  /** An `aws:` tag AWS put there: shown, not editable. */
  system: boolean;
}

/** The user's unsaved edits, kept across re-renders (a poll, a busy flag) while the tags they started from stay the same. */
let draft: { arn: string; base: string; rows: Row[] } | undefined;

function tagsOf(data: ImageDetailsData): Tags | undefined {
  if (!isRecord(data.tags)) {
    return undefined;
  }
  const out: Tags = {};
  for (const [k, v] of Object.entries(data.tags)) {
    out[k] = typeof v === 'string' ? v : String(v);
  }
  return out;
}

function rowsFrom(tags: Tags): Row[] {
  return Object.keys(tags)
    .sort((a, b) => a.localeCompare(b))
    .map((key) => ({ key, value: tags[key], system: isSystemTagKey(key) }));
}

function rowsToTags(rows: Row[]): Tags {
  const out: Tags = {};
  for (const r of rows) {
    out[r.key] = r.value;
  }
  return out;
}

/** Why each row cannot be saved as it is ('' = fine), and the problems of the whole set. */
function problems(rows: Row[], before: Tags): { perRow: string[]; overall: string[] } {
  const seen = new Map<string, number>();
  const perRow = rows.map((r, i) => {
    if (r.system) {
      return '';
    }
    const keyProblem = validateTagKey(r.key);
    if (keyProblem) {
      return keyProblem;
    }
    const lower = r.key.toLowerCase();
    const dup = seen.get(lower);
    seen.set(lower, i);
    if (dup !== undefined) {
      return 'This key is already used above (keys are unique, whatever their case).';
    }
    return validateTagValue(r.value) ?? '';
  });
  const overall = perRow.some(Boolean) ? [] : validateTags(rowsToTags(rows), before);
  return { perRow, overall };
}

export function renderTags(data: ImageDetailsData, image: Record<string, unknown>, post: (message: FromWebview) => void): HTMLElement {
  const heading = h('h2', { attrs: { id: 'tags-heading' } });
  const s = h('section', { className: 'section tags', attrs: { id: 'tags', 'aria-labelledby': 'tags-heading' } }, heading);
  const tags = tagsOf(data);
  heading.textContent = tags ? `Tags (${Object.keys(tags).length})` : 'Tags';
  if (typeof data.tagsError === 'string') {
    s.append(h('div', { className: 'banner banner-error', attrs: { role: 'alert' } }, h('span', { className: 'banner-icon', attrs: { 'aria-hidden': 'true' } }, '⚠'), text(data.tagsError)));
  }
  if (!tags) {
    const p = h('p', { className: 'muted' });
    p.textContent = image.Visibility === 'PRIVATE' ? 'Tags not read.' : 'Only the owning account can read an image\'s tags.';
    s.append(p);
    return s;
  }
  const arn = data.key.arn;
  const base = JSON.stringify(tags);
  if (!draft || draft.arn !== arn || draft.base !== base) {
    draft = { arn, base, rows: rowsFrom(tags) };
  }
  const current = draft;
  const editable = data.tagsEditable === true && !data.gone;
  if (!editable) {
    if (current.rows.length === 0) {
      s.append(h('p', { className: 'muted' }, 'No tags.'));
    } else {
      const table = h('table', { className: 'grid tags-table' }, h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, 'Key'), h('th', { attrs: { scope: 'col' } }, 'Value'))));
      const tbody = h('tbody');
      for (const r of current.rows) {
        tbody.append(h('tr', null, h('td', null, text(r.key, 'mono')), h('td', null, text(r.value, 'mono'))));
      }
      table.append(tbody);
      s.append(h('div', { className: 'table-scroll' }, table));
    }
    return s;
  }

  const body = h('div', { className: 'tags-editor' });
  s.append(body);
  // Structure (rows added or removed) is drawn anew; typing only updates the checks in place, so
  // the caret stays where it is.
  const draw = (focus?: string): void => {
    const rowParts: { tr: HTMLTableRowElement; inputs: HTMLInputElement[]; error: HTMLElement }[] = [];
    const table = h('table', { className: 'grid tags-table' });
    table.append(h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, 'Key'), h('th', { attrs: { scope: 'col' } }, 'Value'), h('th', { attrs: { scope: 'col' } }, h('span', { className: 'sr-only' }, 'Remove')))));
    const tbody = h('tbody');
    current.rows.forEach((row, i) => {
      const error = h('div', { className: 'field-error', attrs: { id: `tag-error-${i}`, role: 'alert' } });
      const input = (field: 'key' | 'value'): HTMLInputElement => {
        const el = h('input', {
          className: 'tag-input mono',
          attrs: { type: 'text', 'aria-label': `Tag ${field} ${i + 1}`, maxlength: field === 'key' ? '128' : '256', spellcheck: 'false' },
          dataset: { focusId: `tag-${field}-${i}`, tagField: field, tagRow: String(i) },
        });
        el.value = row[field];
        el.readOnly = row.system;
        el.addEventListener('input', () => {
          row[field] = el.value;
          update();
        });
        return el;
      };
      const remove = button('Remove', () => {
        current.rows.splice(i, 1);
        draw('tag-add');
      }, { className: 'button secondary small', ariaLabel: `Remove tag ${row.key}`, title: row.system ? 'Tags starting with "aws:" are AWS\'s and cannot be removed.' : undefined });
      remove.disabled = row.system;
      remove.dataset.focusId = `tag-remove-${i}`;
      const inputs = [input('key'), input('value')];
      const tr = h('tr', null, h('td', null, inputs[0], error), h('td', null, inputs[1]), h('td', null, remove));
      rowParts.push({ tr, inputs, error });
      tbody.append(tr);
    });
    table.append(tbody);
    const counted = current.rows.filter((r) => !r.system).length;
    const add = button('+ Add tag', () => {
      current.rows.push({ key: '', value: '', system: false });
      draw(`tag-key-${current.rows.length - 1}`);
    }, { className: 'button secondary', title: counted >= MAX_TAGS ? `An image can have at most ${MAX_TAGS} tags.` : undefined });
    add.dataset.focusId = 'tag-add';
    add.disabled = counted >= MAX_TAGS;
    let valid = false;
    let changed = false;
    const save = button('Save tags', () => {
      if (valid && changed) {
        post({ type: 'saveTags', before: { ...tags }, after: rowsToTags(current.rows) });
      }
    }, { action: 'saveTags', className: 'button' });
    const discard = button('Discard changes', () => {
      current.rows = rowsFrom(tags);
      draw('tag-add');
    }, { className: 'button secondary' });
    discard.dataset.focusId = 'tag-discard';
    const notes = h('div', { className: 'tags-notes' });
    const summary = h('p', { className: 'muted tags-summary', attrs: { 'aria-live': 'polite' } });
    const update = (): void => {
      const { perRow, overall } = problems(current.rows, tags);
      const changes = tagChanges(tags, rowsToTags(current.rows));
      changed = Object.keys(changes.set).length + changes.remove.length > 0;
      valid = !perRow.some(Boolean) && overall.length === 0;
      rowParts.forEach((part, i) => {
        const problem = perRow[i];
        part.error.textContent = problem;
        part.error.hidden = !problem;
        part.tr.classList.toggle('invalid', Boolean(problem));
        for (const el of part.inputs) {
          el.setAttribute('aria-invalid', problem ? 'true' : 'false');
          if (problem) {
            el.setAttribute('aria-describedby', part.error.id);
          } else {
            el.removeAttribute('aria-describedby');
          }
        }
      });
      notes.replaceChildren(...overall.map((o) => h('p', { className: 'field-error', attrs: { role: 'alert' } }, o)));
      // Locked: setBusy (render.ts) must not enable it when the extension is done working.
      save.dataset.locked = valid && changed ? 'false' : 'true';
      save.disabled = !(valid && changed) || body.closest('[aria-busy="true"]') !== null;
      discard.disabled = !changed;
      summary.textContent = changed
        ? `Unsaved: ${Object.keys(changes.set).length} to add or change, ${changes.remove.length} to remove.`
        : current.rows.length === 0
          ? 'No tags. Add one; nothing is sent until you save.'
          : 'Edit keys and values in place; nothing is sent until you save.';
    };
    body.replaceChildren(
      current.rows.length ? h('div', { className: 'table-scroll' }, table) : h('p', { className: 'muted' }, 'No tags.'),
      notes,
      h('div', { className: 'tags-actions' }, add, save, discard),
      summary,
    );
    update();
    if (focus) {
      body.querySelector<HTMLElement>(`[data-focus-id="${focus}"]`)?.focus();
    }
  };
  draw();
  return s;
}
