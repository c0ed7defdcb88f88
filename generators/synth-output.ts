/**
 * Putting a CDKTF synth in place: `manifest.json` and `stacks/<stack>/cdk.tf.json`
 * in the output folder, in one transaction (generators/transaction.ts): under a
 * lock, all or nothing even under SIGKILL, the manifest last.
 *
 * The app is synthesized into a hidden folder inside the output folder (not
 * in $TMPDIR, which may be missing or on another file system), so every file
 * is put in place with a rename and a killed run leaves nothing outside the
 * output folder; the next run removes what it left.
 *
 * What synth wrote is recorded in `.ecs-privatelink-synth.json` (files and
 * stacks). It replaces only files it wrote (per that record) or that are
 * CDKTF's own output (a manifest.json with `stacks`, a cdk.tf.json with
 * `//.metadata`); anything else needs `force`. A stack folder of a VPC that
 * left the fleet is removed when it holds only the cdk.tf.json synth wrote;
 * one that holds more (a local state, `.terraform/`, a plan) is left alone and
 * reported, since its state may still describe deployed endpoints.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ForeignFilesError, RefusedReplaceError, type WriteOptions } from './write';
import { readRegularFile } from './tree';
import { runSuffix, siblingsMatching, tempName, Transaction, type RenameOp } from './transaction';

/** The record of what synth wrote, in the output folder. */
export const SYNTH_RECORD = '.ecs-privatelink-synth.json';

const STAGING_PREFIX = '.ecs-privatelink-synth-';

interface SynthRecord {
  files: string[];
  stacks: string[];
}

export interface SynthWriteResult {
  /** Files written, relative to the output folder, sorted. */
  files: string[];
  /** Stack folders removed: their VPC left the configuration. */
  removedStacks: string[];
  /** Stack folders of VPCs that left, kept because they hold more than synth wrote. */
  keptStacks: { stack: string; holds: string[] }[];
}

/**
 * Synthesizes with `synthesize(stagingDir)` (which returns the stack names)
 * and puts the result in `outdir`. Throws ForeignFilesError (paths relative
 * to `outdir`) for files in the way that synth did not write, unless `force`.
 */
/** Options of `writeSynthOutput`. */
export interface SynthWriteOptions extends WriteOptions {
  /**
   * The stacks of every VPC of the configuration. A stack among them that was
   * not synthesized this time (`synth --only`) is kept, files and record; only
   * the stacks of VPCs that left are removed.
   *
   * @default - the stacks synthesized this time
   */
  fleetStacks?: readonly string[];
}

export async function writeSynthOutput(
  outdir: string,
  shown: string,
  synthesize: (dir: string) => string[] | Promise<string[]>,
  options: SynthWriteOptions = {},
): Promise<SynthWriteResult> {
  const target = path.resolve(outdir);
  fs.mkdirSync(target, { recursive: true });
  const tx = new Transaction(target, '.ecs-privatelink');
  tx.lock();
  const staging = path.join(target, `${STAGING_PREFIX}${runSuffix()}`);
  try {
    for (const line of tx.recover(() => leftovers(target))) options.onRecover?.(line);
    fs.mkdirSync(staging);
    const stacks = await synthesize(staging);
    const inFleet = new Set([...(options.fleetStacks ?? []), ...stacks]);
    const files = listFiles(staging);
    const previous = readRecord(target);
    checkInTheWay(target, shown, files, previous, options.force === true);

    const suffix = runSuffix();
    const ops: RenameOp[] = [];
    for (const stack of stacks) {
      const stackDir = path.join(target, 'stacks', stack);
      const staged = path.join(staging, 'stacks', stack);
      if (!fs.existsSync(stackDir)) {
        // A new stack: its folder is put in place whole (no empty folder is left if the run is killed).
        fs.mkdirSync(path.dirname(stackDir), { recursive: true });
        ops.push({ from: staged, to: stackDir });
        continue;
      }
      for (const rel of listFiles(staged)) ops.push({ from: path.join(staged, rel), to: path.join(stackDir, rel) });
    }
    // The stacks of the fleet not synthesized this time keep their place in the record.
    const keptStacks = (previous?.stacks ?? []).filter((stack) => inFleet.has(stack) && !stacks.includes(stack));
    const keptFiles = (previous?.files ?? []).filter((rel) => keptStacks.some((stack) => rel.startsWith(`stacks/${stack}/`)));
    const record: SynthRecord = { files: [...new Set([...files, ...keptFiles, SYNTH_RECORD])].sort(), stacks: [...new Set([...stacks, ...keptStacks])].sort() };
    fs.writeFileSync(path.join(staging, SYNTH_RECORD), `${JSON.stringify(record, null, 2)}\n`, { flag: 'wx' });
    ops.push({ from: path.join(staging, SYNTH_RECORD), to: path.join(target, SYNTH_RECORD) });
    for (const rel of files.filter((f) => !f.startsWith('stacks/'))) ops.push({ from: path.join(staging, rel), to: path.join(target, rel) });

    const removedStacks: string[] = [];
    const leftAlone: { stack: string; holds: string[] }[] = [];
    for (const stack of previous?.stacks ?? []) {
      if (inFleet.has(stack) || !/^[A-Za-z0-9._-]+$/.test(stack) || stack.startsWith('.')) continue;
      const stackDir = path.join(target, 'stacks', stack);
      if (!fs.lstatSync(stackDir, { throwIfNoEntry: false })?.isDirectory()) continue;
      const holds = fs.readdirSync(stackDir).sort();
      const ours = holds.filter((name) => previous!.files.includes(`stacks/${stack}/${name}`));
      if (ours.length === holds.length) {
        ops.push({ to: stackDir, old: tempName(stackDir, 'old', suffix) });
        removedStacks.push(`stacks/${stack}`);
      } else {
        leftAlone.push({ stack: `stacks/${stack}`, holds: holds.filter((name) => !ours.includes(name)) });
      }
    }
    tx.commit(ops, target);
    return { files, removedStacks, keptStacks: leftAlone };
  } finally {
    // A journal left (a write that could go neither back nor on) needs the staging folder: the next run completes the write from it.
    if (!fs.existsSync(path.join(target, '.ecs-privatelink.journal'))) fs.rmSync(staging, { recursive: true, force: true });
    tx.unlock();
  }
}

/** Temporary entries of any run: synth staging folders, journal and lock leftovers, files of the old writer (`.<name>.<pid>.tmp`). */
function leftovers(target: string): string[] {
  const temp = /^(\.ecs-privatelink-synth-\d+-[0-9a-f]{8}|\..+\.(new|old)-\d+-[0-9a-f]{8}|\..+\.\d+\.tmp)$/;
  const stacks = path.join(target, 'stacks');
  const stackDirs = siblingsMatching(stacks, /^[^.]/).filter((d) => fs.lstatSync(d).isDirectory());
  return [...siblingsMatching(target, temp), ...siblingsMatching(stacks, temp), ...stackDirs.flatMap((d) => siblingsMatching(d, temp))];
}

function readRecord(target: string): SynthRecord | undefined {
  const text = readRegularFile(path.join(target, SYNTH_RECORD), 64 * 1024 * 1024);
  if (typeof text !== 'string') return undefined;
  try {
    const value = JSON.parse(text) as Partial<SynthRecord>;
    if (Array.isArray(value.files) && Array.isArray(value.stacks)) return { files: value.files.map(String), stacks: value.stacks.map(String) };
  } catch {
    // not ours
  }
  return undefined;
}

/** Refuses (unless `force`) to replace a file synth did not write; refuses a symbolic link always. */
function checkInTheWay(target: string, shown: string, files: string[], previous: SynthRecord | undefined, force: boolean): void {
  const foreign: string[] = [];
  for (const rel of [...files, SYNTH_RECORD]) {
    const file = path.join(target, ...rel.split('/'));
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isSymbolicLink()) throw new RefusedReplaceError(`${shown}/${rel}`, 'it is a symbolic link; synth replaces only regular files');
    if (!stat.isFile()) throw new RefusedReplaceError(`${shown}/${rel}`, 'it is not a regular file');
    if (rel === SYNTH_RECORD ? readRecord(target) !== undefined : previous?.files.includes(rel) || isCdktfOutput(file, rel)) continue;
    foreign.push(rel);
  }
  if (foreign.length > 0 && !force) throw new ForeignFilesError(shown, foreign);
}

/** A manifest.json or cdk.tf.json that CDKTF wrote (by its shape). */
function isCdktfOutput(file: string, rel: string): boolean {
  const text = readRegularFile(file, 64 * 1024 * 1024);
  if (typeof text !== 'string') return false;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (rel === 'manifest.json') return typeof value.version === 'string' && typeof value.stacks === 'object' && value.stacks !== null;
    if (rel.endsWith('/cdk.tf.json')) {
      const meta = (value['//'] as { metadata?: { stackName?: unknown } } | undefined)?.metadata;
      return typeof meta?.stackName === 'string';
    }
  } catch {
    // not JSON: not CDKTF's
  }
  return false;
}

/** Files under `dir` (not following links), relative with `/`, sorted. */
function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(path.join(dir, entry.name), rel) : [rel];
    })
    .sort();
}
