/**
 * Reading a folder this tool wrote, whatever else someone put in it.
 *
 * Every entry is looked at with lstat and never followed: a symbolic link
 * (to /proc/self/environ, a credentials file, /dev/zero), a FIFO, a device
 * or a socket is reported by kind and path, never opened. Regular files are
 * opened with O_NOFOLLOW | O_NONBLOCK, checked again on the open descriptor
 * (the entry may have been swapped since lstat), and read up to
 * {@link MAX_TREE_FILE_BYTES}: a larger file is reported, not read. Files
 * that cannot be read (permissions) are reported too. Nothing here throws
 * for what the folder holds.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Largest file read from a generated folder: 4 MiB (the largest generated file is under 100 KB). */
export const MAX_TREE_FILE_BYTES = 4 * 1024 * 1024;

/** An entry of the folder that is not a regular file or a folder, or a file that could not be read. */
export interface UnexpectedEntry {
  /** Relative path with `/`. */
  rel: string;
  /** `symlink`, `FIFO`, `device`, `socket`, `oversize file`, `unreadable file`, `unreadable folder`. */
  kind: string;
  /** Why, for the unreadable ones. */
  detail?: string;
}

export interface Tree {
  /** Regular files read, relative path → text. */
  files: Map<string, string>;
  unexpected: UnexpectedEntry[];
}

/** The kind of a non-regular entry, in words. */
export function entryKind(stat: fs.Stats): string | undefined {
  if (stat.isSymbolicLink()) return 'symlink';
  if (stat.isFIFO()) return 'FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'device';
  if (stat.isSocket()) return 'socket';
  return undefined;
}

/**
 * Every regular file under `dir` (relative paths with `/`, sorted) for which
 * `include(rel)` holds, read as UTF-8, and every entry that is not one.
 * `descend(rel)` says whether to enter a folder (default: always).
 */
export function readTree(dir: string, include: (rel: string) => boolean = () => true, descend: (rel: string) => boolean = () => true): Tree {
  const tree: Tree = { files: new Map(), unexpected: [] };
  walk(dir, '', include, descend, tree);
  tree.unexpected.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return tree;
}

function walk(dir: string, prefix: string, include: (rel: string) => boolean, descend: (rel: string) => boolean, tree: Tree): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort();
  } catch (err) {
    tree.unexpected.push({ rel: prefix || '.', kind: 'unreadable folder', detail: (err as NodeJS.ErrnoException).code });
    return;
  }
  for (const name of names) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const abs = path.join(dir, name);
    const stat = fs.lstatSync(abs, { throwIfNoEntry: false });
    if (!stat) continue; // removed meanwhile
    if (stat.isDirectory()) {
      if (descend(rel)) walk(abs, rel, include, descend, tree);
      continue;
    }
    if (!include(rel)) continue;
    const kind = entryKind(stat);
    if (kind) {
      tree.unexpected.push({ rel, kind });
      continue;
    }
    const read = readRegularFile(abs, MAX_TREE_FILE_BYTES);
    if (typeof read === 'string') tree.files.set(rel, read);
    else tree.unexpected.push({ rel, ...read });
  }
}

/** The text of a regular file, never following a link nor blocking on a FIFO, at most `limit` bytes; or what is wrong with it. */
export function readRegularFile(file: string, limit: number): string | { kind: string; detail?: string } {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { kind: 'symlink' };
    return { kind: 'unreadable file', detail: code };
  }
  try {
    const stat = fs.fstatSync(fd);
    const kind = entryKind(stat);
    if (kind) return { kind };
    if (!stat.isFile()) return { kind: 'unreadable file', detail: 'not a regular file' };
    if (stat.size > limit) return { kind: 'oversize file', detail: `${stat.size} bytes` };
    const buffer = Buffer.alloc(Math.min(limit + 1, stat.size + 1));
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) n = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (length > limit) return { kind: 'oversize file', detail: `over ${limit} bytes` };
    return buffer.subarray(0, length).toString('utf8');
  } catch (err) {
    return { kind: 'unreadable file', detail: (err as NodeJS.ErrnoException).code };
  } finally {
    fs.closeSync(fd);
  }
}
