/**
 * The one piece of the generator that writes to disk.
 *
 * `writeModule(dir, files)` replaces the folder `dir` with exactly `files`,
 * atomically: everything is written into a temporary sibling folder first,
 * then swapped in with renames, so that on any failure `dir` is left exactly
 * as it was. It refuses to replace a folder that holds files without the
 * generated-file marker (someone's own work) unless `force` is set.
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

/** Every file under `dir`, as relative paths with `/`, sorted. */
function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(path.join(dir, entry.name), rel) : [rel];
    })
    .sort();
}

/** The files under `dir` that do not start with the generated-file marker. */
export function foreignFiles(dir: string): string[] {
  return listFiles(dir).filter((rel) => {
    const file = path.join(dir, rel);
    if (!fs.lstatSync(file).isFile()) return true;
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(200);
      const n = fs.readSync(fd, head, 0, head.length, 0);
      return !hasGeneratedMarker(head.subarray(0, n).toString('utf8'));
    } finally {
      fs.closeSync(fd);
    }
  });
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
