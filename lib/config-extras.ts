/**
 * What the `cost` and `diagram` commands need from the configuration file
 * beyond the `Spec`: the Availability Zone of each subnet (from `subnets`),
 * and the optional `pricing` section.
 *
 * Interim: `pricing` is not in `lib/schema.ts` yet, and `Spec` does not keep
 * the zones. Until it does, `loadConfigWithExtras` hides the `pricing` section
 * from `loadConfig`'s schema check (blanking it in place, so that every other
 * problem keeps its line number) and validates it with `parsePricing`. Once
 * the schema knows `pricing`, the blanking switches itself off.
 */
import * as fs from 'fs';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Pair } from 'yaml';
import { ConfigError, loadConfig, parseConfig, type Problem, type Spec } from './config';
import { parsePricing, type Pricing, type SpecWithZones, type SubnetZone } from './cost';
import { CONFIG_SCHEMA } from './schema';

/** A configuration with what `cost` and `diagram` need beyond the `Spec`. */
export interface ConfigWithExtras {
  readonly spec: SpecWithZones;
  /** The prices the file's `pricing` section sets; empty when it has none. */
  readonly pricing: Partial<Pricing>;
}

/** True once `lib/schema.ts` describes the `pricing` section itself. */
const SCHEMA_KNOWS_PRICING = Object.prototype.hasOwnProperty.call(CONFIG_SCHEMA.properties ?? {}, 'pricing');

/**
 * Reads, validates and resolves a configuration file like `loadConfig`, and
 * also returns the zones of its subnets and its `pricing` section.
 * Throws ConfigError with every problem found, the pricing ones included.
 */
export function loadConfigWithExtras(file: string): ConfigWithExtras {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file));
  } catch {
    // Not readable, or not UTF-8 text: loadConfig says so in its own words (no such file, a folder, ...).
    return { spec: loadConfig(file), pricing: {} };
  }
  return parseConfigWithExtras(text, file, () => loadConfig(file));
}

/**
 * `loadConfigWithExtras` for text already read; `file` names it in messages
 * and decides JSON or YAML. `load` validates the file when there is nothing
 * to hide from the schema (by default `parseConfig(text, file)`).
 */
export function parseConfigWithExtras(text: string, file: string, load: () => Spec = () => parseConfig(text, file)): ConfigWithExtras {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    // Not a map, or not YAML at all: loadConfig's parser says it best.
    return { spec: load(), pricing: {} };
  }
  const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'pricing');
  const raw = doc.toJS() as Record<string, unknown>;

  const pricingProblems: Problem[] = [];
  let pricing: Partial<Pricing> = {};
  if (pair) {
    try {
      pricing = parsePricing(raw.pricing, file, (path) => locate(doc, lineCounter, path));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      pricingProblems.push(...err.problems);
    }
  }

  let spec: Spec;
  try {
    spec = pair && !SCHEMA_KNOWS_PRICING ? parseConfig(blankPair(text.replace(/^\uFEFF/, ''), doc, pair), file) : load();
  } catch (err) {
    if (!(err instanceof ConfigError) || SCHEMA_KNOWS_PRICING) throw err;
    throw new ConfigError(file, byLine([...err.problems, ...pricingProblems]));
  }
  if (pricingProblems.length > 0) throw new ConfigError(file, pricingProblems);

  const subnets = Array.isArray(raw.subnets) ? (raw.subnets as SubnetZone[]).map((s) => ({ id: s.id, availabilityZone: s.availabilityZone })) : undefined;
  return { spec: subnets ? { ...spec, subnets } : spec, pricing };
}

function byLine(problems: Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? Infinity) - (b.p.line ?? Infinity) || a.i - b.i)
    .map(({ p }) => p);
}

/** The line of a path under `pricing` (the key's line), for messages. */
function locate(doc: Document, lineCounter: LineCounter, path: (string | number)[]): number | undefined {
  for (let depth = path.length; depth > 0; depth--) {
    const parent = doc.getIn(path.slice(0, depth - 1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[depth - 1]);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
  }
  return undefined;
}

/**
 * The text with one top-level entry replaced by spaces (newlines kept, so every
 * other line keeps its number). In a flow map (JSON) the comma that separated
 * the entry goes too.
 */
function blankPair(text: string, doc: Document, pair: Pair): string {
  const keyRange = (pair.key as { range?: [number, number, number] }).range!;
  const valueRange = (pair.value as { range?: [number, number, number] } | null)?.range;
  let start = keyRange[0];
  // A JSON key's range covers its quotes; an empty value (`pricing:`) ends with the line.
  let end = valueRange ? Math.max(valueRange[1], keyRange[1]) : lineEnd(text, keyRange[1]);
  const flow = isMap(doc.contents) && doc.contents.flow === true;
  if (flow) {
    let after = end;
    while (after < text.length && /\s/.test(text[after])) after++;
    if (text[after] === ',') {
      end = after + 1;
    } else {
      let before = start - 1;
      while (before >= 0 && /\s/.test(text[before])) before--;
      if (text[before] === ',') start = before;
    }
  }
  return text.slice(0, start) + text.slice(start, end).replace(/[^\n]/g, ' ') + text.slice(end);
}

function lineEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i === -1 ? text.length : i;
}
