/**
 * The CDKTF stack of one VPC: an AWS provider for its region and the
 * `EcsPrivateLink` construct.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { Spec } from './config';
import { EcsPrivateLink } from './construct';
import { specToProps } from './props';
import { AWS_PROVIDER_CONSTRAINT } from './versions';

export const DEFAULT_STACK_NAME = 'ecs-privatelink';

export class EcsPrivateLinkStack extends TerraformStack {
  public readonly privateLink: EcsPrivateLink;

  constructor(scope: Construct, id: string, spec: Spec) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: spec.region });
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
