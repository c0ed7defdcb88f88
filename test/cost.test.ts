import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, loadConfig, parseConfig, type Spec } from '../lib/model/config';
import {
  CostInputError,
  DEFAULT_INTERFACE_SHARE,
  DEFAULT_PRICING,
  estimateCost,
  formatCostJson,
  MAX_GB_PER_MONTH,
  MAX_NAT_GATEWAYS,
  MAX_PRICE_USD,
  usd,
  formatCostReport,
  zoneLayout,
} from '../lib/reports/cost';
import { EXAMPLE_CONFIG, loadCases } from './support/cases';
import { expectGolden } from './support/golden';

const example = (): Spec => loadConfig(EXAMPLE_CONFIG);

describe('estimateCost', () => {
  test('reproduces the quoted example: 6.5 TB (6,500 GB, decimal TB) through one NAT gateway is $32.85 + $292.50 = $325.35', () => {
    const e = estimateCost({ spec: example(), gbPerMonth: 6500, natGateways: 1 });
    expect(e.nat.lines.map((l) => l.monthly)).toEqual([32.85, 292.5]);
    expect(e.nat.monthly).toBe(325.35);
    const report = formatCostReport(e);
    expect(report).toContain('$32.85');
    expect(report).toContain('$292.50');
    expect(report).toContain('$325.35');
  });

  test('PrivateLink for the built-in example: 5 interface endpoints x 2 AZs x 730 h x $0.01 = $73.00, plus 5% of the bytes at $0.01/GB', () => {
    const e = estimateCost({ spec: example(), gbPerMonth: 6500 });
    expect(e.interfaceEndpoints).toEqual(['ecr.api', 'ecr.dkr', 'ecs', 'ecs-agent', 'ecs-telemetry']);
    expect(e.gatewayEndpoints).toEqual(['s3']);
    expect(e.availabilityZones).toBe(2);
    expect(e.zoneBasis).toBe('subnets');
    expect(e.interfaceShare).toBe(DEFAULT_INTERFACE_SHARE);
    expect(e.interfaceGb).toBe(325);
    expect(e.gatewayGb).toBe(6175);
    expect(e.privateLink.lines.map((l) => [l.item, l.monthly])).toEqual([
      ['Interface endpoint hours', 73],
      ['Interface data processed', 3.25],
      ['S3 gateway endpoint', 0],
    ]);
    expect(e.privateLink.monthly).toBe(76.25);
    expect(e.saving).toBe(249.1);
    // 73 - 32.85 = 40.15 more per month before any byte; 0.045 - 0.05 x 0.01 = 0.0445 saved per GB.
    expect(e.breakEven).toEqual({ kind: 'above', gbPerMonth: 902.2 });
  });

  test('counts one AZ per subnet when the config lists bare subnetIds', () => {
    const spec = loadConfig(path.join(__dirname, 'cases', 'default-six', 'config.yaml'));
    const layout = zoneLayout(spec);
    expect(layout.basis).toBe('subnetIds');
    expect(layout.zones).toHaveLength(3);
    expect(layout.explanation).toContain('at most one subnet per Availability Zone');
    const e = estimateCost({ spec, gbPerMonth: 0 });
    expect(e.availabilityZones).toBe(3);
    expect(e.privateLink.lines[0].monthly).toBe(109.5);
    expect(e.assumptions.join('\n')).toContain('assumed from 3 subnets in subnetIds');
  });

  test('names the zones when the config lists subnets with availabilityZone', () => {
    const layout = zoneLayout(example());
    expect(layout.zones.map((z) => z.name)).toEqual(['eu-west-1a', 'eu-west-1b']);
    const reversed = { ...example(), subnets: [...example().subnets!].reverse() };
    expect(reversed.subnets.map((s) => s.availabilityZone)).toEqual(['eu-west-1b', 'eu-west-1a']);
    expect(zoneLayout(reversed).explanation).toBe('2 Availability Zones from subnets (eu-west-1a, eu-west-1b)');
    expect(layout.explanation).toBe('2 Availability Zones from subnets (eu-west-1a, eu-west-1b)');
  });

  test('a configuration without interface endpoints pays no hourly endpoint charge', () => {
    const spec = { ...example(), endpoints: example().endpoints.filter((e) => e.type === 'Gateway'), subnetIds: [], subnets: undefined };
    const e = estimateCost({ spec, gbPerMonth: 1000 });
    expect(e.availabilityZones).toBe(0);
    expect(e.privateLink.lines[0].monthly).toBe(0);
    expect(e.breakEven).toEqual({ kind: 'always' });
  });

  test('overrides win over the config pricing, which wins over the defaults, and each price says where it came from', () => {
    const e = estimateCost({
      spec: example(),
      gbPerMonth: 1000,
      configPricing: { natGatewayHourly: 0.048, natGatewayPerGb: 0.048 },
      overridePricing: { natGatewayPerGb: 0.05 },
    });
    expect(e.prices.natGatewayHourly).toEqual({ value: 0.048, source: 'config' });
    expect(e.prices.natGatewayPerGb).toEqual({ value: 0.05, source: 'override' });
    expect(e.prices.interfaceEndpointHourly).toEqual({ value: DEFAULT_PRICING.interfaceEndpointHourly, source: 'default' });
    expect(e.nat.lines.map((l) => l.monthly)).toEqual([35.04, 50]);
    const report = formatCostReport(e);
    expect(report).toMatch(/NAT gateway\s+\$0\.048 per gateway-hour\s+config file, pricing section/);
    expect(report).toMatch(/NAT gateway data processed\s+\$0\.05 per GB\s+command line/);
    expect(report).toMatch(/Interface endpoint\s+\$0\.01 per endpoint per AZ-hour\s+default \(us-east-1 list price\)/);
  });

  test('break-even: none when the NAT gateway path is cheaper at every volume', () => {
    const e = estimateCost({ spec: example(), gbPerMonth: 100, interfaceShare: 1, overridePricing: { natGatewayPerGb: 0.01 } });
    expect(e.breakEven).toEqual({ kind: 'never' });
    expect(formatCostReport(e)).toContain('Break-even: none: at these prices the NAT gateway path is cheaper (or equal) at every volume.');
  });

  test('break-even: PrivateLink cheaper at every volume when its hourly cost is lower', () => {
    const e = estimateCost({ spec: example(), gbPerMonth: 0, natGateways: 3 });
    expect(e.nat.lines[0].monthly).toBe(98.55);
    expect(e.breakEven).toEqual({ kind: 'always' });
  });

  test('break-even: PrivateLink cheaper only below a volume when its per-GB price is the higher one', () => {
    const e = estimateCost({ spec: example(), gbPerMonth: 10, natGateways: 3, interfaceShare: 1, overridePricing: { natGatewayPerGb: 0.005 } });
    // 98.55 - 73 = 25.55 cheaper before any byte; 0.01 - 0.005 = 0.005 more per GB.
    expect(e.breakEven).toEqual({ kind: 'below', gbPerMonth: 5110 });
  });

  test('the report states every price and assumption', () => {
    const report = formatCostReport(estimateCost({ spec: example(), gbPerMonth: 6500 }));
    for (const text of [
      '$0.045 per gateway-hour',
      '$0.045 per GB',
      '$0.01 per endpoint per AZ-hour',
      '$0.01 per GB',
      'S3 gateway endpoint',
      '730 hours per month',
      '1 TB = 1,000 GB',
      '5% of the bytes go through interface endpoints',
      '2 Availability Zones from subnets (eu-west-1a, eu-west-1b)',
      'eu-west-1 may differ',
    ]) {
      expect(report).toContain(text);
    }
  });

  test('the JSON form is the estimate, parseable, with the break-even sentence', () => {
    const e = estimateCost({ spec: example(), gbPerMonth: 6500 });
    const json = JSON.parse(formatCostJson(e));
    expect(json.nat.monthly).toBe(325.35);
    expect(json.privateLink.monthly).toBe(76.25);
    expect(json.prices.natGatewayHourly).toEqual({ value: 0.045, source: 'default' });
    expect(json.breakEvenText).toBe('PrivateLink is cheaper above 902.2 GB/month.');
    expect(json.assumptions.length).toBeGreaterThan(3);
  });

  test('is pure: same input, same output, input untouched', () => {
    const spec = example();
    const before = JSON.stringify(spec);
    const input = { spec, gbPerMonth: 6500, overridePricing: { natGatewayHourly: 0.05 } };
    expect(formatCostReport(estimateCost(input))).toBe(formatCostReport(estimateCost(input)));
    expect(JSON.stringify(spec)).toBe(before);
  });

  test('estimates every test case without surprises', () => {
    for (const c of loadCases()) {
      const e = estimateCost({ spec: c.spec, gbPerMonth: 1000 });
      expect(e.nat.monthly).toBe(77.85);
      expect(e.privateLink.monthly).toBeGreaterThanOrEqual(0);
    }
  });

  test.each([
    [{ gbPerMonth: -1 }, 'GB per month must be a number from 0 to 1,000,000,000'],
    [{ gbPerMonth: NaN }, 'GB per month must be a number from 0 to 1,000,000,000'],
    [{ gbPerMonth: 10, natGateways: 0 }, 'whole number from 1 to 1000'],
    [{ gbPerMonth: 10, natGateways: 1.5 }, 'whole number from 1 to 1000'],
    [{ gbPerMonth: 10, interfaceShare: 1.5 }, 'between 0 and 1'],
    [{ gbPerMonth: 10, overridePricing: { natGatewayHourly: -0.01 } }, 'natGatewayHourly (NAT gateway per gateway-hour) must be a number from 0 to 1000; got -0.01'],
  ])('rejects bad numbers: %j', (input, message) => {
    expect(() => estimateCost({ spec: example(), ...input })).toThrow(CostInputError);
    expect(() => estimateCost({ spec: example(), ...input })).toThrow(message);
    // Named for what it is, where a stack trace or a log shows it.
    expect(() => estimateCost({ spec: example(), ...input })).toThrow(expect.objectContaining({ name: 'CostInputError' }));
  });
});

describe('the edges of the numbers and of the zones (survivors of the StrykerJS run of cost.ts)', () => {
  const VPC = 'region: eu-west-1\nvpcId: vpc-0a1b2c3d4e5f67890\n';

  test('GB per month, NAT gateways and the interface share: each bound itself is taken, one step past it refused', () => {
    const ok = (input: object) => estimateCost({ spec: example(), gbPerMonth: 10, ...input });
    expect(ok({ gbPerMonth: MAX_GB_PER_MONTH }).gbPerMonth).toBe(MAX_GB_PER_MONTH);
    expect(ok({ gbPerMonth: 0 }).gbPerMonth).toBe(0);
    expect(() => ok({ gbPerMonth: MAX_GB_PER_MONTH + 1 })).toThrow(new CostInputError(`GB per month must be a number from 0 to 1,000,000,000, like 6500; got ${MAX_GB_PER_MONTH + 1}`));
    expect(() => ok({ gbPerMonth: Infinity })).toThrow(new CostInputError('GB per month must be a number from 0 to 1,000,000,000, like 6500; got Infinity'));
    expect(ok({ natGateways: MAX_NAT_GATEWAYS }).natGateways).toBe(MAX_NAT_GATEWAYS);
    expect(ok({ natGateways: 1 }).natGateways).toBe(1);
    expect(() => ok({ natGateways: MAX_NAT_GATEWAYS + 1 })).toThrow(
      new CostInputError('the number of NAT gateways must be a whole number from 1 to 1000 (usually one per AZ); got 1001'),
    );
    expect(ok({ interfaceShare: 0 }).interfaceShare).toBe(0);
    expect(ok({ interfaceShare: 1 }).interfaceShare).toBe(1);
    for (const share of [-0.01, NaN, Infinity]) {
      expect(() => ok({ interfaceShare: share })).toThrow(new CostInputError(`the interface share must be between 0 and 1 (0% and 100%); got ${share}`));
    }
  });

  test('a price of exactly the maximum is taken, one cent more refused', () => {
    const e = estimateCost({ spec: example(), gbPerMonth: 10, overridePricing: { interfaceEndpointPerGb: MAX_PRICE_USD } });
    expect(e.prices.interfaceEndpointPerGb).toEqual({ value: MAX_PRICE_USD, source: 'override' });
    expect(() => estimateCost({ spec: example(), gbPerMonth: 10, configPricing: { natGatewayPerGb: MAX_PRICE_USD + 0.01 } })).toThrow(
      new CostInputError(`natGatewayPerGb (NAT gateway data processed per GB) must be a number from 0 to ${MAX_PRICE_USD}; got ${MAX_PRICE_USD + 0.01}`),
    );
  });

  test('break-even at the edges: equal hourly costs, equal per-GB prices, each side of zero (the example: 5 endpoints x 2 AZs = $73.00 a month)', () => {
    const kind = (natGatewayHourly: number, natGatewayPerGb: number, interfaceEndpointPerGb: number) =>
      estimateCost({ spec: example(), gbPerMonth: 10, interfaceShare: 1, overridePricing: { natGatewayHourly, natGatewayPerGb, interfaceEndpointPerGb } }).breakEven;
    // One NAT gateway at $0.10 an hour is $73.00: the same hourly cost as the endpoints.
    expect(kind(0.1, 0.045, 0.01)).toEqual({ kind: 'always' }); // PrivateLink cheaper per GB, no dearer per hour
    expect(kind(0.1, 0.005, 0.01)).toEqual({ kind: 'never' }); // dearer per GB, no cheaper per hour
    expect(kind(0.2, 0.01, 0.01)).toEqual({ kind: 'always' }); // the same per GB, cheaper per hour
    expect(kind(0.05, 0.01, 0.01)).toEqual({ kind: 'never' }); // the same per GB, dearer per hour
    expect(kind(0.05, 0.005, 0.01)).toEqual({ kind: 'never' }); // dearer both ways
    expect(kind(0.2, 0.005, 0.01)).toEqual({ kind: 'below', gbPerMonth: 14600 }); // $73 cheaper per hour, $0.005 dearer per GB
  });

  test('the note on default prices outside us-east-1: only while a price is a default', () => {
    const NOTE = 'Prices marked "default" are us-east-1 list prices; eu-west-1 may differ: set them in the config\'s pricing section or with the price options.';
    const all = { natGatewayHourly: 0.048, natGatewayPerGb: 0.048, interfaceEndpointHourly: 0.011, interfaceEndpointPerGb: 0.01 };
    expect(estimateCost({ spec: example(), gbPerMonth: 10, overridePricing: all }).assumptions).not.toContain(NOTE);
    const { interfaceEndpointPerGb: _left, ...three } = all;
    expect(estimateCost({ spec: example(), gbPerMonth: 10, overridePricing: three }).assumptions).toContain(NOTE);
  });

  test('usd: two decimals at least, up to four for unit prices, whole dollars with two', () => {
    expect([0.045, 0.0125, 0.00001, 32.85, 1000, 325, 7, 1234.5].map(usd)).toEqual(['$0.045', '$0.0125', '$0.0000', '$32.85', '$1,000.00', '$325.00', '$7.00', '$1,234.50']);
  });

  test('zones from subnets: each zone with its subnet, sorted by name', () => {
    const spec = parseConfig(
      `${VPC}subnets:\n  - { id: subnet-0a1b2c3d4e5f60003, availabilityZone: eu-west-1b }\n  - { id: subnet-0a1b2c3d4e5f60001, availabilityZone: eu-west-1a }\nrouteTableIds: [rtb-0a1b2c3d4e5f60001]\nallowedCidrBlocks: [10.0.0.0/16]\n`,
      'c.yaml',
    );
    expect(zoneLayout(spec).zones).toEqual([
      { name: 'eu-west-1a', subnetIds: ['subnet-0a1b2c3d4e5f60001'] },
      { name: 'eu-west-1b', subnetIds: ['subnet-0a1b2c3d4e5f60003'] },
    ]);
  });

  test('zones from subnetIds: one zone of its own per subnet', () => {
    const spec = parseConfig(`${VPC}subnetIds: [subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002]\nrouteTableIds: [rtb-0a1b2c3d4e5f60001]\nallowedCidrBlocks: [10.0.0.0/16]\n`, 'c.yaml');
    expect(zoneLayout(spec).zones).toEqual([{ subnetIds: ['subnet-0a1b2c3d4e5f60001'] }, { subnetIds: ['subnet-0a1b2c3d4e5f60002'] }]);
  });
});

describe('the pricing section', () => {
  const minimal = 'region: us-east-1\nvpcId: vpc-0123456789abcdef0\nprofile: ecr-only\nsubnetIds: [subnet-0123456789abcdef1]\nrouteTableIds: [rtb-0123456789abcdef1]\nallowedCidrBlocks: [10.0.0.0/16]\n';

  test('accepts the four prices, each optional', () => {
    expect(parseConfig(`${minimal}pricing:\n  natGatewayHourly: 0.048\n  interfaceEndpointPerGb: 0\n`, 'c.yaml').pricing).toEqual({ natGatewayHourly: 0.048, interfaceEndpointPerGb: 0 });
    expect(parseConfig(minimal, 'c.yaml').pricing).toBeUndefined();
  });

  test('rejects unknown prices, strings, negatives and an empty section, each with a clear message', () => {
    let error: ConfigError | undefined;
    try {
      parseConfig(`${minimal}pricing:\n  natGatewayHour: 0.05\n  natGatewayPerGb: '0.045'\n  interfaceEndpointHourly: -1\n`, 'my.yaml');
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message.split('\n')).toEqual([
      'my.yaml:8: pricing.natGatewayHour: is not a known field; known fields: natGatewayHourly, natGatewayPerGb, interfaceEndpointHourly, interfaceEndpointPerGb, transitGatewayAttachmentHourly, transitGatewayPerGb, hostedZoneMonthly, profileAssociationHourly; did you mean "natGatewayHourly"?',
      'my.yaml:9: pricing.natGatewayPerGb: is a string ("0.045"); expected a number from 0 to 1000: US dollars per GB (NAT gateway data processed), like 0.045',
      'my.yaml:10: pricing.interfaceEndpointHourly: -1 is below 0; expected a number from 0 to 1000: US dollars per endpoint per AZ-hour (interface endpoint), like 0.01',
    ]);
    expect(() => parseConfig(`${minimal}pricing:\n`, 'c.yaml')).toThrow('pricing: is empty');
    expect(() => parseConfig(`${minimal}pricing: [1]\n`, 'c.yaml')).toThrow('pricing: is a list; expected a map');
  });

  describe('in a config file', () => {
    const base = fs.readFileSync(EXAMPLE_CONFIG, 'utf8');

    test('is read from YAML, and the rest of the file is validated as usual', () => {
      const text = `${base}\npricing:\n  natGatewayHourly: 0.048\n  natGatewayPerGb: 0.048\n`;
      const spec = parseConfig(text, 'eu.yaml');
      const pricing = spec.pricing;
      expect(pricing).toEqual({ natGatewayHourly: 0.048, natGatewayPerGb: 0.048 });
      expect(spec.vpcId).toBe('vpc-0a1b2c3d4e5f67890');
      expect(spec.subnets).toEqual([
        { id: 'subnet-0a1b2c3d4e5f60001', availabilityZone: 'eu-west-1a' },
        { id: 'subnet-0a1b2c3d4e5f60002', availabilityZone: 'eu-west-1b' },
      ]);
    });

    test('is read from JSON, wherever the section is', () => {
      const config = { region: 'us-east-1', vpcId: 'vpc-0123456789abcdef0', pricing: { interfaceEndpointHourly: 0.011 }, profile: 'ecr-only', subnetIds: ['subnet-0123456789abcdef1'], routeTableIds: ['rtb-0123456789abcdef1'], allowedCidrBlocks: ['10.0.0.0/16'] };
      expect(parseConfig(JSON.stringify(config, null, 2), 'c.json').pricing).toEqual({ interfaceEndpointHourly: 0.011 });
      expect(parseConfig(JSON.stringify(config), 'c.json').pricing).toEqual({ interfaceEndpointHourly: 0.011 });
      const last = { ...config, pricing: undefined, zz: undefined };
      const text = JSON.stringify({ ...last, pricing: { natGatewayPerGb: 0.05 } });
      expect(parseConfig(text, 'c.json').pricing).toEqual({ natGatewayPerGb: 0.05 });
    });

    test('rejects pricing and config problems together, each at its line', () => {
      const text = base.replace('vpcId: vpc-0a1b2c3d4e5f67890', 'vpcId: vpc-nope') + '\npricing:\n  natGatewayHourly: cheap\n';
      let error: ConfigError | undefined;
      try {
        parseConfig(text, 'eu.yaml');
      } catch (err) {
        error = err as ConfigError;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const lines = error!.message.split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^eu\.yaml:5: vpcId: "vpc-nope" is not valid/);
      const pricingLine = text.split('\n').findIndex((l) => l.includes('natGatewayHourly')) + 1;
      expect(lines[1]).toBe(`eu.yaml:${pricingLine}: pricing.natGatewayHourly: is a string ("cheap"); expected a number from 0 to 1000: US dollars per gateway-hour (NAT gateway), like 0.045`);
    });
  });
});

/** The reports as a user reads them, text and JSON (test/cost-reports/; `UPDATE_GOLDEN=1 npm test` rewrites them: read the diff). */
describe('the reports, word for word', () => {
  const gatewayOnly = (): Spec => parseConfig('region: eu-west-1\nvpcId: vpc-0a0a0a0a\nprofile: none\nendpoints: [s3]\nrouteTableIds: [rtb-0a0a0a0a]\n', 'gw.yaml');
  const REPORTS: Record<string, () => Parameters<typeof estimateCost>[0]> = {
    'example-6500-gb': () => ({ spec: example(), gbPerMonth: 6500 }),
    'example-prices-from-config-and-command-line': () => ({
      spec: example(),
      gbPerMonth: 1000,
      natGateways: 2,
      interfaceShare: 0.125,
      configPricing: { natGatewayHourly: 0.048, interfaceEndpointPerGb: 0.0035 },
      overridePricing: { natGatewayPerGb: 0.05 },
    }),
    'never-cheaper': () => ({ spec: example(), gbPerMonth: 100, interfaceShare: 1, overridePricing: { natGatewayPerGb: 0.01 } }),
    'cheaper-below-a-volume': () => ({ spec: example(), gbPerMonth: 10, natGateways: 3, interfaceShare: 1, overridePricing: { natGatewayPerGb: 0.005 } }),
    'always-cheaper-at-zero-gb': () => ({ spec: example(), gbPerMonth: 0, natGateways: 3 }),
    'bare-subnet-ids': () => ({ spec: loadConfig(path.join(__dirname, 'cases', 'default-six', 'config.yaml')), gbPerMonth: 250.5 }),
    's3-gateway-alone': () => ({ spec: gatewayOnly(), gbPerMonth: 1 }),
    'both-paths-cost-the-same': () => ({ spec: gatewayOnly(), gbPerMonth: 10, interfaceShare: 0, overridePricing: { natGatewayHourly: 0, natGatewayPerGb: 0 } }),
    'without-the-s3-gateway': () => ({ spec: { ...example(), endpoints: example().endpoints.filter((e) => e.type === 'Interface') }, gbPerMonth: 2000, natGateways: 1 }),
  };

  test.each(Object.keys(REPORTS))('%s', (name) => {
    const estimate = estimateCost(REPORTS[name]());
    expectGolden(path.join(__dirname, 'cost-reports', `${name}.txt`), formatCostReport(estimate));
    expectGolden(path.join(__dirname, 'cost-reports', `${name}.json`), formatCostJson(estimate));
  });
});
