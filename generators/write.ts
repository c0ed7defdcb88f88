/**
 * The one piece of the generator that writes to disk.
 *
 * `writeModule(dir, files)` replaces the folder `dir` with exactly `files`,
 * atomically: everything is written into a temporary sibling folder first,
 * then swapped in with renames recorded in a journal, under a lock (see
 * generators/transaction.ts), so that on any failure `dir` is left exactly
 * as it was, and after a kill at any moment the next run completes the swap.
 * It refuses to replace a folder that holds files without the generated-file
 * marker (someone's own work) unless `force` is set, and even then a folder
 * with no generated file, a folder holding a `.git`, the configuration file
 * or the working folder, or a symbolic link.
 *
 * `writeFleet(dir, files)` writes a fleet: the module folder as `writeModule`
 * does, and in each `roots/<name>/` only the generated files, each replaced
 * atomically, leaving everything else there alone (a backend file, `.terraform/`,
 * the state).
 */
import * as fs from 'fs';
import * as path from 'path';
import { hasGeneratedMarker } from './helpers';
import { escapeRegExp, IncompleteWriteError, LockedError, runSuffix, siblingsMatching, tempName, Transaction, type RenameOp } from './transaction';

export interface WriteOptions {
  /** Replace the folder even when it holds files that ecs-privatelink did not generate (but only a folder that holds at least one it did). */
  force?: boolean;
  /** Paths the replaced folder must not be nor hold, whatever `force` says: the configuration file, the working folder. */
  protect?: readonly { path: string; what: string }[];
  /** Told, in a sentence, when an interrupted run's write was completed or its leftovers removed. */
  onRecover?: (message: string) => void;
}

/** Thrown when `dir` holds files without the generated-file marker and `force` is not set. */
export class ForeignFilesError extends Error {
  constructor(
    readonly dir: string,
    readonly files: string[],
  ) {
    const shown = files.slice(0, 5).join(', ') + (files.length > 5 ? `, and ${files.length - 5} more` : '');
    super(
      `refusing to replace ${dir}: it holds ${files.length} file${files.length === 1 ? '' : 's'} that ecs-privatelink did not generate (${shown}); ` +
        'move them elsewhere, point the output at another folder, or force the overwrite (generate --force), which deletes them',
    );
    this.name = 'ForeignFilesError';
  }
}

/** Refused: replacing this folder would delete what must not be deleted (exit 2 at the command line). */
export class RefusedReplaceError extends Error {
  constructor(
    readonly dir: string,
    readonly reason: string,
  ) {
    super(`refusing to replace ${dir}: ${reason}`);
    this.name = 'RefusedReplaceError';
  }
}

export { IncompleteWriteError, LockedError };

/**
 * Every entry under `dir` that is not a folder (files, symbolic links, FIFOs and devices, never followed), and every
 * empty folder as `name/` (the generated layout has none, so one is the user's), as
 * relative paths with `/`, sorted.
 */
function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (!entry.isDirectory()) return [rel];
      const inside = listFiles(path.join(dir, entry.name), rel);
      return inside.length > 0 ? inside : [`${rel}/`];
    })
    .sort();
}

/** The files under `dir` that do not start with the generated-file marker. */
export function foreignFiles(dir: string): string[] {
  return listFiles(dir).filter((rel) => !isGeneratedFile(path.join(dir, rel)));
}

function checkRelativePath(rel: string): void {
  const parts = rel.split('/');
  if (rel === '' || path.isAbsolute(rel) || rel.includes('\\') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new Error(`cannot write the generated file "${rel}": file names must be relative paths inside the module folder`);
  }
}

/** `a` is `b` or holds it (both real paths). */
function holds(a: string, b: string): boolean {
  const rel = path.relative(a, b);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of `p`, or of its nearest existing parent joined with the rest. */
function realPath(p: string): string {
  const abs = path.resolve(p);
  try {
    return fs.realpathSync(abs);
  } catch {
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(realPath(parent), path.basename(abs));
  }
}

/** A `.git` entry anywhere under `dir` (not following links), as a relative path. */
function findGit(dir: string, prefix = ''): string | undefined {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.name === '.git') return rel;
    if (entry.isDirectory()) {
      const found = findGit(path.join(dir, entry.name), rel);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Whether the existing folder `target` may be replaced. Never when it is or
 * holds the working folder, the configuration file (or any path of
 * `protect`), or a `.git`; without `force`, only when every file in it
 * carries the generated-file marker; with `force`, only when at least one
 * does (it is a module this tool wrote, with files added).
 */
function checkReplaceable(target: string, shown: string, options: WriteOptions): void {
  const real = realPath(target);
  for (const p of options.protect ?? []) {
    for (const candidate of new Set([realPath(p.path), path.join(realPath(path.dirname(p.path)), path.basename(p.path))])) {
      if (holds(real, candidate)) {
        throw new RefusedReplaceError(shown, real === candidate ? `it is ${p.what}` : `it holds ${p.what} (${path.relative(real, candidate)})`);
      }
    }
  }
  const git = findGit(target);
  if (git) throw new RefusedReplaceError(shown, `it holds ${git}, a git repository; replacing the folder would delete it. Generate into a folder of its own`);
  const foreign = foreignFiles(target);
  if (foreign.length === 0) return;
  if (!options.force) throw new ForeignFilesError(shown, foreign);
  const all = listFiles(target);
  if (all.length > 0 && foreign.length === all.length) {
    throw new RefusedReplaceError(
      shown,
      `it holds no file that ecs-privatelink generated (${all.length} file${all.length === 1 ? '' : 's'}, like ${all.slice(0, 3).join(', ')}); --force replaces only a folder of a generated module. Choose another folder`,
    );
  }
}

/** A folder (or the path to one) that is a symbolic link: writing would replace the link, not what it points to. */
function refuseLink(target: string, shown: string): void {
  const stat = fs.lstatSync(target, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) {
    let to = '';
    try {
      to = fs.readlinkSync(target);
    } catch {
      // unreadable link: named without its target
    }
    throw new RefusedReplaceError(shown, `it is a symbolic link${to ? ` to ${to}` : ''}; name the folder itself${to ? ` (--out ${path.resolve(path.dirname(target), to)})` : ''}`);
  }
}

/** Writes `files` into a new folder `staging` (which must not exist). */
function stageFolder(staging: string, files: ReadonlyMap<string, string>, mode?: number): void {
  fs.mkdirSync(staging);
  for (const [rel, text] of files) {
    const file = path.join(staging, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { flag: 'wx' });
  }
  if (mode !== undefined) fs.chmodSync(staging, mode & 0o7777);
}

/** Temporary siblings of `target` left by any run (`.<name>.new-*`, `.<name>.old-*`). */
function leftoversOf(target: string): string[] {
  return siblingsMatching(path.dirname(target), new RegExp(`^\\.${escapeRegExp(path.basename(target))}\\.(new|old)-\\d+-[0-9a-f]{8}$`));
}

/**
 * Replaces `dir` with exactly `files` (relative path -> text), atomically
 * and under a lock (see generators/transaction.ts). Creates `dir` (and its
 * parents) when missing. Throws `ForeignFilesError` when `dir` holds files
 * without the generated-file marker and `force` is not set,
 * `RefusedReplaceError` when it must not be replaced even with `force`; any
 * other failure also leaves `dir` as it was.
 */
export function writeModule(dir: string, files: ReadonlyMap<string, string>, options: WriteOptions = {}): void {
  const target = path.resolve(dir);
  for (const rel of files.keys()) checkRelativePath(rel);
  refuseLink(target, dir);
  const existing = fs.statSync(target, { throwIfNoEntry: false });
  if (existing && !existing.isDirectory()) {
    throw new Error(`cannot write the module to ${dir}: it is a file, not a folder`);
  }
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const tx = new Transaction(parent, `.${path.basename(target)}`);
  tx.lock();
  try {
    for (const line of tx.recover(() => leftoversOf(target))) options.onRecover?.(line);
    replaceFolder(tx, target, dir, files, options, []);
  } finally {
    tx.unlock();
  }
}

/**
 * The path to put in place for `target` under `home`: the first folder on the
 * way that does not exist yet (so that a run killed before its commit leaves
 * no empty folder behind), else `target` itself.
 */
function unitOf(target: string, home: string): string {
  const parts = path.relative(home, target).split(path.sep);
  for (let i = 1; i <= parts.length; i++) {
    const p = path.join(home, ...parts.slice(0, i));
    if (!fs.lstatSync(p, { throwIfNoEntry: false })) return p;
  }
  return target;
}

/** `files` with their paths made relative to `unit` instead of `target` (inside it). */
function under(unit: string, target: string, files: ReadonlyMap<string, string>): Map<string, string> {
  const prefix = path.relative(unit, target).split(path.sep).filter(Boolean).join('/');
  return new Map([...files].map(([rel, text]) => [prefix ? `${prefix}/${rel}` : rel, text]));
}

/** Under the lock: checks `target`, stages `files` beside it, and commits the swap together with `more` renames (staged by the caller). */
function replaceFolder(tx: Transaction, target: string, shown: string, files: ReadonlyMap<string, string>, options: WriteOptions, more: RenameOp[]): void {
  const existing = fs.lstatSync(target, { throwIfNoEntry: false });
  if (existing) checkReplaceable(target, shown, options);
  const unit = existing ? target : unitOf(target, tx.home);
  const suffix = runSuffix();
  const staging = tempName(unit, 'new', suffix);
  try {
    stageFolder(staging, under(unit, target, files), existing?.mode);
    tx.commit([{ from: staging, to: unit, old: existing ? tempName(target, 'old', suffix) : undefined }, ...more], target);
  } catch (err) {
    // After a commit that stopped half-way, the staging is what the journal's next run puts in place.
    if (!(err instanceof IncompleteWriteError)) fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

/** What `writeFleet` found besides what it wrote. */
export interface FleetWriteResult {
  /**
   * Root folders (`roots/<name>`) that hold a generated main.tf but no VPC of
   * the configuration: left in place, since their state may still hold
   * deployed endpoints (destroy them first, then delete the folder).
   */
  readonly staleRoots: string[];
}

/**
 * Writes a fleet's files (`modules/ecs-privatelink/...` and `roots/<name>/...`,
 * see generators/fleet.ts) under `dir`, in one transaction: the module folder
 * is replaced as by `writeModule`, and in the roots only the generated files
 * are written (staged beside their targets), so that a kill at any moment
 * leaves the old set or the new set once the next run has recovered. Throws
 * `ForeignFilesError` (paths relative to `dir`) when the module folder holds
 * files without the marker, or a generated file of a root exists without it,
 * and `force` is not set.
 */
export function writeFleet(dir: string, files: ReadonlyMap<string, string>, moduleDir: string, options: WriteOptions = {}): FleetWriteResult {
  const target = path.resolve(dir);
  const prefix = `${moduleDir}/`;
  const moduleFiles = new Map([...files].filter(([rel]) => rel.startsWith(prefix)).map(([rel, text]) => [rel.slice(prefix.length), text]));
  const rootFiles = [...files].filter(([rel]) => !rel.startsWith(prefix));
  for (const [rel] of rootFiles) checkRelativePath(rel);

  const existing = fs.statSync(target, { throwIfNoEntry: false });
  if (existing && !existing.isDirectory()) throw new Error(`cannot write the fleet to ${dir}: it is a file, not a folder`);
  const modulePath = path.join(target, ...moduleDir.split('/'));
  refuseLink(modulePath, `${dir}/${moduleDir}`);
  fs.mkdirSync(target, { recursive: true });
  const tx = new Transaction(target, '.ecs-privatelink');
  tx.lock();
  const staged: RenameOp[] = [];
  try {
    const rootDirs = () => siblingsMatching(path.join(target, 'roots'), /^[^.]/);
    const leftovers = () => [
      ...leftoversOf(modulePath),
      ...[target, path.dirname(modulePath), path.join(target, 'roots')].flatMap((d) => siblingsMatching(d, TEMP_ENTRY)),
      ...rootDirs().flatMap((root) => siblingsMatching(root, TEMP_ENTRY)),
    ];
    for (const line of tx.recover(() => [...new Set(leftovers())])) options.onRecover?.(line);
    if (!options.force) {
      const foreign = [
        ...(fs.existsSync(modulePath) ? foreignFiles(modulePath).map((rel) => `${moduleDir}/${rel}`) : []),
        ...rootFiles.map(([rel]) => rel).filter((rel) => fs.lstatSync(path.join(target, rel), { throwIfNoEntry: false }) && !isGeneratedFile(path.join(target, rel))),
      ];
      if (foreign.length > 0) throw new ForeignFilesError(dir, foreign);
    }
    // Each root file is put in place by itself, or with the first of its folders that is missing (a new root, or roots/ itself).
    const suffix = runSuffix();
    const units = new Map<string, Map<string, string>>();
    for (const [rel, text] of rootFiles) {
      const file = path.join(target, ...rel.split('/'));
      if (fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) throw new RefusedReplaceError(`${dir}/${rel}`, 'it is a symbolic link; a generated root file must be a regular file');
      const unit = unitOf(file, target);
      const inUnit = path.relative(unit, file).split(path.sep).join('/');
      units.set(unit, (units.get(unit) ?? new Map()).set(inUnit, text));
    }
    for (const [unit, unitFiles] of units) {
      const tmp = tempName(unit, 'new', suffix);
      const only = unitFiles.get('');
      if (only !== undefined) fs.writeFileSync(tmp, only, { flag: 'wx' });
      staged.push({ from: tmp, to: unit });
      if (only === undefined) stageFolder(tmp, unitFiles);
    }
    replaceFolder(tx, modulePath, `${dir}/${moduleDir}`, moduleFiles, { ...options, force: true }, staged);
  } catch (err) {
    if (!(err instanceof IncompleteWriteError)) for (const op of staged) fs.rmSync(op.from!, { recursive: true, force: true });
    throw err;
  } finally {
    tx.unlock();
  }
  const written = new Set(rootFiles.map(([rel]) => rel.split('/').slice(0, 2).join('/')));
  return { staleRoots: generatedRoots(target).filter((root) => !written.has(root)) };
}

/** A temporary file or folder of any run, by its name. */
const TEMP_ENTRY = /^\..+\.(new|old)-\d+-[0-9a-f]{8}$/;

/** The folders `roots/<name>` under `dir` whose main.tf carries the generated-file marker. */
export function generatedRoots(dir: string): string[] {
  const roots = path.join(dir, 'roots');
  if (!fs.statSync(roots, { throwIfNoEntry: false })?.isDirectory()) return [];
  return fs
    .readdirSync(roots, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && isGeneratedFile(path.join(roots, entry.name, 'main.tf')))
    .map((entry) => `roots/${entry.name}`)
    .sort();
}

/** True for a regular file that starts with the generated-file marker. */
export function isGeneratedFile(file: string): boolean {
  if (!fs.lstatSync(file, { throwIfNoEntry: false })?.isFile()) return false;
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch {
    return false; // unreadable or swapped for a link: not known to be generated
  }
  try {
    const head = Buffer.alloc(200);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return hasGeneratedMarker(head.subarray(0, n).toString('utf8'));
  } finally {
    fs.closeSync(fd);
  }
}
