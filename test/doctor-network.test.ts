/**
 * The network rules the doctor evaluates (lib/reports/doctor/network.ts; its IPv4 ranges are in cidr.test.ts),
 * each at its edges, with the expected answers written out by hand from the
 * AWS rules: IPv4 ranges, network ACLs (numbered rules, first match wins, per
 * port), security group permissions, and endpoint policies (wildcards, Not*
 * elements, principals, conditions, an explicit Deny winning).
 */
import { aclRuleText, EPHEMERAL, evaluateAcl, evaluatePolicy, HTTPS, permissionsAllow, portText } from '../lib/reports/doctor/network';
import type { IpPermission, NetworkAclEntry } from '../lib/reports/doctor/snapshot';

describe('network ACLs, port by port', () => {
  const acl = (...entries: NetworkAclEntry[]) => ({ NetworkAclId: 'acl-1', Entries: entries });
  const rule = (RuleNumber: number | undefined, RuleAction: string, CidrBlock: string | undefined, Protocol = '-1', PortRange?: { From?: number; To?: number }, Egress = false): NetworkAclEntry => ({
    ...(RuleNumber === undefined ? {} : { RuleNumber }),
    Egress,
    RuleAction,
    ...(CidrBlock === undefined ? {} : { CidrBlock }),
    Protocol,
    ...(PortRange ? { PortRange } : {}),
  });
  const PEER = '10.0.5.0/24';

  test('no rule: the final deny, on every port asked', () => {
    expect(evaluateAcl(acl(), false, PEER, HTTPS)).toEqual({ allowed: false, deniedPorts: '443' });
    expect(evaluateAcl({ NetworkAclId: 'acl-1' }, true, PEER, EPHEMERAL)).toEqual({ allowed: false, deniedPorts: '1024-65535' });
  });

  test('rules in number order, whatever their order in the list; a rule without a number comes last', () => {
    const deny = rule(100, 'deny', '10.0.0.0/8', '6', { From: 443, To: 443 });
    expect(evaluateAcl(acl(rule(200, 'allow', '0.0.0.0/0'), deny), false, PEER, HTTPS)).toEqual({ allowed: false, deniedBy: deny, deniedPorts: '443' });
    expect(evaluateAcl(acl(rule(undefined, 'deny', '0.0.0.0/0'), rule(32766, 'allow', '0.0.0.0/0')), false, PEER, HTTPS)).toEqual({ allowed: true });
    expect(evaluateAcl(acl(rule(32766, 'allow', '0.0.0.0/0'), rule(undefined, 'deny', '0.0.0.0/0')), false, PEER, HTTPS)).toEqual({ allowed: true });
  });

  test('a rule of the other direction does not count; a rule without Egress is inbound', () => {
    const inbound = { RuleNumber: 100, RuleAction: 'allow', CidrBlock: '0.0.0.0/0', Protocol: '-1' };
    expect(evaluateAcl(acl(inbound), false, PEER, HTTPS)).toEqual({ allowed: true });
    expect(evaluateAcl(acl(inbound), true, PEER, HTTPS)).toEqual({ allowed: false, deniedPorts: '443' });
    expect(evaluateAcl(acl(rule(100, 'allow', '0.0.0.0/0', '-1', undefined, true)), false, PEER, HTTPS)).toEqual({ allowed: false, deniedPorts: '443' });
  });

  test('protocols: -1, 6, tcp in any case and all cover TCP; UDP and ICMP do not', () => {
    for (const protocol of ['-1', '6', 'tcp', 'TCP', 'all']) expect(evaluateAcl(acl(rule(100, 'allow', '0.0.0.0/0', protocol)), false, PEER, HTTPS)).toEqual({ allowed: true });
    for (const protocol of ['17', '1', 'udp']) expect(evaluateAcl(acl(rule(100, 'allow', '0.0.0.0/0', protocol)), false, PEER, HTTPS).allowed).toBe(false);
    const udpDeny = rule(90, 'deny', '0.0.0.0/0', '17');
    expect(evaluateAcl(acl(udpDeny, rule(100, 'allow', '0.0.0.0/0')), false, PEER, HTTPS)).toEqual({ allowed: true });
  });

  test('ports: -1 means every port, whatever its range says; a missing end of a range is 0 or 65535; action names in any case', () => {
    expect(evaluateAcl(acl(rule(100, 'allow', '0.0.0.0/0', '-1', { From: 80, To: 80 })), false, PEER, HTTPS)).toEqual({ allowed: true });
    expect(evaluateAcl(acl(rule(100, 'allow', '0.0.0.0/0', '6', { To: 443 })), false, PEER, HTTPS)).toEqual({ allowed: true });
    expect(evaluateAcl(acl(rule(100, 'allow', '0.0.0.0/0', '6', { From: 1024 })), false, PEER, EPHEMERAL)).toEqual({ allowed: true });
    expect(evaluateAcl(acl(rule(100, 'allow', '0.0.0.0/0', '6')), false, PEER, EPHEMERAL)).toEqual({ allowed: true });
    expect(evaluateAcl(acl(rule(100, 'ALLOW', '0.0.0.0/0', '6', { From: 443, To: 443 })), false, PEER, HTTPS)).toEqual({ allowed: true });
  });

  test('a deny rule that touches part of the peer denies; an allow rule must hold all of it', () => {
    const partDeny = rule(90, 'deny', '10.0.5.0/25');
    expect(evaluateAcl(acl(partDeny, rule(100, 'allow', '0.0.0.0/0')), false, PEER, HTTPS)).toEqual({ allowed: false, deniedBy: partDeny, deniedPorts: '443' });
    expect(evaluateAcl(acl(rule(90, 'deny', '10.0.6.0/24'), rule(100, 'allow', '0.0.0.0/0')), false, PEER, HTTPS)).toEqual({ allowed: true });
    expect(evaluateAcl(acl(rule(100, 'allow', '10.0.5.0/25')), false, PEER, HTTPS)).toEqual({ allowed: false, deniedPorts: '443' });
    expect(evaluateAcl(acl(rule(100, 'allow', '10.0.5.0/24')), false, PEER, HTTPS)).toEqual({ allowed: true });
  });

  test('a rule that covers none of the ports still open is passed over, to the port', () => {
    for (const ports of [{ From: 442, To: 442 }, { From: 444, To: 500 }]) {
      expect(evaluateAcl(acl(rule(90, 'deny', '0.0.0.0/0', '6', ports), rule(100, 'allow', '0.0.0.0/0')), false, PEER, HTTPS)).toEqual({ allowed: true });
    }
    const edge = rule(90, 'deny', '0.0.0.0/0', '6', { From: 443, To: 500 });
    expect(evaluateAcl(acl(edge, rule(100, 'allow', '0.0.0.0/0')), false, PEER, HTTPS)).toEqual({ allowed: false, deniedBy: edge, deniedPorts: '443' });
    const low = rule(90, 'deny', '0.0.0.0/0', '6', { From: 1, To: 1024 });
    expect(evaluateAcl(acl(low, rule(100, 'allow', '0.0.0.0/0')), false, PEER, EPHEMERAL)).toEqual({ allowed: false, deniedBy: low, deniedPorts: '1024' });
    const allowed = rule(80, 'allow', '0.0.0.0/0', '6', { From: 1024, To: 1024 });
    expect(evaluateAcl(acl(allowed, low, rule(100, 'allow', '0.0.0.0/0')), false, PEER, EPHEMERAL)).toEqual({ allowed: true });
  });

  test('the ports a deny rule takes are those it shares with the ports still open', () => {
    const allowLow = rule(80, 'allow', '0.0.0.0/0', '6', { From: 1024, To: 2000 });
    const middle = rule(90, 'deny', '0.0.0.0/0', '6', { From: 3000, To: 4000 });
    expect(evaluateAcl(acl(allowLow, middle), false, PEER, EPHEMERAL)).toEqual({ allowed: false, deniedBy: middle, deniedPorts: '3000-4000' });
    const across = rule(90, 'deny', '0.0.0.0/0', '6', { From: 1500, To: 2500 });
    expect(evaluateAcl(acl(allowLow, across), false, PEER, EPHEMERAL)).toEqual({ allowed: false, deniedBy: across, deniedPorts: '2001-2500' });
    const all = rule(90, 'deny', '0.0.0.0/0', '6', { From: 0, To: 65535 });
    expect(evaluateAcl(acl(all), false, PEER, [2000, 3000])).toEqual({ allowed: false, deniedBy: all, deniedPorts: '2000-3000' });
  });

  test('allow rules take their ports out of those still open; what is left meets the final deny', () => {
    const only = (...ranges: [number, number][]) => acl(...ranges.map(([From, To], i) => rule(100 + i, 'allow', '0.0.0.0/0', '6', { From, To })));
    expect(evaluateAcl(only([1024, 1024]), false, PEER, EPHEMERAL)).toEqual({ allowed: false, deniedPorts: '1025-65535' });
    expect(evaluateAcl(only([65535, 65535]), false, PEER, EPHEMERAL)).toEqual({ allowed: false, deniedPorts: '1024-65534' });
    expect(evaluateAcl(only([2000, 2000]), false, PEER, EPHEMERAL)).toEqual({ allowed: false, deniedPorts: '1024-1999, 2001-65535' });
    expect(evaluateAcl(only([2000, 2000], [3000, 3000]), false, PEER, EPHEMERAL)).toEqual({ allowed: false, deniedPorts: '1024-1999, 2001-2999, 3001-65535' });
    expect(evaluateAcl(only([3000, 3000], [2000, 2000]), false, PEER, EPHEMERAL)).toEqual({ allowed: false, deniedPorts: '1024-1999, 2001-2999, 3001-65535' });
    expect(evaluateAcl(only([1024, 30000], [30001, 65535]), false, PEER, EPHEMERAL)).toEqual({ allowed: true });
    expect(evaluateAcl(only([0, 1500], [1400, 65535]), false, PEER, EPHEMERAL)).toEqual({ allowed: true });
  });

  test('rules as the report names them', () => {
    expect(portText(HTTPS)).toBe('443');
    expect(portText(EPHEMERAL)).toBe('1024-65535');
    expect(aclRuleText(undefined)).toBe('the final deny rule (*), as no rule allows it');
    expect(aclRuleText(rule(100, 'deny', '0.0.0.0/0'))).toBe('rule 100 (deny all traffic from 0.0.0.0/0)');
    expect(aclRuleText(rule(90, 'deny', '0.0.0.0/0', '6', { From: 443, To: 443 }, true))).toBe('rule 90 (deny protocol 6 ports 443 to 0.0.0.0/0)');
    expect(aclRuleText(rule(110, 'allow', '10.0.0.0/8', '6'))).toBe('rule 110 (allow protocol 6 ports all from 10.0.0.0/8)');
    expect(aclRuleText(rule(120, 'allow', '10.0.0.0/8', '6', { To: 80 }))).toBe('rule 120 (allow protocol 6 ports 0-80 from 10.0.0.0/8)');
    expect(aclRuleText(rule(130, 'allow', '10.0.0.0/8', '17', { From: 1024 }))).toBe('rule 130 (allow protocol 17 ports 1024-65535 from 10.0.0.0/8)');
  });
});

describe('security group permissions', () => {
  const cidr = (IpProtocol: string, FromPort: number | undefined, ToPort: number | undefined, ...cidrs: string[]): IpPermission => ({
    IpProtocol,
    ...(FromPort === undefined ? {} : { FromPort }),
    ...(ToPort === undefined ? {} : { ToPort }),
    IpRanges: cidrs.map((CidrIp) => ({ CidrIp })),
  });
  const ANY = { cidrs: ['10.0.5.0/24'] };

  test('the rule must cover every port asked; -1 covers all whatever its ports; a missing end is 0 or 65535', () => {
    expect(permissionsAllow([cidr('tcp', 443, 443, '0.0.0.0/0')], ANY, HTTPS)).toBe(true);
    expect(permissionsAllow([cidr('tcp', 444, 500, '0.0.0.0/0')], ANY, HTTPS)).toBe(false);
    expect(permissionsAllow([cidr('tcp', 400, 442, '0.0.0.0/0')], ANY, HTTPS)).toBe(false);
    expect(permissionsAllow([cidr('tcp', 1024, 65534, '0.0.0.0/0')], ANY, EPHEMERAL)).toBe(false);
    expect(permissionsAllow([cidr('tcp', undefined, 443, '0.0.0.0/0')], ANY, HTTPS)).toBe(true);
    expect(permissionsAllow([cidr('tcp', 1024, undefined, '0.0.0.0/0')], ANY, EPHEMERAL)).toBe(true);
    expect(permissionsAllow([cidr('-1', 80, 80, '0.0.0.0/0')], ANY, HTTPS)).toBe(true);
    expect(permissionsAllow([cidr('6', 443, 443, '0.0.0.0/0')], ANY, HTTPS)).toBe(true);
    expect(permissionsAllow([cidr('TCP', 443, 443, '0.0.0.0/0')], ANY, HTTPS)).toBe(true);
    expect(permissionsAllow([cidr('udp', 0, 65535, '0.0.0.0/0'), cidr('17', 0, 65535, '0.0.0.0/0')], ANY, HTTPS)).toBe(false);
    expect(permissionsAllow(undefined, ANY, HTTPS)).toBe(false);
  });

  test('peers: one of the groups, the prefix list, or every range held by some rule range', () => {
    const groups: IpPermission = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: 'sg-1' }] };
    expect(permissionsAllow([groups], { groupIds: ['sg-2', 'sg-1'] }, HTTPS)).toBe(true);
    expect(permissionsAllow([groups], { groupIds: ['sg-2'] }, HTTPS)).toBe(false);
    expect(permissionsAllow([{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }], { groupIds: ['sg-1'], prefixListId: 'pl-1', cidrs: ['10.0.0.0/24'] }, HTTPS)).toBe(false);
    const list: IpPermission = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-1' }] };
    expect(permissionsAllow([list], { prefixListId: 'pl-1' }, HTTPS)).toBe(true);
    expect(permissionsAllow([list], { prefixListId: 'pl-2' }, HTTPS)).toBe(false);
    const ranges = cidr('tcp', 443, 443, '10.0.0.0/24', '10.0.8.0/21');
    expect(permissionsAllow([ranges], { cidrs: ['10.0.0.0/25', '10.0.9.0/24'] }, HTTPS)).toBe(true);
    expect(permissionsAllow([ranges], { cidrs: ['10.0.0.0/25', '10.0.1.0/24'] }, HTTPS)).toBe(false);
    expect(permissionsAllow([cidr('tcp', 443, 443, '0.0.0.0/0')], { cidrs: [] }, HTTPS)).toBe(false);
    expect(permissionsAllow([cidr('tcp', 443, 443, '0.0.0.0/0')], {}, HTTPS)).toBe(false);
  });
});

describe('endpoint policies', () => {
  const LAYER = 'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/layer';
  const verdict = (...statements: object[]) => evaluatePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), 's3:GetObject', LAYER);
  const allow = (more: object = {}) => ({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: LAYER, ...more });

  test('no policy, or an empty one, is AWS\'s default full access; a policy without statements allows nothing', () => {
    expect(evaluatePolicy(undefined, 's3:GetObject', LAYER)).toEqual({ verdict: 'allowed' });
    expect(evaluatePolicy('', 's3:GetObject', LAYER)).toEqual({ verdict: 'allowed' });
    expect(evaluatePolicy('  \n', 's3:GetObject', LAYER)).toEqual({ verdict: 'allowed' });
    expect(evaluatePolicy('{}', 's3:GetObject', LAYER)).toEqual({ verdict: 'not-allowed' });
    expect(evaluatePolicy('{"Statement": []}', 's3:GetObject', LAYER)).toEqual({ verdict: 'not-allowed' });
    expect(evaluatePolicy(JSON.stringify({ Statement: allow() }), 's3:GetObject', LAYER)).toEqual({ verdict: 'allowed' });
    expect(evaluatePolicy('{"Statement": [', 's3:GetObject', LAYER)).toEqual({ verdict: 'unreadable', reason: expect.stringContaining('JSON') });
  });

  test('wildcards: * and ? of IAM, actions in any case, resources in their case, nothing else special, the whole text matched', () => {
    expect(verdict(allow({ Action: 'S3:getobject' }))).toEqual({ verdict: 'allowed' });
    expect(verdict(allow({ Action: 's3:GetObjec?' }))).toEqual({ verdict: 'allowed' });
    expect(verdict(allow({ Action: ['s3:PutObject', 's3:Get*'] }))).toEqual({ verdict: 'allowed' });
    expect(verdict(allow({ Resource: 'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/laye?' }))).toEqual({ verdict: 'allowed' });
    expect(verdict(allow({ Resource: 'ARN:AWS:S3:::*' }))).toEqual({ verdict: 'not-allowed' });
    expect(verdict(allow({ Resource: 'arn:aws:s3:::prod.eu.west.1.starport.layer.bucket/*' }))).toEqual({ verdict: 'not-allowed' });
    expect(verdict(allow({ Resource: 'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/laye+r' }))).toEqual({ verdict: 'not-allowed' });
    expect(verdict(allow({ Action: 'GetObject' }))).toEqual({ verdict: 'not-allowed' });
    expect(verdict(allow({ Action: 's3:Get' }))).toEqual({ verdict: 'not-allowed' });
    expect(verdict(allow({ Resource: 'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket' }))).toEqual({ verdict: 'not-allowed' });
    expect(verdict(allow({ Resource: '*/layer' }))).toEqual({ verdict: 'allowed' });
  });

  test('NotAction and NotResource match what they do not name; a statement with neither Action nor NotAction matches nothing', () => {
    expect(verdict(allow({ Action: undefined, NotAction: 's3:PutObject' }))).toEqual({ verdict: 'allowed' });
    expect(verdict(allow({ Action: undefined, NotAction: ['s3:*'] }))).toEqual({ verdict: 'not-allowed' });
    expect(verdict(allow({ Action: undefined, NotAction: ['s3:PutObject', 's3:Get*'] }))).toEqual({ verdict: 'not-allowed' });
    expect(verdict(allow({ Resource: undefined, NotResource: 'arn:aws:s3:::other/*' }))).toEqual({ verdict: 'allowed' });
    expect(verdict(allow({ Resource: undefined, NotResource: 'arn:aws:s3:::prod-*' }))).toEqual({ verdict: 'not-allowed' });
    expect(verdict(allow({ Action: undefined }))).toEqual({ verdict: 'not-allowed' });
    expect(verdict(allow({ Resource: undefined }))).toEqual({ verdict: 'not-allowed' });
  });

  test('principals: everyone is "*" or AWS "*" (alone or in a list); anything else allows only some', () => {
    expect(verdict(allow({ Principal: { AWS: '*' } }))).toEqual({ verdict: 'allowed' });
    expect(verdict(allow({ Principal: { AWS: ['arn:aws:iam::111122223333:root', '*'] } }))).toEqual({ verdict: 'allowed' });
    expect(verdict(allow({ Sid: 'One', Principal: { AWS: 'arn:aws:iam::111122223333:root' } }))).toEqual({ verdict: 'conditional', sid: 'One' });
    expect(verdict(allow({ Sid: 'Svc', Principal: { Service: '*' } }))).toEqual({ verdict: 'conditional', sid: 'Svc' });
    expect(verdict(allow({ Sid: 'None', Principal: undefined }))).toEqual({ verdict: 'conditional', sid: 'None' });
    expect(verdict(allow({ Sid: 'Null', Principal: null }))).toEqual({ verdict: 'conditional', sid: 'Null' });
    expect(verdict(allow({ Principal: 'arn:aws:iam::111122223333:root' }))).toEqual({ verdict: 'conditional' });
  });

  test('a Deny for everyone without conditions wins over any Allow; a Deny for some, or under conditions, makes the Allow conditional', () => {
    const deny = (more: object = {}) => ({ Sid: 'D', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', ...more });
    expect(verdict(allow(), deny())).toEqual({ verdict: 'denied', sid: 'D' });
    expect(verdict(deny(), allow())).toEqual({ verdict: 'denied', sid: 'D' });
    expect(verdict(allow(), deny({ Principal: undefined }))).toEqual({ verdict: 'denied', sid: 'D' });
    expect(verdict(allow(), deny({ Principal: { AWS: ['*'] } }))).toEqual({ verdict: 'denied', sid: 'D' });
    expect(verdict(allow(), deny({ Sid: undefined }))).toEqual({ verdict: 'denied' });
    expect(verdict(allow(), deny({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } }))).toEqual({ verdict: 'conditional', sid: 'D' });
    expect(verdict(allow(), deny({ Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } }))).toEqual({ verdict: 'conditional', sid: 'D' });
    expect(verdict(allow(), deny({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))).toEqual({ verdict: 'conditional', sid: 'D' });
    expect(verdict(allow(), deny({ Action: 's3:PutObject' }))).toEqual({ verdict: 'allowed' });
    expect(verdict(deny({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))).toEqual({ verdict: 'conditional', sid: 'D' });
  });

  test('an Allow under conditions is conditional, even beside one without; an Effect other than Allow or Deny counts for nothing', () => {
    const condition = { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } };
    expect(verdict(allow({ Sid: 'Org', Condition: condition }))).toEqual({ verdict: 'conditional', sid: 'Org' });
    expect(verdict(allow(), allow({ Sid: 'Org', Condition: condition }))).toEqual({ verdict: 'conditional', sid: 'Org' });
    expect(verdict(allow({ Condition: condition }))).toEqual({ verdict: 'conditional' });
    expect(verdict(allow({ Effect: 'allow' }))).toEqual({ verdict: 'not-allowed' });
    expect(verdict(allow({ Effect: 'Audit' }), allow())).toEqual({ verdict: 'allowed' });
  });
});
