// Formatting of untrusted values into DOM nodes. Values come from AWS (and from other accounts,
// for shared images), so nothing here trusts a type: a field documented as a string may be anything.

import { h, text } from './dom';

/** Strings longer than this are cut, with a button to show all of it. */
export const LONG_TEXT_LIMIT = 2000;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string, or undefined when the value is not a non-empty string. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function missing(): HTMLSpanElement {
  const span = h('span', { className: 'muted', attrs: { title: 'Not returned by AWS' } });
  span.textContent = '—';
  return span;
}

/** Text that may be very long: shows the start and a button for the rest. */
export function longText(value: string, className?: string): HTMLElement {
  if (value.length <= LONG_TEXT_LIMIT) {
    return text(value, className);
  }
  const wrapper = h('span', { className: 'long-text' });
  const shown = text(value.slice(0, LONG_TEXT_LIMIT) + '…', className);
  const more = h('button', { className: 'link-button', attrs: { type: 'button' } });
  more.textContent = `Show all (${value.length.toLocaleString()} characters)`;
  more.addEventListener('click', () => {
    shown.textContent = value;
    more.remove();
  });
  wrapper.append(shown, ' ', more);
  return wrapper;
}

/** Any value, generically: strings as text, primitives as text, arrays and objects as JSON. */
export function anyValue(value: unknown): Node {
  if (value === undefined || value === null || value === '') {
    return missing();
  }
  if (typeof value === 'string') {
    return longText(value);
  }
  if (typeof value === 'boolean') {
    return text(value ? 'Yes' : 'No');
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    return text(String(value));
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return list(value.map(String));
  }
  const pre = h('pre', { className: 'json', attrs: { dir: 'ltr' } });
  let json: string;
  try {
    json = JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    json = String(value);
  }
  pre.textContent = json;
  return pre;
}

/** A list of short strings as chips. */
export function list(values: string[]): HTMLElement {
  if (values.length === 0) {
    const none = h('span', { className: 'muted' });
    none.textContent = 'None';
    return none;
  }
  const ul = h('ul', { className: 'chips' });
  for (const v of values) {
    const li = h('li', { className: 'chip' });
    li.append(text(v));
    ul.append(li);
  }
  return ul;
}

export function stringList(value: unknown): Node {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return list(value as string[]);
  }
  return anyValue(value);
}

export function boolValue(value: unknown): Node {
  if (typeof value === 'boolean') {
    return text(value ? 'Yes' : 'No', value ? 'yes' : 'no');
  }
  return anyValue(value);
}

/** Enums AWS uses for yes/no ("TRUE"/"FALSE", "ENABLED"/"DISABLED"): friendly text, raw value on hover. */
export function enumFlag(value: unknown, labels: Record<string, string>): Node {
  if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(labels, value)) {
    const span = text(labels[value]);
    span.title = value;
    return span;
  }
  return anyValue(value);
}

/** A date in the user's locale, the exact UTC time on hover; anything unparsable shown as is. */
export function dateValue(value: unknown): Node {
  if (typeof value === 'string' || typeof value === 'number') {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) {
      const iso = date.toISOString();
      const time = h('time', { className: 'value', attrs: { datetime: iso, title: iso } });
      time.textContent = date.toLocaleString();
      return time;
    }
  }
  return anyValue(value);
}
