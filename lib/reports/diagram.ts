/**
 * The architecture picture of a configuration: the VPC, its Availability
 * Zones and subnets with the ECS clients, the endpoint security group and its
 * sources, each interface endpoint with its private DNS name, the route tables
 * and the S3 gateway, and the AWS services behind the endpoints.
 *
 * One model (`diagramModel`), two renderers, both pure and deterministic:
 * `renderMermaid` (text for READMEs; the common code hosts draw it) and
 * `renderSvg` (a hand-laid SVG, no browser and no network).
 */
import { CATALOG, DNS_SUFFIXES, type EndpointKey, type Partition } from '../model/catalog';

export { DNS_SUFFIXES };
import type { Spec } from '../model/config';
import { zoneLayout } from './cost';
import { HTTPS_PORT, securityGroupName } from '../model/naming';

// ---------------------------------------------------------------------------
// Data: DNS names and the services behind the endpoints, by catalog key
// ---------------------------------------------------------------------------


/**
 * The host names clients use for each endpoint, with `{region}` and `{suffix}`
 * placeholders. For interface endpoints this is the private DNS name the
 * endpoint takes over in the VPC; for the S3 gateway, the public S3 host name
 * whose traffic the route tables send to the gateway.
 */
export const ENDPOINT_HOSTS: Readonly<Record<EndpointKey, string>> = {
  ecr_api: 'api.ecr.{region}.{suffix}',
  ecr_dkr: '*.dkr.ecr.{region}.{suffix}',
  s3: 's3.{region}.{suffix}',
  ecs: 'ecs.{region}.{suffix}',
  ecs_agent: 'ecs-a-*.{region}.{suffix}',
  ecs_telemetry: 'ecs-t-*.{region}.{suffix}',
  logs: 'logs.{region}.{suffix}',
  secretsmanager: 'secretsmanager.{region}.{suffix}',
  ssm: 'ssm.{region}.{suffix}',
  ssmmessages: 'ssmmessages.{region}.{suffix}',
  ec2messages: 'ec2messages.{region}.{suffix}',
  kms: 'kms.{region}.{suffix}',
  sts: 'sts.{region}.{suffix}',
};

/** The AWS service behind each endpoint: endpoints with the same service share one box. */
export const BACKING_SERVICES: Readonly<Record<EndpointKey, string>> = {
  ecr_api: 'Amazon ECR',
  ecr_dkr: 'Amazon ECR',
  s3: 'Amazon S3',
  ecs: 'Amazon ECS',
  ecs_agent: 'Amazon ECS',
  ecs_telemetry: 'Amazon ECS',
  logs: 'Amazon CloudWatch Logs',
  secretsmanager: 'AWS Secrets Manager',
  ssm: 'AWS Systems Manager',
  ssmmessages: 'AWS Systems Manager',
  ec2messages: 'AWS Systems Manager',
  kms: 'AWS KMS',
  sts: 'AWS STS',
};

/** One line under a service's name. */
const SERVICE_DETAILS: Readonly<Record<string, string>> = {
  'Amazon ECR': 'registry API, image manifests',
  'Amazon S3': 'image layers: prod-{region}-starport-layer-bucket',
  'Amazon ECS': 'control plane, agent, telemetry',
  'Amazon CloudWatch Logs': 'awslogs log driver',
  'AWS Secrets Manager': 'secrets in task definitions',
  'AWS Systems Manager': 'parameters, ECS Exec, SSM agent',
  'AWS KMS': 'customer managed keys',
  'AWS STS': 'IAM role credentials',
};

const ECS_ON_EC2_KEYS: readonly string[] = ['ecs', 'ecs_agent', 'ecs_telemetry'];

/** The host name clients use for an endpoint in a region, like `api.ecr.eu-west-1.amazonaws.com`. */
export function endpointHost(key: string, region: string, partition: Partition, custom?: { service: string }): string {
  // A custom endpoint (customEndpoints): the service's usual host name, <service>.<region>.<suffix>.
  const template = custom ? `${custom.service}.{region}.{suffix}` : (ENDPOINT_HOSTS as Record<string, string>)[key];
  if (template === undefined) throw new Error(`no host name known for endpoint "${key}"; add it to ENDPOINT_HOSTS in lib/reports/diagram.ts`);
  return template.replace('{region}', region).replace('{suffix}', DNS_SUFFIXES[partition]);
}

// ---------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------

export interface DiagramSubnet {
  /** Undefined for the stand-in of a configuration without subnets. */
  readonly id?: string;
}

export interface DiagramZone {
  readonly title: string;
  /** Grey words after the title, like `name not in the config`. */
  readonly note?: string;
  readonly subnets: readonly DiagramSubnet[];
}

export interface DiagramEndpoint {
  readonly key: string;
  /** `ecr.api` */
  readonly service: string;
  /** `com.amazonaws.eu-west-1.ecr.api` */
  readonly serviceName: string;
  /** `api.ecr.eu-west-1.amazonaws.com` */
  readonly host: string;
  readonly privateDns: boolean;
  /** `Amazon ECR` */
  readonly backing: string;
}

export interface DiagramService {
  readonly name: string;
  readonly detail: string;
  /** The endpoints that lead to it, in drawing order. */
  readonly endpointKeys: readonly string[];
}

export interface DiagramModel {
  readonly title: string;
  readonly subtitle: string;
  readonly region: string;
  readonly partition: Partition;
  readonly vpcId: string;
  readonly zones: readonly DiagramZone[];
  readonly clients: { readonly title: string; readonly detail: string };
  /** Undefined without interface endpoints. */
  readonly securityGroup?: { readonly title: string; readonly heading: string; readonly lines: readonly string[] };
  /** Grouped by backing service, services in catalog order. */
  readonly interfaces: readonly DiagramEndpoint[];
  readonly services: readonly DiagramService[];
  readonly gateway?: {
    readonly key: string;
    readonly serviceName: string;
    readonly host: string;
    readonly routeTableIds: readonly string[];
    readonly service: DiagramService;
  };
  /** Sentences for the legend. */
  readonly legend: readonly string[];
}

/** What both renderers draw, worked out once from a configuration. */
export function diagramModel(spec: Spec): DiagramModel {
  const partition = spec.partition;
  const interfacesInSpec = spec.endpoints.filter((e) => e.type === 'Interface');
  const gatewayInSpec = spec.endpoints.find((e) => e.type === 'Gateway');

  // Services in catalog order; endpoints grouped under them, so the lines to the services never cross.
  const catalogOrder = CATALOG.map((e) => e.key as string);
  const rank = (key: string) => (catalogOrder.includes(key) ? catalogOrder.indexOf(key) : catalogOrder.length);
  const backingOf = (key: string) => (BACKING_SERVICES as Record<string, string>)[key] ?? key;
  const serviceRank = new Map<string, number>();
  for (const key of catalogOrder) if (!serviceRank.has(backingOf(key))) serviceRank.set(backingOf(key), serviceRank.size);
  const interfaces: DiagramEndpoint[] = interfacesInSpec
    .map((e) => ({
      key: e.key,
      service: e.service,
      serviceName: e.serviceName,
      host: endpointHost(e.key, e.serviceRegion ?? spec.region, partition, e.custom ? e : undefined),
      privateDns: e.privateDns ?? true,
      backing: e.custom ? `AWS ${e.service}` : backingOf(e.key),
    }))
    .sort((a, b) => (serviceRank.get(a.backing) ?? 99) - (serviceRank.get(b.backing) ?? 99) || rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
  const services: DiagramService[] = [];
  for (const e of interfaces) {
    const last = services[services.length - 1];
    if (last && last.name === e.backing) (last.endpointKeys as string[]).push(e.key);
    else services.push({ name: e.backing, detail: serviceDetail(e.backing, spec.region), endpointKeys: [e.key] });
  }

  const layout = zoneLayout(spec);
  const zones: DiagramZone[] =
    layout.zones.length > 0
      ? layout.zones.map((z, i) => ({
          title: `Availability Zone ${z.name ?? i + 1}`,
          note: z.name ? undefined : 'name not in the config',
          subnets: z.subnetIds.map((id) => ({ id })),
        }))
      : [{ title: 'Availability Zones', note: 'any: the route tables decide', subnets: [{}] }];

  const ecsOnEc2 = spec.endpoints.some((e) => ECS_ON_EC2_KEYS.includes(e.key));
  const clients = ecsOnEc2
    ? { title: 'ECS container instances', detail: 'and their tasks (ECS on EC2)' }
    : { title: 'ECS tasks', detail: 'Fargate (platform 1.4.0+) or EC2' };

  let securityGroup: DiagramModel['securityGroup'];
  if (interfaces.length > 0) {
    const sources = [...spec.allowedCidrBlocks, ...spec.allowedSecurityGroupIds];
    if (spec.createSecurityGroup) {
      securityGroup = {
        title: `Security group ${securityGroupName(spec.namePrefix)}`,
        heading: `Inbound TCP ${HTTPS_PORT} from`,
        lines: [...sources, ...(spec.securityGroupIds.length > 0 ? [`also attached: ${spec.securityGroupIds.join(', ')}`] : [])],
      };
    } else {
      securityGroup = {
        title: `Security group${spec.securityGroupIds.length === 1 ? '' : 's'} managed by you`,
        heading: `Needs inbound TCP ${HTTPS_PORT} from the clients`,
        lines: [...spec.securityGroupIds],
      };
    }
  }

  const gateway = gatewayInSpec
    ? {
        key: gatewayInSpec.key,
        serviceName: gatewayInSpec.serviceName,
        host: endpointHost(gatewayInSpec.key, spec.region, partition),
        routeTableIds: [...spec.routeTableIds],
        service: { name: backingOf(gatewayInSpec.key), detail: serviceDetail(backingOf(gatewayInSpec.key), spec.region), endpointKeys: [gatewayInSpec.key] },
      }
    : undefined;

  const zoneCount = layout.zones.length;
  const parts = [
    ...(interfaces.length > 0 ? [`${count(interfaces.length, 'interface endpoint')} in ${count(zoneCount, 'Availability Zone')}`] : []),
    ...(gateway ? ['an S3 gateway endpoint'] : []),
  ];
  const legend = [
    ...(interfaces.length > 0
      ? [
          `Solid arrows: HTTPS (TCP ${HTTPS_PORT}). Private DNS resolves the service names to the endpoints' network interfaces in each subnet: ` +
            `${count(interfaces.length, 'interface endpoint')} × ${count(zoneCount, 'zone')} = ${count(interfaces.length * zoneCount, 'network interface')}.`,
        ]
      : []),
    ...(interfaces.some((e) => !e.privateDns)
      ? [`Private DNS off (${interfaces.filter((e) => !e.privateDns).map((e) => e.service).join(', ')}): the public names do not lead to the endpoint; clients call its own vpce-... DNS name.`]
      : []),
    ...(gateway ? ['Dashed arrows: S3 traffic, sent to the gateway endpoint by the S3 prefix list route in the route tables (no DNS change, no charge).'] : []),
    'No NAT gateway and no internet gateway are on these paths.',
  ];

  return {
    title: `ECS and ECR through PrivateLink: ${spec.vpcId} in ${spec.region}`,
    subtitle: capitalize(`${parts.join(' and ')}; no NAT gateway`),
    region: spec.region,
    partition,
    vpcId: spec.vpcId,
    zones,
    clients,
    securityGroup,
    interfaces,
    services,
    gateway,
    legend,
  };
}

function serviceDetail(name: string, region: string): string {
  return (SERVICE_DETAILS[name] ?? '').replace('{region}', region);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------
// Mermaid
// ---------------------------------------------------------------------------

/**
 * A Mermaid label: the text inside `"..."`, with Mermaid's entity codes for the
 * characters that would end the string or be read as HTML or markup.
 */
export function mermaidText(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/&/g, '#38;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;')
    .replace(/[\r\n\t]+/g, ' ');
}

/** A quoted Mermaid label from lines (joined with `<br/>`), each line escaped. */
function label(...lines: string[]): string {
  return `"${lines.map(mermaidText).join('<br/>')}"`;
}

/** Mermaid node id from a catalog key or index: letters, digits and `_` only. */
function mid(prefix: string, key: string | number): string {
  return `${prefix}_${String(key).replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** The architecture as a Mermaid flowchart (no code fence). Deterministic. */
export function renderMermaid(spec: Spec): string {
  const m = diagramModel(spec);
  const out: string[] = [];
  const add = (depth: number, line: string) => out.push(`${'  '.repeat(depth)}${line}`);

  // Host names are wider than Mermaid's default 200-pixel wrapping width: keep each on one line.
  add(0, '%%{init: {"flowchart": {"wrappingWidth": 400}}}%%');
  add(0, `%% ${mermaidText(m.title)}`);
  add(0, 'flowchart LR');
  add(1, `subgraph region[${label(`Region ${m.region}`)}]`);
  add(2, 'direction LR');
  add(2, `subgraph vpc[${label(`VPC ${m.vpcId}`)}]`);
  add(3, 'direction LR');
  const clientIds: string[] = [];
  m.zones.forEach((zone, zi) => {
    add(3, `subgraph ${mid('az', zi + 1)}[${label(zone.note ? `${zone.title} (${zone.note})` : zone.title)}]`);
    zone.subnets.forEach((subnet, si) => {
      const n = `${zi + 1}_${si + 1}`;
      const clientId = mid('clients', n);
      clientIds.push(clientId);
      add(4, `subgraph ${mid('subnet', n)}[${label(subnet.id ? `Private subnet ${subnet.id}` : 'Private subnets')}]`);
      add(5, `${clientId}[${label(m.clients.title, m.clients.detail)}]`);
      add(4, 'end');
    });
    add(3, 'end');
  });
  if (m.securityGroup) {
    // Subgraph titles stay on one line (Mermaid draws longer ones under the nodes); the rule is a node.
    add(3, `subgraph sg[${label(m.securityGroup.title)}]`);
    add(4, `sg_rule[${label(m.securityGroup.heading, ...(m.securityGroup.lines.length > 0 ? m.securityGroup.lines : ['(none)']))}]`);
    for (const e of m.interfaces) {
      add(4, `${mid('ep', e.key)}[${label(`${e.service} endpoint`, e.host, ...(e.privateDns ? [] : ['private DNS off']))}]`);
    }
    add(3, 'end');
  }
  if (m.gateway) {
    add(3, `rt[${label('Route tables', ...m.gateway.routeTableIds)}]`);
    add(3, `${mid('gw', m.gateway.key)}[${label('S3 gateway endpoint', m.gateway.serviceName)}]`);
  }
  add(2, 'end');
  const allServices = [...m.services, ...(m.gateway ? [m.gateway.service] : [])];
  allServices.forEach((s, i) => add(2, `${mid('svc', i + 1)}[${label(s.name, s.detail)}]`));
  add(1, 'end');

  // Edges.
  for (const c of clientIds) {
    if (m.securityGroup) add(1, `${c} -->|${label(`HTTPS ${HTTPS_PORT}`)}| sg_rule`);
    if (m.gateway) add(1, `${c} -.->|${label('S3 prefix list')}| rt`);
  }
  for (const e of m.interfaces) add(1, `sg_rule --> ${mid('ep', e.key)}`);
  m.services.forEach((s, i) => s.endpointKeys.forEach((k) => add(1, `${mid('ep', k)} --> ${mid('svc', i + 1)}`)));
  if (m.gateway) {
    add(1, `rt -.-> ${mid('gw', m.gateway.key)}`);
    add(1, `${mid('gw', m.gateway.key)} -.-> ${mid('svc', allServices.length)}`);
  }

  // Style: the SVG's colours.
  add(1, 'classDef client fill:#fff4e8,stroke:#ed7100,color:#16191f');
  add(1, 'classDef endpoint fill:#ffffff,stroke:#8c4fff,color:#16191f');
  add(1, 'classDef gateway fill:#f2f8e6,stroke:#7aa116,color:#16191f');
  add(1, 'classDef service fill:#f2f3f3,stroke:#232f3e,color:#16191f');
  add(1, `class ${clientIds.join(',')} client`);
  if (m.interfaces.length > 0) add(1, `class ${m.interfaces.map((e) => mid('ep', e.key)).join(',')} endpoint`);
  if (m.gateway) add(1, `class rt,${mid('gw', m.gateway.key)} gateway`);
  add(1, `class ${allServices.map((_, i) => mid('svc', i + 1)).join(',')} service`);
  add(1, 'style region fill:#ffffff,stroke:#147eba,stroke-dasharray:6 4');
  add(1, 'style vpc fill:#fbf8ff,stroke:#8c4fff');
  m.zones.forEach((zone, zi) => {
    add(1, `style ${mid('az', zi + 1)} fill:#f7f9fc,stroke:#5a6b86,stroke-dasharray:5 3`);
    zone.subnets.forEach((_, si) => add(1, `style ${mid('subnet', `${zi + 1}_${si + 1}`)} fill:#e6f6f7,stroke:#00a4a6`));
  });
  if (m.securityGroup) {
    add(1, 'classDef rule fill:#fff5f6,stroke:#dd344c,color:#16191f');
    add(1, 'class sg_rule rule');
    add(1, 'style sg fill:#fff5f6,stroke:#dd344c,stroke-dasharray:5 3');
  }
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------
// SVG
// ---------------------------------------------------------------------------

/** Text for SVG/XML: escaped, and characters XML 1.0 cannot hold replaced. */
export function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const SANS = "'DejaVu Sans', Verdana, Geneva, sans-serif";
const MONO = "'DejaVu Sans Mono', Menlo, Consolas, monospace";

const C = {
  ink: '#16191f',
  grey: '#545b64',
  region: '#147eba',
  vpc: '#8c4fff',
  vpcFill: '#fbf8ff',
  az: '#5a6b86',
  azFill: '#f7f9fc',
  subnet: '#00a4a6',
  subnetFill: '#e6f6f7',
  client: '#ed7100',
  clientFill: '#fff4e8',
  sg: '#dd344c',
  sgFill: '#fff5f6',
  endpoint: '#8c4fff',
  gateway: '#7aa116',
  gatewayFill: '#f2f8e6',
  service: '#232f3e',
  serviceFill: '#f2f3f3',
  dnsOn: '#1d8102',
  dnsOff: '#b0600a',
  arrow: '#414d5c',
};

type Font = 'sans' | 'bold' | 'mono';

/**
 * Estimated advance of text in DejaVu Sans (the widest of the fonts named),
 * so that boxes fit whichever font the viewer picks.
 */
export function textWidth(text: string, size: number, font: Font): number {
  if (font === 'mono') return [...text].length * size * 0.602;
  let em = 0;
  for (const ch of text) {
    if (/[iljI.,:;'|!]/.test(ch)) em += 0.3;
    else if (/[ ft()\[\]\-r*]/.test(ch)) em += 0.38;
    else if (/[mwMW]/.test(ch)) em += 0.95;
    else if (/[A-Z]/.test(ch)) em += 0.74;
    else if (/[a-z0-9]/.test(ch)) em += 0.63;
    else em += 0.8;
  }
  return em * size * (font === 'bold' ? 1.1 : 1);
}

interface TextStyle {
  size: number;
  font?: Font;
  fill?: string;
  anchor?: 'start' | 'middle' | 'end';
  italic?: boolean;
}

class Svg {
  readonly parts: string[] = [];
  rect(x: number, y: number, w: number, h: number, stroke: string, fill: string, extra = ''): void {
    this.parts.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" rx="6" fill="${fill}" stroke="${stroke}"${extra ? ` ${extra}` : ''}/>`);
  }
  text(x: number, y: number, content: string, s: TextStyle): void {
    const font = s.font ?? 'sans';
    const attrs = [
      `x="${n(x)}"`,
      `y="${n(y)}"`,
      `font-family="${font === 'mono' ? MONO : SANS}"`,
      `font-size="${s.size}"`,
      ...(font === 'bold' ? ['font-weight="bold"'] : []),
      ...(s.italic ? ['font-style="italic"'] : []),
      ...(s.anchor && s.anchor !== 'start' ? [`text-anchor="${s.anchor}"`] : []),
      `fill="${s.fill ?? C.ink}"`,
    ];
    this.parts.push(`<text ${attrs.join(' ')}>${xmlText(content)}</text>`);
  }
  line(x1: number, y1: number, x2: number, y2: number, stroke: string, opts: { arrow?: boolean; dashed?: boolean; width?: number } = {}): void {
    this.parts.push(
      `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${stroke}" stroke-width="${opts.width ?? 1.5}"` +
        `${opts.dashed ? ' stroke-dasharray="6 4"' : ''}${opts.arrow ? ` marker-end="url(#arrow-${stroke.slice(1)})"` : ''}/>`,
    );
  }
  open(id: string, title?: string): void {
    this.parts.push(`<g id="${xmlText(id)}">`);
    if (title) this.parts.push(`<title>${xmlText(title)}</title>`);
  }
  close(): void {
    this.parts.push('</g>');
  }
}

/** Numbers in the SVG: at most one decimal, so the output is stable. */
function n(x: number): string {
  return String(Math.round(x * 10) / 10);
}

const widest = (items: [string, number, Font][]) => Math.max(0, ...items.map(([t, size, font]) => textWidth(t, size, font)));

// Metrics shared by the layout and the drawing steps.
const MARGIN = 24;
const PAD = 12;
const CARD_H = 44;
const CARD_GAP = 6;
const GROUP_GAP = 14;
const ROW = 15; // line height of 11-px text
const RT_GAP = 56;

type Point = { x: number; y: number };

/** Column A: the Availability Zones, their subnets and the clients in them. */
interface ZoneColumn {
  readonly clientW: number;
  readonly subnetW: number;
  readonly azW: number;
  readonly subnetH: number;
  /** `5 endpoint network interfaces`, under each client; empty without interface endpoints. */
  readonly eniLine: string;
  readonly zoneH: (z: DiagramZone) => number;
  readonly height: number;
}

/** Column C: the security group with the endpoint cards, then the route tables and the S3 gateway. */
interface EndpointColumn {
  readonly width: number;
  readonly sgHeaderH: number;
  /** 0 without a security group. */
  readonly sgH: number;
  readonly rtW: number;
  /** 0 without a gateway. */
  readonly gwH: number;
  readonly height: number;
}

/** Where everything goes: the columns' sizes, then the x and y positions of the frames. */
interface SvgLayout {
  readonly a: ZoneColumn;
  readonly c: EndpointColumn;
  readonly svcW: number;
  readonly regionX: number;
  readonly vpcX: number;
  readonly colAX: number;
  readonly busX: number;
  readonly colCX: number;
  readonly vpcRight: number;
  readonly colDX: number;
  readonly regionRight: number;
  readonly titleY: number;
  readonly regionY: number;
  readonly vpcY: number;
  readonly contentY: number;
  readonly sgY: number;
  readonly gwY: number;
  readonly vpcBottom: number;
  readonly regionBottom: number;
  readonly legendY: number;
  readonly width: number;
  readonly height: number;
}

const badge = (e: DiagramEndpoint) => (e.privateDns ? 'private DNS' : 'private DNS off');

function measureZoneColumn(m: DiagramModel): ZoneColumn {
  const hasInterfaces = m.interfaces.length > 0;
  const eniLine = hasInterfaces ? `${count(m.interfaces.length, 'endpoint network interface')}` : '';
  const clientW = Math.max(widest([[m.clients.title, 12, 'bold'], [m.clients.detail, 11, 'sans']]) + 2 * 10, 180);
  const subnetW = Math.max(
    clientW + 2 * 10,
    widest([
      ['Private subnet', 12, 'bold'],
      ...m.zones.flatMap((z) => z.subnets.map((s): [string, number, Font] => (s.id ? [s.id, 11, 'mono'] : ['those of the route tables', 11, 'sans']))),
      [eniLine, 11, 'sans'],
    ]) + 2 * 10,
  );
  const azW = Math.max(subnetW + 2 * PAD, widest(m.zones.flatMap((z): [string, number, Font][] => [[z.title, 13, 'bold'], [z.note ?? '', 11, 'sans']])) + 2 * PAD);
  const subnetH = 44 + 40 + (hasInterfaces ? 28 : 10);
  const zoneH = (z: DiagramZone) => 30 + (z.note ? ROW : 0) + z.subnets.length * (subnetH + 8) + 4;
  const height = m.zones.reduce((h, z) => h + zoneH(z) + 16, -16);
  return { clientW, subnetW, azW, subnetH, eniLine, zoneH, height };
}

function measureEndpointColumn(m: DiagramModel): EndpointColumn {
  const cardW = Math.max(
    240,
    ...m.interfaces.map(
      (e) =>
        Math.max(
          textWidth(e.service, 12.5, 'bold') + 10 + textWidth(e.serviceName, 10, 'mono') + 16 + textWidth(badge(e), 10.5, 'sans'),
          textWidth(e.host, 11, 'mono'),
        ) +
        2 * 10,
    ),
  );
  const sg = m.securityGroup;
  const sgW = sg ? Math.max(cardW + 2 * PAD, widest([[sg.title, 13, 'bold'], [sg.heading, 11, 'sans'], ...sg.lines.map((l): [string, number, Font] => [l, 11, 'mono'])]) + 2 * PAD) : 0;
  const sgHeaderH = sg ? 30 + ROW + Math.max(1, sg.lines.length) * ROW + 10 : 0;
  const groupsH = m.services.reduce((h, s, i) => h + s.endpointKeys.length * CARD_H + (s.endpointKeys.length - 1) * CARD_GAP + (i > 0 ? GROUP_GAP : 0), 0);
  const sgH = sg ? sgHeaderH + groupsH + PAD : 0;

  const gw = m.gateway;
  const rtW = gw ? Math.max(150, widest([['Route tables', 12, 'bold'], ...gw.routeTableIds.map((r): [string, number, Font] => [r, 11, 'mono']), ['S3 prefix list route', 11, 'sans']]) + 2 * 10) : 0;
  const gwMinW = gw ? Math.max(170, widest([['S3 gateway endpoint', 12, 'bold'], [gw.serviceName, 11, 'mono'], ['free, no DNS change', 11, 'sans']]) + 2 * 10) : 0;
  const rtH = gw ? 24 + gw.routeTableIds.length * ROW + ROW + 12 : 0;
  const gwH = gw ? Math.max(rtH, 24 + 2 * ROW + 12) : 0;
  const width = Math.max(sgW, gw ? rtW + RT_GAP + gwMinW : 0);
  const height = (sg ? sgH : 0) + (sg && gw ? 32 : 0) + (gw ? gwH : 0);
  return { width, sgHeaderH, sgH, rtW, gwH, height };
}

/** Column D: the services behind the interface endpoints, then the one behind the S3 gateway. */
function allServicesOf(m: DiagramModel): DiagramService[] {
  return [...m.services, ...(m.gateway ? [m.gateway.service] : [])];
}

function layoutSvg(m: DiagramModel): SvgLayout {
  const a = measureZoneColumn(m);
  const c = measureEndpointColumn(m);
  const svcW = Math.max(200, widest(allServicesOf(m).flatMap((s): [string, number, Font][] => [[s.name, 12.5, 'bold'], [s.detail, 10.5, 'sans']])) + 2 * 12);

  // Horizontal positions.
  const regionX = MARGIN;
  const vpcX = regionX + 20;
  const colAX = vpcX + 20;
  const busX = colAX + a.azW + 34;
  const colCX = colAX + a.azW + 150;
  const vpcRight = colCX + c.width + 24;
  const colDX = vpcRight + 84;
  const regionRight = colDX + svcW + 20;

  // Vertical positions.
  const titleY = MARGIN + 20;
  const regionY = titleY + 32;
  const vpcY = regionY + 40;
  const contentY = vpcY + 44;
  const sgY = contentY;
  const gwY = m.securityGroup ? sgY + c.sgH + 32 : contentY;
  const vpcBottom = contentY + Math.max(a.height, c.height) + 24;
  const regionBottom = vpcBottom + 20;

  // Legend and overall size.
  const legendY = regionBottom + 28;
  const height = legendY + (m.legend.length - 1) * 18 + MARGIN;
  const width = Math.ceil(
    Math.max(
      regionRight + MARGIN,
      MARGIN + textWidth(m.title, 18, 'bold') + MARGIN,
      MARGIN + textWidth(m.subtitle, 12, 'sans') + MARGIN,
      ...m.legend.map((l) => MARGIN + textWidth(l, 11.5, 'sans') + MARGIN),
    ),
  );
  return { a, c, svcW, regionX, vpcX, colAX, busX, colCX, vpcRight, colDX, regionRight, titleY, regionY, vpcY, contentY, sgY, gwY, vpcBottom, regionBottom, legendY, width, height };
}

/** The architecture as a standalone SVG document. Deterministic: the same spec gives the same bytes. */
export function renderSvg(spec: Spec): string {
  const m = diagramModel(spec);
  const L = layoutSvg(m);
  const svg = new Svg();
  drawFrames(svg, m, L);
  const clientAnchors = drawZones(svg, m, L);
  const cardAnchors = drawEndpointCards(svg, m, L);
  const gateway = drawGatewayRow(svg, m, L);
  drawServices(svg, m, L, cardAnchors, gateway?.gwAnchor);
  drawClientPaths(svg, m, L, clientAnchors, gateway?.rtAnchor);
  m.legend.forEach((l, i) => svg.text(MARGIN, L.legendY + i * 18, l, { size: 11.5, fill: C.grey }));
  return svgDocument(m, L, svg);
}

/** The title, the region and the VPC. */
function drawFrames(svg: Svg, m: DiagramModel, L: SvgLayout): void {
  svg.text(MARGIN, L.titleY, m.title, { size: 18, font: 'bold' });
  svg.text(MARGIN, L.titleY + 20, m.subtitle, { size: 12, fill: C.grey });

  svg.open('region', `Region ${m.region} (${m.partition})`);
  svg.rect(L.regionX, L.regionY, L.regionRight - L.regionX, L.regionBottom - L.regionY, C.region, 'none', 'stroke-dasharray="8 5" stroke-width="1.5"');
  svg.text(L.regionX + 12, L.regionY + 22, `Region ${m.region}`, { size: 13, font: 'bold', fill: C.region });
  svg.close();
  svg.open('vpc', `VPC ${m.vpcId}`);
  svg.rect(L.vpcX, L.vpcY, L.vpcRight - L.vpcX, L.vpcBottom - L.vpcY, C.vpc, C.vpcFill, 'stroke-width="2"');
  svg.text(L.vpcX + 12, L.vpcY + 24, `VPC ${m.vpcId}`, { size: 14, font: 'bold', fill: C.vpc });
  svg.close();
}

/** Column A: zones, subnets, clients. Returns the right edge of each client box, where its arrow starts. */
function drawZones(svg: Svg, m: DiagramModel, L: SvgLayout): Point[] {
  const { a } = L;
  const clientAnchors: Point[] = [];
  let y = L.contentY;
  m.zones.forEach((zone, zi) => {
    const h = a.zoneH(zone);
    svg.open(`zone-${zi + 1}`, zone.title);
    svg.rect(L.colAX, y, a.azW, h, C.az, C.azFill, 'stroke-dasharray="5 3"');
    svg.text(L.colAX + PAD, y + 20, zone.title, { size: 13, font: 'bold', fill: C.az });
    if (zone.note) svg.text(L.colAX + PAD, y + 20 + ROW, zone.note, { size: 11, fill: C.grey, italic: true });
    let sy = y + 30 + (zone.note ? ROW : 0);
    for (const subnet of zone.subnets) {
      const sx = L.colAX + PAD;
      svg.rect(sx, sy, a.subnetW, a.subnetH, C.subnet, C.subnetFill);
      svg.text(sx + 10, sy + 18, 'Private subnet', { size: 12, font: 'bold', fill: '#007e80' });
      if (subnet.id) svg.text(sx + 10, sy + 34, subnet.id, { size: 11, font: 'mono' });
      else svg.text(sx + 10, sy + 34, 'those of the route tables', { size: 11, fill: C.grey, italic: true });
      const cy = sy + 44;
      svg.rect(sx + 10, cy, a.clientW, 40, C.client, C.clientFill);
      svg.text(sx + 20, cy + 17, m.clients.title, { size: 12, font: 'bold' });
      svg.text(sx + 20, cy + 32, m.clients.detail, { size: 11, fill: C.grey });
      clientAnchors.push({ x: sx + 10 + a.clientW, y: cy + 20 });
      if (a.eniLine) svg.text(sx + 10, cy + 40 + 19, a.eniLine, { size: 11, fill: C.grey });
      sy += a.subnetH + 8;
    }
    svg.close();
    y += h + 16;
  });
  return clientAnchors;
}

/** Column C, top: the security group and an endpoint card per interface endpoint, grouped by service. */
function drawEndpointCards(svg: Svg, m: DiagramModel, L: SvgLayout): Map<string, Point> {
  const cardAnchors = new Map<string, Point>();
  const sg = m.securityGroup;
  if (!sg) return cardAnchors;
  const { colCX, sgY } = L;
  svg.open('security-group', sg.title);
  svg.rect(colCX, sgY, L.c.width, L.c.sgH, C.sg, C.sgFill, 'stroke-dasharray="6 3" stroke-width="1.5"');
  svg.text(colCX + PAD, sgY + 20, sg.title, { size: 13, font: 'bold', fill: C.sg });
  svg.text(colCX + PAD, sgY + 20 + ROW + 2, sg.heading, { size: 11, fill: C.grey });
  (sg.lines.length > 0 ? sg.lines : ['(none)']).forEach((l, i) => svg.text(colCX + PAD, sgY + 20 + ROW * (i + 2) + 4, l, { size: 11, font: 'mono' }));
  svg.close();
  let cy = sgY + L.c.sgHeaderH;
  const cardX = colCX + PAD;
  const cardWidth = L.c.width - 2 * PAD;
  m.services.forEach((s, si) => {
    if (si > 0) cy += GROUP_GAP;
    s.endpointKeys.forEach((key, ki) => {
      if (ki > 0) cy += CARD_GAP;
      const e = m.interfaces.find((x) => x.key === key)!;
      drawEndpointCard(svg, e, cardX, cy, cardWidth);
      cardAnchors.set(key, { x: cardX + cardWidth, y: cy + CARD_H / 2 });
      cy += CARD_H;
    });
  });
  return cardAnchors;
}

function drawEndpointCard(svg: Svg, e: DiagramEndpoint, x: number, y: number, w: number): void {
  svg.open(`endpoint-${e.key}`, `${e.serviceName}: interface endpoint, private DNS ${e.privateDns ? 'on' : 'off'}`);
  svg.rect(x, y, w, CARD_H, C.endpoint, '#ffffff');
  svg.text(x + 10, y + 17, e.service, { size: 12.5, font: 'bold' });
  svg.text(x + 10 + textWidth(e.service, 12.5, 'bold') + 10, y + 17, e.serviceName, { size: 10, font: 'mono', fill: C.grey });
  svg.text(x + w - 10, y + 16, badge(e), { size: 10.5, fill: e.privateDns ? C.dnsOn : C.dnsOff, anchor: 'end' });
  svg.text(x + 10, y + 34, e.host, { size: 11, font: 'mono', fill: e.privateDns ? C.ink : C.grey });
  svg.close();
}

/** Column C, bottom: the route tables and the S3 gateway. Returns where the arrows meet them. */
function drawGatewayRow(svg: Svg, m: DiagramModel, L: SvgLayout): { rtAnchor: Point; gwAnchor: Point } | undefined {
  const gw = m.gateway;
  if (!gw) return undefined;
  const { colCX, gwY } = L;
  const { rtW, gwH } = L.c;
  svg.open('route-tables', `Route tables: ${gw.routeTableIds.join(', ')}`);
  svg.rect(colCX, gwY, rtW, gwH, C.gateway, '#ffffff');
  svg.text(colCX + 10, gwY + 18, 'Route tables', { size: 12, font: 'bold' });
  gw.routeTableIds.forEach((r, i) => svg.text(colCX + 10, gwY + 18 + ROW * (i + 1) + 2, r, { size: 11, font: 'mono' }));
  svg.text(colCX + 10, gwY + 18 + ROW * (gw.routeTableIds.length + 1) + 4, 'S3 prefix list route', { size: 11, fill: C.grey });
  svg.close();
  const gx = colCX + rtW + RT_GAP;
  const gwW = colCX + L.c.width - gx;
  svg.open(`endpoint-${gw.key}`, `${gw.serviceName}: gateway endpoint on the route tables`);
  svg.rect(gx, gwY, gwW, gwH, C.gateway, C.gatewayFill, 'stroke-width="1.5"');
  svg.text(gx + 10, gwY + 18, 'S3 gateway endpoint', { size: 12, font: 'bold' });
  svg.text(gx + 10, gwY + 18 + ROW + 2, gw.serviceName, { size: 11, font: 'mono' });
  svg.text(gx + 10, gwY + 18 + 2 * ROW + 4, 'free, no DNS change', { size: 11, fill: C.grey });
  svg.close();
  svg.line(colCX + rtW, gwY + gwH / 2, gx - 2, gwY + gwH / 2, C.gateway, { arrow: true, dashed: true });
  return { rtAnchor: { x: colCX, y: gwY + gwH / 2 }, gwAnchor: { x: gx + gwW, y: gwY + gwH / 2 } };
}

/** Column D: services, each as tall as the cards that lead to it, and the arrows to them. */
function drawServices(svg: Svg, m: DiagramModel, L: SvgLayout, cardAnchors: Map<string, Point>, gwAnchor: Point | undefined): void {
  const { colDX, svcW } = L;
  svg.text(colDX, L.vpcY + 24, 'AWS services', { size: 13, font: 'bold', fill: C.service });
  m.services.forEach((s) => {
    const first = cardAnchors.get(s.endpointKeys[0])!;
    const last = cardAnchors.get(s.endpointKeys[s.endpointKeys.length - 1])!;
    const top = first.y - CARD_H / 2;
    const h = last.y + CARD_H / 2 - top;
    drawService(svg, s, colDX, top, svcW, h);
    for (const key of s.endpointKeys) {
      const a = cardAnchors.get(key)!;
      svg.line(a.x, a.y, colDX - 2, a.y, C.arrow, { arrow: true });
    }
  });
  if (m.gateway && gwAnchor) {
    drawService(svg, m.gateway.service, colDX, L.gwY, svcW, L.c.gwH);
    svg.line(gwAnchor.x, gwAnchor.y, colDX - 2, gwAnchor.y, C.gateway, { arrow: true, dashed: true });
  }
}

/** Clients to the endpoints and the route tables, through a vertical bus. */
function drawClientPaths(svg: Svg, m: DiagramModel, L: SvgLayout, clientAnchors: Point[], rtAnchor: Point | undefined): void {
  const { busX } = L;
  const targets: { y: number; x: number; label: string; color: string; dashed: boolean }[] = [];
  if (m.securityGroup) targets.push({ x: L.colCX, y: L.sgY + L.c.sgHeaderH + (L.c.sgH - L.c.sgHeaderH) / 2, label: `HTTPS ${HTTPS_PORT}`, color: C.arrow, dashed: false });
  if (rtAnchor) targets.push({ x: rtAnchor.x, y: rtAnchor.y, label: 'to S3', color: C.gateway, dashed: true });
  const busYs = [...clientAnchors.map((a) => a.y), ...targets.map((t) => t.y)];
  svg.open('client-paths');
  for (const a of clientAnchors) svg.line(a.x, a.y, busX, a.y, C.arrow);
  svg.line(busX, Math.min(...busYs), busX, Math.max(...busYs), C.arrow);
  for (const t of targets) {
    svg.line(busX, t.y, t.x - 2, t.y, t.color, { arrow: true, dashed: t.dashed });
    svg.text((busX + t.x) / 2, t.y - 6, t.label, { size: 11, font: 'bold', fill: t.color, anchor: 'middle' });
  }
  svg.close();
}

/** The document around the drawing: size, title and description for screen readers, arrow markers. */
function svgDocument(m: DiagramModel, L: SvgLayout, svg: Svg): string {
  const markers = [C.arrow, C.gateway]
    .map(
      (c) =>
        `<marker id="arrow-${c.slice(1)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">` +
        `<path d="M 0 0 L 10 5 L 0 10 z" fill="${c}"/></marker>`,
    )
    .join('');
  const height = Math.ceil(L.height);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${L.width}" height="${height}" viewBox="0 0 ${L.width} ${height}" role="img" aria-labelledby="diagram-title diagram-desc">`,
    `<title id="diagram-title">${xmlText(m.title)}</title>`,
    `<desc id="diagram-desc">${xmlText(`${m.subtitle}. ${m.legend.join(' ')}`)}</desc>`,
    `<defs>${markers}</defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...svg.parts,
    '</svg>',
    '',
  ].join('\n');
}

function drawService(svg: Svg, s: DiagramService, x: number, y: number, w: number, h: number): void {
  svg.open(`service-${s.name.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}`, s.name);
  svg.rect(x, y, w, h, C.service, C.serviceFill, 'stroke-width="1.5"');
  const mid = y + h / 2;
  svg.text(x + 12, s.detail ? mid - 2 : mid + 4, s.name, { size: 12.5, font: 'bold' });
  if (s.detail) svg.text(x + 12, mid + 13, s.detail, { size: 10.5, fill: C.grey });
  svg.close();
}
