/**
 * Centralized endpoints in CDKTF (lib/model/hub.ts): the hub's DNS for its
 * spokes and each spoke's side of it, the same resources as the Terraform
 * roots' sections (templates/roots/hub.tf.hbs and spoke.tf.hbs).
 *
 * The hub's ids reach a spoke stack as its `hub_dns` variable, the hub
 * stack's `hub_dns` output, and not as a CDKTF cross-stack reference: that
 * one reads the hub's state (terraform_remote_state) with the spoke's
 * credentials, which a spoke of another account usually cannot, and cannot
 * be planned before the hub is applied. Deploy the hub stack first, then the
 * spokes with `cdktf deploy <spoke> --var "hub_dns=$(…output -json hub_dns)"`
 * (README, "Centralized endpoints").
 */
import { RamPrincipalAssociation } from '@cdktf/provider-aws/lib/ram-principal-association';
import { RamResourceAssociation } from '@cdktf/provider-aws/lib/ram-resource-association';
import { RamResourceShare } from '@cdktf/provider-aws/lib/ram-resource-share';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53VpcAssociationAuthorization } from '@cdktf/provider-aws/lib/route53-vpc-association-authorization';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Route53ZoneAssociation } from '@cdktf/provider-aws/lib/route53-zone-association';
import { Route53ProfilesAssociation } from '@cdktf/provider-aws/lib/route53profiles-association';
import { Route53ProfilesProfile } from '@cdktf/provider-aws/lib/route53profiles-profile';
import { Route53ProfilesResourceAssociation } from '@cdktf/provider-aws/lib/route53profiles-resource-association';
import type { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { TerraformOutput, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { endpointByKey } from '../model/catalog';
import { HUB_NAMES, shareAccounts, type HubPlan } from '../model/hub';
import { terraformLiteralMap } from '../model/naming';

/** The hub's DNS for its spokes: zones with alias records (and authorizations for other accounts), or a Profile shared through RAM. */
export class HubDns extends Construct {
  constructor(scope: Construct, id: string, plan: HubPlan, props: { namePrefix: string; tags: Record<string, string>; endpoints: Readonly<Record<string, VpcEndpoint>> }) {
    super(scope, id);
    const tags = (name: string) => terraformLiteralMap({ ...props.tags, Name: name });
    if (plan.dns === 'zones') {
      const zoneIds: Record<string, string> = {};
      for (const z of plan.zones) {
        const zone = new Route53Zone(this, `zone-${z.key}`, {
          name: z.name,
          comment: HUB_NAMES.zoneComment(z.key, plan.name),
          forceDestroy: false,
          vpc: [{ vpcId: plan.vpcId }],
          tags: tags(HUB_NAMES.zoneTag(props.namePrefix, z.key)),
          // The spokes associate themselves (Route53ZoneAssociation in their stacks).
          lifecycle: { ignoreChanges: ['vpc'] },
        });
        zoneIds[z.key] = zone.zoneId;
        const entry = props.endpoints[z.key].dnsEntry.get(0);
        z.records.forEach((name, i) => {
          new Route53Record(this, `record-${z.key}-${i}`, {
            zoneId: zone.zoneId,
            name,
            type: 'A',
            alias: { name: entry.dnsName, zoneId: entry.hostedZoneId, evaluateTargetHealth: true },
          });
        });
        for (const spoke of plan.spokes.filter((s) => s.crossAccount)) {
          new Route53VpcAssociationAuthorization(this, `authorization-${spoke.name}-${z.key}`, { zoneId: zone.zoneId, vpcId: spoke.vpcId, vpcRegion: plan.region });
        }
      }
      new TerraformOutput(this, 'hub_dns', { staticId: true, description: hubDnsDescription(plan), value: { zone_ids: zoneIds } });
      return;
    }
    const profileName = HUB_NAMES.profile(props.namePrefix);
    const profile = new Route53ProfilesProfile(this, 'profile', { name: profileName, tags: tags(profileName) });
    for (const key of plan.centralized) {
      new Route53ProfilesResourceAssociation(this, `resource-${key}`, {
        name: HUB_NAMES.profileResource(props.namePrefix, key),
        profileId: profile.id,
        resourceArn: props.endpoints[key].arn,
      });
    }
    const accounts = shareAccounts(plan);
    if (accounts.length > 0) {
      const shareName = HUB_NAMES.share(props.namePrefix);
      const share = new RamResourceShare(this, 'share', { name: shareName, allowExternalPrincipals: false, tags: tags(shareName) });
      new RamResourceAssociation(this, 'share-profile', { resourceArn: profile.arn, resourceShareArn: share.arn });
      for (const account of accounts) new RamPrincipalAssociation(this, `share-${account}`, { principal: account, resourceShareArn: share.arn });
    }
    new TerraformOutput(this, 'hub_dns', { staticId: true, description: hubDnsDescription(plan), value: { profile_id: profile.id } });
  }
}

function hubDnsDescription(plan: HubPlan): string {
  return `Give it to every spoke stack of hub ${plan.name} as its hub_dns variable: cdktf deploy <spoke stack> --var "hub_dns=$(terraform -chdir=cdktf.out/stacks/ecs-privatelink-${plan.name} output -json hub_dns)"`;
}

/** A spoke's side: the `hub_dns` variable, and the association with the hub's zones or Profile. */
export class SpokeDns extends Construct {
  constructor(scope: Construct, id: string, plan: HubPlan, spokeName: string, props: { namePrefix: string; tags: Record<string, string> }) {
    super(scope, id);
    const spoke = plan.spokes.find((s) => s.name === spokeName);
    if (!spoke) throw new Error(`SpokeDns ${id}: ${spokeName} is not a spoke of hub ${plan.name}`);
    const description = `The hub_dns output of the hub's stack (ecs-privatelink-${plan.name}): cdktf deploy <this stack> --var "hub_dns=$(terraform -chdir=cdktf.out/stacks/ecs-privatelink-${plan.name} output -json hub_dns)"`;
    if (plan.dns === 'zones') {
      const zones = plan.zones.filter((z) => spoke.centralized.includes(z.key)).map((z) => z.key);
      const hubDns = new TerraformVariable(scope, 'hub_dns', {
        description,
        type: 'object({\n    zone_ids = map(string)\n  })',
        validation: [
          {
            condition: `\${alltrue([for key in ${JSON.stringify(zones)} : contains(keys(var.hub_dns.zone_ids), key)])}`,
            errorMessage: `hub_dns.zone_ids must have the zones of ${zones.map((k) => endpointByKey(k)?.service ?? k).join(', ')}: give the hub_dns output of roots/${plan.name} as it is.`,
          },
        ],
      });
      for (const key of zones) {
        new Route53ZoneAssociation(this, `zone-${key}`, { zoneId: `\${var.${hubDns.friendlyUniqueId}.zone_ids["${key}"]}`, vpcId: spoke.vpcId });
      }
      return;
    }
    const hubDns = new TerraformVariable(scope, 'hub_dns', { description, type: 'object({\n    profile_id = string\n  })' });
    const name = HUB_NAMES.spokeAssociation(props.namePrefix);
    new Route53ProfilesAssociation(this, 'profile', {
      name,
      profileId: `\${var.${hubDns.friendlyUniqueId}.profile_id}`,
      resourceId: spoke.vpcId,
      tags: terraformLiteralMap({ ...props.tags, Name: name }),
    });
  }
}
