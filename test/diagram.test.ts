import * as path from 'path';
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { CATALOG } from '../lib/model/catalog';
import { loadConfig, parseConfig, type Spec } from '../lib/model/config';
import { BACKING_SERVICES, diagramModel, endpointHost, ENDPOINT_HOSTS, mermaidText, renderMermaid, renderSvg, xmlText } from '../lib/reports/diagram';
import { EXAMPLE_CONFIG, loadCases } from './support/cases';
import { expectGolden } from './support/golden';

/** Ten interface endpoints, the S3 gateway, three named zones, a source of each kind, private DNS off on one. */
const TEN_IN_THREE_ZONES = `
region: ap-southeast-2
vpcId: vpc-0d0d0d0d0d0d0d0d0
subnets:
  - { id: subnet-0d0d0d0d0d0d0d0d1, availabilityZone: ap-southeast-2a }
  - { id: subnet-0d0d0d0d0d0d0d0d2, availabilityZone: ap-southeast-2b }
  - { id: subnet-0d0d0d0d0d0d0d0d3, availabilityZone: ap-southeast-2c }
routeTableIds: [rtb-0d0d0d0d0d0d0d0d1, rtb-0d0d0d0d0d0d0d0d2, rtb-0d0d0d0d0d0d0d0d3]
allowedCidrBlocks: [10.30.0.0/16]
allowedSecurityGroupIds: [sg-0d0d0d0d0d0d0d0d1]
endpoints: [ecs-agent, ecs-telemetry, ecs, ecr.api, ecr.dkr, s3, logs, secretsmanager, ssm, ssmmessages, kms]
privateDns: { ecr.api: false }
`;

const specs: [string, Spec][] = [
  ['the built-in example', loadConfig(EXAMPLE_CONFIG)],
  ['10 endpoints in 3 zones', parseConfig(TEN_IN_THREE_ZONES, 'ten.yaml')],
  ['the S3 gateway alone', parseConfig('region: eu-west-1\nvpcId: vpc-0a0a0a0a\nprofile: none\nendpoints: [s3]\nrouteTableIds: [rtb-0a0a0a0a]\n', 'gw.yaml')],
  [
    'one interface endpoint in one zone without the S3 gateway',
    parseConfig('region: eu-west-1\nvpcId: vpc-0d0d0d0d\nsubnets: [{ id: subnet-0d0d0d01, availabilityZone: eu-west-1a }]\nallowedCidrBlocks: [10.0.0.0/16]\nprofile: none\nendpoints: [sts]\n', 'one.yaml'),
  ],
  [
    'private DNS off on two endpoints without the S3 gateway',
    parseConfig(
      'region: eu-west-1\nvpcId: vpc-0e0e0e0e\nsubnetIds: [subnet-0e0e0e01, subnet-0e0e0e02]\nallowedCidrBlocks: [10.0.0.0/16]\nprofile: none\nendpoints: [ecr.api, ecr.dkr, logs]\nprivateDns: { ecr.api: false, logs: false }\n',
      'dns-off.yaml',
    ),
  ],
  // Its legend's private DNS line is wider than the picture: the canvas widens to it.
  [
    'private DNS off wherever it may be',
    parseConfig(
      'region: eu-west-1\nvpcId: vpc-0f0f0f0f\nsubnetIds: [subnet-0f0f0f01, subnet-0f0f0f02]\nrouteTableIds: [rtb-0f0f0f0f]\nallowedCidrBlocks: [10.0.0.0/16]\nprofile: none\n' +
        'endpoints: [ecr.api, ecr.dkr, s3, ecs, ecs-agent, ecs-telemetry, logs, secretsmanager, ssm, ssmmessages, ec2messages, kms, sts]\n' +
        'customEndpoints: [{ service: elasticloadbalancing, privateDns: false }, { service: application-autoscaling, privateDns: false }, { service: elasticfilesystem, privateDns: false }]\n' +
        'privateDns: { ecr.api: false, ecs: false, ecs-agent: false, ecs-telemetry: false, logs: false, secretsmanager: false, ssm: false, ssmmessages: false, ec2messages: false, kms: false, sts: false }\n',
      'all-off.yaml',
    ),
  ],
  [
    'one security group of yours with ECS Exec and STS',
    parseConfig(
      'region: us-east-1\nvpcId: vpc-0b0b0b0b\nsubnetIds: [subnet-0b0b0b01, subnet-0b0b0b02]\nrouteTableIds: [rtb-0b0b0b0b]\nsecurityGroupIds: [sg-0b0b0b0b]\nendpoints: [ssm, ssmmessages, ec2messages, sts]\n',
      'exec.yaml',
    ),
  ],
  ...loadCases().map((c): [string, Spec] => [`case ${c.name}`, loadConfig(c.configFile)]),
];

/** Parses strictly: any warning or error fails the test (but U+FFFD, which stands for characters XML cannot hold). */
function parseSvg(text: string) {
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level === 'warning' && /replacement character/.test(message)) return;
      throw new Error(`SVG is not well-formed XML (${level}): ${message}`);
    },
  }).parseFromString(text, 'image/svg+xml');
  return doc.documentElement!;
}

function elements(root: XmlElement, tag: string): XmlElement[] {
  return Array.from(root.getElementsByTagName(tag)) as XmlElement[];
}

function texts(root: XmlElement): string[] {
  return elements(root, 'text').map((t) => t.textContent ?? '');
}

describe('the data behind the picture', () => {
  test('every catalog key has a host name and a backing service', () => {
    const keys = CATALOG.map((e) => e.key).sort();
    expect(Object.keys(ENDPOINT_HOSTS).sort()).toEqual(keys);
    expect(Object.keys(BACKING_SERVICES).sort()).toEqual(keys);
  });

  test('the host name of every catalog endpoint, as AWS names it (written out here, not derived)', () => {
    const hosts = Object.fromEntries(CATALOG.map((e) => [e.key, endpointHost(e.key, 'eu-west-1', 'aws')]));
    expect(hosts).toEqual({
      ecr_api: 'api.ecr.eu-west-1.amazonaws.com',
      ecr_dkr: '*.dkr.ecr.eu-west-1.amazonaws.com',
      s3: 's3.eu-west-1.amazonaws.com',
      ecs: 'ecs.eu-west-1.amazonaws.com',
      ecs_agent: 'ecs-a-*.eu-west-1.amazonaws.com',
      ecs_telemetry: 'ecs-t-*.eu-west-1.amazonaws.com',
      logs: 'logs.eu-west-1.amazonaws.com',
      secretsmanager: 'secretsmanager.eu-west-1.amazonaws.com',
      ssm: 'ssm.eu-west-1.amazonaws.com',
      ssmmessages: 'ssmmessages.eu-west-1.amazonaws.com',
      ec2messages: 'ec2messages.eu-west-1.amazonaws.com',
      kms: 'kms.eu-west-1.amazonaws.com',
      sts: 'sts.eu-west-1.amazonaws.com',
    });
  });

  test('the clients are container instances (ECS on EC2) when any of ecs, ecs-agent and ecs-telemetry is on, tasks otherwise', () => {
    const clients = (extra: string) =>
      diagramModel(parseConfig(`region: eu-west-1\nvpcId: vpc-0a0a0a0a\nsubnetIds: [subnet-0a0a0a01]\nrouteTableIds: [rtb-0a0a0a0a]\nallowedCidrBlocks: [10.0.0.0/16]\nprofile: none\nendpoints: [ecr.api, ecr.dkr, s3${extra}]\n`, 'c.yaml')).clients.title;
    expect([clients(', ecs'), clients(', ecs-agent'), clients(', ecs-telemetry'), clients('')]).toEqual(['ECS container instances', 'ECS container instances', 'ECS container instances', 'ECS tasks']);
  });

  test('an endpoint without a host name is a bug of the catalog, said so', () => {
    expect(() => endpointHost('nope', 'eu-west-1', 'aws')).toThrow(new Error('no host name known for endpoint "nope"; add it to ENDPOINT_HOSTS in lib/reports/diagram.ts'));
    expect(endpointHost('nope', 'eu-west-1', 'aws', { service: 'sqs' })).toBe('sqs.eu-west-1.amazonaws.com');
  });

  test('private DNS names follow the partition: amazonaws.com.cn in China', () => {
    expect(endpointHost('ecr_api', 'eu-west-1', 'aws')).toBe('api.ecr.eu-west-1.amazonaws.com');
    expect(endpointHost('ecr_dkr', 'eu-west-1', 'aws')).toBe('*.dkr.ecr.eu-west-1.amazonaws.com');
    expect(endpointHost('ecs', 'us-east-1', 'aws')).toBe('ecs.us-east-1.amazonaws.com');
    expect(endpointHost('logs', 'us-east-1', 'aws')).toBe('logs.us-east-1.amazonaws.com');
    expect(endpointHost('ecr_api', 'cn-north-1', 'aws-cn')).toBe('api.ecr.cn-north-1.amazonaws.com.cn');
    expect(endpointHost('ecs_agent', 'cn-northwest-1', 'aws-cn')).toBe('ecs-a-*.cn-northwest-1.amazonaws.com.cn');
    expect(endpointHost('ecr_dkr', 'us-gov-west-1', 'aws-us-gov')).toBe('*.dkr.ecr.us-gov-west-1.amazonaws.com');
  });

  test('endpoints are grouped by the service behind them, so no two arrows cross', () => {
    const m = diagramModel(specs[1][1]);
    expect(m.interfaces.map((e) => e.key)).toEqual(['ecr_api', 'ecr_dkr', 'ecs', 'ecs_agent', 'ecs_telemetry', 'logs', 'secretsmanager', 'ssm', 'ssmmessages', 'kms']);
    expect(m.services.map((s) => [s.name, s.endpointKeys.length])).toEqual([
      ['Amazon ECR', 2],
      ['Amazon ECS', 3],
      ['Amazon CloudWatch Logs', 1],
      ['AWS Secrets Manager', 1],
      ['AWS Systems Manager', 2],
      ['AWS KMS', 1],
    ]);
    expect(m.zones.map((z) => z.title)).toEqual(['Availability Zone ap-southeast-2a', 'Availability Zone ap-southeast-2b', 'Availability Zone ap-southeast-2c']);
  });
});

describe.each(specs)('%s', (_name, spec) => {
  const svg = renderSvg(spec);
  const mermaid = renderMermaid(spec);
  const root = parseSvg(svg);
  const words = texts(root);
  const interfaces = spec.endpoints.filter((e) => e.type === 'Interface');

  test('the SVG is well-formed and has every endpoint, with its service name and private DNS name', () => {
    expect(root.tagName).toBe('svg');
    const ids = elements(root, 'g').map((g) => g.getAttribute('id'));
    for (const e of spec.endpoints) {
      expect(ids).toContain(`endpoint-${e.key}`);
      expect(words.some((w) => w.includes(e.serviceName))).toBe(true);
    }
    for (const e of interfaces) {
      expect(words).toContain(e.service);
      expect(words).toContain(endpointHost(e.key, e.serviceRegion ?? spec.region, spec.partition, e.custom ? { service: e.service } : undefined));
    }
  });

  test('the SVG shows the VPC, every subnet and route table, and the security group sources', () => {
    expect(words).toContain(`VPC ${spec.vpcId}`);
    for (const id of [...spec.subnetIds, ...spec.routeTableIds]) expect(words).toContain(id);
    for (const s of spec.subnets ?? []) expect(words).toContain(`Availability Zone ${s.availabilityZone}`);
    if (interfaces.length > 0) {
      for (const source of spec.createSecurityGroup ? [...spec.allowedCidrBlocks, ...spec.allowedSecurityGroupIds] : spec.securityGroupIds) {
        expect(words).toContain(source);
      }
    }
  });

  test('every box and line of the SVG is inside the canvas', () => {
    const width = Number(root.getAttribute('width'));
    const height = Number(root.getAttribute('height'));
    for (const r of elements(root, 'rect').filter((r) => r.getAttribute('x') !== null)) {
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((a) => Number(r.getAttribute(a)));
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x + w).toBeLessThanOrEqual(width);
      expect(y + h).toBeLessThanOrEqual(height);
    }
    for (const l of elements(root, 'line')) {
      for (const [a, max] of [['x1', width], ['x2', width], ['y1', height], ['y2', height]] as const) {
        expect(Number(l.getAttribute(a))).toBeLessThanOrEqual(max);
      }
    }
  });

  test('the Mermaid text has every endpoint, with its private DNS name', () => {
    expect(mermaid).toMatch(/^flowchart LR$/m);
    for (const e of spec.endpoints) {
      expect(mermaid).toMatch(new RegExp(`\\b(ep|gw)_${e.key}\\[`));
    }
    for (const e of interfaces) expect(mermaid).toContain(endpointHost(e.key, e.serviceRegion ?? spec.region, spec.partition, e.custom ? { service: e.service } : undefined));
    const opened = mermaid.split('\n').filter((l) => /^\s*subgraph /.test(l)).length;
    const closed = mermaid.split('\n').filter((l) => /^\s*end$/.test(l)).length;
    expect(opened).toBe(closed);
  });

  test('is deterministic and leaves its input alone', () => {
    const before = JSON.stringify(spec);
    expect(renderSvg(spec)).toBe(svg);
    expect(renderMermaid(spec)).toBe(mermaid);
    expect(JSON.stringify(spec)).toBe(before);
  });
});

describe('user text is escaped', () => {
  // Not a valid configuration: renderers must still never emit broken markup.
  const base = specs[0][1];
  const hostile: Spec = {
    ...base,
    vpcId: `vpc-"<b>&'#quot;\`x\`]`,
    namePrefix: 'a"]-->b[<script>',
    allowedCidrBlocks: ['10.0.0.0/16 & "x"'],
    subnets: [{ id: 'subnet-<1>', availabilityZone: 'eu-west-1"a' }],
    subnetIds: ['subnet-<1>'],
    routeTableIds: ['rtb-\u0001"'],
  };

  test('in the SVG: XML escaping, and control characters replaced', () => {
    const root = parseSvg(renderSvg(hostile));
    const words = texts(root);
    expect(words).toContain(`VPC vpc-"<b>&'#quot;\`x\`]`);
    expect(words).toContain('Security group a"]-->b[<script>-endpoints');
    expect(words).toContain('subnet-<1>');
    expect(words).toContain('rtb-\ufffd"');
    expect(elements(root, 'script')).toHaveLength(0);
    expect(xmlText(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
    // Half a surrogate pair (a high one not followed by a low one, a low one not after a high one) is U+FFFD; a whole pair stays.
    expect(xmlText('a\ud800b \udc00c \ud83d\ude00 \ud800\ud800\udc00 x\ud800')).toBe('a\ufffdb \ufffdc \ud83d\ude00 \ufffd\ud800\udc00 x\ufffd');
  });

  test('in Mermaid: every label is one quoted string with entity codes', () => {
    const mermaid = renderMermaid(hostile);
    expect(mermaid).toContain('["VPC vpc-#quot;#lt;b#gt;#38;\'#35;quot;#96;x#96;]"]');
    expect(mermaid).toContain('Security group a#quot;]--#gt;b[#lt;script#gt;-endpoints');
    expect(mermaid).not.toContain('<script>');
    // Outside the labels only ids, arrows and keywords: strip the labels and nothing user-written is left.
    const skeleton = mermaid
      .split('\n')
      .filter((l) => !l.startsWith('%%'))
      .join('\n')
      .replace(/"[^"]*"/g, '""');
    expect(skeleton).not.toMatch(/script|vpc-|subnet-|rtb-/);
    expect(mermaidText('a#b&c"d<e>f`g\nh')).toBe('a#35;b#38;c#quot;d#lt;e#gt;f#96;g h');
    // A run of line breaks and tabs is one space.
    expect(mermaidText('a\r\n\tb\nc')).toBe('a b c');
  });
});

/** The pictures as reviewed, Mermaid and SVG (test/diagrams/; `UPDATE_GOLDEN=1 npm test` rewrites them: open the SVGs and read the diff). */
describe('the pictures, line for line', () => {
  const PICTURED = [
    'the built-in example',
    '10 endpoints in 3 zones',
    'the S3 gateway alone',
    'one security group of yours with ECS Exec and STS',
    'private DNS off wherever it may be',
    'one interface endpoint in one zone without the S3 gateway',
    'private DNS off on two endpoints without the S3 gateway',
    'case china',
    'case custom-endpoints',
    'case tricky-tags',
    'case fargate',
    'case existing-security-groups',
    'case created-and-existing-security-groups',
    'case extra-endpoints',
  ];
  const fileName = (name: string) => name.replace(/^case /, '').replace(/ /g, '-');

  test.each(specs.filter(([name]) => PICTURED.includes(name)))('%s', (name, spec) => {
    expectGolden(path.join(__dirname, 'diagrams', `${fileName(name)}.mmd`), renderMermaid(spec));
    expectGolden(path.join(__dirname, 'diagrams', `${fileName(name)}.svg`), renderSvg(spec));
  });

  test('each picture named is one of the specs', () => {
    expect(specs.map(([name]) => name).filter((name) => PICTURED.includes(name)).sort()).toEqual([...PICTURED].sort());
  });
});
