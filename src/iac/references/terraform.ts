import type { FindResult, ImageReference } from './types';

// Terraform (HCL native syntax). No maintained HCL parser on npm fits: @cdktf/hcl2json and
// hcl2-parser are Go compiled to WebAssembly / GopherJS (megabytes, async start) and return
// JSON without source positions, which diagnostics need. This is a tokenizer for what matters
// here: blocks with labels, attributes `name = value`, strings with `${}`/`%{}` templates,
// heredocs, and the three comment forms. A value is a reference only when it is one string
// literal without interpolation and nothing else follows it on the line.

interface Target {
  block: 'resource' | 'data';
  keys: Record<string, 'name' | 'arn'>;
  arnKey: string;
}

const TARGETS: Record<string, Target> = {
  'resource aws_appstream_fleet': { block: 'resource', keys: { image_name: 'name', image_arn: 'arn' }, arnKey: 'image_arn' },
  'resource aws_appstream_image_builder': { block: 'resource', keys: { image_name: 'name', image_arn: 'arn' }, arnKey: 'image_arn' },
  'data aws_appstream_image': { block: 'data', keys: { name: 'name', arn: 'arn' }, arnKey: 'arn' },
};

type Token =
  | { t: 'ident'; value: string; start: number; end: number }
  /** `literal`: no interpolation; start/end are inside the quotes. */
  | { t: 'string'; value: string; literal: boolean; start: number; end: number }
  | { t: 'heredoc'; start: number; end: number }
  | { t: 'newline'; start: number; end: number }
  | { t: 'punct'; value: string; start: number; end: number }
  | { t: 'other'; start: number; end: number };

export function findInTerraform(text: string): FindResult {
  const result: FindResult = { references: [], computed: 0 };
  const tokens = tokenizeHcl(text);
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.t === 'punct' && (tok.value === '{' || tok.value === '[' || tok.value === '(')) {
      depth++;
      continue;
    }
    if (tok.t === 'punct' && (tok.value === '}' || tok.value === ']' || tok.value === ')')) {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth !== 0 || tok.t !== 'ident' || (tok.value !== 'resource' && tok.value !== 'data') || !atLineStart(tokens, i)) {
      continue;
    }
    // resource "type" "name" {   (labels may also be bare identifiers)
    const labels: string[] = [];
    let j = i + 1;
    while (j < tokens.length && (tokens[j].t === 'string' || tokens[j].t === 'ident')) {
      const label = tokens[j] as { value: string };
      labels.push(label.value);
      j++;
    }
    const open = tokens[j];
    if (labels.length < 1 || open?.t !== 'punct' || open.value !== '{') {
      continue;
    }
    const target = TARGETS[`${tok.value} ${labels[0]}`];
    const close = matchingBrace(tokens, j);
    if (target) {
      scanBody(tokens, j + 1, close, target, tok.value === 'data' ? `data.${labels[0]}` : labels[0], labels[1], result);
    }
    i = close; // the block's own braces are skipped with it
  }
  return result;
}

/** Top-level attributes of one block body (tokens from..to exclusive of the closing brace). */
function scanBody(tokens: Token[], from: number, to: number, target: Target, resourceType: string, resourceName: string | undefined, result: FindResult): void {
  const found: ImageReference[] = [];
  let depth = 0;
  let hasArnKey = false;
  for (let i = from; i < to; i++) {
    const tok = tokens[i];
    if (tok.t === 'punct' && '{[('.includes(tok.value)) {
      depth++;
      continue;
    }
    if (tok.t === 'punct' && '}])'.includes(tok.value)) {
      depth--;
      continue;
    }
    const eq = tokens[i + 1];
    if (depth !== 0 || tok.t !== 'ident' || eq?.t !== 'punct' || eq.value !== '=' || !atLineStart(tokens, i)) {
      continue;
    }
    if (tok.value === target.arnKey) {
      hasArnKey = true;
    }
    const kind = target.keys[tok.value];
    if (!kind) {
      continue;
    }
    const value = tokens[i + 2];
    const after = tokens[i + 3];
    const ends = after === undefined || i + 3 >= to || after.t === 'newline' || (after.t === 'punct' && after.value === '}');
    if (value?.t !== 'string' || !value.literal || !ends || value.value === '') {
      result.computed++;
      continue;
    }
    found.push({
      format: 'terraform',
      kind,
      value: value.value,
      start: value.start,
      end: value.end,
      key: tok.value,
      keyStart: tok.start,
      keyEnd: tok.end,
      arnKey: target.arnKey,
      resourceType,
      resourceName,
      hasArnKey: false,
    });
  }
  result.references.push(...found.map((r) => ({ ...r, hasArnKey })));
}

function atLineStart(tokens: Token[], i: number): boolean {
  const prev = tokens[i - 1];
  return prev === undefined || prev.t === 'newline' || (prev.t === 'punct' && prev.value === '{');
}

function matchingBrace(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.t === 'punct' && '{[('.includes(tok.value)) {
      depth++;
    } else if (tok.t === 'punct' && '}])'.includes(tok.value)) {
      depth--;
      if (depth === 0) {
        return i;
      }
    }
  }
  return tokens.length;
}

/** Tokens of HCL native syntax; comments are dropped (a line comment still ends its line). */
export function tokenizeHcl(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      tokens.push({ t: 'newline', start: i, end: i + 1 });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') {
        i++;
      }
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      if (text.slice(i, end).includes('\n')) {
        tokens.push({ t: 'newline', start: i, end });
      }
      i = end;
    } else if (c === '"') {
      const s = scanQuoted(text, i);
      tokens.push({ t: 'string', value: text.slice(i + 1, s.contentEnd), literal: s.literal, start: i + 1, end: s.contentEnd });
      i = s.end;
    } else if (c === '<' && text[i + 1] === '<' && /[-A-Za-z_]/.test(text[i + 2] ?? '')) {
      const end = scanHeredoc(text, i);
      tokens.push({ t: 'heredoc', start: i, end });
      i = end;
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < n && /[A-Za-z0-9_-]/.test(text[i])) {
        i++;
      }
      tokens.push({ t: 'ident', value: text.slice(start, i), start, end: i });
    } else if (c === '=' && text[i + 1] !== '=' && text[i - 1] !== '=' && text[i - 1] !== '!' && text[i - 1] !== '<' && text[i - 1] !== '>') {
      tokens.push({ t: 'punct', value: '=', start: i, end: i + 1 });
      i++;
    } else if ('{}[](),'.includes(c)) {
      tokens.push({ t: 'punct', value: c, start: i, end: i + 1 });
      i++;
    } else {
      tokens.push({ t: 'other', start: i, end: i + 1 });
      i++;
    }
  }
  return tokens;
}

/** A quoted template string from its opening quote: where its content ends, and whether it has no `${`/`%{`. */
function scanQuoted(text: string, open: number): { contentEnd: number; end: number; literal: boolean } {
  let literal = true;
  let i = open + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
    } else if (c === '"') {
      return { contentEnd: i, end: i + 1, literal };
    } else if (c === '\n') {
      return { contentEnd: i, end: i, literal: false }; // unterminated: not a literal
    } else if ((c === '$' || c === '%') && text[i + 1] === '{') {
      if (text[i - 1] === c && text[i - 2] !== c) {
        i += 2; // `$${` / `%%{` is an escaped, literal `${`
        continue;
      }
      literal = false;
      i = skipTemplateExpression(text, i + 2);
    } else {
      i++;
    }
  }
  return { contentEnd: i, end: i, literal: false };
}

/** From just inside `${`, past its matching `}` (nested braces and strings included). */
function skipTemplateExpression(text: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < text.length && depth > 0) {
    const c = text[i];
    if (c === '"') {
      i = scanQuoted(text, i).end;
      continue;
    }
    if (c === '{') {
      depth++;
    } else if (c === '}') {
      depth--;
    }
    i++;
  }
  return i;
}

/** `<<EOF` or `<<-EOF` through the line holding only the marker (indented for `<<-`). */
function scanHeredoc(text: string, start: number): number {
  const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(text.slice(start, start + 200));
  if (!m) {
    return start + 2;
  }
  const marker = m[2];
  let lineStart = start + m[0].length;
  while (lineStart < text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? text.length : nl;
    if (text.slice(lineStart, lineEnd).trim() === marker) {
      return lineEnd;
    }
    lineStart = lineEnd + 1;
  }
  return text.length;
}
