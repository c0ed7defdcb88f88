/**
 * The plumbing every `ecs-privatelink` command shares: where output goes,
 * progress with timing, `--quiet` and `--json`, exit codes, and turning bad
 * input (a `ConfigError`, a bad option, an output path that cannot be
 * written) into one line per problem with no stack trace.
 *
 * A command is a module in `bin/commands/` that exports `register(program,
 * cli)`; it defines its options on a commander `Command` and wraps its
 * action in `cli.action(...)`, which hands it a `Context` and turns what it
 * returns or throws into the exit code.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { isNativeError } from 'util/types';
import * as v8 from 'v8';
import type { Command } from 'commander';
import { EXIT_BAD_INPUT, configPathFromEnv, escapeControls, fsAdvice, fsReason } from './support';

export { escapeControls };
import { endpointByKey } from '../../lib/model/catalog';
import { ConfigError, formatProblem, loadConfig, type Spec } from '../../lib/model/config';
import { loadFleet, type Fleet } from '../../lib/model/fleet';

export { EXIT_BAD_INPUT };
export const EXIT_OK = 0;
/** `check` found differences between the folder and a fresh render. */
export const EXIT_DRIFT = 1;
/** A bug in ecs-privatelink, not in the input: the message asks for a report. */
export const EXIT_INTERNAL = 3;

/** Set to 1 to get the stack trace of an internal error. */
export const DEBUG_ENV = 'ECS_PRIVATELINK_DEBUG';

/** Where a run reads and writes: the real process, or buffers in a test. */
export interface Io {
  /** Results: what a script or a pipe reads. */
  stdout(text: string): void;
  /** Progress and problems: what a person reads. */
  stderr(text: string): void;
  /** Folder that relative paths are resolved against. */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

export function processIo(): Io {
  quietOnClosedPipes();
  return {
    stdout: (text) => writeUnlessClosed(process.stdout, text),
    stderr: (text) => writeUnlessClosed(process.stderr, text),
    cwd: process.cwd(),
    env: process.env,
  };
}

const closed = new WeakSet<NodeJS.WriteStream>();

function writeUnlessClosed(stream: NodeJS.WriteStream, text: string): void {
  if (!closed.has(stream)) stream.write(text);
}

let pipesWatched = false;

/**
 * A reader that goes away (`schema | true`, `synth | head -1`) closes the
 * pipe: writing to it fails with EPIPE, asynchronously, as an 'error' event
 * that would end the process with a stack trace. The rest of the output is
 * dropped instead, quietly, and the command finishes with its own exit code
 * (a write it was doing completes).
 */
export function quietOnClosedPipes(): void {
  if (pipesWatched) return;
  pipesWatched = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET' || err.code === 'ERR_STREAM_DESTROYED') {
        closed.add(stream);
        return;
      }
      throw err;
    });
  }
}

/** A module of `bin/commands/`: adds one command to the program. */
export interface CommandModule {
  register(program: Command, cli: Cli): void;
}

/** The options every command accepts (defined once, on the program). */
export interface GlobalOptions {
  quiet?: boolean;
  json?: boolean;
}

// ---------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------

/** One problem with what the user gave: a file and field, or an option and its value. */
export interface InputProblem {
  /** The file concerned, as shown to the user. */
  file?: string;
  line?: number;
  /** Field path inside the file, like `subnets[1].id`. */
  path?: string;
  /** The command-line option concerned, like `--out`. */
  option?: string;
  message: string;
}

/** Bad input or usage (exit 2): every problem, one line each, and nothing written. */
export class BadInput extends Error {
  /** Something was written before the problem was found (a write that stopped half-way): the summary must not say "nothing was written". */
  written = false;

  constructor(readonly problems: InputProblem[]) {
    super(problems.map(formatInputProblem).join('\n'));
    this.name = 'BadInput';
  }

  /** A problem found after part of the output was written. */
  static written(problems: InputProblem[]): BadInput {
    const err = new BadInput(problems);
    err.written = true;
    return err;
  }

  /** A problem with an option's value, like `--out cdktf.out: is a file, not a folder`. */
  static option(option: string, value: string, message: string): BadInput {
    return new BadInput([{ option, file: value, message }]);
  }
}

/** One line, whatever the message holds: a problem per line is what scripts and people rely on. */
export function formatInputProblem(p: InputProblem): string {
  const message = p.message.replace(/\r?\n/g, ' ');
  if (p.option) return escapeControls(`${p.option}${p.file !== undefined ? ` ${p.file}` : ''}: ${message}`);
  if (p.file !== undefined) return escapeControls(formatProblem(p.file, { path: p.path ?? '', line: p.line, message }));
  return escapeControls(p.path ? `${p.path}: ${message}` : message);
}

/** A file system error while writing, in the user's terms. */
export function writeProblem(err: NodeJS.ErrnoException): string {
  if (err.code === 'EISDIR') return 'is a folder; name a file';
  return `cannot be written (${fsReason(err)}); ${fsAdvice(err)}`;
}

/** Any file system error that reached the top, as one line naming the path (bad input, not a bug in this tool). */
export function fsErrorProblem(ctx: Context, err: NodeJS.ErrnoException): InputProblem {
  const verb: Record<string, string> = { open: 'opened', read: 'read', write: 'written', mkdir: 'created', rename: 'renamed', unlink: 'removed', rmdir: 'removed', stat: 'examined', lstat: 'examined', scandir: 'listed', readlink: 'read', chmod: 'changed', realpath: 'resolved', mkdtemp: 'created', access: 'examined', copyfile: 'copied' };
  const what = err.syscall && verb[err.syscall] ? `cannot be ${verb[err.syscall]}` : 'cannot be used';
  return { file: err.path !== undefined ? ctx.display(err.path) : undefined, message: `${what} (${fsReason(err)}); ${fsAdvice(err)}` };
}

// ---------------------------------------------------------------------------
// A running command
// ---------------------------------------------------------------------------

/** What a command's action works with: output, paths, progress, the configuration. */
export class Context {
  private readonly started = performance.now();

  constructor(
    readonly io: Io,
    /** `ecs-privatelink synth`: how messages name the command. */
    readonly commandPath: string,
    readonly options: GlobalOptions,
  ) {}

  get json(): boolean {
    return this.options.json === true;
  }

  /** A progress line on stderr (silenced by --quiet). */
  progress(message: string): void {
    if (!this.options.quiet) this.io.stderr(`${escapeControls(message)}\n`);
  }

  /** The last progress line: `<what> in 0.42 s`. */
  done(what: string): void {
    this.progress(`${what} in ${this.elapsed()}`);
  }

  /** Time since the command started, for progress lines. */
  elapsed(): string {
    const ms = performance.now() - this.started;
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
  }

  /** A result on stdout. */
  out(text: string): void {
    this.io.stdout(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** A result on stdout as JSON (for --json). */
  outJson(value: unknown): void {
    this.io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** An absolute path, relative ones taken from the working folder. */
  resolve(p: string): string {
    return path.resolve(this.io.cwd, p);
  }

  /** A path as shown to the user: relative to the working folder when inside it. */
  display(p: string): string {
    const abs = this.resolve(p);
    const rel = path.relative(this.io.cwd, abs);
    if (rel === '') return '.';
    return rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
  }

  /** The configuration file: --config, else $ECS_PRIVATELINK_CONFIG, else ./privatelink.config.yaml. */
  configFile(option: string | undefined): string {
    return this.resolve(option ?? configPathFromEnv(this.io.env));
  }

  /** Reads and validates the configuration (a ConfigError on bad input), with a progress line. */
  loadConfig(file: string): Spec {
    const spec = loadConfig(file);
    this.progressRead(file, spec);
    this.printWarnings(file, [spec]);
    return spec;
  }

  /** The warnings of the configurations read (an unknown region, ...), one line each on stderr, even with --quiet: they are not progress. */
  private printWarnings(file: string, specs: Spec[]): void {
    for (const spec of specs) for (const w of spec.warnings ?? []) this.io.stderr(`warning: ${formatProblem(this.display(file), w)}\n`);
  }

  /** The progress line of a configuration of one VPC that was read. */
  private progressRead(file: string, spec: Spec): void {
    const endpoints = spec.endpoints.map((e) => e.service).join(', ');
    this.progress(`read ${this.display(file)}: ${spec.region}, ${spec.vpcId}, ${count(spec.endpoints.length, 'endpoint')} (${endpoints})`);
  }

  /** Reads and validates a configuration of either form, one VPC or a fleet (a ConfigError on bad input), with a progress line. */
  loadFleet(file: string): Fleet {
    const fleet = loadFleet(file);
    if (fleet.kind === 'single') {
      this.progressRead(file, fleet.vpcs[0].spec);
    } else {
      const regions = [...new Set(fleet.vpcs.map((v) => v.spec.region))].sort();
      this.progress(`read ${this.display(file)}: a fleet of ${count(fleet.vpcs.length, 'VPC')} (${listed(fleet.vpcs.map((v) => v.name))}) in ${count(regions.length, 'region')} (${listed(regions)})`);
    }
    this.printWarnings(file, fleet.vpcs.map((v) => v.spec));
    const hub = fleet.hub;
    if (hub) {
      // Centralized endpoints: what the hub serves, and why anything stays in the spokes.
      const centralized = hub.centralized.map((k) => endpointByKey(k)?.service ?? k).join(', ');
      this.progress(`hub ${hub.name} serves ${centralized} to ${count(hub.spokes.length, 'spoke')} (${listed(hub.spokes.map((s) => s.name))}), DNS by ${hub.dns === 'zones' ? 'private hosted zones' : 'a Route 53 Profile'} (hubDns: ${hub.dns})`);
      for (const note of hub.notes) this.progress(`note: ${note}`);
    }
    return fleet;
  }

  /**
   * Checks that `dir` is a folder or can be created as one, and that it can
   * be written, without leaving anything behind (the probe is a folder that
   * is removed at once: permission bits alone say nothing when running as
   * root). Throws BadInput naming `option`.
   */
  checkOutputDir(option: string, dir: string): void {
    const shown = this.display(dir);
    // Another run writing the same folder replaces it whole (the old one renamed away, then
    // deleted): a folder that vanishes while it is probed is looked at again, not reported.
    for (let attempt = 1; ; attempt++) {
      const stat = statOrUndefined(dir);
      if (!stat) return this.checkCreatable(option, dir, shown);
      if (!stat.isDirectory()) throw BadInput.option(option, shown, 'is a file, not a folder; name a folder (it is created if missing)');
      const failure = probeWritable(dir);
      if (failure?.code === 'ENOENT' && attempt < 5) continue;
      if (failure) throw BadInput.option(option, shown, writeProblem(failure));
      return;
    }
  }

  /**
   * Checks, without leaving anything behind, that `file` can be written: not
   * a folder, not in the way without `force`, and its folder exists or can be
   * created.
   */
  checkOutputFile(option: string, file: string, force: boolean): void {
    const shown = this.display(file);
    if (lstatOrUndefined(file)?.isSymbolicLink()) {
      throw BadInput.option(option, shown, 'is a symbolic link; writing would replace the link, not what it points to: name the file itself');
    }
    const stat = statOrUndefined(file);
    if (stat?.isDirectory()) throw BadInput.option(option, shown, 'is a folder; name a file, like privatelink.config.yaml');
    if (stat && !force) throw BadInput.option(option, shown, 'already exists; add --force to overwrite it, or choose another --out');
    if (stat) {
      const failure = probeWritable(path.dirname(file));
      if (failure) throw BadInput.option(option, shown, writeProblem(failure));
      return;
    }
    this.checkCreatable(option, file, shown);
  }

  private checkCreatable(option: string, target: string, shown: string): void {
    let missing = target;
    for (let parent = path.dirname(target); ; missing = parent, parent = path.dirname(parent)) {
      const stat = statOrUndefined(parent);
      if (stat) {
        if (!stat.isDirectory()) {
          throw BadInput.option(option, shown, `cannot be created: ${this.display(parent)} is a file, not a folder`);
        }
        const problem = probeCreate(missing);
        if (problem) throw BadInput.option(option, shown, `cannot be created in ${this.display(parent)}: ${problem}`);
        return;
      }
      if (path.dirname(parent) === parent) return;
    }
  }
}

/** `3 VPCs`, `1 region`, `10,000 VPCs`. (Not toLocaleString: its first call loads ICU's locale data, 20 ms of every command.) */
export function count(n: number, noun: string): string {
  return `${String(n).replace(/\B(?=(\d{3})+$)/g, ',')} ${noun}${n === 1 ? '' : 's'}`;
}

/** The first five names, and how many more. */
export function listed(names: readonly string[], limit = 5): string {
  return names.length <= limit ? names.join(', ') : `${names.slice(0, limit).join(', ')}, and ${names.length - limit} more`;
}

/** Creates and removes a folder at `dir`; why that failed, or undefined. */
function probeCreate(dir: string): string | undefined {
  try {
    fs.mkdirSync(dir);
    fs.rmdirSync(dir);
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EEXIST' ? undefined : fsReason(err as NodeJS.ErrnoException);
  }
}

/** Creates and removes a folder inside `dir`; the reason it failed, or undefined. */
function probeWritable(dir: string): NodeJS.ErrnoException | undefined {
  try {
    fs.rmdirSync(fs.mkdtempSync(path.join(dir, '.ecs-privatelink-probe-')));
    return undefined;
  } catch (err) {
    return err as NodeJS.ErrnoException;
  }
}

/** lstat, or undefined when nothing is there (or a file stands where a folder of the path should be). */
function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p, { throwIfNoEntry: false });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') {
      // A file stands where a folder should be; the parent walk reports it.
      return undefined;
    }
    throw err;
  }
}

/**
 * `mkdir -p`, one level at a time. (Node's `mkdirSync(dir, { recursive: true })`
 * loops forever under /proc, where mkdir answers ENOENT for an existing parent.)
 */
export function mkdirp(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing) fs.mkdirSync(d);
}

/**
 * Writes a file atomically: a temporary file in the same folder, then a
 * rename. Creates missing folders. Removes the temporary files that runs
 * killed before their rename left beside it (`.<name>.<pid>.tmp`,
 * `.<name>.new-<pid>-<hex>`). Throws BadInput naming `option` when the file
 * system refuses.
 */
export function writeFileAtomic(option: string, shown: string, file: string, text: string): void {
  const dir = path.dirname(file);
  const base = path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const tmp = path.join(dir, `.${path.basename(file)}.new-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirp(dir);
    for (const name of fs.readdirSync(dir)) {
      const m = new RegExp(`^\\.${base}\\.(?:(\\d+)\\.tmp|new-(\\d+)-[0-9a-f]{8})$`).exec(name);
      if (m && !isAlive(Number(m[1] ?? m[2]))) fs.rmSync(path.join(dir, name), { force: true });
    }
    fs.writeFileSync(tmp, text, { flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    if ((err as NodeJS.ErrnoException).code) throw BadInput.option(option, shown, writeProblem(err as NodeJS.ErrnoException));
    throw err;
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Makes V8 compile WebAssembly with its baseline compiler (Liftoff) only.
 * Call it before the HCL formatter (@cdktf/hcl-tools: terraform fmt in a
 * 5.5 MB WebAssembly module) is loaded. By default V8 also recompiles the
 * module with its optimizing compiler in the background; for the few calls a
 * run makes, that second compilation costs more than it saves: on two cores
 * `generate` took twice as long and 60 MB more memory with it. Affects only
 * WebAssembly, in this process only.
 */
export function baselineWebAssemblyOnly(): void {
  v8.setFlagsFromString('--liftoff-only');
}

// ---------------------------------------------------------------------------
// The program
// ---------------------------------------------------------------------------

/** Shared by the commands of one run: the Io, and the exit code their actions set. */
export class Cli {
  exitCode = EXIT_OK;

  constructor(readonly io: Io) {}

  /**
   * Wraps a command's action for commander. The handler gets a Context, the
   * command's options (global ones included) and its arguments; it returns
   * the exit code (default 0) or throws. ConfigError and BadInput become
   * exit 2 with one line per problem; anything else is an internal error.
   */
  action<O extends object>(
    handler: (ctx: Context, options: O & GlobalOptions, args: string[]) => Promise<number | void> | number | void,
  ): (...args: unknown[]) => Promise<void> {
    return async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const options = command.optsWithGlobals() as O & GlobalOptions;
      const ctx = new Context(this.io, commandPath(command), options);
      try {
        this.exitCode = (await handler(ctx, options, command.args)) ?? EXIT_OK;
      } catch (err) {
        this.exitCode = reportError(ctx, err);
      }
    };
  }
}

/**
 * An error of the file system (it has an errno code and a system call): the input's fault, not a bug.
 * isNativeError, not instanceof: node's fs makes its errors in its own realm, which is not the caller's when
 * run() is called from a vm context (a test runner's sandbox): `instanceof Error` is false there.
 */
function isFsError(err: unknown): err is NodeJS.ErrnoException {
  const e = err as NodeJS.ErrnoException;
  return (err instanceof Error || isNativeError(err)) && typeof e.code === 'string' && /^E[A-Z0-9]+$/.test(e.code) && typeof e.syscall === 'string';
}

export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Prints an error the way the command line promises, and returns the exit code. */
export function reportError(ctx: Context, err: unknown): number {
  let problems: InputProblem[];
  let subject: string | undefined;
  if (err instanceof ConfigError) {
    const file = ctx.display(err.file);
    problems = err.problems.map((p) => ({ file, line: p.line, path: p.path || undefined, message: p.message }));
    subject = file;
  } else if (err instanceof BadInput) {
    problems = err.problems;
  } else if (isFsError(err)) {
    problems = [fsErrorProblem(ctx, err)];
  } else {
    const error = err instanceof Error ? err : new Error(String(err));
    const debug = ctx.io.env[DEBUG_ENV] === '1';
    ctx.io.stderr(`${ctx.commandPath}: internal error: ${error.message.split('\n')[0]}\n`);
    ctx.io.stderr(debug ? `${error.stack}\n` : `This is a bug in ecs-privatelink; please report it with the command you ran (set ${DEBUG_ENV}=1 for the stack trace).\n`);
    if (ctx.json) ctx.outJson({ command: ctx.commandPath, exitCode: EXIT_INTERNAL, error: error.message });
    return EXIT_INTERNAL;
  }
  for (const p of problems) ctx.io.stderr(`${formatInputProblem(p)}\n`);
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  const written = err instanceof BadInput && err.written;
  ctx.io.stderr(escapeControls(`${ctx.commandPath}: ${count}${subject ? ` in ${subject}` : ''}; ${written ? 'the output is incomplete: run the same command again to complete it' : 'nothing was written'}`) + '\n');
  if (ctx.json) ctx.outJson({ command: ctx.commandPath, exitCode: EXIT_BAD_INPUT, problems });
  return EXIT_BAD_INPUT;
}
