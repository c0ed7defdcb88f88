/**
 * Centralized endpoints (lib/model/hub.ts, lib/cdktf/hub.ts, generators/hub.ts):
 * the rules of a hub fleet, what goes where, generate and check of a hub fleet
 * (terraform validate of every stack and root of the hub fleet cases is
 * test/hub-terraform.test.ts; their plans are compared in
 * test/equivalence.test.ts; the one-line bad inputs are test/bad-inputs/hub-*.yaml).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../lib/model/config';
import { parseFleet, type Fleet } from '../lib/model/fleet';
import { accountIdOf, HUB_NAMES, hubFieldProblems, hubProblems, shareAccounts, spokeCidrsFor, usesOwnSecurityGroupsOnly } from '../lib/model/hub';
import { removeTempDirs, tempDir } from './support/terraform';

/** A hub and two spokes, the second in another account; `extra` is appended to the file. */
function fleetText(options: { hubDns?: string; defaults?: string; shared?: string; app?: string; other?: string } = {}): string {
  return [
    'hub: shared',
    ...(options.hubDns ? [`hubDns: ${options.hubDns}`] : []),
    'defaults:',
    '  region: eu-west-1',
    '  account: { assumeRoleArn: "arn:aws:iam::111111111111:role/deploy" }',
    ...(options.defaults ? [options.defaults] : []),
    'vpcs:',
    '  shared:',
    '    cidr: 10.0.0.0/16',
    '    vpcId: vpc-0a1b2c3d4e5f60100',
    '    subnets: [{ id: subnet-0a1b2c3d4e5f60101, availabilityZone: eu-west-1a }, { id: subnet-0a1b2c3d4e5f60102, availabilityZone: eu-west-1b }]',
    '    routeTableIds: [rtb-0a1b2c3d4e5f60101]',
    ...(options.shared ? [options.shared] : []),
    '  app:',
    '    cidr: 10.1.0.0/16',
    '    vpcId: vpc-0a1b2c3d4e5f60200',
    '    subnetIds: [subnet-0a1b2c3d4e5f60201]',
    '    routeTableIds: [rtb-0a1b2c3d4e5f60201]',
    '    allowedCidrBlocks: [10.1.0.0/16]',
    ...(options.app ? [options.app] : []),
    '  other:',
    '    cidr: 10.2.0.0/16',
    '    vpcId: vpc-0a1b2c3d4e5f60300',
    '    routeTableIds: [rtb-0a1b2c3d4e5f60301]',
    // Only these (the endpoints add to a profile, so none).
    '    profile: none',
    '    endpoints: [ecr.api, ecr.dkr, s3, logs]',
    '    subnetIds: [subnet-0a1b2c3d4e5f60301]',
    '    allowedCidrBlocks: [10.2.0.0/16]',
    '    account: { assumeRoleArn: "arn:aws:iam::222222222222:role/deploy" }',
    ...(options.other ? [options.other] : []),
    '',
  ].join('\n');
}

function messages(text: string): string[] {
  try {
    parseFleet(text, 'hub.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split('\n');
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('what goes where', () => {
  const zones = parseFleet(fleetText(), 'hub.yaml');
  const profile = parseFleet(fleetText({ hubDns: 'profile' }), 'hub.yaml');
  const vpc = (fleet: Fleet, name: string) => fleet.vpcs.find((v) => v.name === name)!.spec;

  test('zones is the default; the hub keeps its endpoints, the zones serve ecr.api, ecr.dkr and ecs with private DNS off there', () => {
    const hub = zones.hub!;
    expect(hub.dns).toBe('zones');
    expect(hub.centralized).toEqual(['ecr_api', 'ecr_dkr', 'ecs']);
    expect(hub.zones).toEqual([
      { key: 'ecr_api', name: 'api.ecr.eu-west-1.amazonaws.com', records: ['api.ecr.eu-west-1.amazonaws.com'] },
      { key: 'ecr_dkr', name: 'dkr.ecr.eu-west-1.amazonaws.com', records: ['dkr.ecr.eu-west-1.amazonaws.com', '*.dkr.ecr.eu-west-1.amazonaws.com'] },
      { key: 'ecs', name: 'ecs.eu-west-1.amazonaws.com', records: ['ecs.eu-west-1.amazonaws.com'] },
    ]);
    expect(vpc(zones, 'shared').endpoints.map((e) => e.key)).toEqual(['ecr_api', 'ecr_dkr', 's3', 'ecs', 'ecs_agent', 'ecs_telemetry']);
    expect(vpc(zones, 'shared').privateDnsFromHubZones).toEqual(['ecr_api', 'ecr_dkr', 'ecs']);
  });

  test('each catalog endpoint a zone can serve gets its zone, named as AWS names the service; only ecr.dkr, whose names are per account, has a * record', () => {
    const all = parseFleet(fleetText({ shared: '    endpoints: [logs, secretsmanager, ssm, ssmmessages, ec2messages, kms, sts]' }), 'hub.yaml');
    const zone = (name: string, wildcard = false) => [name, [name, ...(wildcard ? [`*.${name}`] : [])]];
    expect(all.hub!.zones.map((z) => [z.name, z.records])).toEqual([
      zone('api.ecr.eu-west-1.amazonaws.com'),
      zone('dkr.ecr.eu-west-1.amazonaws.com', true),
      zone('ecs.eu-west-1.amazonaws.com'),
      zone('logs.eu-west-1.amazonaws.com'),
      zone('secretsmanager.eu-west-1.amazonaws.com'),
      zone('ssm.eu-west-1.amazonaws.com'),
      zone('ssmmessages.eu-west-1.amazonaws.com'),
      zone('ec2messages.eu-west-1.amazonaws.com'),
      zone('kms.eu-west-1.amazonaws.com'),
      zone('sts.eu-west-1.amazonaws.com'),
    ]);
  });

  test("the spokes' CIDRs join the hub's security group sources, without the hub's file listing them", () => {
    expect(vpc(zones, 'shared').allowedCidrBlocks).toEqual(['10.1.0.0/16', '10.2.0.0/16']);
    const listed = parseFleet(fleetText({ shared: '    allowedCidrBlocks: [10.0.0.0/16, 10.1.0.0/16]' }), 'hub.yaml');
    expect(vpc(listed, 'shared').allowedCidrBlocks).toEqual(['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16']);
  });

  test('with zones, each spoke keeps its s3 gateway, ecs-agent and ecs-telemetry (no zone can hold their names), and what the hub lacks; a note says why', () => {
    expect(vpc(zones, 'app').endpoints.map((e) => e.key)).toEqual(['s3', 'ecs_agent', 'ecs_telemetry']);
    expect(vpc(zones, 'app').subnetIds).toEqual(['subnet-0a1b2c3d4e5f60201']);
    expect(vpc(zones, 'other').endpoints.map((e) => e.key)).toEqual(['s3', 'logs']);
    const notes = zones.hub!.notes;
    expect(notes).toHaveLength(3);
    expect(notes[0]).toBe(
      'ecs-agent stays in the spoke (app): its private DNS name ecs-a-*.eu-west-1.amazonaws.com has its wildcard inside a label, which a private hosted zone cannot hold, ' +
        'and a zone for eu-west-1.amazonaws.com would capture every other AWS service of the region; hubDns: profile shares it',
    );
    expect(notes[2]).toBe("logs stays in the spoke (other): the hub shared has no logs endpoint; add it to the hub's endpoints to centralize it");
  });

  test('with a Profile, every interface endpoint of the hub is centralized, private DNS stays on; a spoke with nothing left keeps no subnets or security group', () => {
    const hub = profile.hub!;
    expect(hub.centralized).toEqual(['ecr_api', 'ecr_dkr', 'ecs', 'ecs_agent', 'ecs_telemetry']);
    expect(hub.zones).toEqual([]);
    expect(vpc(profile, 'shared').privateDnsFromHubZones).toBeUndefined();
    const app = vpc(profile, 'app');
    expect([app.endpoints.map((e) => e.key), app.subnetIds, app.allowedCidrBlocks]).toEqual([['s3'], [], []]);
  });

  test('an endpoint with private DNS off in the hub stays in the spokes with a Profile: it has no names to share', () => {
    const fleet = parseFleet(fleetText({ hubDns: 'profile', shared: '    privateDns: { ecr.api: false }' }), 'hub.yaml');
    expect(fleet.hub!.centralized).not.toContain('ecr_api');
    expect(vpc(fleet, 'app').endpoints.map((e) => e.key)).toEqual(['ecr_api', 's3']);
    expect(fleet.hub!.notes[0]).toMatch(/^ecr\.api stays in each spoke \(app, other\): its private DNS is off in the hub shared/);
  });

  test('with zones, an endpoint whose private DNS is off in the hub is centralized all the same: the zones answer for its names', () => {
    const fleet = parseFleet(fleetText({ shared: '    privateDns: { ecr.api: false }' }), 'hub.yaml');
    expect(fleet.hub!.centralized).toEqual(['ecr_api', 'ecr_dkr', 'ecs']);
    expect(vpc(fleet, 'app').endpoints.map((e) => e.key)).toEqual(['s3', 'ecs_agent', 'ecs_telemetry']);
  });

  test('accounts: a spoke of another account is cross-account (sharing, authorizations); one of the same account id is not', () => {
    expect(zones.hub!.spokes.map((s) => [s.name, s.accountId, s.crossAccount])).toEqual([
      ['app', '111111111111', false],
      ['other', '222222222222', true],
    ]);
  });

  test('every VPC as written alone is kept for the cost comparison', () => {
    expect(Object.keys(zones.hub!.perVpc).sort()).toEqual(['app', 'other', 'shared']);
    expect(zones.hub!.perVpc.app.endpoints.map((e) => e.key)).toEqual(['ecr_api', 'ecr_dkr', 's3', 'ecs', 'ecs_agent', 'ecs_telemetry']);
    expect(zones.hub!.perVpc.shared.allowedCidrBlocks).toEqual([]);
  });
});

describe('rules of a hub fleet', () => {
  test('rejects, one line each: a missing and a malformed cidr, a cidr in defaults, overlapping spokes, a spoke of unknown account', () => {
    expect(
      messages(
        fleetText({
          defaults: '  cidr: 10.9.0.0/16',
          app: '    account: { profile: apps }',
        })
          .replace('    cidr: 10.2.0.0/16\n', '    cidr: 10.1.128.0/17\n')
          .replace('    cidr: 10.0.0.0/16\n', '    cidr: 10.0.0.1/16\n'),
      ),
    ).toEqual([
      'hub.yaml:5: defaults.cidr: is a VPC\'s own CIDR, and VPCs of a hub may not overlap; set cidr in each VPC instead',
      'hub.yaml:8: vpcs.shared.cidr: "10.0.0.1/16" has host bits set; did you mean 10.0.0.0/16?',
      "hub.yaml:18: vpcs.app.account: has other credentials than the hub shared, and no account id can be read from them; give both an account.assumeRoleArn, whose account id tells whether the spoke is in the hub's account (then it needs no sharing) or in another one",
      'hub.yaml:20: vpcs.other.cidr: 10.1.128.0/17 overlaps 10.1.0.0/16, the CIDR of spoke app; a Transit Gateway cannot route between overlapping VPCs: give the VPC\'s own CIDR, and VPCs that do not overlap',
    ]);
  });

  test("rejects a hub that only uses security groups of yours: the spokes' CIDRs could not be let in", () => {
    expect(messages(fleetText({ shared: '    securityGroupIds: [sg-0a1b2c3d4e5f60101]\n    createSecurityGroup: false' }))).toEqual([
      "hub.yaml:12: vpcs.shared.createSecurityGroup: the hub uses only security groups of yours, so the spokes' CIDRs cannot be allowed in for them; set createSecurityGroup: true (your groups stay attached too)",
    ]);
  });

  test("places a hub problem where the spoke's field is written: a region inherited from defaults is named there, whatever the other VPCs set", () => {
    const text = fleetText()
      .replace('  shared:\n', '  shared:\n    region: eu-central-1\n')
      .replace(/eu-west-1([ab])/g, 'eu-central-1$1')
      .replace('  app:\n', '  app:\n    region: eu-central-1\n')
      .replace('    account: { assumeRoleArn: "arn:aws:iam::222222222222:role/deploy" }\n', '');
    expect(messages(text)).toEqual([
      `hub.yaml:3: vpcs.other.region: "eu-west-1" is not the hub's region (eu-central-1): a spoke reaches the hub over a Transit Gateway of that region, and the hub's endpoints serve eu-central-1's services; cross-region spokes are not supported yet: put this VPC in a fleet with a hub of its own region (set in defaults)`,
    ]);
  });

  test('rejects a hub with no spoke and an unknown hubDns', () => {
    const one = 'hub: a\nvpcs:\n  a: { region: eu-west-1, vpcId: vpc-0a1b2c3d4e5f60100, profile: none, endpoints: [s3], routeTableIds: [rtb-0a1b2c3d4e5f60101], cidr: 10.0.0.0/16 }\n';
    expect(messages(one)).toEqual([
      'hub.yaml:1: hub: makes the only VPC of the fleet a hub with no spokes; add the VPCs that use its endpoints under vpcs, or remove hub',
      'hub.yaml:3: vpcs.a.endpoints: the hub has no interface endpoint (only s3), so it has nothing to serve its spokes; give it interface endpoints, like ecr.api and ecr.dkr, and their subnets',
    ]);
    expect(messages(fleetText({ hubDns: 'route53' }))[0]).toMatch(/^hub\.yaml:2: hubDns: "route53" is not a known hubDns; allowed: zones, profile/);
  });

  test('rejects a hub that can share none of its interface endpoints, with the reason for each (zones: ecs-agent, ecs-telemetry, a custom endpoint; profile: private DNS off)', () => {
    const AGENT = 'its private DNS name ecs-a-*.eu-west-1.amazonaws.com has its wildcard inside a label, which a private hosted zone cannot hold, and a zone for eu-west-1.amazonaws.com would capture every other AWS service of the region; hubDns: profile shares it';
    const TELEMETRY = AGENT.replace('ecs-a-*', 'ecs-t-*');
    const CUSTOM = "it is a custom endpoint, and the hub makes private hosted zones only for the catalog's endpoints, whose names it knows; hubDns: profile shares it";
    expect(messages(fleetText({ shared: '    profile: none\n    endpoints: [s3, ecs-agent, ecs-telemetry]' }))).toEqual([
      `hub.yaml:12: vpcs.shared.endpoints: the hub can share none of its interface endpoints with its spokes with hubDns: zones (ecs-agent: ${AGENT}; ecs-telemetry: ${TELEMETRY}); give it endpoints it can share, like ecr.api and ecr.dkr, or set hubDns: profile`,
    ]);
    expect(messages(fleetText({ shared: '    profile: none\n    endpoints: [s3]\n    customEndpoints: [{ service: sqs }]' }))).toEqual([
      `hub.yaml:12: vpcs.shared.endpoints: the hub can share none of its interface endpoints with its spokes with hubDns: zones (sqs: ${CUSTOM}); give it endpoints it can share, like ecr.api and ecr.dkr, or set hubDns: profile`,
    ]);
    // Only custom endpoints (profile none, no endpoints): the problem is placed on customEndpoints.
    expect(messages(fleetText({ shared: '    profile: none\n    customEndpoints: [{ service: sqs }]' }).replace('    routeTableIds: [rtb-0a1b2c3d4e5f60101]\n', ''))).toEqual([
      `hub.yaml:11: vpcs.shared.customEndpoints: the hub can share none of its interface endpoints with its spokes with hubDns: zones (sqs: ${CUSTOM}); give it endpoints it can share, like ecr.api and ecr.dkr, or set hubDns: profile`,
    ]);
    expect(messages(fleetText({ hubDns: 'profile', shared: '    profile: none\n    endpoints: [s3, ecs, logs]\n    privateDns: { ecs: false, logs: false }' }))).toEqual([
      "hub.yaml:13: vpcs.shared.endpoints: the hub can share none of its interface endpoints with its spokes with hubDns: profile (ecs: its private DNS is off in the hub shared, so a Route 53 Profile has no names of it to share; turn private DNS on there to centralize it; logs: its private DNS is off in the hub shared, so a Route 53 Profile has no names of it to share; turn private DNS on there to centralize it); give it endpoints it can share, like ecr.api and ecr.dkr",
    ]);
  });

  test("a spoke is in the hub's account only when both account ids are known and equal, or both use the same credentials: a hub of a named profile and spokes of role ARNs, and two named profiles, are rejected", () => {
    const unknown = (vpc: string) =>
      `vpcs.${vpc}.account: has other credentials than the hub shared, and no account id can be read from them; give both an account.assumeRoleArn, whose account id tells whether the spoke is in the hub's account (then it needs no sharing) or in another one`;
    const withoutLines = (lines: string[]) => lines.map((l) => l.replace(/^hub\.yaml:\d+: /, ''));
    // The hub's account id cannot be read; the spokes' can.
    expect(withoutLines(messages(fleetText({ shared: '    account: { profile: network }' })))).toEqual([`${unknown('app')} (set in defaults)`, unknown('other')]);
    // No account id on either side, other profiles.
    expect(withoutLines(messages(fleetText({ shared: '    account: { profile: network }', app: '    account: { profile: apps }' })))).toEqual([unknown('app'), unknown('other')]);
    // The same profile: the same account.
    expect(withoutLines(messages(fleetText({ shared: '    account: { profile: network }', app: '    account: { profile: network }' })))).toEqual([unknown('other')]);
  });

  test('a hub that can share one endpoint is valid: the rest stay in the spokes; its custom endpoint stays its own with zones, and is shared by a Profile', () => {
    const zones = parseFleet(fleetText({ shared: '    profile: none\n    endpoints: [s3, ecs-agent, ecr.api]\n    customEndpoints: [{ service: sqs }]' }), 'hub.yaml');
    expect(zones.hub!.centralized).toEqual(['ecr_api']);
    expect(zones.hub!.zones.map((z) => z.name)).toEqual(['api.ecr.eu-west-1.amazonaws.com']);
    const profile = parseFleet(fleetText({ hubDns: 'profile', shared: '    customEndpoints: [{ service: sqs }]' }), 'hub.yaml');
    expect(profile.hub!.centralized).toEqual(['ecr_api', 'ecr_dkr', 'ecs', 'ecs_agent', 'ecs_telemetry', 'sqs']);
  });

  test("the hub's endpoints are the profile's and those the file adds, in either form: s3 added to the default profile, an entry with options", () => {
    // endpoints add to a profile: the ec2 profile's interface endpoints are still the hub's.
    expect(parseFleet(fleetText({ shared: '    endpoints: [s3]' }), 'hub.yaml').hub!.centralized).toEqual(['ecr_api', 'ecr_dkr', 'ecs']);
    const withOptions = fleetText({ shared: '    endpoints:\n      - service: logs\n        subnetIds: [subnet-0a1b2c3d4e5f60101]' });
    expect(parseFleet(withOptions, 'hub.yaml').hub!.centralized).toEqual(['ecr_api', 'ecr_dkr', 'ecs', 'logs']);
  });
});

test('generate and check of a hub fleet: the progress says what the hub serves and, per endpoint that stays in the spokes, why; check finds the output up to date', async () => {
  const { execFile } = await import('child_process');
  const run = (args: string[]) =>
    new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [path.join(__dirname, '..', 'dist', 'bin', 'ecs-privatelink.js'), ...args], (err, _stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stderr }));
    });
  const config = path.join(__dirname, 'fleets', 'hub-zones', 'config.yaml');
  const out = tempDir('hub-generate');
  const generated = await run(['generate', '--config', config, '--out', out]);
  expect(generated.code).toBe(0);
  expect(generated.stderr).toContain('hub shared serves ecr.api, ecr.dkr, ecs to 2 spokes (payments, search), DNS by private hosted zones (hubDns: zones)');
  expect(generated.stderr).toMatch(/^note: ecs-agent stays in each spoke \(payments, search\): its private DNS name ecs-a-\*\.eu-west-1\.amazonaws\.com has its wildcard inside a label/m);
  expect(fs.readFileSync(path.join(out, 'roots', 'search', 'main.tf'), 'utf8')).toContain('resource "aws_route53_zone_association" "hub"');
  expect((await run(['check', '--dir', out, '--config', config])).code).toBe(0);
});

afterAll(removeTempDirs);

describe('hub rules and plan, one by one', () => {
  const AGENT = 'its private DNS name ecs-a-*.eu-west-1.amazonaws.com has its wildcard inside a label, which a private hosted zone cannot hold, and a zone for eu-west-1.amazonaws.com would capture every other AWS service of the region; hubDns: profile shares it';
  const TELEMETRY = AGENT.replace('ecs-a-*', 'ecs-t-*');
  const OVERLAP = "a Transit Gateway cannot route between overlapping VPCs: give the VPC's own CIDR, and VPCs that do not overlap";
  const OTHER_CREDENTIALS =
    "has other credentials than the hub shared, and no account id can be read from them; give both an account.assumeRoleArn, whose account id tells whether the spoke is in the hub's account (then it needs no sharing) or in another one";
  const DEFAULT_ACCOUNT = '  account: { assumeRoleArn: "arn:aws:iam::111111111111:role/deploy" }\n';
  const OTHER_ACCOUNT = '    account: { assumeRoleArn: "arn:aws:iam::222222222222:role/deploy" }\n';
  const vpc = (fleet: Fleet, name: string) => fleet.vpcs.find((v) => v.name === name)!.spec;

  test('usesOwnSecurityGroupsOnly: createSecurityGroup false, or left out beside a non-empty securityGroupIds list', () => {
    expect(usesOwnSecurityGroupsOnly({})).toBe(false);
    expect(usesOwnSecurityGroupsOnly({ createSecurityGroup: false })).toBe(true);
    expect(usesOwnSecurityGroupsOnly({ securityGroupIds: ['sg-0a1b2c3d4e5f60101'] })).toBe(true);
    expect(usesOwnSecurityGroupsOnly({ securityGroupIds: [] })).toBe(false);
    expect(usesOwnSecurityGroupsOnly({ createSecurityGroup: true, securityGroupIds: ['sg-0a1b2c3d4e5f60101'] })).toBe(false);
    expect(usesOwnSecurityGroupsOnly({ securityGroupIds: 'sg-0a1b2c3d4e5f60101' })).toBe(false);
  });

  test("spokeCidrsFor: each valid spoke CIDR once, those the hub lists already left out", () => {
    expect(spokeCidrsFor(['10.1.0.0/16'], ['10.1.0.0/16', '10.2.0.0/16', '10.2.0.0/16', 5, 'not-a-cidr', '10.3.0.1/16', undefined, '10.4.0.0/16'])).toEqual(['10.2.0.0/16', '10.4.0.0/16']);
    expect(spokeCidrsFor([], [])).toEqual([]);
    // A list is no CIDR, even one whose only item is.
    expect(spokeCidrsFor([], [['10.5.0.0/16']])).toEqual([]);
  });

  test('accountIdOf reads the account id of a role ARN only', () => {
    expect(accountIdOf({ assumeRoleArn: 'arn:aws:iam::111111111111:role/deploy', profile: 'ops' })).toBe('111111111111');
    expect(accountIdOf({ profile: 'ops' })).toBeUndefined();
    expect(accountIdOf(undefined)).toBeUndefined();
  });

  test('hubFieldProblems and hubProblems called alone: nothing to say without a hub, about a hub that is no string, or about a hub not in the list', () => {
    expect(hubFieldProblems(undefined, undefined, ['a', 'b'], { cidr: '10.0.0.0/16' })).toEqual([]);
    expect(hubFieldProblems(5, undefined, ['a', 'b'], {})).toEqual([]);
    expect(hubFieldProblems('a', 'zones', ['a', 'b'], {})).toEqual([]);
    expect(hubFieldProblems('c', undefined, ['a'], {})).toEqual([{ path: ['hub'], message: '"c" is not a VPC of this fleet; name one of vpcs (a)' }]);
    expect(hubProblems('c', 'zones', [])).toEqual([]);
    expect(hubProblems('c', 'zones', [{ name: 'a', config: {}, cidr: 5, valid: false }])).toEqual([]);
    // A cidr that is no string is the schema's to report.
    expect(hubProblems('a', 'zones', [{ name: 'a', config: {}, cidr: 5, valid: false }])).toEqual([]);
  });

  test('a hub of two VPCs is a hub', () => {
    const fleet = parseFleet(fleetText().replace(/ {2}other:\n(.*\n)*/, ''), 'hub.yaml');
    expect(fleet.hub!.spokes.map((s) => s.name)).toEqual(['app']);
  });

  test('the hub needs a cidr too, with its own reason', () => {
    expect(messages(fleetText().replace('    cidr: 10.0.0.0/16\n', ''))).toEqual([
      "hub.yaml:6: vpcs.shared.cidr: is required for the hub (spokes' CIDRs are checked against it); give the VPC's IPv4 CIDR block, like cidr: 10.1.0.0/16",
    ]);
  });

  test('a hub or a spoke that is not valid alone gets its own problems only, not the hub rules on top', () => {
    expect(messages(fleetText({ shared: '    tags: { "aws:owner": me }\n    securityGroupIds: [sg-0a1b2c3d4e5f60101]\n    createSecurityGroup: false' }))).toEqual([
      'hub.yaml:11: vpcs.shared.tags["aws:owner"]: is not allowed: tag keys starting with "aws:" are reserved for AWS',
    ]);
    expect(messages(fleetText({ app: '    tags: { "aws:owner": me }\n    region: us-east-1' }))).toEqual([
      'hub.yaml:17: vpcs.app.tags["aws:owner"]: is not allowed: tag keys starting with "aws:" are reserved for AWS',
    ]);
  });

  test('a hub that leaves createSecurityGroup out beside groups of yours is refused like one that sets it false', () => {
    expect(messages(fleetText({ shared: '    securityGroupIds: [sg-0a1b2c3d4e5f60101]' }))).toEqual([
      "hub.yaml:6: vpcs.shared.createSecurityGroup: the hub uses only security groups of yours, so the spokes' CIDRs cannot be allowed in for them; set createSecurityGroup: true (your groups stay attached too)",
    ]);
  });

  test('accounts: a spoke without credentials beside a hub with a role is refused; with no credentials anywhere, or the same profile, all is one account', () => {
    const hubRole = fleetText({ shared: DEFAULT_ACCOUNT.replace('  account', '    account').trimEnd() }).replace(DEFAULT_ACCOUNT, '');
    expect(messages(hubRole)).toEqual([`hub.yaml:11: vpcs.app.account: ${OTHER_CREDENTIALS}`]);
    const none = parseFleet(fleetText().replace(DEFAULT_ACCOUNT, '').replace(OTHER_ACCOUNT, ''), 'hub.yaml').hub!;
    expect(none.spokes.map((s) => [s.name, s.crossAccount, 'accountId' in s])).toEqual([
      ['app', false, false],
      ['other', false, false],
    ]);
    expect('accountId' in none).toBe(false);
    expect(shareAccounts(none)).toEqual([]);
    const profile = parseFleet(fleetText().replace(DEFAULT_ACCOUNT, '  account: { profile: ops }\n').replace(OTHER_ACCOUNT, ''), 'hub.yaml').hub!;
    expect(profile.spokes.map((s) => [s.name, s.crossAccount])).toEqual([
      ['app', false],
      ['other', false],
    ]);
  });

  test('the plan of each spoke: its CIDR and account, what it takes from the hub, what it keeps and why', () => {
    const fleet = parseFleet(fleetText(), 'hub.yaml');
    expect(fleet.hub!.spokes).toStrictEqual([
      {
        name: 'app',
        vpcId: 'vpc-0a1b2c3d4e5f60200',
        region: 'eu-west-1',
        cidr: '10.1.0.0/16',
        accountId: '111111111111',
        crossAccount: false,
        centralized: ['ecr_api', 'ecr_dkr', 'ecs'],
        local: [
          { key: 'ecs_agent', reason: AGENT },
          { key: 'ecs_telemetry', reason: TELEMETRY },
        ],
      },
      {
        name: 'other',
        vpcId: 'vpc-0a1b2c3d4e5f60300',
        region: 'eu-west-1',
        cidr: '10.2.0.0/16',
        accountId: '222222222222',
        crossAccount: true,
        centralized: ['ecr_api', 'ecr_dkr'],
        local: [{ key: 'logs', reason: "the hub shared has no logs endpoint; add it to the hub's endpoints to centralize it" }],
      },
    ]);
    expect(fleet.hub).toMatchObject({ name: 'shared', vpcId: 'vpc-0a1b2c3d4e5f60100', region: 'eu-west-1', partition: 'aws', cidr: '10.0.0.0/16', accountId: '111111111111', dns: 'zones' });
    expect(fleet.hub!.notes).toEqual([
      `ecs-agent stays in the spoke (app): ${AGENT}`,
      `ecs-telemetry stays in the spoke (app): ${TELEMETRY}`,
      "logs stays in the spoke (other): the hub shared has no logs endpoint; add it to the hub's endpoints to centralize it",
    ]);
    expect(shareAccounts(fleet.hub!)).toEqual(['222222222222']);
  });

  test('RAM shares go to each other account once, sorted', () => {
    const more = fleetText().replace('  other:\n', [
      '  more:',
      '    cidr: 10.3.0.0/16',
      '    vpcId: vpc-0a1b2c3d4e5f60400',
      '    routeTableIds: [rtb-0a1b2c3d4e5f60401]',
      '    subnetIds: [subnet-0a1b2c3d4e5f60401]',
      '    allowedCidrBlocks: [10.3.0.0/16]',
      '    account: { assumeRoleArn: "arn:aws:iam::333333333333:role/deploy" }',
      '  zz:',
      '    cidr: 10.4.0.0/16',
      '    vpcId: vpc-0a1b2c3d4e5f60500',
      '    routeTableIds: [rtb-0a1b2c3d4e5f60501]',
      '    subnetIds: [subnet-0a1b2c3d4e5f60501]',
      '    allowedCidrBlocks: [10.4.0.0/16]',
      '    account: { assumeRoleArn: "arn:aws:iam::222222222222:role/other" }',
      '  other:',
      '',
    ].join('\n'));
    expect(shareAccounts(parseFleet(more, 'hub.yaml').hub!)).toEqual(['222222222222', '333333333333']);
  });

  test('a custom endpoint the hub lacks stays in the spoke, named by its service', () => {
    const fleet = parseFleet(fleetText({ app: '    customEndpoints: [{ service: sqs }]' }), 'hub.yaml');
    expect(fleet.hub!.notes).toContain("sqs stays in the spoke (app): the hub shared has no sqs endpoint; add it to the hub's endpoints to centralize it");
    // A service whose key differs (execute-api, key execute_api): the note says what the file says.
    const dashed = parseFleet(fleetText({ app: '    customEndpoints: [{ service: execute-api }]' }), 'hub.yaml');
    expect(dashed.hub!.notes).toContain("execute-api stays in the spoke (app): the hub shared has no execute-api endpoint; add it to the hub's endpoints to centralize it");
    expect(dashed.hub!.spokes.find((x) => x.name === 'app')!.local).toContainEqual({ key: 'execute_api', reason: "the hub shared has no execute-api endpoint; add it to the hub's endpoints to centralize it" });
  });

  test('a spoke keeping endpoints keeps its subnets and takes profile none; a spoke keeping none drops subnets and every security group source', () => {
    const withSubnets = (dns?: string) =>
      parseFleet(
        fleetText({ hubDns: dns, app: '    securityGroupIds: [sg-0a1b2c3d4e5f60201]' })
          .replace('    subnetIds: [subnet-0a1b2c3d4e5f60201]\n', '    subnets: [{ id: subnet-0a1b2c3d4e5f60201, availabilityZone: eu-west-1a }]\n')
          .replace('    allowedCidrBlocks: [10.1.0.0/16]\n', ''),
        'hub.yaml',
      );
    const kept = vpc(withSubnets(), 'app');
    expect([kept.profile, kept.subnetIds, kept.subnets, kept.securityGroupIds, kept.allowedSecurityGroupIds, kept.createSecurityGroup]).toEqual([
      'none',
      ['subnet-0a1b2c3d4e5f60201'],
      [{ id: 'subnet-0a1b2c3d4e5f60201', availabilityZone: 'eu-west-1a' }],
      ['sg-0a1b2c3d4e5f60201'],
      [],
      false,
    ]);
    const emptied = vpc(withSubnets('profile'), 'app');
    expect(emptied.endpoints.map((e) => e.key)).toEqual(['s3']);
    expect([emptied.profile, emptied.subnetIds, 'subnets' in emptied, emptied.securityGroupIds, emptied.allowedCidrBlocks, emptied.allowedSecurityGroupIds, emptied.createSecurityGroup]).toEqual([
      'none',
      [],
      false,
      [],
      [],
      [],
      true,
    ]);
  });

  test("the hub alone, for cost, keeps the CIDRs its own entry lists, its own CIDR included", () => {
    const fleet = parseFleet(fleetText({ shared: '    allowedCidrBlocks: [10.0.0.0/16]' }), 'hub.yaml');
    expect(vpc(fleet, 'shared').allowedCidrBlocks).toEqual(['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16']);
    expect(fleet.hub!.perVpc.shared.allowedCidrBlocks).toEqual(['10.0.0.0/16']);
    expect(fleet.hub!.perVpc.app.allowedCidrBlocks).toEqual(['10.1.0.0/16']);
  });

  test('overlaps: the hub is compared first whatever its name, and a VPC overlapping several is named once, against the first', () => {
    expect(messages(fleetText().replace('    cidr: 10.2.0.0/16\n', '    cidr: 10.0.0.0/8\n'))).toEqual([
      `hub.yaml:18: vpcs.other.cidr: 10.0.0.0/8 overlaps the hub's CIDR 10.0.0.0/16 (vpcs.shared.cidr); ${OVERLAP}`,
    ]);
    const first = fleetText().replace('hub: shared', 'hub: aaa').replace('  shared:\n', '  aaa:\n').replace('    cidr: 10.1.0.0/16\n', '    cidr: 10.0.128.0/17\n');
    expect(messages(first)).toEqual([`hub.yaml:12: vpcs.app.cidr: 10.0.128.0/17 overlaps the hub's CIDR 10.0.0.0/16 (vpcs.aaa.cidr); ${OVERLAP}`]);
  });

  test('overlaps called alone, the VPCs in any order: the hub first, then the spokes by name', () => {
    const at = (name: string, cidr: string) => ({ name, config: {}, cidr, valid: false });
    expect(hubProblems('m', 'zones', [at('m', '10.0.0.0/16'), at('a', '10.0.1.0/24')])).toEqual([
      { vpc: 'a', path: ['cidr'], message: `10.0.1.0/24 overlaps the hub's CIDR 10.0.0.0/16 (vpcs.m.cidr); ${OVERLAP}` },
    ]);
    for (const order of [
      ['z', 'b'],
      ['b', 'z'],
    ]) {
      const vpcs = [at('m', '10.0.0.0/16'), ...order.map((name) => at(name, name === 'b' ? '10.1.0.0/16' : '10.1.0.0/24'))];
      expect({ order, problems: hubProblems('m', 'zones', vpcs) }).toEqual({
        order,
        problems: [{ vpc: 'z', path: ['cidr'], message: `10.1.0.0/24 overlaps 10.1.0.0/16, the CIDR of spoke b; ${OVERLAP}` }],
      });
    }
  });

  test('names of the hub DNS resources', () => {
    expect(HUB_NAMES.zoneTag('pl', 'ecr_dkr')).toBe('pl-ecr-dkr-zone');
    expect(HUB_NAMES.zoneComment('ecr_dkr', 'shared')).toBe('ecs-privatelink: names of the ecr.dkr endpoint of hub shared, for its spokes');
    expect(HUB_NAMES.zoneComment('sqs', 'shared')).toBe('ecs-privatelink: names of the sqs endpoint of hub shared, for its spokes');
    expect(HUB_NAMES.profile('pl')).toBe('pl-hub');
    expect(HUB_NAMES.profileResource('pl', 'ecs_agent')).toBe('pl-ecs-agent');
    expect(HUB_NAMES.share('pl')).toBe('pl-hub-dns');
    expect(HUB_NAMES.spokeAssociation('pl')).toBe('pl-hub-dns');
  });

  test('a hub with gateway endpoints only: the problem is placed on customEndpoints when the file gives no endpoints, and names each gateway', () => {
    const text = fleetText({ shared: '    profile: none\n    customEndpoints: [{ service: dynamodb, type: Gateway }]' }).replace(/ {4}subnets: .*\n/, '');
    expect(messages(text)).toEqual([
      'hub.yaml:11: vpcs.shared.customEndpoints: the hub has no interface endpoint (only dynamodb), so it has nothing to serve its spokes; give it interface endpoints, like ecr.api and ecr.dkr, and their subnets',
    ]);
    // Two gateway endpoints, named in the order of the set.
    const two = fleetText({ shared: '    profile: none\n    endpoints: [s3]\n    customEndpoints: [{ service: dynamodb, type: Gateway }]' }).replace(/ {4}subnets: .*\n/, '');
    expect(messages(two)).toEqual([
      'hub.yaml:11: vpcs.shared.endpoints: the hub has no interface endpoint (only s3, dynamodb), so it has nothing to serve its spokes; give it interface endpoints, like ecr.api and ecr.dkr, and their subnets',
    ]);
  });
});
