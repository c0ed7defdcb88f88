/**
 * The pre-flight checks of a stack: the same three `check` blocks as the
 * generated module's `modules/preflight` (the VPC's DNS attributes, the
 * subnets and the route tables in the VPC), each with a data source scoped
 * to it, so that a failed assertion, and an AWS API that cannot be reached,
 * is a warning at plan time and never an error.
 *
 * cdktf 0.21 has no construct for `check` blocks (no `TerraformCheck`; its
 * data sources are always top-level, where a failed read fails the plan), so
 * the blocks are written with the stack's escape hatch `addOverride`, in
 * Terraform's JSON syntax. What cdktf cannot express: a check is not a
 * construct, so it cannot be referenced, tested with cdktf's matchers, or
 * turned off per construct; it is a block of the whole stack.
 *
 * Not checked at plan time, in the module either: one subnet per
 * Availability Zone (a scoped data source takes no for_each, and
 * aws_subnets returns no zones); the configuration's `subnets` are checked
 * before synth, and `ecs-privatelink doctor` checks DescribeSubnets.
 *
 * Private DNS needs enableDnsSupport and enableDnsHostnames:
 * https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html#prerequisites-interface-endpoints
 */
import type { TerraformStack } from 'cdktf';
import type { Spec } from '../model/config';
import { CATALOG } from '../model/catalog';

/** The check blocks' names, as in the module's modules/preflight/main.tf. */
export const PREFLIGHT_CHECK_NAMES = ['vpc_dns_attributes', 'subnets_in_vpc', 'route_tables_in_vpc'] as const;

type Filter = { name: string; values: string[] };

/** `${...}`: a Terraform expression inside a JSON string. */
const expr = (e: string) => '${' + e + '}';

/** A list of strings as an HCL expression. */
const hclList = (values: readonly string[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;

/** The `check` blocks of a stack for `spec`, in Terraform JSON syntax. */
export function preflightChecks(spec: Spec): Record<string, unknown> {
  const vpc = spec.vpcId;
  const hasInterface = spec.endpoints.some((e) => CATALOG.find((c) => c.key === e.key)?.type === 'Interface');
  const hasGateway = spec.endpoints.some((e) => CATALOG.find((c) => c.key === e.key)?.type === 'Gateway');
  const subnets = hasInterface ? spec.subnetIds : [];
  const routeTables = hasGateway ? spec.routeTableIds : [];
  const filters = (name: string, ids: string[]): Filter[] => [{ name: 'vpc-id', values: [vpc] }, ...(ids.length > 0 ? [{ name, values: ids }] : [])];
  const missing = (ids: string[], data: string) => `setsubtract(${hclList(ids)}, ${data}.ids)`;
  const subnetsMissing = missing(subnets, 'data.aws_subnets.preflight');
  const routeTablesMissing = missing(routeTables, 'data.aws_route_tables.preflight');
  return {
    vpc_dns_attributes: {
      data: { aws_vpc: { preflight: { id: vpc } } },
      assert: [
        {
          condition: expr('data.aws_vpc.preflight.enable_dns_support'),
          error_message:
            `VPC ${vpc} has enableDnsSupport off: the interface endpoints' private DNS names do not resolve, so tasks reach for the public ECR and ECS names and fail with CannotPullContainerError (i/o timeout). ` +
            `Turn it on: enable_dns_support = true on the aws_vpc, or aws ec2 modify-vpc-attribute --vpc-id ${vpc} --enable-dns-support.`,
        },
        {
          condition: expr('data.aws_vpc.preflight.enable_dns_hostnames'),
          error_message:
            `VPC ${vpc} has enableDnsHostnames off: private DNS of interface endpoints needs it, so ECR and ECS names resolve to public addresses and pulls time out (CannotPullContainerError). ` +
            `Turn it on: enable_dns_hostnames = true on the aws_vpc, or aws ec2 modify-vpc-attribute --vpc-id ${vpc} --enable-dns-hostnames.`,
        },
      ],
    },
    subnets_in_vpc: {
      data: { aws_subnets: { preflight: { filter: filters('subnet-id', subnets) } } },
      assert: [
        {
          condition: expr(`length(${subnetsMissing}) == 0`),
          error_message: `subnet_ids ${expr(`join(", ", sort(${subnetsMissing}))`)} are not subnets of VPC ${vpc} (or do not exist): the endpoints cannot be created there. List the private subnets of ${vpc}, one per Availability Zone.`,
        },
      ],
    },
    route_tables_in_vpc: {
      data: { aws_route_tables: { preflight: { filter: filters('route-table-id', routeTables) } } },
      assert: [
        {
          condition: expr(`length(${routeTablesMissing}) == 0`),
          error_message: `route_table_ids ${expr(`join(", ", sort(${routeTablesMissing}))`)} are not route tables of VPC ${vpc} (or do not exist): the s3 gateway cannot be added to them, and tasks whose subnets use other route tables cannot download image layers. List the route tables of ${vpc}'s private subnets.`,
        },
      ],
    },
  };
}

/** Adds the pre-flight `check` blocks to `stack` (see the file's comment for what cdktf cannot express). */
export function addPreflightChecks(stack: TerraformStack, spec: Spec): void {
  for (const [name, block] of Object.entries(preflightChecks(spec))) stack.addOverride(`check.${name}`, block);
}
