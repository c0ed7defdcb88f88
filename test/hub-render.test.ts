/**
 * generators/hub.ts on variants of the hub-profile fleet that the goldens do
 * not hold: a Route 53 Profile shared through RAM only when a spoke lives in
 * another account.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderFleet } from '../generators/fleet';
import { parseFleet } from '../lib/model/fleet';
import { FLEETS_DIR } from './support/fleets';

const HUB_PROFILE = fs.readFileSync(path.join(FLEETS_DIR, 'hub-profile', 'config.yaml'), 'utf8');

async function hubRoot(text: string): Promise<string> {
  const files = await renderFleet(parseFleet(text, 'fleet.yaml'));
  const root = files.get('roots/shared/main.tf');
  if (root === undefined) throw new Error(`no roots/shared/main.tf among ${[...files.keys()].join(', ')}`);
  return root;
}

test('the profile is shared through RAM with the accounts of the spokes that live in another account', async () => {
  const root = await hubRoot(HUB_PROFILE);
  expect(root).toContain('resource "aws_ram_resource_share"');
  expect(root).toContain('"222222222222"');
});

test('with every spoke in the hub account, there is no RAM share', async () => {
  const sameAccount = HUB_PROFILE.replace(/\n {4}account:\n {6}assumeRoleArn: arn:aws:iam::222222222222:role\/ecs-privatelink-deploy\n/, '\n');
  expect(sameAccount).not.toContain('222222222222');
  const root = await hubRoot(sameAccount);
  expect(root).toContain('resource "aws_route53profiles_profile"');
  expect(root).not.toContain('aws_ram_');
});
