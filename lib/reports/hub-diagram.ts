/**
 * The picture of a fleet with a hub (lib/model/hub.ts), as Mermaid: the hub
 * VPC with its interface endpoints and S3 gateway, the Transit Gateway, each
 * spoke with its S3 gateway and the endpoints it keeps, and how the spokes
 * resolve the hub's endpoints (the private hosted zones or the Route 53
 * Profile, shared through RAM with spokes of other accounts).
 */
import { endpointByKey } from '../model/catalog';
import type { Fleet } from '../model/fleet';
import { shareAccounts } from '../model/hub';
import { HTTPS_PORT } from '../model/naming';
import { mermaidText } from './diagram';

const label = (...lines: string[]) => `"${lines.map(mermaidText).join('<br/>')}"`;
const id = (prefix: string, name: string) => `${prefix}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
const service = (key: string) => endpointByKey(key)?.service ?? key;

/** A hub fleet as a Mermaid flowchart (no code fence). Deterministic. */
export function renderHubMermaid(fleet: Fleet): string {
  const hub = fleet.hub;
  if (!hub) throw new Error('renderHubMermaid draws a fleet with a hub');
  const hubVpc = fleet.vpcs.find((v) => v.name === hub.name)!;
  const out: string[] = [];
  const add = (depth: number, line: string) => out.push(`${'  '.repeat(depth)}${line}`);
  const accounts = shareAccounts(hub);

  add(0, '%%{init: {"flowchart": {"wrappingWidth": 400}}}%%');
  add(0, `%% ${mermaidText(`Centralized endpoints: hub ${hub.name} and ${hub.spokes.length} spokes in ${hub.region}`)}`);
  add(0, 'flowchart LR');
  add(1, `subgraph region[${label(`Region ${hub.region}`)}]`);
  add(2, 'direction LR');
  add(2, `subgraph hub[${label(`Hub VPC ${hub.name}: ${hub.vpcId}, ${hub.cidr}`)}]`);
  add(3, `hub_sg[${label(`Endpoint security group: TCP ${HTTPS_PORT} from`, ...hubVpc.spec.allowedCidrBlocks, ...hubVpc.spec.allowedSecurityGroupIds)}]`);
  for (const e of hubVpc.spec.endpoints.filter((x) => x.type === 'Interface')) {
    const shared = hub.centralized.includes(e.key);
    add(3, `${id('hub_ep', e.key)}[${label(`${e.service} endpoint`, shared ? (hub.dns === 'zones' ? 'private DNS off: served by a zone' : 'private DNS on, in the Profile') : 'for the hub only')}]`);
  }
  if (hubVpc.spec.endpoints.some((e) => e.type === 'Gateway')) add(3, `hub_s3[${label('S3 gateway endpoint', 'route tables of the hub')}]`);
  add(2, 'end');
  if (hub.dns === 'zones') {
    add(2, `subgraph dns[${label('Private hosted zones (Route 53), alias records to the hub endpoints')}]`);
    for (const z of hub.zones) add(3, `${id('zone', z.key)}[${label(z.name, ...z.records.filter((r) => r !== z.name).map((r) => `+ ${r}`))}]`);
    add(2, 'end');
  } else {
    add(2, `dns[${label('Route 53 Profile', `holds ${hub.centralized.map(service).join(', ')}`, ...(accounts.length > 0 ? [`shared through AWS RAM with ${accounts.join(', ')}`] : []))}]`);
  }
  add(2, `tgw{{${label('Transit Gateway', 'yours: attachments and routes')}}}`);
  for (const spoke of hub.spokes) {
    const spec = fleet.vpcs.find((v) => v.name === spoke.name)!.spec;
    add(2, `subgraph ${id('spoke', spoke.name)}[${label(`Spoke VPC ${spoke.name}: ${spoke.vpcId}, ${spoke.cidr}${spoke.crossAccount ? `, account ${spoke.accountId}` : ''}`)}]`);
    add(3, `${id('clients', spoke.name)}[${label('ECS tasks and instances')}]`);
    for (const l of spoke.local) add(3, `${id(`local_${spoke.name}`, l.key)}[${label(`${service(l.key)} endpoint`, 'stays in the spoke')}]`);
    if (spec.endpoints.some((e) => e.type === 'Gateway')) add(3, `${id('s3', spoke.name)}[${label('S3 gateway endpoint', 'image layers stay local')}]`);
    add(2, 'end');
  }
  add(1, 'end');

  for (const spoke of hub.spokes) {
    const clients = id('clients', spoke.name);
    add(1, `${clients} -->|${label(`HTTPS ${HTTPS_PORT}`)}| tgw`);
    for (const l of spoke.local) add(1, `${clients} --> ${id(`local_${spoke.name}`, l.key)}`);
    if (fleet.vpcs.find((v) => v.name === spoke.name)!.spec.endpoints.some((e) => e.type === 'Gateway')) add(1, `${clients} -.-> ${id('s3', spoke.name)}`);
    if (hub.dns === 'zones') add(1, `dns -.-|${label(spoke.crossAccount ? 'authorized + associated' : 'associated')}| ${id('spoke', spoke.name)}`);
    else add(1, `dns -.-|${label(spoke.crossAccount ? 'RAM share + association' : 'association')}| ${id('spoke', spoke.name)}`);
  }
  add(1, 'tgw --> hub_sg');
  for (const key of hub.centralized) add(1, `hub_sg --> ${id('hub_ep', key)}`);
  if (hub.dns === 'zones') for (const z of hub.zones) add(1, `${id('zone', z.key)} -.->|${label('alias')}| ${id('hub_ep', z.key)}`);
  else add(1, 'dns -.-> hub');
  add(1, 'classDef endpoint fill:#ffffff,stroke:#8c4fff,color:#16191f');
  add(1, 'classDef dns fill:#f2f3f3,stroke:#232f3e,color:#16191f');
  add(1, `class ${hubVpc.spec.endpoints.filter((x) => x.type === 'Interface').map((e) => id('hub_ep', e.key)).join(',')} endpoint`);
  // A zones hub has a zone at least: the fleet refuses a hub that can share none of its endpoints.
  add(1, `class ${hub.dns === 'zones' ? hub.zones.map((z) => id('zone', z.key)).join(',') : 'dns'} dns`);
  return `${out.join('\n')}\n`;
}
