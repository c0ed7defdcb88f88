/**
 * The centralized-endpoints parts of a fleet's Terraform roots (lib/model/hub.ts):
 * the hub's DNS for its spokes (private hosted zones, or a Route 53 Profile
 * shared through RAM) and each spoke's side of it (zone associations, or the
 * Profile association), from templates/roots/hub.tf.hbs and spoke.tf.hbs.
 *
 * The hub's ids reach a spoke as its `hub_dns` variable, the hub root's
 * `hub_dns` output: no terraform_remote_state, so a spoke plans without
 * reading the hub's state (offline, and across accounts whose roles cannot
 * read each other's state), whatever backend each root uses.
 */
import { endpointByKey } from '../lib/model/catalog';
import type { Fleet, FleetVpc } from '../lib/model/fleet';
import { HUB_NAMES, shareAccounts, type HubPlan } from '../lib/model/hub';
import { renderTemplate } from './helpers';
import { wordList } from './interface';

const services = (keys: readonly string[]) => keys.map((k) => endpointByKey(k)?.service ?? k);

/** The hub or spoke section of a root's main.tf (unformatted HCL), or '' for a VPC of a fleet without a hub. */
export function hubSection(fleet: Fleet, vpc: FleetVpc): string {
  const plan = fleet.hub;
  if (!plan) return '';
  return vpc.name === plan.name ? hubRootSection(plan, vpc) : spokeRootSection(plan, vpc);
}

function hubRootSection(plan: HubPlan, vpc: FleetVpc): string {
  const prefix = vpc.spec.namePrefix;
  const accounts = shareAccounts(plan);
  return renderTemplate(
    'hub.tf',
    {
      name: plan.name,
      vpcId: plan.vpcId,
      region: plan.region,
      cidr: plan.cidr,
      tags: vpc.spec.tags,
      spokeList: wordList(plan.spokes.map((s) => s.name)).replace(' or ', ' and '),
      zones: plan.dns === 'zones',
      zoneNames: Object.fromEntries(plan.zones.map((z) => [z.key, { name: z.name, comment: HUB_NAMES.zoneComment(z.key, plan.name), tag_name: HUB_NAMES.zoneTag(prefix, z.key) }])),
      records: Object.fromEntries(plan.zones.flatMap((z) => z.records.map((r) => [`${z.key}/${r}`, { key: z.key, name: r }]))),
      authorizations: Object.fromEntries(
        plan.spokes.filter((s) => s.crossAccount).flatMap((s) => plan.zones.map((z) => [`${s.name}/${z.key}`, { key: z.key, vpc_id: s.vpcId }])),
      ),
      profile:
        plan.dns === 'profile'
          ? {
              name: HUB_NAMES.profile(prefix),
              resources: Object.fromEntries(plan.centralized.map((k) => [k, HUB_NAMES.profileResource(prefix, k)])),
              share: accounts.length > 0 ? { name: HUB_NAMES.share(prefix), accounts } : false,
            }
          : false,
    },
    'roots',
  );
}

function spokeRootSection(plan: HubPlan, vpc: FleetVpc): string {
  const spoke = plan.spokes.find((s) => s.name === vpc.name)!;
  const zones = plan.dns === 'zones' ? plan.zones.filter((z) => spoke.centralized.includes(z.key)).map((z) => z.key) : [];
  const kept = vpc.spec.endpoints.map((e) => e.service);
  return renderTemplate(
    'spoke.tf',
    {
      hub: plan.name,
      vpcId: vpc.spec.vpcId,
      tags: vpc.spec.tags,
      crossAccount: spoke.crossAccount,
      centralizedWords: wordList(services(spoke.centralized)).replace(' or ', ' and '),
      keptWords: kept.length > 0 ? wordList(kept).replace(' or ', ' and ') : 'no endpoint',
      notes: spoke.local.map((l) => `${endpointByKey(l.key)?.service ?? l.key} stays here: ${l.reason}.`),
      zones: plan.dns === 'zones' ? zones : false,
      zoneWords: wordList(services(zones)).replace(' or ', ' and '),
      profile: plan.dns === 'profile' ? { name: HUB_NAMES.spokeAssociation(vpc.spec.namePrefix) } : false,
    },
    'roots',
  );
}
