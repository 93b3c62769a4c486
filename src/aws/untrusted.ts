// Cloud data is untrusted: a shared image's name and description are written by another account.
// The one set of hidden characters and the one https check, for the tree, the panel host and the
// panel's browser script. Pure: no `vscode`, no DOM.

/**
 * Characters that are not seen but change what is seen: C0/C1 controls, soft hyphen, Arabic letter
 * mark, Mongolian vowel separator, zero-width and bidi marks, embeddings, overrides and isolates,
 * invisible operators, BOM. With them one name can look like another.
 */
// eslint-disable-next-line no-control-regex
const HIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

export function hasHiddenChars(text: string): boolean {
  HIDDEN_CHARS.lastIndex = 0;
  return HIDDEN_CHARS.test(text);
}

/** Text for a one-line plain label (tree item, panel title): hidden characters removed, at most `max` code points. */
export function plainLabel(text: string, max: number): string {
  const cleaned = text.replace(HIDDEN_CHARS, '');
  if (cleaned.length <= max) {
    return cleaned;
  }
  const chars = Array.from(cleaned); // code points: never cut a surrogate pair in half
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : cleaned;
}

/** The URL if it is a valid https: URL, else undefined. Only such URLs are opened or become <img> sources. */
export function httpsUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  try {
    const url = new URL(value);
    return url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
