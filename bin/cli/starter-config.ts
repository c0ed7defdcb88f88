/**
 * The commented starter configuration that `ecs-privatelink init` writes.
 *
 * Pure: `starterConfig(profile, schemaRef)` returns the YAML text. Every
 * field of the schema is explained, the optional ones commented out; the ids
 * are valid-looking placeholders, so the file loads as it is and the user
 * replaces them. The endpoint list is rendered from the catalog.
 */
import { CATALOG, profileEndpoints, type Profile } from '../../lib/model/catalog';

/**
 * The JSON Schema's file name, written by `init` beside the configuration
 * file. The starter file refers to it as `./privatelink.config.schema.json`: a
 * path relative to the file itself, so the reference keeps working wherever the
 * two files are moved or copied together (a clone path or a node_modules path
 * would break once the file leaves this repository, and no URL serves the
 * schema).
 */
export const SCHEMA_BESIDE = 'privatelink.config.schema.json';

/** How the starter file refers to the schema, for `# yaml-language-server: $schema=`. */
export const SCHEMA_REFERENCE = `./${SCHEMA_BESIDE}`;

/** The opening paragraph of the starter file, per profile. */
const PROFILE_SUMMARY: Record<Profile, string> = {
  ec2: `# ecs-privatelink configuration, profile ec2: for ECS on EC2, where container
# instances in private subnets pull images from ECR and talk to the ECS control
# plane without a NAT gateway.`,
  fargate: `# ecs-privatelink configuration, profile fargate: for ECS on Fargate, where
# tasks in private subnets pull images from ECR and send their logs to
# CloudWatch Logs without a NAT gateway.`,
  'ecr-only': `# ecs-privatelink configuration, profile ecr-only: for hosts in private subnets
# that pull images from ECR without a NAT gateway (ECS elsewhere, EKS, plain
# Docker).`,
};

export function starterConfig(profile: Profile, schemaRef: string): string {
  const endpoints = profileEndpoints(profile).map((e) => e.service);
  const width = Math.max(...CATALOG.map((e) => e.service.length));
  const catalogLines = CATALOG.map((e) => `#   ${e.service.padEnd(width)}  ${e.type === 'Gateway' ? '(gateway) ' : ''}${e.description}`);
  const clients = profile === 'ec2' ? 'container instances' : 'tasks';
  return `# yaml-language-server: $schema=${schemaRef}
#
${PROFILE_SUMMARY[profile]}
#
# The ids below are placeholders that look valid: replace each with your own
# (aws ec2 describe-vpcs / describe-subnets / describe-route-tables).
# Then:  ecs-privatelink synth --config <this file>      (CDKTF JSON)
#        ecs-privatelink generate --config <this file> --out modules/ecs-privatelink
# Every field: ecs-privatelink schema

# AWS region of the VPC.
region: eu-west-1

# The VPC that gets the endpoints. Private DNS needs its enableDnsSupport and
# enableDnsHostnames attributes both on.
vpcId: vpc-0123456789abcdef0

# The private subnets of your ${clients}, with their Availability Zones.
# Each interface endpoint gets one network interface per subnet, and takes at
# most one subnet per zone (checked here, before AWS refuses it at apply).
subnets:
  - id: subnet-0123456789abcdef0
    availabilityZone: eu-west-1a
  - id: subnet-0123456789abcdef1
    availabilityZone: eu-west-1b
# Or, without the zones (then only AWS checks one subnet per zone):
# subnetIds: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]

# The route tables of those subnets: the S3 gateway endpoint is added to them,
# because ECR keeps the image layers in S3. The gateway endpoint is free.
routeTableIds:
  - rtb-0123456789abcdef0
  - rtb-0123456789abcdef1

# Who may reach the interface endpoints on HTTPS (TCP 443), through the
# security group created for them: address ranges (usually the VPC CIDR) ...
allowedCidrBlocks:
  - 10.0.0.0/16
# ... and/or the security groups of your ${clients}:
# allowedSecurityGroupIds:
#   - sg-0123456789abcdef0
# 0.0.0.0/0 and ::/0 are refused unless you mean it:
# allowAnyCidr: true

# The security group of the interface endpoints: one is created (with the
# rules above) unless you give your own; set createSecurityGroup: true to get
# both.
# securityGroupIds:
#   - sg-0123456789abcdef1
# createSecurityGroup: true

# Which endpoints: a profile (ec2, fargate, ecr-only, or none for only those
# you list) ...
profile: ${profile}
# ... which here means: ${endpoints.join(', ')}.
# endpoints ADD to the profile (they never replace it), by short name, or as a
# map with options of that endpoint (its own subnetIds, extra securityGroupIds,
# ipAddressType, dnsOptions, serviceRegion for cross-region, timeouts):
# endpoints:
#   - logs
#   - { service: ecr.api, timeouts: { create: 20m } }
# Known endpoints:
${catalogLines.join('\n')}

# Services outside that list, by AWS short name (interface endpoints unless
# type: Gateway, which AWS offers for s3 and dynamodb only):
# customEndpoints:
#   - service: sqs
#   - { service: elasticfilesystem, privateDns: false }

# Private DNS per interface endpoint, on by default (ecr.dkr requires it):
# privateDns:
#   ecr.api: false

# Endpoint policies, off by default (AWS's default policy allows everything).
# Only image layer downloads through the S3 gateway; this cuts off every other
# S3 use (package repositories, your own buckets) from those route tables:
# s3EcrLayersOnly: true
# Only principals of these accounts and/or this organization may use the ECR
# and ECS endpoints (ecr.api, ecr.dkr, ecs, ecs-agent, ecs-telemetry):
# allowedPrincipalAccountIds: ["111122223333"]
# allowedPrincipalOrgId: o-a1b2c3d4e5
# Or a policy document of your own per endpoint, which replaces the preset:
# policies:
#   ecr.api:
#     Version: "2012-10-17"
#     Statement:
#       - Effect: Allow
#         Principal: "*"
#         Action: "*"
#         Resource: "*"
#         Condition:
#           StringEquals:
#             aws:PrincipalAccount: ["111122223333"]

# Prefix of the Name tags and of the security group name.
# namePrefix: ecs-privatelink

# Tags for every resource: at most 49 (AWS allows 50, and a Name tag is
# added), keys up to 128 characters, values up to 256, no "aws:" keys.
tags:
  team: platform

# State (README, State): one stack and one state per VPC. The stack is
# ecs-privatelink-<vpcId> unless you name it (0.1.0 used ecs-privatelink):
# name: payments-prod
# Where Terraform keeps the state: a local file (the default), an S3 bucket
# (encrypted, locked with a lock file next to it) or HCP Terraform. Keys and
# workspaces may use {name}, {stack}, {vpcId}, {region} and {account}.
# backend:
#   s3:
#     bucket: acme-terraform-state
#     key: ecs-privatelink/{region}/{vpcId}.tfstate
#   # cloud: { organization: acme, workspace: "privatelink-{name}" }
# Endpoints (and the security group) made by hand: the next plan imports them
# instead of creating new ones; remove adopt once applied. Find the ids with
# aws ec2 describe-vpc-endpoints --filters Name=vpc-id,Values=<vpcId>
# adopt:
#   endpoints:
#     ecr.api: vpce-0123456789abcdef0
#   securityGroup: sg-0123456789abcdef2

# Prices in US dollars for \`ecs-privatelink cost\` (each defaults to the
# us-east-1 list price; set your region's):
# pricing:
#   natGatewayHourly: 0.045
#   natGatewayPerGb: 0.045
#   interfaceEndpointHourly: 0.01
#   interfaceEndpointPerGb: 0.01
`;
}
