/**
 * The module generator without terraform: goldens of every case, the
 * committed module against a fresh render, purity, the escaping helper, the
 * module's interface against the construct's props, and the atomic writer.
 * The terraform runs are in module-terraform.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from '@cdktf/hcl2json';
import { CATALOG } from '../lib/model/catalog';
import { loadConfig, parseConfig, type Spec } from '../lib/model/config';
import { specToProps } from '../lib/cdktf/props';
import { hasGeneratedMarker, hclEscape, hclKey, hclString, hclValue, markdownCell, markdownCode, markerText } from '../generators/helpers';
import { MODULE_ONLY_VARIABLES, MODULE_VARIABLES } from '../generators/interface';
import * as hclFormat from '../generators/hcl-format';
import { formatHcl, MODULE_FILES, moduleArgumentList, renderModule, tidy, typeAsWritten } from '../generators/module';
import { isAnyCidr, renderTfvarsJson, specToTfvars } from '../generators/tfvars';
import { ForeignFilesError, writeModule } from '../generators/write';
import { EXAMPLE_CONFIG, loadCases, REPO_ROOT } from './support/cases';
import { expectGoldenDir, listFiles } from './support/golden';
import { removeTempDirs, tempDir } from './support/terraform';
import { TOOL_VERSION } from '../lib/model/versions';

const cases = loadCases();
const MODULE_DIR = path.join(REPO_ROOT, 'modules', 'ecs-privatelink');
const rendered = new Map<string, Map<string, string>>();
let example: Map<string, string>;

beforeAll(async () => {
  for (const c of cases) rendered.set(c.name, await renderModule(c.spec));
  example = await renderModule(loadConfig(EXAMPLE_CONFIG));
});
afterAll(removeTempDirs);

const snake = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// ---------------------------------------------------------------------------
// Goldens and drift
// ---------------------------------------------------------------------------

describe.each(cases.map((c) => [c.name, c] as const))('rendered module: %s', (name, c) => {
  test('equals the golden files in test/cases/<name>/module/', () => {
    expectGoldenDir(path.join(c.dir, 'module'), rendered.get(name)!);
  });

  test('every file starts with the generated-file marker, uses LF and ends with one newline', () => {
    const files = rendered.get(name)!;
    expect([...files.keys()]).toEqual(MODULE_FILES.map((f) => f.path));
    for (const [rel, text] of files) {
      const first = text.split('\n', 1)[0];
      expect({ rel, first }).toEqual({ rel, first: rel.endsWith('.md') ? `<!-- ${markerText()} -->` : `# ${markerText()}` });
      expect(hasGeneratedMarker(text)).toBe(true);
      expect(text).not.toMatch(/\r/);
      expect(text.endsWith('\n') && !text.endsWith('\n\n')).toBe(true);
      expect(text).not.toMatch(/[ \t]+$/m);
    }
  });

  test('every HCL file parses', async () => {
    for (const [rel, text] of rendered.get(name)!) {
      if (rel.endsWith('.md')) continue;
      await expect(parse(rel, text)).resolves.toEqual(expect.any(Object));
    }
  });
});

test('rendered modules differ between cases only in the defaults of profile, endpoints, custom_endpoints and name_prefix, the example and the README', () => {
  const generic = ['main.tf', 'outputs.tf', 'versions.tf', 'tests/plan.tftest.hcl', 'tests/defaults.tftest.hcl', 'tests/validation.tftest.hcl'];
  const first = rendered.get(cases[0].name)!;
  for (const c of cases) {
    const files = rendered.get(c.name)!;
    for (const rel of generic) expect({ case: c.name, rel, text: files.get(rel) }).toEqual({ case: c.name, rel, text: first.get(rel) });
    // variables.tf: equal once the two defaults that come from the configuration are blanked out.
    const blank = (text: string) =>
      text.replace(/(variable "(endpoints|custom_endpoints|profile|name_prefix)" \{[\s\S]*?\n  default)\s*=\s*(\{\}|\{[\s\S]*?\n  \}|"[^"\n]*")/g, '$1 = <from the configuration>');
    expect(blank(files.get('variables.tf')!)).toBe(blank(first.get('variables.tf')!));
  }
});

test('the committed modules/ecs-privatelink equals a fresh render of privatelink.config.yaml (run npm run generate after a change)', () => {
  if (!fs.existsSync(MODULE_DIR)) throw new Error(`${MODULE_DIR} is missing; run npm run generate and commit it`);
  expect(listFiles(MODULE_DIR).sort()).toEqual([...example.keys()].sort());
  for (const [rel, text] of example) {
    const committed = fs.readFileSync(path.join(MODULE_DIR, rel), 'utf8');
    if (committed !== text) {
      throw new Error(`modules/ecs-privatelink/${rel} has drifted from a fresh render of privatelink.config.yaml; run npm run generate and commit the result`);
    }
  }
});

test('rendering twice gives byte-identical files and does not mutate the spec', async () => {
  for (const c of cases) {
    const spec = structuredClone(c.spec);
    const frozen = deepFreeze(structuredClone(c.spec));
    const again = await renderModule(frozen);
    expect([...again.entries()]).toEqual([...rendered.get(c.name)!.entries()]);
    expect(frozen).toEqual(spec);
  }
});

test('MODULE_FILES formats every file but the README as HCL', () => {
  expect(MODULE_FILES.map((f) => [f.path, f.hcl])).toEqual(MODULE_FILES.map((f) => [f.path, f.path !== 'README.md']));
});

describe('moduleArgumentList: the example\'s module arguments, those that differ from the module defaults', () => {
  const VPC = 'region: eu-west-1\nvpcId: vpc-0a1b2c3d4e5f67890\nprofile: none\n';

  test('leaves out subnet_ids when the configuration has no subnets (a gateway endpoint only)', () => {
    const spec = parseConfig(`${VPC}endpoints: [s3]\nrouteTableIds: [rtb-0a1b2c3d4e5f60001]\n`, 'c.yaml');
    expect(moduleArgumentList(spec)).toEqual([
      ['vpc_id', 'vpc-0a1b2c3d4e5f67890'],
      ['route_table_ids', ['rtb-0a1b2c3d4e5f60001']],
      ['profile', 'none'],
      ['endpoints', { s3: {} }],
    ]);
  });

  test('leaves out route_table_ids without route tables, and writes allow_any_cidr = true when the configuration allows any CIDR', () => {
    const spec = parseConfig(`${VPC}endpoints: [ecr.api]\nsubnetIds: [subnet-0a1b2c3d4e5f60001]\nallowedCidrBlocks: ["0.0.0.0/0"]\nallowAnyCidr: true\n`, 'c.yaml');
    expect(moduleArgumentList(spec)).toEqual([
      ['vpc_id', 'vpc-0a1b2c3d4e5f67890'],
      ['subnet_ids', ['subnet-0a1b2c3d4e5f60001']],
      ['allowed_cidr_blocks', ['0.0.0.0/0']],
      ['allow_any_cidr', true],
      ['profile', 'none'],
      ['endpoints', { ecr_api: {} }],
    ]);
  });
});

// ---------------------------------------------------------------------------
// tidy and formatHcl, the last step of every rendered file
// ---------------------------------------------------------------------------

describe('tidy and formatHcl', () => {
  test('tidy turns CRLF and CR into LF, drops trailing spaces and tabs, collapses runs of blank lines to one, trims and ends with one newline', () => {
    const text = '\n\n  a = 1 \t\r\nb\r\rc\n\n\nd\n\n\n\n\ne\t\n\n';
    expect(tidy(text)).toBe('a = 1\nb\n\nc\n\nd\n\ne\n');
  });

  test('formatHcl writes terraform fmt style, then tidies', async () => {
    await expect(formatHcl('a = 1\nbb = 2\n\n\n\nc {\nx=1\n}', 'f.tf')).resolves.toBe('a  = 1\nbb = 2\n\nc {\n  x = 1\n}\n');
  });

  test('formatHcl refuses text that formats to nothing, naming the file', async () => {
    for (const blank of ['', ' \n\n']) {
      await expect(formatHcl(blank, 'examples/complete/main.tf')).rejects.toThrow(
        new Error('the rendered examples/complete/main.tf could not be formatted as HCL; a template or helper produced invalid HCL'),
      );
    }
  });

  test('formatHcl refuses a formatter result that is not text with its own message, not a TypeError', async () => {
    const formatter = jest.spyOn(hclFormat, 'formatHclText').mockResolvedValue(undefined as unknown as string);
    try {
      await expect(formatHcl('a = 1\n', 'main.tf')).rejects.toThrow(new Error('the rendered main.tf could not be formatted as HCL; a template or helper produced invalid HCL'));
    } finally {
      formatter.mockRestore();
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

// ---------------------------------------------------------------------------
// The HCL escaping helper
// ---------------------------------------------------------------------------

describe('hclEscape', () => {
  test.each([
    ['plain', 'plain'],
    ['she said "hi"', 'she said \\"hi\\"'],
    ['C:\\temp\\new', 'C:\\\\temp\\\\new'],
    ['${var.secret}', '$${var.secret}'],
    ['%{ if true }yes%{ endif }', '%%{ if true }yes%%{ endif }'],
    ['$${literal}', '$$${literal}'],
    ['%%{x}', '%%%{x}'],
    ['a $ b % c {d}', 'a $ b % c {d}'],
    ['line\nnext\r\n\ttab', 'line\\nnext\\r\\n\\ttab'],
    ['bell\u0007 del\u007f c1\u0085', 'bell\\u0007 del\\u007F c1\\u0085'],
    ['rtl\u202eoverride zero\u200bwidth', 'rtl\\u202Eoverride zero\\u200Bwidth'],
    ['tag\u{e0041}char', 'tag\\U000E0041char'],
    ['Plattform & Betrieb – Zürich 🚢 שלום', 'Plattform & Betrieb – Zürich 🚢 שלום'],
    ['\\${', '\\\\$${'],
  ])('%j is written as %j', (input, expected) => {
    expect(hclEscape(input)).toBe(expected);
  });

  test('normalizes to NFC, as Terraform does with every string it reads', () => {
    expect(hclEscape('Zu\u0308rich')).toBe('Z\u00fcrich');
  });

  test('leaves no template sequence, raw control character or unescaped quote in its output', () => {
    const samples = ['${', '%{', '$${', '%%{', '$$$${', '"\\"', '\u0000\u001f', 'x\n${y}\n%{z}'];
    for (const s of samples) {
      const out = hclEscape(s);
      expect(out.replace(/\$\$\{/g, '').replace(/%%\{/g, '')).not.toMatch(/[$%]\{/);
      expect(out).not.toMatch(/[\u0000-\u001f\u007f]/);
      expect(out.replace(/\\\\/g, '').replace(/\\"/g, '')).not.toMatch(/"/);
    }
  });

  test('rejects a lone UTF-16 surrogate, which cannot be written in UTF-8', () => {
    expect(() => hclEscape('broken \ud800 text')).toThrow(/lone UTF-16 surrogate \(U\+D800\)/);
    // Both ends of the surrogate range, a low one alone, and the characters just outside it.
    expect(() => hclEscape('\udfff')).toThrow(/lone UTF-16 surrogate \(U\+DFFF\)/);
    expect(() => hclEscape('x\udc00')).toThrow(/lone UTF-16 surrogate \(U\+DC00\)/);
    expect(hclEscape('\ud7ff\ue000')).toBe('\ud7ff\ue000');
    expect(hclEscape('\ud83d\ude80')).toBe('\u{1f680}');
  });

  test('hclString quotes and hclValue writes every JSON-like value', () => {
    expect(hclString('a"b')).toBe('"a\\"b"');
    expect(hclValue(['x', 'y'])).toBe('["x", "y"]');
    expect(hclValue({ Name: 'n', 'owner:team': '${x}', n: 1, b: false, z: null })).toBe('{\nName = "n"\n"owner:team" = "$${x}"\nn = 1\nb = false\nz = null\n}');
    expect(hclValue({})).toBe('{}');
    expect(hclValue([])).toBe('[]');
    // Absent is null in a list, and an attribute left out of an object.
    expect(hclValue([undefined, null])).toBe('[null, null]');
    expect(hclValue({ a: undefined, b: 1 })).toBe('{\nb = 1\n}');
    expect(hclValue({ a: undefined })).toBe('{}');
    // A list stays on one line up to 100 characters.
    expect(hclValue(['x'.repeat(96)])).toBe(`["${'x'.repeat(96)}"]`);
    expect(hclValue(['x'.repeat(97)])).toBe(`[\n"${'x'.repeat(97)}",\n]`);
  });

  test('rejects values that have no HCL literal', () => {
    expect(() => hclValue(Number.NaN)).toThrow(/cannot write NaN/);
    expect(() => hclValue(() => 1)).toThrow(/cannot write a function/);
  });
});

test('the tricky-tags case keeps every tag text, escaped once, in the example', () => {
  const tricky = cases.find((c) => c.name === 'tricky-tags')!;
  const main = rendered.get('tricky-tags')!.get('examples/complete/main.tf')!;
  for (const [key, value] of Object.entries(tricky.spec.tags)) {
    expect(main).toMatch(new RegExp(`\\n\\s+${escapeRegExp(hclKey(key))}\\s+= ${escapeRegExp(hclString(value))}\\n`));
  }
  expect(main).toContain('"$${var.secret}"');
  expect(main).toContain('"owner:team"');
});

// ---------------------------------------------------------------------------
// The module's interface
// ---------------------------------------------------------------------------

async function variableBlocks(files: Map<string, string>): Promise<Record<string, Record<string, unknown>>> {
  const parsed = (await parse('variables.tf', files.get('variables.tf')!)) as { variable: Record<string, Record<string, unknown>[]> };
  return Object.fromEntries(Object.entries(parsed.variable).map(([name, blocks]) => [name, blocks[0]]));
}

/**
 * Tests that read lib/cdktf/construct.ts as text: under mutation testing
 * (StrykerJS sets STRYKER_MUTATOR_WORKER) that file is Stryker's instrumented
 * copy, reformatted, so they do not run there; everywhere else they run.
 */
const sourceTextTest = process.env.STRYKER_MUTATOR_WORKER ? test.skip : test;

/** The property names of an interface in lib/cdktf/construct.ts, read from its source text. */
function interfaceProps(name: string): string[] {
  const source = fs.readFileSync(path.join(REPO_ROOT, 'lib', 'cdktf', 'construct.ts'), 'utf8');
  const body = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1];
  if (!body) throw new Error(`interface ${name} not found in lib/cdktf/construct.ts`);
  return [...body.matchAll(/^\s+readonly (\w+)\??:/gm)].map((m) => m[1]);
}

sourceTextTest('the module variables are the construct props in snake_case, one to one (minus region, plus allow_any_cidr)', async () => {
  const variables = Object.keys(await variableBlocks(example)).sort();
  const props = interfaceProps('EcsPrivateLinkProps').filter((p) => p !== 'region');
  expect(variables).toEqual([...props.map(snake), ...MODULE_ONLY_VARIABLES].sort());
  expect(MODULE_VARIABLES.map((v) => v.name).sort()).toEqual(variables);
});

sourceTextTest('the attributes of an endpoints entry are the EndpointOptions props in snake_case', () => {
  const type = MODULE_VARIABLES.find((v) => v.name === 'endpoints')!.type;
  // Top-level attributes only (two spaces in): dns_options and timeouts hold their own.
  const attributes = [...type.matchAll(/^ {2}(\w+)\s*=/gm)].map((m) => m[1]);
  expect(attributes.sort()).toEqual(interfaceProps('EndpointOptions').map(snake).sort());
});

sourceTextTest('the module defaults are the construct defaults (the @default of each prop)', async () => {
  const blocks = await variableBlocks(rendered.get('default-six')!);
  const source = fs.readFileSync(path.join(REPO_ROOT, 'lib', 'cdktf', 'construct.ts'), 'utf8');
  const documented = new Map([...source.matchAll(/@default ([^\n]+)\n(?:[^\n]*\n)*?\s+readonly (\w+)\?:/g)].map((m) => [m[2], m[1].trim()]));
  const checked: string[] = [];
  for (const [prop, doc] of documented) {
    const literal = /^(\[\]|\{\}|true|false|"[^"]*")/.exec(doc)?.[1];
    if (!literal || !(snake(prop) in blocks)) continue; // "- what happens": checked by the plans; a prop of an endpoint entry, not a variable
    expect({ prop, value: blocks[snake(prop)].default }).toEqual({ prop, value: JSON.parse(literal) });
    checked.push(prop);
  }
  expect(checked).toEqual(expect.arrayContaining(['subnetIds', 'routeTableIds', 'profile', 'endpoints', 'customEndpoints', 'tags', 'namePrefix']));
  // createSecurityGroup: "true unless securityGroupIds is given" is null in the module, derived the same way.
  expect(blocks.create_security_group.default).toBeNull();
  expect(blocks.vpc_id.default).toBeUndefined();
});

test('the module-only variables are the module variables that no construct prop of any test case (or of a hub with zones) gives', () => {
  const specs: Spec[] = [...cases.map((c) => c.spec), { ...cases[0].spec, privateDnsFromHubZones: ['ecr_api'] }];
  const props = new Set(specs.flatMap((spec) => Object.keys(specToProps(spec)).map(snake)));
  expect(MODULE_VARIABLES.map((v) => v.name).filter((name) => !props.has(name)).sort()).toEqual([...MODULE_ONLY_VARIABLES].sort());
});

test('generators/interface.ts refuses to load when lib/model/schema.ts lacks a pattern its validations need', () => {
  try {
    jest.isolateModules(() => {
      jest.doMock('../lib/model/schema', () => {
        const actual = jest.requireActual<typeof import('../lib/model/schema')>('../lib/model/schema');
        const { pattern: _dropped, ...vpcId } = actual.CONFIG_SCHEMA.properties!.vpcId;
        return { ...actual, CONFIG_SCHEMA: { ...actual.CONFIG_SCHEMA, properties: { ...actual.CONFIG_SCHEMA.properties, vpcId } } };
      });
      expect(() => require('../generators/interface')).toThrow(new Error('lib/model/schema.ts is missing a pattern the module validations need'));
    });
  } finally {
    jest.dontMock('../lib/model/schema');
  }
});

test('variables are written description, type, default, nullable, validation; descriptions in sentence case without a final period', () => {
  const text = example.get('variables.tf')!;
  const blocks = [...text.matchAll(/^variable "(\w+)" \{\n([\s\S]*?)^\}/gm)];
  expect(blocks.map((b) => b[1]).sort()).toEqual(MODULE_VARIABLES.map((v) => v.name).sort());
  for (const [, name, body] of blocks) {
    const order = [...body.matchAll(/^  (\w+)\b/gm)].map((m) => m[1]).filter((k, i, all) => all.indexOf(k) === i);
    expect({ name, order }).toEqual({ name, order: ['description', 'type', ...(name === 'vpc_id' ? [] : ['default']), 'nullable', ...(order.includes('validation') ? ['validation'] : [])] });
  }
  for (const v of MODULE_VARIABLES) {
    expect({ name: v.name, description: v.description }).toEqual({ name: v.name, description: expect.stringMatching(/^[A-Z].*[^.]$/) });
    for (const validation of v.validations) {
      expect({ name: v.name, message: validation.errorMessage }).toEqual({ name: v.name, message: expect.stringMatching(/^[A-Za-z].*\.$/) });
    }
  }
});

test('the endpoint key validation lists every catalog key, in the condition and in the message', () => {
  const keys = MODULE_VARIABLES.find((v) => v.name === 'endpoints')!.validations.find((v) => v.condition.includes('contains(['))!;
  for (const e of CATALOG) {
    expect(keys.condition).toContain(`"${e.key}"`);
    expect(keys.errorMessage).toContain(e.key);
  }
});

test('tests/validation.tftest.hcl makes every validation of every variable fail at least once', () => {
  const text = example.get('tests/validation.tftest.hcl')!;
  const failures = new Map<string, number>();
  for (const m of text.matchAll(/expect_failures = \[([^\]]*)\]/g)) {
    for (const ref of m[1].split(',').map((r) => r.trim())) {
      if (ref.startsWith('var.')) failures.set(ref.slice(4), (failures.get(ref.slice(4)) ?? 0) + 1);
    }
  }
  for (const v of MODULE_VARIABLES) {
    expect({ variable: v.name, runs: failures.get(v.name) ?? 0 }).toEqual({ variable: v.name, runs: expect.any(Number) });
    expect(failures.get(v.name) ?? 0).toBeGreaterThanOrEqual(v.validations.length);
  }
  const preconditions = (example.get('main.tf')!.match(/precondition \{/g) ?? []).length;
  expect((text.match(/expect_failures = \[(aws_|data\.aws_)/g) ?? []).length).toBeGreaterThanOrEqual(preconditions);
});

test('the README documents every variable and output with the type as written in variables.tf', () => {
  const readme = example.get('README.md')!;
  const variables = example.get('variables.tf')!;
  const docs = readme.slice(readme.indexOf('<!-- BEGIN_TF_DOCS -->'), readme.indexOf('<!-- END_TF_DOCS -->'));
  expect(docs.length).toBeGreaterThan(0);
  for (const v of MODULE_VARIABLES) {
    expect(docs).toContain(`<a name="input_${v.name}"></a> [${v.name.replace(/_/g, '\\_')}](#input\\_${v.name.replace(/_/g, '\\_')})`);
    expect(variables).toContain(typeAsWritten(v));
  }
  for (const name of ['endpoint_ids', 'endpoint_arns', 'endpoint_dns_entries', 'security_group_id', 's3_prefix_list_id']) {
    expect(docs).toContain(`<a name="output_${name}"></a>`);
  }
  expect(readme).toContain('module "ecs_privatelink" {\n  source = "./modules/ecs-privatelink"');
});

test('versions.tf takes the constraints of lib/model/versions.ts and main.tf uses no data source that calls AWS', async () => {
  const versions = (await parse('versions.tf', example.get('versions.tf')!)) as { terraform: { required_version: string; required_providers: { aws: { source: string; version: string } }[] }[] };
  expect(versions.terraform[0].required_version).toBe('>= 1.5');
  expect(versions.terraform[0].required_providers[0].aws).toEqual({ source: 'hashicorp/aws', version: '>= 5.100, < 7.0' });
  const main = (await parse('main.tf', example.get('main.tf')!)) as { data: Record<string, unknown> };
  expect(Object.keys(main.data).sort()).toEqual(['aws_partition', 'aws_region']);
  expect(example.get('main.tf')).toContain('data.aws_region.current.id');
  expect(example.get('main.tf')).not.toMatch(/data\.aws_region\.current\.name/);
});

// ---------------------------------------------------------------------------
// tfvars
// ---------------------------------------------------------------------------

describe('specToTfvars', () => {
  test('gives every module variable, as the snake_case of specToProps without region', () => {
    for (const c of cases) {
      const inputs = specToTfvars(c.spec);
      expect(Object.keys(inputs).sort()).toEqual(MODULE_VARIABLES.map((v) => v.name).sort());
      const props = specToProps(c.spec);
      for (const [prop, value] of Object.entries(props)) {
        if (prop === 'region' || prop === 'endpoints' || prop === 'customEndpoints') continue;
        expect({ prop, value: (inputs as unknown as Record<string, unknown>)[snake(prop)] }).toEqual({ prop, value });
      }
      expect(Object.keys(inputs.endpoints)).toEqual(c.spec.endpoints.filter((e) => !e.custom).map((e) => e.key));
      expect(Object.keys(inputs.custom_endpoints)).toEqual(c.spec.endpoints.filter((e) => e.custom).map((e) => e.key));
      for (const e of c.spec.endpoints) {
        const dns = e.dnsOptions;
        expect((e.custom ? inputs.custom_endpoints : inputs.endpoints)[e.key]).toEqual({
          ...(e.custom ? { service: e.service, ...(e.type === 'Gateway' ? { type: 'Gateway' } : {}) } : {}),
          ...(e.privateDns === undefined ? {} : { private_dns_enabled: e.privateDns }),
          ...(e.policy === undefined ? {} : { policy: e.policy }),
          ...(e.subnetIds === undefined ? {} : { subnet_ids: e.subnetIds }),
          ...(e.securityGroupIds === undefined ? {} : { security_group_ids: e.securityGroupIds }),
          ...(e.ipAddressType === undefined ? {} : { ip_address_type: e.ipAddressType }),
          ...(dns === undefined
            ? {}
            : {
                dns_options: {
                  ...(dns.dnsRecordIpType === undefined ? {} : { dns_record_ip_type: dns.dnsRecordIpType }),
                  ...(dns.privateDnsOnlyForInboundResolverEndpoint === undefined ? {} : { private_dns_only_for_inbound_resolver_endpoint: dns.privateDnsOnlyForInboundResolverEndpoint }),
                },
              }),
          ...(e.serviceRegion === undefined ? {} : { service_region: e.serviceRegion }),
          ...(e.timeouts === undefined ? {} : { timeouts: e.timeouts }),
        });
      }
      expect(inputs.allow_any_cidr).toBe(false);
    }
  });

  test('sets allow_any_cidr when the (validated) spec holds a /0 block', () => {
    const spec: Spec = { ...cases[0].spec, allowedCidrBlocks: ['0.0.0.0/0'] };
    expect(specToTfvars(spec).allow_any_cidr).toBe(true);
    expect(isAnyCidr('::/0')).toBe(true);
    expect(isAnyCidr('10.0.0.0/16')).toBe(false);
  });

  test('renders JSON that reads back to the same inputs, with the strings as they are', () => {
    const tricky = cases.find((c) => c.name === 'tricky-tags')!;
    const text = renderTfvarsJson(specToTfvars(tricky.spec));
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(specToTfvars(tricky.spec));
    expect(JSON.parse(text).tags.interpolation).toBe('${var.secret}');
  });

  test('does not share arrays or objects with the spec', () => {
    const spec = structuredClone(cases[0].spec);
    const inputs = specToTfvars(spec);
    inputs.subnet_ids.push('subnet-00000000');
    inputs.tags.extra = 'x';
    expect(spec).toEqual(cases[0].spec);
  });
});

// ---------------------------------------------------------------------------
// writeModule
// ---------------------------------------------------------------------------

describe('writeModule', () => {
  const files = () =>
    new Map([
      ['main.tf', `# ${markerText()}\n`],
      ['tests/a.tftest.hcl', `# ${markerText()}\n`],
    ]);
  const snapshot = (dir: string) => Object.fromEntries(listFiles(dir).map((rel) => [rel, fs.readFileSync(path.join(dir, rel), 'utf8')]));
  const siblings = (dir: string) => fs.readdirSync(path.dirname(dir)).sort();

  test('creates a missing folder, with its parents', () => {
    const dir = path.join(tempDir('write'), 'modules', 'ecs-privatelink');
    writeModule(dir, files());
    expect(snapshot(dir)).toEqual(Object.fromEntries(files()));
    expect(siblings(dir)).toEqual(['ecs-privatelink']);
  });

  test('replaces a generated folder with exactly the new files', () => {
    const dir = path.join(tempDir('write'), 'module');
    writeModule(dir, new Map([...files(), ['old.tf', `# Code generated by ecs-privatelink 0.0.1. DO NOT EDIT.\n`]]));
    writeModule(dir, files());
    expect(snapshot(dir)).toEqual(Object.fromEntries(files()));
    expect(siblings(dir)).toEqual(['module']);
  });

  test('rejects a folder holding a file without the marker, and leaves it as it was', () => {
    const dir = path.join(tempDir('write'), 'module');
    writeModule(dir, files());
    fs.writeFileSync(path.join(dir, 'notes.md'), 'my own notes\n');
    const before = snapshot(dir);
    expect(() => writeModule(dir, files())).toThrow(ForeignFilesError);
    expect(() => writeModule(dir, files())).toThrow(/refusing to replace .*module: it holds 1 file that ecs-privatelink did not generate \(notes\.md\)/);
    expect(snapshot(dir)).toEqual(before);
    expect(siblings(dir)).toEqual(['module']);
  });

  test('replaces such a folder with force, when it holds a generated file', () => {
    const dir = path.join(tempDir('write'), 'module');
    writeModule(dir, files());
    fs.mkdirSync(path.join(dir, '.terraform'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.terraform', 'x'), 'x');
    writeModule(dir, files(), { force: true });
    expect(snapshot(dir)).toEqual(Object.fromEntries(files()));
  });

  test('rejects, even with force, a folder that holds no generated file, and leaves it as it was', () => {
    const dir = path.join(tempDir('write'), 'module');
    fs.mkdirSync(path.join(dir, '.terraform'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.terraform', 'x'), 'x');
    expect(() => writeModule(dir, files(), { force: true })).toThrow(/it holds no file that ecs-privatelink generated .*--force replaces only a folder of a generated module/);
    expect(snapshot(dir)).toEqual({ '.terraform/x': 'x' });
    expect(siblings(dir)).toEqual(['module']);
  });

  test('rejects a target that is a file', () => {
    const file = path.join(tempDir('write'), 'module');
    fs.writeFileSync(file, 'x');
    expect(() => writeModule(file, files())).toThrow(/is a file, not a folder/);
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });

  test('rejects a file name outside the folder before writing anything', () => {
    const dir = path.join(tempDir('write'), 'module');
    writeModule(dir, files());
    const before = snapshot(dir);
    for (const bad of ['../escape.tf', '/abs.tf', 'a//b.tf', '']) {
      expect(() => writeModule(dir, new Map([[bad, 'x']]))).toThrow(/must be relative paths inside the module folder/);
    }
    expect(snapshot(dir)).toEqual(before);
    expect(siblings(dir)).toEqual(['module']);
  });

  test('rejects files that cannot be written, leaving the folder exactly as it was and no temporary folder behind', () => {
    const dir = path.join(tempDir('write'), 'module');
    writeModule(dir, files());
    const before = snapshot(dir);
    // "examples" is both a file and a folder: the second write fails half-way through.
    const conflicting = new Map([...files(), ['examples', `# ${markerText()}\n`], ['examples/complete/main.tf', `# ${markerText()}\n`]]);
    expect(() => writeModule(dir, conflicting)).toThrow(/EEXIST|ENOTDIR/);
    expect(snapshot(dir)).toEqual(before);
    expect(siblings(dir)).toEqual(['module']);
  });
});

test('hasGeneratedMarker recognizes the marker of any version, in HCL and Markdown, and nothing else', () => {
  expect(hasGeneratedMarker(`# ${markerText()}\nx`)).toBe(true);
  expect(hasGeneratedMarker(`<!-- ${markerText('9.9.9')} -->\n`)).toBe(true);
  expect(hasGeneratedMarker(`# ${markerText(TOOL_VERSION)}\r\n`)).toBe(true);
  expect(hasGeneratedMarker(`\n# ${markerText()}\n`)).toBe(false);
  expect(hasGeneratedMarker('# Code generated by something else. DO NOT EDIT.\n')).toBe(false);
  // Only a line ending's carriage return is dropped: one inside the line makes it another line.
  expect(hasGeneratedMarker('# Code generated by ecs-privatelink 1\r.0.0. DO NOT EDIT.\n')).toBe(false);
  // The marker is the whole first line: nothing before it, nothing after it.
  expect(hasGeneratedMarker(`## ${markerText()}\n`)).toBe(false);
  expect(hasGeneratedMarker(`x = 1 # ${markerText()}\n`)).toBe(false);
  expect(hasGeneratedMarker(`# ${markerText()} (edited)\n`)).toBe(false);
});

test('README table cells: markdownCell escapes pipes, line breaks, and _ and * outside code spans; markdownCode keeps a multi-line value in <pre>', () => {
  expect(markdownCell('a_b *c* `x_y*` | d\ne')).toBe('a\\_b \\*c\\* `x_y*` \\| d<br/>e');
  expect(markdownCell('`a|b`')).toBe('`a\\|b`');
  expect(markdownCode('["x"]')).toBe('`["x"]`');
  expect(markdownCode('{\n  a = "<b>" & "|"\n}')).toBe('<pre>{<br/>  a = "&lt;b&gt;" &amp; "\\|"<br/>}</pre>');
});
