/**
 * The diagram of a fleet with a hub (lib/reports/hub-diagram.ts): the hub and
 * its endpoints, the spokes with what they keep, the DNS sharing and the
 * Transit Gateway, for both hub fleet cases.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseFleet } from '../lib/model/fleet';
import { renderHubMermaid } from '../lib/reports/hub-diagram';
import { loadFleetCases } from './support/fleets';
import { expectGolden } from './support/golden';

const cases = loadFleetCases().filter((c) => c.fleet.hub !== undefined);

describe.each(cases.map((c) => [c.name, c.fleet, c.dir] as const))('%s', (_name, fleet, dir) => {
  const hub = fleet.hub!;
  const text = renderHubMermaid(fleet);
  const lines = text.split('\n');

  test('draws the hub with each endpoint, the Transit Gateway, and every spoke with its s3 gateway and the endpoints it keeps', () => {
    expect(text).toMatch(/^flowchart LR$/m);
    expect(text).toContain(`Hub VPC ${hub.name}: ${hub.vpcId}, ${hub.cidr}`);
    for (const key of hub.centralized) expect(lines.some((l) => l.trim().startsWith(`hub_ep_${key}[`))).toBe(true);
    expect(text).toContain('tgw{{"Transit Gateway');
    for (const spoke of hub.spokes) {
      expect(text).toContain(`Spoke VPC ${spoke.name}: ${spoke.vpcId}, ${spoke.cidr}`);
      expect(lines).toContain(`  clients_${spoke.name} -->|"HTTPS 443"| tgw`);
      // Its s3 gateway when it has one (hub-profile's batch asks only for ECR and keeps nothing).
      const keepsS3 = fleet.vpcs.find((v) => v.name === spoke.name)!.spec.endpoints.some((e) => e.key === 's3');
      expect({ spoke: spoke.name, keepsS3 }).toEqual({ spoke: spoke.name, keepsS3: spoke.name !== 'batch' });
      expect({ spoke: spoke.name, s3: lines.includes(`  clients_${spoke.name} -.-> s3_${spoke.name}`) }).toEqual({ spoke: spoke.name, s3: keepsS3 });
      for (const l of spoke.local) expect(lines).toContain(`  clients_${spoke.name} --> local_${spoke.name}_${l.key}`);
    }
  });

  test('draws the DNS sharing: zones with their alias records, or the Profile and its RAM share; cross-account spokes marked', () => {
    if (hub.dns === 'zones') {
      for (const z of hub.zones) {
        expect(text).toContain(z.name);
        expect(lines).toContain(`  zone_${z.key} -.->|"alias"| hub_ep_${z.key}`);
      }
      expect(text).toContain('+ *.dkr.ecr.eu-west-1.amazonaws.com');
    } else {
      expect(text).toContain('shared through AWS RAM with 222222222222');
    }
    for (const spoke of hub.spokes) {
      const edge = lines.find((l) => l.endsWith(`| spoke_${spoke.name}`) && l.trim().startsWith('dns -.-|'))!;
      expect(edge).toContain(spoke.crossAccount ? (hub.dns === 'zones' ? 'authorized + associated' : 'RAM share') : 'associat');
    }
  });

  // Every line as reviewed: labels, edges, classes (UPDATE_GOLDEN=1 npm test rewrites it; read the diff).
  test('is the committed diagram, line for line', () => {
    expectGolden(path.join(dir, 'hub-diagram.mmd'), text);
  });

  test('every subgraph is closed, and the output is deterministic', () => {
    expect(lines.filter((l) => /^\s*subgraph /.test(l)).length).toBe(lines.filter((l) => /^\s*end$/.test(l)).length);
    expect(renderHubMermaid(fleet)).toBe(text);
  });
});

describe('variants of hub-profile no case has', () => {
  const base = fs.readFileSync(path.join(__dirname, 'fleets', 'hub-profile', 'config.yaml'), 'utf8');
  const draw = (text: string) => renderHubMermaid(parseFleet(text, 'config.yaml')).split('\n');
  const s3Lines = (lines: string[]) => lines.filter((l) => /hub_s3|s3_/.test(l));
  const CENTRAL = 'holds ecr.api, ecr.dkr, ecs, ecs-agent, ecs-telemetry';

  test('every spoke in the hub\'s account: a Profile shared with no one, associations only', () => {
    const lines = draw(base.replace('    account:\n      assumeRoleArn: arn:aws:iam::222222222222:role/ecs-privatelink-deploy\n', ''));
    expect(lines).toContain(`    dns["Route 53 Profile<br/>${CENTRAL}"]`);
    expect(lines.filter((l) => l.includes('| spoke_'))).toEqual(['  dns -.-|"association"| spoke_batch', '  dns -.-|"association"| spoke_payments', '  dns -.-|"association"| spoke_search']);
  });

  test('spokes in two other accounts: the Profile is shared with both, listed with a comma', () => {
    const lines = draw(base.replace('    namePrefix: batch\n', '    namePrefix: batch\n    account:\n      assumeRoleArn: arn:aws:iam::333333333333:role/ecs-privatelink-deploy\n'));
    expect(lines.find((l) => l.startsWith('    dns['))).toMatch(/shared through AWS RAM with 222222222222, 333333333333"\]$/);
  });

  test('a VPC name with a hyphen: Mermaid ids take an underscore, the labels keep the name', () => {
    const lines = draw(base.replace(/^  payments:$/m, '  pay-ments:'));
    expect(lines.filter((l) => l.includes('pay'))).toEqual([
      '    subgraph spoke_pay_ments["Spoke VPC pay-ments: vpc-0a1b2c3d4e5f60200, 10.1.0.0/16"]',
      '      clients_pay_ments["ECS tasks and instances"]',
      '      s3_pay_ments["S3 gateway endpoint<br/>image layers stay local"]',
      '  clients_pay_ments -->|"HTTPS 443"| tgw',
      '  clients_pay_ments -.-> s3_pay_ments',
      '  dns -.-|"association"| spoke_pay_ments',
    ]);
  });

  test('a spoke that keeps an interface endpoint and no s3 gateway, and a hub without the s3 gateway: no S3 box or edge for them', () => {
    const spoke = draw(base.replace('      - ecr.dkr\n    namePrefix: batch', '      - ecr.dkr\n      - logs\n    namePrefix: batch'));
    expect(spoke).toContain('      local_batch_logs["logs endpoint<br/>stays in the spoke"]');
    expect(spoke).toContain('  clients_batch --> local_batch_logs');
    expect(s3Lines(spoke).filter((l) => l.includes('batch'))).toEqual([]);
    const hub = draw(
      base
        .replace('    namePrefix: shared\n', '    namePrefix: shared\n    profile: none\n    endpoints: [ecr.api, ecr.dkr, ecs, ecs-agent, ecs-telemetry]\n')
        .replace('    routeTableIds:\n      - rtb-0a1b2c3d4e5f60101\n', ''),
    );
    expect(s3Lines(hub)).toEqual([
      '      s3_payments["S3 gateway endpoint<br/>image layers stay local"]',
      '      s3_search["S3 gateway endpoint<br/>image layers stay local"]',
      '  clients_payments -.-> s3_payments',
      '  clients_search -.-> s3_search',
    ]);
  });
});

test('refuses a fleet without a hub, naming what it draws', () => {
  const plain = parseFleet(fs.readFileSync(path.join(__dirname, 'fleets', 'hub-profile', 'config.yaml'), 'utf8').replace(/^hub(Dns)?:.*\n/gm, ''), 'config.yaml');
  expect(plain.hub).toBeUndefined();
  expect(() => renderHubMermaid(plain)).toThrow(new Error('renderHubMermaid draws a fleet with a hub'));
});
