/**
 * The doctor's collector: reads one VPC (and one ECS cluster) with the AWS
 * SDK for JavaScript v3 into a snapshot (lib/reports/doctor/snapshot.ts).
 *
 * Read-only calls only (README: "IAM permissions of doctor"). Every call is
 * paginated to the end (NextToken / nextToken), retried with backoff when
 * AWS throttles it, and a call that still fails (access denied, throttled
 * for good, a network error) is recorded under `errors` so that the
 * analysis reports "could not check …" instead of crashing.
 *
 * The SDK is loaded here, with `import()`, when the doctor collects: no
 * other command, and not `doctor --snapshot-in`, loads it.
 */
import type { Snapshot } from '../../lib/reports/doctor/snapshot';
import { familyRevision, SNAPSHOT_FORMAT_VERSION, taskDefinitionKey } from '../../lib/reports/doctor/snapshot';
import { serviceName } from '../../lib/model/catalog';
import type { AccountHint } from '../../lib/model/fleet';

/** What a client of the SDK is to the collector: something that sends a command. */
interface Sender {
  send(command: unknown): Promise<unknown>;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Wait before attempt `n` (1 for the first retry). */
  delayMs(n: number): number;
  sleep(ms: number): Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  delayMs: (n) => Math.min(200 * 2 ** (n - 1), 5000) * (0.5 + Math.random() / 2),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface CollectOptions {
  region: string;
  vpcId: string;
  cluster?: string;
  /** Credentials of the configuration (`account` of a fleet VPC): a profile and/or a role to assume. */
  account?: AccountHint;
  retry?: RetryPolicy;
  /** A progress line per step (stderr). */
  progress?: (message: string) => void;
}

/** Error names that mean "slow down". */
const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'ThrottledException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled', 'RequestThrottledException', 'SlowDown']);

export function isThrottling(err: unknown): boolean {
  const e = err as { name?: string; Code?: string; $retryable?: { throttling?: boolean } };
  return THROTTLING.has(e?.name ?? '') || THROTTLING.has(e?.Code ?? '') || e?.$retryable?.throttling === true;
}

/** An SDK output without the SDK's `$metadata` (request id, attempts): what the API returned. */
function apiOutput(output: unknown): Record<string, unknown> {
  const { $metadata: _metadata, ...rest } = (output ?? {}) as Record<string, unknown>;
  return rest;
}

class Collector {
  readonly errors: Record<string, { name: string; message: string }> = {};

  constructor(private readonly retry: RetryPolicy) {}

  /** One call, retried while AWS throttles it. */
  async send(client: Sender, command: unknown): Promise<Record<string, unknown>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return apiOutput(await client.send(command));
      } catch (err) {
        if (!isThrottling(err) || attempt >= this.retry.attempts) throw err;
        await this.retry.sleep(this.retry.delayMs(attempt));
      }
    }
  }

  /**
   * Every page of a paginated call, merged: the lists named `lists` are
   * concatenated, the token is dropped. `make(token)` builds the command.
   */
  async pages(client: Sender, make: (token: string | undefined) => unknown, lists: string[], tokenOut: 'NextToken' | 'nextToken'): Promise<Record<string, unknown>> {
    const merged: Record<string, unknown> = {};
    let token: string | undefined;
    const seen = new Set<string>();
    do {
      const page = await this.send(client, make(token));
      for (const [key, value] of Object.entries(page)) {
        if (key === tokenOut) continue;
        if (lists.includes(key) && Array.isArray(value)) merged[key] = [...((merged[key] as unknown[] | undefined) ?? []), ...value];
        else merged[key] = value;
      }
      token = typeof page[tokenOut] === 'string' && page[tokenOut] !== '' ? (page[tokenOut] as string) : undefined;
      if (token !== undefined && seen.has(token)) throw new Error(`${tokenOut} ${token} came back twice; stopped paginating`);
      if (token !== undefined) seen.add(token);
    } while (token !== undefined);
    for (const key of lists) merged[key] ??= [];
    return merged;
  }

  /** Runs `call` and stores its output under `key`, or its error under `section.key`. */
  async record(target: Record<string, unknown>, section: 'ec2' | 'ecs', key: string, call: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown> | undefined> {
    try {
      const output = await call();
      target[key] = output;
      return output;
    } catch (err) {
      const e = err as { name?: string; message?: string };
      this.errors[`${section}.${key}`] = { name: e?.name ?? 'Error', message: (e?.message ?? String(err)).split('\n')[0] };
      return undefined;
    }
  }
}

/** The SDK client configuration for the VPC's region and the configuration's credentials. */
async function clientConfig(region: string, account: AccountHint | undefined): Promise<Record<string, unknown>> {
  const config: Record<string, unknown> = { region };
  if (account?.profile !== undefined && account.assumeRoleArn === undefined) config.profile = account.profile;
  if (account?.assumeRoleArn !== undefined) {
    const { fromIni, fromTemporaryCredentials } = await import('@aws-sdk/credential-providers');
    config.credentials = fromTemporaryCredentials({
      params: { RoleArn: account.assumeRoleArn, RoleSessionName: 'ecs-privatelink-doctor' },
      ...(account.profile !== undefined ? { masterCredentials: fromIni({ profile: account.profile }) } : {}),
      clientConfig: { region },
    });
  }
  return config;
}

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

/** Reads the VPC (and the cluster) into a snapshot; never throws for an AWS error, which goes to `errors`. */
export async function collectSnapshot(options: CollectOptions): Promise<Snapshot> {
  const ec2Sdk = await import('@aws-sdk/client-ec2');
  const config = await clientConfig(options.region, options.account);
  const ec2 = new ec2Sdk.EC2Client(config);
  const c = new Collector(options.retry ?? DEFAULT_RETRY);
  const progress = options.progress ?? (() => undefined);
  const out: Record<string, unknown> = {};
  const vpcFilter = [{ Name: 'vpc-id', Values: [options.vpcId] }];
  progress(`reading ${options.vpcId} in ${options.region}`);
  await c.record(out, 'ec2', 'DescribeVpcs', () => c.send(ec2, new ec2Sdk.DescribeVpcsCommand({ VpcIds: [options.vpcId] })));
  for (const attribute of ['enableDnsSupport', 'enableDnsHostnames'] as const) {
    await c.record(out, 'ec2', `DescribeVpcAttribute.${attribute}`, () => c.send(ec2, new ec2Sdk.DescribeVpcAttributeCommand({ VpcId: options.vpcId, Attribute: attribute })));
  }
  const byVpc: [string, string, new (input: { Filters: typeof vpcFilter; NextToken?: string }) => unknown][] = [
    ['DescribeSubnets', 'Subnets', ec2Sdk.DescribeSubnetsCommand],
    ['DescribeRouteTables', 'RouteTables', ec2Sdk.DescribeRouteTablesCommand],
    ['DescribeNetworkAcls', 'NetworkAcls', ec2Sdk.DescribeNetworkAclsCommand],
    ['DescribeVpcEndpoints', 'VpcEndpoints', ec2Sdk.DescribeVpcEndpointsCommand],
    ['DescribeSecurityGroups', 'SecurityGroups', ec2Sdk.DescribeSecurityGroupsCommand],
  ];
  for (const [op, list, Command] of byVpc) {
    await c.record(out, 'ec2', op, () => c.pages(ec2, (NextToken) => new Command({ Filters: vpcFilter, ...(NextToken ? { NextToken } : {}) }), [list], 'NextToken'));
  }
  const s3 = serviceName(options.region, 's3');
  await c.record(out, 'ec2', 'DescribePrefixLists', () =>
    c.pages(ec2, (NextToken) => new ec2Sdk.DescribePrefixListsCommand({ Filters: [{ Name: 'prefix-list-name', Values: [s3] }], ...(NextToken ? { NextToken } : {}) }), ['PrefixLists'], 'NextToken'),
  );
  const snapshot: Snapshot = {
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    region: options.region,
    vpcId: options.vpcId,
    ...(options.cluster ? { cluster: options.cluster } : {}),
    collectedAt: new Date().toISOString(),
    ec2: out,
  };
  if (options.cluster) snapshot.ecs = await collectCluster(c, config, options.cluster, out, ec2, ec2Sdk, progress);
  snapshot.errors = c.errors;
  return snapshot;
}

/** The cluster's services, container instances (and their EC2 instances) and task definitions. */
async function collectCluster(
  c: Collector,
  config: Record<string, unknown>,
  cluster: string,
  ec2Out: Record<string, unknown>,
  ec2: Sender,
  ec2Sdk: typeof import('@aws-sdk/client-ec2'),
  progress: (message: string) => void,
): Promise<Record<string, unknown>> {
  const ecsSdk = await import('@aws-sdk/client-ecs');
  const ecs = new ecsSdk.ECSClient(config);
  const out: Record<string, unknown> = {};
  progress(`reading cluster ${cluster}`);
  const listed = await c.record(out, 'ecs', 'ListServices', () => c.pages(ecs, (nextToken) => new ecsSdk.ListServicesCommand({ cluster, ...(nextToken ? { nextToken } : {}) }), ['serviceArns'], 'nextToken'));
  if (!listed) c.errors['ecs.DescribeServices'] = c.errors['ecs.ListServices'];
  if (listed) {
    await c.record(out, 'ecs', 'DescribeServices', async () => {
      const merged = { services: [] as unknown[], failures: [] as unknown[] };
      for (const services of chunks(listed.serviceArns as string[], 10)) {
        const page = await c.send(ecs, new ecsSdk.DescribeServicesCommand({ cluster, services }));
        merged.services.push(...((page.services as unknown[]) ?? []));
        merged.failures.push(...((page.failures as unknown[]) ?? []));
      }
      return merged;
    });
  }
  const instances = await c.record(out, 'ecs', 'ListContainerInstances', () =>
    c.pages(ecs, (nextToken) => new ecsSdk.ListContainerInstancesCommand({ cluster, ...(nextToken ? { nextToken } : {}) }), ['containerInstanceArns'], 'nextToken'),
  );
  if (!instances) c.errors['ecs.DescribeContainerInstances'] = c.errors['ecs.ListContainerInstances'];
  if (instances) {
    const described = await c.record(out, 'ecs', 'DescribeContainerInstances', async () => {
      const merged = { containerInstances: [] as unknown[], failures: [] as unknown[] };
      for (const containerInstances of chunks(instances.containerInstanceArns as string[], 100)) {
        const page = await c.send(ecs, new ecsSdk.DescribeContainerInstancesCommand({ cluster, containerInstances }));
        merged.containerInstances.push(...((page.containerInstances as unknown[]) ?? []));
        merged.failures.push(...((page.failures as unknown[]) ?? []));
      }
      return merged;
    });
    const ids = ((described?.containerInstances as { ec2InstanceId?: string }[] | undefined) ?? []).map((i) => i.ec2InstanceId).filter((id): id is string => !!id);
    if (ids.length > 0) {
      await c.record(ec2Out, 'ec2', 'DescribeInstances', () =>
        c.pages(ec2, (NextToken) => new ec2Sdk.DescribeInstancesCommand({ InstanceIds: ids, ...(NextToken ? { NextToken } : {}) }), ['Reservations'], 'NextToken'),
      );
    }
  }
  const services = (out.DescribeServices as { services?: { taskDefinition?: string }[] } | undefined)?.services ?? [];
  for (const arn of [...new Set(services.map((s) => s.taskDefinition).filter((t): t is string => !!t))].sort()) {
    await c.record(out, 'ecs', taskDefinitionKey(familyRevision(arn)), () => c.send(ecs, new ecsSdk.DescribeTaskDefinitionCommand({ taskDefinition: arn })));
  }
  return out;
}
