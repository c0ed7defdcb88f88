/**
 * `terraform fmt` for the HCL the generator writes, in TypeScript.
 *
 * `@cdktf/hcl-tools` formats with Terraform's own code (hclwrite, compiled to
 * a 5.5 MB WebAssembly module), but loading it costs a command run about
 * 0.3 s and 30 MB, more than everything else `generate` does. So this file
 * implements the same algorithm as hclwrite's `format` (indent by bracket
 * nesting, space tokens by the rules of `spaceAfterToken`, align the `=` of
 * consecutive one-line attributes and the trailing comments) for the plain
 * HCL the templates produce, and hands anything else to hcl-tools:
 * `fastFormat` returns undefined (declines) for heredocs, `/* *\/` comments,
 * template directives and strip markers, tabs and carriage returns, anything
 * it cannot lex, and alignment that depends on non-ASCII text (hclwrite
 * counts grapheme clusters there). test/hcl-format.test.ts compares the two
 * on every generated file, re-spaced at random, and on generated HCL.
 */

type TokenType =
  | 'ident'
  | 'number'
  | 'oquote'
  | 'cquote'
  | 'qlit'
  | 'interp'
  | 'seqend'
  | 'obrace'
  | 'cbrace'
  | 'obrack'
  | 'cbrack'
  | 'oparen'
  | 'cparen'
  | 'comma'
  | 'dot'
  | 'ellipsis'
  | 'equal'
  | 'eqop'
  | 'neq'
  | 'lt'
  | 'lte'
  | 'gt'
  | 'gte'
  | 'and'
  | 'or'
  | 'bang'
  | 'plus'
  | 'minus'
  | 'star'
  | 'slash'
  | 'percent'
  | 'question'
  | 'colon'
  | 'arrow'
  | 'dcolon'
  | 'comment'
  | 'newline'
  | 'nil';

interface Token {
  type: TokenType;
  text: string;
  /** Spaces written before the token: what formatting decides. */
  spaces: number;
}

/** Operators, longest first. */
const OPERATORS: readonly [string, TokenType][] = [
  ['...', 'ellipsis'],
  ['::', 'dcolon'],
  ['=>', 'arrow'],
  ['==', 'eqop'],
  ['!=', 'neq'],
  ['<=', 'lte'],
  ['>=', 'gte'],
  ['&&', 'and'],
  ['||', 'or'],
  ['=', 'equal'],
  ['!', 'bang'],
  ['<', 'lt'],
  ['>', 'gt'],
  ['+', 'plus'],
  ['-', 'minus'],
  ['*', 'star'],
  ['/', 'slash'],
  ['%', 'percent'],
  ['?', 'question'],
  [':', 'colon'],
  ['.', 'dot'],
  [',', 'comma'],
  ['(', 'oparen'],
  [')', 'cparen'],
  ['[', 'obrack'],
  [']', 'cbrack'],
];

/** Operators by their first character, longest first. */
const OPERATORS_BY_FIRST = new Map<string, (readonly [string, TokenType])[]>();
for (const operator of OPERATORS) OPERATORS_BY_FIRST.set(operator[0][0], [...(OPERATORS_BY_FIRST.get(operator[0][0]) ?? []), operator]);

function operatorAt(src: string, i: number): readonly [string, TokenType] | undefined {
  for (const operator of OPERATORS_BY_FIRST.get(src[i]) ?? []) if (operator[0].length === 1 || src.startsWith(operator[0], i)) return operator;
  return undefined;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;

/** The tokens of `src`, or undefined for anything outside the plain HCL this formatter handles. */
function lex(src: string): Token[] | undefined {
  const tokens: Token[] = [];
  const push = (type: TokenType, text: string) => tokens.push({ type, text, spaces: 0 });
  // What the innermost open `{` or `"` is: a string template, an interpolation in one, or a brace.
  const open: ('string' | 'interp' | 'brace')[] = [];
  let i = 0;
  while (i < src.length) {
    if (open[open.length - 1] === 'string') {
      if (src[i] === '"') {
        push('cquote', '"');
        open.pop();
        i++;
        continue;
      }
      if (src.startsWith('${', i)) {
        if (src[i + 2] === '~') return undefined;
        push('interp', '${');
        open.push('interp');
        i += 2;
        continue;
      }
      if (src.startsWith('%{', i)) return undefined;
      let j = i;
      while (j < src.length) {
        const c = src[j];
        if (c === '"' || c === '\n' || c === '\r') break;
        if (c === '\\') j += 2;
        else if ((c === '$' || c === '%') && src[j + 1] === c && src[j + 2] === '{') j += 3;
        else if ((c === '$' || c === '%') && src[j + 1] === '{') break;
        else j++;
      }
      if (j >= src.length || (src[j] !== '"' && src[j] !== '$' && src[j] !== '%')) return undefined;
      if (j > i) push('qlit', src.slice(i, j));
      i = j;
      continue;
    }
    const c = src[i];
    if (c === ' ') {
      i++;
      continue;
    }
    if (c === '\n') {
      push('newline', '\n');
      i++;
      continue;
    }
    if (c === '#' || src.startsWith('//', i)) {
      const end = src.indexOf('\n', i);
      const text = end === -1 ? src.slice(i) : src.slice(i, end + 1);
      if (text.includes('\r')) return undefined;
      push('comment', text);
      i += text.length;
      continue;
    }
    if (c === '"') {
      push('oquote', '"');
      open.push('string');
      i++;
      continue;
    }
    if (c === '{') {
      push('obrace', '{');
      open.push('brace');
      i++;
      continue;
    }
    if (c === '}') {
      const closing = open.pop();
      if (closing === 'interp') push('seqend', '}');
      else if (closing === 'brace') push('cbrace', '}');
      else return undefined;
      i++;
      continue;
    }
    if (src.startsWith('<<', i) || src.startsWith('/*', i) || c === '~') return undefined;
    IDENT.lastIndex = i;
    const ident = IDENT.exec(src);
    if (ident) {
      push('ident', ident[0]);
      i += ident[0].length;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(src);
    if (number) {
      push('number', number[0]);
      i += number[0].length;
      continue;
    }
    const operator = operatorAt(src, i);
    if (!operator) return undefined;
    push(operator[1], operator[0]);
    i += operator[0].length;
  }
  return open.length === 0 ? tokens : undefined;
}

function bracketChange(token: Token): number {
  switch (token.type) {
    case 'obrace':
    case 'obrack':
    case 'oparen':
    case 'interp':
      return 1;
    case 'cbrace':
    case 'cbrack':
    case 'cparen':
    case 'seqend':
      return -1;
    default:
      return 0;
  }
}

const net = (tokens: Token[]) => tokens.reduce((sum, t) => sum + bracketChange(t), 0);

/** A line's cells: everything up to the `=` of a one-line attribute, from that `=` on, and a trailing comment. */
interface Line {
  lead: Token[];
  assign?: Token[];
  comment?: Token[];
}

function linesOf(tokens: Token[]): Line[] {
  const lines: Line[] = [];
  let start = 0;
  tokens.forEach((token, i) => {
    if (token.type === 'newline' || (token.type === 'comment' && token.text.endsWith('\n'))) {
      lines.push({ lead: tokens.slice(start, i + 1) });
      start = i + 1;
    }
  });
  if (start < tokens.length) lines.push({ lead: tokens.slice(start) });
  for (const line of lines) {
    if (line.lead.length > 1 && line.lead[line.lead.length - 1].type === 'comment') line.comment = line.lead.splice(-1);
    const eq = line.lead.findIndex((t, i) => i > 0 && t.type === 'equal');
    if (eq > 0 && net(line.lead.slice(eq)) === 0) line.assign = line.lead.splice(eq);
  }
  return lines;
}

/** Whether `subject` is followed by a space, between `before` and `after` (hclwrite's spaceAfterToken). */
function spaceAfter(subject: Token, before: Token, after: Token): boolean {
  const s = subject.type;
  const a = after.type;
  if (a === 'newline' || a === 'nil') return false;
  if (s === 'ident' && a === 'oparen') return false;
  if ((s === 'ident' && a === 'dcolon') || (s === 'dcolon' && a === 'ident')) return false;
  if (s === 'dot' || a === 'dot') return false;
  if (a === 'comma' || a === 'ellipsis') return false;
  if (s === 'comma') return true;
  if (s === 'qlit' || s === 'oquote' || a === 'qlit' || a === 'cquote') return false;
  if (s === 'ident' && subject.text === 'in' && before.type === 'ident') return true;
  if (a === 'obrack' && (s === 'ident' || s === 'number' || bracketChange(subject) < 0)) return false;
  if (s === 'bang') return false;
  if (s === 'minus') {
    return !['nil', 'oparen', 'obrace', 'obrack', 'equal', 'colon', 'comma', 'question', 'plus', 'star', 'slash', 'percent', 'minus', 'eqop', 'neq', 'gt', 'gte', 'lt', 'lte', 'and', 'or', 'bang'].includes(before.type);
  }
  if (s === 'obrace' || a === 'cbrace') return !(s === 'obrace' && a === 'cbrace');
  if (s === 'interp' && a === 'obrace') return true;
  if (s === 'cbrace' && a === 'seqend') return true;
  if (s === 'seqend' && a === 'interp') return false;
  if (bracketChange(subject) > 0) return false;
  if (bracketChange(after) < 0) return false;
  return true;
}

const NIL: Token = { type: 'nil', text: '', spaces: 0 };

function spaceCell(cell: Token[]): void {
  for (let i = 0; i + 1 < cell.length; i++) {
    cell[i + 1].spaces = spaceAfter(cell[i], i > 0 ? cell[i - 1] : NIL, cell[i + 1]) ? 1 : 0;
  }
}

/** Columns a cell takes; undefined when that depends on non-ASCII text (grapheme clusters), which is left to hcl-tools. */
function columns(cell: Token[] | undefined): number | undefined {
  let n = 0;
  for (const token of cell ?? []) {
    const text = token.text;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0x7e || (code < 0x20 && code !== 0x0a)) return undefined;
    }
    n += token.spaces + text.length;
  }
  return n;
}

/** Aligns the first token of a cell over runs of consecutive lines that have one; false when a width is unknown. */
function align(lines: Line[], cell: 'assign' | 'comment', width: (line: Line) => number | undefined): boolean {
  let run: Line[] = [];
  const close = (): boolean => {
    const widths = run.map(width);
    if (widths.some((w) => w === undefined)) return false;
    const max = Math.max(...(widths as number[]));
    run.forEach((line, i) => (line[cell]![0].spaces = max - widths[i]! + 1));
    run = [];
    return true;
  };
  for (const line of lines) {
    if (line[cell]) run.push(line);
    else if (run.length > 0 && !close()) return false;
  }
  return run.length === 0 || close();
}

/**
 * `src` formatted as `terraform fmt` would, or undefined when this formatter
 * declines it (see the file comment), for hcl-tools to do.
 */
export function fastFormat(src: string): string | undefined {
  const tokens = lex(src);
  if (!tokens) return undefined;
  const lines = linesOf(tokens);

  // Indentation: two spaces per level of brackets left open by earlier lines.
  const indents: number[] = [];
  for (const line of lines) {
    if (line.lead.length === 0) continue;
    if (line.lead[0].type === 'newline') {
      line.lead[0].spaces = 0;
      continue;
    }
    const change = net(line.lead) + net(line.assign ?? []);
    if (change > 0) {
      line.lead[0].spaces = 2 * indents.length;
      indents.push(change);
      continue;
    }
    let closed = -change;
    while (closed > 0 && indents.length > 0) {
      const top = indents[indents.length - 1];
      if (closed >= top) {
        indents.pop();
        closed -= top;
      } else {
        indents[indents.length - 1] = top - closed;
        closed = 0;
      }
    }
    line.lead[0].spaces = 2 * indents.length;
  }

  // Spaces between tokens.
  for (const line of lines) {
    spaceCell(line.lead);
    if (line.assign) {
      line.assign[0].spaces = 1;
      spaceCell(line.assign);
    }
  }

  // Alignment of `=`, then of trailing comments.
  if (!align(lines, 'assign', (line) => columns(line.lead))) return undefined;
  const beforeComment = (line: Line) => {
    const [lead, assign] = [columns(line.lead), columns(line.assign)];
    return lead === undefined || assign === undefined ? undefined : lead + assign;
  };
  if (!align(lines, 'comment', beforeComment)) return undefined;

  const out: string[] = [];
  const write = (cell: Token[] | undefined) => {
    for (const token of cell ?? []) {
      if (token.spaces > 0) out.push(' '.repeat(token.spaces));
      out.push(token.text);
    }
  };
  for (const line of lines) {
    write(line.lead);
    write(line.assign);
    write(line.comment);
  }
  return out.join('');
}

/**
 * `src` formatted as `terraform fmt` would: by `fastFormat`, else by
 * hcl-tools (loaded only then). Resolves to an empty string when hcl-tools
 * cannot format it (not HCL).
 */
export async function formatHclText(src: string): Promise<string> {
  const fast = fastFormat(src);
  if (fast !== undefined) return fast;
  const { format } = await import('@cdktf/hcl-tools');
  return format(src);
}
