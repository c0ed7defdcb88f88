/**
 * generators/hcl-format.ts against Terraform's own formatter (hclwrite in
 * @cdktf/hcl-tools): byte for byte on every generated file, on those files
 * re-spaced at random, and on generated HCL; and what it leaves to hcl-tools.
 */
import * as fs from 'fs';
import * as path from 'path';
import { format } from '@cdktf/hcl-tools';
import fc from 'fast-check';
import { renderFleet } from '../generators/fleet';
import { fastFormat, formatHclText } from '../generators/hcl-format';
import { renderModule } from '../generators/module';
import { loadConfig } from '../lib/model/config';
import { EXAMPLE_CONFIG, loadCases } from './support/cases';
import { loadFleetCases } from './support/fleets';

/** Every HCL file the generator writes, for the example, the cases and the fleets. */
async function generatedHcl(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const add = (prefix: string, rendered: Map<string, string>) => {
    for (const [rel, text] of rendered) if (/\.(tf|hcl)$/.test(rel)) files.set(`${prefix}/${rel}`, text);
  };
  add('example', await renderModule(loadConfig(EXAMPLE_CONFIG)));
  for (const c of loadCases()) add(c.name, await renderModule(c.spec));
  for (const f of loadFleetCases()) add(`fleet ${f.name}`, await renderFleet(f.fleet));
  return files;
}

/** The text with the spaces between its tokens changed, outside quoted strings and comments: every run of spaces becomes 0 to 3 spaces where that keeps tokens apart. */
function respace(text: string, random: () => number): string {
  let out = '';
  let inString = false;
  let inComment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inComment) {
      out += c;
      if (c === '\n') inComment = false;
      continue;
    }
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i];
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '#') inComment = true;
    if (c === '"') inString = true;
    if (c === ' ') {
      let j = i;
      while (text[j] === ' ') j++;
      const word = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9_-]/.test(ch);
      const min = word(out[out.length - 1]) && word(text[j]) ? 1 : 0;
      out += ' '.repeat(min + Math.floor(random() * (4 - min)));
      i = j - 1;
      continue;
    }
    out += c;
  }
  return out;
}

let files: Map<string, string>;
beforeAll(async () => {
  files = await generatedHcl();
});

describe('fastFormat writes what terraform fmt writes', () => {
  test('for every generated file, as generated and re-spaced at random', async () => {
    expect(files.size).toBeGreaterThan(50);
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const [name, text] of files) {
      expect({ name, formatted: fastFormat(text) }).toEqual({ name, formatted: text });
      for (const variant of [text.replace(/^ +/gm, ''), respace(text, random), respace(text, random)]) {
        const fast = fastFormat(variant);
        expect({ name, declined: fast === undefined }).toEqual({ name, declined: false });
        expect({ name, fast }).toEqual({ name, fast: await format(variant) });
      }
    }
  });

  test('for a file whose last line has no newline, a comment or not', async () => {
    for (const text of ['a = 1 # note', 'a = 1\n# last', 'a   = 1\n// last', 'a = 1', 'b {\n  c = [1,2]\n}']) {
      const fast = fastFormat(text);
      expect(fast).toBeDefined();
      expect(fast).toBe(await format(text));
    }
  });

  test('for generated HCL: blocks, attributes, lists, objects, calls, for expressions, templates, operators and comments', async () => {
    const ident = fc.stringMatching(/^[a-z][a-z0-9_-]{0,11}$/).filter((s) => !['in', 'for', 'if'].includes(s));
    const literal = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }).map(String),
      fc.constantFrom('true', 'false', 'null', '1.5', '2e3'),
      fc.stringMatching(/^[ -!#-[\]-~]{0,12}$/).map((s) => `"${s.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{')}"`),
      ident.map((s) => `"\${var.${s}}-x"`),
      fc.constant('"a\\"b\\\\c\\n"'),
    );
    const expression: fc.Arbitrary<string> = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        literal,
        ident.map((s) => `var.${s}`),
        ident.map((s) => `local.${s}["k"][0]`),
        fc.constant('aws_vpc_endpoint.this[*].id'),
        fc.tuple(tie('value'), tie('value')).map(([a, b]) => `[${a}, ${b}]`),
        fc.tuple(ident, tie('value')).map(([k, v]) => `{ ${k} = ${v} }`),
        fc.tuple(ident, tie('value'), tie('value')).map(([f, a, b]) => `${f}(${a}, ${b})`),
        fc.tuple(tie('value'), tie('value'), tie('value')).map(([a, b, c]) => `${a} == ${b} ? ${c} : !${a}`),
        fc.tuple(tie('value'), fc.constantFrom('+', '-', '*', '/', '%', '&&', '||', '<', '>=', '!=')).map(([a, op]) => `${a} ${op} -1`),
        fc.tuple(ident, tie('value')).map(([k, v]) => `[for ${k} in ${v} : ${k} if ${k} != null]`),
        fc.tuple(ident, tie('value')).map(([k, v]) => `{ for ${k}, x in ${v} : ${k} => x... }`),
        fc.constant('{}'),
        fc.constant('[]'),
      ),
    })).value;
    const attribute = fc.tuple(fc.oneof(ident, ident.map((s) => `"${s}"`)), expression, fc.boolean()).map(([k, v, comment]) => `${k} = ${v}${comment ? ' # note' : ''}`);
    const multiline = fc.tuple(ident, fc.array(attribute, { minLength: 1, maxLength: 4 })).map(([k, attrs]) => `${k} = {\n${attrs.join('\n')}\n}`);
    const block = fc
      .tuple(ident, fc.array(ident.map((s) => `"${s}"`), { maxLength: 2 }), fc.array(fc.oneof(attribute, attribute, multiline, fc.constant(''), fc.constant('# a comment')), { maxLength: 8 }))
      .map(([type, labels, body]) => `${type} ${labels.join(' ')} {\n${body.join('\n')}\n}\n`);
    const file = fc.array(fc.oneof(block, attribute.map((a) => `${a}\n`)), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('\n'));
    const spacing = fc.integer({ min: 0, max: 2 ** 31 - 1 });

    let runs = 0;
    let declined = 0;
    await fc.assert(
      fc.asyncProperty(file, spacing, async (text, seed) => {
        let s = seed;
        const variant = respace(text, () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31));
        const fast = fastFormat(variant);
        runs++;
        if (fast === undefined) declined++;
        else expect(fast).toBe(await format(variant));
      }),
      { numRuns: 300, seed: 7 },
    );
    // The comparison is not vacuous: this formatter handles nearly all of it.
    expect(declined).toBeLessThan(runs / 20);
  });
});

// Each operator of two characters is one token, spaced as terraform fmt spaces it (none of them declined).
test('two-character operators are formatted here, each as one token', () => {
  expect(fastFormat('a   =   x   !=   y\nbb = x<=y\nc = x>=y && y==x || !z\nd = { for k, v in m : k => v... if v != null }\n')).toBe(
    'a  = x != y\nbb = x <= y\nc  = x >= y && y == x || !z\nd  = { for k, v in m : k => v... if v != null }\n',
  );
});

// Numbers are one token each, decimals and signed exponents included (terraform fmt 1.11 wrote the expected text).
test('numbers with several decimals and signed exponents are formatted here as terraform fmt writes them', () => {
  expect(fastFormat('a = 1.25\nbb =   12.5e+10\nc = 2E-3\nd = [1.05,3e2]\n')).toBe('a  = 1.25\nbb = 12.5e+10\nc  = 2E-3\nd  = [1.05, 3e2]\n');
});

// A number is digits, then a dot and digits: an index in a traversal followed by a dot and blanks is the index, then the dot (terraform fmt 1.11 wrote the expected text).
test('a legacy index in a traversal, with blanks after its dot, is joined as terraform fmt joins it', () => {
  expect(fastFormat('x = local.a.0. b\ny = local.a.0 .b\nz = local.a.0.   c\n')).toBe('x = local.a.0.b\ny = local.a.0.b\nz = local.a.0.c\n');
});

// hcl-tools' hclwrite predates provider functions and writes `provider : : aws : : arn_parse`; terraform fmt 1.11 wrote this, by hand.
test('a provider function call keeps its :: as terraform fmt does', () => {
  expect(fastFormat('a   =   provider::aws::arn_parse( var.x )\nbb = 1\n')).toBe('a  = provider::aws::arn_parse(var.x)\nbb = 1\n');
});

// Object braces inside an interpolation: `${ {` and `} }` keep a space, as hclwrite's spaceAfterToken says (terraform fmt 1.11 wrote the expected text).
test('an object inside an interpolation is spaced as terraform fmt spaces it', () => {
  expect(fastFormat('x = "a${{b = 1}.b}c"\nyy = "a${ {b = 1} }c"\n')).toBe('x  = "a${ { b = 1 }.b}c"\nyy = "a${ { b = 1 } }c"\n');
});

// A line that closes part of what an earlier line opened keeps the indent of what is left open (terraform fmt 1.11 leaves this text as it is).
test('a line that closes one of two brackets opened on one line is indented by the one left open', () => {
  const text = 'y = [{\n  b = 1\n  },\n]\nz = {\n  a = [[\n    1\n    ],\n  ]\n}\n';
  expect(fastFormat(text)).toBe(text);
  expect(fastFormat(text.replace(/^ +/gm, ''))).toBe(text);
});

describe('what fastFormat leaves to hcl-tools', () => {
  test.each([
    ['a heredoc', 'a = <<EOT\nx\nEOT\n'],
    ['a block comment', 'a = 1 /* one */\n'],
    ['a template directive', 'a = "%{ if true }x%{ endif }"\n'],
    ['a strip marker', 'a = "${~ var.x ~}"\n'],
    ['a tab', 'a\t= 1\n'],
    ['a carriage return', 'a = 1\r\n'],
    ['a non-ASCII key in an aligned run', 'tags = {\n  "ключ" = "a"\n  b = "c"\n}\n'],
    ['an unterminated string', 'a = "x\n'],
    ['an unbalanced brace', 'a = 1 }\n'],
  ])('declines %s, and formatHclText formats it with hcl-tools', async (_what, text) => {
    expect(fastFormat(text)).toBeUndefined();
    expect(await formatHclText(text)).toBe(await format(text));
  });

  test('non-ASCII text outside the aligned columns is formatted here', () => {
    expect(fastFormat('tags = {\n  team = "équipe 🚢"\n    b   =  "ключ"\n}\n')).toBe('tags = {\n  team = "équipe 🚢"\n  b    = "ключ"\n}\n');
  });

  test('the committed module folder is formatted as terraform fmt leaves it', () => {
    const dir = path.join(__dirname, '..', 'modules', 'ecs-privatelink');
    for (const rel of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf']) {
      const text = fs.readFileSync(path.join(dir, rel), 'utf8');
      expect({ rel, formatted: fastFormat(text) }).toEqual({ rel, formatted: text });
    }
  });
});
