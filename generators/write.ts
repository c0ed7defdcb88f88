/**
 * The one piece of the generator that writes to disk.
 *
 * `writeModule(dir, files)` replaces the folder `dir` with exactly `files`,
 * atomically: everything is written into a temporary sibling folder first,
 * then swapped in with renames, so that on any failure `dir` is left exactly
 * as it was. It refuses to replace a folder that holds files without the
 * generated-file marker (someone's own work) unless `force` is set.
 *
 * `writeFleet(dir, files)` writes a fleet: the module folder as `writeModule`
 * does, and in each `roots/<name>/` only the generated files, each replaced
 * atomically, leaving everything else there alone (a backend file, `.terraform/`,
 * the state).
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { hasGeneratedMarker } from './helpers';

export interface WriteOptions {
  /** Replace the folder even when it holds files that ecs-privatelink did not generate. */
  force?: boolean;
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

/**
 * Every entry under `dir` that is not a folder (files, symbolic links, pipes), and every
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

/**
 * Replaces `dir` with exactly `files` (relative path -> text), atomically.
 * Creates `dir` (and its parents) when missing. Throws `ForeignFilesError`
 * when `dir` holds files without the generated-file marker and `force` is
 * not set; any other failure also leaves `dir` as it was.
 */
export function writeModule(dir: string, files: ReadonlyMap<string, string>, options: WriteOptions = {}): void {
  const target = path.resolve(dir);
  for (const rel of files.keys()) checkRelativePath(rel);

  const existing = fs.statSync(target, { throwIfNoEntry: false });
  if (existing && !existing.isDirectory()) {
    throw new Error(`cannot write the module to ${dir}: it is a file, not a folder`);
  }
  if (existing && !options.force) {
    const foreign = foreignFiles(target);
    if (foreign.length > 0) throw new ForeignFilesError(dir, foreign);
  }

  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  // Siblings of the target, so that the renames stay on one file system.
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = path.join(parent, `.${path.basename(target)}.new-${suffix}`);
  const old = path.join(parent, `.${path.basename(target)}.old-${suffix}`);
  fs.mkdirSync(staging);
  let backup: string | undefined;
  try {
    for (const [rel, text] of files) {
      const file = path.join(staging, ...rel.split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text, { flag: 'wx' });
    }
    if (existing) {
      fs.chmodSync(staging, existing.mode & 0o7777);
      fs.renameSync(target, old);
      backup = old;
      try {
        fs.renameSync(staging, target);
      } catch (err) {
        try {
          fs.renameSync(old, target);
        } catch {
          throw new Error(`could not put the new module in place at ${dir} (${(err as Error).message}) nor restore the old one; it is in ${old}`);
        }
        backup = undefined;
        throw err;
      }
    } else {
      fs.renameSync(staging, target);
    }
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  // The new folder is in place. Failing to delete the old one leaves a hidden
  // sibling behind but does not undo the write, so it is not an error.
  if (backup) {
    try {
      fs.rmSync(backup, { recursive: true, force: true });
    } catch {
      // left for the user: .<name>.old-<suffix>
    }
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
 * see generators/fleet.ts) under `dir`. The module folder is replaced as by
 * `writeModule`; in the roots only the generated files are written, each
 * through a temporary file and a rename. Everything is checked first and every
 * root file is staged before anything is replaced, so a refusal or a full disk
 * leaves `dir` as it was. Throws `ForeignFilesError` (paths relative to `dir`)
 * when the module folder holds files without the marker, or a generated file
 * of a root exists without it, and `force` is not set.
 */
export function writeFleet(dir: string, files: ReadonlyMap<string, string>, moduleDir: string, options: WriteOptions = {}): FleetWriteResult {
  const target = path.resolve(dir);
  const prefix = `${moduleDir}/`;
  const moduleFiles = new Map([...files].filter(([rel]) => rel.startsWith(prefix)).map(([rel, text]) => [rel.slice(prefix.length), text]));
  const rootFiles = [...files].filter(([rel]) => !rel.startsWith(prefix));
  for (const [rel] of rootFiles) checkRelativePath(rel);

  const existing = fs.statSync(target, { throwIfNoEntry: false });
  if (existing && !existing.isDirectory()) throw new Error(`cannot write the fleet to ${dir}: it is a file, not a folder`);
  if (!options.force) {
    const modulePath = path.join(target, ...moduleDir.split('/'));
    const foreign = [
      ...(fs.existsSync(modulePath) ? foreignFiles(modulePath).map((rel) => `${moduleDir}/${rel}`) : []),
      ...rootFiles.map(([rel]) => rel).filter((rel) => fs.existsSync(path.join(target, rel)) && !isGeneratedFile(path.join(target, rel))),
    ];
    if (foreign.length > 0) throw new ForeignFilesError(dir, foreign);
  }

  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staged: [string, string][] = [];
  try {
    for (const [rel, text] of rootFiles) {
      const file = path.join(target, ...rel.split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = path.join(path.dirname(file), `.${path.basename(file)}.new-${suffix}`);
      fs.writeFileSync(tmp, text, { flag: 'wx' });
      staged.push([tmp, file]);
    }
    writeModule(path.join(target, ...moduleDir.split('/')), moduleFiles, { force: true });
  } catch (err) {
    for (const [tmp] of staged) fs.rmSync(tmp, { force: true });
    throw err;
  }
  for (const [tmp, file] of staged) fs.renameSync(tmp, file);

  const written = new Set(rootFiles.map(([rel]) => rel.split('/').slice(0, 2).join('/')));
  return { staleRoots: generatedRoots(target).filter((root) => !written.has(root)) };
}

/** The folders `roots/<name>` under `dir` whose main.tf carries the generated-file marker. */
export function generatedRoots(dir: string): string[] {
  const roots = path.join(dir, 'roots');
  if (!fs.statSync(roots, { throwIfNoEntry: false })?.isDirectory()) return [];
  return fs
    .readdirSync(roots, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && isGeneratedFile(path.join(roots, entry.name, 'main.tf')))
    .map((entry) => `roots/${entry.name}`)
    .sort();
}

/** True for a regular file that starts with the generated-file marker. */
function isGeneratedFile(file: string): boolean {
  if (!fs.lstatSync(file, { throwIfNoEntry: false })?.isFile()) return false;
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(200);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return hasGeneratedMarker(head.subarray(0, n).toString('utf8'));
  } finally {
    fs.closeSync(fd);
  }
}
