import type { FindResult, ImageReference } from './types';

// CDK in TypeScript or JavaScript: `new CfnFleet(scope, 'Id', { imageName: 'x', ... })` and
// `new appstream.CfnImageBuilder(...)`. The TypeScript compiler API would be exact but is ~9 MB
// to bundle; this tokenizer knows what can hide code-like text (comments, strings, template
// literals with nested `${}`, regular expressions) and reads only the object literal passed as
// the third argument. A property is a reference only when its value is one string literal
// (or a template literal without `${}`) directly followed by `,` or `}`.

const CONSTRUCTS = new Set(['CfnFleet', 'CfnImageBuilder']);
const KEYS: Record<string, 'name' | 'arn'> = { imageName: 'name', imageArn: 'arn' };

type Token =
  | { t: 'ident'; value: string; start: number; end: number }
  /** `literal`: a quoted string, or a template literal without substitutions; start/end inside the quotes. */
  | { t: 'string'; value: string; literal: boolean; start: number; end: number }
  | { t: 'punct'; value: string; start: number; end: number };

const REGEX_AFTER_KEYWORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await']);

export function findInCdk(text: string): FindResult {
  const result: FindResult = { references: [], computed: 0 };
  const tokens = tokenizeJs(text);
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.t !== 'ident' || !CONSTRUCTS.has(tok.value) || !isPunct(tokens[i + 1], '(') || !afterNew(tokens, i)) {
      continue;
    }
    // The arguments: scope, id, props.
    const args = splitArguments(tokens, i + 1);
    const id = args[1] && args[1].to - args[1].from === 1 ? tokens[args[1].from] : undefined;
    const props = args[2];
    if (!props || !isPunct(tokens[props.from], '{')) {
      continue;
    }
    scanObject(tokens, props.from, tok.value, id?.t === 'string' && id.literal ? id.value : undefined, result);
  }
  return result;
}

function isPunct(tok: Token | undefined, value: string): boolean {
  return tok?.t === 'punct' && tok.value === value;
}

/** `new CfnFleet` or `new ns.CfnFleet` (or `new ns.sub.CfnFleet`). */
function afterNew(tokens: Token[], i: number): boolean {
  let j = i - 1;
  while (isPunct(tokens[j], '.') && tokens[j - 1]?.t === 'ident') {
    j -= 2;
  }
  const before = tokens[j];
  return before?.t === 'ident' && before.value === 'new';
}

/** Token ranges of each top-level argument of the call whose `(` is at `open`. */
function splitArguments(tokens: Token[], open: number): { from: number; to: number }[] {
  const args: { from: number; to: number }[] = [];
  let depth = 0;
  let from = open + 1;
  for (let i = open; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.t !== 'punct') {
      continue;
    }
    if ('([{'.includes(tok.value)) {
      depth++;
    } else if (')]}'.includes(tok.value)) {
      depth--;
      if (depth === 0) {
        if (i > from) {
          args.push({ from, to: i });
        }
        return args;
      }
    } else if (tok.value === ',' && depth === 1) {
      args.push({ from, to: i });
      from = i + 1;
    }
  }
  return args;
}

/** The direct properties of the object literal whose `{` is at `open`. */
function scanObject(tokens: Token[], open: number, resourceType: string, resourceName: string | undefined, result: FindResult): void {
  const found: ImageReference[] = [];
  let hasArnKey = false;
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.t === 'punct' && '([{'.includes(tok.value)) {
      depth++;
      continue;
    }
    if (tok.t === 'punct' && ')]}'.includes(tok.value)) {
      depth--;
      if (depth === 0) {
        break;
      }
      continue;
    }
    // A key at depth 1 follows `{` or `,`: `imageName: ...`, `'imageName': ...`, or the shorthand `imageName,`.
    const prev = tokens[i - 1];
    if (depth !== 1 || !(isPunct(prev, '{') || isPunct(prev, ','))) {
      continue;
    }
    const keyName = tok.t === 'ident' ? tok.value : tok.t === 'string' && tok.literal ? tok.value : undefined;
    if (keyName === undefined || !(keyName in KEYS)) {
      continue;
    }
    if (keyName === 'imageArn') {
      hasArnKey = true;
    }
    if (!isPunct(tokens[i + 1], ':')) {
      result.computed++; // shorthand `{ imageName }`: a variable
      continue;
    }
    const value = tokens[i + 2];
    const after = tokens[i + 3];
    if (value?.t !== 'string' || !value.literal || value.value === '' || !(isPunct(after, ',') || isPunct(after, '}'))) {
      result.computed++;
      continue;
    }
    found.push({
      format: 'cdk',
      kind: KEYS[keyName],
      value: value.value,
      start: value.start,
      end: value.end,
      key: keyName,
      keyStart: tok.t === 'string' ? tok.start : tok.start,
      keyEnd: tok.end,
      arnKey: 'imageArn',
      resourceType,
      resourceName,
      hasArnKey: false,
    });
  }
  result.references.push(...found.map((r) => ({ ...r, hasArnKey })));
}

/** Tokens of TypeScript/JavaScript, enough to find calls and object literals; comments dropped. */
export function tokenizeJs(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  const regexAllowed = (): boolean => {
    const prev = tokens[tokens.length - 1];
    if (!prev) {
      return true;
    }
    if (prev.t === 'ident') {
      return REGEX_AFTER_KEYWORD.has(prev.value);
    }
    if (prev.t === 'string') {
      return false;
    }
    return !(prev.value === ')' || prev.value === ']' || prev.value === '}');
  };
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== '\n') {
        j += text[j] === '\\' ? 2 : 1;
      }
      const raw = text.slice(i + 1, Math.min(j, n));
      tokens.push({ t: 'string', value: raw, literal: text[j] === c && !raw.includes('\\'), start: i + 1, end: Math.min(j, n) });
      i = j + 1;
    } else if (c === '`') {
      const end = skipTemplate(text, i);
      const raw = text.slice(i + 1, end - 1);
      tokens.push({ t: 'string', value: raw, literal: !/\$\{|\\/.test(raw), start: i + 1, end: end - 1 });
      i = end;
    } else if (c === '/' && regexAllowed()) {
      i = skipRegex(text, i);
      tokens.push({ t: 'string', value: '', literal: false, start: i, end: i });
    } else if (/[A-Za-z_$]/.test(c) || c.charCodeAt(0) > 127) {
      const start = i;
      while (i < n && (/[A-Za-z0-9_$]/.test(text[i]) || text.charCodeAt(i) > 127)) {
        i++;
      }
      tokens.push({ t: 'ident', value: text.slice(start, i), start, end: i });
    } else if (/[0-9]/.test(c)) {
      const start = i;
      while (i < n && /[0-9A-Za-z_.]/.test(text[i])) {
        i++;
      }
      tokens.push({ t: 'punct', value: text.slice(start, i), start, end: i }); // a number: never a key we look for
    } else {
      tokens.push({ t: 'punct', value: c, start: i, end: i + 1 });
      i++;
    }
  }
  return tokens;
}

/** From a backtick, past the closing one (substitutions may hold strings, templates and braces). */
function skipTemplate(text: string, open: number): number {
  let i = open + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
    } else if (c === '`') {
      return i + 1;
    } else if (c === '$' && text[i + 1] === '{') {
      i = skipSubstitution(text, i + 2);
    } else {
      i++;
    }
  }
  return text.length;
}

function skipSubstitution(text: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < text.length && depth > 0) {
    const c = text[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') {
        j += text[j] === '\\' ? 2 : 1;
      }
      i = j + 1;
      continue;
    }
    if (c === '`') {
      i = skipTemplate(text, i);
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

/** From a `/` that starts a regular expression, past its flags. */
function skipRegex(text: string, open: number): number {
  let i = open + 1;
  let inClass = false;
  while (i < text.length && text[i] !== '\n') {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[') {
      inClass = true;
    } else if (c === ']') {
      inClass = false;
    } else if (c === '/' && !inClass) {
      i++;
      while (i < text.length && /[a-z]/i.test(text[i])) {
        i++;
      }
      return i;
    }
    i++;
  }
  return i;
}
