/**
 * generators/tfvars.ts, a configuration as the module's inputs: the order of
 * an endpoint entry's keys in terraform.tfvars.json (what the service is
 * first, then its options) and the test for a CIDR block open to every
 * address.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isAnyCidr, renderTfvarsJson, specToTfvars } from '../generators/tfvars';
import { parseConfig } from '../lib/model/config';
import { CASES_DIR } from './support/cases';

test('isAnyCidr: a prefix length of 0, and nothing else', () => {
  expect(['0.0.0.0/0', '::/0', '10.0.0.0/0'].map(isAnyCidr)).toEqual([true, true, true]);
  expect(['10.0.0.0/08', '10.0.0.0/16', '10.0.0.0/10', '2001:db8::/032', '0.0.0.0/1'].map(isAnyCidr)).toEqual([false, false, false, false, false]);
});

// Private DNS is always written (an interface endpoint's resolved setting, as the construct's props have it).
test("a custom endpoint's entry says what it is first: service, type (when not Interface), private DNS, then its options", () => {
  const text = fs.readFileSync(path.join(CASES_DIR, 'custom-endpoints', 'config.yaml'), 'utf8').replace('customEndpoints:\n', 'customEndpoints:\n  - { service: dynamodb, type: Gateway }\n');
  const written = JSON.parse(renderTfvarsJson(specToTfvars(parseConfig(text, 'config.yaml')))) as { custom_endpoints: Record<string, Record<string, unknown>> };
  const keys = Object.fromEntries(Object.entries(written.custom_endpoints).map(([name, entry]) => [name, Object.keys(entry)]));
  expect(keys).toEqual({
    dynamodb: ['service', 'type'],
    elasticfilesystem: ['service', 'private_dns_enabled', 'policy'],
    sqs: ['service', 'private_dns_enabled'],
    xray: ['service', 'private_dns_enabled', 'timeouts'],
  });
  expect(written.custom_endpoints.dynamodb).toEqual({ service: 'dynamodb', type: 'Gateway' });
  expect(written.custom_endpoints.elasticfilesystem).toMatchObject({ service: 'elasticfilesystem', private_dns_enabled: false });
  expect(written.custom_endpoints.xray).toEqual({ service: 'xray', private_dns_enabled: true, timeouts: { create: '25m' } });
});

test("a catalog endpoint's entry has no service or type, and private DNS first when it is set (the gateway has none)", () => {
  const text = fs.readFileSync(path.join(CASES_DIR, 'custom-endpoints', 'config.yaml'), 'utf8');
  const inputs = specToTfvars(parseConfig(text, 'config.yaml'));
  // Not through JSON: a key set to undefined would be dropped there, and is a key here.
  const keys = Object.fromEntries(Object.entries(inputs.endpoints).map(([name, entry]) => [name, Object.keys(entry)]));
  for (const [name, list] of Object.entries(keys)) {
    expect({ name, service: list.includes('service'), type: list.includes('type') }).toEqual({ name, service: false, type: false });
    if (name !== 's3') expect({ name, first: list[0] }).toEqual({ name, first: 'private_dns_enabled' });
  }
  expect(keys.s3).not.toContain('private_dns_enabled');
  for (const [name, entry] of Object.entries(inputs.custom_endpoints)) expect({ name, keys: Object.keys(entry).slice(0, 1) }).toEqual({ name, keys: ['service'] });
});

test('dns_options holds only the options the configuration sets: the record IP type of a catalog endpoint, the inbound-resolver option of the S3 interface endpoint', () => {
  const text = fs
    .readFileSync(path.join(CASES_DIR, 'custom-endpoints', 'config.yaml'), 'utf8')
    .replace('customEndpoints:\n', 'customEndpoints:\n  - { service: s3, type: Interface, dnsOptions: { privateDnsOnlyForInboundResolverEndpoint: true } }\n')
    .replace('profile: fargate\n', 'profile: fargate\nendpoints:\n  - service: kms\n    dnsOptions: { dnsRecordIpType: ipv4 }\n');
  // Not through JSON, and strictly: a key set to undefined would be dropped there, and is a key here.
  const inputs = specToTfvars(parseConfig(text, 'config.yaml'));
  expect(inputs.endpoints.kms).toStrictEqual({ private_dns_enabled: true, dns_options: { dns_record_ip_type: 'ipv4' } });
  expect(inputs.custom_endpoints.s3_interface).toStrictEqual({ service: 's3', private_dns_enabled: true, dns_options: { private_dns_only_for_inbound_resolver_endpoint: true } });
});
