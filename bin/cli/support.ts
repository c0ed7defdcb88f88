/**
 * What the app and the command line share for talking to a person: where the
 * configuration comes from, and how bad input is reported (one line per
 * problem on stderr, exit code 2, no stack trace).
 */
import { ConfigError, formatProblem } from '../../lib/model/config';
import { loadFleet, type Fleet } from '../../lib/model/fleet';

/**
 * A line safe to print on a terminal: control characters (ANSI escapes among
 * them), line and paragraph separators (U+2028, U+2029, U+0085) and the
 * bidirectional overrides are written as escapes (\x1b, \u2028), so that a
 * path or a value can neither break a problem into two lines nor repaint the
 * terminal.
 */
export function escapeControls(line: string): string {
  return line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Exit code for bad input or usage. */
export const EXIT_BAD_INPUT = 2;

export const CONFIG_ENV = 'ECS_PRIVATELINK_CONFIG';
export const DEFAULT_CONFIG_FILE = 'privatelink.config.yaml';

/** The file named by ECS_PRIVATELINK_CONFIG, else privatelink.config.yaml in the current folder (the repo root for `npm start`). */
export function configPathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env[CONFIG_ENV] || DEFAULT_CONFIG_FILE;
}

/** The configuration (one VPC or a fleet), or exit 2 with one line per problem. */
export function loadFleetOrExit(file: string): Fleet {
  try {
    return loadFleet(file);
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems) process.stderr.write(`${escapeControls(formatProblem(err.file, p).replace(/\r?\n/g, ' '))}\n`);
      process.stderr.write(`${escapeControls(`ecs-privatelink: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'} in ${err.file}; nothing was written`)}\n`);
      process.exit(EXIT_BAD_INPUT);
    }
    throw err;
  }
}

/** Why the file system refused, in a few words. */
export function fsReason(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOTDIR':
      return 'a folder in the path is a file';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'ENOENT':
      return 'the file system does not allow new files there';
    case 'ELOOP':
      return 'the path has a symbolic link loop';
    case 'EBUSY':
      return 'it is in use: a mount point, or held open by another program';
    case 'ENOTEMPTY':
    case 'EEXIST':
      return 'a folder of that name is in the way and is not empty';
    case 'EXDEV':
      return 'it is on another file system than its folder (a mount point)';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EDQUOT':
      return 'the disk quota is exceeded';
    case 'EIO':
      return 'an input/output error of the device';
    default:
      return err.code ?? err.message;
  }
}

/** What to do about a file system error. */
export function fsAdvice(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
      return 'fix the permissions or choose another path';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'free some space or choose another path';
    case 'EBUSY':
    case 'EXDEV':
      return 'choose a folder that is not a mount point, or unmount it';
    case 'ENAMETOOLONG':
      return 'choose a shorter path';
    case 'ELOOP':
      return 'fix the symbolic link or choose another path';
    default:
      return 'choose another path';
  }
}

/** Why the file system refused the app's output folder, and what to do: a missing parent said as such, else as for any path. */
function outputFolderProblem(err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return 'a folder of its path does not exist; create it, or name an output folder whose parent exists';
  return `${fsReason(err)}; ${fsAdvice(err)}`;
}

/**
 * Runs the CDKTF app's synthesis. A file system error (cdktf cannot make or write its output folder,
 * CDKTF_OUTDIR, which `cdktf synth --output` sets) exits 2 with one line naming the path, no stack trace;
 * any other error is a bug and is thrown as it is.
 */
export function synthAppOrExit(synth: () => void): void {
  try {
    synth();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (!(err instanceof Error) || typeof e.code !== 'string' || typeof e.syscall !== 'string') throw err;
    const where = e.path ?? process.env.CDKTF_OUTDIR ?? 'the output folder';
    process.stderr.write(`${escapeControls(`ecs-privatelink: ${where}: the stacks cannot be written there (CDKTF_OUTDIR, the output folder): ${outputFolderProblem(e)}`)}\n`);
    process.exit(EXIT_BAD_INPUT);
  }
}
