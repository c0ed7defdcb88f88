/**
 * The CDKTF stack of one VPC: an AWS provider for its region (and account)
 * and the `EcsPrivateLink` construct; and the stacks of a fleet, one per VPC.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { Spec } from '../model/config';
import { EcsPrivateLink } from './construct';
import { HubDns, SpokeDns } from './hub';
import { SINGLE_VPC_NAME, stackName, type AccountHint, type Fleet } from '../model/fleet';
import { specToProps } from './props';
import { AWS_PROVIDER_CONSTRAINT } from '../model/versions';

/** The stack of a single-VPC configuration. */
export const DEFAULT_STACK_NAME = SINGLE_VPC_NAME;

/** Options of `EcsPrivateLinkStack`. */
export interface EcsPrivateLinkStackOptions {
  /**
   * How the stack's AWS provider gets credentials: a role to assume (`assume_role`) and/or a named profile (`profile`).
   *
   * @default - the provider's default credential chain
   */
  readonly account?: AccountHint;
}

export class EcsPrivateLinkStack extends TerraformStack {
  public readonly privateLink: EcsPrivateLink;

  constructor(scope: Construct, id: string, spec: Spec, options: EcsPrivateLinkStackOptions = {}) {
    super(scope, id);
    const account = options.account ?? {};
    new AwsProvider(this, 'aws', {
      region: spec.region,
      ...(account.profile !== undefined ? { profile: account.profile } : {}),
      ...(account.assumeRoleArn !== undefined ? { assumeRole: [{ roleArn: account.assumeRoleArn }] } : {}),
    });
    this.addOverride('terraform.required_providers.aws.version', AWS_PROVIDER_CONSTRAINT);
    this.privateLink = new EcsPrivateLink(this, 'privatelink', specToProps(spec));

    const endpoints = Object.entries(this.privateLink.endpoints);
    new TerraformOutput(this, 'endpoint_ids', {
      description: 'Endpoint ID by catalog key',
      value: Object.fromEntries(endpoints.map(([key, e]) => [key, e.id])),
    });
    if (this.privateLink.securityGroup) {
      new TerraformOutput(this, 'security_group_id', {
        description: 'Security group created for the interface endpoints',
        value: this.privateLink.securityGroup.id,
      });
    }
    if (this.privateLink.s3PrefixListId) {
      new TerraformOutput(this, 's3_prefix_list_id', {
        description: 'Prefix list of the s3 gateway endpoint, for the clients\' egress rules',
        value: this.privateLink.s3PrefixListId,
      });
    }
  }
}

/**
 * One stack per VPC of a fleet, each with its own provider: `ecs-privatelink`
 * for a single-VPC configuration, `ecs-privatelink-<name>` in a fleet, so that
 * `cdktf deploy '*'` deploys them side by side and one failing VPC does not
 * stop the others.
 */
export function addFleetStacks(scope: Construct, fleet: Fleet): EcsPrivateLinkStack[] {
  return fleet.vpcs.map((vpc) => {
    const stack = new EcsPrivateLinkStack(scope, stackName(fleet, vpc), vpc.spec, { account: vpc.account });
    // Centralized endpoints (lib/cdktf/hub.ts): the hub's DNS for its spokes, and each spoke's side of it.
    const hub = fleet.hub;
    const names = { namePrefix: vpc.spec.namePrefix, tags: vpc.spec.tags };
    if (hub?.name === vpc.name) new HubDns(stack, 'hub', hub, { ...names, endpoints: stack.privateLink.endpoints });
    else if (hub) new SpokeDns(stack, 'hub', hub, vpc.name, names);
    return stack;
  });
}
