import { canonicalize, differences, UNKNOWN, withUnknowns } from './support/canonical';
import type { PlannedResource } from './support/plan-root';

function endpoint(address: string, after: Record<string, unknown>, afterUnknown: Record<string, unknown> = {}): PlannedResource {
  return { address, type: 'aws_vpc_endpoint', name: 'x', mode: 'managed', change: { actions: ['create'], after, after_unknown: afterUnknown } };
}

describe('canonical plans', () => {
  const a = [endpoint('module.a.aws_vpc_endpoint.x', { service_name: 'com.amazonaws.eu-west-1.s3', tags: { Name: 'n' } }, { id: true })];

  test('ignore addresses', () => {
    const b = [endpoint('module.b.aws_vpc_endpoint.this["s3"]', { service_name: 'com.amazonaws.eu-west-1.s3', tags: { Name: 'n' } }, { id: true })];
    expect(differences(canonicalize(a), canonicalize(b), ['cdktf', 'module'])).toEqual([]);
  });

  test('fails on an attribute that differs, naming the resource, the attribute and both values', () => {
    const b = [endpoint('b', { service_name: 'com.amazonaws.eu-west-1.s3', tags: { Name: 'm' } }, { id: true })];
    expect(differences(canonicalize(a), canonicalize(b), ['cdktf', 'module'])).toEqual([
      'aws_vpc_endpoint[com.amazonaws.eu-west-1.s3].after.tags.Name:\n    cdktf    "n"\n    module   "m"',
    ]);
  });

  test('fails on a value known on one side and unknown on the other', () => {
    const b = [endpoint('b', { service_name: 'com.amazonaws.eu-west-1.s3', tags: { Name: 'n' } }, {})];
    expect(differences(canonicalize(a), canonicalize(b), ['cdktf', 'module'])).toHaveLength(1);
  });

  test('fails on a resource planned on one side only', () => {
    const b = [...a, endpoint('c', { service_name: 'com.amazonaws.eu-west-1.logs' })];
    expect(differences(canonicalize(a), canonicalize(b), ['cdktf', 'module'])).toEqual([
      'aws_vpc_endpoint[com.amazonaws.eu-west-1.logs]: planned by module only',
    ]);
  });

  test('rejects two resources with one identity', () => {
    expect(() => canonicalize([...a, ...a])).toThrow(/both aws_vpc_endpoint\[com.amazonaws.eu-west-1.s3\]/);
  });

  test('marks unknown values, whole or inside lists', () => {
    expect(withUnknowns({ a: 1, b: [1, null] }, { b: [false, true], c: true })).toEqual({ a: 1, b: [1, UNKNOWN], c: UNKNOWN });
  });
});
