/**
 * generators/hub.ts and the CDKTF stacks (lib/cdktf/hub.ts) on variants of
 * the hub fleets that the goldens do not hold: a Route 53 Profile shared
 * through RAM only when a spoke lives in another account, a zones spoke that
 * takes only part of the hub's endpoints.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { renderFleet } from '../generators/fleet';
import { SpokeDns } from '../lib/cdktf/hub';
import { addFleetStacks } from '../lib/cdktf/stack';
import { parseFleet } from '../lib/model/fleet';
import { FLEETS_DIR } from './support/fleets';

const HUB_PROFILE = fs.readFileSync(path.join(FLEETS_DIR, 'hub-profile', 'config.yaml'), 'utf8');
const HUB_ZONES = fs.readFileSync(path.join(FLEETS_DIR, 'hub-zones', 'config.yaml'), 'utf8');

/** The synthesized JSON of one stack of the fleet's CDKTF app, as text. */
function stackJson(text: string, vpc: string): string {
  const stacks = addFleetStacks(Testing.app(), parseFleet(text, 'fleet.yaml'));
  const stack = stacks.find((s) => s.node.id === `ecs-privatelink-${vpc}`);
  if (stack === undefined) throw new Error(`no stack of ${vpc} among ${stacks.map((s) => s.node.id).join(', ')}`);
  return Testing.synth(stack);
}

const SAME_ACCOUNT = HUB_PROFILE.replace(/\n {4}account:\n {6}assumeRoleArn: arn:aws:iam::222222222222:role\/ecs-privatelink-deploy\n/, '\n');

async function hubRoot(text: string, vpc = 'shared'): Promise<string> {
  const files = await renderFleet(parseFleet(text, 'fleet.yaml'));
  const root = files.get(`roots/${vpc}/main.tf`);
  if (root === undefined) throw new Error(`no roots/${vpc}/main.tf among ${[...files.keys()].join(', ')}`);
  return root;
}

test('the profile is shared through RAM with the accounts of the spokes that live in another account', async () => {
  const root = await hubRoot(HUB_PROFILE);
  expect(root).toContain('resource "aws_ram_resource_share"');
  expect(root).toContain('"222222222222"');
});

test('with every spoke in the hub account, there is no RAM share', async () => {
  expect(SAME_ACCOUNT).not.toContain('222222222222');
  const root = await hubRoot(SAME_ACCOUNT);
  expect(root).toContain('resource "aws_route53profiles_profile"');
  expect(root).not.toContain('aws_ram_');
});

test("the hub's CDKTF stack likewise: a RAM share with a spoke in another account, none without", () => {
  expect(stackJson(HUB_PROFILE, 'shared')).toContain('"aws_ram_principal_association"');
  const same = stackJson(SAME_ACCOUNT, 'shared');
  expect(same).toContain('"aws_route53profiles_profile"');
  expect(same).not.toContain('aws_ram_');
});

test('zones: a spoke that takes only ECR from the hub is associated with the zones of ECR only, and calls no module', async () => {
  // search asks for ecr.api and ecr.dkr only (the hub serves ecs too), without route tables (no s3 gateway).
  const ecrOnly = HUB_ZONES.replace('    routeTableIds:\n      - rtb-0a1b2c3d4e5f60301\n      - rtb-0a1b2c3d4e5f60302\n', '').replace(
    '    namePrefix: search\n',
    '    namePrefix: search\n    profile: none\n    endpoints:\n      - ecr.api\n      - ecr.dkr\n',
  );
  expect(ecrOnly).toContain('profile: none');
  expect(ecrOnly).not.toContain('rtb-0a1b2c3d4e5f60301');
  const root = await hubRoot(ecrOnly, 'search');
  expect(root).toContain('not made here): ecr.api and ecr.dkr. This VPC keeps no endpoint.');
  expect(root).toContain('for key in ["ecr_api", "ecr_dkr"] :');
  expect(root).toContain('for_each = toset(["ecr_api", "ecr_dkr"])');
  expect(root).not.toContain('module "ecs_privatelink"');
  expect(root).toContain('module "preflight" {\n  source = "../../modules/ecs-privatelink/modules/preflight"');
  // payments still takes ecs from the hub.
  expect(await hubRoot(ecrOnly, 'payments')).toContain('for_each = toset(["ecr_api", "ecr_dkr", "ecs"])');
  // The spoke's CDKTF stack: the same zones in its hub_dns variable and associations, and no ecs.
  const stack = JSON.parse(stackJson(ecrOnly, 'search')) as { resource: Record<string, Record<string, unknown>>; variable: { hub_dns: { type: string } } };
  expect(stack.variable.hub_dns.type).toMatch(/zone_ids = map\(string\)/);
  expect(JSON.stringify(stack.resource.aws_route53_zone_association)).toContain('ecr_api');
  expect(JSON.stringify(stack.resource.aws_route53_zone_association)).toContain('ecr_dkr');
  expect(JSON.stringify(stack.resource.aws_route53_zone_association)).not.toMatch(/\becs\b|"ecs"/);
});

test("SpokeDns refuses, as a bug, a VPC that is not a spoke of the hub", () => {
  const fleet = parseFleet(HUB_PROFILE, 'fleet.yaml');
  const [stack] = addFleetStacks(Testing.app(), fleet);
  expect(() => new SpokeDns(stack, 'stray', fleet.hub!, 'nowhere', { namePrefix: 'x', tags: {} })).toThrow('SpokeDns stray: nowhere is not a spoke of hub shared');
});
