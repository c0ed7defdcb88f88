/**
 * Writes that survive being killed at any moment, and concurrent runs.
 *
 * A write is a transaction in a "home" folder that it never replaces (the
 * parent of a module folder, a fleet's folder, synth's output folder):
 *
 * 1. `lock()`: an exclusive lock file `<home>/<name>.lock` holding the pid
 *    (created with O_EXCL). A second run waits for it (up to
 *    {@link LOCK_WAIT_MS}); the lock of a process that no longer exists (a
 *    run killed with SIGKILL) is taken over.
 * 2. `recover()`: under the lock, finishes what an interrupted run began (see
 *    3) and removes the leftovers of runs killed before they committed.
 * 3. The caller stages everything beside its target (temporary files and
 *    folders named `.<name>.new-<pid>-<hex>`), then `commit(ops)` writes the
 *    list of renames to `<home>/<name>.journal` (a temporary file renamed in
 *    place: that rename is the commit point) and applies them. A run killed
 *    before the commit point leaves the previous output intact (and staging
 *    leftovers, which the next run removes); a run killed after it leaves a
 *    journal, and the next run applies the rest of it (every staged file is
 *    complete before the journal exists), so the output is always the old
 *    set or the new set, complete, once a run has started. A failure that is
 *    not a kill (a rename refused) undoes the renames already made.
 *
 * Every rename stays inside one file system (staging sits beside its
 * target), so each is atomic.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** How long a run waits for another run's lock before giving up. */
export const LOCK_WAIT_MS = 60_000;

/** `<pid>-<8 hex>`: the suffix of every temporary name of one run. */
export function runSuffix(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** The pattern of a temporary name made by `tempName` (any run). */
export const TEMP_SUFFIX = /\.(new|old)-\d+-[0-9a-f]{8}$/;

/** A hidden sibling of `target` for staging (`new`) or for the previous version (`old`). */
export function tempName(target: string, kind: 'new' | 'old', suffix: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${kind}-${suffix}`);
}

/** Another run holds the lock and did not release it in time. */
export class LockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly pid: number | undefined,
  ) {
    super(`another ecs-privatelink run${pid ? ` (pid ${pid})` : ''} is writing here (lock ${lockFile}); wait for it to finish, or delete the lock file if no such run exists`);
    this.name = 'LockedError';
  }
}

/** A write that stopped after its commit point and could not be undone: the journal stays for the next run. */
export class IncompleteWriteError extends Error {
  constructor(
    readonly target: string,
    readonly cause: Error,
  ) {
    super(`the write stopped half-way (${(cause as NodeJS.ErrnoException).code ?? cause.message}); run the same command again to complete it`);
    this.name = 'IncompleteWriteError';
  }
}

/** One rename of a commit. `old`: where the previous version of `to` goes (then deleted). `from` absent: `to` is removed. */
export interface RenameOp {
  from?: string;
  to: string;
  old?: string;
}

export class Transaction {
  private readonly lockFile: string;
  private readonly journal: string;
  private locked = false;

  constructor(
    /** The folder of the lock and journal; never replaced. */
    readonly home: string,
    /** Their base name, like `.ecs-privatelink`. */
    readonly name: string,
  ) {
    this.lockFile = path.join(home, `${name}.lock`);
    this.journal = path.join(home, `${name}.journal`);
  }

  /** Takes the lock (waiting for a live holder, taking over a dead one's). */
  lock(): void {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      if (createLockFile(this.lockFile)) {
        this.locked = true;
        return;
      }
      const holder = lockHolder(this.lockFile);
      if (holder.stale) {
        this.removeStaleLock(holder);
        continue;
      }
      if (Date.now() > deadline) throw new LockedError(this.lockFile, holder.pid);
      sleep(25 + Math.random() * 50);
    }
  }

  /**
   * Removes the lock of a run that is gone, unless it changed since it was read. Several runs can find the
   * same dead lock at once: each removes it only under a second lock (`<name>.lock.takeover`, O_EXCL), and
   * only if the lock file is still the one it read (same inode, time and text). Without that, a run that
   * read the dead lock, then was slowed, removed the lock another run had taken meanwhile, and both ran.
   */
  private removeStaleLock(stale: LockHolder): void {
    const takeover = `${this.lockFile}.takeover`;
    if (!createLockFile(takeover)) {
      // Another run is removing it; a takeover lock left for seconds belongs to a run killed right then.
      const left = statOrUndefined(takeover);
      if (left && Date.now() - left.mtimeMs > STALE_EMPTY_LOCK_MS) fs.rmSync(takeover, { force: true });
      else sleep(5 + Math.random() * 10);
      return;
    }
    try {
      const now = lockHolder(this.lockFile);
      if (now.stale && sameLockFile(now, stale)) fs.rmSync(this.lockFile, { force: true });
    } finally {
      fs.rmSync(takeover, { force: true });
    }
  }

  unlock(): void {
    if (!this.locked) return;
    this.locked = false;
    fs.rmSync(this.lockFile, { force: true });
  }

  /**
   * Completes the commit of an interrupted run, if any, then removes every
   * temporary entry that `leftovers` lists (staging of runs killed before
   * their commit). Returns what it did, in sentences, for the user.
   */
  recover(leftovers: () => string[]): string[] {
    const said: string[] = [];
    const journal = readJournal(this.journal);
    if (journal) {
      applyOps(journal, () => undefined);
      fs.rmSync(this.journal, { force: true });
      const n = journal.length;
      said.push(`completed the write of an interrupted run in ${this.home} (its journal listed ${n} ${n === 1 ? 'rename' : 'renames'})`);
    }
    // A takeover lock stays only when its run was killed in the middle of removing a dead run's lock.
    const takeover = `${this.lockFile}.takeover`;
    const deadTakeover = (statOrUndefined(takeover)?.mtimeMs ?? Infinity) < Date.now() - STALE_EMPTY_LOCK_MS ? [takeover] : [];
    // A Set: the caller's leftovers may list the transaction's own temporaries too (a fleet's folder holds both).
    const stray = [...new Set([...leftovers(), ...siblingsMatching(this.home, new RegExp(`^${escapeRegExp(this.name)}\\.(journal|lock)\\.(new|stale)-\\d+-[0-9a-f]{8}$`)), ...deadTakeover])];
    for (const entry of stray) fs.rmSync(entry, { recursive: true, force: true });
    if (stray.length > 0) said.push(`removed ${stray.length} temporary ${stray.length === 1 ? 'entry' : 'entries'} left by an interrupted run (${stray.map((e) => path.basename(e)).slice(0, 3).join(', ')}${stray.length > 3 ? ', ...' : ''})`);
    return said;
  }

  /**
   * Applies `ops` in order after recording them in the journal. On a failure
   * (not a kill) the renames made are undone and the error is thrown; if
   * undoing fails too, IncompleteWriteError (the journal stays, and the
   * next run completes the write). Then deletes the previous versions.
   */
  commit(ops: RenameOp[], target: string): void {
    const tmp = `${this.journal}.new-${runSuffix()}`;
    fs.writeFileSync(tmp, `${JSON.stringify(ops.map((op) => relativeOp(this.home, op)))}\n`, { flag: 'wx' });
    try {
      fs.renameSync(tmp, this.journal);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
    const done: [string, string][] = [];
    try {
      applyOps(ops, (from, to) => done.push([from, to]), false);
    } catch (err) {
      try {
        for (const [from, to] of done.reverse()) fs.renameSync(to, from);
      } catch {
        throw new IncompleteWriteError(target, err as Error);
      }
      fs.rmSync(this.journal, { force: true });
      throw err;
    }
    fs.rmSync(this.journal, { force: true });
    for (const op of ops) if (op.old) fs.rmSync(op.old, { recursive: true, force: true });
  }
}

/** Renames of the ops that have not happened yet (so that applying twice is harmless). */
function applyOps(ops: RenameOp[], renamed: (from: string, to: string) => void, deleteOld = true): void {
  for (const op of ops) {
    if (op.from !== undefined && !exists(op.from)) continue; // already in place
    if (op.from === undefined && !exists(op.to)) continue; // already removed
    if (op.old !== undefined && exists(op.to)) {
      if (exists(op.old)) fs.rmSync(op.old, { recursive: true, force: true });
      fs.renameSync(op.to, op.old);
      renamed(op.to, op.old);
    }
    if (op.from !== undefined) {
      fs.renameSync(op.from, op.to);
      renamed(op.from, op.to);
    }
  }
  if (deleteOld) for (const op of ops) if (op.old) fs.rmSync(op.old, { recursive: true, force: true });
}

function readJournal(file: string): RenameOp[] | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const home = path.dirname(file);
  const ops = JSON.parse(text) as RenameOp[];
  return ops.map((op) => absoluteOp(home, op));
}

function relativeOp(home: string, op: RenameOp): RenameOp {
  const rel = (p: string | undefined) => (p === undefined ? undefined : path.relative(home, p));
  return { from: rel(op.from), to: rel(op.to)!, old: rel(op.old) };
}

function absoluteOp(home: string, op: RenameOp): RenameOp {
  const abs = (p: string | undefined) => (p === undefined ? undefined : path.resolve(home, p));
  return { from: abs(op.from), to: abs(op.to)!, old: abs(op.old) };
}

function exists(p: string): boolean {
  return fs.lstatSync(p, { throwIfNoEntry: false }) !== undefined;
}

/** Entries of `dir` whose name matches `pattern`, as absolute paths (none when `dir` is missing). */
export function siblingsMatching(dir: string, pattern: RegExp): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => pattern.test(n)).map((n) => path.join(dir, n));
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** How long an empty lock file (a run between creating it and writing its pid) may stay before it is taken for a dead run's. */
const STALE_EMPTY_LOCK_MS = 5000;

/** Who holds a lock, whether that run is gone, and which file it was (to tell it from a later lock of the same name). */
interface LockHolder {
  pid?: number;
  stale: boolean;
  file?: { ino: number; dev: number; mtimeMs: number; text: string };
}

/** Creates `file` exclusively, holding this run's pid; false when it exists. */
function createLockFile(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    fs.writeSync(fd, `${process.pid}\n`);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function lockHolder(file: string): LockHolder {
  let text: string;
  let stat: fs.Stats;
  try {
    text = fs.readFileSync(file, 'utf8');
    stat = fs.statSync(file);
  } catch {
    return { stale: false }; // released meanwhile: try again
  }
  const identity = { ino: stat.ino, dev: stat.dev, mtimeMs: stat.mtimeMs, text };
  const pid = /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
  // An empty lock is being written by its run; one that stays empty for seconds belongs to a run killed at that moment.
  if (pid === undefined) return { stale: Date.now() - stat.mtimeMs > STALE_EMPTY_LOCK_MS, file: identity };
  return { pid, stale: pid !== process.pid && !alive(pid), file: identity };
}

function sameLockFile(a: LockHolder, b: LockHolder): boolean {
  return a.file !== undefined && b.file !== undefined && a.file.ino === b.file.ino && a.file.dev === b.file.dev && a.file.mtimeMs === b.file.mtimeMs && a.file.text === b.file.text;
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
