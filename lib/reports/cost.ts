/**
 * NAT gateway versus PrivateLink: what a month of ECS/ECR traffic costs each way.
 *
 * `estimateCost` is a pure function: every price, count and assumption it
 * uses is in its result, so the text report (`formatCostReport`) and the JSON
 * form (`formatCostJson`) can state them all.
 *
 * The model, per month:
 * - NAT path: `natGateways × 730 h × natGatewayHourly + GB × natGatewayPerGb`
 *   (every byte through the NAT gateways).
 * - PrivateLink path: `interface endpoints × AZs × 730 h × interfaceEndpointHourly
 *   + GB × interfaceShare × interfaceEndpointPerGb`; the rest of the bytes
 *   (image layers, which ECR serves from S3) go through the S3 gateway
 *   endpoint, which is free.
 */
import type { Spec } from '../model/config';
import { MAX_PRICE_USD } from '../model/schema';

export { MAX_PRICE_USD };
/** Most GB per month the estimate takes: 1,000,000,000 (an exabyte a month; every total stays finite). */
export const MAX_GB_PER_MONTH = 1_000_000_000;
/** Most NAT gateways the estimate takes. */
export const MAX_NAT_GATEWAYS = 1000;

// ---------------------------------------------------------------------------
// Availability Zones
// ---------------------------------------------------------------------------

/** One Availability Zone of the interface endpoints. */
export interface ZoneOfSubnets {
  /** `eu-west-1a`, or undefined when the config lists bare `subnetIds`. */
  readonly name?: string;
  readonly subnetIds: readonly string[];
}

/** The Availability Zones of the interface endpoints, and how they were found. */
export interface ZoneLayout {
  readonly zones: readonly ZoneOfSubnets[];
  /**
   * `subnets`: named by the config's `subnets` (distinct `availabilityZone`s).
   * `subnetIds`: one zone per subnet, unnamed.
   * `none`: no subnets (no interface endpoints).
   */
  readonly basis: 'subnets' | 'subnetIds' | 'none';
  /** One sentence on how the count was found, for reports. */
  readonly explanation: string;
}

/**
 * The Availability Zones of a configuration's interface endpoints.
 *
 * With `subnets`, the distinct `availabilityZone`s (sorted). With `subnetIds`
 * alone, one zone per subnet: an interface endpoint takes at most one subnet
 * per Availability Zone, so N subnets are N zones.
 */
export function zoneLayout(spec: Spec): ZoneLayout {
  if (spec.subnets && spec.subnets.length > 0) {
    const byZone = new Map<string, string[]>();
    for (const s of spec.subnets) byZone.set(s.availabilityZone, [...(byZone.get(s.availabilityZone) ?? []), s.id]);
    const zones = [...byZone.keys()].sort().map((name) => ({ name, subnetIds: byZone.get(name)! }));
    return {
      zones,
      basis: 'subnets',
      explanation: `${plural(zones.length, 'Availability Zone')} from subnets (${zones.map((z) => z.name).join(', ')})`,
    };
  }
  if (spec.subnetIds.length > 0) {
    return {
      zones: spec.subnetIds.map((id) => ({ subnetIds: [id] })),
      basis: 'subnetIds',
      explanation:
        `${plural(spec.subnetIds.length, 'Availability Zone')} assumed from ${plural(spec.subnetIds.length, 'subnet')} in subnetIds: ` +
        'an interface endpoint takes at most one subnet per Availability Zone, so each subnet is in a zone of its own ' +
        '(list subnets with availabilityZone to name them)',
    };
  }
  return { zones: [], basis: 'none', explanation: 'no subnets: no interface endpoint, so no Availability Zone is charged' };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------
// Prices and the estimate
// ---------------------------------------------------------------------------

/** Prices in US dollars, the fields of the config's `pricing` section. */
export interface Pricing {
  /** NAT gateway, per gateway-hour. */
  readonly natGatewayHourly: number;
  /** NAT gateway data processing, per GB. */
  readonly natGatewayPerGb: number;
  /** Interface endpoint, per endpoint per Availability Zone per hour. */
  readonly interfaceEndpointHourly: number;
  /** Interface endpoint data processing, per GB (the first PB per region). */
  readonly interfaceEndpointPerGb: number;
}

export const PRICING_FIELDS = ['natGatewayHourly', 'natGatewayPerGb', 'interfaceEndpointHourly', 'interfaceEndpointPerGb'] as const satisfies readonly (keyof Pricing)[];

/** What each price is, in words, and its unit. */
export const PRICE_DESCRIPTIONS: Readonly<Record<keyof Pricing, { readonly what: string; readonly unit: string }>> = {
  natGatewayHourly: { what: 'NAT gateway', unit: 'per gateway-hour' },
  natGatewayPerGb: { what: 'NAT gateway data processed', unit: 'per GB' },
  interfaceEndpointHourly: { what: 'Interface endpoint', unit: 'per endpoint per AZ-hour' },
  interfaceEndpointPerGb: { what: 'Interface endpoint data processed', unit: 'per GB' },
};

/** The region whose list prices are the defaults. */
export const DEFAULT_PRICING_REGION = 'us-east-1';

/** us-east-1 list prices (AWS pricing pages). Other regions differ: override them. */
export const DEFAULT_PRICING: Pricing = {
  natGatewayHourly: 0.045,
  natGatewayPerGb: 0.045,
  interfaceEndpointHourly: 0.01,
  interfaceEndpointPerGb: 0.01,
};

/** Hours in a month, AWS's billing convention (8,760 h / 12). */
export const HOURS_PER_MONTH = 730;

/**
 * The share of the bytes that goes through interface endpoints: 5%.
 *
 * An image pull asks ecr.api for a token and ecr.dkr for the manifest (a few
 * KB), then ECR redirects every layer download to S3, which the free S3
 * gateway serves; layers are well over 95% of a pull's bytes. The 5% also
 * covers the ECS agent and telemetry traffic and a modest amount of awslogs
 * output. Raise it when the tasks ship much log data or call Secrets
 * Manager/SSM heavily.
 */
export const DEFAULT_INTERFACE_SHARE = 0.05;

export const DEFAULT_NAT_GATEWAYS = 1;

/** Where a price came from. */
export type PriceSource = 'default' | 'config' | 'override';

export interface PriceUsed {
  readonly value: number;
  readonly source: PriceSource;
}

/** The input of `estimateCost`. */
export interface CostInput {
  /** The resolved configuration: its interface endpoints, and its subnets for the AZ count. */
  readonly spec: Spec;
  /** GB per month that the NAT gateways would carry for ECS and ECR (image pulls, API calls, logs). */
  readonly gbPerMonth: number;
  /**
   * NAT gateways that PrivateLink replaces.
   *
   * @default 1
   */
  readonly natGateways?: number;
  /**
   * Share of the bytes through interface endpoints, a fraction from 0 to 1.
   *
   * @default DEFAULT_INTERFACE_SHARE (0.05)
   */
  readonly interfaceShare?: number;
  /**
   * Prices from the config's `pricing` section.
   *
   * @default - none: DEFAULT_PRICING
   */
  readonly configPricing?: Partial<Pricing>;
  /**
   * Prices given on the command line; they win over `configPricing`.
   *
   * @default - none
   */
  readonly overridePricing?: Partial<Pricing>;
}

/** One line of a cost: `count × unit price = amount`, in words and numbers. */
export interface CostLine {
  readonly item: string;
  /** The calculation, like `1 × 730 h × $0.045`. */
  readonly calculation: string;
  /** US dollars per month, rounded to the cent. */
  readonly monthly: number;
}

export interface PathCost {
  readonly lines: readonly CostLine[];
  /** Sum of the rounded lines, so the report adds up. */
  readonly monthly: number;
}

/**
 * Where the two paths cost the same.
 * - `above`: PrivateLink is cheaper above `gbPerMonth`.
 * - `below`: PrivateLink is cheaper only below `gbPerMonth` (its per-GB price is the higher one).
 * - `always`: PrivateLink is cheaper (or equal) at every volume.
 * - `never`: the NAT path is cheaper (or equal) at every volume.
 */
export type BreakEven =
  | { readonly kind: 'above'; readonly gbPerMonth: number }
  | { readonly kind: 'below'; readonly gbPerMonth: number }
  | { readonly kind: 'always' }
  | { readonly kind: 'never' };

export interface CostEstimate {
  readonly region: string;
  readonly currency: 'USD';
  readonly hoursPerMonth: number;
  readonly gbPerMonth: number;
  readonly natGateways: number;
  readonly interfaceEndpoints: readonly string[];
  readonly gatewayEndpoints: readonly string[];
  readonly availabilityZones: number;
  readonly zoneBasis: ZoneLayout['basis'];
  readonly interfaceShare: number;
  readonly interfaceGb: number;
  readonly gatewayGb: number;
  readonly prices: Readonly<Record<keyof Pricing, PriceUsed>>;
  readonly nat: PathCost;
  readonly privateLink: PathCost;
  /** NAT minus PrivateLink per month: positive when PrivateLink is cheaper. */
  readonly saving: number;
  /** The saving as a fraction of the NAT path's cost (0 when the NAT path costs nothing). */
  readonly savingShare: number;
  readonly breakEven: BreakEven;
  /** Every assumption behind the numbers, one sentence each. */
  readonly assumptions: readonly string[];
}

/** Bad numbers for `estimateCost` (the command turns it into exit code 2). */
export class CostInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CostInputError';
  }
}

/** Estimates a month of NAT gateway versus PrivateLink. Throws CostInputError on bad numbers. */
export function estimateCost(input: CostInput): CostEstimate {
  const gb = input.gbPerMonth;
  const natGateways = input.natGateways ?? DEFAULT_NAT_GATEWAYS;
  const share = input.interfaceShare ?? DEFAULT_INTERFACE_SHARE;
  if (!Number.isFinite(gb) || gb < 0 || gb > MAX_GB_PER_MONTH) throw new CostInputError(`GB per month must be a number from 0 to ${MAX_GB_PER_MONTH.toLocaleString('en-US')}, like 6500; got ${gb}`);
  if (!Number.isInteger(natGateways) || natGateways < 1 || natGateways > MAX_NAT_GATEWAYS) {
    throw new CostInputError(`the number of NAT gateways must be a whole number from 1 to ${MAX_NAT_GATEWAYS} (usually one per AZ); got ${natGateways}`);
  }
  if (!Number.isFinite(share) || share < 0 || share > 1) {
    throw new CostInputError(`the interface share must be between 0 and 1 (0% and 100%); got ${share}`);
  }
  const prices = resolvePrices(input.configPricing, input.overridePricing);
  const p = (k: keyof Pricing) => prices[k].value;

  const spec = input.spec;
  const interfaceEndpoints = spec.endpoints.filter((e) => e.type === 'Interface').map((e) => e.service);
  const gatewayEndpoints = spec.endpoints.filter((e) => e.type === 'Gateway').map((e) => e.service);
  const layout = zoneLayout(spec);
  const zones = interfaceEndpoints.length > 0 ? layout.zones.length : 0;
  const interfaceGb = clean(gb * share);
  const gatewayGb = clean(gb - interfaceGb);
  const h = HOURS_PER_MONTH;

  const nat = path([
    {
      item: 'NAT gateway hours',
      calculation: `${natGateways} × ${h} h × ${usd(p('natGatewayHourly'))}`,
      monthly: cents(natGateways * h * p('natGatewayHourly')),
    },
    {
      item: 'NAT data processed',
      calculation: `${num(gb)} GB × ${usd(p('natGatewayPerGb'))}`,
      monthly: cents(gb * p('natGatewayPerGb')),
    },
  ]);
  const privateLink = path([
    {
      item: 'Interface endpoint hours',
      calculation: `${interfaceEndpoints.length} × ${plural(zones, 'AZ')} × ${h} h × ${usd(p('interfaceEndpointHourly'))}`,
      monthly: cents(interfaceEndpoints.length * zones * h * p('interfaceEndpointHourly')),
    },
    {
      item: 'Interface data processed',
      calculation: `${num(interfaceGb)} GB (${pct(share)}) × ${usd(p('interfaceEndpointPerGb'))}`,
      monthly: cents(interfaceGb * p('interfaceEndpointPerGb')),
    },
    ...(gatewayEndpoints.length > 0
      ? [{ item: 'S3 gateway endpoint', calculation: `${num(gatewayGb)} GB (${pct(1 - share)}), free`, monthly: 0 }]
      : []),
  ]);

  const fixedNat = natGateways * h * p('natGatewayHourly');
  const fixedLink = interfaceEndpoints.length * zones * h * p('interfaceEndpointHourly');
  const breakEven = solveBreakEven(fixedNat, p('natGatewayPerGb'), fixedLink, share * p('interfaceEndpointPerGb'));
  const saving = cents(nat.monthly - privateLink.monthly);

  const assumptions = [
    'Volumes in GB as AWS bills them (1 TB = 1,000 GB).',
    `${h} hours per month (AWS's billing convention: 8,760 hours / 12).`,
    `NAT path: all ${num(gb)} GB go through ${plural(natGateways, 'NAT gateway')}, and PrivateLink lets ${natGateways === 1 ? 'it' : 'them'} be removed; if other traffic keeps ${natGateways === 1 ? 'it' : 'them'}, only the data processing is saved.`,
    `PrivateLink path: ${plural(interfaceEndpoints.length, 'interface endpoint')}${interfaceEndpoints.length > 0 ? ` (${interfaceEndpoints.join(', ')})` : ''}, each charged in every Availability Zone.`,
    `Availability Zones: ${layout.explanation}.`,
    `${pct(share)} of the bytes go through interface endpoints (ECR API calls and manifests, ECS agent and telemetry, logs); ` +
      `the other ${pct(1 - share)} are image layers, which ECR serves from S3${gatewayEndpoints.length > 0 ? ' through the free S3 gateway endpoint' : ''}.`,
    ...(gatewayEndpoints.length === 0
      ? ['The configuration has no S3 gateway endpoint: without one, image layers cannot be pulled from private subnets without a NAT gateway; the estimate still counts them as free.']
      : []),
    'Not included: data transfer between Availability Zones, internet egress, and traffic of other services.',
    ...(spec.region !== DEFAULT_PRICING_REGION && PRICING_FIELDS.some((k) => prices[k].source === 'default')
      ? [`Prices marked "default" are ${DEFAULT_PRICING_REGION} list prices; ${spec.region} may differ: set them in the config's pricing section or with the price options.`]
      : []),
  ];

  return finite({
    region: spec.region,
    currency: 'USD',
    hoursPerMonth: h,
    gbPerMonth: gb,
    natGateways,
    interfaceEndpoints,
    gatewayEndpoints,
    availabilityZones: zones,
    zoneBasis: layout.basis,
    interfaceShare: share,
    interfaceGb,
    gatewayGb,
    prices,
    nat,
    privateLink,
    saving,
    savingShare: nat.monthly > 0 ? clean(saving / nat.monthly) : 0,
    breakEven,
    assumptions,
  });
}

/** The estimate, once every number in it is checked finite: a report never shows $∞, NaN or null (the bounds above keep it so; this says so if they ever do not). */
function finite<T>(estimate: T): T {
  const walk = (value: unknown, at: string): void => {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new CostInputError(`the estimate's ${at} is not a finite number; use smaller prices or volumes`);
    if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, at ? `${at}.${k}` : k);
  };
  walk(estimate, '');
  return estimate;
}

function resolvePrices(config: Partial<Pricing> = {}, override: Partial<Pricing> = {}): Record<keyof Pricing, PriceUsed> {
  const out = {} as Record<keyof Pricing, PriceUsed>;
  for (const k of PRICING_FIELDS) {
    const used: PriceUsed =
      override[k] !== undefined ? { value: override[k]!, source: 'override' } : config[k] !== undefined ? { value: config[k]!, source: 'config' } : { value: DEFAULT_PRICING[k], source: 'default' };
    if (!Number.isFinite(used.value) || used.value < 0 || used.value > MAX_PRICE_USD) {
      throw new CostInputError(`${k} (${PRICE_DESCRIPTIONS[k].what} ${PRICE_DESCRIPTIONS[k].unit}) must be a number from 0 to ${MAX_PRICE_USD}; got ${used.value}`);
    }
    out[k] = used;
  }
  return out;
}

/**
 * Volume at which `fixedA + perGbA × G = fixedB + perGbB × G` (A: NAT, B: PrivateLink).
 */
function solveBreakEven(fixedNat: number, perGbNat: number, fixedLink: number, perGbLink: number): BreakEven {
  const fixedGap = clean(fixedLink - fixedNat); // what PrivateLink costs more before any byte
  const perGbGap = clean(perGbNat - perGbLink); // what PrivateLink saves per GB
  if (perGbGap > 0) {
    return fixedGap <= 0 ? { kind: 'always' } : { kind: 'above', gbPerMonth: round(fixedGap / perGbGap, 1) };
  }
  if (perGbGap < 0) {
    return fixedGap < 0 ? { kind: 'below', gbPerMonth: round(fixedGap / perGbGap, 1) } : { kind: 'never' };
  }
  // The same price per GB: the hourly costs decide, and equal ones make no path cheaper.
  return fixedGap < 0 ? { kind: 'always' } : { kind: 'never' };
}

function path(lines: CostLine[]): PathCost {
  return { lines, monthly: cents(lines.reduce((sum, l) => sum + l.monthly, 0)) };
}

/** Rounds away floating-point noise (0.1 + 0.2), keeping 9 decimals. */
function clean(x: number): number {
  return round(x, 9);
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(clean9(x) * f) / f;
}

function clean9(x: number): number {
  return Number(x.toPrecision(12));
}

function cents(x: number): number {
  return round(x, 2);
}

// ---------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------

/** `$0.045`, `$32.85`, `$1,234.50`: at least two decimals, up to four for unit prices. */
export function usd(x: number): string {
  const decimals = Math.min(4, Math.max(2, decimalPlaces(x)));
  return `$${x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })}`;
}

function money(x: number): string {
  const text = `$${Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return x < 0 ? `-${text}` : text;
}

function decimalPlaces(x: number): number {
  const text = String(clean9(x));
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

/** `6,500`, `325`, `902.2`. */
function num(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

function pct(x: number): string {
  return `${num(clean9(x * 100))}%`;
}

const SOURCE_WORDS: Record<PriceSource, string> = {
  default: `default (${DEFAULT_PRICING_REGION} list price)`,
  config: 'config file, pricing section',
  override: 'command line',
};

/** A one-sentence verdict on the break-even volume. */
export function describeBreakEven(b: BreakEven): string {
  switch (b.kind) {
    case 'above':
      return `PrivateLink is cheaper above ${num(b.gbPerMonth)} GB/month.`;
    case 'below':
      return `PrivateLink is cheaper only below ${num(b.gbPerMonth)} GB/month: its per-GB cost is higher than the NAT gateway's at these prices.`;
    case 'always':
      return 'PrivateLink is cheaper at every volume: its hourly cost is not above the NAT gateways\' and each GB costs no more.';
    case 'never':
      return 'none: at these prices the NAT gateway path is cheaper (or equal) at every volume.';
  }
}

/** The estimate as a readable text report: both paths line by line, the saving, every price and assumption. */
export function formatCostReport(e: CostEstimate): string {
  const rows: [string, string, string, string][] = [
    ['', '', 'NAT gateway', 'PrivateLink'],
    ...e.nat.lines.map((l): [string, string, string, string] => [l.item, l.calculation, money(l.monthly), '']),
    ...e.privateLink.lines.map((l): [string, string, string, string] => [l.item, l.calculation, '', money(l.monthly)]),
    ['Total per month', '', money(e.nat.monthly), money(e.privateLink.monthly)],
  ];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    [r[0].padEnd(widths[0]), r[1].padEnd(widths[1]), r[2].padStart(widths[2]), r[3].padStart(widths[3])].join('   ').trimEnd();
  const rule = '-'.repeat(widths.reduce((a, b) => a + b, 0) + 9);

  const saving =
    e.saving > 0
      ? `Saving with PrivateLink: ${money(e.saving)} per month (${pct(round(e.savingShare, 3))} of the NAT path).`
      : e.saving < 0
        ? `PrivateLink costs ${money(-e.saving)} per month more than the NAT path.`
        : 'Both paths cost the same.';

  const priceRows = PRICING_FIELDS.map((k) => [`${PRICE_DESCRIPTIONS[k].what}`, `${usd(e.prices[k].value)} ${PRICE_DESCRIPTIONS[k].unit}`, SOURCE_WORDS[e.prices[k].source]]);
  priceRows.push(['S3 gateway endpoint', 'free (no hourly or per-GB charge)', 'AWS pricing']);
  const pw = [0, 1].map((c) => Math.max(...priceRows.map((r) => r[c].length)));

  return [
    `NAT gateway versus PrivateLink in ${e.region}, ${num(e.gbPerMonth)} GB/month, in US dollars`,
    '',
    line(rows[0]),
    rule,
    ...rows.slice(1, -1).map(line),
    rule,
    line(rows[rows.length - 1]),
    '',
    saving,
    `Break-even: ${describeBreakEven(e.breakEven)}`,
    '',
    'Prices:',
    ...priceRows.map((r) => `  ${r[0].padEnd(pw[0])}   ${r[1].padEnd(pw[1])}   ${r[2]}`),
    '',
    'Assumptions:',
    ...e.assumptions.map((a) => `  - ${a}`),
    '',
  ].join('\n');
}

/** The estimate as JSON text (2-space indent, trailing newline): the `CostEstimate` object plus the break-even sentence. */
export function formatCostJson(e: CostEstimate): string {
  return `${JSON.stringify({ ...e, breakEvenText: describeBreakEven(e.breakEven) }, null, 2)}\n`;
}

