/**
 * The YAML (and JSON) reader of the configuration, failing closed.
 *
 * The configuration is JSON data: maps with string keys, lists, strings,
 * finite numbers, true/false and null. YAML can say much more (`!!omap`,
 * `!!set`, `!!pairs`, `!!binary`, timestamps, complex keys, merge keys,
 * custom tags, several documents, aliases that expand a billion times), and
 * the yaml library turns some of it into values that are not plain data (a
 * Map, a Set, a Uint8Array, a Date): a validator that reads such a value as
 * "a map with no fields" drops what the user wrote, a restrictive endpoint
 * policy among it. So this reader does not call the library's `toJS()`: it
 * parses with the YAML 1.2 core schema (whatever a `%YAML 1.1` directive
 * says), then walks the document's nodes itself and builds the value, and
 * every node that is not plain JSON data is a problem naming the construct,
 * the line and the field. Nothing is dropped or converted silently.
 *
 * Bounds, checked here so that no input can exhaust the process:
 * - nesting deeper than {@link MAX_DEPTH} levels is refused, as written and
 *   once aliases are expanded;
 * - aliases: the value's size once every alias is expanded is counted in
 *   linear time before anything is copied, and refused above
 *   {@link aliasBudget} (relative to the size of the text: a fleet of 10,000
 *   VPCs reusing `*cidrs` and `*tags` stays far below it, a billion-laughs
 *   document far above).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';

/**
 * Deepest nesting of maps and lists accepted (a configuration needs fewer than 10). Well below the depth at
 * which the YAML library's parser runs out of stack (about 800 nested flow lists in node's default stack), so
 * that this bound, with the field and the line, is what refuses a deep file; deeper still, the parser's
 * RangeError gives the same message without them.
 */
export const MAX_DEPTH = 100;

/** The YAML tags of plain JSON data (the core schema's, written out or implied). */
const PLAIN_TAGS = new Set(['tag:yaml.org,2002:str', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:null', 'tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq']);

/** What the constructs a configuration cannot hold are, in a few words. */
const TAG_WORDS: Record<string, string> = {
  'tag:yaml.org,2002:omap': 'an ordered map (!!omap)',
  'tag:yaml.org,2002:set': 'a set (!!set)',
  'tag:yaml.org,2002:pairs': 'a list of pairs (!!pairs)',
  'tag:yaml.org,2002:binary': 'binary data (!!binary)',
  'tag:yaml.org,2002:timestamp': 'a timestamp (!!timestamp)',
  'tag:yaml.org,2002:merge': 'a merge key (!!merge)',
  'tag:yaml.org,2002:value': 'a default value (!!value)',
  'tag:yaml.org,2002:yaml': 'a YAML tag (!!yaml)',
};

/** Most nodes the value may have once aliases are expanded: 100,000, or 4 per byte of text (a fleet of 10,000 VPCs reusing anchors uses under 1 per byte). */
export function aliasBudget(textLength: number): number {
  return Math.max(100_000, 4 * textLength);
}

/** A problem with the text, in the shape of config.ts's Problem (this file does not import it, to keep the imports acyclic). */
export interface TextProblem {
  path: string;
  line?: number;
  message: string;
}

export interface PlainYaml {
  value: unknown;
  doc: Document;
  lineCounter: LineCounter;
}

class Refusal {
  constructor(readonly problems: TextProblem[]) {}
}

/**
 * Parses YAML or JSON text into plain JSON data, or returns the problems.
 * `formatPath` renders a field path the way the rest of the messages do.
 */
export function parsePlainYaml(text: string, kind: 'YAML' | 'JSON', formatPath: (p: (string | number)[]) => string): PlainYaml | TextProblem[] {
  const lineCounter = new LineCounter();
  let docs: Document[];
  try {
    docs = parseAllDocuments(text, {
      lineCounter,
      // Duplicate keys are found by checkNode, with a Set: the library's check compares each key with every
      // earlier one of its map (quadratic: 1.3 s for the 10,000 VPCs of one fleet's \`vpcs:\`), and misses
      // \`1:\` beside \`"1":\`, which are one field once read.
      uniqueKeys: false,
      prettyErrors: false,
      // The core schema whatever the file's %YAML directive says: no `yes` booleans, no timestamps, no merges, no 1.1 tags resolved.
      schema: 'core',
      version: '1.2',
      merge: false,
      resolveKnownTags: false,
      customTags: [],
    }) as Document[];
  } catch (err) {
    if (stackOverflow(err)) return [tooDeep()];
    throw err;
  }
  if (docs.length > 1) {
    return [{ path: '', line: docs[1].range ? lineCounter.linePos(docs[1].range[0]).line : undefined, message: `holds ${docs.length} YAML documents (separated by ---); keep one: a configuration file is one document` }];
  }
  const doc = docs[0];
  if (!doc) return [];
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => ({ path: '', line: lineCounter.linePos(e.pos[0]).line, message: `is not valid ${kind}: ${oneLine(e.message)}` }));
  }
  const lineOf = (node: { range?: [number, number, number] | null } | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined);
  try {
    const problems: TextProblem[] = [];
    const targets = resolveAliases(doc.contents as Node | null, problems, lineOf);
    if (problems.length > 0) return problems;
    checkNode(doc.contents as Node | null, [], 0, problems, lineOf, formatPath);
    if (problems.length > 0) return problems;
    const { size, depth } = expandedSize(doc.contents as Node | null, targets);
    if (depth > MAX_DEPTH) return [tooDeep()];
    const budget = aliasBudget(text.length);
    if (size > budget) {
      return [
        {
          path: '',
          message: `its aliases (*name) expand to more than ${budget.toLocaleString('en-US')} values (an alias bomb?); the limit is 4 values per byte of the file: write the repeated parts out, or alias smaller pieces`,
        },
      ];
    }
    return { value: build(doc.contents as Node | null, targets), doc, lineCounter };
  } catch (err) {
    if (err instanceof Refusal) return err.problems;
    if (stackOverflow(err)) return [tooDeep()];
    throw err;
  }
}

function tooDeep(): TextProblem {
  return { path: '', message: `nests maps or lists deeper than ${MAX_DEPTH.toLocaleString('en-US')} levels; a configuration needs a few` };
}

/**
 * Whether an error is the stack running out: a RangeError, or, when it runs out while V8 compiles a
 * regular expression (the YAML lexer's), a SyntaxError saying so. Where it runs out depends on the
 * stack the parse starts with, so both must read as "too deep".
 */
function stackOverflow(err: unknown): boolean {
  return err instanceof RangeError || (err instanceof SyntaxError && /Maximum call stack size exceeded/.test(err.message));
}

function oneLine(text: string): string {
  return text.split('\n')[0];
}

function tagWords(tag: string): string {
  if (TAG_WORDS[tag]) return TAG_WORDS[tag];
  const short = tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
  return `the tag ${short}`;
}

type LineOf = (node: { range?: [number, number, number] | null } | null | undefined) => number | undefined;

/** Checks that every node is plain JSON data; pushes a problem for each one that is not. */
function checkNode(node: Node | null, at: (string | number)[], depth: number, problems: TextProblem[], lineOf: LineOf, formatPath: (p: (string | number)[]) => string, keyLine?: number): void {
  if (node === null || node === undefined) return;
  // A map's value is reported at its key's line (where `policies: !!omap` is written), a list item at its own.
  const where = { path: formatPath(at), line: keyLine ?? lineOf(node) };
  if (depth > MAX_DEPTH) throw new Refusal([{ ...tooDeep(), ...where }]);
  if (isAlias(node)) return; // checked where its anchor is
  const tag = (node as { tag?: string }).tag;
  if (tag !== undefined && !PLAIN_TAGS.has(tag)) {
    problems.push({ ...where, message: `is ${tagWords(tag)}, which a configuration cannot hold; write plain YAML: a map, a list, a string, a number, true/false` });
    return;
  }
  if (isScalar(node)) {
    const value = node.value;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      const source = (node as { source?: string }).source ?? String(value);
      problems.push({ ...where, message: Number.isNaN(value) ? `${source} is not a number` : `${shortSource(source)} is out of range (beyond 1.8e308); write a smaller number` });
    } else if (typeof value === 'bigint') {
      problems.push({ ...where, message: `${shortSource(String(value))} is out of range; write a smaller number` });
    } else if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
      problems.push({ ...where, message: 'is not plain data (a string, a number, true/false or null); write plain YAML' });
    }
    return;
  }
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (!isScalar(key)) {
        const keyWhere = { path: formatPath(at), line: lineOf(key) ?? where.line };
        problems.push({ ...keyWhere, message: isAlias(key) ? 'has an alias (*name) as a key; write the key out' : 'has a complex key (a map or a list as a key, ? ...); keys are plain strings' });
        continue;
      }
      const keyTag = (key as { tag?: string }).tag;
      if (keyTag !== undefined && !PLAIN_TAGS.has(keyTag)) {
        problems.push({ path: formatPath(at), line: lineOf(key), message: `has a key that is ${tagWords(keyTag)}; keys are plain strings` });
        continue;
      }
      const name = keyText(key);
      if (name === undefined) {
        problems.push({ path: formatPath(at), line: lineOf(key), message: 'has an empty key (null or ~); give every field a name' });
        continue;
      }
      if (name === '<<' && key.type === 'PLAIN') {
        problems.push({
          path: formatPath(at),
          line: lineOf(key),
          message: 'has a merge key (<<: *name), which this tool does not expand; write the fields out (a fleet file can share them under defaults:)',
        });
        continue;
      }
      if (seen.has(name)) problems.push({ path: formatPath([...at, name]), line: lineOf(key), message: 'is written twice in the same map; keep one' });
      seen.add(name);
      checkNode(pair.value as Node | null, [...at, name], depth + 1, problems, lineOf, formatPath, lineOf(key));
    }
    return;
  }
  if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (isPair(item)) {
        problems.push({ path: formatPath([...at, i]), line: lineOf(item.key as Node) ?? where.line, message: 'is a single-pair map inside a flow list ([a: b]); write {a: b}' });
        return;
      }
      checkNode(item as Node | null, [...at, i], depth + 1, problems, lineOf, formatPath);
    });
    return;
  }
  problems.push({ ...where, message: 'is not plain data; write plain YAML' });
}

function shortSource(source: string): string {
  return source.length > 40 ? `${source.slice(0, 37)}...` : source;
}

/** A map key as text: a string as it is, a plain number or boolean as written (`2024: x` is the key "2024"), undefined for null. */
function keyText(key: Node & { value?: unknown; source?: string; type?: string }): string | undefined {
  const value = key.value;
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return undefined;
  return key.source ?? String(value);
}

/**
 * The node each alias stands for: the latest node before it with that anchor
 * (YAML lets a name be anchored again). One walk in document order; an anchor
 * is recorded after its children, so an alias inside its own anchor refers to
 * nothing (a loop) and is a problem.
 */
function resolveAliases(root: Node | null, problems: TextProblem[], lineOf: LineOf): Map<Node, Node> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Node, Node>();
  const visit = (node: Node | null | undefined): void => {
    if (node === null || node === undefined) return;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) targets.set(node, target);
      else problems.push({ path: '', line: lineOf(node), message: `uses the alias *${node.source}, which names no anchor (&${node.source}) before it; define the anchor first` });
      return;
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        visit(pair.key as Node | null);
        visit(pair.value as Node | null);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) visit(isPair(item) ? null : (item as Node));
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, node);
  };
  visit(root);
  return targets;
}

/**
 * The number of nodes of the value once every alias is expanded, and its depth (the deepest node's nesting, as
 * checkNode counts it: the root is at 0); linear in the document (each node's are computed once). checkNode
 * bounds the nesting as written; aliases can nest deeper than that (`b: &b [*a]`, `c: &c [*b]`, ...).
 */
function expandedSize(root: Node | null, targets: Map<Node, Node>): { size: number; depth: number } {
  const memo = new Map<Node, { size: number; depth: number }>();
  const measure = (node: Node | null | undefined): { size: number; depth: number } => {
    if (node === null || node === undefined) return { size: 1, depth: 0 };
    const known = memo.get(node);
    if (known !== undefined) return known;
    let n = 1;
    let depth = 0;
    const child = (m: { size: number; depth: number }, extra: number) => {
      n += extra + m.size;
      depth = Math.max(depth, m.depth + 1);
    };
    if (isAlias(node)) {
      const target = targets.get(node);
      if (target) ({ size: n, depth } = measure(target));
    } else if (isMap(node)) {
      for (const pair of node.items) child(measure(pair.value as Node | null), 1);
    } else if (isSeq(node)) {
      for (const item of node.items) child(measure(item as Node), 0);
    }
    // Saturate: the sum of a bomb exceeds what a number holds exactly, but stays above any budget.
    const result = { size: Math.min(n, Number.MAX_SAFE_INTEGER), depth };
    memo.set(node, result);
    return result;
  };
  return measure(root);
}

/** The plain value of a node that passed `checkNode` and the size bound. Aliases are copied, so no two fields share an object. */
function build(node: Node | null | undefined, targets: Map<Node, Node>): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return build(targets.get(node), targets);
  if (isScalar(node)) return node.value ?? null;
  if (isMap(node)) {
    const obj: Record<string, unknown> = {};
    for (const pair of node.items) {
      // defineProperty: a key "__proto__" stays a field (the validator refuses it by name) instead of setting the prototype.
      Object.defineProperty(obj, keyText(pair.key as Node & { value?: unknown })!, { value: build(pair.value as Node | null, targets), enumerable: true, writable: true, configurable: true });
    }
    return obj;
  }
  if (isSeq(node)) return node.items.map((item) => build(item as Node, targets));
  return null;
}
