/**
 * lib/cdktf/synth.ts synthesizes a fleet's stacks one at a time; these tests
 * hold it to the files of cdktf's own `app.synth()` over an app holding
 * every stack (how `synth` worked before), byte for byte, on a fleet made of
 * every test case, and check `--only` and the all-or-nothing write.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import { App, Lazy, TerraformOutput, TerraformStack, Token, type IResolvable } from 'cdktf';
import { Node } from 'constructs';
import type { Spec } from '../lib/model/config';
import { stackName, type Fleet } from '../lib/model/fleet';
import { addFleetStacks } from '../lib/cdktf/stack';
import { resolveOnce, synthesizeFleet, type FleetStackOptions } from '../lib/cdktf/synth';
import { loadCases } from './support/cases';
import { loadFleetCases } from './support/fleets';
import { listFiles } from './support/golden';

/** The fs module itself (the import above is a copy of its bindings), so that a spy reaches the code under test. */
const nodeFs: typeof fs = require('fs');

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-stream-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Every file under `dir`: relative path -> bytes. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).sort().map((rel) => [rel, fs.readFileSync(path.join(dir, rel), 'latin1')]));
}

/** The files of cdktf's `app.synth()` with every stack in one app: the reference. */
function appSynth(fleet: Fleet, outdir: string, options: FleetStackOptions = {}): Record<string, string> {
  const app = new App({ outdir });
  addFleetStacks(app, fleet, options);
  app.synth();
  return snapshot(outdir);
}

/** A fleet of one VPC per test case (names c-<case>), each with its own VPC id, every other one with an account. */
function casesFleet(): Fleet {
  return {
    kind: 'fleet',
    vpcs: loadCases().map((c, i) => ({
      name: `c-${c.name}`,
      // Named as in a fleet file: the VPC's key, its stack ecs-privatelink-<key>.
      spec: { ...c.spec, vpcId: `vpc-${(i + 1).toString(16).padStart(17, '0')}`, name: `c-${c.name}`, stack: `ecs-privatelink-c-${c.name}` } as Spec,
      ...(i % 2 === 0 ? { account: { assumeRoleArn: `arn:aws:iam::${String(111111111111 + i)}:role/deploy`, ...(i % 4 === 0 ? { profile: 'ops' } : {}) } } : {}),
    })),
  };
}

describe('synthesizeFleet', () => {
  const fleets: [string, Fleet][] = [
    ...loadFleetCases().map((c): [string, Fleet] => [`test/fleets/${c.name}`, c.fleet]),
    ['a fleet of every test case', casesFleet()],
    ['a single-VPC configuration', { kind: 'single', vpcs: [{ name: 'ecs-privatelink', spec: loadCases()[0].spec }] }],
  ];

  test.each(fleets)('%s: every file byte-identical to app.synth() with all stacks in one app', async (name, fleet) => {
    const slug = name.replace(/[^a-z0-9]+/gi, '-');
    const expected = appSynth(fleet, path.join(work, `${slug}-app`));
    const outdir = path.join(work, `${slug}-stream`);
    const result = await synthesizeFleet(fleet, outdir);
    expect(Object.keys(expected).length).toBe(fleet.vpcs.length + 1);
    expect(snapshot(outdir)).toEqual(expected);
    expect(result.files).toEqual(Object.keys(expected));
    // Again over its own output: the same bytes, and no temporary file left.
    await synthesizeFleet(fleet, outdir);
    expect(snapshot(outdir)).toEqual(expected);
  });

  test('--only: the subset is written, the other stacks and their manifest entries are left alone', async () => {
    const fleet = casesFleet();
    const outdir = path.join(work, 'only');
    const all = appSynth(fleet, path.join(work, 'only-reference'));
    await synthesizeFleet(fleet, outdir);
    const [first, second, third] = fleet.vpcs.map((v) => `stacks/ecs-privatelink-${v.name}/cdk.tf.json`);
    // A hand edit in one stack not in the subset, and a damaged stack in it.
    fs.writeFileSync(path.join(outdir, first), 'edited by hand\n');
    fs.writeFileSync(path.join(outdir, second), 'stale\n');
    const result = await synthesizeFleet(fleet, outdir, { vpcs: [fleet.vpcs[1], fleet.vpcs[2]] });
    expect(result.stacks).toEqual([`ecs-privatelink-${fleet.vpcs[1].name}`, `ecs-privatelink-${fleet.vpcs[2].name}`]);
    expect(result.files).toEqual(['manifest.json', second, third]);
    const after = snapshot(outdir);
    expect(after[first]).toBe('edited by hand\n');
    expect(after[second]).toBe(all[second]);
    expect(after[third]).toBe(all[third]);
    expect(after['manifest.json']).toBe(all['manifest.json']);
  });

  test('--only into an empty folder: only the subset, and a manifest of the subset', async () => {
    const fleet = casesFleet();
    const outdir = path.join(work, 'only-empty');
    await synthesizeFleet(fleet, outdir, { vpcs: [fleet.vpcs[3]] });
    expect(listFiles(outdir).sort()).toEqual(['manifest.json', `stacks/ecs-privatelink-${fleet.vpcs[3].name}/cdk.tf.json`]);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).stacks)).toEqual([`ecs-privatelink-${fleet.vpcs[3].name}`]);
  });

  test('rejects a stack that fails half-way and leaves the folder exactly as it was', async () => {
    const good = casesFleet();
    const outdir = path.join(work, 'failing');
    await synthesizeFleet({ kind: 'fleet', vpcs: good.vpcs.slice(0, 2) }, outdir);
    const before = snapshot(outdir);
    const broken = { ...good.vpcs[3], name: 'zz-broken', spec: { ...good.vpcs[3].spec, allowedPrincipalAccountIds: ['12'] } as Spec };
    const fleet: Fleet = { kind: 'fleet', vpcs: [...good.vpcs.slice(0, 3), broken] };
    await expect(synthesizeFleet(fleet, outdir)).rejects.toThrow(/allowedPrincipalAccountIds\[0\]: "12" is not valid/);
    expect(snapshot(outdir)).toEqual(before);
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(good.vpcs.slice(0, 2).map((v) => `ecs-privatelink-${v.name}`).sort());
    expect(fs.readdirSync(outdir).sort()).toEqual(['manifest.json', 'stacks']);

    const fresh = path.join(work, 'failing-fresh', 'out');
    await expect(synthesizeFleet(fleet, fresh)).rejects.toThrow(/allowedPrincipalAccountIds/);
    expect(fs.existsSync(path.join(work, 'failing-fresh'))).toBe(false);
  });
});

describe('synthesizeFleet: temporary files, folders and options', () => {
  /** The first `n` VPCs of the fleet of every test case. */
  const firstVpcs = (n: number): Fleet => ({ kind: 'fleet', vpcs: casesFleet().vpcs.slice(0, n) });
  /** A fleet whose second VPC fails to synthesize (an account id the construct rejects). */
  function failingFleet(): Fleet {
    const [good, other] = casesFleet().vpcs;
    return { kind: 'fleet', vpcs: [good, { ...other, name: 'zz-broken', spec: { ...other.spec, allowedPrincipalAccountIds: ['12'] } as Spec }] };
  }

  /** Runs `synth` with every write of a manifest.json failing (EIO). */
  async function withManifestWritesFailing<T>(synth: () => Promise<T>): Promise<T> {
    const realWrite = nodeFs.writeFileSync;
    jest.spyOn(nodeFs, 'writeFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
      if (path.basename(String(file)) === 'manifest.json') throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
      return (realWrite as (...args: unknown[]) => void)(file, ...rest);
    }) as typeof nodeFs.writeFileSync);
    try {
      return await synth();
    } finally {
      jest.restoreAllMocks();
    }
  }

  test('writes every file under a temporary name of this process (pid, random hex) beside its place, and renames them in at the end, manifest.json last', async () => {
    const fleet = firstVpcs(2);
    const outdir = path.join(work, 'staged-names');
    const realRename = nodeFs.renameSync;
    const renames: [string, string][] = [];
    jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      renames.push([path.relative(outdir, String(from)), path.relative(outdir, String(to))]);
      return realRename(from, to);
    });
    try {
      await synthesizeFleet(fleet, outdir);
    } finally {
      jest.restoreAllMocks();
    }
    const suffix = /-(\d+-[0-9a-f]{8})-0$/.exec(renames[0]?.[0] ?? '')?.[1];
    expect(suffix).toMatch(new RegExp(`^${process.pid}-[0-9a-f]{8}$`));
    const [a, b] = fleet.vpcs.map((v) => `stacks/ecs-privatelink-${v.name}`);
    expect(renames).toEqual([
      [`${a}/.cdk.tf.json.new-${suffix}-0`, `${a}/cdk.tf.json`],
      [`${b}/.cdk.tf.json.new-${suffix}-0`, `${b}/cdk.tf.json`],
      [expect.stringMatching(new RegExp(`^\\.manifest-${suffix}-[^/]{6}/manifest\\.json$`)), 'manifest.json'],
    ]);
    expect(listFiles(outdir).sort()).toEqual(['manifest.json', `${a}/cdk.tf.json`, `${b}/cdk.tf.json`].sort());
    // The scratch folder of manifest.json is gone too (it held only an empty stacks/, which listFiles does not show).
    expect(fs.readdirSync(outdir).sort()).toEqual(['manifest.json', 'stacks']);
  });

  test('a failure in an existing output folder that has no stacks/ removes the stacks/ folder it made', async () => {
    const outdir = path.join(work, 'failing-no-stacks');
    fs.mkdirSync(outdir);
    await expect(synthesizeFleet(failingFleet(), outdir)).rejects.toThrow(/allowedPrincipalAccountIds\[0\]: "12" is not valid/);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('a failure after the stacks are staged (manifest.json cannot be written) removes every staged file, the scratch folder and the folders it made', async () => {
    const fleet = firstVpcs(2);
    const outdir = path.join(work, 'failing-manifest');
    await synthesizeFleet({ kind: 'fleet', vpcs: fleet.vpcs.slice(0, 1) }, outdir);
    const before = snapshot(outdir);
    await expect(withManifestWritesFailing(() => synthesizeFleet(fleet, outdir))).rejects.toThrow('EIO: i/o error, write');
    expect(snapshot(outdir)).toEqual(before);
    expect(fs.readdirSync(outdir).sort()).toEqual(['manifest.json', 'stacks']);
    expect(fs.readdirSync(path.join(outdir, 'stacks'))).toEqual([`ecs-privatelink-${fleet.vpcs[0].name}`]);

    const fresh = path.join(work, 'failing-manifest-fresh');
    await expect(withManifestWritesFailing(() => synthesizeFleet(fleet, fresh))).rejects.toThrow('EIO: i/o error, write');
    expect(fs.existsSync(fresh)).toBe(false);
  });

  test("cdktf's stack traces of tokens are off while the stacks are built (on with stackTraces), and back on afterwards", async () => {
    const traces = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: () => string[] };
    const original = traces.captureStackTrace;
    const outdir = path.join(work, 'stack-traces');
    /** Whether cdktf captured stack traces when synth looked for the stacks' folders (while the stacks are built): [false], [true], or both. */
    async function tracedDuringSynth(stackTraces?: boolean): Promise<boolean[]> {
      const realExists = nodeFs.existsSync;
      const seen: boolean[] = [];
      jest.spyOn(nodeFs, 'existsSync').mockImplementation((file) => {
        if (path.dirname(String(file)) === path.join(outdir, 'stacks')) seen.push(traces.captureStackTrace().length > 0);
        return realExists(file);
      });
      try {
        await synthesizeFleet(firstVpcs(2), outdir, stackTraces === undefined ? {} : { stackTraces });
      } finally {
        jest.restoreAllMocks();
      }
      return [...new Set(seen)];
    }
    expect(await tracedDuringSynth()).toEqual([false]);
    expect(traces.captureStackTrace).toBe(original);
    expect(await tracedDuringSynth(false)).toEqual([false]);
    expect(await tracedDuringSynth(true)).toEqual([true]);
    expect(traces.captureStackTrace).toBe(original);
  });

  test('stackOptions reach every stack: the same files as app.synth() with those options', async () => {
    const fleet = firstVpcs(2);
    const options: FleetStackOptions = { preflightChecks: false };
    const expected = appSynth(fleet, path.join(work, 'options-app'), options);
    expect(expected).not.toEqual(appSynth(fleet, path.join(work, 'options-app-default')));
    await synthesizeFleet(fleet, path.join(work, 'options-stream'), { stackOptions: options });
    expect(snapshot(path.join(work, 'options-stream'))).toEqual(expected);
  });

  test('--only into a staging folder: manifest.json takes the other stacks\' entries from previousOutdir, given relative to the current folder', async () => {
    const fleet = firstVpcs(3);
    const outdir = path.join(work, 'previous-out');
    await synthesizeFleet(fleet, outdir);
    const staging = path.join(work, 'previous-staging');
    const result = await synthesizeFleet(fleet, staging, { vpcs: [fleet.vpcs[1]], previousOutdir: path.relative(process.cwd(), outdir) });
    expect(result.stacks).toEqual([`ecs-privatelink-${fleet.vpcs[1].name}`]);
    expect(fs.readFileSync(path.join(staging, 'manifest.json'), 'utf8')).toBe(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  });

  test('--only keeps the manifest entries of a regular manifest.json only, and only of stacks still in the fleet', async () => {
    const fleet = firstVpcs(3);
    const [first, second] = fleet.vpcs.map((v) => `ecs-privatelink-${v.name}`);
    const outdir = path.join(work, 'manifest-kept');
    await synthesizeFleet(fleet, outdir);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { version: string; stacks: Record<string, unknown> };
    /** The stacks of manifest.json after `synth --only <second VPC>` over the given manifest.json (text, or a link to the real one). */
    async function stacksAfterOnly(name: string, previous: string | { linkTo: string }, fleetStacks?: string[]): Promise<string[]> {
      const dir = path.join(work, `manifest-kept-${name}`);
      fs.mkdirSync(dir);
      if (typeof previous === 'string') fs.writeFileSync(path.join(dir, 'manifest.json'), previous);
      else fs.symlinkSync(previous.linkTo, path.join(dir, 'manifest.json'));
      await synthesizeFleet(fleet, dir, { vpcs: [fleet.vpcs[1]], ...(fleetStacks ? { fleetStacks } : {}) });
      return Object.keys((JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { stacks: object }).stacks);
    }
    expect(await stacksAfterOnly('copy', JSON.stringify(manifest))).toEqual(Object.keys(manifest.stacks));
    // A stack of a VPC that left the configuration (not among fleetStacks) loses its entry.
    expect(await stacksAfterOnly('left', JSON.stringify(manifest), [second, first])).toEqual([first, second]);
    // A link is never followed: as if there were no manifest.json.
    expect(await stacksAfterOnly('link', { linkTo: path.join(outdir, 'manifest.json') })).toEqual([second]);
    // JSON that is no manifest of ours is replaced.
    expect(await stacksAfterOnly('null', 'null')).toEqual([second]);
    expect(await stacksAfterOnly('stacks-null', JSON.stringify({ ...manifest, stacks: null }))).toEqual([second]);
    expect(await stacksAfterOnly('not-json', '{')).toEqual([second]);
  });

  type TokenMap = { tokenCounter: number; stringTokenMap: Map<string, unknown>; numberTokenMap: Map<number, unknown> };
  /** Gives the token map Maps made in a new realm for `body` (under jest, CDK Terrain's map holds such Maps: `instanceof Map` is false), then its own back with their contents. */
  const withMapsOfAnotherRealm = async (map: TokenMap, body: () => Promise<void>): Promise<void> => {
    const own = { strings: map.stringTokenMap, numbers: map.numberTokenMap };
    const foreign = vm.runInNewContext('({ strings: new Map(), numbers: new Map() })') as { strings: Map<string, unknown>; numbers: Map<number, unknown> };
    for (const [key, value] of own.strings) foreign.strings.set(key, value);
    for (const [key, value] of own.numbers) foreign.numbers.set(key, value);
    expect(foreign.strings instanceof Map).toBe(false);
    Object.assign(map, { stringTokenMap: foreign.strings, numberTokenMap: foreign.numbers });
    try {
      await body();
    } finally {
      own.strings.clear();
      own.numbers.clear();
      for (const [key, value] of foreign.strings) own.strings.set(key, value);
      for (const [key, value] of foreign.numbers) own.numbers.set(key, value);
      Object.assign(map, { stringTokenMap: own.strings, numberTokenMap: own.numbers });
    }
  };

  test.each([
    ['Maps of this realm', (_map: TokenMap, body: () => Promise<void>) => body()],
    ['Maps of another realm', withMapsOfAnotherRealm],
  ])('drops each stack from the app once it is written, and forgets its tokens (those made before stay): a token map with %s', async (label, around) => {
    const map = (globalThis as { __cdktfTokenMap?: TokenMap }).__cdktfTokenMap!;
    // Tokens made before: synth must not release them.
    Lazy.stringValue({ produce: () => 'kept' });
    Lazy.numberValue({ produce: () => 7 });
    const sizes = () => ({ strings: map.stringTokenMap.size, numbers: map.numberTokenMap.size });
    const fleet = firstVpcs(2);
    const removed: string[] = [];
    const realRemove = Node.prototype.tryRemoveChild;
    jest.spyOn(Node.prototype, 'tryRemoveChild').mockImplementation(function (this: Node, childName: string) {
      removed.push(childName);
      return realRemove.call(this, childName);
    });
    await around(map, async () => {
      const before = { ...sizes(), counter: map.tokenCounter };
      try {
        await synthesizeFleet(fleet, path.join(work, `tokens with ${label}`));
      } finally {
        jest.restoreAllMocks();
      }
      expect(map.tokenCounter).toBeGreaterThan(before.counter);
      expect(sizes()).toEqual({ strings: before.strings, numbers: before.numbers });
    });
    expect(removed).toEqual(fleet.vpcs.map((v) => `ecs-privatelink-${v.name}`));
  });

  /** Runs `body` with each VPC stack built through `extend`, given the stack's index and the function that builds it (addVpcStack). */
  async function withStacksExtended<T>(extend: (index: number, build: () => TerraformStack) => TerraformStack, body: () => Promise<T>): Promise<T> {
    const stackModule = require('../lib/cdktf/stack') as typeof import('../lib/cdktf/stack');
    const real = stackModule.addVpcStack;
    let index = 0;
    jest.spyOn(stackModule, 'addVpcStack').mockImplementation((...args) => {
      return extend(index++, () => real(...args)) as ReturnType<typeof real>;
    });
    try {
      return await body();
    } finally {
      jest.restoreAllMocks();
    }
  }

  test("a stack's number tokens are forgotten too, the first token made for it included", async () => {
    const map = (globalThis as { __cdktfTokenMap?: TokenMap }).__cdktfTokenMap!;
    const before = map.numberTokenMap.size;
    const counter = map.tokenCounter;
    const outdir = path.join(work, 'number-tokens');
    await withStacksExtended(
      (i, build) => {
        // Made before anything else of the stack: its key is the counter's value when the stack began.
        const count = Lazy.numberValue({ produce: () => 10 + i });
        const stack = build();
        new TerraformOutput(stack, 'count', { value: count });
        return stack;
      },
      () => synthesizeFleet(firstVpcs(2), outdir),
    );
    expect(map.tokenCounter).toBeGreaterThan(counter);
    expect(map.numberTokenMap.size).toBe(before);
    const written = firstVpcs(2).vpcs.map((v) => (JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', `ecs-privatelink-${v.name}`, 'cdk.tf.json'), 'utf8')) as { output: { count: { value: number } } }).output.count.value);
    expect(written).toEqual([10, 11]);
  });

  test("cdktf's validations run on each stack, as in app.synth(): a stack that fails one is not written, nor any other", async () => {
    const invalid = { validate: () => ['the second stack is not valid'] };
    const failing = (i: number, build: () => TerraformStack) => {
      const stack = build();
      if (i === 1) stack.node.addValidation(invalid);
      return stack;
    };
    const app = new App({ outdir: path.join(work, 'validation-app') });
    addFleetStacks(app, firstVpcs(2))[1].node.addValidation(invalid);
    expect(() => app.synth()).toThrow(/the second stack is not valid/);
    const outdir = path.join(work, 'validation');
    await expect(withStacksExtended(failing, () => synthesizeFleet(firstVpcs(2), outdir))).rejects.toThrow(/the second stack is not valid/);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('workers asked for from the TypeScript sources (no compiled synth-worker.js beside synth.ts): synthesized in process, the same files', async () => {
    const fleet = firstVpcs(3);
    const expected = appSynth(fleet, path.join(work, 'workers-ts-app'));
    const result = await synthesizeFleet(fleet, path.join(work, 'workers-ts'), { workers: 3 });
    expect(result.stacks).toEqual(fleet.vpcs.map((v) => `ecs-privatelink-${v.name}`));
    expect(snapshot(path.join(work, 'workers-ts'))).toEqual(expected);
  });
});

describe('resolveOnce: cdktf\'s toTerraform without its last resolve pass', () => {
  /** cdktf's own method on the same stack: the reference. */
  const cdktfs = (stack: TerraformStack): unknown => TerraformStack.prototype.toTerraform.call(stack);

  test.each(loadCases().map((c) => [c.name, c.spec] as const))('%s: the same document as cdktf\'s', (name, spec) => {
    const [stack] = addFleetStacks(new App({ outdir: path.join(work, `once-${name}`) }), { kind: 'single', vpcs: [{ name: 'ecs-privatelink', spec }] });
    const expected = JSON.stringify(cdktfs(stack));
    resolveOnce(stack);
    expect(stack.toTerraform).not.toBe(TerraformStack.prototype.toTerraform);
    expect(JSON.stringify(stack.toTerraform())).toBe(expected);
  });

  /** cdktf's toTerraform (the prototype's) watched, then resolveOnce on a stack of the first case with `override` at terraform.test; returns the document and whether cdktf's method ran. */
  function withOverride(label: string, override: unknown): { document: string; expected: string; cdktfRan: boolean } {
    const [stack] = addFleetStacks(new App({ outdir: path.join(work, `once-${label.replace(/\W+/g, '-')}`) }), { kind: 'single', vpcs: [{ name: 'ecs-privatelink', spec: loadCases()[0].spec }] });
    stack.addOverride('terraform.test', override);
    const expected = JSON.stringify(cdktfs(stack));
    const spy = jest.spyOn(TerraformStack.prototype, 'toTerraform');
    try {
      resolveOnce(stack);
      const document = JSON.stringify(stack.toTerraform());
      return { document, expected, cdktfRan: spy.mock.calls.length > 0 };
    } finally {
      jest.restoreAllMocks();
    }
  }

  /** An IResolvable of a class whose own fields are plain data. */
  class Fixed implements IResolvable {
    readonly creationStack: string[] = [];
    constructor(private readonly value: string) {}
    resolve(): string {
      return this.value;
    }
    toString(): string {
      return Token.asString(this);
    }
  }

  test.each([
    ['strings, numbers, booleans and null in a map', { text: 'a', count: 2, on: true, off: false, nothing: null }],
    ['lists of plain data, nested, and empty ones', [['x', 1, false, null], { deep: ['y'] }, [], {}]],
    ['a boolean', true],
    ['null', null],
  ])('plain data overridden (%s): one pass, cdktf\'s method not called, the same document as cdktf\'s', (label, override) => {
    const { document, expected, cdktfRan } = withOverride(`plain ${label}`, override);
    expect(document).toBe(expected);
    expect(document).toContain('"test":');
    expect(cdktfRan).toBe(false);
  });

  test.each([
    ['a string token beside plain data in a map', () => ({ plain: 'a', token: Lazy.stringValue({ produce: () => 'resolved' }) })],
    ['a string token after a plain string in a list', () => ['plain', Lazy.stringValue({ produce: () => 'resolved' })]],
    ['a number token', () => ({ count: Lazy.numberValue({ produce: () => 3 }) })],
    ['an IResolvable object (Lazy.anyValue)', () => ({ value: Lazy.anyValue({ produce: () => 'resolved' }) })],
    ['an IResolvable of a class whose fields are plain data', () => ({ value: new Fixed('resolved') })],
  ])('a token overridden (%s): cdktf\'s method runs, and the token is resolved', (label, override) => {
    const { document, expected, cdktfRan } = withOverride(`token ${label}`, override());
    expect(document).toBe(expected);
    expect(document).toMatch(/"resolved"|"count":3/);
    expect(document).not.toContain('${TfToken');
    expect(cdktfRan).toBe(true);
  });

  test('a value deleted by an override (undefined): the same document as cdktf\'s, without it', () => {
    const [stack] = addFleetStacks(new App({ outdir: path.join(work, 'once-deleted') }), { kind: 'single', vpcs: [{ name: 'ecs-privatelink', spec: loadCases()[0].spec }] });
    stack.addOverride('terraform.required_version', undefined);
    const expected = JSON.stringify(cdktfs(stack));
    resolveOnce(stack);
    const document = JSON.stringify(stack.toTerraform());
    expect(document).toBe(expected);
    expect((JSON.parse(document) as { terraform: Record<string, unknown> }).terraform).not.toHaveProperty('required_version');
  });

  test("a stack holding another stack: the inner stack's elements are not the outer's, as in cdktf's", () => {
    const app = new App({ outdir: path.join(work, 'once-nested') });
    const [outer] = addFleetStacks(app, { kind: 'single', vpcs: [{ name: 'ecs-privatelink', spec: loadCases()[0].spec }] });
    const inner = new TerraformStack(outer, 'inner');
    new TerraformOutput(inner, 'only-inner', { value: 'inner' });
    const expected = JSON.stringify(cdktfs(outer));
    expect(expected).not.toContain('only-inner');
    resolveOnce(outer);
    expect(JSON.stringify(outer.toTerraform())).toBe(expected);
  });

  test('an override holding a token inside a list is resolved too', () => {
    const [stack] = addFleetStacks(new App({ outdir: path.join(work, 'once-token-list') }), { kind: 'single', vpcs: [{ name: 'ecs-privatelink', spec: loadCases()[0].spec }] });
    resolveOnce(stack);
    stack.addOverride('terraform.experiments', [Lazy.stringValue({ produce: () => 'one' })]);
    const tf = stack.toTerraform() as { terraform: { experiments: unknown } };
    expect(tf.terraform.experiments).toEqual(['one']);
    expect(JSON.stringify(tf)).toBe(JSON.stringify(cdktfs(stack)));
  });

  test('a stack without overrides, outputs or resources: the same document as cdktf\'s (no overrides in its metadata)', () => {
    const stack = new TerraformStack(new App({ outdir: path.join(work, 'once-bare') }), 'bare');
    const expected = JSON.stringify(cdktfs(stack));
    resolveOnce(stack);
    expect(JSON.stringify(stack.toTerraform())).toBe(expected);
  });

  test('an override holding a token is resolved: cdktf\'s method runs for that stack', () => {
    const [stack] = addFleetStacks(new App({ outdir: path.join(work, 'once-token') }), { kind: 'single', vpcs: [{ name: 'ecs-privatelink', spec: loadCases()[0].spec }] });
    resolveOnce(stack);
    // Added after resolveOnce, as an aspect would just before the stack is written.
    stack.addOverride('terraform.required_version', Lazy.stringValue({ produce: () => '>= 1.9' }));
    const tf = stack.toTerraform() as { terraform: { required_version: unknown } };
    expect(tf.terraform.required_version).toBe('>= 1.9');
    expect(JSON.stringify(tf)).toBe(JSON.stringify(cdktfs(stack)));
  });
});

describe('synth with worker threads (the compiled CLI)', () => {
  const BIN = path.join(__dirname, '..', 'dist', 'bin', 'ecs-privatelink.js');
  /** A fleet file of `n` VPCs over four regions, half of them with a role. */
  function fleetYaml(n: number): string {
    const regions = ['eu-west-1', 'us-east-1', 'eu-central-1', 'ap-southeast-2'];
    const lines = ['defaults:', '  profile: ec2', '  allowedCidrBlocks: [10.0.0.0/8]', '  tags: { team: platform }', 'vpcs:'];
    for (let i = 0; i < n; i++) {
      const region = regions[i % 4];
      lines.push(
        `  vpc-${String(i).padStart(3, '0')}:`,
        `    region: ${region}`,
        `    vpcId: vpc-${i.toString(16).padStart(17, '0')}`,
        `    subnets: [{ id: subnet-${(2 * i).toString(16).padStart(17, '0')}, availabilityZone: ${region}a }, { id: subnet-${(2 * i + 1).toString(16).padStart(17, '0')}, availabilityZone: ${region}b }]`,
        `    routeTableIds: [rtb-${i.toString(16).padStart(17, '0')}]`,
        ...(i % 2 ? [`    account: { assumeRoleArn: "arn:aws:iam::${String(111111111111 + (i % 5))}:role/deploy" }`] : []),
      );
    }
    return `${lines.join('\n')}\n`;
  }
  const synth = (config: string, out: string, workers: string, extra: string[] = []) =>
    execFileSync(process.execPath, [BIN, 'synth', '-q', '--config', config, '--out', out, ...extra], { cwd: work, env: { ...process.env, ECS_PRIVATELINK_SYNTH_WORKERS: workers }, encoding: 'utf8' });

  test('every test case through 3 workers (the compiled synth.ts): byte-identical to app.synth()', async () => {
    const compiled = require(path.join(__dirname, '..', 'dist', 'lib', 'cdktf', 'synth.js')) as typeof import('../lib/cdktf/synth');
    const fleet = casesFleet();
    const expected = appSynth(fleet, path.join(work, 'cases-workers-app'));
    await compiled.synthesizeFleet(fleet, path.join(work, 'cases-workers'), { workers: 3 });
    expect(snapshot(path.join(work, 'cases-workers'))).toEqual(expected);
  });

  test('3 workers write the same files as one process, --only included', () => {
    const config = path.join(work, 'workers.yaml');
    fs.writeFileSync(config, fleetYaml(31));
    synth(config, path.join(work, 'w1'), '1');
    synth(config, path.join(work, 'w3'), '3');
    expect(Object.keys(snapshot(path.join(work, 'w1'))).length).toBe(33); // 31 stacks, manifest.json and synth's record of what it wrote
    expect(snapshot(path.join(work, 'w3'))).toEqual(snapshot(path.join(work, 'w1')));
    synth(config, path.join(work, 'w3'), '3', ['--only', 'vpc-003,vpc-017,vpc-030']);
    expect(snapshot(path.join(work, 'w3'))).toEqual(snapshot(path.join(work, 'w1')));
  });

  const compiledSynth = () => require(path.join(__dirname, '..', 'dist', 'lib', 'cdktf', 'synth.js')) as typeof import('../lib/cdktf/synth');

  test.each(loadFleetCases().map((c) => [c.name, c.fleet] as const))('test/fleets/%s through 3 workers (the compiled synth.ts): byte-identical to app.synth()', async (name, fleet) => {
    const expected = appSynth(fleet, path.join(work, `fleet-workers-${name}-app`));
    const out = path.join(work, `fleet-workers-${name}`);
    const result = await compiledSynth().synthesizeFleet(fleet, out, { workers: 3 });
    expect(result.stacks).toEqual(fleet.vpcs.map((vpc) => stackName(fleet, vpc)));
    expect(snapshot(out)).toEqual(expected);
  });

  // [VPCs, workers asked for, the VPCs of each worker]
  test.each([
    [15, 3, [5, 5, 5]],
    [14, 3, [5, 5, 4]],
    [4, 3, [2, 2]], // ceil(4 / 3) = 2 each: the third slice would be empty, and gets no worker
    [3, 10, [1, 1, 1]], // never more workers than VPCs
    [2, 1, []], // one: in process
  ])('%d VPCs, workers asked for: %d; contiguous slices in fleet order, one worker each, each with temporary names of its own', async (n, asked, sizes) => {
    const wt = require('worker_threads') as typeof import('worker_threads');
    const RealWorker = wt.Worker;
    const jobs: { vpcs: { name: string }[]; suffix: string }[] = [];
    jest.spyOn(wt, 'Worker').mockImplementation(function (file: string | URL, options?: import('worker_threads').WorkerOptions) {
      jobs.push(options?.workerData as (typeof jobs)[number]);
      return new RealWorker(file, options);
    } as unknown as () => import('worker_threads').Worker);
    const renames: string[] = [];
    const realRename = nodeFs.renameSync;
    jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      renames.push(path.basename(String(from)));
      return realRename(from, to);
    });
    const fleet: Fleet = { kind: 'fleet', vpcs: casesFleet().vpcs.slice(0, n) };
    const out = path.join(work, `slices-${n}-${asked}`);
    try {
      await compiledSynth().synthesizeFleet(fleet, out, { workers: asked });
    } finally {
      jest.restoreAllMocks();
    }
    expect(jobs.map((job) => job.vpcs.length)).toEqual(sizes);
    if (sizes.length > 0) expect(jobs.flatMap((job) => job.vpcs.map((vpc) => vpc.name))).toEqual(fleet.vpcs.map((vpc) => vpc.name));
    // Every stack's temporary name: this process's pid and random hex, then the number of its slice.
    const suffix = /^\.cdk\.tf\.json\.new-(\d+-[0-9a-f]{8})-\d+$/.exec(renames[0])?.[1];
    expect(suffix).toMatch(new RegExp(`^${process.pid}-[0-9a-f]{8}$`));
    const slices = sizes.length > 0 ? sizes : [n];
    expect(renames.slice(0, n)).toEqual(slices.flatMap((size, i) => Array<string>(size).fill(`.cdk.tf.json.new-${suffix}-${i}`)));
    expect(jobs.map((job) => job.suffix)).toEqual(sizes.map((_, i) => `${suffix}-${i}`));
    expect(Object.keys(snapshot(out)).length).toBe(n + 1);
  });

  test('how many workers: those asked for, at least 1 and at most one per VPC; by default one per core, at most 4, from PARALLEL_MIN_VPCS VPCs on (the compiled synth.ts)', () => {
    const { workerCount, PARALLEL_MIN_VPCS } = compiledSynth();
    expect([workerCount(31, 3), workerCount(3, 10), workerCount(31, 0), workerCount(31, -2), workerCount(1, 1)]).toEqual([3, 3, 1, 1, 1]);
    const nodeOs = require('os') as typeof os;
    const byCores = (cores: number) => {
      jest.spyOn(nodeOs, 'availableParallelism').mockReturnValue(cores);
      try {
        return [workerCount(PARALLEL_MIN_VPCS - 1, undefined), workerCount(PARALLEL_MIN_VPCS, undefined), workerCount(10 * PARALLEL_MIN_VPCS, undefined)];
      } finally {
        jest.restoreAllMocks();
      }
    };
    expect(byCores(2)).toEqual([1, 2, 2]);
    expect(byCores(8)).toEqual([1, 4, 4]);
    expect(byCores(1)).toEqual([1, 1, 1]);
  });

  /**
   * The compiled lib/cdktf/ copied into a folder of its own (the rest of dist/ and node_modules linked
   * beside it) with `worker` as its synth-worker.js: a worker that fails before it can answer.
   */
  function compiledWithWorker(name: string, worker: string): typeof import('../lib/cdktf/synth') {
    const dist = path.join(__dirname, '..', 'dist');
    const copy = path.join(work, name);
    fs.mkdirSync(path.join(copy, 'lib', 'cdktf'), { recursive: true });
    fs.symlinkSync(path.join(__dirname, '..', 'node_modules'), path.join(copy, 'node_modules'));
    for (const entry of fs.readdirSync(dist)) if (entry !== 'lib') fs.symlinkSync(path.join(dist, entry), path.join(copy, entry));
    for (const entry of fs.readdirSync(path.join(dist, 'lib'))) if (entry !== 'cdktf') fs.symlinkSync(path.join(dist, 'lib', entry), path.join(copy, 'lib', entry));
    for (const entry of fs.readdirSync(path.join(dist, 'lib', 'cdktf'))) fs.copyFileSync(path.join(dist, 'lib', 'cdktf', entry), path.join(copy, 'lib', 'cdktf', entry));
    fs.writeFileSync(path.join(copy, 'lib', 'cdktf', 'synth-worker.js'), worker);
    return require(path.join(copy, 'lib', 'cdktf', 'synth.js')) as typeof import('../lib/cdktf/synth');
  }

  test.each([
    [undefined, false],
    [false, false],
    [true, true],
  ])('the job a worker is given (stackTraces: %s): its slice, the fleet\'s kind and hub, the folder, its temporary suffix, stackTraces and stackOptions', async (stackTraces, expected) => {
    // A worker that answers with the job it was given, as an error (the first worker's reaches the caller).
    const compiled = compiledWithWorker(`job-worker-${String(stackTraces)}`, "const { parentPort, workerData } = require('worker_threads');\nparentPort.postMessage({ error: { message: JSON.stringify(workerData) } });\n");
    const hubCase = loadFleetCases().find((c) => c.fleet.hub !== undefined)!;
    const fleet = hubCase.fleet;
    expect(fleet.vpcs.length).toBeGreaterThanOrEqual(2);
    const out = path.join(work, `job-out-${String(stackTraces)}`);
    const stackOptions = { outdir: out, projectDir: work };
    const failure = await compiled.synthesizeFleet(fleet, out, { workers: 2, stackOptions, ...(stackTraces === undefined ? {} : { stackTraces }) }).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    const job = JSON.parse(failure?.message ?? 'null') as Record<string, unknown>;
    expect(job).toEqual({
      fleet: JSON.parse(JSON.stringify({ kind: fleet.kind, hub: fleet.hub })),
      vpcs: JSON.parse(JSON.stringify(fleet.vpcs.slice(0, Math.ceil(fleet.vpcs.length / 2)))),
      target: out,
      suffix: expect.stringMatching(new RegExp(`^${process.pid}-[0-9a-f]{8}-0$`)),
      stackTraces: expected,
      stackOptions,
    });
    expect(job.fleet).toHaveProperty('hub');
  });

  test.each([
    ['its module throws as it loads', "throw Object.assign(new Error('the worker cannot start'), { code: 'EWORKERTEST' });\n", /^the worker cannot start$/, 'EWORKERTEST'],
    ['it exits with code 3', 'process.exit(3);\n', /^the synth worker stopped \(exit code 3\) before it was done$/, undefined],
    ['it ends without a word', '', /^the synth worker stopped \(exit code 0\) before it was done$/, undefined],
    ['it answers with neither a result nor an error', "require('worker_threads').parentPort.postMessage({});\n", /^the synth worker failed$/, undefined],
  ])('a worker that dies before it answers (%s): the synth rejects with why, and the output folder is left as it was', async (label, worker, message, code) => {
    const compiled = compiledWithWorker(`dying-worker-${label.replace(/\W+/g, '-')}`, worker);
    const fleet: Fleet = { kind: 'fleet', vpcs: casesFleet().vpcs.slice(0, 6) };
    const out = path.join(work, `dying-worker-out-${label.replace(/\W+/g, '-')}`);
    await compiled.synthesizeFleet({ kind: 'fleet', vpcs: fleet.vpcs.slice(0, 1) }, out, { workers: 1 });
    const before = snapshot(out);
    const failure = await compiled.synthesizeFleet(fleet, out, { workers: 3 }).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    // An Error, though not of this realm (the worker's is a structured clone, made outside jest's sandbox).
    expect(Object.prototype.toString.call(failure)).toBe('[object Error]');
    expect(failure?.message).toMatch(message);
    expect((failure as NodeJS.ErrnoException | undefined)?.code).toBe(code);
    expect(snapshot(out)).toEqual(before);
    expect(fs.readdirSync(out).sort()).toEqual(['manifest.json', 'stacks']);
  });

  // The file in the way of the last slice's last stack, or of the first stack, which a worker of its own writes.
  test.each([
    ['the last slice', 'w-bad', 'ecs-privatelink-vpc-011'],
    ["a worker's own slice", 'w-bad-first', 'ecs-privatelink-vpc-000'],
  ])("rejects a slice that cannot write (%s): exit 2 naming --out, and every worker's files removed", (_, name, stack) => {
    const config = path.join(work, `${name}.yaml`);
    fs.writeFileSync(config, fleetYaml(12));
    const out = path.join(work, name);
    // A file where a stack folder goes.
    fs.mkdirSync(path.join(out, 'stacks'), { recursive: true });
    fs.writeFileSync(path.join(out, 'stacks', stack), 'in the way\n');
    let failure: { status: number; stderr: string } | undefined;
    try {
      synth(config, out, '3');
    } catch (err) {
      failure = err as { status: number; stderr: string };
    }
    expect(failure?.status).toBe(2);
    expect(failure?.stderr).toMatch(new RegExp(`^--out .*${name}: cannot be written \\(a folder in the path is a file\\)`, 'm'));
    expect(failure?.stderr).not.toMatch(/^\s+at /m);
    expect(listFiles(out)).toEqual([`stacks/${stack}`]);
  });
});

describe("a synth worker's own error (the compiled synth.ts)", () => {
  test("reaches the caller as the worker threw it: the same message, its errno code and the worker's stack", async () => {
    const compiled = require(path.join(__dirname, '..', 'dist', 'lib', 'cdktf', 'synth.js')) as typeof import('../lib/cdktf/synth');
    const fleet = casesFleet();
    const out = path.join(work, 'worker-error');
    // A file where the first stack's folder goes: the first slice is a worker's own.
    const first = path.join(out, 'stacks', `ecs-privatelink-${fleet.vpcs[0].name}`);
    fs.mkdirSync(path.dirname(first), { recursive: true });
    fs.writeFileSync(first, 'in the way\n');
    const failure = await compiled.synthesizeFleet(fleet, out, { workers: 3 }).then(
      () => undefined,
      (err: unknown) => err as NodeJS.ErrnoException,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure?.code).toBe('ENOTDIR');
    expect(failure?.message).toMatch(new RegExp(`^ENOTDIR: not a directory, open '${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\.cdk\\.tf\\.json\\.new-`));
    // The stack is the worker's, where the error was thrown (its first line is the message).
    expect(failure?.stack?.split('\n')[0]).toBe(`Error: ${failure?.message}`);
    expect(failure?.stack).toMatch(/synth-worker\.js/);
    expect(listFiles(out)).toEqual([`stacks/ecs-privatelink-${fleet.vpcs[0].name}`]);
  });
});
