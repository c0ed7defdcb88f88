/**
 * A benchmark baseline, not product code: the CDKTF app of main.ts written
 * the way many CDKTF apps are, with `@cdktf/provider-aws` imported from its
 * package root. The root's index loads the bindings of every resource and data
 * source of the provider, where main.ts (through lib/) loads the few it uses
 * from `@cdktf/provider-aws/lib/<resource>`. It synthesizes the same stacks:
 * `npm run bench` checks that its cdk.tf.json files equal the app's.
 */
import * as aws from '@cdktf/provider-aws';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { configPathFromEnv, loadFleetOrExit } from '../bin/cli/support';
import type { Spec } from '../lib/model/config';
import { EcsPrivateLink } from '../lib/cdktf/construct';
import { stackName, type AccountHint } from '../lib/model/fleet';
import { specToProps } from '../lib/cdktf/props';
import { AWS_PROVIDER_CONSTRAINT } from '../lib/model/versions';

/** EcsPrivateLinkStack of lib/cdktf/stack.ts, with the provider taken from the package root's namespaces. */
class RootImportStack extends TerraformStack {
  constructor(scope: Construct, id: string, spec: Spec, account: AccountHint = {}) {
    super(scope, id);
    new aws.provider.AwsProvider(this, 'aws', {
      region: spec.region,
      ...(account.profile !== undefined ? { profile: account.profile } : {}),
      ...(account.assumeRoleArn !== undefined ? { assumeRole: [{ roleArn: account.assumeRoleArn }] } : {}),
    });
    this.addOverride('terraform.required_providers.aws.version', AWS_PROVIDER_CONSTRAINT);
    const privateLink = new EcsPrivateLink(this, 'privatelink', specToProps(spec));
    new TerraformOutput(this, 'endpoint_ids', {
      description: 'Endpoint ID by catalog key',
      value: Object.fromEntries(Object.entries(privateLink.endpoints).map(([key, e]) => [key, e.id])),
    });
    if (privateLink.securityGroup) {
      new TerraformOutput(this, 'security_group_id', { description: 'Security group created for the interface endpoints', value: privateLink.securityGroup.id });
    }
    if (privateLink.s3PrefixListId) {
      new TerraformOutput(this, 's3_prefix_list_id', { description: "Prefix list of the s3 gateway endpoint, for the clients' egress rules", value: privateLink.s3PrefixListId });
    }
  }
}

const fleet = loadFleetOrExit(configPathFromEnv());
const app = new App();
for (const vpc of fleet.vpcs) new RootImportStack(app, stackName(fleet, vpc), vpc.spec, vpc.account);
app.synth();
