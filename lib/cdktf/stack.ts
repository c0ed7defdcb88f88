/**
 * The CDKTF stack of one VPC: an AWS provider for its region (and account)
 * and the `EcsPrivateLink` construct; and the stacks of a fleet, one per VPC.
 */
import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { Spec } from '../model/config';
import { EcsPrivateLink } from './construct';
import { HubDns, SpokeDns } from './hub';
import { SINGLE_VPC_NAME, stackName, type AccountHint, type Fleet, type FleetVpc } from '../model/fleet';
import { specToProps } from './props';
import { addPreflightChecks } from './preflight';
import { AWS_PROVIDER_CONSTRAINT } from '../model/versions';
import { LOCKFILE_TERRAFORM_CONSTRAINT, stackLocalPath, type Backend } from '../model/state';

/** The stack of a 0.1.0 single-VPC configuration; today's default is `ecs-privatelink-<vpcId>` (`Spec.stack`). */
export const DEFAULT_STACK_NAME = SINGLE_VPC_NAME;

/** cdktf's output folder by default (cdktf.json `output`), relative to the project folder. */
export const DEFAULT_OUTDIR = 'cdktf.out';

/** Options of `EcsPrivateLinkStack`. */
export interface EcsPrivateLinkStackOptions {
  /**
   * How the stack's AWS provider gets credentials: a role to assume (`assume_role`) and/or a named profile (`profile`).
   *
   * @default - the provider's default credential chain
   */
  readonly account?: AccountHint;

  /**
   * The folder the app is synthesized to, absolute or relative to `projectDir`: the stack's
   * folder is `<outdir>/stacks/<id>`, and the local state path is written relative to it.
   *
   * @default 'cdktf.out'
   */
  readonly outdir?: string;

  /**
   * The project folder, which a local state path (`backend.local.path`) is relative to.
   *
   * @default - the current folder, where cdktf runs the app
   */
  readonly projectDir?: string;

  /**
   * Pre-flight checks at plan time (`check` blocks, lib/cdktf/preflight.ts): the VPC's DNS attributes, and
   * that the subnets and route tables are the VPC's. Failures, and an unreachable AWS API, are warnings.
   * The module's `preflight_checks` variable.
   *
   * @default true
   */
  readonly preflightChecks?: boolean;
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
    this.addBackend(spec.backend, id, options);
    this.adopt(spec);
    if (options.preflightChecks ?? true) addPreflightChecks(this, spec);

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

  /** The backend of `Spec.backend`; a local state path is written relative to the stack's folder, never absolute. */
  private addBackend(backend: Backend, id: string, options: EcsPrivateLinkStackOptions): void {
    switch (backend.type) {
      case 'local': {
        const projectDir = path.resolve(options.projectDir ?? process.cwd());
        const stackDir = path.resolve(projectDir, options.outdir ?? DEFAULT_OUTDIR, 'stacks', id);
        const state = path.relative(stackDir, path.resolve(projectDir, stackLocalPath(backend, id)));
        new LocalBackend(this, { path: state.split(path.sep).join('/') });
        return;
      }
      case 's3':
        new S3Backend(this, {
          bucket: backend.bucket,
          key: backend.key,
          region: backend.region,
          encrypt: backend.encrypt,
          ...(backend.dynamodbTable !== undefined ? { dynamodbTable: backend.dynamodbTable } : {}),
          ...(backend.kmsKeyId !== undefined ? { kmsKeyId: backend.kmsKeyId } : {}),
          ...(backend.workspaceKeyPrefix !== undefined ? { workspaceKeyPrefix: backend.workspaceKeyPrefix } : {}),
          ...(backend.roleArn !== undefined ? { assumeRole: { roleArn: backend.roleArn } } : {}),
        });
        // cdktf 0.21's S3Backend does not know use_lockfile (Terraform 1.10).
        if (backend.useLockfile) {
          this.addOverride('terraform.backend.s3.use_lockfile', true);
          this.addOverride('terraform.required_version', LOCKFILE_TERRAFORM_CONSTRAINT);
        }
        return;
      case 'cloud':
        new CloudBackend(this, {
          organization: backend.organization,
          workspaces: new NamedCloudWorkspace(backend.workspace, backend.project),
          ...(backend.hostname !== undefined ? { hostname: backend.hostname } : {}),
        });
        return;
    }
  }

  /** `importFrom` (an import block in cdk.tf.json) for each adopted endpoint and the adopted security group. */
  private adopt(spec: Spec): void {
    for (const [key, id] of Object.entries(spec.adopt.endpoints)) {
      const endpoint = this.privateLink.endpoints[key];
      if (!endpoint) throw new Error(`cannot adopt ${id} as ${key}: the stack has no such endpoint (validation should have refused it)`);
      endpoint.importFrom(id);
    }
    if (spec.adopt.securityGroup !== undefined) {
      if (!this.privateLink.securityGroup) throw new Error(`cannot adopt ${spec.adopt.securityGroup}: the stack creates no security group (validation should have refused it)`);
      this.privateLink.securityGroup.importFrom(spec.adopt.securityGroup);
    }
  }
}

/**
 * One stack per VPC of a fleet, each with its own provider: `ecs-privatelink`
 * for a single-VPC configuration, `ecs-privatelink-<name>` in a fleet, so that
 * `cdktf deploy '*'` deploys them side by side and one failing VPC does not
 * stop the others.
 */
export function addFleetStacks(scope: Construct, fleet: Fleet, options: Omit<EcsPrivateLinkStackOptions, 'account'> = {}): EcsPrivateLinkStack[] {
  return fleet.vpcs.map((vpc) => addVpcStack(scope, fleet, vpc, options));
}

/** The stack of one VPC of `fleet`, with its side of the fleet's hub, if any. */
export function addVpcStack(scope: Construct, fleet: Fleet, vpc: FleetVpc, options: Omit<EcsPrivateLinkStackOptions, 'account'> = {}): EcsPrivateLinkStack {
  const stack = new EcsPrivateLinkStack(scope, stackName(fleet, vpc), vpc.spec, { ...options, account: vpc.account });
  // Centralized endpoints (lib/cdktf/hub.ts): the hub's DNS for its spokes, and each spoke's side of it.
  const hub = fleet.hub;
  const names = { namePrefix: vpc.spec.namePrefix, tags: vpc.spec.tags };
  if (hub?.name === vpc.name) new HubDns(stack, 'hub', hub, { ...names, endpoints: stack.privateLink.endpoints });
  else if (hub) new SpokeDns(stack, 'hub', hub, vpc.name, names);
  return stack;
}
