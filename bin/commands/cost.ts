/**
 * `ecs-privatelink cost`: what a month of ECS/ECR traffic costs through NAT
 * gateways and through PrivateLink, with every price and assumption stated.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { BadInput, count, listed, type Cli, type Context } from '../cli/context';
import { CONFIG_ENV, DEFAULT_CONFIG_FILE } from '../cli/support';
import { suggest, type Spec } from '../../lib/model/config';
import type { Fleet } from '../../lib/model/fleet';
import { DEFAULT_HUB_PRICING, HUB_PRICE_DESCRIPTIONS, HUB_PRICING_FIELDS, type HubPricing } from '../../lib/model/hub-pricing';
import { estimateHubCost, formatHubCostReport } from '../../lib/reports/hub-cost';
import {
  DEFAULT_INTERFACE_SHARE,
  DEFAULT_NAT_GATEWAYS,
  DEFAULT_PRICING,
  DEFAULT_PRICING_REGION,
  CostInputError,
  describeBreakEven,
  estimateCost,
  formatCostReport,
  MAX_GB_PER_MONTH,
  MAX_NAT_GATEWAYS,
  MAX_PRICE_USD,
  PRICE_DESCRIPTIONS,
  PRICING_FIELDS,
  type Pricing,
} from '../../lib/reports/cost';

interface CostOptions extends Partial<HubPricing> {
  config?: string;
  vpc?: string;
  existingTransitGateway?: boolean;
  gbPerMonth: number;
  natGateways: number;
  interfaceShare?: number;
  natGatewayHourly?: number;
  natGatewayPerGb?: number;
  interfaceEndpointHourly?: number;
  interfaceEndpointPerGb?: number;
}

/** `natGatewayPerGb` → `--nat-gateway-per-gb`. */
export function priceFlag(field: keyof Pricing | keyof HubPricing): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

/** A number of 0 or more, written plainly (`6500`, `0.045`); commander reports the error as a usage error (exit 2). */
export function parseAmount(what: string, example: string, max: number): (value: string) => number {
  return (value) => {
    const text = value.trim();
    if (!DECIMAL.test(text) || Number(text) > max) throw new InvalidArgumentError(`expected ${what}: a number from 0 to ${max.toLocaleString('en-US')}, like ${example}`);
    return Number(text);
  };
}

export function parseCount(value: string): number {
  const text = value.trim();
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_NAT_GATEWAYS) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_NAT_GATEWAYS}, like 1 or 3 (one NAT gateway per AZ)`);
  }
  return Number(text);
}

/** A percentage from 0 to 100 (`5`, `5%`, `12.5`) as a fraction from 0 to 1. */
export function parsePercent(value: string): number {
  const text = value.trim().replace(/%$/, '');
  if (!DECIMAL.test(text) || Number(text) > 100) {
    throw new InvalidArgumentError('expected a percentage from 0 to 100, like 5 or 5% (of the bytes that go through interface endpoints)');
  }
  return Number(text) / 100;
}

export function register(program: Command, cli: Cli): void {
  const command = program
    .command('cost')
    .summary('compare the monthly cost of NAT gateways and PrivateLink')
    .description(
      'Estimate a month of ECS and ECR traffic through NAT gateways and through the configured endpoints: ' +
        'NAT gateway hours and data processing, against interface endpoint hours (per endpoint per Availability Zone) ' +
        'and data processing for the share of bytes that goes through interface endpoints; image layers go through ' +
        'the free S3 gateway. Prints both totals, the saving, the break-even volume and every price and assumption. ' +
        `Prices default to ${DEFAULT_PRICING_REGION} list prices; set yours in the config's pricing section or with the price options (these win).`,
    )
    .option('-c, --config <file>', `configuration file (default: $${CONFIG_ENV}, else ${DEFAULT_CONFIG_FILE})`)
    .option('--vpc <name>', 'for a fleet: the VPC to estimate (cost takes one VPC)')
    .requiredOption('-g, --gb-per-month <gb>', 'GB per month the NAT gateways would carry for ECS and ECR (1 TB = 1,000 GB)', parseAmount('GB per month', '6500', MAX_GB_PER_MONTH))
    .option('-n, --nat-gateways <count>', 'NAT gateways that PrivateLink replaces', parseCount, DEFAULT_NAT_GATEWAYS)
    .option(
      '-s, --interface-share <percent>',
      `percent of the bytes through interface endpoints (default: ${DEFAULT_INTERFACE_SHARE * 100}: ECR API calls, manifests, ECS agent, logs; layers go through the S3 gateway)`,
      parsePercent,
    );
  for (const field of PRICING_FIELDS) {
    const d = PRICE_DESCRIPTIONS[field];
    command.option(
      `${priceFlag(field)} <usd>`,
      `${d.what} price in US dollars ${d.unit} (default: ${DEFAULT_PRICING[field]}, or the config's pricing.${field})`,
      parseAmount(`US dollars ${d.unit}`, String(DEFAULT_PRICING[field]), MAX_PRICE_USD),
    );
  }
  for (const field of HUB_PRICING_FIELDS) {
    const d = HUB_PRICE_DESCRIPTIONS[field];
    command.option(
      `${priceFlag(field)} <usd>`,
      `with a hub: ${d.what} price in US dollars ${d.unit} (default: ${DEFAULT_HUB_PRICING[field]}, or the config's pricing.${field})`,
      parseAmount(`US dollars ${d.unit}`, String(DEFAULT_HUB_PRICING[field]), MAX_PRICE_USD),
    );
  }
  command.option('--existing-transit-gateway', 'with a hub: the VPCs are attached to a Transit Gateway already, for other traffic (its attachment hours are not counted)');
  command
    .addHelpText(
      'after',
      `
The saving assumes the NAT gateways go away; the estimate leaves out data transfer between
Availability Zones and internet egress. Config file pricing section (all fields optional):
  pricing:
    natGatewayHourly: 0.048
    natGatewayPerGb: 0.048
    interfaceEndpointHourly: 0.011
    interfaceEndpointPerGb: 0.01

Examples:
  $ ecs-privatelink cost --config privatelink.config.yaml --gb-per-month 6500
  $ ecs-privatelink cost --gb-per-month 6500 --nat-gateways 2 --interface-share 10 --json`,
    )
    .action(
      cli.action<CostOptions>((ctx, options) => {
        const configFile = ctx.configFile(options.config);
        // A fleet with a hub: every VPC with its own endpoints against the hub's for all (lib/reports/hub-cost.ts).
        const fleet = ctx.loadFleet(configFile);
        if (fleet.hub && options.vpc === undefined) {
          const hubSpec = fleet.vpcs.find((v) => v.name === fleet.hub!.name)!.spec;
          const priced = [...PRICING_FIELDS, ...HUB_PRICING_FIELDS].filter((f) => options[f] !== undefined);
          let hubEstimate;
          try {
            hubEstimate = estimateHubCost({
              hub: fleet.hub,
              gbPerMonth: options.gbPerMonth,
              interfaceShare: options.interfaceShare,
              existingTransitGateway: options.existingTransitGateway ?? false,
              configPricing: hubSpec.pricing ?? {},
              overridePricing: Object.fromEntries(priced.map((f) => [f, options[f]])),
            });
          } catch (err) {
            if (err instanceof CostInputError) throw new BadInput([{ message: err.message }]);
            throw err;
          }
          if (ctx.json) ctx.outJson({ command: ctx.commandPath, config: ctx.display(configFile), ...hubEstimate });
          else ctx.out(formatHubCostReport(hubEstimate));
          ctx.done('cost done');
          return;
        }
        const { spec, pricing } = readConfig(ctx, configFile, options.vpc, fleet);
        const overridePricing: Partial<Pricing> = Object.fromEntries(PRICING_FIELDS.filter((f) => options[f] !== undefined).map((f) => [f, options[f]]));
        let estimate;
        try {
          estimate = estimateCost({
            spec,
            gbPerMonth: options.gbPerMonth,
            natGateways: options.natGateways,
            interfaceShare: options.interfaceShare,
            configPricing: pricing,
            overridePricing,
          });
        } catch (err) {
          if (err instanceof CostInputError) throw new BadInput([{ message: err.message }]);
          throw err;
        }
        if (ctx.json) {
          ctx.outJson({ command: ctx.commandPath, config: ctx.display(configFile), ...estimate, breakEvenText: describeBreakEven(estimate.breakEven) });
        } else {
          ctx.out(formatCostReport(estimate));
        }
        ctx.done('cost done');
      }),
    );
}

/**
 * Reads the configuration (with its zones and pricing section), with the same
 * progress line as the other commands. cost and diagram take one VPC: a fleet
 * needs --vpc <name>. This is the one place that says so (a fleet with a hub is
 * estimated whole, before this is called).
 */
export function readConfig(ctx: Context, file: string, vpc?: string, loaded?: Fleet): { spec: Spec; pricing: Partial<Pricing> } {
  const fleet = loaded ?? ctx.loadFleet(file);
  const name = ctx.commandPath.split(' ').pop();
  const names = fleet.vpcs.map((v) => v.name);
  let spec: Spec;
  if (fleet.kind === 'single') {
    if (vpc !== undefined) throw BadInput.option('--vpc', vpc, `${ctx.display(file)} holds a single VPC, not a fleet; leave --vpc out`);
    spec = fleet.vpcs[0].spec;
  } else if (vpc === undefined) {
    throw new BadInput([
      {
        file: ctx.display(file),
        message: `is a fleet of ${count(names.length, 'VPC')} (${listed(names)}); ${name} takes a single VPC: name one with --vpc <name>, like --vpc ${names[0]}`,
      },
    ]);
  } else {
    const found = fleet.vpcs.find((v) => v.name === vpc);
    if (!found) throw BadInput.option('--vpc', vpc, `is no VPC of the fleet in ${ctx.display(file)}; its VPCs: ${listed(names, 10)}${suggest(vpc, names)}`);
    spec = found.spec;
  }
  return { spec, pricing: spec.pricing ?? {} };
}
