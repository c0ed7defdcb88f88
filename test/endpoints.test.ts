/**
 * lib/model/endpoints.ts and the partitions of lib/model/catalog.ts: the
 * checks of the endpoint lists and of each endpoint's options that no case or
 * bad input file reached (found by a mutation run), each with the message a
 * user reads; and the partition of a region from the form of its name.
 * Expected values are written out, as AWS names them, not computed.
 */
import { customEndpointKey, partitionOf } from '../lib/model/catalog';
import { ConfigError, parseConfig } from '../lib/model/config';
import { endpointSet, unknownRegionWarning } from '../lib/model/endpoints';

const BASE = `region: eu-west-1
vpcId: vpc-0a1b2c3d4e5f67890
subnetIds: [subnet-0a1b2c3d4e5f60001]
routeTableIds: [rtb-0a1b2c3d4e5f60001]
allowedCidrBlocks: [10.20.0.0/16]
`;

/** BASE without route tables (for an endpoint set without the s3 gateway). */
const NO_ROUTE_TABLES = BASE.replace(/^routeTableIds:.*\n/m, '');

/** "path: message" of each problem of a configuration (`base` plus `extra`), or [] when it is accepted. */
function problems(extra: string, base = BASE): string[] {
  try {
    parseConfig(base + extra, 'c.yaml');
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

/** "path: message" of each warning of an accepted configuration. */
function warnings(extra: string): string[] {
  return (parseConfig(BASE + extra, 'c.yaml').warnings ?? []).map((p) => `${p.path}: ${p.message}`);
}

describe('the partition of a region', () => {
  test('known regions: from the list, whatever their form', () => {
    expect(['eu-west-1', 'cn-north-1', 'us-gov-west-1'].map(partitionOf)).toEqual(['aws', 'aws-cn', 'aws-us-gov']);
  });

  test('regions not in the list: from the form of the name', () => {
    const byForm = {
      'eu-central-9': 'aws',
      'cn-south-9': 'aws-cn',
      'us-gov-north-9': 'aws-us-gov',
      'us-iso-north-9': 'aws-iso',
      'us-isob-north-9': 'aws-iso-b',
      'eu-isoe-north-9': 'aws-iso-e',
      'us-isof-north-9': 'aws-iso-f',
    };
    expect(Object.fromEntries(Object.keys(byForm).map((r) => [r, partitionOf(r)]))).toEqual(byForm);
  });

  test('a name that is not a region is refused, with the form expected', () => {
    for (const bad of ['eu-west', 'EU-WEST-1', 'xx-gov', 'eu-west-1a', 'cn-gov-']) expect(() => partitionOf(bad)).toThrow(`"${bad}" is not an AWS region name; expected a name like eu-west-1`);
  });
});

test('the key of a custom endpoint: dots and hyphens as underscores', () => {
  expect(['sqs', 'ecr.api', 'ssm-contacts', 'a.b-c'].map(customEndpointKey)).toEqual(['sqs', 'ecr_api', 'ssm_contacts', 'a_b_c']);
});

describe('the lists of endpoints', () => {
  test('two custom services with the same key are refused, the second named', () => {
    expect(problems('customEndpoints:\n  - service: foo-bar\n  - service: foo.bar\n')).toEqual([
      'customEndpoints[1].service: "foo.bar" has the same key (foo_bar) as entry 0; list each service once',
    ]);
  });

  test('an empty endpoints list is refused', () => {
    expect(problems('endpoints: []\n')).toEqual([expect.stringMatching(/^endpoints: /)]);
  });
});

describe("each endpoint's options", () => {
  test('an empty id list is refused, a repeated id too', () => {
    expect(
      problems('endpoints:\n  - service: ecr.api\n    subnetIds: []\n  - service: ecr.dkr\n    securityGroupIds: [sg-0a1b2c3d4e5f60001, sg-0a1b2c3d4e5f60001]\n'),
    ).toEqual([
      'endpoints[0].subnetIds: is empty; remove it to use the shared setting, or list at least one id',
      'endpoints[1].securityGroupIds[1]: "sg-0a1b2c3d4e5f60001" is listed twice',
    ]);
  });

  test('private DNS on a custom gateway endpoint is refused', () => {
    expect(problems('customEndpoints:\n  - service: dynamodb\n    type: Gateway\n    privateDns: true\n')).toEqual([
      'customEndpoints[0].privateDns: only applies to interface endpoints, and dynamodb (a gateway endpoint) has no private DNS; remove it',
    ]);
  });

  test('privateDnsOnlyForInboundResolverEndpoint: only on the interface endpoint of a gateway service, with private DNS on', () => {
    const option = '    dnsOptions: { privateDnsOnlyForInboundResolverEndpoint: true }\n';
    expect(problems(`customEndpoints:\n  - service: sqs\n${option}`)).toEqual([
      'customEndpoints[0].dnsOptions.privateDnsOnlyForInboundResolverEndpoint: only applies to the interface endpoint of a service that also has a gateway endpoint (s3, dynamodb), not to sqs; remove it',
    ]);
    // The ec2 profile has the s3 gateway.
    expect(problems(`customEndpoints:\n  - service: s3\n    privateDns: false\n${option}`)).toEqual([
      'customEndpoints[0].dnsOptions.privateDnsOnlyForInboundResolverEndpoint: needs private DNS on, and privateDns is false; remove one of the two',
    ]);
    expect(problems(`customEndpoints:\n  - service: s3\n${option}`)).toEqual([]);
  });

  test('an IP address type AWS does not document for a custom service is a warning, ipv4 none', () => {
    expect(warnings('customEndpoints:\n  - service: sqs\n    ipAddressType: dualstack\n')).toEqual([
      'customEndpoints[0].ipAddressType: "dualstack": AWS\'s pages do not say whether sqs takes dualstack endpoints; check with aws ec2 describe-vpc-endpoint-services --service-names com.amazonaws.<region>.sqs (SupportedIpAddressTypes)',
    ]);
    expect(warnings('customEndpoints:\n  - service: sqs\n    ipAddressType: ipv4\n')).toEqual([]);
    // A dotted service name may not follow com.amazonaws.<region>.<service>: the command asks for the full name.
    expect(warnings('customEndpoints:\n  - service: sagemaker.runtime\n    ipAddressType: ipv6\n')).toEqual([
      'customEndpoints[0].ipAddressType: "ipv6": AWS\'s pages do not say whether sagemaker.runtime takes ipv6 endpoints; check with aws ec2 describe-vpc-endpoint-services --service-names <full name> (SupportedIpAddressTypes)',
    ]);
  });

  test('a DNS record type that does not fit the endpoint says which address type it has and where that comes from', () => {
    expect(problems('endpoints:\n  - service: ecs\n    dnsOptions: { dnsRecordIpType: ipv6 }\n')).toEqual([
      'endpoints[0].dnsOptions.dnsRecordIpType: "ipv6" does not fit an ipv4 endpoint (ipAddressType defaults to ipv4): an ipv4 endpoint has IPv4 addresses only, so A records; use ipv4 or service-defined',
    ]);
  });
});

describe('the endpoint set (before the rules that report duplicates)', () => {
  test('an endpoint listed twice: the first entry gives its place and options', () => {
    const set = endpointSet({ region: 'eu-west-1', profile: 'none', endpoints: ['ecs', { service: 'ecs', subnetIds: ['subnet-0a1b2c3d4e5f60009'] }] });
    expect(set.map((m) => [m.key, m.at, m.options])).toEqual([['ecs', ['endpoints', 0], {}]]);
  });

  test('two custom services with one key: one member, the first', () => {
    const set = endpointSet({ region: 'eu-west-1', profile: 'none', customEndpoints: [{ service: 'foo-bar' }, { service: 'foo.bar', type: 'Interface' }] });
    expect(set.map((m) => [m.key, m.service, m.at])).toEqual([['foo_bar', 'foo-bar', ['customEndpoints', 0]]]);
  });

  test('a custom endpoint has privateDns and policy only when its entry sets them', () => {
    const [bare, set] = endpointSet({ region: 'eu-west-1', profile: 'none', customEndpoints: [{ service: 'sqs' }, { service: 'sns', privateDns: false, policy: '{}' }] });
    expect(Object.keys(bare).sort()).toEqual(['at', 'custom', 'key', 'options', 'service', 'type']);
    expect([set.privateDns, set.policy]).toEqual([false, '{}']);
  });
});

describe('the S3 interface endpoint, cross-region ECR and regions not known', () => {
  const s3Interface = 'customEndpoints:\n  - service: s3\n';
  test('the S3 interface endpoint without the gateway is refused when ECR images are pulled, at its own entry', () => {
    expect(problems(`profile: none\nendpoints: [ecr.api, ecr.dkr]\n${s3Interface}`, NO_ROUTE_TABLES)).toEqual([
      expect.stringMatching(/^customEndpoints\[0\]\.service: is the S3 interface endpoint, which cannot serve ECR image layer downloads/),
    ]);
    // With the gateway (the ec2 profile has it), or without ecr.dkr, it is accepted.
    expect(problems(s3Interface)).toEqual([]);
    expect(problems(`profile: none\nendpoints: [ecs]\n${s3Interface}`, NO_ROUTE_TABLES)).toEqual([]);
  });

  test('ecr.dkr in another region warns that its layers come from that region\'s bucket; ecr.api there does not', () => {
    expect(warnings('endpoints:\n  - service: ecr.dkr\n    serviceRegion: us-east-1\n')).toEqual([
      expect.stringMatching(/^endpoints\[0\]\.serviceRegion: ECR serves the image layers of us-east-1 from the S3 bucket prod-us-east-1-starport-layer-bucket in us-east-1, /),
    ]);
    expect(warnings('endpoints:\n  - service: ecr.api\n    serviceRegion: us-east-1\n')).toEqual([]);
  });

  test('a custom service that AWS does not list for cross-region access is refused', () => {
    expect(problems('customEndpoints:\n  - service: xray\n    serviceRegion: us-east-1\n')).toEqual([
      expect.stringMatching(/^customEndpoints\[0\]\.serviceRegion: xray cannot be reached in another region: AWS's list of cross-region PrivateLink services has .*; remove serviceRegion$/),
    ]);
  });

  test('a DNS record type that does not fit an endpoint whose address type is set says so', () => {
    expect(problems('customEndpoints:\n  - service: sqs\n    ipAddressType: ipv6\n    dnsOptions: { dnsRecordIpType: ipv4 }\n')).toEqual([
      'customEndpoints[0].dnsOptions.dnsRecordIpType: "ipv4" does not fit an ipv6 endpoint (ipAddressType is ipv6): an ipv6 endpoint has IPv6 addresses only, so AAAA records; use ipv6 or service-defined',
    ]);
  });

  test('a region not known: its partition, and the known region at most two edits away, if any', () => {
    expect(unknownRegionWarning('eu-wxst-9')).toMatch(/^"eu-wxst-9" is not among the regions ecs-privatelink knows; it is used as written \(partition aws\); did you mean "eu-west-\d"\?$/);
    expect(unknownRegionWarning('us-gov-nowhere-7')).toBe('"us-gov-nowhere-7" is not among the regions ecs-privatelink knows; it is used as written (partition aws-us-gov); check the spelling if it is not a new region');
  });
});

describe('endpoint rules, each message written out (survivors of the StrykerJS run at 81be9ef)', () => {
  test('an empty endpoints list is refused; a profile of none with only custom endpoints is accepted', () => {
    expect(problems('endpoints: []\n')).toEqual(['endpoints: is empty; list endpoints to add to the profile, or remove the field']);
    expect(problems('profile: none\ncustomEndpoints:\n  - service: sqs\n', NO_ROUTE_TABLES)).toEqual([]);
  });

  test('the S3 interface endpoint without the s3 gateway is refused beside ecr.dkr, whatever other gateway is on; another custom interface endpoint is not it', () => {
    const s3Problem =
      'customEndpoints[0].service: is the S3 interface endpoint, which cannot serve ECR image layer downloads: ECR pulls need the s3 gateway endpoint (Amazon ECR user guide, "Create the Amazon S3 gateway endpoint"); add s3 to endpoints, or use a profile that has it';
    expect(problems('profile: none\nendpoints: [ecr.api, ecr.dkr]\ncustomEndpoints:\n  - service: s3\n  - service: dynamodb\n    type: Gateway\n')).toEqual([s3Problem]);
    expect(problems('profile: none\nendpoints: [ecr.api, ecr.dkr]\ncustomEndpoints:\n  - service: sqs\n', NO_ROUTE_TABLES)).toEqual([]);
  });

  test('an interface-only option on the s3 gateway names it as a gateway endpoint', () => {
    expect(problems('endpoints:\n  - service: s3\n    subnetIds: [subnet-0a1b2c3d4e5f60002]\n')).toEqual([
      'endpoints[0].subnetIds: only applies to interface endpoints, and s3 (a gateway endpoint) is reached through route tables; remove it',
    ]);
  });

  test('IP address types: refused with AWS reason where AWS documents the types, a warning where it does not', () => {
    expect(problems('endpoints:\n  - service: ecr.api\n    ipAddressType: dualstack\n')).toEqual([
      'endpoints[0].ipAddressType: "dualstack" is not supported by ecr.api: Amazon ECR does not support AWS PrivateLink traffic over dual-stack endpoints: use IPv4-only ECR endpoints (https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html); remove the line or use ipv4',
    ]);
    expect(problems('endpoints:\n  - service: sts\n    ipAddressType: ipv6\n')).toEqual([
      'endpoints[0].ipAddressType: "ipv6" is not supported by sts: IPv6-only AWS STS VPC endpoints are not supported; use ipv4 or dualstack (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_dual-stack_endpoint_support.html); remove the line or use ipv4 or dualstack',
    ]);
    expect(warnings('endpoints:\n  - service: ecs-telemetry\n    ipAddressType: ipv6\n')).toEqual([
      'endpoints[0].ipAddressType: "ipv6": AWS\'s pages do not say whether ecs-telemetry takes ipv6 endpoints; check with aws ec2 describe-vpc-endpoint-services --service-names com.amazonaws.<region>.ecs-telemetry (SupportedIpAddressTypes)',
    ]);
  });

  test('serviceRegion on a service AWS does not reach across regions: the list of those it does, catalog or custom', () => {
    const source = 'https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-cross-region-privatelink-support.html';
    expect(problems('endpoints:\n  - service: ecs-agent\n    serviceRegion: us-east-1\n')).toEqual([
      `endpoints[0].serviceRegion: ecs-agent cannot be reached in another region: AWS's list of cross-region PrivateLink services has ecr.api, ecr.dkr, ecs and the S3 interface endpoint among the ECS/ECR ones, not ecs-agent or ecs-telemetry (${source}); remove serviceRegion`,
    ]);
    expect(problems('customEndpoints:\n  - service: sqs\n    serviceRegion: us-east-1\n')).toEqual([
      `customEndpoints[0].serviceRegion: sqs cannot be reached in another region: AWS's list of cross-region PrivateLink services has s3, ecr.api, ecr.dkr, kms, kms-fips, ecs, lambda, kinesis-firehose, kinesisanalytics, kinesisanalytics-fips (${source}); remove serviceRegion`,
    ]);
  });
});
