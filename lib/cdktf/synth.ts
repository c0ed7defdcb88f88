/**
 * Synthesizing a fleet's stacks one at a time: the same files, byte for
 * byte, as `app.synth()` over an app holding every stack (test/synth-stream.test.ts
 * compares the two), in time and memory that stay flat per VPC.
 *
 * Where `app.synth()` spent a 10,000-VPC fleet's 93 s and 1.2 GB (profiled
 * with `node --cpu-prof`, see BENCHMARKS.md):
 * - every stack of the app is built before the first is written, and all of
 *   them stay in memory (about 120 KB per VPC) until the end;
 * - cdktf records a complete stack trace for every token and computed
 *   attribute it creates (`captureStackTrace`, with no depth limit), only to
 *   quote it in the message of a token that fails to resolve: a third of the
 *   time of building a stack;
 * - cdktf's TerraformStack.toTerraform resolves each element, then the whole
 *   merged document again, which holds no token by then: over a tenth of the
 *   time (`resolveOnce` below skips that second pass);
 * - `app.synth()` wrote into a temporary folder that was then copied and
 *   deleted: on ext4, deleting a folder costs about 3 ms, overwriting a file
 *   in place about 2.5 ms, writing a new one and renaming it 0.5 ms.
 *
 * So each stack is built, synthesized and dropped from the app
 * before the next one is built; its cdk.tf.json is written next to its final
 * place under a temporary name, and every file is renamed into place only
 * when all stacks are done, manifest.json last. A failure removes the
 * temporary files (and the folders this run created): `outdir` is left as it
 * was. A large fleet is cut into slices that worker threads synthesize side by
 * side (each its own cdktf app and token map), on as many cores as there are.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { types } from 'util';
import { Worker } from 'worker_threads';
import { App, DefaultTokenResolver, Manifest, StringConcat, TerraformElement, TerraformOutput, TerraformStack, Token, Tokenization, type ISynthesisSession, type StackManifest } from 'cdktf';
import { stackName, type Fleet, type FleetVpc } from '../model/fleet';
import { addVpcStack, type EcsPrivateLinkStackOptions } from './stack';

/** The options every stack gets (the account comes from its VPC). */
export type FleetStackOptions = Omit<EcsPrivateLinkStackOptions, 'account'>;

/** Options of `synthesizeFleet`. */
export interface SynthesizeOptions {
  /**
   * The VPCs to synthesize: a subset of the fleet's (`synth --only`). The
   * stacks of the others are left as they are, and keep their entries in
   * manifest.json.
   *
   * @default - every VPC of the fleet
   */
  readonly vpcs?: readonly FleetVpc[];

  /**
   * Keep cdktf's stack traces of tokens (they only show in the message of a
   * token that fails to resolve).
   *
   * @default false
   */
  readonly stackTraces?: boolean;

  /**
   * Worker threads to synthesize with.
   *
   * @default - one per core, at most 4, for PARALLEL_MIN_VPCS VPCs or more; else none (in process)
   */
  readonly workers?: number;

  /**
   * Options of every stack: the final output folder and the project folder,
   * which a local state path is written relative to.
   *
   * @default - the stacks' defaults
   */
  readonly stackOptions?: FleetStackOptions;

  /**
   * The folder whose manifest.json holds the entries of the stacks not
   * synthesized this time (`--only`), when `outdir` is a staging folder.
   *
   * @default - `outdir`
   */
  readonly previousOutdir?: string;

  /**
   * The stacks of every VPC of the configuration: with `vpcs`, manifest.json
   * keeps the entries of these that were not synthesized this time, and drops
   * the entries of stacks of VPCs that left.
   *
   * @default - the stacks of `fleet`
   */
  readonly fleetStacks?: readonly string[];
}

/** What `synthesizeFleet` wrote. */
export interface SynthesizeResult {
  /** The stacks synthesized, in the fleet's order. */
  readonly stacks: string[];
  /** The files written, relative to `outdir` with `/`, sorted. */
  readonly files: string[];
}

/** A file written under a temporary name beside its place, renamed in at the end. */
interface Staged {
  tmp: string;
  file: string;
}

/** What one slice of the VPCs left on disk (nothing is in place yet), for the caller to commit or undo. */
export interface SliceResult {
  readonly stacks: string[];
  readonly staged: Staged[];
  /** Stack folders this slice created. */
  readonly created: string[];
  /** The manifest entries of its stacks, by stack name. */
  readonly entries: Record<string, StackManifest>;
}

/** Fleets of this many VPCs or more are synthesized by worker threads, one slice each. */
export const PARALLEL_MIN_VPCS = 400;

/**
 * Writes `outdir/stacks/<stack>/cdk.tf.json` for each VPC (all of them, or
 * `options.vpcs`) and `outdir/manifest.json`, as `cdktf synth` does. Large
 * fleets are cut into contiguous slices synthesized by worker threads (one per
 * core, at most 4); the files are the same.
 */
export async function synthesizeFleet(fleet: Fleet, outdir: string, options: SynthesizeOptions = {}): Promise<SynthesizeResult> {
  const vpcs = options.vpcs ?? fleet.vpcs;
  const target = path.resolve(outdir);
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const workers = workerCount(vpcs.length, options.workers);
  const created = createFolders(target, ['stacks']);
  const slices: SliceResult[] = [];
  let scratch: string | undefined;
  try {
    if (workers <= 1) {
      slices.push(synthesizeSlice(fleet, vpcs, target, `${suffix}-0`, options.stackTraces === true, options.stackOptions ?? {}));
    } else {
      const size = Math.ceil(vpcs.length / workers);
      const parts = Array.from({ length: workers }, (_, i) => vpcs.slice(i * size, (i + 1) * size)).filter((part) => part.length > 0);
      const settled = await Promise.allSettled(parts.map((part, i) => inWorker(fleet, part, target, `${suffix}-${i}`, options.stackTraces === true, options.stackOptions ?? {})));
      for (const result of settled) if (result.status === 'fulfilled') slices.push(result.value);
      const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason;
    }
    // manifest.json through cdktf's own writer (the same bytes), into a scratch folder, then renamed.
    scratch = fs.mkdtempSync(path.join(target, `.manifest-${suffix}-`));
    const { version } = require('cdktf/package.json') as { version: string };
    const manifest = new Manifest(version, scratch, false);
    const inFleet = new Set(options.fleetStacks ?? fleet.vpcs.map((vpc) => stackName(fleet, vpc)));
    keepOtherStacks(manifest, path.resolve(options.previousOutdir ?? target), new Set(slices.flatMap((s) => s.stacks)), inFleet);
    for (const slice of slices) Object.assign(manifest.stacks, slice.entries);
    manifest.writeToFile();
  } catch (err) {
    for (const slice of slices) undo(slice);
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    for (const dir of created.reverse()) fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  for (const slice of slices) for (const { tmp, file } of slice.staged) fs.renameSync(tmp, file);
  fs.renameSync(path.join(scratch, Manifest.fileName), path.join(target, Manifest.fileName));
  fs.rmSync(scratch, { recursive: true, force: true });
  const stacks = slices.flatMap((s) => s.stacks);
  const files = [Manifest.fileName, ...stacks.map((name) => `${Manifest.stacksFolder}/${name}/cdk.tf.json`)].sort();
  return { stacks, files };
}

/**
 * The worker threads a fleet of `vpcs` VPCs is synthesized with: `requested`
 * (at least one, at most one per VPC), or by default one per core, at most 4,
 * from PARALLEL_MIN_VPCS VPCs on; 1 (in process) from the TypeScript sources.
 */
export function workerCount(vpcs: number, requested: number | undefined): number {
  // Worker threads run the compiled file; from the TypeScript sources (ts-jest), stay in process.
  if (!fs.existsSync(path.join(__dirname, 'synth-worker.js'))) return 1;
  if (requested !== undefined) return Math.max(1, Math.min(requested, vpcs));
  return vpcs >= PARALLEL_MIN_VPCS ? Math.min(os.availableParallelism(), 4) : 1;
}

/** `synthesizeSlice` in a worker thread (lib/cdktf/synth-worker.ts). */
function inWorker(
  fleet: Fleet,
  vpcs: readonly FleetVpc[],
  target: string,
  suffix: string,
  stackTraces: boolean,
  stackOptions: FleetStackOptions,
): Promise<SliceResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'synth-worker.js'), { workerData: { fleet: { kind: fleet.kind, hub: fleet.hub }, vpcs, target, suffix, stackTraces, stackOptions } });
    worker.once('message', (message: { result?: SliceResult; error?: { message: string; stack?: string; code?: string } }) => {
      if (message.result) resolve(message.result);
      else reject(Object.assign(new Error(message.error?.message ?? 'the synth worker failed'), { stack: message.error?.stack, code: message.error?.code }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the synth worker stopped (exit code ${code}) before it was done`)));
  });
}

/** Removes what a slice wrote. */
function undo(slice: SliceResult): void {
  for (const { tmp } of slice.staged) fs.rmSync(tmp, { force: true });
  for (const dir of [...slice.created].reverse()) fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Synthesizes `vpcs` one stack at a time into temporary files beside their
 * places (nothing is renamed in). On failure, removes what it wrote and throws.
 */
export function synthesizeSlice(
  whole: Pick<Fleet, 'kind' | 'hub'>,
  vpcs: readonly FleetVpc[],
  target: string,
  suffix: string,
  stackTraces: boolean,
  stackOptions: FleetStackOptions = {},
): SliceResult {
  const slice: SliceResult = { stacks: [], staged: [], created: [], entries: {} };
  const restoreTraces = stackTraces ? () => undefined : withoutTokenStackTraces();
  // The slice's VPCs, with the fleet's kind (stack names) and hub (each VPC's side of it).
  const fleet: Fleet = { ...whole, vpcs };
  try {
    const app = new App({ outdir: target });
    for (const vpc of vpcs) {
      const tokens = tokenMark();
      const stack = addVpcStack(app, fleet, vpc, stackOptions);
      const name = stack.node.id;
      // What app.synth() does first, minus its extra resolve pass over every element (prepareStack),
      // which exists to add the outputs and remote state of cross-stack references: these stacks have
      // none (they share nothing), and a third of the resolve time went into it.
      stack.ensureBackendExists();
      const dir = path.join(target, 'stacks', name);
      if (!fs.existsSync(dir)) {
        fs.mkdirSync(dir);
        slice.created.push(dir);
      }
      const tmpName = `.cdk.tf.json.new-${suffix}`;
      resolveOnce(stack);
      stack.synthesizer.synthesize(stagedSession(app, tmpName));
      slice.staged.push({ tmp: path.join(dir, tmpName), file: path.join(dir, 'cdk.tf.json') });
      slice.stacks.push(name);
      // Done with this stack: let it (and the tokens that point into it) be collected.
      app.node.tryRemoveChild(name);
      releaseTokens(tokens);
    }
    Object.assign(slice.entries, app.manifest.stacks);
  } catch (err) {
    undo(slice);
    throw err;
  } finally {
    restoreTraces();
  }
  return slice;
}

/** Creates `dir` and `dir/<sub>` where missing; returns the folders it created, outermost first. */
function createFolders(dir: string, subs: string[]): string[] {
  const created: string[] = [];
  const first = fs.mkdirSync(dir, { recursive: true });
  if (first !== undefined) created.push(first);
  for (const sub of subs) {
    const at = path.join(dir, sub);
    if (!fs.existsSync(at)) {
      fs.mkdirSync(at);
      if (first === undefined) created.push(at);
    }
  }
  return created;
}

/**
 * The synthesis session of `app` in which each stack's cdk.tf.json is written
 * as `tmpName` in its folder; the app's manifest keeps the real paths.
 */
function stagedSession(app: App, tmpName: string): ISynthesisSession {
  const manifest = app.manifest;
  const staging = Object.create(manifest) as Manifest;
  staging.forStack = (stack) => {
    const entry = manifest.forStack(stack);
    // The synthesizer reads the paths and sets `annotations`: the entry itself gets them.
    return Object.create(entry, {
      synthesizedStackPath: { value: path.join(path.dirname(entry.synthesizedStackPath), tmpName) },
      annotations: {
        get: () => entry.annotations,
        set: (annotations: StackManifest['annotations']) => ((entry as { annotations: StackManifest['annotations'] }).annotations = annotations),
      },
    }) as StackManifest;
  };
  return { outdir: app.outdir, skipValidation: false, manifest: staging };
}

/**
 * With `--only`, manifest.json keeps the entries of the stacks that were
 * not synthesized this time, as they were.
 */
function keepOtherStacks(manifest: Manifest, outdir: string, synthesized: ReadonlySet<string>, inFleet: ReadonlySet<string>): void {
  const file = path.join(outdir, Manifest.fileName);
  // Only a regular file is read: a link, FIFO or device in its place is never followed or opened.
  if (!fs.lstatSync(file, { throwIfNoEntry: false })?.isFile()) return;
  let previous: unknown;
  try {
    previous = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return; // not a manifest of ours: replaced
  }
  const entries = (previous as { stacks?: Record<string, StackManifest> } | null)?.stacks;
  if (typeof entries !== 'object' || entries === null) return;
  for (const [name, entry] of Object.entries(entries)) {
    if (!synthesized.has(name) && inFleet.has(name)) (manifest.stacks as Record<string, StackManifest>)[name] = entry;
  }
}

// ---------------------------------------------------------------------------
// cdktf's token bookkeeping
// ---------------------------------------------------------------------------

interface TokenMapInternals {
  tokenCounter: number;
  stringTokenMap: Map<string, unknown>;
  numberTokenMap: Map<number, unknown>;
}

/**
 * cdktf keeps every token it ever created in a process-wide map (so that the
 * string form of a token can be turned back into it), and a token points into
 * its stack: without this, no stack could be collected. Returns the counter
 * before a stack is built, or undefined if cdktf's map is not as expected
 * (then nothing is released: only memory is lost).
 */
function tokenMark(): number | undefined {
  const map = (globalThis as { __cdktfTokenMap?: Partial<TokenMapInternals> }).__cdktfTokenMap;
  // types.isMap, not instanceof: the map may come from another realm (jest's sandbox with CDK Terrain made it so).
  if (!map || typeof map.tokenCounter !== 'number' || !types.isMap(map.stringTokenMap) || !types.isMap(map.numberTokenMap)) return undefined;
  return map.tokenCounter;
}

/** Forgets the tokens created since `mark`: those of a stack that is written and dropped. */
function releaseTokens(mark: number | undefined): void {
  if (mark === undefined) return;
  const map = (globalThis as { __cdktfTokenMap?: TokenMapInternals }).__cdktfTokenMap!;
  for (const key of map.stringTokenMap.keys()) {
    if (Number(key.slice(key.lastIndexOf('.') + 1)) >= mark) map.stringTokenMap.delete(key);
  }
  for (const key of map.numberTokenMap.keys()) if (key >= mark) map.numberTokenMap.delete(key);
}

/**
 * Turns off cdktf's capture of a full stack trace for every token and
 * computed attribute (kept only for the message of a token that fails to
 * resolve); returns the function that turns it back on. cdktf's modules call
 * it through its module object, so replacing the export is enough.
 */
function withoutTokenStackTraces(): () => void {
  let traces: { captureStackTrace?: (below?: unknown) => string[] };
  try {
    traces = require('cdktf/lib/tokens/private/stack-trace') as typeof traces;
  } catch {
    return () => undefined;
  }
  const original = traces.captureStackTrace;
  if (typeof original !== 'function') return () => undefined;
  traces.captureStackTrace = () => [];
  return () => {
    traces.captureStackTrace = original;
  };
}

/**
 * Makes `stack.toTerraform()` resolve each element once. cdktf's
 * TerraformStack.toTerraform resolves every element's fragment, merges them,
 * and then resolves the whole merged document again: a second walk over
 * data that holds no token any more (a resolved token is resolved again until
 * nothing is left of it), which took over a tenth of a fleet's synth. This
 * is the same method without that pass, for this stack only (not the class:
 * app.synth() stays cdktf's own, which test/synth-stream.test.ts holds this
 * to, byte for byte). cdktf's method still runs when the stack's raw
 * overrides hold a token (the last pass resolved them), and the stack keeps
 * it when cdktf's internal merge is not where it was.
 */
export function resolveOnce(stack: TerraformStack): void {
  let deepMerge: (target: unknown, ...sources: unknown[]) => unknown;
  try {
    ({ deepMerge } = require('cdktf/lib/util') as { deepMerge: typeof deepMerge });
  } catch {
    return;
  }
  if (typeof deepMerge !== 'function') return;
  const internals = stack as unknown as { rawOverrides: Record<string, unknown>; cdktfVersion: string };
  const options = { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) };
  const resolve = (value: unknown): unknown => Tokenization.resolve(value, options);
  const cdktfs = stack.toTerraform.bind(stack);
  stack.toTerraform = () => {
    // Read when the stack is written (aspects run just before): overrides with a token need the last pass.
    if (!isPlainData(internals.rawOverrides)) return cdktfs();
    const overridden = Object.keys(internals.rawOverrides);
    const metadata: Record<string, unknown> = {
      version: internals.cdktfVersion,
      stackName: stack.node.id,
      backend: 'local', // a backend's metadata replaces it
      ...(overridden.length > 0 ? { overrides: { stack: overridden } } : {}),
    };
    const elements = terraformElements(stack);
    for (const element of elements) deepMerge(metadata, resolve(element.toMetadata()));
    const outputs: Record<string, unknown> = {};
    for (const element of elements) {
      if (!TerraformOutput.isTerraformOutput(element)) continue;
      // The output's id under the path of its scopes, as cdktf nests it.
      const nested = element.node.path.split('/').reduceRight<unknown>((inner, part) => ({ [part]: inner }), element.friendlyUniqueId);
      deepMerge(outputs, nested);
    }
    const tf: Record<string, unknown> = { '//': { metadata, outputs } };
    for (const element of elements) deepMerge(tf, resolve(element.toTerraform()));
    deepMerge(tf, internals.rawOverrides);
    return tf;
  };
}

/** The stack's Terraform elements in cdktf's order (depth first, not into nested stacks). */
function terraformElements(scope: { node: { children: readonly unknown[] } }, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(scope)) into.push(scope);
  for (const child of scope.node.children) {
    if (TerraformStack.isStack(child)) continue;
    terraformElements(child as { node: { children: readonly unknown[] } }, into);
  }
  return into;
}

/** Whether `value` is JSON data with no token in it (strings, numbers, booleans, null, plain lists and maps). */
function isPlainData(value: unknown): boolean {
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'string' || typeof value === 'number') return !Token.isUnresolved(value);
  if (Array.isArray(value)) return value.every(isPlainData);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value as Record<string, unknown>).every(isPlainData);
}
