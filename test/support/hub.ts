/**
 * Test inputs of the spokes of a hub fleet (lib/model/hub.ts): the value of a
 * spoke's `hub_dns` variable, as the hub's `hub_dns` output would give it
 * once applied, with made-up ids of the right form.
 */
import type { Fleet } from '../../lib/model/fleet';

/** Made-up Route 53 hosted zone ids, one per catalog key: Z + 20 characters. */
export function fakeZoneId(key: string): string {
  return `Z${key.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(20, '0').slice(0, 20)}`;
}

export const FAKE_PROFILE_ID = 'rp-0123456789abcdef';

/** The inputs of a VPC's stack and root: `{ hub_dns }` for a spoke, undefined otherwise. */
export function hubTestInputs(fleet: Fleet, vpc: string): Record<string, unknown> | undefined {
  const hub = fleet.hub;
  if (!hub || hub.name === vpc) return undefined;
  if (hub.dns === 'profile') return { hub_dns: { profile_id: FAKE_PROFILE_ID } };
  return { hub_dns: { zone_ids: Object.fromEntries(hub.zones.map((z) => [z.key, fakeZoneId(z.key)])) } };
}
