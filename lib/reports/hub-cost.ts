/**
 * `ecs-privatelink cost` for a fleet with a hub (lib/model/hub.ts): every VPC
 * with its own endpoints (`perVpcEndpoints`) against the hub's endpoints used
 * by the spokes over a Transit Gateway (`centralized`), per month, and the
 * number of spokes from which centralizing pays.
 *
 * perVpcEndpoints = Σ VPCs: interface endpoints × AZs × 730 h × hourly
 *                 + Σ VPCs: interface GB × per-GB
 * centralized     = hub: interface endpoints × AZs × 730 h × hourly
 *                 + Σ spokes: endpoints that stay × AZs × 730 h × hourly
 *                 + Σ VPCs: interface GB × per-GB (the same bytes, through other endpoints)
 *                 + Transit Gateway: (spokes + 1) attachments × 730 h × hourly (unless already attached)
 *                 + Transit Gateway: spokes' interface GB × per-GB
 *                 + DNS: zones × monthly (zones) or spokes × 730 h × Profile association hourly (profile)
 */
import { DEFAULT_HUB_PRICING, HUB_PRICE_DESCRIPTIONS, HUB_PRICING_FIELDS, type HubPricing } from '../model/hub-pricing';
import type { HubPlan } from '../model/hub';
import type { Spec } from '../model/config';
import { DEFAULT_INTERFACE_SHARE, DEFAULT_PRICING, HOURS_PER_MONTH, PRICE_DESCRIPTIONS, usd, zoneLayout, CostInputError, type CostLine, type PathCost, type PriceSource, type PriceUsed, type Pricing } from './cost';

export interface HubCostInput {
  readonly hub: HubPlan;
  /** GB per month of ECS and ECR traffic of each VPC (image pulls, API calls, logs). */
  readonly gbPerMonth: number;
  /** @default DEFAULT_INTERFACE_SHARE */
  readonly interfaceShare?: number;
  /** The VPCs are attached to a Transit Gateway already, for other traffic: its attachment hours are not the hub's to pay. @default false */
  readonly existingTransitGateway?: boolean;
  readonly configPricing?: Partial<Pricing & HubPricing>;
  readonly overridePricing?: Partial<Pricing & HubPricing>;
}

/** The cost of one design: lines and total. */
export interface DesignCost extends PathCost {
  readonly monthlyTotal: number;
}

export interface HubCostEstimate {
  readonly region: string;
  readonly currency: 'USD';
  readonly hoursPerMonth: number;
  readonly hub: string;
  readonly hubDns: HubPlan['dns'];
  readonly spokes: readonly string[];
  readonly gbPerMonthPerVpc: number;
  readonly interfaceShare: number;
  readonly existingTransitGateway: boolean;
  readonly prices: Readonly<Record<string, PriceUsed & { readonly unit: string; readonly reference: string }>>;
  readonly perVpcEndpoints: DesignCost;
  readonly centralized: DesignCost;
  /** perVpcEndpoints minus centralized: positive when centralizing is cheaper. */
  readonly saving: number;
  /** The number of spokes (like the average one of this fleet) from which centralizing is cheaper; null when it never is. */
  readonly breakEvenSpokes: number | null;
  readonly cheaper: 'centralized' | 'perVpcEndpoints' | 'equal';
  /** Why, in one sentence. */
  readonly verdict: string;
  readonly assumptions: readonly string[];
}

type AllPricing = Pricing & HubPricing;
/** The prices of this comparison: the interface endpoint's, and the hub's (NAT gateways are in neither design). */
const ALL_FIELDS = ['interfaceEndpointHourly', 'interfaceEndpointPerGb', ...HUB_PRICING_FIELDS] as const;

type Field = (typeof ALL_FIELDS)[number];

function resolvePrices(input: HubCostInput): Record<Field, PriceUsed> {
  const defaults: AllPricing = { ...DEFAULT_PRICING, ...DEFAULT_HUB_PRICING };
  return Object.fromEntries(
    ALL_FIELDS.map((f) => {
      const override = input.overridePricing?.[f];
      const config = input.configPricing?.[f];
      const [value, source]: [number, PriceSource] = override !== undefined ? [override, 'override'] : config !== undefined ? [config, 'config'] : [defaults[f], 'default'];
      return [f, { value, source }];
    }),
  ) as Record<Field, PriceUsed>;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const interfaces = (spec: Spec) => spec.endpoints.filter((e) => e.type === 'Interface');
const zonesOf = (spec: Spec) => zoneLayout(spec).zones.length;

/** Monthly hours of a VPC's interface endpoints, as `count × AZs`. */
function endpointHours(spec: Spec, keys?: readonly string[]): { count: number; azs: number } {
  const n = keys ? keys.length : interfaces(spec).length;
  return { count: n, azs: n === 0 ? 0 : zonesOf(spec) };
}

/** Compares both designs for the whole fleet. Throws CostInputError on bad numbers. */
export function estimateHubCost(input: HubCostInput): HubCostEstimate {
  const { hub } = input;
  const gb = input.gbPerMonth;
  const share = input.interfaceShare ?? DEFAULT_INTERFACE_SHARE;
  if (!Number.isFinite(gb) || gb < 0) throw new CostInputError(`GB per month must be a number of 0 or more, like 6500; got ${gb}`);
  if (!Number.isFinite(share) || share < 0 || share > 1) throw new CostInputError(`the interface share must be from 0 to 1; got ${share}`);
  const p = resolvePrices(input);
  const H = HOURS_PER_MONTH;
  const interfaceGb = gb * share;
  const vpcNames = Object.keys(hub.perVpc).sort();
  const existing = input.existingTransitGateway ?? false;

  // Every VPC with its own endpoints.
  const perVpcLines: CostLine[] = [];
  let perVpcEndpointCount = 0;
  for (const name of vpcNames) {
    const { count, azs } = endpointHours(hub.perVpc[name]);
    perVpcEndpointCount += count * azs;
    perVpcLines.push({ item: `${name}: interface endpoint hours`, calculation: `${count} × ${azs} AZs × ${H} h × ${usd(p.interfaceEndpointHourly.value)}`, monthly: round2(count * azs * H * p.interfaceEndpointHourly.value) });
  }
  const dataLine: CostLine = {
    item: 'Interface data processed',
    calculation: `${vpcNames.length} VPCs × ${num(interfaceGb)} GB × ${usd(p.interfaceEndpointPerGb.value)}`,
    monthly: round2(vpcNames.length * interfaceGb * p.interfaceEndpointPerGb.value),
  };
  perVpcLines.push(dataLine);

  // The hub's endpoints for all.
  const central: CostLine[] = [];
  const hubSpec = hub.perVpc[hub.name];
  const h = endpointHours(hubSpec);
  central.push({ item: `${hub.name} (hub): interface endpoint hours`, calculation: `${h.count} × ${h.azs} AZs × ${H} h × ${usd(p.interfaceEndpointHourly.value)}`, monthly: round2(h.count * h.azs * H * p.interfaceEndpointHourly.value) });
  for (const spoke of hub.spokes) {
    if (spoke.local.length === 0) continue;
    const s = endpointHours(hub.perVpc[spoke.name], spoke.local.map((l) => l.key));
    central.push({ item: `${spoke.name}: endpoints that stay`, calculation: `${s.count} × ${s.azs} AZs × ${H} h × ${usd(p.interfaceEndpointHourly.value)}`, monthly: round2(s.count * s.azs * H * p.interfaceEndpointHourly.value) });
  }
  central.push(dataLine);
  const attachments = hub.spokes.length + 1;
  central.push(
    existing
      ? { item: 'Transit Gateway attachments', calculation: `${attachments} attached already, for other traffic`, monthly: 0 }
      : { item: 'Transit Gateway attachments', calculation: `${attachments} × ${H} h × ${usd(p.transitGatewayAttachmentHourly.value)}`, monthly: round2(attachments * H * p.transitGatewayAttachmentHourly.value) },
  );
  central.push({
    item: 'Transit Gateway data processed',
    calculation: `${hub.spokes.length} spokes × ${num(interfaceGb)} GB × ${usd(p.transitGatewayPerGb.value)}`,
    monthly: round2(hub.spokes.length * interfaceGb * p.transitGatewayPerGb.value),
  });
  if (hub.dns === 'zones') {
    central.push({ item: 'Route 53 private hosted zones', calculation: `${hub.zones.length} × ${usd(p.hostedZoneMonthly.value)}`, monthly: round2(hub.zones.length * p.hostedZoneMonthly.value) });
  } else {
    central.push({
      item: 'Route 53 Profile associations',
      calculation: `${hub.spokes.length} spokes × ${H} h × ${usd(p.profileAssociationHourly.value)}`,
      monthly: round2(hub.spokes.length * H * p.profileAssociationHourly.value),
    });
  }

  const perVpcEndpoints = design(perVpcLines);
  const centralized = design(central);
  const saving = round2(perVpcEndpoints.monthlyTotal - centralized.monthlyTotal);

  // Break-even: a spoke like the average one of the fleet, against the fixed cost of the hub's sharing.
  const n = hub.spokes.length;
  const perSpokeOwn = hub.spokes.reduce((sum, s) => sum + endpointHoursCost(hub.perVpc[s.name], undefined, p), 0) / n;
  const perSpokeCentral =
    hub.spokes.reduce((sum, s) => sum + endpointHoursCost(hub.perVpc[s.name], s.local.map((l) => l.key), p), 0) / n +
    (existing ? 0 : H * p.transitGatewayAttachmentHourly.value) +
    interfaceGb * p.transitGatewayPerGb.value +
    (hub.dns === 'profile' ? H * p.profileAssociationHourly.value : 0);
  const fixed = (existing ? 0 : H * p.transitGatewayAttachmentHourly.value) + (hub.dns === 'zones' ? hub.zones.length * p.hostedZoneMonthly.value : 0);
  const perSpokeSaving = perSpokeOwn - perSpokeCentral;
  const breakEvenSpokes = perSpokeSaving > 0 ? Math.max(1, Math.ceil(fixed / perSpokeSaving + 1e-9)) : null;

  const cheaper = saving > 0 ? 'centralized' : saving < 0 ? 'perVpcEndpoints' : 'equal';
  const verdict =
    cheaper === 'centralized'
      ? `Centralized is cheaper by ${money(saving)} per month: ${n} spokes stop paying for ${perVpcEndpointCount - h.count * h.azs - stayingHours(hub)} endpoint-AZs, more than the Transit Gateway and DNS charges add.`
      : cheaper === 'perVpcEndpoints'
        ? `Endpoints in every VPC are cheaper by ${money(-saving)} per month: a spoke saves ${money(perSpokeOwn)} of endpoint hours but costs ${money(perSpokeCentral)} in Transit Gateway${hub.dns === 'profile' ? ', Profile' : ''} and remaining endpoint charges.`
        : 'Both designs cost the same per month.';

  const assumptions = [
    `Volumes in GB as AWS bills them; ${num(gb)} GB per month for each VPC, ${num(share * 100)}% of it through interface endpoints (${num(interfaceGb)} GB); image layers go through each VPC's own free S3 gateway in both designs.`,
    `${H} hours per month.`,
    `Availability Zones per VPC from its subnets; each interface endpoint is charged in each.`,
    existing
      ? 'The VPCs are attached to the Transit Gateway already, for other traffic: only its per-GB charge is counted.'
      : `Every VPC (the hub and ${n} spokes) gets a Transit Gateway attachment for this alone; if they are attached already for other traffic, pass --existing-transit-gateway.`,
    "All of a spoke's interface traffic is counted through the Transit Gateway (an upper bound when some endpoints stay in the spoke).",
    hub.dns === 'zones'
      ? `hubDns zones: ${hub.zones.length} private hosted zones; associations and queries to private zones cost nothing extra.`
      : `hubDns profile: one Route 53 Profile association per spoke; RAM sharing costs nothing.`,
    `Break-even: a spoke like the average one here saves ${money(perSpokeOwn)} of endpoint hours and costs ${money(perSpokeCentral)} when centralized; the hub's fixed sharing costs are ${money(fixed)}.`,
    'Not included: data transfer between Availability Zones (a spoke in an AZ the hub lacks), DNS query charges, internet egress.',
    'Prices marked "default" are us-east-1 list prices; set yours in the pricing section (the hub VPC\'s) or with the price options.',
  ];

  const prices = Object.fromEntries(
    ALL_FIELDS.map((f) => {
      const described = (HUB_PRICE_DESCRIPTIONS as Record<string, { what: string; unit: string; source: string }>)[f];
      return [f, { ...p[f], unit: described?.unit ?? PRICE_DESCRIPTIONS[f as keyof Pricing].unit, reference: described?.source ?? 'https://aws.amazon.com/privatelink/pricing/ (us-east-1 list price)' }];
    }),
  );

  return {
    region: hub.region,
    currency: 'USD',
    hoursPerMonth: H,
    hub: hub.name,
    hubDns: hub.dns,
    spokes: hub.spokes.map((s) => s.name),
    gbPerMonthPerVpc: gb,
    interfaceShare: share,
    existingTransitGateway: existing,
    prices,
    perVpcEndpoints,
    centralized,
    saving,
    breakEvenSpokes,
    cheaper,
    verdict,
    assumptions,
  };
}

function stayingHours(hub: HubPlan): number {
  return hub.spokes.reduce((sum, s) => {
    const e = endpointHours(hub.perVpc[s.name], s.local.map((l) => l.key));
    return sum + e.count * e.azs;
  }, 0);
}

function endpointHoursCost(spec: Spec, keys: readonly string[] | undefined, p: Record<Field, PriceUsed>): number {
  const { count, azs } = endpointHours(spec, keys);
  return count * azs * HOURS_PER_MONTH * p.interfaceEndpointHourly.value;
}

function design(lines: CostLine[]): DesignCost {
  const monthly = round2(lines.reduce((sum, l) => sum + l.monthly, 0));
  return { lines, monthly, monthlyTotal: monthly };
}

function num(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

function money(x: number): string {
  return `$${Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Where a price that is not a default came from (a default names its AWS page instead). */
const SOURCE_WORDS: Record<Exclude<PriceSource, 'default'>, string> = { config: 'config file, pricing section', override: 'command line' };

/** The comparison as a readable report. */
export function formatHubCostReport(e: HubCostEstimate): string {
  const rows: [string, string, string][] = [
    ...e.perVpcEndpoints.lines.map((l): [string, string, string] => [l.item, l.calculation, money(l.monthly)]),
  ];
  const crow = e.centralized.lines.map((l): [string, string, string] => [l.item, l.calculation, money(l.monthly)]);
  const all = [...rows, ...crow];
  const w = [0, 1, 2].map((c) => Math.max(...all.map((r) => r[c].length), c === 0 ? 'Total per month'.length : 0));
  const line = (r: [string, string, string]) => `${r[0].padEnd(w[0])}   ${r[1].padEnd(w[1])}   ${r[2].padStart(w[2])}`;
  const rule = '-'.repeat(w[0] + w[1] + w[2] + 6);
  const pw = Object.entries(e.prices).map(([f, v]) => [labelOf(f as Field), `${usd(v.value)} ${v.unit}`, v.source === 'default' ? `default: ${v.reference}` : SOURCE_WORDS[v.source]]);
  const pwidth = [0, 1].map((c) => Math.max(...pw.map((r) => r[c].length)));
  return [
    `Centralized endpoints: hub ${e.hub} with ${e.spokes.length} spokes (${e.spokes.join(', ')}) in ${e.region}, hubDns ${e.hubDns}, ${num(e.gbPerMonthPerVpc)} GB/month per VPC, in US dollars`,
    '',
    'Every VPC with its own endpoints (perVpcEndpoints)',
    rule,
    ...rows.map(line),
    rule,
    line(['Total per month', '', money(e.perVpcEndpoints.monthlyTotal)]),
    '',
    `The hub's endpoints for all, over a Transit Gateway (centralized)`,
    rule,
    ...crow.map(line),
    rule,
    line(['Total per month', '', money(e.centralized.monthlyTotal)]),
    '',
    e.verdict,
    `Break-even: ${e.breakEvenSpokes === null ? 'none: at these prices a spoke costs more centralized than with its own endpoints, at any number of spokes.' : `centralizing is cheaper from ${e.breakEvenSpokes} spoke${e.breakEvenSpokes === 1 ? '' : 's'} like these.`}`,
    '',
    'Prices:',
    ...pw.map((r) => `  ${r[0].padEnd(pwidth[0])}   ${r[1].padEnd(pwidth[1])}   ${r[2]}`),
    '',
    'Assumptions:',
    ...e.assumptions.map((a) => `  - ${a}`),
    '',
  ].join('\n');
}

/** What a price is, in words: the hub's prices' own, else the single-VPC estimate's. */
function labelOf(field: Field): string {
  return (HUB_PRICE_DESCRIPTIONS as Partial<Record<Field, { what: string }>>)[field]?.what ?? PRICE_DESCRIPTIONS[field as keyof Pricing].what;
}
