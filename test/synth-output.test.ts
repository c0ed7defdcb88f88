/**
 * generators/synth-output.ts in process, with a stand-in for CDKTF that writes what its synth writes
 * (manifest.json, stacks/<stack>/cdk.tf.json): the record of what synth wrote, the files it may replace and
 * those it refuses, stacks kept by `synth --only` and removed when their VPC left, and the leftovers of a
 * killed run (the kill-point tests kill the binary at every rename; these name each rule).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SYNTH_RECORD, writeSynthOutput, type SynthWriteOptions } from '../generators/synth-output';
import { IncompleteWriteError } from '../generators/transaction';
import { ForeignFilesError, RefusedReplaceError } from '../generators/write';

/** The fs module itself (the import above is a copy of its bindings), so that a spy reaches the code under test. */
const nodeFs: typeof fs = require('fs');

let dir: string;
let out: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-synth-output-'));
  out = path.join(dir, 'out');
});

afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** What CDKTF's synth writes for these stacks, with `mark` in each stack file. */
function cdktf(stacks: string[], mark = 'one') {
  return (staging: string): string[] => {
    fs.writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks: Object.fromEntries(stacks.map((s) => [s, {}])) }));
    for (const stack of stacks) {
      fs.mkdirSync(path.join(staging, 'stacks', stack), { recursive: true });
      fs.writeFileSync(path.join(staging, 'stacks', stack, 'cdk.tf.json'), JSON.stringify({ '//': { metadata: { stackName: stack } }, mark }));
    }
    return stacks;
  };
}

const write = (stacks: string[], options: SynthWriteOptions = {}, mark = 'one') => writeSynthOutput(out, 'out', cdktf(stacks, mark), options);

/** Every entry under `out` (folders end with /), hidden ones included, sorted. */
function tree(root = out, prefix = ''): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .flatMap((e) => {
      const rel = `${prefix}${e.name}`;
      return e.isDirectory() ? [`${rel}/`, ...tree(path.join(root, e.name), `${rel}/`)] : [rel];
    })
    .sort();
}

const record = () => JSON.parse(fs.readFileSync(path.join(out, SYNTH_RECORD), 'utf8')) as { files: string[]; stacks: string[] };
const mark = (stack: string) => (JSON.parse(fs.readFileSync(path.join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as { mark: string }).mark;

test('writes the synth and a record of its files and stacks, and nothing else (no staging folder, lock or journal left)', async () => {
  const result = await write(['b', 'a']);
  expect(result).toEqual({ files: ['manifest.json', 'stacks/a/cdk.tf.json', 'stacks/b/cdk.tf.json'], removedStacks: [], keptStacks: [] });
  expect(tree()).toEqual([SYNTH_RECORD, 'manifest.json', 'stacks/', 'stacks/a/', 'stacks/a/cdk.tf.json', 'stacks/b/', 'stacks/b/cdk.tf.json']);
  expect(fs.readFileSync(path.join(out, SYNTH_RECORD), 'utf8')).toBe(
    `${JSON.stringify({ files: [SYNTH_RECORD, 'manifest.json', 'stacks/a/cdk.tf.json', 'stacks/b/cdk.tf.json'], stacks: ['a', 'b'] }, null, 2)}\n`,
  );
});

test('lists the files it wrote in path order (stacks/a-b/ before stacks/a/, as a sort of the paths puts them)', async () => {
  const result = await write(['a', 'a-b']);
  expect(result.files).toEqual(['manifest.json', 'stacks/a-b/cdk.tf.json', 'stacks/a/cdk.tf.json']);
});

test('replaces its own files on the next run', async () => {
  await write(['a']);
  await write(['a'], {}, 'two');
  expect(mark('a')).toBe('two');
});

describe('files in the way that synth did not write', () => {
  test.each([
    ['a manifest.json that is not JSON', 'manifest.json', 'not json'],
    ['a manifest.json without a version', 'manifest.json', JSON.stringify({ stacks: {} })],
    ['a manifest.json without stacks', 'manifest.json', JSON.stringify({ version: '1' })],
    ['a manifest.json whose stacks are null', 'manifest.json', JSON.stringify({ version: '1', stacks: null })],
    ['a cdk.tf.json without its stack name', 'stacks/a/cdk.tf.json', JSON.stringify({ '//': { metadata: {} } })],
    ['a cdk.tf.json whose stack name is not text', 'stacks/a/cdk.tf.json', JSON.stringify({ '//': { metadata: { stackName: 1 } } })],
    ['a record that is not a record', SYNTH_RECORD, JSON.stringify({ files: 'all' })],
  ])('refuses %s, unless forced', async (_name, rel, text) => {
    fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
    fs.writeFileSync(path.join(out, rel), text);
    await expect(write(['a'])).rejects.toThrow(new ForeignFilesError('out', [rel]));
    expect(fs.readFileSync(path.join(out, rel), 'utf8')).toBe(text);
    // Refused before any rename: the staging folder and the lock are gone.
    expect(fs.readdirSync(out).filter((name) => name.startsWith('.ecs-privatelink') && name !== SYNTH_RECORD)).toEqual([]);
    await write(['a'], { force: true });
    expect(record().files).toContain(rel);
  });

  test("replaces CDKTF's own output that no record lists (a synth by npx cdktf synth)", async () => {
    fs.mkdirSync(path.join(out, 'stacks', 'a'), { recursive: true });
    fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ version: '0.20.0', stacks: {} }));
    fs.writeFileSync(path.join(out, 'stacks', 'a', 'cdk.tf.json'), JSON.stringify({ '//': { metadata: { stackName: 'a' } }, mark: 'cdktf' }));
    await write(['a']);
    expect(mark('a')).toBe('one');
  });

  test('judges a file by its own name: one synth writes beside a stack\'s cdk.tf.json, holding what a cdk.tf.json holds, is still not CDKTF\'s', async () => {
    const stackFile = JSON.stringify({ '//': { metadata: { stackName: 'a' } } });
    fs.mkdirSync(path.join(out, 'stacks', 'a'), { recursive: true });
    fs.writeFileSync(path.join(out, 'stacks', 'a', 'extra.json'), stackFile);
    const synth = (staging: string) => {
      const stacks = cdktf(['a'])(staging);
      fs.writeFileSync(path.join(staging, 'stacks', 'a', 'extra.json'), '{}');
      return stacks;
    };
    await expect(writeSynthOutput(out, 'out', synth)).rejects.toThrow(new ForeignFilesError('out', ['stacks/a/extra.json']));
    expect(fs.readFileSync(path.join(out, 'stacks', 'a', 'extra.json'), 'utf8')).toBe(stackFile);
  });

  test('refuses a symbolic link or a folder where a file goes, even when forced', async () => {
    fs.mkdirSync(path.join(out, 'stacks', 'a'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'elsewhere.json'), '{}');
    fs.symlinkSync(path.join(dir, 'elsewhere.json'), path.join(out, 'manifest.json'));
    await expect(write(['a'], { force: true })).rejects.toThrow(new RefusedReplaceError('out/manifest.json', 'it is a symbolic link; synth replaces only regular files'));
    fs.rmSync(path.join(out, 'manifest.json'));
    fs.mkdirSync(path.join(out, 'stacks', 'a', 'cdk.tf.json'));
    await expect(write(['a'], { force: true })).rejects.toThrow(new RefusedReplaceError('out/stacks/a/cdk.tf.json', 'it is not a regular file'));
    expect(fs.readFileSync(path.join(dir, 'elsewhere.json'), 'utf8')).toBe('{}');
  });
});

describe('stacks not synthesized this time', () => {
  test('synth --only keeps the other stacks of the fleet, their files and their place in the record', async () => {
    await write(['a', 'b', 'c']);
    const result = await write(['a'], { fleetStacks: ['a', 'b', 'c'] }, 'two');
    expect(result).toEqual({ files: ['manifest.json', 'stacks/a/cdk.tf.json'], removedStacks: [], keptStacks: [] });
    expect([mark('a'), mark('b'), mark('c')]).toEqual(['two', 'one', 'one']);
    expect(record()).toEqual({ files: [SYNTH_RECORD, 'manifest.json', 'stacks/a/cdk.tf.json', 'stacks/b/cdk.tf.json', 'stacks/c/cdk.tf.json'], stacks: ['a', 'b', 'c'] });
  });

  test('removes the stack of a VPC that left, when it holds only what synth wrote, and leaves alone one that holds more', async () => {
    await write(['a', 'b', 'c']);
    fs.writeFileSync(path.join(out, 'stacks', 'c', 'terraform.tfstate'), '{}');
    fs.mkdirSync(path.join(out, 'stacks', 'c', '.terraform'));
    const result = await write(['a']);
    expect(result).toEqual({ files: ['manifest.json', 'stacks/a/cdk.tf.json'], removedStacks: ['stacks/b'], keptStacks: [{ stack: 'stacks/c', holds: ['.terraform', 'terraform.tfstate'] }] });
    expect(tree()).toEqual([SYNTH_RECORD, 'manifest.json', 'stacks/', 'stacks/a/', 'stacks/a/cdk.tf.json', 'stacks/c/', 'stacks/c/.terraform/', 'stacks/c/cdk.tf.json', 'stacks/c/terraform.tfstate']);
    expect(record()).toEqual({ files: [SYNTH_RECORD, 'manifest.json', 'stacks/a/cdk.tf.json'], stacks: ['a'] });
  });

  test('never removes a folder outside stacks/ or a hidden one, whatever the record names', async () => {
    await write(['a']);
    fs.mkdirSync(path.join(out, 'stacks', '.hidden'));
    fs.mkdirSync(path.join(dir, 'precious'));
    fs.writeFileSync(path.join(dir, 'precious', 'x'), 'mine');
    // Names that leave stacks/ by their start, their middle or their end.
    const escapes = ['../../precious', 'a/../../../precious', 'a/../../../precious/..', '..'];
    fs.writeFileSync(
      path.join(out, SYNTH_RECORD),
      JSON.stringify({ files: ['stacks/.hidden/x', ...escapes.map((e) => `stacks/${e}/x`), 'stacks/gone/cdk.tf.json'], stacks: ['.hidden', ...escapes, 'gone', 'a'] }),
    );
    const result = await write(['a']);
    expect(result.removedStacks).toEqual([]);
    expect(fs.existsSync(path.join(out, 'stacks', '.hidden'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'precious', 'x'), 'utf8')).toBe('mine');
  });

  test('synth --only keeps in the record the files of the stacks it kept, and not those of a stack that left', async () => {
    await write(['a', 'b', 'c']);
    fs.writeFileSync(path.join(out, 'stacks', 'b', 'extra.json'), '{}');
    fs.writeFileSync(path.join(out, SYNTH_RECORD), JSON.stringify({ ...record(), files: [...record().files, 'stacks/b/extra.json', 'notes.md'] }));
    const result = await write(['a'], { fleetStacks: ['a', 'b'] }, 'two');
    expect(result.removedStacks).toEqual(['stacks/c']);
    expect(record()).toEqual({ files: [SYNTH_RECORD, 'manifest.json', 'stacks/a/cdk.tf.json', 'stacks/b/cdk.tf.json', 'stacks/b/extra.json'], stacks: ['a', 'b'] });
  });
});

test('removes the leftovers of killed runs at every level, and nothing that only looks like them', async () => {
  await write(['a']);
  const leftovers = [
    '.ecs-privatelink-synth-123456-0a1b2c3d/',
    '.manifest.json.new-123456-0a1b2c3d',
    '.manifest.json.old-7-ffffffff',
    '.manifest.json.4242.tmp',
    'stacks/.a.new-99-01234567/',
    'stacks/a/.cdk.tf.json.new-123456-89abcdef',
  ];
  const lookalikes = [
    '.ecs-privatelink-synth-123456-0a1b2c3',
    '.ecs-privatelink-synth-123456-0a1b2c3g',
    '.ecs-privatelink-synth--0a1b2c3d',
    'ecs-privatelink-synth-1-0a1b2c3d',
    'notes.ecs-privatelink-synth-1-0a1b2c3d',
    '.ecs-privatelink-synth-1-0a1b2c3d.keep',
    '.manifest.json.new-123456',
    '.manifest.json.tmp',
    'notes.new-1-0a1b2c3d',
    'stacks/a/.cdk.tf.json.new-1-0A1B2C3D',
    'stacks/a/notes.md',
    // Inside a hidden folder of stacks/, and inside a folder a link in stacks/ points to: not a stack of synth's.
    'stacks/.hidden/.cdk.tf.json.new-123456-89abcdef',
    'stacks/linked/.cdk.tf.json.new-123456-89abcdef',
  ];
  fs.mkdirSync(path.join(dir, 'elsewhere'));
  fs.symlinkSync(path.join(dir, 'elsewhere'), path.join(out, 'stacks', 'linked'));
  for (const rel of [...leftovers, ...lookalikes]) {
    if (rel.endsWith('/')) fs.mkdirSync(path.join(out, rel), { recursive: true });
    else {
      fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
      fs.writeFileSync(path.join(out, rel), 'x');
    }
  }
  const said: string[] = [];
  await write(['a'], { force: true, onRecover: (line) => said.push(line) });
  for (const rel of leftovers) expect({ rel, there: fs.existsSync(path.join(out, rel)) }).toEqual({ rel, there: false });
  for (const rel of lookalikes) expect({ rel, there: fs.existsSync(path.join(out, rel)) }).toEqual({ rel, there: true });
  expect(said).toEqual([expect.stringMatching(/^removed 6 temporary entries left by an interrupted run \(/)]);
});

test('while synth runs, its lock and staging folder carry the names the recovery of a killed run looks for', async () => {
  let during: string[] = [];
  await writeSynthOutput(out, 'out', (staging) => {
    during = fs.readdirSync(out).sort();
    expect(path.dirname(staging)).toBe(path.resolve(out));
    return cdktf(['a'])(staging);
  });
  expect(during).toEqual([expect.stringMatching(/^\.ecs-privatelink-synth-\d+-[0-9a-f]{8}$/), '.ecs-privatelink.lock']);
  expect(tree()).toEqual([SYNTH_RECORD, 'manifest.json', 'stacks/', 'stacks/a/', 'stacks/a/cdk.tf.json']);
});

test('a write that fails half-way and cannot be undone keeps its journal and staging folder, and the next run completes it', async () => {
  await write(['a']);
  // The second write: stack a's file, then stack b's folder, the record and the manifest. The rename of b's
  // folder fails, and so does undoing a's file: the write can go neither back nor on.
  const realRename = nodeFs.renameSync;
  let renames = 0;
  jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
    if (String(to).endsWith(`${path.sep}.ecs-privatelink.journal`)) return realRename(from, to);
    if (++renames >= 2) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
    return realRename(from, to);
  });
  await expect(write(['a', 'b'], {}, 'two')).rejects.toThrow(IncompleteWriteError);
  jest.restoreAllMocks();
  expect(mark('a')).toBe('two');
  expect(fs.existsSync(path.join(out, 'stacks', 'b'))).toBe(false);
  const left = fs.readdirSync(out).filter((name) => name.startsWith('.ecs-privatelink') && name !== SYNTH_RECORD).sort();
  expect(left).toEqual([expect.stringMatching(/^\.ecs-privatelink-synth-\d+-[0-9a-f]{8}$/), '.ecs-privatelink.journal']);

  // The next run (whose own synth fails here) completes the interrupted write from the journal and the staging folder.
  const said: string[] = [];
  await expect(
    writeSynthOutput(out, 'out', () => {
      throw new Error('synth failed');
    }, { onRecover: (line) => said.push(line) }),
  ).rejects.toThrow('synth failed');
  expect(said).toEqual([
    `completed the write of an interrupted run in ${path.resolve(out)} (its journal listed 4 renames)`,
    expect.stringMatching(/^removed 1 temporary entry left by an interrupted run \(\.ecs-privatelink-synth-\d+-[0-9a-f]{8}\)$/),
  ]);
  expect(tree()).toEqual([SYNTH_RECORD, 'manifest.json', 'stacks/', 'stacks/a/', 'stacks/a/cdk.tf.json', 'stacks/b/', 'stacks/b/cdk.tf.json']);
  expect([mark('a'), mark('b')]).toEqual(['two', 'two']);
  expect(record()).toEqual({ files: [SYNTH_RECORD, 'manifest.json', 'stacks/a/cdk.tf.json', 'stacks/b/cdk.tf.json'], stacks: ['a', 'b'] });
});

test('a manifest.json too large to read is not taken for CDKTF output: refused as a file synth did not write', async () => {
  fs.mkdirSync(out, { recursive: true });
  // Sparse: one byte over the 64 MiB synth reads of a file in the way, without writing them.
  fs.writeFileSync(path.join(out, 'manifest.json'), '');
  fs.truncateSync(path.join(out, 'manifest.json'), 64 * 1024 * 1024 + 1);
  await expect(write(['a'])).rejects.toThrow(new ForeignFilesError('out', ['manifest.json']));
  expect(fs.statSync(path.join(out, 'manifest.json')).size).toBe(64 * 1024 * 1024 + 1);
});

test('a staging folder that cannot be made: that error, as it happened, and nothing left but the output folder', async () => {
  const realMkdir = nodeFs.mkdirSync;
  jest.spyOn(nodeFs, 'mkdirSync').mockImplementation(((dirPath: fs.PathLike, options?: fs.MakeDirectoryOptions) => {
    if (path.basename(String(dirPath)).startsWith('.ecs-privatelink-synth-')) throw Object.assign(new Error('EIO: i/o error, mkdir'), { code: 'EIO' });
    return realMkdir(dirPath, options);
  }) as typeof nodeFs.mkdirSync);
  await expect(write(['a'])).rejects.toThrow('EIO: i/o error, mkdir');
  jest.restoreAllMocks();
  expect(tree()).toEqual([]);
});
