/**
 * IPv4 ranges (lib/model/cidr.ts), which the doctor's network rules and the
 * hub's overlap check of its VPCs use, at their edges, the answers written
 * out by hand.
 */
import { cidrContains, cidrOverlaps, ipv4Range } from '../lib/model/cidr';

describe('IPv4 ranges', () => {
  test('a range is its first and last address, the host bits of the text dropped', () => {
    expect(ipv4Range('10.0.0.0/24')).toEqual([167772160, 167772415]);
    expect(ipv4Range('10.0.0.5/24')).toEqual([167772160, 167772415]);
    expect(ipv4Range('0.0.0.0/0')).toEqual([0, 4294967295]);
    expect(ipv4Range('255.255.255.255/32')).toEqual([4294967295, 4294967295]);
    expect(ipv4Range('1.2.3.4/31')).toEqual([16909060, 16909061]);
  });

  test.each([
    ['an octet above 255', '256.0.0.0/8'],
    ['more than 32 bits', '10.0.0.0/33'],
    ['four digits in an octet', '0010.0.0.0/8'],
    ['three digits of bits', '10.0.0.0/008'],
    ['three octets', '10.0.0/8'],
    ['no length', '10.0.0.0'],
    ['text before', ' 10.0.0.0/8'],
    ['text after', '10.0.0.0/8 '],
    ['IPv6', '2001:db8::/32'],
    ['nothing', undefined],
  ])('is undefined for %s (%s)', (_what, cidr) => {
    expect(ipv4Range(cidr)).toBeUndefined();
  });

  test('contains: every address of the inner range, bounds included', () => {
    expect(cidrContains('10.0.0.0/16', '10.0.0.0/16')).toBe(true);
    expect(cidrContains('10.0.0.0/16', '10.0.0.0/24')).toBe(true);
    expect(cidrContains('10.0.0.0/16', '10.0.255.0/24')).toBe(true);
    expect(cidrContains('10.0.0.0/16', '10.1.0.0/24')).toBe(false);
    expect(cidrContains('10.0.1.0/24', '10.0.0.0/16')).toBe(false);
    expect(cidrContains('10.0.1.0/24', '10.0.0.0/24')).toBe(false);
    expect(cidrContains(undefined, '10.0.0.0/8')).toBe(false);
    expect(cidrContains('0.0.0.0/0', 'fd00::/8')).toBe(false);
  });

  test('overlaps: one shared address is enough, on either side', () => {
    expect(cidrOverlaps('10.0.0.0/16', '10.0.255.0/24')).toBe(true);
    expect(cidrOverlaps('10.0.0.0/16', '10.1.0.0/16')).toBe(false);
    expect(cidrOverlaps('10.0.0.0/8', '10.200.0.0/16')).toBe(true);
    expect(cidrOverlaps('0.0.0.0/0', '192.168.0.0/16')).toBe(true);
    expect(cidrOverlaps('10.0.0.0/24', '10.0.0.255/32')).toBe(true);
    expect(cidrOverlaps('10.0.0.255/32', '10.0.0.0/24')).toBe(true);
    expect(cidrOverlaps('10.0.0.0/24', '10.0.0.0/32')).toBe(true);
    expect(cidrOverlaps('10.0.0.0/32', '10.0.0.0/24')).toBe(true);
    expect(cidrOverlaps('10.0.1.0/24', '10.0.0.0/16')).toBe(true);
    expect(cidrOverlaps('10.0.0.0/24', '10.0.1.0/24')).toBe(false);
    expect(cidrOverlaps('10.0.1.0/24', '10.0.0.0/24')).toBe(false);
    expect(cidrOverlaps('10.0.0.0/24', undefined)).toBe(false);
    expect(cidrOverlaps('bad', '10.0.0.0/24')).toBe(false);
  });
});
