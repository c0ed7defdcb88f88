/**
 * lib/cdktf/props.ts, from a validated configuration to the construct's
 * properties: what a configuration leaves out stays out (no key holding
 * undefined, which the construct would read as "set"), and what it sets is
 * copied, not shared.
 */
import type { EndpointPlan } from '../lib/model/config';
import { endpointOptions, specToProps } from '../lib/cdktf/props';
import { loadConfig } from '../lib/model/config';
import { EXAMPLE_CONFIG, CASES_DIR } from './support/cases';
import * as path from 'path';

const bare: EndpointPlan = { key: 'ecr_api', service: 'ecr.api', type: 'Interface', serviceName: 'com.amazonaws.eu-west-1.ecr.api' };

test('an endpoint without options has no option keys at all', () => {
  expect(Object.keys(endpointOptions(bare))).toEqual([]);
});

test('every option an endpoint sets is passed on, lists and maps copied', () => {
  const full: EndpointPlan = {
    ...bare,
    privateDns: false,
    policy: '{"Statement":[]}',
    subnetIds: ['subnet-0a1b2c3d4e5f60001'],
    securityGroupIds: ['sg-0a1b2c3d4e5f60001'],
    ipAddressType: 'dualstack',
    dnsOptions: { dnsRecordIpType: 'dualstack' },
    serviceRegion: 'us-east-1',
    timeouts: { create: '20m' },
  } as EndpointPlan;
  const options = endpointOptions(full);
  expect(options).toStrictEqual({
    privateDnsEnabled: false,
    policy: '{"Statement":[]}',
    subnetIds: ['subnet-0a1b2c3d4e5f60001'],
    securityGroupIds: ['sg-0a1b2c3d4e5f60001'],
    ipAddressType: 'dualstack',
    dnsOptions: { dnsRecordIpType: 'dualstack' },
    serviceRegion: 'us-east-1',
    timeouts: { create: '20m' },
  });
  expect(options.subnetIds).not.toBe(full.subnetIds);
  expect(options.dnsOptions).not.toBe(full.dnsOptions);
  expect(options.timeouts).not.toBe(full.timeouts);
});

test('customEndpoints, allowedPrincipalOrgId and privateDnsFromHubZones are left out when the configuration has none', () => {
  const props = specToProps(loadConfig(EXAMPLE_CONFIG));
  for (const key of ['customEndpoints', 'allowedPrincipalOrgId', 'privateDnsFromHubZones']) expect({ key, present: key in props }).toEqual({ key, present: false });
  const custom = specToProps(loadConfig(path.join(CASES_DIR, 'custom-endpoints', 'config.yaml')));
  expect(Object.keys(custom.customEndpoints ?? {}).length).toBeGreaterThan(0);
});

test('a custom endpoint is in customEndpoints only, a catalog endpoint in endpoints only', () => {
  const spec = loadConfig(path.join(CASES_DIR, 'custom-endpoints', 'config.yaml'));
  const props = specToProps(spec);
  expect(Object.keys(props.endpoints ?? {}).sort()).toEqual(spec.endpoints.filter((e) => !e.custom).map((e) => e.key).sort());
  expect(Object.keys(props.customEndpoints ?? {}).sort()).toEqual(spec.endpoints.filter((e) => e.custom).map((e) => e.key).sort());
  expect(Object.keys(props.endpoints ?? {}).some((key) => key in (props.customEndpoints ?? {}))).toBe(false);
});

test("an organization restriction of the configuration is passed on", () => {
  const spec = loadConfig(path.join(CASES_DIR, 'endpoint-policies', 'config.yaml'));
  expect(spec.allowedPrincipalOrgId).toMatch(/^o-[a-z0-9]+$/);
  expect(specToProps(spec).allowedPrincipalOrgId).toBe(spec.allowedPrincipalOrgId);
});
