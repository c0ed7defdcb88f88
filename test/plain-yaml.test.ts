/**
 * The configuration reader's parser (lib/model/plain-yaml.ts) on its own: what
 * it accepts is plain JSON data, exactly what JSON.parse would give; what it
 * refuses, it refuses with the construct, the field and the line. Its bounds
 * (nesting, aliases) are tested at the edge: the last accepted input and the
 * first refused one. The bad-input files (test/cli.test.ts) run it through
 * the command line; these tests reach the branches no whole file reaches.
 *
 * Field paths are written here as `a.b[0]`, by this file's own formatter.
 */
import { aliasBudget, MAX_DEPTH, parsePlainYaml, type TextProblem } from '../lib/model/plain-yaml';

const formatPath = (p: (string | number)[]) => p.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');

function parse(text: string, kind: 'YAML' | 'JSON' = 'YAML'): { value: unknown } | { problems: TextProblem[] } {
  const result = parsePlainYaml(text, kind, formatPath);
  return Array.isArray(result) ? { problems: result } : { value: result.value };
}

const refused = (path: string, line: number | undefined, message: string) => ({ problems: [line === undefined ? { path, message } : { path, line, message }] });

describe('accepted: plain data, as JSON.parse gives it', () => {
  test.each([
    ['a: 1\nb: [x, "y", 2.5, true, null]\nc: {d: e}\n', '{"a":1,"b":["x","y",2.5,true,null],"c":{"d":"e"}}'],
    ['{"a": [1, {"b": null}]}', '{"a":[1,{"b":null}]}'],
    ['a:\n', '{"a":null}'],
    ['? a\n', '{"a":null}'],
    ['a: {b, c: 1}\n', '{"a":{"b":null,"c":1}}'],
    // YAML's single pair in a flow list is a map of one pair.
    ['a: [x, b: c]\n', '{"a":["x",{"b":"c"}]}'],
    ['---\n', 'null'],
    // The core schema's own tags, written out, on values and on keys.
    ['a: !!str 1\nb: !!int "2"\nc: !!float 2.5\nd: !!bool true\ne: !!null ""\nf: !!map {g: h}\ni: !!seq [j]\n', '{"a":"1","b":2,"c":2.5,"d":true,"e":null,"f":{"g":"h"},"i":["j"]}'],
    ['!!str k: 1\n!!int 2: 2\n', '{"k":1,"2":2}'],
  ])('%j', (text, json) => {
    expect(parse(text)).toStrictEqual({ value: JSON.parse(json) });
  });

  test('a key that YAML reads as a number or a boolean is the key as written', () => {
    expect(parse('2024: a\n0x10: b\n1.0: c\ntrue: d\n')).toStrictEqual({ value: { '2024': 'a', '0x10': 'b', '1.0': 'c', true: 'd' } });
  });

  test('a quoted "<<" is a field like any other (only a plain << is a merge key)', () => {
    expect(parse('"<<": 1\n')).toStrictEqual({ value: { '<<': 1 } });
  });

  test('every field is an own, writable, enumerable property, as JSON.parse makes it; "__proto__" included', () => {
    const result = parse('a: 1\n__proto__: {polluted: true}\n') as { value: Record<string, unknown> };
    const reference = JSON.parse('{"a": 1, "__proto__": {"polluted": true}}') as Record<string, unknown>;
    for (const key of ['a', '__proto__']) expect(Object.getOwnPropertyDescriptor(result.value, key)).toStrictEqual(Object.getOwnPropertyDescriptor(reference, key));
    expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('an alias is a copy of its anchor: changing one field leaves the other alone', () => {
    const result = parse('a: &x {k: [1]}\nb: *x\n') as { value: { a: { k: number[] }; b: { k: number[] } } };
    expect(result.value).toStrictEqual({ a: { k: [1] }, b: { k: [1] } });
    result.value.a.k.push(2);
    expect(result.value.b.k).toEqual([1]);
  });
});

describe('refused: what is not plain data', () => {
  test.each([
    ['a: !!set {x, y}\n', 'a', 1, 'is a set (!!set), which a configuration cannot hold; write plain YAML: a map, a list, a string, a number, true/false'],
    ['a:\n  - !!binary aGk=\n', 'a[0]', 2, 'is binary data (!!binary), which a configuration cannot hold; write plain YAML: a map, a list, a string, a number, true/false'],
    ['a: !!omap [{x: 1}]\n', 'a', 1, 'is an ordered map (!!omap), which a configuration cannot hold; write plain YAML: a map, a list, a string, a number, true/false'],
    ['a: !!pairs [{x: 1}]\n', 'a', 1, 'is a list of pairs (!!pairs), which a configuration cannot hold; write plain YAML: a map, a list, a string, a number, true/false'],
    ['a: !!timestamp 2001-12-14\n', 'a', 1, 'is a timestamp (!!timestamp), which a configuration cannot hold; write plain YAML: a map, a list, a string, a number, true/false'],
    ['a: !!merge x\n', 'a', 1, 'is a merge key (!!merge), which a configuration cannot hold; write plain YAML: a map, a list, a string, a number, true/false'],
    ['a: !!value x\n', 'a', 1, 'is a default value (!!value), which a configuration cannot hold; write plain YAML: a map, a list, a string, a number, true/false'],
    ['a: !!yaml x\n', 'a', 1, 'is a YAML tag (!!yaml), which a configuration cannot hold; write plain YAML: a map, a list, a string, a number, true/false'],
    ['a: [1, [2, !!foo x]]\n', 'a[1][1]', 1, 'is the tag !!foo, which a configuration cannot hold; write plain YAML: a map, a list, a string, a number, true/false'],
    ['a: !mine x\n', 'a', 1, 'is the tag !mine, which a configuration cannot hold; write plain YAML: a map, a list, a string, a number, true/false'],
    ['a:\n  b: !<tag:example.com,2000:x> 1\n', 'a.b', 2, 'is the tag tag:example.com,2000:x, which a configuration cannot hold; write plain YAML: a map, a list, a string, a number, true/false'],
  ])('a tag: %j', (text, path, line, message) => {
    expect(parse(text)).toStrictEqual(refused(path, line, message));
  });

  test.each([
    ['x: 1\n? [a, b]\n: c\n', '', 2, 'has a complex key (a map or a list as a key, ? ...); keys are plain strings'],
    ['a: &k x\nb:\n  *k : 2\n', 'b', 3, 'has an alias (*name) as a key; write the key out'],
    ['a:\n  !!binary aGk=: 1\n', 'a', 2, 'has a key that is binary data (!!binary); keys are plain strings'],
    ['a:\n  ~: 1\n', 'a', 2, 'has an empty key (null or ~); give every field a name'],
    ['a:\n  null: 1\n', 'a', 2, 'has an empty key (null or ~); give every field a name'],
    ['a:\n  <<: {b: 1}\n', 'a', 2, 'has a merge key (<<: *name), which this tool does not expand; write the fields out (a fleet file can share them under defaults:)'],
    ['a:\n  b: 1\n  b: 2\n', 'a.b', 3, 'is written twice in the same map; keep one'],
  ])('a key: %j', (text, path, line, message) => {
    expect(parse(text)).toStrictEqual(refused(path, line, message));
  });

  test('numbers beyond a double: the source as written, shortened past 40 characters', () => {
    const forty = `1${'0'.repeat(35)}e999`; // 40 characters
    const fortyOne = `1${'0'.repeat(36)}e999`;
    expect(forty).toHaveLength(40);
    expect(parse(`a: 1e999\nb: ${forty}\nc: ${fortyOne}\nd: -.inf\n`)).toStrictEqual({
      problems: [
        { path: 'a', line: 1, message: '1e999 is out of range (beyond 1.8e308); write a smaller number' },
        { path: 'b', line: 2, message: `${forty} is out of range (beyond 1.8e308); write a smaller number` },
        { path: 'c', line: 3, message: `${fortyOne.slice(0, 37)}... is out of range (beyond 1.8e308); write a smaller number` },
        { path: 'd', line: 4, message: '-.inf is out of range (beyond 1.8e308); write a smaller number' },
      ],
    });
    expect(parse('a: .nan\n')).toStrictEqual(refused('a', 1, '.nan is not a number'));
  });

  test('several YAML documents: the line of the second', () => {
    expect(parse('a: 1\n---\nb: 2\n')).toStrictEqual(refused('', 2, 'holds 2 YAML documents (separated by ---); keep one: a configuration file is one document'));
  });

  test('an alias without an anchor before it is the only problem reported, even beside another', () => {
    expect(parse('a: *nowhere\nb: !!set {x}\n')).toStrictEqual(refused('', 1, 'uses the alias *nowhere, which names no anchor (&nowhere) before it; define the anchor first'));
  });

  test('the syntax errors of a JSON file say JSON', () => {
    const result = parse('{"a": 1,,}', 'JSON') as { problems: TextProblem[] };
    expect(result.problems.length).toBeGreaterThan(0);
    for (const p of result.problems) expect(p.message).toMatch(/^is not valid JSON: /);
  });
});

describe('bounds, at the edge', () => {
  test(`nesting: ${MAX_DEPTH} levels of lists or maps are read, one more is refused where it happens`, () => {
    const lists = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
    const maps = (n: number) => `${'{a: '.repeat(n)}1${'}'.repeat(n)}`;
    expect(MAX_DEPTH).toBe(100);
    const deepest = (n: number) => {
      let value = (parse(`x: ${lists(n)}\n`) as { value: { x: unknown } }).value.x;
      let depth = 0;
      while (Array.isArray(value)) [value, depth] = [value[0], depth + 1];
      return depth;
    };
    expect(deepest(MAX_DEPTH - 1)).toBe(MAX_DEPTH - 1);
    expect(parse(`x:\n  - ${lists(MAX_DEPTH - 2)}\n`)).toHaveProperty('value');
    expect(parse(`x: ${lists(MAX_DEPTH)}\n`)).toStrictEqual(refused(`x${'[0]'.repeat(MAX_DEPTH)}`, 1, 'nests maps or lists deeper than 100 levels; a configuration needs a few'));
    expect(parse(maps(MAX_DEPTH))).toHaveProperty('value');
    expect(parse(maps(MAX_DEPTH + 1))).toStrictEqual(refused(`a${'.a'.repeat(MAX_DEPTH)}`, 1, 'nests maps or lists deeper than 100 levels; a configuration needs a few'));
  });

  test('nesting far beyond what the parser can recurse into is refused, not a crash', () => {
    expect(parse(`${'['.repeat(2_000)}${']'.repeat(2_000)}`)).toStrictEqual({ problems: [{ path: '', message: 'nests maps or lists deeper than 100 levels; a configuration needs a few' }] });
    expect(parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)).toStrictEqual({ problems: [{ path: '', message: 'nests maps or lists deeper than 100 levels; a configuration needs a few' }] });
  });

  // A chain of aliases, each list holding the one before: l<n> expands to n + 1 nested lists, which the text
  // does not show. The root map is at 0, l<n> at 1, so the scalar inside l<n> is at n + 2.
  const chain = (n: number) => {
    let text = 'l0: &l0 [1]\n';
    for (let i = 1; i <= n; i++) text += `l${i}: &l${i} [*l${i - 1}]\n`;
    return text;
  };
  test(`aliases nesting lists ${MAX_DEPTH} levels deep once expanded are read, one more is refused`, () => {
    const read = parse(chain(MAX_DEPTH - 2)) as { value: Record<string, unknown> };
    let value = read.value[`l${MAX_DEPTH - 2}`];
    let depth = 1;
    while (Array.isArray(value)) [value, depth] = [value[0], depth + 1];
    expect({ value, depth }).toEqual({ value: 1, depth: MAX_DEPTH });
    expect(parse(chain(MAX_DEPTH - 1))).toStrictEqual({ problems: [{ path: '', message: 'nests maps or lists deeper than 100 levels; a configuration needs a few' }] });
  });

  test('a chain of aliases far deeper than the stack holds is refused, not a crash', () => {
    expect(parse(chain(30_000))).toStrictEqual({ problems: [{ path: '', message: 'nests maps or lists deeper than 100 levels; a configuration needs a few' }] });
  });

  test('the alias budget: 100,000 values, or 4 per byte of text when that is more', () => {
    expect([0, 1, 25_000, 25_001, 1_000_000].map(aliasBudget)).toEqual([100_000, 100_000, 100_000, 100_004, 4_000_000]);
  });

  // A value of exactly `size` values once expanded, from a text well under 25,000 bytes (so the budget is 100,000).
  // The root map counts 1, each of its 4 fields 1 for the key plus its value:
  //   a: a list of 3 scalars                 1 + 3        =   4  (+1 key)
  //   b: a list of 24 aliases of a           1 + 24 * 4   =  97  (+1 key)
  //   c: a list of 1,029 aliases of b        1 + 1029*97  = 99,814 (+1 key)
  //   pad: a list of r scalars               1 + r             (+1 key)
  // total: 1 + 5 + 98 + 99,815 + 2 + r = 99,921 + r.
  const expanding = (r: number) => `a: &a [1, 1, 1]\nb: &b [${Array(24).fill('*a').join(', ')}]\nc: [${Array(1029).fill('*b').join(', ')}]\npad: [${Array(r).fill('1').join(', ')}]\n`;
  test('aliases expanding to exactly the budget are read; one value more is an alias bomb', () => {
    expect(expanding(79).length).toBeLessThan(25_000);
    const read = parse(expanding(79)) as { value: { c: unknown[][] } };
    expect(read.value.c).toHaveLength(1029);
    expect(read.value.c[1028]).toHaveLength(24);
    expect(parse(expanding(80))).toStrictEqual({
      problems: [
        {
          path: '',
          message: 'its aliases (*name) expand to more than 100,000 values (an alias bomb?); the limit is 4 values per byte of the file: write the repeated parts out, or alias smaller pieces',
        },
      ],
    });
  });

  test('a bomb of lists of lists is refused without being expanded', () => {
    let text = 'l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i <= 9; i++) text += `l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]\n`;
    const result = parse(text) as { problems: TextProblem[] };
    expect(result.problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/^its aliases \(\*name\) expand to more than 100,000 values/) })]);
  });
});

describe('the stack running out in the YAML parser', () => {
  afterEach(() => {
    jest.dontMock('yaml');
    jest.resetModules();
  });

  /** parsePlainYaml from a fresh load, with the yaml package's parser throwing `error`. */
  function parseWithParserThrowing(error: Error): unknown {
    let result: unknown;
    jest.isolateModules(() => {
      jest.doMock('yaml', () => ({
        ...jest.requireActual('yaml'),
        parseAllDocuments: () => {
          throw error;
        },
      }));
      const fresh = require('../lib/model/plain-yaml') as typeof import('../lib/model/plain-yaml');
      result = fresh.parsePlainYaml('a: 1\n', 'YAML', (p) => p.join('.'));
    });
    return result;
  }

  // Where the stack runs out depends on the stack the parse starts with: in a RangeError, or while V8 compiles a regular expression.
  test.each([
    ['a RangeError', new RangeError('Maximum call stack size exceeded')],
    ['a SyntaxError of a regular expression', new SyntaxError('Invalid regular expression: /(.*?)[ \\t]*\\r?\\n/sy: Maximum call stack size exceeded')],
  ])('%s is "too deep", not an internal error', (_what, error) => {
    expect(parseWithParserThrowing(error)).toEqual([{ path: '', message: `nests maps or lists deeper than ${MAX_DEPTH} levels; a configuration needs a few` }]);
  });

  test('any other error of the parser is not hidden', () => {
    expect(() => parseWithParserThrowing(new SyntaxError('Invalid regular expression: /(/: Unterminated group'))).toThrow('Unterminated group');
  });
});
