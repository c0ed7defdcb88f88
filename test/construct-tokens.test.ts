/**
 * The construct in another CDKTF app: ids that are tokens of the app's own
 * resources synthesize, and literals beside them are still checked, with the
 * command line's messages for the same values.
 */
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { EcsPrivateLink, type EcsPrivateLinkProps } from '../lib/cdktf/construct';
import { EcsPrivateLinkPropsError, propsProblems } from '../lib/cdktf/validate';
import { configProblems, formatPath } from '../lib/model/config';
import * as library from '../lib/index';

const literal: EcsPrivateLinkProps = {
  region: 'eu-west-1',
  vpcId: 'vpc-0123456789abcdef0',
  subnetIds: ['subnet-0123456789abcdef1'],
  routeTableIds: ['rtb-0123456789abcdef1'],
  allowedCidrBlocks: ['10.0.0.0/16'],
};

/** A consumer's stack: its own VPC, subnets, route table and client security group. */
function consumer() {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'consumer');
  const vpc = new Vpc(stack, 'vpc', { cidrBlock: '10.20.0.0/16' });
  const subnets = ['a', 'b'].map((az, i) => new Subnet(stack, `private-${az}`, { vpcId: vpc.id, cidrBlock: `10.20.${i}.0/24`, availabilityZone: `eu-west-1${az}` }));
  const routes = new RouteTable(stack, 'private', { vpcId: vpc.id });
  const clients = new SecurityGroup(stack, 'clients', { vpcId: vpc.id });
  return { stack, vpc, subnets, routes, clients };
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Terraform names of resources without the hash CDKTF appends, sorted. */
const named = (ids: string[]) => ids.map((id) => id.replace(/_[0-9A-F]{8}$/, '')).sort();

describe('EcsPrivateLink with tokens', () => {
  test('synthesizes with the ids of the app\'s own resources', () => {
    const { stack, vpc, subnets, routes, clients } = consumer();
    const link = new EcsPrivateLink(stack, 'privatelink', {
      region: 'eu-west-1',
      vpcId: vpc.id,
      subnetIds: subnets.map((s) => s.id),
      routeTableIds: [routes.id],
      allowedCidrBlocks: [vpc.cidrBlock, '10.99.0.0/16'],
      allowedSecurityGroupIds: [clients.id],
    });
    const json = Testing.synth(stack);
    expect(json).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: 'com.amazonaws.eu-west-1.ecr.dkr',
      vpc_id: '${aws_vpc.vpc.id}',
      subnet_ids: ['${aws_subnet.private-a.id}', '${aws_subnet.private-b.id}'],
    });
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { cidr_ipv4: '${aws_vpc.vpc.cidr_block}' });
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { cidr_ipv4: '10.99.0.0/16' });
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { referenced_security_group_id: '${aws_security_group.clients.id}' });
    const resources = (JSON.parse(json) as { resource: Resources }).resource;
    expect(Object.values(resources.aws_vpc_endpoint_route_table_association).map((a) => a.route_table_id)).toEqual(['${aws_route_table.private.id}']);
    expect(Object.keys(link.endpoints).sort()).toEqual(['ecr_api', 'ecr_dkr', 'ecs', 'ecs_agent', 'ecs_telemetry', 's3']);
    // A token source is keyed by its position, a literal by its value: neither carries a token counter into an address.
    const ruleIds = Object.keys(resources.aws_vpc_security_group_ingress_rule);
    expect(ruleIds).toHaveLength(3);
    expect(ruleIds.some((id) => /TOKEN|TfToken/i.test(id))).toBe(false);
    expect(named(ruleIds)).toEqual(['privatelink_https-from-10-99-0-0-16', 'privatelink_https-from-cidr-0', 'privatelink_https-from-security-group-0']);
    expect(named(Object.keys(resources.aws_vpc_endpoint_route_table_association))).toEqual(['privatelink_s3-route-table-0']);
  });

  test('takes a whole list that is a token (known at apply) as it is', () => {
    const { stack } = consumer();
    const ids = new TerraformVariable(stack, 'subnet_ids', { type: 'list(string)' });
    new EcsPrivateLink(stack, 'privatelink', { ...literal, subnetIds: Fn.tolist(ids.listValue) });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(VpcEndpoint, { subnet_ids: '${tolist(var.subnet_ids)}' });
  });

  test('rejects a bad literal beside tokens, and names its index', () => {
    const { stack, subnets, vpc } = consumer();
    const props = { ...literal, vpcId: vpc.id, subnetIds: [subnets[0].id, 'subnet-xyz'], allowedCidrBlocks: [vpc.cidrBlock, '10.0.0.1/16'] };
    let thrown: unknown;
    try {
      new EcsPrivateLink(stack, 'privatelink', props);
    } catch (err) {
      thrown = err;
    }
    // Written out, not built by the class under test: one line per problem, the construct's id and the path first.
    expect(thrown).toBeInstanceOf(EcsPrivateLinkPropsError);
    expect((thrown as Error).name).toBe('EcsPrivateLinkPropsError');
    expect((thrown as Error).message).toBe(
      'EcsPrivateLink privatelink: subnetIds[1]: "subnet-xyz" is not valid; expected a subnet id: "subnet-" followed by 8 or 17 lowercase hexadecimal digits, like subnet-0123456789abcdef0\n' +
        'EcsPrivateLink privatelink: allowedCidrBlocks[1]: "10.0.0.1/16" has host bits set; did you mean 10.0.0.0/16?',
    );
    expect((thrown as EcsPrivateLinkPropsError).problems).toEqual([
      { path: 'subnetIds[1]', message: '"subnet-xyz" is not valid; expected a subnet id: "subnet-" followed by 8 or 17 lowercase hexadecimal digits, like subnet-0123456789abcdef0' },
      { path: 'allowedCidrBlocks[1]', message: '"10.0.0.1/16" has host bits set; did you mean 10.0.0.0/16?' },
    ]);
    expect((thrown as EcsPrivateLinkPropsError).constructId).toBe('privatelink');
  });

  test('from JavaScript, without the type checker: a missing vpcId is required, a CIDR that is not a string is named by its type', () => {
    expect(propsProblems({ ...literal, vpcId: undefined } as unknown as EcsPrivateLinkProps)).toEqual([{ path: 'vpcId', message: 'is required (VPC that gets the endpoints)' }]);
    expect(propsProblems({ ...literal, allowedCidrBlocks: [123, null] } as unknown as EcsPrivateLinkProps)).toEqual([
      { path: 'allowedCidrBlocks[0]', message: 'is a number (123); expected a string; put it in quotes: "123"' },
      { path: 'allowedCidrBlocks[1]', message: 'is empty; give a value or remove the line' },
    ]);
  });

  test('rejects every bad literal at once, one line each', () => {
    const problems = propsProblems({
      ...literal,
      vpcId: 'vpc-1',
      routeTableIds: ['rtb-0123456789abcdef1', 'rtb-0123456789abcdef1'],
      endpoints: { ecr_api: {}, ecrdkr: {} },
    });
    expect(problems.map((p) => p.path)).toEqual(['vpcId', 'routeTableIds[1]', 'endpoints.ecrdkr']);
    expect(problems[1].message).toBe('"rtb-0123456789abcdef1" is listed twice');
    expect(problems[2].message).toMatch(/^"ecrdkr" is not a known endpoint; allowed: ecr_api, ecr_dkr, s3, .*; did you mean "ecr_dkr"\?$/);
  });

  test('rejects values of the wrong type from JavaScript callers in the file\'s words, never as a crash', () => {
    const props = { vpcId: 123, subnetIds: 'subnet-0123456789abcdef1', allowedCidrBlocks: [10] } as unknown as EcsPrivateLinkProps;
    expect(propsProblems(props)).toEqual([
      { path: 'region', message: 'is required (AWS region of the VPC)' },
      { path: 'vpcId', message: expect.stringMatching(/^is a number \(123\); expected a VPC id: "vpc-" followed by/) },
      { path: 'subnetIds', message: 'is a string ("subnet-0123456789abcdef1"); expected a list; write a list, even of one item: [subnet-0123456789abcdef1]' },
      { path: 'allowedCidrBlocks[0]', message: expect.stringMatching(/^is a number \(10\); expected a string/) },
    ]);
  });

  test('rejects a region that is a token: service names are built at synth time', () => {
    const { stack } = consumer();
    const region = new TerraformVariable(stack, 'region', { type: 'string' });
    expect(() => new EcsPrivateLink(stack, 'privatelink', { ...literal, region: region.stringValue })).toThrow(/^EcsPrivateLink privatelink: region: is a token; .* give it as a literal string/);
  });

  // The command line's message for the same value in a file: same words, in the construct's terms for the path.
  test.each([
    ['vpcId', 'vpc-XYZ'],
    ['region', 'eu-west'],
    ['namePrefix', '-bad'],
    ['allowedPrincipalOrgId', 'o-A'],
    ['subnetIds', ['subnet-0123456789abcdef1', 'subnet-12']],
    ['routeTableIds', ['rtb-0123456789ABCDEF1']],
    ['securityGroupIds', ['sg-1']],
    ['allowedSecurityGroupIds', ['sg-0123456789abcdef0', 'sg-0123456789abcdef0']],
    ['allowedCidrBlocks', ['10.0.0.0/33']],
    ['allowedCidrBlocks', ['2001:db8::1/56']],
    ['allowedPrincipalAccountIds', ['12345']],
  ] as const)('rejects %s %j with the command line\'s message', (field, value) => {
    const fromProps = propsProblems({ ...literal, [field]: value });
    const fromFile = configProblems({ region: 'eu-west-1', vpcId: 'vpc-0123456789abcdef0', [field]: value })
      .map((p) => ({ path: formatPath(p.path), message: p.message }))
      .filter((p) => p.path.startsWith(field));
    expect(fromProps).toHaveLength(1);
    expect(fromProps).toEqual(fromFile);
  });

  test('the library entry exports the construct, its checks and the catalog', () => {
    expect(library.EcsPrivateLink).toBe(EcsPrivateLink);
    expect(library.EcsPrivateLinkPropsError).toBe(EcsPrivateLinkPropsError);
    expect(library.CATALOG.map((e) => e.key)).toContain('ecr_dkr');
    expect(typeof library.TOOL_VERSION).toBe('string');
  });
});

describe('EcsPrivateLink with whole lists that are tokens', () => {
  test('iterates them with for_each: route tables, CIDR blocks and client security groups', () => {
    const { stack } = consumer();
    const list = (name: string) => Fn.tolist(new TerraformVariable(stack, name, { type: 'list(string)' }).listValue);
    new EcsPrivateLink(stack, 'privatelink', { ...literal, routeTableIds: list('rtbs'), allowedCidrBlocks: list('cidrs'), allowedSecurityGroupIds: list('sgs') });
    const resources = (JSON.parse(Testing.synth(stack)) as { resource: Resources }).resource;
    expect(Object.values(resources.aws_vpc_endpoint_route_table_association)).toEqual([
      expect.objectContaining({ for_each: '${toset(tolist(var.rtbs))}', route_table_id: '${each.value}' }),
    ]);
    const rules = Object.values(resources.aws_vpc_security_group_ingress_rule);
    expect(rules).toEqual([
      expect.objectContaining({ for_each: '${toset(tolist(var.cidrs))}', cidr_ipv4: '${each.value}' }),
      expect.objectContaining({ for_each: '${toset(tolist(var.sgs))}', referenced_security_group_id: '${each.value}' }),
    ]);
    // One resource per list, named for what it iterates.
    expect(named(Object.keys(resources.aws_vpc_security_group_ingress_rule))).toEqual(['privatelink_https-from-cidr-each', 'privatelink_https-from-security-group-each']);
    expect(named(Object.keys(resources.aws_vpc_endpoint_route_table_association))).toEqual(['privatelink_s3-route-table-each']);
  });
});
