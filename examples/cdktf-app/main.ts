/**
 * An existing CDKTF app (a VPC with private subnets, its own route table and
 * the security group of its ECS instances) that adds the endpoints ECS and
 * ECR need with ecs-privatelink's construct. Every id is a reference to a
 * resource of this app: a token, known only when Terraform applies.
 *
 *   npm pack ../..            # or: npm install ecs-privatelink, once published
 *   npm install
 *   npm run synth             # writes cdktf.out/stacks/network/cdk.tf.json
 *   npx cdktf-cli@0.21.0 deploy network   # with AWS credentials
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AWS_PROVIDER_CONSTRAINT, EcsPrivateLink } from 'ecs-privatelink';

const REGION = 'eu-west-1';

class Network extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: REGION });
    // The AWS provider versions ecs-privatelink is tested with (the bindings alone would pin 6.x).
    this.addOverride('terraform.required_providers.aws.version', AWS_PROVIDER_CONSTRAINT);

    const vpc = new Vpc(this, 'vpc', { cidrBlock: '10.20.0.0/16', enableDnsHostnames: true, enableDnsSupport: true });
    const subnets = ['a', 'b'].map(
      (zone, i) => new Subnet(this, `private-${zone}`, { vpcId: vpc.id, cidrBlock: `10.20.${i}.0/24`, availabilityZone: `${REGION}${zone}` }),
    );
    const routes = new RouteTable(this, 'private', { vpcId: vpc.id });
    const instances = new SecurityGroup(this, 'ecs-instances', { vpcId: vpc.id, name: 'ecs-instances' });

    const privateLink = new EcsPrivateLink(this, 'privatelink', {
      region: REGION,
      vpcId: vpc.id,
      subnetIds: subnets.map((s) => s.id),
      routeTableIds: [routes.id],
      allowedCidrBlocks: [vpc.cidrBlock],
      tags: { team: 'platform' },
    });

    // The instances' way out: HTTPS to the endpoints, and to S3 through the gateway's prefix list.
    new VpcSecurityGroupEgressRule(this, 'https-to-endpoints', {
      securityGroupId: instances.id,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      referencedSecurityGroupId: privateLink.securityGroup!.id,
    });
    new VpcSecurityGroupEgressRule(this, 'https-to-s3', {
      securityGroupId: instances.id,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      prefixListId: privateLink.s3PrefixListId!,
    });
    new TerraformOutput(this, 'endpoint_ids', {
      value: Object.fromEntries(Object.entries(privateLink.endpoints).map(([key, endpoint]) => [key, endpoint.id])),
    });
  }
}

const app = new App();
new Network(app, 'network');
app.synth();
