/**
 * The doctor's collector against mocked SDK clients (aws-sdk-client-mock):
 * the calls it makes and their inputs, pagination to the last page,
 * throttling (retried, then recorded), access denied on one call (a "could
 * not check" finding, the other checks still done), and a round trip: a
 * collection of the healthy fixture's outputs analyses as healthy.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeContainerInstancesCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient, ListContainerInstancesCommand, ListServicesCommand } from '@aws-sdk/client-ecs';
import { collectSnapshot, isThrottling, type RetryPolicy } from '../bin/doctor/collect';
import { analyse } from '../lib/reports/doctor/analyse';
import type { Snapshot } from '../lib/reports/doctor/snapshot';
import { REPO_ROOT } from './support/cases';

const healthy = JSON.parse(fs.readFileSync(path.join(__dirname, 'doctor', 'snapshots', 'healthy.json'), 'utf8')) as Snapshot & { ec2: Record<string, any>; ecs: Record<string, any> };
const ec2Mock = mockClient(EC2Client);
const ecsMock = mockClient(ECSClient);

/** No waiting between retries; the waits asked for are kept. */
const waits: number[] = [];
const retry: RetryPolicy = { attempts: 4, delayMs: (n) => 100 * 2 ** (n - 1), sleep: async (ms) => void waits.push(ms) };
const OPTIONS = { region: 'eu-west-1', vpcId: 'vpc-0a1b2c3d4e5f67890', cluster: 'prod', retry };

const error = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

/** Every call answered with the healthy fixture's output (with an SDK `$metadata`, which the snapshot must drop). */
function answerHealthy(): void {
  const meta = { $metadata: { httpStatusCode: 200, requestId: 'req-1', attempts: 1 } };
  const e = healthy.ec2;
  ec2Mock.on(DescribeVpcsCommand).resolves({ ...e.DescribeVpcs, ...meta });
  ec2Mock.on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsSupport' }).resolves({ ...e['DescribeVpcAttribute.enableDnsSupport'], ...meta });
  ec2Mock.on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' }).resolves({ ...e['DescribeVpcAttribute.enableDnsHostnames'], ...meta });
  ec2Mock.on(DescribeSubnetsCommand).resolves({ ...e.DescribeSubnets, ...meta });
  ec2Mock.on(DescribeRouteTablesCommand).resolves({ ...e.DescribeRouteTables, ...meta });
  ec2Mock.on(DescribeNetworkAclsCommand).resolves({ ...e.DescribeNetworkAcls, ...meta });
  ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ ...e.DescribeVpcEndpoints, ...meta });
  ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ ...e.DescribeSecurityGroups, ...meta });
  ec2Mock.on(DescribePrefixListsCommand).resolves({ ...e.DescribePrefixLists, ...meta });
  ec2Mock.on(DescribeInstancesCommand).resolves({ ...e.DescribeInstances, ...meta });
  const s = healthy.ecs;
  ecsMock.on(ListServicesCommand).resolves({ ...s.ListServices, ...meta });
  ecsMock.on(DescribeServicesCommand).resolves({ ...s.DescribeServices, ...meta });
  ecsMock.on(ListContainerInstancesCommand).resolves({ ...s.ListContainerInstances, ...meta });
  ecsMock.on(DescribeContainerInstancesCommand).resolves({ ...s.DescribeContainerInstances, ...meta });
  ecsMock.on(DescribeTaskDefinitionCommand).resolves({ ...s['DescribeTaskDefinition.web:7'], ...meta });
}

beforeEach(() => {
  ec2Mock.reset();
  ecsMock.reset();
  waits.length = 0;
  answerHealthy();
});

afterAll(() => {
  ec2Mock.restore();
  ecsMock.restore();
});

test('collects every operation of the format, with the inputs that scope it to the VPC and the cluster; the healthy outputs analyse as healthy', async () => {
  const snapshot = await collectSnapshot(OPTIONS);
  expect(Object.keys(snapshot.ec2).sort()).toEqual(Object.keys(healthy.ec2).sort());
  expect(Object.keys(snapshot.ecs!).sort()).toEqual(Object.keys(healthy.ecs).sort());
  expect(snapshot.errors).toEqual({});
  expect(JSON.stringify(snapshot)).not.toContain('$metadata');
  expect(ec2Mock.commandCalls(DescribeVpcsCommand)[0].args[0].input).toEqual({ VpcIds: ['vpc-0a1b2c3d4e5f67890'] });
  expect(ec2Mock.commandCalls(DescribeSubnetsCommand)[0].args[0].input).toEqual({ Filters: [{ Name: 'vpc-id', Values: ['vpc-0a1b2c3d4e5f67890'] }] });
  expect(ec2Mock.commandCalls(DescribePrefixListsCommand)[0].args[0].input).toEqual({ Filters: [{ Name: 'prefix-list-name', Values: ['com.amazonaws.eu-west-1.s3'] }] });
  expect(ec2Mock.commandCalls(DescribeInstancesCommand)[0].args[0].input).toEqual({ InstanceIds: ['i-0a1b2c3d4e5f60001'] });
  expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)[0].args[0].input).toEqual({ taskDefinition: 'arn:aws:ecs:eu-west-1:111122223333:task-definition/web:7' });
  const report = analyse(snapshot);
  expect(report.findings).toEqual([]);
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schema', 'doctor-snapshot.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true }).compile(schema);
  expect(validate(JSON.parse(JSON.stringify(snapshot)))).toBe(true);
});

test('follows NextToken to the last page and merges the pages into one output', async () => {
  const [a, b] = healthy.ec2.DescribeSubnets.Subnets;
  ec2Mock.on(DescribeSubnetsCommand).resolvesOnce({ Subnets: [a], NextToken: 'page-2' }).resolvesOnce({ Subnets: [b], NextToken: '' });
  const arns = Array.from({ length: 12 }, (_, i) => `arn:aws:ecs:eu-west-1:111122223333:service/prod/s${i}`);
  ecsMock.on(ListServicesCommand).resolvesOnce({ serviceArns: arns.slice(0, 7), nextToken: 'n2' }).resolvesOnce({ serviceArns: arns.slice(7) });
  const snapshot = await collectSnapshot(OPTIONS);
  expect(snapshot.ec2.DescribeSubnets).toEqual({ Subnets: [a, b] });
  const calls = ec2Mock.commandCalls(DescribeSubnetsCommand).map((c) => c.args[0].input);
  expect(calls).toEqual([{ Filters: [{ Name: 'vpc-id', Values: ['vpc-0a1b2c3d4e5f67890'] }] }, { Filters: [{ Name: 'vpc-id', Values: ['vpc-0a1b2c3d4e5f67890'] }], NextToken: 'page-2' }]);
  expect((snapshot.ecs!.ListServices as { serviceArns: string[] }).serviceArns).toEqual(arns);
  expect(ecsMock.commandCalls(ListServicesCommand)[1].args[0].input).toEqual({ cluster: 'prod', nextToken: 'n2' });
  // DescribeServices takes at most 10 services a call.
  expect(ecsMock.commandCalls(DescribeServicesCommand).map((c) => c.args[0].input.services)).toEqual([arns.slice(0, 10), arns.slice(10)]);
});

test('rejects a token that comes back twice instead of paginating forever: the call is recorded as failed', async () => {
  ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [], NextToken: 'same' });
  const snapshot = await collectSnapshot(OPTIONS);
  expect(snapshot.errors!['ec2.DescribeSecurityGroups'].message).toMatch(/NextToken same came back twice/);
  expect(ec2Mock.commandCalls(DescribeSecurityGroupsCommand)).toHaveLength(2);
});

test('retries a throttled call with growing waits, and gets its output', async () => {
  const throttled = error('RequestLimitExceeded', 'Request limit exceeded.');
  ec2Mock.on(DescribeRouteTablesCommand).rejectsOnce(throttled).rejectsOnce(throttled).resolves(healthy.ec2.DescribeRouteTables);
  const snapshot = await collectSnapshot(OPTIONS);
  expect(ec2Mock.commandCalls(DescribeRouteTablesCommand)).toHaveLength(3);
  expect(waits).toEqual([100, 200]);
  expect(snapshot.ec2.DescribeRouteTables).toEqual(healthy.ec2.DescribeRouteTables);
  expect(analyse(snapshot).findings).toEqual([]);
});

test('rejects a call throttled on every attempt: recorded, and the analysis says what it could not check', async () => {
  ecsMock.on(DescribeTaskDefinitionCommand).rejects(error('ThrottlingException', 'Rate exceeded'));
  const snapshot = await collectSnapshot(OPTIONS);
  expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(4);
  expect(snapshot.errors).toEqual({ 'ecs.DescribeTaskDefinition.web:7': { name: 'ThrottlingException', message: 'Rate exceeded' } });
  const findings = analyse(snapshot).findings;
  expect(findings.map((f) => `${f.severity} ${f.check} ${f.resource}`)).toEqual(['warning could-not-check ecs.DescribeTaskDefinition.web:7']);
  expect(findings[0].what).toBe('could not check task definition web:7 (log driver, secrets): DescribeTaskDefinition failed (ThrottlingException: Rate exceeded)');
});

test('rejects access denied on one call without a crash: "could not check" that call, every other check done', async () => {
  ec2Mock.on(DescribeNetworkAclsCommand).rejects(error('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
  ec2Mock.on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsSupport' }).resolves({ VpcId: 'vpc-0a1b2c3d4e5f67890', EnableDnsSupport: { Value: false } });
  const snapshot = await collectSnapshot(OPTIONS);
  expect(ec2Mock.commandCalls(DescribeNetworkAclsCommand)).toHaveLength(1); // not retried: only throttling is
  expect(snapshot.ec2.DescribeNetworkAcls).toBeUndefined();
  const findings = analyse(snapshot).findings;
  expect(findings.map((f) => `${f.severity} ${f.check} ${f.resource}`).sort()).toEqual(['error vpc-dns-support vpc-0a1b2c3d4e5f67890', 'warning could-not-check ec2.DescribeNetworkAcls']);
  const denied = findings.find((f) => f.check === 'could-not-check')!;
  expect(denied.what).toBe('could not check the network ACLs: DescribeNetworkAcls failed (UnauthorizedOperation: You are not authorized to perform this operation.)');
  expect(denied.fix).toMatch(/^allow ec2:DescribeNetworkAcls to the credentials/);
});

test('a failed ListServices is reported against the services it would have described', async () => {
  ecsMock.on(ListServicesCommand).rejects(error('AccessDeniedException', 'not authorized to perform: ecs:ListServices'));
  const snapshot = await collectSnapshot(OPTIONS);
  expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(0);
  const findings = analyse(snapshot).findings;
  expect(findings.map((f) => `${f.check} ${f.resource}`)).toEqual(['could-not-check ecs.DescribeServices']);
});

test('without a cluster, no ECS call is made', async () => {
  const snapshot = await collectSnapshot({ ...OPTIONS, cluster: undefined });
  expect(ecsMock.calls()).toHaveLength(0);
  expect(snapshot.ecs).toBeUndefined();
  expect(ec2Mock.commandCalls(DescribeInstancesCommand)).toHaveLength(0);
});

test('knows throttling errors by name, code or the SDK\'s retryable flag', () => {
  expect(isThrottling(error('ThrottlingException', ''))).toBe(true);
  expect(isThrottling({ name: 'X', $retryable: { throttling: true } })).toBe(true);
  expect(isThrottling(error('AccessDeniedException', ''))).toBe(false);
});
