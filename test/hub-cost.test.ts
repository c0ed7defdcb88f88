/**
 * `cost` of a fleet with a hub (lib/reports/hub-cost.ts): both designs line by
 * line against hand-computed numbers, prices and their sources, the
 * break-even number of spokes checked by adding spokes, and the command line.
 */
import { execFile } from 'child_process';
import * as path from 'path';
import { parseFleet } from '../lib/model/fleet';
import { estimateHubCost, formatHubCostReport } from '../lib/reports/hub-cost';
import { REPO_ROOT } from './support/cases';
import { FLEETS_DIR } from './support/fleets';
import { expectGolden } from './support/golden';

/** A hub with `spokes` spokes of ECS on EC2 in two AZs. */
function fleet(spokes: number, hubDns = 'zones') {
  const vpc = (i: number) =>
    [
      `  v${i}:`,
      `    cidr: 10.${i}.0.0/16`,
      `    vpcId: vpc-0a1b2c3d4e5f6${String(i).padStart(4, '0')}`,
      `    subnets: [{ id: subnet-0a1b2c3d4e5f6${String(i).padStart(4, '0')}, availabilityZone: eu-west-1a }, { id: subnet-0b1b2c3d4e5f6${String(i).padStart(4, '0')}, availabilityZone: eu-west-1b }]`,
      `    routeTableIds: [rtb-0a1b2c3d4e5f6${String(i).padStart(4, '0')}]`,
      `    allowedCidrBlocks: [10.${i}.0.0/16]`,
    ].join('\n');
  const text = [`hub: v0`, `hubDns: ${hubDns}`, 'defaults:', '  region: eu-west-1', 'vpcs:', ...Array.from({ length: spokes + 1 }, (_, i) => vpc(i)), ''].join('\n');
  return parseFleet(text, 'hub.yaml').hub!;
}

describe('both designs, by hand', () => {
  test('zones, 2 spokes, 6,500 GB per VPC: $228.75 with endpoints everywhere, $265.15 centralized with new attachments', () => {
    const e = estimateHubCost({ hub: fleet(2), gbPerMonth: 6500 });
    // 3 VPCs × 5 endpoints × 2 AZs × 730 h × $0.01 = $219, plus 3 × 325 GB × $0.01 = $9.75.
    expect(e.perVpcEndpoints.monthlyTotal).toBe(228.75);
    // Hub $73 + 2 × ecs-agent/ecs-telemetry $29.20 + $9.75 + 3 × 730 × $0.05 + 2 × 325 × $0.02 + 3 × $0.50.
    expect(e.centralized.lines.map((l) => l.monthly)).toEqual([73, 29.2, 29.2, 9.75, 109.5, 13, 1.5]);
    expect(e.centralized.monthlyTotal).toBe(265.15);
    expect(e.saving).toBe(-36.4);
    expect(e.cheaper).toBe('perVpcEndpoints');
    expect(e.verdict).toBe('Endpoints in every VPC are cheaper by $36.40 per month: a spoke saves $73.00 of endpoint hours but costs $72.20 in Transit Gateway and remaining endpoint charges.');
  });

  test('with the VPCs attached to a Transit Gateway already, centralizing saves $73.10 and pays from one spoke', () => {
    const e = estimateHubCost({ hub: fleet(2), gbPerMonth: 6500, existingTransitGateway: true });
    expect([e.centralized.monthlyTotal, e.saving, e.cheaper, e.breakEvenSpokes]).toEqual([155.65, 73.1, 'centralized', 1]);
    expect(e.verdict).toMatch(/^Centralized is cheaper by \$73\.10 per month: 2 spokes stop paying for 12 endpoint-AZs/);
  });

  test('a Profile: every endpoint is centralized, and its association-hours cost more than a spoke saves: no break-even', () => {
    const e = estimateHubCost({ hub: fleet(2, 'profile'), gbPerMonth: 6500 });
    expect(e.centralized.lines.find((l) => l.item === 'Route 53 Profile associations')!.monthly).toBe(1095);
    expect(e.breakEvenSpokes).toBeNull();
    expect(formatHubCostReport(e)).toContain('Break-even: none: at these prices a spoke costs more centralized');
  });

  test.each([
    [false, 'zones'],
    [true, 'zones'],
    [true, 'profile'],
  ] as const)('the break-even number of spokes is where adding spokes turns the saving positive (existing Transit Gateway %s, %s)', (existing, dns) => {
    const overridePricing = dns === 'profile' ? { profileAssociationHourly: 0.01 } : {};
    const at = (n: number) => estimateHubCost({ hub: fleet(n, dns), gbPerMonth: 6500, existingTransitGateway: existing, overridePricing });
    const n = at(1).breakEvenSpokes!;
    expect(n).toBeGreaterThanOrEqual(1);
    expect(at(n).saving).toBeGreaterThan(0);
    if (n > 1) expect(at(n - 1).saving).toBeLessThanOrEqual(0);
  });

  test('prices: command line over the config over the default, each with its source; the defaults name their AWS page and date', () => {
    const e = estimateHubCost({
      hub: fleet(1),
      gbPerMonth: 100,
      configPricing: { transitGatewayPerGb: 0.03, hostedZoneMonthly: 1 },
      overridePricing: { hostedZoneMonthly: 2 },
    });
    expect(e.prices.transitGatewayPerGb).toMatchObject({ value: 0.03, source: 'config' });
    expect(e.prices.hostedZoneMonthly).toMatchObject({ value: 2, source: 'override' });
    expect(e.prices.transitGatewayAttachmentHourly).toMatchObject({ value: 0.05, source: 'default', reference: expect.stringMatching(/^https:\/\/aws\.amazon\.com\/transit-gateway\/pricing\/ .*2026-11-30/) });
    expect(e.centralized.lines.find((l) => l.item === 'Route 53 private hosted zones')).toEqual({ item: 'Route 53 private hosted zones', calculation: '3 × $2.00', monthly: 6 });
    // Every default names the AWS page it comes from, and when it was read.
    const defaults = estimateHubCost({ hub: fleet(1), gbPerMonth: 100 }).prices;
    const page = (service: string) => ({ source: 'default', reference: expect.stringMatching(new RegExp(`^https://aws\\.amazon\\.com/${service}/pricing/ \\(.*2026-11-30`)) });
    expect(defaults).toMatchObject({
      transitGatewayAttachmentHourly: page('transit-gateway'),
      transitGatewayPerGb: page('transit-gateway'),
      hostedZoneMonthly: page('route53'),
      profileAssociationHourly: page('route53'),
    });
  });

  test('every price at 0: both designs cost the same, and say so; VPC lines in name order whatever the file\'s order', () => {
    const zero = { interfaceEndpointHourly: 0, interfaceEndpointPerGb: 0, transitGatewayAttachmentHourly: 0, transitGatewayPerGb: 0, hostedZoneMonthly: 0, profileAssociationHourly: 0 };
    const e = estimateHubCost({ hub: fleet(2), gbPerMonth: 100, overridePricing: zero });
    expect([e.perVpcEndpoints.monthlyTotal, e.centralized.monthlyTotal, e.saving, e.cheaper, e.verdict, e.breakEvenSpokes]).toEqual([0, 0, 0, 'equal', 'Both designs cost the same per month.', null]);
    const text = [
      'hub: v2',
      'defaults:',
      '  region: eu-west-1',
      'vpcs:',
      ...[2, 0, 1].flatMap((i) => [
        `  v${i}:`,
        `    cidr: 10.${i}.0.0/16`,
        `    vpcId: vpc-0a1b2c3d4e5f6${String(i).padStart(4, '0')}`,
        `    subnetIds: [subnet-0a1b2c3d4e5f6${String(i).padStart(4, '0')}]`,
        `    routeTableIds: [rtb-0a1b2c3d4e5f6${String(i).padStart(4, '0')}]`,
        `    allowedCidrBlocks: [10.${i}.0.0/16]`,
      ]),
      '',
    ].join('\n');
    const unordered = estimateHubCost({ hub: parseFleet(text, 'hub.yaml').hub!, gbPerMonth: 1 });
    expect(unordered.perVpcEndpoints.lines.map((l) => l.item)).toEqual(['v0: interface endpoint hours', 'v1: interface endpoint hours', 'v2: interface endpoint hours', 'Interface data processed']);
  });

  test('break-even where the fixed cost is exactly one spoke\'s saving: one spoke only breaks even, so two', () => {
    // A spoke saves 5 × 2 AZs × 730 h × $0.01 = $73 and pays 2 × 2 × 730 × $0.01 = $29.20 for the endpoints that stay plus
    // 730 × $0.03 = $21.90 of attachment: $21.90 a spoke, against the hub's own attachment, $21.90.
    const at = (spokes: number) => estimateHubCost({ hub: fleet(spokes), gbPerMonth: 0, overridePricing: { transitGatewayAttachmentHourly: 0.03, hostedZoneMonthly: 0 } });
    expect([at(1).saving, at(2).saving]).toEqual([0, 21.9]);
    expect(at(1).breakEvenSpokes).toBe(2);
  });

  test('rejects negative or unknown volumes, and an interface share outside 0 to 1; 0 and 1 are shares', () => {
    expect(() => estimateHubCost({ hub: fleet(1), gbPerMonth: -1 })).toThrow(new Error('GB per month must be a number of 0 or more, like 6500; got -1'));
    expect(() => estimateHubCost({ hub: fleet(1), gbPerMonth: NaN })).toThrow(new Error('GB per month must be a number of 0 or more, like 6500; got NaN'));
    expect(() => estimateHubCost({ hub: fleet(1), gbPerMonth: 1, interfaceShare: 1.5 })).toThrow(new Error('the interface share must be from 0 to 1; got 1.5'));
    expect(() => estimateHubCost({ hub: fleet(1), gbPerMonth: 1, interfaceShare: -0.1 })).toThrow(new Error('the interface share must be from 0 to 1; got -0.1'));
    expect(() => estimateHubCost({ hub: fleet(1), gbPerMonth: 1, interfaceShare: Infinity })).toThrow(new Error('the interface share must be from 0 to 1; got Infinity'));
    expect(estimateHubCost({ hub: fleet(1), gbPerMonth: 0, interfaceShare: 0 }).perVpcEndpoints.monthlyTotal).toBe(146);
    expect(estimateHubCost({ hub: fleet(1), gbPerMonth: 100, interfaceShare: 1 }).perVpcEndpoints.monthlyTotal).toBe(148);
  });
});

test('the command line: cost --config <hub fleet> --json has both designs, monthlyTotal and breakEvenSpokes; the text says which is cheaper', async () => {
  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, [path.join(REPO_ROOT, 'dist', 'bin', 'ecs-privatelink.js'), ...args], { cwd: REPO_ROOT }, (err, stdout) => {
        resolve({ code: err ? Number(err.code) : 0, stdout });
      });
    });
  const config = path.join(FLEETS_DIR, 'hub-zones', 'config.yaml');
  // A spoke saves $73.00 - ($29.20 + $36.50 + 325 GB × $0.01) = $4.05 against $38.00 of fixed costs: 10 spokes.
  const json = await run(['cost', '--config', config, '--gb-per-month', '6500', '--json', '--transit-gateway-per-gb', '0.01']);
  expect(json.code).toBe(0);
  const e = JSON.parse(json.stdout);
  expect([e.perVpcEndpoints.monthlyTotal, e.centralized.monthlyTotal, e.breakEvenSpokes, e.prices.transitGatewayPerGb.source]).toEqual([228.75, 258.65, 10, 'override']);
  const text = await run(['cost', '--config', config, '--gb-per-month', '6500', '--existing-transit-gateway']);
  expect(text.stdout).toContain('Centralized is cheaper by $73.10 per month');
});

/** The reports as a user reads them (test/cost-reports/; `UPDATE_GOLDEN=1 npm test` rewrites them: read the diff). */
describe('the hub reports, word for word', () => {
  const REPORTS: Record<string, () => Parameters<typeof estimateHubCost>[0]> = {
    'hub-zones-2-spokes': () => ({ hub: fleet(2), gbPerMonth: 6500 }),
    'hub-zones-existing-transit-gateway': () => ({ hub: fleet(2), gbPerMonth: 6500, existingTransitGateway: true }),
    'hub-profile-2-spokes': () => ({ hub: fleet(2, 'profile'), gbPerMonth: 6500 }),
    'hub-profile-prices-from-config-and-command-line': () => ({
      hub: fleet(3, 'profile'),
      gbPerMonth: 120,
      interfaceShare: 0.5,
      existingTransitGateway: true,
      configPricing: { profileAssociationHourly: 0.01, interfaceEndpointHourly: 0.011 },
      overridePricing: { transitGatewayPerGb: 0.015 },
    }),
  };

  test.each(Object.keys(REPORTS))('%s', (name) => {
    const estimate = estimateHubCost(REPORTS[name]());
    expectGolden(path.join(__dirname, 'cost-reports', `${name}.txt`), formatHubCostReport(estimate));
    expectGolden(path.join(__dirname, 'cost-reports', `${name}.json`), `${JSON.stringify(estimate, null, 2)}\n`);
  });
});
