// Tiny DOM helpers. Everything that reaches the page goes through createElement,
// textContent and setAttribute with attribute names chosen here: cloud data is never parsed as HTML.

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  className?: string;
  /** Attributes set with setAttribute. Never pass event handler attributes (on*). */
  attrs?: Record<string, string | undefined>;
  dataset?: Record<string, string>;
}

/** Creates an element; string children become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    if (props.className) {
      el.className = props.className;
    }
    if (props.attrs) {
      for (const [name, value] of Object.entries(props.attrs)) {
        if (value !== undefined) {
          el.setAttribute(name, value);
        }
      }
    }
    if (props.dataset) {
      for (const [name, value] of Object.entries(props.dataset)) {
        el.dataset[name] = value;
      }
    }
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** A span of untrusted text, isolated for bidirectional text. */
export function text(value: string, className?: string): HTMLSpanElement {
  const span = h('span', { className: className ? `value ${className}` : 'value', attrs: { dir: 'auto' } });
  span.textContent = value;
  return span;
}

export function button(label: string, onClick: () => void, opts: { className?: string; title?: string; action?: string; disabled?: boolean; ariaLabel?: string } = {}): HTMLButtonElement {
  const b = h('button', {
    className: opts.className ?? 'button',
    attrs: { type: 'button', title: opts.title, 'aria-label': opts.ariaLabel },
    dataset: opts.action ? { action: opts.action, focusId: opts.action } : undefined,
  });
  b.textContent = label;
  b.disabled = opts.disabled ?? false;
  b.addEventListener('click', onClick);
  return b;
}
