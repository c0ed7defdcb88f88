/**
 * generators/write.ts and generators/transaction.ts called in process, on real temporary folders:
 * each test pins a behaviour (a whole message, a path kept or removed, a mode) that a mutant of those
 * files changes. test/kill-points.test.ts checks kills through the built binary, which mutation runs
 * do not count; what it checks of recovery is checked here again in process.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ForeignFilesError, foreignFiles, generatedRoots, isGeneratedFile, RefusedReplaceError, writeFleet, writeModule } from '../generators/write';
import { markerText } from '../generators/helpers';
import { escapeRegExp, IncompleteWriteError, LockedError, runSuffix, siblingsMatching, tempName, TEMP_SUFFIX, Transaction } from '../generators/transaction';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs = require('fs') as typeof fs;

const MARK = `# ${markerText()}\n`;
const roots: string[] = [];
function tmp(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-write-')));
  roots.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of roots) fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  jest.restoreAllMocks();
});

/** Every entry under `dir`, folders as `name/`, with the text of each file. */
function tree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(path.join(dir, entry.name))}`;
    else if (entry.isDirectory()) {
      out[`${rel}/`] = '';
      Object.assign(out, tree(path.join(dir, entry.name), rel));
    } else out[rel] = fs.readFileSync(path.join(dir, entry.name), 'utf8');
  }
  return out;
}
const ls = (dir: string) => fs.readdirSync(dir).sort();
const files = () =>
  new Map([
    ['main.tf', `${MARK}a\n`],
    ['tests/a.tftest.hcl', `${MARK}b\n`],
  ]);
/** Makes every mkdirSync of a folder whose name `matches` fail with ENOSPC (no space left for it). */
function noSpaceFor(matches: RegExp): void {
  const mkdir = nodeFs.mkdirSync;
  jest.spyOn(nodeFs, 'mkdirSync').mockImplementation(((dir: fs.PathLike, options?: fs.MakeDirectoryOptions) => {
    if (matches.test(path.basename(String(dir)))) throw Object.assign(new Error(`ENOSPC: no space left on device, mkdir '${String(dir)}'`), { code: 'ENOSPC' });
    return mkdir(dir, options);
  }) as typeof fs.mkdirSync);
}

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (err) {
    return err as Error;
  }
  throw new Error('did not throw');
}

describe('writeModule: what it refuses, message by message', () => {
  test('file names that are not relative paths inside the folder, before touching anything', () => {
    const home = tmp();
    const dir = path.join(home, 'module');
    for (const bad of ['', '/abs.tf', 'a\\b.tf', 'a//b.tf', 'a/', './a.tf', 'a/./b.tf', 'a/../b.tf', '..', '.']) {
      expect(() => writeModule(dir, new Map([[bad, 'x']]))).toThrow(new Error(`cannot write the generated file "${bad}": file names must be relative paths inside the module folder`));
    }
    expect(ls(home)).toEqual([]);
    // Names that only look like those are fine.
    writeModule(dir, new Map([['a..b/.c.tf', MARK], ['...', MARK]]));
    expect(tree(dir)).toEqual({ '...': MARK, 'a..b/': '', 'a..b/.c.tf': MARK });
  });

  test('a target that is a file', () => {
    const home = tmp();
    fs.writeFileSync(path.join(home, 'module'), 'x');
    expect(() => writeModule(path.join(home, 'module'), files())).toThrow(new Error(`cannot write the module to ${home}/module: it is a file, not a folder`));
    expect(tree(home)).toEqual({ module: 'x' });
  });

  test('a symbolic link, with its target or dangling', () => {
    const home = tmp();
    fs.mkdirSync(path.join(home, 'real'));
    fs.symlinkSync('real', path.join(home, 'link'));
    fs.symlinkSync('/nowhere/at/all', path.join(home, 'dangling'));
    expect(() => writeModule(path.join(home, 'link'), files())).toThrow(new Error(`refusing to replace ${home}/link: it is a symbolic link to real; name the folder itself (--out ${home}/real)`));
    expect(thrown(() => writeModule(path.join(home, 'dangling'), files()))).toEqual(
      new RefusedReplaceError(`${home}/dangling`, 'it is a symbolic link to /nowhere/at/all; name the folder itself (--out /nowhere/at/all)'),
    );
    expect(thrown(() => writeModule(path.join(home, 'link'), files())).name).toBe('RefusedReplaceError');
    expect(tree(home)).toEqual({ 'real/': '', link: '-> real', dangling: '-> /nowhere/at/all' });
  });

  test('a symbolic link whose target cannot be read (readlink fails: an I/O error, or the link gone since the look at it): named without a target', () => {
    const home = tmp();
    fs.symlinkSync('real', path.join(home, 'link'));
    jest.spyOn(nodeFs, 'readlinkSync').mockImplementation(() => {
      throw Object.assign(new Error('EIO: i/o error, readlink'), { code: 'EIO' });
    });
    expect(thrown(() => writeModule(path.join(home, 'link'), files()))).toEqual(new RefusedReplaceError(`${home}/link`, 'it is a symbolic link; name the folder itself'));
    jest.restoreAllMocks();
    expect(tree(home)).toEqual({ link: '-> real' });
  });

  test('foreign files without force: one, two, six (five named, "and 1 more"); an empty folder is foreign', () => {
    const home = tmp();
    const dir = path.join(home, 'module');
    writeModule(dir, files());
    fs.writeFileSync(path.join(dir, 'notes.md'), 'mine\n');
    const one = thrown(() => writeModule(dir, files()));
    expect(one).toEqual(new Error(`refusing to replace ${dir}: it holds 1 file that ecs-privatelink did not generate (notes.md); move them elsewhere, point the output at another folder, or force the overwrite (generate --force), which deletes them`));
    expect(one).toBeInstanceOf(ForeignFilesError);
    expect(one.name).toBe('ForeignFilesError');
    expect((one as ForeignFilesError).dir).toBe(dir);
    fs.mkdirSync(path.join(dir, 'empty'));
    expect(() => writeModule(dir, files())).toThrow(new Error(`refusing to replace ${dir}: it holds 2 files that ecs-privatelink did not generate (empty/, notes.md); move them elsewhere, point the output at another folder, or force the overwrite (generate --force), which deletes them`));
    for (const n of ['a', 'b', 'c', 'd']) fs.writeFileSync(path.join(dir, 'tests', n), n);
    expect(() => writeModule(dir, files())).toThrow(
      new Error(`refusing to replace ${dir}: it holds 6 files that ecs-privatelink did not generate (empty/, notes.md, tests/a, tests/b, tests/c, and 1 more); move them elsewhere, point the output at another folder, or force the overwrite (generate --force), which deletes them`),
    );
    fs.rmSync(path.join(dir, 'tests', 'd'));
    expect(() => writeModule(dir, files())).toThrow(
      new Error(`refusing to replace ${dir}: it holds 5 files that ecs-privatelink did not generate (empty/, notes.md, tests/a, tests/b, tests/c); move them elsewhere, point the output at another folder, or force the overwrite (generate --force), which deletes them`),
    );
    expect(ls(home)).toEqual(['.module.lock'].filter(() => false).concat(['module']));
    writeModule(dir, files(), { force: true });
    expect(tree(dir)).toEqual({ 'main.tf': `${MARK}a\n`, 'tests/': '', 'tests/a.tftest.hcl': `${MARK}b\n` });
    expect(ls(home)).toEqual(['module']);
  });

  test('with force, a folder holding no generated file: one file, or four (three named)', () => {
    const home = tmp();
    const dir = path.join(home, 'module');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'z.txt'), 'z');
    expect(() => writeModule(dir, files(), { force: true })).toThrow(
      new Error(`refusing to replace ${dir}: it holds no file that ecs-privatelink generated (1 file, like z.txt); --force replaces only a folder of a generated module. Choose another folder`),
    );
    for (const n of ['a', 'b', 'c']) fs.writeFileSync(path.join(dir, n), n);
    const err = thrown(() => writeModule(dir, files(), { force: true }));
    expect(err).toEqual(new Error(`refusing to replace ${dir}: it holds no file that ecs-privatelink generated (4 files, like a, b, c); --force replaces only a folder of a generated module. Choose another folder`));
    expect(err).toBeInstanceOf(RefusedReplaceError);
    expect((err as RefusedReplaceError).reason).toBe('it holds no file that ecs-privatelink generated (4 files, like a, b, c); --force replaces only a folder of a generated module. Choose another folder');
    expect(ls(dir)).toEqual(['a', 'b', 'c', 'z.txt']);
    // An empty folder is replaced, with or without force.
    const empty = path.join(home, 'empty');
    fs.mkdirSync(empty);
    writeModule(empty, files(), { force: true });
    expect(ls(empty)).toEqual(['main.tf', 'tests']);
    // A folder holding only generated files needs no force.
    writeModule(empty, new Map([['x.tf', MARK]]));
    expect(tree(empty)).toEqual({ 'x.tf': MARK });
  });

  test('a .git anywhere inside, file or folder, even with force', () => {
    const home = tmp();
    const dir = path.join(home, 'module');
    writeModule(dir, files());
    fs.mkdirSync(path.join(dir, 'tests', 'sub'));
    fs.writeFileSync(path.join(dir, 'tests', 'sub', '.git'), 'gitdir: elsewhere\n');
    expect(() => writeModule(dir, files(), { force: true })).toThrow(
      new Error(`refusing to replace ${dir}: it holds tests/sub/.git, a git repository; replacing the folder would delete it. Generate into a folder of its own`),
    );
    fs.rmSync(path.join(dir, 'tests', 'sub'), { recursive: true });
    // Every folder is searched, not only the first one listed.
    for (const n of ['a', 'b', 'c', 'd', 'e']) fs.mkdirSync(path.join(dir, 'tests', n, 'x'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'tests', 'w', '.git'), { recursive: true });
    expect(() => writeModule(dir, files(), { force: true })).toThrow(
      new Error(`refusing to replace ${dir}: it holds tests/w/.git, a git repository; replacing the folder would delete it. Generate into a folder of its own`),
    );
    for (const n of ['a', 'b', 'c', 'd', 'e', 'w']) fs.rmSync(path.join(dir, 'tests', n), { recursive: true });
    fs.mkdirSync(path.join(dir, '.git'));
    expect(() => writeModule(dir, files())).toThrow(new Error(`refusing to replace ${dir}: it holds .git, a git repository; replacing the folder would delete it. Generate into a folder of its own`));
    // Not followed through a link.
    fs.rmSync(path.join(dir, '.git'), { recursive: true });
    fs.mkdirSync(path.join(home, 'repo', '.git'), { recursive: true });
    fs.symlinkSync(path.join(home, 'repo'), path.join(dir, 'link'));
    writeModule(dir, files(), { force: true });
    expect(ls(dir)).toEqual(['main.tf', 'tests']);
    expect(ls(path.join(home, 'repo'))).toEqual(['.git']);
  });

  test('protected paths: the folder itself, one inside it, one not yet existing, one reached through a link; others are fine', () => {
    const home = tmp();
    const dir = path.join(home, 'module');
    writeModule(dir, files());
    fs.writeFileSync(path.join(dir, 'config.yaml'), 'x');
    const config = { path: path.join(dir, 'config.yaml'), what: 'the configuration file' };
    expect(() => writeModule(dir, files(), { force: true, protect: [config] })).toThrow(new Error(`refusing to replace ${dir}: it holds the configuration file (config.yaml)`));
    expect(() => writeModule(dir, files(), { force: true, protect: [{ path: dir, what: 'the working folder' }] })).toThrow(new Error(`refusing to replace ${dir}: it is the working folder`));
    expect(() => writeModule(dir, files(), { force: true, protect: [{ path: path.join(dir, 'tests', 'later', 'x.yaml'), what: 'the configuration file' }] })).toThrow(
      new Error(`refusing to replace ${dir}: it holds the configuration file (tests/later/x.yaml)`),
    );
    fs.symlinkSync(dir, path.join(home, 'alias'));
    expect(() => writeModule(dir, files(), { force: true, protect: [{ path: path.join(home, 'alias', 'tests'), what: 'the working folder' }] })).toThrow(
      new Error(`refusing to replace ${dir}: it holds the working folder (tests)`),
    );
    // Not yet existing, named through the link: its nearest existing folder is resolved.
    expect(() => writeModule(dir, files(), { force: true, protect: [{ path: path.join(home, 'alias', 'tests', 'later', 'x.yaml'), what: 'the configuration file' }] })).toThrow(
      new Error(`refusing to replace ${dir}: it holds the configuration file (tests/later/x.yaml)`),
    );
    // A link named as protected: refused as the link (where it is) and as what it points to.
    fs.writeFileSync(path.join(home, 'elsewhere.yaml'), 'x');
    fs.symlinkSync(path.join(home, 'elsewhere.yaml'), path.join(dir, 'cfg.yaml'));
    expect(() => writeModule(dir, files(), { force: true, protect: [{ path: path.join(dir, 'cfg.yaml'), what: 'the configuration file' }] })).toThrow(
      new Error(`refusing to replace ${dir}: it holds the configuration file (cfg.yaml)`),
    );
    fs.rmSync(path.join(dir, 'cfg.yaml'));
    fs.symlinkSync(path.join(dir, 'config.yaml'), path.join(home, 'cfg-link.yaml'));
    expect(() => writeModule(dir, files(), { force: true, protect: [{ path: path.join(home, 'cfg-link.yaml'), what: 'the configuration file' }] })).toThrow(
      new Error(`refusing to replace ${dir}: it holds the configuration file (config.yaml)`),
    );
    // Beside the folder, or in a sibling whose name starts the same: not held.
    writeModule(dir, files(), { force: true, protect: [{ path: path.join(home, 'config.yaml'), what: 'x' }, { path: path.join(home, 'module2', 'c.yaml'), what: 'y' }, { path: path.join(home, '..module'), what: 'z' }] });
    expect(ls(dir)).toEqual(['main.tf', 'tests']);
  });

  test('a protected path above the folder is not held by it', () => {
    const home = tmp();
    const dir = path.join(home, 'module');
    writeModule(dir, files(), { protect: [{ path: home, what: 'the working folder' }] });
    expect(ls(dir)).toEqual(['main.tf', 'tests']);
  });
});

describe('writeModule: how it writes', () => {
  test('keeps the mode of the folder it replaces; a new folder gets the default', () => {
    const home = tmp();
    const dir = path.join(home, 'module');
    writeModule(dir, files());
    const fresh = fs.statSync(dir).mode & 0o7777;
    fs.chmodSync(dir, 0o750);
    writeModule(dir, files());
    expect((fs.statSync(dir).mode & 0o7777).toString(8)).toBe('750');
    fs.chmodSync(dir, 0o2711);
    writeModule(dir, files());
    expect((fs.statSync(dir).mode & 0o7777).toString(8)).toBe('2711');
    const other = path.join(home, 'other');
    writeModule(other, files());
    expect(fs.statSync(other).mode & 0o7777).toBe(fresh);
    expect(fresh).toBe(0o777 & ~process.umask());
  });

  test('creates missing parents and leaves no lock, journal or staging behind', () => {
    const home = tmp();
    const dir = path.join(home, 'a', 'b', 'module');
    writeModule(dir, files());
    expect(tree(path.join(home, 'a'))).toEqual({ 'b/': '', 'b/module/': '', 'b/module/main.tf': `${MARK}a\n`, 'b/module/tests/': '', 'b/module/tests/a.tftest.hcl': `${MARK}b\n` });
  });

  test('a staging folder that cannot be made (ENOSPC): that error, and the folder as it was, with no lock', () => {
    const home = tmp();
    const dir = path.join(home, 'module');
    writeModule(dir, files());
    const before = tree(home);
    noSpaceFor(/^\.module\.new-/);
    expect(() => writeModule(dir, new Map([['main.tf', `${MARK}changed\n`]]))).toThrow(/^ENOSPC: no space left on device, mkdir '.*\/\.module\.new-\d+-[0-9a-f]{8}'$/);
    jest.restoreAllMocks();
    expect(tree(home)).toEqual(before);
  });

  test('removes the leftovers of killed runs of this folder only, and says so', () => {
    const home = tmp();
    const dir = path.join(home, 'my.mod');
    writeModule(dir, files());
    const left = ['.my.mod.new-12-0123abcd', '.my.mod.old-3-ffffffff'];
    const kept = ['.my.mod.new-12-0123abcdx', 'x.my.mod.new-12-0123abcd', '.myXmod.new-12-0123abcd', '.my.mod.new-12-0123abc', '.my.mod.tmp-12-0123abcd', '.my.mod.new--0123abcd', '.my.mod.new-1a-0123abcd', '.my.mod.new-12-0123ABCD', '.other.new-12-0123abcd'];
    for (const n of [...left, ...kept]) fs.mkdirSync(path.join(home, n));
    fs.writeFileSync(path.join(home, left[0], 'main.tf'), 'half');
    const said: string[] = [];
    writeModule(dir, files(), { onRecover: (line) => said.push(line) });
    expect(said).toEqual(['removed 2 temporary entries left by an interrupted run (.my.mod.new-12-0123abcd, .my.mod.old-3-ffffffff)']);
    expect(ls(home)).toEqual([...kept, 'my.mod'].sort());
    // Nothing to recover: nothing said (and no onRecover is fine).
    writeModule(dir, files(), { onRecover: (line) => said.push(line) });
    fs.mkdirSync(path.join(home, left[1]));
    writeModule(dir, files());
    expect(said).toHaveLength(1);
    expect(ls(home)).toEqual([...kept, 'my.mod'].sort());
  });

  test("completes an interrupted run's journal before writing, and says so", () => {
    const home = tmp();
    const dir = path.join(home, 'module');
    writeModule(dir, files());
    // A run killed after its commit point: the old folder moved aside, the new one not yet in place.
    fs.mkdirSync(path.join(home, '.module.new-7-aaaaaaaa'));
    fs.writeFileSync(path.join(home, '.module.new-7-aaaaaaaa', 'new.tf'), `${MARK}new\n`);
    fs.renameSync(dir, path.join(home, '.module.old-7-aaaaaaaa'));
    fs.writeFileSync(path.join(home, '.module.journal'), `${JSON.stringify([{ from: '.module.new-7-aaaaaaaa', to: 'module', old: '.module.old-7-aaaaaaaa' }])}\n`);
    const said: string[] = [];
    writeModule(dir, files(), { onRecover: (line) => said.push(line) });
    expect(said).toEqual([`completed the write of an interrupted run in ${home} (its journal listed 1 rename)`]);
    expect(ls(home)).toEqual(['module']);
  });

  test('a failure while staging removes the staging and leaves the folder and no lock', () => {
    const home = tmp();
    const dir = path.join(home, 'module');
    writeModule(dir, files());
    expect(() => writeModule(dir, new Map([['x', MARK], ['x/y', MARK]]))).toThrow();
    expect(ls(home)).toEqual(['module']);
    expect(ls(dir)).toEqual(['main.tf', 'tests']);
  });
});

describe('foreignFiles, isGeneratedFile, generatedRoots', () => {
  test('foreignFiles lists files without the marker, empty folders as name/, links and FIFOs, sorted, never following links', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'b', 'c'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'e'));
    fs.writeFileSync(path.join(dir, 'b', 'gen.tf'), MARK);
    fs.writeFileSync(path.join(dir, 'b', 'c', 'own.tf'), '# own\n');
    fs.writeFileSync(path.join(dir, 'a.tf'), MARK);
    fs.symlinkSync('a.tf', path.join(dir, 'link.tf'));
    fs.symlinkSync('b', path.join(dir, 'dirlink'));
    spawnSync('mkfifo', [path.join(dir, 'fifo')]);
    // Sorted as paths, not as the folder listing: "d-x" comes before "d/y" ("-" is before "/"), though "d" is before "d-x".
    fs.mkdirSync(path.join(dir, 'd'));
    fs.writeFileSync(path.join(dir, 'd', 'y'), 'y');
    fs.writeFileSync(path.join(dir, 'd-x'), 'x');
    expect(foreignFiles(dir)).toEqual(['b/c/own.tf', 'd-x', 'd/y', 'dirlink', 'e/', 'fifo', 'link.tf']);
    expect(foreignFiles(path.join(dir, 'e'))).toEqual([]);
  });

  test('isGeneratedFile: only a regular file whose first line is the marker', () => {
    const dir = tmp();
    const write = (name: string, text: string) => (fs.writeFileSync(path.join(dir, name), text), path.join(dir, name));
    expect(isGeneratedFile(write('yes.tf', `${MARK}resource {}\n`))).toBe(true);
    expect(isGeneratedFile(write('md.md', '<!-- Code generated by ecs-privatelink 9.9.9. DO NOT EDIT. -->\r\n'))).toBe(true);
    expect(isGeneratedFile(write('second.tf', `\n${MARK}`))).toBe(false);
    expect(isGeneratedFile(write('empty.tf', ''))).toBe(false);
    expect(isGeneratedFile(write('own.tf', '# Code generated by someone else. DO NOT EDIT.\n'))).toBe(false);
    fs.symlinkSync('yes.tf', path.join(dir, 'link.tf'));
    expect(isGeneratedFile(path.join(dir, 'link.tf'))).toBe(false);
    fs.mkdirSync(path.join(dir, 'folder'));
    expect(isGeneratedFile(path.join(dir, 'folder'))).toBe(false);
    expect(isGeneratedFile(path.join(dir, 'missing.tf'))).toBe(false);
    spawnSync('mkfifo', [path.join(dir, 'fifo')]);
    expect(isGeneratedFile(path.join(dir, 'fifo'))).toBe(false);
    // A marker line cut by the 200 bytes read is not a marker.
    expect(isGeneratedFile(write('long.tf', `# Code generated by ecs-privatelink ${'1'.repeat(200)}. DO NOT EDIT.\n`))).toBe(false);
    // A file it cannot open (swapped for a link between the check and the open) is not known to be generated.
    jest.spyOn(nodeFs, 'openSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('ELOOP'), { code: 'ELOOP' });
    });
    expect(isGeneratedFile(path.join(dir, 'yes.tf'))).toBe(false);
  });

  test('generatedRoots: the visible folders of roots/ whose main.tf is generated, sorted', () => {
    const dir = tmp();
    expect(generatedRoots(dir)).toEqual([]);
    fs.writeFileSync(path.join(dir, 'roots'), 'a file');
    expect(generatedRoots(dir)).toEqual([]);
    fs.rmSync(path.join(dir, 'roots'));
    for (const [name, text] of [['b', MARK], ['a', MARK], ['f', MARK], ['e', MARK], ['d', MARK], ['c', MARK], ['\uff61', MARK], ['\u{1f600}', MARK], ['.hidden', MARK], ['own', '# own\n']]) {
      fs.mkdirSync(path.join(dir, 'roots', name), { recursive: true });
      fs.writeFileSync(path.join(dir, 'roots', name, 'main.tf'), text);
    }
    fs.mkdirSync(path.join(dir, 'roots', 'nomain'));
    fs.writeFileSync(path.join(dir, 'roots', 'file.tf'), MARK);
    fs.symlinkSync('a', path.join(dir, 'roots', 'linked'));
    // The folder listing comes sorted by UTF-8 bytes (U+FF61 before U+1F600); the result is sorted as JavaScript strings (UTF-16: U+1F600 first).
    expect(generatedRoots(dir)).toEqual(['roots/a', 'roots/b', 'roots/c', 'roots/d', 'roots/e', 'roots/f', 'roots/\u{1f600}', 'roots/\uff61']);
  });
});

describe('writeFleet', () => {
  const M = 'modules/ecs-privatelink';
  const fleet = (extra: [string, string][] = []) =>
    new Map<string, string>([
      [`${M}/main.tf`, `${MARK}module\n`],
      ['roots/a/main.tf', `${MARK}root a\n`],
      ['roots/b/main.tf', `${MARK}root b\n`],
      ['roots/b/backend.tf', `${MARK}backend b\n`],
      ...extra,
    ]);

  test('a module folder three levels down, none of them there yet: put in place with its first missing folder, the files inside it', () => {
    const dir = tmp();
    const deep = 'infra/modules/ecs-privatelink';
    writeFleet(dir, new Map([[`${deep}/main.tf`, `${MARK}module\n`], [`${deep}/tests/a.tftest.hcl`, `${MARK}test\n`], ['roots/a/main.tf', `${MARK}root a\n`]]), deep);
    expect(tree(dir)).toEqual({
      'infra/': '',
      'infra/modules/': '',
      'infra/modules/ecs-privatelink/': '',
      'infra/modules/ecs-privatelink/main.tf': `${MARK}module\n`,
      'infra/modules/ecs-privatelink/tests/': '',
      'infra/modules/ecs-privatelink/tests/a.tftest.hcl': `${MARK}test\n`,
      'roots/': '',
      'roots/a/': '',
      'roots/a/main.tf': `${MARK}root a\n`,
    });
  });

  test("a root's staging folder that cannot be made (ENOSPC): that error, and the fleet as it was, with no lock", () => {
    const dir = tmp();
    writeFleet(dir, fleet(), M);
    const before = tree(dir);
    noSpaceFor(/^\.c\.new-/);
    expect(() => writeFleet(dir, fleet([['roots/c/main.tf', `${MARK}root c\n`]]), M)).toThrow(/^ENOSPC: no space left on device, mkdir '.*\/roots\/\.c\.new-\d+-[0-9a-f]{8}'$/);
    jest.restoreAllMocks();
    expect(tree(dir)).toEqual(before);
  });

  test('writes a new fleet, then only its own files, and names the generated roots it did not write', () => {
    const dir = tmp();
    expect(writeFleet(dir, fleet(), M)).toEqual({ staleRoots: [] });
    expect(tree(dir)).toEqual({
      'modules/': '',
      'modules/ecs-privatelink/': '',
      'modules/ecs-privatelink/main.tf': `${MARK}module\n`,
      'roots/': '',
      'roots/a/': '',
      'roots/a/main.tf': `${MARK}root a\n`,
      'roots/b/': '',
      'roots/b/backend.tf': `${MARK}backend b\n`,
      'roots/b/main.tf': `${MARK}root b\n`,
    });
    fs.writeFileSync(path.join(dir, 'roots', 'a', 'terraform.tfstate'), '{}');
    fs.writeFileSync(path.join(dir, 'notes.md'), 'mine');
    fs.mkdirSync(path.join(dir, 'roots', 'c'));
    fs.writeFileSync(path.join(dir, 'roots', 'c', 'main.tf'), MARK);
    const next = new Map([...fleet()].filter(([rel]) => rel !== 'roots/b/main.tf' && rel !== 'roots/b/backend.tf').map(([rel, text]) => [rel, `${text}v2\n`]));
    next.set('roots/b/variables.tf', `${MARK}vars\n`);
    expect(writeFleet(dir, next, M)).toEqual({ staleRoots: ['roots/c'] });
    expect(tree(dir)).toEqual({
      'modules/': '',
      'modules/ecs-privatelink/': '',
      'modules/ecs-privatelink/main.tf': `${MARK}module\nv2\n`,
      'notes.md': 'mine',
      'roots/': '',
      'roots/a/': '',
      'roots/a/main.tf': `${MARK}root a\nv2\n`,
      'roots/a/terraform.tfstate': '{}',
      'roots/b/': '',
      'roots/b/backend.tf': `${MARK}backend b\n`,
      'roots/b/main.tf': `${MARK}root b\n`,
      'roots/b/variables.tf': `${MARK}vars\n`,
      'roots/c/': '',
      'roots/c/main.tf': MARK,
    });
  });

  test('refuses a target file, a linked module folder, a linked root file, foreign files and bad names, with whole messages', () => {
    const home = tmp();
    fs.writeFileSync(path.join(home, 'f'), 'x');
    expect(() => writeFleet(path.join(home, 'f'), fleet(), M)).toThrow(new Error(`cannot write the fleet to ${home}/f: it is a file, not a folder`));
    const dir = path.join(home, 'fleet');
    expect(() => writeFleet(dir, fleet([['roots/../x.tf', MARK]]), M)).toThrow(new Error('cannot write the generated file "roots/../x.tf": file names must be relative paths inside the module folder'));
    expect(ls(home)).toEqual(['f']);
    writeFleet(dir, fleet(), M);
    fs.renameSync(path.join(dir, M), path.join(home, 'real'));
    fs.symlinkSync(path.join(home, 'real'), path.join(dir, M));
    expect(() => writeFleet(dir, fleet(), M)).toThrow(new Error(`refusing to replace ${dir}/${M}: it is a symbolic link to ${home}/real; name the folder itself (--out ${home}/real)`));
    fs.rmSync(path.join(dir, M));
    fs.renameSync(path.join(home, 'real'), path.join(dir, M));
    fs.rmSync(path.join(dir, 'roots', 'a', 'main.tf'));
    fs.symlinkSync('../b/main.tf', path.join(dir, 'roots', 'a', 'main.tf'));
    expect(() => writeFleet(dir, fleet(), M, { force: true })).toThrow(new Error(`refusing to replace ${dir}/roots/a/main.tf: it is a symbolic link; a generated root file must be a regular file`));
    fs.rmSync(path.join(dir, 'roots', 'a', 'main.tf'));
    fs.writeFileSync(path.join(dir, 'roots', 'a', 'main.tf'), '# mine\n');
    fs.writeFileSync(path.join(dir, M, 'mine.tf'), '# mine\n');
    const before = tree(dir);
    const err = thrown(() => writeFleet(dir, fleet(), M));
    expect(err).toEqual(new Error(`refusing to replace ${dir}: it holds 2 files that ecs-privatelink did not generate (${M}/mine.tf, roots/a/main.tf); move them elsewhere, point the output at another folder, or force the overwrite (generate --force), which deletes them`));
    expect(err).toBeInstanceOf(ForeignFilesError);
    expect(tree(dir)).toEqual(before);
    // With force: the module folder is replaced whole, the root file overwritten.
    writeFleet(dir, fleet(), M, { force: true });
    expect(ls(path.join(dir, M))).toEqual(['main.tf']);
    expect(fs.readFileSync(path.join(dir, 'roots', 'a', 'main.tf'), 'utf8')).toBe(`${MARK}root a\n`);
    expect(ls(dir)).toEqual(['modules', 'roots']);
  });

  test('a module folder holding no generated file is refused even with force (ForeignFilesError without)', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, M), { recursive: true });
    fs.writeFileSync(path.join(dir, M, 'mine.tf'), '# mine\n');
    expect(() => writeFleet(dir, fleet(), M, { force: true })).toThrow(
      new Error(`refusing to replace ${dir}/${M}: it holds no file that ecs-privatelink generated (1 file, like mine.tf); --force replaces only a folder of a generated module. Choose another folder`),
    );
    expect(thrown(() => writeFleet(dir, fleet(), M))).toBeInstanceOf(ForeignFilesError);
    expect(tree(dir)).toEqual({ 'modules/': '', 'modules/ecs-privatelink/': '', 'modules/ecs-privatelink/mine.tf': '# mine\n' });
  });

  test('a protected path in the module folder is refused even with force', () => {
    const dir = tmp();
    writeFleet(dir, fleet(), M);
    expect(() => writeFleet(dir, fleet(), M, { force: true, protect: [{ path: path.join(dir, M, 'cfg.yaml'), what: 'the configuration file' }] })).toThrow(
      new Error(`refusing to replace ${dir}/${M}: it holds the configuration file (cfg.yaml)`),
    );
    expect(ls(dir)).toEqual(['modules', 'roots']);
  });

  test('a .git in the module folder is refused even with force', () => {
    const dir = tmp();
    writeFleet(dir, fleet(), M);
    fs.mkdirSync(path.join(dir, M, '.git'));
    expect(() => writeFleet(dir, fleet(), M, { force: true })).toThrow(new Error(`refusing to replace ${dir}/${M}: it holds .git, a git repository; replacing the folder would delete it. Generate into a folder of its own`));
  });

  test('removes the leftovers of killed runs in the fleet folder, modules/, roots/ and each root, and only those', () => {
    const dir = tmp();
    writeFleet(dir, fleet(), M);
    const left = [
      '.modules.new-1-00000000',
      'modules/.ecs-privatelink.old-1-00000000',
      'modules/.x.new-1-00000000',
      'roots/.a.new-1-00000000',
      'roots/a/.main.tf.new-1-00000000',
      'roots/b/.backend.tf.old-22-abcdef01',
      '.ecs-privatelink.lock.stale-1-00000000',
      // A temporary journal is both a temporary entry of the fleet folder and one of the transaction's: counted once.
      '.ecs-privatelink.journal.new-1-00000000',
    ];
    const kept = ['roots/a/.main.tf.new-1-0000000', 'roots/a/main.tf.new-1-00000000', 'roots/.hidden/.x.new-1-00000000', 'roots/a/.x.bak-1-00000000', 'roots/a/.x.new-1-00000000x', 'modules/x.new-1-00000000', 'roots/a/sub/.y.new-1-00000000'];
    fs.mkdirSync(path.join(dir, 'roots', '.hidden'));
    fs.mkdirSync(path.join(dir, 'roots', 'a', 'sub'));
    for (const rel of [...left, ...kept]) fs.writeFileSync(path.join(dir, rel), MARK);
    const said: string[] = [];
    writeFleet(dir, fleet(), M, { force: true, onRecover: (line) => said.push(line) });
    expect(said).toEqual(['removed 8 temporary entries left by an interrupted run (.ecs-privatelink.old-1-00000000, .ecs-privatelink.journal.new-1-00000000, .modules.new-1-00000000, ...)']);
    for (const rel of left) expect([rel, fs.existsSync(path.join(dir, rel))]).toEqual([rel, false]);
    for (const rel of kept) expect([rel, fs.existsSync(path.join(dir, rel))]).toEqual([rel, true]);
    // Without onRecover too.
    fs.writeFileSync(path.join(dir, 'roots', 'a', '.main.tf.new-1-00000000'), MARK);
    writeFleet(dir, fleet(), M);
    expect(fs.existsSync(path.join(dir, 'roots', 'a', '.main.tf.new-1-00000000'))).toBe(false);
  });

  test('a failure while staging the module removes the staged root files', () => {
    const dir = tmp();
    writeFleet(dir, fleet(), M);
    const before = tree(dir);
    expect(() => writeFleet(dir, fleet([[`${M}/x`, MARK], [`${M}/x/y`, MARK], ['roots/n/main.tf', MARK]]), M)).toThrow();
    expect(tree(dir)).toEqual(before);
  });
});

describe('Transaction', () => {
  test('tempName, runSuffix, TEMP_SUFFIX, escapeRegExp, siblingsMatching', () => {
    expect(tempName('/a/b/main.tf', 'new', '1-2')).toBe('/a/b/.main.tf.new-1-2');
    expect(tempName('/a/b', 'old', 'x')).toBe('/a/.b.old-x');
    expect(runSuffix()).toMatch(new RegExp(`^${process.pid}-[0-9a-f]{8}$`));
    expect(runSuffix()).not.toBe(runSuffix());
    expect(TEMP_SUFFIX.test('.a.new-1-0123abcd')).toBe(true);
    expect(TEMP_SUFFIX.test('.a.old-123456-0123abcd')).toBe(true); // a pid of any length
    expect(TEMP_SUFFIX.test('.a.new-1-0123abcd.tf')).toBe(false);
    expect(escapeRegExp('a.*+?^${}()|[]\\b')).toBe('a\\.\\*\\+\\?\\^\\$\\{\\}\\(\\)\\|\\[\\]\\\\b');
    expect(new RegExp(`^${escapeRegExp('x.(y)')}$`).test('x.(y)')).toBe(true);
    const dir = tmp();
    for (const n of ['b1', 'a1', 'c']) fs.writeFileSync(path.join(dir, n), '');
    expect(siblingsMatching(dir, /1$/).sort()).toEqual([path.join(dir, 'a1'), path.join(dir, 'b1')]);
    expect(siblingsMatching(path.join(dir, 'missing'), /./)).toEqual([]);
    expect(siblingsMatching(path.join(dir, 'c'), /./)).toEqual([]);
  });

  test('lock writes the pid, unlock removes it only when this run locked', () => {
    const dir = tmp();
    const tx = new Transaction(dir, '.t');
    fs.writeFileSync(path.join(dir, '.t.lock'), 'someone\n');
    tx.unlock();
    expect(fs.readFileSync(path.join(dir, '.t.lock'), 'utf8')).toBe('someone\n');
    fs.rmSync(path.join(dir, '.t.lock'));
    tx.lock();
    expect(fs.readFileSync(path.join(dir, '.t.lock'), 'utf8')).toBe(`${process.pid}\n`);
    tx.unlock();
    expect(ls(dir)).toEqual([]);
    fs.writeFileSync(path.join(dir, '.t.lock'), 'next\n');
    tx.unlock();
    expect(ls(dir)).toEqual(['.t.lock']);
  });

  test('unlock of a lock file deleted by hand while the run held it: no error', () => {
    const dir = tmp();
    const tx = new Transaction(dir, '.t');
    tx.lock();
    fs.rmSync(path.join(dir, '.t.lock'));
    expect(() => tx.unlock()).not.toThrow();
    expect(ls(dir)).toEqual([]);
  });

  test('taking and releasing the lock, and reading the marker of files, leave no file descriptor open', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'generated.tf'), MARK);
    const open = () => fs.readdirSync('/proc/self/fd').length;
    const before = open();
    const tx = new Transaction(dir, '.t');
    for (let i = 0; i < 50; i++) {
      tx.lock();
      tx.unlock();
      expect(isGeneratedFile(path.join(dir, 'generated.tf'))).toBe(true);
    }
    expect(open()).toBe(before);
  });

  test("two runs removing the same dead run's takeover lock: the one that finds it gone goes on and takes the lock", () => {
    const dir = tmp();
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
    const takeover = path.join(dir, '.t.lock.takeover');
    fs.writeFileSync(path.join(dir, '.t.lock'), `${dead}\n`);
    fs.writeFileSync(takeover, '1\n');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(takeover, old, old);
    const stat = nodeFs.statSync;
    let removedByTheOther = false;
    jest.spyOn(nodeFs, 'statSync').mockImplementation(((file: fs.PathLike, options?: fs.StatSyncOptions) => {
      const result = stat(file, options);
      // The other run removes it right after this run looked at it.
      if (String(file) === takeover && !removedByTheOther) {
        removedByTheOther = true;
        fs.rmSync(takeover);
      }
      return result;
    }) as typeof fs.statSync);
    const tx = new Transaction(dir, '.t');
    tx.lock();
    jest.restoreAllMocks();
    expect(removedByTheOther).toBe(true);
    expect(fs.readFileSync(path.join(dir, '.t.lock'), 'utf8')).toBe(`${process.pid}\n`);
    expect(ls(dir)).toEqual(['.t.lock']);
    tx.unlock();
  });

  test("takes over the lock of a dead run, an empty lock left for seconds, and a dead run's takeover lock", () => {
    const dir = tmp();
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
    fs.writeFileSync(path.join(dir, '.t.lock'), `${dead}\n`);
    const tx = new Transaction(dir, '.t');
    tx.lock();
    expect(fs.readFileSync(path.join(dir, '.t.lock'), 'utf8')).toBe(`${process.pid}\n`);
    tx.unlock();
    const old = new Date(Date.now() - 60_000);
    fs.writeFileSync(path.join(dir, '.t.lock'), '');
    fs.utimesSync(path.join(dir, '.t.lock'), old, old);
    fs.writeFileSync(path.join(dir, '.t.lock.takeover'), '1\n');
    fs.utimesSync(path.join(dir, '.t.lock.takeover'), old, old);
    tx.lock();
    expect(fs.readFileSync(path.join(dir, '.t.lock'), 'utf8')).toBe(`${process.pid}\n`);
    expect(ls(dir)).toEqual(['.t.lock']);
    tx.unlock();
  });

  test('gives up on a live lock with LockedError, naming the pid when there is one', () => {
    const dir = tmp();
    const lockFile = path.join(dir, '.t.lock');
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => (now += 20_000));
    // This process holds it (a live pid).
    fs.writeFileSync(lockFile, `${process.pid}\n`);
    const err = thrown(() => new Transaction(dir, '.t').lock());
    expect(err).toEqual(new Error(`another ecs-privatelink run (pid ${process.pid}) is writing here (lock ${lockFile}); wait for it to finish, or delete the lock file if no such run exists`));
    expect(err).toBeInstanceOf(LockedError);
    expect(err.name).toBe('LockedError');
    expect((err as LockedError).pid).toBe(process.pid);
    // An empty lock just written (its run is writing the pid): not stale, no pid.
    fs.writeFileSync(lockFile, '');
    fs.utimesSync(lockFile, new Date(4_000_000_000_000), new Date(4_000_000_000_000));
    expect(() => new Transaction(dir, '.t').lock()).toThrow(new Error(`another ecs-privatelink run is writing here (lock ${lockFile}); wait for it to finish, or delete the lock file if no such run exists`));
    expect(ls(dir)).toEqual(['.t.lock']);
  });

  test('waits for a live lock that is released before the deadline', () => {
    const dir = tmp();
    const lockFile = path.join(dir, '.t.lock');
    fs.writeFileSync(lockFile, `${process.pid}\n`);
    let calls = 0;
    const realNow = Date.now.bind(Date);
    jest.spyOn(Date, 'now').mockImplementation(() => {
      if (++calls === 3) fs.rmSync(lockFile);
      return realNow();
    });
    const tx = new Transaction(dir, '.t');
    tx.lock();
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(`${process.pid}\n`);
    tx.unlock();
  });

  test('commit applies renames in order, moves the old aside then deletes it, removes entries, and leaves no journal', () => {
    const dir = tmp();
    const p = (n: string) => path.join(dir, n);
    fs.writeFileSync(p('a'), 'old a');
    fs.writeFileSync(p('.a.new'), 'new a');
    fs.writeFileSync(p('.b.new'), 'new b');
    fs.writeFileSync(p('gone'), 'x');
    fs.mkdirSync(p('.a.old'));
    fs.writeFileSync(p('.a.old/x'), 'a stale old folder');
    const journals: string[] = [];
    const rename = nodeFs.renameSync;
    jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      if (String(to).endsWith('.journal')) journals.push(fs.readFileSync(from, 'utf8'));
      rename(from, to);
    });
    const tx = new Transaction(dir, '.t');
    tx.commit([{ from: p('.a.new'), to: p('a'), old: p('.a.old') }, { from: p('.b.new'), to: p('b') }, { to: p('gone'), old: p('.gone.old') }, { to: p('never') }], p('a'));
    expect(journals).toEqual([
      '[{"from":".a.new","to":"a","old":".a.old"},{"from":".b.new","to":"b"},{"to":"gone","old":".gone.old"},{"to":"never"}]\n',
    ]);
    expect(tree(dir)).toEqual({ a: 'new a', b: 'new b' });
  });

  test('a rename that fails undoes those made, removes the journal, and throws the error', () => {
    const dir = tmp();
    const p = (n: string) => path.join(dir, n);
    fs.writeFileSync(p('a'), 'old a');
    fs.writeFileSync(p('.a.new'), 'new a');
    fs.writeFileSync(p('.b.new'), 'new b');
    fs.mkdirSync(p('b'));
    const tx = new Transaction(dir, '.t');
    expect(() => tx.commit([{ from: p('.a.new'), to: p('a'), old: p('.a.old') }, { from: p('.b.new'), to: p('b') }], p('a'))).toThrow(/EISDIR/);
    expect(tree(dir)).toEqual({ '.a.new': 'new a', '.b.new': 'new b', a: 'old a', 'b/': '' });
  });

  test('when undoing fails too: IncompleteWriteError naming the cause, and the journal stays for the next run, which completes the write', () => {
    const dir = tmp();
    const p = (n: string) => path.join(dir, n);
    fs.writeFileSync(p('a'), 'old a');
    fs.writeFileSync(p('.a.new'), 'new a');
    fs.writeFileSync(p('.b.new'), 'new b');
    const rename = nodeFs.renameSync;
    jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      if (String(from).endsWith('.b.new') || String(to).endsWith('.a.new')) throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      rename(from, to);
    });
    const tx = new Transaction(dir, '.t');
    const err = thrown(() => tx.commit([{ from: p('.a.new'), to: p('a'), old: p('.a.old') }, { from: p('.b.new'), to: p('b') }], p('a')));
    expect(err).toEqual(new Error('the write stopped half-way (ENOSPC); run the same command again to complete it'));
    expect(err).toBeInstanceOf(IncompleteWriteError);
    expect(err.name).toBe('IncompleteWriteError');
    expect((err as IncompleteWriteError).target).toBe(p('a'));
    expect(ls(dir)).toEqual(['.a.old', '.b.new', '.t.journal', 'a']);
    jest.restoreAllMocks();
    expect(tx.recover(() => [])).toEqual([`completed the write of an interrupted run in ${dir} (its journal listed 2 renames)`]);
    expect(tree(dir)).toEqual({ a: 'new a', b: 'new b' });
    expect(new IncompleteWriteError('x', new Error('plain')).message).toBe('the write stopped half-way (plain); run the same command again to complete it');
  });

  test('recover: a journal applied twice is harmless; stray journal and lock temporaries, and a dead takeover lock, are removed', () => {
    const dir = tmp();
    const p = (n: string) => path.join(dir, n);
    fs.writeFileSync(p('a'), 'new a');
    fs.writeFileSync(p('.t.journal'), '[{"from":".a.new","to":"a","old":".a.old"},{"to":"gone"}]\n');
    const stray = ['.t.journal.new-1-0123abcd', '.t.lock.stale-22-ffffffff', '.t.lock.new-3-00000000'];
    const kept = ['.t.journal.old-1-0123abcd', '.t.lock.new-3-0000000', 'x.t.lock.new-3-00000000', 'Xt.lock.new-3-00000000', '.tXlock.new-3-00000000', '.t.lock.new-3-00000000x', '.t.lock.takeover.new-3-00000000'];
    for (const n of [...stray, ...kept]) fs.writeFileSync(p(n), '');
    fs.writeFileSync(p('.t.lock.takeover'), '1\n');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(p('.t.lock.takeover'), old, old);
    const tx = new Transaction(dir, '.t');
    const said = tx.recover(() => []);
    expect(said).toHaveLength(2);
    expect(said[0]).toBe(`completed the write of an interrupted run in ${dir} (its journal listed 2 renames)`);
    // The stray names come in the order of the folder listing, the takeover lock last: the first three are named.
    const named = /^removed 4 temporary entries left by an interrupted run \((.*), \.\.\.\)$/.exec(said[1]);
    expect(named?.[1].split(', ').sort()).toEqual(['.t.journal.new-1-0123abcd', '.t.lock.new-3-00000000', '.t.lock.stale-22-ffffffff']);
    expect(ls(dir)).toEqual([...kept, 'a'].sort());
    // A fresh takeover lock (its run is removing a dead lock right now) stays; one entry is "entry".
    fs.writeFileSync(p('.t.lock.takeover'), '1\n');
    fs.writeFileSync(p('.left'), '');
    expect(tx.recover(() => [p('.left')])).toEqual(['removed 1 temporary entry left by an interrupted run (.left)']);
    expect(tx.recover(() => [])).toEqual([]);
    expect(ls(dir)).toEqual([...kept, '.t.lock.takeover', 'a'].sort());
  });

  test('recover: three entries are all named; a journal it cannot read is an error, not a fresh start', () => {
    const dir = tmp();
    const p = (n: string) => path.join(dir, n);
    for (const n of ['x', 'y', 'z']) fs.mkdirSync(p(n));
    fs.writeFileSync(p('x/in'), '');
    const tx = new Transaction(dir, '.t');
    expect(tx.recover(() => [p('x'), p('y'), p('z')])).toEqual(['removed 3 temporary entries left by an interrupted run (x, y, z)']);
    expect(ls(dir)).toEqual([]);
    fs.mkdirSync(p('.t.journal'));
    expect(() => tx.recover(() => [])).toThrow(/EISDIR/);
    expect(ls(dir)).toEqual(['.t.journal']);
  });

  test('commit: a journal it cannot put in place is an error, and its temporary file is removed', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, '.t.journal', 'x'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.a.new'), 'new');
    expect(() => new Transaction(dir, '.t').commit([{ from: path.join(dir, '.a.new'), to: path.join(dir, 'a') }], path.join(dir, 'a'))).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(ls(dir)).toEqual(['.a.new', '.t.journal']);
  });

  test('lock: an error other than "exists" is thrown; a text that is not only a pid is no pid; a live pid of another process is not taken over', () => {
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => (now += 20_000));
    const dir = tmp();
    expect(() => new Transaction(path.join(dir, 'missing'), '.t').lock()).toThrow(/ENOENT/);
    const lockFile = path.join(dir, '.t.lock');
    for (const text of ['1x\n', 'x1\n']) {
      fs.writeFileSync(lockFile, text);
      expect(() => new Transaction(dir, '.t').lock()).toThrow(new Error(`another ecs-privatelink run is writing here (lock ${lockFile}); wait for it to finish, or delete the lock file if no such run exists`));
    }
    fs.writeFileSync(lockFile, '1\n');
    expect(() => new Transaction(dir, '.t').lock()).toThrow(new Error(`another ecs-privatelink run (pid 1) is writing here (lock ${lockFile}); wait for it to finish, or delete the lock file if no such run exists`));
    expect(ls(dir)).toEqual(['.t.lock']);
  });

  test("a takeover lock of a live run is waited for until it is 5 s old, then removed, and the dead run's lock taken", () => {
    const dir = tmp();
    const lockFile = path.join(dir, '.t.lock');
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
    fs.writeFileSync(lockFile, `${dead}\n`);
    fs.writeFileSync(`${lockFile}.takeover`, '1\n');
    const born = fs.statSync(`${lockFile}.takeover`).mtimeMs;
    let now = born;
    jest.spyOn(Date, 'now').mockImplementation(() => (now += 500));
    const removed: [string, number][] = [];
    const rm = nodeFs.rmSync;
    jest.spyOn(nodeFs, 'rmSync').mockImplementation((p, o) => {
      removed.push([path.basename(String(p)), now - born]);
      rm(p, o);
    });
    new Transaction(dir, '.t').lock();
    expect(removed.map(([name]) => name)).toEqual(['.t.lock.takeover', '.t.lock', '.t.lock.takeover']);
    expect(removed[0][1]).toBeGreaterThan(5000);
    expect(removed[0][1]).toBeLessThanOrEqual(6000);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(`${process.pid}\n`);
    expect(ls(dir)).toEqual(['.t.lock']);
  });

  test('a dead lock that changed between its reading and its removal (text, inode or time) is not removed then, but at the next look', () => {
    const dir = tmp();
    const lockFile = path.join(dir, '.t.lock');
    const dead = () => spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
    const [deadA, deadB] = [dead(), dead()];
    // Whole seconds, so that setting the time again gives the same mtimeMs.
    const T0 = new Date('2026-01-01T00:00:00Z');
    const changes: Record<string, () => void> = {
      text: () => {
        fs.writeFileSync(lockFile, `${deadB}\n`);
        fs.utimesSync(lockFile, T0, T0);
      },
      inode: () => {
        fs.writeFileSync(`${lockFile}.other`, `${deadA}\n`);
        fs.utimesSync(`${lockFile}.other`, T0, T0);
        fs.renameSync(`${lockFile}.other`, lockFile);
      },
      time: () => fs.utimesSync(lockFile, new Date(T0.getTime() + 3000), new Date(T0.getTime() + 3000)),
    };
    expect(deadA).not.toBe(deadB);
    for (const [what, change] of Object.entries(changes)) {
      fs.writeFileSync(lockFile, `${deadA}\n`);
      fs.utimesSync(lockFile, T0, T0);
      let takeovers = 0;
      const open = nodeFs.openSync;
      jest.spyOn(nodeFs, 'openSync').mockImplementation(((file: fs.PathLike, ...rest: unknown[]) => {
        if (String(file).endsWith('.takeover') && ++takeovers === 1) change();
        return (open as (...a: unknown[]) => number)(file, ...rest);
      }) as typeof fs.openSync);
      const tx = new Transaction(dir, '.t');
      tx.lock();
      expect([what, takeovers]).toEqual([what, 2]);
      expect(fs.readFileSync(lockFile, 'utf8')).toBe(`${process.pid}\n`);
      tx.unlock();
      jest.restoreAllMocks();
    }
  });

  test('a live lock that replaced the dead one meanwhile is left alone', () => {
    const dir = tmp();
    const lockFile = path.join(dir, '.t.lock');
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
    fs.writeFileSync(lockFile, `${dead}\n`);
    const open = nodeFs.openSync;
    let takeovers = 0;
    jest.spyOn(nodeFs, 'openSync').mockImplementation(((file: fs.PathLike, ...rest: unknown[]) => {
      if (String(file).endsWith('.takeover') && ++takeovers === 1) fs.writeFileSync(lockFile, '1\n');
      return (open as (...a: unknown[]) => number)(file, ...rest);
    }) as typeof fs.openSync);
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => (now += 20_000));
    expect(() => new Transaction(dir, '.t').lock()).toThrow(LockedError);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe('1\n');
    expect(ls(dir)).toEqual(['.t.lock']);
  });
});

describe('a write that stops half-way and cannot be undone', () => {
  const fail = (when: (from: string, to: string) => boolean) => {
    const rename = nodeFs.renameSync;
    jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      if (when(String(from), String(to))) throw Object.assign(new Error('I/O error'), { code: 'EIO' });
      rename(from, to);
    });
  };

  test('writeModule keeps the staging and the journal, and the next run completes the write', () => {
    const home = tmp();
    const dir = path.join(home, 'module');
    writeModule(dir, files());
    // The new folder cannot be put in place, nor the old one moved back.
    fail((from, to) => (from.includes('.module.new-') && to === dir) || from.includes('.module.old-'));
    expect(thrown(() => writeModule(dir, new Map([['v2.tf', MARK]]))).message).toBe('the write stopped half-way (EIO); run the same command again to complete it');
    expect(ls(home).map((n) => n.replace(/-\d+-[0-9a-f]{8}$/, ''))).toEqual(['.module.journal', '.module.new', '.module.old']);
    jest.restoreAllMocks();
    const said: string[] = [];
    writeModule(dir, new Map([['v3.tf', MARK]]), { onRecover: (line) => said.push(line) });
    expect(said).toEqual([`completed the write of an interrupted run in ${home} (its journal listed 1 rename)`]);
    expect(tree(home)).toEqual({ 'module/': '', 'module/v3.tf': MARK });
  });

  test('writeFleet keeps the staged root files and the journal, and the next run completes the write', () => {
    const dir = tmp();
    const M = 'modules/ecs-privatelink';
    const v = (n: string) => new Map([[`${M}/main.tf`, `${MARK}${n}\n`], ['roots/a/main.tf', `${MARK}${n}\n`]]);
    writeFleet(dir, v('1'), M);
    fail((from, to) => (from.includes('.main.tf.new-') && to.endsWith('main.tf')) || from.includes('.ecs-privatelink.old-'));
    expect(thrown(() => writeFleet(dir, v('2'), M)).message).toBe('the write stopped half-way (EIO); run the same command again to complete it');
    expect(fs.readdirSync(path.join(dir, 'roots', 'a')).map((n) => n.replace(/-\d+-[0-9a-f]{8}$/, ''))).toEqual(['.main.tf.new', 'main.tf']);
    expect(ls(dir)).toEqual(['.ecs-privatelink.journal', 'modules', 'roots']);
    jest.restoreAllMocks();
    const said: string[] = [];
    writeFleet(dir, v('3'), M, { onRecover: (line) => said.push(line) });
    expect(said).toEqual([`completed the write of an interrupted run in ${dir} (its journal listed 2 renames)`]);
    expect(fs.readFileSync(path.join(dir, 'roots', 'a', 'main.tf'), 'utf8')).toBe(`${MARK}3\n`);
    expect(ls(path.join(dir, 'roots', 'a'))).toEqual(['main.tf']);
    expect(ls(path.join(dir, 'modules'))).toEqual(['ecs-privatelink']);
  });
});
